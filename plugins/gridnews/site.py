"""Site-wide helpers shared by the plugins: the navigation registry."""

from __future__ import annotations

import logging
import time
from typing import Any

logger = logging.getLogger(__name__)

# Where each section sits in the header navigation.
NAV_ORDER = {"stories": 10, "honours": 20, "events": 30, "recaps": 40, "regions": 50, "search": 90}


def contents_of(generator: Any) -> list[Any]:
    """Every story or page a generator read, whatever its status ([] for other generators)."""
    from pelican.generators import ArticlesGenerator, PagesGenerator  # noqa: PLC0415

    if isinstance(generator, ArticlesGenerator):
        return [*generator.articles, *generator.hidden_articles, *generator.drafts]
    if isinstance(generator, PagesGenerator):
        return [*generator.pages, *generator.hidden_pages, *generator.draft_pages]
    return []


def add_nav_section(context: dict[str, Any], key: str, title: str, url: str) -> None:
    """Show a section in the navigation; a plugin calls this only once its section has pages."""
    sections = [s for s in context.get("nav_sections", []) if s["key"] != key]
    sections.append({"key": key, "title": title, "url": url, "order": NAV_ORDER.get(key, 80)})
    context["nav_sections"] = sorted(sections, key=lambda s: (s["order"], s["key"]))


class SectionGenerator:
    """Mixin for the generators that write pages from the facts index (honours, events…).

    A subclass sets `section` and implements `sections()` and `write()`; this class builds the
    index once, logs its problems, and writes pages through Pelican's writer.
    """

    section = ""
    title = ""
    pages_written = 0

    def facts(self) -> Any:
        """The build's facts index (built by the first generator that asks)."""
        from gridnews.index import index_of  # noqa: PLC0415 - the index imports the model

        return index_of(self.context)  # type: ignore[attr-defined]

    def card(self, title: str, kicker: str) -> str:
        """A social card for a page, when the images plugin is on; else ''."""
        cards = self.context.get("social_card")  # type: ignore[attr-defined]
        return cards(title, kicker) if cards else ""

    def page(self, writer: Any, url: str, template: str, **values: Any) -> None:
        """Render one page at a URL ending in '/'."""
        settings = self.settings  # type: ignore[attr-defined]
        try:
            writer.write_file(
                url + "index.html",
                self.get_template(template),  # type: ignore[attr-defined]
                self.context,  # type: ignore[attr-defined]
                relative_urls=settings["RELATIVE_URLS"],
                url=url,
                current_section=self.section,
                **values,
            )
        except Exception as error:
            logger.error("Could not write %s with template %s: %s", url, template, error)
            return
        self.context.setdefault("sitemap_urls", {})[url] = ""  # type: ignore[attr-defined]
        self.pages_written += 1

    def timed_output(self, writer: Any) -> None:
        """Write the section's pages, and log how many and how long."""
        began = time.perf_counter()
        self.write_pages(writer)
        seconds = time.perf_counter() - began
        logger.info("Section %s: %d pages in %.2f s", self.section, self.pages_written, seconds)
        record_timing(self.settings, f"{self.section}_pages_s", seconds)  # type: ignore[attr-defined]

    def write_pages(self, writer: Any) -> None:
        """Write the section's pages (each plugin writes its own)."""
        raise NotImplementedError

    def generate_output(self, writer: Any) -> None:
        """Pelican's entry point for writing."""
        self.timed_output(writer)

    def data_file(self, name: str, data: bytes) -> None:
        """Write an open-data file (JSON, CSV) at the site's root."""
        from pathlib import Path  # noqa: PLC0415

        from gridnews import buildstate  # noqa: PLC0415

        buildstate.write_output(Path(self.output_path) / name, data)  # type: ignore[attr-defined]


def record_timing(settings: dict[str, Any], name: str, seconds: float) -> None:
    """Add a timing to the file named by the GRIDNEWS_TIMINGS setting (make bench sets it)."""
    target = settings.get("GRIDNEWS_TIMINGS")
    if not target:
        return
    import json  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    path = Path(target)
    timings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    timings[name] = round(timings.get(name, 0.0) + seconds, 4)
    path.write_text(json.dumps(timings, indent=1, sort_keys=True), encoding="utf-8")
