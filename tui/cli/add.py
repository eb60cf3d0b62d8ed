"""``rung add application|contact|followup``: quick capture from the shell."""

from __future__ import annotations

from typing import Any

import click

from rung.core.visible import visible

from .common import CliState, emit_json, pass_state


@click.group()
def add() -> None:
    """Quick capture from the shell."""


@add.command("application")
@click.argument("company")
@click.argument("title")
@click.option("--stage", default="applied", show_default=True, help="Initial stage.")
@click.option("--level", help="Level (default: inferred from the title).")
@click.option("--applied", "applied_on", metavar="DATE", help="Date applied (default today).")
@click.option("--url", help="Job posting URL.")
@click.option("--location", help="Location.")
@click.option("--salary", help="Salary or range, as text.")
@click.option("--source", default="manual", show_default=True, help="Where it came from.")
@click.option("--notes", help="Notes.")
@click.option(
    "--force",
    is_flag=True,
    help="Add it even if an application at the company "
    "has a title like it (without: a possible duplicate is not added, exit 1).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the new record as JSON.")
@pass_state
def add_application_cmd(state: CliState, as_json: bool, force: bool, **fields: Any) -> None:
    """Add an application: rung add application "Acme" "Engineering Manager"."""
    from rung.core.commands.applications import add_application
    from rung.core.models import to_dict

    application = add_application(state.checked_store(), refuse_duplicates=not force, **fields)
    if as_json:
        emit_json(to_dict(application))
    else:
        click.echo(
            visible(
                f"added application {application.id}: {application.company} — "
                f"{application.title} [{application.level}, {application.stage}]"
            )
        )


@add.command("contact")
@click.argument("name")
@click.option("--company", help="Employer.")
@click.option("--title", help="Their job title.")
@click.option("--email", help="E-mail address.")
@click.option("--phone", help="Phone number.")
@click.option("--linkedin", "linkedin_url", help="LinkedIn profile URL.")
@click.option(
    "--relationship",
    help="recruiter, hiring_manager, referrer, mentor, peer, former_colleague, other.",
)
@click.option("--cadence", "cadence_days", type=int, help="Days between touches.")
@click.option("--notes", help="Notes.")
@click.option(
    "--force",
    is_flag=True,
    help="Add them even if a contact like them exists "
    "(same e-mail or profile, or a name like theirs at the company; without: a "
    "possible duplicate is not added, exit 1).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the new record as JSON.")
@pass_state
def add_contact_cmd(state: CliState, as_json: bool, force: bool, **fields: Any) -> None:
    """Add a contact: rung add contact "Dana Reyes" --company Acme --relationship recruiter."""
    from rung.core.commands.contacts import add_contact
    from rung.core.models import to_dict

    values = {k: v for k, v in fields.items() if v is not None}
    contact = add_contact(state.checked_store(), refuse_duplicates=not force, **values)
    if as_json:
        emit_json(to_dict(contact))
    else:
        at = f" at {contact.company}" if contact.company else ""
        click.echo(visible(f"added contact {contact.id}: {contact.name}{at}"))


@add.command("followup")
@click.argument("what")
@click.option(
    "--due",
    "due_on",
    default="+7d",
    show_default=True,
    metavar="DATE",
    help="Due date: 2026-03-14, friday, +3d, 2w …",
)
@click.option("--contact", "contact_id", type=int, metavar="ID", help="Contact id.")
@click.option("--application", "application_id", type=int, metavar="ID", help="Application id.")
@click.option("--json", "as_json", is_flag=True, help="Print the new record as JSON.")
@pass_state
def add_followup_cmd(state: CliState, as_json: bool, **fields: Any) -> None:
    """Add a follow-up: rung add followup "Thank-you note" --due tomorrow --contact 3."""
    from rung.core.commands.followups import add_followup
    from rung.core.models import to_dict

    item = add_followup(state.checked_store(), **fields)
    if as_json:
        emit_json(to_dict(item))
    else:
        click.echo(visible(f"added follow-up {item.id}: {item.what} (due {item.due_on})"))
