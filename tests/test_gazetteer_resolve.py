"""Finding a story's region: names several divisions share, townships, the county in the title."""

from __future__ import annotations

from gridnews.gazetteer import gazetteer

BODY = "网格员每天走访辖区居民，收集社情民意，及时化解矛盾纠纷，群众满意度不断提高。"


def region(title: str, *paragraphs: str, hints: tuple[str, ...] = ()) -> str:
    """Resolve a story as the importer does: title and first paragraph as the lead."""
    body = "\n".join(paragraphs)
    return gazetteer().resolve(
        title + "\n" + body, lead=len(title) + 1 + len(paragraphs[0]), hints=hints, title=title
    )


# --- names several divisions share ---------------------------------------------------------------


def test_shared_town_names_follow_the_county_the_story_names() -> None:
    # 129 townships go by 城关镇 (城关街道 and 城关乡 included), many in 河南 and 陕西; the
    # other four are towns of 尤溪县 and of other counties too.
    assert (
        region(
            "尤溪县举办网格员技能比武",
            f"11月8日，尤溪县首届网格员技能比武在县文体中心举行，全县15个乡镇的30名网格员参赛。{BODY}",
            "比赛分为政策问答、情景模拟两个环节。尤溪县委政法委有关负责人说，比武是为了以赛促学。",
            "最终，城关镇、洋中镇、新阳镇、西城镇、联合镇代表队获得团体奖。",
            "目前，尤溪县共划分网格612个。",
        )
        == "福建省/三明市/尤溪县"
    )


def test_a_shared_town_name_named_often_does_not_outvote_its_county() -> None:
    assert (
        region(
            "尤溪县网格员入户走访",
            f"近日，尤溪县网格员入户走访。{BODY}",
            "在城关镇，网格员帮老人量血压。城关镇的网格员还帮商户办证。城关镇今年已走访3000余户。",
            "尤溪县委政法委作了部署。",
        )
        == "福建省/三明市/尤溪县"
    )


def test_a_shared_name_the_text_places_is_the_region() -> None:
    assert (
        region(
            "卓资县梨花镇织牢网格",
            f"内蒙古卓资县梨花镇坚持以党建引领。{BODY}",
            "梨花镇网格员走村入户。梨花镇党委书记说，网格是基层治理的底座。",
        )
        == "内蒙古自治区/乌兰察布市/卓资县/梨花镇"
    )


def test_shared_names_alone_still_agree_on_a_place() -> None:
    # 西湖区 is in 杭州 and in 南昌, 蒋村街道 in 杭州 and in 西安: only 杭州 has both.
    assert (
        region("西湖区蒋村街道：网格员守护“一老一小”", f"西湖区蒋村街道网格员上门服务。{BODY}")
        == "浙江省/杭州市/西湖区/蒋村街道"
    )


# --- townships ---------------------------------------------------------------------------------


def test_a_story_about_one_town_of_a_county_it_never_names_is_that_town() -> None:
    assert (
        region(
            "濮院镇网格员当好“店小二”",
            f"连日来，濮院镇的网格员走进羊毛衫市场，挨家挨户帮商户解决难题。{BODY}",
            "濮院镇把全镇划分为86个网格，每个网格配备一名专职网格员。",
            "今年以来，濮院镇网格员共上报事件1200余件。下一步，还将与崇福镇、洲泉镇交流经验。",
        )
        == "浙江省/嘉兴市/桐乡市/濮院镇"
    )


def test_towns_named_alike_leave_the_county() -> None:
    assert (
        region(
            "网格员技能比武举行",
            f"近日，网格员技能比武举行。{BODY}",
            "濮院镇、崇福镇、洲泉镇、屠甸镇的代表队获得团体奖。濮院镇、崇福镇代表队获得一等奖。",
        )
        == "浙江省/嘉兴市/桐乡市"
    )


# --- the county in the title -------------------------------------------------------------------


def test_the_county_in_the_title_and_text_is_the_region() -> None:
    # 汨罗市 is named more often, but the story is about 平江县's workers learning there.
    assert (
        region(
            "平江县网格员外出取经",
            f"近日，平江县组织20名网格员到汨罗市学习。{BODY}",
            "在汨罗市，网格员们参观了综治中心。汨罗市把全市划分为1100多个网格，"
            "汨罗市的“网格+调解”做法让大家很受启发。",
            "大家表示，回到平江县后要把学到的经验用起来。",
        )
        == "湖南省/岳阳市/平江县"
    )


def test_a_city_story_naming_its_counties_stays_with_the_city() -> None:
    assert (
        region(
            "岳阳市推进网格化服务管理",
            f"岳阳市召开全市网格化服务管理推进会。{BODY}",
            "会上，平江县、汨罗市、华容县作了交流发言。岳阳市委政法委有关负责人说，要把网格做实。",
        )
        == "湖南省/岳阳市"
    )


def test_a_county_only_in_the_title_does_not_override_the_text() -> None:
    assert (
        region(
            "平江县网格员外出取经",
            f"近日，一批网格员到汨罗市学习。{BODY}",
            "在汨罗市，网格员们参观了综治中心。汨罗市把全市划分为1100多个网格。",
        )
        == "湖南省/岳阳市/汨罗市"
    )
