"""Stage: sanitise. Nothing the importer writes can carry markup or a script address.

Stories are rendered as they are written (editors are trusted), and templates print front matter
fields without escaping, so an imported story must be safe by construction. The body is already
rebuilt from text (see htmlparse) and escaped as Markdown (see writer); this stage is the
allowlist for what is left:

- Addresses (the source page, the cover picture, each picture in the body): http and https
  only, with the scheme read as a browser reads it (spaces, tabs and newlines ignored, any case),
  and every character that could end an HTML attribute or Markdown's ( ) percent-encoded.
- Text (paragraphs, headings, list items, table cells, alt text, every front matter field):
  markup that a scraped page left in its text, such as ``<img src=x onerror=...>`` or its
  entity-encoded form, is removed, and a remaining ``<`` that could open a tag is made
  full-width. In front matter fields no ``< >`` is left at all, and ASCII double quotes become
  Chinese quotes “…”, so a field is safe inside an HTML attribute as well.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

from gridnews.importer.draft import Draft, Options
from gridnews.importer.paragraphs import strip_emoji

WEB_SCHEMES = ("http", "https")
# A tag, end tag, comment, doctype or processing instruction written out as text.
_MARKUP = re.compile(r"<[A-Za-z!/?][^<>]*>")
_TAG_OPEN = re.compile(r"<(?=[A-Za-z!/?])")
# Browsers drop these from an address before reading its scheme.
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(chr(code) for code in range(0x21))
# Characters that could end an attribute value or start markup; encoded wherever they appear.
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f\"'<>`\\^{|}]")
_MAX_DECODE = 5
# A line of nothing but arrows, shapes and dingbats (▼, ↓↓↓, ◆◆◆): it points at a picture or
# parts a post, and says nothing. A caption's ▲ heads words, so it is never alone.
_ORNAMENT_LINE = re.compile(r"^[\s\u2190-\u21ff\u25a0-\u25ff\u2600-\u27bf\u2b00-\u2bff]+$")


def decoded(text: str) -> str:
    """Text with character references decoded, however many times they were encoded."""
    for _ in range(_MAX_DECODE):
        once = html.unescape(text)
        if once == text:
            break
        text = once
    return text


def plain_text(text: str) -> str:
    """Text that cannot open a tag wherever it is printed: markup removed, a stray < widened."""
    if "&" not in text and "<" not in text:
        return text
    text = _MARKUP.sub("", decoded(text))
    return _TAG_OPEN.sub("＜", text)


def _quotes(text: str) -> str:
    """ASCII double quotes as Chinese quotes, opening and closing in turn."""
    parts = text.split('"')
    out = [parts[0]]
    for index, part in enumerate(parts[1:]):
        out.append("“" if index % 2 == 0 else "”")
        out.append(part)
    return "".join(out)


def field_text(text: str) -> str:
    """A front matter string: plain text with no < > and no ASCII double quote."""
    text = plain_text(text).replace("<", "＜").replace(">", "＞")
    return _quotes(text) if '"' in text else text


def scheme(url: str) -> str:
    """An address's scheme as a browser reads it ('' for a relative address)."""
    text = _IGNORED_IN_URL.sub("", url).strip(_URL_EDGES)
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", text)
    return match.group(1).lower() if match else ""


def _encode_unsafe(text: str) -> str:
    """Percent-encode quotes, angle brackets, backticks, spaces and control characters."""
    return _URL_UNSAFE.sub(lambda match: f"%{ord(match.group(0)):02X}", text)


def web_address(url: str) -> str:
    """An http(s) address that is safe inside an HTML attribute, or '' for any other address."""
    text = _IGNORED_IN_URL.sub("", url).strip(_URL_EDGES)
    if scheme(text) not in WEB_SCHEMES or not urlsplit(text).hostname:
        return ""
    return _encode_unsafe(text)


def safe_address(url: str) -> str:
    """A web address made safe, a relative path with its unsafe characters encoded, or ''."""
    if scheme(url):
        return web_address(url)
    return _encode_unsafe(_IGNORED_IN_URL.sub("", url).strip(_URL_EDGES))


def _clean(value: Any) -> Any:
    """Sanitise every string inside a front matter value (facts are dicts and lists)."""
    if isinstance(value, str):
        return field_text(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


def remove_markup(draft: Draft, options: Options) -> None:
    """Remove markup and emoji left in the text of paragraphs, headings, list items and tables.

    Runs first, so that the text repairs never see markup (they would widen the ';' of '&gt;')
    and no later stage sees an emoji after a sentence's stop or before a heading's words. A line
    left with only ornaments (▼) goes.
    """
    del options
    kept = []
    for block in draft.blocks:
        if block.kind == "table":
            block.rows = [[strip_emoji(plain_text(cell)) for cell in row] for row in block.rows]
        elif block.kind != "img":
            text = plain_text(block.text)
            if text != block.text:
                draft.count("markup_in_text")
                block.text = text.strip()
            text = strip_emoji(block.text)
            if text != block.text:
                draft.count("emoji")
                block.text = text
            if not block.text or _ORNAMENT_LINE.match(block.text):
                continue
        else:
            block.alt = strip_emoji(block.alt)
        kept.append(block)
    draft.blocks = kept


def sanitise(draft: Draft, options: Options) -> None:
    """Make every text and address of the draft safe to write (see the module's description)."""
    remove_markup(draft, options)
    kept = []
    for block in draft.blocks:
        if block.kind == "img":
            block.src = web_address(block.src)
            block.alt = field_text(block.alt)
            if not block.src:
                draft.count("unsafe_address")
                continue
        kept.append(block)
    draft.blocks = kept
    for key in ("title", "source", "via", "publisher", "region", "lang"):
        setattr(draft, key, field_text(getattr(draft, key)))
    draft.source_url = web_address(draft.source_url) if draft.source_url else ""
    draft.image = safe_address(draft.image) if draft.image else ""
    credits = draft.credits
    for names in (credits.authors, credits.editors, credits.photographers):
        cleaned = [(field_text(name), field_text(role)) for name, role in names]
        names[:] = [(name, role) for name, role in cleaned if name]
    for key in ("honours", "events", "stats"):
        setattr(draft, key, _clean(getattr(draft, key)))
    draft.notes = [field_text(note) for note in draft.notes]
    if draft.repairs.get("markup_in_text"):
        draft.notes.append(
            f"正文有 {draft.repairs['markup_in_text']} 段夹杂网页代码（标签或脚本），代码已删除；"
            "请对照原文核对这几段。"
        )
    if draft.repairs.get("unsafe_address"):
        draft.notes.append(
            f"原文有 {draft.repairs['unsafe_address']} 个图片地址是脚本或内嵌数据"
            "（javascript:、data: 等），已删除。"
        )
