"""Exports: every table as spreadsheet-safe CSV or JSON, a Markdown report, an iCalendar
of interviews and open follow-ups."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from datetime import date, datetime, timedelta
from typing import Any

from .clock import utc_now_iso
from .review import build_review, render_markdown
from .store import Store
from .visible import visible

TABLES: tuple[str, ...] = (
    "companies",
    "applications",
    "stage_events",
    "interviews",
    "contacts",
    "interactions",
    "followups",
    "feedback",
    "gaps",
    "gap_actions",
    "imports",
    "reviews",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell a spreadsheet will show as text: values starting with = + - @ (or a tab or
    carriage return) get a leading apostrophe, so nothing is evaluated as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def table_rows(store: Store, table: str) -> list[dict[str, Any]]:
    """Every row of one table, by id."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}")
    return store.query(f"SELECT * FROM {table} ORDER BY id")


def export_json(store: Store) -> str:
    """Every table as one JSON object ``{table: [rows]}``."""
    return json.dumps({t: table_rows(store, t) for t in TABLES}, ensure_ascii=False, indent=2)


def table_csv(store: Store, table: str) -> str:
    """One table as CSV text, spreadsheet-safe. A table that points at a company
    (applications, contacts) has its name in a ``company`` column right after
    ``company_id`` (every other column as before, for scripts)."""
    columns = [r["name"] for r in store.query(f"PRAGMA table_info({table})")]
    if table in TABLES and "company_id" in columns:
        rows = store.query(
            f"SELECT t.*, c.name AS company FROM {table} t "
            "LEFT JOIN companies c ON c.id = t.company_id ORDER BY t.id"
        )
        columns.insert(columns.index("company_id") + 1, "company")
    else:
        rows = table_rows(store, table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_safe(row[c]) for c in columns])
    return out.getvalue()


def export_csv_zip(store: Store) -> bytes:
    """Every table as ``<table>.csv`` in one zip (UTF-8 with BOM, so Excel reads accents)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for table in TABLES:
            zf.writestr(f"{table}.csv", "\ufeff" + table_csv(store, table))
    return buffer.getvalue()


def export_markdown(store: Store) -> str:
    """A readable report: the pipeline by stage, the gaps, and this week's review."""
    from .clustering import gaps_report

    lines = ["# rung report", ""]
    lines.append("## Applications by stage")
    for row in store.query(
        "SELECT a.stage, c.name AS company, a.title, a.applied_on FROM applications a "
        "JOIN companies c ON c.id = a.company_id ORDER BY a.stage, a.applied_on DESC"
    ):
        lines.append(
            f"- **{row['stage']}** {row['company']} — {row['title']}"
            + (f" (applied {row['applied_on']})" if row["applied_on"] else "")
        )
    lines.append("")
    report = gaps_report(store)
    lines.append("## Gaps")
    for gap in report.gaps:
        whose = "their reason" if gap.kind == "external" else "yours to close"
        lines.append(f"- {gap.label}: {gap.count} ({whose}, weight {gap.weight})")
    if report.unclustered:
        lines.append(f"- unclustered: {len(report.unclustered)}")
    if report.no_reason:
        lines.append(f"- gave no reason (ask what was missing): {len(report.no_reason)}")
    lines.append("")
    review = render_markdown(build_review(store))
    lines.append(review.replace("\n# ", "\n## ").replace("# Weekly", "## Weekly", 1))
    # names and notes come from imported files: their control characters are shown
    return visible("\n".join(lines).rstrip() + "\n", multiline=True)


# Every way a text can end a line, for a calendar reader or for Python's splitlines():
# CRLF, bare CR, LF, VT, FF, FS/GS/RS, NEL, the Unicode line and paragraph separators.
_ICS_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _ics_text(value: str) -> str:
    """A TEXT property value (RFC 5545 3.3.11): backslash, semicolon and comma escaped,
    every line break (a bare CR, VT, FF and U+2028 included) written as ``\\n``, and
    every other control character shown as its picture (ESC as ``␛``, see
    ``core.visible``), so no data ends the content line and starts a property of its own."""
    parts = _ICS_BREAKS.split(value)
    return "\\n".join(
        visible(part, multiline=True).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        for part in parts
    )


def _fold_ics_line(line: str) -> list[str]:
    """RFC 5545 line folding at 75 octets."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return [line]
    out: list[str] = []
    current = b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return [out[0]] + [" " + part for part in out[1:]]


def _uid(kind: str, ident: int, store: Store) -> str:
    digest = hashlib.sha1(str(store.path).encode()).hexdigest()[:10]
    return f"{kind}-{ident}-{digest}@rung"


def export_ics(store: Store) -> str:
    """Interviews and open follow-ups as an iCalendar file (UID, DTSTAMP, DTSTART each).

    A cancelled interview keeps its UID and is written ``STATUS:CANCELLED`` with a higher
    ``SEQUENCE`` (RFC 5545 3.8.1.11, 3.8.7.4): a calendar that imported or subscribed to an
    earlier export drops the event (left out, an imported copy would stay)."""
    stamp = utc_now_iso().replace("-", "").replace(":", "")
    events: list[list[str]] = []
    for row in store.query(
        "SELECT v.id, v.round, v.kind, v.scheduled_at, v.with_whom, v.notes, v.outcome, "
        "c.name AS company, a.title FROM interviews v JOIN applications a ON "
        "a.id = v.application_id JOIN companies c ON c.id = a.company_id "
        "WHERE v.scheduled_at IS NOT NULL"
    ):
        start = row["scheduled_at"]
        cancelled = row["outcome"] == "cancelled"
        summary = (
            ("Cancelled: " if cancelled else "")
            + f"Interview round {row['round']} ({row['kind'].replace('_', ' ')}): "
            f"{row['company']} — {row['title']}"
        )
        lines = [f"UID:{_uid('interview', row['id'], store)}", f"DTSTAMP:{stamp}"]
        if cancelled:
            lines += ["SEQUENCE:1", "STATUS:CANCELLED"]
        if len(start) == 10:
            day = date.fromisoformat(start)
            lines += [
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            ]
        else:
            utc = start.endswith("Z")
            moment = datetime.fromisoformat(start.rstrip("Z"))
            suffix = "Z" if utc else ""
            lines += [
                f"DTSTART:{moment:%Y%m%dT%H%M%S}{suffix}",
                f"DTEND:{moment + timedelta(hours=1):%Y%m%dT%H%M%S}{suffix}",
            ]
        lines.append(f"SUMMARY:{_ics_text(summary)}")
        detail = " · ".join(x for x in (row["with_whom"], row["notes"]) if x)
        if detail:
            lines.append(f"DESCRIPTION:{_ics_text(detail)}")
        events.append(lines)
    for row in store.query(
        "SELECT f.id, f.what, f.due_on, p.name AS contact FROM followups f "
        "LEFT JOIN contacts p ON p.id = f.contact_id WHERE f.done_at IS NULL"
    ):
        day = date.fromisoformat(row["due_on"][:10])
        summary = f"Follow up: {row['what']}" + (f" ({row['contact']})" if row["contact"] else "")
        events.append(
            [
                f"UID:{_uid('followup', row['id'], store)}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{_ics_text(summary)}",
            ]
        )
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//rung//job search//EN", "CALSCALE:GREGORIAN"]
    for lines in events:
        out.append("BEGIN:VEVENT")
        for line in lines:
            out.extend(_fold_ics_line(line))
        out.append("END:VEVENT")
    out.append("END:VCALENDAR")
    return "\r\n".join(out) + "\r\n"
