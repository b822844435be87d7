"""A quality floor for the importer: on the pinned inputs, chrome lines, lost sentences and
metadata errors may not rise above the recorded values (a change may lower them, and then the
floor file is lowered with it)."""

from __future__ import annotations

import json

from importer_quality import FLOOR, score_all


def test_quality_does_not_fall_below_the_floor() -> None:
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))
    result = score_all()
    measured = {
        "chrome_lines": result.chrome_lines,
        "lost_sentences": result.lost_sentences,
        "metadata_errors": result.metadata_errors,
    }
    worse = {key: value for key, value in measured.items() if value > floor[key]}
    assert worse == {}, "\n".join(result.details)


def test_the_measure_sees_damage(monkeypatch) -> None:
    """The floor means something only if the measure counts what goes wrong."""
    from gridnews.importer import chrome  # noqa: PLC0415

    monkeypatch.setattr(chrome, "strip_chrome", lambda draft: None)
    result = score_all()
    assert result.chrome_lines > 10
