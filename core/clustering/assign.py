"""Assigning feedback to gaps: all at once (``recluster``) or one at a time (incremental).

User decisions (``assigned_by = 'user'``) are never changed here; their texts teach the
scorer. The scorer is built once per process and rebuilt only when the taxonomy or the
user's corrections change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from ..clock import now_iso
from ..commands.feedback import add_feedback, get_feedback
from ..models import Feedback
from ..store import Store
from .emergent import emergent_groups, label_for
from .scoring import Scorer
from .taxonomy import GapRow, live_gaps

_CACHE: dict[int, tuple[tuple[Any, ...], Scorer, list[GapRow]]] = {}


def _signature(store: Store) -> tuple[Any, ...]:
    # aggregates without GROUP BY: always exactly one row
    (gaps,) = store.query(
        "SELECT count(*) AS n, coalesce(max(id), 0) AS top, "
        "coalesce(sum(CASE WHEN merged_into IS NULL THEN id ELSE 0 END), 0) AS live FROM gaps"
    )
    (user,) = store.query(
        "SELECT count(*) AS n, coalesce(sum(id * 31 + gap_id), 0) AS h, "
        "coalesce(sum(length(coalesce(clarification, ''))), 0) AS c "
        "FROM feedback WHERE assigned_by = 'user' AND status = 'confirmed'"
    )
    return (gaps["n"], gaps["top"], gaps["live"], user["n"], user["h"], user["c"])


def scorer_for(store: Store) -> tuple[Scorer, list[GapRow]]:
    """The scorer for this database's gaps and user corrections (cached)."""
    gaps = live_gaps(store)
    signature = _signature(store)
    cached = _CACHE.get(id(store))
    if cached is not None and cached[0] == signature:
        return cached[1], cached[2]
    examples: dict[int, list[str]] = {}
    for row in store.query(
        "SELECT gap_id, text, clarification FROM feedback WHERE assigned_by = 'user' "
        "AND status = 'confirmed' AND gap_id IS NOT NULL ORDER BY id"
    ):
        examples.setdefault(row["gap_id"], []).append(row["clarification"] or row["text"])
    scorer = Scorer(gaps, examples)
    _CACHE[id(store)] = (signature, scorer, gaps)
    return scorer, gaps


def _classify_text(row: dict[str, Any]) -> str:
    """The text to classify: the user's answer to "which experience?" comes first."""
    if row.get("clarification"):
        return f"{row['clarification']}. {row['text']}"
    return row["text"]


def recluster(store: Store) -> dict[str, int]:
    """Assign every confirmed feedback not placed by the user; rebuild emergent gaps.

    Deterministic: the same feedback and corrections give the same gaps.
    Returns counts: assigned, unclustered, emergent gaps.
    """
    scorer, gaps = scorer_for(store)
    rows = store.query(
        "SELECT id, text, clarification FROM feedback WHERE status = 'confirmed' "
        "AND (assigned_by IS NULL OR assigned_by = 'auto') ORDER BY id"
    )
    results = scorer.score_texts([_classify_text(r) for r in rows])
    # emergent gaps grow only from texts that give a reason, each distinct text once
    unmatched, seen = [], set()
    for r, res in zip(rows, results, strict=True):
        key = " ".join(_classify_text(r).casefold().split())
        if res.gap is None and not res.no_reason and key not in seen:
            seen.add(key)
            unmatched.append((r, res))
    with store.transaction():
        _drop_unused_emergent(store)
        store.conn.executemany(
            "UPDATE feedback SET gap_id = ?, score = ?, assigned_by = ?, no_reason = ?"
            " WHERE id = ?",
            [_placement(gaps, row, res) for row, res in zip(rows, results, strict=True)],
        )
        created = 0
        for members, central in emergent_groups([r["text"] for r, _ in unmatched]):
            central_row = unmatched[central][0]
            digest = hashlib.sha1(central_row["text"].encode()).hexdigest()[:8]
            slug = f"emergent-{digest}"
            gap_id = store.scalar("SELECT id FROM gaps WHERE slug = ?", [slug])
            if gap_id is None:
                gap_id = store.insert(
                    "gaps",
                    {
                        "slug": slug,
                        "label": label_for(central_row["text"]),
                        "kind": "gap",
                        "description": "Found in your feedback: name it, merge it, or move its texts.",
                        "origin": "emergent",
                        "created_at": now_iso(),
                    },
                )
                created += 1
            for index in members:
                store.execute(
                    "UPDATE feedback SET gap_id = ?, assigned_by = 'auto' WHERE id = ?",
                    [gap_id, unmatched[index][0]["id"]],
                )
    _CACHE.pop(id(store), None)
    assigned = sum(1 for r in results if r.gap is not None)
    no_reason = sum(1 for r in results if r.no_reason)
    return {
        "assigned": assigned,
        "no_reason": no_reason,
        "unclustered": len(rows) - assigned - no_reason,
        "emergent_gaps": created,
    }


