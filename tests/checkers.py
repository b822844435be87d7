"""The W3C HTML checker (vnu), run over files with the system's Java."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

VNU_JAR = Path(__file__).parent / "tools/node_modules/vnu-jar/build/dist/vnu.jar"


def vnu_available() -> str | None:
    """Return why the checker cannot run, or None when it can."""
    if shutil.which("java") is None:
        return "java is not installed (make test installs it)"
    if not VNU_JAR.is_file():
        return f"{VNU_JAR} is missing (make test installs it)"
    return None


def vnu_errors(paths: list[Path]) -> list[str]:
    """Check HTML files; return 'file:line: message' for every error (warnings are ignored)."""
    result = subprocess.run(
        [
            "java",
            "-Xss4m",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    return [
        f"{message.get('url', '').removeprefix('file:')}:{message.get('lastLine', '?')}: "
        f"{message.get('message')}"
        for message in report["messages"]
        if message.get("type") in ("error", "non-document-error")
    ]
