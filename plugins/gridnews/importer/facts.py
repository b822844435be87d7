"""Stage: suggested facts.

Honours, contest winners and figures the story reports, in the content model's shape, for an
editor to confirm (they are written under `review`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gridnews.gazetteer import gazetteer
from gridnews.importer.credits import is_person
from gridnews.importer.draft import Draft
from gridnews.importer.repair import to_simplified
from gridnews.model import PRIZES, rate_of, rate_tolerance

_HAN = "\u4e00-\u9fff"
_NUMBER_WORDS = {
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_CLAUSE = re.compile(r"[，。；！？：,;]")
_SENTENCE = re.compile(r"[^。！？]+[。！？]?")

# Cheap tests that let a story skip finders that cannot match it.
_HONOUR_WORDS = re.compile(r"荣获|获评|被评为|获得|荣膺|被授予|最美|优秀网格")
_PRIZE_WORDS = re.compile("|".join(PRIZES))

# --- honours -----------------------------------------------------------------------------------

# Award titles are quoted with “”, "", 《》 or the corner quotes of traditional text 「」『』.
_OPEN = '“"《「『'
_CLOSE = '”"》」』'
_AWARDED = re.compile(
    rf"(?P<subject>[{_HAN}\w（）()·]{{0,40}}?)"
    rf"(?:等(?P<count>\d+|[两二三四五六七八九十])(?P<unit>个|名|位)(?P<noun>[{_HAN}]{{0,4}}))?"
    r"(?:荣获|获评|被评为|获得|荣膺|被授予)"
    r"(?:(?P<year>(?:19|20)\d{2})年度?)?"
    rf"(?P<issuer>[{_HAN}]{{0,12}}?)"
    rf"(?:[{_OPEN}](?P<quoted>[^{_CLOSE}，。；、]{{2,20}})[{_CLOSE}](?:荣誉)?(?:称号)?"
    r"(?=[，。；、和及]|$)"
    rf"|(?P<award>[{_HAN}]{{2,20}}?)(?:荣誉)?(?:称号)?(?=[，。；、]|$))"
)
# '…“优秀网格员”和2022年度湖南省“优秀网格长”': a second honour of the same subject.
_ALSO_AWARDED = re.compile(
    r"(?:和|及|以及|、)(?:(?P<year>(?:19|20)\d{2})年度?)?"
    rf"(?P<issuer>[{_HAN}]{{0,12}}?)[{_OPEN}](?P<quoted>[^{_CLOSE}，。；、]{{2,20}})[{_CLOSE}]"
    r"(?:荣誉)?(?:称号)?"
)
# '获评尤溪县2023年度“最美网格员”' says the same as '获评2023年度尤溪县“最美网格员”'.
_SCOPE_FIRST = re.compile(
    rf"(?P<verb>荣获|获评|被评为|荣膺|被授予)(?P<scope>全国|全省|全市|全区|全县|[{_HAN}]{{2,8}}?[省市县区])"
    r"(?P<year>(?:19|20)\d{2}年度?)"
)
# Words between a worker and the verb that are not part of the name: 周桂英先后获评, 她还获评.
_SUBJECT_TAIL = re.compile(
    r"(?:还曾|曾经|先后|分别|多次|再次|同时|今年|去年|前年|当年|同年|还|也|又|曾|均|都|已)+$"
)
# A subject that is only a time or a linking word: the honour's holder is named before it.
_NOT_A_SUBJECT = re.compile(
    r"^(?:今年|去年|前年|当年|同年|近年来|近年|此前|此后|之后|后来|随后|其后|目前|现在"
    r"|她们|他们|她|他|其)?$"
)
# '虢镇街道东城社区网格员杨秀琴': a worker named after their place and post.
_POSTED = re.compile(
    rf"^(?:(?P<area>[{_HAN}\d]{{0,30}}?)(?:网格员|网格长))?"
    rf"(?P<name>[{_HAN}]{{2,4}}|[{_HAN}]{{1,6}}·[{_HAN}]{{1,8}})$"
)
_APPOSITION = re.compile(
    r"(?P<year>(?:19|20)\d{2})年度?"
    rf"(?P<scope>全国|全省|全市|全区|全县|[{_HAN}]{{2,8}}?[省市县区])"
    rf"(?P<award>[{_HAN}]{{2,12}}?(?:网格员|网格|标兵|能手|先进个人|之星))、"
    rf"(?P<area>[{_HAN}\d]{{2,30}}?)网格员(?P<name>[{_HAN}]{{2,3}}?)(?=说|表示|介绍|认为|，|。)"
)
# '2023年度“十佳网格长”：刘桂英（贡江镇）、邱德明（罗坳镇）…': an honour roll's line.
_ROLL = re.compile(
    r"(?:(?P<year>(?:19|20)\d{2})年度?)?"
    rf"(?P<scope>全国|全省|全市|全区|全县|[{_HAN}]{{2,8}}?[省市县区])?"
    r"[“\"「『](?P<award>[^”\"」』，。；、]{2,20})[”\"」』](?:称号)?\s*[：:]\s*(?P<names>[^。；\n]{2,400})"
)
# '郭喆、温瑞琴、任建平等35名同志获评“优秀网格员”': several people named before one honour, each
# maybe after their place and post (城关镇紫阳社区网格员陈丽华、西城镇网格员林建华等20名网格员…).
_NAMED_GROUP = re.compile(
    r"(?P<names>[^，。；：:]{2,40}?(?:、[^，。；：:、]{2,40}?)+)"
    rf"(?:等(?P<count>\d+|[两二三四五六七八九十]+)[名位][{_HAN}]{{0,4}}?)?"
    r"(?:还|也|均|都|分别|同时|先后)?(?:荣获|获评|被评为|被授予)(?P<year>(?:19|20)\d{2}年度?)?"
    rf"(?P<scope>全国|全省|全市|全区|全县|[{_HAN}]{{2,8}}?[省市县区])?"
    rf"[{_OPEN}](?P<award>[^{_CLOSE}，。；、]{{2,20}})[{_CLOSE}]"
)
_QUOTED = re.compile(f"[{_CLOSE}]")
_NUMBERED_HEAD = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])")
_YEAR_FIRST = r"\g<verb>\g<year>\g<scope>"
_GROUP_NOTE_END = re.compile(r"荣获|获评|被评为|获得|荣膺|被授予")
_GROUP_VERB = re.compile(r"荣获|获评|被评为|被授予")
_YEAR_IN = re.compile(r"((?:19|20)\d{2})年度?")
_OPENING_RUN = re.compile(rf"(?:^|(?<=[，。；！？：\n“”]))([{_HAN}]+)")
_PLACE_WORD = re.compile(r"社区|街道|网格")
_RANGE_END = re.compile(r"\d\s*(?:至|到|~|～|-|—)\s*$")
_GROUP_TAIL = re.compile(rf"等\d*名?[{_HAN}]{{0,4}}$")  # …等50名同志
# A team's or group's name is not a person's, even at two to four characters (温泉镇代表队).
_GROUP_ENDS = tuple("队组团班会")


def _person(name: str) -> bool:
    """A person's name, not a team's."""
    return is_person(name) and not name.endswith(_GROUP_ENDS)


_SCOPE_LEVEL = {
    "自治区": "省级",
    "全自治区": "省级",
    "全国": "国家级",
    "国家": "国家级",
    "中央": "国家级",
    "全省": "省级",
    "全区": "县级",
    "全县": "县级",
    "全镇": "乡镇级",
    "全乡": "乡镇级",
    "全街道": "乡镇级",
}
_DIVISION_LEVEL = {1: "省级", 2: "市级", 3: "县级", 4: "乡镇级"}


def _number(text: str) -> int:
    """Read 5 or 五."""
    return int(text) if text.isdigit() else _NUMBER_WORDS.get(text, 0)


def _level_of(issuer: str, region: str) -> tuple[str, str]:
    """The level and full name of an issuer: 成都市 -> (市级, 成都市); 全省 -> (省级, 江苏省)."""
    parts = region.split("/") if region else []
    if issuer in _SCOPE_LEVEL:
        level = _SCOPE_LEVEL[issuer]
        if issuer in ("全省", "自治区", "全自治区") and parts:
            return level, parts[0]
        if issuer in ("全区", "全县") and len(parts) >= 3:
            return level, parts[2]  # the story's county: 全县 in 互助县's news is 互助土族自治县
        return level, issuer
    if issuer == "全市":
        # The city the story is in: a prefecture (市级) or a county-level city (县级).
        for depth in (3, 2):
            if len(parts) >= depth and parts[depth - 1].endswith("市"):
                return _DIVISION_LEVEL[depth], parts[depth - 1]
        return "", issuer
    names = gazetteer()
    for mention in names.mentions(issuer):
        levels = sorted(names.divisions[code].level for code in mention.codes)
        if levels:
            return _DIVISION_LEVEL.get(levels[0], ""), issuer
    return "", issuer


def _region_of(area: str, region: str) -> str:
    """Extend the story's region with a township and community named in a grid's address."""
    if not region or not area:
        return region
    names = gazetteer()
    parent = names.code_of(names.known_prefix(region))
    extended = region
    for mention in names.mentions(area):
        for code in mention.codes:
            division = names.divisions[code]
            if division.level == 4 and division.parent == parent:
                extended = names.path(code)
                rest = area[mention.end :]
                community = re.match(rf"[{_HAN}]{{2,10}}?(?:社区|村|居委会)", rest)
                if community:
                    extended += "/" + community.group(0)
                return extended
    return extended


NAMED_OFTEN = 3  # a person the story names this often is the one it is about


def _named_before(before: str, text: str) -> str:
    """The worker a sentence opens with, if the story names them as one: 王淑华从事网格工作…."""
    before = re.sub(f"^[^{_HAN}]+", "", before)  # the quote mark or line break that opens it
    for size in (3, 2):
        name = before[:size]
        if not (len(name) == size and _person(name)):
            continue
        if re.search(f"(?:网格员|网格长){name}", text) or text.count(name) >= NAMED_OFTEN:
            return name
    return ""


def _holder(match: re.Match[str], sentence: str, text: str) -> tuple[str, str]:
    """Who holds an honour, and the place named with them: ('杨秀琴', '虢镇街道东城社区').

    A time word is never a holder: '王淑华从事网格工作已经8年，今年荣获…' goes to the worker the
    sentence opens with, or to nobody when the story does not name them as one.
    """
    subject = match["subject"].removeprefix("其中")
    subject = _SUBJECT_TAIL.sub("", subject)
    subject = _OWNER.sub("", subject)  # 她所在的天津路社区第三网格: the grid, not her
    if _NOT_A_SUBJECT.match(subject):
        return _named_before(sentence[: match.start()], text), ""
    posted = _POSTED.match(subject)
    if posted is not None:
        return posted["name"], posted["area"] or ""
    return subject, ""


def _award_honour(
    draft: Draft, name: str, *, kind: str, award: str, year: int, issuer_text: str
) -> dict[str, Any]:
    """An honour with its issuer's level (county level, noted, when it cannot be told)."""
    level, issuer = _level_of(issuer_text, draft.region)
    honour: dict[str, Any] = {"name": name, "kind": kind, "award": award, "year": year}
    if issuer:
        honour["issuer"] = issuer
    honour["level"] = level or "县级"
    note = f"“{award}”的颁发级别无法判断，暂定为县级；请核对。"
    if not level and note not in draft.notes:
        draft.notes.append(note)
    return honour


