"""Suggested facts, one named pattern each, on sentences written the way stories write them."""

from __future__ import annotations

import datetime as dt

import pytest

from gridnews.importer.blocks import Block
from gridnews.importer.dates import Moment
from gridnews.importer.draft import Draft
from gridnews.importer.facts import extract_facts
from gridnews.model import TIMEZONE


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
