"""What the search index holds: one document per content page, with its filters and word parts.

Only pages that are about something are indexed (stories, workers, grids, events, recaps, regions
and Pelican pages); lists, archives, tags and the section indexes are left out, so that a search
finds the page about a thing rather than every list that names it.

Pagefind finds a word by its start, and Chinese is cut into words twice, differently: by the
indexer (jieba's dictionary: 杨维彩 -> 杨维 + 彩) and, in the browser, the query (the browser's own
dictionary: 维彩 -> 维 + 彩, 网格 -> 网 + 格). Every piece of the query must start a word of the
page, so a given name or a word of the field could miss the very page that holds it. The copy of
a page that is indexed therefore also gets the tails of some words (维彩 and 彩 for 杨维彩): every
character of them then starts a word, however a query is cut. That is done for the name of every
worker and grid a page is about or names, and for the words of the field the page uses (网格,
网格员, 光荣榜…). These tails go only into the indexed copy, never into the published page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from typing import Any

from gridnews.figures import regions_with_stats
from gridnews.index import FactsIndex, Holder
from gridnews.slugs import DOMAIN_WORDS

# Filter names and values, as the search page shows them.
FILTER_KIND = "类别"
FILTER_REGION = "省份"  # province-level divisions, 直辖市 and 自治区 included
FILTER_YEAR = "年份"
KIND_STORY = "新闻"
KIND_HONOUR = "荣誉"
KIND_EVENT = "活动"
KIND_WORKER = "网格员"
KIND_GRID = "网格"
KIND_RECAP = "年度回顾"
KIND_REGION = "地区"
KIND_PAGE = "页面"

# Regions and recaps gather what other pages tell; their words count for less, so that the story
# or the person they point to comes first.
GATHERING_KINDS = (KIND_REGION, KIND_RECAP)
GATHERING_WEIGHT = "0.5"
# Words of the field whose tails are indexed on the pages that use them (GRIDNEWS_SEARCH_TERMS).
TERMS = ("网格", *DOMAIN_WORDS)
# Each tail is set off by these brackets (punctuation, so never part of a word), and the search
# page drops what they enclose from the excerpts it shows.
PARTS_OPEN = "⟦"
PARTS_CLOSE = "⟧"

_MAIN_OPEN = re.compile(r"<main\b", re.IGNORECASE)
_MAIN_CLOSE = "</main>"
_HEADING_CLOSE = "</h1>"
# Elements whose text Pagefind leaves out of the index (a word there needs no tails).
_UNINDEXED = re.compile(
    r"<(nav|footer|form|label|script|style|template|noscript|svg)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_SPACE = re.compile(r"\s+")


@dataclass
class SearchDocument:
    """One page to index: where it is, and what the search filters and name parts say of it."""

    url: str  # site-relative, ending in '/': stories/x/
    path: str  # the file under the output folder: stories/x/index.html
    kinds: tuple[str, ...]
    regions: tuple[str, ...] = ()  # province-level names: 四川省, 内蒙古自治区
    years: tuple[int, ...] = ()
    names: tuple[str, ...] = ()  # workers and grids the page is about or names
    title: str = ""  # the result's title, when the page's heading alone says too little

    def filters(self) -> dict[str, list[str]]:
        """The page's filter values, by filter name."""
        out = {FILTER_KIND: list(self.kinds)}
        if self.regions:
            out[FILTER_REGION] = list(self.regions)
        if self.years:
            out[FILTER_YEAR] = [str(year) for year in self.years]
        return out


def tails(word: str) -> list[str]:
    """Every tail of a word or name after its first character: 杨维彩 -> 维彩, 彩.

    Any part of the word (a given name, a community in a grid's name) is then the start of one of
    these, and Pagefind finds words by their start.
    """
    text = _SPACE.sub("", word)
    return [text[start:] for start in range(1, len(text))]


def province(region: str) -> str:
    """The province-level part of a region path: 四川省/成都市/彭州市 -> 四川省."""
    return region.split("/", 1)[0] if region else ""


def _provinces(*regions: str) -> tuple[str, ...]:
    """The distinct provinces of some region paths, in the order given."""
    return tuple(dict.fromkeys(part for part in map(province, regions) if part))


def _holder_names(holder: Holder) -> tuple[str, ...]:
    """A worker's or grid's name, and the other spellings editors merged into it."""
    return (holder.name, *holder.aliases)


