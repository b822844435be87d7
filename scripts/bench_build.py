"""Build benchmark: our full build beside plain Pelican, cold, unchanged and after one edit.

- cold: `gridnews build` (as `make html` runs it, every plugin) into an empty output folder
  with empty caches (story bodies, build state, images and cards), beside plain Pelican 4.12
  with its default theme and default settings, and no plugin, on the same stories (their front
  matter written as Pelican's own `Key: value` metadata) and photos;
- cold, photos processed: the same, but with the photos' variants already in the cache (as
  after `gridnews images` at import time): every other cache, the social cards' too, empty;
- noop: `gridnews build` again with nothing changed;
- edit: one story's text changed, then `gridnews build`;
  these two each in a new process (GRIDNEWS_BUILD_SERVER=0), and as `make html` makes them
  by default: handed to the build server the last build left (gridnews.buildserver);
- live edit: the same kind of edit with the site kept in memory, as `make devserver` keeps it
  (gridnews.live): the time until the pages are written, and until search has followed;
- handed edit: the same kind of edit, then `gridnews build` while that site serves the output
  folder, so that the build is handed to it (gridnews.buildlock); until the command returns;
- peak memory of the build process (its own maximum resident set);
- growth: the cold time at the largest size over the cold time at 4,000.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# Plain Pelican loads every plugin installed in the pelican.plugins namespace when PLUGINS is
# not set, and `make bench` installs one (pelican-image-process, for the image benchmark): left
# unset, the baseline processed every photo with it and took four times as long.
PLAIN_SETTINGS = """
SITENAME = "网格新闻"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
PLUGINS = []
"""


def plain_corpus(corpus: Path, target: Path) -> Path:
    """The corpus's stories in Pelican's own Markdown metadata format (made once)."""
    stories = sorted((corpus / "stories").glob("*.md"))
    if (
        target.is_dir()
        and len(list(target.glob("*.md"))) == len(stories)
        and (target / "images").is_dir() == (corpus / "images").is_dir()
    ):
        (target.parent / "plain-settings.py").write_text(PLAIN_SETTINGS, encoding="utf-8")
        return target
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    if (corpus / "images").is_dir():  # Pelican copies them, its default STATIC_PATHS
        shutil.copytree(corpus / "images", target / "images")
    for path in stories:
        _, matter, body = path.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(matter)
        authors = [a if isinstance(a, str) else a["name"] for a in data.get("authors", [])]
        lines = [
            f"Title: {data['title']}",
            f"Date: {data['date']}",
            f"Slug: {data['slug']}",
            f"Category: {data.get('category', '新闻')}",
            f"Tags: {', '.join(data.get('tags', []))}",
        ]
        if authors:
            lines.append(f"Authors: {', '.join(authors)}")
        if data.get("image"):
            lines.append(f"Image: {{static}}/{data['image']}")
        body = body.replace("](../images/", "]({static}/images/")
        text = "\n".join(lines) + "\n\n" + body.lstrip("\n")
        (target / path.name).write_text(text, encoding="utf-8")
    (target.parent / "plain-settings.py").write_text(PLAIN_SETTINGS, encoding="utf-8")
    return target


class TreeMemory:
    """The peak of the summed memory of a process and all its descendants.

    wait4 reports the largest single process only; a build runs several at once (the pools that
    process images and draw cards, two search indexers), so this samples /proc (Linux) every
    100 ms and adds up each process's proportional set size: a page that n processes share (a
    pool forked from the build shares most of the build's memory) counts 1/n in each, so the sum
    is the memory the build really holds. Where a kernel has no smaps_rollup, the resident size
    is added instead, which counts shared pages once per process and errs high.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._page = os.sysconf("SC_PAGE_SIZE")

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, self._sample())

    def _sample(self) -> int:
        parents: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        tree, grew = {self.pid}, True
        while grew:
            found = {pid for pid, parent in parents.items() if parent in tree} - tree
            grew = bool(found)
            tree |= found
        return sum(self._memory(pid) for pid in tree)

    def _memory(self, pid: int) -> int:
        """One process's proportional set size in bytes (its resident size as a fallback)."""
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        try:
            return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self._page
        except (OSError, ValueError, IndexError):
            return 0


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak resident MiB of the process with all its children, and its output."""
    began = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
        # builds in a process of their own, unless asked: no build server left behind
        env={**os.environ, "COLUMNS": "200", "GRIDNEWS_BUILD_SERVER": "0", **(env or {})},
    )
    assert process.stdout is not None
    with TreeMemory(process.pid) as memory:
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - began
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-3000:]}")
    peak = max(memory.peak, usage.ru_maxrss * 1024)
    return seconds, peak / 2**20, output


def _project(work: Path, count: int, *, search: bool = True) -> Path:
    """Settings that keep this size's caches in its own folder (search off, if asked)."""
    folder = work / f"build-{count}"
    folder.mkdir(parents=True, exist_ok=True)
    settings = folder / ("settings.py" if search else "settings-nosearch.py")
    settings.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *  # noqa: F403\n"
        f"GRIDNEWS_ROOT = {str(folder)!r}\n"
        + ("" if search else 'PLUGINS = [p for p in PLUGINS if p != "search"]  # noqa: F405\n'),
        encoding="utf-8",
    )
    return settings


