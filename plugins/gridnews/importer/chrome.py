"""Stage: strip site chrome. Lines of page furniture go, with the link lists they introduce."""

from __future__ import annotations

import re

from gridnews.importer.blocks import Block
from gridnews.importer.draft import Draft
from gridnews.importer.rules import CHROME_RULES, END_MARK, LINK_LIST_ITEM, chrome_rule

_PAGE_NUMBER = next(rule for rule in CHROME_RULES if rule.name == "page_number")

MAX_LIST_LINE = 60
QR_PROMPTS = ("share", "wechat")
SENTENCE_END = "。！？!?…"
MAX_ACCOUNT_NAME = 12
# 关注平安德清 below the article: a prompt to follow the account that posted it.
FOLLOW_ACCOUNT = re.compile(r"^(?:关注|關注)([^\s，。！？；：,.!?;:“”\"]{2,10})[!！~～]*$")
# 报：市委政法委 / 送：区委常委 / 发：各街道: whom an official document went to, below its text.
DISTRIBUTION = re.compile(
    r"^(?:报|報|送|发|發|报送|報送|分送|印送)\s*[:：]\s*[^。！？!?]{2,60}。?$"
)
MIN_DISTRIBUTION_LINES = 2
# A printed page's running header (the document's name) repeats by every page number.
MAX_RUNNING_HEADER = 40
# A forum post starts with its author's name, then a floor label (沙发) or the time it went up.
FORUM_POST_STARTS = ("forum_floor", "forum_post_header")
FORUM_USER_NAME = re.compile(r"^[^\s，。！？；：、“”‘’《》（）,.!?;:()]{2,15}$")


def _is_link_list_item(block: Block) -> bool:
    """A line of a 相关推荐 list: a list item, a bulleted line, or a short line that is a link."""
    if block.kind == "img":
        return False
    if block.kind == "li" or LINK_LIST_ITEM.match(block.text):
        return True
    if block.links and block.link_chars * 2 >= len(block.text):
        return True
    return len(block.text) <= MAX_LIST_LINE and not block.text.endswith(tuple(SENTENCE_END))


def _running_headers(blocks: list[Block]) -> set[str]:
    """Short lines printed next to a page number on more than one page: the running header."""
    counts: dict[str, int] = {}
    for block in blocks:
        if block.is_text:
            counts[block.text] = counts.get(block.text, 0) + 1
    headers = set()
    for index, block in enumerate(blocks):
        if not (block.is_text and _PAGE_NUMBER.matches(block.text)):
            continue
        for near in blocks[max(index - 1, 0) : index + 2]:
            text = near.text
            if (
                near.kind == "p"
                and counts.get(text, 0) >= 2
                and len(text) <= MAX_RUNNING_HEADER
                and not text.endswith(tuple(SENTENCE_END))
                and chrome_rule(text) is None
            ):
                headers.add(text)
    return headers


def strip_chrome(draft: Draft) -> None:
    """Remove every block a chrome rule matches, and the link list after a list heading."""
    headers = _running_headers(draft.blocks)
    kept: list[Block] = []
    in_list = False
    blocks = draft.blocks
    for index, block in enumerate(blocks):
        if in_list:
            if _is_link_list_item(block):
                rule = chrome_rule(block.text) if block.is_text else None
                # A footer line under the list (版权所有…) is reported under its own rule.
                draft.drop(rule.name if rule else "related_links", block)
                continue
            in_list = False
        if block.kind == "p" and block.text in headers:
            draft.drop("running_header", block)
            continue
        if block.is_text:
            rule = chrome_rule(block.text)
            if rule is not None:
                if rule.name in FORUM_POST_STARTS:
                    _drop_forum_user(draft, kept, blocks[index - 1] if index else None)
                if rule.name == "forum_post_header" and _has_story(kept):
                    _drop_forum_replies(draft, blocks[index:])
                    break
                draft.drop(rule.name, block)
                in_list = rule.drops_list
                if rule.name in QR_PROMPTS and kept and kept[-1].kind == "img":
                    # The picture a 长按识别二维码 line talks about is the QR code itself.
                    draft.drop(rule.name, kept.pop())
                continue
            if (
                block.links
                and block.link_chars == len(block.text.replace(" ", ""))
                and len(block.text) <= 30
            ):
                # A lone link in a page's body (返回首页, 上一篇：…) is navigation.
                draft.drop("navigation_link", block)
                continue
        kept.append(block)
    draft.blocks = kept
    _strip_distribution(draft)
    _strip_account_names(draft)
    _strip_trailing_furniture(draft)
    _trim_end_mark(draft)


