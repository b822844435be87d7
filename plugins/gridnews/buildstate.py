"""What the last build read and wrote, so that the next one can skip what has not changed.

The state lives in the build cache folder (cache/build/state.json, outside output/):

- `fingerprint`: a digest of every input: the settings, and the size and modification time of
  every file under content/, the theme and the plugins (and the installed versions of Python
  and Pelican). `gridnews build` compares it before starting Pelican at all: when nothing
  changed and every page it wrote is still there as it left it, there is nothing to do.
- `outputs`: for each file the writer produced, the digest of its text, the size and
  modification time it had when the build ended, the inputs read after rendering (the processed
  images its <img> tags name) and a digest of what those were. A page rendered the same as last
  time is not written again (its file, its time stamp and everything that watches it stay as
  they were), and a page the last build wrote that this build does not is removed (a deleted
  story).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import platform
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

FORMAT = 2  # 2: outputs carry the inputs read after rendering
CACHE = "cache/build"  # the default of INCREMENTAL["cache"]
# Settings that differ between runs without changing the output. Pelican's command line sets
# DEBUG (-D: tracebacks in its log), and PORT and BIND for its server; the development server
# builds without them. Had they counted, every page would have been rendered again after a
# switch between the two, or after a build with -D.
VOLATILE_SETTINGS = {"GRIDNEWS_TIMINGS", "WRITE_SELECTED", "OUTPUT_PATH", "DEBUG", "PORT", "BIND"}


def _files(folder: Path) -> Iterable[tuple[str, int, int]]:
    """Path, size and modification time of every file under a folder, in a stable order."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or name.endswith((".pyc", ".bak", "~")):
                continue
            path = os.path.join(root, name)  # noqa: PTH118 - os.walk gives text; stays text
            try:
                info = os.stat(path)  # noqa: PTH116
            except OSError:
                continue
            yield path, info.st_size, info.st_mtime_ns


def settings_text(settings: dict[str, Any]) -> str:
    """The settings as stable text (objects by their type, since their address changes)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
        if isinstance(value, list | tuple | set | frozenset):
            items = [plain(v) for v in value]
            return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
        if value is None or isinstance(value, str | int | float | bool):
            return value
        return f"<{type(value).__module__}.{type(value).__qualname__}>"

    kept = {k: v for k, v in settings.items() if k.isupper() and k not in VOLATILE_SETTINGS}
    return json.dumps(plain(kept), sort_keys=True, ensure_ascii=False)


def input_folders(settings: dict[str, Any]) -> list[Path]:
    """The folders whose files are inputs of the build: content, theme, plugins, our library."""
    folders = [Path(settings["PATH"]), Path(settings["THEME"])]
    folders += [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
    folders.append(Path(__file__).resolve().parent)
    unique: list[Path] = []
    for given in folders:
        folder = given.resolve()
        if not any(folder == u or u in folder.parents for u in unique):
            unique = [u for u in unique if folder not in u.parents] + [folder]
    return sorted(unique)


def fingerprint(settings: dict[str, Any], extra: Iterable[Path] = ()) -> str:
    """A digest of every input of a build."""
    digest = hashlib.sha256()
    digest.update(
        f"{FORMAT}\0{platform.python_version()}\0{importlib.metadata.version('pelican')}\0".encode()
    )
    digest.update(settings_text(settings).encode())
    for folder in [*input_folders(settings), *extra]:
        for path, size, mtime in _files(folder) if folder.is_dir() else []:
            digest.update(f"{path}\0{size}\0{mtime}\n".encode())
        if folder.is_file():
            info = folder.stat()
            digest.update(f"{folder}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def cache_folder(settings: dict[str, Any]) -> Path:
    """The folder of the build caches: INCREMENTAL["cache"], from GRIDNEWS_ROOT if relative."""
    folder = Path((settings.get("INCREMENTAL") or {}).get("cache", CACHE))
    if not folder.is_absolute():
        folder = Path(settings.get("GRIDNEWS_ROOT") or Path.cwd()) / folder
    return folder


def state_file(folder: Path, output: Path) -> Path:
    """The state of the builds into one output folder."""
    name = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]
    return folder / f"state-{name}.json"


# The state last read or written by this process, by file, with the file's identity then:
# a build reads the same state four times (to compare fingerprints, to keep pages, to key the
# search shards, to record the build); 10 MB of JSON at 16,000 stories took 0.1 s to parse.
_known: dict[str, tuple[tuple[int, int, int], dict[str, Any]]] = {}


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def load(folder: Path, output: Path) -> dict[str, Any]:
    """The last build's state, or an empty one.

    The caller gets its own copy of the top level, so that setting a key changes nothing for
    the next caller; what lies below is shared, and read only.
    """
    path = state_file(folder, output)
    identity = _identity(path)
    known = _known.get(str(path))
    if identity is not None and known is not None and known[0] == identity:
        return dict(known[1])
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"format": FORMAT, "outputs": {}}
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        return {"format": FORMAT, "outputs": {}}
    if identity is not None:
        _known[str(path)] = (identity, state)
    return dict(state)


def save(folder: Path, output: Path, state: dict[str, Any]) -> None:
    """Write the state atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    target = state_file(folder, output)
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    # The output folder first, where _forget_gone_outputs looks for it.
    record = {"format": FORMAT, "output": str(output.resolve())}
    record.update((key, value) for key, value in state.items() if key not in record)
    temporary.write_text(json.dumps(record), "utf-8")
    temporary.replace(target)
    identity = _identity(target)
    if identity is not None:
        _known[str(target)] = (identity, record)
    _forget_gone_outputs(folder)


