"""Stage: metadata.

Title, date, source, platform and credits from front matter, page head and the lines around the
headline; those lines leave the body once their facts are taken.
"""

from __future__ import annotations

import re
from typing import Any

from gridnews.importer import selectors as sel
from gridnews.importer.blocks import Block
from gridnews.importer.credits import (
    Credits,
    is_organisation,
    is_person,
    names_a_role,
    parse_byline,
)
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
    "学习强国",
    "學習強國",
    "澎湃号",
    "微信公众平台",
    "知乎",
    "新浪微博",
    "抖音",
    "快手",
    "哔哩哔哩",
)
# Labels that name where a story came from, besides 来源 itself.
_SOURCE_LABELS = (
    "本文来源",
    "本文來源",
    "信息来源",
    "資訊來源",
    "文章来源",
    "文章來源",
    "稿件来源",
    "稿件來源",
)
_LABELS = (
    *_SOURCE_LABELS,
    "作者单位",
    "作者單位",
    "發佈時間",
    "發佈日期",
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
    "点击数",
    "點擊數",
    "点击",
    "访问量",
    "訪問量",
    "访问次数",
    "訪問次數",
    "阅读数",
    "閱讀數",
    "字号",
    "字號",
    "字体",
    "字體",
    "摄影",
    "攝影",
    "图片",
    "圖片",
    "记者",
    "記者",
    "通讯员",
    "通訊員",
)
_FIELD = re.compile(rf"({'|'.join(_LABELS)})\s*(?:[:：]|\s[|｜](?=\s))\s*")
_DATE_START = re.compile(r"^\s*(?:19|20)\d{2}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}")
_DATELINE = re.compile(
    r"^(?P<source>[^\s，。（(]{2,24}?)(?:(?:\d{1,2}月)?\d{1,2}日)?(?:电|電|讯|訊|消息)\s*[（(]"
    r"(?P<inner>[^）)]{2,40})[）)]"
)
# A dateline's source with the city it was filed from: 新华网郑州, 中新网南宁, 人民网宜昌.
_FILED_FROM = re.compile(r"^(?P<org>.{2,12}?(?:网|網|社|台|报|報))(?P<city>[\u4e00-\u9fff]{2,3})$")
_BREADCRUMB_PUBLISHER = re.compile(r"^(?P<name>\S{2,30}?)\s*[•·]\s*正文$")
_SITE_SEPARATORS = re.compile(r"\s*(?:[-|_–—]{1,2}|｜)\s*")
# A site, channel or platform name, as <title> and the lines above a headline give it.
_SITE_NAME = re.compile(
    r"(?:网|網|网站|網站|门户|門戶|频道|頻道|客户端|客戶端|公众号|公眾號|订阅|訂閱|融媒|融媒体中心"
    r"|融媒體中心|人民政府|日报|日報|晚报|晚報|数字报|數字報|电子报|電子報|发布|發布|在线|在線|新闻|新聞"
    r"|全媒体|全媒體|学习平台|學習平台)$"
)
MAX_SITE_NAME = 12
# A bulletin's masthead: an office's 简报, 工作动态, 专报 (its issue number on the next line).
_BULLETIN = re.compile(r"(?:简报|簡報|快报|快報|专报|專報|工作动态|工作動態|周报|週報|通讯|通訊)$")
MAX_BULLETIN = 24
MAX_TIME_LINE = 30
_SITE_CHANNEL = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:网|網)(?!格)[\u4e00-\u9fff]{2,3}$")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{4}")  # a time line has no words (星期四 at most)
MAX_SITE_PREFIX = 8
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
# Punctuation a headline has and a site's name never does.
_HEADLINE_MARK = re.compile(r"[：:，,“”\"‘’！？!?、\s]")
# The edition a newspaper's masthead names after the paper: 曲靖日报数字报 is 曲靖日报.
_MASTHEAD_EDITION = re.compile(
    r"(?<=[报報])(?:数字报|數字報|电子报|電子報|电子版|電子版|数字版|數字版)$"
)
# Where a meta line's value ends: the page's tools after it (【字体：大 中 小】, | 分享).
_VALUE_END = re.compile(r"\s*[【\[|｜『「].*$")
MAX_META_LINE = 120
MAX_TITLE = 80
MIN_TITLE = 4
TITLE_WINDOW = 12


