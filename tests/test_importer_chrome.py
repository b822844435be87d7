"""Chrome rules for page furniture of reposting platforms, comment boxes, e-papers and WeChat.

Each rule is tested on lines as sites print them and on article sentences that use the same words,
which must stay: a chrome rule that deletes an editor's sentence is worse than one that misses.
"""

from __future__ import annotations

import pytest

from gridnews.frontmatter import parse
from gridnews.importer.pipeline import import_bytes
from gridnews.importer.rules import CHROME_RULES, chrome_rule

BODY = "网格员每天走访辖区居民，收集社情民意，及时化解矛盾纠纷，群众满意度不断提高。"
TITLE = "网格员守好网格里的420户人家"


def story(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Import a copied page under a front-matter title; return its body and what chrome removed.

    The title comes from the front matter, so every line of the copy goes through chrome.
    """
    data = f"---\ntitle: {TITLE}\ndate: 2023-11-02\n---\n\n{text}".encode()
    result = import_bytes(data, "test.md")
    return parse(result.text, "test.md").body, result.draft.removed


def assert_rule(line: str, name: str) -> None:
    """The line is furniture of the named class."""
    found = chrome_rule(line)
    assert found is not None, line
    assert found.name == name, (line, found.name)


def assert_text(line: str) -> None:
    """The line is article text."""
    found = chrome_rule(line)
    assert found is None, (line, found and found.name)


def test_every_new_rule_has_a_tight_length() -> None:
    limits = {rule.name: rule.max_length for rule in CHROME_RULES}
    assert limits["follow_button"] <= 5
    assert limits["epaper_page"] <= 20
    assert limits["wechat_more"] <= 10
    assert limits["platform_disclaimer"] <= 150
    assert limits["app_promo"] <= 24
    assert limits["issue_number"] <= 24
    assert limits["page_number"] <= 16
    assert limits["forum_floor"] <= 6
    assert limits["forum_buttons"] <= 40
    assert limits["forum_post_header"] <= 60
    assert limits["marker_line"] <= 5
    assert limits["share_bar"] <= 60
    assert limits["original_title"] <= 90


# --- reposting platforms' disclaimers ------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "特别声明：以上内容（如有图片或视频亦包括在内）为自媒体平台“网易号”用户上传并发布，"
        "本平台仅提供信息存储服务。",
        "声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。",
        "平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。",
        "本文来自澎湃号，不代表澎湃新闻立场，转载请联系原作者。",
        "免责声明：本文仅代表作者个人观点，与本站无关。",
        "【免责声明】本文转载自网络，不代表本站观点。",
        "本文由百家号作者上传并发布，百家号仅提供信息发布平台。文章仅代表作者个人观点，不代表百度立场。",
    ],
)
def test_platform_disclaimer(line: str) -> None:
    assert_rule(line, "platform_disclaimer")


def test_platform_disclaimer_in_english() -> None:
    assert_rule(
        "Notice: The content above (including the pictures and videos if any) is uploaded and "
        "posted by a user of NetEase Hao, which is a social media platform and only provides "
        "information storage services.",
        "platform_disclaimer_en",
    )


@pytest.mark.parametrize(
    "line",
    ["未经作者许可，不得转载。", "未經授權，禁止轉載", "转载请注明出处", "转载请联系作者获得授权"],
)
def test_repost_notice(line: str) -> None:
    assert_rule(line, "repost_notice")


@pytest.mark.parametrize(
    "line",
    [
        "县委政法委发布声明：网格员上门服务不收取任何费用。",
        "该文件明确，网格员的意见不代表社区的立场。",
        "网格员提醒：该平台仅提供信息存储服务，不要轻信陌生链接。",
        "严禁转载谣言，网格员提醒居民不要轻信。",
        "网格员说：“未经允许，不能随便进入别人家里。”",
        "Notice: the meeting starts at 9am.",
    ],
)
def test_sentences_about_statements_stay(line: str) -> None:
    assert_text(line)


def test_disclaimers_under_a_netease_repost_go() -> None:
    body, removed = story(
        f"{BODY}\n\n{BODY}\n\n"
        "特别声明：以上内容（如有图片或视频亦包括在内）为自媒体平台“网易号”用户上传并发布，"
        "本平台仅提供信息存储服务。\n\n"
        "Notice: The content above (including the pictures and videos if any) is uploaded and "
        "posted by a user of NetEase Hao, which is a social media platform and only provides "
        "information storage services.\n"
    )
    assert "网易号" not in body and "NetEase" not in body
    assert body.count("网格员每天走访") == 2
    assert [rule for rule, _ in removed] == ["platform_disclaimer", "platform_disclaimer_en"]


# --- comment boxes and buttons --------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "举报/反馈",
        "举报",
        "发表评论",
        "我来说两句...",
        "0/300",
        "0 / 500",
        "写评论",
        "评论",
        "评论(12)",
        "全部评论",
        "暂无评论",
        "暂无评论，快来抢沙发吧",
        "登录后参与评论",
        "网友评论仅供其表达个人看法，并不表明网易同意其观点或证实其描述",
    ],
)
def test_comment_widget(line: str) -> None:
    assert_rule(line, "comment_widget")


@pytest.mark.parametrize(
    "line",
    [
        "居民们纷纷发表评论，为网格员点赞。",
        "评论员文章：让网格成为服务群众的前哨站",
        "群众可通过平台举报反馈问题，网格员及时处置。",
        "举报电话：12345",
        "3/5",
        "0/300元",
    ],
)
def test_sentences_about_comments_stay(line: str) -> None:
    assert_text(line)


@pytest.mark.parametrize(
    "line",
    [
        "『打印』『关闭』",
        "【打印】【关闭】",
        "[ 打印此文 ]",
        "[ 关闭本页 ]",
        "打印文章 | 关闭页面",
        "「收藏」",
        "［打印本页］［关闭窗口］",
    ],
)
def test_ui_buttons_in_any_brackets(line: str) -> None:
    assert_rule(line, "ui_buttons")


@pytest.mark.parametrize("line", ["关注", "+关注", "＋ 关注", "已关注"])
def test_follow_button(line: str) -> None:
    assert_rule(line, "follow_button")


@pytest.mark.parametrize(
    "line",
    [
        "关注民生",
        "居民关注的问题都能在网格内解决。",
        "「平安家庭」创建活动",
        "打印机坏了，他连夜修好。",
    ],
)
def test_sentences_with_button_words_stay(line: str) -> None:
    assert_text(line)


def test_toutiao_comment_box_goes() -> None:
    body, removed = story(
        f"关注\n\n{BODY}\n\n{BODY}\n\n举报/反馈\n\n发表评论\n\n我来说两句...\n\n0/300\n"
    )
    assert body.strip() == f"{BODY}\n\n{BODY}"
    assert {rule for rule, _ in removed} == {"follow_button", "comment_widget"}


# --- e-paper (数字报) navigation ------------------------------------------------------------------


@pytest.mark.parametrize("line", ["第03版：县域", "第A03版：要闻", "第 5 版", "第12版:社会"])
def test_epaper_page(line: str) -> None:
    assert_rule(line, "epaper_page")


@pytest.mark.parametrize(
    "line",
    [
        "上一版 下一版 返回目录",
        "上一版　下一版　返回目录",
        "版面导航",
        "PDF版",
        "上一期 下一期",
        "上一版 | 下一版",
        "PDF 下载",
    ],
)
def test_epaper_nav(line: str) -> None:
    assert_rule(line, "epaper_nav")


@pytest.mark.parametrize(
    "line",
    [
        "第3版修订本已出版。",
        "第二版教材",
        "下一版本的平台将增加上报功能。",
        "上一期培训结束后，网格员纷纷表示收获很大。",
        "本版其他文章提到的网格员，也在这次评选中获奖。",
        "曲靖日报数字报推出新版面后，读者纷纷点赞。",
    ],
)
def test_sentences_about_newspapers_stay(line: str) -> None:
    assert_text(line)


def test_other_articles_of_the_page_go_with_their_heading() -> None:
    body, removed = story(
        f"第03版：县域\n上一版　下一版　返回目录\n\n{BODY}\n\n{BODY}\n\n"
        "本版其他文章\n麒麟区：高标准农田建设助农增收\n富源县：“小庭院”撬动“大产业”\n"
    )
    assert "县域" not in body and "返回目录" not in body
    assert "麒麟区" not in body and "富源县" not in body
    assert body.count("网格员每天走访") == 2
    assert ("epaper_other_articles", "本版其他文章") in removed


# --- WeChat article page copied as text -----------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "分享 收藏 点赞 在看",
        "分享 留言 收藏",
        "关注该公众号",
        "知道了",
        "使用小程序",
        "取消 允许",
        "视频 小程序 赞，轻点两下取消赞 在看，轻点两下取消在看 分享 留言 收藏",
        "收录于合集",
        "收录于合集 #网格故事 23个",
        "#网格故事 23个",
    ],
)
def test_wechat_controls(line: str) -> None:
    assert_rule(line, "wechat_controls")


@pytest.mark.parametrize("line", ["往期推荐", "往期精选", "往期推荐：", "精彩回顾"])
def test_wechat_more(line: str) -> None:
    assert_rule(line, "wechat_more")


@pytest.mark.parametrize(
    "line",
    [
        "原创 平安桐乡 平安桐乡 2023-11-02 17:45 发表于浙江",
        "原创 平安桐乡 2023-11-02",
        "英德发布 2023-11-02 18:20 发表于广东",
    ],
)
def test_wechat_header(line: str) -> None:
    assert_rule(line, "wechat_header")


@pytest.mark.parametrize(
    "line",
    [
        "分享经验",
        "点赞网格员",
        "知道了这件事后，他立即赶到现场。",
        "在看到老人摔倒后，网格员立即上前搀扶。",
        "往期推荐的网格员故事，引起了广泛关注。",
        "关注该公众号的居民越来越多，平台已成为社区的信息窗口。",
        "原创作品展在2023-11-02开幕",
        "#网格故事",
        "取消订单",
    ],
)
def test_sentences_with_wechat_words_stay(line: str) -> None:
    assert_text(line)


WECHAT_TAIL = """
分享 收藏 点赞 在看

微信扫一扫
关注该公众号

继续滑动看下一个
轻触阅读原文

向上滑动看下一个

知道了

微信扫一扫
使用小程序

取消 允许

视频 小程序 赞，轻点两下取消赞 在看，轻点两下取消在看 分享 留言 收藏
"""


def test_wechat_page_text_goes() -> None:
    text = (
        "原创 平安桐乡 平安桐乡 2023-11-02 17:45 发表于浙江\n\n"
        "收录于合集\n#网格故事 23个\n\n戳上方蓝字“平安桐乡”关注我们\n\n"
        f"{BODY}\n\n{BODY}\n\n往期推荐\n\n桐乡市召开网格化服务管理工作推进会\n\n"
        "“网格员+”模式在梧桐街道全面推开\n" + WECHAT_TAIL
    )
    body, _ = story(text)
    assert body.strip() == f"{BODY}\n\n{BODY}"


def test_wechat_buttons_go_without_a_list_heading_above_them() -> None:
    body, removed = story(f"{BODY}\n\n{BODY}\n" + WECHAT_TAIL)
    assert body.strip() == f"{BODY}\n\n{BODY}"
    assert "related_links" not in {rule for rule, _ in removed}


# --- read-more buttons, IP locations, counters ----------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("返回搜狐，查看更多", "read_more"),
        ("展开全文", "read_more"),
        ("展开剩余 85%", "read_more"),
        ("发布于：湖南省", "ip_location"),
        ("IP属地：浙江", "ip_location"),
        ("阅读 (2341)", "view_count"),
    ],
)
def test_reader_furniture(line: str, name: str) -> None:
    assert_rule(line, name)


@pytest.mark.parametrize(
    "line",
    [
        "查看更多网格员故事，请关注平安桐乡。",
        "阅读全文后，他深受感动。",
        "发布于官方网站后，引起广泛关注。",
    ],
)
def test_sentences_with_reader_words_stay(line: str) -> None:
    assert_text(line)


def test_footer_under_a_link_list_is_reported_under_its_own_rule() -> None:
    _, removed = story(
        f"{BODY}\n\n{BODY}\n\n相关推荐\n清远：“网格+”激活基层治理新动能\n"
        "武安新闻网 版权所有\n冀ICP备13003512号-1\n"
    )
    assert [rule for rule, _ in removed][-3:] == ["related_links", "copyright", "registration"]


# --- Weibo posts and platform counters ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("转发 26", "counter"),
        ("赞 158", "counter"),
        ("阅读 2.3万", "counter"),
        ("阅读 10万+", "counter"),
        ("点赞 1.2w", "counter"),
        ("转发 26 评论 13 赞 158", "counter"),
        ("评论 12", "comment_widget"),
        ("收藏", "ui_buttons"),
        ("+1", "like_button"),
        ("＋1", "like_button"),
        ("@哈尔滨发布 @平安道里 @道里区新阳路街道", "mentions"),
        ("@平安中国", "mentions"),
        ("23-11-5 20:16 来自 微博头条文章 已编辑", "weibo_header"),
        ("2023-11-5 20:16 来自 iPhone客户端", "weibo_header"),
        ("11月5日 20:16 来自 微博 weibo.com", "weibo_header"),
        ("今天 08:30 已编辑", "weibo_header"),
        ("展开全文", "read_more"),
        ("展开全文c", "read_more"),
        ("收起全文d", "read_more"),
        ("查看图片", "weibo_link"),
        ("网页链接", "weibo_link"),
        ("O网页链接", "weibo_link"),
        ("平安道里的微博视频", "weibo_link"),
    ],
)
def test_weibo_furniture(line: str, name: str) -> None:
    assert_rule(line, name)


@pytest.mark.parametrize(
    "line",
    [
        "转发26条政策信息，网格员逐户讲解。",
        "阅读2.3万字的台账，他只用了一个晚上。",
        "赞不绝口的居民们围了上来。",
        "@哈尔滨发布 记者从道里区获悉，全区网格员已全部到岗。",
        "网格员王淑华（@平安道里）说，冬天要多走几趟。",
        "20:16，来自新阳路街道的网格员赶到现场。",
        "20:16 来自新阳路街道的网格员赶到现场，一边联系供热公司抢修。",
        "2023-11-05 20:16",
        "收起雨伞，网格员走进楼道。",
        "查看图片后，网格员立即上报。",
        "网页链接已发到居民群里。",
        "+1岁的孩子",
        "1+1",
    ],
)
def test_sentences_with_weibo_words_stay(line: str) -> None:
    assert_text(line)


WEIBO_POST = (
    "网格员的冬天：零下15℃里的“敲门行动”\n\n哈尔滨道里发布\n关注\n\n"
    "23-11-5 20:16 来自 微博头条文章 已编辑\n\n阅读 2.3万\n\n"
    f"#网格员的一天# {BODY}\n{BODY}\n展开全文\n\n{BODY}\n\n"
    "@哈尔滨发布 @平安道里 @道里区新阳路街道\n\n转发 26\n评论 13\n赞 158\n\n收藏\n举报\n"
)


def test_weibo_long_post_keeps_its_headline_and_loses_its_counters() -> None:
    result = import_bytes(WEIBO_POST.encode(), "weibo.txt")
    body = parse(result.text, "weibo.txt").body
    assert result.draft.title == "网格员的冬天：零下15℃里的“敲门行动”"
    assert body.count("网格员每天走访") == 3
    for furniture in ("来自", "2.3万", "展开全文", "@平安道里", "转发", "赞 158", "收藏", "举报"):
        assert furniture not in body, furniture


# --- closing lines of WeChat and platform pages ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("欢迎关注", "follow_prompt"),
        ("点击关注", "follow_prompt"),
        ("一键关注", "follow_prompt"),
        ("欢迎关注平安德清！", "follow_prompt"),
        ("关注我们", "share"),
        ("分享给朋友", "share_prompt"),
        ("点个在看你最好看", "share_prompt"),
        ("点亮在看", "share_prompt"),
        ("我要举报", "comment_widget"),
        ("举报", "comment_widget"),
        ("作者最新文章", "related_links"),
        ("原创 平安夷陵 平安夷陵", "account_header"),
        ("原创 平安桐乡", "account_header"),
    ],
)
def test_platform_closing_lines(line: str, name: str) -> None:
    assert_rule(line, name)


@pytest.mark.parametrize(
    "line",
    [
        "欢迎关注网格员的成长，也欢迎监督网格工作。",
        "点击关注后，居民就能收到网格通知。",
        "分享给朋友们的，是她三年来的网格日记。",
        "点个赞是对网格员最好的鼓励。",
        "我要举报一处违章搭建，网格员当天就来了。",
        "作者最新文章中提到的网格员，也在这次评选中获奖。",
        "原创作品《我的网格》获得一等奖",
        "原创 歌曲《网格之歌》在社区传唱开来。",
    ],
)
def test_sentences_with_closing_words_stay(line: str) -> None:
    assert_text(line)


def test_authors_other_articles_go_with_their_heading() -> None:
    body, removed = story(
        f"{BODY}\n\n{BODY}\n\n举报/反馈\n\n作者最新文章\n洛阳今冬首场寒潮来袭 最低气温降至-3℃\n"
        "11-06 08:12\n第41届中国洛阳牡丹文化节筹备工作启动\n11-05 19:40\n"
    )
    assert body.strip() == f"{BODY}\n\n{BODY}"
    assert ("related_links", "作者最新文章") in removed


# --- an account's name alone above or below the article -------------------------------------------


def test_account_named_in_the_header_goes_from_the_end_of_the_body() -> None:
    body, removed = story(
        f"原创 平安夷陵 平安夷陵\n\n{BODY}\n\n{BODY}\n\n文字：周倩\n\n举报\n\n平安夷陵\n\n+1\n收藏\n我要举报\n"
    )
    assert "平安夷陵" not in body and "+1" not in body and "举报" not in body
    assert body.count("网格员每天走访") == 2
    assert ("account_name", "平安夷陵") in removed


def test_a_report_button_is_never_an_author() -> None:
    data = f"---\ntitle: {TITLE}\ndate: 2023-11-02\n---\n\n{BODY}\n\n文字：周倩\n\n我要举报\n"
    draft = import_bytes(data.encode(), "test.md").draft
    assert [name for name, _ in draft.credits.authors] == ["周倩"]


def test_a_prompt_to_follow_the_account_goes_from_the_end() -> None:
    body, removed = story(f"{BODY}\n\n{BODY}\n\n关注平安德清\n")
    assert body.strip() == f"{BODY}\n\n{BODY}"
    assert ("follow_prompt", "关注平安德清") in removed


def test_site_name_line_above_the_text_goes() -> None:
    data = f"---\ntitle: {TITLE}\ndate: 2023-11-02\nsource: 洛阳网\n---\n\n洛阳网\n\n{BODY}\n\n{BODY}\n"
    result = import_bytes(data.encode(), "test.md")
    assert parse(result.text, "test.md").body.strip() == f"{BODY}\n\n{BODY}"
    assert ("account_name", "洛阳网") in result.draft.removed


def test_names_and_follow_lines_inside_the_article_stay() -> None:
    body, _ = story(
        f"原创 平安夷陵 平安夷陵\n\n{BODY}\n\n关注民生\n\n{BODY}\n\n平安夷陵\n\n{BODY}\n"
    )
    assert "关注民生" in body and "平安夷陵\n" in body
    assert body.count("网格员每天走访") == 3


def test_a_short_line_at_the_end_is_no_account_unless_the_page_named_it() -> None:
    _, removed = story(f"{BODY}\n\n{BODY}\n\n平安夷陵\n")
    assert not {"account_name", "follow_prompt"} & {rule for rule, _ in removed}


# --- news apps' prompts and tool bars -------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("打开川观新闻，阅读更多精彩内容", "app_promo"),
        ("打开学习强国App 查看更多精彩内容", "app_promo"),
        ("打开百度APP阅读全文", "app_promo"),
        ("打开APP", "app_promo"),
        ("下载头条APP", "app_promo"),
        ("下载川观新闻客户端", "app_promo"),
        ("在川观新闻App内打开", "app_promo"),
        ("APP内阅读", "app_promo"),
        ("浏览量 1.2万", "counter"),
        ("阅读量 10万+", "counter"),
        ("分享 | 收藏 | 点赞", "wechat_controls"),
        ("分享｜收藏｜点赞", "wechat_controls"),
    ],
)
def test_app_prompts_and_tool_bars(line: str, name: str) -> None:
    assert_rule(line, name)


@pytest.mark.parametrize(
    "line",
    [
        "打开“皖事通”APP，即可查询社保缴费记录。",
        "打开“浙里办”APP",
        "居民可在“XX”APP内查看办理进度。",
        "下载客户端后，居民可以随时上报问题。",
        "打开家门，阅读更多的是邻里情。",
        "打开川观新闻客户端的居民越来越多。",
        "浏览量超过1.2万次，居民纷纷点赞。",
        "分享、收藏、点赞都很方便。",
        "她把经验分享给新来的网格员，收藏了大家的点赞。",
    ],
)
def test_sentences_about_apps_and_buttons_stay(line: str) -> None:
    assert_text(line)


def test_a_study_app_page_loses_its_counter_tool_bar_and_prompt() -> None:
    body, _ = story(
        f"浏览量 1.2万\n\n{BODY}\n\n{BODY}\n\n分享 | 收藏 | 点赞\n\n打开学习强国App 查看更多精彩内容\n"
    )
    assert body.strip() == f"{BODY}\n\n{BODY}"


# --- official documents: a 通报 saved from Word, a 工作简报 copied from a PDF ----------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("抄送：市委政法委。", "document_colophon"),
        ("抄报：省委政法委，市委、市政府。", "document_colophon"),
        ("沈河区委政法委办公室 2024年1月10日印发", "document_colophon"),
        ("中共荷塘区委办公室　2023年12月28日印发", "document_colophon"),
        ("（此件公开发布）", "document_colophon"),
        ("(此页无正文)", "document_colophon"),
        ("第12期", "issue_number"),
        ("2023年第12期", "issue_number"),
        ("第12期（总第135期）", "issue_number"),
        ("- 2 -", "page_number"),
        ("— 3 —", "page_number"),
        ("2 -", "page_number"),
        ("第2页 共3页", "page_number"),
    ],
)
def test_official_document_furniture(line: str, name: str) -> None:
    assert_rule(line, name)


@pytest.mark.parametrize(
    "line",
    [
        "抄送给街道的材料，她都一份份核对。",
        "抄送市委政法委的报告已经完成。",
        "该方案已于2024年1月10日印发",
        "《实施意见》于2023年12月28日印发实施。",
        "全年组织网格员集中培训12期。",
        "第12期培训班在社区开班",
        "此件公开发布后，居民反响热烈。",
        "第2页的表格列出了名单。",
        "30 - 40岁",
        "-1℃",
    ],
)
def test_sentences_about_documents_stay(line: str) -> None:
    assert_text(line)


BRIEFING_PAGE_TWO = (
    f"{BODY}\n\n- 1 -\n\n荷塘区网格化服务管理工作简报（2023年第12期）\n\n{BODY}\n\n"
    f"- 2 -\n\n荷塘区网格化服务管理工作简报（2023年第12期）\n\n{BODY}\n\n"
)


def test_a_briefing_loses_page_numbers_running_headers_and_distribution() -> None:
    body, removed = story(
        BRIEFING_PAGE_TWO + "报：市委政法委，区委、区政府主要领导\n"
        "送：区委常委，区人大、区政府、区政协分管领导\n发：各街道（镇）党工委，区直有关单位\n\n- 3 -\n"
    )
    assert body.strip() == f"{BODY}\n\n{BODY}\n\n{BODY}"
    rules = {rule for rule, _ in removed}
    assert {"page_number", "running_header", "distribution"} <= rules


def test_a_line_after_a_page_number_stays_unless_every_page_repeats_it() -> None:
    body, _ = story(f"{BODY}\n\n- 1 -\n\n二、网格员队伍建设\n\n{BODY}\n\n{BODY}\n")
    assert "网格员队伍建设" in body


def test_a_lone_report_line_at_the_end_stays() -> None:
    body, removed = story(f"{BODY}\n\n{BODY}\n\n报：市委政法委\n")
    assert "报：市委政法委" in body
    assert "distribution" not in {rule for rule, _ in removed}


def test_distribution_lines_inside_the_text_stay() -> None:
    text = f"{BODY}\n\n报：市委政法委\n送：区委常委\n\n{BODY}\n"
    body, _ = story(text)
    assert "报：市委政法委" in body and "送：区委常委" in body


# --- forum threads: a story reposted in a Discuz thread, with the replies under it ---------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("发表于 2023-3-15 09:35:10 | 只看该作者", "forum_post_header"),
        ("发表于 2023-3-15 09:12:36 | 只看该作者 |倒序浏览 |阅读模式", "forum_post_header"),
        ("发表于 昨天 21:05", "forum_post_header"),
        ("只看该作者", "forum_post_header"),
        ("楼主", "forum_floor"),
        ("沙发", "forum_floor"),
        ("板凳", "forum_floor"),
        ("地板", "forum_floor"),
        ("5#", "forum_floor"),
        ("回复", "forum_buttons"),
        ("回复 支持 反对", "forum_buttons"),
        ("支持 反对", "forum_buttons"),
        ("使用道具 举报", "forum_buttons"),
        ("快速回复", "forum_buttons"),
        ("返回列表 发新帖", "forum_buttons"),
        ("[复制链接]", "forum_buttons"),
        ("电梯直达", "forum_buttons"),
        ("立即注册", "forum_login"),
        ("您需要登录后才可以回帖 登录 | 立即注册", "forum_login"),
        ("本版积分规则 发表回复 回帖后跳转到最后一页", "forum_login"),
        (
            "GMT+8, 2023-3-16 21:05 , Processed in 0.052103 second(s), 24 queries .",
            "forum_footer",
        ),
        ("查看：3521|回复：12", "forum_footer"),
        ("本帖最后由 青海小马哥 于 2023-3-15 09:20 编辑", "forum_footer"),
    ],
)
def test_forum_furniture(line: str, name: str) -> None:
    assert_rule(line, name)


@pytest.mark.parametrize(
    "line",
    [
        "发表于2023年3月的一篇文章里，她写下了网格员的日常。",
        "发表于 2023-3-15 的帖子引起了居民关注",
        "回复居民留言，是她每天睡前的功课。",
        "支持",
        "引用",
        "网格员的做法得到了居民的支持，反对的声音越来越少。",
        "沙发上坐着刚出院的王大爷。",
        "板凳一字排开，居民们坐下来议事。",
        "楼主说的那个网格员，就是我们社区的韩大姐。",
        "3楼的王阿姨每天都会给网格员留一杯热茶。",
        "居民扫码后立即注册，就能在线反映问题。",
        "本版积分规则由社区居民共同商定",
        "本版积分规则 由社区居民共同商定",
        "本版",
    ],
)
def test_sentences_with_forum_words_stay(line: str) -> None:
    assert_text(line)


FORUM_THREAD = (
    "青海小马哥\n楼主\n电梯直达\n发表于 2023-3-15 09:12:36 | 只看该作者 |倒序浏览 |阅读模式\n\n"
    f"{BODY}\n\n{BODY}（完）\n\n回复\n\n举报\n\n"
    "高原雪莲\n沙发\n发表于 2023-3-15 09:35:10 | 只看该作者\n点赞！网格员辛苦了\n\n回复 支持 反对\n\n"
    "湟水河畔\n板凳\n发表于 2023-3-15 10:02:47 | 只看该作者\n韩大姐确实好人，去年帮我家老人办过低保\n\n"
    "回复 支持 反对\n\n返回列表\n发表回复\n您需要登录后才可以回帖 登录 | 立即注册\n"
    "GMT+8, 2023-3-16 21:05 , Processed in 0.052103 second(s), 24 queries .\n"
)


def test_a_forum_thread_keeps_the_story_and_loses_the_replies() -> None:
    body, removed = story(FORUM_THREAD)
    assert body.strip() == f"{BODY}\n\n{BODY}"
    rules = [rule for rule, _ in removed]
    assert ("forum_user", "青海小马哥") in removed and ("forum_user", "高原雪莲") in removed
    assert rules.count("forum_reply") >= 2
    for reply in ("点赞", "韩大姐", "湟水河畔", "支持 反对", "Processed"):
        assert reply not in body, reply


def test_a_post_header_above_the_story_cuts_nothing() -> None:
    body, removed = story(f"发表于 2023-3-15 09:12:36 | 只看该作者\n\n{BODY}\n\n{BODY}\n")
    assert body.strip() == f"{BODY}\n\n{BODY}"
    assert "forum_reply" not in {rule for rule, _ in removed}


def test_a_short_line_above_a_heading_that_is_no_floor_label_stays() -> None:
    body, _ = story(f"{BODY}\n\n一本记事本记满民情\n\n{BODY}\n\n网格员 韩秀英\n\n{BODY}\n")
    assert "一本记事本记满民情" in body and body.count("网格员每天走访") == 3


# --- app prompts, share bars, link lines and markers under a reposted story ----------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("（下载红星新闻，报料有奖！）", "app_promo"),
        ("下载红星新闻，报料有奖！", "app_promo"),
        ("打开凤凰新闻，查看更多高清图片", "app_promo"),
        ("大家都在看", "related_links"),
        ("热点推荐", "related_links"),
        ("分享：Facebook Twitter 微信 WhatsApp", "share_bar"),
        ("分享：微信 微博 QQ好友", "share_bar"),
        ("微信", "share_bar"),
        ("微博", "share_bar"),
        ("Facebook", "share_bar"),
        ("本文链接：https://wap.peopleapp.com/article/rmh34892517/rmh34892517", "link_line"),
        ("原文链接：http://www.xnwb.com/2023/0315/123.html", "link_line"),
        ("原标题：河西区深化网格化服务管理 “网格员+”模式让服务跑出加速度", "original_title"),
        ("（原标题：网格员化身“追风者”）", "original_title"),
        ("原標題：網格員變身「百事通」", "original_title"),
        ("0", "counter"),
        ("1.2万粉丝", "counter"),
        ("12.3万粉丝", "counter"),
        ("3562阅读", "counter"),
        ("▼", "marker_line"),
        ("▲", "marker_line"),
        ("↓", "marker_line"),
        ("👇👇👇", "marker_line"),
    ],
)
def test_promos_share_bars_and_markers(line: str, name: str) -> None:
    assert_rule(line, name)


@pytest.mark.parametrize(
    "line",
    [
        "下载“渝快办”APP，报料有奖励的活动同步开展。",
        "居民下载红星新闻客户端后，可以随时报料。",
        "打开相册，她翻出了十年前的网格照片。",
        "大家都在看网格员怎么处理这起纠纷。",
        "分享：网格员的一天",
        "微信群里，网格员第一时间发布了停水通知。",
        "通过微信、微博和QQ群，网格员把通知发到每户居民手中。",
        "本文链接的案例，都来自城西区的网格。",
        "原标题中的“追风者”，是网格员们微信群的名字。",
        "1.2万粉丝的账号，由两名网格员轮流运营。",
        "10",
        "12名网格员",
        "▲比赛现场",
        "↓ 扫码报名",
    ],
)
def test_sentences_with_promo_and_share_words_stay(line: str) -> None:
    assert_text(line)


def test_a_repost_loses_its_original_title_share_bar_and_headlines() -> None:
    body, removed = story(
        "原标题：河西区深化网格化服务管理\n\n分享：Facebook Twitter 微信 WhatsApp\n\n"
        f"{BODY}\n\n▼\n\n{BODY}\n\n本文链接：https://wap.peopleapp.com/article/rmh34892517\n\n"
        "打开凤凰新闻，查看更多高清图片\n\n大家都在看\n\n"
        "天津南开区：“红色物业”让老旧小区焕新颜\n\n天津滨海新区开展夏季治安打击整治行动\n"
    )
    assert body.strip() == f"{BODY}\n\n{BODY}"
    assert ("related_links", "天津滨海新区开展夏季治安打击整治行动") in removed


def test_an_account_name_above_its_follower_count_goes_from_the_end() -> None:
    data = (
        f"---\ntitle: {TITLE}\ndate: 2023-11-02\nsource: 吉林长安\n---\n\n"
        f"0\n\n{BODY}\n\n{BODY}\n\n吉林长安\n\n1.2万粉丝\n\n关注\n"
    )
    result = import_bytes(data.encode(), "test.md")
    assert parse(result.text, "test.md").body.strip() == f"{BODY}\n\n{BODY}"
