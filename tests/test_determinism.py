"""The same content gives byte-identical output."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import ROOT, Build, build_site


def tree(folder: Path) -> dict[str, bytes]:
    """Map every file under folder to its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_building_twice_gives_identical_bytes(site: Build, tmp_path: Path) -> None:
    again = build_site(ROOT / "content", tmp_path / "again")
    assert again.returncode == 0, again.log
    first, second = tree(site.output), tree(tmp_path / "again")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_the_content_folder_and_working_folder_do_not_show_in_the_output(
    site: Build, tmp_path: Path
) -> None:
    """Ids and addresses made from a story's file use its path under content/, not the path
    shown in messages (relative to the working folder), so a copy of the site built from
    elsewhere gives the same bytes."""
    content = shutil.copytree(ROOT / "content", tmp_path / "copy" / "content")
    again = build_site(content, tmp_path / "again", cwd=tmp_path)
    assert again.returncode == 0, again.log
    first, second = tree(site.output), tree(tmp_path / "again")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
