"""Draw the sample site's illustrations (deterministic: the same script gives the same files).

The original photos of the corpus articles stay with their publishers; the sample stories use
these drawings instead, so that the site needs no third-party server. Run:

    .venv/bin/python scripts/make_sample_images.py content/images
"""

from __future__ import annotations

import argparse
import io
import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

Size = tuple[int, int]


def _sky(size: Size, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    """A vertical gradient from top colour to bottom colour."""
    height = size[1]
    strip = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / max(height - 1, 1)
        strip.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return strip.resize(size)


def _grain(image: Image.Image, seed: int, amount: int = 18) -> Image.Image:
    """Add film-like noise so that the drawing compresses like a photo."""
    random.seed(seed)
    noise = Image.effect_noise(image.size, amount).convert("RGB")
    return Image.blend(image, noise, 0.06).filter(ImageFilter.GaussianBlur(0.6))


def _hills(
    draw: ImageDraw.ImageDraw,
    size: Size,
    rng: random.Random,
    colour: tuple[int, int, int],
    base: float,
) -> None:
    """A ridge of hills across the picture."""
    width, height = size
    points = [(0, height)]
    y = height * base
    for x in range(0, width + 40, 40):
        y = min(max(y + rng.uniform(-18, 18), height * (base - 0.12)), height * (base + 0.05))
        points.append((x, y))
    points.append((width, height))
    draw.polygon(points, fill=colour)


def _buildings(
    draw: ImageDraw.ImageDraw, size: Size, rng: random.Random, ground: float, tall: int
) -> None:
    """A row of buildings with lit windows."""
    width, height = size
    x = 0
    while x < width:
        w = rng.randint(60, 140)
        h = rng.randint(tall // 3, tall)
        top = int(height * ground) - h
        shade = rng.randint(150, 215)
        draw.rectangle([x, top, x + w, int(height * ground)], fill=(shade, shade - 8, shade - 20))
        for wy in range(top + 12, int(height * ground) - 16, 26):
            for wx in range(x + 10, x + w - 14, 22):
                lit = rng.random() < 0.35
                draw.rectangle(
                    [wx, wy, wx + 10, wy + 14], fill=(250, 214, 120) if lit else (92, 104, 120)
                )
        x += w + rng.randint(4, 18)


def _grid(draw: ImageDraw.ImageDraw, size: Size, colour: tuple[int, int, int], step: int) -> None:
    """The grid motif of 网格化服务管理: thin lines over the scene."""
    width, height = size
    for x in range(0, width, step):
        draw.line([(x, 0), (x, height)], fill=colour, width=2)
    for y in range(0, height, step):
        draw.line([(0, y), (width, y)], fill=colour, width=2)


def _person(
    draw: ImageDraw.ImageDraw, x: int, ground: int, scale: float, coat: tuple[int, int, int]
) -> None:
    """A simple figure in a coloured vest."""
    head = int(18 * scale)
    body = int(70 * scale)
    draw.ellipse(
        [x - head, ground - body - 2 * head, x + head, ground - body], fill=(236, 196, 160)
    )
    draw.rounded_rectangle(
        [x - int(24 * scale), ground - body, x + int(24 * scale), ground - int(30 * scale)],
        radius=8,
        fill=coat,
    )
    draw.rectangle(
        [x - int(16 * scale), ground - int(30 * scale), x + int(16 * scale), ground],
        fill=(60, 64, 80),
    )


def desert_town(size: Size, seed: int) -> Image.Image:
    """玉门: a town under a wide sky at the edge of the Gobi."""
    rng = random.Random(seed)
    image = _sky(size, (118, 170, 220), (236, 214, 178))
    draw = ImageDraw.Draw(image)
    _hills(draw, size, rng, (196, 160, 118), 0.62)
    _buildings(draw, size, rng, 0.8, 180)
    draw.rectangle([0, int(size[1] * 0.8), size[0], size[1]], fill=(214, 186, 142))
    _grid(draw, size, (255, 255, 255), 160)
    return _grain(image, seed)


def home_visit(size: Size, seed: int) -> Image.Image:
    """Grid workers calling at a house."""
    rng = random.Random(seed)
    image = _sky(size, (150, 196, 232), (224, 236, 240))
    draw = ImageDraw.Draw(image)
    ground = int(size[1] * 0.82)
    draw.rectangle([0, ground, size[0], size[1]], fill=(170, 170, 160))
    draw.rectangle([size[0] * 0.15, size[1] * 0.3, size[0] * 0.6, ground], fill=(222, 206, 180))
    draw.polygon(
        [
            (size[0] * 0.1, size[1] * 0.32),
            (size[0] * 0.375, size[1] * 0.12),
            (size[0] * 0.65, size[1] * 0.32),
        ],
        fill=(150, 60, 50),
    )
    draw.rectangle([size[0] * 0.32, size[1] * 0.5, size[0] * 0.42, ground], fill=(120, 80, 50))
    _person(draw, int(size[0] * 0.7), ground, 2.0, (40, 110, 200))
    _person(draw, int(size[0] * 0.82), ground, 1.9, (220, 90, 40))
    _person(draw, int(size[0] * 0.47), ground, 1.7, (90, 90, 90))
    for _ in range(6):
        x = rng.randint(0, size[0])
        draw.ellipse([x, 40, x + 120, 80], fill=(245, 245, 245))
    return _grain(image, seed)


def coastal_city(size: Size, seed: int) -> Image.Image:
    """威海文登: blocks of flats near the sea."""
    rng = random.Random(seed)
    image = _sky(size, (96, 150, 210), (200, 224, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, int(size[1] * 0.72), size[0], size[1]], fill=(52, 110, 160))
    for y in range(int(size[1] * 0.74), size[1], 18):
        draw.line([(0, y), (size[0], y)], fill=(80, 140, 190), width=2)
    _buildings(draw, size, rng, 0.72, 260)
    _grid(draw, size, (255, 255, 255), 200)
    return _grain(image, seed)


def street(size: Size, seed: int) -> Image.Image:
    """文登: a street of flats seen from the pavement, as a phone would photograph it."""
    rng = random.Random(seed)
    image = _sky(size, (120, 170, 220), (215, 230, 240))
    draw = ImageDraw.Draw(image)
    _buildings(draw, size, rng, 0.78, int(size[1] * 0.55))
    draw.rectangle([0, int(size[1] * 0.78), size[0], size[1]], fill=(120, 120, 118))
    for x in range(0, size[0], 180):
        draw.rectangle([x, int(size[1] * 0.88), x + 90, int(size[1] * 0.89)], fill=(235, 235, 230))
    _person(draw, int(size[0] * 0.35), int(size[1] * 0.86), 3.2, (40, 110, 200))
    return _grain(image, seed, amount=30)


# GPS coordinates of the kind a phone writes (near Wendeng, Weihai), to prove they are removed.
GPS = {1: "N", 2: (37.0, 11.0, 42.0), 3: "E", 4: (122.0, 3.0, 25.0)}
ORIENTATION = 0x0112
GPS_IFD = 0x8825


def as_phone_photo(image: Image.Image) -> bytes:
    """Store a picture the way phones do: sideways, with an orientation tag and GPS position."""
    stored = image.transpose(Image.Transpose.ROTATE_90)  # shown upright by orientation 6
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "Example phone maker"
    gps = exif.get_ifd(GPS_IFD)
    gps.update(GPS)
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=88, exif=exif.tobytes())
    return buffer.getvalue()


SCENES: dict[str, tuple[Callable[[Size, int], Image.Image], Size, int]] = {
    "yumen-2021/cover.jpg": (desert_town, (1600, 1000), 1),
    "yumen-2021/visit.jpg": (home_visit, (1200, 800), 2),
    "weihai-wendeng/cover.jpg": (coastal_city, (1600, 1000), 3),
}
PHONE_PHOTOS: dict[str, tuple[Callable[[Size, int], Image.Image], Size, int]] = {
    "weihai-wendeng/street.jpg": (street, (2400, 1600), 4),
}


def main() -> None:
    """Write every scene under the given folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    for name, (draw_scene, size, seed) in SCENES.items():
        target = args.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        draw_scene(size, seed).save(target, "JPEG", quality=82, optimize=True, progressive=True)
        print(f"{target}: {target.stat().st_size // 1024} KiB")
    for name, (draw_scene, size, seed) in PHONE_PHOTOS.items():
        target = args.folder / name
        target.write_bytes(as_phone_photo(draw_scene(size, seed)))
        print(f"{target}: {target.stat().st_size // 1024} KiB, orientation 6, with GPS")


if __name__ == "__main__":
    main()
