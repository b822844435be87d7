"""Rendered story bodies, kept between builds and keyed by what they are made from.

Markdown rendering is most of the cost of reading a story. A body is stored under the SHA-256 of
its Markdown text (after local links are resolved) and of a salt that names everything else
that shapes the HTML: the Markdown package's version, the MARKDOWN setting, and the source of
our own extension and reader. An edited story, a new Markdown release or a changed setting
all miss the cache; nothing else does. The store is one SQLite file, safe for several processes
at once.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import markdown

from gridnews import markdown_cjk

FORMAT = "1"  # bump when the way bodies are rendered changes in a way the salt cannot see
KEEP_BUILDS = 10  # bodies unused for this many builds are dropped


def salt_of(config: Any) -> str:
    """Everything besides the text that decides a body's HTML."""
    # our extension, and the module that assembles the renderer and prepares the text
    code = (
        Path(markdown_cjk.__file__).read_bytes() + (Path(__file__).parent / "story.py").read_bytes()
    )
    parts = [FORMAT, markdown.__version__, repr(config), hashlib.sha256(code).hexdigest()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class BodyCache:
    """Story bodies by content hash, in a SQLite file."""

    def __init__(self, path: Path, salt: str) -> None:
        self.path = path
        self.salt = salt
        self._db: sqlite3.Connection | None = None
        self._used: list[str] = []
        self._build: int | None = None
        self.hits = 0
        self.misses = 0

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, html TEXT, build INTEGER)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS files "
                "(path TEXT PRIMARY KEY, mtime INTEGER, size INTEGER, key TEXT)"
            )
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER)")
            self._db = db
        return self._db

    def key(self, body: str) -> str:
        """The key of one body's Markdown."""
        return hashlib.sha256(f"{self.salt}\0{body}".encode()).hexdigest()

    @property
    def build(self) -> int:
        """The number of the current build (bodies used in it are kept)."""
        if self._build is None:
            row = self._connect().execute("SELECT value FROM meta WHERE name = 'build'")
            found = row.fetchone()
            self._build = found[0] if found else 0
        return self._build

    def get(self, key: str) -> str | None:
        """A stored body, or None."""
        db = self._connect()
        row = db.execute("SELECT html FROM bodies WHERE key = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used.append(key)
        return row[0]

    def put(self, key: str, html: str) -> None:
        """Store a body."""
        self._connect().execute(
            "INSERT OR REPLACE INTO bodies VALUES (?, ?, ?)", (key, html, self.build)
        )

    def known(self, key: str) -> bool:
        """Whether a body is stored (without touching it)."""
        row = self._connect().execute("SELECT 1 FROM bodies WHERE key = ?", (key,)).fetchone()
        return row is not None

    def file_keys(self) -> dict[str, tuple[int, int, str]]:
        """The key each story file had when last read, by path: (mtime_ns, size, key)."""
        rows = self._connect().execute("SELECT path, mtime, size, key FROM files")
        return {path: (mtime, size, key) for path, mtime, size, key in rows}

    def remember_files(self, rows: Iterable[tuple[str, int, int, str]]) -> None:
        """Record the key of each story file read in this build."""
        self._connect().executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", rows)

    def start_build(self) -> None:
        """Count a new build."""
        number = self.build + 1
        self._connect().execute("INSERT OR REPLACE INTO meta VALUES ('build', ?)", (number,))
        self._build = number

    def close(self, *, prune: bool = False) -> None:
        """Mark the bodies this build used, drop long-unused ones if asked, and close.

        Every statement commits on its own (several processes write at once), except this
        bookkeeping, done in one transaction.
        """
        if self._db is None:
            return
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "UPDATE bodies SET build = ? WHERE key = ?", ((self.build, k) for k in self._used)
            )
            if prune:
                self._db.execute("DELETE FROM bodies WHERE build < ?", (self.build - KEEP_BUILDS,))
        self._used.clear()
        self._db.close()
        self._db = None


_active: BodyCache | None = None


def use(cache: BodyCache | None) -> None:
    """Make read_story consult this cache (None: render every body)."""
    global _active  # noqa: PLW0603 - one build per process; the reader has no other way in
    _active = cache


def active() -> BodyCache | None:
    """The cache read_story consults, if any."""
    return _active
