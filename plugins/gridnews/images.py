"""Images for publishing: responsive variants, modern formats, no metadata, cached by content.

One source image becomes, for each configured width that is not larger than the image, a WebP
and a JPEG (a PNG when the image has transparency), and, when it is a story's cover, a 1200×630
OpenGraph crop. Variants are
kept in a cache outside output/, keyed by the hash of the source bytes and of the settings, so an
unchanged image is never processed twice: not after a clean build, not in CI with the cache
restored, not when publishing.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import functools
import hashlib
import io
import itertools
import json
import os
import sys
import warnings
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# Bump when the way variants are made changes, so that old cache entries are not reused.
PIPELINE_VERSION = "3"
READABLE = {"JPEG", "PNG", "WEBP", "GIF", "MPO", "BMP", "TIFF"}
# Memory an image worker keeps for the next photo: Pillow blocks (16 MB each by default), and
# buffers up to this size in the C heap rather than mapped and unmapped one by one
WORKER_BLOCKS = 16
AHEAD_NICENESS = 10  # images processed ahead of need yield the processor to the build
WORKER_HEAP_BUFFER = 64 * 1024 * 1024
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters


@dataclass(frozen=True)
class ImageOptions:
    """How variants are made; every field is part of the cache key."""

    widths: tuple[int, ...] = (480, 960, 1600)
    jpeg_quality: int = 82  # visually lossless for photos at these sizes, about 1/10 of the source
    webp_quality: int = 78  # the same look as JPEG 82 at about 70% of its size
    webp_method: int = 3  # WebP effort: the knee of size against time (docs/images.md)
    png_compress: int = 6
    og_size: tuple[int, int] = (1200, 630)
    max_pixels: int = 64_000_000  # larger images are refused as decompression bombs

    def key(self) -> str:
        """A short digest of the settings."""
        return _options_key(self)


@functools.lru_cache(maxsize=16)  # asked for every card and image of a build
def _options_key(options: ImageOptions) -> str:
    text = json.dumps({**asdict(options), "version": PIPELINE_VERSION}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class Variant:
    """One file made from a source image."""

    name: str  # file name in the cache entry: 960.webp
    width: int
    height: int
    mime: str


@dataclass
class Processed:
    """What a source image became."""

    key: str
    width: int  # the displayed size of the largest variant
    height: int
    variants: list[Variant] = field(default_factory=list)
    og: Variant | None = None
    fresh: bool = False  # made in this run (False: read from the cache)

    def of(self, mime: str) -> list[Variant]:
        """The variants of one format, narrowest first."""
        return sorted((v for v in self.variants if v.mime == mime), key=lambda v: v.width)

    @property
    def fallback(self) -> str:
        """The format for browsers without WebP: JPEG, or PNG for transparent images."""
        return "image/png" if any(v.mime == "image/png" for v in self.variants) else "image/jpeg"


class ImageError(Exception):
    """A source image that cannot be used; the message says why and what to do."""


def cache_key(data: bytes, options: ImageOptions) -> str:
    """The cache key of a source image: its content and the settings."""
    return hashlib.sha256(data + options.key().encode()).hexdigest()


def _entry(cache: Path, key: str) -> Path:
    """The cache folder of one source image."""
    return cache / key[:2] / key


def cached(cache: Path, key: str) -> Processed | None:
    """A processed image from the cache, if every file of it is there."""
    manifest = _entry(cache, key) / "manifest.json"
    if not manifest.is_file():
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        variants = [Variant(**v) for v in data["variants"]]
        og = Variant(**data["og"]) if data.get("og") else None
    except (ValueError, KeyError, TypeError):
        return None
    entry = _entry(cache, key)
    if not all((entry / v.name).is_file() for v in [*variants, *([og] if og else [])]):
        return None
    return Processed(key, data["width"], data["height"], variants, og)


def _open(data: bytes, name: str, options: ImageOptions) -> Image.Image:
    """Open an image safely: known format, not a decompression bomb."""
    Image.MAX_IMAGE_PIXELS = options.max_pixels
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageError(
                f"{name} is larger than {options.max_pixels} pixels (a decompression bomb?); "
                "resize it before adding it to the site"
            ) from None
        except UnidentifiedImageError:
            raise ImageError(
                f"{name} is not an image Pillow can read; replace it with a JPEG or PNG"
            ) from None
    if image.format not in READABLE:
        raise ImageError(f"{name} is a {image.format} file; save it as JPEG or PNG")
    return image


def _target_box(image: Image.Image, widest: int) -> tuple[int, int]:
    """The stored-orientation size that the widest variant needs (for draft decoding)."""
    orientation = image.getexif().get(0x0112, 1)
    width, height = image.size
    shown_width = height if orientation in (5, 6, 7, 8) else width
    scale = min(1.0, widest / shown_width)
    return max(1, int(width * scale)), max(1, int(height * scale))


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert to sRGB using the embedded colour profile, if any."""
    profile = image.info.get("icc_profile")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            srgb = ImageCms.createProfile("sRGB")
            mode = "RGBA" if "A" in image.getbands() else "RGB"
            converted = ImageCms.profileToProfile(image, source, srgb, outputMode=mode)
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return image


