"""Stage: images.

Proxy prefixes stripped, the cover shown once, captions made the alt text of their pictures
(a photo credit in a caption goes to the credits), alt text and sizes kept, and (with
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
from gridnews.importer.credits import Credits, is_organisation, parse_byline
from gridnews.importer.draft import Draft, Options
from gridnews.importer.htmlparse import is_decoration_address
from gridnews.importer.sanitise import WEB_SCHEMES, scheme, web_address
from gridnews.importer.selectors import GENERIC_SHARE_NAME

# An address whose query or path carries another address: a hotlink proxy in front of the image.
_EMBEDDED = re.compile(r"(?i)(?<=[?=&/])(https?(?::|%3A)(?://|%2F%2F).+)$")
_CAPTION_MARK = re.compile(r"^[▲△↑]\s*")
# The label a caption begins with: 图：…, 上图：… (图为… is a sentence about the picture, kept).
# An address signed to work for a while only (a CDN's expiring link): x-expires=, Expires=.
_SIGNED = re.compile(r"[?&](?:x-expires|expires|x-signature|x-oss-expires)=", re.IGNORECASE)
_CAPTION_LEAD = re.compile(r"^(?:[上下左右]?[图圖][：:]|[图圖]为|[圖]為)\s*(?=\S)")
# A credit that starts with a reporter's role is qualified by the outlet just before it, after
# the caption's last sentence: 表彰现场。南方+ 记者 黄思敏 摄.
_ROLE_START = re.compile(r"^(?:特约|本报|本台)?(?:摄影记者|记者|通讯员|摄影|記者|通訊員|攝影)")
OUTLET_MAX = 12
_WORD_START = re.compile(r"(?<=\s)\S")
_STOPS = "。！？!?"
IMAGE_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
}


# An image proxy that puts the origin's host in its path: https://i0.wp.com/dingyue.ws.126.net/a.jpg
# (its query only asks the proxy to resize). The first path segment must read as a host name.
_HOST_IN_PATH = re.compile(
    r"(?i)^https?://[^/]+/(?P<inner>(?:[a-z0-9-]+\.)+(?:com|net|org|cn|info|io|co|cc|tv)/[^?#]+)"
)


def strip_proxy(url: str) -> str:
    """https://cors.zfour.workers.dev/?http://static.1sapp.com/a.jpg -> http://static.1sapp.com/a.jpg."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    match = _EMBEDDED.search(url, 8)
    if match is None:
        host_in_path = _HOST_IN_PATH.match(url)
        return "https://" + host_in_path["inner"] if host_in_path else url
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


def photo_credit(caption: str) -> tuple[str, Credits | None]:
    """Split a photo credit off the end of a caption.

    东湖社区网格员向春燕（左）上门走访居民。人民网 赵明摄 -> (…上门走访居民。, 赵明). The credit
    follows the caption's last sentence: the longest tail of words after it that reads as a
    byline crediting only photographers; an agency named beside a person is not a photographer.
    """
    stop = max(caption.rfind(mark) for mark in _STOPS)
    starts = {stop + 1} | {m.start() for m in _WORD_START.finditer(caption, stop + 1)}
    starts |= {caption.rfind(mark) for mark in "（(" if caption.rfind(mark) > stop}
    for start in sorted(starts):
        credits = parse_byline(caption[start:])
        if credits is None or not credits.photographers or credits.authors or credits.editors:
            continue
        people = [c for c in credits.photographers if not is_organisation(c[0])]
        people = people or credits.photographers
        outlet = caption[stop + 1 : start].strip()
        end = start
        if (
            stop >= 0
            and outlet
            and len(outlet) <= OUTLET_MAX
            and not re.search(r"\s", outlet)
            and _ROLE_START.match(caption[start:])
        ):
            end = stop + 1  # 南方+ names the reporter's outlet: part of the credit
        return caption[:end].rstrip(" （("), Credits(photographers=people)
    return caption, None


