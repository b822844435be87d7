"""The facts index: every honour, prize, event and figure of the site.

It holds them with the workers, grids and regions they belong to. Built once per build, in time
linear in stories and people; the honours, events, recaps and regions plugins all read it (see
`index_of`).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import ahocorasick_rs

from gridnews import bodycache, cjk, slugs
from gridnews.errors import Problem
from gridnews.frontmatter import FrontMatterError, load_yaml_file
from gridnews.gazetteer import gazetteer
from gridnews.model import LEVELS, PRIZES, Event, Honour, Roster, Stat, Story, Winner, rate_of
from gridnews.site import record_timing
from gridnews.story import display_path

logger = logging.getLogger(__name__)

ROSTERS = "honours"  # content/honours/*.yml
PEOPLE = "people.yml"  # content/people.yml: aliases editors merge
_REGION_SUFFIX = re.compile(
    r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市|地区|盟|自治州|自治县|自治旗|区|县|旗)$"
)


def stable_id(*parts: object) -> str:
    """An id made from what a record is, so it survives rebuilds and reordering."""
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]


@dataclass
class Source:
    """Where a fact was read: a story (with its page) or a roster file."""

    path: str
    article: Any = None  # the Pelican Article, when the fact comes from a story

    @property
    def url(self) -> str:
        """The source story's URL, if any."""
        return self.article.url if self.article is not None else ""

    @property
    def key(self) -> str:
        """The source story's file under content/ (stories/x.md), for ids and addresses.

        `path` is for messages, relative to the working folder; ids made from it would change
        with the folder a build runs from.
        """
        relative = getattr(self.article, "relative_source_path", None)
        return relative.replace(os.sep, "/") if relative else self.path


@dataclass
class Holder:
    """A grid worker or a grid with a page of their own."""

    kind: str  # worker or grid
    name: str
    region: str  # the county the name is scoped to
    slug: str = ""
    places: set[str] = field(default_factory=set)  # every region path given for them
    grids: set[str] = field(default_factory=set)
    honours: list[HonourEntry] = field(default_factory=list)
    prizes: list[PrizeEntry] = field(default_factory=list)
    stories: list[Any] = field(default_factory=list)  # Articles that name them, newest first
    aliases: tuple[str, ...] = ()
    _story_ids: set[int] = field(default_factory=set, repr=False)

    @property
    def url(self) -> str:
        """The page's URL."""
        return f"{'workers' if self.kind == 'worker' else 'grids'}/{self.slug}/"

    @property
    def place(self) -> str:
        """The most precise region given for them."""
        return (
            max(self.places, key=lambda path: (path.count("/"), path))
            if self.places
            else self.region
        )

    def add_story(self, article: Any) -> None:
        """List a story that names them, once."""
        if id(article) not in self._story_ids:
            self._story_ids.add(id(article))
            self.stories.append(article)

    def years(self) -> list[int]:
        """Years of their honours and prizes, newest first."""
        years = {entry.honour.year for entry in self.honours}
        years |= {entry.event.date.year for entry in self.prizes if entry.event.date}
        return sorted(years, reverse=True)


@dataclass
class HonourEntry:
    """One honour, resolved: its holder, region and source."""

    id: str
    honour: Honour
    region: str
    holder: Holder
    source: Source


@dataclass
class EventEntry:
    """One event, resolved."""

    id: str
    slug: str
    event: Event
    region: str
    source: Source
    winners: list[PrizeEntry] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The event's page."""
        return f"events/{self.slug}/"

    @property
    def year(self) -> int | None:
        """The year it took place."""
        if self.event.date:
            return self.event.date.year
        article = self.source.article
        return article.date.year if article is not None else None


@dataclass
class PrizeEntry:
    """One prize of an event, resolved to the worker who won it."""

    winner: Winner
    holder: Holder
    event: Event
    entry: EventEntry | None = None


@dataclass
class StatEntry:
    """One figure, resolved."""

    id: str
    stat: Stat
    region: str
    year: int | None
    source: Source
    computed_rate: float | None = None


