"""Golden files: each pinned input imports to exactly the story reviewed line by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridnews.importer.pipeline import import_file

from importer_quality import GOLDEN, INPUTS

CASES = sorted(INPUTS.iterdir())


@pytest.mark.parametrize("source", CASES, ids=[path.name for path in CASES])
def test_input_imports_to_its_golden_story(source: Path) -> None:
    expected = (GOLDEN / f"{source.stem}.md").read_text(encoding="utf-8")
    assert import_file(source).text == expected


def test_importing_twice_gives_the_same_bytes() -> None:
    for source in CASES:
        assert import_file(source).text == import_file(source).text
