"""Pelican plugin: responsive, light, private images, and social cards, cached across builds.

Before pages are written, every local image a story or page uses is processed (in parallel, from
the cache when unchanged) and the originals, which may carry GPS coordinates, are kept out of the
site. As each page is written, its <img> tags become <picture> elements with WebP and JPEG (or
PNG) sources, srcset, sizes, width and height, and lazy loading for all but the first.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, StaticGenerator

from gridnews import buildstate, cards, images
from gridnews.images import ImageOptions, Processed
from gridnews.site import contents_of
from gridnews.story import display_path

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "widths": [480, 960, 1600],
    "jpeg_quality": 82,
    "webp_quality": 78,
    "webp_method": 3,
    "max_pixels": 64_000_000,
    "cache": "cache/images",  # relative to the settings file's folder; kept outside output/
    "sizes": "(min-width: 48rem) 42rem, 100vw",
    "cards": True,
    "workers": 0,  # 0: one per core
}
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(
    r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s"\'=<>`]+)))?'
)
_STATIC_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']\{static\}/?([^"']+)["']""", re.IGNORECASE)
_REMOTE_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["'](https?://[^"']+)["']""", re.IGNORECASE)
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
IMAGE_INPUT = "image"  # the kind of input a page's processed images are (gridnews.buildstate)


def image_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Merge the IMAGES setting over the defaults, refusing unknown keys."""
    given = settings.get("IMAGES", {}) or {}
    for key in given:
        if key not in DEFAULTS:
            raise ValueError(f"Invalid 'IMAGES' key: {key!r}; known keys: {', '.join(DEFAULTS)}")
    merged = {**DEFAULTS, **given}
    widths = merged["widths"]
    if not widths or not all(type(width) is int and width > 0 for width in widths):
        raise ValueError(
            f"Invalid 'IMAGES' widths: {widths!r}; give a list of pixel widths, "
            "such as [480, 960, 1600]"
        )
    return merged


def options_of(config: dict[str, Any]) -> ImageOptions:
    """The processing options of a merged IMAGES setting."""
    return ImageOptions(
        widths=tuple(config["widths"]),
        jpeg_quality=config["jpeg_quality"],
        webp_quality=config["webp_quality"],
        webp_method=config["webp_method"],
        max_pixels=config["max_pixels"],
    )


@dataclass
class Build:
    """What this build knows about its images."""

    output: Path
    cache: Path
    config: dict[str, Any]
    settings: dict[str, Any] = field(default_factory=dict)
    processed: dict[str, Processed] = field(default_factory=dict)  # site path -> variants
    pending_cards: dict[Path, str] = field(default_factory=dict)  # cache file -> site path
    cards_found: set[str] = field(default_factory=set)  # cache files seen in this build
    card_pool: concurrent.futures.ProcessPoolExecutor | None = None
    card_results: Any = None
    fresh: int = 0
    reused: int = 0


_build: Build | None = None


def _published(site_path: str, name: str) -> str:
    """The site path of one variant file."""
    stem = posixpath.splitext(site_path)[0]
    return f"{stem}-{name}"


def _cover_of(item: Any) -> str:
    """A story's cover image as written in its front matter ('' for none, or for a page)."""
    return getattr(getattr(item, "story", None), "image", "") or ""


def _images_of(item: Any) -> tuple[list[str], list[str], str]:
    """A story's or page's local images (paths in the content folder), remote ones, local cover.

    The cover is '' when there is none, or when it is remote.
    """
    html = getattr(item, "_content", "") or ""
    found = [unescape(match) for match in _STATIC_SRC.findall(html)]
    cover = _cover_of(item)
    local_cover = ""
    if cover and "://" not in cover:
        found.append(cover)
        local_cover = cover.lstrip("/")
    local = [path.lstrip("/") for path in found if Path(path).suffix.lower() in IMAGE_SUFFIXES]
    remote = [*_REMOTE_SRC.findall(html), *([cover] if cover and "://" in cover else [])]
    return local, remote, local_cover


