"""Reads of the gaps table that the screens list: the live gaps to pick from, the ones a
contact can vouch for, how many plan actions each has open, and the gaps with feedback."""

from __future__ import annotations

from dataclasses import dataclass

from .store import Store


@dataclass(frozen=True, slots=True)
class GapRef:
    """A live gap (not merged away) by slug, label and kind ("gap" | "external")."""

    slug: str
    label: str
    kind: str


@dataclass(frozen=True, slots=True)
class GapWithFeedback:
    """A live gap and how many confirmed pieces of feedback it holds."""

    slug: str
    label: str
    kind: str
    feedback: int


def gap_refs(store: Store) -> list[GapRef]:
    """Every gap not merged into another: yours (kind "gap") before theirs, by label (the
    pickers' list; ``clustering.taxonomy.live_gaps`` is the scorer's, with patterns)."""
    rows = store.query(
        "SELECT slug, label, kind FROM gaps WHERE merged_into IS NULL ORDER BY kind DESC, label"
    )
    return [GapRef(r["slug"], r["label"], r["kind"]) for r in rows]


def vouchable_gaps(store: Store) -> list[GapRef]:
    """The live gaps of yours (kind "gap": the company's reasons are no one's to vouch
    for), by label ignoring case."""
    return sorted((g for g in gap_refs(store) if g.kind == "gap"), key=lambda g: g.label.casefold())


def open_action_counts(store: Store) -> dict[str, int]:
    """Plan actions not done yet, per gap slug (gaps without one are left out)."""
    return {
        r["slug"]: int(r["n"])
        for r in store.query(
            "SELECT g.slug, count(*) AS n FROM gap_actions a JOIN gaps g ON g.id = a.gap_id "
            "WHERE a.done_at IS NULL GROUP BY g.slug"
        )
    }


def gaps_with_feedback(store: Store) -> list[GapWithFeedback]:
    """The live gaps holding confirmed feedback, the most cited first."""
    return [
        GapWithFeedback(r["slug"], r["label"], r["kind"], int(r["n"]))
        for r in store.query(
            "SELECT g.slug, g.label, g.kind, count(f.id) AS n FROM gaps g LEFT JOIN feedback f "
            "ON f.gap_id = g.id AND f.status = 'confirmed' WHERE g.merged_into IS NULL "
            "GROUP BY g.id HAVING n > 0 ORDER BY n DESC"
        )
    ]
