"""One small test per importer rule, each on a few lines of real-looking input."""

from __future__ import annotations

import pytest

from gridnews.importer import repair
from gridnews.importer.credits import parse_byline, trailing_byline
from gridnews.importer.dates import parse_date
from gridnews.importer.decode import DecodeError, decode
from gridnews.importer.draft import Draft, Options
from gridnews.importer.images import strip_proxy
from gridnews.importer.parse import detect_format, text_blocks
from gridnews.importer.pipeline import ArticleError, import_bytes
from gridnews.importer.privacy import valid_id_number
from gridnews.importer.rules import chrome_rule
from gridnews.importer.sanitise import field_text, plain_text, web_address
from gridnews.importer.writer import escape

BODY = "网格员每天走访辖区居民，收集社情民意，及时化解矛盾纠纷，群众满意度不断提高。"


def story_of_page(page: str) -> tuple[dict, str, Draft]:
    """Import a saved page; return (front matter data, body, draft)."""
    from gridnews.frontmatter import parse  # noqa: PLC0415

    result = import_bytes(page.encode("utf-8"), "test.html")
    matter = parse(result.text, "test.html")
    return matter.data, matter.body, result.draft


def story(text: str, options: Options | None = None) -> tuple[dict, str, Draft]:
    """Import text as a plain-text copy; return (front matter data, body, draft)."""
    from gridnews.frontmatter import parse  # noqa: PLC0415

    result = import_bytes(text.encode("utf-8"), "test.txt", options)
    matter = parse(result.text, "test.txt")
    return matter.data, matter.body, result.draft


# --- decode ------------------------------------------------------------------------------------

SAMPLE = "网格员走访居民，了解群众的困难和需求。基层治理需要每一名网格员的努力。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (
            "網格員走訪居民，了解群眾的困難和需求。基層治理需要每一名網格員的努力。".encode("big5"),
            "big5",
        ),
    ],
)
def test_encoding_is_detected_and_reported(data: bytes, encoding: str) -> None:
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert "網格員" in decoded.text or "网格员" in decoded.text


def test_crlf_line_ends_become_line_feeds() -> None:
    assert decode("第一行\r\n第二行\r第三行".encode()).text == "第一行\n第二行\n第三行"


def test_a_damaged_file_behind_a_byte_order_mark_is_refused_with_the_place() -> None:
    for data in (b"\xfe\xff\x00\x00\x00", b"\xef\xbb\xbf\xe7\xbd"):
        with pytest.raises(DecodeError, match="damaged at byte"):
            decode(data)


def test_binary_noise_is_refused() -> None:
    with pytest.raises(DecodeError):
        decode(bytes(range(128, 256)) * 4)


# --- format ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("\n---\ntitle: 标题\n---\n\n<div><p>正文</p></div>", "hexo"),
        ("---\ntitle: 标题\n---\n\n## 小标题\n\n正文。", "markdown"),
        ("<!DOCTYPE html><html><body><p>正文</p></body></html>", "html"),
        ("标题\n\n正文第一段。\n\n正文第二段。", "text"),
    ],
)
def test_format_is_detected(text: str, kind: str) -> None:
    assert detect_format(text) == kind


