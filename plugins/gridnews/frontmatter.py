"""Split a story file into YAML front matter and body, keeping line numbers for every field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from gridnews.errors import Problem

# A field path such as ("honours", 0, "level") or ("title",).
FieldPath = tuple[str | int, ...]

_FENCE = re.compile(r"^---[ \t]*$")
_END_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


# libyaml's parser when PyYAML has it (the wheels do): ten times faster than the Python one.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """SafeLoader that keeps dates as text and reads only true/false as booleans (YAML 1.2)."""


# Drop YAML 1.1 implicit timestamps (we parse dates ourselves, with clear messages) and the
# yes/no/on/off booleans, which turn a title like "no" into False.
_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag != "tag:yaml.org,2002:timestamp"
        and not (tag == "tag:yaml.org,2002:bool" and first not in "tTfF")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "yYnNoO":
    _StrictLoader.yaml_implicit_resolvers[_first] = [
        (tag, regexp)
        for tag, regexp in _StrictLoader.yaml_implicit_resolvers.get(_first, [])
        if tag != "tag:yaml.org,2002:bool"
    ]


@dataclass
class FrontMatter:
    """The parsed front matter of one file, its body, and where each field sits."""

    data: dict[str, Any]
    lines: dict[FieldPath, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    start_line: int = 1

    def line_of(self, path: FieldPath) -> int:
        """Return the file line of a field, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.start_line


class FrontMatterError(Exception):
    """The front matter cannot be read at all (no fences, broken YAML, not a mapping)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def split(text: str, path: str) -> tuple[list[str], int, str, int]:
    """Return (YAML lines, first YAML line number, body, body line number) of a story text."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index == len(lines) or not _FENCE.match(lines[index]):
        raise FrontMatterError(
            Problem(
                path,
                index + 1 if index < len(lines) else 1,
                "front matter",
                "the file does not start with a '---' line; begin it with '---', the YAML fields "
                "(title: …, date: …), and another '---' before the story text",
            )
        )
    start = index + 1
    for end in range(start, len(lines)):
        if _END_FENCE.match(lines[end]):
            body_lines = lines[end + 1 :]
            return lines[start:end], start + 1, "\n".join(body_lines), end + 2
    raise FrontMatterError(
        Problem(
            path,
            index + 1,
            "front matter",
            "the front matter opened here is never closed; add a line '---' after the last field",
        )
    )


def parse(text: str, path: str) -> FrontMatter:
    """Parse a story's text into a FrontMatter with a line number for every field."""
    yaml_lines, first_line, body, body_line = split(text, path)
    source = "\n".join(yaml_lines)
    try:
        node = yaml.compose(source, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = (error.problem or "invalid YAML").strip()
        raise FrontMatterError(
            Problem(
                path,
                line,
                "front matter",
                f"YAML cannot be read ({problem}); check indentation, and quote values that "
                "contain ': ' or start with a quote, '[' or '{'",
            )
        ) from None
    matter = FrontMatter(data={}, body=body, body_line=body_line, start_line=first_line - 1)
    if node is None:
        return matter
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            Problem(
                path,
                first_line + node.start_mark.line,
                "front matter",
                "the front matter must be 'key: value' lines, such as 'title: 标题'",
            )
        )
    builder = _Builder(_StrictLoader(""), first_line, path, matter.lines)
    matter.data = builder.build(node, ())
    if builder.duplicates:
        raise FrontMatterError(builder.duplicates[0])
    return matter


def load_yaml_file(text: str, path: str) -> FrontMatter:
    """Parse a whole YAML file (a roster) the same way as front matter, lines included."""
    text = text.removeprefix("\ufeff")
    fenced = "---\n" + text + ("\n" if not text.endswith("\n") else "") + "...\n"
    matter = parse(fenced, path)
    # The added fence shifted every line by one.
    matter.lines = {key: line - 1 for key, line in matter.lines.items()}
    matter.start_line = 1
    matter.body = ""
    return matter


@dataclass
class _Builder:
    """Turns YAML nodes into plain Python values, recording the line of every field."""

    loader: _StrictLoader
    first_line: int
    source: str
    lines: dict[FieldPath, int] = field(default_factory=dict)
    duplicates: list[Problem] = field(default_factory=list)

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        """Return the value of node, whose field path is path."""
        self.lines.setdefault(path, self.first_line + node.start_mark.line)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        """Build a mapping, reporting keys given twice."""
        self.loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(self.loader.construct_object(key_node, deep=True))
            key_path = (*path, key)
            line = self.first_line + key_node.start_mark.line
            if key in result:
                first = self.lines[key_path]
                message = f"'{key}' is given twice (first on line {first}); keep one"
                self.duplicates.append(Problem(self.source, line, dotted(key_path), message))
                continue
            self.lines[key_path] = line
            result[key] = self.build(value_node, key_path)
        return result


def dotted(path: FieldPath) -> str:
    """Render a field path as honours[0].level."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
