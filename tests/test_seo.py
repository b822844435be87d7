"""Discovery: canonical links, link previews, JSON-LD, per-region Atom feeds and the sitemap."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from gridnews.frontmatter import parse

from helpers import ROOT, Build, build_site, story, write_files

SITE = "http://localhost:8000"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def stories() -> dict[str, dict[str, Any]]:
    """The sample stories' front matter, by slug (expectations come from the content)."""
    out = {}
    for path in sorted((ROOT / "content/stories").glob("*.md")):
        data = parse(path.read_text(encoding="utf-8"), str(path)).data
        out[data["slug"]] = data
    return out


STORIES = stories()


def json_ld(page: BeautifulSoup) -> dict[str, list[dict[str, Any]]]:
    """Every JSON-LD object of a page, parsed, grouped by @type."""
    found: dict[str, list[dict[str, Any]]] = {}
    for script in page.select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        assert data["@context"] == "https://schema.org"
        found.setdefault(data["@type"], []).append(data)
    return found


def meta(page: BeautifulSoup, key: str) -> str:
    """The content of a <meta property=…> or <meta name=…>."""
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    assert tag is not None, key
    return tag["content"]


def url_of(site: Build, path: Path) -> str:
    """The site-relative URL a file is served at: stories/x/index.html -> stories/x/."""
    relative = path.relative_to(site.output).as_posix()
    return relative.removesuffix("index.html")


def local(site: Build, address: str) -> Path:
    """The output file an absolute address of the built site points at."""
    assert address.startswith(SITE + "/"), address
    path = site.output / address.removeprefix(SITE + "/")
    return path / "index.html" if address.endswith("/") else path


# --- canonical links and link previews --------------------------------------------------------


def test_every_page_has_its_canonical_address(site: Build, site_pages: list[Path]) -> None:
    checked, unlisted = 0, set()
    for path in site_pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if page.select('meta[name="robots"][content="noindex"]'):
            # Not to be listed (404.html, served at any missing address; search results): such a
            # page names no address of its own.
            assert page.select('link[rel="canonical"]') == [], path
            unlisted.add(url_of(site, path))
            continue
        links = page.select('link[rel="canonical"]')
        assert len(links) == 1, path
        assert links[0]["href"] == f"{SITE}/{url_of(site, path)}", path
        assert meta(page, "og:url") == links[0]["href"], path
        checked += 1
    assert checked > 50
    assert "404.html" in unlisted
    assert unlisted <= {"404.html", "search/"}


@pytest.mark.parametrize("slug", sorted(STORIES))
def test_story_pages_have_open_graph_and_twitter_cards(site: Build, slug: str) -> None:
    page = site.page(f"stories/{slug}/")
    data = STORIES[slug]
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:title") == data["title"]
    assert meta(page, "og:description") == meta(page, "description")
    assert meta(page, "og:description")
    assert meta(page, "og:site_name") == "网格新闻"
    assert meta(page, "og:locale") == "zh_CN"
    image = meta(page, "og:image")
    with Image.open(local(site, image)) as picture:
        assert picture.size == (
            int(meta(page, "og:image:width")),
            int(meta(page, "og:image:height")),
        )
    assert meta(page, "og:image:alt")
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "twitter:title") == data["title"]
    assert meta(page, "twitter:image") == image
    published = page.select_one(".story-header time")["datetime"]
    assert meta(page, "article:published_time") == published


@pytest.mark.parametrize(
    "url", ["", "honours/", "events/", "regions/sichuan/chengdu/pengzhou/", "archives/"]
)
def test_other_pages_are_websites_with_a_preview_image(site: Build, url: str) -> None:
    page = site.page(url)
    assert meta(page, "og:type") == "website"
    title = page.title.get_text()
    assert title.startswith(meta(page, "og:title"))
    with Image.open(local(site, meta(page, "og:image"))) as picture:
        assert picture.size == (1200, 630)
    assert meta(page, "og:image:alt")


