"""``rung ladder`` (where the search stalls, level by level; readiness for a target level)
and ``rung evidence add|list|delete`` (what shows a gap is closing)."""

from __future__ import annotations

import textwrap
from typing import Any

import click

from .common import CliState, echo, emit_json, pass_state

WIDTH = 80


@click.command("ladder")
@click.option("--json", "as_json", is_flag=True, help="Print the Ladder as one JSON object.")
@click.option(
    "--since",
    metavar="DATE",
    help="Only applications applied on or after DATE (2026-01-01, 6 months ago, -1y …).",
)
@click.option(
    "--target",
    metavar="LEVEL",
    help="Readiness for this level, for this run "
    "(default: target_level of the settings; rung config set target_level LEVEL).",
)
@pass_state
def ladder_cmd(state: CliState, as_json: bool, since: str | None, target: str | None) -> None:
    """Where the search stalls, level by level, and what is ready for your target level.

    \b
    Rows: levels lead to c_level (ic when you have ic applications); an
    application counts at its current level. Columns: applications that
    reached AT LEAST applied, screening, interviewing, a final round, an offer
    (accepted counts as offer), read from the stage history and the interviews
    logged (interviewing -> rejected counts in interviewing); the % is the
    conversion from the column before. A final round is the last interview
    before the decision when it was round 2+ or an exec/panel/case interview
    (still open: the highest round so far, when of such a kind or noted
    "final").

    \b
    Gaps per level: feedback at later rounds (interview round 2+, the final
    round, or received once the application reached interviewing), weighed as
    rung gaps weighs (recent and later rounds weigh more); the companies' own
    reasons apart; form letters count in no gap.

    \b
    The sentence: a level with 5+ applications (or 2+ finals) stalls when
    offers are at most a third of its finals, converts when at least half,
    hits a wall when few reach the next stage; with less data it says what
    more it needs.

    \b
    Readiness: the gaps cited at the target level plus those gaps.toml ties to
    it: covered = 2+ evidence entries from the last 2 years (or 1 with
    situation, action and result, or a plan action done with evidence), thin =
    some evidence, missing = none.
    """
    from rung.core.config import load_settings
    from rung.core.ladder import build_ladder, ladder_json

    if target is None:
        target = load_settings()[0].target_level
    ladder = build_ladder(state.store(), since=since, target=target)
    if as_json:
        emit_json(ladder_json(ladder))
        return
    for line in ladder_text(ladder):
        echo(line)


def ladder_text(ladder: Any) -> list[str]:
    """The Ladder as text at 80 columns: the matrix, each level's later-round gaps, the
    sentence wrapped, and readiness."""
    from rung.core.ladder import COLUMNS

    head = ["level", "applied", "screening", "interview", "final", "offer"]
    lines = ["  ".join([head[0].ljust(10), *(h.rjust(9) for h in head[1:])]).rstrip()]
    for row in ladder.levels:
        cells = [str(row.applied)]
        for before, column in zip(COLUMNS, COLUMNS[1:], strict=False):
            count, base = row.count(column), row.count(before)
            rate = f" {count / base:4.0%}" if base else "     "
            cells.append(f"{count}{rate}")
        lines.append("  ".join([row.label.ljust(10), *(c.rjust(9) for c in cells)]))
    told = [row for row in ladder.levels if row.gaps or row.external]
    if told:
        lines += ["", "Later-round reasons, heaviest first:"]
    for row in told:
        mine = ", ".join(f"{g.label} {g.count}" for g in row.gaps[:4])
        theirs = ", ".join(f"{slug.replace('_', ' ')} {n}" for slug, n in row.external)
        text = f"{row.label}: {mine or '–'}" + (f"; theirs: {theirs}" if theirs else "")
        lines += textwrap.wrap(
            text, WIDTH, initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False
        )
    lines.append("")
    lines += textwrap.wrap(ladder.summary, WIDTH, break_on_hyphens=False)
    if ladder.needs and ladder.needs not in ladder.summary:
        lines += textwrap.wrap(ladder.needs, WIDTH, break_on_hyphens=False)
    if ladder.target:
        from rung.core.levels import LEVEL_LABELS

        lines += ["", f"Ready for {LEVEL_LABELS[ladder.target]}?"]
        if not ladder.readiness:
            lines.append("  no gap is tied to this level yet")
        for item in ladder.readiness:
            stories = sum(e.story for e in item.evidence)
            what = [f"{len(item.evidence)} evidence"] if item.evidence else []
            what += [f"{stories} stor{'y' if stories == 1 else 'ies'}"] if stories else []
            what += [f"{len(item.actions)} done"] if item.actions else []
            what += [f"cited {item.cited}×"] if item.cited else []
            lines.append(f"  {item.state:<8} {item.label[:34]:<34} {', '.join(what)}".rstrip())
        missing = [r for r in ladder.readiness if r.state == "missing"]
        if missing:
            lines.append(f'  add evidence: rung evidence add {missing[0].slug} "what you did"')
    else:
        lines += ["", "No target level: rung config set target_level LEVEL (or --target)."]
    return lines