def meta_fields(text: str) -> dict[str, str] | None:
    """Read a line such as '来源:彭州市人民政府 时间:2019-03-27 作者:赶彭州人才网 浏览量:'."""
    if len(text) > MAX_META_LINE:
        return None
    text = text.strip().strip("【】[]（）()").strip()
    account = _account_line(text) or _byline_before_date(text)
    if account is not None:
        return account
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
        fields.setdefault(match.group(1), field_value(text[match.end() : end]))
    return fields


def field_value(value: str) -> str:
    """A meta line's value without the page tools that follow it or a label repeated inside."""
    value = _VALUE_END.sub("", value).strip()
    value = _FIELD.sub("", value, count=1) if _FIELD.match(value) else value
    return value.strip(" ：:|｜·")


# A platform's line under the headline: '原创 平安桐乡 平安桐乡 2023-11-02 17:45 发表于浙江'.
_ACCOUNT_LINE = re.compile(
    r"^(?P<original>原创|原創)?\s*(?P<names>(?:[^\s，。：:]{2,20}\s+){1,3})"
    r"(?P<date>(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)"
    r"(?P<place>\s*(?:发表于|發表於)\s*\S{1,10})?$"
)
# A bulletin's imprint: '荷塘区委政法委编　　2023年12月28日'.
_COMPILED_BY = re.compile(
    r"^(?P<org>\S{2,24}?)(?:编印|編印|编|編|主办|主辦)\s+"
    r"(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$"
)
# The same mark on a line of its own, the date on the next: '原创 平安夷陵 平安夷陵'.
_ORIGINAL_MARK = re.compile(
    r"^(?:原创|原創)\s+(?P<names>[^\s，。：:]{2,20}(?:\s+[^\s，。：:]{2,20}){0,2})$"
)
# A microblog post's header: '23-11-5 20:16 来自 微博头条文章 已编辑' (a two-digit year).
_POST_HEADER = re.compile(
    r"^(?P<y>\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\s+(?P<time>\d{1,2}:\d{2})\s+(?:来自|來自)\s*\S.{0,30}$"
)


_DATE_INSIDE = re.compile(r"(?:19|20)\d{2}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}")


def _byline_before_date(text: str) -> dict[str, str] | None:
    """'南方+ 记者 黄思敏 通讯员 梁洁仪 2023-12-26 18:02 来源：南方+': a byline, then the rest."""
    date = _DATE_INSIDE.search(text)
    if date is None or date.start() == 0:
        return None
    byline = _byline_text(text[: date.start()])
    if byline is None:
        return None
    return {"作者": byline, **(meta_fields(text[date.start() :]) or {})}


def _byline_text(text: str) -> str | None:
    """A byline, without the site's name a page may print before it (南方+ 记者 黄思敏)."""
    text = text.strip()
    if names_a_role(text):
        return text
    site, _, rest = text.partition(" ")
    return rest if len(site) <= MAX_SITE_PREFIX and names_a_role(rest) else None


def _account_line(text: str) -> dict[str, str] | None:
    """The account and time a platform prints under a headline, read as a meta line.

    Only with the platform's marks (原创 before, 发表于 after) or a single account that is not
    a person's name: '记者 张三 2023-11-02' is a byline and a date, not an account.
    """
    imprint = _COMPILED_BY.match(text)
    if imprint is not None:
        return {"时间": imprint["date"], "来源": imprint["org"]}
    mark = _ORIGINAL_MARK.match(text)
    if mark is not None:
        return {"平台账号": mark["names"].split()[-1]}
    post = _POST_HEADER.match(text)
    if post is not None:
        return {"时间": f"20{post['y']}-{post['m']}-{post['d']} {post['time']}"}
    match = _ACCOUNT_LINE.match(text)
    if match is None or parse_date(match["date"]) is None:
        return None
    names = match["names"].split()
    marked = match["original"] or match["place"]
    if not marked and (len(names) > 1 or is_person(names[0]) or names_a_role(names[0])):
        return None
    fields = {"时间": match["date"], "平台账号": names[-1]}
    if names[0] != names[-1]:
        fields["作者"] = names[0]
    return fields


