"""Stage: HTML to blocks.

Finds the article container of a saved page, keeps only text, images, lists and tables, and
drops everything executable on the way.

Nothing from the source HTML is copied through: the writer builds Markdown from the text and
the few attributes read here, so no script, style, frame, event handler or javascript: address
can reach a story.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from gridnews.cjk import join_soft_breaks
from gridnews.importer import selectors as sel
from gridnews.importer.blocks import CAPTION_MAX, Block, caption_start
from gridnews.importer.rules import chrome_rule

_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2002\u2003\u2009\u200b\ufeff]+")
_HAN = re.compile(r"[\u3400-\u9fff]")
_WECHAT_VARS = re.compile(
    r"""var\s+(ct|nickname|msg_title|msg_source_url|msg_link|msg_cdn_url|publish_time)\s*=\s*
        (?:htmlDecode\()?(?:"([^"]*)"|'([^']*)')""",
    re.VERBOSE,
)
MIN_CONTENT_HAN = 60
INNER_SHARE = 0.6  # of a container's text that an inner container holds when it is the body
_ALL_CONTENT_SELECTORS = ", ".join(sel.CONTENT_SELECTORS)
_DROPPED = sorted(sel.DROP_TAGS - {"head", "title", "meta", "link"})
MAX_LAYOUT_CELL = 100
_PADDED_PAIR = re.compile(r"^([\u3400-\u9fff])[ \u3000]{1,3}([\u3400-\u9fff])$")
# A page saved from Microsoft Word: its generator or ProgId meta tag, or Word's paragraph class.
_WORD_GENERATOR = re.compile(r"^(?:Microsoft Word|Word\.Document)", re.IGNORECASE)
# Class names pages give the line under a picture (人民网 pictext, img_desc, figure captions).
_CAPTION_CLASS = re.compile(
    r"caption|pic[_-]?te?xt|img[_-]?te?xt|(?:pic|img|image|photo)[_-]?(?:desc|note|title|info)|tuzhu",
    re.IGNORECASE,
)
_CENTRE_CLASS = re.compile(r"(?:^|[\s_-])(?:center|centre)(?:$|\s)", re.IGNORECASE)
# A centred line is a caption only when short and not a finished sentence (a centred article
# keeps its short paragraphs).
CENTRED_CAPTION_MAX = 50


@dataclass
class Page:
    """What a saved page offers: its title, meta tags, content blocks and other short lines."""

    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    h1: str = ""
    canonical: str = ""
    base: str = ""  # the address relative links are read against (<base href>, canonical)
    blocks: list[Block] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)  # short text lines around the content
    header: list[str] = field(default_factory=list)  # the lines just above it (headline, 来源)
    script: dict[str, str] = field(default_factory=dict)  # WeChat page variables
    word: bool = False  # saved from Word: every <p> is a paragraph of the document


def _frame(node: LexborNode, outer: str) -> str:
    """How a block element sets its text: as a caption, centred, or as its container does.

    'caption' for <figcaption> and a caption class (pictext), 'centre' for text-align:center,
    align=center, <center> and a centring class (f_center), '' when it sets another alignment.
    """
    attrs = node.attributes
    names = attrs.get("class") or ""
    if outer == "caption" or node.tag == "figcaption" or _CAPTION_CLASS.search(names):
        return "caption"
    style = (attrs.get("style") or "").replace(" ", "").lower()
    align = (attrs.get("align") or "").lower()
    if (
        node.tag == "center"
        or "text-align:center" in style
        or align == "center"
        or _CENTRE_CLASS.search(names) is not None
    ):
        return "centre"
    if "text-align:" in style or align:
        return ""
    return outer


def clean_text(text: str) -> str:
    """Collapse HTML whitespace; a line break next to a Chinese character disappears."""
    return _SPACE.sub(" ", join_soft_breaks(text).replace("\n", " ")).strip()