def _has_alpha(image: Image.Image) -> bool:
    """Tell whether an image has transparency that shows."""
    if image.mode == "P":
        return "transparency" in image.info
    if "A" in image.getbands():
        return image.getchannel("A").getextrema()[0] < 255
    return False


def _prepare(data: bytes, name: str, options: ImageOptions) -> Image.Image:
    """Decode (at reduced size where the largest variant allows), upright, sRGB, RGB(A)."""
    image = _open(data, name, options)
    try:
        if image.format == "JPEG":
            image.draft("RGB", _target_box(image, max(options.widths)))
        image.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise ImageError(
            f"{name} is damaged ({error}); export it again from the original"
        ) from None
    ImageOps.exif_transpose(image, in_place=True)
    image = _to_srgb(image)
    mode = "RGBA" if _has_alpha(image) else "RGB"
    return image if image.mode == mode else image.convert(mode)


def _filter(scale: float) -> Image.Resampling:
    """The resampling filter for one step of the cascade, by how much it shrinks.

    Measured on photo-like pictures against a Lanczos resize of the full-size decode
    (docs/images.md), each stays within one grey level of it: below 1.5× bilinear, in two thirds
    of bicubic's time; below 2× bicubic, in three quarters of Lanczos's; from 2× on, Lanczos
    keeps detail the others blur.
    """
    if scale < 1.5:
        return Image.Resampling.BILINEAR
    return Image.Resampling.BICUBIC if scale < 2 else Image.Resampling.LANCZOS


def _cascade(image: Image.Image, widths: Iterable[int]) -> Iterator[Image.Image]:
    """The image at each width, largest first, each one resized from the one before."""
    current = image
    for width in sorted(widths, reverse=True):
        size = (width, max(1, round(image.height * width / image.width)))
        if current.size != size:
            current = current.resize(size, _filter(current.width / width), reducing_gap=3.0)
        yield current


def _encode(image: Image.Image, fmt: str, options: ImageOptions, *, fallback: bool = True) -> bytes:
    """Encode without any metadata (no EXIF, no GPS, no profile: the pixels are sRGB).

    A fallback JPEG (fetched only by browsers without WebP) is baseline with the standard
    Huffman tables: optimised tables save 3% of its size at 2.2 times the encoding time, and
    progressive 3% more at 2.5 times that (docs/images.md). The OpenGraph crop, which every link
    preview fetches, gets optimised tables.
    """
    buffer = io.BytesIO()
    if fmt == "webp":
        image.save(buffer, "WEBP", quality=options.webp_quality, method=options.webp_method)
    elif fmt == "png":
        image.save(buffer, "PNG", compress_level=options.png_compress)
    else:
        image.save(buffer, "JPEG", quality=options.jpeg_quality, optimize=not fallback)
    return buffer.getvalue()


