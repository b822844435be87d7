"""The site kept in memory between builds: an edit to a story's text shows in about a second.

`make devserver` builds the site once in its own process, through Pelican and our plugins as
`gridnews build` does, and keeps what that build made: the stories, Pelican's context, and every
write with the stories its render key read (incremental.Call). Then, on each change:

- **A story's text alone** (its front matter, its images and the workers and grids it names
  are as they were): the story is read again, one Markdown run, and its object is updated in
  place, so every list, feed and page holding it sees the new text. What plugins derive from a
  story's text is worked out again (buildstate.on_text_change). The writes whose keys read the
  story are made again through the incremental writer, which renders only the pages whose keys
  changed and writes only the files whose text changed. The build state is recorded as a build
  records it, and search indexes the changed shards again in the background
  (buildstate.after_update).
- **Anything else** (front matter, a file added or removed, the theme, the settings, an image):
  the whole build runs again in this process, which keeps the imports and loaded dictionaries.
- **Plugin or library code**: Pelican imports plugins once per process, so the caller is told
  to start a new one (Outcome.kind "restart").

Either way the output is the same as `gridnews build` gives (tests/test_live.py), and a
`gridnews build` after an update finds nothing to do.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican.contents import Content
from pelican.log import LimitFilter
from pelican.settings import read_settings

from gridnews import bodycache, build, buildlock, buildserver, buildstate
from gridnews.site import contents_of

logger = logging.getLogger(__name__)

STORY_SUFFIXES = (".md", ".markdown")


@dataclass
class Outcome:
    """What one build or update did."""

    kind: str  # "none", "text" (in place), "full", "restart" (code changed), "failed"
    seconds: float = 0.0
    changed: list[str] = field(default_factory=list)  # input files that changed
    remade: int = 0  # writes made again by an update in place
    written: int = 0  # files written
    error: str = ""


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file under a folder (or of the file itself)."""
    if folder.is_file():
        info = folder.stat()
        return {str(folder): (info.st_size, info.st_mtime_ns)}
    return {path: (size, mtime) for path, size, mtime in buildstate._files(folder)}


def _forget_rendered(items: Any = None) -> None:
    """Drop Pelican's memo of content HTML: of some stories, or (None) of every one."""
    memo = Content.__dict__["get_content"].cache  # pelican.utils.memoized keeps it on the class
    if items is None:
        memo.clear()
        return
    ids = {id(item) for item in items}
    for key in [key for key in memo if id(key[0]) in ids]:
        del memo[key]


def _forget_logged() -> None:
    """Let Pelican's log filter pass again what it passed in an earlier build of this process.

    It passes each warning once per process (pelican.log.LimitFilter): a story still wrong at
    the next build would go unsaid, where a build in a new process says it again.
    """
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


def _same_front_matter(before: Any, after: Any) -> bool:
    """Whether two reads of a story differ in their text alone."""
    if type(before) is not type(after):
        return False
    old = {k: v for k, v in before.metadata.items() if k != "summary"}
    new = {k: v for k, v in after.metadata.items() if k != "summary"}
    return old == new and before.get_static_links() == after.get_static_links()


def _take_text(item: Any, fresh: Any) -> str:
    """Give a story the text of a fresh read of its file, in place; return its text before."""
    before = item._content
    item._content = fresh._content
    # The front matter is the same by value; name it by the key of the file's new text, as a
    # build that reads the file does, so that the pages' render keys are those `gridnews build`
    # works out, and a build after the server renders nothing again.
    key = bodycache.record_key_of(fresh.metadata.get("story"))
    if key is not None and "story" in item.metadata:
        bodycache.note_record(item.metadata["story"], key)
    if "summary" in fresh.metadata:
        item.metadata["summary"] = fresh.metadata["summary"]
        item._summary = fresh._summary
    _forget_rendered([item])
    item.refresh_metadata_intersite_links()
    return before


