"""Front matter values reach pages, feeds and JSON-LD as the exact text the editor wrote.

Jinja's autoescape is off in Pelican, so every value from a story is escaped where a template
prints it. A tiny site is built from a story whose title, source, summary, credits, tags,
honours, event and figures hold `"`, `<`, `>` and `&` (and a try at a new attribute); every page
must parse with no element or attribute made from them, and show each value as written.

Summaries follow one rule (plugins/stories/stories.py): `summary` is HTML, as Pelican's own
summaries are, made by escaping the plain-text summary once.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from stories.stories import web_url

from helpers import Build, build_site, story, write_files

SITE = "http://localhost:8000"
ATOM = "{http://www.w3.org/2005/Atom}"
REGION = "四川省/成都市/彭州市"

TITLE = '网格员说"你好" <b>粗</b> & " onmouseover="alert(1)'
SOURCE = '来源"<i>斜</i>"&报'
SOURCE_URL = 'https://example.com/a?x=1&y="2"<'
SUMMARY = '摘要"<b>不</b>"&amp;完>'
AUTHOR = '作者"<b>甲</b>'
CREDIT = ("乙&丙", "记者<i>")  # name, role
TAGS = ['网格"<b>', "&治理>"]
HONOUR = {"name": '张"<b>婷</b>', "award": '奖"<i>斜</i>', "issuer": '发&"<u>'}
EVENT = {"name": '活动"<b>粗</b>', "place": "地点<i>&", "organiser": '主办"<u>', "form": "演讲<b>"}
WINNER = {"name": '祁"<b>娟', "work": '作品<i>"&'}
STAT = {"label": '网格"<b>', "unit": "个<i>"}
# A body whose text is markup, written as entities: its summary must show it, not render it.
MARKUP_TEXT = "<b>不是粗体</b>"
MARKUP_BODY = "&lt;b&gt;不是粗体&lt;/b&gt;"
INJECTED = ["b", "i", "u"]


def q(text: str) -> str:
    """A YAML single-quoted string."""
    return "'" + text.replace("'", "''") + "'"


def hostile_story() -> str:
    """The story every value of which tries to break out of its place in the page."""
    return story(
        q(TITLE),
        body="正文第一段。",
        slug="escape",
        region=REGION,
        source=q(SOURCE),
        source_url=q(SOURCE_URL),
        summary=q(SUMMARY),
        authors=f"[{q(AUTHOR)}, {{name: {q(CREDIT[0])}, role: {q(CREDIT[1])}}}]",
        tags="[" + ", ".join(q(tag) for tag in TAGS) + "]",
        image="images/cover.png",
        honours=(
            f"\n  - {{name: {q(HONOUR['name'])}, kind: worker, award: {q(HONOUR['award'])}, "
            f"year: 2022, level: 县级, issuer: {q(HONOUR['issuer'])}, region: {REGION}}}"
        ),
        events=(
            f"\n  - name: {q(EVENT['name'])}\n    date: 2022-09-07\n    place: {q(EVENT['place'])}"
            f"\n    organiser: {q(EVENT['organiser'])}\n    region: {REGION}"
            f"\n    forms: [{q(EVENT['form'])}]\n    winners:"
            f"\n      - {{name: {q(WINNER['name'])}, prize: 一等奖, work: {q(WINNER['work'])}, "
            f"region: {REGION}}}"
        ),
        stats=(
            f"\n  - {{label: {q(STAT['label'])}, value: 5, unit: {q(STAT['unit'])}, year: 2022, "
            f"region: {REGION}}}"
        ),
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The hostile story and a story whose body is markup as text, built with warnings fatal."""
    root = tmp_path_factory.mktemp("escaping")
    content = write_files(
        root / "content",
        {
            "stories/escape.md": hostile_story(),
            "stories/plain.md": story(
                "摘要里的标签", body=MARKUP_BODY, slug="plain", date="2022-09-06"
            ),
        },
    )
    (content / "images").mkdir()
    Image.new("RGB", (800, 500), (166, 27, 27)).save(content / "images/cover.png")
    build = build_site(content, root / "out")
    assert build.returncode == 0, build.log
    return build


def one_page(built: Build, pattern: str, h1: str) -> BeautifulSoup:
    """The page among those matching a glob whose h1 reads h1."""
    for path in sorted(built.output.glob(pattern)):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if page.h1 and page.h1.get_text() == h1:
            return page
    raise AssertionError(f"no page {pattern} with the heading {h1!r}")


def meta(page: BeautifulSoup, key: str) -> str:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    assert tag is not None, key
    return tag["content"]


