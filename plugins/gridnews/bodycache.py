"""Rendered story bodies, kept between builds and keyed by what they are made from.

Markdown rendering is most of the cost of reading a story. A body is stored under the SHA-256 of
its Markdown text (after local links are resolved) and of a salt that names everything else
that shapes the HTML: the Markdown package's version, the MARKDOWN setting, and the source of
our own extension and reader. An edited story, a new Markdown release or a changed setting
all miss the cache; nothing else does. The store is one SQLite file, safe for several processes
at once.

The same file keeps each valid story's checked front matter (the typed record, its slug), keyed
by the whole text of the file and by the source of everything that reads and checks it (this
package, its gazetteer, the YAML, word-cutting and pinyin libraries): an unchanged story is then
neither parsed nor checked again, and its title is not cut into words for a slug. Every slug
made (of tags, categories, people, events, places) is kept too, so that a build of names seen
before needs neither the word-cutting dictionary nor the pinyin tables.

Plugins keep what they work out from a body's text in it as well (its length, the people it
names: `memo`), by the digest of the text and a salt naming the code and data that decide the
value, so that an unchanged story is not turned into plain text again on every build.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import markdown

from gridnews import markdown_cjk, slugs

FORMAT = "1"  # bump when the way bodies are rendered changes in a way the salt cannot see
KEEP_BUILDS = 10  # bodies unused for this many builds are dropped
# A row used in a build is marked with the build's number only when its mark is this old: it
# can never reach KEEP_BUILDS while builds use it, and most builds mark nothing.
MARK_AFTER = KEEP_BUILDS // 2


def salt_of(config: Any) -> str:
    """Everything besides the text that decides a body's HTML."""
    # our extension, and the module that assembles the renderer and prepares the text
    code = (
        Path(markdown_cjk.__file__).read_bytes() + (Path(__file__).parent / "story.py").read_bytes()
    )
    parts = [FORMAT, markdown.__version__, repr(config), hashlib.sha256(code).hexdigest()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@functools.cache
def record_salt() -> str:
    """Everything besides a story's text that decides its checked front matter and slug."""
    from importlib import metadata  # noqa: PLC0415 - only needed once per process

    digest = hashlib.sha256(FORMAT.encode())
    package = Path(__file__).parent
    for path in sorted([*package.glob("*.py"), *package.glob("data/*")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in ("PyYAML", "jieba", "pypinyin"):
        try:
            digest.update(f"{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} none".encode())
    return digest.hexdigest()


def code_salt(*parts: str | Path) -> str:
    """A salt for values worked out by this package and by the given files (or other text)."""
    digest = hashlib.sha256(record_salt().encode())
    for part in parts:
        digest.update(b"\0" + (part.read_bytes() if isinstance(part, Path) else part.encode()))
    return digest.hexdigest()


# The records read in this build, by identity, with their keys. A record is made from its key's
# inputs alone, so a page's render key can name the record by its key instead of walking it.
_record_keys: dict[int, tuple[Any, str]] = {}


def note_record(record: Any, key: str) -> None:
    """Remember which key a record read in this build has."""
    _record_keys[id(record)] = (record, key)


def record_key_of(record: Any) -> str | None:
    """The key of a record read in this build, or None."""
    found = _record_keys.get(id(record))
    return found[1] if found is not None and found[0] is record else None


class BodyCache:
    """Story bodies by content hash, in a SQLite file."""

    def __init__(self, path: Path, salt: str) -> None:
        self.path = path
        self.salt = salt
        self._db: sqlite3.Connection | None = None
        self._used: list[str] = []
        self._used_records: list[str] = []
        self._build: int | None = None
        self._slugs: dict[tuple[str, str], str] | None = None
        self._memos: dict[tuple[str, str], Memo] = {}
        # read ahead (prefetch), by key: (value, build); each handed out once
        self._ahead_bodies: dict[str, tuple[str, int]] = {}
        self._ahead_records: dict[str, tuple[bytes, int]] = {}
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
            db.execute(
                "CREATE TABLE IF NOT EXISTS slugs (salt TEXT, kind TEXT, name TEXT, slug TEXT, "
                "PRIMARY KEY (salt, kind, name))"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, record BLOB, "
                "build INTEGER)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS derived (kind TEXT, salt TEXT, key TEXT, value TEXT, "
                "build INTEGER, PRIMARY KEY (kind, salt, key))"
            )
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

    def prefetch(self) -> None:
        """Read at once the body of every story file as last read, and every record.

        One query per story and per record took about a second of a build at 16,000 stories.
        A body read ahead is handed out once (its story keeps it), so none is held twice; what
        is not asked for (the files of deleted stories) is let go when the cache closes.
        """
        db = self._connect()
        self._ahead_bodies = {
            key: (html, build)
            for key, html, build in db.execute(
                "SELECT key, html, build FROM bodies WHERE key IN (SELECT key FROM files)"
            )
        }
        self._ahead_records = {
            key: (record, build)
            for key, record, build in db.execute("SELECT key, record, build FROM records")
        }

    def get(self, key: str) -> str | None:
        """A stored body, or None."""
        row = self._ahead_bodies.pop(key, None)
        if row is None:
            db = self._connect()
            row = db.execute("SELECT html, build FROM bodies WHERE key = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        if row[1] <= self.build - MARK_AFTER:
            self._used.append(key)
        return row[0]

    def put(self, key: str, html: str) -> None:
        """Store a body."""
        self._connect().execute(
            "INSERT OR REPLACE INTO bodies VALUES (?, ?, ?)", (key, html, self.build)
        )

    def record_key(self, text: str, shown: str, page: bool) -> str:
        """The key of one story file's checked front matter."""
        return hashlib.sha256(f"{record_salt()}\0{shown}\0{page}\0{text}".encode()).hexdigest()

    def get_record(self, key: str) -> Any | None:
        """A stored record, or None."""
        row = self._ahead_records.pop(key, None)
        if row is None:
            row = (
                self._connect()
                .execute("SELECT record, build FROM records WHERE key = ?", (key,))
                .fetchone()
            )
        if row is None:
            return None
        try:
            record = pickle.loads(row[0])  # our own cache, written by put_record
        except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError):
            return None
        if row[1] <= self.build - MARK_AFTER:
            self._used_records.append(key)
        return record

    def put_record(self, key: str, record: Any) -> None:
        """Store a record."""
        self._connect().execute(
            "INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
            (key, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL), self.build),
        )

    def _kept_slugs(self) -> dict[tuple[str, str], str]:
        """Every slug kept for this version of the code, read once per build."""
        if self._slugs is None:
            rows = self._connect().execute(
                "SELECT kind, name, slug FROM slugs WHERE salt = ?", (record_salt(),)
            )
            self._slugs = {(kind, name): slug for kind, name, slug in rows}
        return self._slugs

    def slug(self, kind: str, name: str) -> str | None:
        """The slug this version of the code made for a name or title (gridnews.slugs)."""
        return self._kept_slugs().get((kind, name))

    def put_slug(self, kind: str, name: str, slug: str) -> None:
        """Keep the slug made for a name."""
        self._kept_slugs()[kind, name] = slug
        self._connect().execute(
            "INSERT OR REPLACE INTO slugs VALUES (?, ?, ?, ?)", (record_salt(), kind, name, slug)
        )

    def memo(self, kind: str, salt: str) -> Memo:
        """The values of one kind kept for this salt, read at once (one query a build)."""
        memo = self._memos.get((kind, salt))
        if memo is None:
            rows = self._connect().execute(
                "SELECT key, value, build FROM derived WHERE kind = ? AND salt = ?", (kind, salt)
            )
            old = self.build - MARK_AFTER
            kept, stale = {}, set()
            for key, value, build in rows:
                kept[key] = value
                if build <= old:
                    stale.add(key)
            memo = self._memos[kind, salt] = Memo(kept, stale)
        return memo

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
        """Count a new build (and forget the records of the last one)."""
        _record_keys.clear()
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
            self._db.executemany(
                "UPDATE records SET build = ? WHERE key = ?",
                ((self.build, k) for k in self._used_records),
            )
            for (kind, salt), memo in self._memos.items():
                self._db.executemany(
                    "INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?, ?)",
                    ((kind, salt, key, value, self.build) for key, value in memo.new.items()),
                )
                self._db.executemany(
                    "UPDATE derived SET build = ? WHERE kind = ? AND salt = ? AND key = ?",
                    ((self.build, kind, salt, key) for key in memo.used),
                )
            if prune:
                self._db.execute("DELETE FROM bodies WHERE build < ?", (self.build - KEEP_BUILDS,))
                self._db.execute("DELETE FROM records WHERE build < ?", (self.build - KEEP_BUILDS,))
                self._db.execute("DELETE FROM derived WHERE build < ?", (self.build - KEEP_BUILDS,))
                self._db.execute("DELETE FROM slugs WHERE salt != ?", (record_salt(),))
        self._used.clear()
        self._used_records.clear()
        self._ahead_bodies.clear()
        self._ahead_records.clear()
        self._slugs = None
        self._memos.clear()
        self._db.close()
        self._db = None


class Memo:
    """Values worked out from texts, by the texts' digests (BodyCache.memo); JSON values only."""

    def __init__(self, kept: dict[str, str], stale: set[str]) -> None:
        self._kept = kept
        self._stale = stale  # kept values whose mark is old (BodyCache's MARK_AFTER)
        self.new: dict[str, str] = {}  # stored when the cache closes
        self.used: list[str] = []  # stale values used: marked when the cache closes

    def get(self, text: str, work_out: Callable[[], Any]) -> Any:
        """The value kept for this text, or work_out()'s (kept from now on)."""
        key = hashlib.sha256(text.encode()).hexdigest()
        found = self._kept.get(key)
        if found is not None:
            if key in self._stale:
                self._stale.discard(key)
                self.used.append(key)
            return json.loads(found)
        value = work_out()
        self._kept[key] = self.new[key] = json.dumps(value, ensure_ascii=False)
        return value


_active: BodyCache | None = None


def use(cache: BodyCache | None) -> None:
    """Make read_story consult this cache (None: render every body)."""
    global _active  # noqa: PLW0603 - one build per process; the reader has no other way in
    _active = cache
    slugs.keep_in(cache)


def active() -> BodyCache | None:
    """The cache read_story consults, if any."""
    return _active


def memo(kind: str, salt: str) -> Memo | None:
    """The active cache's values of one kind (None without a cache: work every value out)."""
    return _active.memo(kind, salt) if _active is not None else None
