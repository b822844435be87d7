"""Paragraphs, headings and captions: one test per rule, on a few lines of real-looking input."""

from __future__ import annotations

from gridnews.frontmatter import parse
from gridnews.importer.draft import Draft
from gridnews.importer.pipeline import import_bytes

BODY = "网格员每天走访辖区居民，收集社情民意，及时化解矛盾纠纷，群众满意度不断提高。"


def imported(text: str, name: str = "test.txt") -> tuple[dict, list[str], Draft]:
    """Import a copy; return (front matter data, body paragraphs, draft)."""
    result = import_bytes(text.encode("utf-8"), name)
    matter = parse(result.text, name)
    return matter.data, matter.body.strip().split("\n\n"), result.draft


def page(body: str, title: str = "于都县表彰优秀网格员") -> str:
    """A saved page with body as its article container."""
    return (
        f"<html><head><title>{title}</title></head><body>"
        f"<div class='content'>{body}</div></body></html>"
    )


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