# --- chrome rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("电话:028-83700507", "contact"),
        ("关闭", "ui_buttons"),
        ("【打印】【关闭】", "ui_buttons"),
        ("字号：大 中 小", "ui_buttons"),
        ("您当前的位置:首页 > 职场资讯 > 彭州新闻", "breadcrumb"),
        ("首页 > 新闻中心 > 社会民生", "breadcrumb"),
        ("中新社內蒙古分社 • 正文", "breadcrumb"),
        ("微信扫一扫分享资讯", "share"),
        ("分享到：微信 微博", "share"),
        ("相关推荐", "related_links"),
        ("圖片新聞", "related_links"),
        ("Copyright C 2009-2021 All Rights Reserved 版权所有 蜀ICP备16032479号", "copyright"),
        ("川公网安备 51018202000080号", "registration"),
        ("ICP经营许可证:川B2-20210566 人力资源证: 510182102014", "registration"),
        ("地址:四川省成都市彭州市南兴巷29号1层 EMAIL:zk@ganpz.com", "address"),
        ("EMAIL:zk@ganpz.com", "email"),
        ("Powered by 彭才网", "site_credit"),
        ("主办单位：广安市前锋区人民政府办公室", "site_credit"),
        ("浏览量:", "view_count"),
        ("阅读 2386", "view_count"),
        ("预览时标签不可点", "wechat"),
        ("END", "wechat"),
        ("播报文章", "speech_button"),
    ],
)
def test_chrome_line_is_recognised(line: str, rule: str) -> None:
    found = chrome_rule(line)
    assert found is not None and found.name == rule


@pytest.mark.parametrize(
    "line",
    [
        BODY,
        "市民们通过一个电话一条微信就能够享受到便捷的服务，每一名网格员都配备有移动工作终端。",
        "时间“走”在网格里",
        "网格员说：“未经允许，不能随便进入别人家里。”",
    ],
)
def test_article_text_is_not_chrome(line: str) -> None:
    assert chrome_rule(line) is None


def test_related_links_list_goes_with_its_heading() -> None:
    text = f"标题在这里写\n\n{BODY}\n\n{BODY}\n\n圖片新聞\n  • 集大鐵路二標首榀箱梁成功架設\n  • 內蒙古首屆“活體”昆蟲大型科普展開幕\n"
    _, body, draft = story(text)
    assert "集大" not in body and "昆蟲" not in body
    assert [rule for rule, _ in draft.removed].count("related_links") == 3


def test_lines_above_the_headline_are_furniture() -> None:
    text = f"中新社內蒙古分社 • 正文\n 百姓生活\n\n內蒙古基層鄉鎮織牢網格\n\n2022年10月12日 17:32 來源: 中新網內蒙古新聞\n\n{BODY}\n"
    data, body, _ = story(text)
    assert data["title"] == "內蒙古基層鄉鎮織牢網格"
    assert "百姓生活" not in body and "正文" not in body


def test_end_mark_is_trimmed() -> None:
    _, body, _ = story(f"标题在这里写\n\n{BODY}(完)\n")
    assert body.strip().endswith("提高。")


def test_qr_code_picture_goes_with_its_prompt() -> None:
    html = (
        '<html><head><title>网格员的一天</title></head><body><div id="js_content">'
        f"<p>{BODY}{BODY}{BODY}</p>"
        '<p><img data-src="https://example.org/qr.jpg"></p><p>长按识别二维码关注我们</p></div></body></html>'
    )
    result = import_bytes(html.encode(), "page.html")
    assert "qr.jpg" not in result.text


# --- text repairs ------------------------------------------------------------------------------


def test_lost_byte_gb18030_run_is_repaired() -> None:
    damaged = "“福勝村排查出一處危房，存在安全隱患!备\ue5c9俅寰W格長王書文"
    fixed, flags = repair.repair_garbled(damaged)
    assert fixed == "“福勝村排查出一處危房，存在安全隱患!”福勝村網格長王書文"
    assert flags == []


def test_garbled_run_without_a_sure_repair_is_flagged_with_its_position() -> None:
    fixed, flags = repair.repair_garbled("网格员上报\ue5c9问题")
    assert fixed == "网格员上报\ue5c9问题"
    assert flags[0].offset == 5


def test_lost_text_marks_are_flagged() -> None:
    _, flags = repair.repair_garbled("网格员锟斤拷锟斤拷上报")
    assert flags and flags[0].text == "锟斤拷锟斤拷"


def test_mojibake_is_repaired() -> None:
    damaged = "网格员走访居民".encode().decode("cp1252", errors="ignore")
    assert repair.fix_mojibake("网格员走访".encode().decode("latin-1")) == "网格员走访"
    assert repair.fix_mojibake("网格员") == "网格员"
    assert damaged != "网格员走访居民"


