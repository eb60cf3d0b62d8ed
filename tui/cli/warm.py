"""``rung warm``: the people you know at the companies you applied to (or saved jobs at)."""

from __future__ import annotations

import click

from .common import CliState, echo, emit_json, pass_state

WIDTH = 80


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@click.command("warm")
@click.option(
    "--saved", is_flag=True, help="Saved jobs instead of open applications: where to apply next."
)
@click.option("--json", "as_json", is_flag=True, help="JSON for scripts.")
@pass_state
def warm_cmd(state: CliState, saved: bool, as_json: bool) -> None:
    """Open applications where you know someone, with those people (title,
    relationship, last touch); the most recent activity first."""
    from rung.core.warm import warm_paths

    store = state.store()
    paths = warm_paths(store, saved=saved)
    if as_json:
        emit_json({"warm": [p.to_json() for p in paths]})
        return
    from rung.core.wording import plural

    for path in paths:
        echo(_cut(f"{path.company} — {path.title} ({path.stage})", WIDTH))
        for c in path.contacts:
            # name · title · relationship · last touch; the title is cut to fit 80 columns
            tail = [
                (c.relationship or "").replace("_", " "),
                f"last {c.last_contact[:10]}" if c.last_contact else "never contacted",
            ]
            tail_text = " · ".join(p for p in tail if p)
            room = WIDTH - 2 - len(_cut(c.name, 30)) - len(tail_text) - 6
            parts = [_cut(c.name, 30), _cut(c.title, max(8, room)) if c.title else "", tail_text]
            echo("  " + _cut(" · ".join(p for p in parts if p), WIDTH - 2))
    what = "saved jobs" if saved else "open applications"
    if not paths:
        echo(
            f"Nobody you know works at your {what} yet: import LinkedIn's Connections.csv "
            "(rung import) or add contacts."
        )
    if saved:
        from rung.core.commands.applications import count_at_stage

        none = count_at_stage(store, "saved") - len(paths)
        if none:
            echo(
                ("\n" if paths else "") + plural(none, "saved job") + " where you know nobody yet."
            )
