"""Follow-ups: the to-do list of a job search."""

from __future__ import annotations

from datetime import timedelta

from ..clock import now_iso, today
from ..dates import parse_user_date, to_date
from ..errors import NotFound, ValidationError
from ..models import Followup, from_row
from ..store import Store
from ..undo import Tombstone, delete_with_undo

_SELECT = """
SELECT f.*, p.name AS contact,
       CASE WHEN a.id IS NULL THEN NULL ELSE c.name || ' — ' || a.title END AS application
FROM followups f
LEFT JOIN contacts p ON p.id = f.contact_id
LEFT JOIN applications a ON a.id = f.application_id
LEFT JOIN companies c ON c.id = a.company_id
"""


def add_followup(
    store: Store,
    *,
    what: str,
    due_on: str,
    contact_id: int | None = None,
    application_id: int | None = None,
) -> Followup:
    """Add a follow-up due on a date, about a contact and/or an application."""
    errors: dict[str, str] = {}
    if not (what or "").strip():
        errors["what"] = "say what to follow up on"
    try:
        due = parse_user_date(due_on).isoformat()
    except ValueError as exc:
        errors["due_on"] = str(exc)
    if (
        contact_id is not None
        and store.scalar("SELECT 1 FROM contacts WHERE id = ?", [contact_id]) is None
    ):
        errors["contact"] = f"no contact with id {contact_id}"
    if (
        application_id is not None
        and store.scalar("SELECT 1 FROM applications WHERE id = ?", [application_id]) is None
    ):
        errors["application"] = f"no application with id {application_id}"
    if errors:
        raise ValidationError(errors)
    with store.transaction():
        ident = store.insert(
            "followups",
            {
                "contact_id": contact_id,
                "application_id": application_id,
                "due_on": due,
                "what": what.strip(),
                "created_at": now_iso(),
            },
        )
    return get_followup(store, ident)


def get_followup(store: Store, ident: int) -> Followup:
    """One follow-up by id."""
    row = store.query_one(_SELECT + " WHERE f.id = ?", [ident])
    if row is None:
        raise NotFound("follow-up", ident)
    return from_row(Followup, row)


def list_followups(
    store: Store,
    *,
    include_done: bool = False,
    contact_id: int | None = None,
    application_id: int | None = None,
) -> list[Followup]:
    """Follow-ups, earliest due first; open ones only unless ``include_done``."""
    where, params = [], []
    if not include_done:
        where.append("f.done_at IS NULL")
    if contact_id is not None:
        where.append("f.contact_id = ?")
        params.append(contact_id)
    if application_id is not None:
        where.append("f.application_id = ?")
        params.append(application_id)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY f.done_at IS NOT NULL, f.due_on, f.id"
    return [from_row(Followup, r) for r in store.query(sql, params)]


def complete_followup(store: Store, ident: int, *, done: bool = True) -> Followup:
    """Mark a follow-up done (or open again with ``done=False``)."""
    get_followup(store, ident)
    with store.transaction():
        store.update("followups", ident, {"done_at": now_iso() if done else None})
    return get_followup(store, ident)


def snooze_followup(store: Store, ident: int, days: int) -> Followup:
    """Push a follow-up's due date ``days`` later than the later of its due date and today."""
    item = get_followup(store, ident)
    base = max(to_date(item.due_on) or today(), today())
    with store.transaction():
        store.update("followups", ident, {"due_on": (base + timedelta(days=days)).isoformat()})
    return get_followup(store, ident)


def reschedule_followup(store: Store, ident: int, due_on: str) -> Followup:
    """Set a follow-up's due date (``YYYY-MM-DD``), e.g. to take a snooze back."""
    get_followup(store, ident)
    with store.transaction():
        store.update("followups", ident, {"due_on": due_on})
    return get_followup(store, ident)


def delete_followup(store: Store, ident: int) -> Tombstone:
    """Delete a follow-up; returns a Tombstone for undo."""
    item = get_followup(store, ident)
    return delete_with_undo(store, "followups", ident, f"follow-up: {item.what}")
