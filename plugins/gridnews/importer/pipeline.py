"""The import pipeline: named stages, run in order over one article."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gridnews import slugs
from gridnews.errors import Problem
from gridnews.frontmatter import FrontMatter
from gridnews.gazetteer import gazetteer
from gridnews.importer import (
    bylines,
    chrome,
    facts,
    images,
    metadata,
    paragraphs,
    privacy,
    repair,
    sanitise,
)
from gridnews.importer.dates import Moment
from gridnews.importer.decode import DecodeError, decode
from gridnews.importer.draft import Draft, Options
from gridnews.importer.parse import parse as parse_blocks
from gridnews.importer.writer import front_matter_data, story_text
from gridnews.model import validate_story


class ArticleError(Exception):
    """An article that cannot be imported, with the reason."""


# --- stages that are small enough to live here -------------------------------------------------


def _repair(text: str, draft: Draft, where: Callable[[int], str]) -> str:
    """Apply the text repairs, in order, to text (several lines at once)."""
    text, flags = repair.repair_garbled(text)
    for flag in flags:
        place = where(flag.offset)
        draft.warnings.append(f"{flag.reason} at {place}: '{flag.text}'")
        draft.notes.append(f"{place}有乱码“{flag.text}”，无法自动修复；请对照原文改正。")
    fixed = repair.fix_mojibake(text)
    if fixed != text:
        draft.count("mojibake")
    text, pinyin = repair.strip_pinyin(fixed)
    draft.count("pinyin", pinyin)
    for formula in repair.lost_plus_signs(text):
        plus = formula.replace(" ", "+")
        draft.notes.append(f"“{formula}”可能是“{plus}”（加号在转存时变成了空格）；请核对原文。")
    return repair.widen_punctuation(repair.normalise_spaces(text))


def repair_text(draft: Draft, options: Options) -> None:
    """Repair every block's text in one pass: garbled runs, pinyin, mojibake, spaces, widths."""
    del options
    blocks = [block for block in draft.blocks if block.is_text and block.text]
    joined = "\n".join(block.text for block in blocks)
    starts = [0]
    for block in blocks:
        starts.append(starts[-1] + len(block.text) + 1)

    def where(offset: int) -> str:
        index = max(i for i, start in enumerate(starts[:-1]) if start <= offset)
        line = blocks[index].line
        return f"line {line}" if line else f"paragraph {index + 1}"

    before = joined
    repaired = _repair(joined, draft, where)
    draft.count(
        "garbled_run", len(repair.SUSPECT.findall(before)) - len(repair.SUSPECT.findall(repaired))
    )
    parts = repaired.split("\n")
    if len(parts) != len(blocks):  # a repair joined or split lines: repair block by block
        parts = [_repair(block.text, draft, where).replace("\n", " ") for block in blocks]
    for block, text in zip(blocks, parts, strict=True):
        block.text = text
    for block in draft.blocks:
        if block.kind == "img":
            block.alt = repair.normalise_spaces(block.alt)
        elif block.kind == "table":
            block.rows = [
                [_repair(cell, draft, lambda _: "a table") for cell in row] for row in block.rows
            ]
    if draft.front.get("title"):
        draft.front["title"] = _repair(str(draft.front["title"]), draft, lambda _: "the title")


def read_metadata(draft: Draft, options: Options) -> None:
    """Front matter, page head, 来源/时间 lines, breadcrumb and dateline, then the headline."""
    del options
    metadata.read_front_matter(draft)
    metadata.read_page_head(draft)
    metadata.read_breadcrumb_publisher(draft)
    metadata.read_signature(draft)
    metadata.read_meta_lines(draft)
    if not draft.title:
        metadata.find_text_title(draft)
    if draft.title:
        title = paragraphs.strip_emoji(repair.strip_pinyin(repair.fix_mojibake(draft.title))[0])
        draft.title = metadata.clean_title(
            repair.widen_punctuation(repair.normalise_spaces(title)), draft
        )
        metadata.drop_repeated_title(draft)
    draft.source = repair.strip_pinyin(draft.source)[0]
    metadata.read_dateline(draft)