class LiveSite:
    """A site built in this process and kept in memory, updated in place where it can be."""

    def __init__(
        self, content: Path, output: Path, settings_file: Path, watch: list[Path] | None = None
    ) -> None:
        self.content = content.resolve()
        self.output = output.resolve()
        self.settings_file = settings_file.resolve()
        self.watch = [Path(p).resolve() for p in watch or []]
        self.pelican: Any = None  # the last whole build; None until one succeeds
        self.generators: list[Any] = []
        self.calls: list[Any] = []
        self._stamps: dict[str, dict[str, tuple[int, int]]] = {}  # kind -> file -> stamp
        self._code: dict[str, tuple[int, int]] | None = None  # the code the process runs
        self._background: threading.Thread | None = None
        self._output_complete = threading.Event()  # set once the last update's search is done
        # One build or update at a time: the file watcher's, and those handed over by
        # `gridnews build` (answer), come from different threads.
        self.turn = threading.RLock()
        build.tune_collector()

    def _settings(self) -> dict[str, Any]:
        """The settings as the settings file gives them now (Pelican's copy may be added to)."""
        return read_settings(
            str(self.settings_file),
            override={"PATH": str(self.content), "OUTPUT_PATH": str(self.output)},
        )

    # What changed

    def _inputs(self, settings: dict[str, Any]) -> dict[str, dict[str, tuple[int, int]]]:
        """The stamps of every input file, by kind: content, setup (theme, settings), code."""
        code = {
            **_stamps(Path(buildstate.__file__).resolve().parent),
            **{
                path: stamp
                for folder in settings.get("PLUGIN_PATHS", [])
                for path, stamp in _stamps(Path(folder)).items()
            },
        }
        setup = {**_stamps(Path(settings["THEME"])), **_stamps(self.settings_file)}
        for extra in self.watch:
            setup.update(_stamps(extra) if extra.exists() else {})
        return {"content": _stamps(self.content), "setup": setup, "code": code}

    # Builds

    def build(self) -> Outcome:
        """Build the whole site in this process, keeping what the update in place needs."""
        with self.turn:
            return self._build()

    def _build(self) -> Outcome:
        from incremental import incremental  # noqa: PLC0415 - a Pelican plugin, on PLUGIN_PATHS

        began = time.perf_counter()
        self.wait()
        settings = self._settings()
        stamps = self._inputs(settings)
        # Pelican imports plugins once per process: after a change to their code, only a new
        # process builds what a build in a new process would
        if self._code is None:
            self._code = stamps["code"]
        elif stamps["code"] != self._code:
            return Outcome("restart", changed=_differ(stamps["code"], self._code))
        self.pelican = None
        fingerprint = build.fingerprint_of(settings, self.settings_file, self.watch, [])
        generators: list[Any] = []

        def keep(found: list[Any]) -> None:
            generators[:] = found

        _forget_rendered()
        _forget_logged()
        incremental.record(True)
        signals.all_generators_finalized.connect(keep)
        os.environ[build.FINGERPRINT] = fingerprint
        try:
            pelican = Pelican(_own_copy(settings))
            pelican.run()
        except Exception as error:
            logger.exception("The build failed; fix the error and save again")
            self._stamps = stamps  # so that the same broken input is not built again and again
            return Outcome("failed", time.perf_counter() - began, error=str(error))
        finally:
            os.environ.pop(build.FINGERPRINT, None)
            signals.all_generators_finalized.disconnect(keep)
            incremental.record(False)
        build.record_build(settings, self.output, fingerprint)
        self.pelican, self.generators, self.calls = pelican, generators, incremental.recorded()
        self._stamps = stamps
        return Outcome("full", time.perf_counter() - began)

    def update(self) -> Outcome:
        """Bring the output up to date with the inputs: in place if it can, else a build.

        Search follows an update in place in the background, once its pages are written: the
        browser is reloaded as soon as they are.
        """
        with self.turn:
            return self._update(search_early=False)

    def _update(self, *, search_early: bool) -> Outcome:
        began = time.perf_counter()
        self.wait()
        if self.pelican is None:
            if self._stamps and self._inputs(self._settings()) == self._stamps:
                return Outcome("none")  # the last build failed and nothing changed since
            return self.build()
        now = self._inputs(self.pelican.settings)
        if now["code"] != self._stamps["code"]:
            return Outcome("restart", changed=_differ(now["code"], self._stamps["code"]))
        changed = _differ(now["content"], self._stamps["content"])
        if now["setup"] != self._stamps["setup"]:
            return _with(self.build(), _differ(now["setup"], self._stamps["setup"]) + changed)
        if not changed:
            return Outcome("none")
        outcome = self._in_place(changed, now, search_early=search_early)
        if outcome is None:
            return _with(self.build(), changed)
        outcome.seconds = time.perf_counter() - began
        return outcome

    def _wait_for_output(self) -> None:
        """Wait until the output is complete, search included, after the last update.

        The record of the update (the build state, with the output's digest) may still be
        written: every later build or update waits for it first (wait), and the server that
        holds the folder does before it lets it go.
        """
        if self._background is not None:
            self._output_complete.wait()

    def wait(self) -> None:
        """Wait for the background work of the last update (search indexing) to end."""
        if self._background is not None:
            self._background.join()
            self._background = None

    # Builds handed over by `gridnews build` (gridnews.buildlock)

    def serve_builds(self, say: Any = print) -> buildlock.BuildServer | None:
        """Hold the output folder for as long as this process runs, and answer the builds of it.

        Waits while a `gridnews build` of the folder runs, stops the build server that
        `gridnews build` left (gridnews.buildserver); raises buildlock.LockError when another
        development server holds it.
        """
        lock = buildlock.OutputLock(self.output)
        if not lock.acquire(wait=False) and not buildserver.stop(lock):
            holder = lock.holder()
            if holder.get("kind") == buildlock.SERVER:
                raise buildlock.LockError(
                    f"{buildlock.who(holder)} already serves {self.output}; stop it first "
                    "(Ctrl-C in its window), or serve another folder"
                )
            say(f"Waiting for {buildlock.who(holder)} to finish building {self.output} ...")
            lock.acquire(wait=True)
        where = {"content": str(self.content), "settings": str(self.settings_file)}
        try:
            server = buildlock.BuildServer(lock, self.answer)
        except OSError as error:  # say, a temporary folder whose path is too long for a socket
            say(
                f"Builds of {self.output} cannot be handed to this server ({error}): while it "
                "runs, `gridnews build` into that folder is refused"
            )
            lock.describe(buildlock.SERVER, **where)
            return None
        lock.describe(buildlock.SERVER, **where, socket=str(lock.socket_path))
        return server

    def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        """A build handed over by `gridnews build`: the output brought up to date, search too."""
        asked = Path(request["content"]).resolve(), Path(request["settings"]).resolve()
        if asked != (self.content, self.settings_file):
            return {
                "ok": False,
                "error": f"it builds {self.content} with {self.settings_file}, not {asked[0]} "
                f"with {asked[1]}; stop it (Ctrl-C in its window) to build those into "
                f"{self.output}, or build them into another folder with -o",
            }
        with self.turn:
            self.wait()  # search may still be writing after the file watcher's update
            force = request.get("force") or not self._output_intact()
            # the caller waits for search too: it starts as soon as the indexed pages are made
            outcome = self._build() if force else self._update(search_early=True)
            self._wait_for_output()
        if outcome.kind == "restart":
            return {"ok": False, "retry": True, "error": "plugin code changed; it starts again"}
        if self.pelican is None:
            return {"ok": False, "error": "its build failed"}
        return {"ok": True, **dataclasses.asdict(outcome)}

    def _output_intact(self) -> bool:
        """Whether the output folder is as the last build or update left it.

        A build handed over after `rm -r output`, or after a page was deleted, builds the whole
        site, as `gridnews build` would.
        """
        if self.pelican is None:
            return True  # the next update builds the whole site anyway
        state = buildstate.load(buildstate.cache_folder(self.pelican.settings), self.output)
        return bool(state.get("tree")) and state["tree"] == build.tree_digest(self.output)

    # In place

    def _stories(self) -> dict[str, tuple[Any, Any]]:
        """Every story and page of the build by its file: (generator, content object)."""
        found = {}
        for generator in self.generators:
            for item in contents_of(generator):
                found[item.source_path] = (generator, item)
        return found

    def _in_place(
        self,
        changed: list[str],
        stamps: dict[str, dict[str, tuple[int, int]]],
        *,
        search_early: bool,
    ) -> Outcome | None:
        """Update the edited stories in place; None when the change needs a whole build."""
        from incremental import incremental  # noqa: PLC0415 - a Pelican plugin, on PLUGIN_PATHS

        stories = self._stories()
        if not all(path.endswith(STORY_SUFFIXES) and path in stories for path in changed):
            return None
        settings = self.pelican.settings
        fresh = {}
        _forget_logged()
        cache = incremental.read_again(settings, changed)
        try:
            for path in changed:
                generator, item = stories[path]
                fresh[path] = generator.readers.read_file(
                    base_path=generator.path,
                    path=os.path.relpath(path, generator.path),
                    content_class=type(item),
                    context=generator.context,
                )
        except Exception:
            return None
        finally:
            cache.close()
            bodycache.use(None)
        if not all(_same_front_matter(stories[path][1], fresh[path]) for path in changed):
            return None
        for path in changed:
            item = stories[path][1]
            before = _take_text(item, fresh[path])
            if not buildstate.text_changed(item, before):
                return None  # the items changed so far are read again by the whole build
        fingerprint = build.fingerprint_of(self._settings(), self.settings_file, self.watch, [])
        os.environ[build.FINGERPRINT] = fingerprint
        try:
            pelican = self.pelican
            self.calls, remade = incremental.replay(
                pelican,
                self.calls,
                set(changed),
                first=buildstate.first_pages(pelican) if search_early else (),
                then=(lambda: buildstate.start_early_work(pelican)) if search_early else None,
            )
            written = incremental.session_written()
            incremental.finish(pelican)
        finally:
            os.environ.pop(build.FINGERPRINT, None)
        self._stamps = stamps

        complete = self._output_complete = threading.Event()

        def follow() -> None:
            try:
                try:
                    buildstate.follow_update(pelican)
                finally:
                    complete.set()  # a build handed over can answer; the record follows
                build.record_build(settings, self.output, fingerprint)
            except Exception:  # the pages are written; say what is behind and go on
                logger.exception("After the update of %s", ", ".join(changed))

        self._background = threading.Thread(target=follow, name="gridnews-live-follow")
        self._background.start()
        return Outcome("text", changed=changed, remade=remade, written=written)


def _own_copy(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings for one build, copied so that the settings file's own values stay as written.

    Pelican's readers add to what they are given (MARKDOWN gets its extensions); were the values
    the settings file imported changed, the next build's fingerprint would not match the one
    `gridnews build` takes in a new process.
    """
    own = {}
    for name, value in settings.items():
        try:
            own[name] = copy.deepcopy(value)
        except (TypeError, copy.Error):  # modules and the like: nothing a reader adds to
            own[name] = value
    return own


def _differ(now: dict[str, tuple[int, int]], before: dict[str, tuple[int, int]]) -> list[str]:
    """Files added, removed or changed between two sets of stamps."""
    return sorted(path for path in now.keys() | before.keys() if now.get(path) != before.get(path))


def _with(outcome: Outcome, changed: list[str]) -> Outcome:
    outcome.changed = changed
    return outcome
