"""The content model: what a story's front matter may hold, and the one validator for it.

The importer, the Pelican plugins and `gridnews check` all call `validate_story` (or
`validate_roster`), so a file that passes here builds everywhere. Every problem names the file,
the line, the field, and what to write instead. docs/content-model.md describes the same model
for editors.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from gridnews.errors import Problem
from gridnews.frontmatter import FieldPath, FrontMatter, dotted
from gridnews.gazetteer import gazetteer

TIMEZONE = ZoneInfo("Asia/Shanghai")

LEVELS = ("国家级", "省级", "市级", "县级", "乡镇级")
PRIZES = ("特等奖", "一等奖", "二等奖", "三等奖", "优秀奖")
HONOUR_KINDS = ("worker", "grid")
STATUSES = ("published", "draft", "hidden")
# Grid counts that region pages roll up from children to parents.
METRICS = {
    "grids": "网格数",
    "micro_grids": "微网格数",
    "workers": "网格员数",
    "full_time_workers": "专职网格员数",
    "part_time_workers": "兼职网格员数",
}
REGION_MAX_DEPTH = 5
FIRST_YEAR, LAST_YEAR = 1949, 2100

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"[、，,；;／]|\s{2,}| (?=\S)")
_DATE_HINT = "an ISO 8601 date such as 2021-12-14, or a time such as 2021-12-14T16:58:19+08:00"


@dataclass(frozen=True)
class Credit:
    """A person or organisation credited for a story, with an optional role (通讯员, 本刊记者)."""

    name: str
    role: str = ""


@dataclass(frozen=True)
class Honour:
    """An award held by a grid worker or a grid."""

    name: str
    kind: str
    award: str
    year: int
    level: str
    issuer: str = ""
    region: str = ""
    grid: str = ""
    count: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Winner:
    """A prize in an event: who won it, with which work, from which grid."""

    name: str
    prize: str
    work: str = ""
    grid: str = ""
    region: str = ""


@dataclass(frozen=True)
class Event:
    """A contest or other event reported by a story."""

    name: str
    date: dt.date | None = None
    place: str = ""
    organiser: str = ""
    region: str = ""
    forms: tuple[str, ...] = ()
    winners: tuple[Winner, ...] = ()
    slug: str = ""


@dataclass(frozen=True)
class Stat:
    """One figure reported by a story: a count, an amount or a rate."""

    label: str
    value: int | float
    unit: str = ""
    year: int | None = None
    region: str = ""
    approximate: bool = False
    metric: str = ""
    numerator: str = ""
    denominator: str = ""


@dataclass(frozen=True)
class Review:
    """What an importer suggested and no editor has confirmed yet; never published."""

    honours: tuple[Honour, ...] = ()
    events: tuple[Event, ...] = ()
    stats: tuple[Stat, ...] = ()
    date: dt.datetime | None = None
    notes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        """Return True when anything awaits an editor."""
        return bool(self.honours or self.events or self.stats or self.date or self.notes)


@dataclass
class Story:
    """One story (or page), as its front matter describes it."""

    title: str
    date: dt.datetime | None = None
    slug: str = ""
    source: str = ""
    source_url: str = ""
    via: str = ""
    authors: tuple[Credit, ...] = ()
    editors: tuple[Credit, ...] = ()
    photographers: tuple[Credit, ...] = ()
    region: str = ""
    category: str = ""
    tags: tuple[str, ...] = ()
    image: str = ""
    summary: str = ""
    lang: str = ""
    status: str = "published"
    modified: dt.datetime | None = None
    template: str = ""
    honours: tuple[Honour, ...] = ()
    events: tuple[Event, ...] = ()
    stats: tuple[Stat, ...] = ()
    review: Review = field(default_factory=Review)


@dataclass
class Roster:
    """A long list of honours kept in its own file (content/honours/*.yml)."""

    source: str
    region: str = ""
    honours: tuple[Honour, ...] = ()


@dataclass
class Result:
    """What validation produced: the typed record (None when errors stop it) and all problems."""

    record: Any
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        """Return only the problems that are errors."""
        return [p for p in self.problems if p.severity == "error"]


class _FieldError(Exception):
    """Raised by a field converter; the message says what is wrong and what to write instead."""


def _fail(message: str) -> NoReturn:
    """Stop converting a field with a message for the editor."""
    raise _FieldError(message)


# --- field converters: each takes the raw YAML value and returns the typed value -------------


def _text(value: Any) -> str:
    """A single line or paragraph of text."""
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        _fail(f"expected text, got {_shown(value)}; write the text itself")
    text = str(value).strip()
    if not text:
        _fail("is empty; write the text or remove the line")
    return text


def _text_list(value: Any) -> tuple[str, ...]:
    """A list of short texts; one bare text without separators counts as a list of one."""
    if isinstance(value, str):
        if _NAME_SEPARATORS.search(value.strip()):
            parts = [p for p in _NAME_SEPARATORS.split(value.strip()) if p]
            _fail(f"looks like several items in one text; write a list: [{', '.join(parts)}]")
        return (_text(value),)
    if not isinstance(value, list):
        _fail(f"expected a list, got {_shown(value)}; write [第一项, 第二项]")
    return tuple(_text(item) for item in value)


def _credits(value: Any) -> tuple[Credit, ...]:
    """People or organisations: names, or {name, role} mappings."""
    items = [value] if isinstance(value, str | dict) else value
    if not isinstance(items, list):
        _fail(f"expected a list of names, got {_shown(value)}; write [朱爱春, 潘潇]")
    credits = []
    for item in items:
        if isinstance(item, dict):
            unknown = set(item) - {"name", "role"}
            if unknown or "name" not in item:
                _fail("a credit is a name, or {name: 杨婷, role: 本刊记者}")
            credits.append(
                Credit(_text(item["name"]), _text(item.get("role", "")) if item.get("role") else "")
            )
        else:
            names = _text_list(item) if isinstance(item, str) else (_text(item),)
            credits.extend(Credit(name) for name in names)
    return tuple(credits)


def _year(value: Any) -> int:
    """A four-digit year."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        _fail(f"expected a year such as 2021, got {_shown(value)}")
    text = str(value).strip().removesuffix("年")
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        _fail(f"'{value}' is not a year; write four digits such as 2021")
    return int(text)


def _number(value: Any) -> int | float:
    """A plain number: 425000, 99.3."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        hint = ""
        if isinstance(value, str) and re.search(r"\d", value):
            hint = " (write 42.5万 as 425000, 99.3% as 99.3 with unit: '%')"
        _fail(f"expected a number, got {_shown(value)}; write the number alone{hint}")
    return value


def _count(value: Any) -> int:
    """A whole number of two or more (the size of a group)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 2:
        _fail(f"expected a whole number of 2 or more, got {_shown(value)}")
    return value


def _flag(value: Any) -> bool:
    """True or false."""
    if not isinstance(value, bool):
        _fail(f"expected true or false, got {_shown(value)}")
    return value


def _choice(options: tuple[str, ...] | Mapping[str, str]) -> Callable[[Any], str]:
    """One of a fixed set of values."""

    def convert(value: Any) -> str:
        text = _text(value)
        if text not in options:
            close = difflib.get_close_matches(text, list(options), n=1, cutoff=0.5)
            hint = f" (did you mean {close[0]}?)" if close else ""
            _fail(f"'{text}' is not allowed{hint}; write one of {', '.join(options)}")
        return text

    return convert


def _datetime(value: Any) -> dt.datetime:
    """A date or date and time; naive times are read as Asia/Shanghai."""
    text = _text(value)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = dt.date.fromisoformat(text)
            return dt.datetime(day.year, day.month, day.day, tzinfo=TIMEZONE)
        moment = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        _fail(f"'{text}' is not a date; write {_DATE_HINT}")
    if not re.match(r"\d{4}-\d{2}-\d{2}", text):
        _fail(f"'{text}' is not a date; write {_DATE_HINT}")
    return moment if moment.tzinfo else moment.replace(tzinfo=TIMEZONE)


def _date(value: Any) -> dt.date:
    """A calendar date."""
    text = _text(value)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _fail(f"'{text}' is not a date; write it as 2022-09-07")


def _slug(value: Any) -> str:
    """Lower-case ASCII words joined by hyphens."""
    text = _text(value)
    if not _SLUG.match(text):
        _fail(
            f"'{text}' is not a slug; use lower-case letters, digits and hyphens: yumen-wangge-2021"
        )
    return text


def _url(value: Any) -> str:
    """An absolute http(s) address."""
    text = _text(value)
    if not _URL.match(text):
        _fail(f"'{text}' is not a web address; write the full address starting with https://")
    return text


def _image(value: Any) -> str:
    """A local image path under content/ or an http(s) address."""
    text = _text(value)
    if text.lower().startswith(("http://", "https://")):
        return _url(text)
    if text.startswith("/") or ".." in text.split("/"):
        _fail(
            f"'{text}' is not a path inside content/; "
            "write images/<file> or a full https:// address"
        )
    return text.removeprefix("{static}/").removeprefix("{static}")


def _region(value: Any) -> str:
    """An administrative path joined by '/': 四川省/成都市/彭州市."""
    text = _text(value)
    parts = text.split("/")
    if any(not part.strip() or part != part.strip() or " " in part for part in parts):
        _fail(
            f"'{text}' has an empty or spaced part; "
            "write the levels joined by '/': 四川省/成都市/彭州市"
        )
    if len(parts) > REGION_MAX_DEPTH:
        _fail(
            f"'{text}' has {len(parts)} levels; at most {REGION_MAX_DEPTH} (省/市/区县/街镇/社区)"
        )
    problem = gazetteer().region_problem(text)
    if problem:
        _fail(f"{problem}; write the official names from the province down")
    return text


def _lang(value: Any) -> str:
    """A language tag: zh-CN, zh-Hant."""
    text = _text(value)
    if not _LANG.match(text):
        _fail(f"'{text}' is not a language tag; write zh-CN, or zh-Hant for traditional characters")
    return text


def _notes(value: Any) -> tuple[str, ...]:
    """Free notes for the editor."""
    if isinstance(value, str):
        return (_text(value),)
    if not isinstance(value, list):
        _fail(f"expected a list of notes, got {_shown(value)}")
    return tuple(_text(item) for item in value)


def _work(value: Any) -> str:
    """A title of a work, stored without 《》 (the theme adds them)."""
    return _text(value).strip("《》「」“”\"'")


def _shown(value: Any) -> str:
    """Describe a raw value in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


# --- record schemas ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One field of a record: how to convert it and whether it must be present."""

    convert: Callable[[Any], Any]
    required: bool = False
    example: str = ""


HONOUR_FIELDS: dict[str, Spec] = {
    "name": Spec(_text, True, "name: 张婷"),
    "kind": Spec(_choice(HONOUR_KINDS), True, "kind: worker"),
    "award": Spec(_text, True, "award: 十大明星网格员"),
    "year": Spec(_year, True, "year: 2018"),
    "level": Spec(_choice(LEVELS), True, "level: 市级"),
    "issuer": Spec(_text, False, "issuer: 成都市"),
    "region": Spec(_region),
    "grid": Spec(_text),
    "count": Spec(_count),
    "note": Spec(_text),
}
WINNER_FIELDS: dict[str, Spec] = {
    "name": Spec(_text, True, "name: 祁娟"),
    "prize": Spec(_choice(PRIZES), True, "prize: 一等奖"),
    "work": Spec(_work),
    "grid": Spec(_text),
    "region": Spec(_region),
}
EVENT_FIELDS: dict[str, Spec] = {
    "name": Spec(_text, True, "name: 网格故事讲述活动"),
    "date": Spec(_date),
    "place": Spec(_text),
    "organiser": Spec(_text),
    "region": Spec(_region),
    "forms": Spec(_text_list),
    "winners": Spec(lambda value: value),  # validated item by item below
    "slug": Spec(_slug),
}
STAT_FIELDS: dict[str, Spec] = {
    "label": Spec(_text, True, "label: 上报事件"),
    "value": Spec(_number, True, "value: 227693"),
    "unit": Spec(_text),
    "year": Spec(_year),
    "region": Spec(_region),
    "approximate": Spec(_flag),
    "metric": Spec(_choice(METRICS)),
    "numerator": Spec(_text),
    "denominator": Spec(_text),
}
REVIEW_KEYS = ("honours", "events", "stats", "date", "notes")
STORY_FIELDS: dict[str, Spec] = {
    "title": Spec(_text, True, "title: 玉门：2021这一年，我们的网格记忆"),
    "date": Spec(_datetime, False, "date: 2021-12-14T16:58:19+08:00"),
    "slug": Spec(_slug),
    "source": Spec(_text),
    "source_url": Spec(_url),
    "via": Spec(_text),
    "authors": Spec(_credits),
    "editors": Spec(_credits),
    "photographers": Spec(_credits),
    "region": Spec(_region),
    "category": Spec(_text),
    "tags": Spec(_text_list),
    "image": Spec(_image),
    "summary": Spec(_text),
    "lang": Spec(_lang),
    "status": Spec(_choice(STATUSES)),
    "modified": Spec(_datetime),
    "template": Spec(_text),
    "honours": Spec(lambda value: value),
    "events": Spec(lambda value: value),
    "stats": Spec(lambda value: value),
    "review": Spec(lambda value: value),
}
ROSTER_FIELDS: dict[str, Spec] = {
    "source": Spec(_text, True, "source: pengzhou-2018-youxiu-wangge (the slug of the story)"),
    "region": Spec(_region),
    "honours": Spec(lambda value: value, True, "honours: [...]"),
}


class _Checker:
    """Collects problems for one file while records are converted."""

    def __init__(self, path: str, matter: FrontMatter) -> None:
        self.path = path
        self.matter = matter
        self.problems: list[Problem] = []

    def problem(self, where: FieldPath, message: str, severity: str = "error") -> None:
        """Record one problem at a field."""
        self.problems.append(
            Problem(self.path, self.matter.line_of(where), dotted(where), message, severity)  # type: ignore[arg-type]
        )

    def record(
        self, raw: Any, where: FieldPath, specs: dict[str, Spec], what: str
    ) -> dict[str, Any] | None:
        """Convert a mapping field by field; None when it is not a mapping or misses a field."""
        if not isinstance(raw, dict):
            example = ", ".join(spec.example for spec in specs.values() if spec.required)
            self.problem(where, f"each {what} is a mapping of fields, such as {{{example}}}")
            return None
        values: dict[str, Any] = {}
        complete = True
        for key, value in raw.items():
            spec = specs.get(key)
            if spec is None:
                self._unknown(where, key, specs)
                continue
            if value is None and not spec.required:
                continue
            try:
                values[key] = spec.convert(value)
            except _FieldError as error:
                self.problem((*where, key), str(error))
                complete = complete and not spec.required
        for key, spec in specs.items():
            if spec.required and key not in raw:
                self.problem(
                    (*where, key), f"'{key}' is missing; add it, for example {spec.example}"
                )
                complete = False
        return values if complete else None

    def _unknown(self, where: FieldPath, key: str, specs: Mapping[str, Spec]) -> None:
        """Report a key the model does not know, with the closest known one."""
        close = difflib.get_close_matches(key, list(specs), n=1, cutoff=0.6)
        aliases = {
            "author": "authors",
            "editor": "editors",
            "tag": "tags",
            "categories": "category",
            "honors": "honours",
            "organizer": "organiser",
            "thumbnail": "image",
            "headimg": "image",
        }
        suggestion = aliases.get(key) or (close[0] if close else None)
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        self.problem(
            (*where, key),
            f"'{key}' is not a field of the content model{hint} (known fields: {', '.join(specs)})",
        )

    def items(self, raw: Any, where: FieldPath, what: str) -> list[tuple[FieldPath, Any]]:
        """Return (path, item) for each item of a list field, reporting a non-list."""
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problem(where, f"expected a list of {what}s, each starting with '- '")
            return []
        return [((*where, index), item) for index, item in enumerate(raw)]

    def honours(self, raw: Any, where: FieldPath) -> tuple[Honour, ...]:
        """Convert an honours list."""
        out = []
        for path, item in self.items(raw, where, "honour"):
            values = self.record(item, path, HONOUR_FIELDS, "honour")
            if values is not None:
                out.append(Honour(**values))
        return tuple(out)

    def events(self, raw: Any, where: FieldPath) -> tuple[Event, ...]:
        """Convert an events list, winners included."""
        out = []
        for path, item in self.items(raw, where, "event"):
            values = self.record(item, path, EVENT_FIELDS, "event")
            if values is None:
                continue
            winners = []
            for wpath, winner in self.items(
                values.pop("winners", None), (*path, "winners"), "winner"
            ):
                wvalues = self.record(winner, wpath, WINNER_FIELDS, "winner")
                if wvalues is not None:
                    winners.append(Winner(**wvalues))
            values["forms"] = tuple(values.get("forms", ()))
            out.append(Event(**values, winners=tuple(winners)))
        return tuple(out)

    def stats(self, raw: Any, where: FieldPath) -> tuple[Stat, ...]:
        """Convert a stats list and check stated rates against their parts."""
        converted: list[tuple[FieldPath, Stat]] = []
        for path, item in self.items(raw, where, "stat"):
            values = self.record(item, path, STAT_FIELDS, "stat")
            if values is not None:
                converted.append((path, Stat(**values)))
        by_label = {stat.label: stat for _, stat in converted}
        for path, stat in converted:
            self._check_rate(path, stat, by_label)
        return tuple(stat for _, stat in converted)

    def _check_rate(self, path: FieldPath, stat: Stat, by_label: dict[str, Stat]) -> None:
        """A rate that names its parts must equal numerator / denominator at its precision."""
        if not (stat.numerator or stat.denominator):
            return
        if not (stat.numerator and stat.denominator):
            self.problem(
                path, "a rate needs both 'numerator' and 'denominator' (labels of other stats)"
            )
            return
        parts = []
        for key in ("numerator", "denominator"):
            label = getattr(stat, key)
            part = by_label.get(label)
            if part is None:
                self.problem(
                    (*path, key),
                    f"no stat is labelled '{label}' in this list; "
                    f"use one of: {', '.join(sorted(by_label))}",
                )
                return
            parts.append(part)
        numerator, denominator = parts
        if denominator.value == 0:
            self.problem(
                (*path, "denominator"), f"'{denominator.label}' is 0; a rate cannot divide by it"
            )
            return
        computed = rate_of(numerator.value, denominator.value, stat.unit)
        if stat.approximate or numerator.approximate or denominator.approximate:
            return
        if abs(computed - stat.value) > rate_tolerance(stat.value):
            self.problem(
                (*path, "value"),
                f"{stat.value}{stat.unit} contradicts its parts: {numerator.value} / "
                f"{denominator.value} = {computed:.2f}{stat.unit}; correct the value or the parts",
            )


def rate_of(numerator: float, denominator: float, unit: str) -> float:
    """Compute a rate in the stat's unit (percent unless the unit says otherwise)."""
    scale = 1000 if unit == "‰" else (1 if unit in ("", "倍") else 100)
    return numerator / denominator * scale


def rate_tolerance(value: float) -> float:
    """Half a unit of the stated value's last decimal: 99.3 allows ±0.05."""
    text = repr(float(value))
    decimals = len(text.split(".")[1].rstrip("0")) if "." in text else 0
    return 0.5 * 10 ** (-decimals) + 1e-9


def validate_story(matter: FrontMatter, path: str, *, page: bool = False) -> Result:
    """Validate one story's (or page's) front matter: a typed Story, or None, and all problems."""
    check = _Checker(path, matter)
    values = check.record(matter.data, (), STORY_FIELDS, "story")
    data = matter.data
    blocks = {
        "honours": check.honours(data.get("honours"), ("honours",)),
        "events": check.events(data.get("events"), ("events",)),
        "stats": check.stats(data.get("stats"), ("stats",)),
        "review": _review(check, data.get("review")),
    }
    status = data.get("status", "published")
    if not page and status == "published" and "date" not in data and "title" in data:
        check.problem(
            ("title",),
            "a published story needs 'date'; write the publication date, e.g. "
            "date: 2021-12-14T16:58:19+08:00, or set status: draft until it is known",
        )
    if values is not None and not values.get("region"):
        _check_places(check, blocks["honours"], blocks["events"])
    if values is None or any(p.severity == "error" for p in check.problems):
        return Result(None, check.problems)
    values.update(blocks)
    return Result(Story(**values), check.problems)


def _check_places(check: _Checker, honours: tuple[Honour, ...], events: tuple[Event, ...]) -> None:
    """Without a story region, every honour and event needs its own: a name is not a person."""
    for index, honour in enumerate(honours):
        if not honour.region:
            check.problem(
                ("honours", index, "name"),
                f"{honour.name} has no region and the story has none; add region: to the honour "
                "or the story (a worker is a name within a region)",
            )
    for index, event in enumerate(events):
        if not event.region and any(not winner.region for winner in event.winners):
            check.problem(
                ("events", index, "name"),
                f"{event.name} has no region and the story has none; add region: to the event or "
                "the story",
            )


def _review(check: _Checker, raw: Any) -> Review:
    """Validate the review block: suggested honours, events, stats, a date and notes."""
    if raw is None:
        return Review()
    if not isinstance(raw, dict):
        check.problem(("review",), f"expected a mapping with some of: {', '.join(REVIEW_KEYS)}")
        return Review()
    for key in raw:
        if key not in REVIEW_KEYS:
            check.problem(
                ("review", key), f"'{key}' is not a review field; use {', '.join(REVIEW_KEYS)}"
            )
    date = None
    if raw.get("date") is not None:
        try:
            date = _datetime(raw["date"])
        except _FieldError as error:
            check.problem(("review", "date"), str(error))
    notes: tuple[str, ...] = ()
    if raw.get("notes") is not None:
        try:
            notes = _notes(raw["notes"])
        except _FieldError as error:
            check.problem(("review", "notes"), str(error))
    return Review(
        honours=check.honours(raw.get("honours"), ("review", "honours")),
        events=check.events(raw.get("events"), ("review", "events")),
        stats=check.stats(raw.get("stats"), ("review", "stats")),
        date=date,
        notes=notes,
    )


def validate_roster(matter: FrontMatter, path: str) -> Result:
    """Validate a roster file (content/honours/*.yml): a source story and a list of honours."""
    check = _Checker(path, matter)
    values = check.record(matter.data, (), ROSTER_FIELDS, "roster")
    honours = check.honours(matter.data.get("honours"), ("honours",))
    if values is not None and not values.get("region"):
        _check_places(check, honours, ())
    roster = None
    if values is not None and not any(p.severity == "error" for p in check.problems):
        roster = Roster(source=values["source"], region=values.get("region", ""), honours=honours)
    return Result(roster, check.problems)