def _usages(
    generators: list[Any], content: Path
) -> tuple[dict[str, list[str]], dict[str, list[str]], set[str]]:
    """Local and remote images, each with the pages that use them, and the local covers."""
    local: dict[str, list[str]] = {}
    remote: dict[str, list[str]] = {}
    covers: set[str] = set()
    for generator in generators:
        for item in contents_of(generator):
            page = os.path.relpath(item.source_path, content)
            paths, urls, cover = _images_of(item)
            if cover and isinstance(generator, ArticlesGenerator):
                covers.add(cover)
            for path in paths:
                local.setdefault(path, []).append(page)
            for url in urls:
                remote.setdefault(url, []).append(page)
    return local, remote, covers


def _cache_folder(settings: dict[str, Any], config: dict[str, Any]) -> Path:
    cache = Path(config["cache"])
    if not cache.is_absolute():
        cache = Path(settings.get("GRIDNEWS_ROOT") or Path.cwd()) / cache
    return cache


# Photos processed while the stories are read: a build reads on one core, and the workers of
# images.Ahead, at a lower priority, fill the cache on the other from the first story that
# shows a photo. prepare() then finds them in the cache.
_ahead: images.Ahead | None = None


def start_ahead(pelican: Any) -> None:
    """A build begins: process its stories' photos as they are read."""
    global _ahead  # noqa: PLW0603 - one build at a time; signal receivers share it
    if _ahead is not None:  # the last build stopped before its images were prepared
        _ahead.finish()
    config = image_settings(pelican.settings)
    _ahead = images.Ahead(
        _cache_folder(pelican.settings, config), options_of(config), config["workers"] or None
    )


def read_ahead(item: Any) -> None:
    """A story or page has been read: start on its photos."""
    if _ahead is None or not isinstance(item, (Article, Page)):
        return
    content = Path(item.settings["PATH"])
    paths, _, cover = _images_of(item)
    for path in paths:
        source = content / path
        if source.is_file():
            _ahead.add(source, display_path(source), og=isinstance(item, Article) and path == cover)


def prepare(generators: list[Any]) -> None:
    """Process every image the site uses, keep the originals out, and make social cards."""
    global _build, _ahead  # noqa: PLW0603 - one build at a time; signal receivers share it
    first = generators[0]
    settings = first.settings
    config = image_settings(settings)
    content = Path(settings["PATH"])
    cache = _cache_folder(settings, config)
    build = _build = Build(Path(first.output_path), cache, config, settings)
    options = options_of(config)
    local, remote, covers = _usages(generators, content)
    if remote:
        shown = "; ".join(f"{url} ({', '.join(pages)})" for url, pages in sorted(remote.items()))
        logger.warning(
            "%d remote image(s) left as they are (use gridnews import --fetch-images to bring "
            "them onto the site): %s",
            len(remote),
            shown,
        )
    files = [(content / path, display_path(content / path)) for path in sorted(local)]
    made_ahead = _ahead.finish() if _ahead is not None else set()
    _ahead = None
    results = images.process_all(
        files,
        cache,
        options,
        workers=config["workers"] or None,
        progress=images.terminal_progress("images"),
        covers={content / path for path in covers},
    )
    for path in sorted(local):
        result = results[str(content / path)]
        if isinstance(result, str):
            logger.error(
                "%s (used by %s); the page keeps a plain <img>", result, ", ".join(local[path])
            )
            continue
        build.processed[path] = result
        fresh = result.fresh or str(content / path) in made_ahead
        build.fresh += fresh
        build.reused += not fresh
        _publish(build, path, result, og=path in covers)
    logger.info("Images: %d processed, %d from the cache", build.fresh, build.reused)
    for generator in generators:
        if isinstance(generator, StaticGenerator):
            # The originals may carry EXIF and GPS: only the stripped variants are published.
            kept = [
                static
                for static in generator.context["staticfiles"]
                if static.save_as not in build.processed
            ]
            generator.context["staticfiles"] = kept
            generator.staticfiles = kept
    _cover_images(generators, build)
    if config["cards"]:
        _og_images(generators, build, settings)
        first.context["social_card"] = lambda title, kicker: card_for(first.context, title, kicker)