_OWNER = re.compile(r"^(?:她们|他们|她|他|其)(?:所在|负责|管理)?的")
# A subject that counts grids (汇川区有3个网格) names none of them.
_COUNTED = re.compile(r"\d+[个名位]|[有共][两二三四五六七八九十]+[个名位]")
# An honour told without its year in a sentence about several years (先后获评…) has no year.
_YEARS_AGO = re.compile(r"先后|曾经|曾|多次|历年")


def _year_of(match: re.Match[str], sentence: str, year: int | None) -> int | None:
    """The year of an honour: its own, else (for a quoted title) the sentence's or the story's."""
    if match["year"]:
        return int(match["year"])
    if not match["quoted"] or match["quoted"].endswith("奖") or _YEARS_AGO.search(sentence):
        return None  # a contest's prize (最佳个人奖), or an honour of some earlier year
    stated = _YEAR_IN.search(sentence)
    return int(stated.group(1)) if stated else year


def _awarded(draft: Draft, sentence: str, match: re.Match[str], year: int | None) -> None:
    """The honours of one 'X荣获2018年度成都市“十大明星网格员”' and of any '和…“…”' after it."""
    if sentence[match.start() - 1 : match.start()] == "、":
        return  # one of several people named before the honour: a named group's
    when = _year_of(match, sentence, year)
    subject, area = _holder(match, sentence, draft.body_text())
    award = (match["quoted"] or match["award"]).strip()
    grid = (
        subject.endswith("网格") or (match["noun"] or "").endswith("网格") or award.endswith("网格")
    )
    kind = "grid" if grid else "worker"
    if when is None or _COUNTED.search(subject) or (kind == "worker" and not is_person(subject)):
        return
    place = subject if kind == "grid" else area
    region = _region_of(place, draft.region) if place else draft.region
    extra: dict[str, Any] = {"region": region} if region else {}
    if match["count"]:
        extra["count"] = _number(match["count"])
        extra["note"] = _GROUP_NOTE_END.split(match.group(0))[0].removeprefix("其中，").lstrip("，")
    _add_honour(
        draft,
        _award_honour(
            draft, subject, kind=kind, award=award, year=when, issuer_text=match["issuer"]
        )
        | extra,
    )
    end = match.end()
    while also := _ALSO_AWARDED.match(sentence, end):
        again = int(also["year"]) if also["year"] else when
        honour = _award_honour(
            draft, subject, kind=kind, award=also["quoted"], year=again, issuer_text=also["issuer"]
        )
        _add_honour(draft, honour | extra)
        end = also.end()


