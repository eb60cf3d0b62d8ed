"""The gap taxonomy (schemas/gaps.toml) and its rows in the ``gaps`` table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..clock import now_iso
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
    """The gaps of schemas/gaps.toml, in file order."""
    out = []
    for item in read_toml("schemas", "gaps.toml")["gap"]:
        out.append(GapDef(
            slug=item["slug"], label=item["label"], kind=item.get("kind", "gap"),
            description=item.get("description", ""), seeds=tuple(item.get("seeds", ())),
            patterns=tuple(re.compile(p) for p in item.get("patterns", ())),
            actions=tuple(item.get("actions", ())), ask=item.get("ask"),
        ))
    return tuple(out)


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
            store.insert("gaps", {"slug": gap.slug, "label": gap.label, "kind": gap.kind,
                                  "description": gap.description, "origin": "taxonomy",
                                  "created_at": stamp})


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