def _publish(build: Build, site_path: str, result: Processed, *, og: bool) -> None:
    """Copy (or hard-link) an image's variants (and, for a cover, its crop) into the output.

    Whether a crop is published depends on the site alone, never on what the cache happens to
    hold, so a build with a warm cache gives the same output as one with a cold cache.
    """
    for variant in [*result.variants, *([result.og] if og and result.og else [])]:
        _place(
            images.cache_file(build.cache, result.key, variant.name),
            build.output / _published(site_path, variant.name),
        )


def _place(source: Path, target: Path) -> None:
    """Put a cached file in the output: a hard link where possible, else a copy."""
    buildstate.record_output(target)
    try:
        placed = target.stat()
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    else:
        if placed.st_ino == source.stat().st_ino or target.read_bytes() == source.read_bytes():
            return
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _cover_images(generators: list[Any], build: Build) -> None:
    """Give each story with a cover its OpenGraph image: the cover's crop, or a remote cover."""
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        for article in generator.articles:
            cover = _cover_of(article)
            processed = build.processed.get(cover.lstrip("/")) if cover else None
            if processed is not None and processed.og is not None:
                article.og_image = _published(cover.lstrip("/"), processed.og.name)
            elif cover and "://" in cover:
                article.og_image = cover


def _card_jobs(generators: list[Any], build: Build) -> list[tuple[Any, str, str]]:
    """Cards the site needs: stories without a cover, the honour board, workers and grids."""
    jobs: list[tuple[Any, str, str]] = []
    context: dict[str, Any] = generators[0].context
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        for article in generator.articles:
            if not getattr(article, "og_image", None):
                jobs.append((article, article.title, "新闻"))
    index = context.get("gridnews_index")
    if index is not None and index.honours:
        jobs.append((None, "光荣榜", "光荣榜"))
        jobs += [
            (None, f"{year}年光荣榜", "光荣榜") for year in {e.honour.year for e in index.honours}
        ]
    if index is not None:
        for holder in [*index.workers.values(), *index.grids.values()]:
            jobs.append((None, holder.name, "网格员" if holder.kind == "worker" else "网格"))
    return jobs


def _og_images(generators: list[Any], build: Build, settings: dict[str, Any]) -> None:
    """Give each story an OpenGraph image (its cover's crop, or a card); draw every card needed."""
    site = settings.get("SITENAME", "")
    jobs = _card_jobs(generators, build)
    try:
        cards.font_path()
    except cards.FontError as error:
        logger.error("%s", error)
        return
    # Cards are drawn in the background while Pelican writes the pages, on all cores but the
    # one that writes; their addresses are known before they are drawn, and they are put into
    # the output when the pages are done (finish_cards).
    missing = []
    for _, title, kicker in jobs:
        path = cards.card_path(title, kicker, site, build.cache)
        if path in build.pending_cards or str(path) in build.cards_found:
            continue
        if path.is_file():
            build.cards_found.add(str(path))
        else:
            build.pending_cards[path] = _card_target(path)
            missing.append((title, kicker, site, str(build.cache)))
    workers = build.config["workers"] or os.cpu_count() or 1
    if len(missing) > 8 and workers > 1:
        build.card_pool = concurrent.futures.ProcessPoolExecutor(max_workers=max(1, workers - 1))
        build.card_results = build.card_pool.map(cards._card_job, missing, chunksize=16)
        buildstate.before_finish(finish_cards)
    else:
        for job in missing:
            cards._card_job(job)
        finish_cards()
    for article, title, kicker in jobs:
        if article is not None:
            article.og_image = card_for(generators[0].context, title, kicker)
    # The site's own card (pages without a picture of their own show it, through the seo
    # plugin) is put in place on every build: such a page may be kept from an earlier build
    # without being rendered, and a card no page asked for would be removed from the output.
    card_for(generators[0].context, cards.site_card_title(settings), "")
    logger.info(
        "Social cards: %d to draw, %d from the cache", len(missing), len(jobs) - len(missing)
    )