# -- evidence ----------------------------------------------------------------------------


def _evidence_dict(entry: Any) -> dict[str, Any]:
    return {
        "id": entry.id,
        "slug": entry.slug,
        "label": entry.label,
        "text": entry.text,
        "on": entry.on,
        "situation": entry.situation,
        "action": entry.action,
        "result": entry.result,
        "gap_action_id": entry.gap_action_id,
    }


@click.group("evidence")
def evidence_group() -> None:
    """Evidence that a gap is closing ("acting manager of 3 for 4 months"), a story to
    tell with situation, action and result; the Ladder's readiness reads it."""


@evidence_group.command("add")
@click.argument("gap_slug")
@click.argument("text")
@click.option("--date", "on", metavar="DATE", help="When it happened (default today).")
@click.option("--situation", metavar="TEXT", help="The story: the situation.")
@click.option("--action", metavar="TEXT", help="The story: what you did.")
@click.option("--result", metavar="TEXT", help="The story: what came of it.")
@click.option("--json", "as_json", is_flag=True, help="Print the new entry as JSON.")
@pass_state
def evidence_add(
    state: CliState,
    gap_slug: str,
    text: str,
    on: str | None,
    situation: str | None,
    action: str | None,
    result: str | None,
    as_json: bool,
) -> None:
    """Add evidence to a gap: rung evidence add people_management "acting manager of 3
    for 4 months" --date 2026-03-01."""
    from rung.core.evidence import add_evidence

    entry = add_evidence(
        state.store(), gap_slug, text, on=on, situation=situation, action=action, result=result
    )
    if as_json:
        emit_json(_evidence_dict(entry))
        return
    story = " (a story)" if entry.story else ""
    echo(f"added evidence {entry.id} to {entry.label} ({entry.on}){story}")


@evidence_group.command("list")
@click.argument("gap_slug", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the entries as JSON.")
@pass_state
def evidence_list(state: CliState, gap_slug: str | None, as_json: bool) -> None:
    """Evidence entries, newest first; of one gap when GAP_SLUG is given."""
    from rung.core.evidence import list_evidence

    entries = list_evidence(state.store(), gap_slug)
    if as_json:
        emit_json({"evidence": [_evidence_dict(e) for e in entries]})
        return
    if not entries:
        echo('no evidence yet: rung evidence add GAP_SLUG "what you did"')
        return
    for e in entries:
        mark = " [story]" if e.story else ""
        line = f"{e.id:>4}  {e.on or '':<10}  {e.label[:22]:<22}  "
        room = WIDTH - len(line) - len(mark)
        text = " ".join(e.text.split())
        text = text if len(text) <= room else text[: room - 1] + "…"
        echo(f"{line}{text}{mark}")


@evidence_group.command("delete")
@click.argument("evidence_id", type=int)
@pass_state
def evidence_delete(state: CliState, evidence_id: int) -> None:
    """Delete one evidence entry (the app's u takes a delete back; here it is final)."""
    from rung.core.evidence import delete_evidence

    delete_evidence(state.store(), evidence_id)
    echo(f"deleted evidence {evidence_id}")
