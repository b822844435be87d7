"""Pelican plugin: the search page, and a Pagefind index of the content pages once they are written.

The generator writes /search/ and remembers the build; on `finalized`, when every page is on
disk, the plugin reads the content pages (see documents.py) and writes output/pagefind/ (see
indexer.py). A failure to index is logged as an error that says what to do; the rest of the site
is kept.

Settings: GRIDNEWS_SEARCH_NAME_PARTS (default True) indexes the parts of workers' and grids'
names; GRIDNEWS_SEARCH_TERMS (default documents.TERMS) lists the words of the field whose parts
are indexed too; GRIDNEWS_SEARCH_TIMEOUT (seconds, default 300) bounds the indexing.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from gridnews.index import index_of
from gridnews.site import record_timing

from .documents import (
    PARTS_CLOSE,
    PARTS_OPEN,
    TERMS,
    SearchDocument,
    documents,
    index_html,
)
from .indexer import BUNDLE, SearchIndexError, write_index

logger = logging.getLogger(__name__)

SEARCH_URL = "search/"

# Builds whose pages are written but not yet indexed, by output folder.
_pending: dict[str, SearchGenerator] = {}


class SearchGenerator(Generator):
    """Writes /search/; its build is indexed when Pelican has written every page."""

    def generate_context(self) -> None:
        """Remember this build for the `finalized` signal."""
        _pending[os.path.realpath(self.output_path)] = self

    def generate_output(self, writer: Any) -> None:
        """Write the search page."""
        writer.write_file(
            SEARCH_URL + "index.html",
            self.get_template("search"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=SEARCH_URL,
            current_section="search",
            search_bundle=BUNDLE,
            search_parts_marks=PARTS_OPEN + PARTS_CLOSE,
        )

    def documents(self) -> list[SearchDocument]:
        """The content pages of this build."""
        return documents(self.context, index_of(self.context))


def pages_to_index(
    output: Path, docs: list[SearchDocument], settings: dict[str, Any]
) -> list[tuple[str, str]]:
    """(path under the output, HTML to index) for each written page, in URL order."""
    name_parts = bool(settings.get("GRIDNEWS_SEARCH_NAME_PARTS", True))
    terms = tuple(settings.get("GRIDNEWS_SEARCH_TERMS", TERMS))
    pages = []
    for document in docs:
        path = output / document.path
        if not path.is_file():  # a section whose plugin is off
            logger.debug("Search: %s was not written; not indexed", document.path)
            continue
        html = index_html(
            path.read_text(encoding="utf-8"), document, name_parts=name_parts, terms=terms
        )
        if html is None:
            logger.warning("Search: %s has no <main> element; not indexed", document.path)
            continue
        pages.append((document.path, html))
    return pages


def index_site(pelican: Any) -> None:
    """Index the content pages of the build that just finished writing."""
    generator = _pending.pop(os.path.realpath(pelican.output_path), None)
    if generator is None:
        return
    settings = pelican.settings
    output = Path(pelican.output_path)
    try:
        pages = pages_to_index(output, generator.documents(), settings)
        if not pages:
            shutil.rmtree(output / BUNDLE, ignore_errors=True)
            logger.info("Search: the site has no content pages; no index written")
            return
        seconds = write_index(
            output,
            pages,
            str(settings.get("DEFAULT_LANG") or "zh-CN").lower(),
            float(settings.get("GRIDNEWS_SEARCH_TIMEOUT") or 300),
        )
    except Exception as error:  # the site is built: indexing must not undo that
        reason = str(error) if isinstance(error, SearchIndexError) else repr(error)
        logger.error(
            "Search index not written (the rest of the site is built; %s %s): %s",
            SEARCH_URL,
            "keeps the previous index" if (output / BUNDLE).is_dir() else "will find nothing",
            reason,
        )
        return
    logger.info("Search: indexed %d pages into %s/ in %.2f s", len(pages), BUNDLE, seconds)
    record_timing(settings, "search_index_s", seconds)


def get_generators(pelican: Any) -> type[Generator]:
    """Hand Pelican the generator."""
    del pelican
    return SearchGenerator


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(index_site)
