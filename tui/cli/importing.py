"""`rung import`: CSV and LinkedIn-zip import from the shell."""

from __future__ import annotations

import json
import sys

import click

from .common import CliState, echo, pass_state

FUSED_ALIAS = "company+title"  # how --map names the fused "Meta SDE 1" column


def _parse_maps(maps: tuple[str, ...]) -> dict[str, str]:
    """``--map FIELD=COLUMN`` options as field -> column (a header or a 1-based number)."""
    out: dict[str, str] = {}
    for item in maps:
        field_name, sep, column = item.partition("=")
        field_name = field_name.strip()
        if not sep or not column.strip():
            raise click.BadParameter(
                f"{item!r}: give FIELD=COLUMN, e.g. company=Employer", param_hint="--map"
            )
        from rung.core.importing.profiles import sheet_fields
        from rung.core.importing.rows import FUSED

        fields = [FUSED_ALIAS if name == FUSED else name for name in sheet_fields()]
        if field_name not in fields:
            raise click.BadParameter(
                f"{field_name!r} is not a field; one of: {', '.join(fields)}", param_hint="--map"
            )
        out[FUSED if field_name == FUSED_ALIAS else field_name] = column.strip()
    return out


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option(
    "--profile", default=None, help="Force a profile (e.g. linkedin.connections, generic)."
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Report what would happen, with the column mapping; write nothing.",
)
@click.option(
    "--strict", is_flag=True, help="Refuse a file on any warning (the database unchanged)."
)
@click.option(
    "--skip-bad-rows",
    is_flag=True,
    hidden=True,
    help="The default now: rows rung cannot use are warnings and the rest goes in.",
)
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Read FIELD from COLUMN (a header or a number) of a sheet; "
    "company+title=Name splits 'Meta SDE 1'.",
)
@click.option(
    "--accept-feedback", is_flag=True, help="Confirm the feedback found in messages/notes."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object per file (JSON Lines)."
)
@pass_state
def import_cmd(
    state: CliState,
    files: tuple[str, ...],
    profile: str | None,
    dry_run: bool,
    strict: bool,
    skip_bad_rows: bool,
    maps: tuple[str, ...],
    accept_feedback: bool,
    as_json: bool,
) -> None:
    """Import FILE… (CSV, or a LinkedIn export .zip); refused files change nothing.

    Rows rung cannot fully use (a removed posting, a hidden connection, a date that does
    not parse) are warnings with their line: the rest of the file goes in."""
    from rung.core.importing import import_files, profile_names, resolve_mapping
    from rung.core.importing.reader import Refused

    if profile is not None and profile not in profile_names():
        raise click.BadParameter(
            f"{profile!r} is not one of: {', '.join(profile_names())}", param_hint="--profile"
        )
    mapping = None
    if maps:
        if len(files) != 1:
            raise click.BadParameter("a column mapping applies to one CSV file", param_hint="--map")
        try:
            mapping = resolve_mapping(files[0], _parse_maps(maps), profile)
        except Refused as exc:
            _emit_refusal(str(exc), files[0], as_json, dry_run)
            sys.exit(1)
    reports = import_files(
        state.store(),
        list(files),
        profile=profile,
        dry_run=dry_run,
        strict=strict,
        accept_feedback=accept_feedback,
        mapping=mapping,
    )
    refused = any(r.refused for r in reports)
    for report in reports:
        if as_json:
            click.echo(json.dumps(report.to_json(), ensure_ascii=False))
            continue
        _print_text(report, refused, dry_run)
    waiting = sum(r.feedback_candidates for r in reports if not r.refused and not r.dry_run)
    if waiting and not as_json and not accept_feedback:
        click.echo(
            f"{waiting} feedback candidate(s) wait for you: rung feedback candidates, "
            "or the Import screen (5, then ctrl+o)"
        )
    if refused:
        sys.exit(1)


def _emit_refusal(message: str, file: str, as_json: bool, dry_run: bool) -> None:
    if as_json:
        from rung.core.importing import ImportReport

        click.echo(
            json.dumps(
                ImportReport(file, refused=True, message=message, dry_run=dry_run).to_json(),
                ensure_ascii=False,
            )
        )
    else:
        echo(f"rung: error: {message} (nothing imported)", err=True)


def _print_text(report, refused: bool, dry_run: bool) -> None:  # noqa: ANN001 (ImportReport)
    from rung.core.importing.report import summarize

    if report.profile is None and not report.refused:  # a zip archive's own report
        if report.message:
            echo(f"{report.file}: {report.message}")
        return
    if report.refused:  # one line: where, what, and that nothing was written
        message = report.message or f"{report.file}: refused"
        if "nothing imported" not in message:
            message += " (nothing imported)"
        echo(f"rung: error: {message}", err=True)
        return
    if refused:
        echo(
            f"{report.file} [{report.profile}]: {report.rows_read} rows read, not "
            "written: another file was refused and an import is all or nothing"
        )
        return
    created = ", ".join(f"{n} {t}" for t, n in sorted(report.created.items())) or "0 new"
    prefix = "would import" if report.dry_run else "imported"
    nothing_new = not report.created and report.rows_read
    echo(
        f"{report.file} [{report.profile}]: {prefix}: {report.rows_read} rows read; "
        f"created {created}; merged {report.merged}; skipped {report.skipped}"
        + (
            f"; {report.feedback_candidates} feedback candidate(s)"
            if report.feedback_candidates
            else ""
        )
        + (" (nothing new: every row was imported before)" if nothing_new else "")
    )
    if report.message:
        echo(f"  {report.message}")
    if dry_run and report.mapping:
        pairs = ", ".join(f"{header} → {field}" for field, header in report.mapping.items())
        echo(f"  columns: {pairs}")
        if report.unmapped:
            echo(f"  not read: {', '.join(report.unmapped)}")
    if report.warnings:
        echo(f"  {len(report.warnings)} warning(s):")
        for line in summarize(report.warnings):
            echo(f"    {line}")
        for warning in report.warnings[:5]:
            echo(f"    {report.file}:{warning.line}:{warning.column}: {warning.message}")
        if len(report.warnings) > 5:
            echo(f"    … {len(report.warnings) - 5} more (--json lists every one)")
    for error in report.errors[:20]:
        echo(f"  {report.file}:{error.line}:{error.column}: {error.message}")
    _print_duplicates(report)


def _print_duplicates(report, shown: int = 10) -> None:  # noqa: ANN001 (ImportReport)
    """The new applications that read like one kept already: listed, imported anyway."""
    found = report.possible_duplicates
    if not found:
        return
    went = "would be imported" if report.dry_run else "imported"
    echo(
        f"  {len(found)} possible duplicate(s) of applications kept already ({went}: the "
        "same company, a title alike, another date):"
    )
    for item in found[:shown]:
        echo(f"    {item.describe()}")
    if len(found) > shown:
        echo(f"    … {len(found) - shown} more (--json lists every one)")
