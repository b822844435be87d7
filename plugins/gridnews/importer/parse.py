"""Stages: detect the input's format, then read it into blocks."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from itertools import pairwise
from typing import Any

import yaml

from gridnews.frontmatter import FrontMatterError, split
from gridnews.importer import paragraphs
from gridnews.importer.blocks import Block, caption_start
from gridnews.importer.draft import Draft
from gridnews.importer.htmlparse import blocks_of, parse_page

_PAGE = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_TAGS = re.compile(r"<(?:p|div|img|br|span|section|h[1-6]|table|ul|ol)\b[^>]*>", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[•·▪■◆●○]|[-*+](?=\s))\s*")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_MD_IMAGE = re.compile(r"^!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)(?:\{[^}]*\})?$")
# An HTML comment in a Markdown body, such as Hexo's excerpt mark <!-- more -->: never shown.
_MD_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Emphasis of a whole paragraph (**…**, __…__: bold; *…*, _…_: italic), and inside a line.
_MD_WHOLE_BOLD = re.compile(r"^(\*\*|__)(?=\S)(.+?)(?<=\S)\1$")
_MD_WHOLE_ITALIC = re.compile(r"^([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1$")
_MD_INLINE_EMPHASIS = re.compile(r"(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\([^)\s]+(?:\s+\"[^\"]*\")?\)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
# Hard wrapping (an e-paper copy cut at a fixed column): many lines, the longest ones, end at
# (nearly) the same width; a line that starts a paragraph is indented.
WRAP_MIN_WIDTH = 12  # a narrower column is a list of short lines, not wrapped text
WRAP_MIN_LINES = 5
WRAP_SHARE = 0.3  # of all non-blank lines
WRAP_SLACK = 2  # a full line may fall short of the width by this much (half-width digits)
# A copy from a PDF is wrapped at a width in columns, where a Chinese character takes two and a
# digit one; its lines are measured the same way when counting characters finds no width.
WRAP_MIN_COLUMNS = 2 * WRAP_MIN_WIDTH
_PARAGRAPH_INDENT = re.compile(r"^(?:\u3000|[ \t\u00a0]{2})")
# A PDF copy's page furniture: a page number alone on its line (- 2 -, 第 2 页, 第2页 共5页, 2/5),
# and a lone number between pages when the lone numbers count pages (2, 3, 4).
_PAGE_NUMBER = re.compile(
    r"^(?:[-－—–]\s*\d{1,3}\s*[-－—–]|第\s*\d{1,3}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*[/／]\s*\d{1,3})$"
)
_LONE_NUMBER = re.compile(r"^\d{1,3}$")
RUNNING_HEADER_MAX = 40  # a running header is a short line (the bulletin's name and issue)


def detect_format(text: str) -> str:
    """Tell the kind of input: hexo (front matter, HTML body), markdown, html page, or text."""
    if re.match(r"\s*---[ \t]*\n", text):
        try:
            _, _, body, _ = split(text, "")
        except FrontMatterError:
            pass
        else:
            return "hexo" if _TAGS.search(body) else "markdown"
    head = text[:4000]
    if _PAGE.search(head) or len(_TAGS.findall(text)) >= 3:
        return "html"
    return "text"


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Read scraped front matter leniently: YAML if it parses, else 'key: value' lines."""
    lines, _, body, _ = split(text, "")
    source = "\n".join(lines)
    try:
        data = yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict):
        data = {}
        for line in lines:
            key, colon, value = line.partition(":")
            if colon and key.strip() and not key.startswith((" ", "-")):
                data[key.strip()] = value.strip().strip("'\"")
    return {str(key).lower(): value for key, value in data.items()}, body


