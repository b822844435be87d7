"""Property tests: random and hostile input never crashes the importer or lets script through."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gridnews.frontmatter import parse
from gridnews.importer.pipeline import ArticleError, import_bytes
from gridnews.story import new_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="jav&#x09;ascript:alert(1)">点我</a>',
    "<body onload=alert(1)>",
    '<div style="background-image:url(javascript:alert(1))">网格</div>',
    "<style>@import 'http://xss.example/xss.css';</style>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<details open ontoggle=alert(1)>",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    "[点我](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<!--<script>alert(1)</script>-->",
]
CHINESE = st.text(
    alphabet="网格员社区居民服务治理平安，。、！？“”（）《》：；0123456789", min_size=0, max_size=60
)
FRAGMENTS = st.one_of(st.sampled_from(HOSTILE), CHINESE.map(lambda t: f"<p>{t}</p>"), CHINESE)
_JS = re.compile(r"^\s*(?:javascript|vbscript|data):", re.IGNORECASE)


def rendered(story: str) -> BeautifulSoup:
    """Render a story's body the way the site build does."""
    body = parse(story, "x.md").body
    return BeautifulSoup(new_markdown().convert(body), "html.parser")


def assert_harmless(story: str) -> None:
    """No script, frame, plugin, event handler or script address in the rendered story."""
    html = rendered(story)
    for tag in html.find_all(True):
        assert tag.name not in {
            "script",
            "style",
            "iframe",
            "object",
            "embed",
            "svg",
            "math",
            "form",
            "frame",
        }
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), tag
            if name in ("href", "src", "action", "data"):
                assert not _JS.match(str(value)), tag


def test_owasp_style_vectors_are_neutralised() -> None:
    page = (
        "<html><head><title>网格员的一天</title></head><body><div class='content'>"
        + "".join(f"<p>网格员每天走访辖区居民，收集社情民意。</p>{vector}" for vector in HOSTILE)
        + "</div></body></html>"
    )
    result = import_bytes(page.encode(), "hostile.html")
    assert_harmless(result.text)
    assert "alert" not in str(rendered(result.text).find_all(["a", "img"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENTS, min_size=1, max_size=12))
def test_hostile_html_never_crashes_or_runs(fragments: list[str]) -> None:
    page = (
        "<html><head><title>网格员的一天</title></head><body><div>"
        + "".join(fragments)
        + "</div></body></html>"
    )
    try:
        result = import_bytes(page.encode(), "fuzz.html")
    except ArticleError:
        return
    assert result.problems == []
    assert_harmless(result.text)


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_any_text_imports_or_is_refused_cleanly(text: str) -> None:
    try:
        result = import_bytes(text.encode("utf-8", errors="surrogatepass"), "fuzz.txt")
    except (ArticleError, UnicodeEncodeError):
        return
    assert result.problems == []
    assert_harmless(result.text)


@settings(max_examples=80, deadline=None)
@given(st.binary(min_size=0, max_size=600))
@example(b"\x0b\r\x00")  # a line break that leaves an empty line before a longer one
def test_any_bytes_import_or_are_refused_cleanly(data: bytes) -> None:
    try:
        result = import_bytes(data, "fuzz.bin")
    except ArticleError:
        return
    assert result.problems == []


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["---", "title: 标题", "date: 昨天", "author: 趣头条", "<p>正文。</p>", "", ":", "- x"]
        ),
        max_size=10,
    )
)
def test_broken_front_matter_never_crashes(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n网格员每天走访辖区居民，收集社情民意。"
    try:
        result = import_bytes(text.encode(), "fuzz.md")
    except ArticleError:
        return
    assert result.problems == []
