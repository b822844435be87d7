"""One build at a time per output folder; a build handed to the development server.

Two builds writing the same output folder would interleave their pages and their records of
what they wrote (cache/build), and the next build would trust a record that no longer matches.
So every build first takes a lock on its output folder: an advisory `flock` on a file named
after the folder's absolute path, so that builds with different settings or caches still meet,
in a folder of the user's own (`gridnews-<uid>` in the system's temporary folder, or
GRIDNEWS_LOCK_DIR). A lock file stays when its build ends (removing it could let two builds
hold two files of one name); it is a few bytes per output folder.

- `gridnews build` takes it for the length of the build; another `gridnews build` into the same
  folder says whose build it waits for, and waits.
- `make devserver` holds it for as long as it runs, and listens on a local socket beside the
  lock file. A `gridnews build` of the same content and settings into its folder, with no options
  for Pelican, asks the server to bring the output up to date (in place where it can:
  gridnews.live) and waits for it, search included, instead of building the whole site beside
  it. Any other build into that folder is refused with a message that says what to do.

The holder writes who it is into the lock file (process, kind, content, settings, socket), for
the message of whoever finds the lock taken. The lock goes with the process: the kernel releases
it when the holder exits, however it exits.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import json
import os
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SERVER = "make devserver"
BUILD = "gridnews build"
BUILD_SERVER = "the build server"  # gridnews.buildserver, left by a build for the next
REPLY_LIMIT = 1 << 24  # bytes; a request or reply is one line of JSON
LOCK_DIR_ENV = "GRIDNEWS_LOCK_DIR"


class LockError(Exception):
    """The output folder is held by a development server, which this one cannot share it with."""


def lock_folder() -> Path:
    """The folder of the user's lock files: GRIDNEWS_LOCK_DIR, or one in the temporary folder."""
    chosen = os.environ.get(LOCK_DIR_ENV)
    folder = Path(chosen) if chosen else Path(tempfile.gettempdir()) / f"gridnews-{os.getuid()}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not chosen and folder.stat().st_uid != os.getuid():  # another user made it first
        raise LockError(
            f"{folder} belongs to another user; remove it, or set {LOCK_DIR_ENV} to a folder "
            "of your own"
        )
    return folder


def _stem(output: Path) -> Path:
    """Where the lock and socket of an output folder live: named after the folder's path."""
    return lock_folder() / hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]


class OutputLock:
    """The lock on one output folder."""

    def __init__(self, output: Path) -> None:
        self.output = output.resolve()
        self.path = _stem(self.output).with_suffix(".lock")
        self.socket_path = _stem(self.output).with_suffix(".sock")
        self._fd: int | None = None

    def acquire(self, *, wait: bool) -> bool:
        """Take the lock; without `wait`, give up at once (False) when someone holds it."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return False
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return True

    def describe(self, kind: str, **details: str) -> None:
        """Write who holds the lock, for the messages of those who find it taken."""
        assert self._fd is not None, "describe() needs the lock"
        text = json.dumps(
            {"pid": os.getpid(), "kind": kind, "output": str(self.output), **details},
            ensure_ascii=False,
        )
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, text.encode(), 0)

    def holder(self, patience: float = 0.5) -> dict[str, Any]:
        """Who holds the lock, as they described themselves ({} if they have not yet)."""
        deadline = time.monotonic() + patience
        while True:
            try:
                return json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):  # just taken, not yet described
                if time.monotonic() > deadline:
                    return {}
                time.sleep(0.05)

    def fileno(self) -> int:
        """The descriptor that holds the lock (for a child process to take it over)."""
        assert self._fd is not None, "fileno() needs the lock"
        return self._fd

    def hand_off(self) -> None:
        """Close this process's descriptor, leaving the lock to the child it was passed to.

        A flock belongs to the open file, which the child's copy of the descriptor keeps open:
        the lock passes without a moment in which nobody holds it.
        """
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    @classmethod
    def adopt(cls, output: Path, fd: int) -> OutputLock | None:
        """The lock on output, held by a descriptor passed from the parent (hand_off).

        None when that descriptor is not the lock's, or does not hold it.
        """
        lock = cls(output)
        try:
            same = os.fstat(fd)
            expected = lock.path.stat()
            if (same.st_dev, same.st_ino) != (expected.st_dev, expected.st_ino):
                return None
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # already ours: returns at once
        except OSError:
            return None
        lock._fd = fd
        return lock

    def release(self) -> None:
        """Let the next build have the folder."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None


def who(holder: dict[str, Any]) -> str:
    """The holder of a lock, in a few words for a message."""
    if not holder:
        return "another build"
    return f"{holder.get('kind', 'another build')} (process {holder.get('pid', '?')})"


# The development server's side


class BuildServer:
    """Answers build requests on the lock's socket, one at a time, in a background thread."""

    def __init__(
        self, lock: OutputLock, answer: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> None:
        self.lock = lock
        self.answer = answer
        with contextlib.suppress(FileNotFoundError):
            lock.socket_path.unlink()  # left by a server that was killed; we hold the lock
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._socket.bind(str(lock.socket_path))
        self._socket.listen()
        self._thread = threading.Thread(target=self._serve, name="gridnews-builds", daemon=True)
        self._thread.start()
        atexit.register(self.close)

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:  # closed
                return
            with connection:
                try:
                    request = json.loads(_read_line(connection))
                    reply = self.answer(request)
                except Exception as error:  # any failure is told to the client
                    reply = {"ok": False, "error": f"the development server failed: {error}"}
                with contextlib.suppress(OSError):
                    connection.sendall(json.dumps(reply, ensure_ascii=False).encode() + b"\n")

    def close(self) -> None:
        """Stop answering."""
        with contextlib.suppress(OSError):  # wakes the thread waiting in accept()
            self._socket.shutdown(socket.SHUT_RDWR)
        self._socket.close()
        with contextlib.suppress(FileNotFoundError):
            self.lock.socket_path.unlink()

    def join(self, timeout: float | None = None) -> None:
        """Wait until the request being answered (if any) has had its reply (after close)."""
        self._thread.join(timeout)


def _read_line(connection: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\n"):
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) > REPLY_LIMIT:
            raise ValueError("the message is too long")
    return data.decode()


# The build's side


def ask_server(holder: dict[str, Any], request: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Send a build request to the server described by holder; its reply.

    Raises OSError when the server cannot be reached or closes the connection without a reply
    (it started again after a change to plugin code, or stopped).
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout)
        connection.connect(holder["socket"])
        connection.sendall(json.dumps(request, ensure_ascii=False).encode() + b"\n")
        line = _read_line(connection)
    if not line:
        raise ConnectionResetError("the development server closed the connection")
    return json.loads(line)
