"""``rung list applications|contacts|followups``: listings for people and scripts."""

from __future__ import annotations

import click

from .common import CliState, emit_json, fail, pass_state, table


@click.group("list")
def list_() -> None:
    """Listings for people and scripts (--json)."""


@list_.command("applications")
@click.option("--stage", help="Only this stage.")
@click.option("--level", help="Only this level.")
@click.option("--json", "as_json", is_flag=True, help="JSON array of records.")
@pass_state
def list_applications_cmd(
    state: CliState, stage: str | None, level: str | None, as_json: bool
) -> None:
    """Applications, most recent activity first."""
    from rung.core.commands.applications import list_applications
    from rung.core.models import to_dict

    try:
        apps = list_applications(state.store(), stage=stage, level=level)
    except ValueError as exc:
        fail(str(exc), 2)
    if as_json:
        emit_json([to_dict(a) for a in apps])
        return
    table(
        [[str(a.id), a.company, a.title, a.level, a.stage, a.applied_on or ""] for a in apps],
        ["id", "company", "title", "level", "stage", "applied"],
    )


@list_.command("contacts")
@click.option("--json", "as_json", is_flag=True, help="JSON array of records.")
@pass_state
def list_contacts_cmd(state: CliState, as_json: bool) -> None:
    """Contacts, overdue first."""
    from rung.core.commands.contacts import list_contacts
    from rung.core.config import load_settings
    from rung.core.models import to_dict

    contacts = list_contacts(state.store(), load_settings()[0].cadence)
    if as_json:
        emit_json([to_dict(c) for c in contacts])
        return
    table(
        [
            [
                str(c.id),
                c.name,
                c.company or "",
                c.relationship or "",
                (c.last_contacted or "")[:10],
                c.next_followup or c.cadence_due or "",
            ]
            for c in contacts
        ],
        ["id", "name", "company", "relationship", "last", "next due"],
    )


@list_.command("followups")
@click.option("--all", "include_done", is_flag=True, help="Include done follow-ups.")
@click.option("--json", "as_json", is_flag=True, help="JSON array of records.")
@pass_state
def list_followups_cmd(state: CliState, include_done: bool, as_json: bool) -> None:
    """Follow-ups, earliest due first."""
    from rung.core.commands.followups import list_followups
    from rung.core.models import to_dict

    items = list_followups(state.store(), include_done=include_done)
    if as_json:
        emit_json([to_dict(f) for f in items])
        return
    table(
        [
            [
                str(f.id),
                f.due_on,
                f.what,
                f.contact or f.application or "",
                "done" if f.done_at else "",
            ]
            for f in items
        ],
        ["id", "due", "what", "about", ""],
    )
