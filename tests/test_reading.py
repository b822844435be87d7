"""Reading a story: previous and next, related stories, reading time, sharing, search and 404."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG
from stories.stories import fix_urls

from gridnews.frontmatter import parse

from helpers import ROOT, Build, build_site, story, write_files

SITE = "http://localhost:8000"


def sample_stories() -> list[dict]:
    """The sample stories' front matter, oldest first."""
    found = [
        parse(path.read_text(encoding="utf-8"), str(path)).data
        for path in sorted((ROOT / "content/stories").glob("*.md"))
    ]
    return sorted(found, key=lambda data: str(data["date"]))


def slug_of(href: str) -> str:
    """The slug a story link points at: ../../stories/x/ -> x."""
    match = re.search(r"stories/([^/]+)/$", href)
    assert match, href
    return match.group(1)


# --- previous and next ------------------------------------------------------------------------


def test_previous_and_next_follow_the_dates(site: Build) -> None:
    ordered = [data["slug"] for data in sample_stories()]
    for position, slug in enumerate(ordered):
        page = site.page(f"stories/{slug}/")
        older = page.select('.story-nav a[rel="prev"]')
        newer = page.select('.story-nav a[rel="next"]')
        if position == 0:
            assert older == []
        else:
            assert [slug_of(a["href"]) for a in older] == [ordered[position - 1]]
            assert "上一篇" in older[0].get_text()
        if position == len(ordered) - 1:
            assert newer == []
        else:
            assert [slug_of(a["href"]) for a in newer] == [ordered[position + 1]]
            assert "下一篇" in newer[0].get_text()


# --- related stories ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def related_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Stories around 彭州市 and 盐城市, some naming the worker 张婷 of 彭州市."""
    pengzhou = "四川省/成都市/彭州市"
    zhang = (
        "\nhonours:\n  - {name: 张婷, kind: worker, award: 优秀网格员, year: 2021,"
        f" level: 县级, region: {pengzhou}}}"
    )
    files = {
        # a: the story we look from; it honours 张婷.
        "stories/a.md": story("甲", slug="a", date="2022-01-10", region=pengzhou + zhang),
        # g: same county, and it names 张婷 in its text.
        "stories/g.md": story(
            "庚", "网格员张婷走访了居民。", slug="g", date="2020-06-01", region=pengzhou
        ),
        # b: a township of the same county; c and h: the same city; f: the same province.
        "stories/b.md": story("乙", slug="b", date="2022-03-01", region=pengzhou + "/天彭街道"),
        "stories/c.md": story("丙", slug="c", date="2022-01-11", region="四川省/成都市/都江堰市"),
        "stories/h.md": story("辛", slug="h", date="2019-01-01", region="四川省/成都市/郫都区"),
        "stories/f.md": story("己", slug="f", date="2022-01-09", region="四川省/绵阳市/江油市"),
        # d: another province, but it reports an honour of 张婷 of 彭州市.
        "stories/d.md": story(
            "丁", slug="d", date="2022-02-01", region="江苏省/盐城市/盐都区" + zhang
        ),
        # e: the same province as d, nobody in common with anyone.
        "stories/e.md": story("戊", slug="e", date="2021-05-01", region="江苏省/南京市/玄武区"),
        # z: nothing in common with any story.
        "stories/z.md": story("壬", slug="z", date="2022-01-10", region="甘肃省/酒泉市/玉门市"),
    }
    root = tmp_path_factory.mktemp("related")
    build = build_site(write_files(root / "content", files), root / "out")
    assert build.returncode == 0, build.log
    return build


def related_of(build: Build, slug: str) -> list[str]:
    return [slug_of(a["href"]) for a in build.page(f"stories/{slug}/").select(".related a")]


def test_related_stories_share_the_region_first_then_people(related_site: Build) -> None:
    # Deeper shared region first (g and b share the county; g also names 张婷), then the city
    # (c nearer in time than h), then the province (f), up to five: d, who shares 张婷 only,
    # would come next.
    assert related_of(related_site, "a") == ["g", "b", "c", "h", "f"]
    # d: the same province (e) before the same person (a, then g: nearer in time first).
    assert related_of(related_site, "d") == ["e", "a", "g"]
    heading = related_site.page("stories/d/").select_one(".related h2")
    assert heading.get_text() == "相关报道"


def test_a_story_with_nothing_in_common_lists_no_related_stories(related_site: Build) -> None:
    page = related_site.page("stories/z/")
    assert page.select(".related") == []
    assert related_of(related_site, "e") == ["d"]


