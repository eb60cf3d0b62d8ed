"""The result of importing one file (or one zip member); its JSON shape is a contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RowError:
    """One bad value: physical line (1-based), column header, what is wrong."""

    line: int
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do) with one file."""

    file: str
    profile: str | None = None
    rows_read: int = 0
    created: dict[str, int] = field(default_factory=dict)
    merged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    feedback_candidates: int = 0
    refused: bool = False
    message: str | None = None
    dry_run: bool = False

    def count(self, table: str, n: int = 1) -> None:
        self.created[table] = self.created.get(table, 0) + n

    def to_dict(self) -> dict[str, Any]:
        """The JSON object `rung import --json` prints."""
        return {
            "file": self.file, "profile": self.profile, "rows_read": self.rows_read,
            "created": dict(self.created), "merged": self.merged, "skipped": self.skipped,
            "errors": [{"line": e.line, "column": e.column, "message": e.message}
                       for e in self.errors],
            "feedback_candidates": self.feedback_candidates, "refused": self.refused,
            "message": self.message, "dry_run": self.dry_run,
        }
