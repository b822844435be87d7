"""Reading aids for story pages: length and reading time, previous and next, related stories.

Related stories come first from the same region (the more precise the shared region, the
earlier), then from the same people (workers and grids the facts index finds in both stories).
Each story's candidates are its nearest neighbours in time within each of its regions and for
each person it names, so the work stays linear in stories; the order is fixed: shared region
depth, shared people, nearness in time, then slug.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gridnews import bodycache, cjk

READING_SPEED = 400  # Chinese characters a minute
RELATED_MOST = 5
WINDOW = 5  # neighbours on each side taken from each region and each person

# Chinese text counts by the character; a run of Latin letters and digits counts as one word
# (227693, Hi, 1+3+N as three). Counting what is left when everything but Chinese is cut out is
# twice as fast as finding each character.
_NOT_HAN = re.compile(f"[^{cjk.HAN}]+")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.,][0-9]+)*")


@dataclass(frozen=True)
class Reading:
    """How long a story is and how long it takes to read."""

    characters: int
    minutes: int

    def __str__(self) -> str:
        """全文约1,234字，阅读约3分钟."""
        return f"全文约{self.characters:,}字，阅读约{self.minutes}分钟"


def count_characters(text: str) -> int:
    """Count Chinese characters, and each Latin word or number as one; punctuation is free."""
    return len(_NOT_HAN.sub("", text)) + len(_WORD.findall(text))


@functools.cache
def _salt() -> str:
    return bodycache.code_salt(Path(__file__))


def reading_of(html: str, speed: int = READING_SPEED) -> Reading:
    """The length of a story body (HTML) and its reading time, at least one minute.

    Lengths are kept in the build's body cache, when there is one, by the body's text.
    """
    memo = bodycache.memo("length", _salt())
    if memo is None:
        characters = count_characters(cjk.html_to_text(html))
    else:
        characters = memo.get(html, lambda: count_characters(cjk.html_to_text(html)))
    return Reading(characters, max(1, math.ceil(characters / speed)))


def _order(article: Any) -> tuple[Any, str]:
    return (article.date, article.slug)


def neighbours(articles: Iterable[Any]) -> dict[int, tuple[Any, Any]]:
    """Each story's previous (older) and next (newer) story, by date then slug."""
    ordered = sorted(articles, key=_order)
    out: dict[int, tuple[Any, Any]] = {}
    for position, article in enumerate(ordered):
        older = ordered[position - 1] if position > 0 else None
        newer = ordered[position + 1] if position + 1 < len(ordered) else None
        out[id(article)] = (older, newer)
    return out


class _Buckets:
    """Stories grouped under keys, each group in time order, with every story's place in it."""

    def __init__(self) -> None:
        self.members: dict[Any, list[Any]] = defaultdict(list)
        self.place: dict[tuple[Any, int], int] = {}

    def add(self, key: Any, article: Any) -> None:
        self.members[key].append(article)

    def seal(self) -> None:
        for key, group in self.members.items():
            group.sort(key=_order)
            for position, article in enumerate(group):
                self.place[(key, id(article))] = position

    def near(self, key: Any, article: Any, window: int) -> Sequence[Any]:
        """The stories of a group nearest in time to one of its stories."""
        group = self.members[key]
        position = self.place[(key, id(article))]
        return group[max(0, position - window) : position + window + 1]


def related(
    articles: Sequence[Any],
    people: dict[int, set[Any]],
    *,
    most: int = RELATED_MOST,
    window: int = WINDOW,
) -> dict[int, list[Any]]:
    """Up to `most` related stories for each story (see the module's docstring for the order).

    `people` maps id(article) to keys of the people (workers, grids) the story names; keys must
    sort, so that the result does not depend on set order.
    """
    nobody: frozenset[Any] = frozenset()
    # each story's region, cut into levels once (a story is ranked against about fifty others)
    levels = {id(article): (article.story.region or "").split("/") for article in articles}
    buckets = _Buckets()
    for article in articles:
        parts = [part for part in levels[id(article)] if part]
        for depth in range(1, len(parts) + 1):
            buckets.add(("region", "/".join(parts[:depth])), article)
        for person in people.get(id(article), ()):
            buckets.add(("person", person), article)
    buckets.seal()
    out: dict[int, list[Any]] = {}
    for article in articles:
        named = people.get(id(article), nobody)
        own = levels[id(article)]
        parts = [part for part in own if part]
        keys = [("region", "/".join(parts[:depth])) for depth in range(1, len(parts) + 1)]
        keys += [("person", person) for person in sorted(named)]
        candidates: dict[int, Any] = {}
        for key in keys:
            for other in buckets.near(key, article, window):
                if other is not article:
                    candidates.setdefault(id(other), other)
        date = article.date
        # deeper shared region, more shared people, nearer in time, slug; then the order found
        ranked = sorted(
            (
                -_shared_depth(own, levels[id(other)]),
                -len(named & people.get(id(other), nobody)),
                abs((other.date - date).total_seconds()),
                other.slug,
                position,
                other,
            )
            for position, other in enumerate(candidates.values())
        )
        out[id(article)] = [entry[-1] for entry in ranked[:most]]
    return out


def related_kept(
    articles: Sequence[Any],
    people: dict[int, set[Any]],
    *,
    most: int = RELATED_MOST,
    window: int = WINDOW,
) -> dict[int, list[Any]]:
    """related(), kept in the build's body cache by everything the choice is made from.

    That is each story's slug, date, region and people, in the order given: an edit to a story's
    text alone changes none of them, so the whole choice is found in the cache. The choice is
    kept as positions in `articles`.
    """
    memo = bodycache.memo("related", _salt())
    if memo is None:
        return related(articles, people, most=most, window=window)
    lines = [f"{most} {window}"]
    for article in articles:
        named = "\x1f".join(sorted(map(str, people.get(id(article), ()))))
        region = article.story.region or ""
        lines.append(f"{article.slug}\x1e{article.date.isoformat()}\x1e{region}\x1e{named}")

    def choose() -> list[list[int]]:
        position = {id(article): number for number, article in enumerate(articles)}
        chosen = related(articles, people, most=most, window=window)
        return [[position[id(other)] for other in chosen[id(article)]] for article in articles]

    picked = memo.get("\n".join(lines), choose)
    return {
        id(article): [articles[number] for number in numbers]
        for article, numbers in zip(articles, picked, strict=True)
    }


def _shared_depth(first: list[str], second: list[str]) -> int:
    """How many levels two region paths (cut at "/") share.

    四川省/成都市/彭州市 and 四川省/成都市 share 2.
    """
    depth = 0
    for one, two in zip(first, second, strict=False):
        if not one or one != two:
            break
        depth += 1
    return depth
