"""Suggested facts, one named pattern each, on sentences written the way stories write them."""

from __future__ import annotations

import datetime as dt

import pytest

from gridnews.importer.blocks import Block
from gridnews.importer.dates import Moment
from gridnews.importer.draft import Draft
from gridnews.importer.facts import extract_facts
from gridnews.model import TIMEZONE

from importer_quality import import_story


def facts(*paragraphs: str, region: str = "四川省/成都市/彭州市", year: int = 2023) -> Draft:
    """The draft of a story of these paragraphs (or tables, given as lists of rows), facts found."""
    draft = Draft(path="story.txt", region=region)
    draft.date = Moment(dt.datetime(year, 11, 5, tzinfo=TIMEZONE), "day")
    for paragraph in paragraphs:
        if isinstance(paragraph, list):
            draft.blocks.append(Block(kind="table", rows=paragraph))
        else:
            draft.blocks.append(Block(kind="p", text=paragraph))
    extract_facts(draft)
    return draft


def honours_of(draft: Draft) -> list[tuple[str, str, int]]:
    """(name, award, year) of each suggested honour."""
    return [(h["name"], h["award"], h["year"]) for h in draft.honours]


def stat_labels(draft: Draft) -> dict[str, dict]:
    """The suggested stats by label."""
    return {stat["label"]: stat for stat in draft.stats}


# --- honours: who holds them -------------------------------------------------------------------


def test_a_worker_named_after_their_place_and_post_holds_the_honour() -> None:
    draft = facts("天彭街道金城社区网格员周晓梅获评2023年度四川省“最美网格员”。")
    honour = draft.honours[0]
    assert (honour["name"], honour["award"], honour["level"], honour["issuer"]) == (
        "周晓梅",
        "最美网格员",
        "省级",
        "四川省",
    )
    assert honour["region"] == "四川省/成都市/彭州市/天彭街道/金城社区"


def test_words_between_the_holder_and_the_verb_are_not_the_name() -> None:
    draft = facts("今年，致和街道网格员刘德明还获评2023年度成都市“优秀网格员”。")
    assert honours_of(draft) == [("刘德明", "优秀网格员", 2023)]


def test_two_honours_in_one_sentence_each_with_its_year_and_issuer() -> None:
    draft = facts(
        "因工作突出，张秀兰先后获评2021年度成都市“优秀网格员”和2022年度四川省“优秀网格长”。"
    )
    assert [(h["award"], h["year"], h["level"]) for h in draft.honours] == [
        ("优秀网格员", 2021, "市级"),
        ("优秀网格长", 2022, "省级"),
    ]


def test_the_worker_a_sentence_opens_with_holds_an_honour_after_a_time_word() -> None:
    draft = facts(
        "清晨，致和街道网格员李桂芝已经走完了半个网格。",
        "李桂芝却说：“这是我们网格员应该做的。”",
        "李桂芝从事网格工作已经6年，今年荣获2023年度成都市“金牌网格员”称号。",
    )
    assert honours_of(draft) == [("李桂芝", "金牌网格员", 2023)]


@pytest.mark.parametrize(
    "sentence",
    [
        "她今年荣获2023年度成都市“金牌网格员”称号。",
        "从事网格工作已经6年，今年荣获2023年度成都市“金牌网格员”称号。",
        "汇川区有3个网格获评“市级示范网格”。",
        "温泉镇网格员吕春梅获得“最佳个人奖”。",
        "沈建芬先后获得成都市“优秀网格员”、彭州市“十佳网格员”等荣誉称号。",
    ],
)
def test_no_honour_without_a_sure_holder_and_year(sentence: str) -> None:
    assert facts(sentence).honours == []


def test_corner_quotes_mark_an_award() -> None:
    draft = facts("今年，濛阳街道网格员黄慧敏还获评2023年度四川省「优秀网格员」。")
    assert honours_of(draft) == [("黄慧敏", "优秀网格员", 2023)]


# --- honours: groups and grids -----------------------------------------------------------------


