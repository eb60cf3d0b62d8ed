"""The result of importing one file (or one zip member); its JSON shape is a contract."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..commands.duplicates import ImportDuplicate


@dataclass
class RowError:
    """One row-level note: physical line (1-based), column header, what and why.

    ``kind`` groups notes of one sort for a summary ("45 hidden connections skipped");
    ``skipped`` says whether the row stayed out (else it went in with the field empty).
    """

    line: int
    column: str
    message: str
    kind: str = "other"
    skipped: bool = False

    def to_json(self) -> dict[str, Any]:
        """The JSON object of one warning or error."""
        return {
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "kind": self.kind,
        }


# What each kind of warning says, summed up: (singular, plural); {n} is the count.
WARNING_SUMMARIES: dict[str, tuple[str, str]] = {
    "hidden_member": (
        "1 hidden connection skipped (LinkedIn keeps only the date)",
        "{n} hidden connections skipped (LinkedIn keeps only the date)",
    ),
    "removed_posting": (
        "1 removed posting skipped (no company left in the export)",
        "{n} removed postings skipped (no company left in the export)",
    ),
    "no_company": ("1 row with no company skipped", "{n} rows with no company skipped"),
    "no_name": ("1 person with no name skipped", "{n} people with no name skipped"),
    "no_title": (
        "1 job with no title imported (title left empty)",
        "{n} jobs with no title imported (title left empty)",
    ),
    "bad_date": (
        "1 date not read (field left empty, text kept in notes)",
        "{n} dates not read (fields left empty, text kept in notes)",
    ),
    "ambiguous_date": (
        "1 ambiguous date (day-first and month-first mixed in its column)",
        "{n} ambiguous dates (day-first and month-first mixed in their column)",
    ),
    "yearless_date": ("1 date without a year left empty", "{n} dates without a year left empty"),
    "month_only": (
        "1 date that names only a month (read as its 1st)",
        "{n} dates that name only a month (read as their 1st)",
    ),
    "two_dates": (
        "1 cell with two dates (the first kept)",
        "{n} cells with two dates (the first kept)",
    ),
    "ragged_row": (
        "1 row with more or fewer cells than the header",
        "{n} rows with more or fewer cells than the header",
    ),
    "flag_not_person": (
        "1 yes/no flag in a people column (kept in notes, no contact made)",
        "{n} yes/no flags in a people column (kept in notes, no contacts made)",
    ),
    "formula": (
        "1 status that looks like a formula (kept as text)",
        "{n} statuses that look like formulas (kept as text)",
    ),
    "draft": ("1 unsent draft skipped", "{n} unsent drafts skipped"),
    "no_date": ("1 message with no date skipped", "{n} messages with no date skipped"),
    "not_a_contact": (
        "1 message with someone who is not a contact skipped",
        "{n} messages with people who are not contacts skipped",
    ),
    "sponsored": ("1 sponsored or spam message skipped", "{n} sponsored or spam messages skipped"),
    "hidden_sender": (
        "1 message from a hidden LinkedIn member skipped",
        "{n} messages from hidden LinkedIn members skipped",
    ),
    "empty_row": ("1 row with nothing in it skipped", "{n} rows with nothing in it skipped"),
    "bad_bytes": (
        "1 line with bytes that are not UTF-8 (read as \ufffd)",
        "{n} lines with bytes that are not UTF-8 (read as \ufffd)",
    ),
}


def summarize(notes: list[RowError]) -> list[str]:
    """One line per kind of note, most frequent first, with the first line it was met on."""
    counts = Counter(n.kind for n in notes)
    first: dict[str, int] = {}
    for note in notes:
        first.setdefault(note.kind, note.line)
    lines = []
    for kind, n in counts.most_common():
        one, many = WARNING_SUMMARIES.get(kind, ("1 other note", "{n} other notes"))
        text = one if n == 1 else many.format(n=n)
        lines.append(f"{text} (line {first[kind]}{' …' if n > 1 else ''})")
    return lines


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
    warnings: list[RowError] = field(default_factory=list)
    feedback_candidates: int = 0
    refused: bool = False
    message: str | None = None
    dry_run: bool = False
    mapping: dict[str, str] = field(default_factory=dict)  # field -> header it was read from
    unmapped: list[str] = field(default_factory=list)  # headers read into no field
    skipped_members: list[str] = field(default_factory=list)  # zip members rung does not read
    # new applications like one kept before (same company, a title alike, another date)
    possible_duplicates: list[ImportDuplicate] = field(default_factory=list)

    def count(self, table: str, n: int = 1) -> None:
        self.created[table] = self.created.get(table, 0) + n

    def warn(self, line: int, column: str, message: str, kind: str, skipped: bool = False) -> None:
        """Note a row rung took in stride; ``skipped`` when the row stayed out."""
        self.warnings.append(RowError(line, column, message, kind, skipped))
        if skipped:
            self.skipped += 1

    def to_json(self) -> dict[str, Any]:
        """The JSON object `rung import --json` prints."""
        out: dict[str, Any] = {
            "file": self.file,
            "profile": self.profile,
            "rows_read": self.rows_read,
            "created": dict(self.created),
            "merged": self.merged,
            "skipped": self.skipped,
            "warnings": [w.to_json() for w in self.warnings],
            "errors": [e.to_json() for e in self.errors],
            "feedback_candidates": self.feedback_candidates,
            "refused": self.refused,
            "message": self.message,
            "dry_run": self.dry_run,
            "mapping": dict(self.mapping),
            "unmapped": list(self.unmapped),
            "possible_duplicates": [d.to_json() for d in self.possible_duplicates],
        }
        if self.skipped_members:
            out["skipped_members"] = list(self.skipped_members)
        return out
