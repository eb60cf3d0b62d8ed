"""Interviews of an application: rounds, kinds, outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..clock import now, now_iso
from ..dates import parse_user_datetime
from ..errors import NotFound, ValidationError
from ..models import Interview, from_row
from ..store import Store
from ..undo import Tombstone, delete_with_undo

KINDS = (
    "recruiter_screen",
    "hiring_manager",
    "panel",
    "technical",
    "exec",
    "case_presentation",
    "reference",
    "other",
)
OUTCOMES = ("pending", "passed", "failed", "cancelled")
EDITABLE_FIELDS = ("round", "kind", "scheduled_at", "with_whom", "outcome", "notes")


def _parse_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    key = value.strip().casefold().replace(" ", "_").replace("-", "_").replace("/", "_")
    if key in choices:
        return key
    matches = [c for c in choices if c.startswith(key)]
    if len(matches) == 1:
        return matches[0]
    raise ValueError(f"unknown {what} {value!r} (one of: {', '.join(choices)})")


def validate_interview(fields: dict[str, Any]) -> dict[str, Any]:
    """Check and normalize interview fields; ValidationError names each bad field."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            errors[name] = "not a field of an interview"
            continue
        if isinstance(value, str):
            value = value.strip() or None
        try:
            if name == "round" and value is not None:
                value = int(value)
                if value < 1:
                    raise ValueError("rounds start at 1")
            elif name == "kind" and value:
                value = _parse_choice(value, KINDS, "interview kind")
            elif name == "outcome" and value:
                value = _parse_choice(value, OUTCOMES, "outcome")
            elif name == "scheduled_at" and value:
                value = parse_user_datetime(value)
        except ValueError as exc:
            errors[name] = str(exc) if "invalid literal" not in str(exc) else "a whole number"
            continue
        out[name] = value
    if errors:
        raise ValidationError(errors)
    return out


def add_interview(store: Store, application_id: int, **fields: Any) -> Interview:
    """Schedule or record an interview round of an application."""
    if store.scalar("SELECT 1 FROM applications WHERE id = ?", [application_id]) is None:
        raise NotFound("application", application_id)
    values = validate_interview(fields)
    if values.get("round") is None:
        values["round"] = int(
            store.scalar(
                "SELECT coalesce(max(round), 0) + 1 FROM interviews WHERE application_id = ?",
                [application_id],
            )
            or 1
        )
    values.setdefault("kind", None)
    values["kind"] = values["kind"] or "recruiter_screen"
    with store.transaction():
        ident = store.insert(
            "interviews", {**values, "application_id": application_id, "created_at": now_iso()}
        )
    return get_interview(store, ident)


def get_interview(store: Store, ident: int) -> Interview:
    """One interview by id."""
    row = store.query_one("SELECT * FROM interviews WHERE id = ?", [ident])
    if row is None:
        raise NotFound("interview", ident)
    return from_row(Interview, row)


def edit_interview(store: Store, ident: int, changes: dict[str, Any]) -> Interview:
    """Change an interview's fields (kind, when, with whom, round, outcome, notes); a blank
    kind or round is an error at that field, a blank when, with, outcome or notes clears it."""
    current = get_interview(store, ident)
    values = validate_interview(changes)
    errors = {
        name: message
        for name, message in (
            ("kind", "a kind is required"),
            ("round", "a round number is required"),
        )
        if name in values and values[name] is None
    }
    if errors:
        raise ValidationError(errors)
    values = {k: v for k, v in values.items() if getattr(current, k) != v}
    if values:
        with store.transaction():
            store.update("interviews", ident, values)
    return get_interview(store, ident)


def revert_interview(store: Store, ident: int, values: dict[str, Any]) -> Interview:
    """Put fields back exactly as they were stored (the undo of an edit; not validated)."""
    get_interview(store, ident)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not fields of an interview: {', '.join(sorted(unknown))}")
    with store.transaction():
        store.update("interviews", ident, values)
    return get_interview(store, ident)


def is_ahead(scheduled_at: str | None, moment: datetime | None = None) -> bool:
    """True when an interview scheduled at ``scheduled_at`` has not happened yet: a date
    with no time from today on, a time from ``moment`` (default now) on; a UTC time
    (``…Z``) is compared in this machine's zone."""
    if not scheduled_at:
        return False
    moment = moment or now()
    if len(scheduled_at) == 10:
        return scheduled_at >= moment.date().isoformat()
    try:
        when = datetime.fromisoformat(scheduled_at.replace("Z", "+00:00"))
    except ValueError:
        return False
    if when.tzinfo is not None:
        from dateutil import tz  # here: a command that never meets a zoned time skips it

        when = when.astimezone(tz.tzlocal()).replace(tzinfo=None)
    return when >= moment


def interviews_ahead(store: Store, application_id: int) -> list[Interview]:
    """An application's interviews still to come (scheduled, not yet held, outcome not
    known or pending), soonest first."""
    rows = store.query(
        "SELECT * FROM interviews WHERE application_id = ? AND scheduled_at IS NOT NULL"
        " AND coalesce(outcome, 'pending') = 'pending' ORDER BY scheduled_at, round",
        [application_id],
    )
    moment = now()
    return [from_row(Interview, r) for r in rows if is_ahead(r["scheduled_at"], moment)]


def cancel_interviews_ahead(store: Store, application_id: int) -> list[Interview]:
    """Mark the interviews still to come of an application cancelled (it was closed): they
    leave the Review's interviews ahead and the calendar. Returns them, cancelled."""
    ahead = interviews_ahead(store, application_id)
    if ahead:
        with store.transaction():
            for interview in ahead:
                store.update("interviews", interview.id, {"outcome": "cancelled"})
                interview.outcome = "cancelled"
    return ahead


def list_interviews(store: Store, application_id: int) -> list[Interview]:
    """An application's interviews in round order."""
    rows = store.query(
        "SELECT * FROM interviews WHERE application_id = ? ORDER BY round, scheduled_at",
        [application_id],
    )
    return [from_row(Interview, r) for r in rows]


def delete_interview(store: Store, ident: int) -> Tombstone:
    """Delete an interview; returns a Tombstone for undo."""
    interview = get_interview(store, ident)
    return delete_with_undo(store, "interviews", ident, f"interview round {interview.round}")
