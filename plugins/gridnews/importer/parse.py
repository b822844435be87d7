"""Stages: detect the input's format, then read it into blocks."""

from __future__ import annotations

import re
from typing import Any

import yaml

from gridnews.frontmatter import FrontMatterError, split
from gridnews.importer.blocks import Block
from gridnews.importer.draft import Draft
from gridnews.importer.htmlparse import blocks_of, parse_page

_PAGE = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_TAGS = re.compile(r"<(?:p|div|img|br|span|section|h[1-6]|table|ul|ol)\b[^>]*>", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[•·▪■◆●○]|[-*+](?=\s))\s*")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_MD_IMAGE = re.compile(r"^!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)(?:\{[^}]*\})?$")


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
    """Plain text: one block per non-blank line, remembering blank lines and indents."""
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
        blocks.append(Block(kind, stripped, line=number, blank_before=blank, indent=indent))  # type: ignore[arg-type]
        blank = 0
    return blocks


def markdown_blocks(text: str) -> list[Block]:
    """A Markdown body: headings and images are recognised, the rest is read as plain text."""
    blocks = []
    for block in text_blocks(text):
        heading = _MD_HEADING.match(block.text)
        image = _MD_IMAGE.match(block.text)
        if heading:
            block.kind, block.text, block.level = "h", heading.group(2), len(heading.group(1))
        elif image:
            block.kind, block.alt, block.src, block.text = "img", image.group(1), image.group(2), ""
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
        draft.blocks = text_blocks(text)
