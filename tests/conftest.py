"""Shared fixtures: one build of the sample site for the whole session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import CHROMIUM_FLAGS, chromium_path, serve
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


@pytest.fixture(scope="session")
def site_url(site: Build) -> Iterator[str]:
    """The built sample site served on 127.0.0.1."""
    with serve(site.output) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium from the system's packages (make test installs it)."""
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (make test installs it)"
        if os.environ.get("GRIDNEWS_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only browser tests need it

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()