def test_a_group_of_posted_workers_with_the_issuer_before_the_year() -> None:
    draft = facts(
        "天彭街道金城社区网格员周晓梅、致和街道网格员刘德明等15名网格员获评彭州市2023年度“最美网格员”。"
    )
    assert honours_of(draft) == [("周晓梅", "最美网格员", 2023), ("刘德明", "最美网格员", 2023)]
    assert draft.honours[0]["issuer"] == "彭州市"
    assert draft.honours[1]["region"] == "四川省/成都市/彭州市/致和街道"


def test_a_group_with_anything_but_people_gives_nothing() -> None:
    draft = facts("天彭街道、致和街道等5个街道获评“平安街道”。")
    assert draft.honours == []


def test_grids_given_an_honour_without_a_year_take_the_sentences_year() -> None:
    draft = facts("2023年度考评中，天彭街道金城社区第二网格等12个网格获评“五星网格”。", year=2024)
    honour = draft.honours[0]
    assert (honour["name"], honour["kind"], honour["year"], honour["count"]) == (
        "天彭街道金城社区第二网格",
        "grid",
        2023,
        12,
    )
    assert honour["note"] == "天彭街道金城社区第二网格等12个网格"


# --- honours and winners in tables -------------------------------------------------------------


def test_an_honour_table_gives_one_honour_per_row_with_the_grid() -> None:
    draft = facts(
        "受到表彰的优秀网格员名单如下：",
        [
            ["姓名", "所在网格", "荣誉称号"],
            ["周晓梅", "天彭街道金城社区第二网格", "优秀网格员"],
            ["刘德明", "致和街道第一网格", "优秀网格员"],
        ],
    )
    assert honours_of(draft) == [("周晓梅", "优秀网格员", 2023), ("刘德明", "优秀网格员", 2023)]
    assert draft.honours[0]["grid"] == "天彭街道金城社区第二网格"


def test_a_table_captioned_with_its_award_gives_honours() -> None:
    draft = facts("2022年度“十佳网格员”名单：", [["姓名", "单位"], ["周晓梅", "天彭街道"]])
    assert honours_of(draft) == [("周晓梅", "十佳网格员", 2022)]


def test_a_table_without_names_and_titles_gives_nothing() -> None:
    draft = facts("全市各区网格数量如下：", [["区县", "网格数"], ["彭州市", "1264"]])
    assert draft.honours == [] and draft.events == []


def test_a_prize_table_gives_the_contests_winners() -> None:
    draft = facts(
        "同日举行的“我的网格故事”讲述比赛中，16名网格员登台。比赛结果如下：",
        [
            ["名次", "姓名", "单位"],
            ["一等奖", "周晓梅", "天彭街道"],
            ["二等奖", "刘德明", "致和街道"],
        ],
    )
    event = draft.events[0]
    assert [(w["name"], w["prize"]) for w in event["winners"]] == [
        ("周晓梅", "一等奖"),
        ("刘德明", "二等奖"),
    ]
    assert event["winners"][0]["region"] == "四川省/成都市/彭州市/天彭街道"


# --- events ------------------------------------------------------------------------------------


def test_an_events_name_is_not_cut_inside_its_quotes_and_its_place_starts_at_zai() -> None:
    draft = facts(
        "11月3日晚，彭州市“我的网格故事”网格员故事会在市文化馆开讲。",
        "经过评审，天彭街道周晓梅获得一等奖，致和街道刘德明获得二等奖。",
    )
    event = draft.events[0]
    assert (event["name"], event["place"]) == ("彭州市“我的网格故事”网格员故事会", "市文化馆")


def test_a_contest_in_corner_quotes_keeps_its_whole_name() -> None:
    draft = facts("11月3日，彭州市举办「我的网格故事」讲述比赛。天彭街道周晓梅获得一等奖。")
    assert draft.events[0]["name"] == "彭州市「我的网格故事」讲述比赛"