def _drop_forum_user(draft: Draft, kept: list[Block], previous: Block | None) -> None:
    """The line just above a post's floor label or header is the name of the user who posted."""
    if (
        kept
        and kept[-1] is previous
        and previous.kind == "p"
        and FORUM_USER_NAME.match(previous.text)
    ):
        draft.drop("forum_user", kept.pop())


def _has_story(kept: list[Block]) -> bool:
    """Whether article text (sentences longer, together, than a list line) has been kept."""
    sentences = (
        block.text
        for block in kept
        if block.kind == "p" and any(mark in block.text for mark in SENTENCE_END)
    )
    return sum(map(len, sentences)) > MAX_LIST_LINE


def _drop_forum_replies(draft: Draft, rest: list[Block]) -> None:
    """A forum reply under the story: it, the replies after it and the thread's footer go."""
    for block in rest:
        rule = chrome_rule(block.text) if block.is_text else None
        draft.drop(rule.name if rule else "forum_reply", block)


def _strip_distribution(draft: Draft) -> None:
    """An official document's distribution lines (报：… 送：… 发：…) at the very end go."""
    count = 0
    for block in reversed(draft.blocks):
        if block.kind not in ("p", "li") or not DISTRIBUTION.match(block.text):
            break
        count += 1
    if count < MIN_DISTRIBUTION_LINES:
        return
    for block in draft.blocks[-count:]:
        draft.drop("distribution", block)
    del draft.blocks[-count:]


def _account_names(draft: Draft) -> set[str]:
    """The names a page gave its publisher: account, site, source, and the 原创 line's names."""
    names = {draft.via, draft.publisher, draft.source}
    if draft.page is not None:
        names.add(draft.page.script.get("nickname", ""))
    for rule, text in draft.removed:
        if rule == "account_header":
            names.update(text.split()[1:])
    return {name for name in names if 2 <= len(name) <= MAX_ACCOUNT_NAME}


def _strip_account_names(draft: Draft) -> None:
    """An account's or site's name alone above or below the article (洛阳网, 平安夷陵) goes.

    Only at the two ends of the body, and only a name the page gave its publisher; a 关注…
    line at the very end is a prompt to follow the account whatever its name.
    """
    names = _account_names(draft)
    while draft.blocks and draft.blocks[0].kind == "p" and draft.blocks[0].text in names:
        draft.drop("account_name", draft.blocks.pop(0))
    while draft.blocks and draft.blocks[-1].kind == "p":
        text = draft.blocks[-1].text
        if text in names:
            draft.drop("account_name", draft.blocks.pop())
        elif FOLLOW_ACCOUNT.match(text):
            draft.drop("follow_prompt", draft.blocks.pop())
        else:
            break


def _strip_trailing_furniture(draft: Draft) -> None:
    """Below the article, once chrome has started, short unpunctuated lines are furniture too."""
    removed_rules = {rule for rule, _ in draft.removed}
    if not removed_rules - {"meta_line", "before_title"}:
        return
    while draft.blocks:
        block = draft.blocks[-1]
        if block.kind == "li" and len(block.text) <= MAX_LIST_LINE:
            draft.drop("trailing_list", block)
            draft.blocks.pop()
            continue
        break


def _trim_end_mark(draft: Draft) -> None:
    """Drop an end mark such as （完） from the last paragraph (credits may still follow it)."""
    for block in reversed(draft.blocks):
        if not block.is_text:
            continue
        trimmed = END_MARK.sub("", block.text)
        if trimmed != block.text:
            draft.count("end_mark")
            if trimmed:
                block.text = trimmed
            else:
                draft.blocks.remove(block)
            return
        if len(block.text) > MAX_LIST_LINE:
            return
