"""The sample stories in content/ are the importer's golden outputs of the corpus, enriched only
where an editor would: confirmed facts, local pictures, a chosen slug, two corrections."""

from __future__ import annotations

import re

import pytest

from gridnews.frontmatter import parse

from helpers import ROOT
from importer_quality import GOLDEN

STORIES = {
    "000_44bce8e4b11e5f91": "yumen-2021-wangge-jiyi",
    "001_5e5a0d3e35245090": "weihai-wendeng-wangge-fuwu",
    "002_7bcd97fd9012eae5": "neimenggu-lihua-zhen-wangge",
    "003_f53f280827cb1ee0": "yandu-doumei-wangge",
    "004_dfec0e08408934dd": "pengzhou-xiao-wangge-da-fuwu",
}
# What the editor corrected after reading the review notes.
CORRECTIONS = {"“1 3 N”": "“1+3+N”", "幹閨女": "乾閨女"}
_IMAGE = re.compile(r"^!\[.*$", re.MULTILINE)


def paragraphs(text: str) -> list[str]:
    """The body's text paragraphs and headings, pictures left out."""
    body = parse(text, "story.md").body
    return [p.strip() for p in _IMAGE.sub("", body).split("\n\n") if p.strip()]


@pytest.mark.parametrize("stem", STORIES)
def test_sample_story_text_is_the_golden_text(stem: str) -> None:
    golden = (GOLDEN / f"{stem}.md").read_text(encoding="utf-8")
    for wrong, right in CORRECTIONS.items():
        golden = golden.replace(wrong, right)
    story = (ROOT / "content" / "stories" / f"{STORIES[stem]}.md").read_text(encoding="utf-8")
    assert paragraphs(story) == paragraphs(golden)


@pytest.mark.parametrize("stem", STORIES)
def test_sample_story_keeps_the_golden_credits_and_region(stem: str) -> None:
    golden = parse((GOLDEN / f"{stem}.md").read_text(encoding="utf-8"), "g").data
    story = parse(
        (ROOT / "content" / "stories" / f"{STORIES[stem]}.md").read_text(encoding="utf-8"), "s"
    ).data
    for key in ("title", "source", "via", "authors", "editors", "photographers", "lang"):
        assert story.get(key) == golden.get(key), key
    assert story["region"] == golden["region"]
    confirmed = story.get("honours", []) + story.get("events", [])
    suggested = golden.get("review", {}).get("honours", []) + golden.get("review", {}).get(
        "events", []
    )
    assert {item["name"] for item in suggested} <= {item["name"] for item in confirmed}