@dataclass
class RegionNode:
    """One level of the administrative hierarchy that the site has something about."""

    path: str
    name: str
    url_path: str
    parent: RegionNode | None = None
    children: list[RegionNode] = field(default_factory=list)
    stories: list[Any] = field(default_factory=list)
    honours: list[HonourEntry] = field(default_factory=list)
    events: list[EventEntry] = field(default_factory=list)
    stats: list[StatEntry] = field(default_factory=list)
    workers: list[Holder] = field(default_factory=list)
    grids: list[Holder] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The region's page."""
        return f"regions/{self.url_path}/"

    @property
    def slug(self) -> str:
        """The region as one slug, for recap pages: sichuan-chengdu-pengzhou."""
        return self.url_path.replace("/", "-")

    @property
    def depth(self) -> int:
        """The level: 1 for a province, 2 for a city, and so on."""
        return self.path.count("/") + 1

    def chain(self) -> list[RegionNode]:
        """The node and its parents, province first (for breadcrumbs)."""
        return [*(self.parent.chain() if self.parent else []), self]

    def walk(self) -> Iterable[RegionNode]:
        """The node and every node below it."""
        yield self
        for child in self.children:
            yield from child.walk()

    def all(self, kind: str) -> list[Any]:
        """Everything of one kind here and below (stories, honours, …), without repeats."""
        seen: dict[int, Any] = {}
        for node in self.walk():
            for item in getattr(node, kind):
                seen.setdefault(id(item), item)
        return list(seen.values())


@dataclass
class FactsIndex:
    """The whole site's facts."""

    honours: list[HonourEntry] = field(default_factory=list)
    events: list[EventEntry] = field(default_factory=list)
    stats: list[StatEntry] = field(default_factory=list)
    workers: dict[tuple[str, str], Holder] = field(default_factory=dict)
    grids: dict[tuple[str, str], Holder] = field(default_factory=dict)
    regions: dict[str, RegionNode] = field(default_factory=dict)
    roots: list[RegionNode] = field(default_factory=list)  # the provinces, in code order
    problems: list[Problem] = field(default_factory=list)

    def years(self) -> list[int]:
        """Every year the site has facts for, newest first."""
        years = {entry.honour.year for entry in self.honours}
        years |= {entry.year for entry in self.stats if entry.year}
        years |= {entry.year for entry in self.events if entry.year}
        return sorted(years, reverse=True)


def _region_key(node: RegionNode) -> tuple[str, str]:
    """Sort regions by their place in the national code list, then by name."""
    code = gazetteer().code_of(node.path) or "~"
    return (code, node.path)


