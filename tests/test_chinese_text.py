"""Chinese text: slugs with correct polyphone readings, summaries by characters, soft breaks."""

from __future__ import annotations

import pytest

from gridnews.cjk import join_soft_breaks, summarise
from gridnews.slugs import name_slug, slugify
from gridnews.story import new_markdown, summary_of


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("重庆", "chongqing"),
        ("银行", "yinhang"),
        ("重庆银行行长", "chongqing-yinhanghangzhang"),
        ("长江", "changjiang"),
        ("玉门：2021这一年，我们的网格记忆", "yumen-2021-zhe-yinian-women-de-wangge-jiyi"),
        ("Hi威海客户端", "hi-weihai-kehuduan"),
    ],
)
def test_slug_reads_polyphones_in_context(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slug_is_short_and_cut_at_a_word_end() -> None:
    title = "“小网格”激活“大服务” 我市在全面深化网格化服务管理体系建设上持续发力"
    slug = slugify(title)
    assert len(slug) <= 50
    assert slug == "xiao-wangge-jihuo-da-fuwu-woshi-zai-quanmian"
    assert slug.isascii() and "--" not in slug and not slug.endswith("-")


def test_names_are_one_word() -> None:
    assert name_slug("杨婷") == "yangting"
    assert name_slug("盐都区委政法委").isalpha()


def test_soft_breaks_between_chinese_characters_vanish() -> None:
    assert join_soft_breaks("网格员上报\n入户信息") == "网格员上报入户信息"
    assert join_soft_breaks("信息，\n  共计") == "信息，共计"
    assert join_soft_breaks("grid\nworkers") == "grid\nworkers"
    assert join_soft_breaks("2021年\n42.5万条") == "2021年42.5万条"


def test_markdown_paragraph_with_soft_breaks_renders_without_spaces() -> None:
    html = new_markdown().convert(
        "网格员\n**上报**\n信息。\n\nHello\nworld\n\n    代码\n    保留\n"
    )
    assert "<p>网格员<strong>上报</strong>信息。</p>" in html
    assert "Hello\nworld" in html
    assert "代码\n保留" in html


def test_summary_ends_at_a_sentence_within_the_limit() -> None:
    text = "第一句话说明情况。" * 5 + "第二句很长" * 30
    summary = summarise(text, 60)
    assert summary == "第一句话说明情况。" * 5
    assert len(summary) <= 60


def test_summary_without_sentence_end_is_cut_with_ellipsis() -> None:
    text = "没有句号的长句" * 40
    summary = summarise(text, 50)
    assert summary.endswith("……") and len(summary) == 52


def test_short_text_is_its_own_summary() -> None:
    assert summarise("短文。", 120) == "短文。"


def test_a_body_is_summarised_from_its_first_paragraphs_as_text() -> None:
    opening = "<p>今年<strong>入户走访</strong>一千二百次。</p>\n<p>网格员化解纠纷三十件，办结率&gt;九成。</p>\n"
    body = opening + "<p>后面的段落很长，不会进入摘要。</p>\n" * 50
    assert summary_of(body, 30) == "今年入户走访一千二百次。网格员化解纠纷三十件，办结率>九成。"
    # a paragraph past the limit is never needed; one that reaches it is cut at a sentence end
    assert summary_of(body, 12) == "今年入户走访一千二百次。"
    assert summary_of("<p>只有一段。</p>", 120) == "只有一段。"
