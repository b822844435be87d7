"""The site kept in memory (make devserver): every update equals a clean build's output.

An edit to a story's text alone is made in place: only the writes that read the story are made
again. Any other change builds the whole site again in the same process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_incremental import (
    add_story,
    assert_same_tree,
    edit_template,
    gridnews_build,
    make_project,
    renders_skipped,
)

from helpers import story

HERE = Path(__file__).resolve().parent
STORY = Path("content") / "stories" / "yandu-doumei-wangge.md"


class Live:
    """A live site in its own process (tests/live_session.py)."""

    def __init__(self, project: Path, *options: str) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(HERE / "live_session.py"),
                str(project / "content"),
                str(project / "output"),
                str(project / "settings.py"),
                *options,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=project,
        )
        self.log = ""  # what the session printed before its last outcome
        self.first = self._outcome()

    def _outcome(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        lines = []
        for line in self.process.stdout:
            if line.startswith("OUTCOME "):
                self.log = "".join(lines)
                return json.loads(line.removeprefix("OUTCOME "))
            lines.append(line)
        raise AssertionError("the live session ended early")

    def update(self, how: str = "update") -> dict[str, Any]:
        """An update as the file watcher asks it, or (how="hand") as a handed build asks it."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"{how}\n")
        self.process.stdin.flush()
        return self._outcome()

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A few sample stories with their own theme and settings (as test_incremental's)."""
    return make_project(tmp_path)


@pytest.fixture
def live(project: Path) -> Any:
    site = Live(project)
    assert site.first["kind"] == "full", site.first
    yield site
    site.close()


def matches_clean(project: Path) -> None:
    """The live output equals a build from nothing of the same inputs."""
    gridnews_build(project, "clean")
    assert_same_tree(project / "output", project / "clean")


# `gridnews build` as make html runs it (no options for Pelican), from the project's folder
PLAIN_BUILD = [
    sys.executable,
    "-m",
    "gridnews.cli",
    "build",
    "content",
    "-o",
    "output",
    "-s",
    "settings.py",
]


def plain_build(project: Path, *extra: str, status: int = 0) -> str:
    """`gridnews build` as make html runs it; its output."""
    result = subprocess.run(
        [*PLAIN_BUILD, *extra],
        capture_output=True,
        text=True,
        cwd=project,
        check=False,
    )
    assert result.returncode == status, result.stdout + result.stderr
    return result.stdout + result.stderr


def append_to_story(project: Path, text: str) -> None:
    story = project / STORY
    story.write_text(story.read_text(encoding="utf-8") + f"\n{text}\n", "utf-8")


def test_an_edit_makes_again_only_the_writes_that_read_the_story(project: Path) -> None:
    """Every page has a render key: thirty more stories, and an edit to one of them makes
    again its own page, its neighbours' and the lists that show it, not the others' pages."""
    for number in range(30):
        (project / "content" / "stories" / f"rizhi-{number:02}.md").write_text(
            story(
                f"网格日志第{number}篇",
                body=f"网格员第{number}次入户走访，记下居民反映的问题。",
                date=f"2021-{1 + number % 9:02}-{10 + number % 18}",
                slug=f"rizhi-{number:02}",
            ),
            encoding="utf-8",
        )
    site = Live(project)
    try:
        assert site.first["kind"] == "full", site.first
        edited = project / "content" / "stories" / "rizhi-15.md"
        edited.write_text(edited.read_text(encoding="utf-8") + "\n补充一句。\n", "utf-8")
        outcome = site.update()
        assert outcome["kind"] == "text", outcome
        assert 0 < outcome["remade"] < 30, outcome
    finally:
        site.close()


def test_an_edit_to_a_story_text_is_made_in_place(project: Path, live: Live) -> None:
    """Only the writes that read the story are made again; the output equals a clean build's,
    the other stories' pages keep their files, and `gridnews build` then has nothing to do."""
    output = project / "output"
    times = {p: p.stat().st_mtime_ns for p in output.rglob("*.html")}
    append_to_story(project, "编辑在服务器运行时补充的一段话。")
    outcome = live.update()
    assert outcome["kind"] == "text", outcome
    assert outcome["changed"] == [str(project / STORY)]
    assert outcome["remade"] > 0 and outcome["written"] > 0
    page = output / "stories" / "yandu-doumei-wangge" / "index.html"
    assert "编辑在服务器运行时补充的一段话。" in page.read_text(encoding="utf-8")
    changed = {p for p, t in times.items() if p.stat().st_mtime_ns != t}
    assert page in changed
    assert output / "stories" / "yumen-2021-wangge-jiyi" / "index.html" not in changed
    assert len(changed) < len(times) / 3
    matches_clean(project)
    assert "nothing to do" in plain_build(project)
    assert live.update()["kind"] == "none"


def test_a_handed_edit_indexes_its_search_shard_while_the_lists_are_made(
    project: Path,
) -> None:
    """For a build handed over (which waits for search), the update makes the story's own page
    (and every other indexed page it remakes) before the lists, and starts Pagefind on their
    shard then; the bundle is kept, and equals a clean build's. For the file watcher, whose
    browser reloads once the pages are written, search starts after them."""
    settings = project / "settings.py"
    lines = settings.read_text(encoding="utf-8").splitlines(keepends=True)
    settings.write_text("".join(line for line in lines if "search is tested apart" not in line))
    site = Live(project, "--verbose")
    try:
        assert site.first["kind"] == "full", site.first
        append_to_story(project, "夜间巡查时又发现一处积水。")
        assert site.update()["kind"] == "text"
        log = " ".join(site.log.split())
        assert "into 1 of 1 bundles" in log and "0 indexed while the pages were written" in log
        append_to_story(project, "第二天一早积水已经排干。")
        assert site.update("hand")["kind"] == "text"
        log = " ".join(site.log.split())
        assert "into 1 of 1 bundles" in log, log
        assert "1 indexed while the pages were written" in log, log
    finally:
        site.close()
    matches_clean(project)


def test_the_server_and_gridnews_build_key_pages_alike(project: Path, live: Live) -> None:
    """After the server has built the site and stopped, an edit rebuilt by `gridnews build`
    (and by `gridnews build -- -D`) renders again only the pages that show the story: the
    server's build and the command's give every page the same key. An edit the server made in
    place leaves the keys `gridnews build` works out: a build then renders nothing."""
    append_to_story(project, "服务器运行时补充的一句话。")
    assert live.update()["kind"] == "text"
    live.close()
    after_server = renders_skipped(gridnews_build(project, "output", force=True))
    assert after_server == renders_skipped(gridnews_build(project, "output", force=True))
    skipped = []
    for number, debug in enumerate(([], ["-D"], [])):  # the last: one build after another
        append_to_story(project, f"服务器停止后第{number + 1}次补充的一句话。")
        skipped.append(renders_skipped(gridnews_build(project, "output", *debug)))
    assert skipped[0] > 0, skipped  # every page was rendered again before
    assert skipped[0] == skipped[1] == skipped[2], skipped
    matches_clean(project)


def test_other_changes_build_the_whole_site_in_the_same_process(
    project: Path,
    live: Live,
) -> None:
    """A new title, a new story, a template edit, an image in the text: each is a whole
    build, and its output equals a clean build's."""
    story = project / STORY
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("title: ", "title: 新标题 ", 1), "utf-8")
    assert live.update()["kind"] == "full"
    matches_clean(project)

    add_story(project)
    assert live.update()["kind"] == "full"
    matches_clean(project)

    edit_template(project)
    assert live.update()["kind"] == "full"
    matches_clean(project)
    assert "模板已修改" in (
        project / "output" / "stories" / "yandu-doumei-wangge" / "index.html"
    ).read_text(encoding="utf-8")

    append_to_story(project, "![盐都网格员](../images/yumen-2021/cover.jpg)")
    assert live.update()["kind"] == "full"
    matches_clean(project)