def gridnews_build(
    content: Path, output: Path, settings: Path, *extra: str, server: bool = False
) -> tuple[float, float, str]:
    """One `gridnews build`, as make html runs it (in its own process, unless `server`)."""
    gridnews = str(Path(sys.executable).parent / "gridnews")
    command = [gridnews, "build", str(content), "-o", str(output), "-s", str(settings), *extra]
    return timed(command, env={"GRIDNEWS_BUILD_SERVER": "1" if server else "0"})


def server_rebuilds(
    content: Path, output: Path, settings: Path, rounds: int, first: int
) -> tuple[list[float], list[float], float]:
    """Rebuilds as `make html` makes them by default: handed to the build server.

    One build in its own process leaves the server; once it has the site in memory, rounds of
    a rebuild with nothing changed and one after an edit (edits number `first` on). Returns
    their times and the peak memory of the server with its Pagefind runs (MiB, as TreeMemory
    counts it, after the server has built the site); the server is stopped at the end.
    """
    gridnews_build(content, output, settings, "--stop-server")
    log = settings.parent / "cache" / "build" / "server.log"
    log.unlink(missing_ok=True)
    gridnews_build(content, output, settings, server=True)
    deadline = time.monotonic() + 600
    while "the site is in memory" not in (log.read_text("utf-8") if log.is_file() else ""):
        if time.monotonic() > deadline:
            raise SystemExit(f"the build server did not start: see {log}")
        time.sleep(0.2)
    noops, edits = [], []
    with TreeMemory(_server_pid(output)) as memory:  # the server and its Pagefind runs
        for number in range(first, first + rounds):
            noops.append(gridnews_build(content, output, settings, server=True)[0])
            edit(content, number)
            seconds, _, said = gridnews_build(content, output, settings, server=True)
            if "in place" not in said:
                raise SystemExit(f"the edit was not made in place by the build server: {said}")
            edits.append(seconds)
    gridnews_build(content, output, settings, "--stop-server")
    return noops, edits, memory.peak / 2**20


def _server_pid(output: Path) -> int:
    """The process of the build server that holds the output folder."""
    from gridnews.buildlock import OutputLock  # noqa: PLC0415

    return int(OutputLock(output).holder()["pid"])


def cold(content: Path, output: Path, settings: Path) -> tuple[float, float]:
    """A build from nothing: no output, no caches."""
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(settings.parent / "cache", ignore_errors=True)
    seconds, peak, _ = gridnews_build(content, output, settings)
    return seconds, peak


def cold_photos_processed(content: Path, output: Path, settings: Path) -> float:
    """A build from nothing but the processed photos (as after `gridnews images` at import).

    Run right after a cold build: every cache but the photos' variants is emptied, the social
    cards included.
    """
    shutil.rmtree(output, ignore_errors=True)
    cache = settings.parent / "cache"
    for entry in cache.iterdir():
        if entry.name != "images":
            shutil.rmtree(entry)
    for card in (cache / "images").glob("*/card-*"):
        shutil.rmtree(card)
    seconds, _, _ = gridnews_build(content, output, settings)
    return seconds


def pelican_cold(plain: Path, output: Path) -> tuple[float, float]:
    """Plain Pelican, default theme and settings, from nothing."""
    shutil.rmtree(output, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(plain),
        "-o",
        str(output),
        "-s",
        str(plain.parent / "plain-settings.py"),
    ]
    seconds, peak, _ = timed(command)
    return seconds, peak