def finish_cards(*_: Any) -> None:
    """Wait for the cards drawn in the background, and put every card of the build in place."""
    build = _build
    if build is None:
        return
    if build.card_pool is not None:
        try:
            list(build.card_results or ())
        finally:
            build.card_pool.shutdown()
            build.card_pool = build.card_results = None
    for path, target in sorted(build.pending_cards.items()):
        _place(path, build.output / target)
    build.pending_cards.clear()


def _card_target(path: Path) -> str:
    """Where a card from the cache is published."""
    return f"cards/{path.parent.name[5:21]}{path.suffix}"


def card_for(context: dict[str, Any], title: str, kicker: str) -> str:
    """A social card for a page the plugins write (honour pages); its site path, or ''."""
    build = _build
    if build is None or not build.config["cards"]:
        return ""
    site = context.get("SITENAME", "")
    path = cards.card_path(title, kicker, site, build.cache)
    if path in build.pending_cards:  # being drawn; put in place when the pages are done
        return build.pending_cards[path]
    if str(path) not in build.cards_found:
        try:
            path, _ = cards.card(title, kicker, site, build.cache)
        except cards.FontError:
            return ""
        build.cards_found.add(str(path))
    target = _card_target(path)
    _place(path, build.output / target)
    return target


def _attributes(tag: str) -> dict[str, str]:
    """The attributes of one <img> tag."""
    attributes = {}
    for match in _ATTR.finditer(tag[4:-1].rstrip("/")):
        name = match.group(1).lower()
        value = next((g for g in match.groups()[1:] if g is not None), "")
        attributes[name] = unescape(value)
    return attributes


def picture(
    attributes: dict[str, str],
    src_base: str,
    site_path: str,
    result: Processed,
    *,
    sizes: str,
    lazy: bool,
) -> str:
    """The <picture> element for one processed image."""

    def address(name: str) -> str:
        # percent-encoded (a space would split srcset), then escaped for the attribute
        return escape(src_base + quote(_published(site_path, name)))

    def srcset(mime: str) -> str:
        return ", ".join(f"{address(v.name)} {v.width}w" for v in result.of(mime))

    fallback = result.of(result.fallback)
    default = next((v for v in fallback if v.width >= 960), fallback[-1])
    kept = {
        k: v
        for k, v in attributes.items()
        if k not in ("src", "srcset", "sizes", "width", "height", "loading", "decoding")
    }
    extra = "".join(f' {k}="{escape(v)}"' for k, v in kept.items() if k != "alt")
    loading = ' loading="lazy"' if lazy else ' fetchpriority="high"'
    sizes = escape(sizes)
    src = address(default.name)
    return (
        f'<picture><source type="image/webp" srcset="{srcset("image/webp")}" sizes="{sizes}">'
        f'<img src="{src}" srcset="{srcset(result.fallback)}" '
        f'sizes="{sizes}" width="{result.width}" height="{result.height}" '
        f'alt="{escape(attributes.get("alt", ""))}"{extra}{loading} decoding="async"></picture>'
    )


def rewrite(html: str, page_path: str, build: Build, siteurl: str = "") -> str:
    """Turn each <img> of a processed image into a <picture>; the first one is not lazy.

    page_path is the page's path in the output (stories/x/index.html); siteurl is the absolute
    address pages use when relative URLs are off (publishing).
    """
    page_dir = posixpath.dirname(page_path)
    to_root = (posixpath.relpath(".", page_dir) + "/") if page_dir else ""
    seen = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        attributes = _attributes(match.group(0))
        src = attributes.get("src", "").split("?")[0].split("#")[0]
        if siteurl and src.startswith(siteurl + "/"):
            site_path, prefix = src[len(siteurl) + 1 :], siteurl + "/"
        elif not src or "://" in src or src.startswith(("data:", "//")):
            return match.group(0)
        else:
            site_path, prefix = (
                posixpath.normpath(posixpath.join(page_dir, src)).lstrip("/"),
                to_root,
            )
        source = unquote(site_path)
        buildstate.note_input(IMAGE_INPUT, source)
        result = build.processed.get(source)
        if result is None:
            return match.group(0)
        return picture(
            attributes, prefix, site_path, result, sizes=build.config["sizes"], lazy=seen > 1
        )

    return _IMG.sub(replace, html)


