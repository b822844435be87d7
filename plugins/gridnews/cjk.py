"""Chinese text helpers: character classes, soft line breaks, character-based summaries."""

from __future__ import annotations

import html
import re

# Han ideographs (BMP blocks and the supplementary planes), then full-width punctuation and the
# CJK symbols block. Curly quotes are shared with Western text, so they count only as neighbours.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"
CJK = HAN + CJK_PUNCT

_SOFT_BREAK = re.compile(rf"(?<=[{CJK}])[ \t]*\n[ \t]*|[ \t]*\n[ \t]*(?=[{CJK}])")
_TAG = re.compile(r"<[^>]+>")
# Tags of phrasing elements: they mark up words within a line, so they stand for no space
# (a space in 今年<strong>入户</strong>走访 would show in the summary).
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|rp|rt|ruby|s|samp"
    r"|small|span|strong|sub|sup|time|u|var|wbr)\b[^>]*>",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[。！？!?…]+[”’」』）)]*")
_CLAUSE_END = re.compile(r"[；;]")
_HAN_CHAR = re.compile(f"[{HAN}]")


def has_han(text: str) -> bool:
    """Return True when the text holds at least one Han character."""
    return _HAN_CHAR.search(text) is not None


def join_soft_breaks(text: str) -> str:
    """Remove line breaks next to Chinese characters, which browsers would show as spaces."""
    return _SOFT_BREAK.sub("", text)


def html_to_text(markup: str) -> str:
    """Return the visible text of an HTML fragment, whitespace collapsed.

    Other tags (paragraphs, line breaks, list items) stand for a space; words marked up within
    a line stay together.
    """
    text = _TAG.sub(" ", _INLINE_TAG.sub("", markup))
    return _SPACE.sub(" ", html.unescape(text)).strip()


def summarise(text: str, limit: int = 120) -> str:
    """Cut text at the last sentence end within `limit` characters (or at `limit`, with ……)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    window = text[:limit]
    # Prefer a full stop; a semicolon will do; an end in the first third would leave too short a
    # summary, so then cut mid-sentence and say so.
    for pattern in (_SENTENCE_END, _CLAUSE_END):
        ends = [match.end() for match in pattern.finditer(window)]
        if ends and ends[-1] >= limit // 3:
            return window[: ends[-1]]
    return window.rstrip("，、,：:；; ") + "……"
