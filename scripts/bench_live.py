"""The development server's update after an edit: how soon the pages, and then search, follow.

Run by bench_build in its own process: `python bench_live.py CONTENT OUTPUT SETTINGS ROUNDS
FIRST`. It builds the site once in memory (gridnews.live, as `make devserver` does), then
ROUNDS times edits one story's text (edits number FIRST on, as bench_build.edit makes them)
and times the update until the pages are written, and until search has indexed them too.
Then it serves builds, as make devserver does (gridnews.buildlock), and ROUNDS times more
edits a story and times `gridnews build`, which hands the build to it. Prints one line of JSON.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench_build import edit

from gridnews.live import LiveSite


def main() -> None:
    """Build once in memory, then time each edit's update."""
    content, output, settings = (Path(arg) for arg in sys.argv[1:4])
    rounds, first = int(sys.argv[4]), int(sys.argv[5])
    site = LiveSite(content, output, settings)
    began = time.perf_counter()
    start = site.build()
    figures: dict[str, list] = {"build_s": [time.perf_counter() - began], "kinds": [start.kind]}
    figures |= {"pages_s": [], "search_s": [], "remade": [], "written": []}
    for number in range(first, first + rounds):
        edit(content, number)
        began = time.perf_counter()
        outcome = site.update()
        figures["pages_s"].append(time.perf_counter() - began)
        site.wait()
        figures["search_s"].append(time.perf_counter() - began)
        figures["kinds"].append(outcome.kind)
        figures["remade"].append(outcome.remade)
        figures["written"].append(outcome.written)
    site.serve_builds()
    figures["handed_s"] = []
    gridnews = str(Path(sys.executable).parent / "gridnews")
    for number in range(first + rounds, first + 2 * rounds):
        edit(content, number)
        began = time.perf_counter()
        said = subprocess.run(
            [gridnews, "build", str(content), "-o", str(output), "-s", str(settings)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        figures["handed_s"].append(time.perf_counter() - began)
        if "in place" not in said:
            raise SystemExit(f"the build handed to the server was not made in place: {said}")
    print("FIGURES", json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
