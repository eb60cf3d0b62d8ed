"""The gaps ranked by weight: with every piece of feedback (``gaps_report``) or as the
figures a list of gaps shows (``gaps_summary``, a fraction of the cost on large data)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import clock
from ..store import Store
from .weights import feedback_weight, month_keys

_FROM = (
    " FROM feedback f LEFT JOIN interviews v ON v.id = f.interview_id "
    "LEFT JOIN applications a ON a.id = f.application_id "
)
_ORDER = " ORDER BY f.received_on DESC, f.id DESC"


def gaps_report(store: Store, *, level: str | None = None) -> dict[str, Any]:
    """The gaps ranked by weight, each with its feedback, and the unclustered feedback.

    Shape (the CLI contract): ``{"gaps": [{"slug", "label", "kind", "weight", "count",
    "share", "trend", "feedback": [{"id", "text"}]}], "unclustered": [{"id", "text"}],
    "no_reason": [{"id", "text"}]}``. Every confirmed feedback appears exactly once across
    the gaps, ``no_reason`` (form letters: they give no reason, so the user should ask) and
    ``unclustered``. ``level`` keeps only feedback on
    applications of that level.
    """
    where, params = _where(level)
    rows = store.query(
        "SELECT f.id, f.text, f.received_on, f.gap_id, f.no_reason, f.assigned_by, "
        "v.round AS round, "
        "a.level AS level, c.name AS company, a.title AS role" + _FROM
        + "LEFT JOIN companies c ON c.id = a.company_id" + where + _ORDER, params)
    items = [{"id": r["id"], "text": r["text"], "received_on": r["received_on"],
              "company": r["company"], "role": r["role"], "level": r["level"],
              "round": r["round"], "assigned_by": r["assigned_by"]} for r in rows]
    keys = [(r["gap_id"], r["received_on"], r["round"], r["no_reason"]) for r in rows]
    ranked, unclustered, no_reason, months = _rank(store, keys, items)
    return {"gaps": ranked, "unclustered": unclustered, "no_reason": no_reason,
            "months": months}


def gaps_summary(store: Store, *, level: str | None = None) -> dict[str, Any]:
    """What ``gaps_report`` says of each gap (same order, weights, counts, shares and
    trends) without the feedback lists: ``{"gaps": [...], "unclustered": <count>,
    "no_reason": <count>, "months": [...]}``. Reads four columns per feedback, not ten."""
    where, params = _where(level)
    keys = store.execute("SELECT f.gap_id, f.received_on, v.round, f.no_reason" + _FROM
                         + where + _ORDER, params).fetchall()
    ranked, unclustered, no_reason, months = _rank(store, keys, None)
    return {"gaps": ranked, "unclustered": len(unclustered), "no_reason": len(no_reason),
            "months": months}


def feedback_count(store: Store, *, level: str | None = None) -> int:
    """How many confirmed pieces of feedback there are (on applications of ``level``, when
    given): every one sits in a gap, ``unclustered`` or ``no_reason``."""
    where, params = _where(level)
    return int(store.scalar("SELECT count(*)" + _FROM + where, params) or 0)


def _where(level: str | None) -> tuple[str, list[Any]]:
    if level:
        return " WHERE f.status = 'confirmed' AND a.level = ?", [level]
    return " WHERE f.status = 'confirmed'", []


def _rank(
    store: Store,
    keys: Sequence[tuple[int | None, str | None, int | None, int]],
    items: list[dict[str, Any]] | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any] | None], list[dict[str, Any] | None],
           list[str]]:
    """Gap entries heaviest first, the unclustered items, the no-reason items, the trend's
    months.

    ``keys`` holds (gap id, received on, round, no reason) per feedback; ``items``, when
    given, the feedback to list under each gap (same order).
    """
    today = clock.today()
    months = month_keys(today)
    gaps = {g["id"]: g for g in store.query("SELECT * FROM gaps")}
    target: dict[int | None, dict[str, Any] | None] = {}  # merged gaps resolved once
    weights: dict[tuple[str | None, int | None], float] = {}  # few distinct days and rounds
    by_gap: dict[int, dict[str, Any]] = {}
    unclustered: list[dict[str, Any] | None] = []
    no_reason: list[dict[str, Any] | None] = []
    for index, (gap_id, received_on, round_number, reasonless) in enumerate(keys):
        item = items[index] if items is not None else None
        if reasonless and gap_id is None:
            no_reason.append(item)
            continue
        if gap_id not in target:
            gap = gaps.get(gap_id)  # type: ignore[arg-type]
            while gap is not None and gap["merged_into"] is not None:
                gap = gaps.get(gap["merged_into"])
            target[gap_id] = gap
        gap = target[gap_id]
        if gap is None:
            unclustered.append(item)
            continue
        entry = by_gap.get(gap["id"])
        if entry is None:
            entry = by_gap[gap["id"]] = {
                "slug": gap["slug"], "label": gap["label"], "kind": gap["kind"],
                "origin": gap["origin"], "weight": 0.0, "count": 0,
                "trend": dict.fromkeys(months, 0)}
            if items is not None:
                entry["feedback"] = []
        weight = weights.get((received_on, round_number))
        if weight is None:
            weight = weights[(received_on, round_number)] = feedback_weight(
                received_on, round_number, today)
        entry["weight"] += weight
        entry["count"] += 1
        month = (received_on or "")[:7]
        if month in entry["trend"]:
            entry["trend"][month] += 1
        if items is not None:
            entry["feedback"].append(item)
    total = (len(keys) - len(no_reason)) or 1  # shares of the texts that give a reason
    ranked = sorted(by_gap.values(), key=lambda g: (-g["weight"], g["slug"]))
    for entry in ranked:
        entry["weight"] = round(entry["weight"], 3)
        entry["share"] = round(entry["count"] / total, 3)
        entry["trend"] = [entry["trend"][m] for m in months]
    return ranked, unclustered, no_reason, months