def find_honours(draft: Draft, sentences: list[str], year: int | None) -> None:
    """Find 'X荣获2018年度成都市“十大明星网格员”' and '2021年全省最美网格员、…网格员王健'."""
    for raw in sentences:
        if not _HONOUR_WORDS.search(raw):
            continue
        sentence = _SCOPE_FIRST.sub(_YEAR_FIRST, raw)
        for match in _AWARDED.finditer(sentence):
            _awarded(draft, sentence, match, year)
        for match in _APPOSITION.finditer(sentence):
            level, issuer = _level_of(match["scope"], draft.region)
            honour = {
                "name": match["name"],
                "kind": "worker",
                "award": match["award"],
                "year": int(match["year"]),
                "issuer": issuer,
                "level": level or "县级",
            }
            region = _region_of(match["area"], draft.region)
            if region:
                honour["region"] = region
            _add_honour(draft, honour)


def _roll_honour(
    draft: Draft, name: str, award: str, year: int, *, scope: str, area: str = ""
) -> dict[str, Any]:
    """One person's honour from a roll or a named group."""
    level, issuer = _level_of(scope, draft.region) if scope else ("", "")
    honour: dict[str, Any] = {"name": name, "kind": "worker", "award": award, "year": year}
    if issuer:
        honour["issuer"] = issuer
    honour["level"] = level or "县级"
    region = _region_of(area, draft.region) if area else draft.region
    if region:
        honour["region"] = region
    return honour


def _add_honour(draft: Draft, honour: dict[str, Any]) -> None:
    """Add an honour unless the same person already has the same award."""
    if all(h["name"] != honour["name"] or h["award"] != honour["award"] for h in draft.honours):
        draft.honours.append(honour)
        if honour["level"] == "县级" and "issuer" not in honour:
            note = f"“{honour['award']}”的颁发级别无法判断，暂定为县级；请核对。"
            if note not in draft.notes:
                draft.notes.append(note)


def find_honour_rolls(draft: Draft, sentences: list[str], year: int | None) -> None:
    """Find the people of an honour roll line and of a named group given one honour.

    '2023年度“十佳网格长”：刘桂英（贡江镇）、邱德明（罗坳镇）' and '郭喆、温瑞琴等35名同志获评
    “优秀网格员”' each give one honour per person named; the year is the one the sentence
    names, else the story's. A list with anything but names (and their units) gives nothing.
    """
    for sentence in sentences:
        if not _QUOTED.search(sentence):
            continue
        rolls = "：" in sentence or ":" in sentence
        group = "、" in sentence and _GROUP_VERB.search(sentence) is not None
        if not (rolls or group):
            continue
        stated = _YEAR_IN.search(sentence)
        default = int(stated.group(1)) if stated else year
        for match in _ROLL.finditer(sentence) if rolls else ():
            entries = re.split(r"[、，,]", _GROUP_TAIL.sub("", match["names"]))
            people = []
            for entry in entries:
                unit = re.search(r"[（(]([^）)]*)[）)]", entry)
                name = re.sub(r"[（(][^）)]*[）)]", "", entry).strip()
                if not _person(name):
                    people = []
                    break
                people.append((name, unit.group(1) if unit else ""))
            when = int(match["year"]) if match["year"] else default
            if when is None:
                continue
            for name, area in people:
                honour = _roll_honour(
                    draft, name, match["award"], when, scope=match["scope"] or "", area=area
                )
                _add_honour(draft, honour)
        for match in (
            _NAMED_GROUP.finditer(_SCOPE_FIRST.sub(_YEAR_FIRST, sentence)) if group else ()
        ):
            _named_group(draft, match, default)


def _named_group(draft: Draft, match: re.Match[str], default: int | None) -> None:
    """One honour per person of '郭喆、温瑞琴等35名同志获评“优秀网格员”'; none unless all are."""
    entries = [_POSTED.match(entry) for entry in _CLAUSE.split(match["names"])[-1].split("、")]
    people = [(entry["name"], entry["area"] or "") for entry in entries if entry is not None]
    when = int(match["year"][:4]) if match["year"] else default
    if when is None or len(people) < len(entries) or not all(_person(n) for n, _ in people):
        return
    for name, area in people:
        honour = _roll_honour(
            draft, name, match["award"], when, scope=match["scope"] or "", area=area
        )
        _add_honour(draft, honour)


# --- tables ------------------------------------------------------------------------------------

# An honour or prize list as a table: a column of names beside a column of titles or prizes.
_NAME_HEADS = ("姓名", "名字", "获奖者", "获奖人", "获奖人员")
_AWARD_HEADS = ("荣誉称号", "称号", "荣誉", "表彰类别", "表彰项目")
_PRIZE_HEADS = ("名次", "奖项", "奖次", "等次", "获奖等次", "获奖等级", "获奖情况")
_PLACE_HEADS = ("所在网格", "网格", "单位", "所在单位", "工作单位", "乡镇", "镇街", "乡镇（街道）")
_LIST_WORDS = re.compile(r"名单|表彰|获评|荣获|光荣榜")
_QUOTED_AWARD = re.compile(rf"[{_OPEN}](?P<award>[^{_CLOSE}，。；、]{{2,20}})[{_CLOSE}]")


def _tables(draft: Draft) -> list[tuple[str, list[list[str]]]]:
    """Each table of the story, in simplified characters, with the text just before it."""
    tables: list[tuple[str, list[list[str]]]] = []
    before = ""
    for block in draft.blocks:
        if block.kind == "table" and len(block.rows) >= 2:
            rows = [[cell.strip() for cell in row] for row in block.rows]
            if draft.lang == "zh-Hant":
                rows = [[to_simplified(cell) for cell in row] for row in rows]
            tables.append((before, rows))
        elif block.is_text:
            before = block.text
    return tables


def _column(header: list[str], heads: tuple[str, ...]) -> int | None:
    """Where the column headed by one of heads is."""
    return next((index for index, cell in enumerate(header) if cell in heads), None)


def _cell(row: list[str], index: int | None) -> str:
    """A row's cell, empty for a missing column or a short row."""
    return row[index] if index is not None and index < len(row) else ""


def find_table_honours(draft: Draft, year: int | None) -> None:
    """One honour per row of a table headed 姓名 and 荣誉称号 (or captioned with its award)."""
    for before, rows in _tables(draft):
        header = rows[0]
        names, awards = _column(header, _NAME_HEADS), _column(header, _AWARD_HEADS)
        caption = _QUOTED_AWARD.search(before) if _LIST_WORDS.search(before) else None
        if names is None or (awards is None and caption is None):
            continue
        stated = _YEAR_IN.search(before)
        when = int(stated.group(1)) if stated else year
        if when is None:
            continue
        places = _column(header, _PLACE_HEADS)
        for row in rows[1:]:
            name = _cell(row, names)
            award = _cell(row, awards).strip('“”"「」『』') or (caption["award"] if caption else "")
            if not _person(name) or award in PRIZES or len(award) < 2:
                continue
            place = _cell(row, places)
            honour = _roll_honour(draft, name, award, when, scope="", area=place)
            if place.endswith("网格"):
                honour["grid"] = place
            _add_honour(draft, honour)