def rewrite_written(path: str, context: dict[str, Any]) -> None:
    """After Pelican writes a page, give its images their responsive markup.

    A writer that applies page filters (the incremental plugin's) has done it already, through
    rewrite_page, before the page reached the disk.
    """
    build = _build
    if build is None or not path.endswith(".html") or not build.processed:
        return
    if path in buildstate.settled:
        return
    page = Path(path)
    html = page.read_text(encoding="utf-8")
    new = rewrite_page(path, html, context)
    if new != html:
        page.write_text(new, encoding="utf-8")


def rewrite_page(path: str, html: str, settings: dict[str, Any] | None = None) -> str:
    """A page's text with its images' responsive markup (a page filter, see buildstate)."""
    build = _build
    # Run even when no image is processed: the page notes the images it names, so that it is
    # made again once one of them is.
    if build is None or not path.endswith(".html") or "<img" not in html:
        return html
    settings = settings if settings is not None else build.settings
    relative = Path(path).relative_to(build.output).as_posix()
    siteurl = "" if settings.get("RELATIVE_URLS") else (settings.get("SITEURL") or "").rstrip("/")
    return rewrite(html, relative, build, siteurl)


def feed_images(context: dict[str, Any], feed: Any) -> None:
    """Point the images in a feed's entries at a published variant (the originals are not).

    Feed readers get one plain <img> (the 960 px JPEG or PNG) with its width and height.
    """
    build = _build
    if build is None:
        return
    base = (context.get("FEED_DOMAIN") or context.get("SITEURL") or "").rstrip("/")

    def replace(match: re.Match[str]) -> str:
        attributes = _attributes(match.group(0))
        src = attributes.get("src", "").split("?")[0].split("#")[0]
        site_path = src[len(base) + 1 :] if base and src.startswith(base + "/") else src
        site_path = unquote(site_path).lstrip("/")
        buildstate.note_input(IMAGE_INPUT, site_path)
        result = build.processed.get(site_path)
        if result is None:
            return match.group(0)
        fallback = result.of(result.fallback)
        chosen = next((v for v in fallback if v.width >= 960), fallback[-1])
        url = escape(f"{base}/{quote(_published(site_path, chosen.name))}")
        alt = escape(attributes.get("alt", ""))
        return f'<img src="{url}" width="{chosen.width}" height="{chosen.height}" alt="{alt}">'

    for item in feed.items:
        for key in ("description", "content"):
            if isinstance(item.get(key), str) and "<img" in item[key]:
                item[key] = _IMG.sub(replace, item[key])


def image_state(site_path: str) -> str:
    """What a processed image is now, for pages that show it: its key, or 'none' (not processed).

    A page records the images its <img> tags name (buildstate.note_input); it is made again when
    one of them changes, and only then.
    """
    build = _build
    result = build.processed.get(site_path) if build is not None else None
    return f"{build.config['sizes']}\0{result.key}" if result is not None else "none"


def same_images(item: Any, before: str) -> bool:
    """After an edit to a story's text alone: whether its image tags are all as they were.

    Images are processed, and pages given their <picture> markup, for the whole site at once.
    """
    return _IMG.findall(getattr(item, "_content", "") or "") == _IMG.findall(before)


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    buildstate.add_input_source(IMAGE_INPUT, image_state)
    buildstate.add_page_filter(rewrite_page)
    signals.initialized.connect(start_ahead)
    signals.content_object_init.connect(read_ahead)
    signals.all_generators_finalized.connect(prepare)
    signals.finalized.connect(finish_cards)  # when the incremental plugin has not done it
    signals.content_written.connect(rewrite_written)
    signals.feed_generated.connect(feed_images)
    buildstate.on_text_change(same_images)
