"""``rung contact vouch|vouchers``: who can vouch for which gap, from the shell."""

from __future__ import annotations

from typing import Any

import click

from .common import CliState, echo, emit_json, fail, pass_state


@click.group("contact")
def contact_group() -> None:
    """What your contacts can do for you: the gaps they can vouch for."""


@contact_group.command("vouch")
@click.argument("contact_id", type=int)
@click.argument("slugs", nargs=-1, metavar="GAP_SLUG…")
@click.option("--remove", is_flag=True, help="Untag these gaps instead.")
@click.option("--note", metavar="TEXT", help='Why they can ("my report at Initech").')
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_state
def vouch_cmd(
    state: CliState,
    contact_id: int,
    slugs: tuple[str, ...],
    remove: bool,
    note: str | None,
    as_json: bool,
) -> None:
    """Tag a contact with the gaps they can vouch for: rung contact vouch 3
    people_management business_and_budget. Without a gap, list theirs. The Review puts
    them first in who to call when an application in its final round needs them."""
    from rung.core.vouch import add_vouch, remove_vouch, vouches_of

    if not slugs and (remove or note):
        fail(
            f"{'--remove' if remove else '--note'} needs a GAP_SLUG "
            "(try rung contact vouch --help)",
            2,
        )
    if remove and note:
        fail("--note goes with a tag, not with --remove (try rung contact vouch --help)", 2)
    store = state.store()
    change = None
    if slugs:
        change = (
            remove_vouch(store, contact_id, slugs)
            if remove
            else add_vouch(store, contact_id, slugs, note)
        )
    gaps = vouches_of(store, contact_id)
    if as_json:
        out: dict[str, Any] = {
            "contact": {
                "id": contact_id,
                "name": change.contact if change else _name(state, contact_id),
            },
            "vouches": [{"slug": g.slug, "label": g.label, "note": g.note} for g in gaps],
        }
        if change is not None:
            out["removed" if remove else "added"] = list(change.changed)
            out["unchanged"] = list(change.unchanged)
        emit_json(out)
        return
    name = change.contact if change else _name(state, contact_id)
    if change is not None:
        verb, already = ("untagged", "was not tagged with") if remove else ("tagged", "already")
        if change.changed:
            echo(f"{name}: {verb} {', '.join(change.changed)}")
        if change.unchanged:
            echo(f"{name}: {already} {', '.join(change.unchanged)}")
    if gaps:
        echo(
            f"{name} can vouch for: "
            + ", ".join(g.label + (f" ({g.note})" if g.note else "") for g in gaps)
        )
    else:
        echo(f"{name} can vouch for no gap yet (rung contact vouch {contact_id} GAP_SLUG)")


def _name(state: CliState, contact_id: int) -> str:
    from rung.core.commands.contacts import contact_name

    return contact_name(state.store(), contact_id)


@contact_group.command("vouchers")
@click.argument("slug", metavar="GAP_SLUG")
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON.")
@pass_state
def vouchers_cmd(state: CliState, slug: str, as_json: bool) -> None:
    """The contacts who can vouch for a gap (rung gaps lists the slugs)."""
    from rung.core.vouch import resolve_gap, vouchers_for

    store = state.store()
    gap = resolve_gap(store, slug)
    people = vouchers_for(store, slug)
    if as_json:
        emit_json(
            {
                "gap": {"slug": gap["slug"], "label": gap["label"]},
                "vouchers": [
                    {
                        "id": v.id,
                        "name": v.name,
                        "company": v.company,
                        "title": v.title,
                        "relationship": v.relationship,
                        "note": v.note,
                    }
                    for v in people
                ],
            }
        )
        return
    if not people:
        echo(
            f"nobody can vouch for {gap['label']} yet (rung contact vouch CONTACT_ID {gap['slug']})"
        )
        return
    echo(f"who can vouch for {gap['label']}:")
    for v in people:
        about = ", ".join(
            x for x in (v.relationship and v.relationship.replace("_", " "), v.company, v.note) if x
        )
        echo(f"  {v.id:>5}  {v.name}" + (f" ({about})" if about else ""))
