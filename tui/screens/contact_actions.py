"""Add, edit, delete contacts and log interactions: dialogs shared by Contacts and detail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rung.core.commands.contacts import (
    CHANNELS,
    RELATIONSHIPS,
    add_contact,
    delete_contact,
    edit_contact,
    get_contact,
    log_interaction,
)
from rung.core.models import Contact
from rung.tui.screens.dialogs import ConfirmScreen, Field, FormScreen
from rung.tui.screens.duplicates import add_or_ask

if TYPE_CHECKING:
    from rung.tui.app import RungApp

_FIELDS = (
    ("name", "Name", True, "Dana Reyes"),
    ("company", "Company", False, "Acme"),
    ("title", "Their title", False, "Senior Technical Recruiter"),
    ("relationship", "Relationship", False, "not said"),
    ("email", "E-mail", False, "dana@example.com"),
    ("phone", "Phone", False, ""),
    ("linkedin_url", "LinkedIn", False, "https://www.linkedin.com/in/…"),
    ("cadence_days", "Cadence days", False, "blank: by relationship (recruiter 30 …)"),
    ("notes", "Notes", False, "ctrl+o opens $EDITOR"),
)


def contact_form(app: RungApp, current: Contact | None = None) -> FormScreen:
    """The add (``current`` None) or edit form of a contact."""
    store = app.store
    fields = []
    for name, label, required, hint in _FIELDS:
        raw = getattr(current, name) if current is not None else None
        kinds: dict[str, Any] = {}
        if name == "relationship":
            kinds = {
                "kind": "choice",
                "choices": tuple((r, r.replace("_", " ")) for r in RELATIONSHIPS),
            }
        fields.append(Field(name, label, "" if raw is None else str(raw), hint, required, **kinds))

    def submit(values: dict[str, str]) -> Contact:
        cleaned: dict[str, Any] = {k: (v.strip() or None) for k, v in values.items()}
        if current is None:
            given = {k: v for k, v in cleaned.items() if v is not None}
            return add_or_ask(
                app,
                lambda force: add_contact(  # a duplicate: asks
                    store, refuse_duplicates=not force, **given
                ),
            )
        changes = {
            k: v for k, v in cleaned.items() if str(getattr(current, k) or "") != str(v or "")
        }
        return edit_contact(store, current.id, changes) if changes else current

    title = "New contact" if current is None else f"Edit: {current.name}"
    return FormScreen(title, fields, submit)


def add_contact_dialog(app: RungApp, on_done: Any = None) -> None:
    """Open the add form; on save, refresh and report."""

    def done(result: Contact | None) -> None:
        if result is None:
            return
        app.notify(f"Added {result.name}")
        if on_done:
            on_done(result.id)

    app.push_screen(contact_form(app), done)


def edit_contact_dialog(app: RungApp, contact_id: int) -> None:
    """Open the edit form of one contact."""

    def done(result: Contact | None) -> None:
        if result is not None:
            app.notify(f"Saved {result.name}")

    app.push_screen(contact_form(app, get_contact(app.store, contact_id)), done)


def log_interaction_dialog(
    app: RungApp, contact_id: int, application_id: int | None = None
) -> None:
    """Log a touch with a contact; their cadence restarts from it."""
    contact = get_contact(app.store, contact_id)
    fields = [
        Field("summary", "Summary", "", "what was said, what's next", True),
        Field(
            "channel",
            "Channel",
            "call",
            "not said",
            kind="choice",
            choices=tuple((c, c) for c in CHANNELS),
        ),
        Field("at", "When", "", "blank: now; or yesterday 15:00, 2026-03-14", kind="datetime"),
        Field(
            "application",
            "Application",
            "" if application_id is None else str(application_id),
            "none (optional: what it was about)",
            kind="application",
        ),
    ]

    def submit(values: dict[str, str]) -> Any:
        app_id = int(values["application"]) if values["application"] else None
        return log_interaction(
            app.store,
            contact_id,
            summary=values["summary"],
            channel=values["channel"] or None,
            at=values["at"] or None,
            application_id=app_id,
        )

    def done(result: Any) -> None:
        if result is not None:
            app.notify(f"Logged {result.channel or 'interaction'} with {contact.name}")

    app.push_screen(FormScreen(f"Log an interaction with {contact.name}", fields, submit), done)


def delete_contact_dialog(app: RungApp, contact_id: int, on_done: Any = None) -> None:
    """Confirm, delete, and offer undo."""
    contact = get_contact(app.store, contact_id)

    def done(yes: bool | None) -> None:
        if yes:
            app.push_undo(delete_contact(app.store, contact_id))
            if on_done:
                on_done()

    app.push_screen(
        ConfirmScreen(
            f"Delete {contact.name}?", "Their interactions and follow-ups go too. Press u to undo."
        ),
        done,
    )
