"""Stage: metadata.

Title, date, source, platform and credits from front matter, page head and the lines around the
headline; those lines leave the body once their facts are taken.
"""

from __future__ import annotations

import re
from typing import Any

from gridnews.importer import selectors as sel
from gridnews.importer.blocks import Block
from gridnews.importer.credits import Credits, is_person, names_a_role, parse_byline
from gridnews.importer.dates import Moment, parse_date
from gridnews.importer.draft import Draft
from gridnews.importer.rules import TITLE_SUFFIX_LABELS, chrome_rule

# Aggregators and reposting platforms: where a copy came from, never who wrote it.
PLATFORMS = (
    "趣头条",
    "今日头条",
    "头条号",
    "网易号",
    "网易新闻",
    "搜狐号",
    "搜狐新闻",
    "百家号",
    "一点资讯",
    "腾讯新闻",
    "企鹅号",
    "新浪看点",
    "UC头条",
    "凤凰号",
    "大风号",
    "澎湃号",
    "微信公众平台",
    "知乎",
    "新浪微博",
    "抖音",
    "快手",
    "哔哩哔哩",
)
_LABELS = (
    "发布时间",
    "發布時間",
    "发布日期",
    "發布日期",
    "更新时间",
    "更新時間",
    "责任编辑",
    "責任編輯",
    "浏览次数",
    "瀏覽次數",
    "来源",
    "來源",
    "出处",
    "出處",
    "时间",
    "時間",
    "日期",
    "作者",
    "编辑",
    "編輯",
    "责编",
    "責編",
    "浏览量",
    "瀏覽量",
    "浏览",
    "瀏覽",
    "阅读量",
    "閱讀量",
    "阅读",
    "點擊",
    "点击量",
    "点击",
    "字号",
    "字號",
    "摄影",
    "攝影",
)
_FIELD = re.compile(rf"({'|'.join(_LABELS)})\s*[:：]\s*")
_DATE_START = re.compile(r"^\s*(?:19|20)\d{2}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}")
_DATELINE = re.compile(
    r"^(?P<source>[^\s，。（(]{2,24}?)(?:(?:\d{1,2}月)?\d{1,2}日)?(?:电|電|讯|訊)\s*[（(](?P<inner>[^）)]{2,40})[）)]"
)
_BREADCRUMB_PUBLISHER = re.compile(r"^(?P<name>\S{2,30}?)\s*[•·]\s*正文$")
_SITE_SEPARATORS = re.compile(r"\s*(?:[-|_–—]{1,2}|｜|：)\s*")
MAX_META_LINE = 120
MAX_TITLE = 80
MIN_TITLE = 4
TITLE_WINDOW = 12


def meta_fields(text: str) -> dict[str, str] | None:
    """Read a line such as '来源:彭州市人民政府 时间:2019-03-27 作者:赶彭州人才网 浏览量:'."""
    if len(text) > MAX_META_LINE:
        return None
    text = text.strip().strip("【】[]").strip()
    matches = list(_FIELD.finditer(text))
    starts_with_date = _DATE_START.match(text) is not None
    if not matches and not (starts_with_date and len(text) <= 40 and parse_date(text)):
        return None
    if matches and not starts_with_date and matches[0].start() > 0:
        return None  # a sentence that happens to contain 时间：
    fields: dict[str, str] = {}
    if starts_with_date:
        fields["时间"] = text[: matches[0].start()] if matches else text
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        fields.setdefault(match.group(1), text[match.end() : end].strip())
    return fields


def _apply_fields(draft: Draft, fields: dict[str, str]) -> None:
    """Put the facts of a meta line where they belong."""
    for label, value in fields.items():
        if not value:
            continue
        if label in ("来源", "來源", "出处", "出處"):
            draft.source = draft.source or value
        elif label in ("发布时间", "發布時間", "发布日期", "發布日期", "时间", "時間", "日期"):
            draft.date = draft.date or parse_date(value)
        elif label in ("作者",):
            credits = parse_byline(value)
            if credits is not None and not _is_site(value):
                draft.credits.merge(credits)
            else:
                draft.via = draft.via or value
        elif label in ("编辑", "編輯", "责任编辑", "責任編輯", "责编", "責編"):
            credits = parse_byline(f"编辑 {value}")
            if credits is not None:
                draft.credits.merge(credits)
        elif label in ("摄影", "攝影"):
            credits = parse_byline(f"摄影 {value}")
            if credits is not None:
                draft.credits.merge(credits)