class _BlockBuilder:
    """Walks an element tree and emits blocks; inline text accumulates until a block ends."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._chars = 0
        self._bold_chars = 0
        self._links = 0
        self._link_chars = 0
        self._kind = "p"
        self._level = 0
        self._ordered = False
        self._depth = 0
        self._list_stack: list[bool] = []
        self._frame = ""  # how the text being gathered is set: "caption", "centre" or ""

    def _is_caption(self, text: str, bold: bool) -> bool:
        """A short line right under a picture, set as its caption (class, centring, 图为/▲)."""
        if self._kind != "p" or not self.blocks or self.blocks[-1].kind != "img":
            return False
        if self._frame == "caption" or caption_start(text):
            return len(text) <= CAPTION_MAX
        return (
            self._frame == "centre"
            and not bold
            and len(text) <= CENTRED_CAPTION_MAX
            and not text.endswith(("。", "！", "？", "!", "?"))
        )

    def flush(self) -> None:
        """End the current block, emitting it if it holds text."""
        text = clean_text("".join(self._parts))
        if text:
            bold = self._chars > 0 and self._bold_chars >= self._chars
            self.blocks.append(
                Block(
                    "caption" if self._is_caption(text, bold) else self._kind,  # type: ignore[arg-type]
                    text,
                    bold=bold,
                    level=self._level,
                    ordered=self._ordered,
                    depth=self._depth,
                    links=self._links,
                    link_chars=self._link_chars,
                )
            )
        self._parts, self._chars, self._bold_chars = [], 0, 0
        self._links = self._link_chars = 0
        self._kind, self._level = "p", 0
        self._frame = ""

    def walk(
        self, node: LexborNode, bold: bool = False, in_link: bool = False, frame: str = ""
    ) -> None:
        """Visit node and its descendants in document order."""
        child = node.child
        while child is not None:
            self._visit(child, bold, in_link, frame)
            child = child.next

    def _visit(self, node: LexborNode, bold: bool, in_link: bool, frame: str) -> None:
        """Handle one node."""
        tag = node.tag
        if tag == "-text":
            text = node.text(deep=False) or ""
            self._parts.append(text)
            visible = len(text.strip())
            if visible:
                self._frame = frame
            self._chars += visible
            if bold:
                self._bold_chars += visible
            if in_link:
                self._link_chars += visible
            return
        if tag is None or tag.startswith("-") or tag in sel.DROP_TAGS:
            return
        if tag == "br":
            self.flush()
            return
        if tag == "img":
            self.flush()
            self._image(node)
            return
        if tag in ("ul", "ol"):
            self.flush()
            self._list_stack.append(tag == "ol")
            self.walk(node, bold, in_link, frame)
            self._list_stack.pop()
            return
        if tag == "table" and self._is_data_table(node):
            self.flush()
            self._table(node)
            return
        if tag == "a":
            href = (node.attributes.get("href") or "").strip()
            if href and not href.startswith("#"):
                self._links += 1
            self.walk(node, bold, True, frame)
            return
        bold = bold or tag in sel.BOLD_TAGS or is_bold(node)
        if tag in sel.BLOCK_TAGS:
            self.flush()
            if tag in sel.HEADING_TAGS:
                self._kind, self._level = "h", sel.HEADING_TAGS[tag]
            elif tag == "li":
                self._kind = "li"
                self._ordered = self._list_stack[-1] if self._list_stack else False
                self._depth = max(len(self._list_stack) - 1, 0)
            self.walk(node, bold, in_link, _frame(node, frame))
            self.flush()
            return
        self.walk(node, bold, in_link, frame)

    def _image(self, node: LexborNode) -> None:
        """Emit an image block from <img>, reading lazy-load and size attributes.

        Avatars, logos and icons are left out: they decorate the page, not the story.
        """
        attrs = node.attributes
        src = image_source(attrs)
        width, height = _size(attrs)
        if not src or is_decoration(node, src, width, height):
            return
        alt = clean_text(attrs.get("alt") or attrs.get("title") or "")
        self.blocks.append(Block("img", src=src, alt=alt, width=width, height=height))

    @staticmethod
    def _is_data_table(node: LexborNode) -> bool:
        """A table of short cells is data; one with long text in a cell is page layout.

        A cell may hold its words in one paragraph (Word writes <td><p class=MsoNormal>…</p>);
        a cell of several paragraphs, or a table inside a table, lays out a page.
        """
        cells = node.css("td, th")
        if len(cells) < 2 or node.css_first("table table") is not None:
            return False
        return all(
            len(clean_text(cell.text())) <= MAX_LAYOUT_CELL and len(cell.css("p, div")) <= 1
            for cell in cells
        )

    def _table(self, node: LexborNode) -> None:
        """Emit a table block with the text of each cell."""
        rows = []
        for row in node.css("tr"):
            cells = [table_cell(cell.text()) for cell in row.css("td, th")]
            if any(cells):
                rows.append(cells)
        if rows:
            self.blocks.append(Block("table", rows=rows))


def table_cell(text: str) -> str:
    """A cell's text; a two-character word padded to three (孙 丽, 姓　名) loses the padding.

    Word and typists pad two-character names with a space to line them up with three-character
    ones; in a cell holding only the two characters the space is never part of the text.
    """
    text = clean_text(text)
    padded = _PADDED_PAIR.match(text)
    return padded.group(1) + padded.group(2) if padded else text


def is_bold(node: LexborNode) -> bool:
    """Tell whether an element sets its text bold by class (bjh-strong) or style (font-weight)."""
    attrs = node.attributes
    style = (attrs.get("style") or "").replace(" ", "")
    if sel.BOLD_STYLE.search(style):
        return True
    return any(sel.BOLD_CLASS.match(name) for name in (attrs.get("class") or "").split())


def image_source(attrs: dict[str, Any]) -> str:
    """A picture's real address: a lazy-load attribute's, or src unless it only holds a place."""
    for name in (*sel.LAZY_SRC_ATTRS, "src"):
        value = (attrs.get(name) or "").strip()
        if value and not sel.PLACEHOLDER_SRC.search(value):
            return value
    return ""


def is_decoration_address(src: str) -> bool:
    """An avatar's, logo's or icon's address: a small square copy (size=b200,200) or its name."""
    match = sel.SQUARE_SIZE_IN_URL.search(src)
    if match is not None and _small_square(int(match.group(1)), int(match.group(2))):
        return True
    name = urlsplit(src).path.rstrip("/").rsplit("/", 1)[-1]
    return sel.DECORATION_CLASS.search(name) is not None


