"""Metadata rules of the importer, one test each, on the lines other sites print around a story."""

from __future__ import annotations

from gridnews.importer.credits import is_organisation, is_person, names_a_role, parse_byline
from gridnews.importer.metadata import meta_fields

from importer_quality import credit_names, import_story

BODY = "网格员每天走访辖区居民，收集社情民意，及时化解矛盾纠纷，群众满意度不断提高。"


def imported(text: str, name: str = "copy.txt") -> tuple[dict, str]:
    """Import a copy; return (front matter data, body)."""
    return import_story(text, name)[:2]


def test_a_meta_value_ends_where_the_page_tools_begin() -> None:
    fields = meta_fields("来源：东南网 【字体：大 中 小】 作者：林振华 访问量：")
    assert fields is not None
    assert (fields["来源"], fields["作者"]) == ("东南网", "林振华")
    data, _ = imported(
        f"网格员讲述身边故事\n\n发布时间：2024-01-16 作者：王堃 访问量：\n\n{BODY}\n"
    )
    assert credit_names(data["authors"]) == ["王堃"]


def test_a_label_repeated_inside_a_value_is_dropped() -> None:
    page = (
        '<html><head><title>网格员的一天 - 某某频道</title><meta name="source" '
        'content="来源：人民网-湖北频道"></head>'
        f"<body><div class='content'><p>{BODY * 3}</p></div></body></html>"
    )
    data, _ = imported(page, "page.html")
    assert data["source"] == "人民网-湖北频道"


def test_a_source_label_may_be_followed_by_a_bar() -> None:
    assert meta_fields("来源 | 桐乡市委政法委") == {"来源": "桐乡市委政法委"}
    assert meta_fields("信息来源：介休市委政法委") == {"信息来源": "介休市委政法委"}


def test_a_platform_account_line_gives_the_date_and_the_account() -> None:
    text = f"网格故事｜守好网格里的420户人家\n\n原创 平安桐乡 平安桐乡 2023-11-02 17:45 发表于浙江\n\n{BODY}\n"
    data, body = imported(text)
    assert data["title"] == "网格故事｜守好网格里的420户人家"
    assert (data["date"], data["via"]) == ("2023-11-02T17:45+08:00", "平安桐乡")
    assert "发表于" not in body


def test_a_byline_with_a_date_is_not_an_account_line() -> None:
    assert "平台账号" not in (meta_fields("记者 张三 2023-11-02") or {})


def test_the_same_day_given_to_the_minute_wins_over_the_day_alone() -> None:
    page = (
        '<html><head><meta name="publishdate" content="2023-11-02"></head><body>'
        "<h1>宜昌夷陵：红色网格织密基层治理网</h1><div class='content'>"
        f"<p>2023年11月02日08:41 | 来源：人民网-湖北频道</p><p>{BODY * 3}</p></div></body></html>"
    )
    data, _ = imported(page, "page.html")
    assert data["date"] == "2023-11-02T08:41+08:00"


def test_the_site_name_part_of_a_page_title_goes_wherever_it_stands() -> None:
    headline = "介休市网格化服务管理工作年度考评结果出炉"
    for title in (
        f"介休市人民政府门户网站--{headline}",
        f"{headline} - 综合新闻 - 于都县融媒体中心",
    ):
        page = f"<html><head><title>{title}</title></head><body><div class='content'><p>{BODY * 3}</p></div></body></html>"
        data, _ = imported(page, "page.html")
        assert data["title"] == headline


def test_a_page_title_that_is_only_the_site_name_is_not_the_headline() -> None:
    page = (
        "<html><head><title>遵义长安网</title></head><body><h1>遵义长安网</h1>"
        "<div class='content'><p>汇川区：网格长机制让基层治理更有力</p>"
        f"<p>来源：遵义日报 发布日期：2023年11月2日</p><p>{BODY * 3}</p></div></body></html>"
    )
    data, _ = imported(page, "page.html")
    assert data["title"] == "汇川区：网格长机制让基层治理更有力"


def test_a_platform_name_after_a_front_matter_title_goes() -> None:
    text = f"---\ntitle: '互助县：小网格撬动基层治理大变化_网易订阅'\n---\n<p>{BODY}</p>\n"
    data, _ = imported(text, "post.md")
    assert data["title"] == "互助县：小网格撬动基层治理大变化"


def test_an_account_name_between_headline_and_date_is_neither() -> None:
    text = f"英德：网格加调解让矛盾纠纷就地化解\n英德发布\n2023-11-02 18:20·广东清远\n{BODY}\n"
    data, body = imported(text)
    assert data["title"] == "英德：网格加调解让矛盾纠纷就地化解"
    assert data["via"] == "英德发布" and "英德发布" not in body


