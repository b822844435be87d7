"""Social cards: a 1200×630 picture with a page's Chinese title, for link previews.

Drawn with Pillow in Noto Sans CJK (installed with the site's Python packages), so that the
title shows in real Chinese glyphs on any machine, never as tofu boxes. Cards are cached by their
text and design like every other image.
"""

from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from gridnews.images import ImageOptions, _entry, _write

DESIGN_VERSION = "1"
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
RED = (166, 27, 27)
PAPER = (246, 243, 238)
INK = (31, 35, 40)
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


def _text(image: Image.Image, xy: tuple[int, int], text: str, size: int, fill: tuple) -> None:
    """Draw a line of text, character by character, from the pen position xy."""
    x, y = xy
    for char in text:
        mask, left, top = _glyph(char, size)
        if mask is not None:
            image.paste(fill, (round(x + left), y + top), mask)
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
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 24], fill=RED)
    draw.rectangle([0, HEIGHT - 90, WIDTH, HEIGHT], fill=RED)
    _text(image, (MARGIN, 70), kicker, 36, RED)
    size = 64 if len(title) <= 30 else 54
    y = 140
    for line in _lines(title, size, WIDTH - 2 * MARGIN, 4):
        _text(image, (MARGIN, y), line, size, INK)
        y += int(size * 1.4)
    _text(image, (MARGIN, HEIGHT - 72), site, 40, (255, 255, 255))
    return image


def card_key(title: str, kicker: str, site: str, options: ImageOptions) -> str:
    """The cache key of a card: its text, the design and the image settings."""
    text = "\x1f".join((title, kicker, site, DESIGN_VERSION, options.key()))
    return "card-" + hashlib.sha256(text.encode()).hexdigest()


def card_path(title: str, kicker: str, site: str, cache: Path, options: ImageOptions) -> Path:
    """Where a card is kept in the cache."""
    return _entry(cache, card_key(title, kicker, site, options)) / "card.jpg"


def card(
    title: str, kicker: str, site: str, cache: Path, options: ImageOptions
) -> tuple[Path, bool]:
    """The card's file in the cache, drawn if it is not there yet; and whether it was drawn."""
    path = card_path(title, kicker, site, cache, options)
    entry = path.parent
    if path.is_file():
        return path, False
    entry.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    draw_card(title, kicker, site).save(buffer, "JPEG", quality=options.jpeg_quality, optimize=True)
    _write(entry, "card.jpg", buffer.getvalue())
    return path, True


def _card_job(job: tuple[str, str, str, str, ImageOptions]) -> tuple[str, bool]:
    """Worker-process entry for drawing one card."""
    title, kicker, site, cache, options = job
    path, drawn = card(title, kicker, site, Path(cache), options)
    return str(path), drawn