def _apply_fields(draft: Draft, fields: dict[str, str]) -> None:
    """Put the facts of a meta line where they belong."""
    for label, value in fields.items():
        if not value:
            continue
        if label in ("来源", "來源", "出处", "出處", "作者单位", "作者單位", *_SOURCE_LABELS):
            draft.source = draft.source or _source_and_byline(draft, value)
        elif label in (
            "发布时间",
            "發布時間",
            "發佈時間",
            "发布日期",
            "發布日期",
            "發佈日期",
            "时间",
            "時間",
            "日期",
        ):
            draft.date = finer_date(draft.date, parse_date(value))
        elif label == "平台账号":
            draft.via = draft.via or value
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
        elif label in ("摄影", "攝影", "图片", "圖片", "记者", "記者", "通讯员", "通訊員"):
            credits = parse_byline(f"{label} {value}")
            if credits is not None:
                draft.credits.merge(credits)


def _source_and_byline(draft: Draft, value: str) -> str:
    """'互助县融媒体中心 通讯员：祁生梅 李永福': the source, with the byline after it credited."""
    source, _, rest = re.sub(r"[\s\u3000]+", " ", value).partition(" ")
    credits = parse_byline(rest) if rest and names_a_role(rest) else None
    if credits is None:
        return value
    draft.credits.merge(credits)
    return source


_PRECISION = {"day": 0, "minute": 1, "second": 2}


def finer_date(known: Moment | None, found: Moment | None) -> Moment | None:
    """The date already known, unless another line gives the same day to the minute."""
    if known is None or found is None:
        return known or found
    same_day = known.value.date() == found.value.date()
    if same_day and _PRECISION[found.precision] > _PRECISION[known.precision]:
        return found
    return known


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
        for line in dict.fromkeys([*draft.page.header, *draft.page.outside]):
            byline = _byline_text(line)  # None for a line longer than any byline
            if byline is not None and not _FIELD.search(line):
                credits = parse_byline(byline)  # '编辑 蔡炜' under the body, without a colon
                if credits is not None:
                    draft.credits.merge(credits)
                continue
            fields = meta_fields(line)
            if fields is not None:
                _apply_fields(draft, fields)


# A document's signature: the issuing body on one line, the day on the next (公文落款).
_DAY_ALONE = re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
SIGNATURE_WINDOW = 8


def read_signature(draft: Draft) -> None:
    """A notice signed at its end gives its source and, failing any other, its date."""
    blocks = draft.blocks
    start = max(0, len(blocks) - SIGNATURE_WINDOW)
    for index in range(len(blocks) - 2, start - 1, -1):
        body, day = blocks[index], blocks[index + 1]
        if not (body.is_text and day.is_text and _DAY_ALONE.match(day.text)):
            continue
        if not is_organisation(body.text):
            continue
        draft.source = draft.source or body.text
        draft.date = draft.date or parse_date(day.text)
        draft.drop("signature", body)
        draft.drop("signature", day)
        draft.blocks = blocks[:index] + blocks[index + 2 :]
        return


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
            filed = _FILED_FROM.match(match.group("source"))
            draft.publisher = draft.publisher or (filed["org"] if filed else match.group("source"))
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
    """Tell whether a line could be a headline: short enough, not a sentence, not a credit.

    A site's or account's name (曲靖日报数字报, 英德发布) printed above the headline is not one.
    """
    if not MIN_TITLE <= len(text) <= MAX_TITLE:
        return False
    if text[-1] in "。，、；：,;:" or chrome_rule(text) or names_a_role(text) or is_site_name(text):
        return False
    if _credit_line(text):
        return False
    if _CLOCK.search(text):
        return False  # '23-11-5 20:16 来自 微博': a headline never gives the time of day
    return sum("\u4e00" <= char <= "\u9fff" for char in text) >= 4


