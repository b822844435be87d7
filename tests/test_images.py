"""Images: variants, orientation, metadata, transparency, bad input, cache, markup and cards."""

from __future__ import annotations

import concurrent.futures
import html
import io
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageCms, ImageFilter, ImageFont, ImageStat

from gridnews import cards, images
from gridnews.images import ImageError, ImageOptions, cache_file, process, process_all

from helpers import ROOT, Build, build_site, story, write_files

OPTIONS = ImageOptions()
BICUBIC = Image.Resampling.BICUBIC


def jpeg(size: tuple[int, int], exif: Image.Exif | None = None, **save: object) -> bytes:
    """A photo-like JPEG: a gradient with noise."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    image = Image.blend(image, Image.effect_noise(size, 40).convert("RGB"), 0.3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, exif=exif.tobytes() if exif else b"", **save)
    return buffer.getvalue()


def opened(cache: Path, result, name: str) -> Image.Image:
    """Open one variant from the cache."""
    return Image.open(cache_file(cache, result.key, name))


def test_variants_for_each_width_in_webp_and_jpeg(tmp_path: Path) -> None:
    result = process(jpeg((2400, 1600)), "a.jpg", tmp_path, OPTIONS)
    assert [(v.name, v.width, v.height) for v in result.of("image/webp")] == [
        ("480.webp", 480, 320),
        ("960.webp", 960, 640),
        ("1600.webp", 1600, 1067),
    ]
    assert [v.name for v in result.of("image/jpeg")] == ["480.jpg", "960.jpg", "1600.jpg"]
    assert opened(tmp_path, result, "960.webp").format == "WEBP"
    assert opened(tmp_path, result, "og.jpg").size == (1200, 630)


def test_small_images_are_never_upscaled(tmp_path: Path) -> None:
    result = process(jpeg((800, 600)), "a.jpg", tmp_path, OPTIONS)
    assert sorted({v.width for v in result.variants}) == [480, 800]
    assert (result.width, result.height) == (800, 600)


def textured_jpeg(size: tuple[int, int]) -> bytes:
    """A JPEG with detail at coarse and fine scales, the hard case for a resize cascade."""
    layers = []
    for _ in range(3):
        coarse = Image.effect_noise((size[0] // 50, size[1] // 50), 90).resize(size, BICUBIC)
        fine = Image.effect_noise((size[0] // 8, size[1] // 8), 90).resize(size, BICUBIC)
        layers.append(Image.blend(coarse, fine, 0.4))
    image = Image.merge("RGB", layers).filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    Image.blend(image, Image.effect_noise(size, 12).convert("RGB"), 0.08).save(
        buffer, "JPEG", quality=90
    )
    return buffer.getvalue()


def psnr(image: Image.Image, reference: Image.Image) -> float:
    mean_square = sum(rms**2 for rms in ImageStat.Stat(ImageChops.difference(image, reference)).rms)
    return 10 * math.log10(255**2 * 3 / mean_square)


def test_the_resize_cascade_stays_close_to_a_full_size_lanczos_resize() -> None:
    # Draft decoding and resizing each width from the one before must not show: every width is
    # compared with a Lanczos resize of the full-size picture (what a plain plugin makes).
    data = textured_jpeg((3600, 2700))
    full = Image.open(io.BytesIO(data)).convert("RGB")
    prepared = images._prepare(data, "texture.jpg", OPTIONS)
    assert prepared.size == (1800, 1350)  # decoded at half size
    made = {v.width: v for v in images._cascade(prepared, OPTIONS.widths)}
    assert [(w, v.height) for w, v in made.items()] == [(1600, 1200), (960, 720), (480, 360)]
    for width, image in made.items():
        reference = full.resize(image.size, Image.Resampling.LANCZOS)
        assert psnr(image, reference) > 43, width


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways, shown rotated
    result = process(jpeg((1200, 1800), exif), "phone.jpg", tmp_path, OPTIONS)
    assert (result.width, result.height) == (1600, 1067)
    assert opened(tmp_path, result, "960.jpg").size == (960, 640)


def test_all_metadata_is_stripped(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"
    exif.get_ifd(0x8825).update({1: "N", 2: (37.0, 11.0, 42.0), 3: "E", 4: (122.0, 3.0, 25.0)})
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    result = process(jpeg((1000, 700), exif, icc_profile=srgb), "gps.jpg", tmp_path, OPTIONS)
    for variant in [*result.variants, result.og]:
        image = opened(tmp_path, result, variant.name)
        assert dict(image.getexif()) == {}, variant.name
        assert image.getexif().get_ifd(0x8825) == {}
        assert "icc_profile" not in image.info and "exif" not in image.info
    raw = cache_file(tmp_path, result.key, "960.jpg").read_bytes()
    assert b"Phone maker" not in raw and b"Exif" not in raw


def test_transparency_keeps_a_png_fallback(tmp_path: Path) -> None:
    image = Image.new("RGBA", (700, 300), (0, 0, 0, 0))
    image.paste((166, 27, 27, 255), (100, 100, 600, 200))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    result = process(buffer.getvalue(), "logo.png", tmp_path, OPTIONS)
    assert result.fallback == "image/png"
    assert {v.mime for v in result.variants} == {"image/webp", "image/png"}
    assert opened(tmp_path, result, "480.webp").mode == "RGBA"
    assert opened(tmp_path, result, "480.png").getpixel((0, 0))[3] == 0


def test_opaque_png_gets_a_jpeg_fallback(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), (30, 120, 200)).save(buffer, "PNG")
    assert process(buffer.getvalue(), "shot.png", tmp_path, OPTIONS).fallback == "image/jpeg"


def test_a_decompression_bomb_is_refused(tmp_path: Path) -> None:
    with pytest.raises(
        ImageError, match=r"bomb\.jpg is larger than 100000 pixels \(a decompression bomb\?\)"
    ):
        process(jpeg((1000, 800)), "bomb.jpg", tmp_path, ImageOptions(max_pixels=100_000))


def test_a_truncated_file_is_refused(tmp_path: Path) -> None:
    data = jpeg((1200, 900))
    with pytest.raises(
        ImageError, match=r"cut\.jpg is damaged .*; export it again from the original"
    ):
        process(data[: len(data) // 2], "cut.jpg", tmp_path, OPTIONS)


def test_a_file_that_is_not_an_image_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match=r"page\.jpg is not an image Pillow can read"):
        process(b"<html><body>not a picture</body></html>", "page.jpg", tmp_path, OPTIONS)


def test_the_cache_answers_an_unchanged_image(tmp_path: Path) -> None:
    data = jpeg((1600, 1200))
    first = process(data, "a.jpg", tmp_path, OPTIONS)
    second = process(data, "a.jpg", tmp_path, OPTIONS)
    assert first.fresh and not second.fresh
    changed = process(data, "a.jpg", tmp_path, ImageOptions(webp_quality=70))
    assert changed.fresh and changed.key != first.key


def test_worker_processes_make_the_same_files_as_one_process(tmp_path: Path) -> None:
    sources = []
    for n, size in enumerate([(2000, 1500), (1700, 1100), (900, 1300)]):
        path = tmp_path / f"photo-{n}.jpg"
        path.write_bytes(jpeg(size))
        sources.append((path, path.name))
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(jpeg((1200, 900))[:3000])
    files = [*sources, (broken, broken.name)]
    alone = process_all(files, tmp_path / "one", OPTIONS, workers=1, covers=set())
    pooled = process_all(files, tmp_path / "pool", OPTIONS, workers=2, covers=set())
    assert "damaged" in alone[str(broken)] and pooled[str(broken)] == alone[str(broken)]
    for path, _ in sources:
        one, two = alone[str(path)], pooled[str(path)]
        assert two.fresh and two.variants == one.variants
        for variant in one.variants:
            made = cache_file(tmp_path / "pool", two.key, variant.name).read_bytes()
            assert made == cache_file(tmp_path / "one", one.key, variant.name).read_bytes()


def test_an_image_worker_keeps_memory_for_the_next_photo() -> None:
    # In a child process: the settings last as long as the process, as a worker's do
    code = (
        "from PIL import Image; from gridnews import images; images._worker_memory(); "
        "print(Image.core.get_blocks_max())"
    )
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(child.stdout) == images.WORKER_BLOCKS > Image.core.get_blocks_max()


def test_images_processed_ahead_are_found_in_the_cache_afterwards(tmp_path: Path) -> None:
    """While a build reads its stories, their photos are processed into the cache; the images
    phase then finds them there, the cover with its crop."""
    files = []
    for n, size in enumerate([(2000, 1500), (1700, 1100), (900, 1300)]):
        path = tmp_path / f"photo-{n}.jpg"
        path.write_bytes(jpeg(size))
        files.append((path, path.name))
    cover = files[0][0]
    ahead = images.Ahead(tmp_path / "cache", OPTIONS, workers=2)
    for path, name in [*files, files[1]]:  # a photo two stories show is processed once
        ahead.add(path, name, og=path == cover)
    # finish() cancels what has not started; on a busy machine a photo may not have started
    # yet, so the test lets every one of them run first
    concurrent.futures.wait(ahead._futures, timeout=120)
    assert ahead.finish() == {str(path) for path, _ in files}
    results = process_all(files, tmp_path / "cache", OPTIONS, workers=2, covers={cover})
    assert not any(result.fresh for result in results.values())
    assert results[str(cover)].og is not None


def test_what_was_not_processed_ahead_is_left_for_later(tmp_path: Path) -> None:
    """Finishing early cancels the photos not started; the later processing makes those."""
    files = []
    for n in range(8):
        path = tmp_path / f"photo-{n}.jpg"
        path.write_bytes(jpeg((1800 + n, 1200)))
        files.append((path, path.name))
    ahead = images.Ahead(tmp_path / "cache", OPTIONS, workers=1)
    for path, name in files:
        ahead.add(path, name, og=False)
    made = ahead.finish()
    assert len(made) < len(files)
    results = process_all(files, tmp_path / "cache", OPTIONS, workers=1, covers=set())
    assert {path for path, result in results.items() if not result.fresh} == made


def test_images_processed_ahead_yield_the_processor_to_the_build() -> None:
    code = "import os; from gridnews import images; images._ahead_worker(); print(os.nice(0))"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(child.stdout) == min(19, os.nice(0) + images.AHEAD_NICENESS)


def test_the_opengraph_crop_is_made_for_covers_only_and_added_later(tmp_path: Path) -> None:
    data = jpeg((2400, 1600))
    inline = process(data, "a.jpg", tmp_path, OPTIONS, og=False)
    assert inline.og is None and not cache_file(tmp_path, inline.key, "og.jpg").exists()
    variants = {
        v.name: cache_file(tmp_path, inline.key, v.name).stat().st_mtime_ns for v in inline.variants
    }
    assert not process(data, "a.jpg", tmp_path, OPTIONS, og=False).fresh
    cover = process(data, "a.jpg", tmp_path, OPTIONS, og=True)  # the photo became a cover
    assert cover.fresh and cover.og is not None
    assert opened(tmp_path, cover, "og.jpg").size == (1200, 630)
    assert [v.name for v in cover.variants] == [v.name for v in inline.variants]
    for name, mtime in variants.items():  # only the crop was made; the variants were kept
        assert cache_file(tmp_path, cover.key, name).stat().st_mtime_ns == mtime
    again = process(data, "a.jpg", tmp_path, OPTIONS, og=False)
    assert not again.fresh and again.og is not None


def test_cards_use_a_real_chinese_font() -> None:
    path, index = cards.font_path()
    font = ImageFont.truetype(path, 48, index=index)
    assert font.getname()[0] == "Noto Sans CJK SC"
    # A missing glyph draws the font's empty box; every character of a title draws its own glyph.
    masks = {char: bytes(font.getmask(char)) for char in "网格员光荣榜"}
    assert len(set(masks.values())) == 6
    assert bytes(font.getmask("\U000f0000")) not in masks.values()
    card = cards.draw_card("网格员李秀兰：把群众的小事当成自己的大事", "网格员", "网格新闻")
    assert card.size == (1200, 630)


def test_cards_draw_the_same_pixels_as_pillows_own_layout() -> None:
    """Cards paste each character from a cache of drawn glyphs, in a palette of 16 shades per
    colour pair; the result must be what Pillow draws in full colour when it lays out the whole
    line itself, to within half a shade."""
    from PIL import ImageChops, ImageDraw  # noqa: PLC0415

    title = "2023年网格员：把小事当大事"
    card = cards.draw_card(title, "网格员", "网格新闻")
    expected = Image.new("RGB", card.size, cards.PAPER)
    draw = ImageDraw.Draw(expected)
    draw.rectangle([0, 0, cards.WIDTH, 24], fill=cards.RED)
    draw.rectangle([0, cards.HEIGHT - 90, cards.WIDTH, cards.HEIGHT], fill=cards.RED)
    draw.text((cards.MARGIN, 70), "网格员", font=cards._font(36), fill=cards.RED)
    draw.text((cards.MARGIN, 140), title, font=cards._font(64), fill=cards.INK)
    draw.text(
        (cards.MARGIN, cards.HEIGHT - 72), "网格新闻", font=cards._font(40), fill=(255, 255, 255)
    )
    assert card.mode == "P" and len(card.getcolors()) <= 3 * cards.STEPS
    difference = ImageChops.difference(card.convert("RGB"), expected)
    assert max(high for _, high in difference.getextrema()) <= 8
    solid = Image.new("RGB", card.size, cards.INK)  # fully inked pixels are exactly the ink
    inked = ImageChops.difference(expected, solid).convert("L").point(lambda v: 255 * (v == 0))
    assert inked.getbbox() is not None
    assert ImageChops.difference(card.convert("RGB"), solid).getbbox() is not None
    assert ImageChops.multiply(difference.convert("L"), inked).getbbox() is None
    long = cards.draw_card("网格" * 80, "新闻", "网格新闻")  # four full lines, the last cut with …
    lines = cards._lines("网格" * 80, 54, cards.WIDTH - 2 * cards.MARGIN, 4)
    assert len(lines) == 4 and lines[-1].endswith("…") and long.size == card.size


# --- in the build ----------------------------------------------------------------------------


def test_sample_images_are_served_as_pictures(site: Build) -> None:
    page = site.page("stories/weihai-wendeng-wangge-fuwu/")
    pictures = page.select("picture")
    assert len(pictures) == 2  # the cover and the street
    for number, element in enumerate(pictures):
        source = element.find("source")
        assert source["type"] == "image/webp"
        assert re.fullmatch(r"(\S+-\d+\.webp \d+w, )*\S+-\d+\.webp \d+w", source["srcset"])
        img = element.find("img")
        assert int(img["width"]) > 0 and int(img["height"]) > 0
        assert img["alt"]
        assert img["decoding"] == "async"
        assert img.get("loading") == (None if number == 0 else "lazy")
        for candidate in [*source["srcset"].split(", "), *img["srcset"].split(", ")]:
            assert (
                (site.output / "stories/weihai-wendeng-wangge-fuwu" / candidate.split()[0])
                .resolve()
                .is_file()
            )
    street = pictures[1].find("img")
    assert (street["width"], street["height"]) == ("1600", "1067")  # stored sideways, shown upright


def test_originals_with_gps_are_not_published(site: Build) -> None:
    assert not (site.output / "images/weihai-wendeng/street.jpg").exists()
    for path in (site.output / "images").rglob("*.*"):
        image = Image.open(path)
        assert dict(image.getexif()) == {}, path
        assert b"Example phone maker" not in path.read_bytes()


def test_every_story_has_a_link_preview_image(site: Build) -> None:
    for slug in ("yumen-2021-wangge-jiyi", "pengzhou-xiao-wangge-da-fuwu"):
        meta = site.page(f"stories/{slug}/").find("meta", property="og:image")
        target = site.output / meta["content"].removeprefix("http://localhost:8000/")
        assert Image.open(target).size == (1200, 630)
    assert site.page("workers/zhangting-pengzhou/").find("meta", property="og:image")


def _image_site(tmp_path: Path) -> Path:
    """A small site whose two stories use a good and a damaged photo."""
    content = write_files(
        tmp_path / "content",
        {
            "stories/good.md": story(
                "好照片", body="正文。\n\n![网格员走访](../images/good.jpg)", slug="good"
            ),
            "stories/bad.md": story(
                "坏照片", body="正文。\n\n![损坏的照片](../images/bad.jpg)", slug="bad"
            ),
            "stories/remote.md": story(
                "外站照片", body="正文。\n\n![外站](https://example.org/a.jpg)", slug="remote"
            ),
        },
    )
    (content / "images").mkdir()
    (content / "images/good.jpg").write_bytes(jpeg((2000, 1500)))
    (content / "images/bad.jpg").write_bytes(jpeg((2000, 1500))[:3000])
    return content


def test_a_bad_image_is_reported_and_everything_else_builds(tmp_path: Path) -> None:
    content = _image_site(tmp_path)
    cache = f'IMAGES={{"cache": "{tmp_path / "cache"}"}}'
    build = build_site(content, tmp_path / "out", fatal=False, extra=["-e", cache])
    assert re.search(
        r"content/images/bad\.jpg is damaged .* \(used by stories/bad\.md\); the page keeps a plain <img>",
        build.log,
    )
    assert (
        "1 remote image(s) left as they are" in build.log
        and "https://example.org/a.jpg (stories/remote.md)" in build.log
    )
    assert build.page("stories/good/").find("picture") is not None
    bad = build.page("stories/bad/")
    assert bad.find("picture") is None and bad.find("img", alt="损坏的照片") is not None
    assert (tmp_path / "out/images/bad.jpg").exists()  # the page's plain <img> still finds its file


def test_a_clean_rebuild_processes_no_image(tmp_path: Path) -> None:
    content = _image_site(tmp_path)
    (content / "stories/bad.md").unlink()
    cache = ["-e", f'IMAGES={{"cache": "{tmp_path / "cache"}"}}', "-v"]
    first = build_site(content, tmp_path / "out", fatal=False, extra=cache)
    assert "Images: 1 processed, 0 from the cache" in first.log
    second = build_site(content, tmp_path / "out2", fatal=False, extra=cache)
    assert "Images: 0 processed, 1 from the cache" in second.log
    first_files = sorted(
        p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*.webp")
    )
    assert first_files == sorted(
        p.relative_to(tmp_path / "out2") for p in (tmp_path / "out2").rglob("*.webp")
    )


def test_only_covers_get_an_opengraph_crop_whatever_the_cache_holds(tmp_path: Path) -> None:
    content = write_files(
        tmp_path / "content",
        {
            "stories/cover.md": story("有封面", slug="cover", image="images/a.jpg"),
            "stories/inline.md": story(
                "正文配图", body="正文。\n\n![走访](../images/b.jpg)", slug="inline"
            ),
        },
    )
    (content / "images").mkdir()
    (content / "images/a.jpg").write_bytes(jpeg((2000, 1500)))
    (content / "images/b.jpg").write_bytes(jpeg((2000, 1400)))
    cache = ["-e", f'IMAGES={{"cache": "{tmp_path / "cache"}"}}']
    first = build_site(content, tmp_path / "out", extra=cache)
    assert sorted(p.name for p in (first.output / "images").glob("*-og.jpg")) == ["a-og.jpg"]
    meta = first.page("stories/cover/").find("meta", property="og:image")
    assert meta["content"].endswith("/images/a-og.jpg")
    inline = first.page("stories/inline/").find("meta", property="og:image")["content"]
    assert "/images/b-" not in inline  # a story without a cover gets a drawn card
    # b.jpg becomes the cover and a.jpg an inline photo: the cache now holds a crop of a.jpg
    # that the site no longer uses, and it must not be published
    (content / "stories/cover.md").write_text(
        story("有封面", body="正文。\n\n![走访](../images/a.jpg)", slug="cover"), encoding="utf-8"
    )
    (content / "stories/inline.md").write_text(
        story("正文配图", slug="inline", image="images/b.jpg"), encoding="utf-8"
    )
    second = build_site(content, tmp_path / "out2", extra=cache)
    assert sorted(p.name for p in (second.output / "images").glob("*-og.jpg")) == ["b-og.jpg"]
    meta = second.page("stories/inline/").find("meta", property="og:image")
    assert meta["content"].endswith("/images/b-og.jpg")


def test_with_pelicans_own_writer_pages_are_rewritten_after_writing(tmp_path: Path) -> None:
    """Without the incremental plugin (whose writer filters each page before it is written),
    the plugin rewrites each written page on Pelican's content_written signal instead."""
    content = write_files(
        tmp_path / "content",
        {
            "a.md": "Title: 巡查\nDate: 2024-05-01 10:00\nSlug: a\n\n"
            '<p><img src="{static}/images/p.jpg" alt="巡查照片"></p>\n'
        },
    )
    (content / "images").mkdir()
    (content / "images/p.jpg").write_bytes(jpeg((1200, 900)))
    settings = tmp_path / "conf.py"
    settings.write_text(
        f"PATH = {str(content)!r}\nSTATIC_PATHS = ['images']\nTIMEZONE = 'Asia/Shanghai'\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nPLUGINS = ['images']\n"
        f"IMAGES = {{'cards': False, 'cache': {str(tmp_path / 'cache')!r}}}\n",
        encoding="utf-8",
    )
    build = build_site(content, tmp_path / "out", settings=settings, fatal=False)
    assert build.returncode == 0, build.log
    picture = build.page("a.html").find("picture")
    assert picture is not None and picture.find("source")["type"] == "image/webp"
    assert picture.find("img")["alt"] == "巡查照片"


