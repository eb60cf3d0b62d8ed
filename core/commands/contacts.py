"""Contacts and the interactions with them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..clock import now_iso, today
from ..config import MAX_CADENCE_DAYS
from ..dates import add_days, parse_user_date, parse_user_datetime, to_date
from ..errors import NotFound, ValidationError
from ..models import Contact, Interaction, from_row
from ..store import Store
from ..text import normalize_linkedin_profile, normalize_person
from ..undo import Tombstone, delete_with_undo
from .common import mark_user_edited
from .companies import get_or_create_company

RELATIONSHIPS = (
    "recruiter",
    "hiring_manager",
    "referrer",
    "mentor",
    "peer",
    "former_colleague",
    "other",
)
#: Days between touches when a contact has no cadence of their own.
DEFAULT_CADENCE = {"recruiter": 30, "referrer": 45, "mentor": 60}
CHANNELS = ("email", "call", "video", "linkedin", "message", "coffee", "meeting", "other")
EDITABLE_FIELDS = (
    "name",
    "company",
    "title",
    "email",
    "phone",
    "linkedin_url",
    "relationship",
    "source",
    "connected_on",
    "cadence_days",
    "notes",
)

_SELECT = """
SELECT p.*, c.name AS company,
       (SELECT max(at) FROM interactions i WHERE i.contact_id = p.id) AS last_contacted,
       (SELECT min(due_on) FROM followups f WHERE f.contact_id = p.id AND f.done_at IS NULL)
         AS next_followup
