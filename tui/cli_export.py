"""``rung export``: every table as CSV (a zip) or JSON, a Markdown report, an iCalendar."""

from __future__ import annotations

from pathlib import Path

import click

from .cli import CliState, fail, pass_state


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "md", "ics"]),
              required=True, help="csv: a zip of one spreadsheet-safe CSV per table; json: "
              "every table; md: a readable report; ics: interviews and open follow-ups.")
@click.option("--out", "out", type=click.Path(dir_okay=False), metavar="PATH",
              help="Write to PATH (required for csv; default: standard output).")
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
    if out:
        target = Path(out).expanduser()
        tmp = target.with_name(target.name + ".partial")
        try:
            tmp.write_bytes(data)
            tmp.replace(target)
        except OSError as exc:
            fail(f"{target}: cannot write ({exc.strerror})")
        click.echo(f"exported {fmt} to {target}")
    else:
        click.echo(data.decode("utf-8"), nl=False)
