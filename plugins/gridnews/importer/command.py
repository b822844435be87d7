"""`gridnews import`: run the pipeline over files and folders, write stories, report each input."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from gridnews.importer.draft import Options
from gridnews.importer.pipeline import ArticleError, import_file
from gridnews.importer.writer import ExistsError, write_story

SUFFIXES = {".txt", ".html", ".htm", ".md", ".markdown", ".xhtml", ".shtml"}


@dataclass
class Record:
    """What happened to one input; --json and --report write these."""

    input: str
    status: str = "ok"  # ok, warning, error
    output: str = ""
    error: str = ""
    encoding: str = ""
    format: str = ""
    title: str = ""
    slug: str = ""
    date: str = ""
    region: str = ""
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    repairs: dict[str, int] = field(default_factory=dict)
    backup: str = ""


def inputs(paths: list[Path]) -> Iterator[Path]:
    """Files given directly, and the article files inside folders, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
            )
        else:
            yield path


def import_one(path: Path, out: Path, options: Options, *, force: bool, dry_run: bool) -> Record:
    """Import one file; every failure becomes an error record, never an exception."""
    record = Record(str(path))
    if not path.is_file():
        record.status, record.error = "error", "no such file"
        return record
    try:
        result = import_file(path, options)
    except ArticleError as error:
        record.status, record.error = "error", str(error)
        return record
    except OSError as error:
        record.status, record.error = "error", f"cannot read the file ({error.strerror})"
        return record
    draft = result.draft
    record.encoding, record.format, record.title, record.slug = (
        draft.encoding,
        draft.format,
        draft.title,
        draft.slug,
    )
    record.date = draft.date.iso() if draft.date else ""
    record.region = draft.region
    record.warnings, record.notes, record.repairs = (
        list(draft.warnings),
        list(draft.notes),
        dict(draft.repairs),
    )
    record.removed = [{"rule": rule, "text": text} for rule, text in draft.removed]
    if result.problems:
        record.status = "error"
        record.error = "the story would not pass the content model: " + "; ".join(
            f"{p.field}: {p.message}" for p in result.problems
        )
        return record
    target = out / f"{draft.slug}.md"
    record.output = str(target)
    if not dry_run:
        try:
            backup = write_story(target, result.text, force=force)
        except ExistsError as error:
            record.status, record.error = "error", str(error)
            return record
        record.backup = str(backup) if backup else ""
    if record.warnings:
        record.status = "warning"
    return record


def _line(record: Record) -> str:
    """One line for one input."""
    if record.status == "error":
        return f"error    {record.input}: {record.error}"
    detail = [record.encoding, record.format]
    if record.notes:
        detail.append(
            f"{len(record.notes)} note{'s' if len(record.notes) != 1 else ''} for the editor"
        )
    detail += record.warnings
    return f"{record.status:<8} {record.input} -> {record.output} ({'; '.join(detail)})"


def _progress(done: int, total: int, stream: TextIO) -> None:
    """A progress bar on a terminal."""
    width = 30
    filled = width * done // max(total, 1)
    stream.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total}")
    if done == total:
        stream.write("\r" + " " * (width + 20) + "\r")
    stream.flush()


def run(args: argparse.Namespace) -> int:
    """Import every input; print a line each and a summary; exit 1 if any failed."""
    options = Options(
        simplified=args.simplified,
        keep_pii=args.keep_pii,
        fetch_images=args.fetch_images,
        images_dir=str(args.images or args.out.parent / "images"),
        image_max_bytes=int(args.max_image_mb * 1024 * 1024),
    )
    files = list(inputs(args.paths))
    lines = sys.stderr if args.json else sys.stdout
    bar = sys.stderr.isatty() and not args.json
    records: list[Record] = []
    for index, path in enumerate(files, start=1):
        record = import_one(path, args.out, options, force=args.force, dry_run=args.dry_run)
        records.append(record)
        if bar:
            sys.stderr.write("\r\033[K")
        print(_line(record), file=lines)
        if bar:
            _progress(index, len(files), sys.stderr)
    failed = sum(record.status == "error" for record in records)
    warned = sum(record.status == "warning" for record in records)
    notes = sum(len(record.notes) for record in records)
    summary = (
        f"{len(records) - failed} imported ({warned} with warnings), {failed} failed; "
        f"{notes} note{'s' if notes != 1 else ''} for the editor"
        + (" (dry run: nothing written)" if args.dry_run else "")
    )
    print(summary, file=lines)
    data: list[dict[str, Any]] = [asdict(record) for record in records]
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    if args.report:
        args.report.write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    if not files:
        print("gridnews import: no article files found in the given paths", file=sys.stderr)
        return 1
    return 1 if failed else 0


def add_parser(commands: Any) -> None:
    """Describe `gridnews import` on the command line."""
    parser = commands.add_parser(
        "import",
        help="turn scraped articles into stories",
        description="Turn scraped articles (Hexo files, saved pages, plain text) into stories.",
    )
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders of articles")
    parser.add_argument(
        "--out", type=Path, default=Path("content/stories"), help="where stories go"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="report what would be written, write nothing"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the parsed records as JSON on stdout"
    )
    parser.add_argument("--report", type=Path, help="also write the records as JSON to this file")
    parser.add_argument(
        "--force", action="store_true", help="replace existing stories, keeping a .bak"
    )
    parser.add_argument(
        "--simplified", action="store_true", help="convert traditional characters to simplified"
    )
    parser.add_argument(
        "--keep-pii", action="store_true", help="do not mask mobile and ID-card numbers"
    )
    parser.add_argument("--fetch-images", action="store_true", help="download images into the site")
    parser.add_argument(
        "--images", type=Path, help="where --fetch-images puts files (default: content/images)"
    )
    parser.add_argument(
        "--max-image-mb", type=float, default=20, help="largest image to download, in MB"
    )
    parser.set_defaults(run=run)
