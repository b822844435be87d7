"""Stage: images.

Proxy prefixes stripped, the cover shown once, alt text and sizes kept, and (with
--fetch-images) the originals downloaded into content/images/<slug>/.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from gridnews.importer.blocks import Block
from gridnews.importer.draft import Draft, Options
from gridnews.importer.sanitise import WEB_SCHEMES, scheme, web_address

# An address whose query or path carries another address: a hotlink proxy in front of the image.
_EMBEDDED = re.compile(r"(?i)(?<=[?=&/])(https?(?::|%3A)(?://|%2F%2F).+)$")
_CAPTION = re.compile(r"^(?:图为|圖為|图：|圖：|▲|△|（图|\(图|上图|下图|左图|右图)")
CAPTION_MAX = 80
IMAGE_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
}


def strip_proxy(url: str) -> str:
    """https://cors.zfour.workers.dev/?http://static.1sapp.com/a.jpg -> http://static.1sapp.com/a.jpg."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    match = _EMBEDDED.search(url, 8)
    if match is None:
        return url
    inner = match.group(1)
    return unquote(inner) if "%3a" in inner[:8].lower() else inner


def _same_image(first: str, second: str) -> bool:
    """Two addresses of one picture (ignoring scheme and query)."""

    def key(url: str) -> str:
        parts = urlsplit(url)
        return parts.netloc + parts.path

    return bool(first) and key(first) == key(second)


def _image_address(draft: Draft, source: str, base: str) -> str:
    """The address an image is published at: proxy stripped, relative read against the page."""
    stripped = strip_proxy(source)
    if stripped != source:
        draft.count("proxy_url")
    if not scheme(stripped) and scheme(base) in WEB_SCHEMES:
        stripped = urljoin(base, stripped)
    return stripped


def _caption(blocks: list[Block], index: int) -> str:
    """A caption paragraph right after an image (图为…, ▲…), or ''."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if following is not None and following.kind == "p" and len(following.text) <= CAPTION_MAX:
        return following.text if _CAPTION.match(following.text) else ""
    return ""


def tidy_images(draft: Draft) -> None:
    """Strip proxies, drop the body's copy of the cover, read captions as alt text."""
    base = draft.source_url or (draft.page.base if draft.page is not None else "")
    if draft.image:
        draft.image = _image_address(draft, draft.image, base)
        if scheme(draft.image) and not web_address(draft.image):
            draft.image = ""  # a javascript: or data: cover
            draft.count("unsafe_address")
    kept: list[Block] = []
    unplaced: list[str] = []
    cover_seen = False
    for index, block in enumerate(draft.blocks):
        if block.kind != "img":
            kept.append(block)
            continue
        block.src = _image_address(draft, block.src, base)
        if not web_address(block.src):
            # No javascript:, data: or file: image reaches a story, however its scheme is
            # spelled; a relative address with no page address to read it against cannot be
            # found again either.
            if not scheme(block.src):
                unplaced.append(block.src)
            else:
                draft.count("unsafe_address")
            continue
        if draft.image and not cover_seen and _same_image(draft.image, block.src):
            cover_seen = True
            draft.count("cover_not_repeated")
            continue
        block.alt = block.alt or _caption(draft.blocks, index)
        kept.append(block)
    draft.blocks = kept
    if not draft.image and kept and kept[0].kind == "img":
        draft.image = kept.pop(0).src
        draft.count("cover_from_first_image")
    _notes(draft, unplaced)


def _notes(draft: Draft, unplaced: list[str]) -> None:
    """Tell the editor about images left out, without a description, or on another site."""
    if unplaced:
        draft.warnings.append(f"{len(unplaced)} image(s) with a relative address left out")
        draft.notes.append(
            f"原文有 {len(unplaced)} 张图片只有相对地址（{'、'.join(unplaced)}），"
            "不知道原网站地址，未能保留；请从原网页下载后放入 content/images/。"
        )
    missing = [b for b in draft.blocks if b.kind == "img" and not b.alt]
    for number, block in enumerate(missing, start=1):
        block.alt = f"{draft.title}（图{number}）" if len(missing) > 1 else f"{draft.title}（配图）"
    if missing:
        draft.notes.append(
            f"{len(missing)} 张图片原文没有说明文字，已用标题代替；请为每张图片写一句说明。"
        )
    remote = [b.src for b in draft.blocks if b.kind == "img"] + [draft.image]
    hosts = sorted({urlsplit(src).netloc for src in remote if src.startswith("http")})
    if hosts:
        draft.notes.append(
            f"图片仍在外站（{'、'.join(hosts)}），对方可能禁止外链；"
            "用 gridnews import --fetch-images 下载到本站。"
        )


def fetch_images(draft: Draft, options: Options) -> None:
    """Download each remote image into images/<slug>/ and point the story at the local copy."""
    if not options.fetch_images or not options.images_dir:
        return
    folder = Path(options.images_dir) / draft.slug
    cache: dict[str, str] = {}
    failures = []
    for block in [b for b in draft.blocks if b.kind == "img"]:
        local = _fetch_one(block.src, folder, options, cache, failures)
        if local:
            block.src = f"../images/{draft.slug}/{local}"
    if draft.image.startswith(("http://", "https://")):
        local = _fetch_one(draft.image, folder, options, cache, failures)
        if local:
            draft.image = f"images/{draft.slug}/{local}"
    draft.notes = [note for note in draft.notes if "仍在外站" not in note]
    for url, reason in failures:
        draft.warnings.append(f"image not downloaded, kept remote: {url} ({reason})")
        draft.notes.append(f"图片没能下载（{reason}），仍指向外站：{url}")


def _megabytes(size: int) -> str:
    """Write a byte count as megabytes: 1 MB, 20 MB."""
    return f"{size / 1024 / 1024:g} MB"


def _fetch_one(
    url: str, folder: Path, options: Options, cache: dict[str, str], failures: list[tuple[str, str]]
) -> str:
    """Download one image with a timeout, a size cap and a type check; return its file name."""
    if not url.startswith(("http://", "https://")):
        return ""
    if url in cache:
        return cache[url]
    request = urllib.request.Request(url, headers={"User-Agent": "gridnews-import/1.0"})
    try:
        with urllib.request.urlopen(request, timeout=options.image_timeout) as response:
            kind = (response.headers.get_content_type() or "").lower()
            if kind not in IMAGE_TYPES:
                failures.append((url, f"not an image: {kind or 'no type'}"))
                return ""
            length = int(response.headers.get("Content-Length") or 0)
            if length > options.image_max_bytes:
                failures.append((url, f"larger than {_megabytes(options.image_max_bytes)}"))
                return ""
            data = response.read(options.image_max_bytes + 1)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        failures.append((url, str(getattr(error, "reason", error))))
        return ""
    if len(data) > options.image_max_bytes:
        failures.append((url, f"larger than {_megabytes(options.image_max_bytes)}"))
        return ""
    stem = Path(urlsplit(url).path).stem or "image"
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem)[:40].strip("-") or "image"
    name = f"{stem}-{hashlib.sha256(data).hexdigest()[:8]}{IMAGE_TYPES[kind]}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".download-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(temporary).replace(target)
    cache[url] = name
    return name
