"""Stage: credits in the body: byline lines and a trailing （作者） move to the front matter."""

from __future__ import annotations

from gridnews.importer.credits import names_a_role, parse_byline, trailing_byline
from gridnews.importer.draft import Draft

MAX_BYLINE_LINE = 40
# An outlet that names its reporter without a role; a place (桂城街道：陈美玲) does not.
MEDIA_ENDS = (
    "报",
    "報",
    "台",
    "网",
    "網",
    "频道",
    "頻道",
    "客户端",
    "客戶端",
    "新闻",
    "新聞",
    "社",
)


def take_bylines(draft: Draft) -> None:
    """Move every line that is only a byline (通讯员 朱爱春 潘潇, 编辑:陈峰) into the credits."""
    kept = []
    last_text = max((i for i, b in enumerate(draft.blocks) if b.is_text), default=-1)
    for index, block in enumerate(draft.blocks):
        if block.kind == "p" and len(block.text) <= MAX_BYLINE_LINE:
            credits = parse_byline(block.text)
            bare_names = credits is not None and not names_a_role(block.text)
            # Names without a role count only at the very end, in parentheses (（刘丽莉）), or
            # after their outlet (人民日报客户端海南频道 陈蔚林).
            if credits is not None and (
                not bare_names
                or index == last_text
                or block.text.startswith(("（", "("))
                or (credits.authors and credits.publisher.endswith(MEDIA_ENDS))
            ):
                draft.credits.merge(credits)
                draft.drop("byline", block)
                continue
        kept.append(block)
    draft.blocks = kept
    for block in reversed(draft.blocks):
        if not block.is_text:
            continue
        found = trailing_byline(block.text)
        if found is not None:
            block.text, credits = found
            draft.credits.merge(credits)
            draft.count("trailing_byline")
        return