def test_inline_pinyin_is_removed_and_real_parentheses_stay() -> None:
    text, count = repair.strip_pinyin(
        "內(nèi)蒙古網(wǎng)格 (程智 李曉燕) 各镇(街道) (完) 综(zōng)治"
    )
    assert text == "內蒙古網格 (程智 李曉燕) 各镇(街道) (完) 综治"
    assert count == 3


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("服务能力,为网格内居民", "服务能力，为网格内居民"),
        ("共治工程:以培育", "共治工程：以培育"),
        ("夯实治理根基;建强体系", "夯实治理根基；建强体系"),
        ("存在安全隱患!", "存在安全隱患！"),
        ("血壓高不高?", "血壓高不高？"),
        ("各镇(街道)", "各镇（街道）"),
        ("《网格心向党,责任伴我行》", "《网格心向党，责任伴我行》"),
        ("通訊: 中國", "通訊：中國"),
        ("17:32 1,000 Hello, world", "17:32 1,000 Hello, world"),
    ],
)
def test_half_width_punctuation_beside_chinese_becomes_full_width(before: str, after: str) -> None:
    assert repair.widen_punctuation(before) == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("  中新網內蒙古新聞10月12日電", "中新網內蒙古新聞10月12日電"),
        ("(程智\xa0 李曉燕)", "(程智 李曉燕)"),
        ("了解和解决。” 张晶亮说。", "了解和解决。”张晶亮说。"),
        ("《盐都网格 聚光成芒》", "《盐都网格 聚光成芒》"),
        ("“小网格”激活“大服务” 我市", "“小网格”激活“大服务” 我市"),
        ("守护平安幸福 “都美网格”活动启动", "守护平安幸福 “都美网格”活动启动"),
        ("中新網深圳7月8日電 （記者 鄭小紅）", "中新網深圳7月8日電（記者 鄭小紅）"),
    ],
)
def test_stray_spaces_go_and_meaningful_ones_stay(before: str, after: str) -> None:
    assert repair.normalise_spaces(before) == after


def test_a_formula_that_lost_its_plus_signs_is_flagged() -> None:
    assert repair.lost_plus_signs("依靠这样一种“1 3 N”专群联动模式") == ["1 3 N"]
    _, _, draft = story(f"标题在这里写\n\n依靠这样一种“1 3 N”专群联动模式，{BODY}\n")
    assert any("1+3+N" in note for note in draft.notes)


def test_traditional_text_keeps_its_script_and_loses_its_leftovers() -> None:
    text, changed = repair.traditional_leftovers(
        "之后協調縣住建局，打破多網并立，每天穿梭于村組，成為鄰里之間的協調員"
    )
    assert text == "之後協調縣住建局，打破多網並立，每天穿梭於村組，成為鄰里之間的協調員"
    assert changed == 3


def test_simplified_option_converts_traditional_text() -> None:
    text = (
        "內蒙古基層鄉鎮織牢網格\n\n"
        + "網格員每天下沉網格核查基礎信息、收集民情民意、化解矛盾糾紛。" * 3
    )
    data, body, _ = story(text, Options(simplified=True))
    assert data["title"] == "内蒙古基层乡镇织牢网格"
    assert "网格员每天下沉网格" in body and "lang" not in data


# --- metadata ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Tue, 14 Dec 2021 08:58:19 GMT", "2021-12-14T16:58:19+08:00"),
        ("2022年10月12日 17:32", "2022-10-12T17:32+08:00"),
        ("2019-03-27", "2019-03-27"),
        ("2022-06-01 08:00:00 +0800", "2022-06-01T08:00:00+08:00"),
        ("2023-05-16T07:20:00Z", "2023-05-16T15:20:00+08:00"),
        ("1684221600", "2023-05-16T15:20:00+08:00"),
    ],
)
def test_dates_become_china_time_at_their_precision(text: str, iso: str) -> None:
    moment = parse_date(text)
    assert moment is not None and moment.iso() == iso