# A list's heading: '十佳网格员光荣榜', '五星网格名单', '一、2023年度荷塘区“十佳网格员”'.
_LIST_AWARD = re.compile(
    rf"(?:[{_OPEN}](?P<quoted>[^{_CLOSE}，。；、]{{2,20}})[{_CLOSE}]|"
    rf"(?P<plain>[{_HAN}]{{0,6}}?(?:网格员|网格长|网格)))(?:名单|光荣榜|榜单)?$"
)
_AWARD_WORD = re.compile(r"(?:优秀|十佳|最美|金牌|星级|五星|四星|先进|示范|标兵|明星|模范)")
# A line of a list: '桂花街道：刘芳', '仙庾镇：龙军、贺晓霞'.
_ROSTER_LINE = re.compile(
    rf"^(?P<place>[{_HAN}]{{1,12}}?(?:街道|镇|乡|社区|村))[：:](?P<names>[{_HAN}、]{{2,60}})。?$"
)
# An item of a list of people: '熊丽萍（湖坊镇）', or a name alone.
_NAME_PLACED = re.compile(rf"^(?P<name>[{_HAN}·]{{2,4}})(?:[（(](?P<place>[^）)]{{2,16}})[）)])?$")
_GRID_ITEM = re.compile(rf"^[{_HAN}\d]{{4,30}}网格$")
LIST_HEADING_MAX = 40


def _list_award(text: str) -> str:
    """The award a list's heading names, or ''."""
    text = _NUMBERED_HEAD.sub("", text.strip())
    if len(text) > LIST_HEADING_MAX or text[-1:] in "。，；！？":
        return ""
    match = _LIST_AWARD.search(text)
    award = (match["quoted"] or match["plain"]) if match else ""
    return award if award and _AWARD_WORD.search(award) and "网格" in award else ""


def _listed(draft: Draft, award: str, text: str, year: int) -> bool:
    """Honours of one line under a list's heading; False when the line is not part of a list."""
    roster = _ROSTER_LINE.match(text)
    if roster and not award.endswith("网格"):
        names = roster["names"].split("、")
        if not all(_person(name) for name in names):
            return False
        for name in names:
            honour = _roll_honour(draft, name, award, year, scope="", area=roster["place"])
            _add_honour(draft, honour)
        return True
    items = [item.strip() for item in _GROUP_TAIL.sub("", text.rstrip("。")).split("、")]
    placed = [_NAME_PLACED.match(item) for item in items]
    if not award.endswith("网格") and all(placed):
        for found in placed:  # 熊丽萍（湖坊镇）、李建华（塘山镇）
            assert found is not None  # all matched just above
            if _person(found["name"]):
                area = found["place"]
                _add_honour(
                    draft, _roll_honour(draft, found["name"], award, year, scope="", area=area)
                )
        return True
    if award.endswith("网格") and all(_GRID_ITEM.match(item) for item in items):
        for item in items:
            honour = _roll_honour(draft, item, award, year, scope="", area=item)
            honour["kind"] = "grid"
            _add_honour(draft, honour)
        return True
    return False


def find_listed_honours(draft: Draft, year: int | None) -> None:
    """Lists under a heading that names an award: people by their place, or grids by name."""
    award, when = "", year
    for block in draft.blocks:
        if not block.is_text:
            award = ""
            continue
        if award and when is not None and _listed(draft, award, block.text, when):
            continue
        award = _list_award(block.text)
        stated = _YEAR_IN.search(block.text)
        when = int(stated.group(1)) if stated else year


def table_winners(draft: Draft) -> list[dict[str, Any]]:
    """The winners of a table headed 姓名 and 名次 (or 奖项), one per row that names a prize."""
    winners: list[dict[str, Any]] = []
    for _, rows in _tables(draft):
        names, prizes = _column(rows[0], _NAME_HEADS), _column(rows[0], _PRIZE_HEADS)
        if names is None or prizes is None:
            continue
        places = _column(rows[0], _PLACE_HEADS)
        for row in rows[1:]:
            name, prize = _cell(row, names), _cell(row, prizes)
            if prize not in PRIZES or not _person(name):
                continue
            winner: dict[str, Any] = {"name": name, "prize": prize}
            region = _region_of(_cell(row, places), draft.region)
            if region and region != draft.region:
                winner["region"] = region
            winners.append(winner)
    return winners


# --- events ------------------------------------------------------------------------------------