class _Builder:
    """Builds the index from stories, rosters and the alias file."""

    def __init__(
        self, aliases: dict[tuple[str, str, str], str], slug_of: dict[tuple[str, str, str], str]
    ) -> None:
        self.index = FactsIndex()
        self.names = gazetteer()
        self.aliases = aliases  # (kind, alias, county) -> name
        self.slug_of = slug_of  # (kind, name, county) -> slug chosen by an editor
        self._counties: dict[str, str] = {}
        self._events: dict[tuple[Any, ...], EventEntry] = {}
        self._event_slugs: set[str] = set()

    def county(self, region: str) -> str:
        """The county scope of a region, cached (every honour asks)."""
        found = self._counties.get(region)
        if found is None:
            found = self._counties[region] = self.names.county_of(region) or region
        return found

    def holder(self, kind: str, name: str, region: str) -> Holder:
        """The worker or grid a name means in a region; created on first sight."""
        county = self.county(region)
        name = self.aliases.get((kind, name, county), name)
        table = self.index.workers if kind == "worker" else self.index.grids
        found = table.get((name, county))
        if found is None:
            found = table[(name, county)] = Holder(kind, name, county)
        found.places.add(region)
        return found

    def add_story(self, article: Any) -> None:
        """Take the honours, events and stats of one story."""
        story: Story = article.story
        source = Source(display_path(article.source_path), article)
        for honour in story.honours:
            self.add_honour(honour, honour.region or story.region, source)
        for event in story.events:
            self.add_event(event, event.region or story.region, source)
        for stat in story.stats:
            year = stat.year or (article.date.year if article.date else None)
            self.add_stat(stat, stat.region or story.region, year, source, story.stats)

    def add_honour(self, honour: Honour, region: str, source: Source) -> None:
        """Record one honour under its holder."""
        holder = self.holder(honour.kind, honour.name, region)
        if honour.grid:
            holder.grids.add(honour.grid)
        entry = HonourEntry(
            stable_id("honour", honour.kind, holder.name, holder.region, honour.award, honour.year),
            honour,
            region,
            holder,
            source,
        )
        holder.honours.append(entry)
        self.index.honours.append(entry)

    def add_event(self, event: Event, region: str, source: Source) -> None:
        """Record an event and a prize for each of its winners.

        Two stories about one event (same name, date and region) make one event page, with the
        winners of both; two events that would share a slug get the date in the second one's.
        """
        key = (event.name, event.date, region)
        entry = self._events.get(key)
        if entry is None:
            year = (
                event.date.year
                if event.date
                else (source.article.date.year if source.article else "")
            )
            slug = event.slug or slugs.slugify(f"{year} {event.name}")
            if slug in self._event_slugs:
                suffix = event.date.strftime("%m%d") if event.date else source.key
                slug = f"{slug}-{slugs.slugify(suffix) or len(self._event_slugs)}"
            while slug in self._event_slugs:
                slug += "-2"
            self._event_slugs.add(slug)
            entry = EventEntry(stable_id("event", *key), slug, event, region, source)
            self._events[key] = entry
            self.index.events.append(entry)
        named = {(prize.winner.name, prize.winner.prize) for prize in entry.winners}
        for winner in event.winners:
            if (winner.name, winner.prize) in named:
                continue
            holder = self.holder("worker", winner.name, winner.region or region)
            if winner.grid:
                holder.grids.add(winner.grid)
            prize = PrizeEntry(winner, holder, event, entry)
            holder.prizes.append(prize)
            entry.winners.append(prize)
        entry.winners.sort(key=lambda prize: PRIZES.index(prize.winner.prize))

    def add_stat(
        self, stat: Stat, region: str, year: int | None, source: Source, siblings: tuple[Stat, ...]
    ) -> None:
        """Record a figure, with the rate computed from its parts when it names them."""
        computed = None
        if stat.numerator and stat.denominator:
            parts = {other.label: other for other in siblings}
            numerator, denominator = parts.get(stat.numerator), parts.get(stat.denominator)
            if numerator and denominator and denominator.value:
                computed = rate_of(numerator.value, denominator.value, stat.unit)
        entry = StatEntry(
            stable_id("stat", stat.label, region, year, source.key),
            stat,
            region,
            year,
            source,
            computed,
        )
        self.index.stats.append(entry)

    def add_roster(self, roster: Roster, path: str, by_slug: dict[str, Any]) -> None:
        """Take a roster's honours; its source story supplies the link and a default region."""
        article = by_slug.get(roster.source)
        if article is None:
            self.index.problems.append(
                Problem(
                    path,
                    1,
                    "source",
                    f"no story has the slug '{roster.source}'; write the slug "
                    "of the story that reports this list",
                )
            )
        source = Source(path, article)
        default = roster.region or (article.story.region if article is not None else "")
        for honour in roster.honours:
            self.add_honour(honour, honour.region or default, source)


def _load_aliases(root: Path, problems: list[Problem]) -> tuple[dict, dict]:
    """Read content/people.yml: names editors declared to be the same worker or grid."""
    path = root / PEOPLE
    aliases: dict[tuple[str, str, str], str] = {}
    chosen: dict[tuple[str, str, str], str] = {}
    if not path.is_file():
        return aliases, chosen
    shown = display_path(path)
    try:
        matter = load_yaml_file(path.read_text(encoding="utf-8"), shown)
    except FrontMatterError as error:
        problems.append(error.problem)
        return aliases, chosen
    names = gazetteer()
    for key, kind in (("workers", "worker"), ("grids", "grid")):
        for index, item in enumerate(matter.data.get(key) or []):
            where = (key, index)
            if not isinstance(item, dict) or not item.get("name") or not item.get("region"):
                problems.append(
                    Problem(
                        shown,
                        matter.line_of(where),
                        f"{key}[{index}]",
                        "each entry needs name: and region:, with aliases: [other spellings]",
                    )
                )
                continue
            region = str(item["region"])
            problem = names.region_problem(region)
            if problem:
                problems.append(
                    Problem(
                        shown, matter.line_of((*where, "region")), f"{key}[{index}].region", problem
                    )
                )
                continue
            county = names.county_of(region)
            for alias in item.get("aliases") or []:
                aliases[(kind, str(alias), county)] = str(item["name"])
            if item.get("slug"):
                chosen[(kind, str(item["name"]), county)] = str(item["slug"])
    return aliases, chosen


def _read_rosters(root: Path, problems: list[Problem]) -> list[tuple[Roster, str]]:
    """Every valid roster file; the invalid ones become problems."""
    from gridnews.model import validate_roster  # noqa: PLC0415

    out = []
    for path in sorted((root / ROSTERS).glob("*.y*ml")):
        shown = display_path(path)
        try:
            matter = load_yaml_file(path.read_text(encoding="utf-8"), shown)
        except FrontMatterError as error:
            problems.append(error.problem)
            continue
        result = validate_roster(matter, shown)
        problems.extend(result.problems)
        if result.record is not None:
            out.append((result.record, shown))
    return out