def test_a_skills_contest_called_biwu_is_an_event() -> None:
    draft = facts(
        "9月15日，彭州市首届网格员业务技能比武在市党群服务中心举行。",
        "最终，天彭街道周晓梅获得一等奖，致和街道刘德明、濛阳街道王建国获得二等奖。",
    )
    event = draft.events[0]
    assert (event["name"], event["place"]) == ("彭州市首届网格员业务技能比武", "市党群服务中心")
    assert [w["name"] for w in event["winners"]] == ["周晓梅", "刘德明", "王建国"]


def test_a_winner_with_the_work_they_won_with() -> None:
    draft = facts(
        "区里举办了首届“网格故事”演讲比赛，天彭街道网格员周晓梅以《我的网格我的家》获得一等奖。"
    )
    event = draft.events[0]
    assert event["winners"][0]["work"] == "我的网格我的家"
    assert "organiser" not in event


# --- stats -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "全市200余名网格员和部分街道工作人员现场观摩学习。",
        "15名网格员登台讲述自己的故事。",
        "来自各街道的30名网格员参赛。",
        "40名网格员代表出席会议。",
    ],
)
def test_an_audience_or_contestants_are_not_the_workforce(sentence: str) -> None:
    draft = facts(f"{sentence}全市共有专职网格员1264名。")
    assert list(stat_labels(draft)) == ["专职网格员"]


def test_a_qualified_grid_count_is_a_part_of_the_whole() -> None:
    stats = stat_labels(facts("全市共划分网格1286个，其中城市网格214个、农村网格1072个。"))
    assert stats["网格"]["metric"] == "grids"
    assert "metric" not in stats["城市网格"] and "metric" not in stats["农村网格"]


def test_a_qualified_grid_count_alone_still_counts_every_grid() -> None:
    stats = stat_labels(facts("全县共划分农村网格1072个。"))
    assert stats["农村网格"]["metric"] == "grids"


@pytest.mark.parametrize(
    "sentence",
    [
        "今年汛期，他带领志愿者连续值守，转移受威胁群众128人。",
        "她负责的网格有居民楼16栋、住户842户。",
        "今年以来，她们上门走访居民1236户次。",
    ],
)
def test_figures_told_of_one_person_are_not_the_regions(sentence: str) -> None:
    assert facts(sentence).stats == []


def test_figures_of_a_named_honour_holder_are_not_the_regions() -> None:
    draft = facts(
        "天彭街道网格员周晓梅获评2023年度成都市“优秀网格员”。",
        "两年来，周晓梅推动解决各类民生问题97件。全市累计收集群众诉求1.9万件。",
    )
    assert list(stat_labels(draft)) == ["收集群众诉求"]


def test_a_figure_after_someone_speaks_or_after_other_people_is_kept() -> None:
    draft = facts(
        "天彭街道网格员周晓梅获评2023年度成都市“优秀网格员”。",
        "周晓梅介绍，全市网格员共上报事件860件。其他网格员排查矛盾纠纷75起。",
    )
    assert list(stat_labels(draft)) == ["上报事件", "排查矛盾纠纷"]


def test_a_rate_is_of_counts_of_one_kind_never_of_grids() -> None:
    draft = facts("今年1至10月，全县1206个网格共上报各类事件2.8万件，办结2.75万件，办结率98.2%。")
    stats = stat_labels(draft)
    assert stats["办结率"]["numerator"] == "办结事件"
    assert stats["办结率"]["denominator"] == "上报各类事件"
    assert draft.notes == []


def test_a_rate_without_parts_of_its_kind_gets_no_note() -> None:
    draft = facts("全县共划分网格1206个，办结2.75万件，办结率98.2%。")
    assert "numerator" not in stat_labels(draft)["办结率"] and draft.notes == []


def story(*paragraphs: str, date: dt.datetime | None, title: str = "") -> Draft:
    """The draft of a story published on date (None: undated) under title, facts found."""
    draft = Draft(path="story.txt", region="四川省/成都市/彭州市", title=title)
    draft.date = Moment(date.replace(tzinfo=TIMEZONE), "day") if date else None
    draft.blocks = [Block(kind="p", text=paragraph) for paragraph in paragraphs]
    extract_facts(draft)
    return draft


