"""Serve the site, rebuild on changes and reload the browser (make devserver).

Content, theme, plugins and settings are watched. The reload script is served by this
server itself, so it works offline.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from livereload import Server

WATCHED = ("theme", "plugins")


def build(content: Path, output: Path, settings: Path) -> None:
    """Build the site in a fresh process, so that edited plugin code is picked up too.

    `gridnews build` is what `make html` runs: only changed stories are read again and only
    changed pages written, so the browser reloads quickly.
    """
    command = [
        sys.executable,
        "-m",
        "gridnews.cli",
        "build",
        str(content),
        "-o",
        str(output),
        "-s",
        str(settings),
    ]
    result = subprocess.run(command, check=False)
    if result.returncode:
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

    def rebuild() -> None:
        build(args.content, args.output, args.settings)

    rebuild()
    server = Server()
    for path in (args.content, *map(Path, WATCHED), args.settings):
        server.watch(str(path), rebuild)
    print(f"serving {args.output}/ on http://{args.host}:{args.port}/ (Ctrl-C stops)")
    server.serve(root=str(args.output), host=args.host, port=args.port, open_url_delay=None)


if __name__ == "__main__":
    main()
