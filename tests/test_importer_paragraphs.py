"""Paragraphs, headings and captions: one test per rule, on a few lines of real-looking input."""

from __future__ import annotations

import pytest

from gridnews.importer.draft import Draft
from gridnews.importer.images import photo_credit
from gridnews.importer.paragraphs import closes_sentence, strip_emoji
from gridnews.importer.parse import text_blocks, wrap_width

from importer_quality import import_story

BODY = "网格员每天走访辖区居民，收集社情民意，及时化解矛盾纠纷，群众满意度不断提高。"


def imported(text: str, name: str = "test.txt") -> tuple[dict, list[str], Draft]:
    """Import a copy; return (front matter data, body paragraphs, draft)."""
    data, body, draft = import_story(text, name)
    return data, body.strip().split("\n\n"), draft


def page(body: str, title: str = "于都县表彰优秀网格员") -> str:
    """A saved page with body as its article container."""
    return (
        f"<html><head><title>{title}</title></head><body>"
        f"<div class='content'>{body}</div></body></html>"
    )


# --- hard-wrapped text -------------------------------------------------------------------------

# An e-paper copy wrapped at 22 characters: paragraphs start with a full-width indent, a line may
# end inside a number (1.3|6万), and the last line of a paragraph may fill the width too.
E_PAPER = (
    "宣威：网格员代办让群众少跑腿\n"
    "2023年11月10日\n"
    "\u3000\u3000“以前有事要跑好几趟，现在网格员上门就办\n"
    "好了。”11月8日，在宣威市宛水街道东门社区\n"
    "，居民李桂芬拿着刚办好的老年证说。\n"
    "\u3000\u3000今年以来，宣威市推行“网格员代办”服务，\n"
    "把老年证、医保参保、残疾人补贴等28项高频事\n"
    "项纳入代办清单，今年累计代办事项已达1.3\n"
    "6万件，群众办事平均少跑2趟，满意率98%。\n"
    "代办跑出“加速度”\n"
    "\u3000\u3000全市共划分网格2064个，配备专兼职网格\n"
    "员2381名，每名网格员都配发了代办工作证，\n"
    "做到群众有需求、网格员跑腿办。\n"
)


def test_hard_wrapped_lines_are_joined_into_paragraphs() -> None:
    _, paragraphs, draft = imported(E_PAPER)
    assert paragraphs == [
        "“以前有事要跑好几趟，现在网格员上门就办好了。”11月8日，在宣威市宛水街道东门社区，"
        "居民李桂芬拿着刚办好的老年证说。",
        "今年以来，宣威市推行“网格员代办”服务，把老年证、医保参保、残疾人补贴等28项高频事项"
        "纳入代办清单，今年累计代办事项已达1.36万件，群众办事平均少跑2趟，满意率98%。",
        "## 代办跑出“加速度”",
        "全市共划分网格2064个，配备专兼职网格员2381名，每名网格员都配发了代办工作证，"
        "做到群众有需求、网格员跑腿办。",
    ]
    assert draft.repairs["unwrapped_line"] == 7


def test_a_copy_with_one_paragraph_per_line_is_not_hard_wrapped() -> None:
    lines = [
        "网格工作再上新台阶",
        "来源：彭州市人民政府 时间：2019-03-27",
        "对于许多人而言，在小区里和住户们串串门聊聊天，是一件轻松休闲的事情。",
        "张晶亮的工作有一个比较新鲜的名称——网格员，他的工作范围在置信F区。",
        "时间“走”在网格里",
        BODY,
        "“网格员就是要把居民的事当成自己的事。”张晶亮说。",
        BODY * 2,
    ]
    text = "\n".join(lines) + "\n"
    assert wrap_width([len(line) for line in lines]) == 0
    assert len(text_blocks(text)) == len(lines)
    _, paragraphs, _ = imported(text)
    assert lines[2] in paragraphs
    assert lines[3] in paragraphs


