"""``rung backup`` and ``rung check``: the database file itself."""

from __future__ import annotations

import sys

import click

from rung.core.errors import DatabaseCorrupt

from .common import CliState, echo, emit_json, fail, pass_state


@click.command()
@click.argument("path", type=click.Path(dir_okay=True))
@pass_state
def backup(state: CliState, path: str) -> None:
    """Copy the database to PATH (safe while the app runs)."""
    if not state.db_path.exists():
        fail(f"{state.db_path}: no database to back up")
    target = state.store().backup(path)
    click.echo(f"backed up {state.db_path} to {target}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_state
def check(state: CliState, as_json: bool) -> None:
    """Check the database's integrity and schema version (writes nothing: no migration,
    no directory made; a file that is not a rung database is refused untouched)."""
    from rung.core.store import Store, latest_version

    path = state.db_path
    try:
        store = Store(path, create=False, migrate=False)
    except DatabaseCorrupt as exc:  # damaged where SQLite reads the schema
        version, problems = None, [str(exc.__cause__ or exc)]
    else:
        with store:
            version, problems = store.schema_version, store.integrity_check()
    result = {
        "path": str(path),
        "schema_version": version,
        "latest_version": latest_version(),
        "ok": not problems,
        "problems": problems,
    }
    if as_json:
        emit_json(result)
    else:
        shown = "unreadable" if version is None else str(version)
        pending = (
            " (migrated when rung next opens it)"
            if version is not None and version < latest_version()
            else ""
        )
        from rung.core.version import rung_version

        echo(
            f"{path}: schema version {shown} "
            f"(rung {rung_version()} writes {latest_version()}){pending}"
        )
        echo("integrity: ok" if not problems else "integrity: FAILED")
        for p in problems:
            echo(f"  {p}")
    if problems:
        sys.exit(1)
