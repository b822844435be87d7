"""The inputs of one rendered page, as a digest: when it has not changed, neither has the page.

A page is a template rendered with some values. Its key covers:

- the build's salt: every setting, the source of every template of the theme and of every
  plugin (filters and the values plugins attach are code too);
- the call: output name, template, URL options;
- every value passed for the page (the story, the list of stories of a tag page, a worker...);
- every site-wide value the template, or any template it extends, includes or imports, reads
  (found with Jinja's own analysis of the template source), such as the navigation.

What plugins put into a page after it is rendered (the images plugin's <picture> markup) is not
in the key: the writer records the inputs each page read that way (buildstate.note_input) and
renders the page again when one of them changed.

A list page (index, category, tag, author) is keyed page by page: the page's own stories count
by content, the list it is cut from only by the order of its stories' paths, so editing a story
re-renders the list pages that show it, not every page of every list.

Values are digested by content. A story (any Pelican content object) is digested by its own
fields, including those plugins attach (previous and next story, related stories); stories it
refers to are digested by their own fields in turn, but not the stories those refer to. A
story's checked front matter (its typed record) counts by the key it is kept under in the body
cache, which covers the file's text and the code that checks it. A body with links to other
content ({filename}, {index}...) also depends on where all content lives. Objects the digest
cannot see into (functions, the template environment) count by type.

While it digests, the Digester also notes which stories a key read by content (its
dependencies, by source path): `gridnews.live` re-renders, after an edit to a story's text, only
the pages whose keys read that story.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import meta
from jinja2.exceptions import TemplateError
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from gridnews import bodycache

# Content attributes that are the whole site or settings, not the content itself.
_SKIP_ATTRIBUTES = {"settings", "_context", "_summary", "_content", "metadata_handler"}
_CROSS_LINK = re.compile(
    r"\{(?:filename|attach|index|tag|category|author)\}|\|(?:filename|attach)\|"
)
MAX_DEPTH = 12

# What Digester.value does with a value depends on its type alone; the type's kind is found
# once, by the same checks in the same order, and looked up for every later value of that type
# (render keys digest about a million values a build).
_SCALAR, _DATE, _CONTENT, _WRAPPER, _PAGINATOR, _PAGE = range(1, 7)
_MAPPING, _SEQUENCE, _SET, _DATACLASS, _PATH, _OTHER = range(7, 13)
_KINDS: dict[type, int] = {}


def _kind_of(kind: type) -> int:
    """The kind of every value of a type (never 0, so that a lookup's miss is falsy)."""
    checks: tuple[tuple[Any, int], ...] = (
        (bool | int | float | str | type(None), _SCALAR),
        (dt.date | dt.datetime | dt.time, _DATE),
        (Content, _CONTENT),
        (URLWrapper, _WRAPPER),
        (Paginator, _PAGINATOR),
        (Page, _PAGE),
        (Mapping, _MAPPING),
        (list | tuple, _SEQUENCE),
        (set | frozenset, _SET),
    )
    found = next((number for classes, number in checks if issubclass(kind, classes)), None)
    if found is None:
        # dataclasses.is_dataclass of an instance asks its type; a class itself is not one
        is_record = hasattr(kind, "__dataclass_fields__") and not issubclass(kind, type)
        found = _DATACLASS if is_record else _PATH if issubclass(kind, Path) else _OTHER
    _KINDS[kind] = found
    return found


class Digester:
    """Digests values by content, memoised for one build (nothing changes while pages render)."""

    def __init__(self, link_map: str = "", *, track: bool = False) -> None:
        """With track, note which stories each digest read (the development server asks)."""
        self._memo: dict[tuple[int, bool], str] = {}
        self._deps: dict[tuple[int, bool], frozenset[str]] = {}  # memo key -> stories it read
        self._keep: list[Any] = []  # objects memoised by id stay alive for the build
        self._open: set[tuple[int, bool]] = set()
        self._reading: set[str] = set()  # stories read by content by the digest under way
        # The stories a digest of a story's own fields (or of an object) names by path, in
        # order: a story's full digest is its own fields' and theirs (content).
        self._refs: dict[tuple[int, bool], tuple[Content, ...]] = {}
        self._naming: list[Content] | None = None  # stories named by the digest under way
        self.link_map = link_map
        self.track = track

    @contextmanager
    def reading(self) -> Iterator[set[str]]:
        """Collect the source paths of every story read by content inside the block.

        Without tracking, the set stays empty: a one-off build never asks what a key read.
        """
        if not self.track:
            yield set()
            return
        outer = self._reading
        self._reading = found = set()
        try:
            yield found
        finally:
            outer |= found
            self._reading = outer

    def forget(self, paths: set[str]) -> None:
        """Drop every digest that read one of these stories (edited in place since)."""
        stale = [key for key, deps in self._deps.items() if deps & paths]
        for key in stale:
            del self._memo[key]
            del self._deps[key]
            self._refs.pop(key, None)

    def note(self, deps: Iterable[str]) -> None:
        """Count stories read by a digest made earlier (and kept elsewhere) as read again."""
        if self.track:
            self._reading |= set(deps)

    def _remembered(self, memo_key: tuple[int, bool]) -> str | None:
        """A memoised digest, its dependencies counted again for the digest under way."""
        found = self._memo.get(memo_key)
        if found is not None and self.track:
            self._reading |= self._deps.get(memo_key, frozenset())
        return found

    def _remember(self, memo_key: tuple[int, bool], digest: str, deps: set[str]) -> None:
        self._memo[memo_key] = digest
        if deps and self.track:
            self._deps[memo_key] = frozenset(deps)

    def content(self, item: Content, *, shallow: bool) -> str:
        """A content object by its own fields; with shallow, other contents by their path.

        Without shallow, the stories it names (previous, next, related) count by their own
        fields in turn: its digest is that of its own fields and of theirs, each made once.
        """
        memo_key = (id(item), shallow)
        found = self._remembered(memo_key)
        if found is not None:
            return found
        if not shallow:
            own = self.content(item, shallow=True)
            with self.reading() as deps:
                deps.add(item.source_path)
                named = [
                    self.content(other, shallow=True) for other in self._refs[(id(item), True)]
                ]
            result = hashlib.sha256("\0".join(["full", own, *named]).encode()).hexdigest()
            self._remember(memo_key, result, deps)
            self._keep.append(item)
            return result
        outer, self._naming = self._naming, []
        try:
            with self.reading() as deps:
                deps.add(item.source_path)
                digest = hashlib.sha256()
                body = getattr(item, "_content", "") or ""
                digest.update(f"{type(item).__name__}\0{item.source_path}\0{item.url}\0".encode())
                digest.update(body.encode())
                if self.link_map and _CROSS_LINK.search(body):
                    digest.update(self.link_map.encode())
                for name, value in sorted(vars(item).items()):
                    if name in _SKIP_ATTRIBUTES:
                        continue
                    digest.update(f"\0{name}=".encode())
                    digest.update(self.value(value, 1, shallow=True, inside=False).encode())
                result = digest.hexdigest()
            self._refs[memo_key] = tuple(self._naming)
        finally:
            self._naming = outer
        self._remember(memo_key, result, deps)
        self._keep.append(item)
        return result

    def value(  # noqa: PLR0911 - one return per kind of value reads best
        self, value: Any, depth: int = 0, *, shallow: bool = False, inside: bool = True
    ) -> str:
        """Any value as text that changes whenever the value does."""
        kind = _KINDS.get(type(value)) or _kind_of(type(value))
        if kind == _SCALAR:
            return repr(value)
        if kind == _DATE:
            return value.isoformat()
        if kind == _CONTENT:
            if not inside:  # a story a story refers to
                return self._name(value)
            return self.content(value, shallow=shallow)
        if kind == _WRAPPER:
            return f"<{type(value).__name__} {value.name} {value.slug}>"
        if kind == _PAGINATOR:
            return self._paginator(value)
        if kind == _PAGE:
            items = self.value(value.object_list, depth + 1, shallow=shallow, inside=inside)
            return f"<Page {value.number} of {self._paginator(value.paginator)} {items}>"
        if depth > MAX_DEPTH:
            return f"<{type(value).__name__}>"
        next_inside = inside and not shallow
        if kind == _MAPPING:
            inner = next_inside or inside
            items = sorted(
                (self.value(k, depth + 1), self.value(v, depth + 1, shallow=shallow, inside=inner))
                for k, v in value.items()
            )
            return self._container(value, "{" + ",".join(f"{k}:{v}" for k, v in items) + "}")
        if kind == _SEQUENCE:
            return self._container(
                value,
                "["
                + ",".join(self.value(v, depth + 1, shallow=shallow, inside=inside) for v in value)
                + "]",
            )
        if kind == _SET:
            return "{" + ",".join(sorted(self.value(v, depth + 1) for v in value)) + "}"
        if kind == _DATACLASS:
            known = bodycache.record_key_of(value)
            if known is not None:  # a story's checked front matter: its key names its inputs
                return f"<{type(value).__name__} {known}>"
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            return self._object(value, fields, depth, inside=inside)
        if kind == _PATH:
            return str(value)
        attributes = getattr(value, "__dict__", None)
        if isinstance(attributes, dict) and not callable(value):
            return self._object(value, attributes, depth, inside=inside)
        return f"<{type(value).__module__}.{type(value).__qualname__}>"

    def _name(self, item: Content) -> str:
        """A story a story refers to, named by its path (and noted for the full digest)."""
        if self._naming is not None:
            self._naming.append(item)
        return f"<{item.source_path}>"

    def _object(self, value: Any, attributes: dict[str, Any], depth: int, *, inside: bool) -> str:
        """A plain object by its public attributes, memoised.

        Private attributes are bookkeeping (such as ids); an object met again inside itself
        counts by its type.
        """
        memo_key = (id(value), inside)
        found = self._remembered(memo_key)
        if found is not None:
            if self._naming is not None:  # the stories it names count again where it is met
                self._naming.extend(self._refs.get(memo_key, ()))
            return found
        if memo_key in self._open:
            return f"<{type(value).__name__} again>"
        self._open.add(memo_key)
        outer = self._naming
        if not inside:  # stories in it are named: note them, for wherever it is met again
            self._naming = []
        try:
            with self.reading() as deps:
                public = {k: v for k, v in attributes.items() if not k.startswith("_")}
                text = f"{type(value).__name__}" + self.value(public, depth + 1, inside=inside)
            if not inside:
                named = tuple(self._naming or ())
                self._refs[memo_key] = named
                if outer is not None:
                    outer.extend(named)
        finally:
            self._open.discard(memo_key)
            self._naming = outer
        result = hashlib.sha256(text.encode()).hexdigest()
        self._remember(memo_key, result, deps)
        self._keep.append(value)
        return result

    def _paginator(self, paginator: Paginator) -> str:
        """A list cut into pages: where its pages go, and its stories' paths in order."""
        memo_key = (id(paginator), False)
        found = self._memo.get(memo_key)
        if found is None:
            paths = "\0".join(
                str(getattr(item, "source_path", None) or item) for item in paginator.object_list
            )
            text = f"{paginator.name}\0{paginator.url}\0{paginator.per_page}\0{paginator.orphans}\0"
            found = "<Paginator " + hashlib.sha256((text + paths).encode()).hexdigest() + ">"
            self._memo[memo_key] = found
            self._keep.append(paginator)
        return found

    def _container(self, value: Any, text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest() if len(text) > 4096 else text


def files_digest(folders: Iterable[Path], suffixes: tuple[str, ...]) -> str:
    """A digest of the contents of every file with these suffixes under the folders."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in suffixes and "__pycache__" not in path.parts:
                digest.update(f"{path}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


class TemplateNames:
    """The site-wide names each template reads, with the templates it uses."""

    def __init__(self) -> None:
        self._names: dict[str, frozenset[str] | None] = {}
        # each template's own names and the templates it names, parsed once (base.html is
        # part of nearly every page template)
        self._parsed: dict[str, tuple[frozenset[str], tuple[str | None, ...]] | None] = {}

    def of(self, template: Any) -> frozenset[str] | None:
        """Names the template (and what it extends, includes, imports) reads; None if unknown."""
        if template.name not in self._names:
            self._names[template.name] = self._closure(template.environment, template.name, set())
        return self._names[template.name]

    def _parse(
        self, environment: Any, name: str
    ) -> tuple[frozenset[str], tuple[str | None, ...]] | None:
        if name not in self._parsed:
            try:
                source = environment.loader.get_source(environment, name)[0]
                tree = environment.parse(source)
                self._parsed[name] = (
                    frozenset(meta.find_undeclared_variables(tree)),
                    tuple(meta.find_referenced_templates(tree)),
                )
            except (TemplateError, OSError):
                self._parsed[name] = None
        return self._parsed[name]

    def _closure(self, environment: Any, name: str, seen: set[str]) -> frozenset[str] | None:
        if name in seen:
            return frozenset()
        seen.add(name)
        parsed = self._parse(environment, name)
        if parsed is None:
            return None
        names, references = set(parsed[0]), parsed[1]
        for reference in references:
            if reference is None:  # a template chosen at render time: anything may be read
                return None
            found = self._closure(environment, reference, seen)
            if found is None:
                return None
            names |= found
        return frozenset(names)
