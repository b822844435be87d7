"""Settings for building the site locally (make html, make devserver)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "网格新闻"
SITESUBTITLE = "网格化服务管理新闻与光荣榜"
# Pages link to each other by relative URLs; feeds and the sitemap need absolute ones, which
# locally point at `make serve`. publishconf.py sets the real address.
SITEURL = "http://localhost:8000"
RELATIVE_URLS = True
# The site's absolute address, for link previews and canonical links (SITEURL turns relative).
CANONICAL_URL = SITEURL

PATH = "content"
THEME = str(ROOT / "theme")
THEME_STATIC_DIR = "theme"
ARTICLE_PATHS = ["stories"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
STATIC_EXCLUDES = ["images/LICENSES.md"]
IGNORE_FILES = [".*", "__pycache__", "LICENSES.md"]

DEFAULT_LANG = "zh-CN"
TIMEZONE = "Asia/Shanghai"
DEFAULT_DATE_FORMAT = "%Y年%-m月%-d日"
DEFAULT_CATEGORY = "新闻"
DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = [
    "incremental",
    "stories",
    "honours",
    "events",
    "recaps",
    "regions",
    "images",
    "seo",
    "sitemap",
    "search",
]

# Stories are told apart by slug alone: the stories plugin reports two stories with one slug.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

ARTICLE_URL = "stories/{slug}/"
ARTICLE_SAVE_AS = "stories/{slug}/index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_LANG_URL = DRAFT_URL
DRAFT_LANG_SAVE_AS = DRAFT_SAVE_AS
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archives/{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "archives", "categories", "tags", "authors", "404"]
# 404.html stays at the root, where web servers look for it.

FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/categories/{slug}.atom.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = True

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html",
}

GRIDNEWS_SUMMARY_LENGTH = 120
# Where the images plugin keeps its cache (relative paths are read from this folder).
GRIDNEWS_ROOT = str(ROOT)
SITEMAP = {"exclude": ["404.html", "drafts/"]}

DELETE_OUTPUT_DIRECTORY = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
