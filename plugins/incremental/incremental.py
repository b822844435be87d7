"""Pelican plugin: read stories once, on every core, and write only what changed.

- When the articles generator starts, every story whose file changed since the last build (by
  size and modification time) has its body rendered on all cores into the body cache
  (gridnews.bodycache); the reader then finds each body there instead of running Markdown. An
  unchanged story costs a lookup; an edited one, one Markdown run.
- The writer keeps what it renders in memory and writes a file only when the text differs from
  what the last build wrote there (gridnews.buildstate); an unchanged page keeps its file and its
  time stamp. Pages the last build wrote and this one does not (a deleted story) are removed.
- A page or feed whose inputs (its render key) are those of a page the last build wrote, its
  file intact, is not even rendered.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import io
import logging
import os
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from pelican import signals
from pelican.cache import FileStampDataCacher
from pelican.utils import order_content
from pelican.writers import FileOverwriteFailedError, Writer

from gridnews import bodycache, buildstate, renderkey
from gridnews.build import FINGERPRINT, release_rendered
from gridnews.errors import ContentError
from gridnews.story import new_markdown, read_story

from .lists import use_linear_lists
from .theme_files import use_quiet_theme_copy

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "cache": buildstate.CACHE,  # relative to GRIDNEWS_ROOT (the settings file's folder)
    "workers": 0,  # 0: one per core
    "parallel_from": 16,  # fewer changed stories than this are read in the main process
}
MARKDOWN_SUFFIXES = (".md", ".markdown")
# What Pelican's writer adds to the context of each page of a paginated list.
_PAGE_NAMES = ("_paginator", "_page", "_previous_page", "_next_page")
# What Pelican's feed writer reads from the context besides the stories
_FEED_SITE_VALUES = ("SITEURL", "FEED_DOMAIN", "SITENAME", "SITESUBTITLE")


def incremental_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Merge the INCREMENTAL setting over the defaults, refusing unknown keys."""
    given = settings.get("INCREMENTAL", {}) or {}
    for key in given:
        if key not in DEFAULTS:
            raise ValueError(
                f"Invalid 'INCREMENTAL' key: {key!r}; known keys: {', '.join(DEFAULTS)}"
            )
    return {**DEFAULTS, **given}


def cache_folder(settings: dict[str, Any]) -> Path:
    """The folder of the build caches (the setting checked first)."""
    incremental_settings(settings)
    return buildstate.cache_folder(settings)


# What worker processes need; set before the pool forks.
_job: dict[str, Any] = {}


def _key_of(path: str, markdown: Any, content: str, pages: tuple[str, ...]) -> str:
    """Read one story, which renders its body into the active cache; return the body's key."""
    page = os.path.relpath(path, content).startswith(pages)
    try:
        return read_story(path, markdown, content_root=content, page=page).body_key
    except (ContentError, OSError, ValueError):
        return ""  # the reader reports it, with its line, in the main process


def _render(path: str) -> tuple[str, str]:
    """Worker process: render one story's body into the cache."""
    state = _job
    if "markdown" not in state:
        state["markdown"] = new_markdown(state["config"])
        state["cache"] = bodycache.BodyCache(state["cache_path"], state["salt"])
        bodycache.use(state["cache"])
    return path, _key_of(path, state["markdown"], state["content"], state["pages"])