def _write(entry: Path, name: str, data: bytes) -> None:
    """Write a cache file atomically."""
    temporary = entry / f".{name}.tmp{os.getpid()}"
    temporary.write_bytes(data)
    temporary.replace(entry / name)


def process(
    data: bytes, name: str, cache: Path, options: ImageOptions, *, og: bool = True
) -> Processed:
    """Make (or find in the cache) every variant of one source image.

    The OpenGraph crop is made only when `og` is true (the image is a story's cover); an entry
    cached without one gets it added when the image later becomes a cover.
    """
    key = cache_key(data, options)
    found = cached(cache, key)
    if found is not None and (found.og is not None or not og):
        return found
    image = _prepare(data, name, options)
    entry = _entry(cache, key)
    entry.mkdir(parents=True, exist_ok=True)
    if found is not None:
        found.og = _og_image(image, entry, options)
        found.fresh = True
        _write_manifest(entry, found)
        return found
    fallback = "png" if image.mode == "RGBA" else "jpg"
    fallback_mime = "image/png" if fallback == "png" else "image/jpeg"
    variants: list[Variant] = []
    largest = None
    for current in _cascade(image, {min(w, image.width) for w in options.widths}):
        largest = largest or current
        for fmt, mime in (("webp", "image/webp"), (fallback, fallback_mime)):
            file_name = f"{current.width}.{fmt}"
            _write(entry, file_name, _encode(current, fmt, options))
            variants.append(Variant(file_name, current.width, current.height, mime))
    assert largest is not None  # options always give at least one width
    result = Processed(
        key,
        largest.width,
        largest.height,
        variants,
        _og_image(_og_source(image, largest, options), entry, options) if og else None,
        fresh=True,
    )
    _write_manifest(entry, result)
    return result


def _write_manifest(entry: Path, result: Processed) -> None:
    """Record what an entry holds; written last, so a complete manifest means a complete entry."""
    manifest = {
        "width": result.width,
        "height": result.height,
        "variants": [asdict(v) for v in result.variants],
        "og": asdict(result.og) if result.og else None,
    }
    _write(entry, "manifest.json", json.dumps(manifest, sort_keys=True).encode())


def _og_source(image: Image.Image, largest: Image.Image, options: ImageOptions) -> Image.Image:
    """The largest variant when it is big enough for the OpenGraph crop (cheaper to crop)."""
    width, height = options.og_size
    scale = max(width / image.width, height / image.height)
    needed = (round(image.width * scale), round(image.height * scale))
    if largest.width >= needed[0] and largest.height >= needed[1]:
        return largest
    return image


def _og_image(image: Image.Image, entry: Path, options: ImageOptions) -> Variant:
    """A 1200×630 crop of the middle, for OpenGraph and other link previews."""
    width, height = options.og_size
    card = ImageOps.fit(image.convert("RGB"), (width, height), _filter(image.width / width))
    _write(entry, "og.jpg", _encode(card, "jpg", options, fallback=False))
    return Variant("og.jpg", width, height, "image/jpeg")


def _process_file(
    job: tuple[str, str, str, ImageOptions, bool],
) -> tuple[str, Processed | str]:
    """Worker-process entry: process one file, returning the result or the error message."""
    path, name, cache, options, og = job
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return path, f"{name} cannot be read ({error.strerror}); check that the file exists"
    try:
        return path, process(data, name, Path(cache), options, og=og)
    except ImageError as error:
        return path, str(error)


