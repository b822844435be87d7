"""Social cards: a 1200×630 picture with a page's Chinese title, for link previews.

Drawn with Pillow in Noto Sans CJK (installed with the site's Python packages), so that the
title shows in real Chinese glyphs on any machine, never as tofu boxes. Cards are cached by their
text and design like every other image.

A card has four flat colours and anti-aliased text between two of them, so it is drawn straight
into a palette of three ramps (16 steps from each background to its text colour) and saved as
a palette PNG: about 21 KiB, against 51 KiB for the same card as an optimised JPEG, and about
2.3 ms to draw and save against 3.8 ms (docs/images.md). Every pixel is within half a ramp step
of the full-colour drawing.
"""

from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from gridnews.images import _entry, _write

DESIGN_VERSION = "2"  # 2: palette PNG
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
RED = (166, 27, 27)
PAPER = (246, 243, 238)
INK = (31, 35, 40)
WHITE = (255, 255, 255)
STEPS = 16  # shades of each ramp; text edges are within half a step of full colour
PNG_LEVEL = 3  # zlib level: 6 saves 4 KiB a card at twice the time
# Each ramp runs from a background to the text drawn on it; its first shade is the background.
TITLE, KICKER, SITE = 0, 1, 2
_RAMPS = ((PAPER, INK), (PAPER, RED), (RED, WHITE))
FONT_NAMES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei")


class FontError(Exception):
    """No font with Chinese glyphs is installed."""


@functools.cache
def font_path() -> tuple[str, int]:
    """The CJK font file and the index of its simplified-Chinese face."""
    try:
        import noto_cjk_sans_otc  # noqa: PLC0415 - a data package; found at run time

        path = str(noto_cjk_sans_otc.FONT_PATH)
    except ImportError:
        path = ""
    candidates = [path] if path else []
    candidates += [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    ]
    for candidate in candidates:
        if not Path(candidate).is_file():
            continue
        for index in range(12):
            try:
                face = ImageFont.truetype(candidate, 20, index=index)
            except OSError:
                break
            if face.getname()[0] in FONT_NAMES:
                return candidate, index
    raise FontError(
        "no Chinese font found for social cards; run make html again, which installs Noto Sans CJK"
    )


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    """The card font at a size."""
    path, index = font_path()
    return ImageFont.truetype(path, size, index=index)


@functools.cache
def _advance(char: str, size: int) -> float:
    """How far one character moves the pen."""
    return _font(size).getlength(char)


@functools.cache
def _glyph(char: str, size: int) -> tuple[Image.Image | None, int, int]:
    """One character drawn once as a mask, with its offset from the pen; None for a space.

    Cards repeat the same few thousand characters; drawing each once and pasting it after is
    five times faster than laying out every title afresh, with the same pixels.
    """
    font = _font(size)
    left, top, right, bottom = font.getbbox(char)
    if right <= left or bottom <= top:
        return None, 0, 0
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).text((-left, -top), char, font=font, fill=255)
    return mask, left, top


def _shade(start: tuple, end: tuple, step: int) -> list[int]:
    return [round(a + (b - a) * step / (STEPS - 1)) for a, b in zip(start, end, strict=True)]


@functools.cache
def _palette() -> list[int]:
    """The card's palette: every ramp's shades, in order (ramp r, shade s is r * STEPS + s)."""
    return [v for start, end in _RAMPS for step in range(STEPS) for v in _shade(start, end, step)]


def _text(image: Image.Image, xy: tuple[int, int], text: str, size: int, ramp: int) -> None:
    """Draw a line of text in a ramp's colour, character by character, from the pen position xy.

    The pixels under the text must hold the ramp's shades (its first shade is the background):
    pasting the ramp's last shade through a glyph's coverage then blends within the ramp, as
    drawing in full colour blends the text colour over the background.
    """
    x, y = xy
    ink = ramp * STEPS + STEPS - 1
    for char in text:
        mask, left, top = _glyph(char, size)
        if mask is not None:
            image.paste(ink, (round(x + left), y + top), mask)
        x += _advance(char, size)


def _width(text: str, size: int) -> float:
    return sum(_advance(char, size) for char in text)


def _lines(text: str, size: int, width: int, most: int) -> list[str]:
    """Break Chinese text into lines that fit, character by character; cut with … if too long."""
    lines: list[str] = []
    current, used = "", 0.0
    for char in text:
        step = _advance(char, size)
        if used + step > width:
            lines.append(current)
            current = char.lstrip()
            used = _width(current, size)
            if len(lines) == most:
                break
        else:
            current += char
            used += step
    else:
        if current:
            lines.append(current)
        return lines
    last = lines[-1]
    while last and _width(last + "…", size) > width:
        last = last[:-1]
    lines[-1] = last + "…"
    return lines


def draw_card(title: str, kicker: str, site: str) -> Image.Image:
    """Draw a card: the site's red band, a kicker (新闻, 网格员…), the title, the site name."""
    image = Image.new("P", (WIDTH, HEIGHT), TITLE * STEPS)  # paper
    image.putpalette(_palette())
    red = SITE * STEPS
    image.paste(red, (0, 0, WIDTH, 25))
    image.paste(KICKER * STEPS, (0, 25, WIDTH, 140))  # paper too, as the kicker's ramp starts
    image.paste(red, (0, HEIGHT - 90, WIDTH, HEIGHT))
    _text(image, (MARGIN, 70), kicker, 36, KICKER)
    size = 64 if len(title) <= 30 else 54
    y = 140
    for line in _lines(title, size, WIDTH - 2 * MARGIN, 4):
        _text(image, (MARGIN, y), line, size, TITLE)
        y += int(size * 1.4)
    _text(image, (MARGIN, HEIGHT - 72), site, 40, SITE)
    return image


def site_card_title(settings: Any) -> str:
    """The title on the site's own card, which pages without a picture of their own show."""
    return str(settings.get("SITESUBTITLE") or settings.get("SITENAME") or "")


def card_key(title: str, kicker: str, site: str) -> str:
    """The cache key of a card: its text and the design."""
    text = "\x1f".join((title, kicker, site, DESIGN_VERSION))
    return "card-" + hashlib.sha256(text.encode()).hexdigest()


def card_path(title: str, kicker: str, site: str, cache: Path) -> Path:
    """Where a card is kept in the cache."""
    return _entry(cache, card_key(title, kicker, site)) / "card.png"


def card(title: str, kicker: str, site: str, cache: Path) -> tuple[Path, bool]:
    """The card's file in the cache, drawn if it is not there yet; and whether it was drawn."""
    path = card_path(title, kicker, site, cache)
    entry = path.parent
    if path.is_file():
        return path, False
    entry.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    draw_card(title, kicker, site).save(buffer, "PNG", compress_level=PNG_LEVEL)
    _write(entry, "card.png", buffer.getvalue())
    return path, True


def _card_job(job: tuple[str, str, str, str]) -> tuple[str, bool]:
    """Worker-process entry for drawing one card."""
    title, kicker, site, cache = job
    path, drawn = card(title, kicker, site, Path(cache))
    return str(path), drawn