def _story_files(generator: Any) -> list[str]:
    """Every Markdown file of the articles and pages of the site."""
    settings = generator.settings
    paths = [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"]]
    excludes = [*settings["ARTICLE_EXCLUDES"], *settings["PAGE_EXCLUDES"]]
    files = generator.get_files(paths, exclude=excludes, extensions=("md", "markdown"))
    root = Path(settings["PATH"])
    return sorted(str(root / name) for name in files)


def _open_cache(settings: dict[str, Any]) -> bodycache.BodyCache:
    """The body cache of these settings, made the one read_story consults."""
    salt = bodycache.salt_of(settings.get("MARKDOWN"))
    cache = bodycache.BodyCache(cache_folder(settings) / "bodies.sqlite", salt)
    bodycache.use(cache)
    return cache


def _file_stamps(paths: list[str]) -> dict[str, tuple[int, int]]:
    """Modification time and size of each file that exists."""
    stamps = {}
    for path in paths:
        try:
            info = Path(path).stat()
        except OSError:
            continue
        stamps[path] = (info.st_mtime_ns, info.st_size)
    return stamps


def warm(generator: Any) -> None:
    """Render the bodies of changed stories on every core before the reader asks for them."""
    settings = generator.settings
    cache = _open_cache(settings)
    cache.start_build()
    known = cache.file_keys()
    stamps = _file_stamps(_story_files(generator))
    changed = [
        path
        for path, stamp in stamps.items()
        if (row := known.get(path)) is None or row[:2] != stamp or not cache.known(row[2])
    ]
    if changed:
        render_bodies(cache, settings, changed, stamps)
    cache.prefetch()


def render_bodies(
    cache: bodycache.BodyCache,
    settings: dict[str, Any],
    changed: list[str],
    stamps: dict[str, tuple[int, int]],
) -> None:
    """Render these stories' bodies into the cache (on every core if many) and note their files."""
    config = incremental_settings(settings)
    _job.clear()
    _job.update(
        config=settings.get("MARKDOWN"),
        cache_path=cache.path,
        salt=cache.salt,
        content=settings["PATH"],
        pages=tuple(f"{p.rstrip('/')}/" for p in settings["PAGE_PATHS"]),
    )
    workers = config["workers"] or len(os.sched_getaffinity(0))
    if len(changed) < config["parallel_from"] or workers < 2:
        workers = 1
        markdown = new_markdown(settings.get("MARKDOWN"))
        results = [
            (path, _key_of(path, markdown, _job["content"], _job["pages"])) for path in changed
        ]
    else:
        cache.close()  # the workers open their own connections; none crosses the fork
        with concurrent.futures.ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_render, changed, chunksize=32))
    cache.remember_files(
        (path, *stamps[path], key) for path, key in results if key and path in stamps
    )
    logger.info(
        "Stories: %d read on %d %s",
        len(changed),
        workers,
        "process" if workers == 1 else "processes",
    )


def read_again(settings: dict[str, Any], paths: list[str]) -> bodycache.BodyCache:
    """Render the bodies of edited stories into the cache, for gridnews.live; close it after.

    Unlike a build, this does not count as one in the cache (bodies other stories use are not
    aged), and it leaves the cache open for the reader.
    """
    cache = _open_cache(settings)
    render_bodies(cache, settings, paths, _file_stamps(paths))
    return cache


@dataclass
class Call:
    """One write a build made: enough to make it again, and the stories its key read by content.

    `deps` is None when the key could not be known (a template chosen at render time, a write
    that overrides another): such a write is made again after any change.
    """

    kind: str  # "file" (Writer.write_file) or "feed" (Writer.write_feed)
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    deps: frozenset[str] | None


