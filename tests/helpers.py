"""Helpers the tests share: building a site with the real Pelican command and reading pages."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"


@dataclass
class Build:
    """The result of one Pelican run: where it wrote, its exit status and its log."""

    output: Path
    returncode: int
    log: str

    def page(self, url: str) -> BeautifulSoup:
        """Parse the page served at a site-relative URL such as 'stories/x/'."""
        path = self.output / url
        if url == "" or url.endswith("/"):
            path = path / "index.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def build_site(
    content: Path,
    output: Path,
    *,
    fatal: bool = True,
    settings: Path = SETTINGS,
    extra: list[str] | None = None,
    cwd: Path = ROOT,
) -> Build:
    """Build content into output with our settings, as `make html` does (from cwd)."""
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-o",
        str(output),
        "-s",
        str(settings),
    ]
    command += extra or []
    if fatal:
        command += ["--fatal", "warnings"]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "300"},
        check=False,
    )
    return Build(output, result.returncode, result.stdout + result.stderr)


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write a dict of relative path -> text under root, and return root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def story(title: str, body: str = "正文第一段。", **fields: str) -> str:
    """Make a small story file with front matter."""
    lines = ["---", f"title: {title}"]
    fields.setdefault("date", "2022-09-07")
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join([*lines, "---", "", body, ""])
