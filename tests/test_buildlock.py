"""One build at a time per output folder (gridnews.buildlock)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from test_incremental import make_project
from test_live import PLAIN_BUILD

from gridnews.buildlock import BUILD, SERVER, LockError, OutputLock, who


def test_the_lock_of_a_folder_is_held_by_one_at_a_time(tmp_path: Path) -> None:
    first, second = OutputLock(tmp_path / "output"), OutputLock(tmp_path / "output")
    assert first.path.parent == Path(os.environ["GRIDNEWS_LOCK_DIR"])  # conftest's own folder
    assert first.acquire(wait=False)
    first.describe(BUILD)
    assert not second.acquire(wait=False)
    holder = second.holder()
    assert holder["pid"] == os.getpid() and holder["kind"] == BUILD
    assert who(holder) == f"gridnews build (process {os.getpid()})"
    other = OutputLock(tmp_path / "elsewhere")
    assert other.acquire(wait=False)  # another folder has a lock of its own
    other.release()
    # The same folder by another spelling of its path is the same lock.
    assert not OutputLock(tmp_path / "x" / ".." / "output").acquire(wait=False)
    first.release()
    assert second.acquire(wait=False)
    second.release()


def test_the_lock_goes_with_its_process(tmp_path: Path) -> None:
    """A holder that is killed leaves no stale lock: the kernel releases it."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from gridnews.buildlock import OutputLock, SERVER\n"
            "lock = OutputLock(Path(sys.argv[1]))\n"
            "lock.acquire(wait=True)\n"
            "lock.describe(SERVER)\n"
            "print('held', flush=True)\n"
            "time.sleep(60)\n",
            str(tmp_path / "output"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    lock = OutputLock(tmp_path / "output")
    assert not lock.acquire(wait=False)
    assert lock.holder()["kind"] == SERVER and lock.holder()["pid"] == holder.pid
    holder.kill()
    holder.wait()
    assert lock.acquire(wait=False)
    lock.release()


def test_a_build_waits_for_another_build_of_the_same_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    lock = OutputLock(project / "output")
    assert lock.acquire(wait=False)
    lock.describe(BUILD)
    build = subprocess.Popen(
        PLAIN_BUILD,
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert build.stdout is not None
        first = build.stdout.readline()
        assert first.startswith(f"Waiting for gridnews build (process {os.getpid()})"), first
        assert build.poll() is None  # still waiting: nothing was built beside the holder
        assert not (project / "output").exists()
    finally:
        lock.release()
    rest = build.stdout.read()
    assert build.wait(timeout=120) == 0, rest
    assert (project / "output" / "index.html").is_file()


def test_a_lock_folder_of_another_user_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock folder is named after the user; one that someone else made is not trusted."""
    monkeypatch.delenv("GRIDNEWS_LOCK_DIR")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert OutputLock(tmp_path / "output").path.parent == tmp_path / f"gridnews-{os.getuid()}"
    (tmp_path / "gridnews-4242").mkdir()  # made by this user, for a process that is user 4242
    monkeypatch.setattr(os, "getuid", lambda: 4242)
    with pytest.raises(LockError, match="belongs to another user; remove it"):
        OutputLock(tmp_path / "output")