# A bulletin copied out of a PDF: wrapped at 40 columns (a digit takes one, a Chinese character
# two), a page number and the bulletin's running header at each page break, one sentence running
# on over the break.
PDF_BULLETIN = (
    "醴陵市网格化服务管理工作简报\n\n第5期\n\n"
    "醴陵市召开网格化服务管理推进会\n\n"
    "\u3000\u300011月20日，醴陵市召开网格化服务管理推\n"
    "进会，通报前三季度工作情况。今年1至10月\n"
    "，全市网格员上报各类事件3.62万件，办结3.\n"
    "58万件，办结率98.9%。\n"
    "\u3000\u3000全市共划分网格1286个，配备专职网格员\n"
    "1302名，累计走访群众21.6万户次，采集更新\n"
    "信息9.8万条，排查矛盾纠纷1128起，化解111\n"
    "9起。\n"
    "\u3000\u3000会议要求，各镇（街道）要落实网格员“\n"
    "一岗多责”，把矛盾纠纷化解在基层，把服务\n\n"
    "第 1 页\n\n"
    "醴陵市网格化服务管理工作简报（2023年第5期）\n\n"
    "送到群众家门口，让网格真正成为基层治理的\n"
    "“神经末梢”。\n"
    "\u3000\u3000一、受到表扬的网格员\n"
    "\u3000\u3000阳三石街道：刘小燕、易建军\n"
    "\u3000\u3000来龙门街道：李红\n"
    "\u3000\u3000阳三石街道网格员刘小燕作交流发言。她\n\n"
    "第 2 页\n\n"
    "醴陵市网格化服务管理工作简报（2023年第5期）\n\n"
    "说，网格员要多走一步、多问一句，群众的事\n"
    "才能办得快、办得好。\n\n"
    "第 3 页\n"
)


def test_pdf_copy_loses_its_page_furniture_and_is_rejoined_across_pages() -> None:
    _, paragraphs, draft = imported(PDF_BULLETIN)
    body = "\n".join(paragraphs)
    assert "页" not in body and "（2023年第5期）" not in body
    assert (
        "全市共划分网格1286个，配备专职网格员1302名，累计走访群众21.6万户次，采集更新信息9.8万条，"
        "排查矛盾纠纷1128起，化解1119起。"
    ) in paragraphs
    assert (
        "会议要求，各镇（街道）要落实网格员“一岗多责”，把矛盾纠纷化解在基层，把服务送到群众家门口，"
        "让网格真正成为基层治理的“神经末梢”。"
    ) in paragraphs
    assert (
        "阳三石街道网格员刘小燕作交流发言。她说，网格员要多走一步、多问一句，群众的事才能办得快、办得好。"
        in paragraphs
    )
    assert [rule for rule, _ in draft.removed].count("page_number") == 3
    assert [rule for rule, _ in draft.removed].count("running_header") == 2


def test_repeated_lines_and_lone_numbers_stay_without_page_numbers() -> None:
    text = (
        "网格员的一天\n\n"
        f"{BODY}\n\n"
        "网格员说\n\n"
        f"{BODY * 2}\n\n"
        "1\n\n"
        f"{BODY}\n\n"
        "网格员说\n\n"
        f"{BODY * 2}\n\n"
        "3\n\n"
        f"{BODY}\n"
    )
    _, paragraphs, draft = imported(text)
    assert paragraphs.count("## 网格员说") == 2
    assert "1" in paragraphs and "3" in paragraphs  # 1 and 3 count no pages
    assert not draft.removed


def test_page_numbers_in_their_common_forms() -> None:
    for number in ("- 2 -", "－2－", "第 2 页", "第2页 共5页", "2/5"):
        text = f"网格员的一天\n\n{BODY}\n\n{number}\n\n{BODY * 2}\n"
        _, paragraphs, _ = imported(text)
        assert number not in paragraphs and BODY * 2 in paragraphs, number
    _, paragraphs, _ = imported(f"网格员的一天\n\n{BODY}\n\n2\n\n{BODY}\n\n3\n\n{BODY}\n")
    assert "2" not in paragraphs and "3" not in paragraphs  # lone numbers counting pages


# --- headings ----------------------------------------------------------------------------------


def test_bold_heading_may_end_in_a_closing_quote() -> None:
    body = (
        f"<p style='text-indent:2em'>{BODY * 2}</p>"
        "<p style='text-indent:2em'><span style='font-family:黑体;'><b>网格长成了群众的“主心骨”</b>"
        "</span></p>"
        f"<p style='text-indent:2em'>{BODY}</p>"
        "<P align=center><STRONG>争当“五星网格”</STRONG></P>"
        f"<p>{BODY}</p>"
        "<p><strong>“群众的事再小也是大事。”</strong></p>"
        f"<p>{BODY}</p>"
    )
    _, paragraphs, _ = imported(page(body), "test.html")
    assert "## 网格长成了群众的“主心骨”" in paragraphs
    assert "## 争当“五星网格”" in paragraphs
    assert "“群众的事再小也是大事。”" in paragraphs  # a quoted sentence, not a heading


