"""Stage: repair scraped text. Each function is one rule for one class of damage."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from gridnews.cjk import CJK, HAN
from gridnews.importer.decode import _common_han

# --- garbled runs -------------------------------------------------------------------------------

SUSPECT = re.compile(r"[\ue000-\uf8ff\ufffd]")
_KNOWN_GARBAGE = re.compile(r"(?:锟斤拷|烫烫烫|屯屯屯)+")
_OPENING = {"”": "“", "’": "‘", "」": "「", "』": "『", "》": "《", "）": "（", "】": "【"}
MAX_RUN = 8


@dataclass(frozen=True)
class Flag:
    """Something the importer could not repair, with where it is in the text."""

    offset: int
    text: str
    reason: str


def _plausible(text: str) -> bool:
    """All characters are frequent Chinese characters, CJK punctuation or ASCII."""
    common = _common_han()
    return all(
        char in common
        or char.isascii()
        or "\u3000" <= char <= "\u303f"
        or "\uff00" <= char <= "\uffef"
        or char in "“”‘’…—·"
        for char in text
    )


def _balances(before: str, inserted: str) -> bool:
    """The inserted character closes a quote or bracket left open earlier in the text."""
    opening = _OPENING.get(inserted)
    return bool(opening) and before.count(opening) > before.count(inserted)


def _lost_byte_repairs(text: str, index: int) -> list[tuple[int, int, str]]:
    """Repairs of a GB18030 run that lost one lead byte: (start, end, replacement) candidates.

    When a two-byte character loses its first byte, every later byte pairs with the wrong
    partner until an ASCII byte realigns the run; the run then decodes to odd characters,
    often with a private-use code point among them. Putting one byte back at the start of
    the run and decoding again undoes the damage, if the result is plain Chinese text.
    """
    start = index
    while (
        start > 0
        and index - start < MAX_RUN
        and not text[start - 1].isascii()
        and text[start - 1] not in "，。！？、；：“”"
    ):
        start -= 1
    repairs = []
    for begin in range(start, index + 1):
        for end in range(index + 1, min(len(text), index + MAX_RUN) + 1):
            try:
                raw = text[begin:end].encode("gb18030")
            except UnicodeEncodeError:
                break
            for lead in range(0x81, 0xFF):
                try:
                    fixed = (bytes([lead]) + raw).decode("gb18030")
                except UnicodeDecodeError:
                    continue
                if not SUSPECT.search(fixed) and _plausible(fixed):
                    repairs.append((begin, end, fixed))
            if repairs:
                return repairs
    return repairs


def repair_garbled(text: str) -> tuple[str, list[Flag]]:
    """Undo a lost-byte GB18030 run where one repair is clearly right; flag every other."""
    flags: list[Flag] = []
    position = 0
    while match := SUSPECT.search(text, position):
        index = match.start()
        candidates = [
            (begin, end, fixed)
            for begin, end, fixed in _lost_byte_repairs(text, index)
            if _balances(text[:begin], fixed[0])
        ]
        if len({(b, e, f) for b, e, f in candidates}) == 1:
            begin, end, fixed = candidates[0]
            text = text[:begin] + fixed + text[end:]
            position = begin + len(fixed)
            continue
        flags.append(Flag(index, text[max(0, index - 4) : index + 5], "garbled text"))
        position = index + 1
    for match in _KNOWN_GARBAGE.finditer(text):
        flags.append(Flag(match.start(), match.group(0), "text lost in an earlier conversion"))
    return text, flags


# --- mojibake -----------------------------------------------------------------------------------

_MOJIBAKE = re.compile(
    r"[ÃÂâåæçèéäï][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 text that was read as Latin-1 or Windows-1252 (ftfy does this losslessly)."""
    if not _MOJIBAKE.search(text):
        return text
    import ftfy  # noqa: PLC0415 - rare; only loaded for damaged text

    return ftfy.fix_encoding(text)


# --- inline pinyin ------------------------------------------------------------------------------

_PINYIN = re.compile(rf"(?<=[{HAN}])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+[)）]")


def strip_pinyin(text: str) -> tuple[str, int]:
    """Remove pinyin glosses a page added after characters: 內(nèi)蒙古 -> 內蒙古."""
    return _PINYIN.subn("", text)


# --- plus signs lost to form decoding ---------------------------------------------------------

_LOST_PLUS = re.compile(r"[“\"]((?:[0-9A-Za-z]{1,3} ){1,4}[0-9A-Za-z]{1,3})[”\"]")


def lost_plus_signs(text: str) -> list[str]:
    """Find “1 3 N”: a formula whose + signs a form decoder turned into spaces (1+3+N)."""
    return [match.group(1) for match in _LOST_PLUS.finditer(text)]


# --- spaces -------------------------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u3000\u200b\ufeff]+")
_EDGE_SPACES = re.compile(r" ?\n ?")
_CLOSING = "，。、；：！？”’）》】」』…"
# After a comma or full stop (also when a closing quote follows it) a space is stray; after a
# closing quote that ends a phrase it may separate two halves of a headline, so it stays.
_SPACE_AFTER_PUNCTUATION = re.compile(r"([，。、；：！？…]|[。！？…][”’」』）]) ")
_SPACE_BEFORE_CLOSING = re.compile(rf" ([{_CLOSING}])")
_SPACE_AFTER_OPENING = re.compile(r"([“‘（《【「『]) ")
# 中新網深圳7月8日電 （記者 鄭小紅）: no space between a word and the parenthesis after it.
_SPACE_BEFORE_PARENTHESIS = re.compile(rf"([{HAN}]) (（)")