def documents(context: dict[str, Any], index: FactsIndex) -> list[SearchDocument]:
    """Every content page of the build, sorted by URL."""
    named: dict[int, list[str]] = defaultdict(list)  # id(article) -> names it mentions
    holders = [*index.workers.values(), *index.grids.values()]
    for holder in holders:
        for article in holder.stories:
            named[id(article)].extend(_holder_names(holder))
    out = [
        _story(article, tuple(dict.fromkeys(named[id(article)])))
        for article in context.get("articles", [])
    ]
    out += [
        SearchDocument(page.url, page.save_as, (KIND_PAGE,)) for page in context.get("pages", [])
    ]
    out += [_holder(holder) for holder in holders if holder.slug]
    for entry in index.events:
        names = tuple(dict.fromkeys(n for p in entry.winners for n in _holder_names(p.holder)))
        year = entry.year
        out.append(
            SearchDocument(
                entry.url,
                entry.url + "index.html",
                (KIND_EVENT,),
                _provinces(entry.region),
                (year,) if year else (),
                names,
            )
        )
    out += _recaps(index)
    for node in index.regions.values():
        title = "".join(part.name for part in node.chain())
        out.append(
            SearchDocument(
                node.url,
                node.url + "index.html",
                (KIND_REGION,),
                _provinces(node.path),
                title=title,
            )
        )
    return sorted(out, key=lambda document: document.url)


def _story(article: Any, names: tuple[str, ...]) -> SearchDocument:
    """A story, with the workers and grids it names."""
    story = getattr(article, "story", None)
    kinds = (KIND_STORY, KIND_HONOUR) if story is not None and story.honours else (KIND_STORY,)
    return SearchDocument(
        article.url,
        article.save_as,
        kinds,
        _provinces(story.region) if story is not None else (),
        (article.date.year,),
        names,
    )


def _holder(holder: Holder) -> SearchDocument:
    """A worker's or grid's page."""
    kind = KIND_WORKER if holder.kind == "worker" else KIND_GRID
    return SearchDocument(
        holder.url,
        holder.url + "index.html",
        (kind, KIND_HONOUR) if holder.honours else (kind,),
        _provinces(holder.place),
        tuple(holder.years()),
        _holder_names(holder),
        holder.name if holder.name.endswith(kind) else f"{holder.name}（{kind}）",
    )


def _recaps(index: FactsIndex) -> list[SearchDocument]:
    """A recap per year, and per region and year."""
    out = []
    years = sorted({entry.year for entry in index.stats if entry.year}, reverse=True)
    for year in years:
        nodes = regions_with_stats(index, year)
        out.append(
            SearchDocument(
                f"recaps/{year}/", f"recaps/{year}/index.html", (KIND_RECAP,), (), (year,)
            )
        )
        out += [
            SearchDocument(
                f"recaps/{year}/{node.slug}/",
                f"recaps/{year}/{node.slug}/index.html",
                (KIND_RECAP,),
                _provinces(node.path),
                (year,),
            )
            for node in nodes
        ]
    return out


def index_html(
    html: str,
    document: SearchDocument,
    *,
    name_parts: bool = True,
    terms: tuple[str, ...] = TERMS,
) -> str | None:
    """The copy of a page that Pagefind reads: its <main>, plus filters and word tails.

    The tails go right after the page's heading, so that when they are what matched, the excerpt
    shows the top of the page. The head and the header, navigation and footer around <main> are
    left out (Pagefind would not index them). Returns None when the page has no <main>.
    """
    opening = _MAIN_OPEN.search(html)
    closing = html.rfind(_MAIN_CLOSE)
    if opening is None or closing < opening.end():
        return None
    body = html[opening.end() : closing]
    indexed = _UNINDEXED.sub(" ", body)
    words = [term for term in terms if term in indexed]
    if name_parts:
        words += document.names
    parts = dict.fromkeys(part for word in words for part in tails(word))
    if parts:
        block = (
            "<p>" + " ".join(f"{PARTS_OPEN}{escape(part)}{PARTS_CLOSE}" for part in parts) + "</p>"
        )
        heading = body.find(_HEADING_CLOSE)
        cut = len(body) if heading < 0 else heading + len(_HEADING_CLOSE)
        body = body[:cut] + block + body[cut:]
    tags = [
        f'<span data-pagefind-filter="{escape(name)}:{escape(value)}"></span>'
        for name, values in document.filters().items()
        for value in values
    ]
    if document.title:
        tags.append(f'<span data-pagefind-meta="title:{escape(document.title)}"></span>')
    added = "<div>" + "".join(tags) + "</div>"
    marker = " data-pagefind-body"
    if document.kinds[0] in GATHERING_KINDS:
        marker += f' data-pagefind-weight="{GATHERING_WEIGHT}"'
    main = html[opening.start() : opening.end()] + marker + body + added + _MAIN_CLOSE
    return f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>{main}</body></html>\n'