def _worker_memory() -> None:
    """Let an image worker reuse the memory of one photo for the next.

    Each photo allocates the same large buffers again: Pillow's image blocks, the decoder's and
    the WebP encoder's. Freed at once, each new buffer costs fresh zeroed pages from the kernel,
    about 4% of a photo's time (docs/images.md). A worker keeps Pillow's freed blocks (up to
    the size of a few decoded photos), and asks the C library to keep large buffers in its
    heap; the memory goes back when the worker ends.
    """
    Image.core.set_blocks_max(WORKER_BLOCKS)
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # no GNU C library: defaults stay
        return
    mallopt(_M_MMAP_THRESHOLD, WORKER_HEAP_BUFFER)
    mallopt(_M_TRIM_THRESHOLD, 4 * WORKER_HEAP_BUFFER)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def process_all(
    files: Iterable[tuple[Path, str]],
    cache: Path,
    options: ImageOptions,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    covers: Container[Path] | None = None,
) -> dict[str, Processed | str]:
    """Process many images on all cores; cache hits are answered without starting a worker.

    OpenGraph crops are made for the images in `covers` only (None: for every image). Each image
    that misses the cache goes to a worker as soon as it has been hashed, so the workers start
    while the rest are still being looked up; the largest files go first, so that no worker is
    left with a big one at the end.
    """
    files = list(files)
    results: dict[str, Processed | str] = {}
    workers = workers or os.cpu_count() or 1
    pending: list[concurrent.futures.Future[tuple[str, Processed | str]]] = []
    todo: list[tuple[str, str, str, ImageOptions, bool]] = []
    with contextlib.ExitStack() as stack:
        pool = None
        for path, name in sorted(files, key=lambda file: -_size(file[0])):
            og = covers is None or path in covers
            try:
                data = path.read_bytes()
            except OSError:
                data = b""
            found = cached(cache, cache_key(data, options)) if data else None
            if found is not None and (found.og is not None or not og):
                results[str(path)] = found
                continue
            job = (str(path), name, str(cache), options, og)
            if workers == 1:
                todo.append(job)
                continue
            if pool is None:
                pool = stack.enter_context(
                    concurrent.futures.ProcessPoolExecutor(
                        max_workers=workers, initializer=_worker_memory
                    )
                )
            pending.append(pool.submit(_process_file, job))
        total = len(todo) + len(pending)
        finished = itertools.chain(
            (_process_file(job) for job in todo),
            (future.result() for future in concurrent.futures.as_completed(pending)),
        )
        for done, (path, result) in enumerate(finished, start=1):
            results[path] = result
            if progress:
                progress(done, total)
    return {str(path): results[str(path)] for path, _ in files}


class Ahead:
    """Images processed ahead of need, at low priority, while the build does other work.

    Only the cache is filled: whoever processes the same files afterwards (process_all) finds
    them there. The workers run at a lower priority than the build, so they take the time of a
    core the build leaves idle (a build reads its stories on one core) rather than the build's.
    A file that fails is simply left for the later processing to fail on and report.
    """

    def __init__(self, cache: Path, options: ImageOptions, workers: int | None = None) -> None:
        self.cache = cache
        self.options = options
        self.workers = workers or os.cpu_count() or 1
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._futures: list[concurrent.futures.Future[tuple[str, Processed | str]]] = []
        self._seen: set[str] = set()

    def add(self, path: Path, name: str, *, og: bool) -> None:
        """Start processing a file, unless it was added before."""
        if str(path) in self._seen:
            return
        self._seen.add(str(path))
        if self._pool is None:
            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=self.workers, initializer=_ahead_worker
            )
        job = (str(path), name, str(self.cache), self.options, og)
        self._futures.append(self._pool.submit(_process_file, job))

    def finish(self) -> set[str]:
        """Cancel what has not started, wait for what has; the files made, by path."""
        if self._pool is None:
            return set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None
        made = set()
        for future in self._futures:
            if future.cancelled() or future.exception() is not None:
                continue
            path, result = future.result()
            if isinstance(result, Processed) and result.fresh:
                made.add(path)
        return made


def _ahead_worker() -> None:
    """A worker of Ahead: below the build's priority, with a worker's memory settings."""
    with contextlib.suppress(OSError, AttributeError):  # no nice() on this platform
        os.nice(AHEAD_NICENESS)
    _worker_memory()


def terminal_progress(label: str) -> Callable[[int, int], None] | None:
    """A progress bar on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        filled = 30 * done // max(total, 1)
        sys.stderr.write(f"\r{label} [{'#' * filled}{' ' * (30 - filled)}] {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def cache_file(cache: Path, key: str, name: str) -> Path:
    """Where a variant of a cache entry is stored."""
    return _entry(cache, key) / name