def test_meta_line_gives_source_date_and_platform() -> None:
    text = f"标题在这里写好了\n\n来源:彭州市人民政府 时间:2019-03-27 作者:赶彭州人才网 浏览量:\n\n{BODY}\n"
    data, body, _ = story(text)
    assert (data["source"], data["date"], data["via"]) == (
        "彭州市人民政府",
        "2019-03-27",
        "赶彭州人才网",
    )
    assert "authors" not in data and "浏览量" not in body


def test_speech_button_label_is_cut_from_the_title() -> None:
    text = (
        "---\ntitle: '玉门：2021这一年，我们的网格记忆播报文'\ndate: Tue, 14 Dec 2021 08:58:19 GMT\n---\n<p>"
        + BODY
        + "</p>"
    )
    result = import_bytes(text.encode(), "x.md")
    assert result.draft.title == "玉门：2021这一年，我们的网格记忆"
    assert any("播报文" in note for note in result.draft.notes)


def test_site_name_is_cut_from_a_page_title() -> None:
    html = f"<html><head><title>网格员的一天 - 某某市人民政府</title></head><body><div class='content'><p>{BODY * 3}</p></div></body></html>"
    assert import_bytes(html.encode(), "x.html").draft.title == "网格员的一天"


def test_dateline_names_the_reporters() -> None:
    text = f"標題在這裡寫好了\n\n中新網內蒙古新聞10月12日電(程智\xa0 李曉燕)內蒙古卓資縣梨花鎮堅持以黨建引領。{BODY}\n"
    data, body, _ = story(text)
    assert data["authors"] == ["程智", "李曉燕"]
    assert "電（程智 李曉燕）內蒙古" in body


def test_platform_author_is_never_an_author() -> None:
    text = (
        "---\ntitle: 网格员的一天在这里\nauthor: 趣头条\ndate: 2021-12-14\n---\n<p>" + BODY + "</p>"
    )
    data = import_bytes(text.encode(), "x.md").draft
    assert data.via == "趣头条" and not data.credits.authors


def test_missing_date_makes_a_draft_with_the_event_date_suggested() -> None:
    text = "都美网格活动启动\n\n9月7日下午，盐都区举行活动启动仪式。2018年以来，盐都区持续推进。2022年盐城市上半年表彰网格员。\n"
    data, _, draft = story(text)
    assert data["status"] == "draft" and "date" not in data
    assert data["review"]["date"] == "2022-09-07"
    assert "no publication date found; saved as a draft" in draft.warnings


# --- credits -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "authors", "editors", "photographers"),
    [
        ("通讯员 朱爱春 潘潇", [("朱爱春", "通讯员"), ("潘潇", "通讯员")], [], []),
        ("本刊记者 杨婷", [("杨婷", "本刊记者")], [], []),
        ("Hi威海客户端记者 贾文娟 文/图", [("贾文娟", "记者")], [], [("贾文娟", "")]),
        ("盐都区委政法委 供图", [], [], [("盐都区委政法委", "")]),
        ("編輯:陳峰", [], [("陳峰", "")], []),
        ("文/张三 图/李四", [("张三", "")], [], [("李四", "")]),
        ("城阳区委政法委供稿", [("城阳区委政法委", "")], [], []),
        ("编辑：王敏 审核：刘强", [], [("王敏", "")], []),
    ],
)
def test_byline_forms(line: str, authors: list, editors: list, photographers: list) -> None:
    credits = parse_byline(line)
    assert credits is not None
    assert (credits.authors, credits.editors, credits.photographers) == (
        authors,
        editors,
        photographers,
    )


@pytest.mark.parametrize(
    "line", ["张述涛带记者在社会事务协调中心参观", "网格员王健说", "记者", "时间“走”在网格里"]
)
def test_sentences_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


