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
# Where lazy-loading pages keep a picture's real address, tried in order before src.
LAZY_SRC_ATTRS = (
    "data-original",
    "data-src",
    "data-lazy-src",
    "data-actualsrc",
    "data-url",
    "_src",
)
# A src that only holds the place of a lazy-loaded picture: an inline data: image, or a file
# named for it (grey.gif, blank.gif, loading.gif, pixel.png, lazy.png, 1x1.gif).
PLACEHOLDER_SRC = re.compile(
    r"^\s*data:|(?:^|/)[^/?#]*(?:grey|gray|blank|loading|lazy|placeholder|spacer|pixel|1x1)"
    r"[^/?#]*\.(?:gif|png|jpe?g|svg|webp)(?:[?#]|$)",
    re.IGNORECASE,
)
# Pictures that decorate the page rather than illustrate the story: the author's avatar, a logo,
# an icon. Read from the class of the picture and of the two elements around it.
DECORATION_CLASS = re.compile(
    r"avatar|touxiang|logo|icon|author_?(?:img|pic|photo|head)|head_?(?:img|pic|photo)",
    re.IGNORECASE,
)
# A picture address that asks for a small square copy (Baidu's size=b200,200): an avatar.
SQUARE_SIZE_IN_URL = re.compile(
    r"[?&](?:size|resize|thumbnail)=[a-z]*(\d{1,4})[,x_*](\d{1,4})", re.IGNORECASE
)
# A site's one picture for every shared link (default_share.png, share_default.jpg, wx_share.png,
# placeholder.png): named for its use, not for the story. Whole words of the file's name only
# (sharemeeting.jpg is a story's picture).
GENERIC_SHARE_NAME = re.compile(
    r"(?:^|[_.-])(?:default|share|wx_?share|placeholder|logo|icon)(?=[_.-]|$)", re.IGNORECASE
)
DECORATION_MAX_SIDE = 200  # a square picture this small is an avatar or an icon
# Meta tags that carry article metadata (lower-cased name or property).
META_TITLE = ("og:title", "articletitle", "twitter:title", "title")
META_DATE = (
    "article:published_time",
    "pubdate",
    "publishdate",
    "publish_time",  # 今日头条 and other platforms
    "publishtime",
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
