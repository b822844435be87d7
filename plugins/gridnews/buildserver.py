"""The build server: the site kept in memory between two `gridnews build`s of a folder.

A build in a new process reads every story through Pelican and works out every page's render
key before it knows that one story changed: about 6 s at 4,000 stories, however small the edit.
The development server does the same edit in under a second because it keeps the built site in
memory (gridnews.live). The build server gives `gridnews build` (and so `make html`) the same:

- After a build of its own, `gridnews build` starts a build server for the output folder, in the
  background, and passes it the folder's lock (gridnews.buildlock), so that the folder is never
  free in between. The server builds the site once in memory (its pages are already up to
  date, so it writes nothing) and listens on the lock's socket.
- The next `gridnews build` of the same content and settings into that folder hands the build
  to it, as to `make devserver`: the server brings the output up to date (an edit to a story's
  text in place, anything else by a whole build in its process) and answers with what it did
  and the warnings and errors it logged, which the command prints. The output is the same as a
  build in a new process gives (tests/test_buildserver.py).
- It stops by itself after GRIDNEWS_BUILD_SERVER_IDLE seconds without a build (default 1,800),
  when plugin code changes (the build that finds out builds in its own process and starts a new
  server), when a build asks for what it cannot do (options for Pelican, other inputs, other
  values of the environment variables a build may read: environment_digest), and on
  `gridnews build --stop-server` (make clean) or when `make devserver` takes the folder.

Not started when GRIDNEWS_BUILD_SERVER is 0 (or off, no, false), when the CI variable is set
(a CI job's machine is thrown away after one build) unless GRIDNEWS_BUILD_SERVER is 1 (or on,
yes, true), for a build with options for Pelican, or
with `gridnews build --no-server`. Its log is cache/build/server.log.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gridnews import buildlock

SWITCH = "GRIDNEWS_BUILD_SERVER"
IDLE = "GRIDNEWS_BUILD_SERVER_IDLE"
IDLE_S = 1800.0
OFF = {"0", "off", "no", "false"}
ON = {"1", "on", "yes", "true"}
LOG_NAME = "server.log"
# How long `gridnews build --stop-server` waits for the server to let the folder go: it finishes
# the build it is doing first.
STOP_PATIENCE_S = 600.0
# How long a build waits for a server that is starting to say where it listens (it loads Pelican)
START_PATIENCE_S = 60.0
# Who holds the folder from the moment a build passes the lock until the server listens
BUILD_SERVER_STARTING = "a build server (starting)"
# At most this many warnings and errors are sent back to a build; the rest are in the log
MESSAGES_SENT = 500


def wanted(environ: dict[str, str] | None = None) -> bool:
    """Whether `gridnews build` may start a build server, by the environment.

    The switch decides when it is set either way; when it is not, no server starts in CI.
    """
    environ = os.environ if environ is None else environ
    switch = environ.get(SWITCH, "").strip().lower()
    if switch in OFF:
        return False
    if switch in ON:
        return True
    ci = environ.get("CI", "").strip().lower()
    return not ci or ci in OFF


# Variables a settings file or plugin may read (ours read GRIDNEWS_* ones: GRIDNEWS_SITEURL), and
# those that change how text and dates are made. Those that only steer the server itself, or the
# lock, do not count.
SHAPING = re.compile(r"GRIDNEWS_.*|TZ|LANG|LANGUAGE|LC_.*|SOURCE_DATE_EPOCH|PYTHON.*")
NOT_SHAPING = {SWITCH, IDLE, "GRIDNEWS_LOCK_DIR", "GRIDNEWS_BUILD_FINGERPRINT"}


def environment_digest(environ: dict[str, str] | None = None) -> str:
    """A digest of the environment variables that could change what a build makes.

    The server builds with the environment it was started with; a build whose digest differs
    (GRIDNEWS_SITEURL=... make html) is made in its own process instead.
    """
    environ = os.environ if environ is None else environ
    shaping = sorted(
        (name, value)
        for name, value in environ.items()
        if SHAPING.fullmatch(name) and name not in NOT_SHAPING
    )
    return hashlib.sha256(json.dumps(shaping).encode()).hexdigest()


def idle_seconds(environ: dict[str, str] | None = None) -> float:
    """How long the server waits for a build before it stops."""
    text = (os.environ if environ is None else environ).get(IDLE, "")
    try:
        return float(text) if text.strip() else IDLE_S
    except ValueError:
        raise SystemExit(
            f"{IDLE}={text!r} is not a number of seconds; set it to, say, 1800, or unset it"
        ) from None


def start(
    content: Path, output: Path, settings: Path, log: Path, lock: buildlock.OutputLock
) -> None:
    """Start a build server for the output folder in the background, detached from this one.

    The caller holds the folder's lock and passes it to the server, which holds it from the
    start: no build, `--stop-server` or `make publish` finds the folder free while the server
    loads. The caller's own descriptor is closed (lock.hand_off).
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    fd = lock.fileno()
    lock.describe(BUILD_SERVER_STARTING)
    command = [
        sys.executable,
        "-m",
        "gridnews.buildserver",
        str(content.resolve()),
        str(output.resolve()),
        str(settings.resolve()),
        str(fd),
    ]
    try:
        with open(log, "wb") as said:  # noqa: PTH123 - handed to the child as its output
            subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=said,
                stderr=subprocess.STDOUT,
                pass_fds=(fd,),
                start_new_session=True,  # not stopped with the terminal or make that started it
                cwd=Path.cwd(),
            )
    finally:
        lock.hand_off()