@dataclass
class Session:
    """One build's writes, against the state the last build left."""

    output: Path
    cache: Path
    previous: dict[str, Any]
    produced: dict[str, str] = field(default_factory=dict)  # output name -> digest of its text
    # output name -> the inputs read after rendering ([kind, name] pairs: the images it shows)
    uses: dict[str, list[list[str]]] = field(default_factory=dict)
    written: int = 0
    kept: int = 0
    problems: _Counter | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    calls: dict[str, list[str]] = field(default_factory=dict)  # render key -> files it wrote
    current: list[str] | None = None  # files the call being rendered has written so far
    skipped: int = 0  # renders not needed: their inputs had not changed
    digester: renderkey.Digester | None = None
    names: renderkey.TemplateNames = field(default_factory=renderkey.TemplateNames)
    build_salt: str = ""
    # name -> (id, digest, stories read by content)
    site_digests: dict[str, tuple[int, str, frozenset[str]]] = field(default_factory=dict)
    keeping: set[str] = field(default_factory=set)  # list pages found unchanged, not yet opened
    intact: set[str] = field(default_factory=set)  # files found as the last build left them
    io: concurrent.futures.ThreadPoolExecutor | None = None  # writes pages in the background
    recorder: list[Call] | None = None  # every write of the build, when gridnews.live asks
    unknown: bool = False  # a key of the write under way could not be known
    keep: bool = False  # keep the digests after the build, for updates in place (gridnews.live)
    saving: list[concurrent.futures.Future[None]] = field(default_factory=list)

    def site_digest(self, name: str, value: Any) -> str:
        """A site-wide value's digest, made once per build.

        Thousands of pages read the same navigation and region addresses, and the context is
        complete before pages are written.
        """
        assert self.digester is not None
        known = self.site_digests.get(name)
        if known is None or known[0] != id(value):
            with self.digester.reading() as deps:
                digest = self.digester.value(value)
            known = (id(value), digest, frozenset(deps))
            self.site_digests[name] = known
        else:
            self.digester.note(known[2])
        return known[1]

    def prepare_keys(self, context: dict[str, Any]) -> None:
        """Digest what every page depends on, once, when the first page is written."""
        if self.digester is not None:
            return
        settings = self.settings
        links = {
            key: sorted(
                (path, getattr(item, "url", "")) for path, item in context.get(key, {}).items()
            )
            for key in ("generated_content", "static_content")
        }
        self.digester = renderkey.Digester(link_map=repr(links), track=self.recorder is not None)
        code_folders = [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
        # digested once here, not again in each of 11,000 keys
        self.build_salt = hashlib.sha256(
            "\0".join(
                [
                    buildstate.settings_text(settings),
                    renderkey.files_digest([Path(settings["THEME"])], (".html", ".j2", ".xml")),
                    renderkey.files_digest(code_folders, (".py",)),
                ]
            ).encode()
        ).hexdigest()

    def render_key(self, call: dict[str, Any], template: Any, context: dict[str, Any]) -> str:
        """The digest of everything one write_file call renders from; '' when unknowable."""
        names = self.names.of(template)
        if names is None or self.digester is None:
            self.unknown = True
            return ""
        # Values passed for the page count if the template reads them, or if the writer itself
        # uses them (the lists it paginates, the name of further pages); Pelican also passes
        # the whole list of stories to every tag and author page, which few templates read.
        used = names | {"articles", "dates", "page_name"} | set(call["paginated"] or ())
        kwargs = {k: v for k, v in call["kwargs"].items() if k in used}
        return self._digest(names, template, call, context, kwargs)

    def _digest(
        self,
        names: frozenset[str],
        template: Any,
        call: dict[str, Any],
        context: dict[str, Any],
        values: dict[str, Any],
        *,
        output: str = "",
    ) -> str:
        """The key of a render: the salt, the call, its values and the site-wide values read."""
        assert self.digester is not None
        site_wide = {
            n: self.site_digest(n, context[n])
            for n in sorted(names)
            if n in context and n not in values
        }
        text = "\0".join(
            [
                self.build_salt,
                template.name,
                output,
                repr({k: v for k, v in call.items() if k != "kwargs"}),
                self.digester.value(values),
                self.digester.value(site_wide),
            ]
        )
        return hashlib.sha256(text.encode()).hexdigest()

    def page_key(
        self, call: dict[str, Any], template: Any, context: dict[str, Any], page: dict[str, Any]
    ) -> str:
        """The digest of what one page of a list renders from; '' when unknowable.

        `page` is the page's own context: the call's values, the page of each paginated list
        and its neighbours, the output file. Neighbour pages count by number (the template
        links to them), the page's own stories by content.
        """
        names = self.names.of(template)
        if names is None or self.digester is None:
            self.unknown = True
            return ""
        own = set(call["kwargs"]) | {n for n in page if n.endswith(_PAGE_NAMES)}
        values: dict[str, Any] = {}
        for name in sorted(names & own):
            value = page.get(name)
            if name.endswith(("_previous_page", "_next_page")) and value is not None:
                value = f"page {value.number}"
            values[name] = value
        output = page.get("output_file", "")
        return self._digest(names, template, call, context, values, output=output)

    def feed_key(self, args: tuple[Any, ...], shown: list[Any], context: dict[str, Any]) -> str:
        """The digest of what one feed is made from: its place and title, and its stories.

        A feed shows each story's own fields (title, address, text, summary, dates, tags), so
        its stories count by those; the site values Pelican's feed reads count as they are.
        """
        assert self.digester is not None
        _, _, path, url, feed_type, override_output, feed_title = args
        site = {name: context.get(name) for name in _FEED_SITE_VALUES}
        text = "\0".join(
            [
                self.build_salt,
                "feed",
                repr((path, url, feed_type, override_output, feed_title)),
                self.digester.value(list(shown), shallow=True),
                self.digester.value(site),
            ]
        )
        return hashlib.sha256(text.encode()).hexdigest()

    def save(self, path: str, text: str) -> None:
        """Write a page in the background: the disk works while the next page is rendered."""
        if self.io is None:
            self.io = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="gridnews-io")
        self.saving.append(self.io.submit(_save, path, text))
        if len(self.saving) > 256:  # keep the queue (and the texts it holds) short
            self.saving.pop(0).result()

    def drain(self) -> None:
        """Wait until every page handed to save is on disk (raising the first failure)."""
        try:
            while self.saving:
                self.saving.pop(0).result()
        finally:
            if self.io is not None:
                self.io.shutdown()
                self.io = None

    def can_keep(self, names: list[str]) -> bool:
        """Whether every file of an earlier render is still as that build left it."""
        outputs = self.previous.get("outputs", {})
        for name in names:
            record = outputs.get(name)
            if record is None:
                return False
            try:
                info = os.stat(os.path.join(self.output, name))  # noqa: PTH116,PTH118 - 11,000 a build
            except OSError:
                return False
            if [info.st_size, info.st_mtime_ns] != record[1:3]:
                return False
            if record[3] and buildstate.inputs_state(record[3]) != record[4]:
                return False  # an image it shows changed: its <picture> markup would too
        self.intact.update(names)
        return True