def _assign_slugs(index: FactsIndex, chosen: dict[tuple[str, str, str], str]) -> None:
    """Readable, unique slugs: zhangting-pengzhou for 张婷 of 彭州市."""
    for table, kind in ((index.workers, "worker"), (index.grids, "grid")):
        taken: set[str] = set()
        for (name, county), holder in sorted(table.items()):
            base = chosen.get((kind, name, county))
            if base is None:
                place = _REGION_SUFFIX.sub("", county.split("/")[-1]) if county else ""
                stem = slugs.name_slug(name) if kind == "worker" else slugs.slugify(name, 60)
                base = "-".join(part for part in (stem, slugs.slugify(place)) if part) or "x"
            slug, number = base, 2
            while slug in taken:
                slug, number = f"{base}-{number}", number + 1
            taken.add(slug)
            holder.slug = slug


class _Mentions:
    """Finds the workers and grids a story names: one Aho-Corasick pass over its text.

    The names found in a text are kept in the build's body cache, when there is one, by the
    text and the whole list of names (a new name can change which of the others match).
    """

    def __init__(self, holders: list[Holder]) -> None:
        self.by_name: dict[str, list[Holder]] = defaultdict(list)
        for holder in holders:
            for name in (holder.name, *holder.aliases):
                self.by_name[name].append(holder)
        self.names = list(self.by_name)
        self.matcher = (
            ahocorasick_rs.AhoCorasick(
                self.names, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
            )
            if self.names
            else None
        )
        self._salt = ""

    def _found(self, matcher: Any, title: str, html: str) -> list[str]:
        """The names in a story's title and body (HTML), in the order found."""
        text = title + "\n" + cjk.html_to_text(html)
        return [self.names[found] for found, _, _ in matcher.find_matches_as_indexes(text)]

    def of(self, article: Any, html: str) -> list[Holder]:
        """The holders a story names, in the order found, given its body as read (HTML)."""
        matcher = self.matcher
        if matcher is None:
            return []
        if not self._salt:
            version = f"ahocorasick-rs {metadata.version('ahocorasick-rs')}"
            self._salt = bodycache.code_salt(version, "\n".join(sorted(self.names)))
        memo = bodycache.memo("mentions", self._salt)
        title = article.title
        if memo is None:
            names = self._found(matcher, title, html)
        else:
            names = memo.get(f"{title}\0{html}", lambda: self._found(matcher, title, html))
        region = article.story.region
        named = []
        for name in names:
            for holder in self.by_name[name]:
                # A name is that person only in a story about their county (or a place in it).
                if region and (
                    region.startswith(holder.region) or holder.region.startswith(region)
                ):
                    named.append(holder)
        return named


def same_mentions(index: FactsIndex, article: Any, before: str) -> bool:
    """Whether a story's body names the same workers and grids as its body `before` did."""
    mentions = getattr(index, "_mentions", None)  # made once per index, kept beside it
    if mentions is None:
        mentions = _Mentions([*index.workers.values(), *index.grids.values()])
        index._mentions = mentions  # type: ignore[attr-defined]
    now = {id(holder) for holder in mentions.of(article, article._content)}
    return now == {id(holder) for holder in mentions.of(article, before)}


def _scan_mentions(index: FactsIndex, articles: list[Any]) -> None:
    """Find every story that names a worker or grid: one Aho-Corasick pass per story."""
    holders = [*index.workers.values(), *index.grids.values()]
    mentions = _Mentions(holders)
    if mentions.matcher is None:
        return
    for article in articles:
        # The body as read, before Pelican resolves its links: asking for article.content here,
        # before the static files are known, would fix the page with unresolved image links.
        for holder in mentions.of(article, article._content):
            holder.add_story(article)
    for holder in holders:
        for entry in holder.honours:
            if entry.source.article is not None:
                holder.add_story(entry.source.article)
        for prize in holder.prizes:
            if prize.entry is not None and prize.entry.source.article is not None:
                holder.add_story(prize.entry.source.article)
        holder.stories.sort(key=lambda article: (article.date, article.slug), reverse=True)