# --- JSON-LD ------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(STORIES))
def test_story_json_ld_is_a_news_article_with_its_region_trail(site: Build, slug: str) -> None:
    data = STORIES[slug]
    page = site.page(f"stories/{slug}/")
    found = json_ld(page)
    [article] = found["NewsArticle"]
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert article["headline"] == data["title"] == page.h1.get_text()
    published = page.select_one(".story-header time")["datetime"]
    assert article["datePublished"] == published
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", article["datePublished"])
    assert article["dateModified"].endswith("+08:00")
    names = [credit if isinstance(credit, str) else credit["name"] for credit in data["authors"]]
    assert [author["name"] for author in article["author"]] == names
    assert {author["@type"] for author in article["author"]} == {"Person"}
    assert article["publisher"] == {
        "@type": "Organization",
        "name": data.get("source") or "网格新闻",
    }
    assert article["mainEntityOfPage"]["@id"] == canonical
    assert article["image"] == [meta(page, "og:image")]
    assert article["inLanguage"] == page.html["lang"]

    [trail] = found["BreadcrumbList"]
    items = trail["itemListElement"]
    assert [item["name"] for item in items] == [*data["region"].split("/"), data["title"]]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert items[-1]["item"] == canonical
    for item in items[:-1]:
        assert local(site, item["item"]).is_file(), item
        assert item["item"].startswith(f"{SITE}/regions/")


def test_event_json_ld(site: Build) -> None:
    found = json_ld(site.page("events/2022-yanduqu-wangge-gushi-jiangshu-huodong/"))
    [event] = found["Event"]
    assert event["name"] == "盐都区网格故事讲述活动"
    assert event["startDate"] == "2022-09-07"
    assert event["location"]["@type"] == "Place"
    assert event["location"]["name"] == "盐龙街道科技广场多功能厅"
    address = event["location"]["address"]
    assert address["@type"] == "PostalAddress"
    assert (address["addressRegion"], address["addressLocality"]) == ("江苏省", "盐城市盐都区")
    assert event["organizer"] == {"@type": "Organization", "name": "盐都区"}
    assert "祁娟" in event["description"]
    [trail] = found["BreadcrumbList"]
    assert [item["name"] for item in trail["itemListElement"]] == ["活动", "盐都区网格故事讲述活动"]


def test_worker_json_ld_is_a_person_with_awards_and_region(site: Build) -> None:
    found = json_ld(site.page("workers/zhangting-pengzhou/"))
    [person] = found["Person"]
    assert person["name"] == "张婷"
    assert person["award"] == ["2018年 十大明星网格员（成都市，市级）"]
    assert person["address"]["addressRegion"] == "四川省"
    assert person["address"]["addressLocality"] == "成都市彭州市"
    assert person["url"] == f"{SITE}/workers/zhangting-pengzhou/"
    [trail] = found["BreadcrumbList"]
    assert [item["name"] for item in trail["itemListElement"]] == ["光荣榜", "网格员", "张婷"]
    prize = json_ld(site.page("workers/qijuan-yandu/"))["Person"][0]
    assert prize["award"] == ["盐都区网格故事讲述活动 一等奖"]


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("regions/sichuan/chengdu/pengzhou/", ["全部地区", "四川省", "成都市", "彭州市"]),
        ("honours/2018/", ["光荣榜", "2018年"]),
        ("recaps/2021/gansu-jiuquan-yumen/", ["年度回顾", "2021年", "玉门市"]),
    ],
)
def test_fact_pages_have_a_breadcrumb_list(site: Build, url: str, names: list[str]) -> None:
    [trail] = json_ld(site.page(url))["BreadcrumbList"]
    items = trail["itemListElement"]
    assert [item["name"] for item in items] == names
    assert items[-1]["item"] == f"{SITE}/{url}"
    for item in items:
        assert local(site, item["item"]).is_file()


def test_home_page_describes_the_site_and_its_search(site: Build) -> None:
    [website] = json_ld(site.page(""))["WebSite"]
    assert website["url"] == f"{SITE}/"
    target = website["potentialAction"]["target"]["urlTemplate"]
    assert target == f"{SITE}/search/?q={{q}}"


