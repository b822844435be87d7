"""Pelican plugin: a page for every region the site has something about, province to community."""

from __future__ import annotations

from typing import Any

from pelican import signals
from pelican.generators import Generator

from gridnews.figures import grid_counts
from gridnews.index import FactsIndex
from gridnews.site import SectionGenerator, add_nav_section


class RegionsGenerator(SectionGenerator, Generator):
    """Writes /regions/ and /regions/<path>/."""

    section = "regions"

    def generate_context(self) -> None:
        """Show the section once a story has a region."""
        if self.facts().regions:
            add_nav_section(self.context, "regions", "地区", "regions/")

    def write_pages(self, writer: Any) -> None:
        """Write the hierarchy: an index of provinces, then one page per region."""
        index: FactsIndex = self.facts()
        if not index.regions:
            return
        self.page(writer, "regions/", "regions", roots=index.roots)
        for root in index.roots:
            for node in root.walk():
                self.page(writer, node.url, "region", node=node, counts=grid_counts(node))


def get_generators(pelican: Any) -> type[Generator]:
    """Hand Pelican the generator."""
    del pelican
    return RegionsGenerator


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.get_generators.connect(get_generators)
