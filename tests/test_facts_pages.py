"""Honour board, worker and grid pages, events, recaps, regions and open data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from helpers import Build, build_site, story, write_files


def texts(page, selector: str) -> list[str]:
    """The text of every element a selector finds."""
    return [" ".join(node.get_text(" ", strip=True).split()) for node in page.select(selector)]


# --- the sample site -------------------------------------------------------------------------


def test_honour_board_shows_the_pengzhou_awards_and_wang_jian(site: Build) -> None:
    page = site.page("honours/")
    board = " ".join(texts(page, "main"))
    for name in ("天彭街道朝阳中路社区008网格", "张婷", "濛阳镇东塔社区001网格", "杨维彩", "王健"):
        assert name in board
    years = texts(page, ".honour-year h2")
    assert years == ["2021年", "2018年"]
    section_2018 = page.select(".honour-year")[1]
    assert texts(section_2018, "h3") == ["市级"]
    assert texts(section_2018, "h4") == ["十大明星网格", "十大明星网格员", "百佳网格", "百佳网格员"]
    zhang = section_2018.find("a", string="张婷")
    assert zhang["href"].endswith("workers/zhangting-pengzhou/")
    assert "濛阳镇东塔社区001网格 等5个网格" in " ".join(texts(section_2018, "li"))


def test_each_year_has_its_own_board(site: Build) -> None:
    page = " ".join(texts(site.page("honours/2018/"), "main"))
    assert "张婷" in page and "王健" not in page


def test_worker_page_has_honours_and_the_stories_that_name_them(site: Build) -> None:
    page = site.page("workers/zhangting-pengzhou/")
    assert page.find("h1").get_text() == "张婷"
    assert "十大明星网格员" in " ".join(texts(page, "#honours ~ ul li"))
    links = [a["href"] for a in page.select(".story-links a")]
    assert links == ["../../stories/pengzhou-xiao-wangge-da-fuwu/"]


def test_grid_page_exists_for_an_honoured_grid(site: Build) -> None:
    page = site.page("grids/tianpengjiedao-chaoyang-zhonglu-shequ-008-wangge-pengzhou/")
    assert page.find("h1").get_text() == "天彭街道朝阳中路社区008网格"


def test_events_list_the_yandu_contest_with_its_winner_and_work(site: Build) -> None:
    link = site.page("events/").find("a", string="盐都区网格故事讲述活动")
    assert link["href"] == "../events/2022-yanduqu-wangge-gushi-jiangshu-huodong/"
    page = site.page("events/2022-yanduqu-wangge-gushi-jiangshu-huodong/")
    assert texts(page, "#winners ~ h3") == ["一等奖"]
    winner = " ".join(texts(page, ".winner-list li"))
    assert "祁娟" in winner and "《网格心向党，责任伴我行》" in winner
    assert page.select_one(".winner-list a")["href"].endswith("workers/qijuan-yandu/")
    facts = " ".join(texts(page, ".facts"))
    assert "2022年9月7日" in facts and "演讲、朗诵、情景剧" in facts


def test_recap_2021_shows_yumen_figures_with_a_chart(site: Build) -> None:
    page = site.page("recaps/2021/")
    page = next(
        section for section in page.select("section.recap") if "玉门市" in section.h2.get_text()
    )
    table = " ".join(texts(page, "table.figures"))
    for figure in ("227693件", "227510件", "99.9%"):
        assert figure in table
    assert "99.92%" in table  # the rate computed from its parts, beside the stated one
    chart = page.select_one("svg.chart")
    assert chart["role"] == "img"
    assert chart.find("title").get_text() == "2021年玉门市主要数据"
    assert "上报有效事件227693件" in chart.find("desc").get_text()
    assert len(chart.select("rect")) == 9


def test_regions_reach_every_sample_region(site: Build) -> None:
    index = site.page("regions/")
    links = {a.get_text() for a in index.select(".region-tree a")}
    for name in ("甘肃省", "玉门市", "文登区", "卓资县", "梨花镇", "盐都区", "彭州市"):
        assert name in links
    pengzhou = site.page("regions/sichuan/chengdu/pengzhou/")
    counts = " ".join(texts(pengzhou, "#counts ~ dl"))
    assert "网格数 519（2018年）" in counts
    assert "张婷" in " ".join(texts(pengzhou, "#workers ~ ul"))


def test_province_rolls_up_grid_counts_from_below(site: Build) -> None:
    counts = " ".join(texts(site.page("regions/jiangsu/"), "#counts ~ dl"))
    assert "网格数 1052（下级合计，2022年）" in counts


def test_story_breadcrumb_links_the_region_pages(site: Build) -> None:
    crumbs = site.page("stories/pengzhou-xiao-wangge-da-fuwu/").select(".breadcrumb a")
    assert [a["href"] for a in crumbs][-1] == "../../regions/sichuan/chengdu/pengzhou/"


def test_navigation_shows_the_new_sections(site: Build) -> None:
    nav = texts(site.page(""), ".site-nav a")
    assert nav == ["新闻", "光荣榜", "活动", "年度回顾", "地区"]


def test_open_data_files(site: Build) -> None:
    honours = json.loads((site.output / "honours.json").read_text(encoding="utf-8"))
    assert len(honours) == 5
    zhang = next(h for h in honours if h["name"] == "张婷")
    assert zhang["level"] == "市级" and zhang["year"] == 2018 and len(zhang["id"]) == 12
    assert zhang["page"] == "http://localhost:8000/workers/zhangting-pengzhou/"
    raw = (site.output / "honours.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [row["name"] for row in rows] == [h["name"] for h in honours]
    events = json.loads((site.output / "events.json").read_text(encoding="utf-8"))
    assert events[0]["winners"][0]["work"] == "网格心向党，责任伴我行"
    stats = json.loads((site.output / "stats.json").read_text(encoding="utf-8"))
    rate = next(s for s in stats if s["label"] == "事件办结率")
    assert rate["value"] == 99.9 and rate["computed_rate"] == pytest.approx(99.9196, abs=1e-3)
    assert len({s["id"] for s in stats}) == len(stats)


# --- small sites -------------------------------------------------------------------------------

HONOUR = "  - {{name: {name}, kind: worker, award: 优秀网格员, year: 2022, level: 县级, issuer: {issuer}}}"


def honour_story(title: str, region: str, name: str, issuer: str, body: str = "正文。") -> str:
    """A story reporting one honour."""
    return (
        f"---\ntitle: {title}\ndate: 2022-12-01\nregion: {region}\nhonours:\n"
        + HONOUR.format(name=name, issuer=issuer)
        + f"\n---\n\n{body}\n"
    )


def test_same_name_in_two_counties_is_two_people(tmp_path: Path) -> None:
    content = write_files(
        tmp_path / "content",
        {
            "stories/a.md": honour_story(
                "彭州表彰网格员", "四川省/成都市/彭州市", "张婷", "彭州市", "张婷获评优秀网格员。"
            ),
            "stories/b.md": honour_story(
                "盐都表彰网格员", "江苏省/盐城市/盐都区", "张婷", "盐都区", "张婷获评优秀网格员。"
            ),
            "stories/c.md": story(
                "彭州网格员走访居民",
                body="网格员张婷每天走访居民。",
                region="四川省/成都市/彭州市",
                slug="pengzhou-zoufang",
            ),
        },
    )
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    pengzhou = build.page("workers/zhangting-pengzhou/")
    yandu = build.page("workers/zhangting-yandu/")
    assert [a.get_text() for a in pengzhou.select(".story-links a")] == [
        "彭州表彰网格员",
        "彭州网格员走访居民",
    ]
    assert [a.get_text() for a in yandu.select(".story-links a")] == ["盐都表彰网格员"]


def test_a_site_without_facts_has_no_fact_sections(tmp_path: Path) -> None:
    content = write_files(
        tmp_path / "content", {"stories/a.md": story("没有荣誉的稿件", slug="plain")}
    )
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    assert texts(build.page(""), ".site-nav a") == ["新闻"]
    assert not (tmp_path / "out/honours").exists()


def test_contradictory_stats_are_an_error_and_the_rest_builds(tmp_path: Path) -> None:
    bad = (
        "---\ntitle: 比率不对\ndate: 2021-12-14\nregion: 甘肃省/酒泉市/玉门市\nstats:\n"
        "  - {label: 排查, value: 3216}\n  - {label: 化解, value: 3195}\n"
        "  - {label: 化解率, value: 90.1, unit: '%', numerator: 化解, denominator: 排查}\n---\n正文。\n"
    )
    content = write_files(
        tmp_path / "content",
        {
            "stories/bad.md": bad,
            "stories/good.md": honour_story("好稿件", "四川省/成都市/彭州市", "李明", "彭州市"),
        },
    )
    build = build_site(content, tmp_path / "out", fatal=False)
    assert "stories/bad.md:8: stats[2].value: 90.1% contradicts its parts" in build.log
    assert (tmp_path / "out/workers/liming-pengzhou/index.html").is_file()
    assert build_site(content, tmp_path / "strict").returncode != 0


def test_unknown_prize_and_unknown_region_are_errors(tmp_path: Path) -> None:
    text = (
        "---\ntitle: 大赛\ndate: 2022-09-07\nregion: 四川省/成度市/彭州市\nevents:\n"
        "  - name: 演讲比赛\n    winners:\n      - {name: 祁娟, prize: 金奖}\n---\n正文。\n"
    )
    content = write_files(tmp_path / "content", {"stories/a.md": text})
    build = build_site(content, tmp_path / "out", fatal=False)
    assert (
        "stories/a.md:4: region: '成度市' is not a division of 四川省 on the national division list; did you mean 成都市?"
        in build.log
    )
    assert "stories/a.md:8: events[0].winners[0].prize: '金奖' is not allowed" in build.log


def test_a_worker_without_any_region_is_an_error(tmp_path: Path) -> None:
    text = (
        "---\ntitle: 表彰\ndate: 2022-09-07\nhonours:\n"
        + HONOUR.format(name="张婷", issuer="彭州市")
        + "\n---\n正文。\n"
    )
    content = write_files(tmp_path / "content", {"stories/a.md": text})
    build = build_site(content, tmp_path / "out", fatal=False)
    assert "stories/a.md:5: honours[0].name: 张婷 has no region and the story has none" in build.log


def test_a_roster_of_500_workers(tmp_path: Path) -> None:
    surnames, given = "王李张刘陈杨黄赵吴周", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
    names = sorted({s + a + b for s in surnames for a in given for b in given})[:500]
    roster = "source: pengzhou-youxiu\nregion: 四川省/成都市/彭州市\nhonours:\n" + "\n".join(
        f"  - {{name: {name}, kind: worker, award: 优秀网格员, year: 2018, level: 县级, issuer: 彭州市}}"
        for name in names
    )
    content = write_files(
        tmp_path / "content",
        {
            "stories/a.md": story(
                "彭州市表彰优秀网格员",
                slug="pengzhou-youxiu",
                region="四川省/成都市/彭州市",
                body="共评选出2018年度彭州市优秀网格员500名。",
            ),
            "honours/pengzhou-2018.yml": roster,
        },
    )
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    workers = list((tmp_path / "out/workers").iterdir())
    assert len(workers) == 501  # 500 pages and the index
    board = build.page("honours/2018/")
    assert len(board.select(".honour-list li")) == 500
    first = build.page(board.select_one(".honour-list a")["href"].replace("../../", ""))
    assert first.select_one(".story-links a").get_text() == "彭州市表彰优秀网格员"


def test_a_roster_names_its_source_story(tmp_path: Path) -> None:
    roster = "source: no-such-story\nregion: 四川省/成都市/彭州市\nhonours:\n" + HONOUR.format(
        name="张婷", issuer="彭州市"
    )
    content = write_files(
        tmp_path / "content", {"stories/a.md": story("稿件"), "honours/x.yml": roster}
    )
    build = build_site(content, tmp_path / "out", fatal=False)
    assert "honours/x.yml:1: source: no story has the slug 'no-such-story'" in build.log


def test_editors_merge_aliases(tmp_path: Path) -> None:
    content = write_files(
        tmp_path / "content",
        {
            "stories/a.md": honour_story("表彰一", "四川省/成都市/彭州市", "张婷", "彭州市"),
            "stories/b.md": honour_story("表彰二", "四川省/成都市/彭州市", "张 婷", "成都市"),
            "people.yml": "workers:\n  - name: 张婷\n    region: 四川省/成都市/彭州市\n    aliases: [张 婷]\n",
        },
    )
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    assert sorted(p.name for p in (tmp_path / "out/workers").iterdir()) == [
        "index.html",
        "zhangting-pengzhou",
    ]
    page = build.page("workers/zhangting-pengzhou/")
    assert len(page.select("#honours ~ ul li")) == 2
