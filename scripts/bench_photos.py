"""Photo-like test pictures for the image benchmark (deterministic from a seed).

Real photos have detail at every scale: smooth gradients (sky), mid-size structure (buildings,
foliage) and fine grain (texture, sensor noise). Octaves of smooth noise with a little fine grain
compress like a phone photo does, unlike flat drawings (too easy) or pure noise (too hard).
"""

from __future__ import annotations

import io
import random

from PIL import Image, ImageFilter

OCTAVES = ((8, 1.0), (32, 0.6), (128, 0.35), (512, 0.2))


def photo_like(size: tuple[int, int], seed: int) -> Image.Image:
    """A picture with detail at several scales, in colour."""
    rng = random.Random(seed)
    random.seed(seed)  # effect_noise draws from C's generator; fix what we can
    channels = []
    for _ in range(3):
        layer = Image.new("L", size, 128)
        total = 0.0
        for cells, weight in OCTAVES:
            small = Image.effect_noise((cells, max(1, cells * size[1] // size[0])), 100)
            layer = Image.blend(
                layer, small.resize(size, Image.Resampling.BICUBIC), weight / (total + weight)
            )
            total += weight
        shift = rng.randint(-40, 40)
        channels.append(layer.point(lambda v, shift=shift: v * 1.6 - 80 + shift))
    image = Image.merge("RGB", channels).filter(ImageFilter.SMOOTH)
    grain = Image.effect_noise(size, 12).convert("RGB")
    return Image.blend(image, grain, 0.08)


def phone_jpeg(size: tuple[int, int], seed: int, quality: int = 90) -> bytes:
    """A photo-like picture saved as a phone saves it."""
    buffer = io.BytesIO()
    photo_like(size, seed).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()
