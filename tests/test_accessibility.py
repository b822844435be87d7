"""axe-core over one page of each kind, at a phone's width and a desktop's.

No violation of impact serious or critical may remain. axe-core comes from the npm registry,
pinned in tests/tools/package-lock.json (make test installs it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from browser import AXE_JS, PAGE_NAMES, SERIOUS, WIDTHS, PageLog, axe_violations, serve
from browser import describe_violations as describe

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _axe_installed() -> None:
    """Skip where axe-core is missing, except under make test, which installs it."""
    if AXE_JS.is_file():
        return
    message = f"{AXE_JS} is missing (make test installs it)"
    if os.environ.get("GRIDNEWS_REQUIRE_TOOLS"):
        pytest.fail(message)
    pytest.skip(message)


def _serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [violation for violation in violations if violation["impact"] in SERIOUS]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_serious_accessibility_violations(
    name: str,
    width: int,
    site_url: str,
    sample_urls: dict[str, str],
    browser_page: tuple[Any, PageLog],
) -> None:
    page, _ = browser_page
    url = site_url + sample_urls[name]
    page.goto(url)
    violations = axe_violations(page)
    others = [violation for violation in violations if violation["impact"] not in SERIOUS]
    if others:
        print(f"minor accessibility findings on {url} at {width}px:\n{describe(others)}")
    serious = _serious(violations)
    assert not serious, f"{url} at {width}px:\n{describe(serious)}"


def test_axe_reports_an_image_without_alt_and_an_unlabelled_field(
    browser_page: tuple[Any, PageLog], tmp_path: Path
) -> None:
    """The check can fail: both are critical violations."""
    page, _ = browser_page
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>表单</title></head>'
        "<body><main><h1>搜索</h1>"
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40">'
        '<input type="text" name="q"></main></body></html>',
        encoding="utf-8",
    )
    with serve(tmp_path) as url:
        page.goto(url)
        serious = _serious(axe_violations(page))
    rules = {violation["id"] for violation in serious}
    assert {"image-alt", "label"} <= rules, describe(serious)
    report = describe(serious)
    assert "img" in report and "input" in report
