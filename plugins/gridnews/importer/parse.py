"""Stages: detect the input's format, then read it into blocks."""

from __future__ import annotations

import re
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
_PARAGRAPH_INDENT = re.compile(r"^(?:\u3000|[ \t\u00a0]{2})")


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
        bullet = _BULLET.match(stripped)
        if bullet:
            kind, stripped = "li", stripped[bullet.end() :]
        elif caption_start(stripped):
            kind = "caption"  # ▲沈建芬（右二）在辖区走访独居老人: the line under a picture
        blocks.append(Block(kind, stripped, line=number, blank_before=blank, indent=indent))  # type: ignore[arg-type]
        blank = 0
    return blocks


def wrap_width(widths: list[int]) -> int:
    """The column a copy was hard-wrapped at, or 0 when its lines were not cut at one width.

    Wrapped: at least WRAP_MIN_LINES lines (and WRAP_SHARE of all) are within WRAP_SLACK of one
    width, and hardly any line is longer. A copy with one paragraph per line has lines of very
    different lengths, the longest ones longer than any cluster of similar lines.
    """
    full = {
        width: sum(1 for n in widths if width - WRAP_SLACK <= n <= width)
        for width in set(widths)
        if width >= WRAP_MIN_WIDTH
    }
    if not full:
        return 0
    width = max(full, key=lambda w: (full[w], w))
    longer = sum(1 for n in widths if n > width)
    if full[width] < max(WRAP_MIN_LINES, WRAP_SHARE * len(widths)) or longer * 10 > len(widths):
        return 0
    return width


def _starts_block(previous: str, raw: str, width: int) -> bool:
    """Tell whether a line of hard-wrapped text starts a paragraph (or a heading).

    It does when it is indented, or when the line before fell clearly short of the width (it
    ended its paragraph), or when it is a short unpunctuated line after a finished sentence (a
    heading below a paragraph whose last line happened to fill the width).
    """
    if _PARAGRAPH_INDENT.match(raw) or len(previous.rstrip()) < width - WRAP_SLACK:
        return True
    line = raw.strip()
    return (
        len(raw.rstrip()) < width - WRAP_SLACK
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
    width = wrap_width([len(lines[block.line - 1].rstrip()) for block in blocks])
    if not width:
        return blocks
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and block.kind == "p"
            and not block.blank_before
            and previous.kind in ("p", "li")
            and not _starts_block(lines[block.line - 2], lines[block.line - 1], width)
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
        lines = text_blocks(text)
        draft.blocks = join_hard_wraps(lines, text)
        draft.count("unwrapped_line", len(lines) - len(draft.blocks))
