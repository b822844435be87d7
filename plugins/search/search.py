"""Pelican plugin: the search page, and a Pagefind index of the content pages once they are written.

The generator writes /search/ and remembers the build; on `finalized`, when every page is on
disk, the plugin reads the content pages (see documents.py) and writes output/pagefind/ (see
indexer.py). A failure to index is logged as an error that says what to do; the rest of the site
is kept.

A site of more than GRIDNEWS_SEARCH_SHARD_PAGES content pages is indexed as several bundles
(shards), each page going to the shard its path hashes to, so that a page never moves while the
number of shards stays the same. The build records a digest of each shard's inputs (its pages'
bytes, their filters and name parts, the settings and this plugin's code) in the build cache, and
runs Pagefind only for the shards whose digest changed: after an editor's change, one shard.
That shard is indexed as soon as the stories are written, while the lists and the other
sections are still being written (index_early); the result is kept only if the shard's digest
is the same once every page is written.

Settings: GRIDNEWS_SEARCH_NAME_PARTS (default True) indexes the parts of workers' and grids'
names; GRIDNEWS_SEARCH_TERMS (default documents.TERMS) lists the words of the field whose parts
are indexed too; GRIDNEWS_SEARCH_TIMEOUT (seconds, default 300) bounds the indexing of each
shard; GRIDNEWS_SEARCH_SHARD_PAGES (default 500) is the number of pages per shard;
GRIDNEWS_SEARCH_MEMORY_MIB (default 1024) is the memory the build and its indexers may use
together: two shards are indexed at a time when they fit beside the build process, else one.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import functools
import hashlib
import json
import logging
import math
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from gridnews import buildstate
from gridnews.index import index_of
from gridnews.site import record_timing

from .documents import (
    PARTS_CLOSE,
    PARTS_OPEN,
    TERMS,
    SearchDocument,
    documents,
    index_html,
)
from .indexer import BUNDLE, SearchIndexError, StartedIndex, place, write_index

logger = logging.getLogger(__name__)

SEARCH_URL = "search/"
# About 1.1 s and 190 MB of Pagefind per shard on a 2-core machine (2.2 s and 320 MB for 1,000):
# an edit waits for one shard. Readers pay little per shard: the first search of a visit loads
# each shard's entry and metadata files (a few KB), and Pagefind's WebAssembly once.
SHARD_PAGES = 500
PARALLEL_SHARDS = 2
# Pagefind's resident memory for a shard: about 55 MiB, and 0.26 MiB a page (81, 119, 184 and
# 314 MiB for 100, 250, 500 and 1,000 story pages), rounded up.
PAGEFIND_BASE_MIB = 60.0
PAGEFIND_MIB_PER_PAGE = 0.3
MEMORY_MIB = 1024
# Shards indexed early, while the rest of the site is written: at most this many a build. An
# editor's change to a story touches one; a larger change (a new build) is indexed at the end,
# when the second core is no longer busy with the social cards.
EARLY_SHARDS = 1
# The build process grows while the other sections are written after an early run starts.
EARLY_MEMORY_MARGIN = 1.15
_SHARD_FOLDER = re.compile(rf"{BUNDLE}-\d+")

# Builds whose pages are written but not yet indexed, by output folder.
_pending: dict[str, SearchGenerator] = {}


class SearchGenerator(Generator):
    """Writes /search/; its build is indexed when Pelican has written every page."""

    def generate_context(self) -> None:
        """Remember this build for the `finalized` signal."""
        folder = os.path.realpath(self.output_path)
        _pending[folder] = self
        for stale in _discard_early(folder).values():  # of a build that stopped before its end
            _remove_unplaced(stale)

    def generate_output(self, writer: Any) -> None:
        """Write the search page, which loads the first bundle and merges in the others."""
        bundles = list(self.shards())
        writer.write_file(
            SEARCH_URL + "index.html",
            self.get_template("search"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=SEARCH_URL,
            current_section="search",
            search_bundle=BUNDLE,
            search_more_bundles=" ".join(f"{name}/" for name in bundles[1:]),
            search_parts_marks=PARTS_OPEN + PARTS_CLOSE,
        )

    def documents(self) -> list[SearchDocument]:
        """The content pages of this build (worked out once)."""
        if not hasattr(self, "_documents"):
            self._documents = documents(self.context, index_of(self.context))
        return self._documents

    def shards(self) -> dict[str, list[SearchDocument]]:
        """The content pages of this build by shard (plan), worked out once."""
        if not hasattr(self, "_shards"):
            self._shards = plan(self.documents(), self.settings)
        return self._shards


def bundle_name(number: int) -> str:
    """The output folder of shard number (from 0): pagefind, pagefind-2, pagefind-3..."""
    return BUNDLE if number == 0 else f"{BUNDLE}-{number + 1}"


def plan(docs: list[SearchDocument], settings: dict[str, Any]) -> dict[str, list[SearchDocument]]:
    """The documents of each shard, by bundle folder, first bundle first; no shard is empty.

    A page's shard depends only on its path and the number of shards, so adding or editing a
    page leaves every other page where it was.
    """
    per_shard = max(1, int(settings.get("GRIDNEWS_SEARCH_SHARD_PAGES") or SHARD_PAGES))
    count = max(1, math.ceil(len(docs) / per_shard))
    shards: dict[int, list[SearchDocument]] = {}
    for document in docs:
        digest = hashlib.sha256(document.path.encode()).digest()
        shards.setdefault(int.from_bytes(digest[:8], "big") % count, []).append(document)
    return {bundle_name(n): shards[n] for n in sorted(shards)}


def pages_to_index(
    output: Path, docs: list[SearchDocument], settings: dict[str, Any]
) -> list[tuple[str, str]]:
    """(path under the output, HTML to index) for each written page, in URL order."""
    name_parts = bool(settings.get("GRIDNEWS_SEARCH_NAME_PARTS", True))
    terms = tuple(settings.get("GRIDNEWS_SEARCH_TERMS", TERMS))
    pages = []
    for document in docs:
        path = output / document.path
        if not path.is_file():  # a section whose plugin is off
            logger.debug("Search: %s was not written; not indexed", document.path)
            continue
        html = index_html(
            path.read_text(encoding="utf-8"), document, name_parts=name_parts, terms=terms
        )
        if html is None:
            logger.warning("Search: %s has no <main> element; not indexed", document.path)
            continue
        pages.append((document.path, html))
    return pages


def pagefind_mib(pages: int) -> float:
    """What a Pagefind run over a shard of that many pages holds in memory, at most."""
    return PAGEFIND_BASE_MIB + pages * PAGEFIND_MIB_PER_PAGE


def shards_at_once(build_mib: float, shard_pages: int, budget_mib: float) -> int:
    """How many shards to index at a time; never fewer than one.

    As many (up to PARALLEL_SHARDS) as fit in the budget beside the build process, which holds
    the whole site while it waits.
    """
    one = pagefind_mib(shard_pages)
    for count in range(PARALLEL_SHARDS, 1, -1):
        if build_mib + count * one <= budget_mib:
            return count
    return 1


def _resident_mib() -> float:
    """The resident memory of the build process (its peak where /proc is missing)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource  # noqa: PLC0415 - POSIX only; the fallback

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def _salt(settings: dict[str, Any], language: str) -> str:
    """What, besides its pages, makes a shard's index: settings, Pagefind, this plugin's code."""
    digest = hashlib.sha256()
    for part in (
        language,
        repr(bool(settings.get("GRIDNEWS_SEARCH_NAME_PARTS", True))),
        repr(tuple(settings.get("GRIDNEWS_SEARCH_TERMS", TERMS))),
        metadata.version("pagefind_bin_extended"),
    ):
        digest.update(part.encode() + b"\0")
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def _shard_key(
    salt: str, output: Path, docs: list[SearchDocument], recorded: dict[str, Any]
) -> str:
    """A digest of everything one shard's index is made from.

    A page counts by the digest the build recorded for it (gridnews.buildstate) while its file
    has the size and time recorded with it; otherwise, such as when the incremental plugin is
    off, by its bytes. Reading and hashing every page took most of a second per build.
    """
    digest = hashlib.sha256(salt.encode())
    root = os.fspath(output)
    for document in sorted(docs, key=lambda d: d.path):
        path = os.path.join(root, document.path)  # noqa: PTH118 - text paths: 7,000 a shard run
        record = recorded.get(document.path)
        try:
            info = os.stat(path)  # noqa: PTH116
            if record and record[0] and record[1:3] == [info.st_size, info.st_mtime_ns]:
                page = f"recorded {record[0]}"
            else:
                page = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            page = "not written"
        digest.update(f"{document!r}\0{page}\n".encode())
    return digest.hexdigest()