def years_of(draft: Draft) -> dict[str, int | None]:
    """The year of each suggested stat, by label."""
    return {stat["label"]: stat.get("year") for stat in draft.stats}


# --- stats: the year a figure is for -----------------------------------------------------------


def test_an_undated_story_takes_no_year_from_an_award_year() -> None:
    draft = story(
        "今年1月至10月，全区网格员共上报各类事件2.37万件。",
        "在今年6月揭晓的2022年度星级评定中，马丽娟被评为彭州市“五星网格员”。",
        date=None,
    )
    assert years_of(draft) == {"上报各类事件": None}


def test_an_undated_report_takes_its_titles_year_and_whole_year_the_year_named() -> None:
    draft = story(
        "截至2023年底，全区共划分网格1128个。",
        "全年全区网格员上报各类事件8.72万件，办结8.61万件。",
        "中共彭州市委政法委员会 2024年1月10日",
        date=None,
        title="关于2023年度全区网格化服务管理工作情况的通报",
    )
    assert set(years_of(draft).values()) == {2023}


def test_a_story_early_in_the_year_reporting_last_year_gives_last_years_figures() -> None:
    draft = story(
        "2023年，彭州市深入推进网格化服务管理。",
        "全市共划分网格612个。全年网格员上报事件13.2万件，办结13.0万件。",
        date=dt.datetime(2024, 2, 20),
        title="彭州市2023年网格化服务管理工作交出“成绩单”",
    )
    assert set(years_of(draft).values()) == {2023}


def test_whole_year_early_in_the_year_is_last_years_when_the_text_names_it() -> None:
    text = "2023年，全市深化网格化服务管理。全年网格员上报事件9.7万件。"
    assert years_of(story(text, date=dt.datetime(2024, 3, 5)))["上报事件"] == 2023
    assert years_of(story(text, date=dt.datetime(2023, 12, 5)))["上报事件"] == 2023
    late = story("全年网格员上报事件9.7万件。", date=dt.datetime(2023, 12, 28))
    assert years_of(late)["上报事件"] == 2023
    early = story("全年网格员上报事件9.7万件。", date=dt.datetime(2024, 1, 12))
    assert years_of(early)["上报事件"] == 2024  # no year named: the story's own


def test_last_year_is_the_year_before_but_a_comparison_or_since_is_not() -> None:
    dated = dt.datetime(2023, 11, 5)
    assert years_of(story("去年，全市网格员上报事件9.7万件。", date=dated)) == {"上报事件": 2022}
    compared = story("全市按期办结1.92万件，较去年同期提高2.3个百分点。", date=dated)
    assert years_of(compared)["按期办结"] == 2023
    since = story("全市去年以来调解纠纷93宗，调解成功率达96%。", date=dated)
    assert years_of(since)["调解成功率"] is None


def test_a_sentences_own_year_wins() -> None:
    draft = story("2022年，全市网格员上报事件9.7万件。", date=dt.datetime(2024, 2, 1))
    assert years_of(draft) == {"上报事件": 2022}


# --- stats: whose figure it is -----------------------------------------------------------------


def test_a_narrower_places_grid_count_is_not_the_regions() -> None:
    draft = facts("天津路社区有住户4100余户，社区划分为8个网格。全市共划分网格868个。")
    stats = stat_labels(draft)
    assert stats["网格"] == {"label": "网格", "value": 868, "unit": "个", "metric": "grids"} | {
        "year": 2023
    }
    assert "住户" not in stats


def test_a_count_of_places_is_not_the_subject() -> None:
    draft = facts("全市19个乡镇、294个行政村、11个社区细分为1536个网格，配备网格长305名。")
    stats = stat_labels(draft)
    assert stats["网格"]["metric"] == "grids" and "网格长" in stats


def test_a_worker_named_by_their_post_owns_the_figures_of_their_sentences() -> None:
    draft = facts(
        "东关街道东塔社区网格员苏晓梅骑着电动车穿过老街。",
        "今年以来，苏晓梅累计走访群众2100余户次。全市网格员上报各类事件1.42万件。",
    )
    assert list(stat_labels(draft)) == ["上报各类事件"]