def _small_square(width: int | None, height: int | None) -> bool:
    """A square of at most DECORATION_MAX_SIDE pixels a side: an avatar or an icon."""
    if not width or not height:
        return False
    return max(width, height) <= sel.DECORATION_MAX_SIDE and max(width, height) <= 1.25 * min(
        width, height
    )


def is_decoration(node: LexborNode, src: str, width: int | None, height: int | None) -> bool:
    """An avatar, logo or icon: by its class or its holder's, a small square size, its address."""
    holder: LexborNode | None = node
    for _ in range(3):
        if holder is None:
            break
        if sel.DECORATION_CLASS.search(holder.attributes.get("class") or ""):
            return True
        holder = holder.parent
    return _small_square(width, height) or is_decoration_address(src)


def _size(attrs: dict[str, Any]) -> tuple[int | None, int | None]:
    """Read an image's size from data-size="w,h", width/height, or WeChat's data-w."""
    size = attrs.get("data-size") or ""
    match = re.fullmatch(r"\s*(\d+)\s*[,x×*]\s*(\d+)\s*", size)
    if match:
        return int(match.group(1)), int(match.group(2))
    width = attrs.get("width") or attrs.get("data-w") or ""
    height = attrs.get("height") or ""
    as_int = [int(v) if str(v).isdigit() else None for v in (width, height)]
    return as_int[0], as_int[1]


def blocks_of(html: str) -> list[Block]:
    """Turn an HTML fragment (a Hexo body, a content container) into blocks."""
    tree = LexborHTMLParser(html)
    builder = _BlockBuilder()
    if tree.body is not None:
        builder.walk(tree.body)
    builder.flush()
    return builder.blocks


def _han_count(node: LexborNode) -> int:
    """Count Chinese characters in an element's text."""
    return len(_HAN.findall(node.text() or ""))


