"""Pelican plugin: a page per event (网格故事讲述活动…) with its winners, and open data."""

from __future__ import annotations

import json
from itertools import groupby
from typing import Any

from pelican import signals
from pelican.generators import Generator

from gridnews.index import EventEntry, FactsIndex, PrizeEntry
from gridnews.model import PRIZES
from gridnews.site import SectionGenerator, add_nav_section


def prizes(entry: EventEntry) -> list[tuple[str, list[PrizeEntry]]]:
    """Winners grouped by prize, 特等奖 first."""
    ordered = sorted(entry.winners, key=lambda prize: PRIZES.index(prize.winner.prize))
    return [(prize, list(group)) for prize, group in groupby(ordered, key=lambda p: p.winner.prize)]


def event_record(entry: EventEntry, siteurl: str) -> dict[str, Any]:
    """One event as open data."""
    event = entry.event
    return {
        "id": entry.id,
        "name": event.name,
        "date": event.date.isoformat() if event.date else None,
        "place": event.place,
        "organiser": event.organiser,
        "region": entry.region,
        "forms": list(event.forms),
        "page": f"{siteurl}/{entry.url}",
        "story": f"{siteurl}/{entry.source.url}" if entry.source.url else "",
        "winners": [
            {
                "name": prize.winner.name,
                "prize": prize.winner.prize,
                "work": prize.winner.work,
                "grid": prize.winner.grid,
                "region": prize.winner.region or entry.region,
                "page": f"{siteurl}/{prize.holder.url}",
            }
            for prize in entry.winners
        ],
    }


class EventsGenerator(SectionGenerator, Generator):
    """Writes /events/, /events/<slug>/ and /events.json."""

    section = "events"

    def generate_context(self) -> None:
        """Show the section once there is an event."""
        if self.facts().events:
            add_nav_section(self.context, "events", "活动", "events/")

    def write_pages(self, writer: Any) -> None:
        """Write the event pages and the open data."""
        index: FactsIndex = self.facts()
        if not index.events:
            return
        by_year = [
            (year, list(items)) for year, items in groupby(index.events, key=lambda e: e.year)
        ]
        self.page(writer, "events/", "events", by_year=by_year)
        for entry in index.events:
            self.page(
                writer,
                entry.url,
                "event",
                entry=entry,
                prizes=prizes(entry),
                og_image=self.card(entry.event.name, "活动"),
            )
        siteurl = (self.settings.get("SITEURL") or "").rstrip("/")
        records = [event_record(entry, siteurl) for entry in index.events]
        self.data_file(
            "events.json", (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode()
        )


def get_generators(pelican: Any) -> type[Generator]:
    """Hand Pelican the generator."""
    del pelican
    return EventsGenerator


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.get_generators.connect(get_generators)
