"""No broken link and no missing asset in the sample site.

LinkChecker (the Python package, pinned in requirements.lock) crawls the site served on
127.0.0.1 from its home page: every page, stylesheet, script and image it links to must answer.
Addresses on other hosts are never contacted (LinkChecker checks only their syntax without
--check-extern). LinkChecker reads the srcset of <img> but not of <picture>'s <source>, and it
does not know that the absolute addresses in link previews (og:image, on SITEURL) are this site's
own files, so a small check of our own covers those.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings

from browser import serve
from helpers import SETTINGS, Build

pytestmark = pytest.mark.slow

LINKCHECKER = Path(sys.executable).parent / "linkchecker"
# Stands for the built site when resolving a page's references against its own address.
HERE = "http://site.invalid/"


def linkchecker(url: str, workdir: Path) -> list[dict[str, str]]:
    """Crawl a site from url; one row per address checked (LinkChecker's CSV columns)."""
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "linkcheckerrc"
    # The test server answers with a LinkChecker header, which lets it drop its politeness limit.
    config.write_text("[checking]\nmaxrequestspersecond=1000\n", encoding="utf-8")
    result = subprocess.run(
        [
            str(LINKCHECKER),
            "--config",
            str(config),
            "--no-robots",
            "--no-status",
            "--verbose",  # every address, not only failures: proves what was checked
            "--output",
            "csv/utf-8",
            "--timeout",
            "20",
            url,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(workdir), "XDG_CONFIG_HOME": str(workdir)},
        timeout=600,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: broken links found, 2: it failed
    lines = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter=";"))


def broken(rows: list[dict[str, str]]) -> list[str]:
    """The failures, readably: address, page it is on (line), and the error."""
    return [
        f"{row['urlname']} on {row['parentname'] or '(start)'}:{row['line']}: {row['result']}"
        for row in rows
        if row["valid"] != "True"
    ]


def _target(output: Path, url: str) -> Path:
    """The file a site URL is served from."""
    path = output / unquote(urlsplit(url).path).lstrip("/")
    return path / "index.html" if url.endswith("/") or path.is_dir() else path


def missing_assets(output: Path, siteurl: str = "") -> tuple[list[str], int]:
    """Check what LinkChecker does not: srcset candidates (<img> and <source>), <source src>, and
    link-preview images given as absolute addresses on siteurl.

    Returns the missing references ('page: attribute address') and how many were checked.
    """
    missing = []
    checked = 0
    site = siteurl.rstrip("/") + "/" if siteurl else None
    for page in sorted(output.rglob("*.html")):
        where = page.relative_to(output).as_posix()
        base = urljoin(HERE, where)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        references = []
        for tag in soup.find_all(["img", "source"], srcset=True):
            candidates = (part.split()[0] for part in tag["srcset"].split(",") if part.split())
            references += [("srcset", candidate) for candidate in candidates]
        references += [("src", tag["src"]) for tag in soup.find_all("source", src=True)]
        for meta in soup.find_all("meta", content=True):
            if meta.get("property") in ("og:image", "twitter:image") or meta.get("name") in (
                "twitter:image",
            ):
                references.append(("content", meta["content"]))
        for attribute, reference in references:
            local = reference
            if site and reference.startswith(site):
                local = HERE + reference.removeprefix(site)
            url = urljoin(base, local)
            if not url.startswith(HERE):
                continue  # another site's address
            checked += 1
            if not _target(output, url).is_file():
                missing.append(f"{where}: {attribute} {reference}")
    return missing, checked


def test_no_broken_links_or_missing_assets(
    site: Build, site_url: str, site_pages: list[Path], tmp_path: Path
) -> None:
    rows = linkchecker(site_url, tmp_path)
    assert broken(rows) == []
    checked = {row["url"] for row in rows if row["result"].startswith("200")}
    # The crawl reached the pages, the stylesheet and the pictures (srcset candidates too).
    assert len(checked) > len(site_pages) // 2, sorted(checked)
    assert any(url.endswith(".css") for url in checked)
    assert any(url.endswith(".jpg") and "-480." in url for url in checked)
    linked_pages = {
        _target(site.output, url)
        for url in checked
        if url.endswith(("/", ".html")) and url.startswith(site_url)
    }
    unreached = sorted(
        str(page.relative_to(site.output)) for page in site_pages if page not in linked_pages
    )
    print(f"{len(checked)} addresses answered; pages no link leads to: {unreached}")


def test_every_srcset_candidate_and_preview_image_exists(site: Build) -> None:
    siteurl = read_settings(str(SETTINGS))["SITEURL"]
    missing, checked = missing_assets(site.output, siteurl)
    assert missing == []
    assert checked > 10  # the story pictures' candidates and the link-preview cards


def test_the_checks_report_a_dead_link_and_missing_images(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "stories/a").mkdir(parents=True)
    (site / "theme").mkdir()
    (site / "theme/site.css").write_text("body { color: #222; }\n", encoding="utf-8")
    (site / "ok.jpg").write_bytes(b"\xff\xd8\xff\xd9")
    (site / "index.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>首页</title>'
        '<link rel="stylesheet" href="theme/site.css">'
        '<meta property="og:image" content="https://news.example.cn/cards/gone.jpg"></head>'
        '<body><main><a href="stories/a/">报道</a> <a href="stories/gone/">已删除的报道</a>'
        '<a href="https://other.example.cn/">外站</a></main></body></html>',
        encoding="utf-8",
    )
    (site / "stories/a/index.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>报道</title>'
        '<link rel="stylesheet" href="../../theme/site.css"></head><body><main>'
        '<picture><source type="image/webp" srcset="../../missing-480.webp 480w, '
        '../../ok.jpg 960w"><img src="../../ok.jpg" alt="走访"></picture>'
        '<img src="../../missing.jpg" alt="缺失的图片"></main></body></html>',
        encoding="utf-8",
    )
    with serve(site) as url:
        failures = "\n".join(broken(linkchecker(url, tmp_path / "work")))
    assert "stories/gone/" in failures and "404" in failures
    assert "missing.jpg" in failures
    assert "other.example.cn" not in failures  # other sites are not contacted
    missing, _ = missing_assets(site, "https://news.example.cn")
    assert missing == [
        "index.html: content https://news.example.cn/cards/gone.jpg",
        "stories/a/index.html: srcset ../../missing-480.webp",
    ]
