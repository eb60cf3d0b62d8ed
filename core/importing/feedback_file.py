"""Feedback from a CSV file: a `feedback` (or `text`) column, optional `date`, `company`,
`role` and `source` columns; ``rung feedback import`` is a thin face over this.

A one-column file (its header just `feedback` or `text`) is read as one column, so a `;` or
a `,` in a sentence is text. Rows are deduplicated against the feedback already in rung and
within the file: the same text (whitespace aside), the same date and the same application
are the same feedback, so a second import of a file creates nothing. Under the row policy
an empty row is skipped and a date that does not parse is left empty, each with a warning
naming its line and column; a file is refused (the database unchanged) only when it cannot
be read, has no feedback column, or, with ``strict``, has any warning at all.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..clustering.assign import assign_unplaced
from ..commands.applications import add_application
from ..commands.companies import find_company
from ..commands.feedback import MAX_FEEDBACK_CHARS, add_feedback
from ..dates import parse_user_date
from ..errors import RungError, ValidationError
from ..store import Store
from ..text import normalize_title
from .reader import Refused, load_sources, parse_table

FEEDBACK_COLUMNS = ("feedback", "text")
OPTIONAL_COLUMNS = ("date", "company", "role", "source")


@dataclass
class FeedbackImportReport:
    """What importing one feedback file did (or, for a dry run, would do).

    ``assigned`` and ``unclustered`` count this file's new feedback only: how many landed
    in a gap and how many matched none. ``warnings`` and ``errors`` are
    ``{"line", "column", "message"}`` dicts (1-based line and column; None when the
    problem is the whole file). ``errors`` is non-empty exactly when the file was refused.
    """

    file: str
    rows_read: int = 0
    created: int = 0
    duplicates: int = 0
    linked: int = 0
    assigned: int = 0
    unclustered: int = 0
    warnings: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    refused: bool = False
    message: str = ""
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        """The JSON object ``rung feedback import --json`` prints."""
        return {
            "file": self.file,
            "rows_read": self.rows_read,
            "created": self.created,
            "duplicates": self.duplicates,
            "linked_to_applications": self.linked,
            "assigned": self.assigned,
            "unclustered": self.unclustered,
            "warnings": [dict(w) for w in self.warnings],
            "errors": [dict(e) for e in self.errors],
            "refused": self.refused,
            "message": self.message,
            "dry_run": self.dry_run,
        }

    def warn(self, line: int, column: int | None, message: str) -> None:
        """Note a row taken in stride (skipped, or imported with a field left empty)."""
        self.warnings.append({"line": line, "column": column, "message": message})


@dataclass(frozen=True)
class _Row:
    line: int
    text: str
    key: str  # the text, whitespace-normalized
    day: str | None  # ISO date; None when the file gives none, or none that parses
    bad_date: bool  # a date cell that does not parse: received_on stays empty
    company: str
    role: str
    source: str


class _Rollback(Exception):
    """Leaves the import's transaction without keeping anything (dry run, strict)."""


def import_feedback_file(
    store: Store, path: str | Path, *, dry_run: bool = False, strict: bool = False
) -> FeedbackImportReport:
    """Import the feedback in the CSV at ``path``, all in one transaction.

    Returns the report; a refused file (unreadable, no `feedback`/`text` column, or any
    warning when ``strict``) leaves the database unchanged and sets ``refused`` and a
    ``FILE:LINE:COL: what`` message. A dry run computes every figure and keeps nothing.
    New feedback is placed in gaps (only the new feedback; the rest stays where it is).
    """
    name = str(path)
    report = FeedbackImportReport(name, dry_run=dry_run)
    try:
        sources = load_sources(Path(path))
        if len(sources) != 1:
            return _refuse(
                report, None, None, f"{name}: a zip archive; import its feedback CSV on its own"
            )
        table = parse_table(sources[0], one_column=FEEDBACK_COLUMNS)
        records = list(table.records())
        for note in table.warnings:  # bytes that are not UTF-8, by line
            report.warn(note.line, None, note.message)
    except Refused as exc:
        return _refuse(report, None, None, str(exc))
    except csv.Error as exc:
        return _refuse(report, None, None, f"{name}: not valid CSV ({exc})")
    columns: dict[str, int] = {}
    for index, header in enumerate(table.header):
        columns.setdefault(header.strip().strip('"').strip().casefold(), index)
    text_col = next((columns[c] for c in FEEDBACK_COLUMNS if c in columns), None)
    if text_col is None:
        return _refuse(
            report,
            table.header_line,
            1,
            f"no `feedback` or `text` column (columns: {', '.join(table.header) or 'none'})",
        )
    report.rows_read = len(records)
    rows = _rows(records, text_col, {c: columns.get(c) for c in OPTIONAL_COLUMNS}, report)
    if strict and report.warnings:
        return _refuse_strict(report)
    try:
        with store.transaction():
            _write(store, rows, report)
            if dry_run or (strict and report.warnings):  # strict: the writer's own warnings
                raise _Rollback
    except _Rollback:
        pass
    except RungError as exc:
        _zero(report)
        return _refuse(report, None, None, f"{name}: {exc}")
    if strict and report.warnings:
        return _refuse_strict(report)
    report.message = _summary(report)
    return report


