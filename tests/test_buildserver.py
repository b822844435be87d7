"""The build server `gridnews build` leaves behind: the next build of the folder is made in memory.

Each test starts its servers with GRIDNEWS_BUILD_SERVER=1 (the session turns them off for every
other test) and stops them before it ends, whatever happens.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_incremental import make_project
from test_live import PLAIN_BUILD, STORY, Live, append_to_story, matches_clean

from gridnews import buildserver
from gridnews.buildlock import BUILD_SERVER, SERVER, OutputLock

PATIENCE_S = 120.0


def build(project: Path, *extra: str, status: int = 0, **environ: str) -> str:
    """`gridnews build` as make html runs it, build servers allowed; its output."""
    result = subprocess.run(
        [*PLAIN_BUILD, *extra],
        capture_output=True,
        text=True,
        cwd=project,
        # a server a failed test leaves behind stops by itself soon
        env={
            **os.environ,
            "GRIDNEWS_BUILD_SERVER": "1",
            "GRIDNEWS_BUILD_SERVER_IDLE": "120",
            **environ,
        },
        check=False,
    )
    assert result.returncode == status, result.stdout + result.stderr
    return result.stdout + result.stderr


def holder(project: Path) -> dict:
    """Who holds the project's output folder now ({} when no one does)."""
    lock = OutputLock(project / "output")
    if lock.acquire(wait=False):
        lock.release()
        return {}
    return lock.holder()


def server_ready(project: Path) -> int:
    """Wait until a build server holds the folder with the site in memory; its process."""
    log = project / "cache" / "build" / buildserver.LOG_NAME
    deadline = time.monotonic() + PATIENCE_S
    while time.monotonic() < deadline:
        found = holder(project)
        said = log.read_text(encoding="utf-8") if log.is_file() else ""
        if found.get("kind") == BUILD_SERVER and "the site is in memory" in said:
            return int(found["pid"])
        time.sleep(0.1)
    raise AssertionError(f"no build server became ready: {holder(project)}")


def server_gone(project: Path) -> None:
    """Wait until no process holds the folder."""
    deadline = time.monotonic() + PATIENCE_S
    while holder(project):
        assert time.monotonic() < deadline, holder(project)
        time.sleep(0.1)


def ended(pid: int) -> None:
    """Wait until a process has exited (gone, or a zombie that no parent has waited for)."""
    deadline = time.monotonic() + PATIENCE_S
    status = Path(f"/proc/{pid}/status")
    while True:
        try:
            state = next(
                line for line in status.read_text().splitlines() if line.startswith("State:")
            )
        except (OSError, StopIteration):
            return
        if "zombie" in state:
            return
        assert time.monotonic() < deadline, state
        time.sleep(0.05)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """The project of test_incremental; any build server left is killed at the end."""
    made = make_project(tmp_path)
    yield made
    found = holder(made)
    if found.get("kind") == BUILD_SERVER:
        os.kill(int(found["pid"]), signal.SIGKILL)


def test_a_build_leaves_a_server_that_makes_the_next_edit_in_place(project: Path) -> None:
    """The first build builds in its own process and leaves a build server; the next build of
    an edited story is handed to it and made in place, its output equals a clean build's, and
    `gridnews build --stop-server` stops it."""
    first = build(project)
    assert "Done by" not in first and "A build server now keeps the site" in first, first
    # the build passed its lock to the server: the folder is never free in between
    assert holder(project)["kind"] in (BUILD_SERVER, buildserver.BUILD_SERVER_STARTING)
    pid = server_ready(project)
    append_to_story(project, "交给构建服务器的一次修改。")
    said = build(project)
    assert f"Done by the build server (process {pid}): updated 1 story in place" in said, said
    page = project / "output" / "stories" / "yandu-doumei-wangge" / "index.html"
    assert "交给构建服务器的一次修改。" in page.read_text(encoding="utf-8")
    matches_clean(project)
    assert "nothing had changed" in build(project)
    # a deleted page is noticed, as a build in its own process notices it: the site is built
    page.unlink()
    assert "built the whole site again" in build(project)
    assert page.is_file()
    assert f"Stopped the build server (process {pid})" in build(project, "--stop-server")
    server_gone(project)
    assert "No build server holds" in build(project, "--stop-server")


def test_the_server_says_what_a_build_in_a_new_process_would(project: Path) -> None:
    """What goes wrong in a build made by the server is printed by the command that asked,
    as a build in its own process prints it: the story, its line, and what to write. Warnings
    that still hold are said again by every build, as a build in a new process says them."""
    build(project)
    server_ready(project)
    story = project / STORY
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("date: ", "date: 不是日期 ", 1), encoding="utf-8")
    said = " ".join(build(project).split())
    assert "Done by the build server" in said, said
    assert f"ERROR: {STORY}:4: date: '不是日期" in said, said
    assert "is not a date; write an ISO 8601 date" in said, said
    assert "is not a date" in build(project)  # nothing changed: said again
    remote = "remote image(s) left as they are"
    story.write_text(text + "\n![远程图片](http://example.com/wangge.jpg)\n", encoding="utf-8")
    said = build(project)
    assert "is not a date" not in said and f"WARNING: 1 {remote}" in said, said
    assert remote in build(project)  # nothing changed
    other = project / "content" / "stories" / "yumen-2021-wangge-jiyi.md"
    other.write_text(other.read_text("utf-8").replace("title: ", "title: 新", 1), "utf-8")
    said = build(project)  # a whole build: Pelican's log filter must not drop the warning
    assert "built the whole site again" in said and remote in said, said
    story.write_text(text, encoding="utf-8")
    said = build(project)
    assert "ERROR" not in said and "WARNING" not in said, said
    matches_clean(project)


