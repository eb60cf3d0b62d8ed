"""``rung search``: full-text search over every record from the shell."""

from __future__ import annotations

import sys

import click

from rung.core.search_kinds import KINDS
from rung.core.visible import visible

from .common import CliState, emit_json, pass_state


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(KINDS),
    help="Only records of this kind (repeatable).",
)
@click.option(
    "--limit",
    default=50,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="At most this many hits.",
)
@click.option("--json", "as_json", is_flag=True, help="Print hits as JSON.")
@pass_state
def search_cmd(
    state: CliState, query: tuple[str, ...], kinds: tuple[str, ...], limit: int, as_json: bool
) -> None:
    """Search applications, companies, contacts, interactions and feedback.

    Words match as prefixes ("eng man" finds "Engineering Manager"); misspelled names
    are corrected ("cloudfare" finds Cloudflare).
    """
    from rung.core.search import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, bound_query, search

    text = " ".join(query)
    bounded = bound_query(text)
    if bounded.note:  # said on stderr, so --json stays one object
        click.echo(f"rung: note: {bounded.note}", err=True)
    hits = search(state.store(), text, limit=limit, kinds=kinds or None)
    corrected: dict[str, str] = {}
    for hit in hits:
        corrected.update(hit.corrected)
    if as_json:
        emit_json(
            {
                "query": text,
                "corrected": corrected,
                "hits": [
                    {
                        "kind": h.kind,
                        "id": h.ref_id,
                        "title": h.plain_title(),
                        "snippet": h.plain_snippet(),
                        "score": round(h.score, 4),
                    }
                    for h in hits
                ],
            }
        )
        return
    if corrected:
        fixes = ", ".join(f"{k} → {v}" for k, v in corrected.items())
        click.echo(visible(f"(showing results for corrected words: {fixes})"))
    if not hits:
        shown = text if len(text) <= 80 else text[:80] + "…"
        click.echo(f"nothing matches {visible(repr(shown))}")
        return
    bold = sys.stdout.isatty()
    for hit in hits:
        # the data's own control characters are shown; only rung's bold is an escape
        title = "".join(
            ("\x1b[1m" + visible(part) + "\x1b[0m") if i % 2 and bold else visible(part)
            for i, part in enumerate(
                hit.title.replace(HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN).split(HIGHLIGHT_OPEN)
            )
        )
        snippet = visible(hit.plain_snippet())
        line = f"{hit.kind:<11} {hit.ref_id:>6}  {title}"
        if snippet and hit.kind in ("interaction", "feedback"):
            line += f"  — {snippet[:80]}"
        click.echo(line)
