"""``rung export``: every table as CSV (a zip) or JSON, a Markdown report, an iCalendar."""

from __future__ import annotations

import sys

import click

from .common import CliState, fail, pass_state


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "md", "ics"]),
    required=True,
    help="csv: a zip of one spreadsheet-safe CSV per table; json: "
    "every table; md: a readable report; ics: interviews and open follow-ups.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, allow_dash=True),
    metavar="PATH",
    help="Write to PATH (required for csv; default or '-': "
    "standard output). A symlink's target is replaced, a device or FIFO written "
    "through, never replaced.",
)
@pass_state
def export_cmd(state: CliState, fmt: str, out: str | None) -> None:
    """Export your data for a spreadsheet, a script, a journal or a calendar."""
    from rung.core import export

    store = state.store()
    if fmt == "csv":
        if not out:
            fail("--format csv writes a zip of one CSV per table: give --out PATH.zip", 2)
        data = export.export_csv_zip(store)
    elif fmt == "json":
        data = export.export_json(store).encode("utf-8")
    elif fmt == "md":
        data = export.export_markdown(store).encode("utf-8")
    else:
        data = export.export_ics(store).encode("utf-8")
    from rung.core.safe_write import STDOUT, write_output

    target = out or STDOUT
    if fmt == "csv" and target == STDOUT and sys.stdout.isatty():
        fail("--format csv writes a zip: give --out PATH.zip, or pipe --out - elsewhere", 2)
    written = write_output(target, data)
    if written is not None:
        click.echo(f"exported {fmt} to {written}")