class RankedStory:
    """What related() reads of a story: its slug, date and region."""

    class Record:
        def __init__(self, region: str) -> None:
            self.region = region

    def __init__(self, slug: str, day: int, region: str) -> None:
        self.slug = slug
        self.date = datetime.datetime(2020, 1, 1) + datetime.timedelta(days=day)
        self.story = self.Record(region)


def test_related_choice_is_linear_and_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    from stories import reading  # noqa: PLC0415

    # 2000 stories of one county, all naming one worker: comparing all pairs would rank 4 million.
    articles = [RankedStory(f"s{n:04d}", n, "四川省/成都市/彭州市") for n in range(2000)]
    people = {id(article): {"张婷"} for article in articles}
    ranked = []
    depth = reading._shared_depth  # worked out once for each candidate ranked
    monkeypatch.setattr(reading, "_shared_depth", lambda *args: ranked.append(1) or depth(*args))
    chosen = reading.related(articles, people)
    assert len(ranked) <= len(articles) * 2 * reading.WINDOW
    middle = articles[1000]
    assert [a.slug for a in chosen[id(middle)]] == ["s0999", "s1001", "s0998", "s1002", "s0997"]
    assert [a.slug for a in chosen[id(articles[0])]] == [
        "s0001",
        "s0002",
        "s0003",
        "s0004",
        "s0005",
    ]
    assert chosen == reading.related(list(reversed(articles)), people)


