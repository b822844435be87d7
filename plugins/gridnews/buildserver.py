"""The build server: the site kept in memory between two `gridnews build`s of a folder.

A build in a new process reads every story through Pelican and works out every page's render
key before it knows that one story changed: about 6 s at 4,000 stories, however small the edit.
The development server does the same edit in under a second because it keeps the built site in
memory (gridnews.live). The build server gives `gridnews build` (and so `make html`) the same:

- After a build of its own, `gridnews build` starts a build server for the output folder, in the
  background, unless one already runs. The server builds the site once in memory (its pages are
  already up to date, so it writes nothing), then holds the folder's lock (gridnews.buildlock)
  and listens on the lock's socket.
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
(a CI job's machine is thrown away after one build), for a build with options for Pelican, or
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
LOG_NAME = "server.log"
# How long `gridnews build --stop-server` waits for the server to let the folder go: it finishes
# the build it is doing first.
STOP_PATIENCE_S = 600.0


def wanted(environ: dict[str, str] | None = None) -> bool:
    """Whether `gridnews build` may start a build server, by the environment."""
    environ = dict(os.environ if environ is None else environ)
    if environ.get(SWITCH, "").strip().lower() in OFF:
        return False
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


def start(content: Path, output: Path, settings: Path, log: Path) -> None:
    """Start a build server for the output folder in the background, detached from this one.

    It exits at once if another process holds the folder by then.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "gridnews.buildserver",
        str(content.resolve()),
        str(output.resolve()),
        str(settings.resolve()),
    ]
    with open(log, "wb") as said:  # noqa: PTH123 - handed to the child as its output
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=said,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # not stopped with the terminal or make that started it
            cwd=Path.cwd(),
        )


def stop(lock: buildlock.OutputLock, patience: float = STOP_PATIENCE_S) -> bool:
    """Ask the build server that holds the folder to stop, and take the lock.

    False, leaving the lock, when another kind of holder has it (a build, the development server).
    """
    holder = lock.holder()
    if holder.get("kind") != buildlock.BUILD_SERVER:
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
        self.last = time.monotonic()

    def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        """One build handed over: the live site's answer, with the messages logged meanwhile."""
        self.last = time.monotonic()
        if request.get("stop"):
            self.done.set()
            return {"ok": True, "kind": "stopped"}
        messages = _Messages()
        try:
            with _told(messages):
                reply = self.site.answer(request)
        finally:
            self.last = time.monotonic()
        if reply.get("retry"):  # plugin code changed: the caller builds, and starts a new one
            self.done.set()
        return {**reply, "messages": messages.lines}

    def serve(self) -> int:
        """Hold the folder, build the site in memory, answer builds; the exit status."""
        lock = buildlock.OutputLock(self.site.output)
        if not lock.acquire(wait=False):
            return 0  # a build or another server has the folder: nothing to keep
        where = {
            "content": str(self.site.content),
            "settings": str(self.site.settings_file),
            "environment": environment_digest(),
        }
        try:
            with self.site.turn:  # builds handed over meanwhile wait for the site to be built
                listener = buildlock.BuildServer(lock, self.answer)
                lock.describe(buildlock.BUILD_SERVER, **where, socket=str(lock.socket_path))
                outcome = self.site.build()
            print(
                f"Build server of {self.site.output}: the site is in memory "
                f"({outcome.kind}, {outcome.seconds:.1f} s)",
                flush=True,
            )
            while not self.done.wait(timeout=1.0):
                if time.monotonic() - self.last > self.idle and self.site.turn.acquire(False):
                    try:  # no build handed over meanwhile: stop
                        break
                    finally:
                        self.site.turn.release()
            listener.close()
            self.site.wait()
        except OSError as error:  # no socket (a path too long): builds cannot reach it
            logging.getLogger(__name__).warning("Build server not started: %s", error)
            return 0
        finally:
            lock.release()
        return 0


def main(argv: list[str] | None = None) -> int:
    """Serve until idle: `python -m gridnews.buildserver CONTENT OUTPUT SETTINGS`."""
    content, output, settings = (Path(arg) for arg in (argv or sys.argv[1:]))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    return BuildServer(content, output, settings, idle_seconds()).serve()


if __name__ == "__main__":
    sys.exit(main())