def _content_root(tree: LexborHTMLParser) -> LexborNode | None:
    """Find the article container: a known selector with enough text, or the densest block."""
    candidates = tree.css(_ALL_CONTENT_SELECTORS)  # one pass over the page for all of them
    for selector in sel.CONTENT_SELECTORS:
        for node in candidates:
            if node.css_matches(selector) and _han_count(node) >= MIN_CONTENT_HAN:
                return _innermost(node)
    body = tree.body
    if body is None:
        return None
    # Score each paragraph-like element's parent by the Chinese text it holds, minus link text,
    # as readability does; the best-scoring container holds the article.
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    for para in body.css("p, div, td, section, article"):
        direct = own_text(para)
        han = len(_HAN.findall(direct))
        if han < 10 or _inside_chrome(para) or chrome_rule(clean_text(direct)):
            continue  # furniture (a platform's disclaimer) never makes its block the article
        commas = direct.count("，") + direct.count("。")
        weight = han + 10 * commas
        holder = para
        while holder.parent is not None and _holds_only(holder.parent, holder):
            holder = holder.parent  # a div around each paragraph (百家号) is the paragraph
        parent = holder.parent
        for share, target in ((1.0, parent), (0.5, parent.parent if parent else None)):
            if target is None:
                continue
            key = target.mem_id
            nodes[key] = target
            scores[key] = scores.get(key, 0.0) + share * weight
    if not scores:
        return body
    best = max(scores, key=lambda key: (scores[key], -key))
    return nodes[best]


def _innermost(node: LexborNode) -> LexborNode:
    """The body inside a container that also holds the article's header.

    A platform's .article-content holds the headline, the line of account, time and place
    (spans set side by side) and the article's own <article>: when a container inside it that
    a content selector names holds most of its text, that is the body, and the lines
    above it are read as the header.
    """
    total = _han_count(node)
    for inner in node.css(_ALL_CONTENT_SELECTORS):
        if inner.mem_id == node.mem_id:
            continue
        han = _han_count(inner)
        if han >= MIN_CONTENT_HAN and han >= INNER_SHARE * total:
            return _innermost(inner)
    return node


def own_text(node: LexborNode) -> str:
    """An element's own paragraph: its text, inline elements' included, block children's not.

    Pages wrap a paragraph's words in spans (<p><span class="bjh-p">…</span></p>); the words
    are the paragraph's all the same.
    """
    parts = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            parts.append(child.text(deep=False) or "")
        elif child.tag and not child.tag.startswith("-") and child.tag not in sel.BLOCK_TAGS:
            parts.append(own_text(child))
    return "".join(parts)


def _holds_only(parent: LexborNode, child: LexborNode) -> bool:
    """Tell whether an element's only content is child: no other element, no text of its own."""
    for node in parent.iter(include_text=True):
        if node.tag == "-text":
            if (node.text(deep=False) or "").strip():
                return False
        elif node.tag != "-comment" and node.mem_id != child.mem_id:
            return False
    return parent.tag not in ("body", "html")


def _inside_chrome(node: LexborNode) -> bool:
    """Tell whether an element sits in the page's navigation, header, footer or sidebar."""
    parent = node.parent
    while parent is not None:
        if parent.tag in sel.CHROME_TAGS:
            return True
        parent = parent.parent
    return False


def parse_page(html_text: str) -> Page:
    """Read a saved page: metadata from its head, blocks from its article container."""
    tree = LexborHTMLParser(html_text)
    page = Page()
    title = tree.css_first("title")
    page.title = clean_text(title.text()) if title else ""
    for meta in tree.css("meta"):
        attrs = meta.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        content = attrs.get("content")
        if key and content and key not in page.meta:
            page.meta[key] = clean_text(content)
    canonical = tree.css_first("link[rel=canonical]")
    if canonical is not None:
        page.canonical = (canonical.attributes.get("href") or "").strip()
    base = tree.css_first("base[href]")
    page.base = (base.attributes.get("href") or "").strip() if base is not None else ""
    page.base = page.base or page.canonical or page.meta.get("og:url", "")
    if "msg_title" in html_text or "var ct" in html_text:  # a WeChat page keeps its facts in script
        for script in tree.css("script"):
            for match in _WECHAT_VARS.finditer(script.text() or ""):
                value = match.group(2) or match.group(3) or ""
                page.script.setdefault(match.group(1), html.unescape(value))
    heading = tree.css_first("h1")
    page.h1 = clean_text(heading.text()) if heading else ""
    page.word = any(
        _WORD_GENERATOR.match(page.meta.get(key, "")) for key in ("generator", "progid")
    ) or (tree.css_first("p.MsoNormal") is not None)
    tree.strip_tags(_DROPPED, recursive=True)
    root = _content_root(tree)
    if root is None:
        return page
    builder = _BlockBuilder()
    builder.walk(root)
    builder.flush()
    page.blocks = builder.blocks
    page.header = _header_lines(root)
    page.outside = _outside_lines(tree, root)
    return page


_BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|tr|td|th|h[1-6]|br|section|article|header|footer|ul|ol|table|dd|dt|aside|nav)\b[^>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<[^>]+>")
# Only a line naming one of these can carry metadata; the rest of a page's furniture is skipped.
_META_HINT = re.compile(r"来源|來源|时间|時間|日期|作者|编辑|編輯|责编|發布|发布|摄影|攝影")


_MARK = "\x00"
# Spans set side by side in a header line (原创, the time, the account) are separate words.
_SIDE_BY_SIDE = re.compile(r"(?<=</span)><(?=span\b)", re.IGNORECASE)
HEADER_LEVELS = 3  # how far up from the content container the article's header is looked for
HEADER_LINES = 6
MAX_HEADER_LINE = 120


def _header_lines(root: LexborNode) -> list[str]:
    """The short lines right above the content container: its headline and 来源/时间 line.

    Pages put the headline and the date line beside the body (遵义长安网: div.art-title, then
    div.art-meta, then div.art-body) or a few levels above it (人民网: div.text_title beside
    the body's column), or in a row of an old table layout several cells up. The text of the
    nearest ancestors up to the container's place is read, and its last few lines kept; menus
    and banners higher up are never reached. A wrapper that adds no text of its own (the cell
    and row around a layout's inner table) is not a level.
    """
    ancestor = root
    levels = 0
    while levels < HEADER_LEVELS:
        parent = ancestor.parent
        if parent is None or parent.tag in ("body", "html"):
            break
        if not _is_wrapper(parent, ancestor):
            levels += 1
        ancestor = parent
    root.insert_before(_MARK)
    lines = [] if ancestor is root else _short_lines(ancestor.html or "")
    if not lines:
        # The header is the element just before the body's column (新华网: div.header, then
        # div.main around the body), not inside it.
        sibling = ancestor.prev
        while sibling is not None and sibling.tag in ("-text", "-comment"):
            sibling = sibling.prev
        lines = _short_lines(sibling.html or "") if sibling is not None else []
    return lines[-HEADER_LINES:]


def _short_lines(markup: str) -> list[str]:
    """The short lines of a piece of a page, up to the content container's place in it."""
    markup = _BLOCK_TAG.sub("\n", _SIDE_BY_SIDE.sub("> <", markup))
    before = html.unescape(_ANY_TAG.sub("", markup)).partition(_MARK)[0]
    lines = [clean_text(line) for line in before.split("\n")]
    return [line for line in lines if line and len(line) <= MAX_HEADER_LINE]


def _is_wrapper(parent: LexborNode, child: LexborNode) -> bool:
    """Tell whether an element holds nothing but child (a layout cell, row or one-cell table)."""
    return len(parent.text(strip=True)) == len(child.text(strip=True))


def _outside_lines(tree: LexborHTMLParser, root: LexborNode) -> list[str]:
    """Short lines near the content container (its article header) that may carry 来源 and 时间.

    Only the nearest ancestor that holds something besides the container is read (past the
    cells, rows and one-cell tables of an old layout, never the whole <body>): that is where
    pages put the date and source line, and the rest of the page (menus, side columns) is never
    metadata.
    """
    container = root.parent
    root.decompose()
    while (
        container is not None
        and container.parent is not None
        and container.parent.tag not in ("body", "html")
        and len(container.text(strip=True)) < 8
    ):
        container = container.parent
    if container is None:
        return []
    markup = _BLOCK_TAG.sub("\n", container.html or "")
    text = html.unescape(_ANY_TAG.sub("", markup)).replace(_MARK, "")
    lines = (clean_text(line) for line in text.split("\n") if _META_HINT.search(line))
    return [line for line in lines if line and len(line) <= 120]