def strip_chrome(draft: Draft, options: Options) -> None:
    """Remove page furniture."""
    del options
    chrome.strip_chrome(draft)


def take_credits(draft: Draft, options: Options) -> None:
    """Move bylines into the credits, then settle the source."""
    del options
    bylines.take_bylines(draft)
    metadata.settle_source(draft)


def shape_paragraphs(draft: Draft, options: Options) -> None:
    """Rejoin broken paragraphs, then mark headings."""
    del options
    paragraphs.rejoin(draft)
    paragraphs.mark_headings(draft)


def tidy_images(draft: Draft, options: Options) -> None:
    """Proxies, cover, captions."""
    del options
    images.tidy_images(draft)


def set_script(draft: Draft, options: Options) -> None:
    """Keep a traditional-character story traditional (fixing leftovers), or convert on request."""
    body = draft.body_text()
    if options.simplified:
        if repair.script_of(body) == "zh-Hant":
            convert = repair.to_simplified
            draft.title = convert(draft.title)
            draft.source = convert(draft.source)
            for block in draft.blocks:
                block.text = convert(block.text)
                block.alt = convert(block.alt)
            credits = draft.credits
            for names in (credits.authors, credits.editors, credits.photographers):
                names[:] = [(convert(name), convert(role)) for name, role in names]
            draft.count("converted_to_simplified")
        return
    if repair.script_of(body) != "zh-Hant":
        return
    draft.lang = "zh-Hant"
    blocks = [block for block in draft.blocks if block.is_text]
    joined = "\n".join([draft.title, *(block.text for block in blocks)])
    converted, changed = repair.traditional_leftovers(joined)
    draft.count("traditional_leftovers", changed)
    draft.title, *texts = converted.split("\n")
    for block, text in zip(blocks, texts, strict=True):
        block.text = text


def _simplified(draft: Draft, text: str) -> str:
    """Text in simplified characters, for matching place names and patterns."""
    return repair.to_simplified(text) if draft.lang == "zh-Hant" else text


def find_region(draft: Draft, options: Options) -> None:
    """Resolve the story's region against the gazetteer (我市 from the publisher's name)."""
    del options
    first = _simplified(draft, next((b.text for b in draft.blocks if b.kind == "p"), ""))
    title = _simplified(draft, draft.title)
    body = _simplified(draft, draft.body_text())
    text = title + "\n" + body
    lead = len(title) + 1 + max(body.find(first), 0) + len(first)
    hints = tuple(
        _simplified(draft, name)
        for name in (draft.source, draft.publisher, draft.credits.publisher)
        if name
    )
    draft.region = gazetteer().resolve(text, lead=lead, hints=hints, title=title)
    if not draft.region:
        draft.notes.append("没有找到稿件所属地区；请填写 region，例如 四川省/成都市/彭州市。")


def suggest_date(draft: Draft, options: Options) -> None:
    """Never invent a publication date: without one, a draft, with the event date suggested."""
    del options
    if draft.date is not None:
        return
    year = facts.story_year(draft)
    event = facts._event_date(_simplified(draft, draft.body_text()), year)
    draft.warnings.append("no publication date found; saved as a draft")
    if event:
        draft.suggested_date = Moment(*_day(event))
        draft.notes.append(
            f"原文没有发布日期；建议核对后使用活动日期 {event}（写入 date 并删除 status: draft）。"
        )
    else:
        draft.notes.append("原文没有发布日期；请填写 date 并删除 status: draft。")


def _day(iso: str) -> tuple[Any, str]:
    """A Moment's fields for a day."""
    import datetime as dt  # noqa: PLC0415

    from gridnews.model import TIMEZONE  # noqa: PLC0415

    day = dt.date.fromisoformat(iso)
    return dt.datetime(day.year, day.month, day.day, tzinfo=TIMEZONE), "day"