class _Counter(logging.Handler):
    """Counts the warnings and errors logged during a build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_session: Session | None = None


def _save(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as out:  # noqa: PTH123 - mirrors Pelican
        out.write(text)


class _Rendered(io.StringIO):
    """A page being written: kept in memory, put on disk at close only if it changed."""

    def __init__(self, path: str, session: Session) -> None:
        super().__init__()
        self.path = path
        self.session = session

    def close(self) -> None:
        if not self.closed:
            self.session_store(self.getvalue())
        super().close()

    def session_store(self, text: str) -> None:
        session = self.session
        # The page as it will be on disk (the images plugin's <picture> markup in it), so that
        # its digest covers the images it shows, and only those.
        with buildstate.reading_inputs() as used:  # a feed's: with its entries' images
            text = buildstate.filter_page(self.path, text)
        digest = hashlib.sha256(text.encode()).hexdigest()
        name = _name_under(os.path.join(session.output, ""), self.path)  # noqa: PTH118
        session.produced[name] = digest
        session.uses[name] = sorted([kind, input_name] for kind, input_name in used)
        if session.current is not None:
            session.current.append(name)
        buildstate.settled.add(self.path)
        record = session.previous.get("outputs", {}).get(name)
        if record and record[0] == digest:
            try:
                info = Path(self.path).stat()
            except OSError:
                info = None
            if info is not None and [info.st_size, info.st_mtime_ns] == record[1:3]:
                session.intact.add(name)
                session.kept += 1
                return
        session.intact.discard(name)  # written: its new size and time are recorded
        session.save(self.path, text)
        session.written += 1


class _ListPages:
    """A template standing in for the real one while a list is written page by page.

    Pelican's writer cuts a list into pages and renders each; this stand-in works out each
    page's key first, and for a page whose key the last build recorded (its file intact) returns
    nothing and marks the file to be kept, so it is neither rendered nor written.
    """

    def __init__(
        self, template: Any, session: Session, call: dict[str, Any], context: dict[str, Any]
    ) -> None:
        self.template = template
        self.session = session
        self.call = call
        self.context = context

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)

    def render(self, page: dict[str, Any]) -> str:
        session = self.session
        output = page.get("output_file", "")
        key = session.page_key(self.call, self.template, self.context, page)
        earlier = session.previous.get("calls", {}).get(key) if key else None
        if earlier == [output] and session.can_keep(earlier):
            session.calls[key] = earlier
            session.keeping.add(output)
            logger.debug("Unchanged list page, not rendered: %s", output)
            return ""
        if key:
            session.calls[key] = [output]
        return self.template.render(page)


class IncrementalWriter(Writer):
    """Pelican's writer, skipping what has not changed since the last build.

    A page whose inputs are unchanged is not rendered; a rendered page whose text is unchanged
    is not written.
    """

    def write_file(  # noqa: PLR0917 - Pelican's signature
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool = False,
        paginated: Any = None,
        template_name: str | None = None,
        override_output: bool = False,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Render and write a page, unless the last build rendered it from the same inputs."""
        args = (name, template, context, relative_urls, paginated, template_name)
        session = _session
        if session is None or session.recorder is None:
            self._write(*args, override_output, url, kwargs)
            return
        session.prepare_keys(context)
        assert session.digester is not None
        session.unknown = not name or override_output
        deps: set[str] = set()
        try:
            with session.digester.reading() as deps:
                self._write(*args, override_output, url, kwargs)
        except Exception:
            session.unknown = True  # made again after any change, until it renders
            raise
        finally:
            known = None if session.unknown else frozenset(deps)
            session.recorder.append(Call("file", (*args, override_output, url), kwargs, known))

    def write_feed(  # noqa: PLR0917 - Pelican's signature
        self,
        elements: Any,
        context: dict[str, Any],
        path: str | None = None,
        url: str | None = None,
        feed_type: str = "atom",
        override_output: bool = False,
        feed_title: str | None = None,
    ) -> Any:
        """Pelican's feed, unless the last build made it from the same inputs.

        Returns the feed, or None when it was kept. The write is noted (with the stories it
        shows) when the build is recorded.
        """
        args = (elements, context, path, url, feed_type, override_output, feed_title)
        session = _session
        shown = elements[: self.settings["FEED_MAX_ITEMS"]]
        if session is not None and session.recorder is not None:
            deps = frozenset(getattr(item, "source_path", "") for item in shown)
            session.recorder.append(Call("feed", args, {}, None if override_output else deps))
        if session is None or not path or override_output:
            return super().write_feed(*args)
        session.prepare_keys(context)
        key = session.feed_key(args, shown, context)
        earlier = session.previous.get("calls", {}).get(key)
        if earlier is not None and session.can_keep(earlier):
            self._keep(session, key, earlier)
            logger.debug("Unchanged feed, not made: %s", path)
            return None
        session.current = []
        try:
            with buildstate.reading_inputs():  # the images its entries show (feed_generated)
                return super().write_feed(*args)
        finally:
            session.calls[key] = session.current
            session.current = None

    def _keep(self, session: Session, key: str, earlier: list[str]) -> None:
        """Keep the files an earlier render with this key wrote, as that build left them."""
        outputs = session.previous["outputs"]
        for output in earlier:
            session.produced[output] = outputs[output][0]
            self._written_files.add(str(session.output / output))
        session.calls[key] = earlier
        session.skipped += 1
        session.kept += len(earlier)

    def _write(  # noqa: PLR0917 - Pelican's arguments, in its order
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool,
        paginated: Any,
        template_name: str | None,
        override_output: bool,
        url: str | None,
        kwargs: dict[str, Any],
    ) -> None:
        session = _session
        call = {
            "name": name,
            "relative_urls": relative_urls,
            "paginated": sorted(paginated) if isinstance(paginated, dict) else paginated,
            "template_name": template_name,
            "override_output": override_output,
            "url": url,
            "kwargs": kwargs,
        }
        key = ""
        if session is not None and name and not override_output:
            session.prepare_keys(context)
            if self._paginates(paginated, template_name, kwargs):
                # a list: Pelican renders it page by page, and each page is keyed by itself
                template = _ListPages(template, session, call, context)
            else:
                key = session.render_key(call, template, context)
        earlier = session.previous.get("calls", {}).get(key) if session and key else None
        if session is not None and earlier is not None and session.can_keep(earlier):
            self._keep(session, key, earlier)
            return
        if session is not None:
            session.current = []
        try:
            super().write_file(
                name,
                template,
                context,
                relative_urls,
                paginated,
                template_name,
                override_output,
                url,
                **kwargs,
            )
        finally:
            if session is not None and session.current is not None:
                if key:
                    session.calls[key] = session.current
                session.current = None

    def _paginates(self, paginated: Any, template_name: str | None, kwargs: dict[str, Any]) -> bool:
        """Whether Pelican's writer will cut this call into pages (its own test)."""
        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        return bool(paginated) and template_name in self.settings["PAGINATED_TEMPLATES"]

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        # Pelican's rule: a file is written once, unless exactly one write says override.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time')
            return open(os.devnull, "w", encoding=encoding)  # noqa: PTH123
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}": it was written before in this build '
                "(set override=True if that is intended)"
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        if _session is None:
            return open(filename, "w", encoding=encoding)  # noqa: PTH123
        name = _name_under(os.path.join(_session.output, ""), filename)  # noqa: PTH118
        if name in _session.keeping:  # a list page found unchanged: keep the file as it is
            _session.keeping.discard(name)
            _session.produced[name] = _session.previous["outputs"][name][0]
            _session.kept += 1
            _session.skipped += 1
            buildstate.settled.add(filename)
            return io.StringIO()  # Pelican writes the stand-in's empty text into it
        return _Rendered(filename, _session)