def _state_file(settings: dict[str, Any], output: Path) -> Path:
    """Where the digests of the shards written into one output folder are kept."""
    name = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]
    return buildstate.cache_folder(settings) / f"search-{name}.json"


def _load_state(path: Path) -> dict[str, str]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _save_state(path: Path, state: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    temporary.replace(path)


def _remove_other_bundles(output: Path, keep: set[str]) -> None:
    """Remove the shards of an earlier build that this build no longer has."""
    if not output.is_dir():
        return
    for folder in output.iterdir():
        if folder.name not in keep and (
            folder.name == BUNDLE or _SHARD_FOLDER.fullmatch(folder.name)
        ):
            shutil.rmtree(folder, ignore_errors=True)


# The build last indexed into each output folder: gridnews.live indexes it again after an update.
_indexed: dict[str, SearchGenerator] = {}


def index_site(pelican: Any) -> None:
    """Index the content pages of the build that just finished writing, shard by shard."""
    folder = os.path.realpath(pelican.output_path)
    generator = _pending.pop(folder, None)
    _indexed.pop(folder, None)
    if generator is not None:
        _indexed[folder] = generator
        _index(pelican, generator)


def _indexed_into(pelican: Any) -> SearchGenerator | None:
    """The search generator of the last build into pelican's output folder, if it indexed."""
    return _indexed.get(os.path.realpath(pelican.output_path))


def index_again(pelican: Any) -> None:
    """Index again the shards whose pages an in-place update (gridnews.live) changed."""
    generator = _indexed_into(pelican)
    if generator is not None:
        _index(pelican, generator)


@dataclass
class _Early:
    """A shard indexed while the rest of the site is written, kept if its key still holds."""

    key: str  # the shard's key when its pages were read
    run: StartedIndex  # Pagefind's run over them, into a bundle not yet in place
    pages: int


# Shards being indexed early, by output folder and bundle name
_early: dict[str, dict[str, _Early]] = {}


def _discard_all_early() -> None:
    """At exit: stop the early runs of a build that ended before indexing (it failed)."""
    for folder in list(_early):
        for unused in _discard_early(folder).values():
            _remove_unplaced(unused)


@functools.cache
def _stop_at_exit() -> None:
    """Once per process: have the early runs of a build that failed stopped at exit."""
    atexit.register(_discard_all_early)


def _discard_early(folder: str) -> dict[str, _Early]:
    """Forget the early shards of a build into folder; returns them."""
    return _early.pop(folder, {})


def _remove_unplaced(early: _Early) -> None:
    """Stop the run of an early shard that is not used, and remove its bundle."""
    early.run.discard()


def _index_after_stories(generator: Any) -> None:
    """Have an articles generator call index_early once it has written the stories' pages.

    Pelican's articles generator writes the stories first, then the archives and lists, and
    sends no signal between the two.
    """
    write_stories = generator.generate_articles

    def generate_articles(write: Any) -> None:
        write_stories(write)
        try:
            index_early(generator)
        except Exception:  # the shard is indexed at the end, as usual
            logger.debug("Search: no early index", exc_info=True)

    generator.generate_articles = generate_articles


def index_early(articles: Any) -> None:
    """Once the stories are written: index the shard they changed beside the rest of the build.

    After an edit, the search shard holding the story is known as soon as its page is
    written, while lists and the other sections are still to come (about half the build).
    Its key is worked out from what the pages of the shard are now: the digest this build
    recorded for the pages it has written, the last build's record for the others. If that is
    still the shard's key when every page is written, the bundle made meanwhile is put in
    place (`_index`); otherwise it is dropped and the shard is indexed as usual. So a page of
    the shard that a later section changes costs only the early run.
    """
    folder = os.path.realpath(articles.output_path)
    generator = _pending.get(folder)
    if generator is not None:
        _start_early(articles.output_path, generator)


def _content_pages(pelican: Any) -> set[str]:
    """The pages the last build indexed into pelican's output (made first by an update)."""
    generator = _indexed_into(pelican)
    if generator is None:
        return set()
    return {document.path for docs in generator.shards().values() for document in docs}


def _index_early_again(pelican: Any) -> None:
    """An update in place has made its content pages again: index their shard meanwhile."""
    generator = _indexed_into(pelican)
    if generator is not None:
        _start_early(pelican.output_path, generator)


def _start_early(output_path: str, generator: SearchGenerator) -> None:
    """Start indexing the shard whose pages the build under way has changed so far."""
    folder = os.path.realpath(output_path)
    try:
        from incremental import incremental  # noqa: PLC0415 - a plugin beside this one

        written = incremental.pages_so_far(output_path)
    except ImportError:  # the incremental plugin is off: no record of what changed
        return
    if written is None:
        return
    produced, previous = written
    changed = {
        name for name, digest in produced.items() if (previous.get(name) or [""])[0] != digest
    }
    settings = generator.settings
    shards = generator.shards()
    touched = {name: docs for name, docs in shards.items() if any(d.path in changed for d in docs)}
    budget = float(settings.get("GRIDNEWS_SEARCH_MEMORY_MIB") or MEMORY_MIB)
    if not touched or len(touched) > EARLY_SHARDS:
        return
    if any(
        _resident_mib() * EARLY_MEMORY_MARGIN + pagefind_mib(len(docs)) > budget
        for docs in touched.values()
    ):
        return
    output = Path(output_path)
    language = _language(settings)
    salt = _salt(settings, language)
    timeout = float(settings.get("GRIDNEWS_SEARCH_TIMEOUT") or 300)
    _stop_at_exit()
    early = _early.setdefault(folder, {})
    for name, docs in touched.items():
        recorded = {}
        for document in docs:
            if document.path in produced:
                try:
                    info = (output / document.path).stat()
                except OSError:
                    continue
                recorded[document.path] = [
                    produced[document.path],
                    info.st_size,
                    info.st_mtime_ns,
                ]
            elif document.path in previous:
                recorded[document.path] = previous[document.path]
        key = _shard_key(salt, output, docs, recorded)
        pages = pages_to_index(output, docs, settings)
        if pages:
            run = StartedIndex(output, pages, language, timeout, interface=name == BUNDLE)
            early[name] = _Early(key, run, len(pages))
    logger.debug("Search: indexing %s while the rest of the site is written", ", ".join(early))


def _take_early(early: dict[str, _Early], name: str, key: str) -> int | None:
    """Put the shard `name` indexed early in place if its key still holds; its pages, or None.

    A shard put in place is taken out of `early`; what is left there is not used.
    """
    found = early.get(name)
    if found is None:
        return None
    if found.key != key:
        logger.info("Search: pages of %s/ changed after it was indexed early; indexed again", name)
        return None
    try:
        bundle = found.run.result()
    except Exception as error:  # the shard is indexed again, which says what fails
        logger.debug("Search: the early index of %s/ failed (%r)", name, error)
        return None
    del early[name]
    place(bundle, name)
    return found.pages


def _tally(names: list[str], done: list[tuple[str, int | None]]) -> tuple[dict[str, str], int, int]:
    """The key to record for each shard, the pages indexed, and the shards written."""
    state: dict[str, str] = {}
    indexed = written = 0
    for name, (key, count) in zip(names, done, strict=True):
        if count is None or count >= 0:
            state[name] = key
        if count is not None and count >= 0:
            indexed += count
            written += 1
    return state, indexed, written


def _language(settings: dict[str, Any]) -> str:
    return str(settings.get("DEFAULT_LANG") or "zh-CN").lower()


def _index(pelican: Any, generator: SearchGenerator) -> None:
    """Index the shards of a build whose pages changed since they were last indexed."""
    settings = pelican.settings
    output = Path(pelican.output_path)
    language = _language(settings)
    early = _discard_early(os.path.realpath(output))
    timeout = float(settings.get("GRIDNEWS_SEARCH_TIMEOUT") or 300)
    state_path = _state_file(settings, output)
    try:
        shards = generator.shards()
        salt = _salt(settings, language)
        before = _load_state(state_path)
        # what the incremental plugin (first in PLUGINS, so finished before this) recorded
        recorded = buildstate.load(buildstate.cache_folder(settings), output)["outputs"]
    except Exception as error:  # the site is built: indexing must not undo that
        logger.error("Search index not written (the rest of the site is built): %r", error)
        for unused in early.values():
            _remove_unplaced(unused)
        return
    _remove_other_bundles(output, set(shards))

    def index_shard(job: tuple[str, list[SearchDocument]]) -> tuple[str, int | None]:
        """A shard's key, and the pages indexed: None when unchanged, -1 when it failed.

        The key (a digest of the shard's pages) is worked out here, beside the other shards'
        work, rather than for every shard before the first Pagefind run starts.
        """
        name, docs = job
        key = _shard_key(salt, output, docs, recorded)
        if before.get(name) == key and (output / name / "pagefind-entry.json").is_file():
            return key, None
        try:
            count = _take_early(early, name, key)
            if count is not None:
                return key, count
            pages = pages_to_index(output, docs, settings)
            if not pages:
                shutil.rmtree(output / name, ignore_errors=True)
                logger.warning("Search: no page of %s/ could be indexed; it is left out", name)
                return key, -1
            write_index(
                output, pages, language, timeout, bundle_name=name, interface=name == BUNDLE
            )
        except Exception as error:  # the site is built: indexing must not undo that
            reason = str(error) if isinstance(error, SearchIndexError) else repr(error)
            logger.error(
                "Search index not written into %s/ (the rest of the site is built; %s %s): %s",
                name,
                SEARCH_URL,
                "keeps the previous index" if (output / name).is_dir() else "will miss its pages",
                reason,
            )
            return key, -1
        return key, len(pages)

    began = time.perf_counter()
    # Two Pagefind runs at a time keep both cores busy (one run keeps about one and a half);
    # a large site's build process leaves room for one only.
    jobs = list(shards.items())
    at_once = shards_at_once(
        _resident_mib(),
        max((len(docs) for _, docs in jobs), default=0),
        float(settings.get("GRIDNEWS_SEARCH_MEMORY_MIB") or MEMORY_MIB),
    )
    started_early = len(early)
    with concurrent.futures.ThreadPoolExecutor(max_workers=at_once) as pool:
        done = list(pool.map(index_shard, jobs))
    taken_early = started_early - len(early)
    for unused in early.values():
        _remove_unplaced(unused)
    seconds = time.perf_counter() - began
    state, indexed, written = _tally([name for name, _ in jobs], done)
    if written > 1 and at_once < PARALLEL_SHARDS:
        logger.info("Search: one shard at a time, to stay within GRIDNEWS_SEARCH_MEMORY_MIB")
    _save_state(state_path, state)
    if not shards:
        logger.info("Search: the site has no content pages; no index written")
        return
    logger.info(
        "Search: indexed %d pages into %d of %d bundles in %.2f s (%d unchanged, %d indexed "
        "while the pages were written)",
        indexed,
        written,
        len(shards),
        seconds,
        len(shards) - written,
        taken_early,
    )
    record_timing(settings, "search_index_s", seconds)


def get_generators(pelican: Any) -> type[Generator]:
    """Hand Pelican the generator."""
    del pelican
    return SearchGenerator


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    signals.get_generators.connect(get_generators)
    signals.article_generator_init.connect(_index_after_stories)
    signals.finalized.connect(index_site)
    buildstate.after_update(index_again)
    buildstate.pages_first(_content_pages, _index_early_again)
