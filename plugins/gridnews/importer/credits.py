"""Bylines: who wrote, edited and photographed a story, read from the lines that say so."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Roles, longest first so that 本刊记者 wins over 记者. Each maps to the credit list it fills.
AUTHOR_ROLES = (
    "本报记者",
    "本報記者",
    "本刊记者",
    "本刊記者",
    "本台记者",
    "本台記者",
    "本报通讯员",
    "本報通訊員",
    "本刊通讯员",
    "本刊通訊員",
    "本网记者",
    "本網記者",
    "本站记者",
    "本站記者",
    "特约记者",
    "特約記者",
    "见习记者",
    "見習記者",
    "融媒记者",
    "融媒記者",
    "实习记者",
    "實習記者",
    "实习生",
    "實習生",
    "客户端记者",
    "客戶端記者",
    "记者",
    "記者",
    "通讯员",
    "通訊員",
    "撰稿",
    "撰文",
    "作者",
    "文字",
    "供稿",
    "文",
)
EDITOR_ROLES = ("责任编辑", "責任編輯", "编辑", "編輯", "责编", "責編", "编审", "編審")
PHOTO_ROLES = ("供图", "供圖", "摄影", "攝影", "图片", "圖片", "摄", "攝", "图", "圖")
# Roles written after the names: 盐都区委政法委 供图, 贾文娟 文/图.
TRAILING_ROLES = (
    "供图",
    "供圖",
    "供稿",
    "摄影",
    "攝影",
    "摄",
    "攝",
    "文/图",
    "文/圖",
    "文图",
    "文圖",
    "图",
    "圖",
    "文",
)
# Trailing roles that may be written glued to the name: 城阳区委政法委供稿, 张三摄.
GLUED_TRAILING_ROLES = ("供图", "供圖", "供稿", "摄影", "攝影", "摄", "攝")
# Roles that are not credits we publish; their names are dropped, not mistaken for authors.
IGNORED_ROLES = (
    "审核",
    "審核",
    "审校",
    "審校",
    "校对",
    "校對",
    "监制",
    "監製",
    "主编",
    "主編",
    "值班编辑",
    "出品",
)
ALL_ROLES = tuple(
    sorted({*AUTHOR_ROLES, *EDITOR_ROLES, *PHOTO_ROLES, *IGNORED_ROLES}, key=len, reverse=True)
)

_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}$")
ORG_SUFFIXES = (
    "委",
    "局",
    "办",
    "辦",
    "部",
    "中心",
    "站",
    "台",
    "社",
    "报",
    "報",
    "网",
    "網",
    "客户端",
    "客戶端",
    "政府",
    "委员会",
    "委員會",
    "街道",
    "社区",
    "社區",
    "公司",
    "协会",
    "協會",
    "学校",
    "學校",
    "医院",
    "醫院",
    "大队",
    "大隊",
    "支队",
    "支隊",
    "派出所",
    "法院",
    "检察院",
    "檢察院",
    "分社",
    "频道",
    "頻道",
    "杂志",
    "雜誌",
    "日报",
    "日報",
    "晚报",
    "晚報",
    "新闻",
    "新聞",
    "传媒",
    "傳媒",
)
# Words that look like names (two to four characters) but are never one.
NOT_NAMES = frozenset(
    {
        "网格员",
        "網格員",
        "记者",
        "記者",
        "编辑",
        "編輯",
        "通讯员",
        "通訊員",
        "工作人员",
        "工作人員",
        "群众",
        "群眾",
        "居民",
        "本报",
        "本報",
        "本刊",
        "来源",
        "來源",
        "图片",
        "圖片",
        "视频",
        "視頻",
        "资料图",
        "資料圖",
        "网络",
        "網絡",
        "街道",
        "社区",
        "社區",
        "乡镇",
        "鄉鎮",
        "村居",
        "镇街",
        "举报",
        "我要举报",
        "本文来源",
        "微博",
        "微信",
        "抖音",
        "快手",
        "本文來源",
        "舉報",
    }
)
_SEPARATORS = re.compile(r"[\s、，,；;|｜]+")
_LABEL = re.compile(r"[:：]")
# A byline in parentheses ends a paragraph, after the last sentence (or is the paragraph).
_PARENTHESES = re.compile(r"(?:^|(?<=[。！？!?”…]))\s*[（(]\s*([^（）()]{1,60}?)\s*[）)]\s*$")
MAX_BYLINE = 40
_PLACE_ENDS = ("街道", "社区", "社區")
_REPORTED_FROM = re.compile(r"^[\u4e00-\u9fff]{0,6}(?:报道|報道|報導|报导)$")
# An editor's staff code printed after the name: 责任编辑：张潇 NT2178.
_STAFF_CODE = re.compile(r"^[A-Z]{1,4}\d{2,6}$")
_SHORT_PLACE_ENDS = ("镇", "鎮", "乡", "鄉", "村", "县", "縣")
_SENTENCE_MARK = re.compile(r"[。，！？；（）()、“”\d]")  # and no figures: 关于2023年度…的通报
# Marks an e-paper or a page prints before a byline: □ 本报记者 段晓丽.
_BULLETS = "□■◇◆○●☆★▪▫·•"


@dataclass
class Credits:
    """Credits read from one byline."""

    authors: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    editors: list[tuple[str, str]] = field(default_factory=list)
    photographers: list[tuple[str, str]] = field(default_factory=list)
    publisher: str = ""  # an organisation a reporter's role was qualified by (Hi威海客户端记者)

    def __bool__(self) -> bool:
        """Return True when the byline credited anyone."""
        return bool(self.authors or self.editors or self.photographers)

    def merge(self, other: Credits) -> None:
        """Add another byline's credits, without repeating a name in a list."""
        for mine, theirs in (
            (self.authors, other.authors),
            (self.editors, other.editors),
            (self.photographers, other.photographers),
        ):
            for credit in theirs:
                if all(credit[0] != name for name, _ in mine):
                    mine.append(credit)
        self.publisher = self.publisher or other.publisher


