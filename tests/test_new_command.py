"""gridnews new: a draft story with its front matter filled in, never overwriting anything."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from gridnews.frontmatter import parse
from gridnews.model import validate_story
from gridnews.new import NewStoryError, new_story

from helpers import ROOT, build_site

NOW = dt.datetime(2024, 5, 6, 9, 30, 12, tzinfo=dt.UTC)


def test_new_story_is_a_valid_draft_with_slug_date_and_region(tmp_path: Path) -> None:
    path = new_story("彭州市天彭街道网格员帮居民解决停车难", tmp_path, tags=("网格员",), now=NOW)
    assert path == tmp_path / "stories" / "pengzhoushi-tianpengjiedao-wanggeyuan-bang-jumin.md"
    text = path.read_text(encoding="utf-8")
    story = validate_story(parse(text, str(path)), str(path)).record
    assert story.title == "彭州市天彭街道网格员帮居民解决停车难"
    assert story.status == "draft"
    assert story.date.isoformat() == "2024-05-06T17:30:00+08:00"  # now, in Asia/Shanghai
    assert story.region == "四川省/成都市/彭州市/天彭街道"  # named by the title
    assert story.tags == ("网格员",)


def test_a_given_region_is_checked_against_the_division_list(tmp_path: Path) -> None:
    with pytest.raises(NewStoryError, match="did you mean 彭州市"):
        new_story("网格员的一天", tmp_path, region="四川省/成都市/彭洲市", now=NOW)
    assert not (tmp_path / "stories").exists()


def test_an_existing_story_is_never_overwritten(tmp_path: Path) -> None:
    first = new_story("网格员的一天", tmp_path, slug="wanggeyuan-yitian", now=NOW)
    first.write_text(first.read_text(encoding="utf-8") + "编辑写的正文。\n", encoding="utf-8")
    before = first.read_bytes()
    with pytest.raises(NewStoryError, match="exists; nothing was written"):
        new_story("网格员的一天", tmp_path, slug="wanggeyuan-yitian", now=NOW)
    assert first.read_bytes() == before
    # a story of the same name in a sub-folder collides too: slugs are site-wide
    (tmp_path / "stories" / "2023").mkdir()
    (tmp_path / "stories" / "2023" / "jiu-wen.md").write_text("---\ntitle: 旧闻\n---\n", "utf-8")
    with pytest.raises(NewStoryError, match="exists"):
        new_story("旧闻", tmp_path, slug="jiu-wen", now=NOW)


def test_the_command_prints_the_path_and_the_draft_builds_under_drafts(tmp_path: Path) -> None:
    content = tmp_path / "content"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gridnews.cli",
            "new",
            "盐都区网格员巡查",
            "--content",
            str(content),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.parent == content / "stories" and path.is_file()
    assert "status" in result.stderr  # tells the editor how to publish
    build = build_site(content, tmp_path / "output")
    assert build.returncode == 0, build.log
    drafts = list((tmp_path / "output" / "drafts").rglob("*.html"))
    assert len(drafts) == 1, build.log
    assert "盐都区网格员巡查" in drafts[0].read_text(encoding="utf-8")
    assert not (tmp_path / "output" / "stories").exists()


def test_an_empty_title_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NewStoryError, match="title is empty"):
        new_story("  ", tmp_path, now=NOW)


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["content", "-s", "missing-settings.py"], "missing-settings.py does not exist"),
        (["no-such-content", "-s", "pelicanconf.py"], "no-such-content is not a folder"),
    ],
)
def test_gridnews_build_names_a_missing_settings_file_or_content_folder(
    tmp_path: Path, arguments: list[str], expected: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gridnews.cli", "build", *arguments, "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert expected in result.stderr
    assert not (tmp_path / "out").exists()