def test_a_verb_after_the_post_is_not_a_name() -> None:
    draft = facts("全市网格员上报各类事件1.42万件。化解矛盾纠纷860起。")
    assert list(stat_labels(draft)) == ["上报各类事件", "化解矛盾纠纷"]


def test_a_figure_shared_by_several_places_is_skipped_and_a_bound_is_approximate() -> None:
    draft = facts("大西街道、皇城街道事件办结率均超过99%。全市参与居民超过4.2万人次。")
    assert stat_labels(draft) == {
        "参与居民": {
            "label": "参与居民",
            "value": 42000,
            "unit": "人次",
            "approximate": True,
            "year": 2023,
        }
    }


def test_an_audience_named_before_its_count_is_not_the_workforce() -> None:
    assert facts("现场观摩网格员200余名。").stats == []


def test_who_did_it_and_how_are_not_part_of_the_label() -> None:
    draft = facts("今年以来彭州市通过网格排查矛盾纠纷1879起，化解1862起，化解率99.1%。")
    stats = stat_labels(draft)
    assert list(stats) == ["排查矛盾纠纷", "化解矛盾纠纷", "化解率"]
    assert stats["化解率"]["denominator"] == "排查矛盾纠纷"


def test_sessions_are_counted_but_an_issue_number_is_not() -> None:
    draft = facts("全年新招录专职网格员48名，组织业务培训36期、培训4800余人次。简报第12期。")
    assert list(stat_labels(draft)) == ["新招录专职网格员", "组织业务培训", "培训"]


def test_a_villages_own_figures_are_not_the_regions() -> None:
    draft = facts("南花村共有村民286户1200余人。全市共有村民32万户。")
    assert [(s["label"], s["value"]) for s in draft.stats] == [("村民", 320000)]


def test_a_year_before_the_label_is_not_part_of_it() -> None:
    draft = facts("会议通报，2023年全区共划分网格486个。60岁以上老人138人。")
    assert list(stat_labels(draft)) == ["网格"]
    assert stat_labels(draft)["网格"]["metric"] == "grids"


# --- whole stories: facts as the import suggests them ---------------------------------------------

STORY_BODY = "网格员每天走访辖区居民，收集社情民意，及时化解矛盾纠纷，群众满意度不断提高。"


def imported(text: str, name: str = "copy.txt") -> tuple[dict, str]:
    """Import a copy; return (front matter data, body)."""
    return import_story(text, name)[:2]


def test_an_honour_roll_line_gives_one_honour_per_person_with_their_township() -> None:
    text = (
        "于都县表彰十佳网格长\n\n发布时间：2024-03-05 09:12 来源：于都县融媒体中心\n\n"
        f"{STORY_BODY}\n\n"
        "2023年度“十佳网格长”：刘桂英（贡江镇）、邱德明（罗坳镇）、曾小红（梓山镇）。\n\n"
        "2023年度“优秀网格员”：谢春林（银坑镇）、温晓丽（贡江镇）等50名同志。\n"
    )
    honours = imported(text)[0]["review"]["honours"]
    assert [(h["name"], h["award"], h["year"]) for h in honours] == [
        ("刘桂英", "十佳网格长", 2023),
        ("邱德明", "十佳网格长", 2023),
        ("曾小红", "十佳网格长", 2023),
        ("谢春林", "优秀网格员", 2023),
        ("温晓丽", "优秀网格员", 2023),
    ]
    assert honours[0]["region"] == "江西省/赣州市/于都县/贡江镇"


def test_a_roll_with_anything_but_names_gives_no_honour() -> None:
    text = f"网格工作会议召开\n\n时间：2024-03-05\n\n{STORY_BODY}会议提出“三个坚持”：坚持党建引领、坚持群众路线。\n"
    assert "honours" not in imported(text)[0].get("review", {})


