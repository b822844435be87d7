"""Pelican plugin: write sitemap.xml listing stories, pages, indexes and plugin pages."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pelican import signals
from pelican.generators import Generator

from gridnews import buildstate

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "exclude": ["404.html"],  # URL prefixes left out of the sitemap
}


def sitemap_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Merge the SITEMAP setting over the defaults, refusing unknown keys."""
    given = settings.get("SITEMAP", {}) or {}
    for key in given:
        if key not in DEFAULTS:
            raise ValueError(f"Invalid 'SITEMAP' key: {key!r}; known keys: {', '.join(DEFAULTS)}")
    return {**DEFAULTS, **given}


def register_url(context: dict[str, Any], url: str, lastmod: str = "") -> None:
    """Let another plugin add one of its pages (a site-relative URL) to the sitemap."""
    context.setdefault("sitemap_urls", {})[url] = lastmod


class SitemapGenerator(Generator):
    """Collects every published URL and writes sitemap.xml once all contexts are built."""

    def generate_context(self) -> None:
        """Check the settings early, so that a bad SITEMAP stops the build before writing."""
        self.options = sitemap_settings(self.settings)

    def _entries(self) -> dict[str, str]:
        """Map each site-relative URL to its last modification date (or '')."""
        context = self.context
        entries: dict[str, str] = {"": ""}
        for item in [*context.get("articles", []), *context.get("pages", [])]:
            moment = getattr(item, "modified", None) or getattr(item, "date", None)
            entries[item.url] = moment.isoformat() if moment else ""
        for name in ("categories", "tags"):
            for wrapper, _items in context.get(name, []):
                entries[wrapper.url] = ""
        for wrapper, _items in context.get("authors", []):
            entries[wrapper.url] = ""
        if context.get("articles"):
            entries[self.settings.get("ARCHIVES_URL", "archives/")] = ""
        entries.update(context.get("sitemap_urls", {}))
        return {
            url: lastmod
            for url, lastmod in entries.items()
            if not any(url.startswith(prefix) for prefix in self.options["exclude"])
        }

    def generate_output(self, writer: Any) -> None:
        """Write sitemap.xml, sorted by URL so that the same site gives the same bytes."""
        del writer
        site = self.settings.get("SITEURL") or self.settings.get("FEED_DOMAIN")
        base = (site or "http://localhost:8000").rstrip("/")
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        entries = self._entries()
        for url, lastmod in sorted(entries.items()):
            lines.append(f"<url><loc>{escape(base + '/' + url)}</loc>")
            if lastmod:
                lines.append(f"<lastmod>{lastmod}</lastmod>")
            lines.append("</url>")
        lines.append("</urlset>")
        target = Path(self.output_path) / "sitemap.xml"
        written = buildstate.write_output(target, ("\n".join(lines) + "\n").encode())
        logger.info("sitemap.xml: %d URLs, %s", len(entries), "written" if written else "unchanged")


def get_generators(pelican: Any) -> type[Generator]:
    """Hand Pelican the sitemap generator."""
    del pelican
    return SitemapGenerator


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.get_generators.connect(get_generators)
