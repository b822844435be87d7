"""Stage: bytes to text, with the encoding detected and reported."""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Legacy Chinese encodings, tried when the bytes are not UTF-8. GB18030 is a superset of GBK
# and GB2312; Big5-HKSCS a superset of Big5.
LEGACY = ("gb18030", "big5hkscs")
# Correct decodings of Chinese text score above 0.95; a wrong legacy decoding scores 0.4–0.65.
MIN_PLAUSIBILITY = 0.75
NAMES = {"gb18030": "gb18030", "big5hkscs": "big5", "utf-8": "utf-8", "utf-8-sig": "utf-8-sig"}


class DecodeError(Exception):
    """The bytes are not text in any encoding we read."""


@dataclass(frozen=True)
class Decoded:
    """Text and the encoding it was read with."""

    text: str
    encoding: str


@functools.cache
def _common_han() -> frozenset[str]:
    """The frequent characters of both scripts: GB2312 level 1 and Big5's frequent set."""
    chars: set[str] = set()
    ranges = (
        ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
        ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),
    )
    for codec, leads, trails in ranges:
        for lead in leads:
            for trail in trails:
                try:
                    chars.add(bytes([lead, trail]).decode(codec))
                except UnicodeDecodeError:
                    continue
    return frozenset(chars)


def plausibility(text: str) -> float:
    """Score how Chinese a decoding looks: the share of frequent characters, less damage."""
    han = _HAN.findall(text)
    if not han:
        return 0.0
    common = _common_han()
    frequent = sum(char in common for char in han) / len(han)
    damage = text.count("\ufffd") / max(len(text), 1)
    return frequent - 10 * damage


def decode(data: bytes) -> Decoded:
    """Decode bytes: a BOM wins, then strict UTF-8, then the likeliest legacy Chinese encoding."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as error:
                name = "UTF-8" if codec == "utf-8-sig" else "UTF-16"
                raise DecodeError(
                    f"the file starts with a {name} mark but is damaged at byte {error.start}; "
                    "save it again as UTF-8 and import again"
                ) from None
            return Decoded(_lines(text), "utf-16" if codec == "utf-16" else codec)
    try:
        return Decoded(_lines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    candidates = []
    for codec in LEGACY:
        text = data.decode(codec, errors="replace")
        candidates.append((plausibility(text), codec, text))
    score, codec, text = max(candidates)
    if score < MIN_PLAUSIBILITY:
        raise DecodeError(
            "the file is not UTF-8, GB18030 (GBK) or Big5 text; save it as UTF-8 and import again"
        )
    return Decoded(_lines(text), NAMES[codec])


def _lines(text: str) -> str:
    """Use a line feed for every line end (CRLF and lone CR included)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
