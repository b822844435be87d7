"""Stage: write. The draft becomes a Markdown story with YAML front matter, written atomically."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gridnews.importer.blocks import Block
from gridnews.importer.draft import Draft

# A plain (unquoted) YAML scalar in flow style reads back as the same text unless it starts with
# an indicator, holds flow punctuation, ': ' or ' #', ends with ':', has edge spaces, or looks like
# a boolean, null or number.
_NEEDS_QUOTES = re.compile(
    r"""^[-?:,\[\]{}#&*!|>'"%@`\s]|[,\[\]{}]|: | #|:$|\s$|\n"""
    r"|^(?:true|false|null|~|yes|no|on|off|y|n)$"
    r"|^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$|^0[xo][0-9a-f]+$",
    re.IGNORECASE,
)


def _scalar(value: Any) -> str:
    """A YAML scalar for flow style: plain where that reads back as the same text, else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    text = str(value)
    if text and not _NEEDS_QUOTES.search(text) and text.isprintable():
        return text
    if text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=False)


def _flow(value: Any) -> str:
    """One value in YAML flow style on a single line: 玉门, [a, b], {label: x, value: 1}."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return _scalar(value)


def _credits(names: list[tuple[str, str]]) -> list[Any]:
    """Credits as the content model writes them: a name, or {name, role}."""
    return [{"name": name, "role": role} if role else name for name, role in names]


def _block_list(key: str, items: list[dict[str, Any]], indent: str) -> list[str]:
    """A list of mappings: one per line (stats), or block mappings (honours, events)."""
    lines = [f"{indent}{key}:"]
    for item in items:
        if key == "stats":
            lines.append(f"{indent}  - {_flow(item)}")
            continue
        first = True
        for field, value in item.items():
            prefix = f"{indent}  - " if first else f"{indent}    "
            first = False
            if field == "winners":
                lines.append(f"{prefix}winners:")
                lines.extend(f"{indent}      - {_flow(winner)}" for winner in value)
            else:
                lines.append(f"{prefix}{field}: {_flow(value)}")
    return lines


def front_matter_data(draft: Draft) -> dict[str, Any]:
    """The story's front matter as data, in the content model's field order."""
    data: dict[str, Any] = {"title": draft.title, "slug": draft.slug}
    if draft.date is not None:
        data["date"] = draft.date.iso()
    else:
        data["status"] = "draft"
    for key in ("source", "source_url", "via"):
        if getattr(draft, key):
            data[key] = getattr(draft, key)
    credits = draft.credits
    for key, names in (
        ("authors", credits.authors),
        ("editors", credits.editors),
        ("photographers", credits.photographers),
    ):
        if names:
            data[key] = _credits(names)
    for key in ("region", "lang", "image"):
        if getattr(draft, key):
            data[key] = getattr(draft, key)
    review: dict[str, Any] = {}
    if draft.suggested_date is not None:
        review["date"] = draft.suggested_date.iso()
    for key in ("honours", "events", "stats"):
        if getattr(draft, key):
            review[key] = getattr(draft, key)
    if draft.notes:
        review["notes"] = list(draft.notes)
    if review:
        data["review"] = review
    return data


def front_matter(draft: Draft) -> str:
    """The YAML front matter: scalars and short lists inline, records one per line."""
    lines = ["---"]
    for key, value in front_matter_data(draft).items():
        if key != "review":
            lines.append(f"{key}: {_flow(value)}")
            continue
        lines.append("review:")
        for part, items in value.items():
            if part in ("honours", "events", "stats"):
                lines.extend(_block_list(part, items, "  "))
            elif part == "notes":
                lines.append("  notes:")
                lines.extend(f"    - {_flow(note)}" for note in items)
            else:
                lines.append(f"  {part}: {_flow(items)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


_ESCAPE = re.compile(r"([\\`*_{}\[\]])")
_LINE_START = re.compile(r"^(#|[-+*](?=\s)|\d+(?=\.\s)|=+$|-+$)")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape(text: str) -> str:
    """Make text safe as Markdown: no markup, no raw HTML, no list marker at a line start."""
    text = _ENTITY.sub("&amp;", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    # "\](" still reads as the start of a link's address to tools that ignore escapes.
    text = _ESCAPE.sub(r"\\\1", text).replace("\\](", "\\]\\(")
    return _LINE_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1)[0] not in "0123456789" else m.group(1) + "\\",
        text,
    )


def _url(url: str) -> str:
    """An address that cannot break out of Markdown's (…): spaces and parentheses encoded."""
    return quote(url, safe=":/?#[]@!$&'*+,;=%~.-_")


def _table(rows: list[list[str]]) -> str:
    """A Markdown table; the first row is the header."""
    width = max(len(row) for row in rows)
    cells = [
        [escape(cell).replace("|", "\\|") for cell in row] + [""] * (width - len(row))
        for row in rows
    ]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
    return "\n".join(lines)


def block_markdown(block: Block) -> str:
    """One block as Markdown."""
    if block.kind == "h":
        return f"## {escape(block.text)}"
    if block.kind == "img":
        alt = escape(block.alt)
        size = ""
        if block.width and block.height:
            size = f"{{width={block.width} height={block.height}}}"
        return f"![{alt}]({_url(block.src)}){size}"
    if block.kind == "li":
        marker = "1." if block.ordered else "-"
        return f"{'    ' * block.depth}{marker} {escape(block.text)}"
    if block.kind == "table":
        return _table(block.rows)
    return escape(block.text)


def body_markdown(blocks: list[Block]) -> str:
    """The story body: blocks separated by blank lines, list items kept together."""
    parts: list[str] = []
    previous = ""
    for block in blocks:
        text = block_markdown(block)
        if parts and block.kind == "li" and previous == "li":
            parts[-1] += "\n" + text
        else:
            parts.append(text)
        previous = block.kind
    return "\n\n".join(parts) + "\n"


def story_text(draft: Draft) -> str:
    """The whole story file."""
    return front_matter(draft) + "\n" + body_markdown(draft.blocks)


class ExistsError(Exception):
    """The story file already exists and --force was not given."""


def write_story(path: Path, text: str, *, force: bool = False) -> Path | None:
    """Write atomically; never overwrite without force, and then keep the old file as .bak."""
    backup = None
    if path.exists():
        if not force:
            raise ExistsError(
                f"{path} exists; nothing was written (use --force to replace it, keeping a .bak)"
            )
        if path.read_text(encoding="utf-8") == text:
            return None
        backup = path.with_suffix(path.suffix + ".bak")
        backup.write_bytes(path.read_bytes())
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return backup