def test_several_people_named_before_one_honour_each_get_it() -> None:
    text = (
        "于都县评出优秀网格员\n\n时间：2023-11-02\n\n"
        f"{STORY_BODY}表彰会上，李海燕、马成林、祁秀兰等30名网格员被评为全县“优秀网格员”。\n"
    )
    data = imported(text)[0]
    honours = data["review"]["honours"]
    assert [h["name"] for h in honours] == ["李海燕", "马成林", "祁秀兰"]
    assert {(h["award"], h["year"], h["level"]) for h in honours} == {("优秀网格员", 2023, "县级")}
    assert (data["region"], honours[0]["issuer"]) == ("江西省/赣州市/于都县", "于都县")


def test_winners_named_after_their_township_and_teams_are_not_people() -> None:
    text = (
        "平江县网格故事讲述比赛举行\n\n时间：2023-11-02\n\n"
        f"{STORY_BODY}平江县首届网格故事讲述比赛在县文化馆举行。经过角逐，三市镇方秋霞获得一等奖，"
        "伍市镇邓建平、城关镇汪丽娟获得二等奖，温泉镇代表队获得三等奖。\n"
    )
    winners = imported(text)[0]["review"]["events"][0]["winners"]
    assert [(w["name"], w["prize"]) for w in winners] == [
        ("方秋霞", "一等奖"),
        ("邓建平", "二等奖"),
        ("汪丽娟", "二等奖"),
    ]


def stats_of(sentences: str) -> dict[str, dict]:
    """The suggested stats of a story, by label."""
    data = imported(f"网格工作成效明显\n\n时间：2023-11-02\n\n{STORY_BODY}{sentences}\n")[0]
    return {stat["label"]: stat for stat in data["review"].get("stats", [])}


def test_a_count_with_thousands_separators_is_read_whole() -> None:
    stats = stats_of("今年以来，全县网格员上报事件12,836件，办结12,655件，办结率98.6%。")
    assert stats["上报事件"]["value"] == 12836
    assert stats["办结率"]["numerator"] == "办结事件"


def test_figures_since_a_year_carry_no_year() -> None:
    stats = stats_of("自2019年推行网格化管理以来，全县共划分网格1428个，配备专兼职网格员1460名。")
    assert stats["网格"]["value"] == 1428 and "year" not in stats["网格"]


def test_people_of_an_event_or_honour_are_not_the_workforce() -> None:
    stats = stats_of("共有160名网格员报名参加比赛，5名网格员获评优秀。全县现有专职网格员2156名。")
    assert "网格员" not in stats and stats["专职网格员"]["value"] == 2156


def test_figures_of_one_grid_or_an_age_group_are_not_the_regions() -> None:
    stats = stats_of(
        "第二网格有居民640户，其中60岁以上老人有138人，日常考核占60%。全市上报各类事件2.8万件。"
    )
    assert list(stats) == ["上报各类事件"]


def test_a_traditional_story_keeps_the_models_own_words_in_its_facts() -> None:
    text = (
        "晉江網格員講述身邊故事\n\n時間：2023-11-02\n\n"
        "網格員每天走訪轄區居民，收集社情民意，及時化解矛盾糾紛，群眾滿意度不斷提高。"
        "晉江市網格故事講述比賽在市文化館舉行。安海鎮許麗娟、紫帽鎮洪志強獲得一等獎。\n"
    )
    winners = imported(text)[0]["review"]["events"][0]["winners"]
    assert [(w["name"], w["prize"]) for w in winners] == [
        ("許麗娟", "一等奖"),
        ("洪志強", "一等奖"),
    ]