def test_the_images_command_fills_the_cache(tmp_path: Path) -> None:
    content = _image_site(tmp_path)
    command = [
        str(Path(sys.executable).parent / "gridnews"),
        "images",
        str(content / "images"),
        "--cache",
        str(tmp_path / "c"),
    ]
    first = subprocess.run(command, capture_output=True, text=True, check=False)
    assert first.returncode == 1
    assert "2 images: 1 processed, 0 from the cache, 1 failed" in first.stdout
    assert "bad.jpg is damaged" in first.stdout
    (content / "images/bad.jpg").unlink()
    second = subprocess.run(command, capture_output=True, text=True, check=False)
    assert second.returncode == 0 and "1 images: 0 processed, 1 from the cache" in second.stdout


def test_feed_entries_show_published_variants_not_the_originals(site: Build) -> None:
    feeds = sorted(site.output.rglob("*.atom.xml"))
    assert feeds
    sources = []
    for feed in feeds:
        text = html.unescape(feed.read_text(encoding="utf-8"))
        sources += re.findall(r'<img src="http://localhost:8000/([^"]+)"', text)
    assert sources, "the sample stories put images in the feeds"
    for source in sources:
        assert re.search(r"-(480|960|1600)\.(jpg|png)$", source), source
        assert (site.output / source).is_file(), source


@pytest.mark.parametrize("widths", [[], [960, 0], [480, "960"], [True]])
def test_image_widths_must_be_pixel_counts(widths: list[object]) -> None:
    from images.images import image_settings  # noqa: PLC0415 - the plugin package

    with pytest.raises(ValueError, match=r"Invalid 'IMAGES' widths: .*such as \[480, 960, 1600\]"):
        image_settings({"IMAGES": {"widths": widths}})
    assert image_settings({"IMAGES": {"widths": [320, 640]}})["widths"] == [320, 640]