def edit(content: Path, round_number: int) -> None:
    """Change one story's text, as an editor fixing a sentence would."""
    story = sorted((content / "stories").glob("*.md"))[round_number * 7]
    story.write_text(
        story.read_text(encoding="utf-8") + f"\n编辑第{round_number + 1}次补充的一句话。\n",
        encoding="utf-8",
    )


def photo_rebuild(content: Path, output: Path, settings: Path) -> float:
    """The time of `gridnews build` after one photo is replaced by a slightly cropped copy."""
    from PIL import Image  # noqa: PLC0415

    photo = sorted((content / "images").rglob("*.jpg"))[0]
    with Image.open(photo) as image:
        image.crop((0, 0, image.width - 16, image.height - 12)).save(photo, quality=85)
    return gridnews_build(content, output, settings)[0]


def live_edits(content: Path, output: Path, settings: Path, rounds: int, first: int) -> dict:
    """Edits made while the site is kept in memory (scripts/bench_live.py, its own process)."""
    command = [
        sys.executable,
        str(ROOT / "scripts" / "bench_live.py"),
        str(content),
        str(output),
        str(settings),
        str(rounds),
        str(first),
    ]
    _, peak, log = timed(command, env={"PYTHONPATH": str(ROOT / "scripts")})
    line = next(line for line in log.splitlines() if line.startswith("FIGURES "))
    figures = json.loads(line.removeprefix("FIGURES "))
    if any(kind != "text" for kind in figures["kinds"][1:]):
        raise SystemExit(f"an edit of a story's text was not made in place: {figures['kinds']}")
    figures["peak_mib"] = peak
    return figures


def rebuilds(
    content: Path, output: Path, settings: Path, rounds: int
) -> tuple[list[float], list[float]]:
    """Rounds of a rebuild with nothing changed, then one after an edit: their times."""
    noops, edits = [], []
    for number in range(rounds):
        noops.append(gridnews_build(content, output, settings)[0])
        edit(content, number)
        edits.append(gridnews_build(content, output, settings)[0])
    return noops, edits


def record_live(results: dict[str, float], count: int, live: dict) -> str:
    """Record the live edits' medians; their line of the table."""
    suffix = "" if count == 4000 else f"_{count}"
    pages, search, handed = (
        statistics.median(live[k]) for k in ("pages_s", "search_s", "handed_s")
    )
    results[f"live_edit_s{suffix}"] = round(pages, 2)
    results[f"live_edit_search_s{suffix}"] = round(search, 2)
    results[f"edit_rebuild_handed_s{suffix}"] = round(handed, 2)
    results[f"live_peak_mib{suffix}"] = round(live["peak_mib"], 1)
    return (
        f"build       N={count:<6} live edit (make devserver): {pages:5.2f} s to pages,"
        f" {search:5.2f} s with search; gridnews build handed to it {handed:5.2f} s;"
        f" peak {live['peak_mib']:6.1f} MiB"
    )


def edits_without_search(
    work: Path, count: int, content: Path, rounds: int, first: int
) -> list[float]:
    """The times of edits (numbered `first` on) built without search, which reads every page."""
    quiet = _project(work, count, search=False)
    quiet_output = work / f"build-{count}" / "output-nosearch"
    gridnews_build(content, quiet_output, quiet)
    times = []
    for number in range(first, first + rounds):
        edit(content, number)
        times.append(gridnews_build(content, quiet_output, quiet)[0])
    return times


def record_served(
    results: dict[str, float], count: int, served: tuple[list[float], list[float], float]
) -> str:
    """Record the rebuilds made by the build server (as make html makes them); their line."""
    suffix = "" if count == 4000 else f"_{count}"
    noops, edits, peak = served
    noop, edited = statistics.median(noops), statistics.median(edits)
    results[f"noop_rebuild_s{suffix}"] = round(noop, 2)
    results[f"edit_rebuild_s{suffix}"] = round(edited, 2)
    results[f"server_peak_mib{suffix}"] = round(peak, 1)
    return (
        f"build       N={count:<6} make html (its build server): edit {edited:5.2f} s"
        f"  noop {noop:5.2f} s  server peak {peak:6.1f} MiB  (median of {len(edits)})"
    )