def _forget_gone_outputs(folder: Path) -> None:
    """Drop the states of output folders that no longer exist (temporary builds)."""
    for path in folder.glob("state-*.json"):
        try:
            with path.open(encoding="utf-8") as handle:
                head = handle.read(4096)
        except OSError:
            continue
        found = re.search(r'"output": "((?:[^"\\]|\\.)*)"', head)
        if found and not Path(json.loads(f'"{found.group(1)}"')).exists():
            path.unlink(missing_ok=True)


_recorded: set[str] = set()


def record_output(path: str | os.PathLike[str]) -> None:
    """Note a file a plugin put in the output outside Pelican's writer.

    Image variants and social cards are such files: noted, they are removed when a later build
    no longer makes them.
    """
    _recorded.add(os.fspath(path))


def write_output(path: Path, data: bytes) -> bool:
    """Put a plugin's file in the output, noted; written only if its bytes changed.

    An unchanged file keeps its time stamp, so nothing downstream (rsync, search) sees it as new.
    Whether it was written is returned.
    """
    record_output(path)
    try:
        if not path.is_symlink() and path.read_bytes() == data:
            return False
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    # A new file put in the old one's place: a server never sends half of it, and a link there
    # (into the theme or the image cache) is replaced rather than written through.
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(data)
    temporary.replace(path)
    return True


def take_recorded() -> set[str]:
    """The files noted since the last call."""
    taken = set(_recorded)
    _recorded.clear()
    return taken


def add_input_source(kind: str, state: Callable[[str], str]) -> None:
    """Register a kind of input that pages read after they are rendered.

    The images plugin's page filter reads the processed images its <img> tags name: `state`
    says what one of them is now (its processed key), so that a page is made again when, and
    only when, an image it shows changed.
    """
    _input_sources[kind] = state


def note_input(kind: str, name: str) -> None:
    """Note that the page or feed being made read an input (see reading_inputs)."""
    if _inputs is not None:
        _inputs.add((kind, name))


@contextmanager
def reading_inputs() -> Iterator[set[tuple[str, str]]]:
    """Collect the inputs noted inside the block.

    Inside a block already under way (a feed's, around the writing of its file) the outer
    block's set is used: what the feed's entries read counts for the file too.
    """
    global _inputs  # noqa: PLW0603 - the page or feed being made; one at a time
    if _inputs is not None:
        yield _inputs
        return
    _inputs = set()
    try:
        yield _inputs
    finally:
        _inputs = None


