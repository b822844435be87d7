"""Pelican plugin: a page and an Atom feed for every region the site has something about."""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals
from pelican.generators import Generator

from gridnews.figures import grid_counts
from gridnews.index import FactsIndex, RegionNode
from gridnews.site import SectionGenerator, add_nav_section

logger = logging.getLogger(__name__)

# The feed's file name inside the region's folder; REGION_FEED_ATOM = None turns the feeds off.
DEFAULT_FEED = "feed.atom.xml"
FEED_PAGE = "gridnews_feed_page"


def region_feed(node: RegionNode, settings: dict[str, Any]) -> str:
    """The site-relative URL of a region's Atom feed ('' when region feeds are off)."""
    name = settings.get("REGION_FEED_ATOM", DEFAULT_FEED)
    return f"{node.url}{name}" if name else ""


def newest_first(stories: list[Any]) -> list[Any]:
    """Stories by date, newest first; the slug settles ties so that feeds keep their order."""
    return sorted(stories, key=lambda article: (article.date, article.slug), reverse=True)


class RegionsGenerator(SectionGenerator, Generator):
    """Writes /regions/, /regions/<path>/ and /regions/<path>/feed.atom.xml."""

    section = "regions"

    def generate_context(self) -> None:
        """Show the section once a story has a region."""
        if self.facts().regions:
            add_nav_section(self.context, "regions", "地区", "regions/")

    def write_pages(self, writer: Any) -> None:
        """Write the hierarchy: an index of provinces, then one page (and feed) per region."""
        index: FactsIndex = self.facts()
        if not index.regions:
            return
        self.page(writer, "regions/", "regions", roots=index.roots)
        feeds = 0
        for root in index.roots:
            for node in root.walk():
                stories = newest_first(node.all("stories"))
                feed = region_feed(node, self.settings) if stories else ""
                if feed:
                    # The page's address travels with the context, for point_feed_at_page.
                    page = f"{(self.settings.get('SITEURL') or '').rstrip('/')}/{node.url}"
                    writer.write_feed(
                        stories,
                        {**self.context, FEED_PAGE: page},
                        feed,
                        feed_type="atom",
                        feed_title=" ".join(node.path.split("/")),
                    )
                    feeds += 1
                self.page(
                    writer,
                    node.url,
                    "region",
                    node=node,
                    counts=grid_counts(node),
                    stories=stories,
                    feed_url=feed,
                )
        logger.info("Region feeds: %d", feeds)


def point_feed_at_page(context: Any, feed: Any) -> None:
    """Give a region's feed its own identity: its page as the alternate link and the id.

    Pelican's writer gives every feed the home page for both; Atom wants each feed's id unique.
    """
    page = context.get(FEED_PAGE) if isinstance(context, dict) else None
    if page:
        feed.feed["link"] = page
        feed.feed["id"] = page


def get_generators(pelican: Any) -> type[Generator]:
    """Hand Pelican the generator."""
    del pelican
    return RegionsGenerator


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.get_generators.connect(get_generators)
    signals.feed_generated.connect(point_feed_at_page)
