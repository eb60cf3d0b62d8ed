"""``rung feedback add|import|clarify|move|candidates|confirm|dismiss`` and ``rung gaps``:
feedback in, gaps out."""

from __future__ import annotations

import sys

import click

from .common import CliState, echo, emit_json, fail, pass_state


@click.group("feedback")
def feedback_group() -> None:
    """Log feedback; rung files each piece under a gap at once."""


@feedback_group.command("add")
@click.argument("text")
@click.option(
    "--application", "application_id", type=int, metavar="ID", help="The application it is about."
)
@click.option("--date", "received_on", metavar="DATE", help="When you got it (default today).")
@click.option("--source", help="recruiter email, debrief, linkedin message …")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_state
def feedback_add(
    state: CliState,
    text: str,
    application_id: int | None,
    received_on: str | None,
    source: str | None,
    as_json: bool,
) -> None:
    """Log one piece of feedback: rung feedback add "need more ppl mgmt exp" --application 3."""
    from rung.core.clustering import log_feedback

    logged = log_feedback(
        state.store(), text, application_id=application_id, received_on=received_on, source=source
    )
    if as_json:
        emit_json({"id": logged.feedback.id, "gap": logged.gap_slug, "label": logged.gap_label})
        return
    where = f"→ {logged.gap_label}" if logged.gap_label else "→ unclustered (no gap matched)"
    echo(f"logged feedback {logged.feedback.id} {where}")


@feedback_group.command("import")
@click.argument("file", type=click.Path())
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@click.option("--strict", is_flag=True, help="Refuse the file on any warning (nothing written).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@pass_state
def feedback_import(state: CliState, file: str, dry_run: bool, strict: bool, as_json: bool) -> None:
    """Import feedback from a CSV with a `feedback` (or `text`) column (a one-column file
    included) and optional `date`, `company`, `role`, `source` columns. Rows imported
    before are skipped; exit 1 when the file is refused (nothing written)."""
    from rung.core.importing.feedback_file import import_feedback_file

    report = import_feedback_file(state.store(), file, dry_run=dry_run, strict=strict)
    if as_json:
        emit_json(report.to_json())
        if report.refused:
            sys.exit(1)
        return
    if report.refused:
        fail(report.message)
    echo(report.message)
    for warning in report.warnings[:20]:
        echo(f"  {file}:{warning['line']}:{warning['column']}: {warning['message']}")
    if len(report.warnings) > 20:
        click.echo(f"  … {len(report.warnings) - 20} more (--json lists them all)")


@feedback_group.command("clarify")
@click.argument("feedback_id", type=int)
@click.argument("answer")
@click.option(
    "--gap",
    metavar="SLUG",
    help="The gap it belongs in, when rung does not recognize the answer (it learns from it).",
)
@pass_state
def feedback_clarify(state: CliState, feedback_id: int, answer: str, gap: str | None) -> None:
    """Answer "which experience?" for a piece of feedback; it moves where the answer says."""
    from rung.core.clustering.corrections import clarify
    from rung.core.clustering.guesses import guess_gaps

    store = state.store()
    slug = clarify(store, feedback_id, answer, gap=gap)
    if slug is None:
        closest = ", ".join(g.slug for g in guess_gaps(store, answer)[:3])
        fail(
            f"rung does not recognize {answer!r}; nothing moved. Closest gaps: {closest} "
            f"(rung feedback clarify {feedback_id} ANSWER --gap SLUG)"
        )
    echo(f"feedback {feedback_id} → {slug}")


@feedback_group.command("move")
@click.argument("feedback_id", type=int)
@click.argument("gap")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_state
def feedback_move(state: CliState, feedback_id: int, gap: str, as_json: bool) -> None:
    """Put a piece of feedback into a gap (by slug) for good; rung learns from it and files
    again the texts it now reads the same way."""
    from rung.core.clustering.corrections import reassign

    moved = reassign(state.store(), feedback_id, gap)
    if as_json:
        emit_json({"id": feedback_id, "gap": gap, "others_moved": moved})
        return
    echo(
        f"feedback {feedback_id} → {gap}"
        + (f"; {moved} other piece(s) of feedback moved with what it taught" if moved else "")
    )


@feedback_group.command("candidates")
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON.")
@pass_state
def feedback_candidates(state: CliState, as_json: bool) -> None:
    """Feedback an import found in messages and notes, waiting for confirm or dismiss."""
    from rung.core.clustering.candidates import list_candidates

    found = list_candidates(state.store())
    if as_json:
        emit_json(
            [
                {
                    "id": c.id,
                    "text": c.text,
                    "received_on": c.received_on,
                    "source": c.source,
                    "application_id": c.application_id,
                    "company": c.company,
                    "title": c.title,
                }
                for c in found
            ]
        )
        return
    if not found:
        click.echo("no feedback candidates")
        return
    for c in found:
        about = f"{c.company} — {c.title}" if c.company else "no application"
        text = " ".join(c.text.split())
        echo(
            f"{c.id:>6}  {c.received_on or '':<10}  {about}\n        "
            f"{text[:200]}{'…' if len(text) > 200 else ''}"
        )
    click.echo(
        f"{len(found)} candidate(s): rung feedback confirm ID… (or --all), "
        "rung feedback dismiss ID…"
    )


def _decide(state: CliState, ids: tuple[int, ...], every: bool, confirm: bool) -> None:
    from rung.core.clustering.candidates import (
        confirm_candidates,
        dismiss_candidates,
        list_candidates,
    )

    store = state.store()
    if every == bool(ids):
        fail("give candidate ids, or --all (not both)", 2)
    chosen = [c.id for c in list_candidates(store)] if every else list(ids)
    changed = (confirm_candidates if confirm else dismiss_candidates)(store, chosen)
    missed = [i for i in chosen if i not in set(changed)]
    verb = "confirmed" if confirm else "dismissed"
    click.echo(
        f"{verb} {len(changed)} candidate(s)"
        + (f"; not candidates: {', '.join(map(str, missed))}" if missed else "")
    )
    if missed:
        raise SystemExit(1)


@feedback_group.command("confirm")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "every", is_flag=True, help="Every candidate waiting.")
@pass_state
def feedback_confirm(state: CliState, ids: tuple[int, ...], every: bool) -> None:
    """Count candidates as feedback about you: they join the gaps."""
    _decide(state, ids, every, confirm=True)