def _credit_line(text: str) -> bool:
    """'人民日报客户端海南频道 陈蔚林': an outlet and its reporter, or several names, no role."""
    credits = parse_byline(text)
    return bool(credits) and bool(credits.publisher or " " in text.strip())


def _running_text(block: Block, title: str) -> bool:
    """A paragraph of the article (or its first line), longer than the headline above it."""
    text = block.text
    if block.kind != "p" or len(text) <= len(title):
        return False
    return len(text) >= 40 or text.endswith(("。", "！", "？", "”")) or "，" in text


def _furniture(block: Block) -> bool:
    """A line that may sit between a headline and the text: a byline, a tool, an account."""
    text = block.text
    if block.is_text and len(text) <= MAX_TIME_LINE and _CLOCK.search(text):
        return True  # '11-08 10:21': a time the page printed, without a year to read it by
    return bool(
        block.is_text
        and (names_a_role(text) or chrome_rule(text) or is_site_name(text) or _credit_line(text))
    )


def find_text_title(draft: Draft) -> None:
    """Find the headline of a plain-text copy; the short lines above it are page furniture.

    The headline is the title-like line above the 来源/时间 line (with only furniture, such as
    an account's name, between them), or failing that the first title-like line followed, past
    any byline, by the running text.
    """
    window = draft.blocks[:TITLE_WINDOW]
    candidates = []
    for index, block in enumerate(window):
        if block.is_text and (len(block.text) > MAX_TITLE or block.text.endswith("。")):
            break  # running text has begun: a headline comes before it
        if block.kind == "p" and _title_like(block.text):
            candidates.append(index)
    choice = fallback = None
    for number, index in enumerate(candidates):
        block = window[index]
        following = window[candidates[number + 1]].line if number + 1 < len(candidates) else 10**9
        if any(block.line < line < following for line in draft.meta_lines):
            choice = index
            break
        if fallback is None:
            after = next((b for b in window[index + 1 :] if not _furniture(b)), None)
            if after is not None and _running_text(after, block.text):
                fallback = index
    choice = choice if choice is not None else fallback
    if choice is None:
        # A bulletin of one item has only its masthead for a headline.
        choice = next((i for i, b in enumerate(window) if _BULLETIN.search(b.text)), None)
    if choice is None:
        return
    draft.title = draft.title or draft.blocks[choice].text
    for block in draft.blocks[:choice]:
        if block.is_text and block.text in PLATFORMS:
            draft.via = draft.via or block.text  # 学习强国
        elif block.is_text and is_site_name(block.text) and not draft.publisher:
            draft.publisher = _MASTHEAD_EDITION.sub("", block.text)  # 曲靖日报数字报
        draft.drop("before_title", block)
    draft.blocks = _without_header_furniture(draft, draft.blocks[choice + 1 :])


def _without_header_furniture(draft: Draft, rest: list[Block]) -> list[Block]:
    """Drop the account names and bare times printed between a headline and its text.

    '英德发布' is the account that posted the copy (its via); '11-08 10:21' a time without the
    year to read it by. Bylines and page tools among them stay for the stages that read them.
    """
    kept: list[Block] = []
    for index, block in enumerate(rest):
        text = block.text
        if not block.is_text or _running_text(block, draft.title):
            return kept + rest[index:]
        if is_site_name(text):
            draft.via = draft.via or text
            draft.drop("account_name", block)
        elif len(text) <= MAX_TIME_LINE and _CLOCK.search(text) and not _HAN_RUN.search(text):
            draft.drop("time_line", block)
        elif names_a_role(text) or chrome_rule(text):
            kept.append(block)
        else:
            return kept + rest[index:]
    return kept


