"""Shared fixtures: one build of the sample site for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ROOT, Build, build_site


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build content/ once, with warnings fatal, as CI does."""
    output = tmp_path_factory.mktemp("site")
    build = build_site(ROOT / "content", output)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def site_pages(site: Build) -> list[Path]:
    """Every HTML page of the built sample site."""
    return sorted(site.output.rglob("*.html"))
