"""``rung prep``: the prep sheet of an application's next interview, as Markdown."""

from __future__ import annotations

import click

from .common import CliState, echo, pass_state


@click.command("prep")
@click.argument("application_id", type=int)
@click.option(
    "--interview",
    "interview_id",
    type=int,
    metavar="ID",
    help="Prepare for this interview of the application (default: its next interview ahead).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, allow_dash=True),
    metavar="PATH",
    help="Write the sheet to PATH (default or '-': standard "
    "output). A symlink's target is replaced, a device or FIFO written through, "
    "never replaced.",
)
@pass_state
def prep_cmd(
    state: CliState, application_id: int, interview_id: int | None, out: str | None
) -> None:
    """The prep sheet for an interview: people, gaps they may probe with your stories,
    questions to ask back, who can vouch, and this company's past feedback."""
    from rung.core.prep import prep_sheet, render_prep
    from rung.core.safe_write import STDOUT, write_output

    text = render_prep(prep_sheet(state.store(), application_id, interview_id=interview_id))
    if not out or out == STDOUT:
        echo(text, nl=False)
        return
    written = write_output(out, text.encode("utf-8"))
    click.echo(f"prep sheet written to {written}")