def test_trailing_byline_leaves_the_last_paragraph() -> None:
    assert trailing_byline("交出了一份完美答卷。（刘丽莉 ）")[0] == "交出了一份完美答卷。"
    assert trailing_byline("来自各镇（街道）") is None


def test_byline_line_mid_body_moves_to_credits() -> None:
    text = f"网格工作再上新台阶\n\n{BODY}\n\n通讯员 朱爱春 潘潇\n\n{BODY}\n"
    data, body, _ = story(text)
    assert data["authors"] == [
        {"name": "朱爱春", "role": "通讯员"},
        {"name": "潘潇", "role": "通讯员"},
    ]
    assert "朱爱春" not in body


# --- paragraphs and headings -------------------------------------------------------------------


def test_broken_paragraphs_are_rejoined_and_headings_kept() -> None:
    text = (
        "网格工作再上新台阶\n\n"
        "据介绍，此次活动于9月初举办启动仪式，9月、10月完成首批创建，10月底前完成本年度创建工作质效初评，12月底前完\n\n"
        "成本年度创建工作质效终评。\n\n\n\n"
        "守护平安幸福 “都美网格”活动启动\n\n"
        "共治工程:\n\n以培育群众社团组织为抓手。\n\n"
        "要在健全机制上、夯实基础上、\n\n实战实效上做好三篇文章。\n"
    )
    _, body, _ = story(text)
    paragraphs = body.strip().split("\n\n")
    assert paragraphs == [
        "据介绍，此次活动于9月初举办启动仪式，9月、10月完成首批创建，10月底前完成本年度创建工作质效初评，12月底前完成本年度创建工作质效终评。",
        "## 守护平安幸福 “都美网格”活动启动",
        "共治工程：以培育群众社团组织为抓手。",
        "要在健全机制上、夯实基础上、实战实效上做好三篇文章。",
    ]


def test_single_newline_paragraphs_stay_apart() -> None:
    first = "对于许多人而言，在小区里和住户们串串门聊聊天，是一件轻松休闲的事情。"
    second = "张晶亮的工作有一个比较新鲜的名称——网格员，他的工作范围在置信F区。"
    _, body, _ = story(f"网格工作再上新台阶\n\n{first}\n{second}\n")
    assert f"{first}\n\n{second}" in body


def test_bold_only_paragraph_becomes_a_heading() -> None:
    html = f"<html><head><title>文登区优化网格服务</title></head><body><div class='content'><p>{BODY * 2}</p><p><strong> 贴心服务送到群众身边</strong></p><p>{BODY}</p></div></body></html>"
    result = import_bytes(html.encode(), "x.html")
    assert "\n## 贴心服务送到群众身边\n" in result.text


# --- images ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "plain"),
    [
        (
            "https://cors.zfour.workers.dev/?http://static.1sapp.com/a/1.jpg",
            "http://static.1sapp.com/a/1.jpg",
        ),
        (
            "https://images.weserv.nl/?url=http%3A%2F%2Fp3.toutiaoimg.com%2Fa.jpg",
            "http://p3.toutiaoimg.com/a.jpg",
        ),
        (
            "https://i0.wp.com/dingyue.ws.126.net/2023/1102/4f7e.jpg?w=640&ssl=1",
            "https://dingyue.ws.126.net/2023/1102/4f7e.jpg",
        ),
        ("https://example.org/v1.2/photo.jpg", "https://example.org/v1.2/photo.jpg"),
        ("https://example.org/photo.jpg?w=600", "https://example.org/photo.jpg?w=600"),
        ("//example.org/a.png", "https://example.org/a.png"),
    ],
)
def test_proxy_prefix_is_stripped(url: str, plain: str) -> None:
    assert strip_proxy(url) == plain


