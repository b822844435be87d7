"""Site-wide helpers shared by the plugins: the navigation registry."""

from __future__ import annotations

from typing import Any

# Where each section sits in the header navigation.
NAV_ORDER = {"stories": 10, "honours": 20, "events": 30, "recaps": 40, "regions": 50, "search": 90}


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

    def facts(self) -> Any:
        """The build's facts index (built by the first generator that asks)."""
        from gridnews.index import index_of  # noqa: PLC0415 - the index imports the model

        return index_of(self.context)  # type: ignore[attr-defined]

    def page(self, writer: Any, url: str, template: str, **values: Any) -> None:
        """Render one page at a URL ending in '/'."""
        settings = self.settings  # type: ignore[attr-defined]
        writer.write_file(
            url + "index.html",
            self.get_template(template),  # type: ignore[attr-defined]
            self.context,  # type: ignore[attr-defined]
            relative_urls=settings["RELATIVE_URLS"],
            url=url,
            current_section=self.section,
            **values,
        )
        self.context.setdefault("sitemap_urls", {})[url] = ""  # type: ignore[attr-defined]

    def data_file(self, name: str, data: bytes) -> None:
        """Write an open-data file (JSON, CSV) at the site's root."""
        from pathlib import Path  # noqa: PLC0415

        target = Path(self.output_path) / name  # type: ignore[attr-defined]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