def inputs_state(inputs: Iterable[Iterable[str]]) -> str:
    """A digest of what some noted inputs are now; '' for none."""
    rows = sorted(tuple(item) for item in inputs)
    if not rows:
        return ""
    digest = hashlib.sha256()
    for kind, name in rows:
        source = _input_sources.get(kind)
        state = source(name) if source is not None else "unknown"
        digest.update(f"{kind}\0{name}\0{state}\n".encode())
    return digest.hexdigest()


_input_sources: dict[str, Callable[[str], str]] = {}
_inputs: set[tuple[str, str]] | None = None


_finishers: list[Callable[[], None]] = []


def before_finish(finisher: Callable[[], None]) -> None:
    """Register work to complete before the build's outputs are recorded.

    Such work puts files into the output late, such as cards drawn in the background.
    """
    if finisher not in _finishers:
        _finishers.append(finisher)


def run_finishers() -> None:
    """Complete the work registered with before_finish, in order."""
    while _finishers:
        _finishers.pop(0)()


_page_filters: list[Callable[[str, str], str]] = []
# Pages whose final text the writer produced (filters applied) or kept: none to redo after.
settled: set[str] = set()


def add_page_filter(page_filter: Callable[[str, str], str]) -> None:
    """Register a change made to each page's text before it is written, given (path, text).

    A writer that applies the filters adds the page to `settled`; plugins that would otherwise
    rewrite the written file (on Pelican's content_written) leave such pages alone.
    """
    if page_filter not in _page_filters:
        _page_filters.append(page_filter)


def filter_page(path: str, text: str) -> str:
    """A page's text with every registered filter applied."""
    for page_filter in _page_filters:
        text = page_filter(path, text)
    return text


_text_hooks: list[Callable[[Any, str], bool]] = []


def on_text_change(hook: Callable[[Any, str], bool]) -> None:
    """Register what a plugin derives from a story's text, for edits made in place.

    When `gridnews.live` updates a story whose text alone changed, it calls hook(story,
    text_before) with the story already holding its new text (both HTML, as read). The hook
    works out again what its plugin derived from the text, and returns False when it cannot do
    that in place (the story now shows another image, names another worker...): the whole site
    is then built again.
    """
    if hook not in _text_hooks:
        _text_hooks.append(hook)


def text_changed(item: Any, before: str) -> bool:
    """Run every text hook for one story; False as soon as one cannot follow the change."""
    return all(hook(item, before) for hook in _text_hooks)


_early_work: list[tuple[Callable[[Any], set[str]], Callable[[Any], None]]] = []


def pages_first(names: Callable[[Any], set[str]], start: Callable[[Any], None]) -> None:
    """Register pages an in-place update makes before the others, and work to start then.

    `gridnews.live` makes again first the files names(pelican) gives (of those the update
    remakes), calls start(pelican) once they are on disk, then remakes the rest (lists, feeds)
    meanwhile. Search gives its content pages, and starts indexing the shards they changed.
    """
    if (names, start) not in _early_work:
        _early_work.append((names, start))


def first_pages(pelican: Any) -> set[str]:
    """The files every plugin wants made first in an in-place update (pages_first)."""
    return {name for names, _ in _early_work for name in names(pelican)}


def start_early_work(pelican: Any) -> None:
    """Start the work registered with pages_first; a failure only means it is done later."""
    for _, start in list(_early_work):
        try:
            start(pelican)
        except Exception:
            logger.debug("Early work of an update not started", exc_info=True)


_update_followers: list[Callable[[Any], None]] = []


def after_update(follower: Callable[[Any], None]) -> None:
    """Register work that reads the written pages, to run again after an in-place update.

    A build runs such work on Pelican's `finalized` signal (search indexing); `gridnews.live`
    calls follower(pelican) after it has updated pages in place, in the background.
    """
    if follower not in _update_followers:
        _update_followers.append(follower)


def follow_update(pelican: Any) -> None:
    """Run the work registered with after_update."""
    for follower in list(_update_followers):
        follower(pelican)