def test_a_masthead_above_the_headline_names_the_publisher() -> None:
    text = f"曲靖日报数字报\n2023年11月2日 星期四\n\n陆良：网格员小积分兑出治理大文明\n□ 本报记者 段晓丽\n{BODY}\n"
    data, body = imported(text)
    assert data["title"] == "陆良：网格员小积分兑出治理大文明"
    assert data["source"] == "曲靖日报"
    assert credit_names(data["authors"]) == ["段晓丽"]
    assert "段晓丽" not in body


def test_pinyin_glosses_leave_the_headline_and_the_source() -> None:
    page = (
        "<html><head><title>x</title></head><body><h1>晉江：網(wǎng)格員講述身邊故事</h1>"
        "<div class='content'><p>來源：東南網(wǎng)</p>"
        f"<p>{'網格員每天走訪轄區居民，收集社情民意，及時化解矛盾糾紛，群眾滿意度不斷提高。' * 3}</p>"
        "</div></body></html>"
    )
    data, _ = imported(page, "page.html")
    assert (data["title"], data["source"]) == ("晉江：網格員講述身邊故事", "東南網")


def test_a_reporter_of_this_site_is_a_role_not_a_name() -> None:
    credits = parse_byline("本網記者 林振華 通訊員 蔡雅琴")
    assert credits is not None
    assert credits.authors == [("林振華", "本網記者"), ("蔡雅琴", "通訊員")]


def test_a_source_line_that_ends_in_a_byline_credits_both() -> None:
    text = f"互助县：小网格撬动基层治理大变化\n\n{BODY}\n\n（来源：互助县融媒体中心 通讯员：祁生梅 李永福）\n"
    data, body = imported(text)
    assert data["source"] == "互助县融媒体中心"
    assert credit_names(data["authors"]) == ["祁生梅", "李永福"]
    assert "通讯员" not in body


# --- suggested facts: honour rolls and winners named after their township ----------------------


def test_a_headline_and_date_line_beside_the_body_are_read() -> None:
    page = (
        "<html><head><title>遵义长安网</title></head><body>"
        "<div class='crumbs'>当前位置：首页 » 基层风采</div><div class='article'>"
        "<div class='art-title'>汇川区：网格长机制让基层治理更有力</div>"
        "<div class='art-meta'>来源：遵义日报 发布日期：2023年11月2日 浏览次数：1064</div>"
        f"<div class='art-body'><p>{BODY * 2}</p><p>{BODY * 2}</p></div></div>"
        "<div class='side'><p>2024-01-01 12:00</p></div></body></html>"
    )
    data, body = imported(page, "page.html")
    assert (data["title"], data["source"], data["date"]) == (
        "汇川区：网格长机制让基层治理更有力",
        "遵义日报",
        "2023-11-02",
    )
    assert "浏览次数" not in body


def test_an_original_mark_line_names_the_account_not_the_headline() -> None:
    text = (
        "夷陵区表彰2023年度十佳网格员\n\n原创 平安夷陵 平安夷陵\n\n"
        f"2023-12-01 18:30 来源：澎湃新闻·澎湃号·政务\n\n{BODY}\n"
    )
    data, body = imported(text)
    assert data["title"] == "夷陵区表彰2023年度十佳网格员"
    assert data["via"] == "平安夷陵" and "source" not in data
    assert "原创" not in body


def test_a_microblog_post_header_gives_the_date_and_is_no_headline() -> None:
    text = (
        "网格员的冬天：零下15℃里的敲门行动\n\n哈尔滨道里发布\n\n"
        f"23-11-5 20:16 来自 微博头条文章 已编辑\n\n{BODY}\n"
    )
    data, _ = imported(text)
    assert data["title"] == "网格员的冬天：零下15℃里的敲门行动"
    assert data["date"] == "2023-11-05T20:16+08:00"


def test_a_time_of_day_after_afternoon_is_read_on_the_clock() -> None:
    text = (
        f"---\ntitle: 甘井子区网格员微故事大赛落幕\ndate: 2023/11/5 下午3:20\n---\n<p>{BODY}</p>\n"
    )
    assert imported(text, "post.md")[0]["date"] == "2023-11-05T15:20+08:00"


def test_an_account_named_as_front_matter_author_is_the_via() -> None:
    text = f"---\ntitle: 甘井子区网格员微故事大赛落幕\nauthor: 大连甘井子发布\n---\n<p>{BODY}</p>\n"
    data, _ = imported(text, "post.md")
    assert data["via"] == "大连甘井子发布" and "authors" not in data