def _placement(gaps: list[GapRow], row: dict[str, Any], res: Any) -> tuple[Any, ...]:
    """The UPDATE parameters that file one feedback where its assignment says."""
    gap_id = gaps[res.gap].id if res.gap is not None else None
    return (gap_id, round(res.score, 4), "auto" if gap_id else None, int(res.no_reason), row["id"])


def _drop_unused_emergent(store: Store) -> None:
    store.execute(
        "UPDATE feedback SET gap_id = NULL, assigned_by = NULL WHERE assigned_by = 'auto' AND "
        "gap_id IN (SELECT id FROM gaps WHERE origin = 'emergent')"
    )
    store.execute(
        "DELETE FROM gaps WHERE origin = 'emergent' AND id NOT IN "
        "(SELECT gap_id FROM feedback WHERE gap_id IS NOT NULL) AND id NOT IN "
        "(SELECT gap_id FROM gap_actions)"
    )


def _score_rows(
    store: Store,
    rows: list[dict[str, Any]],
) -> list[tuple[dict[str, Any], Any, tuple[Any, ...]]]:
    """Each feedback row with its assignment and the UPDATE parameters that file it."""
    scorer, gaps = scorer_for(store)
    results = scorer.score_texts([_classify_text(r) for r in rows])
    return [(row, res, _placement(gaps, row, res)) for row, res in zip(rows, results, strict=True)]


def _write_placements(store: Store, placements: list[tuple[Any, ...]]) -> None:
    if placements:
        with store.transaction():
            store.conn.executemany(
                "UPDATE feedback SET gap_id = ?, score = ?, assigned_by = ?, no_reason = ?"
                " WHERE id = ?",
                placements,
            )


# confirmed feedback never scored yet: imported, or confirmed from the import's candidates
_UNPLACED = (
    "FROM feedback WHERE status = 'confirmed' "
    "AND assigned_by IS NULL AND gap_id IS NULL AND score IS NULL"
)


def unplaced_count(store: Store) -> int:
    """How many confirmed pieces of feedback were never placed (``assign_unplaced``'s)."""
    return int(store.scalar(f"SELECT count(*) {_UNPLACED}") or 0)


def assign_unplaced(store: Store) -> int:
    """Place every confirmed feedback never scored yet (imported, or confirmed from the
    import's candidates) in one batch, leaving the rest as it is; returns how many."""
    rows = store.query(f"SELECT id, text, clarification {_UNPLACED} ORDER BY id")
    if not rows:
        return 0
    _write_placements(store, [placed for _, _, placed in _score_rows(store, rows)])
    return len(rows)


def refile(store: Store) -> int:
    """File again every feedback rung placed (never one the user placed) with the scorer as
    the user's corrections now teach it; returns how many moved. A text that no gap claims
    any more keeps its emergent gap."""
    rows = store.query(
        "SELECT f.id, f.text, f.clarification, f.gap_id, f.no_reason, g.origin FROM feedback f"
        " LEFT JOIN gaps g ON g.id = f.gap_id WHERE f.status = 'confirmed'"
        " AND (f.assigned_by IS NULL OR f.assigned_by = 'auto') ORDER BY f.id"
    )
    if not rows:
        return 0
    changes = []
    for row, res, placed in _score_rows(store, rows):
        if placed[0] is None and not res.no_reason and row["origin"] == "emergent":
            continue
        if (placed[0], placed[3]) != (row["gap_id"], row["no_reason"]):
            changes.append(placed)
    _write_placements(store, changes)
    return len(changes)


def assign_feedback(store: Store, feedback_id: int) -> str | None:
    """Place one new piece of feedback without re-clustering the rest; returns the gap slug.

    Feedback the user placed by hand is left where it is.
    """
    row = store.query_one("SELECT * FROM feedback WHERE id = ?", [feedback_id])
    if row is None or row["assigned_by"] == "user" or row["status"] != "confirmed":
        return None
    scorer, gaps = scorer_for(store)
    result = scorer.score_texts([_classify_text(row)])[0]
    gap = gaps[result.gap] if result.gap is not None else None
    with store.transaction():
        store.execute(
            "UPDATE feedback SET gap_id = ?, score = ?, assigned_by = ?, no_reason = ?"
            " WHERE id = ?",
            _placement(gaps, row, result),
        )
    return gap.slug if gap else None


@dataclass
class Logged:
    """A logged piece of feedback and where it landed."""

    feedback: Feedback
    gap_slug: str | None
    gap_label: str | None


def log_feedback(store: Store, text: str, **fields: Any) -> Logged:
    """Add feedback (see ``add_feedback``) and assign it to a gap at once."""
    with store.transaction():
        item = add_feedback(store, text, **fields)
        slug = assign_feedback(store, item.id)
    label = store.scalar("SELECT label FROM gaps WHERE slug = ?", [slug]) if slug else None
    return Logged(get_feedback(store, item.id), slug, label)