_CONTEST = re.compile(
    rf"[{_HAN}“”‘’「」『』]{{2,40}}?(?:讲述大赛|讲述活动|故事会|比武大赛|演讲比赛|知识竞赛|技能大赛|大赛"
    r"|比赛|竞赛|评选活动|擂台赛|比武)"
)
# What comes before an event's own name in its sentence: 由…主办的, …特举办, …举行的, 并为….
# Looked for outside quotation marks only: the 的 of “我的网格故事” is part of the name.
_BEFORE_NAME = re.compile(
    r"^(?:.*(?:举办了?|举行了?|开展了?|组织了?|的|特)|(?:并|还|同时)?[为对向])"
)
_QUOTE_SPAN = re.compile(r"“[^”]*”|‘[^’]*’|「[^」]*」|『[^』]*』")
_ORGANISER_BY = re.compile(rf"由(?P<org>[{_HAN}]{{2,16}}?)(?:主办|举办|组织|牵头)")
_ORGANISER_BEFORE = re.compile(
    rf"(?P<org>[{_HAN}]{{2,16}}?)(?:特|隆重|成功|专门)?(?:举办|举行|开展|组织)了?$"
)
_HELD_AT = re.compile(
    rf"在(?P<place>[{_HAN}]{{2,20}}?)(?:举行|举办|开展|召开|开讲|开幕|开赛|拉开帷幕|进行)"
)
_WINNER = re.compile(
    rf"(?P<area>[{_HAN}\d]{{2,30}}?)网格员(?P<name>[{_HAN}]{{2,3}}?)(?:的(?P<form>[{_HAN}]{{0,4}}?)|以|凭借?)"
    rf"《(?P<work>[^》]{{1,40}})》获得?了?(?P<prize>{'|'.join(PRIZES)})"
)
_WINNER_GROUP = re.compile(
    rf"(?P<people>(?:[{_HAN}]{{2,12}}?网格员[{_HAN}]{{2,3}}、?)+)(?:分别)?(?:获得|荣获|获)了?"
    rf"(?P<prize>{'|'.join(PRIZES)})"
)
_GROUP_ITEM = re.compile(rf"(?P<area>[{_HAN}]{{2,12}}?)网格员(?P<name>[{_HAN}]{{2,3}})")
# '车站街道刘佳的《凌晨两点的电话》获得一等奖；科苑街道王倩的《…》、…获得二等奖':
# works named with their teller's place, one or several to a prize.
_WORKS_GROUP = re.compile(
    rf"(?P<items>(?:[{_HAN}]{{1,12}}?(?:街道|镇|乡|社区|村)(?:网格员)?[{_HAN}]{{2,3}}的"
    rf"[{_HAN}]{{0,4}}?《[^》]{{1,40}}》、?)+)(?:分别)?获得?了?(?P<prize>{'|'.join(PRIZES)})"
)
_WORK_ITEM = re.compile(
    rf"(?P<area>[{_HAN}]{{1,12}}?(?:街道|镇|乡|社区|村))(?:网格员)?(?P<name>[{_HAN}]{{2,3}}?)的"
    rf"[{_HAN}]{{0,4}}?《(?P<work>[^》]{{1,40}})》"
)
# '三市镇方秋霞获得一等奖，伍市镇邓建平、城关镇汪丽娟获得二等奖': winners named after their place.
_WINNER_PLACED = re.compile(
    rf"(?P<people>[{_HAN}、]{{4,80}}?)(?:分别)?(?:获得|荣获|获)了?(?P<prize>{'|'.join(PRIZES)})"
)
_PLACED_ITEM = re.compile(
    rf"(?P<area>[{_HAN}]{{1,10}}?(?:街道|镇|乡|社区|村))(?:网格员)?(?P<name>[{_HAN}]{{2,3}})"
)
_PRIZE_LIST = re.compile(rf"(?P<prize>{'|'.join(PRIZES)})\s*[：:]\s*(?P<names>[^。；\n]{{2,200}})")
_FORMS = re.compile(r"用(?P<forms>[^，。]{2,30}?)等[^，。]{0,8}形式")
_PLACE = re.compile(
    rf"(?P<place>[{_HAN}]{{4,20}}(?:多功能厅|会议室|礼堂|剧场|剧院|大厅|广场|中心|体育馆|文化馆))"
)
_MONTH_DAY = re.compile(r"(?:(?P<year>(?:19|20)\d{2})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日")


def _winners(draft: Draft, text: str) -> list[dict[str, Any]]:
    """Prize winners, in the five ways stories write them."""
    winners: list[dict[str, Any]] = []

    def add(name: str, prize: str, area: str = "", work: str = "") -> None:
        if not _person(name) or any(w["name"] == name for w in winners):
            return
        winner: dict[str, Any] = {"name": name, "prize": prize}
        if work:
            winner["work"] = work
        region = _region_of(area, draft.region) if area else ""
        if region and region != draft.region:
            winner["region"] = region
        winners.append(winner)

    for found in _WINNER.finditer(text):  # 祁娟的演讲《网格心向党，责任伴我行》获得了一等奖
        add(found["name"], found["prize"], _CLAUSE.split(found["area"])[-1], found["work"])
    for found in _WORKS_GROUP.finditer(text):  # 车站街道刘佳的《凌晨两点的电话》获得一等奖
        for item in _WORK_ITEM.finditer(found["items"]):
            add(item["name"], found["prize"], item["area"], item["work"])
    for found in _WINNER_GROUP.finditer(text):  # 城阳街道网格员高峰、棘洪滩街道网格员孙丽获得二等奖
        for item in _GROUP_ITEM.finditer(_CLAUSE.split(found["people"])[-1]):
            add(item["name"], found["prize"], item["area"])
    for found in _WINNER_PLACED.finditer(text):  # 三市镇方秋霞获得一等奖
        items = [_PLACED_ITEM.fullmatch(item) for item in found["people"].split("、")]
        if all(item is not None and _person(item["name"]) for item in items):
            for item in items:
                assert item is not None  # checked just above
                add(item["name"], found["prize"], item["area"])
    for found in _PRIZE_LIST.finditer(text):  # 一等奖：张丽（玉林街道）、陈浩（浆洗街街道）
        for entry in re.split(r"[、，,]", found["names"]):
            unit = re.search(r"[（(]([^）)]*)[）)]", entry)
            add(
                re.sub(r"[（(][^）)]*[）)]", "", entry).strip(),
                found["prize"],
                unit.group(1) if unit else "",
            )
    winners.sort(key=lambda w: PRIZES.index(w["prize"]))
    return winners


def find_events(
    draft: Draft, text: str, sentences: list[str], year: int | None, listed: list[dict[str, Any]]
) -> None:
    """Find a contest (故事讲述大赛, 技能比武大赛) with its winners, prizes and works.

    listed: the winners of the story's prize tables, which belong to its contest too.
    """
    for sentence in sentences:
        match = _CONTEST.search(sentence)
        if match is None:
            continue
        name = _event_name(match.group(0))
        after = text[text.find(sentence) :]
        winners = _winners(draft, after)
        winners += [w for w in listed if all(w["name"] != v["name"] for v in winners)]
        winners.sort(key=lambda w: PRIZES.index(w["prize"]))
        if not winners:
            continue
        before = sentence[: match.start() + match.group(0).find(name)]
        organiser_match = _ORGANISER_BY.search(sentence) or _ORGANISER_BEFORE.search(
            _CLAUSE.split(before)[-1]
        )
        organiser = organiser_match["org"] if organiser_match else ""
        if organiser.endswith("里"):
            organiser = ""  # 区里举办了…: a way of speaking, not a body
        places = gazetteer()
        if (
            organiser
            and not places.mentions(name)
            and places.mentions(organiser)
            and (organiser.endswith(("省", "市", "区", "县", "镇", "乡", "街道")))
        ):
            name = organiser + name  # 网格故事讲述活动 held by 盐都区: 盐都区网格故事讲述活动
        event: dict[str, Any] = {"name": name}
        date = _event_date(text, year)
        if date:
            event["date"] = date
        place = _place_of(sentence, after)
        if place:
            event["place"] = place
        if organiser:
            event["organiser"] = organiser
        if draft.region:
            event["region"] = draft.region
        forms = _FORMS.search(after)
        if forms:
            event["forms"] = [form for form in re.split(r"[、，和及]", forms["forms"]) if form]
        event["winners"] = winners
        draft.events.append(event)
        return


def _event_name(found: str) -> str:
    """An event's own name, without what leads up to it in the sentence (…举办的, 并为)."""
    masked = _QUOTE_SPAN.sub(lambda quote: "□" * len(quote.group(0)), found)
    cut = _BEFORE_NAME.match(masked)
    return found[cut.end() :] if cut and cut.end() < len(found) else found


def _place_of(sentence: str, after: str) -> str:
    """Where an event is held: 在县文化馆开讲, else a hall named near it, from 在 on."""
    held = _HELD_AT.search(sentence)
    if held:
        return held["place"]
    hall = _PLACE.search(after)
    return hall["place"].rpartition("在")[2] if hall else ""


