"""Reading pages and Markdown: the article's container, bold, pictures, header rows, emphasis.

One test per rule, on a few lines of real-looking markup, each with a case the rule must leave
alone.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from gridnews.importer.draft import Draft
from gridnews.importer.htmlparse import image_source, own_text, parse_page
from gridnews.importer.parse import markdown_inline

from importer_quality import import_story

BODY = "网格员每天走访辖区居民，收集社情民意，及时化解矛盾纠纷，群众满意度不断提高。"
MORE = "全区共划分网格586个，配备专兼职网格员1120名，今年累计上报各类事件4.3万件，办结率98.6%。"


def imported(text: str, name: str = "test.html") -> tuple[dict, list[str], Draft]:
    """Import a copy; return (front matter data, body paragraphs, draft)."""
    data, body, draft = import_story(text, name)
    return data, body.strip().split("\n\n"), draft


def page(body: str, head: str = "") -> str:
    """A saved page with body as its article container."""
    return (
        f"<html><head><title>西工区网格员讲述大赛</title>{head}</head><body>"
        f"<div class='content'>{body}</div></body></html>"
    )


# --- the article's container -------------------------------------------------------------------

# A Baidu 百家号 copy: every paragraph in its own div, its words in spans, and the platform's
# disclaimer in a block of its own below the article.
BAIJIAHAO = (
    "<html><head><title>西工区网格员讲述大赛</title></head><body>"
    "<div class='index-module_articleWrap_2Zphx'><div data-testid='article' class='_18p7x'>"
    f"<div class='dpu8C'><p><span class='bjh-p'>{BODY}</span></p></div>"
    "<div class='dpu8C'><p><span class='bjh-p'><span class='bjh-strong'>网格故事见真情</span>"
    "</span></p></div>"
    f"<div class='dpu8C'><p><span class='bjh-p'>{MORE}</span></p></div>"
    "</div><div class='index-module_statement_3mZaQ'><p>特别声明：本文为百家号作者上传并发布，"
    "仅代表该作者观点。百度系信息发布平台，仅提供信息存储服务。</p></div></div></body></html>"
)


def test_words_in_spans_count_for_their_paragraph() -> None:
    tree = LexborHTMLParser("<div><p>甲</p>乙<span>丙<b>丁</b></span></div>")
    assert own_text(tree.css_first("div")) == "乙丙丁"  # the <p>'s words are its own


def test_a_disclaimer_block_is_never_the_article() -> None:
    _, paragraphs, _ = imported(BAIJIAHAO)
    assert paragraphs == [BODY, "## 网格故事见真情", MORE]


def test_a_paragraph_about_a_statement_is_still_article_text() -> None:
    statement = "区委政法委发表声明，本文所述网格员事迹经过核实，欢迎群众监督，" + BODY
    _, paragraphs, _ = imported(BAIJIAHAO.replace(MORE, statement))
    assert statement in paragraphs


# A 今日头条 page: the platform's container holds the headline, a line of spans set side by side
# (原创, the time, the account, 发布于), the <article> itself and the platform's statement.
TOUTIAO = (
    "<html><head><title>西工区网格员讲述大赛 - 今日头条</title>"
    "<meta name='publish_time' content='2023-08-29 17:36'></head><body>"
    "<div class='main'><div class='article-content'><h1>西工区网格员讲述大赛</h1>"
    "<div class='article-meta'><span class='original-tag'>原创</span><span>2023-08-29 17:36</span>"
    "<span class='name'><a href='/c/user/token/MS4/'>洛阳西工发布</a></span><span>·</span>"
    "<span>发布于：河南</span></div>"
    f"<article class='syl-article-base tt-article-content'><p>{BODY}</p><p>{MORE}</p>"
    f"<p>{BODY * 2}</p></article>"
    "<div class='statement'>特别声明：以上内容为自媒体平台用户上传并发布，本平台仅提供信息存储服务。</div>"
    "</div></div></body></html>"
)


def test_the_body_inside_a_container_with_the_article_header() -> None:
    data, paragraphs, draft = imported(TOUTIAO)
    assert paragraphs[0] == BODY  # the 原创 line is not glued onto the first paragraph
    assert draft.page is not None
    assert "原创 2023-08-29 17:36 洛阳西工发布 · 发布于：河南" in draft.page.header
    assert str(data["date"]) == "2023-08-29T17:36+08:00"  # from the publish_time meta tag


def test_an_inner_container_with_a_part_of_the_text_is_not_the_body() -> None:
    body = f"<p>{BODY}</p><p>{MORE}</p><p>{BODY * 2}</p><article><p>{MORE}</p></article>"
    _, paragraphs, _ = imported(page(body))
    assert paragraphs[:2] == [BODY, MORE]


# --- bold --------------------------------------------------------------------------------------


def test_a_bold_class_or_style_makes_a_heading() -> None:
    body = (
        f"<p>{BODY}</p><p><span class='bjh-strong'>一个个故事就是一本本民情账</span></p>"
        f"<p>{MORE}</p><p><span style='font-weight: 700'>选手分获各类奖项</span></p><p>{BODY}</p>"
    )
    _, paragraphs, _ = imported(page(body))
    assert "## 一个个故事就是一本本民情账" in paragraphs
    assert "## 选手分获各类奖项" in paragraphs


def test_other_classes_and_weights_are_not_bold() -> None:
    body = (
        f"<p>{BODY}</p><p><span class='strong-list'>一个个故事就是一本本民情账</span></p>"
        f"<p>{MORE}</p><p><span style='font-weight:400'>选手分获各类奖项</span></p><p>{BODY}</p>"
    )
    blocks = parse_page(page(body)).blocks
    assert not any(block.bold for block in blocks)


# --- pictures ----------------------------------------------------------------------------------

LAZY = "https://img.lznews.gov.cn/uploadfile/2023/1228/20231228083047226.jpg"


def test_a_lazy_picture_is_read_from_its_real_address() -> None:
    for markup in (
        f'<img class="lazyload" src="/statics/images/grey.gif" data-original="{LAZY}">',
        f'<img src="data:image/gif;base64,R0lGODlhAQABAIAAAP==" data-src="{LAZY}">',
        f'<img src="https://www.example.cn/images/loading.gif" data-lazy-src="{LAZY}">',
        f'<img src="/img/blank.gif" _src="{LAZY}">',
    ):
        node = LexborHTMLParser(markup).css_first("img")
        assert image_source(node.attributes) == LAZY, markup


def test_a_real_src_is_kept_and_a_lone_placeholder_dropped_quietly() -> None:
    node = LexborHTMLParser(f'<img src="{LAZY}" width="600">').css_first("img")
    assert image_source(node.attributes) == LAZY
    body = f'<p>{BODY}</p><p><img src="/statics/images/grey.gif"></p><p>{MORE}</p>'
    data, paragraphs, _ = imported(page(body))
    assert paragraphs == [BODY, MORE]
    assert not any("相对地址" in note for note in data.get("review", {}).get("notes", []))


def test_avatars_logos_and_icons_are_not_pictures_of_the_story() -> None:
    body = (
        "<div class='index-module_authorImg_3eN7n'><img src='https://gips0.baidu.com/it/u=1,2'></div>"
        f"<p>{BODY}</p>"
        "<p><img src='https://gips0.baidu.com/it/u=1290531384&fm=3012&size=b200,200'></p>"
        "<p><img src='https://www.example.cn/a/face.jpg' width='120' height='120'></p>"
        f"<p>{MORE}</p><p><img src='https://pics6.baidu.com/feed/b3b7d0a2.jpeg' width='640'></p>"
        f"<p>{BODY}</p>"
    )
    _, paragraphs, _ = imported(page(body))
    pictures = [paragraph for paragraph in paragraphs if paragraph.startswith("![")]
    assert len(pictures) == 1
    assert "https://pics6.baidu.com/feed/b3b7d0a2.jpeg" in pictures[0]  # the photo, not a face


def test_a_site_logo_is_not_the_cover() -> None:
    head = '<meta property="og:image" content="https://www.example.cn/images/logo.png">'
    body = f"<p><img src='{LAZY}' width='600'></p><p>{BODY}</p><p>{MORE}</p>"
    data, _, _ = imported(page(body, head))
    assert data["image"] == LAZY  # the story's first picture is the cover instead


def test_a_sites_share_picture_is_not_the_cover() -> None:
    head = '<meta property="og:image" content="https://cdn.example.cn/share/default_share.png">'
    body = f"<p><img src='{LAZY}' width='600'></p><p>{BODY}</p><p>{MORE}</p>"
    data, _, draft = imported(page(body, head))
    assert data["image"] == LAZY  # the story's first picture is the cover instead
    assert draft.repairs["generic_share_cover"] == 1


def test_a_story_picture_in_a_share_folder_is_the_cover() -> None:
    cover = "https://cdn.example.cn/share/2024/0108/170470512345.jpg"
    head = f'<meta property="og:image" content="{cover}">'
    data, _, _ = imported(page(f"<p>{BODY}</p><p>{MORE}</p>", head))
    assert data["image"] == cover


def test_a_caption_with_a_hyphenated_class_and_its_photo_credit() -> None:
    head = f'<meta property="og:image" content="{LAZY}">'
    body = (
        f'<p>{BODY}</p><p style="text-align:center"><img class="lazy" src="/statics/images/'
        f'blank.gif" data-src="{LAZY}"></p><p class="img-desc">拉堡街道网格员入户走访独居老人。'
        f"黄海 摄</p><p>{MORE}</p>"
    )
    data, paragraphs, _ = imported(page(body, head))
    assert paragraphs == [BODY, MORE]  # the cover's caption is not left in the body
    assert data["photographers"] == ["黄海"]
    assert any("拉堡街道网格员入户走访独居老人。" in note for note in data["review"]["notes"])


def test_a_paragraph_under_a_picture_without_a_caption_class_stays() -> None:
    body = f"<p>{BODY}</p><p><img src='{LAZY}' width='600'></p><p class='desc-text'>{MORE}</p>"
    _, paragraphs, _ = imported(page(body))
    assert MORE in paragraphs


# --- an old table layout's info row ------------------------------------------------------------

TABLE_LAYOUT = """<html><head><title>献县举办首届网格员业务技能比武 - 献县新闻网</title></head>
<body><table width="980"><tr>
<td width="240"><table><tr><td><b>热点新闻</b></td></tr>
<tr><td>·<a href="/a.htm">献县开展安全生产大检查</a></td></tr></table></td>
<td width="740"><table width="100%">
<tr><td class="hui12">您的位置：<a href="/">首页</a> &gt;&gt; <a href="/xxyw/">献县要闻</a></td></tr>
<tr><td align="center"><font size="4"><b>献县举办首届网格员业务技能比武</b></font></td></tr>
<tr><td align="center"><font size="2">作者：张立新　　来源：献县融媒体中心　　时间：2023-9-18 16:08:37
　　点击：</font></td></tr>
<tr><td style="padding:15px"><table width="100%"><tr><td><font face="宋体">
<p>BODY</p><p>MORE</p><p>BODY</p>
</font></td></tr></table></td></tr>
<tr><td align="right">【<a href="#">打印此文</a>】【<a href="#">关闭窗口</a>】</td></tr>
</table></td></tr></table></body></html>"""


def test_the_info_row_of_a_table_layout_is_read() -> None:
    text = TABLE_LAYOUT.replace("BODY", BODY).replace("MORE", MORE)
    data, paragraphs, _ = imported(text)
    assert str(data["date"]) == "2023-09-18T16:08:37+08:00"
    assert data["source"] == "献县融媒体中心"
    assert data["authors"] == ["张立新"]
    assert paragraphs == [BODY, MORE, BODY]


def test_a_side_column_of_a_table_layout_is_not_read() -> None:
    text = TABLE_LAYOUT.replace("BODY", BODY).replace("MORE", MORE)
    text = text.replace("<b>热点新闻</b>", "<b>热点新闻</b> 来源：人民网 时间：2023-9-17")
    assert not any("人民网" in line for line in parse_page(text).outside)
    data, _, _ = imported(text)
    assert data["source"] == "献县融媒体中心"
    assert str(data["date"]) == "2023-09-18T16:08:37+08:00"


# --- pages saved from Word ---------------------------------------------------------------------

# A notice saved as a web page from Word: every paragraph a <p class=MsoNormal> of spans, the
# addressee line ending in a colon, and a table whose cells hold their words in a paragraph,
# two-character names padded to three.
WORD_CELL = "<td width=90 valign=top style='width:67.5pt'><p class=MsoNormal align=center><span style='font-family:仿宋_GB2312'>{}</span></p></td>"
WORD_PAGE = (
    "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head>"
    "<meta name=Generator content='Microsoft Word 15'><title>关于表扬优秀网格员的通报</title></head>"
    "<body lang=ZH-CN><div class=WordSection1>"
    "<p class=MsoNormal><span style='font-size:16.0pt'>各镇党委、政府，县直有关单位：<span lang=EN-US>"
    "<o:p></o:p></span></span></p>"
    "<p class=MsoNormal style='text-indent:32.0pt'><span lang=EN-US>2023</span><span>年，"
    f"{BODY}现将名单通报如下：</span></p>"
    "<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0><tr>"
    + "".join(
        WORD_CELL.format(cell) for cell in ("序号", "姓<span lang=EN-US>&nbsp; </span>名", "所在镇")
    )
    + "</tr><tr>"
    + "".join(
        WORD_CELL.format(cell) for cell in ("1", "孙<span lang=EN-US>&nbsp; </span>丽", "城关镇")
    )
    + "</tr><tr>"
    + "".join(WORD_CELL.format(cell) for cell in ("2", "刘　爽", "安 定 镇"))
    + "</tr></table>"
    f"<p class=MsoNormal style='text-indent:32.0pt'><span>{MORE}</span></p>"
    "</div></body></html>"
)


def test_a_word_table_is_a_table_and_its_padded_names_close_up() -> None:
    _, paragraphs, draft = imported(WORD_PAGE)
    table = next(block for block in draft.blocks if block.kind == "table")
    assert table.rows == [
        ["序号", "姓名", "所在镇"],
        ["1", "孙丽", "城关镇"],
        ["2", "刘爽", "安 定 镇"],
    ]
    assert not any(p in ("1", "孙 丽", "城关镇") for p in paragraphs)


def test_word_paragraphs_are_never_joined() -> None:
    _, paragraphs, _ = imported(WORD_PAGE)
    assert paragraphs[0] == "各镇党委、政府，县直有关单位："
    assert paragraphs[1].startswith("2023年，") and paragraphs[1].endswith("现将名单通报如下：")


def test_a_cell_of_several_paragraphs_lays_out_a_page() -> None:
    body = (
        "<table><tr><td><p>网格员风采</p></td><td><p>来源：于都县委政法委</p><p>2023-12-01</p>"
        f"</td></tr></table><p>{BODY}</p>"
    )
    _, paragraphs, draft = imported(page(body))
    assert not any(block.kind == "table" for block in draft.blocks)
    assert BODY in paragraphs


# --- Markdown ----------------------------------------------------------------------------------

HEXO = (
    "---\ntitle: 甘井子区网格员微故事大赛落幕\ndate: 2023-11-05 15:20\n---\n\n"
    f"{BODY}\n\n<!-- more -->\n\n"
    "据统计，甘井子区现有网格1689个，专兼职网格员2030名。**今年以来，全区网格员累计入户走访"
    "42.6万户次。**\n\n"
    "**故事里有烟火气**\n\n"
    f"**{MORE}**\n\n"
    "甘井子区委政法委相关负责人介绍，今后全区将每年举办一次大赛，让更多群众认识网格员\n\n"
    "支持网格工作。\n"
)


def test_markdown_keeps_its_paragraphs_and_reads_emphasis_away() -> None:
    data, paragraphs, _ = imported(HEXO, "test.md")
    assert paragraphs == [
        BODY,
        "据统计，甘井子区现有网格1689个，专兼职网格员2030名。今年以来，全区网格员累计入户走访"
        "42.6万户次。",
        "## 故事里有烟火气",  # a short bold paragraph is a heading; a long one a paragraph
        MORE,
        "甘井子区委政法委相关负责人介绍，今后全区将每年举办一次大赛，让更多群众认识网格员",
        "支持网格工作。",  # a blank line is the writer's paragraph break
    ]
    assert not any("网页代码" in note for note in data.get("review", {}).get("notes", []))


def test_a_soft_wrapped_markdown_paragraph_is_one_paragraph() -> None:
    text = HEXO.replace("让更多群众认识网格员\n\n", "让更多群众认识网格员、\n")
    _, paragraphs, _ = imported(text, "test.md")
    assert paragraphs[-1].endswith("让更多群众认识网格员、支持网格工作。")


def test_markdown_emphasis_marks_and_escapes() -> None:
    assert markdown_inline("*来源：甘井子区委政法委　文/宋佳　图/刘畅*") == (
        "来源：甘井子区委政法委　文/宋佳　图/刘畅",
        False,
    )
    assert markdown_inline("**网格故事见真情**") == ("网格故事见真情", True)
    assert markdown_inline("详见[区政府网站](https://www.example.cn/a.html)。") == (
        "详见区政府网站。",
        False,
    )
    assert markdown_inline("网格员 \\*号 按键") == ("网格员 *号 按键", False)


def test_a_picture_whose_address_expires_is_noted() -> None:
    src = "https://p3-sign.toutiaoimg.com/a~noop.image?_iz=58558&amp;x-expires=1694000000&amp;x-signature=Ab"
    _, _, draft = imported(page(f"<p>{MORE}</p><p><img src='{src}'></p><p>{MORE}</p>"))
    assert any("限时签名" in note for note in draft.notes)
    _, _, plain = imported(
        page(f"<p>{MORE}</p><p><img src='https://e.org/1.jpg'></p><p>{MORE}</p>")
    )
    assert not any("限时签名" in note for note in plain.notes)
