"""Every page of the sample site passes the W3C HTML checker, and the check itself can fail."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checkers import vnu_available, vnu_errors
from helpers import Build

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _checker_installed() -> None:
    """Skip where the checker is missing, except under make test, which installs it."""
    missing = vnu_available()
    if missing and os.environ.get("GRIDNEWS_REQUIRE_TOOLS"):
        pytest.fail(missing)
    if missing:
        pytest.skip(missing)


def test_every_page_passes_the_html_checker(site: Build, site_pages: list[Path]) -> None:
    assert len(site_pages) > 20
    assert vnu_errors(site_pages) == []


def test_the_checker_reports_an_invalid_page(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><title>坏页面</title></head>'
        "<body><main><p>段落<div>块</p></main><img src=x.jpg></body></html>",
        encoding="utf-8",
    )
    errors = vnu_errors([page])
    assert any("alt" in error for error in errors), errors
    assert any("bad.html" in error for error in errors)
