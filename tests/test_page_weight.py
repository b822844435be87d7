"""Page weight: a story page's HTML, stylesheets and scripts stay under 50 KB, images aside."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from helpers import Build

BUDGET = 50_000  # bytes, uncompressed


class WeightError(Exception):
    """A page refers to a stylesheet or script that cannot be weighed."""


def page_weight(page: Path, root: Path) -> dict[str, int]:
    """The bytes of a page and of every stylesheet and script it loads, by site path.

    Local references are resolved against the page's folder (or the site's root for /x); a
    reference to another server, or to a file that is not there, is an error: it cannot be
    weighed, and the site should not have it anyway.
    """
    html = page.read_bytes()
    weights = {page.relative_to(root).as_posix(): len(html)}
    soup = BeautifulSoup(html, "html.parser")
    folder = page.parent.relative_to(root).as_posix()
    references = [
        link["href"]
        for link in soup.find_all("link", href=True)
        if "stylesheet" in (link.get("rel") or [])
    ]
    references += [script["src"] for script in soup.find_all("script", src=True)]
    for reference in references:
        parts = urlsplit(reference)
        if parts.scheme or parts.netloc:
            raise WeightError(f"{page}: {reference} is not on this site")
        joined = (
            parts.path.lstrip("/")
            if parts.path.startswith("/")
            else posixpath.join(folder, parts.path)
        )
        target = root / posixpath.normpath(joined)
        if not target.is_file():
            raise WeightError(f"{page}: {reference} is missing")
        weights[target.relative_to(root).as_posix()] = target.stat().st_size
    return weights


def over_budget(weights: dict[str, int], budget: int = BUDGET) -> bool:
    """Whether a page with these parts weighs the budget or more."""
    return sum(weights.values()) >= budget


def story_pages(site: Build) -> list[Path]:
    pages = sorted(site.output.glob("stories/*/index.html"))
    assert len(pages) >= 5
    return pages


def test_every_story_page_is_under_50_kb(site: Build) -> None:
    for page in story_pages(site):
        weights = page_weight(page, site.output)
        # The page, the site's stylesheet and the share script are all counted.
        assert "theme/css/site.css" in weights and "theme/js/share.js" in weights, weights
        total = sum(weights.values())
        print(f"{page.relative_to(site.output)}: {total} bytes {weights}")
        assert not over_budget(weights), f"{page}: {total} bytes, budget {BUDGET}"


def _fabricated(tmp_path: Path, css: int, js: int) -> Path:
    """A story page in a site folder, with a stylesheet and a script of the given sizes."""
    (tmp_path / "theme/css").mkdir(parents=True)
    (tmp_path / "theme/js").mkdir(parents=True)
    (tmp_path / "theme/css/site.css").write_text("a{}" + " " * (css - 3), encoding="utf-8")
    (tmp_path / "theme/js/share.js").write_text(";" * js, encoding="utf-8")
    page = tmp_path / "stories/heavy/index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><title>重</title>'
        '<link rel="stylesheet" href="../../theme/css/site.css">'
        '<script src="/theme/js/share.js" defer></script></head>'
        "<body><main><h1>重</h1>" + "<p>网格员走访。</p>" * 20 + "</main></body></html>",
        encoding="utf-8",
    )
    return page


def test_the_budget_catches_an_overweight_page(tmp_path: Path) -> None:
    page = _fabricated(tmp_path, css=40_000, js=12_000)
    weights = page_weight(page, tmp_path)
    assert weights["theme/css/site.css"] == 40_000
    assert weights["theme/js/share.js"] == 12_000
    assert sum(weights.values()) > 52_000
    assert over_budget(weights)


def test_a_light_page_is_within_the_budget(tmp_path: Path) -> None:
    page = _fabricated(tmp_path, css=8_000, js=1_000)
    weights = page_weight(page, tmp_path)
    assert not over_budget(weights)
    assert over_budget(weights, budget=sum(weights.values()))


def test_a_missing_or_remote_file_cannot_be_weighed(tmp_path: Path) -> None:
    page = _fabricated(tmp_path, css=100, js=100)
    (tmp_path / "theme/js/share.js").unlink()
    with pytest.raises(WeightError, match="missing"):
        page_weight(page, tmp_path)
    page.write_text(
        '<html><head><link rel="stylesheet" href="https://cdn.example.com/x.css"></head></html>',
        encoding="utf-8",
    )
    with pytest.raises(WeightError, match="not on this site"):
        page_weight(page, tmp_path)