def test_heading_line_may_end_in_a_closing_quote() -> None:
    text = (
        "英德：“网格+调解”让矛盾纠纷就地化解\n\n"
        f"{BODY}\n\n"
        "乡贤参与化解“老大难”\n\n"
        "在农村地区，英德市推行“网格员+乡贤”调解方式，邀请村里有威望的老党员、老教师参与调解。\n\n"
        "“燃气阀门关好了吗？”\n\n"
        "每次入户，她都要到厨房看一看燃气灶和阀门，提醒老人用完燃气随手关阀。\n"
    )
    _, paragraphs, _ = imported(text)
    assert "## 乡贤参与化解“老大难”" in paragraphs
    assert "“燃气阀门关好了吗？”" in paragraphs


def test_roster_line_is_not_a_heading() -> None:
    text = (
        "于都县表彰优秀网格员\n\n"
        f"{BODY}\n\n"
        "贡江镇：刘桂英\n\n"
        "罗坳镇：邱德明、谢小兰\n\n"
        f"{BODY}\n\n"
        "亮点一：网格赋能\n\n"
        f"{BODY}\n"
    )
    _, paragraphs, _ = imported(text)
    assert "贡江镇：刘桂英" in paragraphs
    assert "罗坳镇：邱德明、谢小兰" in paragraphs
    assert "## 亮点一：网格赋能" in paragraphs  # a heading with a colon stays a heading


def test_line_holding_a_finished_sentence_is_not_a_heading() -> None:
    text = (
        "于都县表彰优秀网格员\n\n"
        f"{BODY}\n\n"
        "会上，4名网格员作交流发言。刘芳说\n\n"
        f"{BODY * 2}\n\n"
        "网格员成了群众的贴心人\n\n"
        f"{BODY}\n"
    )
    _, paragraphs, _ = imported(text)
    assert "## 网格员成了群众的贴心人" in paragraphs
    assert not any(p.startswith("## 会上") for p in paragraphs)


def test_numbered_heading_over_a_roster_is_a_heading() -> None:
    text = (
        f"于都县表彰优秀网格员\n\n{BODY}\n\n一、2023年度“十佳网格员”\n\n贡江镇：刘桂英\n\n{BODY}\n"
    )
    _, paragraphs, _ = imported(text)
    assert "## 一、2023年度“十佳网格员”" in paragraphs
    assert "贡江镇：刘桂英" in paragraphs


# --- lines that are never joined to the next ----------------------------------------------------


def test_a_labelled_line_is_not_joined_to_the_lead() -> None:
    text = f"天津河西：网格员化身“追风者”\n{BODY}\n活动主题：网格连万家 服务零距离\n{BODY}\n"
    _, paragraphs, _ = imported(text)
    # on a line of its own (a heading, as short lines above running text are), never glued on
    assert [p.removeprefix("## ") for p in paragraphs] == [
        BODY,
        "活动主题：网格连万家 服务零距离",
        BODY,
    ]


def test_a_line_of_fields_parted_by_a_bar_is_not_joined() -> None:
    text = (
        "西宁城西区网格员韩秀英\n"
        f"{BODY}\n"
        "比赛分组 城区组 | 乡镇组 | 社区组 | 机关企事业单位组 | 个人组\n"
        "城区组的选手大多是年轻网格员，讲的是楼栋里的故事。\n"
    )
    _, paragraphs, _ = imported(text)
    assert "比赛分组 城区组 | 乡镇组 | 社区组 | 机关企事业单位组 | 个人组" in [
        p.removeprefix("## ") for p in paragraphs
    ]


def test_a_short_line_over_another_short_line_is_not_a_heading() -> None:
    text = f"于都县表彰优秀网格员\n\n{BODY}\n\n吉林长安网格\n\n1.2万粉丝关注\n\n{BODY}\n"
    _, paragraphs, _ = imported(text)
    assert "吉林长安网格" in paragraphs  # not ## 吉林长安网格


# --- emoji -------------------------------------------------------------------------------------


