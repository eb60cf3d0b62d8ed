"""Feedback candidates: sentences an import found in recruiters' messages and in notes.

They wait (``status = 'candidate'``) until the user says whether each is really about them:
confirmed ones join the gaps at once, dismissed ones are kept out of every figure. Both can
be taken back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..store import Store
from .assign import assign_unplaced


@dataclass(frozen=True)
class Candidate:
    """A piece of feedback an import offered, with the application it names."""

    id: int
    text: str
    received_on: str | None
    source: str | None
    application_id: int | None
    company: str | None
    title: str | None


def list_candidates(store: Store) -> list[Candidate]:
    """Every candidate waiting for a decision, newest first."""
    return [
        Candidate(**row)
        for row in store.query(
            "SELECT f.id, f.text, f.received_on, f.source, f.application_id,"
            " c.name AS company, a.title FROM feedback f"
            " LEFT JOIN applications a ON a.id = f.application_id"
            " LEFT JOIN companies c ON c.id = a.company_id"
            " WHERE f.status = 'candidate' ORDER BY f.received_on DESC, f.id DESC"
        )
    ]


def count_candidates(store: Store) -> int:
    """How many candidates wait for a decision."""
    return int(store.scalar("SELECT count(*) FROM feedback WHERE status = 'candidate'") or 0)


_WAITING = "status = 'candidate'"


def _set_status(store: Store, ids: Sequence[int], status: str, only: str) -> list[int]:
    """Give the feedback ``ids`` that meet the SQL condition ``only`` a new status, out of
    any gap; returns the ids changed."""
    changed = []
    with store.transaction():
        for ident in ids:
            cursor = store.execute(
                "UPDATE feedback SET status = ?, gap_id = NULL, score = NULL, assigned_by = NULL"
                f" WHERE id = ? AND {only}",
                [status, ident],
            )
            if cursor.rowcount:
                changed.append(ident)
    return changed


def confirm_candidates(store: Store, ids: Sequence[int]) -> list[int]:
    """Count these candidates as feedback and place them in gaps; returns the ids changed
    (ids that are no candidate are left alone)."""
    with store.transaction():
        changed = _set_status(store, ids, "confirmed", _WAITING)
        if changed:
            assign_unplaced(store)
    return changed


def dismiss_candidates(store: Store, ids: Sequence[int]) -> list[int]:
    """Keep these candidates out of the gaps (not feedback about the user)."""
    return _set_status(store, ids, "dismissed", _WAITING)


def reopen_candidates(store: Store, ids: Sequence[int]) -> None:
    """Undo a confirm or a dismiss: the texts wait for a decision again."""
    # a confirmed text the user has since moved to a gap by hand keeps that decision
    _set_status(
        store, ids, "candidate", "status != 'candidate' AND coalesce(assigned_by, '') != 'user'"
    )