_recording = False


def record(enabled: bool) -> None:
    """Note every write of the builds to come, with the stories it read (for gridnews.live)."""
    global _recording  # noqa: PLW0603 - a switch for the builds of this process
    _recording = enabled


def recorded() -> list[Call]:
    """The writes of the last build, when it was recorded."""
    return list(_session.recorder or []) if _session is not None else []


def start(pelican_object: Any) -> None:
    """Load what the last build into this output folder left."""
    global _session  # noqa: PLW0603 - one build at a time; signal receivers share it
    settings = pelican_object.settings
    output = Path(settings["OUTPUT_PATH"])
    folder = cache_folder(settings)
    if _session is not None and _session.problems is not None:
        logging.getLogger().removeHandler(_session.problems)
    _session = Session(
        output,
        folder,
        buildstate.load(folder, output),
        problems=_Counter(),
        settings=settings,
        recorder=[] if _recording else None,
        keep=_recording,
    )
    logging.getLogger().addHandler(_session.problems)


def session_written() -> int:
    """How many files the build or update under way has written so far."""
    return _session.written if _session is not None else 0


def pages_so_far(output_path: str) -> tuple[dict[str, str], dict[str, Any]] | None:
    """The pages the build under way has settled so far, and the last build's record of them.

    Returns (output name -> digest of its text, for every page written or kept so far; output
    name -> the last build's record, as `finish` writes it), once every page handed to the
    background writer is on disk. None when no build into that folder is under way.
    """
    session = _session
    if session is None or os.path.realpath(session.output) != os.path.realpath(output_path):
        return None
    session.drain()
    return dict(session.produced), session.previous.get("outputs", {})


