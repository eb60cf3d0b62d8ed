"""Plans: actions against a gap, tracked like follow-ups, and whether the gap shrinks."""

from __future__ import annotations

from dataclasses import dataclass

from ..clock import now_iso, today
from ..dates import parse_user_date
from ..errors import NotFound, ValidationError
from ..store import Store
from .corrections import gap_id
from .taxonomy import taxonomy_by_slug


@dataclass
class PlanProgress:
    """A gap's share (of the feedback that gives a reason) before and since its plan
    started."""

    started_on: str | None
    share_before: float | None
    share_since: float | None
    feedback_since: int

    @property
    def shrinking(self) -> bool | None:
        if self.share_before is None or self.share_since is None or self.feedback_since < 2:
            return None
        return self.share_since < self.share_before


def suggested_actions(slug: str) -> list[str]:
    """The taxonomy's suggested actions for a gap (none for user or emergent gaps)."""
    definition = taxonomy_by_slug().get(slug)
    return list(definition.actions) if definition else []


def add_action(store: Store, slug: str, action: str, *, due_on: str | None = None) -> int:
    """Add an action to a gap's plan; the first one starts the plan's clock."""
    action = " ".join(action.split())
    errors = {}
    if not action:
        errors["action"] = "say what you will do"
    due = None
    if due_on:
        try:
            due = parse_user_date(due_on).isoformat()
        except ValueError as exc:
            errors["due_on"] = str(exc)
    if errors:
        raise ValidationError(errors)
    target = gap_id(store, slug)
    with store.transaction():
        ident = store.insert(
            "gap_actions",
            {"gap_id": target, "action": action, "due_on": due, "created_at": now_iso()},
        )
        store.execute(
            "UPDATE gaps SET plan_started_on = coalesce(plan_started_on, ?) WHERE id = ?",
            [today().isoformat(), target],
        )
    return ident


def complete_action(store: Store, action_id: int, evidence: str | None = None) -> None:
    """Mark an action done, with evidence ("led the Q3 hiring loop: 4 hires")."""
    if store.scalar("SELECT 1 FROM gap_actions WHERE id = ?", [action_id]) is None:
        raise NotFound("plan action", action_id)
    with store.transaction():
        store.execute(
            "UPDATE gap_actions SET done_at = ?, evidence = coalesce(?, evidence) WHERE id = ?",
            [now_iso(), (evidence or "").strip() or None, action_id],
        )


def list_actions(store: Store, slug: str) -> list[dict[str, object]]:
    """A gap's plan actions, open first, by due date."""
    return store.query(
        "SELECT * FROM gap_actions WHERE gap_id = ? ORDER BY done_at IS NOT NULL, "
        "coalesce(due_on, '9999'), id",
        [gap_id(store, slug)],
    )


def plan_progress(store: Store, slug: str) -> PlanProgress:
    """Is the gap's share smaller since its plan started? The shares as ``report`` defines
    them: over the feedback that gives a reason (form letters of ``no_reason`` left out)."""
    ident = gap_id(store, slug)
    started = store.scalar("SELECT plan_started_on FROM gaps WHERE id = ?", [ident])
    if not started:
        return PlanProgress(None, None, None, 0)

    def share(where: str) -> tuple[float | None, int]:
        (row,) = store.query(  # an aggregate: one row
            f"SELECT count(*) AS total, sum(gap_id = ?) AS mine FROM feedback "
            f"WHERE status = 'confirmed' AND NOT (no_reason = 1 AND gap_id IS NULL) "
            f"AND {where}",
            [ident, started],
        )
        total = row["total"] or 0
        return ((row["mine"] or 0) / total if total else None), total

    before, _ = share("received_on < ?")
    since, n_since = share("received_on >= ?")
    return PlanProgress(started, before, since, n_since)