def _event_date(text: str, year: int | None) -> str:
    """The first 月日 of the story, in the year given or inferred."""
    match = _MONTH_DAY.search(text)
    if match is None:
        return ""
    the_year = int(match["year"]) if match["year"] else year
    if the_year is None:
        return ""
    return f"{the_year:04d}-{int(match['month']):02d}-{int(match['day']):02d}"


# --- stats -------------------------------------------------------------------------------------

_UNITS = "户次|人次|个|名|人|件|起|条|户|次|家|支|所|项|座|场|期|%|％"
# A count: 4.2万件, 2万多条, 99.3%, 1078个.
_NUMBER = re.compile(
    rf"(?<![\d.,第])(?P<value>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?P<mult>万|亿)?(?P<approx>多|余)?"
    rf"(?P<unit>{_UNITS})"
)
# 1078个城乡网格: a count before its noun, for the nouns of grid governance only. Not after 的 or
# 等 (表现突出的10名网格员, 濛阳镇东塔社区001网格等5个网格 count a subset, not the whole).
_GRID_NOUN = re.compile(rf"[{_HAN}]{{0,6}}?(?:微网格|网格员|网格|联络员|志愿者)(?![{_HAN}]*的)")
# 上报各类事件4.2万件: a label, then the count; the label is the run of characters before it.
_LABEL_BEFORE = re.compile(rf"[{_HAN}]{{2,18}}$")
_HAN_CHAR = re.compile(rf"[{_HAN}]")
_LEADING = re.compile(
    r"^(?:其中|目前|今年以来|今年|去年|全年|累计|共计|共有|共|该区|该市|该县|全市|全区|全县|全镇|全乡|"
    r"网格员们(?=[\u4e00-\u9fff]{2})|网格员(?=[\u4e00-\u9fff]{2})|配备|划分|设立|建成|组建|已有|现有|还有|"
    r"达到|另有|已经|已(?=[\u4e00-\u9fff]{2})|她|他|其|我们|他们)+"
)
_TRAILING = re.compile(r"(?:达到|达|为|是|共计|共有|共|约|计|有|上升到|提高到|增至|超过|近)+$")
# A label ending like this is a verb or a phrase cut short (一次性配备到, 这里的), not a noun.
_NOT_A_NOUN_END = tuple("到在对于给向从中了的供配取选入出等把将被让使着拥占")
_METRICS = {
    "网格": "grids",
    "微网格": "micro_grids",
    "网格员": "workers",
    "专职网格员": "full_time_workers",
    "兼职网格员": "part_time_workers",
}
# Qualifiers that still mean every grid of the place (a 城区网格 count is only part of them).
_WHOLE = re.compile(r"^(?:基础|城乡|全部|全域|农村|村级)")
_DIGIT = re.compile(r"\d")
_PER_UNIT = re.compile(r"每[个名位户]?[\u4e00-\u9fff]{0,4}$")
_SINCE = re.compile(r"(?:自|从|自从)(?:19|20)\d{2}年|(?:(?:19|20)\d{2}|去|前)年(?:以来|至今|起)")
_YEAR = re.compile(r"(?<![自从])((?:19|20)\d{2})年(?!以来|至今|起|度)")
# 42名网格员参加比赛, 5名网格员获评, 200余名网格员现场观摩: the people of one event or honour (its
# contestants, audience or honourees), not the workforce.
_SELECTED = re.compile(
    r"^(?:报名|参加|参赛|参与|进入|入选|获评|被评为|荣获|获得|受到|分别|现场|代表|作为|登台|同台|到场)"
)
_AUDIENCE = re.compile(r"观摩|参赛|同台|登台|旁听|参会|出席|列席|观看|到场|聆听")
# '1206个网格共上报各类事件2.8万件': the label follows a count of who did it.
_COUNTED_DOER = re.compile(
    rf"^(?:{_UNITS})(?:微网格|网格员|网格长|网格)(?:共|累计|全年|合计|总共)+(?=[{_HAN}]{{2}})"
)
# A figure told of one person is theirs, not the region's: 他转移受威胁群众128人.
_PRONOUN = re.compile(r"(?<![其吉])[他她](?!人)")
_SPEAKS = re.compile(r"^(?:说|表示|介绍|认为|指出|告诉)")
# 三个街道…均超过99%: one figure for several places, none of them the story's.
_SHARED = re.compile(r"均(?:为|达到?|超过|高于|在|保持在)?$")
# 参与居民超过4.2万人次: a lower bound, kept as an approximate figure.
_AT_LEAST = re.compile(r"(?:超过|高于|不低于|不少于|至少|逾)$")
# 英德市今年组织网格员…开展联合培训8期: the activity is named from its verb on.
_ACTIVITY = re.compile(r"开展|组织|举办")
# 涧西区通过网格排查矛盾纠纷: who did it and how are not part of what was done.
_DOER = re.compile(
    rf"^(?:[{_HAN}]{{1,4}}[区县市](?=通过|共|累计|全年|网格员))?"
    rf"(?:通过[{_HAN}]{{0,6}}?(?:网格|平台|渠道))?"
)
# 化解3195起 after 排查矛盾纠纷3216起: the verbs that finish what the count before began.
_FOLLOW_UP = (
    "化解",
    "办结",
    "办理",
    "处置",
    "整改",
    "解决",
    "调处",
    "回复",
    "反馈",
    "完成",
    "销号",
)
# 网格员苏晓梅, 社区书记王芳: a person named by their post (and by a common surname, so
# that 网格员上报… is not one).
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_POST = re.compile(r"网格员|网格长|社区书记")
# The place a figure is told of: the story's whole region (全区, 涧西区), or a narrower one
# (天津路社区, 该村, 街道); not a count of places (13个街道) or a kind of area (农村, 城乡).
_WHOLE_PLACE = r"全[区县市旗]|该[区县市旗]|本[区县市旗]"
_NARROW_PLACE = re.compile(
    rf"(?<![农城乡\d个各全（(])(?:社区|小区|村(?![民级务])|街道(?!办)|镇(?![街])|乡(?![镇村]))"
    rf"(?![{_HAN}]{{0,2}}网格)"
)
_COUNTED_PLACES = re.compile(rf"\d+个[{_HAN}（）()]{{0,8}}")
# 第二网格有居民640户, 60岁以上老人: a figure of one grid, or of an age group, not of the region.
_ONE_GRID = re.compile(r"网格有|第[一二三四五六七八九十\d]+网格")
_YEAR_BEFORE = re.compile(r"(?:19|20)\d{2}年$")
# 第二网格有居民640户 (one grid's), 现场观摩网格员200余名 (an audience), 皇城街道事件办结率均超过
# 99% (several places'): a label that says the figure is not the region's.
_NOT_THE_REGIONS = re.compile(rf"{_ONE_GRID.pattern}|{_AUDIENCE.pattern}|{_SHARED.pattern}")