def replay(
    pelican_object: Any,
    calls: list[Call],
    changed: set[str],
    *,
    first: Collection[str] = (),
    then: Callable[[], None] | None = None,
) -> tuple[list[Call], int]:
    """Make again the writes that read any of the changed stories, as a build would.

    Every other output of the last build stays as it is and recorded. Returns the writes, the
    ones made again replaced by their new record, and how many were made again. The caller
    ends the update with `finish`.

    The writes of the files named in `first` are made before the others, and `then` is called
    once they are on disk (search starts indexing them while the lists are made again). The
    order of writes changes nothing in the output; the returned writes keep the build's order.
    """
    global _session  # noqa: PLW0603 - the update is the session now
    last = _session
    if last is None or not last.keep or last.digester is None:
        raise RuntimeError("an update in place needs a recorded build before it")
    # What the last build digested stays true of everything but the changed stories.
    session = Session(
        last.output,
        last.cache,
        last.previous,
        problems=last.problems,
        settings=last.settings,
        digester=last.digester,
        names=last.names,
        build_salt=last.build_salt,
        site_digests={k: v for k, v in last.site_digests.items() if not v[2] & changed},
        keep=True,
    )
    session.digester.forget(changed)
    _session = session
    outputs = session.previous.get("outputs", {})
    session.produced = {name: record[0] for name, record in outputs.items()}
    # The files no write of the update makes again are as the last build left them (a build
    # handed over checks that first): their recorded size and time stand, rather than 11,000
    # files being asked for theirs again (0.13 s an edit at 4,000 stories)
    session.intact = {name for name, record in outputs.items() if record[0]}
    session.calls = dict(session.previous.get("calls", {}))
    session.recorder = []
    writer = IncrementalWriter(pelican_object.output_path, settings=pelican_object.settings)
    again = [n for n, call in enumerate(calls) if call.deps is None or call.deps & changed]
    early = [n for n in again if _writes_one_of(calls[n], first)]
    rest = [n for n in again if not _writes_one_of(calls[n], first)]
    made: dict[int, list[Call]] = {}
    for group in (early, rest):
        for number in group:
            call = calls[number]
            session.recorder.clear()
            if call.kind == "feed":
                writer.write_feed(*call.args)
            else:
                writer.write_file(*call.args, **call.kwargs)
            made[number] = list(session.recorder)
        if then is not None and group is early:
            then()
    session.recorder = None
    fresh = [record for n, call in enumerate(calls) for record in made.get(n, [call])]
    return fresh, len(made)


