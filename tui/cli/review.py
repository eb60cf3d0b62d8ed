"""``rung review``: the weekly review from the shell (text, Markdown or JSON)."""

from __future__ import annotations

import click

from .common import CliState, emit_json, pass_state


@click.command("review")
@click.option("--week", metavar="YYYY-Www", help="ISO week (default: this week).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json"]),
    default="text",
    show_default=True,
    help="md pastes into a journal; json is for scripts.",
)
@click.option("--complete", is_flag=True, help="Store this week's figures and note as done.")
@click.option("--note", help="A note for the week (kept with the review).")
@pass_state
def review_cmd(
    state: CliState, week: str | None, fmt: str, complete: bool, note: str | None
) -> None:
    """What moved, what is stale, who to call, what to follow up, and the gap trend."""
    from rung.core.config import load_settings
    from rung.core.review import (
        build_review,
        complete_review,
        render_markdown,
        render_text,
        save_note,
    )

    options = load_settings()[0].review_options()
    store = state.store()
    if complete:
        review = complete_review(store, week, note, **options)
    else:
        if note:
            save_note(store, week, note)
        review = build_review(store, week, **options)
    if fmt == "json":
        emit_json(review.to_json())
    elif fmt == "md":
        click.echo(render_markdown(review), nl=False)
    else:
        click.echo(render_text(review), nl=False)
