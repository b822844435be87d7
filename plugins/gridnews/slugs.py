"""Short readable ASCII slugs from Chinese text, with the right reading of polyphones."""

from __future__ import annotations

import functools
import logging
import re
import unicodedata

from pypinyin import Style, lazy_pinyin

from gridnews.cjk import has_han

MAX_LENGTH = 50
_ASCII_WORD = re.compile(r"[a-z0-9]+")


@functools.cache
def _segmenter() -> object:
    """Load jieba once, quietly (it logs its dictionary loading through its own handler)."""
    import jieba  # noqa: PLC0415 - loading the dictionary costs ~0.6 s; only when a slug is needed

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _words(text: str) -> list[str]:
    """Split text into words: jieba for Chinese, whitespace and punctuation elsewhere."""
    jieba = _segmenter()
    return [word for word in jieba.lcut(text) if word.strip()]  # type: ignore[attr-defined]


def _romanise(word: str) -> str:
    """Write one word in toneless pinyin without separators (银行 -> yinhang)."""
    if not has_han(word):
        ascii_text = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
        return "-".join(_ASCII_WORD.findall(ascii_text))
    syllables = lazy_pinyin(word, style=Style.NORMAL, errors="default", v_to_u=False)
    return "".join(_ASCII_WORD.findall("".join(syllables).lower()))


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """Return a slug such as 'chongqing-yinhang' for 重庆银行, cut at a word end."""
    parts = [romanised for word in _words(text) if (romanised := _romanise(word))]
    slug = ""
    for part in parts:
        candidate = f"{slug}-{part}" if slug else part
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and parts:
        slug = parts[0][:max_length].strip("-")
    return slug


def name_slug(name: str) -> str:
    """Slug for a person's or organisation's name, as one word (杨婷 -> yangting)."""
    return _romanise(name) if has_han(name) else slugify(name)