def test_related_choice_is_kept_until_what_it_is_made_from_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The choice comes from the body cache in the next build while every story's slug, date,
    region and people are as they were, and is made again when one of them changes."""
    from stories import reading  # noqa: PLC0415

    from gridnews import bodycache  # noqa: PLC0415

    def stories() -> list[RankedStory]:
        regions = ["四川省/成都市/彭州市/致和街道", "四川省/成都市/彭州市", "四川省/成都市/郫都区"]
        return [RankedStory(f"s{n:02d}", n, regions[n % 3]) for n in range(30)]

    def slugs(chosen: dict[int, list], articles: list[RankedStory]) -> list[list[str]]:
        return [[other.slug for other in chosen[id(article)]] for article in articles]

    made = []
    real = reading.related
    monkeypatch.setattr(reading, "related", lambda *a, **k: made.append(1) or real(*a, **k))
    path = tmp_path / "bodies.sqlite"
    first: list[list[str]] = []
    for build in range(3):  # three builds, each with its own objects, as in separate processes
        cache = bodycache.BodyCache(path, "salt")
        bodycache.use(cache)
        articles = stories()
        people = {id(articles[n]): {("worker", "zhang-ting")} for n in (4, 9, 25)}
        if build == 2:
            articles[9].story = RankedStory.Record("四川省/成都市/郫都区")
        chosen = reading.related_kept(articles, people)
        assert slugs(chosen, articles) == slugs(real(articles, people), articles)
        first = first or slugs(chosen, articles)
        bodycache.use(None)
        cache.close()
        assert len(made) == [1, 1, 2][build]  # made in the first build and the third only
    assert slugs(chosen, articles) != first  # the moved story changed the choice


# --- reading time ---------------------------------------------------------------------------------


def count(text: str) -> int:
    """Chinese characters, plus each run of Latin letters or digits as one."""
    return len(
        re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+(?:[.,][0-9]+)*", text)
    )


def test_reading_time_counts_characters_at_400_a_minute(tmp_path: Path) -> None:
    body = "网" * 1000 + "。\n\nHi威海 2021年，" + "格" * 200 + "。"
    content = write_files(
        tmp_path / "content", {"stories/long.md": story("长文", body, slug="long")}
    )
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    meta = build.page("stories/long/").select_one(".story-header .meta").get_text()
    # 1000 + 200 + 威海 and 年 (3 characters) + Hi and 2021 (two words) = 1205; 1205 / 400 -> 4.
    assert "全文约1,205字，阅读约4分钟" in meta


@pytest.mark.parametrize("data", sample_stories(), ids=lambda data: data["slug"])
def test_sample_stories_show_their_length(site: Build, data: dict) -> None:
    page = site.page(f"stories/{data['slug']}/")
    characters = count(page.select_one(".story-body").get_text())
    minutes = -(-characters // 400)
    assert characters > 300
    assert f"全文约{characters:,}字，阅读约{minutes}分钟" in page.select_one(".meta").get_text()


# --- sharing -------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", sample_stories(), ids=lambda data: data["slug"])
def test_share_links_need_no_script_from_elsewhere(site: Build, data: dict) -> None:
    page = site.page(f"stories/{data['slug']}/")
    canonical = page.select_one('link[rel="canonical"]')["href"]
    scripts = page.find_all("script")
    sources = [script["src"] for script in scripts if script.get("src")]
    assert sources == ["../../theme/js/share.js"]
    assert (site.output / "theme/js/share.js").is_file()
    for script in scripts:
        if not script.get("src"):
            assert script["type"] == "application/ld+json"  # data, never run
    assert not [tag for tag in page.find_all(True) if any(a.startswith("on") for a in tag.attrs)]

    share = page.select_one("section.share")
    weibo = share.select_one('a[href^="https://service.weibo.com/share/share.php"]')
    query = parse_qs(urlsplit(weibo["href"]).query)
    assert query == {"url": [canonical], "title": [data["title"]]}
    mail = share.select_one("[data-mail]")
    assert mail["data-mail"].startswith("mailto:?subject=")
    subject = mail["data-mail"].split("subject=")[1].split("&")[0]
    assert unquote(subject) == data["title"]
    assert canonical in unquote(mail["data-mail"])
    copy = share.select_one("[data-copy]")
    assert copy["data-copy"] == canonical
    # Buttons that need the script stay hidden until it shows them; the Weibo link works alone.
    for item in (copy, mail, share.select_one("[data-print]")):
        assert item.has_attr("hidden") and item.button["type"] == "button"
    assert share.select_one('[role="status"]') is not None


def test_share_script_is_small_and_calls_no_other_site() -> None:
    script = (ROOT / "theme/static/js/share.js").read_text(encoding="utf-8")
    assert len(script.encode()) < 2000
    assert "http" not in script and "import" not in script
    assert "clipboard" in script and "print" in script


# --- header search and the 404 page -----------------------------------------------------------


def test_every_page_has_a_labelled_search_box(site: Build, site_pages: list[Path]) -> None:
    for path in site_pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        form = page.select_one('header form[role="search"]')
        assert form is not None, path
        assert form["method"] == "get" and form["action"].endswith("search/"), path
        field = form.select_one('input[type="search"][name="q"]')
        label = form.select_one(f'label[for="{field["id"]}"]')
        assert label is not None and label.get_text(strip=True), path
        assert form.select_one('button[type="submit"]') is not None


def test_search_box_leads_to_the_search_page(site: Build) -> None:
    form = site.page("stories/yandu-doumei-wangge/").select_one('header form[role="search"]')
    target = (site.output / "stories/yandu-doumei-wangge" / form["action"]).resolve()
    assert target == (site.output / "search").resolve()


def test_not_found_page_is_useful_and_honest(site: Build) -> None:
    page = site.page("404.html")
    assert page.h1.get_text() == "找不到这个页面"
    text = page.select_one("main").get_text()
    assert "不存在" in text or "没有页面" in text
    # Served at any depth (/a/b/c): links and the stylesheet start at the site's root.
    assert page.select_one('link[rel="stylesheet"]')["href"] == "/theme/css/site.css"
    links = {a["href"] for a in page.select("main a")}
    assert {"/", "/archives/", "/honours/"} <= links
    forms = [
        form for form in page.select('form[role="search"]') if form.find_parent("header") is None
    ]
    assert len(forms) == 1
    assert forms[0]["action"] == "/search/" and forms[0]["method"] == "get"
    field = forms[0].select_one('input[name="q"]')
    assert forms[0].select_one(f'label[for="{field["id"]}"]') is not None
    # No pretending: no redirect, no script, not indexed.
    assert page.select('meta[http-equiv="refresh"]') == []
    assert page.find_all("script") == []
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"


# --- addresses --------------------------------------------------------------------------------


def test_addresses_are_worked_out_once_and_those_a_story_sets_are_kept() -> None:
    settings = {
        **DEFAULT_CONFIG,
        "ARTICLE_URL": "stories/{slug}/",
        "ARTICLE_SAVE_AS": "stories/{slug}/index.html",
    }
    date = datetime.datetime(2024, 3, 5)
    plain = Article("<p>走访</p>", {"title": "走访", "slug": "zoufang", "date": date}, settings)
    placed = Article(
        "<p>旧闻</p>",
        {"title": "旧闻", "slug": "jiuwen", "date": date, "url": "archive/jiuwen.html"},
        settings,
    )
    generator = ArticlesGenerator.__new__(ArticlesGenerator)
    generator.articles, generator.hidden_articles, generator.drafts = [plain], [], [placed]
    fix_urls([generator])
    assert plain.url == "stories/zoufang/"
    plain.slug = "changed"  # too late: the address was fixed when the generators were done
    assert plain.url == "stories/zoufang/"
    # The file name is still Pelican's to format, so the page is not an overriding output.
    assert not hasattr(plain, "override_save_as")
    assert plain.save_as == "stories/changed/index.html"
    assert placed.url == "archive/jiuwen.html"  # the story's own address wins
