"""Drive a gridnews.live site from a test: build once, then one update per `update` line.

Usage: python live_session.py CONTENT OUTPUT SETTINGS [--serve] [--verbose]; then a line
`update` for each update as the file watcher asks it, or `hand` as a handed build. With --serve it
holds the output folder and answers the builds handed to it, as make devserver does; with
--verbose the plugins' information lines are printed too. Each outcome is printed as a line
"OUTCOME <json>" (Pelican prints too). It runs in its own process because Pelican's signals, to which our plugins connect, are
shared by everything in a process.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from pathlib import Path

from gridnews.live import LiveSite


def main() -> None:
    content, output, settings = (Path(arg) for arg in sys.argv[1:4])
    if "--verbose" in sys.argv[4:]:
        logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(message)s")
    site = LiveSite(content, output, settings)
    if "--serve" in sys.argv[4:]:
        site.serve_builds()
    print("OUTCOME", json.dumps(dataclasses.asdict(site.build())), flush=True)
    for line in sys.stdin:
        if line.strip() == "update":  # as the file watcher of make devserver asks
            outcome = site.update()
            site.wait()
            print("OUTCOME", json.dumps(dataclasses.asdict(outcome)), flush=True)
        elif line.strip() == "hand":  # as a build handed over by `gridnews build` asks
            request = {"content": str(content.resolve()), "settings": str(settings.resolve())}
            print("OUTCOME", json.dumps(site.answer(request)), flush=True)


if __name__ == "__main__":
    main()