def cold_rounds(
    content: Path, output: Path, settings: Path, plain: Path | None, rounds: int
) -> tuple[list[float], ...]:
    """Rounds of cold builds: ours, then (given plain) with photos processed, and Pelican's.

    They alternate, so that drift hits all alike. Returns times and peaks of each.
    """
    colds, peaks, pelicans, pelican_peaks, processed = [], [], [], [], []
    for _ in range(rounds):
        seconds, peak = cold(content, output, settings)
        colds.append(seconds)
        peaks.append(peak)
        if plain is not None:
            processed.append(cold_photos_processed(content, output, settings))
            seconds, peak = pelican_cold(plain, plain.parent / "output")
            pelicans.append(seconds)
            pelican_peaks.append(peak)
    return colds, peaks, pelicans, pelican_peaks, processed


def bench_build(
    results: dict[str, float], corpus_of: object, work: Path, sizes: list[int], base_rounds: int
) -> list[str]:
    """Cold, noop and edit rebuilds, peak memory, plain Pelican beside; medians of rounds."""
    lines = []
    cold_by_size = {}
    for count in sizes:
        rounds = base_rounds if count <= 4000 else 1  # the largest corpus: one round, for time
        source = corpus_of(count)  # type: ignore[operator]
        content = work / f"build-{count}" / "content"
        shutil.rmtree(content, ignore_errors=True)
        shutil.copytree(source, content)  # edits below must not touch the shared corpus
        settings = _project(work, count)
        output = work / f"build-{count}" / "output"
        with_pelican = count <= 4000
        plain = plain_corpus(source, work / f"plain-{count}" / "content") if with_pelican else None
        colds, peaks, pelicans, pelican_peaks, processed = cold_rounds(
            content, output, settings, plain, rounds
        )
        noops, edits = rebuilds(content, output, settings, rounds)
        photo_s = photo_rebuild(content, output, settings)
        live_line = record_live(
            results, count, live_edits(content, output, settings, rounds, 2 * rounds)
        )
        quiet_edits = edits_without_search(work, count, content, rounds, 4 * rounds)
        served = record_served(
            results, count, server_rebuilds(content, output, settings, rounds, 5 * rounds)
        )
        cold_s = statistics.median(colds)
        cold_by_size[count] = cold_s
        suffix = "" if count == 4000 else f"_{count}"
        results[f"cold_s{suffix}"] = round(cold_s, 2)
        # each build in a process of its own (record_served: as make html makes them)
        results[f"noop_rebuild_standalone_s{suffix}"] = round(statistics.median(noops), 2)
        results[f"edit_rebuild_standalone_s{suffix}"] = round(statistics.median(edits), 2)
        results[f"edit_rebuild_nosearch_s{suffix}"] = round(statistics.median(quiet_edits), 2)
        results[f"photo_rebuild_s{suffix}"] = round(photo_s, 2)
        results[f"peak_mib{suffix}"] = round(max(peaks), 1)
        line = (
            f"build       N={count:<6} cold {cold_s:6.2f} s  noop {statistics.median(noops):5.2f} s"
            f"  edit {statistics.median(edits):5.2f} s"
            f" (without search {statistics.median(quiet_edits):5.2f} s; each in its own process)"
            f"  photo replaced {photo_s:5.2f} s"
            f"  peak {max(peaks):6.1f} MiB"
        )
        if pelicans:
            pelican_s = statistics.median(pelicans)
            results[f"pelican_cold_s{suffix}"] = round(pelican_s, 2)
            results[f"cold_ratio{suffix}"] = round(cold_s / pelican_s, 3)
            results[f"pelican_peak_mib{suffix}"] = round(max(pelican_peaks), 1)
            line += f"  | plain Pelican cold {pelican_s:6.2f} s  ratio {cold_s / pelican_s:.2f}"
            photos_s = statistics.median(processed)
            results[f"cold_photos_processed_s{suffix}"] = round(photos_s, 2)
            results[f"cold_photos_processed_ratio{suffix}"] = round(photos_s / pelican_s, 3)
        lines.append(line + f"  (median of {rounds})")
        if pelicans:
            lines.append(
                f"build       N={count:<6} cold with the photos already processed"
                f" {photos_s:6.2f} s  ratio {photos_s / pelican_s:.2f}  (median of {rounds})"
            )
        lines.append(served)
        lines.append(live_line)
    if 4000 in cold_by_size and max(cold_by_size) > 4000:
        largest = max(cold_by_size)
        growth = cold_by_size[largest] / cold_by_size[4000]
        results[f"growth_{largest // 1000}k_over_4k"] = round(growth, 2)
        lines.append(f"build       growth {largest}/4000 stories: {growth:.2f}x")
    return lines