def _label(raw: str) -> str:
    """Trim a stat's label to its noun phrase: 网格员上报入户信息 -> 上报入户信息."""
    label = _CLAUSE.split(raw)[-1]
    label = _TRAILING.sub("", label)
    for marker in ("的", "共有", "现有", "共"):
        _, found, tail = label.rpartition(marker)
        if found and len(tail) >= 2:
            label = tail
    activities = list(_ACTIVITY.finditer(label))
    if activities and len(label) - activities[-1].start() >= 4:
        label = label[activities[-1].start() :]
    label = _LEADING.sub("", label)
    return _LEADING.sub("", _DOER.sub("", label)) or label


def _metric(label: str, unit: str) -> str:
    """Which grid count a stat is, if any (网格 -> grids, 专职网格员 -> full_time_workers)."""
    if unit not in ("个", "名", "人"):
        return ""
    return _METRICS.get(_WHOLE.sub("", label), "")


def _label_of(sentence: str, match: re.Match[str]) -> tuple[str, bool] | None:
    """A count's label, and whether it follows the count (1078个网格); None for no stat."""
    start, end = match.span()
    if _RANGE_END.search(sentence[:start]):
        return None  # 由1至2名专职网格员负责: a range per grid, not a count
    following = sentence[end : end + 12]
    noun = None
    if (
        match["unit"] in ("个", "名")
        and not match["mult"]
        and sentence[start - 1 : start] not in "的等"
    ):
        noun = _GRID_NOUN.match(following)
    if noun is not None:
        if _PER_UNIT.search(sentence[:start]):
            return None  # 每个网格配备1名专职网格员: a ratio, not a count
        rest = _CLAUSE.split(sentence[end + len(noun.group(0)) :], 1)[0]
        if _SELECTED.match(rest) or _AUDIENCE.search(rest):
            return None
        return noun.group(0), True
    if _HAN_CHAR.match(following):
        return None  # 来自全区13个街道: the count belongs to the word after it
    return _label_before(sentence, start)


def _label_before(sentence: str, start: int) -> tuple[str, bool] | None:
    """The label a count follows (上报各类事件4.2万件); None when it is not the region's."""
    before = _LABEL_BEFORE.search(sentence, max(0, start - 18), start)
    if before is None or _NOT_THE_REGIONS.search(before.group(0)):
        return None
    if _YEAR_BEFORE.search(sentence, 0, before.start() + 1):
        return before.group(0)[1:], False  # 2023年全区共划分网格486个: the year is not the label's
    if before.start() > 0 and sentence[before.start() - 1].isdigit():
        doer = _COUNTED_DOER.match(before.group(0))
        if doer is None:
            return None  # 60岁以上老人138人: the label is cut from a phrase with a number
        return before.group(0)[doer.end() :], False
    return before.group(0), False


def _people(draft: Draft) -> set[str]:
    """The people the story's honours and contests name, and the workers it names."""
    winners = [winner["name"] for event in draft.events for winner in event.get("winners", [])]
    honoured = {h["name"] for h in draft.honours if h["kind"] == "worker"}
    return honoured | set(winners) | _named_workers(draft.body_text())


def _named_workers(text: str) -> set[str]:
    """The workers a story names: 网格员苏晓梅…, and 苏晓梅 opening a clause elsewhere."""
    openers = _clause_openers(text)
    named = set()
    for post in _POST.finditer(text):
        for size in (3, 2):
            name = text[post.end() : post.end() + size]
            if len(name) == size and name in openers and name[0] in _SURNAMES and _person(name):
                named.add(name)
                break
    return named


def _clause_openers(text: str) -> set[str]:
    """The two and three characters that open a clause, unless a place's words follow them.

    '苏晓梅说' opens with 苏晓梅 (and 苏晓); '天津路社区…' opens with no name.
    """
    openers = set()
    for run in _OPENING_RUN.finditer(text):
        word = run.group(1)
        for size in (2, 3):
            if len(word) >= size and not _PLACE_WORD.search(word, size):
                openers.add(word[:size])
    return openers


def _place_subject(before: str, region: str) -> bool:
    """Whether the place a figure is told of is narrower than the story's region (该社区有…)."""
    parts = region.split("/")[1:] if region else []
    if len(parts) >= 3:
        return False  # a township's story: its communities are its own
    names = [re.escape(part) for part in parts]
    names += [re.escape(part[:-1]) for part in parts if len(part) >= 3 and part[-1] in "市区县旗"]
    whole = re.compile("|".join([_WHOLE_PLACE, *names]))
    before = _COUNTED_PLACES.sub("", before)  # 把全县19个乡镇、294个行政村细分为…: the county's
    places = list(whole.finditer(before)) + list(_NARROW_PLACE.finditer(before))
    last = max(places, key=lambda found: found.end(), default=None)
    return last is not None and last.re is _NARROW_PLACE


def _told_of_a_person(before: str, people: set[str]) -> bool:
    """Whether a figure's sentence, up to the figure, is about one person (他, 她, 周桂英…)."""
    for found in _PRONOUN.finditer(before):
        if not _SPEAKS.match(before[found.end() :]):
            return True
    for name in people:
        at = before.find(name)
        if at >= 0 and not _SPEAKS.match(before[at + len(name) :]):
            return True
    return False


def _of_the_region(stat: dict[str, Any], before: str, region: str) -> bool:
    """Whether a figure is the region's; a narrower place's grid count stays, without a metric.

    社区划分为8个网格 counts one community's grids; 社区有住户3200户 is one place's figure.
    """
    before = before.rpartition("\n")[2]
    cut = before.rfind(stat["label"])
    if not _place_subject(before[:cut] if cut >= 0 else before, region):
        return True
    if "metric" in stat:
        del stat["metric"]
        return True
    return False


def _whole_counts_first(stats: list[dict[str, Any]]) -> None:
    """A qualified count (城市网格, 农村网格) is a part of a whole the story also counts (网格)."""
    wholes = {stat["metric"] for stat in stats if "metric" in stat and stat["label"] in _METRICS}
    for stat in stats:
        if stat.get("metric") in wholes and _METRICS.get(stat["label"]) != stat["metric"]:
            del stat["metric"]