def _rows(
    records: list[tuple[int, list[str]]],
    text_col: int,
    optional: dict[str, int | None],
    report: FeedbackImportReport,
) -> list[_Row]:
    """The rows worth importing; an empty or too long text, or an unreadable date, warns."""
    rows = []
    date_col = optional["date"]
    for line, cells in records:

        def cell(index: int | None, cells: list[str] = cells) -> str:
            return cells[index].strip() if index is not None and index < len(cells) else ""

        text = cells[text_col] if text_col < len(cells) else ""
        if not text.strip():
            report.warn(line, text_col + 1, "empty feedback; row skipped")
            continue
        if len(text) > MAX_FEEDBACK_CHARS:
            report.warn(
                line,
                text_col + 1,
                f"feedback too long ({len(text)} characters; at "
                f"most {MAX_FEEDBACK_CHARS}); row skipped",
            )
            continue
        raw_day = cell(date_col)
        day = None
        if raw_day:
            try:
                day = parse_user_date(raw_day).isoformat()
            except ValueError as exc:
                report.warn(line, (date_col or 0) + 1, f"{exc}; date left empty")
        rows.append(
            _Row(
                line,
                text,
                " ".join(text.split()),
                day,
                bool(raw_day) and not day,
                cell(optional["company"]),
                cell(optional["role"]),
                cell(optional["source"]),
            )
        )
    return rows


def _write(store: Store, rows: list[_Row], report: FeedbackImportReport) -> None:
    """Link, deduplicate and add the rows, then place the new feedback in gaps."""
    known: dict[tuple[str, int | None], set[str | None]] = {}
    for kept in store.query("SELECT text, received_on, application_id FROM feedback"):
        known.setdefault((" ".join(kept["text"].split()), kept["application_id"]), set()).add(
            kept["received_on"]
        )
    created: list[int] = []
    for row in rows:
        app_id, made = _application(store, row, report)
        key = (row.key, app_id)
        days = known.get(key)
        # Undated, the same sentence about the same job is the same feedback whenever it
        # was logged; dated, it is the same on the same day.
        if not made and days is not None and (row.day is None or row.day in days):
            report.duplicates += 1
            continue
        item = add_feedback(
            store,
            row.text,
            application_id=app_id,
            received_on=row.day,
            source=row.source or "import",
        )
        day = item.received_on  # today when the file gives no date
        if row.bad_date:
            store.execute("UPDATE feedback SET received_on = NULL WHERE id = ?", [item.id])
            day = None
        known.setdefault(key, set()).add(day)
        created.append(item.id)
        report.linked += app_id is not None
    report.created = len(created)
    if created:
        assign_unplaced(store)
        placed = 0
        for start in range(0, len(created), 500):
            chunk = created[start : start + 500]
            placed += (
                store.scalar(
                    f"SELECT count(*) FROM feedback WHERE gap_id IS NOT NULL AND id IN "
                    f"({', '.join('?' * len(chunk))})",
                    chunk,
                )
                or 0
            )
        report.assigned = placed
        report.unclustered = len(created) - placed


def _application(store: Store, row: _Row, report: FeedbackImportReport) -> tuple[int | None, bool]:
    """(the application a row is about, whether it was just created): the company's
    newest application with the row's role (any role when none is given), else a new
    one at stage rejected when the row names both company and role."""
    if not row.company:
        return None, False
    found = find_company(store, row.company)
    if found is not None:
        wanted = normalize_title(row.role) if row.role else None
        for candidate in store.query(
            "SELECT id, title FROM applications WHERE company_id = ? "
            "ORDER BY updated_at DESC, id DESC",
            [found.id],
        ):
            if wanted is None or normalize_title(candidate["title"]) == wanted:
                return candidate["id"], False
    if not row.role:
        return None, False
    try:
        return add_application(
            store, company=row.company, title=row.role, stage="rejected", source="feedback import"
        ).id, True
    except ValidationError as exc:
        report.warn(
            row.line,
            1,
            f"no application made ({'; '.join(exc.errors.values())}); "
            "feedback imported without one",
        )
        return None, False


def _refuse(
    report: FeedbackImportReport, line: int | None, column: int | None, message: str
) -> FeedbackImportReport:
    """Refuse the file: one error; the message leads with ``FILE:LINE:COL:`` when the
    problem has a place (a message without one names the file itself)."""
    report.refused = True
    report.errors = [{"line": line, "column": column, "message": message}]
    where = f"{report.file}:{line}:{column}: " if line is not None else ""
    report.message = f"{where}{message} (nothing imported)"
    return report


def _refuse_strict(report: FeedbackImportReport) -> FeedbackImportReport:
    _zero(report)
    first = report.warnings[0]
    report.refused = True
    report.errors = [dict(w) for w in report.warnings]
    report.message = (
        f"{report.file}:{first['line']}:{first['column']}: {first['message']} "
        f"({_plural(len(report.warnings), 'warning')} and --strict; "
        "nothing imported)"
    )
    return report


def _zero(report: FeedbackImportReport) -> None:
    report.created = report.linked = report.assigned = report.unclustered = 0


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def _summary(report: FeedbackImportReport) -> str:
    """One line: what came in, where it went, and what was left out."""
    name = report.file
    warned = f"; {_plural(len(report.warnings), 'warning')}" if report.warnings else ""
    if not report.created:
        if report.duplicates and report.duplicates == report.rows_read:
            return (
                f"nothing new in {name}: "
                + (
                    "the one row was"
                    if report.rows_read == 1
                    else f"all {report.rows_read} rows were"
                )
                + " imported before"
            )
        if report.duplicates:
            return (
                f"nothing new in {name}: {report.duplicates} of "
                f"{_plural(report.rows_read, 'row')} "
                f"{'was' if report.duplicates == 1 else 'were'} imported before{warned}"
            )
        return f"nothing imported from {name}: {_plural(report.rows_read, 'row')} read{warned}"
    verb = "would import" if report.dry_run else "imported"
    line = (
        f"{verb} {_plural(report.created, 'piece')} of feedback from {name} "
        f"({report.linked} linked to applications; {report.assigned} in gaps, "
        f"{report.unclustered} unclustered)"
    )
    if report.duplicates:
        line += f"; {_plural(report.duplicates, 'duplicate')} skipped"
    return line + warned