def test_emoji_leave_headings_and_paragraphs() -> None:
    text = (
        "牡丹江市举办网格故事演讲比赛\n\n"
        f"{BODY}\n\n"
        "台下不少观众悄悄抹起了眼泪。😭\n\n"
        "海林市网格员孙宏伟讲述了自己在暴雨夜协助转移被困群众的经历。🎤\n\n"
        "🏆 比赛结果\n\n"
        f"{BODY}💪💪\n\n"
        "▼\n\n"
        "当天气温零下5℃，全市网格覆盖率100％，获评№1。\n"
    )
    _, paragraphs, draft = imported(text)
    assert paragraphs == [
        BODY,
        "台下不少观众悄悄抹起了眼泪。",
        "海林市网格员孙宏伟讲述了自己在暴雨夜协助转移被困群众的经历。",
        "## 比赛结果",
        BODY,
        "当天气温零下5℃，全市网格覆盖率100％，获评№1。",
    ]
    assert draft.repairs["emoji"] == 4


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("❤️网格 👨‍👩‍👧一家", "网格一家"),
        ("1️⃣第一步", "1第一步"),
        ("WeChat 😀 App", "WeChat App"),
        ("★网格故事 ▲图为 ① ❶ ✔", "★网格故事 ▲图为 ① ❶ ✔"),  # ordinary symbols stay
    ],
)
def test_strip_emoji(text: str, kept: str) -> None:
    assert strip_emoji(text) == kept


def test_an_emoji_after_the_stop_still_closes_the_sentence() -> None:
    assert closes_sentence("台下不少观众悄悄抹起了眼泪。😭")
    assert closes_sentence("她说：“我就一直干下去。”💪💪")
    assert not closes_sentence("比赛结果 🏆")


# --- captions ----------------------------------------------------------------------------------


def test_line_under_a_picture_becomes_its_alt_text() -> None:
    body = (
        f"<p style='text-indent: 2em;'>{BODY * 2}</p>"
        "<p style='text-align: center;'><img src='https://e.org/1.jpg' alt='' width='600'></p>"
        "<p style='text-align: center;'>表彰会现场</p>"
        f"<p>{BODY}</p>"
        "<p class='f_center'><img src='https://e.org/2.jpg'><br/>网格员在丹麻镇入户走访</p>"
        f"<p>{BODY}</p>"
        "<p style='text-align: center;'><img src='https://e.org/3.jpg'></p>"
        "<p style='text-align: center;'><strong>网格成了群众的“连心桥”</strong></p>"
        f"<p>{BODY}</p>"
    )
    _, paragraphs, _ = imported(page(body), "test.html")
    assert "![表彰会现场](https://e.org/1.jpg)" in paragraphs
    assert "![网格员在丹麻镇入户走访](https://e.org/2.jpg)" in paragraphs
    assert "表彰会现场" not in paragraphs
    assert "## 网格成了群众的“连心桥”" in paragraphs  # a centred bold heading is no caption


def test_photo_credit_in_a_caption_goes_to_the_photographers() -> None:
    body = (
        f"<p>{BODY * 2}</p>"
        "<p style='text-align: center;'><img src='https://e.org/1.jpg' alt=''></p>"
        "<p class='pictext' style='text-align: center;'>"
        "东湖社区网格员向春燕（左）上门走访居民。人民网 赵明摄</p>"
        f"<p>{BODY}</p>"
    )
    data, paragraphs, _ = imported(page(body, "宜昌夷陵：“红色网格”织密基层治理网"), "test.html")
    assert "![东湖社区网格员向春燕（左）上门走访居民。](https://e.org/1.jpg)" in paragraphs
    assert data["photographers"] == ["赵明"]


@pytest.mark.parametrize(
    ("caption", "text", "photographers"),
    [
        (
            "东湖社区网格员向春燕（左）上门走访居民。人民网 赵明摄",
            "东湖社区网格员向春燕（左）上门走访居民。",
            ["赵明"],
        ),
        ("网格员入户走访（记者 张三 摄）", "网格员入户走访", ["张三"]),
        ("居民在议事会上发言 新华社记者 李四 摄", "居民在议事会上发言", ["李四"]),
        ("城阳区委政法委 供图", "", ["城阳区委政法委"]),
        ("网格员在丹麻镇入户走访", "网格员在丹麻镇入户走访", []),
        ("图为网格员为老人量血压。", "图为网格员为老人量血压。", []),
        ("表彰现场。南方+ 记者 黄思敏 摄", "表彰现场。", ["黄思敏"]),  # the outlet goes too
        (
            "表彰现场。南方+ 黄思敏 摄",
            "表彰现场。南方+",
            ["黄思敏"],
        ),  # no role: left for the editor
    ],
)
def test_photo_credit_is_split_off_a_caption(caption: str, text: str, photographers: list) -> None:
    rest, credits = photo_credit(caption)
    assert rest == text
    found = credits.photographers if credits is not None else []
    assert [name for name, _ in found] == photographers