def test_cover_is_not_repeated_and_sizes_are_kept() -> None:
    cover = "https://cors.zfour.workers.dev/?http://static.1sapp.com/a/cover.jpg"
    text = (
        f"---\ntitle: 网格员的一天在这里\ndate: 2021-12-14\nheadimg: '{cover}'\n---\n"
        f'<p><img src="{cover}" data-size="554,416" alt></p><p>{BODY}</p>'
        '<p><img src="https://cors.zfour.workers.dev/?http://static.1sapp.com/a/2.png" data-size="640,375" alt="入户走访"></p>'
    )
    result = import_bytes(text.encode(), "x.md")
    assert "image: http://static.1sapp.com/a/cover.jpg" in result.text
    assert result.text.count("cover.jpg") == 1
    assert "![入户走访](http://static.1sapp.com/a/2.png){width=640 height=375}" in result.text


def test_caption_paragraph_becomes_alt_text() -> None:
    html = f"<html><head><title>网格员入户走访</title></head><body><div class='content'><p>{BODY}</p><p><img src='https://e.org/1.jpg'></p><p>图为网格员入户走访。</p><p>{BODY}</p></div></body></html>"
    assert "![网格员入户走访。](https://e.org/1.jpg)" in import_bytes(html.encode(), "x.html").text


# --- region ------------------------------------------------------------------------------------


def test_my_city_is_the_publishers_city() -> None:
    text = f"网格工作再上新台阶\n\n来源：彭州市人民政府 时间：2019-03-27\n\n日前，我市举行优秀网格员颁奖仪式。{BODY}\n"
    data, _, _ = story(text)
    assert data["region"] == "四川省/成都市/彭州市"


def test_a_township_named_in_passing_does_not_narrow_the_region() -> None:
    text = f"盐都区网格工作再上新台阶\n\n9月7日下午，盐城市盐都区在该区盐龙街道科技广场举行活动。{BODY}盐都区持续推进。\n"
    assert story(text)[0]["region"] == "江苏省/盐城市/盐都区"


def test_a_township_the_story_is_about_is_the_region() -> None:
    text = f"梨花镇织牢网格\n\n内蒙古卓资县梨花镇坚持以党建引领。{BODY}梨花镇网格员。梨花镇党委。\n"
    assert story(text)[0]["region"] == "内蒙古自治区/乌兰察布市/卓资县/梨花镇"


# --- facts -------------------------------------------------------------------------------------


def test_honours_are_suggested_with_level_and_group_size() -> None:
    text = (
        "优秀网格颁奖仪式在彭州举行\n\n来源：彭州市人民政府 时间：2019-03-27\n\n"
        "其中，天彭街道朝阳中路社区008网格荣获2018年度成都市“十大明星网格”；张婷荣获2018年度成都市“十大明星网格员”；"
        "濛阳镇东塔社区001网格等5个网格荣获2018年度成都市“百佳网格”。\n"
    )
    honours = story(text)[0]["review"]["honours"]
    assert honours[0] == {
        "name": "天彭街道朝阳中路社区008网格",
        "kind": "grid",
        "award": "十大明星网格",
        "year": 2018,
        "issuer": "成都市",
        "level": "市级",
        "region": "四川省/成都市/彭州市/天彭街道/朝阳中路社区",
    }
    assert (honours[1]["name"], honours[1]["kind"]) == ("张婷", "worker")
    assert (honours[2]["count"], honours[2]["note"]) == (5, "濛阳镇东塔社区001网格等5个网格")


def test_honour_in_apposition_is_suggested() -> None:
    text = f"盐都网格工作再上新台阶\n\n{BODY}在宣誓发言环节，2021年全省最美网格员、潘黄街道宝才社区网格员王健说，盐城市盐都区要做好网格工作。\n"
    honour = story(text)[0]["review"]["honours"][0]
    assert (honour["name"], honour["award"], honour["level"], honour["issuer"]) == (
        "王健",
        "最美网格员",
        "省级",
        "江苏省",
    )


