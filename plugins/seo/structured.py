"""Structured data (schema.org JSON-LD) and breadcrumb trails, built in Python.

Every builder returns plain dicts and lists; `script_tags` turns them into <script> elements whose
JSON cannot end the script early: `<`, `>` and `&` are written as JSON escapes (backslash, u003c
and so on), which JSON readers decode back to the same text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from markupsafe import Markup

SCHEMA = "https://schema.org"
SHANGHAI = ZoneInfo("Asia/Shanghai")
_UNSAFE = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",  # line separators end a line in older JavaScript parsers
    0x2029: "\\u2029",
}


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail: a name and its site-relative URL ('' when it has none)."""

    name: str
    url: str


def script_json(data: Any) -> str:
    """JSON for a <script> element: compact, Chinese kept as is, and no `</script>` possible."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_UNSAFE)


def script_tags(items: Iterable[dict[str, Any] | None]) -> str:
    """One <script type="application/ld+json"> element per item (None items are skipped)."""
    return "".join(
        f'<script type="application/ld+json">{script_json(item)}</script>' for item in items if item
    )


def moment(value: dt.datetime | dt.date) -> str:
    """An ISO 8601 time with its offset; times without a zone are Asia/Shanghai (+08:00)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=SHANGHAI)
        return value.isoformat()
    return value.isoformat()


def is_web(url: str) -> bool:
    """Tell whether an address is an http(s) one (not javascript:, data: and the like)."""
    return urlsplit(url.strip()).scheme.lower() in ("http", "https")


def absolute(root: str, url: str) -> str:
    """A site-relative URL (or an address) made absolute against the site's root."""
    if "://" in url:
        return url
    return f"{root}/{url}"


def postal_address(region: str) -> dict[str, Any] | None:
    """A PostalAddress from a region path: province, then city and county, then the rest."""
    parts = [part for part in region.split("/") if part] if region else []
    if not parts:
        return None
    address: dict[str, Any] = {
        "@type": "PostalAddress",
        "addressCountry": "CN",
        "addressRegion": parts[0],
    }
    if parts[1:3]:
        address["addressLocality"] = "".join(parts[1:3])
    if parts[3:]:
        address["streetAddress"] = "".join(parts[3:])
    return address


def breadcrumb_list(trail: Sequence[Crumb], root: str) -> dict[str, Any] | None:
    """A BreadcrumbList; every step but an unlinked last one names its page."""
    if not trail:
        return None
    items = []
    for position, crumb in enumerate(trail, start=1):
        item: dict[str, Any] = {"@type": "ListItem", "position": position, "name": crumb.name}
        if crumb.url:
            item["item"] = absolute(root, crumb.url)
        items.append(item)
    return {"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": items}


def _organisation(name: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": name}


def news_article(
    article: Any, *, root: str, site_name: str, image: str, lang: str
) -> dict[str, Any]:
    """A NewsArticle for a story page."""
    story = article.story
    url = absolute(root, article.url)
    published = moment(article.date)
    modified = getattr(article, "modified", None)
    publisher = _organisation(story.source or site_name)
    authors = [
        {
            "@type": "Person",
            "name": credit.name,
            **({"jobTitle": credit.role} if credit.role else {}),
        }
        for credit in story.authors
    ]
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": article.title,
        "description": Markup(article.summary).striptags(),  # the summary is HTML
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": published,
        "dateModified": moment(modified) if modified else published,
        "inLanguage": lang,
        "author": authors or [publisher],
        "publisher": publisher,
    }
    if image:
        data["image"] = [image]
    category = getattr(article, "category", None)
    if category:
        data["articleSection"] = str(category)
    if story.tags:
        data["keywords"] = list(story.tags)
    if story.region:
        data["contentLocation"] = {
            "@type": "Place",
            "name": story.region.split("/")[-1],
            "address": postal_address(story.region),
        }
    if story.source_url and is_web(story.source_url):
        data["isBasedOn"] = story.source_url
    return data


