"""The state an article is in while it passes through the import stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gridnews.importer.blocks import Block
from gridnews.importer.credits import Credits
from gridnews.importer.dates import Moment
from gridnews.importer.htmlparse import Page


@dataclass
class Options:
    """What the editor asked for on the command line."""

    simplified: bool = False
    keep_pii: bool = False
    fetch_images: bool = False
    images_dir: str = ""  # where --fetch-images stores files (content/images)
    image_timeout: float = 10.0
    image_max_bytes: int = 20 * 1024 * 1024


@dataclass
class Draft:
    """One article on its way to becoming a story."""

    path: str
    encoding: str = ""
    format: str = ""  # hexo, markdown, html, text
    front: dict[str, Any] = field(default_factory=dict)  # front matter of a Hexo/Jekyll file
    page: Page | None = None
    blocks: list[Block] = field(default_factory=list)
    title: str = ""
    date: Moment | None = None
    source: str = ""
    source_url: str = ""
    via: str = ""
    publisher: str = ""  # from a breadcrumb or byline, used when no 来源 is given
    credits: Credits = field(default_factory=Credits)
    region: str = ""
    image: str = ""
    lang: str = ""
    slug: str = ""
    suggested_date: Moment | None = None
    honours: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    stats: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for the editor, written under review
    warnings: list[str] = field(default_factory=list)  # printed by the command
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rule, text) of chrome dropped
    repairs: dict[str, int] = field(default_factory=dict)  # rule -> how many repairs
    meta_lines: set[int] = field(default_factory=set)  # source lines that held 来源/时间

    def drop(self, rule: str, block: Block) -> None:
        """Record a block removed as page furniture."""
        self.removed.append((rule, block.text or block.src))

    def count(self, rule: str, times: int = 1) -> None:
        """Record repairs made by a rule."""
        if times:
            self.repairs[rule] = self.repairs.get(rule, 0) + times

    @property
    def text_blocks(self) -> list[Block]:
        """The blocks that hold running text."""
        return [block for block in self.blocks if block.is_text]

    def body_text(self) -> str:
        """All running text, one block per line."""
        return "\n".join(block.text for block in self.blocks if block.is_text)
