"""Pelican plugin: read stories through the gridnews content model and check their slugs."""

from __future__ import annotations

import logging
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from html import escape
from typing import Any, ClassVar

from markdown import Markdown
from pelican import signals
from pelican.contents import Author, Category, Content, Tag
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
from pelican.readers import BaseReader

from gridnews import buildstate, slugs
from gridnews.check import slug_collision
from gridnews.errors import ContentError
from gridnews.figures import number
from gridnews.model import Credit
from gridnews.site import add_nav_section, contents_of
from gridnews.story import display_path, read_story

from .reading import neighbours, reading_of, related_kept

logger = logging.getLogger(__name__)


class StoryReader(BaseReader):
    """Read Markdown stories with YAML front matter, validated by gridnews.model."""

    enabled = True
    file_extensions: ClassVar[list[str]] = ["md", "markdown"]

    def __init__(self, settings: dict[str, Any]) -> None:
        """Prepare one Markdown renderer, reused for every file."""
        super().__init__(settings)
        self._markdown: Markdown | None = None

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """Return the body HTML and Pelican metadata of one story; log every problem on failure."""
        if self._markdown is None:
            from gridnews.story import new_markdown  # noqa: PLC0415

            self._markdown = new_markdown(self.settings.get("MARKDOWN"))
        content_root = self.settings["PATH"]
        try:
            read = read_story(
                source_path,
                self._markdown,
                content_root=content_root,
                page=_is_page(source_path, self.settings),
                summary_length=self.settings.get("GRIDNEWS_SUMMARY_LENGTH", 120),
            )
        except ContentError as error:
            for problem in error.problems:
                logger.error("%s", problem)
            raise
        story = read.story
        metadata: dict[str, Any] = {
            "title": story.title,
            "slug": read.slug,
            # The one rule for summaries: `summary` is HTML, as Pelican's own summaries are (its
            # feeds send it as HTML; its link fixing treats it as HTML). Ours is plain text (the
            # front matter's, or the body's text, entities decoded), so it is escaped here, once.
            # Templates print it as it is between tags, and `summary|striptags|e` in attributes
            # and other plain-text places; Python that needs the text takes Markup(..).striptags().
            "summary": escape(read.summary),
            "story": story,
            "slug_line": read.slug_line,
            "status": story.status,
            "category": _named(
                Category, story.category or self.settings["DEFAULT_CATEGORY"], self.settings
            ),
        }
        if story.date:
            metadata["date"] = story.date
        if story.modified:
            metadata["modified"] = story.modified
        if story.lang:
            metadata["lang"] = story.lang
        if story.template:
            metadata["template"] = story.template
        if story.authors:
            metadata["authors"] = [
                _named(Author, credit.name, self.settings, person=True) for credit in story.authors
            ]
        if story.tags:
            metadata["tags"] = [_named(Tag, tag, self.settings) for tag in story.tags]
        return read.html, metadata


def _named(kind: type, name: str, settings: dict[str, Any], *, person: bool = False) -> Any:
    """Make a Pelican Author, Category or Tag whose slug is pinyin, not unidecode."""
    wrapper = kind(name, settings)
    wrapper.slug = slugs.name_slug(name) if person else slugs.slugify(name)
    return wrapper


def _is_page(source_path: str, settings: dict[str, Any]) -> bool:
    """Tell whether a file sits under one of the PAGE_PATHS."""
    relative = os.path.relpath(source_path, settings["PATH"])
    return any(
        relative == path or relative.startswith(path.rstrip("/") + "/")
        for path in settings.get("PAGE_PATHS", [])
    )


def add_reader(readers: Any) -> None:
    """Route Markdown files to the story reader."""
    for extension in StoryReader.file_extensions:
        readers.reader_classes[extension] = StoryReader


def _drop_slug_collisions(items: list[Content], what: str) -> list[Content]:
    """Keep the first item of each slug (by source path) and report every other as an error."""
    by_slug: dict[str, list[Content]] = defaultdict(list)
    for item in items:
        by_slug[item.slug].append(item)
    dropped: set[int] = set()
    for slug, group in by_slug.items():
        group.sort(key=lambda item: item.source_path)
        first = display_path(group[0].source_path)
        for other in group[1:]:
            dropped.add(id(other))
            problem = slug_collision(
                display_path(other.source_path), other.metadata.get("slug_line"), slug, what, first
            )
            logger.error("%s (this %s is left out of the build)", problem, what)
    return [item for item in items if id(item) not in dropped]


def check_article_slugs(generator: ArticlesGenerator) -> None:
    """Leave out stories whose slug another story already has, across every status."""
    everything = generator.articles + generator.hidden_articles + generator.drafts
    kept = {id(item) for item in _drop_slug_collisions(everything, "story")}
    generator.articles = [a for a in generator.articles if id(a) in kept]
    generator.hidden_articles = [a for a in generator.hidden_articles if id(a) in kept]
    generator.drafts = [a for a in generator.drafts if id(a) in kept]


def check_page_slugs(generator: PagesGenerator) -> None:
    """Leave out pages whose slug another page already has."""
    everything = generator.pages + generator.hidden_pages + generator.draft_pages
    kept = {id(item) for item in _drop_slug_collisions(everything, "page")}
    generator.pages = [p for p in generator.pages if id(p) in kept]
    generator.hidden_pages = [p for p in generator.hidden_pages if id(p) in kept]
    generator.draft_pages = [p for p in generator.draft_pages if id(p) in kept]
    generator.context["pages"] = generator.pages
    generator.context["hidden_pages"] = generator.hidden_pages
    generator.context["draft_pages"] = generator.draft_pages


