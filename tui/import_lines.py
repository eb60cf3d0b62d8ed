"""How an import report reads on the import screen: its summary line, its warnings
grouped by kind, its possible duplicates (Rich markup where a function says so)."""

from __future__ import annotations

from pathlib import Path

from rung.core.importing import ImportReport
from rung.core.importing.report import summarize
from rung.tui.formatting import escape


def summary_line(report: ImportReport) -> str:
    """One line a person reads: the file, its rows, what was created, merged, skipped."""
    name = report.file.rsplit(":", 1)[-1] if ".zip:" in report.file else Path(report.file).name
    first = ("applications", "contacts", "interactions")  # what the rows are; then the rest
    parts = ", ".join(
        f"{n} {t}"
        for t, n in sorted(report.created.items(), key=lambda kv: (kv[0] not in first, -kv[1]))
        if t != "stage_events"
    )
    return (
        f"{name}: {report.rows_read} rows → "
        + (parts or "nothing new")
        + (f"; {report.merged} merged" if report.merged else "")
        + (f"; {report.skipped} skipped" if report.skipped else "")
        + (
            f"; {report.feedback_candidates} feedback candidate(s)"
            if report.feedback_candidates
            else ""
        )
    )


def members_line(archive: ImportReport, names: int = 4) -> str:
    shown = ", ".join(archive.skipped_members[:names])
    more = len(archive.skipped_members) - names
    return f"{len(archive.skipped_members)} other files left out (not rung's): {shown}" + (
        f" and {more} more" if more > 0 else ""
    )


def duplicate_lines(report: ImportReport, shown: int = 3) -> list[str]:
    """Markup lines for the new applications that read like one kept already (the same
    company, a title alike, another date): imported all the same, listed to check."""
    found = report.possible_duplicates
    if not found:
        return []
    lines = [
        f"  [yellow]≈ {len(found)} possible duplicate(s) of applications kept "
        "(imported all the same):[/]"
    ]
    for item in found[:shown]:
        old = item.existing
        was = ", ".join(x for x in (old.applied_on, old.stage) if x)
        lines.append(
            "    "
            + escape(
                (f"line {item.line}: " if item.line else "")
                + f"{item.company} — {item.title}"
                + (f", {item.applied_on}" if item.applied_on else "")
                + f" ≈ #{old.id} ({was})"
            )
        )
    if len(found) > shown:
        lines.append(
            f"    [dim]and {len(found) - shown} more: rung import FILE --dry-run lists them[/]"
        )
    return lines


def warning_lines(report: ImportReport, kinds: int = 3) -> list[str]:
    """The warnings of a file grouped by kind ("45 hidden connections skipped"), markup:
    one line per kind, the most frequent first."""
    if not report.warnings:
        return []
    grouped = summarize(report.warnings)
    lines = [f"  [yellow]⚠ {escape(line)}[/]" for line in grouped[:kinds]]
    if len(grouped) > kinds:
        rest = sum(1 for w in report.warnings) - sum(
            int(line.split(" ", 1)[0]) for line in grouped[:kinds]
        )
        lines.append(
            f"  [yellow]⚠ {rest} more warning(s) of {len(grouped) - kinds} other "
            "kind(s): rung import FILE --dry-run --json lists each row[/]"
        )
    return lines