def find_facts(draft: Draft, options: Options) -> None:
    """Suggest honours, events and stats (for traditional text, read in simplified form)."""
    del options
    if draft.lang != "zh-Hant":
        facts.extract_facts(draft)
        return
    blocks = [block for block in draft.blocks if block.is_text]
    original = [block.text for block in blocks]
    simplified = repair.to_simplified("\n".join(original)).split("\n")
    for block, text in zip(blocks, simplified, strict=True):
        block.text = text
    facts.extract_facts(draft)
    for block, text in zip(blocks, original, strict=True):
        block.text = text
    back = repair._converter("s2tw")

    def convert(value: Any) -> Any:
        if isinstance(value, str) and not value.startswith(("http", "2")) and "/" not in value:
            return back.convert(value)  # type: ignore[attr-defined]
        if isinstance(value, list):
            return [convert(item) for item in value]
        if isinstance(value, dict):
            return {
                key: item if key in _MODEL_WORDS else convert(item) for key, item in value.items()
            }
        return value

    for key in ("honours", "events", "stats"):
        setattr(draft, key, convert(getattr(draft, key)))


# Fields whose values are the content model's own words (一等奖, 县级, worker): never converted.
_MODEL_WORDS = frozenset({"prize", "kind", "level", "metric"})


def protect_privacy(draft: Draft, options: Options) -> None:
    """Mask personal numbers."""
    privacy.mask_personal_data(draft, options)


def make_slug(draft: Draft, options: Options) -> None:
    """A short pinyin slug from the title."""
    del options
    draft.slug = slugs.slugify(_simplified(draft, draft.title)) or "story"


def fetch_images(draft: Draft, options: Options) -> None:
    """Download images when asked to."""
    images.fetch_images(draft, options)


Stage = Callable[[Draft, Options], None]
STAGES: tuple[tuple[str, Stage], ...] = (
    ("remove markup", sanitise.remove_markup),
    ("repair text", repair_text),
    ("read metadata", read_metadata),
    ("strip chrome", strip_chrome),
    ("take credits", take_credits),
    ("shape paragraphs", shape_paragraphs),
    ("tidy images", tidy_images),
    ("set script", set_script),
    ("find region", find_region),
    ("suggest date", suggest_date),
    ("find facts", find_facts),
    ("protect privacy", protect_privacy),
    ("sanitise", sanitise.sanitise),
    ("make slug", make_slug),
    ("fetch images", fetch_images),
)


@dataclass
class Imported:
    """One article's result: the draft, the story text, and any problems with it."""

    draft: Draft
    text: str = ""
    problems: list[Problem] = field(default_factory=list)


def import_bytes(data: bytes, path: str, options: Options | None = None) -> Imported:
    """Run every stage over one article's bytes; raise ArticleError when it cannot be read."""
    options = options or Options()
    draft = Draft(path)
    try:
        decoded = decode(data)
    except DecodeError as error:
        raise ArticleError(str(error)) from None
    draft.encoding = decoded.encoding
    text = decoded.text
    if not text.strip():
        raise ArticleError("the file is empty")
    parse_blocks(draft, text)
    for _name, stage in STAGES:
        stage(draft, options)
    if not draft.title:
        raise ArticleError(
            "no headline found; the article needs a title line (or <title>, or title:)"
        )
    if not any(block.is_text for block in draft.blocks):
        raise ArticleError("no article text found after removing the page furniture")
    return Imported(draft, story_text(draft), _validate(draft, path))


def _validate(draft: Draft, path: str) -> list[Problem]:
    """Check the story's front matter against the content model, as the build will."""
    return validate_story(FrontMatter(front_matter_data(draft)), path).errors


def import_file(path: Path, options: Options | None = None) -> Imported:
    """Import one file from disk."""
    return import_bytes(path.read_bytes(), str(path), options)