def add_story_section(generator: ArticlesGenerator) -> None:
    """Add the stories archive to the navigation when there are stories."""
    if generator.articles:
        url = generator.settings.get("ARCHIVES_URL", "archives/")
        add_nav_section(generator.context, "stories", "新闻", url)


def fix_urls(generators: list[Generator]) -> None:
    """Work out each story's and page's address once, when every generator has read.

    Pelican formats a content's url from its metadata each time it is read: lists, neighbours,
    feeds and render keys read it about 165,000 times in a build of 4,000 stories. Once the
    generators are done it no longer changes, and Pelican's `override_url` holds an address that
    is not formatted again. The file name (`save_as`) is left to Pelican: a content with an
    `override_save_as` is written as an overriding output, which the incremental writer cannot
    key. An address the content already has fixed (url in EXTRA_PATH_METADATA) stays.
    """
    for generator in generators:
        for item in contents_of(generator):
            if not hasattr(item, "override_url"):
                item.override_url = item.url


def add_reading_aids(generators: list[Generator]) -> None:
    """Give each story its reading time, previous and next stories, and related stories."""
    found = [g for g in generators if isinstance(g, ArticlesGenerator)]
    if not found:
        return
    generator = found[0]
    articles = generator.articles
    for article in [*articles, *generator.hidden_articles, *generator.drafts]:
        article.reading = reading_of(article._content)  # the body as read, before link fixing
    from gridnews.index import index_of  # noqa: PLC0415 - the index imports the whole model

    index = index_of(generator.context)
    people: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for holder in [*index.workers.values(), *index.grids.values()]:
        for article in holder.stories:
            people[id(article)].add((holder.kind, holder.slug))
    pairs = neighbours(articles)
    chosen = related_kept(articles, people)
    for article in articles:
        article.prev_story, article.next_story = pairs[id(article)]
        article.related_stories = chosen[id(article)]
    logger.debug("Reading aids for %d stories", len(articles))


def follow_text(article: Any, before: str) -> bool:
    """After an edit to a story's text alone: its reading time again; False if it names others."""
    from gridnews.index import index_of, same_mentions  # noqa: PLC0415 - see add_reading_aids

    if not same_mentions(index_of(article._context), article, before):
        return False  # worker and grid pages, related stories and search would change
    article.reading = reading_of(article._content)
    return True


def credit_line(credits: Iterable[Credit]) -> str:
    """Write credits as a byline, one role per group: 通讯员 朱爱春 潘潇、本刊记者 杨婷."""
    groups: list[tuple[str, list[str]]] = []
    for credit in credits:
        if groups and groups[-1][0] == credit.role:
            groups[-1][1].append(credit.name)
        else:
            groups.append((credit.role, [credit.name]))
    return "、".join(" ".join([role, *names] if role else names) for role, names in groups)


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")


def web_url(url: str | None) -> str:
    """An http(s) address as it is; anything else (javascript:, data:, no scheme) as ''.

    A browser skips control characters and whitespace inside a scheme (`java script:`), so the
    scheme is read the same way.
    """
    text = (url or "").strip()
    match = _SCHEME.match(_IGNORED_IN_URLS.sub("", text))
    return text if match and match.group(1).lower() in ("http", "https") else ""


def lang_tag(lang: str) -> str:
    """Write a language tag in its usual case (Pelican lower-cases them): zh-cn -> zh-CN."""
    parts = lang.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.upper() if len(part) == 2 else part.title())
    return "-".join(out)


def add_filters(generator: Generator) -> None:
    """Give the theme's templates the helpers they need."""
    generator.env.filters["region_parts"] = lambda region: region.split("/") if region else []
    generator.env.filters["is_remote"] = lambda url: "://" in (url or "")
    generator.env.filters["credit_line"] = credit_line
    generator.env.filters["web_url"] = web_url
    generator.env.filters["lang_tag"] = lang_tag
    generator.env.filters["figure"] = number


# The stories' titles by URL, for the article list they were made from (one per build).
_feed_titles: tuple[list[Any], dict[str, str]] | None = None


def exact_feed_titles(context: dict[str, Any], feed: Any) -> None:
    """Give feed entries the stories' titles as written.

    Pelican reads a title as HTML and strips its tags for the feed (a title `<b>粗</b>` would
    become `粗`); ours are plain text, which the feed's XML writer escapes itself.
    """
    global _feed_titles  # noqa: PLW0603 - every feed of a build reads the same stories
    articles = context.get("articles") or []
    if _feed_titles is None or _feed_titles[0] is not articles:
        _feed_titles = (articles, {str(article.url): article.title for article in articles})
    titles = _feed_titles[1]
    base = str(context.get("SITEURL") or "").rstrip("/") + "/"
    for item in feed.items:
        link = str(item.get("link", "")).split("?", 1)[0]
        title = titles.get(link.removeprefix(base)) if link.startswith(base) else None
        if title is not None:
            item["title"] = title


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.readers_init.connect(add_reader)
    signals.article_generator_pretaxonomy.connect(check_article_slugs)
    signals.article_generator_finalized.connect(add_story_section)
    signals.all_generators_finalized.connect(add_reading_aids)
    signals.all_generators_finalized.connect(fix_urls)
    signals.page_generator_finalized.connect(check_page_slugs)
    signals.generator_init.connect(add_filters)
    signals.feed_generated.connect(exact_feed_titles)
    buildstate.on_text_change(follow_text)
