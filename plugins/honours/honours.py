"""Pelican plugin: the honour board, a page per honoured worker and grid, and open data."""

from __future__ import annotations

import csv
import io
import json
import logging
from itertools import groupby
from typing import Any

from pelican import signals
from pelican.generators import Generator

from gridnews.index import FactsIndex, HonourEntry
from gridnews.site import SectionGenerator, add_nav_section

logger = logging.getLogger(__name__)

CSV_FIELDS = (
    "id",
    "year",
    "level",
    "award",
    "kind",
    "name",
    "issuer",
    "region",
    "grid",
    "count",
    "note",
    "page",
    "story",
)


def board(
    entries: list[HonourEntry],
) -> list[tuple[int, list[tuple[str, list[tuple[str, list[HonourEntry]]]]]]]:
    """Group honours: year (newest first), then level (国家级 first), then award."""
    out = []
    for year, by_year in groupby(entries, key=lambda e: e.honour.year):
        levels = []
        for level, by_level in groupby(by_year, key=lambda e: e.honour.level):
            awards = [
                (award, list(items))
                for award, items in groupby(by_level, key=lambda e: e.honour.award)
            ]
            levels.append((level, awards))
        out.append((year, levels))
    return out


def honour_record(entry: HonourEntry, siteurl: str) -> dict[str, Any]:
    """One honour as open data."""
    honour = entry.honour
    return {
        "id": entry.id,
        "year": honour.year,
        "level": honour.level,
        "award": honour.award,
        "kind": honour.kind,
        "name": entry.holder.name,
        "issuer": honour.issuer,
        "region": entry.region,
        "grid": honour.grid,
        "count": honour.count,
        "note": honour.note,
        "page": f"{siteurl}/{entry.holder.url}",
        "story": f"{siteurl}/{entry.source.url}" if entry.source.url else "",
    }


class HonoursGenerator(SectionGenerator, Generator):
    """Writes /honours/, /honours/<year>/, /workers/…, /grids/…, /honours.json and .csv."""

    section = "honours"

    def generate_context(self) -> None:
        """Build the index and show the section in the navigation when there are honours."""
        index: FactsIndex = self.facts()
        if index.honours:
            add_nav_section(self.context, "honours", "光荣榜", "honours/")

    def write_pages(self, writer: Any) -> None:
        """Write every page of the section."""
        index: FactsIndex = self.facts()
        if not index.honours and not index.workers and not index.grids:
            return
        years = sorted({entry.honour.year for entry in index.honours}, reverse=True)
        self.page(
            writer,
            "honours/",
            "honours",
            board=board(index.honours),
            years=years,
            year=None,
            og_image=self.card("光荣榜", "光荣榜"),
        )
        for year in years:
            entries = [entry for entry in index.honours if entry.honour.year == year]
            self.page(
                writer,
                f"honours/{year}/",
                "honours",
                board=board(entries),
                years=years,
                year=year,
                og_image=self.card(f"{year}年光荣榜", "光荣榜"),
            )
        workers = sorted(index.workers.values(), key=lambda h: (h.region, h.slug))
        grids = sorted(index.grids.values(), key=lambda h: (h.region, h.slug))
        self.page(writer, "workers/", "holders", holders=workers, kind="worker")
        self.page(writer, "grids/", "holders", holders=grids, kind="grid")
        for holder in [*workers, *grids]:
            kicker = "网格员" if holder.kind == "worker" else "网格"
            self.page(
                writer, holder.url, "holder", holder=holder, og_image=self.card(holder.name, kicker)
            )
        self._open_data(index)

    def _open_data(self, index: FactsIndex) -> None:
        """Write honours.json and honours.csv (UTF-8 with BOM, so that Excel reads it)."""
        siteurl = (self.settings.get("SITEURL") or "").rstrip("/")
        records = [honour_record(entry, siteurl) for entry in index.honours]
        self.data_file(
            "honours.json", (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode()
        )
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\r\n")
        writer.writeheader()
        for record in records:
            writer.writerow({key: "" if record[key] is None else record[key] for key in CSV_FIELDS})
        self.data_file("honours.csv", "\ufeff".encode() + buffer.getvalue().encode())


def get_generators(pelican: Any) -> type[Generator]:
    """Hand Pelican the generator."""
    del pelican
    return HonoursGenerator


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.get_generators.connect(get_generators)
