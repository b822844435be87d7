"""Image benchmark: our images plugin beside pelican-image-process, in one run.

Both process the same photo-like 4000×3000 JPEGs into 480, 960 and 1600 px wide variants in
WebP and JPEG, inside a real Pelican build of one page per photo with Pelican's default theme.
Images per second are counted from the build time above a build of the same pages with no image
plugin. A second build of ours, with output/ cleaned and the cache kept, must process nothing.
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_photos import phone_jpeg  # noqa: E402 - a sibling script, not a package

WIDTHS = (480, 960, 1600)
SIZE = (4000, 3000)
SIZES = "(min-width: 48rem) 42rem, 100vw"

COMMON = """
SITENAME = "bench"
SITEURL = ""
RELATIVE_URLS = False
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
STATIC_PATHS = ["images"]
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""


def _theirs_settings() -> str:
    """pelican-image-process set up to make what ours makes: a picture with WebP and JPEG."""

    def srcset(fmt: str | None) -> list:
        rows = []
        for width in WIDTHS:
            ops = [f"scale_in {width} 100000 False"]
            rows.append((f"{width}w", ops, fmt) if fmt else (f"{width}w", ops))
        return rows

    config = {
        "photo": {
            "type": "picture",
            "sources": [
                {"name": "webp", "sizes": SIZES, "srcset": srcset("webp")},
                {"name": "default", "sizes": SIZES, "srcset": srcset(None)},
            ],
            "default": ("default", "960w"),
        }
    }
    return (
        COMMON
        + 'PLUGINS = ["pelican.plugins.image_process"]\n'
        + "IMAGE_PROCESS_FORCE = False\n"
        + f"IMAGE_PROCESS = {config!r}\n"
    )


def _ours_settings(cache: Path, workers: int) -> str:
    return (
        COMMON
        + f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        + 'PLUGINS = ["images"]\n'
        + f"IMAGES = {{'cards': False, 'cache': {str(cache)!r}, 'workers': {workers},"
        + f" 'widths': {list(WIDTHS)!r}, 'sizes': {SIZES!r}}}\n"
    )


def _make_photo(job: tuple[str, int]) -> None:
    path, seed = job
    Path(path).write_bytes(phone_jpeg(SIZE, seed))


def photos(work: Path, count: int) -> list[Path]:
    """The benchmark photos, made once (in parallel) and kept in bench/work."""
    folder = work / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"photo-{n:03d}.jpg" for n in range(count)]
    missing = [(str(p), n) for n, p in enumerate(paths) if not p.exists()]
    if missing:
        with concurrent.futures.ProcessPoolExecutor() as pool:
            list(pool.map(_make_photo, missing))
    return paths


def site(work: Path, name: str, sources: list[Path], img_class: str) -> Path:
    """A content folder with one page per photo."""
    content = work / name / "content"
    if content.exists():
        shutil.rmtree(content)
    (content / "images").mkdir(parents=True)
    for n, source in enumerate(sources):
        target = content / "images" / source.name
        os.link(source, target)
        image = f"{{static}}/images/{source.name}"
        # pelican-image-process takes each <picture> source from its own tagged <img>
        extra = f'<img class="image-process webp" src="{image}" alt="">' if img_class else ""
        attribute = f' class="{img_class}"' if img_class else ""
        (content / f"page-{n:03d}.md").write_text(
            f"Title: 网格巡查 {n}\nDate: 2024-05-{1 + n % 28:02d} 10:00\nSlug: photo-{n:03d}\n\n"
            f"街巷巡查的照片。\n\n"
            f'<div><img src="{image}" alt="巡查照片 {n}"{attribute}>{extra}</div>\n',
            encoding="utf-8",
        )
    return content


def build(content: Path, output: Path, settings: str) -> tuple[float, str]:
    """Wall time and log of one Pelican build into a clean output folder."""
    conf = content.parent / "conf.py"
    conf.write_text(settings, encoding="utf-8")
    if output.exists():
        shutil.rmtree(output)
    began = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(conf), "-v"],
        capture_output=True,
        text=True,
        cwd=content.parent,
        env={**os.environ, "COLUMNS": "300"},
        check=False,
    )
    seconds = time.perf_counter() - began
    if result.returncode:
        raise SystemExit(
            f"image bench build failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    return seconds, result.stdout + result.stderr


def _count(output: Path, pattern: str) -> int:
    return sum(1 for _ in output.rglob(pattern))


def bench_images(results: dict[str, float], work: Path, count: int, rounds: int = 3) -> list[str]:
    """Images per second, ours on every core beside pelican-image-process: medians of rounds.

    The rounds interleave the three builds (pages alone, ours from an empty cache, theirs from a
    clean output), so that a slow spell of the machine weighs on all three alike.
    """
    sources = photos(work / "images", count)
    base_content = site(work / "images", "plain", sources, "")
    ours_content = site(work / "images", "ours", sources, "")
    theirs_content = site(work / "images", "theirs", sources, "image-process-photo")
    cache = work / "images" / "ours" / "cache"
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    ours_output = work / "images" / "ours" / "output"
    theirs_output = work / "images" / "theirs" / "output"
    base_runs, ours_runs, theirs_runs = [], [], []
    for _ in range(rounds):
        base_runs.append(build(base_content, work / "images" / "plain" / "output", COMMON)[0])
        shutil.rmtree(cache, ignore_errors=True)
        ours_runs.append(build(ours_content, ours_output, _ours_settings(cache, workers or 1))[0])
        theirs_runs.append(build(theirs_content, theirs_output, _theirs_settings())[0])
    base_s, ours_s, theirs_s = (
        statistics.median(runs) for runs in (base_runs, ours_runs, theirs_runs)
    )
    made = _count(ours_output, "*-480.webp")
    theirs_made = _count(theirs_output / "images" / "derivatives", "*.webp")
    again_s, log = build(ours_content, ours_output, _ours_settings(cache, workers or 1))
    reprocessed = re.search(r"Images: (\d+) processed", log)

    if made != count or theirs_made != count * len(WIDTHS):
        raise SystemExit(
            f"image bench: expected {count} images from each; ours made {made}, "
            f"pelican-image-process {theirs_made // len(WIDTHS)}"
        )
    ours_rate = count / max(ours_s - base_s, 1e-6)
    theirs_rate = count / max(theirs_s - base_s, 1e-6)
    results["images_per_s"] = round(ours_rate, 2)
    results["image_process_per_s"] = round(theirs_rate, 2)
    results["images_ratio"] = round(ours_rate / theirs_rate, 1)
    results["images_workers"] = workers or 1
    results["images_rebuild_s"] = round(again_s, 2)
    results["images_rebuild_processed"] = int(reprocessed.group(1)) if reprocessed else -1
    return [
        f"images      {count} photos 4000x3000 -> {'/'.join(map(str, WIDTHS))} px, WebP + JPEG: "
        f"ours {ours_rate:5.2f} images/s ({ours_s:.1f} s, {workers} processes)  "
        f"pelican-image-process {theirs_rate:5.2f} images/s ({theirs_s:.1f} s)  "
        f"ratio {ours_rate / theirs_rate:.1f}x; pages alone {base_s:.1f} s (medians of {rounds})",
        f"images      rebuild with output/ cleaned and the cache kept: {again_s:.1f} s, "
        f"{results['images_rebuild_processed']} images processed",
    ]
