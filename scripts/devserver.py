"""Serve the site, update it on changes and reload the browser (make devserver).

The site is built once and kept in memory (gridnews.live): an edit to a story's text re-renders
only the pages that show it, in about a second at 4,000 stories; any other change to content,
theme or settings builds the whole site again in this process; a change to plugin code starts
the server again, since Pelican imports plugins once per process. The reload script is served
by this server itself, so it works offline.

While it runs, it holds the output folder (gridnews.buildlock): `make html` in another window
hands its build to this server instead of building beside it.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from livereload import Server
from pelican.log import init as init_logging

from gridnews.buildlock import LockError
from gridnews.live import LiveSite, Outcome

WATCHED = ("theme", "plugins")


def report(outcome: Outcome) -> None:
    """One line on what an update did."""
    if outcome.kind == "text":
        print(
            f"updated {', '.join(Path(p).name for p in outcome.changed)} in place: "
            f"{outcome.remade} pages and feeds made again, {outcome.written} files written, "
            f"{outcome.seconds:.2f} s (search follows in the background)"
        )
    elif outcome.kind == "full":
        print(f"built the whole site in {outcome.seconds:.1f} s")
    elif outcome.kind == "failed":
        print("build failed; fix the error above and save again", file=sys.stderr)


def main() -> None:
    """Build once, then watch and serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    args = parser.parse_args()
    init_logging(logging.WARNING)
    site = LiveSite(args.content, args.output, args.settings)
    with site.turn:  # builds handed over wait for the first one
        try:
            site.serve_builds()
        except LockError as error:
            sys.exit(f"devserver: {error}")
        report(site.build())

    def update() -> None:
        outcome = site.update()
        if outcome.kind == "restart":
            print("plugin code changed: starting the server again")
            site.wait()
            os.execv(sys.executable, [sys.executable, *sys.argv])
        report(outcome)

    server = Server()
    for path in (args.content, *map(Path, WATCHED), args.settings):
        server.watch(str(path), update)
    print(f"serving {args.output}/ on http://{args.host}:{args.port}/ (Ctrl-C stops)")
    server.serve(root=str(args.output), host=args.host, port=args.port, open_url_delay=None)


if __name__ == "__main__":
    main()
