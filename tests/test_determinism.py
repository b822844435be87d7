"""The same content gives byte-identical output."""

from __future__ import annotations

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