def text_blocks(text: str) -> list[Block]:
    """Plain text: one block per non-blank line, remembering blank lines and indents.

    Bulleted lines are list items; lines that begin like a picture's caption (▲…, 图为…) are
    captions.
    """
    blocks = []
    blank = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip(" \t\u3000\u00a0\ufeff")
        if not stripped:
            blank += 1
            continue
        indent = len(raw) - len(raw.lstrip(" \t\u3000\u00a0"))
        kind = "p"
        bullet = None if _PAGE_NUMBER.match(stripped) else _BULLET.match(stripped)  # - 2 -
        if bullet:
            kind, stripped = "li", stripped[bullet.end() :]
        elif caption_start(stripped):
            kind = "caption"  # ▲沈建芬（右二）在辖区走访独居老人: the line under a picture
        blocks.append(Block(kind, stripped, line=number, blank_before=blank, indent=indent))  # type: ignore[arg-type]
        blank = 0
    return blocks


def _page_numbers(blocks: list[Block]) -> set[int]:
    """The indexes of the lines that number a PDF copy's pages.

    - 2 -, 第 2 页 and 2/5 always do; a lone number does only between blank lines, and only when
    the lone numbers count up one by one (a number alone in a list counts nothing).
    """
    found = {i for i, block in enumerate(blocks) if _PAGE_NUMBER.match(block.text)}
    lone = [
        i
        for i, block in enumerate(blocks)
        if _LONE_NUMBER.match(block.text)
        and block.blank_before
        and (i + 1 == len(blocks) or blocks[i + 1].blank_before)
    ]
    values = [int(blocks[i].text) for i in lone]
    if len(lone) >= 2 and all(b == a + 1 for a, b in pairwise(values)):
        found.update(lone)
    return found


def drop_page_furniture(draft: Draft, blocks: list[Block]) -> list[Block]:
    """Remove a PDF copy's page numbers and the running header repeated at the top of each page.

    A running header is a short line seen twice or more: it goes where it stands next to a page
    number, and elsewhere after its first use. The line after a page break continues the line
    before it (the hard-wrap joiner decides whether it starts a paragraph).
    """
    numbers = _page_numbers(blocks)
    if not numbers:
        return blocks
    seen: dict[str, int] = {}
    for block in blocks:
        seen[block.text] = seen.get(block.text, 0) + 1
    kept: list[Block] = []
    used: set[str] = set()
    broken = False
    for index, block in enumerate(blocks):
        beside = {index - 1, index + 1} & numbers
        header = (
            seen[block.text] >= 2
            and len(block.text) <= RUNNING_HEADER_MAX
            and not paragraphs.closes_sentence(block.text)
            and (beside or block.text in used)
        )
        used.add(block.text)
        if index in numbers or header:
            draft.drop("page_number" if index in numbers else "running_header", block)
            broken = True
            continue
        if broken and kept:
            block.blank_before = 0
        broken = False
        kept.append(block)
    return kept


def display_width(text: str) -> int:
    """The columns a line takes in print: two for a Chinese character or mark, one for a digit."""
    return sum(2 if unicodedata.east_asian_width(char) in "FWA" else 1 for char in text)


def wrap_width(widths: list[int], minimum: int = WRAP_MIN_WIDTH) -> int:
    """The column a copy was hard-wrapped at, or 0 when its lines were not cut at one width.

    Wrapped: at least WRAP_MIN_LINES lines (and WRAP_SHARE of all) are within WRAP_SLACK of one
    width, and hardly any line is longer. A copy with one paragraph per line has lines of very
    different lengths, the longest ones longer than any cluster of similar lines.
    """
    full = {
        width: sum(1 for n in widths if width - WRAP_SLACK <= n <= width)
        for width in set(widths)
        if width >= minimum
    }
    if not full:
        return 0
    width = max(full, key=lambda w: (full[w], w))
    longer = sum(1 for n in widths if n > width)
    if full[width] < max(WRAP_MIN_LINES, WRAP_SHARE * len(widths)) or longer * 10 > len(widths):
        return 0
    return width