def described(
    lock: buildlock.OutputLock, patience: float = START_PATIENCE_S
) -> dict[str, Any] | None:
    """Who holds the folder, once a build server that is starting says where it listens.

    None when the folder is free by then (say, the server could not start): the caller then
    holds the lock. {} when the holder has not said who it is.
    """
    deadline = time.monotonic() + patience
    while True:
        holder = lock.holder()
        if holder.get("kind") != BUILD_SERVER_STARTING and (
            holder.get("kind") != buildlock.BUILD_SERVER or "socket" in holder
        ):
            return holder
        if lock.acquire(wait=False):
            return None
        if time.monotonic() > deadline:
            return holder
        time.sleep(0.05)


def stop(lock: buildlock.OutputLock, patience: float = STOP_PATIENCE_S) -> bool:
    """Ask the build server that holds the folder to stop, and take the lock.

    False, leaving the lock, when another kind of holder has it (a build, the development
    server). A server stops once the build it is making is done.
    """
    holder = described(lock)
    if holder is None:
        return True  # it had stopped: the lock is ours
    if holder.get("kind") not in (buildlock.BUILD_SERVER, BUILD_SERVER_STARTING):
        return False
    with contextlib.suppress(OSError, ValueError, KeyError):
        buildlock.ask_server(holder, {"stop": True}, timeout=patience)
    deadline = time.monotonic() + patience
    while not lock.acquire(wait=False):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


class _Messages(logging.Handler):
    """Keeps the warnings and errors logged while a handed build runs, to send to its caller."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            self.lines.append(self.format(record))


@contextlib.contextmanager
def _told(handler: _Messages) -> Iterator[None]:
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)


class BuildServer:
    """A site kept in memory that answers the builds of its folder until it is idle too long."""

    def __init__(self, content: Path, output: Path, settings: Path, idle: float) -> None:
        from gridnews.live import LiveSite  # noqa: PLC0415 - loads Pelican

        self.site = LiveSite(content, output, settings)
        self.idle = idle
        self.done = threading.Event()
        self.closing = False  # set under the site's turn: no build is begun after it
        self.standing: list[str] = []  # what the last whole build said, kept up to date
        self.last = time.monotonic()

    def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        """One build handed over: the live site's answer, with what the build would have said.

        A build in a new process reads every story and says again every warning that still
        holds; an update in place reads only the edited stories. So the server keeps the
        messages of its last whole build (`standing`) and sends, with an update's own messages,
        those of them that are not about the stories it read again; with nothing changed, all.
        """
        self.last = time.monotonic()
        if request.get("stop"):
            self.done.set()
            return {"ok": True, "kind": "stopped"}
        messages = _Messages()
        try:
            with _told(messages), self.site.turn:
                if self.closing:  # the caller tries again, finds the folder free, builds
                    return {"ok": False, "retry": True, "error": "it is stopping"}
                if self.site.pelican is None:  # the last build failed: say why again
                    request = {**request, "force": True}
                reply = self.site.answer(request)
        finally:
            self.last = time.monotonic()
        if reply.get("retry"):  # plugin code changed: the caller builds, and starts a new one
            self.done.set()
        kind = reply.get("kind")
        if kind == "text":
            read_again = [
                name for path in reply["changed"] for name in (path, os.path.relpath(path))
            ]
            kept = [line for line in self.standing if not any(n in line for n in read_again)]
            self.standing = kept + messages.lines
        elif kind != "none":  # a whole build, made or failed
            self.standing = messages.lines
        lines = self.standing
        if len(lines) > MESSAGES_SENT:
            more = len(lines) - MESSAGES_SENT
            lines = [*lines[:MESSAGES_SENT], f"... and {more} more in the build server's log"]
        return {**reply, "messages": lines}

    def serve(self, lock: buildlock.OutputLock) -> int:
        """Build the site in memory and answer builds, holding the folder; the exit status."""
        where = {
            "content": str(self.site.content),
            "settings": str(self.site.settings_file),
            "environment": environment_digest(),
        }
        listener = None
        try:
            messages = _Messages()
            with self.site.turn:  # builds handed over meanwhile wait for the site to be built
                listener = buildlock.BuildServer(lock, self.answer)
                lock.describe(buildlock.BUILD_SERVER, **where, socket=str(lock.socket_path))
                with _told(messages):
                    outcome = self.site.build()
                self.standing = messages.lines
            print(
                f"Build server of {self.site.output}: the site is in memory "
                f"({outcome.kind}, {outcome.seconds:.1f} s)",
                flush=True,
            )
            self.last = time.monotonic()
            while not self.done.wait(timeout=1.0):
                if time.monotonic() - self.last > self.idle:
                    break
            with self.site.turn:  # after the build under way, if any
                self.closing = True
            listener.close()
            listener.join(timeout=STOP_PATIENCE_S)
            self.site.wait()
        except OSError as error:  # no socket (a path too long): builds cannot reach it
            print(f"Build server not started: {error}", flush=True)
        finally:
            if listener is not None:
                listener.close()
            lock.release()
        return 0


def main(argv: list[str] | None = None) -> int:
    """Serve until idle: `python -m gridnews.buildserver CONTENT OUTPUT SETTINGS LOCK_FD`.

    LOCK_FD is the descriptor of the folder's lock, passed by the build that starts the server.
    """
    content, output, settings, fd = argv or sys.argv[1:]
    lock = buildlock.OutputLock.adopt(Path(output), int(fd))
    if lock is None:
        print(f"Build server not started: descriptor {fd} does not hold the lock of {output}")
        return 0
    lock.describe(BUILD_SERVER_STARTING)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        server = BuildServer(Path(content), Path(output), Path(settings), idle_seconds())
    except BaseException:
        lock.release()
        raise
    return server.serve(lock)


if __name__ == "__main__":
    sys.exit(main())
