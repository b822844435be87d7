"""The importer's working representation: an article as a list of blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

# A caption is read with its image's paragraph rules (repairs, chrome) and then becomes the
# image's alt text (images.py); it never stays a paragraph of its own.
Kind = Literal["p", "h", "img", "li", "table", "caption"]
CAPTION_MAX = 80
# A line that says it describes a picture: 图为…, ▲ (the picture above), 上图…
_CAPTION_START = re.compile(r"^(?:图为|圖為|图：|圖：|[▲△↑]|[上下左右][图圖])")


# A line that ends in a photographer's credit after its sentence: …走访商户。川观新闻记者 何晓 摄
_CREDIT_END = re.compile(
    r"[。！？][^。！？]{0,16}?(?:记者|記者|通讯员|通訊員|摄影|攝影)?\s*[\u4e00-\u9fff]{2,4}\s*(?:摄|攝)$"
)


def caption_start(text: str) -> bool:
    """Tell whether a short line reads as a picture's caption.

    It begins the way captions do (图为…, ▲…), or it ends its sentence with a photographer's
    credit (…上门走访居民。黄海 摄), which only a caption does.
    """
    if len(text) > CAPTION_MAX:
        return False
    return _CAPTION_START.match(text) is not None or _CREDIT_END.search(text) is not None


@dataclass
class Block:
    """One paragraph, heading, image, list item, table or caption of an article being imported."""

    kind: Kind
    text: str = ""
    line: int = 0  # 1-based line in the source (plain text), 0 when unknown
    blank_before: int = 1  # blank lines before it in plain text; HTML blocks count as 1
    indent: int = 0  # leading spaces it had in plain text
    bold: bool = False  # HTML: all of its text was bold
    level: int = 0  # heading level from <h1>…<h6>
    src: str = ""
    alt: str = ""
    width: int | None = None
    height: int | None = None
    ordered: bool = False
    depth: int = 0
    rows: list[list[str]] = field(default_factory=list)
    links: int = 0  # how many links the block's text came from (link lists are chrome)
    link_chars: int = 0  # characters of text inside links

    @property
    def is_text(self) -> bool:
        """True for blocks that hold running text (paragraphs, headings, list items, captions)."""
        return self.kind in ("p", "h", "li", "caption")