def _pair_captions(draft: Draft) -> dict[int, str]:
    """Take caption blocks out of the body; return each image's caption by the image's id.

    A caption belongs to the picture right above it (several caption lines in a row join up). A
    caption with no picture above it (a text copy lost its pictures) is dropped, with a note; a
    caption line that is only a photo credit (图：张三) goes to the credits.
    """
    captions: dict[int, str] = {}
    kept: list[Block] = []
    image: Block | None = None
    for block in draft.blocks:
        if block.kind != "caption":
            image = block if block.kind == "img" else None
            kept.append(block)
            continue
        text = _CAPTION_MARK.sub("", block.text)
        rest, credit = photo_credit(text)
        if not rest and credit is not None:  # 图：张三 is a credit line, not a caption
            draft.credits.merge(credit)
            draft.drop("photo_credit", block)
            continue
        if image is None:
            draft.drop("caption_without_picture", block)
            where = f"第 {block.line} 行" if block.line else "正文"
            draft.notes.append(
                f"{where}的图片说明“{text}”没有对应的图片（转存时丢失），已从正文删除；"
                "补上图片时可用它作说明。"
            )
            continue
        text = _CAPTION_LEAD.sub("", text)  # 上图：…, 图为…: a label, not the caption's words
        joined = captions.get(id(image), "")
        captions[id(image)] = f"{joined} {text}" if joined else text
    draft.blocks = kept
    return captions


def _take_credit(draft: Draft, caption: str) -> str:
    """A caption without its photo credit, the credit moved to the photographers."""
    caption, credit = photo_credit(caption)
    if credit is not None:
        draft.credits.merge(credit)
        draft.count("caption_photo_credit")
    return caption


def is_generic_share_image(src: str) -> bool:
    """The site's picture for every shared page (…/share/default_share.png), not a story's."""
    name = urlsplit(src).path.rstrip("/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    return GENERIC_SHARE_NAME.search(stem) is not None


def tidy_images(draft: Draft) -> None:
    """Strip proxies, drop the body's copy of the cover, make captions the alt text."""
    base = draft.source_url or (draft.page.base if draft.page is not None else "")
    if draft.image:
        draft.image = _image_address(draft, draft.image, base)
        if scheme(draft.image) and not web_address(draft.image):
            draft.image = ""  # a javascript: or data: cover
            draft.count("unsafe_address")
        elif is_decoration_address(draft.image):
            draft.image = ""  # the site's logo or the author's avatar is not the story's picture
            draft.count("decoration_cover")
        elif is_generic_share_image(draft.image):
            draft.image = ""  # the same picture for every page of the site
            draft.count("generic_share_cover")
    captions = _pair_captions(draft)
    kept: list[Block] = []
    unplaced: list[str] = []
    cover_seen = False
    for block in draft.blocks:
        if block.kind != "img":
            kept.append(block)
            continue
        caption = captions.get(id(block), "")
        block.src = _image_address(draft, block.src, base)
        if not web_address(block.src):
            # No javascript:, data: or file: image reaches a story, however its scheme is
            # spelled; a relative address with no page address to read it against cannot be
            # found again either.
            if not scheme(block.src):
                unplaced.append(f"“{caption}” {block.src}" if caption else block.src)
            else:
                draft.count("unsafe_address")
            continue
        if draft.image and not cover_seen and _same_image(draft.image, block.src):
            cover_seen = True
            draft.count("cover_not_repeated")
            _note_cover_caption(draft, _take_credit(draft, caption) if caption else "")
            continue
        if caption:
            block.alt = _take_credit(draft, caption) or block.alt
            draft.count("caption_as_alt")
        kept.append(block)
    draft.blocks = kept
    if not draft.image and kept and kept[0].kind == "img":
        cover = kept.pop(0)
        draft.image = cover.src
        draft.count("cover_from_first_image")
        if id(cover) in captions:
            _note_cover_caption(draft, cover.alt)
    _notes(draft, unplaced)


def _note_cover_caption(draft: Draft, caption: str) -> None:
    """The cover is not shown in the body, so its caption goes to the editor as a note."""
    if caption:
        draft.notes.append(f"封面图的说明“{caption}”不在正文中；需要时请写进正文。")


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
    expiring = sum(1 for src in remote if _SIGNED.search(src))
    if expiring:
        draft.notes.append(
            f"{expiring} 张图片的地址带有限时签名（x-expires），过期后就打不开了；"
            "请尽快用 gridnews import --fetch-images 下载到本站。"
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
