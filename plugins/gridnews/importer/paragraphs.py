"""Stage: paragraphs and headings.

Lines broken mid-sentence are joined again; short standalone title lines and bold-only
paragraphs become section headings.
"""

from __future__ import annotations

import re

from gridnews.importer.blocks import Block
from gridnews.importer.draft import Draft

# A paragraph ending in one of these is complete.
SENTENCE_END = "。！？!?…”’」』）)》】.；;"
# A sentence ends in one of these, possibly followed by closing marks (…。” is a finished quote).
STOPS = "。！？!?…；;."
CLOSING_MARKS = "”’」』）)》】"
# A paragraph ending in one of these certainly continues.
CONTINUES = "，、：,:（(“‘《【—-"
HEADING_MAX = 25
BOLD_HEADING_MAX = 30
_NUMBERED_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+[章节部分])"
)
_HAN = re.compile(r"[\u3400-\u9fff]")
# A stop inside a line: it holds a finished sentence and more, so it is running text.
_INNER_STOP = re.compile(r"[。！？!?；;](?=.)")
# A line of a roster: a place or unit, a colon and names (桂花街道：刘芳, 仙庾镇：龙军、贺晓霞).
# One name counts only after a place or unit's name; a heading such as 亮点一：网格赋能 stays.
_NAME = r"[\u3400-\u9fff][\u3400-\u9fff·]{1,3}"
_ROSTER = re.compile(
    rf"^[\u3400-\u9fff]{{2,12}}[：:]\s*{_NAME}(?:\s*[、，,]\s*{_NAME})+$"
    rf"|^[\u3400-\u9fff]{{1,10}}(?:街道|镇|乡|村|社区|区|县|市|网格|单位|部门)[：:]\s*{_NAME}$"
)


def _ends_sentence(text: str) -> bool:
    """Tell whether a paragraph's text ends a sentence."""
    return text.endswith(tuple(SENTENCE_END))


def closes_sentence(text: str) -> bool:
    """Tell whether text ends with a stop, inside closing quotes or not: …。” but not …“主心骨”.

    A heading may end in a closing quote or bracket (网格长成了群众的“主心骨”); a sentence that a
    quote closes ends in a stop before the quote.
    """
    return text.rstrip(CLOSING_MARKS).endswith(tuple(STOPS))


def is_roster_line(text: str) -> bool:
    """A line of a list of names under their place: 月塘街道：谭丽华、周建国, never a heading."""
    return _ROSTER.match(text) is not None


def looks_like_heading(block: Block, following: Block | None) -> bool:
    """A short line without end punctuation, followed by a paragraph: a section heading."""
    text = block.text
    if block.kind != "p" or following is None or following.kind not in ("p", "li", "img", "table"):
        return False
    if not text or len(text) > HEADING_MAX or closes_sentence(text) or text[-1] in CONTINUES:
        return False
    if _INNER_STOP.search(text) or is_roster_line(text):
        return False
    if _NUMBERED_HEADING.match(text):
        return True  # 一、… heads its section even when a short line (a roster) follows
    if following.kind == "p" and len(following.text) <= len(text):
        return False
    return len(_HAN.findall(text)) >= 4


def _should_join(first: Block, second: Block) -> bool:
    """Was one paragraph broken in two? (…12月底前完 / 成本年度…; …服务能力, / 为网格内…)."""
    if first.kind != "p" or second.kind != "p" or not first.text or not second.text:
        return False
    if _ends_sentence(first.text):
        return False
    if first.text[-1] in CONTINUES:
        return True
    # Ends mid-word: only a long line (a heading is short) followed by more running text.
    return len(first.text) > HEADING_MAX and _HAN.match(second.text[0]) is not None


def rejoin(draft: Draft) -> None:
    """Join paragraphs that a copy split in the middle of a sentence.

    In Markdown a blank line is the writer's own paragraph break: only lines of one paragraph
    (a soft-wrapped sentence) are joined. A page saved from Word is never joined: each of its
    paragraphs is one of the document's (an addressee line ends in a colon, 各街道党工委：).
    """
    if draft.page is not None and draft.page.word:
        return
    joined: list[Block] = []
    for block in draft.blocks:
        if draft.format == "markdown" and block.blank_before:
            joined.append(block)
            continue
        if joined and _should_join(joined[-1], block):
            joined[-1].text += block.text
            draft.count("rejoined_paragraph")
            continue
        joined.append(block)
    draft.blocks = joined


def mark_headings(draft: Draft) -> None:
    """Turn short standalone title lines, bold-only paragraphs and <h2>… into section headings."""
    blocks = draft.blocks
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "h":
            continue
        if (
            block.kind == "p"
            and block.bold
            and len(block.text) <= BOLD_HEADING_MAX
            and not closes_sentence(block.text)
        ):
            block.kind = "h"
            draft.count("bold_heading")
        elif draft.format in ("text", "markdown") and looks_like_heading(block, following):
            block.kind = "h"
            draft.count("line_heading")
