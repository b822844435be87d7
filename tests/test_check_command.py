"""`gridnews check` (make check): passes on content/, lists every error with file:line otherwise."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from helpers import ROOT

GRIDNEWS = [str(Path(__import__("sys").executable).parent / "gridnews")]


def run_check(folder: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed command on a folder."""
    return subprocess.run(
        [*GRIDNEWS, "check", str(folder)], capture_output=True, text=True, check=False
    )


def test_sample_content_passes() -> None:
    result = run_check(ROOT / "content")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "no errors" in result.stderr


def test_broken_copy_fails_with_every_error(tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    story = copy / "stories/pengzhou-xiao-wangge-da-fuwu.md"
    text = story.read_text(encoding="utf-8")
    text = text.replace("date: 2019-03-27", "date: 2019年3月27日")
    text = text.replace(
        "    level: 市级\n    region: 四川省/成都市/彭州市\n",
        "    level: 成都市\n    region: 四川省/成都市/彭州市\n",
        1,
    )
    story.write_text(text, encoding="utf-8")
    other = copy / "stories/yumen-2021-wangge-jiyi.md"
    other.write_text(
        other.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8"
    )
    result = run_check(copy)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(
        line.startswith(f"{story}:4: date: '2019年3月27日' is not a date") for line in lines
    ), lines
    assert any(
        line.startswith(f"{story}:") and "honours[1].level: '成都市' is not allowed" in line
        for line in lines
    ), lines
    assert any(line.startswith(f"{other}:2: titel: 'titel' is not a field") for line in lines), (
        lines
    )
    assert any(line.startswith(f"{other}:1: title: 'title' is missing") for line in lines), lines
    assert len(lines) == 4
    assert "4 errors in 2 files" in result.stderr


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_check(tmp_path / "nope")
    assert result.returncode == 2
    assert "is not a folder" in result.stderr
