"""Markdown extension: soft line breaks inside Chinese paragraphs do not become spaces."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from gridnews.cjk import join_soft_breaks

_VERBATIM = {"pre", "code", "script", "style", "textarea"}


class SoftBreakTreeprocessor(Treeprocessor):
    """Drop the newline (and spaces around it) where a Chinese character meets a line break."""

    def run(self, root: Element) -> None:
        """Walk the tree, leaving preformatted elements alone."""
        self._walk(root)

    def _walk(self, element: Element) -> None:
        """Fix the text of an element and the tails of its children, recursively."""
        if element.tag in _VERBATIM:
            return
        if element.text and "\n" in element.text:
            element.text = join_soft_breaks(element.text)
        for child in element:
            self._walk(child)
            if child.tail and "\n" in child.tail:
                child.tail = join_soft_breaks(child.tail)


class CJKExtension(Extension):
    """Register the soft-break processor after inline parsing."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API name
        """Add the tree processor with a priority below the inline processor (20)."""
        md.treeprocessors.register(SoftBreakTreeprocessor(md), "cjk_soft_breaks", 5)


def makeExtension(**kwargs: object) -> CJKExtension:  # noqa: N802 - Markdown's API name
    """Let Markdown load the extension by its module name."""
    return CJKExtension(**kwargs)