def is_site_name(text: str) -> bool:
    """A site, channel or platform name (遵义长安网, 网易订阅, 英德发布), not a headline.

    A bulletin's masthead (荷塘区网格化服务管理工作简报) is one too.
    """
    text = text.strip()
    if _BULLETIN.search(text) and len(text) <= MAX_BULLETIN and not _HEADLINE_MARK.search(text):
        return True
    if _SITE_CHANNEL.match(text):
        return True  # 凤凰网天津, 新华网河南: a site's regional channel
    return text in PLATFORMS or (
        len(text) <= MAX_SITE_NAME
        and _SITE_NAME.search(text) is not None
        and _HEADLINE_MARK.search(text) is None
    )


def _site_name_removed(title: str, others: list[str]) -> str:
    """'标题 - 栏目 - 站名' or '站名--标题' -> '标题'.

    The part that the page repeats as a line of its own wins; otherwise the longest part that
    is not a site's name. A title that is only a site's name gives no headline at all.
    """
    parts = [part for part in _SITE_SEPARATORS.split(title.strip()) if part]
    if len(parts) < 2:
        return "" if is_site_name(title) else title
    squeezed = {other.replace(" ", "") for other in others if other}
    for part in parts:
        if part.replace(" ", "") in squeezed:
            return part
    for other in others:
        if other and len(other) >= MIN_TITLE and other in title:
            return other
    headlines = [part for part in parts if not is_site_name(part)]
    return max(headlines or parts, key=len)


def _platform_suffix_removed(title: str) -> str:
    """'标题_网易订阅' -> '标题': a reposting platform's or site's name after a separator."""
    title = title.strip()
    while True:
        separators = list(_SITE_SEPARATORS.finditer(title))
        if not separators or not is_site_name(title[separators[-1].end() :]):
            return title
        head = title[: separators[-1].start()]
        if len(head) < MIN_TITLE:
            return title
        title = head


def read_front_matter(draft: Draft) -> None:
    """Hexo/Jekyll fields: title, date, cover; an 'author' that is a platform is the platform."""
    front = draft.front
    if not front:
        return
    title = str(front.get("title") or "").strip()
    if title:
        draft.title = _platform_suffix_removed(title)
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
        if name in PLATFORMS or (raw in names and is_site_name(name)):
            draft.via = draft.via or name  # 趣头条, or an account such as 大连甘井子发布
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
    early = [block.text for block in draft.blocks[:TITLE_WINDOW] if block.is_text]
    h1 = "" if is_site_name(page.h1) else page.h1  # many sites put their logo in an <h1>
    title = _platform_suffix_removed(headline) if headline else h1
    if not title and page.title:
        title = _site_name_removed(page.title, early)
    draft.title = draft.title or title or _header_title(page.header)
    date: Moment | None = None
    for key in sel.META_DATE:
        if meta.get(key):
            date = parse_date(meta[key])
            if date:
                break
    if date is None and script.get("ct"):
        date = parse_date(script["ct"])
    draft.date = draft.date or date
    draft.source = draft.source or field_value(_meta(meta, ("contentsource", "source")))
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


def _header_title(lines: list[str]) -> str:
    """The headline among the lines above a page's body.

    It is the last title-like line above the 来源/时间 line (or the last of all, without one).
    """
    headline = ""
    for line in lines:
        if meta_fields(line) is not None:
            return headline
        if _title_like(line):
            headline = line
    return headline


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
    """With no 来源 line, the publisher named by a byline, dateline or breadcrumb is the source.

    A name credited both as 责任编辑 and, without a role, as an author (a page's author tag
    often holds its editor) is the editor only.
    """
    editors = {name for name, _ in draft.credits.editors}
    draft.credits.authors[:] = [
        (name, role) for name, role in draft.credits.authors if role or name not in editors
    ]
    if not draft.source:
        draft.source = draft.credits.publisher or draft.publisher
    if draft.source and draft.via == draft.source:
        draft.via = ""
    on_platform = draft.source in PLATFORMS or any(
        part in PLATFORMS for part in re.split(r"[·•\-|｜]", draft.source)
    )
    if on_platform:  # 澎湃新闻·澎湃号·政务: where the copy was posted, never who published it
        draft.via, draft.source = draft.via or draft.source, ""


def front_value(front: dict[str, Any], key: str) -> str:
    """A front matter value as text."""
    value = front.get(key)
    return "" if value is None else str(value)
