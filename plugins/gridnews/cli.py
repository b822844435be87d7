"""The gridnews command: check content, import scraped articles, start a story, prepare images."""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

# Commands defined in their own modules, imported only when used (the import pipeline and the
# slug dictionaries take a while to load, and `gridnews build` must answer at once).
COMMAND_MODULES = {
    "import": ("gridnews.importer.command", "turn scraped articles into stories"),
    "new": ("gridnews.new", "start a story with its front matter filled in"),
    "build": (
        "gridnews.build",
        "build the site with Pelican, skipping the build when nothing changed",
    ),
}


def _check(args: argparse.Namespace) -> int:
    """List every problem in the content folder; exit 1 when any is an error."""
    from gridnews.check import check_content  # noqa: PLC0415 - loads the content model

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


def _images(args: argparse.Namespace) -> int:
    """Process every image of a folder into the cache, as the build would (gridnews images)."""
    from gridnews.images import ImageOptions, process_all, terminal_progress  # noqa: PLC0415

    folder: Path = args.folder
    if not folder.is_dir():
        print(
            f"gridnews images: {folder} is not a folder; "
            "give the images folder, e.g. content/images",
            file=sys.stderr,
        )
        return 2
    config = _image_config(args.settings)
    options = ImageOptions(
        widths=tuple(config["widths"]),
        jpeg_quality=config["jpeg_quality"],
        webp_quality=config["webp_quality"],
        webp_method=config["webp_method"],
        max_pixels=config["max_pixels"],
    )
    cache = args.cache or Path(config["cache"])
    suffixes = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in suffixes and p.is_file())
    results = process_all(
        [(path, str(path)) for path in files],
        cache,
        options,
        workers=args.workers or None,
        progress=terminal_progress("images"),
    )
    errors = [result for result in results.values() if isinstance(result, str)]
    fresh = sum(1 for result in results.values() if not isinstance(result, str) and result.fresh)
    for error in errors:
        print(f"error    {error}")
    print(
        f"{len(files)} images: {fresh} processed, "
        f"{len(files) - fresh - len(errors)} from the cache, "
        f"{len(errors)} failed (cache: {cache})"
    )
    return 1 if errors else 0


def _image_config(settings: Path) -> dict[str, object]:
    """The IMAGES setting of the site's settings file, over the plugin's defaults."""
    from images.images import DEFAULTS  # noqa: PLC0415 - the plugin package sits beside gridnews
    from pelican.settings import get_settings_from_file  # noqa: PLC0415

    config = dict(DEFAULTS)
    if settings.is_file():
        values = get_settings_from_file(str(settings))
        config.update(values.get("IMAGES", {}) or {})
        root = Path(str(values.get("GRIDNEWS_ROOT", settings.resolve().parent)))
        if not Path(str(config["cache"])).is_absolute():
            config["cache"] = str(root / str(config["cache"]))
    return config


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Describe the command line (in full for one command, or for all when command is None)."""
    parser = argparse.ArgumentParser(prog="gridnews", description="网格新闻 site tools")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (module, summary) in COMMAND_MODULES.items():
        if command in (None, name):
            importlib.import_module(module).add_parser(commands)
        else:
            commands.add_parser(name, help=summary)
    check = commands.add_parser("check", help="check the front matter of every story")
    check.add_argument("content", nargs="?", type=Path, default=Path("content"))
    check.set_defaults(run=_check)
    images = commands.add_parser("images", help="make every image's variants ahead of a build")
    images.add_argument("folder", nargs="?", type=Path, default=Path("content/images"))
    images.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    images.add_argument("--cache", type=Path, help="cache folder (default: the IMAGES setting's)")
    images.add_argument("--workers", type=int, default=0, help="processes (default: one per core)")
    images.set_defaults(run=_images)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    rest = []
    if "--" in argv:  # what follows goes to Pelican untouched (gridnews build -- -v)
        rest = argv[argv.index("--") + 1 :]
        argv = argv[: argv.index("--")]
    chosen = next((word for word in argv if not word.startswith("-")), None)
    args = build_parser(chosen if chosen in COMMAND_MODULES else None).parse_args(argv)
    if args.command == "build":
        args.pelican = rest
    return int(args.run(args))


def run() -> None:
    """The `gridnews` command: main(), then exit without freeing the interpreter's memory.

    A build leaves every story, page and digest in memory, and freeing it object by object as
    the interpreter shuts down took 0.7 s of a cold build at 4,000 stories. By the time a
    command returns there is nothing left to save (its writes are drained, its caches committed
    and closed), so the exit handlers run (they flush the logs) and the process ends at once.
    While another thread still works, or where the exit handlers cannot be run, it exits as
    usual.
    """
    code = main()
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if threading.active_count() > 1 or run_exit_handlers is None:
        sys.exit(code)
    run_exit_handlers()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