@feedback_group.command("dismiss")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "every", is_flag=True, help="Every candidate waiting.")
@pass_state
def feedback_dismiss(state: CliState, ids: tuple[int, ...], every: bool) -> None:
    """Keep candidates out of the gaps (not about you)."""
    _decide(state, ids, every, confirm=False)


@click.command("gaps")
@click.option("--json", "as_json", is_flag=True, help="Print the gaps as JSON.")
@click.option(
    "--recluster",
    "rebuild",
    is_flag=True,
    help="Re-assign every feedback not placed by hand first.",
)
@click.option("--level", help="Only feedback on applications of this level.")
@pass_state
def gaps_cmd(state: CliState, as_json: bool, rebuild: bool, level: str | None) -> None:
    """The recurring gaps in your feedback, heaviest first."""
    from rung.core.clustering import gaps_report, recluster
    from rung.core.clustering.assign import unplaced_count
    from rung.core.clustering.report import share_text, totals
    from rung.core.clustering.taxonomy import GENERIC_SLUG
    from rung.core.levels import parse_level

    store = state.store()
    if level:
        try:
            level = parse_level(level)
        except ValueError as exc:
            fail(str(exc), 2)
    if rebuild or unplaced_count(store):
        recluster(store)
    report = gaps_report(store, level=level)
    counts = totals(report)
    if as_json:
        emit_json(report.to_json())
        return
    if not report.gaps and not report.unclustered and not report.no_reason:
        click.echo('no feedback yet: rung feedback add "…" or rung feedback import FILE')
        return
    from ..formatting import sparkline

    theirs = counts.theirs
    verb = "was" if theirs == 1 else "were"
    click.echo(f"{counts.pieces} pieces of feedback: {theirs} {verb} the company's own reasons")
    for g in report.gaps:
        bar = sparkline(g.trend)
        kind = "them" if g.kind == "external" else "you "
        echo(f"  {g.weight:5.1f}  {g.count:3d}  {kind}  {bar}  {g.label}")
    if report.unclustered:
        click.echo(f"  unclustered: {len(report.unclustered)}")
    if report.no_reason:
        n = len(report.no_reason)
        click.echo(
            f"{n} rejection(s) gave no reason: ask what was missing "
            '(rung feedback clarify ID "what they said"; ids: rung gaps --json)'
        )
    top = next(
        (g for g in report.gaps if g.kind == "gap" and g.slug != GENERIC_SLUG), None
    )  # as the Gaps screen's headline: "more experience" says no which
    if top is not None:
        echo(f"top gap: {top.label} ({share_text(top.count, counts.reasons)})")