def normalise_spaces(text: str) -> str:
    """Collapse runs of spaces (NBSP, ideographic) to one, and drop those beside CJK punctuation."""
    text = _EDGE_SPACES.sub("\n", _SPACES.sub(" ", text)).strip()
    if " " not in text:
        return text
    text = _SPACE_AFTER_PUNCTUATION.sub(r"\1", text)
    text = _SPACE_BEFORE_CLOSING.sub(r"\1", text)
    text = _SPACE_BEFORE_PARENTHESIS.sub(r"\1\2", text)
    return _SPACE_AFTER_OPENING.sub(r"\1", text)


# --- punctuation width --------------------------------------------------------------------------

_WIDE = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_NARROW = re.compile(r" ?([,:;!?]) ?")
_CJK_CHAR = re.compile(f"[{CJK}]")
_PARENTHESES = re.compile(r"\(([^()\n]*)\)")
_HAS_CJK = re.compile(f"[{CJK}]")


def widen_punctuation(text: str) -> str:
    """Make , : ; ! ? ( ) full-width where they stand beside Chinese text."""

    def wide(match: re.Match[str]) -> str:
        start, end = match.span()
        before = text[start - 1 : start] if start else ""
        after = text[end : end + 1]
        if _CJK_CHAR.match(before) or _CJK_CHAR.match(after):
            return _WIDE[match.group(1)]
        return match.group(0)

    text = _NARROW.sub(wide, text)

    def parentheses(match: re.Match[str]) -> str:
        start, end = match.span()
        around = text[max(0, start - 1) : start] + match.group(1) + text[end : end + 1]
        if _HAS_CJK.search(around):
            return f"（{match.group(1).strip()}）"
        return match.group(0)

    return _PARENTHESES.sub(parentheses, text)


# --- scripts ------------------------------------------------------------------------------------


@functools.cache
def _converter(config: str) -> object:
    """An OpenCC converter, created once."""
    import opencc  # noqa: PLC0415 - loads its dictionaries; only when converting

    return opencc.OpenCC(config)


def _convert(config: str, text: str) -> str:
    """Run one OpenCC conversion."""
    return _converter(config).convert(text)  # type: ignore[attr-defined]


@functools.cache
def _traditional_only() -> re.Pattern[str]:
    """A pattern of the characters that simplified Chinese writes differently (網, 鄉, 鎮…)."""
    block = "".join(chr(code) for code in range(0x4E00, 0xA000))
    simplified = _convert("t2s", block)
    chars = "".join(a for a, b in zip(block, simplified, strict=True) if a != b)
    return re.compile(f"[{re.escape(chars)}]")


def script_of(text: str) -> str:
    """Tell 'zh-Hant' from 'zh-Hans' by how many characters only traditional writing uses."""
    traditional_only = len(_traditional_only().findall(text))
    if traditional_only >= 10 and traditional_only > len(re.findall(f"[{HAN}]", text)) * 0.05:
        return "zh-Hant"
    return "zh-Hans"


@functools.cache
def _simplified_forms() -> re.Pattern[str]:
    """A pattern of the characters traditional writing writes differently (后, 于, 网…)."""
    block = "".join(chr(code) for code in range(0x4E00, 0xA000))
    traditional = _convert("s2t", block)
    chars = "".join(a for a, b in zip(block, traditional, strict=True) if a != b)
    return re.compile(f"[{re.escape(chars)}]")


LEFTOVER_CONTEXT = 3


def traditional_leftovers(text: str) -> tuple[str, int]:
    """In a traditional-character text, convert simplified leftovers (之后 -> 之後).

    A character changes only where three standards (OpenCC s2t, s2tw, s2hk), each reading the
    phrase around it in simplified form, agree on its traditional form; where they disagree
    (鄰里 / 鄰裡 / 鄰裏) the text is left as it was. Only the few places that hold a character
    with a different traditional form are converted, each with a little context.
    """
    spots = [match.start() for match in _simplified_forms().finditer(text)]
    if not spots:
        return text, 0
    windows = [
        (max(0, spot - LEFTOVER_CONTEXT), spot, min(len(text), spot + LEFTOVER_CONTEXT + 1))
        for spot in spots
    ]
    joined = "\n".join(text[start:end] for start, _, end in windows)
    simplified = _convert("t2s", joined)
    if len(simplified) != len(joined):
        return text, 0
    conversions = [_convert(config, simplified) for config in ("s2t", "s2tw", "s2hk")]
    if any(len(converted) != len(joined) for converted in conversions):
        return text, 0
    out = list(text)
    changed = 0
    offset = 0
    for start, spot, end in windows:
        index = offset + spot - start
        offset += end - start + 1
        candidates = {converted[index] for converted in conversions}
        if len(candidates) == 1 and (new := candidates.pop()) != text[spot]:
            out[spot] = new
            changed += 1
    return "".join(out), changed


def to_simplified(text: str) -> str:
    """Convert to simplified characters (gridnews import --simplified)."""
    return _convert("t2s", text)