FROM contacts p LEFT JOIN companies c ON c.id = p.company_id
"""


def effective_cadence(
    relationship: str | None, cadence_days: int | None, defaults: dict[str, int] | None = None
) -> int | None:
    """A contact's cadence in days: their own, else the default for the relationship
    (``defaults`` from the user's settings override ``DEFAULT_CADENCE``)."""
    if cadence_days:
        return cadence_days
    table = {**DEFAULT_CADENCE, **(defaults or {})}
    return table.get(relationship or "")


def _with_cadence(row: dict[str, Any], defaults: dict[str, int] | None = None) -> Contact:
    contact = from_row(Contact, row)
    cadence = effective_cadence(contact.relationship, contact.cadence_days, defaults)
    base = to_date(contact.last_contacted) or to_date(contact.connected_on)
    if cadence and base:
        contact.cadence_due = add_days(base, cadence).isoformat()
    return contact


def parse_relationship(value: str) -> str:
    """A relationship from user input ("Former colleague", "HM") or ValueError."""
    key = value.strip().casefold().replace("-", "_").replace(" ", "_")
    aliases = {
        "hm": "hiring_manager",
        "colleague": "former_colleague",
        "ex_colleague": "former_colleague",
        "referral": "referrer",
        "recruiter_internal": "recruiter",
        "friend": "peer",
    }
    key = aliases.get(key, key)
    if key in RELATIONSHIPS:
        return key
    raise ValueError(f"unknown relationship {value!r} (one of: {', '.join(RELATIONSHIPS)})")


def validate_contact(fields: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Check and normalize contact fields; ValidationError names each bad field."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for name in sorted(set(fields) - set(EDITABLE_FIELDS)):
        errors[name] = "not a field of a contact"
    for name in EDITABLE_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if isinstance(value, str):
            value = value.strip() or None
        try:
            if name == "name":
                if not value:
                    raise ValueError("a name is required")
                value = " ".join(value.split())
            elif name == "email" and value and ("@" not in value or " " in value):
                raise ValueError(f"not an e-mail address: {value!r}")
            elif name == "relationship" and value:
                value = parse_relationship(value)
            elif name == "connected_on" and value:
                value = parse_user_date(value).isoformat()
            elif name == "cadence_days" and value not in (None, ""):
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    raise ValueError(f"a whole number of days, not {value!r}") from None
                if value <= 0:
                    raise ValueError("must be at least 1 day")
                if value > MAX_CADENCE_DAYS:
                    raise ValueError(
                        f"must be at most {MAX_CADENCE_DAYS} days (ten years), not {value}"
                    )
            elif name == "linkedin_url" and value:
                value = normalize_linkedin_profile(value)
        except ValueError as exc:
            errors[name] = str(exc)
            continue
        out[name] = value
    if not partial and "name" not in fields:
        errors["name"] = "a name is required"
    if errors:
        raise ValidationError(errors)
    return out


def add_contact(store: Store, *, refuse_duplicates: bool = False, **fields: Any) -> Contact:
    """Create a contact (and their company if new). With ``refuse_duplicates``, one that
    is probably a contact kept already (see ``duplicates.contact_duplicates``) is not
    added: ``PossibleDuplicate`` names the matches."""
    values = validate_contact(fields)
    stamp = now_iso()
    with store.transaction():
        if refuse_duplicates:
            from .duplicates import PossibleDuplicate, contact_duplicates

            matches = contact_duplicates(
                store,
                values["name"],
                values.get("company"),
                email=values.get("email"),
                linkedin_url=values.get("linkedin_url"),
            )
            if matches:
                raise PossibleDuplicate(matches)
        company = values.pop("company", None)
        row = {
            **values,
            "normalized_name": normalize_person(values["name"]),
            "company_id": get_or_create_company(store, company) if company else None,
            "created_at": stamp,
            "updated_at": stamp,
        }
        contact_id = store.insert("contacts", row)
    return get_contact(store, contact_id)


def get_contact(store: Store, contact_id: int, cadence: dict[str, int] | None = None) -> Contact:
    """One contact with last-contacted and follow-up dates."""
    row = store.query_one(_SELECT + " WHERE p.id = ?", [contact_id])
    if row is None:
        raise NotFound("contact", contact_id)
    return _with_cadence(row, cadence)


def contact_name(store: Store, contact_id: int) -> str:
    """The name of contact ``contact_id`` (``NotFound`` when there is none)."""
    name = find_contact_name(store, contact_id)
    if name is None:
        raise NotFound("contact", contact_id)
    return name


def list_contacts(store: Store, cadence: dict[str, int] | None = None) -> list[Contact]:
    """Contacts, most overdue first: by the earlier of next follow-up and cadence due.

    ``cadence`` maps relationships to days, overriding ``DEFAULT_CADENCE``.
    """
    contacts = [_with_cadence(r, cadence) for r in store.query(_SELECT)]

    def urgency(c: Contact) -> tuple[int, str, str]:
        dues = [d for d in (c.next_followup, c.cadence_due) if d]
        if not dues:
            return (1, "9999", c.name.casefold())
        return (0, min(dues), c.name.casefold())

    contacts.sort(key=urgency)
    return contacts


def edit_contact(store: Store, contact_id: int, changes: dict[str, Any]) -> Contact:
    """Change a contact's fields; edited fields are then never overwritten by an import."""
    get_contact(store, contact_id)
    values = validate_contact(changes, partial=True)
    with store.transaction():
        row = dict(values)
        if "company" in row:
            company = row.pop("company")
            row["company_id"] = get_or_create_company(store, company) if company else None
        if "name" in row:
            row["normalized_name"] = normalize_person(row["name"])
        if row:
            row["updated_at"] = now_iso()
            store.update("contacts", contact_id, row)
            mark_user_edited(store, "contacts", contact_id, list(values))
    return get_contact(store, contact_id)


def delete_contact(store: Store, contact_id: int) -> Tombstone:
    """Delete a contact with their interactions and follow-ups; returns a Tombstone."""
    contact = get_contact(store, contact_id)
    return delete_with_undo(store, "contacts", contact_id, contact.name)


def log_interaction(
    store: Store,
    contact_id: int,
    *,
    summary: str | None = None,
    channel: str | None = None,
    at: str | None = None,
    application_id: int | None = None,
) -> Interaction:
    """Record a touch with a contact; their cadence clock restarts from it."""
    get_contact(store, contact_id)
    errors = {}
    when = now_iso()
    if at:
        try:
            when = parse_user_datetime(at)
        except ValueError as exc:
            errors["at"] = str(exc)
    if channel:
        channel = channel.strip().casefold()
        if channel not in CHANNELS:
            errors["channel"] = f"unknown channel {channel!r} (one of: {', '.join(CHANNELS)})"
    if (
        application_id is not None
        and store.scalar("SELECT 1 FROM applications WHERE id = ?", [application_id]) is None
    ):
        errors["application"] = f"no application with id {application_id}"
    if errors:
        raise ValidationError(errors)
    with store.transaction():
        ident = store.insert(
            "interactions",
            {
                "contact_id": contact_id,
                "application_id": application_id,
                "at": when,
                "channel": channel,
                "summary": (summary or "").strip() or None,
                "created_at": now_iso(),
            },
        )
    return get_interaction(store, ident)


def get_interaction(store: Store, ident: int) -> Interaction:
    """One interaction by id."""
    row = store.query_one(
        "SELECT i.*, c.name AS contact FROM interactions i JOIN contacts c ON c.id = i.contact_id"
        " WHERE i.id = ?",
        [ident],
    )
    if row is None:
        raise NotFound("interaction", ident)
    return from_row(Interaction, row)


def interaction_links(store: Store, ident: int) -> tuple[int | None, int | None] | None:
    """(contact id, application id) of interaction ``ident`` (either may be None), or None
    when there is no such interaction."""
    row = store.query_one(
        "SELECT contact_id, application_id FROM interactions WHERE id = ?", [ident]
    )
    return None if row is None else (row["contact_id"], row["application_id"])


def find_contact_name(store: Store, contact_id: int) -> str | None:
    """The name of contact ``contact_id``, or None when there is none."""
    name = store.scalar("SELECT name FROM contacts WHERE id = ?", [contact_id])
    return None if name is None else str(name)


def list_interactions(store: Store, contact_id: int) -> list[Interaction]:
    """A contact's interactions, newest first."""
    rows = store.query(
        "SELECT i.*, c.name AS contact FROM interactions i JOIN contacts c ON c.id = i.contact_id"
        " WHERE i.contact_id = ? ORDER BY i.at DESC, i.id DESC",
        [contact_id],
    )
    return [from_row(Interaction, r) for r in rows]


def delete_interaction(store: Store, ident: int) -> Tombstone:
    """Delete one interaction; returns a Tombstone for undo."""
    interaction = get_interaction(store, ident)
    return delete_with_undo(store, "interactions", ident, f"interaction with {interaction.contact}")


def overdue_contacts(
    store: Store, *, on: str | None = None, cadence: dict[str, int] | None = None
) -> list[Contact]:
    """Contacts whose cadence or follow-up is due on or before ``on`` (default today)."""
    cutoff = on or today().isoformat()
    return [
        c
        for c in list_contacts(store, cadence)
        if (c.cadence_due and c.cadence_due <= cutoff)
        or (c.next_followup and c.next_followup <= cutoff)
    ]


@dataclass(frozen=True)
class MonthlyTouches:
    """Interactions per contact per calendar month, oldest month first."""

    months: tuple[str, ...]  # "2026-01" … the current month
    by_contact: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def counts(self, contact_id: int) -> tuple[int, ...]:
        """One count per month for this contact (zeros when none)."""
        return self.by_contact.get(contact_id, (0,) * len(self.months))


def monthly_touches(store: Store, months: int = 12, *, on: str | None = None) -> MonthlyTouches:
    """Every contact's interactions per month over the last ``months`` calendar months
    (the current one included), in one grouped query."""
    day = (to_date(on) if on else None) or today()
    year, month = day.year, day.month
    keys: list[str] = []
    for back in range(months - 1, -1, -1):
        y, m = divmod(year * 12 + month - 1 - back, 12)
        keys.append(f"{y:04d}-{m + 1:02d}")
    y, m = divmod(year * 12 + month, 12)
    index = {k: i for i, k in enumerate(keys)}
    by_contact: dict[int, list[int]] = {}
    for row in store.query(
        "SELECT contact_id, substr(at, 1, 7) AS month, count(*) AS n FROM interactions"
        " WHERE at >= ? AND at < ? GROUP BY contact_id, month",
        [f"{keys[0]}-01", f"{y:04d}-{m + 1:02d}-01"],
    ):
        if row["month"] in index:
            counts = by_contact.setdefault(row["contact_id"], [0] * months)
            counts[index[row["month"]]] = row["n"]
    return MonthlyTouches(tuple(keys), {k: tuple(v) for k, v in by_contact.items()})