def is_person(token: str) -> bool:
    """A Chinese personal name: two to four characters, or a name with a middle dot.

    Not a place: 桂城街道, 大沥镇 and 蜀口村 are four or three characters too.
    """
    if not _PERSON.match(token) or token in NOT_NAMES:
        return False
    return not token.endswith(_PLACE_ENDS) and not (
        len(token) >= 3 and token.endswith(_SHORT_PLACE_ENDS)
    )


def is_organisation(token: str) -> bool:
    """A body that can be credited (盐都区委政法委, Hi威海客户端)."""
    return (
        3 <= len(token) <= 30
        and token.endswith(ORG_SUFFIXES)
        and _SENTENCE_MARK.search(token) is None  # '…走访商户。川观新闻' is a caption's end
    )


def _split_role(token: str) -> tuple[str, str, str]:
    """Split 'Hi威海客户端记者' into (organisation, role, rest); ('', '', token) without a role."""
    for role in ALL_ROLES:
        index = token.find(role)
        if index < 0:
            continue
        before, after = token[:index], token[index + len(role) :]
        if before and not is_organisation(before):
            continue
        if after and len(role) == 1:
            continue  # 文 or 图 glued to a word is part of the word
        return before, role, after
    return "", "", token


def parse_byline(text: str) -> Credits | None:
    """Read a line that consists only of credits; None when anything in it is not a credit."""
    text = text.strip().strip("（）()【】[]").strip().lstrip(_BULLETS).strip()
    if not text or len(text) > MAX_BYLINE:
        return None
    credits = Credits()
    role = ""
    placed = False  # names were given a role, even one we do not publish (审核：刘强)
    pending: list[str] = []  # names not yet given a role
    tokens = [t for t in _SEPARATORS.split(_LABEL.sub(" ", text)) if t]
    if len(tokens) > 1 and _REPORTED_FROM.match(tokens[-1]):
        tokens.pop()  # 记者 孙琳 赵文静 淄博报道: where they reported from
    tokens = [token for token in tokens if not _STAFF_CODE.match(token)]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        head, slash, rest = token.partition("/")
        if slash and rest and head in ALL_ROLES and rest not in TRAILING_ROLES:
            # 文/张三, 图/李四: a role written before its names.
            _assign(credits, pending, role, current="")
            pending, role = [], head
            tokens[index : index + 1] = [rest]
            continue
        glued = next((r for r in GLUED_TRAILING_ROLES if token.endswith(r) and token != r), "")
        if glued and (is_person(token[: -len(glued)]) or is_organisation(token[: -len(glued)])):
            # 城阳区委政法委供稿: a trailing role written without a space.
            tokens[index : index + 1] = [token[: -len(glued)], glued]
            continue
        if token in TRAILING_ROLES and pending:
            # 贾文娟 文/图, 盐都区委政法委 供图: a role written after its names.
            placed = _assign(credits, pending, token, current=role) or placed
            pending = []
            index += 1
            continue
        if token in TRAILING_ROLES:
            # 文/图 张三: the same roles written before the names.
            _assign(credits, pending, role, current="")
            pending, role = [], token
            index += 1
            continue
        organisation, found_role, rest = _split_role(token)
        if found_role:
            placed = _assign(credits, pending, role, current="") or placed
            pending, role = [], found_role
            if organisation:
                credits.publisher = credits.publisher or organisation
            if rest:
                tokens.insert(index + 1, rest)
            index += 1
            continue
        if is_person(token) or (is_organisation(token) and (not role or role in PHOTO_ROLES)):
            pending.append(token)
            index += 1
            continue
        return None
    placed = _assign(credits, pending, role, current="") or placed
    return credits if credits or placed else None


