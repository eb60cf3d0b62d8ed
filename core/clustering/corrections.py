"""What the user teaches: reassign, merge, split, rename, mark external, clarify.

Every decision is stored with ``assigned_by = 'user'``; no later run changes it, and the
texts become examples for their gap, so the next similar feedback lands in the same place.
"""

from __future__ import annotations

import re

from ..clock import now_iso
from ..errors import NotFound, ValidationError
from ..store import Store
from .assign import refile
from .taxonomy import sync_taxonomy


def gap_id(store: Store, slug: str) -> int:
    """The id of a live gap by slug (following merges), or NotFound."""
    sync_taxonomy(store)
    row = store.query_one("SELECT id, merged_into FROM gaps WHERE slug = ?", [slug])
    if row is None:
        raise NotFound("gap", slug)
    while row["merged_into"] is not None:  # a foreign key: the gap merged into exists
        (row,) = store.query("SELECT id, merged_into FROM gaps WHERE id = ?", [row["merged_into"]])
    return int(row["id"])


def reassign(store: Store, feedback_id: int, slug: str, *, carry: bool = True) -> int:
    """Put one piece of feedback into a gap, for good; rung learns from it and files again
    every text it placed that the lesson now puts elsewhere. Returns how many others moved."""
    target = gap_id(store, slug)
    if store.scalar("SELECT 1 FROM feedback WHERE id = ?", [feedback_id]) is None:
        raise NotFound("feedback", feedback_id)
    with store.transaction():
        store.execute(
            "UPDATE feedback SET gap_id = ?, assigned_by = 'user', score = NULL, "
            "no_reason = 0 WHERE id = ?",
            [target, feedback_id],
        )
    return refile(store) if carry else 0


def rename_gap(store: Store, slug: str, label: str) -> None:
    """Give a gap the user's own name."""
    label = " ".join(label.split())
    if not label:
        raise ValidationError({"label": "a gap needs a name"})
    with store.transaction():
        store.execute("UPDATE gaps SET label = ? WHERE id = ?", [label, gap_id(store, slug)])


def mark_external(store: Store, slug: str, external: bool = True) -> int:
    """Say a gap is the company's reason (external) or the user's to close (gap); returns
    how many texts were filed again."""
    with store.transaction():
        store.execute(
            "UPDATE gaps SET kind = ? WHERE id = ?",
            ["external" if external else "gap", gap_id(store, slug)],
        )
    return refile(store)


def merge_gaps(store: Store, source: str, target: str) -> int:
    """Fold ``source`` into ``target``: its feedback moves and stays there; rung files again
    what the merged gap now teaches. Returns how many other texts moved."""
    src, dst = gap_id(store, source), gap_id(store, target)
    if src == dst:
        raise ValidationError({"target": "cannot merge a gap into itself"})
    with store.transaction():
        store.execute(
            "UPDATE feedback SET gap_id = ?, assigned_by = 'user' WHERE gap_id = ?", [dst, src]
        )
        store.execute("UPDATE gap_actions SET gap_id = ? WHERE gap_id = ?", [dst, src])
        store.execute("UPDATE gaps SET merged_into = ? WHERE id = ?", [dst, src])
    return refile(store)


def create_gap(store: Store, label: str, *, kind: str = "gap", description: str = "") -> str:
    """A new gap of the user's (for splitting one); returns its slug."""
    label = " ".join(label.split())
    if not label:
        raise ValidationError({"label": "a gap needs a name"})
    if kind not in ("gap", "external"):
        raise ValidationError({"kind": "gap or external"})
    base = re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_") or "gap"
    slug, n = f"user_{base}", 2
    while store.scalar("SELECT 1 FROM gaps WHERE slug = ?", [slug]):
        slug, n = f"user_{base}_{n}", n + 1
    with store.transaction():
        store.insert(
            "gaps",
            {
                "slug": slug,
                "label": label,
                "kind": kind,
                "description": description or None,
                "origin": "user",
                "created_at": now_iso(),
            },
        )
    return slug


def split_gap(store: Store, feedback_ids: list[int], label: str) -> str:
    """Move the chosen feedback out of its gap into a new one named ``label``."""
    slug = create_gap(store, label)
    for ident in feedback_ids:
        reassign(store, ident, slug, carry=False)
    refile(store)
    return slug


def clarify(store: Store, feedback_id: int, answer: str, *, gap: str | None = None) -> str | None:
    """Record the answer to "which experience?" (or, for a form letter, "what was
    missing?"); the feedback moves to the gap the answer names, for good, and the answer
    teaches that gap (the next such answer is recognized).

    ``gap`` is the user's pick when rung did not recognize the answer. Returns the slug the
    feedback is now in, or None when the answer names no gap and none was picked: then
    nothing changed (offer ``guesses.guess_gaps``, then call again with ``gap``).
    """
    from .guesses import named_gap

    if store.scalar("SELECT 1 FROM feedback WHERE id = ?", [feedback_id]) is None:
        raise NotFound("feedback", feedback_id)
    answer = " ".join(answer.split())
    if not answer:
        raise ValidationError({"answer": "say which experience they meant"})
    slug = gap or named_gap(store, answer)
    if slug is None:
        return None
    target = gap_id(store, slug)
    with store.transaction():
        store.execute(
            "UPDATE feedback SET clarification = ?, gap_id = ?, assigned_by = 'user', "
            "score = NULL, no_reason = 0 WHERE id = ?",
            [answer, target, feedback_id],
        )
    refile(store)
    return str(store.scalar("SELECT slug FROM gaps WHERE id = ?", [target]))