def test_a_list_under_a_heading_that_names_an_award_gives_its_honours() -> None:
    text = (
        "南海表彰十佳网格员\n\n时间：2023-12-26\n\n"
        f"{STORY_BODY}\n\n十佳网格员光荣榜\n\n桂城街道：陈美玲、罗志文\n\n大沥镇：何志强\n\n"
        f"二、2023年度“五星网格”\n\n桂城街道叠滘社区第5网格、大沥镇太平社区第2网格。\n\n{STORY_BODY}\n"
    )
    honours = imported(text)[0]["review"]["honours"]
    assert [(h["name"], h["kind"], h["award"], h["year"]) for h in honours] == [
        ("陈美玲", "worker", "十佳网格员", 2023),
        ("罗志文", "worker", "十佳网格员", 2023),
        ("何志强", "worker", "十佳网格员", 2023),
        ("桂城街道叠滘社区第5网格", "grid", "五星网格", 2023),
        ("大沥镇太平社区第2网格", "grid", "五星网格", 2023),
    ]
    assert honours[2]["region"].endswith("/大沥镇")


def test_a_list_heading_without_an_award_word_lists_nothing() -> None:
    text = f"南海网格工作会召开\n\n时间：2023-12-26\n\n{STORY_BODY}\n\n参会网格\n\n桂城街道：陈美玲、罗志文\n"
    assert "honours" not in imported(text)[0].get("review", {})


def test_works_named_with_their_tellers_place_win_their_prizes() -> None:
    text = (
        "张店区网格故事讲述大赛举行\n\n时间：2024-01-12\n\n"
        f"{STORY_BODY}张店区第二届网格故事讲述大赛在区文化馆举行。车站街道刘佳的《凌晨两点的电话》获得一等奖；"
        "科苑街道王倩的《楼道里的小红帽》、和平街道孙晓燕的《我的网格我的家》获得二等奖。\n"
    )
    winners = imported(text)[0]["review"]["events"][0]["winners"]
    assert [(w["name"], w["prize"], w["work"]) for w in winners] == [
        ("刘佳", "一等奖", "凌晨两点的电话"),
        ("王倩", "二等奖", "楼道里的小红帽"),
        ("孙晓燕", "二等奖", "我的网格我的家"),
    ]


def test_an_honour_told_after_a_comma_or_of_her_grid_goes_to_the_right_holder() -> None:
    text = (
        "襄州红色网格织密基层治理\n\n时间：2023-10-17\n\n"
        f"{STORY_BODY}周琴负责第三网格。周琴每天走访。周琴因表现突出，获评2022年度湖北省“优秀网格员”。"
        "马丽娟被评为涧西区“五星网格员”，她所在的天津路社区第三网格被评为洛阳市“星级网格”。\n"
    )
    honours = imported(text)[0]["review"]["honours"]
    assert [(h["name"], h["kind"], h["award"]) for h in honours] == [
        ("周琴", "worker", "优秀网格员"),
        ("马丽娟", "worker", "五星网格员"),
        ("天津路社区第三网格", "grid", "星级网格"),
    ]


def test_a_list_of_names_with_their_towns_under_an_award_heading() -> None:
    text = (
        "青山湖区表彰十佳网格员\n\n时间：2024-01-05\n\n"
        f"{STORY_BODY}\n\n2023年度青山湖区“十佳网格员”名单\n\n熊丽萍（湖坊镇）、李建华（塘山镇）\n\n{STORY_BODY}\n"
    )
    honours = imported(text)[0]["review"]["honours"]
    assert [(h["name"], h["award"], h["year"]) for h in honours] == [
        ("熊丽萍", "十佳网格员", 2023),
        ("李建华", "十佳网格员", 2023),
    ]
    assert honours[0]["region"].endswith("/湖坊镇")


def test_an_autonomous_regions_honour_is_provincial() -> None:
    draft = facts(
        "网格员阿依古丽·吐尔逊荣获2023年度自治区“优秀网格员”称号。",
        region="新疆维吾尔自治区/乌鲁木齐市/天山区",
    )
    assert (draft.honours[0]["level"], draft.honours[0]["issuer"]) == ("省级", "新疆维吾尔自治区")


def test_the_upper_end_of_a_range_is_no_count() -> None:
    draft = facts("每个网格由社区干部、民警和1至2名专职网格员组成，全区共配备专职网格员1186名。")
    assert [(s["label"], s["value"]) for s in draft.stats] == [("专职网格员", 1186)]
