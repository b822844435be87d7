"""Benchmarks (make bench): measured side by side in one run, medians reported.

    .venv/bin/python scripts/bench.py [import ...]

Each measurement runs in its own process on one core, warm-up excluded and reported apart.
Figures go to bench/results.json and a table to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"


def _pin_to_one_core() -> None:
    """Keep the measuring process on one core, so figures are per core."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _articles() -> list[tuple[str, bytes]]:
    """The pinned inputs (corpus, GBK/Big5/BOM copies, front matter files) and full-size pages."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_pages import pages  # noqa: PLC0415

    return pages()


def _importer(tool: str) -> Callable[[str, bytes], object]:
    """The function that imports one article with the given tool."""
    if tool == "gridnews":
        from gridnews.importer.pipeline import import_bytes  # noqa: PLC0415

        return lambda name, data: import_bytes(data, name).text
    import trafilatura  # noqa: PLC0415

    def extract(name: str, data: bytes) -> object:
        del name
        return trafilatura.extract(data, output_format="markdown", with_metadata=True)

    return extract


def measure_import(tool: str, rounds: int, passes: int) -> dict[str, float]:
    """Articles per second for one tool (run in a child process)."""
    _pin_to_one_core()
    started = time.perf_counter()
    run = _importer(tool)
    articles = _articles()
    for name, data in articles:  # warm-up: dictionaries, gazetteer, parsers
        run(name, data)
    startup = time.perf_counter() - started
    rates = []
    for _ in range(rounds):
        begin = time.perf_counter()
        for _ in range(passes):
            for name, data in articles:
                run(name, data)
        rates.append(passes * len(articles) / (time.perf_counter() - begin))
    return {
        "per_s": statistics.median(rates),
        "startup_s": startup,
        "articles": passes * len(articles),
    }


def _child(kind: str, *args: str) -> dict[str, float]:
    """Run one measurement in a fresh process and read its JSON answer."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_import(results: dict[str, float], rounds: int, passes: int) -> list[str]:
    """Gridnews import beside trafilatura on the same inputs."""
    ours = _child("import", "gridnews", str(rounds), str(passes))
    theirs = _child("import", "trafilatura", str(rounds), str(passes))
    results["import_per_s"] = round(ours["per_s"], 1)
    results["import_startup_s"] = round(ours["startup_s"], 2)
    results["trafilatura_per_s"] = round(theirs["per_s"], 1)
    results["import_ratio"] = round(ours["per_s"] / theirs["per_s"], 2)
    return [
        f"import      gridnews {ours['per_s']:8.1f} articles/s  "
        f"trafilatura {theirs['per_s']:8.1f} articles/s  ratio {results['import_ratio']:.2f}x",
        f"            (median of {rounds} rounds of {ours['articles']:.0f} articles, one core; "
        f"start-up {ours['startup_s']:.2f} s vs {theirs['startup_s']:.2f} s)",
    ]


WORK = ROOT / "bench" / "work"
# The fact plugins measured: honours, events, recaps, regions. Both builds leave out the build
# reuse (each build is cold) and search (measured with the whole build).
BASE_PLUGINS = '["stories", "images", "seo", "sitemap"]'
ALL_PLUGINS = '["stories", "honours", "events", "recaps", "regions", "images", "seo", "sitemap"]'


def corpus(count: int) -> Path:
    """The generated corpus of `count` stories (made once, kept in bench/work)."""
    folder = WORK / f"corpus-{count}"
    stories = folder / "stories"
    if (
        not stories.is_dir()
        or len(list(stories.iterdir())) != count
        or not (folder / "images").is_dir()  # made before the corpus had photos
    ):
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "make_corpus.py"), str(count), str(folder)],
            check=True,
            capture_output=True,
        )
    return folder


def build_seconds(content: Path, output: Path, *extra: str) -> float:
    """Wall time of one cold Pelican build with our settings."""
    if output.exists():
        subprocess.run(["rm", "-rf", str(output)], check=True)
    began = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-o",
            str(output),
            "-s",
            str(ROOT / "pelicanconf.py"),
            "--fatal",
            "warnings",
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if result.returncode:
        raise SystemExit(
            f"build of {content} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
        )
    return time.perf_counter() - began


def bench_plugins(results: dict[str, float], sizes: list[int], rounds: int) -> list[str]:
    """Extra build time of the honours, events, recaps and regions plugins, side by side."""
    lines = []
    for count in sizes:
        content = corpus(count)
        with_plugins, without, inside = [], [], []
        timings = WORK / "timings.json"
        for _ in range(rounds):  # alternate, so that drift hits both alike
            without.append(
                build_seconds(content, WORK / "out-base", "-e", f"PLUGINS={BASE_PLUGINS}")
            )
            timings.unlink(missing_ok=True)
            with_plugins.append(
                build_seconds(
                    content,
                    WORK / "out-all",
                    "-e",
                    f"PLUGINS={ALL_PLUGINS}",
                    f'GRIDNEWS_TIMINGS="{timings}"',
                )
            )
            inside.append(sum(json.loads(timings.read_text()).values()))
        on, off, own = (statistics.median(v) for v in (with_plugins, without, inside))
        pages = sum(1 for _ in (WORK / "out-all").rglob("*.html"))
        results[f"plugins_extra_s_{count}"] = round(on - off, 2)
        results[f"plugins_own_s_{count}"] = round(own, 2)
        results[f"build_with_plugins_s_{count}"] = round(on, 2)
        results[f"build_without_plugins_s_{count}"] = round(off, 2)
        lines.append(
            f"plugins     N={count:<6} with {on:6.2f} s  without {off:6.2f} s  "
            f"extra {on - off:5.2f} s; inside the plugins {own:5.2f} s "
            f"({pages} pages; median of {rounds})"
        )
    return lines


def main() -> None:
    """Run the chosen benchmarks and record their figures."""
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, tool, rounds, passes = sys.argv[2:6]
        print(json.dumps(measure_import(tool, int(rounds), int(passes))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "which",
        nargs="*",
        help="benchmarks to run: import, images, build, plugins (default: all)",
    )
    parser.add_argument(
        "--sizes", default="1000,4000", help="corpus sizes for the build benchmarks"
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--build-sizes", default="4000,16000", help="corpus sizes for the build benchmark"
    )
    parser.add_argument("--photos", type=int, default=60, help="photos for the image benchmark")
    parser.add_argument("--passes", type=int, default=10)
    args = parser.parse_args()
    results: dict[str, float] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    which = set(args.which or ["import", "images", "build", "plugins"])
    sizes = [int(size) for size in args.sizes.split(",")]
    lines = []
    if "import" in which:
        lines += bench_import(results, args.rounds, args.passes)
    if "plugins" in which:
        lines += bench_plugins(results, sizes, 3)
    if "build" in which:
        from bench_build import bench_build  # noqa: PLC0415

        lines += bench_build(
            results, corpus, WORK, [int(n) for n in args.build_sizes.split(",")], 3
        )
    if "images" in which:
        from bench_images import bench_images  # noqa: PLC0415 - only this benchmark needs Pillow work

        lines += bench_images(results, WORK, args.photos)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"figures written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