def _writes_one_of(call: Call, names: Collection[str]) -> bool:
    """Whether a write makes one of the named output files (a single page, not a list)."""
    return call.kind == "file" and bool(call.args) and call.args[0] in names


def get_writer(_pelican: Any) -> type[Writer]:
    """Use the writer that skips unchanged files."""
    return IncrementalWriter


def release(_pelican: Any) -> None:
    """Every page is rendered: free the stories' HTML Pelican kept (gridnews.build)."""
    release_rendered()


def _name_under(root: str, path: str) -> str:
    """A file's name in the output (root ends with a slash), as recorded: a/b.webp."""
    if path.startswith(root) and "/." not in path[len(root) - 1 :]:
        return path[len(root) :]  # thousands of image files and cards: no relpath for them
    return Path(os.path.relpath(path, root)).as_posix()


def finish(_pelican: Any) -> None:
    """Remove pages no longer built, record this build's outputs, close the body cache."""
    buildstate.run_finishers()
    if _session is not None:
        _session.drain()
    buildstate.settled.clear()
    cache = bodycache.active()
    if cache is not None:
        logger.info("Story bodies: %d from the cache, %d rendered", cache.hits, cache.misses)
        cache.close(prune=True)
        bodycache.use(None)
    session = _session
    if session is None:
        return
    _note_recorded(session)
    removed = 0
    for name in sorted(set(session.previous.get("outputs", {})) - set(session.produced)):
        path = session.output / name
        if path.is_file():
            path.unlink()
            removed += 1
    outputs = {}
    before = session.previous.get("outputs", {})
    for name, digest in session.produced.items():
        earlier = before.get(name)
        # the inputs read after rendering: this build's, or the last one's for a page kept
        # without rendering (can_keep found them as they were)
        uses = session.uses.get(name, earlier[3] if earlier else [])
        if name in session.intact and earlier[0] == digest:  # checked, and not written
            stamp = earlier[1:3]
        else:
            try:
                info = (session.output / name).stat()
            except OSError:
                continue
            stamp = [info.st_size, info.st_mtime_ns]
        outputs[name] = [digest, *stamp, uses, buildstate.inputs_state(uses)]
    fingerprint = os.environ.get(FINGERPRINT, "")
    problems = session.problems.count if session.problems else 0
    calls = {k: v for k, v in session.calls.items() if all(n in outputs for n in v)}
    buildstate.save(
        session.cache,
        session.output,
        {"outputs": outputs, "calls": calls, "fingerprint": fingerprint, "problems": problems},
    )
    if session.problems:
        session.problems.count = 0
    logger.info(
        "Pages: %d written, %d unchanged (%d renders skipped), %d removed",
        session.written,
        session.kept,
        session.skipped,
        removed,
    )
    session.previous = buildstate.load(session.cache, session.output)
    session.produced.clear()
    session.uses.clear()
    session.intact.clear()
    session.calls.clear()
    session.written = session.kept = session.skipped = 0
    if not session.keep:
        session.digester = None
        session.site_digests.clear()


