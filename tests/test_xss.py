"""A scraped page full of XSS filter-evasion vectors, through `gridnews import`, Pelican, Chromium.

tests/fixtures/xss/ holds a saved government news page whose head, attributes and body carry the
vectors of the OWASP XSS filter evasion cheat sheet (script, event handlers, javascript: and
data: addresses spelled every way, SVG, MathML, frames, objects, styles, meta refresh, broken
attribute quotes, markup as text). The real command imports it, Pelican builds a site from the
story, and Chromium opens the pages: no dialog may open, no vector may run, and no script, frame,
object, event handler or script address may be left in the pages.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from gridnews.frontmatter import parse

from browser import PageLog, load_everything, serve, watch
from helpers import ROOT, build_site

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parent / "fixtures/xss/wangge-anquan.html"
GRIDNEWS = Path(sys.executable).parent / "gridnews"
# Every call of a dialog function is recorded before the page's own code runs.
SENTINEL = """
window.__calls = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => { window.__calls.push(`${name}(${args.join(", ")})`); };
}
"""
EXECUTABLE = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "form",
    "math",
    "template",
    "noscript",
    "style",
    "link",
    "meta",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "data",
    "background",
    "poster",
    "lowsrc",
    "dynsrc",
    "xlink:href",
}
SAFE_SCHEMES = {"", "http", "https", "mailto"}
# What the story's paragraphs say: the import must keep the news while dropping the vectors.
NEWS = (
    "她负责的第六网格有居民楼18栋",
    "把问题化解在萌芽状态",
    "今年共化解矛盾纠纷46起",
    "把服务做到群众心坎上",
)


def _normalised(value: str) -> str:
    """An attribute value as a browser reads its scheme: no whitespace or control characters."""
    return re.sub(r"[\x00-\x20]+", "", value)


def _scheme(url: str) -> str:
    """The scheme a browser would follow for this address ('' for a relative one)."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", _normalised(url))
    return match.group(1).lower() if match else ""