def test_contest_winners_are_suggested_with_prizes_and_works() -> None:
    text = (
        "讲述网格故事\n\n9月7日下午，盐城市盐都区网格工作推进。盐都区特举办网格故事讲述活动。"
        "他们用演讲、朗诵、情景剧等文艺化形式讲述。\n\n"
        "盐龙街道健仁社区网格员祁娟的演讲《网格心向党,责任伴我行》获得了一等奖。\n"
    )
    event = story(text)[0]["review"]["events"][0]
    assert event["name"] == "盐都区网格故事讲述活动"
    assert event["forms"] == ["演讲", "朗诵", "情景剧"]
    assert event["winners"][0]["work"] == "网格心向党，责任伴我行"


def test_winner_lists_in_two_other_forms() -> None:
    text = (
        "比武大赛赛出风采\n\n5月31日，青岛市城阳区举办网格员业务技能比武大赛。"
        "流亭街道网格员徐静获得一等奖，城阳街道网格员高峰、棘洪滩街道网格员孙丽获得二等奖。\n\n"
        "三等奖：王芳（夏庄街道）、刘洋（惜福镇街道）\n"
    )
    winners = story(text)[0]["review"]["events"][0]["winners"]
    assert [(w["name"], w["prize"]) for w in winners] == [
        ("徐静", "一等奖"),
        ("高峰", "二等奖"),
        ("孙丽", "二等奖"),
        ("王芳", "三等奖"),
        ("刘洋", "三等奖"),
    ]


def test_stats_are_normalised_and_rates_checked_against_parts() -> None:
    text = (
        "网格记忆\n\n今年以来，网格员上报入户信息42.5万条，重点人员管控信息2万多条，"
        "排查各类矛盾纠纷3216起，化解3195起，化解率99.3%。\n"
    )
    stats = story(text)[0]["review"]["stats"]
    assert stats[0]["value"] == 425000
    assert stats[1] == {
        "label": "重点人员管控信息",
        "value": 20000,
        "unit": "条",
        "approximate": True,
    }
    assert stats[4]["numerator"] == "化解矛盾纠纷" and stats[4]["denominator"] == "排查各类矛盾纠纷"


def test_a_stated_rate_that_contradicts_its_parts_is_noted() -> None:
    text = "网格记忆\n\n今年以来，排查各类矛盾纠纷3216起，化解3195起，化解率98.1%。\n"
    data, _, _ = story(text)
    rate = data["review"]["stats"][2]
    assert "numerator" not in rate
    assert any("98.1" in note and "3195/3216" in note for note in data["review"]["notes"])


def test_subsets_and_ratios_are_not_counts() -> None:
    text = "网格工作\n\n表彰了表现突出的10名网格员，每个网格配备1名专职网格员，全区共划分网格1264个。\n"
    stats = story(text)[0]["review"]["stats"]
    assert stats == [{"label": "网格", "value": 1264, "unit": "个", "metric": "grids"}]


# --- privacy -----------------------------------------------------------------------------------


def test_personal_numbers_are_masked_unless_kept() -> None:
    text = f"网格员的连心卡\n\n卡上写着电话13980261437，身份证号码330106198705123411。{BODY}\n"
    _, body, draft = story(text)
    assert "139****1437" in body.replace("\\", "") and "330106********3411" in body.replace(
        "\\", ""
    )
    assert "1 mobile number in the text, masked" in draft.warnings
    _, kept, _ = story(text, Options(keep_pii=True))
    assert "13980261437" in kept


def test_only_valid_id_numbers_count() -> None:
    assert valid_id_number("330106198705123411")
    assert not valid_id_number("330106198705123415")


# --- sanitise ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("网格员<img src=x onerror=alert(1)>走访", "网格员走访"),
        ("网格员&lt;img src=x onerror=alert(1)&gt;走访", "网格员走访"),
        ("网格员&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;走访", "网格员alert(1)走访"),
        ("网格员&ltsvg onload=alert(1)&gt走访", "网格员走访"),
        ("网格员<!-- 注释 -->走访", "网格员走访"),
        ("网格员<b", "网格员＜b"),
        ("满意度 < 90% 的网格", "满意度 < 90% 的网格"),
        ("网格员走访居民 1180 户次", "网格员走访居民 1180 户次"),
    ],
)
def test_markup_left_in_text_is_removed(text: str, clean: str) -> None:
    assert plain_text(text) == clean