def _is_site(name: str) -> bool:
    """A website or platform name (赶彭州人才网, 趣头条) rather than a person."""
    return name in PLATFORMS or (
        not is_person(name) and name.endswith(("网", "網", "站", "平台", "号", "號"))
    )


def read_meta_lines(draft: Draft) -> None:
    """Take 来源/时间/作者 lines (and a date line) out of the first part of the body."""
    kept: list[Block] = []
    for index, block in enumerate(draft.blocks):
        fields = meta_fields(block.text) if block.is_text and index < 40 else None
        if fields is not None:
            _apply_fields(draft, fields)
            draft.drop("meta_line", block)
            draft.meta_lines.add(block.line)
            continue
        kept.append(block)
    draft.blocks = kept
    if draft.page is not None:
        for line in draft.page.outside:
            fields = meta_fields(line)
            if fields is not None:
                _apply_fields(draft, fields)


def read_breadcrumb_publisher(draft: Draft) -> None:
    """A breadcrumb such as '中新社內蒙古分社 • 正文' names the publisher."""
    for block in draft.blocks[:5]:
        match = _BREADCRUMB_PUBLISHER.match(block.text)
        if match:
            draft.publisher = draft.publisher or match.group("name")


def read_dateline(draft: Draft) -> None:
    """A dateline 中新網內蒙古新聞10月12日電（程智 李曉燕） names the source and the reporters."""
    for block in draft.text_blocks[:3]:
        match = _DATELINE.match(block.text)
        if not match:
            continue
        credits = parse_byline(match.group("inner"))
        if credits is not None:
            draft.credits.merge(credits)
            draft.publisher = draft.publisher or match.group("source")
        return


def clean_title(title: str, draft: Draft) -> str:
    """Remove a page control's label that leaked into a title, even cut short (…播报文)."""
    for label in TITLE_SUFFIX_LABELS:
        for size in range(len(label), 2, -1):
            if title.endswith(label[:size]) and len(title) > size + MIN_TITLE:
                draft.notes.append(
                    f"标题末尾的“{label[:size]}”像是页面上“{label}”按钮的文字，已删除；请核对标题。"
                )
                return title[:-size].rstrip()
    return title


def _title_like(text: str) -> bool:
    """Tell whether a line could be a headline: short enough, not a sentence, not a credit."""
    if not MIN_TITLE <= len(text) <= MAX_TITLE:
        return False
    if text[-1] in "。，、；：,;:" or chrome_rule(text) or names_a_role(text):
        return False
    return sum("\u4e00" <= char <= "\u9fff" for char in text) >= 4


def find_text_title(draft: Draft) -> None:
    """Find the headline of a plain-text copy; the short lines above it are page furniture.

    The headline is the title-like line right above the 来源/时间 line, or failing that the first
    title-like line followed by a longer paragraph.
    """
    window = draft.blocks[:TITLE_WINDOW]
    choice = fallback = None
    for index, block in enumerate(window):
        if block.is_text and (len(block.text) > MAX_TITLE or block.text.endswith("。")):
            break  # running text has begun: a headline comes before it
        if block.kind != "p" or not _title_like(block.text):
            continue
        following = window[index + 1].line if index + 1 < len(window) else 10**9
        if any(block.line < line < following for line in draft.meta_lines):
            choice = index
            break
        if fallback is None and index + 1 < len(window):
            nxt = window[index + 1]
            running_text = len(nxt.text) >= 40 or nxt.text.endswith(("。", "！", "？", "”"))
            if nxt.kind == "p" and len(nxt.text) > len(block.text) and running_text:
                fallback = index
    choice = choice if choice is not None else fallback
    if choice is None:
        return
    draft.title = draft.title or draft.blocks[choice].text
    for block in draft.blocks[:choice]:
        draft.drop("before_title", block)
    draft.blocks = draft.blocks[choice + 1 :]


def _site_name_removed(title: str, others: list[str]) -> str:
    """'标题 - 栏目 - 站名' -> '标题': the part matching the page's headline, else the first."""
    parts = [part for part in _SITE_SEPARATORS.split(title) if part]
    if len(parts) < 2:
        return title
    for other in others:
        if other and other in title:
            return other
    return parts[0]