def test_no_page_has_an_element_or_attribute_made_from_front_matter(built: Build) -> None:
    pages = sorted(built.output.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        where = path.relative_to(built.output).as_posix()
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        found = sorted({tag.name for tag in page.find_all(INJECTED)})
        assert found == [], f"{where}: {found}"
        scripts = [
            script
            for script in page.find_all("script")
            if not script.get("src") and script.get("type") != "application/ld+json"
        ]
        if where != "search/index.html":  # the search page's own script
            assert scripts == [], f"{where}: {scripts}"
        for tag in page.find_all(True):
            handlers = [name for name in tag.attrs if name.lower().startswith("on")]
            assert handlers == [], f"{where}: <{tag.name} {handlers}>"
            assert not {'"', "alert(1)", "<b>"} & set(tag.attrs), f"{where}: <{tag.name}>"


def test_the_story_page_shows_every_value_as_written(built: Build) -> None:
    page = built.page("stories/escape/")
    assert page.h1.get_text() == TITLE
    assert page.title.get_text() == f"{TITLE} - 网格新闻"
    for key in ("og:title", "twitter:title", "og:image:alt", "twitter:image:alt"):
        assert meta(page, key) == TITLE, key
    for key in ("description", "og:description", "twitter:description"):
        assert meta(page, key) == SUMMARY, key
    cover = page.select_one(".cover img")
    assert cover["alt"] == TITLE
    assert meta(page, "original-source") == SOURCE_URL
    header = page.select_one(".story-header .meta").get_text()
    assert f"来源：{SOURCE}" in header
    assert f"作者：{AUTHOR}、{CREDIT[1]} {CREDIT[0]}" in header
    credits = dict(
        zip(
            [dt.get_text() for dt in page.select(".credits dt")],
            page.select(".credits dd"),
            strict=True,
        )
    )
    link = credits["来源"].a
    assert link.get_text() == SOURCE and link["href"] == SOURCE_URL
    assert [a.get_text() for a in page.select(".tags a")] == TAGS
    assert page.select_one(".breadcrumb").get_text().endswith("彭州市")


def test_json_ld_holds_the_plain_text(built: Build) -> None:
    page = built.page("stories/escape/")
    scripts = page.select('script[type="application/ld+json"]')
    article = next(
        data for data in (json.loads(s.string) for s in scripts) if data["@type"] == "NewsArticle"
    )
    assert article["headline"] == TITLE
    assert article["description"] == SUMMARY
    assert article["publisher"]["name"] == SOURCE
    assert article["isBasedOn"] == SOURCE_URL
    assert article["keywords"] == TAGS
    assert [person["name"] for person in article["author"]] == [AUTHOR, CREDIT[0]]


@pytest.mark.parametrize("url", ["", "archives/", "archives/2022/", "categories/xinwen/"])
def test_story_lists_show_title_source_and_summary_as_written(built: Build, url: str) -> None:
    page = built.page(url)
    item = next(
        li for li in page.select(".story-list li") if li.select_one("a").get_text() == TITLE
    )
    assert item.select_one(".summary").get_text() == SUMMARY
    assert item.select_one(".meta").get_text().endswith(f" · {SOURCE}")


def test_tag_author_and_region_pages_name_them_as_written(built: Build) -> None:
    tags = built.page("tags/")
    assert sorted(a.get_text() for a in tags.select(".term-list a")) == sorted(TAGS)
    for link in tags.select(".term-list a"):
        tag_page = built.page(link["href"].removeprefix("../"))
        assert tag_page.h1.get_text() == f"标签：{link.get_text()}"
        assert tag_page.title.get_text().startswith(f"{link.get_text()} - 标签")
    authors = built.page("authors/")
    assert sorted(a.get_text() for a in authors.select(".term-list a")) == sorted(
        [AUTHOR, CREDIT[0]]
    )
    region = built.page("regions/sichuan/chengdu/pengzhou/")
    assert TITLE in [a.get_text() for a in region.select(".story-links a")]


def test_honours_events_and_figures_show_names_as_written(built: Build) -> None:
    board = built.page("honours/")
    item = board.select_one(".honour-list li")
    assert item.a.get_text() == HONOUR["name"]
    assert item.select_one(".issuer").get_text() == HONOUR["issuer"]
    assert HONOUR["award"] in [h4.get_text() for h4 in board.select("h4")]

    worker = one_page(built, "workers/*/index.html", HONOUR["name"])
    assert worker.select_one(".honour-list .award").get_text() == f"“{HONOUR['award']}”"
    assert worker.title.get_text().startswith(HONOUR["name"])

    event = one_page(built, "events/*/index.html", EVENT["name"])
    facts = dict(
        zip(
            [dt.get_text() for dt in event.select(".facts dt")],
            [dd.get_text() for dd in event.select(".facts dd")],
            strict=True,
        )
    )
    assert facts["地点"] == EVENT["place"]
    assert facts["主办"] == EVENT["organiser"]
    assert facts["形式"] == EVENT["form"]
    winner = event.select_one(".winner-list li")
    assert winner.a.get_text() == WINNER["name"]
    assert f"《{WINNER['work']}》" in winner.get_text()
    assert meta(event, "og:title") == EVENT["name"]

    recap = built.page("recaps/2022/sichuan-chengdu-pengzhou/")
    row = recap.select_one("table.figures tbody tr")
    assert row.th.get_text() == STAT["label"]
    assert row.td.get_text() == f"5{STAT['unit']}"
    chart = recap.select_one("svg.chart")
    assert [text.get_text() for text in chart.select("text")] == [
        STAT["label"],
        f"5{STAT['unit']}",
    ]
    assert chart.desc.get_text() == f"{STAT['label']}5{STAT['unit']}"


def test_a_summary_shows_markup_as_text(built: Build) -> None:
    """A body whose text is `<b>不是粗体</b>` (as entities) gives that text as its summary."""
    home = built.page("")
    item = next(
        li
        for li in home.select(".story-list li")
        if li.select_one("a").get_text() == "摘要里的标签"
    )
    summary = item.select_one(".summary")
    assert summary.get_text() == MARKUP_TEXT
    assert summary.find("b") is None
    page = built.page("stories/plain/")
    assert meta(page, "description") == MARKUP_TEXT
    assert page.select_one(".story-body").get_text().strip() == MARKUP_TEXT
    assert page.select_one(".story-body b") is None


def feed_entries(path: Path) -> dict[str, ET.Element]:
    """A feed's entries by the path of their link."""
    root = ET.parse(path).getroot()
    return {
        entry.find(f"{ATOM}link").get("href").removeprefix(SITE + "/"): entry
        for entry in root.findall(f"{ATOM}entry")
    }


@pytest.mark.parametrize(
    "feed",
    ["feeds/all.atom.xml", "feeds/categories/xinwen.atom.xml", "regions/sichuan/feed.atom.xml"],
)
def test_feeds_carry_exact_titles_and_summaries_as_html(built: Build, feed: str) -> None:
    entries = feed_entries(built.output / feed)
    entry = entries["stories/escape/"]
    assert entry.find(f"{ATOM}title").text == TITLE
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # The summary is HTML: a feed reader parses it, and must find the text, no element.
    html = BeautifulSoup(summary.text, "html.parser")
    assert html.get_text() == SUMMARY
    assert html.find(True) is None
    if "stories/plain/" in entries:
        plain = BeautifulSoup(entries["stories/plain/"].find(f"{ATOM}summary").text, "html.parser")
        assert plain.get_text() == MARKUP_TEXT and plain.find(True) is None


# --- addresses: only http(s) ones are linked ------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?b=1&c=2", "https://example.com/a?b=1&c=2"),
        ("HTTP://example.com/", "HTTP://example.com/"),
        ("  https://example.com/  ", "https://example.com/"),
        ("javascript:alert(1)", ""),
        ("JaVaScRiPt:alert(1)", ""),
        ("java\tscript:alert(1)", ""),
        (" \x01javascript:alert(1)", ""),
        ("javascript://example.com/%0Aalert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("vbscript:msgbox(1)", ""),
        ("//example.com/x", ""),
        ("images/cover.png", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_web_url_lets_only_http_addresses_through(url: str | None, expected: str) -> None:
    assert web_url(url) == expected


@pytest.fixture(scope="module")
def unsafe(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Stories with a script address as their source address, and as their picture."""
    root = tmp_path_factory.mktemp("unsafe")
    content = write_files(
        root / "content",
        {
            "stories/source.md": story(
                "来源地址是脚本", slug="source", source="某网站", source_url="'javascript:alert(1)'"
            ),
            "stories/image.md": story(
                "图片地址是脚本", slug="image", image="'javascript://alert(1)'"
            ),
        },
    )
    return build_site(content, root / "out", fatal=False)


def test_a_script_source_address_is_refused(unsafe: Build) -> None:
    assert "source_url: 'javascript:alert(1)' is not a web address" in unsafe.log
    assert not (unsafe.output / "stories/source").exists()


def test_a_script_picture_address_is_not_shown(unsafe: Build) -> None:
    """The model takes `javascript://…` for a file path; the theme shows no such address."""
    page = unsafe.page("stories/image/")
    assert page.select_one(".cover") is None
    assert meta(page, "og:image").startswith(f"{SITE}/cards/")
    for path in unsafe.output.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href|content)="\s*javascript:""", text, re.I), path


def test_a_cover_file_name_stays_inside_its_attributes(tmp_path: Path) -> None:
    name = 'x" onerror="alert(1)'
    content = write_files(
        tmp_path / "content",
        {"stories/a.md": story("封面文件名", slug="cover", image=q(f"images/{name}.png"))},
    )
    (content / "images").mkdir()
    Image.new("RGB", (800, 500), (166, 27, 27)).save(content / f"images/{name}.png")
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    page = build.page("stories/cover/")
    for tag in page.find_all(["img", "source"]):
        assert not [attr for attr in tag.attrs if attr.startswith("on")], tag
