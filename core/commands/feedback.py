"""Feedback: the sentences that say why an offer did not come."""

from __future__ import annotations

from dataclasses import dataclass

from ..clock import now_iso, today
from ..dates import parse_user_date
from ..errors import NotFound, ValidationError
from ..models import Feedback, from_row
from ..store import Store
from ..undo import Tombstone, delete_with_undo

MAX_FEEDBACK_CHARS = 20_000


def add_feedback(
    store: Store,
    text: str,
    *,
    application_id: int | None = None,
    interview_id: int | None = None,
    received_on: str | None = None,
    source: str | None = None,
    status: str = "confirmed",
) -> Feedback:
    """Log one piece of feedback as given (the text is stored verbatim)."""
    errors: dict[str, str] = {}
    if not text or not text.strip():
        errors["text"] = "feedback text is empty"
    elif len(text) > MAX_FEEDBACK_CHARS:
        errors["text"] = f"too long ({len(text)} characters; at most {MAX_FEEDBACK_CHARS})"
    day = today().isoformat()
    if received_on:
        try:
            day = parse_user_date(received_on).isoformat()
        except ValueError as exc:
            errors["received_on"] = str(exc)
    if (
        application_id is not None
        and store.scalar("SELECT 1 FROM applications WHERE id = ?", [application_id]) is None
    ):
        errors["application"] = f"no application with id {application_id}"
    if interview_id is not None:
        owner = store.query_one(
            "SELECT application_id FROM interviews WHERE id = ?", [interview_id]
        )
        if owner is None:
            errors["interview"] = f"no interview with id {interview_id}"
        elif application_id is None:
            application_id = owner["application_id"]
    if errors:
        raise ValidationError(errors)
    with store.transaction():
        ident = store.insert(
            "feedback",
            {
                "text": text,
                "application_id": application_id,
                "interview_id": interview_id,
                "received_on": day,
                "source": (source or "").strip() or None,
                "status": status,
                "created_at": now_iso(),
            },
        )
    return get_feedback(store, ident)


def get_feedback(store: Store, ident: int) -> Feedback:
    """One piece of feedback by id."""
    row = store.query_one("SELECT * FROM feedback WHERE id = ?", [ident])
    if row is None:
        raise NotFound("feedback", ident)
    return from_row(Feedback, row)


def list_feedback(store: Store, *, application_id: int | None = None) -> list[Feedback]:
    """Confirmed feedback, newest first (optionally of one application)."""
    sql = "SELECT * FROM feedback WHERE status = 'confirmed'"
    params: list[object] = []
    if application_id is not None:
        sql += " AND application_id = ?"
        params.append(application_id)
    sql += " ORDER BY received_on DESC, id DESC"
    return [from_row(Feedback, r) for r in store.query(sql, params)]


def delete_feedback(store: Store, ident: int) -> Tombstone:
    """Delete a piece of feedback; returns a Tombstone for undo."""
    item = get_feedback(store, ident)
    return delete_with_undo(store, "feedback", ident, f"feedback: {item.text[:40]}")


@dataclass(frozen=True, slots=True)
class FeedbackPlace:
    """Where a piece of feedback lives: its gap (slug, after no merge), its application,
    its status ("confirmed" | "candidate" | "dismissed") and whether it gives no reason."""

    gap_slug: str | None
    application_id: int | None
    status: str
    no_reason: bool


def feedback_place(store: Store, ident: int) -> FeedbackPlace | None:
    """Where feedback ``ident`` lives, or None when there is no such feedback."""
    row = store.query_one(
        "SELECT g.slug, f.application_id, f.status, f.no_reason "
        "FROM feedback f LEFT JOIN gaps g ON g.id = f.gap_id WHERE f.id = ?",
        [ident],
    )
    if row is None:
        return None
    return FeedbackPlace(row["slug"], row["application_id"], row["status"], bool(row["no_reason"]))


def feedback_gap_label(store: Store, ident: int) -> str | None:
    """The label of the gap feedback ``ident`` is filed under (None: in no gap, or none)."""
    label = store.scalar(
        "SELECT g.label FROM feedback f JOIN gaps g ON g.id = f.gap_id WHERE f.id = ?", [ident]
    )
    return None if label is None else str(label)