def test_builds_it_cannot_make_stop_the_server(project: Path) -> None:
    """A build with options for Pelican, or with --no-server, stops the server and builds in
    its own process, leaving no server behind."""
    build(project)
    pid = server_ready(project)
    append_to_story(project, "带选项的一次构建。")
    said = build(project, "--", "--fatal", "warnings")
    assert "Done by" not in said and "A build server now" not in said, said
    assert holder(project) == {}
    ended(pid)
    matches_clean(project)
    build(project)
    server_ready(project)
    append_to_story(project, "不要服务器的一次构建。")
    assert "Done by" not in build(project, "--no-server")
    assert holder(project) == {}


def test_a_change_to_plugin_code_has_the_build_made_anew(project: Path) -> None:
    """Pelican imports plugins once per process: after a change to plugin code the server
    stops, the build is made in a new process, and that build leaves a new server."""
    plugins = project / "more-plugins"
    plugins.mkdir()
    (plugins / "note.py").write_text("NOTE = 1\n", encoding="utf-8")
    with (project / "settings.py").open("a", encoding="utf-8") as settings:
        settings.write(f"PLUGIN_PATHS = [*PLUGIN_PATHS, {str(plugins)!r}]  # noqa: F405\n")
    build(project)
    pid = server_ready(project)
    (plugins / "note.py").write_text("NOTE = 2\n", encoding="utf-8")
    append_to_story(project, "插件改动之后的一次构建。")
    said = build(project)
    assert "Done by" not in said and "A build server now keeps the site" in said, said
    ended(pid)
    assert server_ready(project) != pid
    matches_clean(project)


def test_the_development_server_takes_the_folder_from_the_build_server(project: Path) -> None:
    build(project)
    pid = server_ready(project)
    site = Live(project, "--serve")
    try:
        assert site.first["kind"] == "full", site.first
        assert holder(project)["kind"] == SERVER
        ended(pid)
    finally:
        site.close()


def test_a_build_in_another_environment_is_made_in_its_own_process(project: Path) -> None:
    """The server builds with the environment it started with: a build whose GRIDNEWS_*
    variables differ (a settings file may read them) stops it and is made in a new process."""
    build(project)
    pid = server_ready(project)
    append_to_story(project, "换了环境变量的一次构建。")
    said = build(project, GRIDNEWS_SITEURL="https://wangge.example.gov.cn")
    assert "Done by" not in said, said
    ended(pid)
    assert server_ready(project) != pid
    # variables that steer only the server do not count
    append_to_story(project, "只改了空闲时间的一次构建。")
    said = build(
        project, GRIDNEWS_SITEURL="https://wangge.example.gov.cn", GRIDNEWS_BUILD_SERVER_IDLE="900"
    )
    assert "Done by the build server" in said, said


def test_an_idle_server_stops_by_itself(project: Path) -> None:
    build(project, GRIDNEWS_BUILD_SERVER_IDLE="1")
    assert holder(project)  # the server holds the folder from the start
    log = project / "cache" / "build" / buildserver.LOG_NAME
    deadline = time.monotonic() + PATIENCE_S
    while "the site is in memory" not in log.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
        time.sleep(0.1)
    server_gone(project)


def test_the_environment_counts_by_what_may_shape_a_build() -> None:
    base = {"GRIDNEWS_SITEURL": "https://a.example", "TZ": "Asia/Shanghai", "HOME": "/root"}
    digest = buildserver.environment_digest(base)
    assert (
        buildserver.environment_digest({**base, "HOME": "/home/editor", "COLUMNS": "80"}) == digest
    )
    assert buildserver.environment_digest({**base, "GRIDNEWS_BUILD_SERVER_IDLE": "60"}) == digest
    assert (
        buildserver.environment_digest({**base, "GRIDNEWS_SITEURL": "https://b.example"}) != digest
    )
    assert buildserver.environment_digest({**base, "LC_ALL": "C"}) != digest


def test_a_wrong_idle_time_is_told_with_what_to_write() -> None:
    assert buildserver.idle_seconds({}) == buildserver.IDLE_S
    assert buildserver.idle_seconds({"GRIDNEWS_BUILD_SERVER_IDLE": "90"}) == 90
    with pytest.raises(SystemExit, match="GRIDNEWS_BUILD_SERVER_IDLE='soon' is not a number"):
        buildserver.idle_seconds({"GRIDNEWS_BUILD_SERVER_IDLE": "soon"})


def test_servers_are_off_in_ci_unless_switched_on_and_when_switched_off() -> None:
    assert buildserver.wanted({})
    assert buildserver.wanted({"GRIDNEWS_BUILD_SERVER": "1", "CI": "false"})
    assert not buildserver.wanted({"CI": "true"})
    assert buildserver.wanted({"GRIDNEWS_BUILD_SERVER": "yes", "CI": "true"})
    assert not buildserver.wanted({"GRIDNEWS_BUILD_SERVER": "off"})
    assert not buildserver.wanted({"GRIDNEWS_BUILD_SERVER": "0", "CI": ""})


def test_a_build_with_the_server_off_leaves_none(project: Path) -> None:
    """The lock passes to a server before the command returns: a free folder right after it
    means that no server was started."""
    said = build(project, GRIDNEWS_BUILD_SERVER="0")
    assert holder(project) == {} and "A build server" not in said
    append_to_story(project, "CI 里的一次构建。")
    said = build(project, CI="true", GRIDNEWS_BUILD_SERVER="")
    assert holder(project) == {} and "A build server" not in said
    assert not (project / "cache" / "build" / buildserver.LOG_NAME).exists()


if sys.platform == "win32":  # pragma: no cover - locks and sockets are POSIX here
    pytest.skip("POSIX only", allow_module_level=True)