def find_stats(draft: Draft, sentences: list[str], year: int | None) -> None:
    """Find the figures a story reports, normalised; stated rates are checked against parts.

    A figure told of one person (他转移群众97人, 周桂英记下民情2100多条) is not the region's.
    """
    found: list[dict[str, Any]] = []
    people = _people(draft)
    years = _Years.of(draft)
    cumulative, sentence_year = False, year
    for sentence in sentences:
        if not _DIGIT.search(sentence):
            if not sentence.startswith("其中"):
                cumulative, sentence_year = False, years.of_sentence(sentence)
            continue
        if not sentence.startswith("其中"):
            # A sentence that starts with 其中 breaks down the one before: same years.
            cumulative = _SINCE.search(sentence) is not None
            sentence_year = years.of_sentence(sentence)
        local: list[tuple[int, dict[str, Any]]] = []
        for match in _NUMBER.finditer(sentence):
            start = match.start()
            labelled = _label_of(sentence, match)
            if labelled is None or _told_of_a_person(sentence[:start].rpartition("\n")[2], people):
                continue
            label, noun_after = labelled
            earlier = [stat for _, stat in local]
            stat = _stat(match, label, noun_after, earlier)
            if stat is None or not _of_the_region(stat, sentence[:start], draft.region):
                continue
            if sentence_year and not cumulative:
                stat["year"] = sentence_year
            local.append((start, stat))
        ordered = [stat for _, stat in sorted(local, key=lambda item: item[0])]
        _link_rates(ordered, draft)
        found.extend(ordered)
    _whole_counts_first(found)
    kept: dict[str, dict[str, Any]] = {}
    for stat in found:
        same = kept.get(stat["label"])
        if same is None:
            kept[stat["label"]] = stat
            draft.stats.append(stat)
        elif "metric" in stat and "metric" not in same:
            draft.stats[draft.stats.index(same)] = kept[stat["label"]] = stat


def _stat(
    match: re.Match[str], raw_label: str, noun_after: bool, earlier: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """Build one stat from a match; a bare verb (化解3195起) borrows the object before it."""
    label = raw_label if noun_after else _label(raw_label)
    if noun_after:
        label = _LEADING.sub("", label)
        if "的" in label:
            return None
    elif "等" in label or label.endswith(_NOT_A_NOUN_END):
        return None
    if len(label) < 2 and not label.endswith("率"):
        return None
    unit = match["unit"].replace("％", "%")
    multiplier = {"万": 10_000, "亿": 100_000_000}.get(match.groupdict().get("mult") or "", 1)
    value = Decimal(match["value"].replace(",", "")) * multiplier  # 12,836件
    number: int | float = int(value) if value == value.to_integral_value() else float(value)
    if not noun_after and label in _FOLLOW_UP and earlier:
        # 排查各类矛盾纠纷3216起，化解3195起: 化解 takes the object of 排查各类矛盾纠纷.
        previous = earlier[-1]["label"]
        obj = previous.rpartition("各类")[2] if "各类" in previous else previous[2:]
        if obj and obj != previous:
            label = label + obj
    stat: dict[str, Any] = {"label": label, "value": number, "unit": unit}
    if match.groupdict().get("approx") or (not noun_after and _AT_LEAST.search(raw_label)):
        stat["approximate"] = True
    metric = _metric(label, unit)
    if metric:
        stat["metric"] = metric
    return stat


def _link_rates(stats: list[dict[str, Any]], draft: Draft) -> None:
    """A rate (化解率99.3%) names its parts: the count it is of, and the count it is out of."""
    for index, stat in enumerate(stats):
        if stat["unit"] != "%" or not stat["label"].endswith("率"):
            continue
        verb = stat["label"][:-1]
        counts = [s for s in stats[:index] if s["unit"] != "%" and "metric" not in s]
        numerator = next((s for s in reversed(counts) if s["label"].startswith(verb)), None)
        if numerator is None:
            continue
        # Both parts count the same kind of thing (件 of 件): never a rate of events over grids.
        before = [s for s in counts[: counts.index(numerator)] if s["unit"] == numerator["unit"]]
        denominator = before[-1] if before else None
        if denominator is None or not denominator["value"]:
            continue
        computed = rate_of(numerator["value"], denominator["value"], "%")
        if abs(computed - stat["value"]) <= rate_tolerance(stat["value"]):
            stat["numerator"] = numerator["label"]
            stat["denominator"] = denominator["label"]
        else:
            draft.notes.append(
                f"“{stat['label']}”写的是{stat['value']}%，但{numerator['value']}/{denominator['value']}"
                f"={computed:.2f}%，两者不符；请核对原文。"
            )


def _report_year(draft: Draft) -> int | None:
    """The year a story's title says it reports on: 2023年度…通报, 蜀山区2023年…成绩单."""
    stated = _YEAR_IN.search(_SINCE.sub("", draft.title))
    return int(stated.group(1)) if stated else None


def story_year(draft: Draft) -> int | None:
    """The year figures default to: the publication year, else the title's, else the body's.

    An undated story's body year is the latest 2023年 it names; a year some award is for
    (2022年度星级评定) says nothing of when the story was written, so it gives none.
    """
    if draft.date is not None:
        return draft.date.value.year
    reported = _report_year(draft)
    if reported is not None:
        return reported
    years = [int(year) for year in _YEAR.findall(_SINCE.sub("", draft.body_text()))]
    return max(years) if years else None


# 全年, 去年 as the time of a sentence's figures (not 较去年, 比去年同期: a comparison).
_WHOLE_YEAR = re.compile(r"全年")
_LAST_YEAR = re.compile(r"(?<![较比与同])去年(?!同期|以来|至今|起)")


@dataclass
class _Years:
    """What a story's figures' years are read from: its date, its title, the years it names."""

    published: int | None  # the publication year
    early: bool  # published in January to March, when 全年 is still last year's
    default: int | None  # the year of a figure told without one
    named: int | None = None  # the last year the text has named so far

    @classmethod
    def of(cls, draft: Draft) -> _Years:
        """The years of one story."""
        if draft.date is None:
            return cls(None, False, story_year(draft), _report_year(draft))
        published = draft.date.value.year
        early = draft.date.value.month <= 3
        default = published
        if early and _report_year(draft) == published - 1:
            default = published - 1  # 蜀山区2023年…成绩单, published in February 2024
        return cls(published, early, default, _report_year(draft))

    def of_sentence(self, sentence: str) -> int | None:
        """The year of a sentence's figures: its own 2023年, else what 全年 or 去年 say."""
        own = _YEAR.findall(_SINCE.sub("", sentence))
        if own:
            self.named = int(own[0])
            return self.named
        head = _NUMBER.split(sentence, 1)[0]  # the time a figure is told in comes before it
        if _LAST_YEAR.search(head):
            return self.published - 1 if self.published else None
        if _WHOLE_YEAR.search(head):
            if self.published is None:
                return self.named
            if self.early and self.named == self.published - 1:
                return self.named
            return self.published
        return self.default


def extract_facts(draft: Draft) -> None:
    """Run every fact finder over the body."""
    text = draft.body_text()
    year = story_year(draft)
    sentences = _SENTENCE.findall(text)
    if _HONOUR_WORDS.search(text):
        find_honours(draft, sentences, year)
    if _QUOTED.search(text):
        find_honour_rolls(draft, sentences, year)
    find_table_honours(draft, year)
    find_listed_honours(draft, year)
    listed = table_winners(draft)
    if listed or _PRIZE_WORDS.search(text):
        find_events(draft, text, sentences, year, listed)
    find_stats(draft, sentences, year)