def test_front_matter_text_holds_no_markup_and_no_ascii_double_quote() -> None:
    assert field_text('盐都区"小巷管家"<svg onload=alert(1)>') == "盐都区“小巷管家”"
    assert field_text("满意度>90%") == "满意度＞90%"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " \x0e javascript:alert(1)",
        "jav\tascript:alert(1)",
        "jav\nascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:image/svg+xml;base64,PHN2Zy8+",
        "file:///etc/passwd",
        "https://",
        "/images/a.jpg",
    ],
)
def test_only_web_addresses_are_kept(url: str) -> None:
    assert web_address(url) == ""


def test_a_web_address_cannot_end_an_attribute() -> None:
    url = web_address('https://img.example.cn/a.jpg" onerror="alert(1)')
    assert url == "https://img.example.cn/a.jpg%22%20onerror=%22alert(1)"
    assert web_address("HTTPS://img.example.cn/网格.jpg?a=1&b='2'") == (
        "HTTPS://img.example.cn/网格.jpg?a=1&b=%272%27"
    )


def test_escaped_link_text_never_reads_as_a_link() -> None:
    escaped = escape("点击[领取补贴](javascript:alert(1))")
    assert "](" not in escaped
    assert escaped == "点击\\[领取补贴\\]\\(javascript:alert(1))"


def test_a_hostile_page_head_and_body_give_a_safe_story() -> None:
    page = (
        "<html><head><title>网格员</title>"
        "<meta name='ArticleTitle' content='盐都区网格员&quot;小巷管家&quot;&lt;svg onload=alert(1)&gt;'>"
        "<meta name='ContentSource' content='盐都区委政法委&lt;img src=x onerror=alert(2)&gt;'>"
        "<meta name='PubDate' content='2022-10-18'>"
        "<meta property='og:image' content='JaVaScRiPt:alert(3)'>"
        "<link rel='canonical' href='https://www.yandu.gov.cn/a.html&quot;onmouseover=&quot;alert(4)'>"
        "</head><body><div class='TRS_Editor'>"
        f"<p>网格员&lt;img src=x onerror=alert(5)&gt;{BODY}</p>"
        "<p><img src='jav&#x09;ascript:alert(6)'><img src='data:image/svg+xml,<svg onload=alert(7)>'>"
        f"<img src='https://img.example.cn/1.jpg\" onerror=\"alert(8)' alt='走访'></p><p>{BODY}</p>"
        "</div></body></html>"
    )
    data, body, draft = story_of_page(page)
    assert data["title"] == "盐都区网格员“小巷管家”"
    assert data["source"] == "盐都区委政法委"
    assert data["source_url"] == "https://www.yandu.gov.cn/a.html%22onmouseover=%22alert(4)"
    assert "image" not in data
    assert "onerror" not in body.replace("%20onerror=%22", "")
    assert "![走访](https://img.example.cn/1.jpg%22%20onerror=%22alert%288%29)" in body
    assert body.count("![") == 1
    assert draft.repairs["markup_in_text"] == 1
    assert any("网页代码" in note for note in data["review"]["notes"])


# --- failures ----------------------------------------------------------------------------------


def test_text_without_a_headline_is_refused() -> None:
    with pytest.raises(ArticleError, match="no headline"):
        import_bytes("。。。".encode(), "x.txt")


def test_blocks_keep_source_lines() -> None:
    blocks = text_blocks("\n\n标题\n\n  正文第一段。\n")
    assert [(b.text, b.line, b.blank_before, b.indent) for b in blocks] == [
        ("标题", 3, 2, 0),
        ("正文第一段。", 5, 1, 2),
    ]
