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


def _lines(text: str, font: ImageFont.FreeTypeFont, width: int, most: int) -> list[str]:
    """Break Chinese text into lines that fit, character by character; cut with … if too long."""
    lines: list[str] = []
    current = ""
    for char in text:
        if font.getlength(current + char) > width:
            lines.append(current)
            current = char.lstrip()
            if len(lines) == most:
                break
        else:
            current += char
    else:
        if current:
            lines.append(current)
        return lines
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    lines[-1] = last + "…"
    return lines


def draw_card(title: str, kicker: str, site: str) -> Image.Image:
    """Draw a card: the site's red band, a kicker (新闻, 网格员…), the title, the site name."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 24], fill=RED)
    draw.rectangle([0, HEIGHT - 90, WIDTH, HEIGHT], fill=RED)
    draw.text((MARGIN, 70), kicker, font=_font(36), fill=RED)
    size = 64 if len(title) <= 30 else 54
    lines = _lines(title, _font(size), WIDTH - 2 * MARGIN, 4)
    y = 140
    for line in lines:
        draw.text((MARGIN, y), line, font=_font(size), fill=INK)
        y += int(size * 1.4)
    draw.text((MARGIN, HEIGHT - 72), site, font=_font(40), fill=(255, 255, 255))
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