def _assign(credits: Credits, names: list[str], role: str, *, current: str) -> bool:
    """File names under the list their role belongs to; current is the role before them.

    Return whether there were names to file (those of an unpublished role are dropped).
    """
    if not names:
        return False
    if role in IGNORED_ROLES:
        return True
    if not role and not current:
        # （尤溪县委政法委 郑文斌）: a body named beside its writer publishes, it does not write.
        for name in [name for name in names if is_organisation(name) and not is_person(name)]:
            credits.publisher = credits.publisher or name
            names = [other for other in names if other != name]
        if not names:
            return True
    if role in EDITOR_ROLES:
        credits.editors.extend((name, "") for name in names)
        return True
    if role in ("文/图", "文/圖", "文图", "文圖"):
        credits.authors.extend((name, _shown(current)) for name in names)
        credits.photographers.extend((name, "") for name in names)
        return True
    if role in PHOTO_ROLES:
        credits.photographers.extend((name, "") for name in names)
        return True
    if role == "文" and current:
        role = current
    credits.authors.extend((name, _shown(role)) for name in names)
    return True


_SHORT_ROLES = frozenset(role for role in (*ALL_ROLES, *TRAILING_ROLES) if len(role) == 1)
_LONG_ROLES = tuple(role for role in (*ALL_ROLES, *TRAILING_ROLES) if len(role) > 1)


def names_a_role(text: str) -> bool:
    """Tell whether a line is a byline that names a role (记者, 供图), not just a name or two.

    A one-character role (文, 图, 摄) counts only as a word of its own (文/张三, 张三 摄), or 摄
    glued after a name (张三摄): inside a name (罗志文) it is part of the name.
    """
    if parse_byline(text) is None:
        return False
    if any(role in text for role in _LONG_ROLES):
        return True
    for token in _SEPARATORS.split(_LABEL.sub(" ", text)):
        head = token.partition("/")[0]
        if head in _SHORT_ROLES or (token[-1:] in ("摄", "攝") and is_person(token[:-1])):
            return True
    return False


def _shown(role: str) -> str:
    """The role printed before a name: 记者, 通讯员; none for plain 文 or 作者."""
    return "" if role in ("文", "作者", "撰稿", "撰文", "文字", "供稿") else role


def trailing_byline(text: str) -> tuple[str, Credits] | None:
    """Find a byline in parentheses ending a paragraph: （刘丽莉 ）, （记者 贾文娟 文/图）."""
    match = _PARENTHESES.search(text)
    if match is None:
        return None
    credits = parse_byline(match.group(1))
    if credits is None:
        return None
    return text[: match.start()].rstrip(), credits