def _note_recorded(session: Session) -> None:
    """Count as outputs the files plugins wrote apart from the pages (buildstate.write_output)."""
    root = os.path.join(session.output, "")  # noqa: PTH118 - compared as text
    for path in buildstate.take_recorded():
        name = _name_under(root, path)
        if not name.startswith("../"):
            session.produced.setdefault(name, "")
            session.intact.discard(name)  # written apart from the pages: its time is read


def settle_order(generator: Any) -> None:
    """Order stories with the same date by their file, so that every build lists them alike.

    Pelican reads files in set order, which changes from run to run, and its date sort keeps
    that order among equals; without this, two builds of the same content differ.
    """
    order_by = generator.settings["ARTICLE_ORDER_BY"]
    for name in ("articles", "drafts", "hidden_articles"):
        items = sorted(getattr(generator, name), key=lambda item: item.source_path)
        setattr(generator, name, order_content(items, order_by=order_by))


class _TemplateCache(FileSystemBytecodeCache):
    """Jinja's bytecode cache in a folder of the build cache; a failure to store is not an error.

    The folder is made when a template is stored, so deleting the build cache while the
    development server runs is still safe; a template that cannot be stored is compiled again
    by the next build.
    """

    def dump_bytecode(self, bucket: Any) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError as error:
            logger.debug("Compiled template %s not kept: %s", bucket.key, error)


_template_caches: dict[Path, _TemplateCache] = {}


def use_template_cache(generator: Any) -> None:
    """Keep compiled templates between builds, in the build cache (Jinja's bytecode cache).

    Each generator has its own template environment, so every build compiled base.html and
    its kin once per generator. Jinja checks each cached template against its source's digest
    (and the Python version), so an edited template is compiled again.
    """
    folder = cache_folder(generator.settings) / "templates"
    cache = _template_caches.get(folder)
    if cache is None:
        cache = _template_caches[folder] = _TemplateCache(str(folder))
    generator.env.bytecode_cache = cache


def _no_cached_data(_filename: str, default: Any = None) -> Any:
    return default


def _cache_nothing(_filename: str, _data: Any) -> None:
    return None


def skip_file_stamps(generator: Any) -> None:
    """With Pelican's content cache off, stop its cache from looking at every file's time.

    Pelican asks its content cache for each file it reads, and offers it what it read, twice
    over (the generator's cache and the readers'), whether caching is on or not; each time it
    takes the file's time first (CHECK_MODIFIED_METHOD). With CACHE_CONTENT and
    LOAD_CONTENT_CACHE off, neither cache loads or keeps anything, so those four look-ups per
    story (0.75 s of an edit rebuild at 16,000 stories, in a profile) can only give "not
    cached". Decided from the settings, not from the caches' private state.
    """
    settings = generator.settings
    if settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE"):
        return
    for cacher in (generator, getattr(generator, "readers", None)):
        if isinstance(cacher, FileStampDataCacher):
            cacher.get_cached_data = _no_cached_data
            cacher.cache_data = _cache_nothing


def register() -> None:
    """Connect the plugin's receivers."""
    signals.generator_init.connect(use_template_cache)
    signals.article_generator_init.connect(skip_file_stamps)  # once each is set up in full
    signals.page_generator_init.connect(skip_file_stamps)
    signals.article_generator_pretaxonomy.connect(settle_order)
    signals.initialized.connect(start)
    signals.get_writer.connect(get_writer)
    signals.article_generator_init.connect(warm)
    signals.article_generator_init.connect(use_linear_lists)
    signals.static_generator_init.connect(use_quiet_theme_copy)
    signals.finalized.connect(release)  # before search, which runs Pagefind beside the build
    signals.finalized.connect(finish)
