"""The sample site: every story page, the index, feeds and sitemap, built from content/."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from helpers import Build

STORIES = {
    "yumen-2021-wangge-jiyi": {
        "title": "玉门：2021这一年，我们的网格记忆",
        "date": "2021年12月14日",
        "datetime": "2021-12-14T16:58:19+08:00",
        "credits": ["刘丽莉"],
        "body": "上报各类有效事件227693件，办结227510件，办结率99.9%",
    },
    "weihai-wendeng-wangge-fuwu": {
        "title": "烦心事立马办！威海文登区全面优化网格服务",
        "date": "2021年8月28日",
        "datetime": "2021-08-28T09:11:31+08:00",
        "credits": ["记者 贾文娟", "Hi威海客户端"],
        "body": "对全区1078个城乡网格“四至”范围进行清晰界定",
    },
    "neimenggu-lihua-zhen-wangge": {
        "title": "內蒙古基層鄉鎮織牢網格 提升群眾幸福感",
        "date": "2022年10月12日",
        "datetime": "2022-10-12T17:32:00+08:00",
        "credits": ["程智 李曉燕", "陳峰", "中新網內蒙古新聞"],
        "body": "存在安全隱患！”福勝村網格長王書文",
    },
    "yandu-doumei-wangge": {
        "title": "用脚丈量社情、用心倾听民意、用情纾解民忧 盐都区“都美网格”服务品牌“响当当”",
        "date": "2022年9月7日",
        "datetime": "2022-09-07T00:00:00+08:00",
        "credits": ["通讯员 朱爱春 潘潇", "盐都区委政法委"],
        "body": "12月底前完成本年度创建工作质效终评",
    },
    "pengzhou-xiao-wangge-da-fuwu": {
        "title": "“小网格”激活“大服务” 我市在全面深化网格化服务管理体系建设上持续发力",
        "date": "2019年3月27日",
        "datetime": "2019-03-27T00:00:00+08:00",
        "credits": ["本刊记者 杨婷", "彭州市人民政府", "赶彭州人才网"],
        "body": "依靠这样一种“1+3+N”专群联动模式",
    },
}

# Strings of site chrome, scraping damage and bylines that must never reach a story page's body.
CHROME = [
    "关闭",
    "您当前的位置",
    "浏览量",
    "微信扫一扫",
    "相关推荐",
    "版权所有",
    "ICP",
    "公网安备",
    "Powered by",
    "EMAIL",
    "圖片新聞",
    "(wǎng)",
    "(nèi)",
    "(完)",
    "cors.zfour.workers.dev",
    "通讯员 朱爱春",
    "供图",
    "本刊记者 杨婷",
    "（刘丽莉",
    "文/图",
    "\ue5c9",
]


@pytest.mark.parametrize("slug", STORIES)
def test_story_page_has_title_date_credits_and_body(site: Build, slug: str) -> None:
    expected = STORIES[slug]
    page = site.page(f"stories/{slug}/")
    assert page.find("h1").get_text(strip=True) == expected["title"]
    time = page.select_one(".story-header time")
    assert time.get_text() == expected["date"]
    assert time["datetime"] == expected["datetime"]
    page_text = page.get_text(" ")
    for credit in expected["credits"]:
        assert credit in page_text
    body = page.select_one(".story-body").get_text()
    assert expected["body"] in body
    assert page.title.get_text().startswith(expected["title"])


@pytest.mark.parametrize("slug", STORIES)
def test_story_body_has_no_chrome_or_damage(site: Build, slug: str) -> None:
    body = site.page(f"stories/{slug}/").select_one(".story-body").get_text()
    leftovers = [text for text in CHROME if text in body]
    assert leftovers == []
    # Half-width punctuation beside Chinese characters is a scraping artefact.
    assert not re.search(r"[\u4e00-\u9fff][,:;!?]|[,:;!?][\u4e00-\u9fff]", body)
    # A paragraph that ends without punctuation was broken mid-sentence.
    for paragraph in site.page(f"stories/{slug}/").select(".story-body p"):
        text = paragraph.get_text().strip()
        if text:
            assert text[-1] in "。！？”…）", text[-20:]


def test_headings_become_h2(site: Build) -> None:
    headings = [
        h.get_text()
        for h in site.page("stories/weihai-wendeng-wangge-fuwu/").select(".story-body h2")
    ]
    assert headings == [
        "贴心服务送到群众身边",
        "协助多部门采集基础信息",
        "500名网格员找到归属感",
        "三级管理系统织密服务网",
    ]
    headings = [
        h.get_text()
        for h in site.page("stories/pengzhou-xiao-wangge-da-fuwu/").select(".story-body h2")
    ]
    assert headings == ["时间“走”在网格里", "新时代的网格员"]


def test_single_newline_paragraphs_stay_apart(site: Build) -> None:
    paragraphs = [
        p.get_text()
        for p in site.page("stories/pengzhou-xiao-wangge-da-fuwu/").select(".story-body p")
    ]
    starts = [p[:6] for p in paragraphs]
    assert "和张晶亮承担" in starts and "其中一名网格" in starts


def test_index_lists_the_five_stories_newest_first(site: Build) -> None:
    page = site.page("")
    links = [a["href"] for a in page.select(".story-list h2 a")]
    assert links == [
        "./stories/neimenggu-lihua-zhen-wangge/",
        "./stories/yandu-doumei-wangge/",
        "./stories/yumen-2021-wangge-jiyi/",
        "./stories/weihai-wendeng-wangge-fuwu/",
        "./stories/pengzhou-xiao-wangge-da-fuwu/",
    ]


def test_pages_are_zh_cn_and_traditional_story_is_marked(site: Build) -> None:
    assert site.page("").html["lang"] == "zh-CN"
    assert site.page("stories/yumen-2021-wangge-jiyi/").html["lang"] == "zh-CN"
    assert site.page("stories/neimenggu-lihua-zhen-wangge/").html["lang"] == "zh-Hant"


def test_cover_is_shown_once_with_alt_text(site: Build) -> None:
    page = site.page("stories/yumen-2021-wangge-jiyi/")
    covers = [img for img in page.select("img") if "cover" in img["src"]]
    assert len(covers) == 1
    assert covers[0]["alt"]
    for img in page.select("img"):
        assert (site.output / "stories/yumen-2021-wangge-jiyi" / img["src"]).resolve().is_file()


def test_summaries_are_cut_at_a_sentence_end(site: Build) -> None:
    for item in site.page("").select(".story-list .summary"):
        text = item.get_text()
        assert 0 < len(text) <= 120
        assert text.endswith(("。", "！", "？", "”", "……"))


def test_atom_feed_lists_stories_with_absolute_links(site: Build) -> None:
    tree = ET.parse(site.output / "feeds/all.atom.xml")
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entries = tree.getroot().findall("atom:entry", ns)
    assert len(entries) == 5
    for entry in entries:
        link = entry.find("atom:link", ns).get("href")
        assert link.startswith("http://localhost:8000/stories/")
        assert entry.find("atom:updated", ns).text.endswith("+08:00")


def test_sitemap_lists_every_story(site: Build) -> None:
    tree = ET.parse(site.output / "sitemap.xml")
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in tree.getroot().iter(f"{{{ns['sm']}}}loc")}
    for slug in STORIES:
        assert f"http://localhost:8000/stories/{slug}/" in locations


def test_no_page_asks_a_third_party_server(site: Build, site_pages: list) -> None:
    for path in site_pages:
        markup = path.read_text(encoding="utf-8")
        # Only links a reader follows (<a href>) may leave the site; nothing is loaded from afar.
        # A canonical link names the page's own address (absolute by definition) and loads nothing.
        loaded = re.findall(
            r'<(?:script|link|img|source|iframe)\b(?![^>]*\brel="canonical")[^>]*'
            r'(?:src|href|srcset)="(https?:)?//',
            markup,
        )
        assert loaded == [], path


def test_navigation_shows_only_sections_with_pages(site: Build) -> None:
    nav = [a.get_text() for a in site.page("").select(".site-nav a")]
    assert "新闻" in nav
    for later in ("光荣榜", "活动", "年度回顾", "地区"):
        if later in nav:
            section = site.page("").select_one(f'.site-nav a:-soup-contains("{later}")')["href"]
            assert (site.output / section / "index.html").is_file()


def test_skip_link_targets_main(site: Build, site_pages: list) -> None:
    for path in site_pages[:10]:
        page = site.page(str(path.relative_to(site.output)).removesuffix("index.html"))
        skip = page.select_one("a.skip-link")
        assert skip["href"] == "#main"
        assert page.select_one("main#main") is not None