def test_role_labels_on_a_meta_line_credit_their_people() -> None:
    fields = meta_fields("發佈時間：2023/11/06 14:25 ｜ 來源：江門日報 ｜ 記者：李嘉敏")
    assert fields == {"發佈時間": "2023/11/06 14:25", "來源": "江門日報", "記者": "李嘉敏"}
    text = f"网格员讲述身边故事\n\n2023年11月05日 09:12　来源：吉安新闻网　记者：肖文辉 通讯员：曾凡\n\n{BODY}\n"
    data, _ = imported(text)
    assert data["source"] == "吉安新闻网"
    assert credit_names(data["authors"]) == ["肖文辉", "曾凡"]


def test_a_body_named_beside_its_writer_is_the_source_and_photos_may_be_a_bodys() -> None:
    credits = parse_byline("尤溪县委政法委 郑文斌")
    assert credits is not None
    assert (credits.authors, credits.publisher) == ([("郑文斌", "")], "尤溪县委政法委")
    photo = parse_byline("图片：夷陵区委政法委")
    assert photo is not None and photo.photographers == [("夷陵区委政法委", "")]


def test_an_authors_unit_line_gives_the_source() -> None:
    text = f"陈仓区织密网格服务千家\n\n时间：2023-11-05\n\n{BODY}\n\n（作者单位：陈仓区委政法委）\n"
    data, body = imported(text)
    assert data["source"] == "陈仓区委政法委" and "作者单位" not in body


def test_a_wechat_pages_script_gives_its_account_and_time_even_html_encoded() -> None:
    page = (
        "<html><head><title>网格故事会</title></head><body>"
        f"<div id='js_content'><p>{BODY * 3}</p></div><script>"
        "var nickname = htmlDecode(\"平安德清\");\nvar msg_title = '德清：网格故事会&amp;讲述';\n"
        'var ct = "1699160400";\n</script></body></html>'
    )
    data, _ = imported(page, "page.html")
    assert (data["via"], data["date"]) == ("平安德清", "2023-11-05T13:00:00+08:00")
    assert data["title"] == "德清：网格故事会&讲述"


def test_an_app_copy_with_its_name_and_a_yearless_time_above_the_text() -> None:
    text = (
        "川观新闻\n打开APP\n\n阆中古城里的网格长：一年走坏三双鞋\n\n"
        f"川观新闻记者 何晓 通讯员 杜静\n11-08 10:21\n四川日报全媒体\n+关注\n\n{BODY}\n"
    )
    data, _ = imported(text)
    assert data["title"] == "阆中古城里的网格长：一年走坏三双鞋"
    assert credit_names(data["authors"]) == ["何晓", "杜静"]


def test_a_byline_printed_before_the_date_on_one_line() -> None:
    fields = meta_fields("南方+ 记者 黄思敏 通讯员 梁洁仪 2023-12-26 18:02 来源：南方+")
    assert fields == {
        "作者": "记者 黄思敏 通讯员 梁洁仪",
        "时间": "2023-12-26 18:02 ",
        "来源": "南方+",
    }


def test_an_editor_line_under_the_body_needs_no_colon() -> None:
    page = (
        "<html><head><title>南海表彰十佳网格员</title></head><body><div class='article'>"
        f"<div id='content'><p>{BODY * 3}</p></div><div class='editor'>编辑 蔡炜</div>"
        "</div></body></html>"
    )
    assert credit_names(imported(page, "page.html")[0]["editors"]) == ["蔡炜"]


def test_a_roster_line_is_no_byline_and_a_place_is_no_person() -> None:
    assert not names_a_role("桂城街道：陈美玲、罗志文")
    assert names_a_role("罗志文 摄") and names_a_role("文/罗志文")
    assert not is_person("桂城街道") and not is_person("蜀口村") and is_person("王镇")
    assert not is_organisation("陈玉芳在古城巷子里走访商户。川观新闻")


def test_this_articles_source_label_is_the_source_not_an_author() -> None:
    text = f"襄州红色网格织密基层治理\n\n2023-10-17\n\n{BODY}\n\n本文来源：襄阳日报\n\n责任编辑：刘思远\n"
    data, _ = imported(text)
    assert data["source"] == "襄阳日报" and "authors" not in data


def test_a_dateline_source_drops_the_city_it_was_filed_from() -> None:
    text = f"洛阳涧西网格加警格融合\n\n新华网郑州11月8日电（记者 李亚楠）{BODY}\n"
    data, _ = imported(text)
    assert data["source"] == "新华网"


def test_a_reporters_place_after_their_names_is_no_name() -> None:
    credits = parse_byline("记者 孙琳 赵文静 淄博报道")
    assert credits is not None and [name for name, _ in credits.authors] == ["孙琳", "赵文静"]


