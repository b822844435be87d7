"""Where article text sits in saved pages: every selector and tag list in one place."""

from __future__ import annotations

import re

# Containers that hold the article body on the sites editors copy from, tried in order. The first
# with enough Chinese text wins; otherwise the densest block of text does (see htmlparse).
CONTENT_SELECTORS = (
    "#js_content",  # WeChat articles
    ".rich_media_content",  # WeChat, older pages
    ".TRS_Editor",  # TRS WCM, the CMS of most government sites
    "#zoom",  # government sites (font-size tools act on #zoom)
    ".pages_content",
    "[itemprop=articleBody]",
    ".article-content",
    ".article_content",
    ".articleContent",
    ".post-content",
    ".entry-content",
    "#artibody",  # Sina
    ".left_zw",  # China News Service
    "#content",
    ".content",
    "article",
    "main",
)

# Elements that never hold article text.
DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "canvas",
        "math",
        "template",
        "form",
        "input",
        "button",
        "select",
        "option",
        "textarea",
        "label",
        "head",
        "title",
        "meta",
        "link",
        "base",
        "audio",
        "video",
        "source",
        "track",
        "map",
        "area",
        "dialog",
    }
)
# Page furniture: dropped when the page's content container is found by scoring.
CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "blockquote",
        "center",
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "address",
        "pre",
        "body",
        "html",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "table",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "hr",
        "header",
        "footer",
        "nav",
        "aside",
        "hgroup",
        "details",
        "summary",
    }
)
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BOLD_TAGS = frozenset({"strong", "b"})
# A class that means bold (bjh-strong, font-bold, fw-bold), or a bold font-weight in a style.
BOLD_CLASS = re.compile(r"^(?:.*[-_])?(?:bold|strong)$", re.IGNORECASE)
BOLD_STYLE = re.compile(r"font-weight:(?:bold|bolder|[6-9]00)\b", re.IGNORECASE)
# Meta tags that carry article metadata (lower-cased name or property).
META_TITLE = ("og:title", "articletitle", "twitter:title", "title")
META_DATE = (
    "article:published_time",
    "pubdate",
    "publishdate",
    "firstpublishedtime",
    "og:release_date",
    "datepublished",
    "date",
    "dc.date",
)
META_SOURCE = ("contentsource", "source", "og:site_name", "sitename")
META_AUTHOR = ("author", "article:author", "dc.creator")
META_IMAGE = ("og:image", "twitter:image")
META_URL = ("og:url",)