def _starts_block(previous: str, raw: str, width: int, measure: Callable[[str], int]) -> bool:
    """Tell whether a line of hard-wrapped text starts a paragraph (or a heading).

    It does when it is indented, or when the line before fell clearly short of the width (it
    ended its paragraph), or when it is a short unpunctuated line after a finished sentence (a
    heading below a paragraph whose last line happened to fill the width).
    """
    if _PARAGRAPH_INDENT.match(raw) or measure(previous.rstrip()) < width - WRAP_SLACK:
        return True
    line = raw.strip()
    return (
        measure(raw.rstrip()) < width - WRAP_SLACK
        and paragraphs.closes_sentence(previous.rstrip())
        and not paragraphs.closes_sentence(line)
        and line[-1] not in paragraphs.CONTINUES
    )


def join_hard_wraps(blocks: list[Block], text: str) -> list[Block]:
    """Rejoin the lines of a hard-wrapped copy into its paragraphs (blocks keep their first line).

    A wrapped line may end anywhere, even inside a number (…一桶油。”1 / 0月30日…), so the join
    adds nothing between the two parts.
    """
    lines = text.split("\n")
    raw = [lines[block.line - 1] for block in blocks]
    measure: Callable[[str], int] = len
    width = wrap_width([len(line.rstrip()) for line in raw])
    if not width:  # a PDF copy, wrapped in columns
        measure = display_width
        width = wrap_width([display_width(line.rstrip()) for line in raw], WRAP_MIN_COLUMNS)
    if not width:
        return blocks
    joined: list[Block] = []
    for index, block in enumerate(blocks):
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and block.kind == "p"
            and not block.blank_before
            and previous.kind in ("p", "li")
            and not _starts_block(raw[index - 1], raw[index], width, measure)
        ):
            previous.text += block.text
            continue
        joined.append(block)
    return joined


def markdown_inline(text: str) -> tuple[str, bool]:
    r"""A Markdown line as plain text, and whether all of it was bold.

    Stories have no inline emphasis, so **…** and *…* keep their words and lose their marks, a
    link keeps its text, and an escaped mark (\*) is the character itself.
    """
    escaped: list[str] = []

    def hold(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return f"\x00{len(escaped) - 1}\x00"

    text = _MD_ESCAPE.sub(hold, text)
    bold = False
    whole = _MD_WHOLE_BOLD.match(text)
    if whole:
        text, bold = whole.group(2), True
    else:
        italic = _MD_WHOLE_ITALIC.match(text)
        text = italic.group(2) if italic else text
    text = _MD_LINK.sub(r"\1", _MD_INLINE_EMPHASIS.sub(r"\2", text))
    text = re.sub("\x00(\\d+)\x00", lambda match: escaped[int(match.group(1))], text)
    return text.strip(), bold


def markdown_blocks(text: str) -> list[Block]:
    """A Markdown body: headings, images, lists and paragraphs, emphasis marks read away.

    HTML comments (Hexo's <!-- more -->) are dropped, keeping line numbers; a paragraph that is
    all bold is marked bold, so a short one becomes a heading as on a page.
    """
    text = _MD_COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), text)
    blocks = []
    for block in text_blocks(text):
        heading = _MD_HEADING.match(block.text)
        image = _MD_IMAGE.match(block.text)
        if heading:
            block.kind, block.level = "h", len(heading.group(1))
            block.text = markdown_inline(heading.group(2))[0]
        elif image:
            block.kind, block.alt, block.src, block.text = "img", image.group(1), image.group(2), ""
        else:
            block.text, block.bold = markdown_inline(block.text)
            if block.kind == "p" and caption_start(block.text):
                block.kind = "caption"  # *图为…*: the line under a picture, set in italics
        if block.text or block.kind == "img":
            blocks.append(block)
    return blocks


def parse(draft: Draft, text: str) -> None:
    """Read the text into the draft's blocks, according to its format."""
    draft.format = detect_format(text)
    if draft.format in ("hexo", "markdown"):
        draft.front, body = _front_matter(text)
        draft.blocks = blocks_of(body) if draft.format == "hexo" else markdown_blocks(body)
    elif draft.format == "html":
        draft.page = parse_page(text)
        draft.blocks = draft.page.blocks
    else:
        lines = drop_page_furniture(draft, text_blocks(text))
        draft.blocks = join_hard_wraps(lines, text)
        draft.count("unwrapped_line", len(lines) - len(draft.blocks))
