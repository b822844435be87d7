"""gridnews new "标题": start a story with its front matter filled in.

The file is written to content/stories/<slug>.md as a draft (status: draft), so it is built
under drafts/ for the editor to look at and published by deleting that line. The slug comes
from the title (pinyin, polyphones read in context), the date is now in Asia/Shanghai, and the
region is the one given, or the one the title names. Nothing is ever overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from gridnews.frontmatter import FrontMatterError, parse
from gridnews.gazetteer import gazetteer
from gridnews.importer.writer import ExistsError, _flow, write_story
from gridnews.model import validate_story

SHANGHAI = ZoneInfo("Asia/Shanghai")
BODY = "在这里写导语：何时、何地、谁、做了什么。\n\n## 小标题\n\n正文。\n"


class NewStoryError(Exception):
    """Why a story could not be started, and what to do."""


def story_text(
    title: str,
    *,
    slug: str,
    date: dt.datetime,
    region: str = "",
    source: str = "",
    category: str = "",
    tags: tuple[str, ...] = (),
) -> str:
    """The new story's text: front matter in the content model, then a body to replace."""
    fields: list[tuple[str, object]] = [
        ("title", title),
        ("slug", slug),
        ("date", date.isoformat(timespec="minutes")),
        ("status", "draft"),
        ("source", source),
        ("authors", []),
        ("region", region),
        ("category", category),
        ("tags", list(tags)),
        ("summary", ""),
    ]
    lines = ["---"]
    lines += [f"{key}: {_flow(value)}" if value != "" else f"{key}:" for key, value in fields]
    return "\n".join([*lines, "---", "", BODY])


def _region(title: str, given: str) -> str:
    """The region given (checked against the gazetteer), or the one the title names."""
    places = gazetteer()
    if given:
        problem = places.region_problem(given.strip("/"))
        if problem:
            raise NewStoryError(f"--region {given}: {problem}")
        return given.strip("/")
    return places.resolve(title, title=title)


def new_story(
    title: str,
    content: Path,
    *,
    slug: str = "",
    region: str = "",
    source: str = "",
    category: str = "",
    tags: tuple[str, ...] = (),
    now: dt.datetime | None = None,
) -> Path:
    """Write a new draft story and return its path."""
    title = " ".join(title.split())
    if not title:
        raise NewStoryError('the title is empty; write it in quotes: gridnews new "标题"')
    from gridnews.slugs import slugify  # noqa: PLC0415 - the pinyin dictionaries load slowly

    slug = slug or slugify(title)
    when = (now or dt.datetime.now(SHANGHAI)).astimezone(SHANGHAI).replace(second=0, microsecond=0)
    text = story_text(
        title,
        slug=slug,
        date=when,
        region=_region(title, region),
        source=source,
        category=category,
        tags=tags,
    )
    path = content / "stories" / f"{slug}.md"
    try:
        result = validate_story(parse(text, str(path)), str(path))
    except FrontMatterError as error:  # a bug here, not the editor's doing
        raise NewStoryError(f"could not write valid front matter: {error}") from None
    if result.errors:
        raise NewStoryError("; ".join(str(problem) for problem in result.errors))
    if any(p.name == path.name for p in (content / "stories").rglob("*.md")):
        raise NewStoryError(
            f"{path} exists; nothing was written (give another --slug, or edit that story)"
        )
    try:
        write_story(path, text)
    except ExistsError as error:
        raise NewStoryError(str(error)) from None
    return path


def run(args: argparse.Namespace) -> int:
    """The `gridnews new` command."""
    try:
        path = new_story(
            args.title,
            args.content,
            slug=args.slug,
            region=args.region,
            source=args.source,
            category=args.category,
            tags=tuple(args.tag),
        )
    except NewStoryError as error:
        print(f"gridnews new: {error}", file=sys.stderr)
        return 1
    print(path)
    print("已创建草稿（status: draft）；写完正文后删去 status 一行即可发布。", file=sys.stderr)
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add `gridnews new` to the command line."""
    parser = commands.add_parser("new", help="start a story with its front matter filled in")
    parser.add_argument("title", help="the story's title, in quotes")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    parser.add_argument("--slug", default="", help="the URL name (default: pinyin of the title)")
    parser.add_argument("--region", default="", help="e.g. 四川省/成都市/彭州市")
    parser.add_argument("--source", default="", help="the publisher")
    parser.add_argument("--category", default="", help="e.g. 新闻 or 光荣榜")
    parser.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    parser.set_defaults(run=run)
