"""Problems found in content: one shape for the validator, the importer, the plugins and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file: where it is, which field, and what to write instead."""

    path: str
    line: int | None
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        """Render as 'path:line: field: message', the form editors and editors' tools expect."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {label}{self.field}: {self.message}"


class ContentError(Exception):
    """A file has one or more errors; str() lists all of them, one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems
