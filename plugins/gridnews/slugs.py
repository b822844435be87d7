"""Short readable ASCII slugs from Chinese text, with the right reading of polyphones."""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Callable
from typing import Protocol

from gridnews.cjk import has_han

MAX_LENGTH = 50
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_TOWN_SUFFIX = re.compile(r"(?:街道|镇|乡)$")
PLACE_WORD_FREQUENCY = 1000
# Polyphones that place names read their own way: 盐都 yándū (not dōu), 朝阳 cháoyáng.
PLACE_READINGS = {"都": "dū", "朝阳": "cháo yáng"}
# Words of the field that jieba's general dictionary splits (网格员 would become 网格 + 员帮).
DOMAIN_WORDS = ("网格员", "网格长", "网格化", "专职网格员", "兼职网格员", "微网格", "光荣榜")


@functools.cache
def _segmenter() -> object:
    """Load jieba once, quietly, knowing every place name (文登区 and 天彭街道 stay one word)."""
    import jieba  # noqa: PLC0415 - loading the dictionary costs ~0.6 s; only when a slug is needed

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for name in _place_names():
        jieba.add_word(name, freq=PLACE_WORD_FREQUENCY)
    for word in DOMAIN_WORDS:
        jieba.add_word(word, freq=PLACE_WORD_FREQUENCY)
    return jieba


@functools.cache
def _place_names() -> frozenset[str]:
    """Division names and their short forms (文登区, 文登, 天彭街道, 天彭)."""
    from gridnews.gazetteer import gazetteer  # noqa: PLC0415 - the division list is large

    names: set[str] = set()
    for division in gazetteer().divisions.values():
        names.add(division.name)
        if division.short:
            names.add(division.short)
        base = _TOWN_SUFFIX.sub("", division.name)
        if division.level == 4 and len(base) >= 2:
            names.add(base)
    return frozenset(names)


@functools.cache
def _add_place_readings() -> None:
    """Teach pypinyin the place-name readings of PLACE_READINGS for every place that uses them."""
    from pypinyin import Style, lazy_pinyin, load_phrases_dict  # noqa: PLC0415 - see _romanise

    phrases: dict[str, list[list[str]]] = {}
    for name in _place_names():
        for written, reading in PLACE_READINGS.items():
            if written not in name:
                continue
            syllables = [[syllable] for syllable in lazy_pinyin(name, style=Style.TONE)]
            if len(syllables) != len(name):
                continue
            start = name.index(written)
            for offset, syllable in enumerate(reading.split()):
                syllables[start + offset] = [syllable]
            phrases[name] = syllables
    for written, reading in PLACE_READINGS.items():
        if len(written) > 1:
            phrases[written] = [[syllable] for syllable in reading.split()]
    load_phrases_dict(phrases)


@functools.lru_cache(maxsize=65536)
def _romanise(word: str) -> str:
    """Write one word in toneless pinyin without separators (银行 -> yinhang).

    pypinyin reads the word with its phrase dictionary, so polyphones inside a word (重庆, 行长)
    get their reading in context. Titles share most of their words, hence the cache.
    """
    if not has_han(word):
        ascii_text = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
        return "-".join(_ASCII_WORD.findall(ascii_text))
    # imported here: its tables take 0.1 s to load, and a build whose slugs are all kept in
    # the body cache needs none
    from pypinyin import Style, lazy_pinyin  # noqa: PLC0415

    _add_place_readings()
    syllables = lazy_pinyin(word, style=Style.NORMAL, errors="default", v_to_u=False)
    return "".join(_ASCII_WORD.findall("".join(syllables).lower()))


class SlugStore(Protocol):
    """Where slugs are kept between runs (a build's body cache)."""

    def slug(self, kind: str, text: str) -> str | None:
        """The slug kept for text, or None."""

    def put_slug(self, kind: str, text: str, slug: str) -> None:
        """Keep a slug."""


_store: SlugStore | None = None


def keep_in(store: SlugStore | None) -> None:
    """Keep the slugs made from now on in store, and take known ones from it (None: don't).

    Cutting text into words needs jieba's dictionary, which takes most of a second to load;
    a build whose names and titles were all seen before then never loads it.
    """
    global _store  # noqa: PLW0603 - one build per process
    _store = store


def _kept(kind: str, text: str, make: Callable[[], str]) -> str:
    """A slug from the store, or made and kept there."""
    store = _store
    if store is None:
        return make()
    slug = store.slug(kind, text)
    if slug is None:
        slug = make()
        store.put_slug(kind, text, slug)
    return slug


@functools.lru_cache(maxsize=65536)  # names, tags and categories repeat across thousands of stories
def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """Return a slug such as 'chongqing-yinhang' for 重庆银行, cut at a word end."""
    return _kept(f"words {max_length}", text, lambda: _slugify(text, max_length))


def _slugify(text: str, max_length: int) -> str:
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
    if not has_han(name):
        return slugify(name)
    return _kept("name", name, lambda: _romanise(name))