def read_front_matter(draft: Draft) -> None:
    """Hexo/Jekyll fields: title, date, cover; an 'author' that is a platform is the platform."""
    front = draft.front
    if not front:
        return
    title = str(front.get("title") or "").strip()
    if title:
        draft.title = title
    date = front.get("date")
    if date:
        draft.date = parse_date(str(date))
    for key in ("headimg", "thumbnail", "cover", "image", "banner", "feature"):
        if front.get(key):
            draft.image = draft.image or str(front[key]).strip()
    author = front.get("author") or front.get("authors")
    names = author if isinstance(author, list) else [author] if author else []
    categories = front.get("categories") or front.get("tags") or []
    categories = categories if isinstance(categories, list) else [categories]
    for raw in [*names, *categories]:
        name = str(raw).strip()
        if name in PLATFORMS:
            draft.via = draft.via or name
        elif raw in names and is_person(name):
            draft.credits.merge(Credits(authors=[(name, "")]))
    for key in ("source", "from"):
        if front.get(key):
            draft.source = draft.source or str(front[key]).strip()
    for key in ("source_url", "link", "original", "permalink"):
        value = str(front.get(key) or "")
        if value.startswith(("http://", "https://")):
            draft.source_url = draft.source_url or value


def _meta(page_meta: dict[str, str], keys: tuple[str, ...]) -> str:
    """The first of several meta tags that is set."""
    for key in keys:
        if page_meta.get(key):
            return page_meta[key]
    return ""


def read_page_head(draft: Draft) -> None:
    """A saved page's head: title (minus the site name), date, source, author, cover, address."""
    page = draft.page
    if page is None:
        return
    meta = page.meta
    script = page.script
    headline = _meta(meta, ("og:title", "articletitle", "twitter:title")) or script.get(
        "msg_title", ""
    )
    title = headline or page.h1 or _site_name_removed(page.title, [page.h1])
    if page.title and not headline and not page.h1:
        title = _site_name_removed(page.title, [])
    draft.title = draft.title or title
    date: Moment | None = None
    for key in sel.META_DATE:
        if meta.get(key):
            date = parse_date(meta[key])
            if date:
                break
    if date is None and script.get("ct"):
        date = parse_date(script["ct"])
    draft.date = draft.date or date
    draft.source = draft.source or _meta(meta, ("contentsource", "source"))
    site = _meta(meta, ("og:site_name", "sitename"))
    if site and site != draft.source and site not in PLATFORMS:
        draft.publisher = draft.publisher or site
    account = script.get("nickname", "")
    if account:
        # A WeChat official account publishes the copy; 来源 names where the story came from.
        draft.via = draft.via or account
    author = _meta(meta, sel.META_AUTHOR)
    if author:
        credits = parse_byline(author)
        if credits is not None and not _is_site(author):
            draft.credits.merge(credits)
    draft.image = draft.image or _meta(meta, sel.META_IMAGE) or script.get("msg_cdn_url", "")
    url = page.canonical or _meta(meta, sel.META_URL) or script.get("msg_link", "")
    if url.startswith(("http://", "https://")):
        draft.source_url = draft.source_url or url


def drop_repeated_title(draft: Draft) -> None:
    """The headline often opens the body too (an <h1>, a bold line): it is shown once."""
    wanted = draft.title.replace(" ", "")
    for index, block in enumerate(draft.blocks[:TITLE_WINDOW]):
        if not (block.is_text and block.text.replace(" ", "") == wanted):
            continue
        kept = []
        for earlier in draft.blocks[:index]:
            if earlier.kind == "img" or len(earlier.text) > 30:
                kept.append(earlier)
            else:
                draft.drop("before_title", earlier)
        draft.blocks = kept + draft.blocks[index + 1 :]
        return


def settle_source(draft: Draft) -> None:
    """With no 来源 line, the publisher named by a byline, dateline or breadcrumb is the source."""
    if not draft.source:
        draft.source = draft.credits.publisher or draft.publisher
    if draft.source and draft.via == draft.source:
        draft.via = ""
    if draft.source in PLATFORMS and not draft.via:
        draft.via, draft.source = draft.source, ""


def front_value(front: dict[str, Any], key: str) -> str:
    """A front matter value as text."""
    value = front.get(key)
    return "" if value is None else str(value)
