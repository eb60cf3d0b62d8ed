"""`rung import`: CSV and LinkedIn-zip import from the shell."""

from __future__ import annotations

import json
import sys

import click

from rung.tui.cli import CliState, pass_state


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--profile", default=None, help="Force a profile (e.g. linkedin.connections, generic).")
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@click.option("--skip-bad-rows", is_flag=True, help="Import the valid rows, report the bad ones.")
@click.option("--accept-feedback", is_flag=True, help="Confirm the feedback found in messages/notes.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file (JSON Lines).")
@pass_state
def import_cmd(state: CliState, files: tuple[str, ...], profile: str | None, dry_run: bool,
               skip_bad_rows: bool, accept_feedback: bool, as_json: bool) -> None:
    """Import FILE… (CSV, or a LinkedIn export .zip); refused files change nothing."""
    from rung.core.importing import import_files, profile_names

    if profile is not None and profile not in profile_names():
        raise click.BadParameter(f"{profile!r} is not one of: {', '.join(profile_names())}",
                                 param_hint="--profile")
    reports = import_files(state.store(), list(files), profile=profile, dry_run=dry_run,
                           skip_bad_rows=skip_bad_rows, accept_feedback=accept_feedback)
    refused = any(r.refused for r in reports)
    for report in reports:
        if as_json:
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
            continue
        if report.refused:  # one line: where, what, and that nothing was written
            message = report.message or f"{report.file}: refused"
            if "nothing imported" not in message:
                message += " (nothing imported)"
            click.echo(f"rung: error: {message}", err=True)
            continue
        if refused:
            click.echo(f"{report.file} [{report.profile}]: {report.rows_read} rows read, not "
                       "written: another file was refused and an import is all or nothing")
            continue
        created = ", ".join(f"{n} {t}" for t, n in sorted(report.created.items())) or "0 new"
        prefix = "would import" if report.dry_run else "imported"
        click.echo(f"{report.file} [{report.profile}]: {prefix}: {report.rows_read} rows read; "
                   f"created {created}; merged {report.merged}; skipped {report.skipped}"
                   + (f"; {report.feedback_candidates} feedback candidate(s)"
                      if report.feedback_candidates else ""))
        for error in report.errors[:20]:
            click.echo(f"  {report.file}:{error.line}:{error.column}: {error.message}")
    waiting = sum(r.feedback_candidates for r in reports if not r.refused and not r.dry_run)
    if waiting and not as_json and not accept_feedback:
        click.echo(f"{waiting} feedback candidate(s) wait for you: rung feedback candidates, "
                   "or the Import screen (5, then f)")
    if refused:
        sys.exit(1)
