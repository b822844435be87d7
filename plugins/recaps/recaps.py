"""Pelican plugin: each year's recap, per region: figures, a chart, honours, events, stories."""

from __future__ import annotations

import json
from typing import Any

from pelican import signals
from pelican.generators import Generator

from gridnews.figures import bar_chart, regions_with_stats, rows
from gridnews.index import FactsIndex, RegionNode, StatEntry
from gridnews.site import SectionGenerator, add_nav_section


def stat_record(entry: StatEntry, siteurl: str) -> dict[str, Any]:
    """One figure as open data."""
    stat = entry.stat
    return {
        "id": entry.id,
        "label": stat.label,
        "value": stat.value,
        "unit": stat.unit,
        "year": entry.year,
        "region": entry.region,
        "approximate": stat.approximate,
        "metric": stat.metric or None,
        "numerator": stat.numerator or None,
        "denominator": stat.denominator or None,
        "computed_rate": round(entry.computed_rate, 4) if entry.computed_rate is not None else None,
        "story": f"{siteurl}/{entry.source.url}" if entry.source.url else "",
    }


class RecapsGenerator(SectionGenerator, Generator):
    """Writes /recaps/, /recaps/<year>/, /recaps/<year>/<region>/ and /stats.json."""

    section = "recaps"

    def generate_context(self) -> None:
        """Show the section once a year has figures."""
        if any(entry.year for entry in self.facts().stats):
            add_nav_section(self.context, "recaps", "年度回顾", "recaps/")

    def _region_recap(self, index: FactsIndex, node: RegionNode, year: int) -> dict[str, Any]:
        """Everything one region's recap page shows for a year."""
        table = rows(index, node.path, year)
        chart_id = f"chart-{year}-{node.slug}"
        return {
            "node": node,
            "rows": table,
            "chart": bar_chart(
                f"{year}年{node.name}主要数据", [row.entry for row in table], chart_id
            ),
        }

    def write_pages(self, writer: Any) -> None:
        """Write the recaps and stats.json."""
        index: FactsIndex = self.facts()
        years = sorted({entry.year for entry in index.stats if entry.year}, reverse=True)
        if not years:
            return
        self.page(writer, "recaps/", "recaps", years=years)
        for year in years:
            recaps = [
                self._region_recap(index, node, year) for node in regions_with_stats(index, year)
            ]
            honours = [entry for entry in index.honours if entry.honour.year == year]
            events = [entry for entry in index.events if entry.year == year]
            stories = [a for a in self.context.get("articles", []) if a.date.year == year]
            self.page(
                writer,
                f"recaps/{year}/",
                "recap_year",
                year=year,
                recaps=recaps,
                honours=honours,
                events=events,
                stories=stories,
            )
            for recap in recaps:
                node = recap["node"]
                self.page(
                    writer,
                    f"recaps/{year}/{node.slug}/",
                    "recap_region",
                    year=year,
                    recap=recap,
                    honours=[e for e in node.all("honours") if e.honour.year == year],
                    events=[e for e in node.all("events") if e.year == year],
                    stories=[a for a in node.all("stories") if a.date.year == year],
                )
        siteurl = (self.settings.get("SITEURL") or "").rstrip("/")
        records = [stat_record(entry, siteurl) for entry in index.stats]
        self.data_file(
            "stats.json", (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode()
        )


def get_generators(pelican: Any) -> type[Generator]:
    """Hand Pelican the generator."""
    del pelican
    return RecapsGenerator


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.get_generators.connect(get_generators)
