"""Read one story file: front matter validated against the model, body rendered to HTML."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown import Markdown

from gridnews import bodycache, cjk, slugs
from gridnews.errors import ContentError, Problem
from gridnews.frontmatter import FrontMatter, FrontMatterError, parse, split
from gridnews.markdown_cjk import CJKExtension
from gridnews.model import Story, validate_story

SUMMARY_LENGTH = 120
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
# Markdown images and links whose target is a plain relative path: not a URL of any scheme, not
# {static}, and not text that only looks like a link because its brackets are escaped (\[x\]).
_LOCAL_TARGET = re.compile(
    r"(?<!\\)(!?\[[^\]]*\]\()(?![a-zA-Z][a-zA-Z0-9+.-]*:|//|\{|#|/)([^)\s]+)"
)


@dataclass
class ReadStory:
    """A story read from disk: the typed front matter, the body HTML, and derived fields."""

    story: Story
    html: str
    slug: str
    summary: str
    path: str
    slug_line: int
    body_key: str = ""  # the body's key in the body cache, when one is in use


def display_path(path: str | os.PathLike[str]) -> str:
    """Show a path relative to the working directory when it is inside it."""
    text = os.fspath(path)
    folder = os.getcwd()  # noqa: PTH109 - compared as text
    if text.startswith(folder + "/") and os.path.normpath(text) == text:
        return text[len(folder) + 1 :]  # what relpath gives, without its two abspath calls
    relative = os.path.relpath(text, folder)
    return relative if not relative.startswith("..") else text


def new_markdown(config: dict[str, Any] | None = None) -> Markdown:
    """Create the Markdown renderer stories use: Pelican's MARKDOWN setting plus CJK breaks."""
    options = dict(config or {"extension_configs": {"markdown.extensions.extra": {}}})
    extension_configs = {
        name: value
        for name, value in options.pop("extension_configs", {}).items()
        if not name.endswith(".meta")  # front matter is YAML, read before Markdown runs
    }
    extensions = [name for name in options.pop("extensions", []) if not str(name).endswith(".meta")]
    options.setdefault("output_format", "html")
    return Markdown(
        extensions=[*extension_configs, *extensions, CJKExtension()],
        extension_configs=extension_configs,
        **options,
    )


def link_local_files(body: str, source: Path, content_root: Path) -> tuple[str, list[str]]:
    """Rewrite relative image and link targets that exist under content/ to Pelican's {static}."""
    missing: list[str] = []
    if "](" not in body:  # no link or image at all (most stories): nothing for the pattern
        return body, missing

    def replace(match: re.Match[str]) -> str:
        prefix, target = match.group(1), match.group(2)
        target_path, _, anchor = target.partition("#")
        resolved = (source.parent / target_path).resolve()
        try:
            relative = resolved.relative_to(content_root.resolve())
        except ValueError:
            missing.append(target)
            return match.group(0)
        if not resolved.exists():
            missing.append(target)
            return match.group(0)
        kind = (
            "static"
            if prefix.startswith("!") or resolved.suffix not in {".md", ".markdown"}
            else "filename"
        )
        return f"{prefix}{{{kind}}}/{relative.as_posix()}" + (f"#{anchor}" if anchor else "")

    return _LOCAL_TARGET.sub(replace, body), missing


def summary_of(html: str, limit: int = SUMMARY_LENGTH) -> str:
    """Summarise a story body: its first paragraphs, cut by characters at a sentence end.

    Paragraphs are taken until the text is longer than the limit: the cut reads no further.
    """
    text = ""
    for match in _PARAGRAPH.finditer(html):
        text += cjk.html_to_text(match.group(1))
        if len(text) > limit:
            break
    return cjk.summarise(text, limit)


def read_story(
    path: str | os.PathLike[str],
    markdown: Markdown,
    *,
    content_root: str | os.PathLike[str] | None = None,
    page: bool = False,
    summary_length: int = SUMMARY_LENGTH,
) -> ReadStory:
    """Read, validate and render one story; raise ContentError listing every problem."""
    source = Path(path)
    shown = display_path(source)
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ContentError(
            [
                Problem(
                    shown,
                    None,
                    "encoding",
                    f"the file is not UTF-8 (byte {error.start}); save it as UTF-8, or bring it "
                    "in with 'gridnews import', which detects GBK and Big5",
                )
            ]
        ) from None
    cache = bodycache.active()
    record_key = cache.record_key(text, shown, page) if cache else ""
    stored = cache.get_record(record_key) if cache else None
    matter: FrontMatter | None = None
    if stored is not None:  # checked when this very text was last read
        story, slug, slug_line = stored
        _, _, raw_body, body_line = split(text, shown)
    else:
        matter = _checked(text, shown)
        story, slug, slug_line = _front_matter(matter, shown, page)
        raw_body, body_line = matter.body, matter.body_line
        if cache:
            cache.put_record(record_key, (story, slug, slug_line))
    if record_key:
        bodycache.note_record(story, record_key)
    body = raw_body
    if content_root is not None:
        body, missing = link_local_files(body, source, Path(content_root))
        if missing:
            raise ContentError(
                [
                    Problem(
                        shown,
                        body_line + _line_in(raw_body, target),
                        "body",
                        f"'{target}' is not a file under content/; fix the path or add the file",
                    )
                    for target in missing
                ]
            )
        image = story.image
        if image and "://" not in image and not (Path(content_root) / image).is_file():
            matter = matter or _checked(text, shown)
            raise ContentError(
                [
                    Problem(
                        shown,
                        matter.line_of(("image",)),
                        "image",
                        f"'{image}' is not a file under content/; write the path "
                        "from content/, such as images/cover.jpg",
                    )
                ]
            )
    cache = bodycache.active()
    key = cache.key(body) if cache else ""
    html = cache.get(key) if cache else None
    if html is None:
        markdown.reset()
        html = markdown.convert(body)
        if cache:
            cache.put(key, html)
    summary = story.summary or summary_of(html, summary_length)
    return ReadStory(story, html, slug, summary, shown, slug_line, key)


def _checked(text: str, shown: str) -> FrontMatter:
    """Parse a story's front matter, raising ContentError for unreadable YAML."""
    try:
        return parse(text, shown)
    except FrontMatterError as error:
        raise ContentError([error.problem]) from None


def _front_matter(matter: FrontMatter, shown: str, page: bool) -> tuple[Story, str, int]:
    """Check the front matter against the model and make the slug: (record, slug, its line)."""
    result = validate_story(matter, shown, page=page)
    if result.errors or result.record is None:
        raise ContentError(result.errors)
    story: Story = result.record
    slug = story.slug or slugs.slugify(story.title)
    if not slug:
        raise ContentError(
            [
                Problem(
                    shown,
                    matter.line_of(("title",)),
                    "slug",
                    "no slug can be made from the title; add slug: with "
                    "lower-case words, such as slug: wangge-gushi",
                )
            ]
        )
    return story, slug, matter.line_of(("slug",) if "slug" in matter.data else ("title",))


def _line_in(body: str, needle: str) -> int:
    """Return the 0-based line of the first occurrence of needle in body."""
    index = body.find(needle)
    return body.count("\n", 0, index) if index >= 0 else 0
