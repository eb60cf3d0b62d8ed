"""The gap taxonomy (schemas/gaps.toml) and its rows in the ``gaps`` table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..clock import now_iso
from ..levels import LEVELS
from ..resources import read_toml
from ..store import Store


@dataclass(frozen=True)
class GapDef:
    """One gap of the taxonomy file."""

    slug: str
    label: str
    kind: str
    description: str
    seeds: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    actions: tuple[str, ...] = ()
    ask: str | None = None
    levels: tuple[str, ...] = ()  # the rungs of the ladder this gap blocks (core.levels)


@dataclass
class GapRow:
    """A gap as stored (taxonomy, emergent or the user's), with the texts that teach it."""

    id: int
    slug: str
    label: str
    kind: str
    description: str | None
    origin: str
    plan_started_on: str | None = None
    seeds: list[str] = field(default_factory=list)
    patterns: tuple[re.Pattern[str], ...] = ()


GENERIC_SLUG = "more_experience_generic"


@cache
def taxonomy() -> tuple[GapDef, ...]:
    """The gaps of schemas/gaps.toml, in file order; ValueError for a gap whose ``levels``
    is not a list of known levels (core.levels.LEVELS)."""
    out = []
    for item in read_toml("schemas", "gaps.toml")["gap"]:
        out.append(
            GapDef(
                slug=item["slug"],
                label=item["label"],
                kind=item.get("kind", "gap"),
                description=item.get("description", ""),
                seeds=tuple(item.get("seeds", ())),
                patterns=tuple(re.compile(p) for p in item.get("patterns", ())),
                actions=tuple(item.get("actions", ())),
                ask=item.get("ask"),
                levels=gap_levels(item),
            )
        )
    return tuple(out)


def gap_levels(item: dict[str, object]) -> tuple[str, ...]:
    """The ``levels`` of one gap of gaps.toml, checked: a list of level names (may be
    empty, or left out for none); ValueError naming the gap and the bad value."""
    raw = item.get("levels", [])
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ValueError(
            f"gaps.toml: gap {item.get('slug')!r}: levels must be a list of "
            f"level names, not {raw!r}"
        )
    unknown = [v for v in raw if v not in LEVELS]
    if unknown:
        raise ValueError(
            f"gaps.toml: gap {item.get('slug')!r}: unknown level "
            f"{unknown[0]!r} (one of: {', '.join(LEVELS)})"
        )
    return tuple(raw)


@dataclass(frozen=True)
class GapRung:
    """What the Ladder needs of a taxonomy gap: no seeds, no patterns compiled."""

    slug: str
    label: str
    kind: str
    levels: tuple[str, ...]


@cache
def taxonomy_rungs() -> tuple[GapRung, ...]:
    """The gaps of schemas/gaps.toml with their ``levels``, in file order: what
    ``taxonomy`` says of them, at a fraction of its cost (its ~450 patterns are not
    compiled)."""
    return tuple(
        GapRung(item["slug"], item["label"], item.get("kind", "gap"), gap_levels(item))
        for item in read_toml("schemas", "gaps.toml")["gap"]
    )


def taxonomy_by_slug() -> dict[str, GapDef]:
    """Taxonomy gaps keyed by slug."""
    return {g.slug: g for g in taxonomy()}


def sync_taxonomy(store: Store) -> None:
    """Make sure every taxonomy gap has a row (idempotent; user edits and merges are kept)."""
    existing = {r["slug"] for r in store.query("SELECT slug FROM gaps")}
    missing = [g for g in taxonomy() if g.slug not in existing]
    if not missing:
        return
    stamp = now_iso()
    with store.transaction():
        for gap in missing:
            store.insert(
                "gaps",
                {
                    "slug": gap.slug,
                    "label": gap.label,
                    "kind": gap.kind,
                    "description": gap.description,
                    "origin": "taxonomy",
                    "created_at": stamp,
                },
            )


def live_gaps(store: Store) -> list[GapRow]:
    """Gaps that can receive feedback (not merged away), with seeds and patterns attached.

    A gap's seeds are its taxonomy phrases plus the texts the user put into it.
    """
    sync_taxonomy(store)
    defs = taxonomy_by_slug()
    rows = store.query(
        "SELECT id, slug, label, kind, description, origin, plan_started_on FROM gaps "
        "WHERE merged_into IS NULL ORDER BY id"
    )
    gaps = []
    for row in rows:
        gap = GapRow(**row)
        definition = defs.get(gap.slug)
        if definition is not None:
            gap.seeds = list(definition.seeds) + [definition.description]
            gap.patterns = definition.patterns
        gaps.append(gap)
    by_id = {g.id: g for g in gaps}
    merged = store.query("SELECT id, slug, merged_into FROM gaps WHERE merged_into IS NOT NULL")
    targets = {r["id"]: r["merged_into"] for r in merged}
    for row in merged:
        target = row["merged_into"]
        for _ in range(10):  # follow chains of merges
            if target in by_id:
                break
            target = targets.get(target)
        definition = defs.get(row["slug"])
        if target in by_id and definition is not None:
            by_id[target].seeds += list(definition.seeds)
            by_id[target].patterns = by_id[target].patterns + definition.patterns
    return gaps


def gap_roots(store: Store) -> dict[int, dict[str, Any]]:
    """Every gap row's id mapped to the row of the live gap it stands for: itself, or the gap
    it was merged into (at any depth). Rows have ``id, slug, label, kind, merged_into``; one
    query."""
    rows = {r["id"]: r for r in store.query("SELECT id, slug, label, kind, merged_into FROM gaps")}
    roots: dict[int, dict[str, Any]] = {}
    for ident, row in rows.items():
        for _ in range(len(rows)):  # a cycle of merges cannot loop forever
            parent = rows.get(row["merged_into"]) if row["merged_into"] is not None else None
            if parent is None:
                break
            row = parent
        roots[ident] = row
    return roots