def event(entry: Any, *, root: str, image: str) -> dict[str, Any]:
    """An Event for an event page: when, where (a Place with its address) and who organised it."""
    details = entry.event
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": details.name,
        "url": absolute(root, entry.url),
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "eventStatus": f"{SCHEMA}/EventScheduled",
    }
    if details.date:
        data["startDate"] = moment(details.date)
    if details.place or entry.region:
        place: dict[str, Any] = {
            "@type": "Place",
            "name": details.place or entry.region.split("/")[-1],
        }
        address = postal_address(entry.region)
        if address:
            place["address"] = address
        data["location"] = place
    if details.organiser:
        data["organizer"] = _organisation(details.organiser)
    if image:
        data["image"] = [image]
    if entry.winners:
        data["description"] = f"{details.name}获奖名单：" + "、".join(
            f"{prize.winner.name}（{prize.winner.prize}）" for prize in entry.winners
        )
    return data


def award_text(entry: Any) -> str:
    """An honour as one line: 2018年 十大明星网格员（成都市，市级）."""
    honour = entry.honour
    issuer = "，".join(part for part in (honour.issuer, honour.level) if part)
    return f"{honour.year}年 {honour.award}（{issuer}）"


def holder(item: Any, *, root: str, image: str) -> dict[str, Any]:
    """A Person for a grid worker's page, a Place for a grid's."""
    url = absolute(root, item.url)
    address = postal_address(item.place)
    if item.kind != "worker":
        data: dict[str, Any] = {"@context": SCHEMA, "@type": "Place", "name": item.name, "url": url}
        if address:
            data["address"] = address
        return data
    awards = [award_text(entry) for entry in sorted(item.honours, key=_honour_key)]
    awards += [f"{prize.event.name} {prize.winner.prize}" for prize in item.prizes]
    data = {
        "@context": SCHEMA,
        "@type": "Person",
        "name": item.name,
        "jobTitle": "网格员",
        "url": url,
    }
    if item.aliases:
        data["alternateName"] = list(item.aliases)
    if awards:
        data["award"] = awards
    if address:
        data["address"] = address
    if image:
        data["image"] = image
    return data


def _honour_key(entry: Any) -> tuple[int, str]:
    return (-entry.honour.year, entry.honour.award)


def website(*, root: str, name: str, description: str, lang: str) -> dict[str, Any]:
    """The WebSite, with the search page as its SearchAction."""
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": name,
        "description": description,
        "url": f"{root}/",
        "inLanguage": lang,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{root}/search/?q={{q}}"},
            "query-input": "required name=q",
        },
    }


# --- breadcrumb trails ---------------------------------------------------------------------------


def region_trail(path: str, region_urls: dict[str, str]) -> list[Crumb]:
    """A region path as crumbs, province first, each linking its region page when there is one."""
    parts = [part for part in path.split("/") if part] if path else []
    return [
        Crumb(part, region_urls.get("/".join(parts[: depth + 1]), ""))
        for depth, part in enumerate(parts)
    ]


def story_trail(article: Any, region_urls: dict[str, str], archives_url: str) -> list[Crumb]:
    """Where a story sits: its region (四川省 › 成都市 › 彭州市), or the news section."""
    region = article.story.region
    if region:
        return region_trail(region, region_urls)
    return [Crumb("新闻", archives_url)]


def node_trail(node: Any) -> list[Crumb]:
    """A region page: 全部地区 › 四川省 › 成都市 › 彭州市."""
    return [Crumb("全部地区", "regions/"), *(Crumb(part.name, part.url) for part in node.chain())]


def holder_trail(item: Any) -> list[Crumb]:
    """A worker's or grid's page: 光荣榜 › 网格员 › 张婷."""
    section = Crumb("网格员", "workers/") if item.kind == "worker" else Crumb("网格", "grids/")
    return [Crumb("光荣榜", "honours/"), section, Crumb(item.name, item.url)]


def event_trail(entry: Any) -> list[Crumb]:
    """An event page: 活动 › 盐都区网格故事讲述活动."""
    return [Crumb("活动", "events/"), Crumb(entry.event.name, entry.url)]


def honours_trail(year: int | None) -> list[Crumb]:
    """The honour board, or one year of it."""
    trail = [Crumb("光荣榜", "honours/")]
    if year:
        trail.append(Crumb(f"{year}年", f"honours/{year}/"))
    return trail


def recap_trail(year: int | None, node: Any = None) -> list[Crumb]:
    """The recaps, a year's recap, or a region's recap of a year."""
    trail = [Crumb("年度回顾", "recaps/")]
    if year:
        trail.append(Crumb(f"{year}年", f"recaps/{year}/"))
        if node is not None:
            trail.append(Crumb(node.name, f"recaps/{year}/{node.slug}/"))
    return trail