_PART_SUFFIX = re.compile(f"(?:{_REGION_SUFFIX.pattern[3:-2]}|街道|镇|乡|社区|村)$")


def _region_part(name: str) -> str:
    """One level of a region URL: 四川省 -> sichuan, 天彭街道 -> tianpeng, 宝才社区 -> baocai."""
    short = _PART_SUFFIX.sub("", name)
    return slugs.name_slug(short if len(short) >= 2 else name) or "x"


def _node(index: FactsIndex, path: str) -> RegionNode | None:
    """The node of a region path, created with its parents."""
    if not path:
        return None
    found = index.regions.get(path)
    if found is not None:
        return found
    parts = path.split("/")
    parent = _node(index, "/".join(parts[:-1])) if len(parts) > 1 else None
    part = _region_part(parts[-1])
    siblings = parent.children if parent else index.roots
    if any(sibling.url_path.rsplit("/", 1)[-1] == part for sibling in siblings):
        part = f"{part}-{slugs.slugify(parts[-1])}"
    url_path = f"{parent.url_path}/{part}" if parent else part
    node = RegionNode(path, parts[-1], url_path, parent)
    index.regions[path] = node
    if parent is not None:
        parent.children.append(node)
    else:
        index.roots.append(node)
    return node


def _build_regions(index: FactsIndex, articles: list[Any]) -> None:
    """Place every story, honour, event, figure, worker and grid in the hierarchy."""
    for article in articles:
        node = _node(index, article.story.region)
        if node is not None:
            node.stories.append(article)
    for entry in index.honours:
        node = _node(index, entry.region)
        if node is not None:
            node.honours.append(entry)
    for event in index.events:
        node = _node(index, event.region)
        if node is not None:
            node.events.append(event)
    for stat in index.stats:
        node = _node(index, stat.region)
        if node is not None:
            node.stats.append(stat)
    for holder in [*index.workers.values(), *index.grids.values()]:
        node = _node(index, holder.place)
        if node is not None:
            (node.workers if holder.kind == "worker" else node.grids).append(holder)
    index.roots.sort(key=_region_key)
    for node in index.regions.values():
        node.children.sort(key=_region_key)
        node.stories.sort(key=lambda article: (article.date, article.slug), reverse=True)


def build_index(articles: list[Any], content_root: Path) -> FactsIndex:
    """Build the index from published stories and the roster and alias files under content/."""
    problems: list[Problem] = []
    aliases, chosen = _load_aliases(content_root, problems)
    builder = _Builder(aliases, chosen)
    builder.index.problems = problems
    articles = sorted(articles, key=lambda article: article.source_path)
    for article in articles:
        builder.add_story(article)
    by_slug = {article.slug: article for article in articles}
    for roster, path in _read_rosters(content_root, problems):
        builder.add_roster(roster, path, by_slug)
    index = builder.index
    for (kind, alias, county), name in aliases.items():
        table = index.workers if kind == "worker" else index.grids
        if (name, county) in table:
            table[(name, county)].aliases += (alias,)
    _assign_slugs(index, chosen)
    _scan_mentions(index, articles)
    _build_regions(index, articles)
    index.honours.sort(key=honour_order)
    index.events.sort(key=lambda e: (e.event.date or _NO_DATE, e.slug), reverse=True)
    return index


_NO_DATE = datetime.date(1, 1, 1)


def honour_order(entry: HonourEntry) -> tuple[Any, ...]:
    """Newest year first, then level (国家级 first), award, holder."""
    return (
        -entry.honour.year,
        LEVELS.index(entry.honour.level),
        entry.honour.award,
        entry.holder.name,
    )


def index_of(context: dict[str, Any]) -> FactsIndex:
    """The index of this build, built once and kept on Pelican's shared context."""
    index = context.get("gridnews_index")
    if index is None:
        content = Path(context["PATH"]) if "PATH" in context else Path("content")
        began = time.perf_counter()
        index = build_index(list(context.get("articles", [])), content)
        seconds = time.perf_counter() - began
        logger.info(
            "Facts index: %d honours, %d events, %d figures, %d workers, %d grids, %d regions"
            " in %.2f s",
            len(index.honours),
            len(index.events),
            len(index.stats),
            len(index.workers),
            len(index.grids),
            len(index.regions),
            seconds,
        )
        record_timing(context, "index_s", seconds)
        for problem in index.problems:
            logger.error("%s", problem)
        context["gridnews_index"] = index
        context["region_urls"] = {path: node.url for path, node in index.regions.items()}
    return index
