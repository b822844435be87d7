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


@functools.lru_cache(maxsize=65536)
def _romanise(word: str) -> str:
    """Write one word in toneless pinyin without separators (银行 -> yinhang).

    pypinyin reads the word with its phrase dictionary, so polyphones inside a word (重庆, 行长)
    get their reading in context. Titles share most of their words, hence the cache.
    """
    if not has_han(word):
        ascii_text = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
        return "-".join(_ASCII_WORD.findall(ascii_text))
    syllables = lazy_pinyin(word, style=Style.NORMAL, errors="default", v_to_u=False)
    return "".join(_ASCII_WORD.findall("".join(syllables).lower()))


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """Return a slug such as 'chongqing-yinhang' for 重庆银行, cut at a word end."""
    words = _segmenter().lcut(text)  # type: ignore[attr-defined]
    parts = [part for part in map(_romanise, words) if part]
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
