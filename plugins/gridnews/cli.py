"""The gridnews command: check content, import scraped articles."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from gridnews.check import check_content
from gridnews.importer import command as importer


def _check(args: argparse.Namespace) -> int:
    """List every problem in the content folder; exit 1 when any is an error."""
    root: Path = args.content
    if not root.is_dir():
        print(
            f"gridnews check: {root} is not a folder; give the content folder, e.g. content",
            file=sys.stderr,
        )
        return 2
    report = check_content(root)
    for problem in report.problems:
        print(problem)
    sys.stdout.flush()
    errors = len(report.errors)
    files = len({p.path for p in report.errors})
    if errors:
        print(
            f"{errors} error{'s' if errors != 1 else ''} in {files} file{'s' if files != 1 else ''}"
            f" ({report.files} checked)",
            file=sys.stderr,
        )
        return 1
    print(f"{report.files} files checked, no errors", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line."""
    parser = argparse.ArgumentParser(prog="gridnews", description="网格新闻 site tools")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check the front matter of every story")
    check.add_argument("content", nargs="?", type=Path, default=Path("content"))
    check.set_defaults(run=_check)
    importer.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
