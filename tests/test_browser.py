"""The sample site in a real browser, at a phone's width and a desktop's.

One page of each kind is opened from the served site. Each must show what it is about, fit the
screen without sideways scrolling, log no console error, and load everything it asks for from
the site itself (every request answered 200, none to another host). A full-page screenshot of
each is saved for a person to look at: tests/screenshots/<page>-<width>.png, or the folder named
by GRIDNEWS_SCREENSHOTS.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from gridnews.frontmatter import parse

from browser import (
    CJK_FONT,
    PAGE_NAMES,
    WIDTHS,
    PageLog,
    fonts_used,
    load_everything,
    serve,
    watch,
)
from helpers import ROOT, Build

pytestmark = pytest.mark.slow


def _site_path(url: str) -> str:
    """'http://localhost:8000/workers/x/' -> 'workers/x/' (the data files use absolute URLs)."""
    return urlsplit(url).path.lstrip("/")


def _stories() -> list[dict[str, Any]]:
    """The published sample stories' front matter, newest first."""
    stories = []
    for path in sorted((ROOT / "content/stories").glob("*.md")):
        data = parse(path.read_text(encoding="utf-8"), str(path)).data
        if data.get("status") != "draft":
            stories.append(data)
    return sorted(stories, key=lambda data: str(data["date"]), reverse=True)


def _expected(site: Build, name: str, url: str) -> tuple[str | None, list[str]]:
    """What a page must show: its h1 text (None: any h1), and texts visible in <main>.

    Expectations come from the content and from the site's data files, not from the page.
    """
    honours = json.loads((site.output / "honours.json").read_text(encoding="utf-8"))
    events = json.loads((site.output / "events.json").read_text(encoding="utf-8"))
    if name == "home":
        return None, [data["title"] for data in _stories()[:3]]
    if name == "story":
        story = next(data for data in _stories() if f"stories/{data['slug']}/" == url)
        return story["title"], []
    if name == "honours":
        return None, sorted({honour["name"] for honour in honours})
    if name == "worker":
        people = {_site_path(h["page"]): h["name"] for h in honours if h.get("page")}
        people |= {
            _site_path(w["page"]): w["name"] for e in events for w in e["winners"] if w.get("page")
        }
        return people[url], []
    if name == "event":
        event = next(e for e in events if _site_path(e["page"]) == url)
        return event["name"], [winner["name"] for winner in event["winners"]]
    year = url.split("/")[1]  # recaps/<year>/<region>/
    return None, [f"{year}年"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_renders(
    *,
    name: str,
    width: int,
    site: Build,
    site_url: str,
    sample_urls: dict[str, str],
    screenshots: Path,
    browser_page: tuple[Any, PageLog],
) -> None:
    page, log = browser_page
    url = sample_urls[name]
    response = page.goto(site_url + url)
    assert response is not None and response.status == 200
    load_everything(page)
    shot = screenshots / f"{name}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")

    title, texts = _expected(site, name, url)
    heading = page.locator("main h1")
    assert heading.count() == 1
    assert heading.is_visible()
    if title is not None:
        assert heading.inner_text().split() == title.split()
    fonts = fonts_used(page.context, page, "main h1")
    assert any(CJK_FONT.search(font) for font in fonts), f"no Chinese font drew the h1: {fonts}"
    main = page.locator("main")
    for text in texts:
        assert main.get_by_text(text).first.is_visible(), f"{text!r} is not visible on {url}"

    images = page.evaluate(
        """() => [...document.querySelectorAll("main img")].map((img) => ({
            src: img.currentSrc, loaded: img.complete && img.naturalWidth > 0,
        }))"""
    )
    assert all(image["loaded"] for image in images), images
    assert all(image["src"].startswith(site_url) for image in images), images
    if name == "story":
        assert images, "the story chosen for its pictures shows none"

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{url} is {scroll_width}px wide on a {width}px screen"
    assert log.requests, "no request was seen: the watcher is not attached"
    assert log.problems() == []


def test_the_watcher_reports_errors_missing_files_and_outside_requests(
    browser_page: tuple[Any, PageLog], tmp_path: Path
) -> None:
    """The page checks can fail: a console error, a 404 and a request to another host."""
    page, log = browser_page
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>坏页面</title>'
        '<link rel="stylesheet" href="missing.css">'
        '<link rel="stylesheet" href="https://fonts.example.com/cjk.css"></head>'
        "<body><main><h1>坏页面</h1><script>console.error('出错了');</script></main></body></html>",
        encoding="utf-8",
    )
    with serve(tmp_path) as url:
        page.goto(url)
        load_everything(page)
    problems = "\n".join(log.problems())
    assert "出错了" in problems
    assert "404" in problems and "missing.css" in problems
    assert "stylesheet https://fonts.example.com/cjk.css" in log.outside


def test_an_overflowing_page_is_caught(browser: Any, tmp_path: Path) -> None:
    """The overflow check can fail: a wide table without a scrolling wrapper."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    watch(context, page)
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>宽表</title>'
        '</head><body><table><tr><td style="min-width:900px">很宽的表格</td></tr></table>'
        "</body></html>",
        encoding="utf-8",
    )
    with serve(tmp_path) as url:
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") > 375
    context.close()


def test_the_font_check_tells_a_latin_font_from_a_chinese_one(
    browser_page: tuple[Any, PageLog], tmp_path: Path
) -> None:
    """The Chinese-font check can fail: Latin text is drawn with a font that has no Chinese."""
    page, _ = browser_page
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>字体</title></head>'
        '<body><main><h1 lang="en" '
        "style=\"font-family: 'DejaVu Sans', 'Liberation Sans', Arial\">"
        "Grid news</h1><h2>网格新闻</h2></main></body></html>",
        encoding="utf-8",
    )
    with serve(tmp_path) as url:
        page.goto(url)
        latin = fonts_used(page.context, page, "main h1")
        chinese = fonts_used(page.context, page, "main h2")
    assert latin and not any(CJK_FONT.search(font) for font in latin), latin
    assert any(CJK_FONT.search(font) for font in chinese), chinese