def _addresses(name: str, value: str) -> list[str]:
    """The addresses in an attribute: one, or each candidate of a srcset."""
    if name == "srcset":
        return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]
    return [value]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture imported with the real command into a content folder; the story's path."""
    content = tmp_path_factory.mktemp("xss") / "content"
    command = [str(GRIDNEWS)] if GRIDNEWS.exists() else [sys.executable, "-m", "gridnews.cli"]
    result = subprocess.run(
        [*command, "import", str(FIXTURE), "--out", str(content / "stories")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    stories = list((content / "stories").glob("*.md"))
    assert len(stories) == 1, result.stdout
    return stories[0]


@pytest.fixture(scope="module")
def xss_site(imported: Path) -> Path:
    """The imported story built into a site; the output folder.

    The build's one expected warning is about the pictures left on the source's server (the
    editor fetches them with --fetch-images); any other warning or error fails.
    """
    output = imported.parent.parent.parent / "output"
    build = build_site(imported.parent.parent, output, fatal=False)
    assert build.returncode == 0, build.log
    warnings = [
        line
        for line in build.log.splitlines()
        if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line) and "remote image(s)" not in line
    ]
    assert warnings == [], build.log
    return output


def _story_url(xss_site: Path) -> str:
    pages = sorted(xss_site.glob("stories/*/index.html"))
    assert len(pages) == 1
    return pages[0].parent.relative_to(xss_site).as_posix() + "/"


def _strings(value: Any) -> list[str]:
    """Every string inside a front matter value."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [value] if isinstance(value, str) else []


def test_the_story_keeps_the_news_and_no_markup(imported: Path) -> None:
    matter = parse(imported.read_text(encoding="utf-8"), str(imported))
    for sentence in NEWS:
        assert sentence in matter.body
    assert "小巷管家" in matter.data["title"]
    for text in _strings(matter.data):
        assert "<" not in text and ">" not in text, text
        assert '"' not in text, text
        assert _scheme(text) in SAFE_SCHEMES, text
    for key in ("source_url", "image"):
        if key in matter.data:
            assert urlsplit(matter.data[key]).scheme in ("http", "https"), matter.data[key]
    # Raw HTML in the body would be rendered as it is: none may be written.
    assert not re.search(r"<[A-Za-z!/?]", matter.body), matter.body


def test_no_executable_markup_in_any_page_showing_the_story(imported: Path, xss_site: Path) -> None:
    title = parse(imported.read_text(encoding="utf-8"), str(imported)).data["title"]
    showing = []
    for page in sorted(xss_site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = page.relative_to(xss_site).as_posix()
        main = soup.find("main")
        assert main is not None, where
        text = main.get_text()
        if title not in text and NEWS[0] not in text:
            continue  # a page the story does not appear on (search, 404)
        showing.append(where)
        found = sorted({tag.name for tag in main.find_all(EXECUTABLE)})
        assert not found, f"{where}: {found} in <main>"
        for tag in soup.find_all(True):
            handlers = [name for name in tag.attrs if name.lower().startswith("on")]
            assert not handlers, f"{where}: <{tag.name} {handlers}>"
            for name, value in tag.attrs.items():
                if name.lower() not in URL_ATTRIBUTES or not isinstance(value, str):
                    continue
                for address in _addresses(name.lower(), value):
                    assert _scheme(address) in SAFE_SCHEMES, f"{where}: {name}={value}"
        refresh = soup.find("meta", attrs={"http-equiv": re.compile("refresh", re.IGNORECASE)})
        assert refresh is None, f"{where}: {refresh}"
    # The story page and the lists that carry its title and summary were all checked.
    assert {"index.html", "archives/index.html"} <= set(showing), showing
    assert any(where.startswith("stories/") for where in showing), showing


def _open(page: Any, url: str) -> list[str]:
    """Open a page with every event handler poked; return the dialog functions it called."""
    page.goto(url)
    load_everything(page)
    page.evaluate(
        """() => {
            for (const element of document.querySelectorAll("*")) {
                for (const type of ["mouseover", "mouseenter", "focus", "toggle", "error",
                                    "load", "animationstart", "transitionend", "click"]) {
                    if (type === "click" && element.closest("a, button, summary")) continue;
                    element.dispatchEvent(new Event(type));
                }
            }
        }"""
    )
    page.wait_for_timeout(200)
    return page.evaluate("window.__calls")


@pytest.mark.parametrize("which", ["story", "home", "archives"])
def test_no_vector_runs_in_the_browser(
    which: str, xss_site: Path, browser_page: tuple[Any, PageLog]
) -> None:
    page, log = browser_page
    page.add_init_script(SENTINEL)
    url = {"story": _story_url(xss_site), "home": "", "archives": "archives/"}[which]
    with serve(xss_site) as base:
        calls = _open(page, base + url)
        assert page.url == base + url, "the page navigated away"
        if which == "story":
            main = page.locator("main")
            for sentence in NEWS:
                assert main.get_by_text(sentence).first.is_visible()
            links = page.evaluate(
                """() => [...document.querySelectorAll("a[href], area[href]")]
                    .map((a) => new URL(a.href).protocol)"""
            )
            assert set(links) <= {"http:", "https:", "mailto:"}, links
    assert calls == []
    assert log.dialogs == []
    assert [line for line in log.errors if "alert" in line] == []
    # The story's pictures stay on the source's server (blocked here); nothing else may load.
    assert all(line.startswith("image ") for line in log.outside), log.outside
    assert not [line for line in log.outside if "xss.example" in line]


def test_the_browser_checks_see_a_vector_that_runs(browser: Any, tmp_path: Path) -> None:
    """The checks can fail: an unsanitised vector is seen by the sentinel, or as a dialog."""
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>未清理</title>'
        '</head><body><main><p onmouseover="alert(1)">网格员</p>'
        "<img src=x onerror=alert(2)><script>confirm(3)</script></main></body></html>",
        encoding="utf-8",
    )
    with serve(tmp_path) as url:
        context = browser.new_context()
        page = context.new_page()
        page.add_init_script(SENTINEL)
        calls = _open(page, url)
        plain = context.new_page()  # no sentinel: the vectors open real dialogs
        log = watch(context, plain)
        plain.goto(url)
        plain.wait_for_timeout(200)
        context.close()
    assert {"alert(1)", "alert(2)", "confirm(3)"} <= set(calls), calls
    assert {"alert: 2", "confirm: 3"} <= set(log.dialogs), log.dialogs
