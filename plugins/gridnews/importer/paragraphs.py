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


# Emoji: pictographs (😭 🏆 📌), the symbols that are emoji by default (✅ ⭐ ❌), any symbol
# asked to show as an emoji (❤️ ☀️), flags, skin tones and the joiners of a sequence (👨‍👩‍👧).
# Ordinary symbols of news text stay: ℃ ％ № ① ❶ ★ ▲ and every CJK character and mark.
_PICTOGRAPH = (
    "\U0001f004\U0001f0cf\U0001f18e\U0001f191-\U0001f19a\U0001f1e6-\U0001f1ff"
    "\U0001f201-\U0001f251\U0001f300-\U0001f64f\U0001f680-\U0001f6ff\U0001f7e0-\U0001f7eb"
    "\U0001f900-\U0001f9ff\U0001fa70-\U0001faff"
    "\u231a\u231b\u23e9-\u23f3\u23f8-\u23fa\u25fd\u25fe\u2614\u2615\u2648-\u2653\u267f"
    "\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce\u26d4\u26ea\u26f2\u26f3"
    "\u26f5\u26fa\u26fd\u2705\u270a\u270b\u2728\u274c\u274e\u2753-\u2755\u2757"
    "\u2795-\u2797\u27b0\u27bf\u2b1b\u2b1c\u2b50\u2b55"
)
_EMOJI_UNIT = (
    f"(?:[{_PICTOGRAPH}]|[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2190-\u2bff]\ufe0f)"
    "[\ufe0f\U000e0020-\U000e007f]*"
)
_EMOJI = re.compile(f"[ \t]*\u200d?{_EMOJI_UNIT}(?:\u200d?{_EMOJI_UNIT})*\u200d?[ \t]*")
_KEYCAP = re.compile("(?<=[0-9#*])\ufe0f?\u20e3")  # 1️⃣ keeps its digit
_WORD_CHAR = re.compile(r"[A-Za-z0-9]")


def strip_emoji(text: str) -> str:
    """Text without emoji: they decorate a post (## 🏆 比赛结果, …眼泪。😭), not a news story.

    An emoji between two Latin words or numbers leaves a space; elsewhere it leaves nothing.
    """
    if text.isascii():
        return text

    def gap(match: re.Match[str]) -> str:
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        return " " if _WORD_CHAR.match(before) and _WORD_CHAR.match(after) else ""

    return _KEYCAP.sub("", _EMOJI.sub(gap, text)).strip()


# A labelled line: a short label, a colon and a value with no comma or stop (原标题：…,
# 分享：Facebook 微信, 本文链接：https://…). It is whole on its own line; a speaker's words after
# 说： or 表示： are running text.
_FIELD_LINE = re.compile(
    r"^[\u4e00-\u9fff]{2,5}(?<![说道讲问称示绍到])[：:](?!\s*[“「])[^，,。；;！？!?]+$"
)
# A bar between fields (发表于 2023-3-15 | 只看该作者): a page's line of furniture, whole.
_FIELD_BAR = re.compile(r"\s[|｜]|[|｜]\s")
# A list: three or more short items set off by 、 and nothing else (…第三网格、…第一网格).
_LIST_LINE = re.compile(r"^[^，,。；;！？!?、]{2,16}(?:、[^，,。；;！？!?、]{2,16}){2,}$")


def _ends_sentence(text: str) -> bool:
    """Tell whether a paragraph's text ends a sentence (an emoji after the stop changes nothing)."""
    return strip_emoji(text).endswith(tuple(SENTENCE_END))


def closes_sentence(text: str) -> bool:
    """Tell whether text ends with a stop, inside closing quotes or not: …。” but not …“主心骨”.

    A heading may end in a closing quote or bracket (网格长成了群众的“主心骨”); a sentence that a
    quote closes ends in a stop before the quote.
    """
    return strip_emoji(text).rstrip(CLOSING_MARKS).endswith(tuple(STOPS))


def is_roster_line(text: str) -> bool:
    """A line of a list of names under their place: 月塘街道：谭丽华、周建国, never a heading."""
    return _ROSTER.match(text) is not None


def _is_short_label(text: str) -> bool:
    """A short line that ends no sentence and continues none: no running text under a heading."""
    return len(text) <= HEADING_MAX and not closes_sentence(text) and text[-1] not in CONTINUES


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
    if following.kind == "p" and _is_short_label(following.text):
        return False  # two short lines (吉林长安 / 1.2万粉丝): an account's card, not a section
    return len(_HAN.findall(text)) >= 4


def _is_heading_line(block: Block) -> bool:
    """A heading, a bold line or a short line that ends no sentence: what a list stands under."""
    if block.kind == "h" or (block.kind == "p" and block.bold):
        return True
    return block.kind == "p" and len(block.text) <= HEADING_MAX and not closes_sentence(block.text)


def is_list_under_heading(block: Block, above: Block | None) -> bool:
    """A line listing names under its heading (“五星网格” / 甲村第一网格、乙村第三网格、…)."""
    return (
        above is not None and _is_heading_line(above) and _LIST_LINE.match(block.text) is not None
    )


def _should_join(first: Block, second: Block, above: Block | None = None) -> bool:
    """Was one paragraph broken in two? (…12月底前完 / 成本年度…; …服务能力, / 为网格内…).

    above is the block before first. A labelled line (原标题：…) and a list under a heading are
    whole lines, however they end.
    """
    if first.kind != "p" or second.kind != "p" or not first.text or not second.text:
        return False
    if _ends_sentence(first.text):
        return False
    if first.text[-1] in CONTINUES:
        return True
    if _FIELD_LINE.match(first.text) or _FIELD_BAR.search(first.text):
        return False
    if is_list_under_heading(first, above):
        return False
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
        above = joined[-2] if len(joined) > 1 else None
        if joined and _should_join(joined[-1], block, above):
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