def test_a_build_of_the_served_folder_is_handed_to_the_server(project: Path) -> None:
    """While the development server holds the output folder, `gridnews build` has the server
    bring it up to date (in place, for an edit) rather than building beside it; a build it
    cannot hand over (other options, other settings, a second server) is refused, saying what
    to do."""
    site = Live(project, "--serve")
    try:
        assert site.first["kind"] == "full", site.first
        append_to_story(project, "交给开发服务器的一次构建。")
        said = plain_build(project)
        assert "Done by make devserver (process" in said, said
        assert "updated 1 story in place" in said, said
        page = project / "output" / "stories" / "yandu-doumei-wangge" / "index.html"
        assert "交给开发服务器的一次构建。" in page.read_text(encoding="utf-8")
        matches_clean(project)  # into another folder: its own lock
        assert "nothing had changed" in plain_build(project)

        refused = plain_build(project, "--", "--fatal", "warnings", status=1)
        assert "is serving output" in refused and "Ctrl-C" in refused, refused
        other = project / "other-settings.py"
        other.write_text((project / "settings.py").read_text(encoding="utf-8"), "utf-8")
        refused = plain_build(project, "-s", "other-settings.py", status=1)
        assert f"not {project / 'content'} with {other}" in refused, refused

        second = subprocess.run(
            [
                sys.executable,
                str(HERE / "live_session.py"),
                "content",
                "output",
                "settings.py",
                "--serve",
            ],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert second.returncode != 0
        assert "already serves" in second.stderr, second.stderr
    finally:
        site.close()
    # The server has stopped: a build takes the folder itself again.
    append_to_story(project, "服务器停止之后的一次构建。")
    assert "Done by" not in plain_build(project)
    matches_clean(project)


def test_the_development_server_starts() -> None:
    """make devserver's script imports what it uses (it is not run by the other tests)."""
    script = HERE.parent / "scripts" / "devserver.py"
    result = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "--settings" in result.stdout