def test_a_caption_loses_its_label() -> None:
    body = (
        f"<p>{BODY * 2}</p><p><img src='https://e.org/1.jpg'></p>"
        "<p style='text-align:center'>图为网格员为老人量血压。</p>"
        f"<p>{BODY}</p><p><img src='https://e.org/2.jpg'></p>"
        "<p style='text-align:center'>上图：网格员在辖区巡查。</p>"
        f"<p>{BODY}</p><p><img src='https://e.org/3.jpg'></p>"
        "<p class='pictext'>图书角里，网格员为孩子读绘本</p>"
        f"<p>{BODY}</p>"
    )
    _, paragraphs, _ = imported(page(body), "test.html")
    assert "![网格员为老人量血压。](https://e.org/1.jpg)" in paragraphs  # 图为 says only "pictured"
    assert "![网格员在辖区巡查。](https://e.org/2.jpg)" in paragraphs
    assert "![图书角里，网格员为孩子读绘本](https://e.org/3.jpg)" in paragraphs


def test_italic_caption_of_a_markdown_cover_goes_with_the_cover() -> None:
    text = (
        "---\ntitle: 网格员入户走访\ndate: 2023-11-02\ncover: https://e.org/1.jpg\n---\n\n"
        f"{BODY}\n\n![](https://e.org/1.jpg)\n\n*图为网格员黄春燕（右）上门走访独居老人。韦丽萍 摄*\n\n"
        f"{BODY * 2}\n\n*记者 林浩*\n"
    )
    data, paragraphs, draft = imported(text, "test.md")
    assert not any("韦丽萍" in p or "黄春燕" in p for p in paragraphs)
    assert [c["name"] if isinstance(c, dict) else c for c in data["photographers"]] == ["韦丽萍"]
    assert any("网格员黄春燕（右）上门走访独居老人。" in note for note in draft.notes)


def test_caption_line_of_a_lost_picture_is_neither_heading_nor_paragraph() -> None:
    text = (
        "网格故事｜沈建芬：守好网格里的420户人家\n\n"
        "早上7点，梧桐街道庆丰社区网格员沈建芬已经骑着电动车出门了。她负责的第五网格有居民楼14栋。\n\n"
        "▲沈建芬（右二）在辖区走访独居老人\n\n"
        "从事网格工作6年，沈建芬的手机里存着400多个居民的电话号码，网格微信群里每天都有居民找她。\n"
    )
    data, paragraphs, _ = imported(text)
    assert not any("沈建芬（右二）" in paragraph for paragraph in paragraphs)
    assert any("沈建芬（右二）在辖区走访独居老人" in note for note in data["review"]["notes"])


def test_caption_line_under_a_markdown_picture_becomes_its_alt_text() -> None:
    text = (
        "---\ntitle: 网格员入户走访\ndate: 2023-11-02\n---\n"
        f"{BODY}\n\n![](https://e.org/1.jpg)\n\n▲网格员在辖区走访独居老人\n\n{BODY}\n"
    )
    _, paragraphs, _ = imported(text, "test.md")
    assert "![网格员在辖区走访独居老人](https://e.org/1.jpg)" in paragraphs


def test_a_line_ending_in_a_photographers_credit_is_a_caption() -> None:
    text = f"阆中古城网格长\n\n{BODY}\n\n陈玉芳（中）在古城巷子里走访商户。川观新闻记者 何晓 摄\n\n{BODY}\n"
    _, paragraphs, draft = imported(text)
    assert not any("何晓 摄" in paragraph for paragraph in paragraphs)
    assert any("陈玉芳（中）在古城巷子里走访商户。" in note for note in draft.notes)
    _, kept, _ = imported(f"网格员走访\n\n{BODY}\n\n网格员说，这张照片是去年冬天拍的。\n")
    assert "网格员说，这张照片是去年冬天拍的。" in kept
