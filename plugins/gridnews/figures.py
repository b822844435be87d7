"""Figures for recaps and region pages: yearly tables, changes, roll-ups, and SVG charts."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from gridnews.index import FactsIndex, RegionNode, StatEntry
from gridnews.model import METRICS

# Chart geometry, in CSS pixels: the chart has no viewBox, so nothing is scaled down to fit a
# phone; each row is a label line with its bar and value below it, and bars are drawn in
# percentages of the chart's width. The theme sets the chart's text to 14px.
ROW_HEIGHT = 46
LABEL_BASELINE = 16
BAR_TOP = 22
BAR_HEIGHT = 16
VALUE_BASELINE = BAR_TOP + 13
GROUP_GAP = 12  # between the counts and the rates
BAR_SPACE = 70  # the longest bar's share of the width, in %; the rest leaves room for its value
LABEL_LENGTH = 22  # characters shown of a label (the table and the chart's description hold all)


@dataclass
class Row:
    """One line of a recap table."""

    entry: StatEntry
    previous: StatEntry | None

    @property
    def change(self) -> float | None:
        """The change from the year before, in the stat's unit (None without a previous year)."""
        if self.previous is None:
            return None
        return self.entry.stat.value - self.previous.stat.value

    @property
    def change_percent(self) -> float | None:
        """The change as a percentage of last year's value (counts only)."""
        if self.previous is None or self.entry.stat.unit == "%" or not self.previous.stat.value:
            return None
        return (self.entry.stat.value - self.previous.stat.value) / self.previous.stat.value * 100


def rows(index: FactsIndex, region: str, year: int) -> list[Row]:
    """The year's figures for one region, each beside the same figure a year before."""
    previous = {
        (entry.stat.label, entry.region): entry
        for entry in index.stats
        if entry.year == year - 1 and entry.region == region
    }
    return [
        Row(entry, previous.get((entry.stat.label, entry.region)))
        for entry in index.stats
        if entry.year == year and entry.region == region
    ]


def regions_with_stats(index: FactsIndex, year: int) -> list[RegionNode]:
    """The regions that have figures for a year, in code order."""
    paths = {entry.region for entry in index.stats if entry.year == year}
    return [node for node in _ordered(index) if node.path in paths]


def _ordered(index: FactsIndex) -> list[RegionNode]:
    """Every region node, provinces first, in code order."""
    return [node for root in index.roots for node in root.walk()]


@dataclass
class Count:
    """A grid count of a region: its own latest figure, or the sum of its children's."""

    metric: str
    value: float
    years: tuple[int, ...]
    rolled_up: bool

    @property
    def label(self) -> str:
        """The metric's Chinese name."""
        return METRICS[self.metric]


def grid_counts(node: RegionNode) -> list[Count]:
    """The latest grid counts (网格数, 网格员数…) of a region, rolled up from below."""
    counts = []
    for metric in METRICS:
        count = _count(node, metric)
        if count is not None:
            counts.append(count)
    return counts


def _count(node: RegionNode, metric: str) -> Count | None:
    """A region's own latest figure for a metric, else the sum of its children's."""
    own = [entry for entry in node.stats if entry.stat.metric == metric and entry.year]
    if own:
        latest = max(own, key=lambda entry: (entry.year, entry.source.path))
        return Count(metric, latest.stat.value, (latest.year,), rolled_up=False)  # type: ignore[arg-type]
    parts = [count for child in node.children if (count := _count(child, metric)) is not None]
    if not parts:
        return None
    years = tuple(sorted({year for part in parts for year in part.years}))
    return Count(metric, sum(part.value for part in parts), years, rolled_up=True)


def number(value: float) -> str:
    """Write a figure the way Chinese reports do: 227693, 99.3, 42.5万 stays 425000."""
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def bar_chart(title: str, entries: list[StatEntry], chart_id: str) -> str:
    """An inline SVG bar chart, readable without script, with a text alternative.

    Counts and rates are drawn on separate scales (each bar is scaled within its own kind), and
    the value is written beside every bar so that no reader has to estimate it. Labels sit above
    their bars, so a phone's width holds the chart at full text size.
    """
    if not entries:
        return ""
    rates = [entry for entry in entries if entry.stat.unit == "%"]
    counts = [entry for entry in entries if entry.stat.unit != "%"]
    height = len(entries) * ROW_HEIGHT + (GROUP_GAP if rates and counts else 0) + 4
    described = "；".join(f"{e.stat.label}{number(e.stat.value)}{e.stat.unit}" for e in entries)
    parts = [
        f'<svg class="chart" width="100%" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(described)}</desc>',
    ]
    y = 0
    for group, scale in ((counts, max((e.stat.value for e in counts), default=1)), (rates, 100)):
        for entry in group:
            share = BAR_SPACE * (entry.stat.value / scale if scale else 0)
            share = min(BAR_SPACE, max(0.5, share))
            label = entry.stat.label
            if len(label) > LABEL_LENGTH:
                label = label[: LABEL_LENGTH - 1] + "…"
            value = f"{number(entry.stat.value)}{entry.stat.unit}"
            kind = "bar-rate" if group is rates else "bar"
            parts.append(
                f'<text class="label" x="0" y="{y + LABEL_BASELINE}">{escape(label)}</text>'
                f'<rect x="0" y="{y + BAR_TOP}" width="{share:.1f}%" height="{BAR_HEIGHT}" '
                f'class="{kind}"/><text class="value" x="{share:.1f}%" dx="6" '
                f'y="{y + VALUE_BASELINE}">{escape(value)}</text>'
            )
            y += ROW_HEIGHT
        if group is counts and rates and counts:
            y += GROUP_GAP
    parts.append("</svg>")
    return "".join(parts)


def json_safe(value: Any) -> Any:
    """Numbers as JSON numbers, the rest as text."""
    if isinstance(value, int | float) or value is None or isinstance(value, bool):
        return value
    return str(value)
