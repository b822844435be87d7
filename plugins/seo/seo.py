"""Pelican plugin: canonical links, link previews (OpenGraph, Twitter) and structured data.

Templates hold the markup; this plugin gives them the values, through Jinja globals:

- `page_meta(headline, og_image, og_image_alt)`: the page's canonical address and its preview
  image (absolute, with its size and a text alternative), a site card when the page has none;
- `breadcrumbs(kind, item, year)`: a page's trail (region, or section path) as `Crumb`s;
- `structured_data(kind, item, trail)`: the page's JSON-LD, ready to embed;
- `share_links(title, url)`: mail and Weibo addresses for sharing a story;
- `site_root()`: the address pages served at any path (404.html) link from.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from gridnews.cards import HEIGHT, WIDTH, site_card_title

from . import structured
from .structured import Crumb

logger = logging.getLogger(__name__)

WEIBO_SHARE = "https://service.weibo.com/share/share.php"
# Site cards already placed in this build, by title: one file however many pages use it.
_site_cards: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class PageMeta:
    """What a page's <head> says about it beyond its title."""

    canonical: str
    image: str = ""
    image_width: int | None = None
    image_height: int | None = None
    image_alt: str = ""


@dataclass(frozen=True)
class ShareLinks:
    """Addresses that share a page without any script from another site."""

    mail: str
    weibo: str


def root_of(context: Any) -> str:
    """The site's absolute address, without a trailing slash."""
    root = context.get("CANONICAL_URL") or context.get("FEED_DOMAIN") or ""
    return str(root).rstrip("/")


def page_path(output_file: str) -> str:
    """The URL of a written file: stories/x/index.html -> stories/x/, index.html -> ''."""
    if output_file == "index.html":
        return ""
    if output_file.endswith("/index.html"):
        return output_file.removesuffix("index.html")
    return output_file


def _site_card(context: Any) -> str:
    """The site's own card, for pages without a picture of their own ('' without cards)."""
    cards = context.get("social_card")
    if not cards:
        return ""
    title = site_card_title(context)
    key = (str(context.get("OUTPUT_PATH", "")), title)
    if key not in _site_cards:
        _site_cards[key] = cards(title, "")
    return _site_cards[key]


@pass_context
def page_meta(
    context: Context, headline: str, og_image: str = "", og_image_alt: str = ""
) -> PageMeta:
    """The canonical address and preview image of the page being written."""
    root = root_of(context)
    canonical = f"{root}/{page_path(str(context.get('output_file') or ''))}"
    image, alt = og_image, og_image_alt or headline
    if "://" in image and not structured.is_web(image):
        image = ""  # a preview is a web address or a file of the site, never javascript: etc.
    if not image:
        # The site's card shows the site's name and subtitle, not this page's title.
        image = _site_card(context)
        alt = "：".join(
            str(text) for text in (context.get("SITENAME"), context.get("SITESUBTITLE")) if text
        )
    if not image:
        return PageMeta(canonical)
    if "://" in image:
        return PageMeta(canonical, image, None, None, alt)
    return PageMeta(canonical, structured.absolute(root, image), WIDTH, HEIGHT, alt)


@pass_context
def site_root(context: Context) -> str:
    """Where links start on a page served at any path, such as 404.html.

    With relative URLs that is the site's own path (root-relative links work at /a/b/c too);
    otherwise the absolute site address.
    """
    if context.get("RELATIVE_URLS"):
        return urlsplit(root_of(context)).path.rstrip("/")
    return str(context.get("SITEURL") or "").rstrip("/")


@pass_context
def breadcrumbs(context: Context, kind: str, item: Any = None, year: int | None = None) -> list:
    """A page's breadcrumb trail: story, region, holder, event, honours or recap."""
    if kind == "story":
        return structured.story_trail(
            item, context.get("region_urls") or {}, context.get("ARCHIVES_URL") or "archives/"
        )
    if kind == "region":
        return structured.node_trail(item)
    if kind == "holder":
        return structured.holder_trail(item)
    if kind == "event":
        return structured.event_trail(item)
    if kind == "honours":
        return structured.honours_trail(year)
    if kind == "recap":
        return structured.recap_trail(year, item)
    raise ValueError(f"no breadcrumb trail for {kind!r}")


@pass_context
def structured_data(
    context: Context,
    kind: str,
    item: Any = None,
    trail: list[Crumb] | None = None,
    image: str = "",
) -> Markup:
    """The page's JSON-LD as <script> elements: the thing itself, then its breadcrumb trail.

    `trail` is the page's breadcrumb; for a story the story itself is added as its last step.
    `image` is the page's absolute preview image (from page_meta).
    """
    root = root_of(context)
    lang = _lang(context, item)
    things: list[dict[str, Any] | None] = []
    trail = list(trail or [])
    if kind == "story":
        things.append(
            structured.news_article(
                item, root=root, site_name=context.get("SITENAME", ""), image=image, lang=lang
            )
        )
        trail.append(Crumb(item.title, item.url))
    elif kind == "event":
        things.append(structured.event(item, root=root, image=image))
    elif kind == "holder":
        things.append(structured.holder(item, root=root, image=image))
    elif kind == "website":
        things.append(
            structured.website(
                root=root,
                name=context.get("SITENAME", ""),
                description=context.get("SITESUBTITLE", ""),
                lang=lang,
            )
        )
    elif kind != "trail":
        raise ValueError(f"no structured data for {kind!r}")
    things.append(structured.breadcrumb_list(trail, root))
    return Markup(structured.script_tags(things))  # script_json escapes < > &


def _lang(context: Context, item: Any) -> str:
    """The language tag of a page: the story's own, else the site's (zh-cn -> zh-CN)."""
    lang = getattr(item, "lang", None) or context.get("DEFAULT_LANG") or "zh-CN"
    written = context.environment.filters.get("lang_tag")  # the stories plugin's filter
    return written(lang) if written else lang


def share_links(title: str, url: str) -> ShareLinks:
    """A mailto: address with the title and link, and Weibo's plain share address."""
    mail = "mailto:?" + "&".join(
        f"{key}={quote(value, safe='')}"
        for key, value in (("subject", title), ("body", f"{title}\n{url}"))
    )
    weibo = f"{WEIBO_SHARE}?{urlencode({'url': url, 'title': title})}"
    return ShareLinks(mail, weibo)


def add_globals(generator: Generator) -> None:
    """Give every generator's templates the helpers."""
    generator.env.globals.update(
        page_meta=page_meta,
        site_root=site_root,
        breadcrumbs=breadcrumbs,
        structured_data=structured_data,
        share_links=share_links,
    )


def forget_cards(generators: list[Any]) -> None:
    """A new build places its site card again (the output may have been emptied)."""
    del generators
    _site_cards.clear()


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.generator_init.connect(add_globals)
    signals.all_generators_finalized.connect(forget_cards)
