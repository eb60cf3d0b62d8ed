"""``rung demo``: the app on a throw-away copy of the demo data."""

from __future__ import annotations

import click

from .common import CliState, pass_state


@click.command()
@click.option(
    "--keep",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="Keep the demo database in DIR instead of a temporary folder.",
)
@pass_state
def demo(state: CliState, keep: str | None) -> None:
    """Open the app on a fresh copy of the demo data (never touches your database)."""
    from rung.tui.launch import run_demo

    run_demo(keep)