def test_json_ld_cannot_end_its_script_element(tmp_path: Path) -> None:
    title = "网格员说“</script><script>alert(1)</script>”&amp; <!-- 完"
    content = write_files(
        tmp_path / "content",
        {
            "stories/a.md": story(
                "'" + title + "'",
                body="正文说</script><b>不是标签</b>。",
                slug="escape",
                region="四川省/成都市/彭州市",
                authors="['</script>作者']",
                source="'来源</SCRIPT >&'",
            ),
        },
    )
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    html = (tmp_path / "out/stories/escape/index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    scripts = page.find_all("script")
    # The share script and the two JSON-LD objects, nothing from the title.
    assert [script.get("type", "") for script in scripts] == [
        "",
        "application/ld+json",
        "application/ld+json",
    ]
    assert scripts[0]["src"].endswith("theme/js/share.js") and scripts[0].get_text() == ""
    found = json_ld(page)
    article = found["NewsArticle"][0]
    assert article["headline"] == title
    assert article["author"][0]["name"] == "</script>作者"
    assert article["publisher"]["name"] == "来源</SCRIPT >&"
    assert found["BreadcrumbList"][0]["itemListElement"][-1]["name"] == title
    for script in page.select('script[type="application/ld+json"]'):
        assert not re.search(r"[<>&]", script.string)
    assert page.h1.get_text() == title
    assert page.title.get_text().startswith(title)
    assert meta(page, "og:title") == title


def test_script_json_escapes_what_would_end_a_script() -> None:
    from seo.structured import script_json  # noqa: PLC0415

    text = script_json({"a": "</script><!--&\u2028"})
    assert not re.search("[<>&\u2028]", text)
    assert json.loads(text) == {"a": "</script><!--&\u2028"}


# --- feeds and the sitemap --------------------------------------------------------------------


def region_feeds(site: Build) -> dict[str, Path]:
    """Every region feed, by the region path its page names in its breadcrumb."""
    feeds = {}
    for feed in sorted((site.output / "regions").rglob("feed.atom.xml")):
        page = site.page(url_of(site, feed.parent / "index.html"))
        names = [node.get_text() for node in page.select(".breadcrumb li")][1:]
        feeds["/".join(names)] = feed
    return feeds


def test_each_region_has_an_atom_feed_of_its_stories(site: Build) -> None:
    feeds = region_feeds(site)
    for slug, data in STORIES.items():
        parts = data["region"].split("/")
        for depth in range(1, 4):  # province, city and county at least
            assert "/".join(parts[:depth]) in feeds, (slug, depth)
    ids = set()
    for path, feed in feeds.items():
        root = ET.parse(feed).getroot()
        assert root.tag == f"{ATOM}feed"
        assert root.find(f"{ATOM}title").text.endswith(path.replace("/", " "))
        page = f"{SITE}/{url_of(site, feed.parent / 'index.html')}"
        assert root.find(f"{ATOM}id").text == page
        assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == page
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == page + "feed.atom.xml"
        ids.add(root.find(f"{ATOM}id").text)
        entries = root.findall(f"{ATOM}entry")
        links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
        expected = sorted(
            (slug for slug, data in STORIES.items() if f"{data['region']}/".startswith(path + "/")),
            key=lambda slug: str(STORIES[slug]["date"]),
            reverse=True,
        )
        assert links == [f"{SITE}/stories/{slug}/" for slug in expected], path
        updated = [entry.find(f"{ATOM}updated").text for entry in entries]
        assert all(moment.endswith("+08:00") for moment in updated)
        assert root.find(f"{ATOM}updated").text == max(updated)
    assert len(ids) == len(feeds)


def test_region_pages_link_their_feed(site: Build) -> None:
    for feed in region_feeds(site).values():
        page = site.page(url_of(site, feed.parent / "index.html"))
        [alternate] = page.select('link[rel="alternate"][href$="feed.atom.xml"]')
        assert alternate["type"] == "application/atom+xml"
        assert (feed.parent / alternate["href"]).resolve() == feed.resolve()
        visible = page.select_one(f'main a[href="{alternate["href"]}"]')
        assert visible is not None and "订阅" in visible.get_text()


def test_a_region_without_stories_has_no_feed(site: Build) -> None:
    # 朝阳中路社区 has an honoured grid but no story of its own.
    folder = site.output / "regions/sichuan/chengdu/pengzhou/tianpeng/chaoyangzhonglu"
    assert (folder / "index.html").is_file()
    assert not (folder / "feed.atom.xml").exists()
    assert (
        site.page("regions/sichuan/chengdu/pengzhou/tianpeng/chaoyangzhonglu/").select(
            'link[href$="feed.atom.xml"]'
        )
        == []
    )


def test_sitemap_lists_stories_and_region_pages(site: Build) -> None:
    tree = ET.parse(site.output / "sitemap.xml")
    locations = {loc.text for loc in tree.getroot().iter(f"{SITEMAP}loc")}
    for slug in STORIES:
        assert f"{SITE}/stories/{slug}/" in locations
    for feed in region_feeds(site).values():
        assert f"{SITE}/{url_of(site, feed.parent / 'index.html')}" in locations
    assert f"{SITE}/404.html" not in locations
