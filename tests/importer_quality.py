"""The importer's quality measure on the pinned inputs (tests/importer): chrome lines left in,
sentences lost, metadata fields wrong. test_importer_quality.py holds it to a recorded floor."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gridnews.frontmatter import load_yaml_file, parse
from gridnews.importer.draft import Draft
from gridnews.importer.pipeline import import_bytes, import_file

HERE = Path(__file__).parent / "importer"
INPUTS = HERE / "inputs"
TRUTH = HERE / "truth"
GOLDEN = HERE / "golden"
FLOOR = HERE / "quality_floor.json"


@dataclass
class Score:
    """How one input (or all of them) did."""

    chrome_lines: int = 0
    lost_sentences: int = 0
    metadata_errors: int = 0
    details: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Add another input's score."""
        self.chrome_lines += other.chrome_lines
        self.lost_sentences += other.lost_sentences
        self.metadata_errors += other.metadata_errors
        self.details += other.details


def input_for(stem: str) -> Path:
    """The input file a truth file describes."""
    return next(path for path in INPUTS.iterdir() if path.stem == stem)


def credit_names(value: Any) -> list[str]:
    """Names of a credits field, roles left out."""
    return [item["name"] if isinstance(item, dict) else str(item) for item in value or []]


def import_story(text: str, name: str) -> tuple[dict[str, Any], str, Draft]:
    """Import text as a file of that name (a page, a copy); return (front matter, body, draft)."""
    result = import_bytes(text.encode("utf-8"), name)
    matter = parse(result.text, name)
    return matter.data, matter.body, result.draft


def score(stem: str) -> Score:
    """Import one pinned input and compare it with its truth file."""
    truth = load_yaml_file((TRUTH / f"{stem}.yml").read_text(encoding="utf-8"), stem).data
    story = import_file(input_for(stem)).text
    matter = parse(story, stem)
    body = matter.body
    result = Score()
    for text in truth["chrome"]:
        if text in body:
            result.chrome_lines += 1
            result.details.append(f"{stem}: chrome left in: {text!r}")
    flat = body.replace("\\", "")
    for sentence in truth["sentences"]:
        if sentence not in flat:
            result.lost_sentences += 1
            result.details.append(f"{stem}: sentence lost or damaged: {sentence[:40]}")
    data = matter.data
    review = data.get("review") or {}
    for key, wanted in truth["metadata"].items():
        expected = list(wanted) if isinstance(wanted, list) else wanted
        if key == "suggested_date":
            actual: Any = review.get("date")
        elif key in ("authors", "editors", "photographers"):
            actual = credit_names(data.get(key))
        else:
            actual = data.get(key)
        if actual != expected:
            result.metadata_errors += 1
            result.details.append(f"{stem}: {key} is {actual!r}, expected {expected!r}")
    return result


def score_all() -> Score:
    """Score every pinned input."""
    total = Score()
    for truth in sorted(TRUTH.glob("*.yml")):
        total.add(score(truth.stem))
    return total
