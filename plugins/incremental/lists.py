"""Pelican's story lists by tag, category, author and period, made in time linear in stories.

Pelican 4.12 gives each tag, category and author page a `dates` list (the page's stories in
the site's date order) by going through every story of the site and looking it up in the page's
own list, and each period archive its `articles` by looking every story up in the period's list.
Time grows with pages times stories: at 16,000 stories and 10,783 authors, about 12 s of every
build. Here each story's place in the site's order is looked up once, and a page's list is its
own stories put in that order: the same lists, in the same order, as Pelican's.

`use_linear_lists` puts these in place of the articles generator's own methods, on the instance,
when the generator is made (the `article_generator_init` signal). tests/test_lists.py checks
that every page gets what Pelican's methods would give it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from types import MethodType
from typing import Any

from pelican.writers import FileOverwriteFailedError

logger = logging.getLogger(__name__)


class SiteOrder:
    """Where each story stands in one of the site's lists, found once."""

    def __init__(self, order: Sequence[Any]) -> None:
        self.order = order
        # Stories are looked up by object, as Pelican's lists compare them (by identity).
        self.places: dict[int, list[int]] = defaultdict(list)
        for place, item in enumerate(order):
            self.places[id(item)].append(place)

    def among(self, items: Iterable[Any]) -> list[Any]:
        """The entries of the order that are among items, in the order's order.

        As Pelican's `[a for a in order if a in items]`, without going through the whole order.
        """
        places = {place for item in items for place in self.places.get(id(item), ())}
        return [self.order[place] for place in sorted(places)]


def _write_lists(
    generator: Any, write: Callable[..., Any], kind: str, lists: Iterable[tuple[Any, list[Any]]]
) -> None:
    """Write the page of each tag, category or author, with Pelican's values for it."""
    template = generator.get_template(kind)
    dated = SiteOrder(generator.dates)
    for value, articles in lists:
        try:
            write(
                value.save_as,
                template,
                generator.context,
                url=value.url,
                articles=articles,
                dates=dated.among(articles),
                template_name=kind,
                blog=True,
                page_name=value.page_name,
                all_articles=generator.articles,
                **{kind: value},
            )
        except FileOverwriteFailedError:
            if value.slug:
                logger.error('Failed to write the %s page of "%s".', kind, value)
                raise
            logger.info('The %s "%s" has no slug, so it has no page.', kind, value)


def generate_tags(generator: Any, write: Callable[..., Any]) -> None:
    """The page of each tag."""
    _write_lists(generator, write, "tag", generator.tags.items())


def generate_categories(generator: Any, write: Callable[..., Any]) -> None:
    """The page of each category."""
    _write_lists(generator, write, "category", generator.categories)


def generate_authors(generator: Any, write: Callable[..., Any]) -> None:
    """The page of each author."""
    _write_lists(generator, write, "author", generator.authors)


def period_archives(pelicans: Callable[..., Any]) -> Callable[..., Any]:
    """Pelican's grouping of stories by year, month and day, each period's stories found once.

    Pelican's own method groups the dated stories and gives each period its stories by looking
    each of `articles` up in the period; it is asked with no articles, and each period is then
    given its stories from their places in `articles`.
    """

    def build(dates: Sequence[Any], articles: Sequence[Any], settings: dict[str, Any]) -> Any:
        archives = pelicans(dates, [], settings)
        listed = SiteOrder(articles)
        for periods in archives.values():
            for archive in periods:
                archive["articles"] = listed.among(archive["dates"])
        return archives

    return build


def use_linear_lists(generator: Any) -> None:
    """Give an articles generator the linear versions of its list methods."""
    for name, method in (
        ("generate_tags", generate_tags),
        ("generate_categories", generate_categories),
        ("generate_authors", generate_authors),
    ):
        setattr(generator, name, MethodType(method, generator))
    generator._build_period_archives = period_archives(generator._build_period_archives)
