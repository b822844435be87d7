"""Shared fixtures: one build of the sample site for the whole session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import (
    CHROMIUM_FLAGS,
    PageLog,
    chromium_path,
    sample_pages,
    screenshot_folder,
    serve,
    watch,
)
from helpers import ROOT, Build, build_site


@pytest.fixture(scope="session", autouse=True)
def no_build_servers() -> Iterator[None]:
    """The session's builds leave no build server behind (test_buildserver starts its own)."""
    before = os.environ.get("GRIDNEWS_BUILD_SERVER")
    os.environ["GRIDNEWS_BUILD_SERVER"] = "0"
    yield
    if before is None:
        os.environ.pop("GRIDNEWS_BUILD_SERVER", None)
    else:
        os.environ["GRIDNEWS_BUILD_SERVER"] = before


@pytest.fixture(scope="session", autouse=True)
def own_lock_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds of the session (and their processes) keep their output locks in its own folder."""
    folder = tmp_path_factory.mktemp("locks")
    before = os.environ.get("GRIDNEWS_LOCK_DIR")
    os.environ["GRIDNEWS_LOCK_DIR"] = str(folder)
    yield
    if before is None:
        os.environ.pop("GRIDNEWS_LOCK_DIR", None)
    else:
        os.environ["GRIDNEWS_LOCK_DIR"] = before


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


# --- browser tests: the pages they visit, screenshots, a fresh page per test ---------------------


@pytest.fixture(scope="session")
def sample_urls(site: Build) -> dict[str, str]:
    """One page of each kind (home, story, honours, worker, event, recap), site-relative."""
    return sample_pages(site.output)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder screenshots go to; the session's summary names it."""
    folder = screenshot_folder()
    _SCREENSHOT_FOLDERS.add(folder)
    return folder


@pytest.fixture
def browser_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[tuple[Any, PageLog]]:
    """A page in a fresh browser context (no cache, no cookies), watched from the start.

    The viewport width comes from the test's `width` parameter when it has one.
    """
    callspec = getattr(request.node, "callspec", None)
    width = callspec.params.get("width", 1280) if callspec else 1280
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    log = watch(context, page)
    yield page, log
    context.close()


_SCREENSHOT_FOLDERS: set[Path] = set()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Name the screenshot folder at the end of the run, so a person can look."""
    for folder in sorted(_SCREENSHOT_FOLDERS):
        count = len(list(folder.glob("*.png")))
        terminalreporter.write_line(f"screenshots: {count} in {folder}")