def test_a_bulletins_masthead_and_imprint_give_its_source_and_date() -> None:
    text = (
        "荷塘区网格化服务管理工作简报\n\n第12期\n\n荷塘区委政法委编　　　　2023年12月28日\n\n"
        f"荷塘区召开2023年度网格化服务管理工作总结表彰会\n\n{BODY}\n"
    )
    data, _ = imported(text)
    assert data["title"] == "荷塘区召开2023年度网格化服务管理工作总结表彰会"
    assert (data["source"], data["date"]) == ("荷塘区委政法委", "2023-12-28")


def test_a_notice_signed_at_its_end_gives_its_source_and_date() -> None:
    text = (
        f"关于2023年度网格化服务管理工作情况的通报\n\n{BODY}\n\n"
        "中共沈阳市沈河区委政法委员会\n\n2024年1月10日\n\n抄送：市委政法委。\n"
    )
    data, body = imported(text)
    assert (data["source"], data["date"]) == ("中共沈阳市沈河区委政法委员会", "2024-01-10")
    assert "2024年1月10日" not in body


def test_a_bulletin_without_a_headline_of_its_own_is_titled_by_its_masthead() -> None:
    text = f"荷塘区网格化服务管理工作简报\n\n第12期\n\n荷塘区委政法委编　　2023年12月28日\n\n　　{BODY}\n"
    assert imported(text)[0]["title"] == "荷塘区网格化服务管理工作简报"


def test_a_header_just_before_the_bodys_column_is_read() -> None:
    page = (
        "<html><head><title>x</title><meta name='author' content='龙梅'></head><body>"
        "<div class='header'><h1>凯里：苗寨里的网格管家</h1>"
        "<div class='info'><span>2023-06-21 09:45</span><span>来源：光明网</span></div></div>"
        f"<div class='main'><div id='p-detail'><p>{BODY * 3}</p><p>{BODY * 2}</p></div>"
        "<div class='m-editor'>[责任编辑:龙梅]</div></div></body></html>"
    )
    data, _ = imported(page, "page.html")
    assert (data["date"], data["source"]) == ("2023-06-21T09:45+08:00", "光明网")
    assert credit_names(data["editors"]) == ["龙梅"] and "authors" not in data


def test_account_names_and_bare_times_under_a_headline_leave_the_body() -> None:
    text = f"阆中古城里的网格长\n\n川观新闻记者 何晓\n11-08 10:21\n四川日报全媒体\n\n{BODY}\n"
    data, body = imported(text)
    assert "10:21" not in body and "四川日报全媒体" not in body
    assert credit_names(data["authors"]) == ["何晓"]


def test_a_news_flash_dateline_names_its_reporters() -> None:
    text = f"拉萨城关区网格员守护雪域家园\n\n央广网拉萨5月12日消息（记者 次仁罗布 通讯员 格桑卓嘎）{BODY}\n"
    assert credit_names(imported(text)[0]["authors"]) == ["次仁罗布", "格桑卓嘎"]


def test_an_outlet_and_its_reporter_are_a_byline_not_a_headline() -> None:
    text = f"三亚天涯区网格员守护椰城\n\n人民日报客户端海南频道 陈蔚林\n\n{BODY}\n"
    data, body = imported(text)
    assert data["title"] == "三亚天涯区网格员守护椰城"
    assert credit_names(data["authors"]) == ["陈蔚林"] and "陈蔚林" not in body


def test_a_sites_regional_channel_is_no_headline() -> None:
    text = f"凤凰网天津\n\n河西区深化网格化服务管理\n\n2023-11-08 10:21\n\n{BODY}\n"
    assert imported(text)[0]["title"] == "河西区深化网格化服务管理"


def test_staff_codes_roles_and_reporting_places_are_no_names() -> None:
    editor = parse_byline("责任编辑：张潇 NT2178")
    assert editor is not None and editor.editors == [("张潇", "")]
    reporters = parse_byline("本报记者 马艳 本报通讯员 杨帆 李文娟")
    assert reporters is not None
    assert reporters.authors == [
        ("马艳", "本报记者"),
        ("杨帆", "本报通讯员"),
        ("李文娟", "本报通讯员"),
    ]
    hong_kong = parse_byline("記者 莫雪芝 南寧報道")
    assert hong_kong is not None and hong_kong.authors == [("莫雪芝", "記者")]


def test_emoji_leave_the_headline_too() -> None:
    text = f"🎉牡丹江网格故事比赛落幕🏆\n\n时间：2023-11-08\n\n{BODY}\n"
    assert imported(text)[0]["title"] == "牡丹江网格故事比赛落幕"
