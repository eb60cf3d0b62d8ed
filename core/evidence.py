"""Evidence that a gap is closing: dated entries ("acting manager of 3 for 4 months", "ran
the Q3 hiring loop: 4 hires") attached to a gap, optionally a story to tell in an interview
(situation / action / result) and the plan action they complete.

An entry belongs to the gap it was added to; when that gap is later merged into another,
the entry counts for (and is listed under) the gap it was merged into: evidence follows
``merged_into``. Deleting goes through ``core.undo`` (``delete_evidence`` returns the
Tombstone that ``undo.restore`` puts back).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .clock import now_iso, today
from .clustering.taxonomy import gap_roots, sync_taxonomy
from .dates import parse_user_date
from .errors import NotFound, ValidationError
from .store import Store
from .undo import Tombstone, delete_with_undo

MAX_EVIDENCE_CHARS = 5_000
_STORY = ("situation", "action", "result")


@dataclass(frozen=True)
class Evidence:
    """One entry of evidence, under the live gap it counts for."""

    id: int
    slug: str  # the live gap (merges followed)
    label: str
    text: str
    on: str | None  # when it happened (ISO date); the day it was entered if not given
    situation: str | None = None
    action: str | None = None
    result: str | None = None
    gap_action_id: int | None = None
    created_at: str | None = None

    @property
    def story(self) -> bool:
        """True when it tells a whole story: situation, action and result all given."""
        return bool(self.situation and self.action and self.result)


class UnknownGap(NotFound):
    """A gap slug no gap has; the message names the closest slugs."""

    def __init__(self, slug: str, closest: list[str]) -> None:
        super().__init__("gap", slug)
        hint = f" (closest: {', '.join(closest)})" if closest else ""
        self.args = (f"no gap {slug!r}{hint}; rung gaps lists them",)

    def __str__(self) -> str:
        return str(self.args[0])


def live_gap(store: Store, slug: str) -> dict[str, Any]:
    """The live gap row (``id, slug, label, kind``) a slug stands for, merges followed;
    ``UnknownGap`` naming the three closest slugs (by slug and label) otherwise."""
    sync_taxonomy(store)
    key = slug.strip()
    roots = gap_roots(store)
    ident = store.scalar("SELECT id FROM gaps WHERE slug = ?", [key])
    if ident is not None:
        return roots[ident]
    from rapidfuzz import fuzz, process

    choices = {r["slug"]: f"{r['slug']} {r['label']}" for r in roots.values()}
    found = process.extract(key.replace("_", " "), choices, scorer=fuzz.WRatio, limit=3)
    raise UnknownGap(key, [str(match[2]) for match in found])


def _clean(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None


def _validate(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Cleaned column values of the fields given; ValidationError for each bad one."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    if "text" in fields:
        text = _clean(fields["text"])
        if text is None:
            errors["text"] = "say what you did (e.g. acting manager of 3 for 4 months)"
        elif len(text) > MAX_EVIDENCE_CHARS:
            errors["text"] = f"too long ({len(text)} characters; at most {MAX_EVIDENCE_CHARS})"
        out["text"] = text
    if "on" in fields:
        raw = _clean(fields["on"])
        day = today().isoformat()
        if raw is not None:
            try:
                day = parse_user_date(raw).isoformat()
            except ValueError as exc:
                errors["on"] = str(exc)
        out["happened_on"] = day
    for name in _STORY:
        if name in fields:
            value = _clean(fields[name])
            if value is not None and len(value) > MAX_EVIDENCE_CHARS:
                errors[name] = f"too long (at most {MAX_EVIDENCE_CHARS} characters)"
            out[name] = value
    if errors:
        raise ValidationError(errors)
    return out


def _check_action(store: Store, gap_action_id: int | None) -> None:
    if (
        gap_action_id is not None
        and store.scalar("SELECT 1 FROM gap_actions WHERE id = ?", [gap_action_id]) is None
    ):
        raise ValidationError({"gap_action": f"no plan action with id {gap_action_id}"})


def add_evidence(
    store: Store,
    slug: str,
    text: str,
    *,
    on: str | None = None,
    situation: str | None = None,
    action: str | None = None,
    result: str | None = None,
    gap_action_id: int | None = None,
) -> Evidence:
    """Add one entry of evidence to the gap ``slug`` (a merged-away slug adds it to the gap
    it was merged into). ``on`` is when it happened, any form ``core.dates`` reads ("last
    friday", "2026-03-14"; default today); ``situation``/``action``/``result`` make it a
    story; ``gap_action_id`` names the plan action it completes. One transaction.
    ``UnknownGap`` for a slug no gap has, ``ValidationError`` for empty text or a bad date.
    """
    gap = live_gap(store, slug)
    values = _validate(
        {"text": text, "on": on, "situation": situation, "action": action, "result": result}
    )
    _check_action(store, gap_action_id)
    with store.transaction():
        ident = store.insert(
            "evidence",
            {
                **values,
                "gap_id": gap["id"],
                "gap_action_id": gap_action_id,
                "created_at": now_iso(),
            },
        )
    return get_evidence(store, ident)


def get_evidence(store: Store, ident: int) -> Evidence:
    """One entry by id (under its live gap), or NotFound."""
    found = _read(store, "WHERE e.id = ?", [ident])
    if not found:
        raise NotFound("evidence", ident)
    return found[0]


def list_evidence(store: Store, slug: str | None = None) -> list[Evidence]:
    """Every entry, or those of the gap ``slug`` (with the entries of the gaps merged into
    it), newest first (by when it happened, then by id). ``UnknownGap`` for an unknown slug.
    """
    if slug is None:
        return _read(store, "", [])
    gap = live_gap(store, slug)
    return [e for e in _read(store, "", []) if e.slug == gap["slug"]]


def edit_evidence(store: Store, ident: int, changes: Mapping[str, Any]) -> Evidence:
    """Change an entry: any of ``text``, ``on``, ``situation``, ``action``, ``result``,
    ``gap_action_id`` and ``slug`` (moves it to that gap). An empty story field clears it;
    ``on`` empty means today. One transaction; NotFound, UnknownGap or ValidationError."""
    get_evidence(store, ident)
    unknown = set(changes) - {"text", "on", *_STORY, "gap_action_id", "slug"}
    if unknown:
        raise ValidationError({name: "not a field of evidence" for name in sorted(unknown)})
    values = _validate(changes)
    if "slug" in changes:
        values["gap_id"] = live_gap(store, str(changes["slug"]))["id"]
    if "gap_action_id" in changes:
        _check_action(store, changes["gap_action_id"])
        values["gap_action_id"] = changes["gap_action_id"]
    if values:
        with store.transaction():
            store.update("evidence", ident, values)
    return get_evidence(store, ident)


def delete_evidence(store: Store, ident: int) -> Tombstone:
    """Delete an entry; ``core.undo.restore`` of the Tombstone puts it back (same id)."""
    entry = get_evidence(store, ident)
    return delete_with_undo(store, "evidence", ident, f"evidence: {entry.text[:40]}")


def _read(store: Store, where: str, params: list[Any]) -> list[Evidence]:
    roots = gap_roots(store)
    rows = store.query(
        "SELECT e.id, e.gap_id, e.text, e.happened_on, e.situation, e.action, e.result, "
        "e.gap_action_id, e.created_at FROM evidence e "
        + where
        + " ORDER BY coalesce(e.happened_on, substr(e.created_at, 1, 10)) DESC, e.id DESC",
        params,
    )
    return [evidence_from_row(r, roots) for r in rows]


def evidence_from_row(row: Mapping[str, Any], roots: Mapping[int, Mapping[str, Any]]) -> Evidence:
    """An ``evidence`` row as an Evidence under its live gap (``gap_roots``)."""
    gap = roots[row["gap_id"]]
    return Evidence(
        id=row["id"],
        slug=gap["slug"],
        label=gap["label"],
        text=row["text"],
        on=row["happened_on"] or (row["created_at"] or "")[:10] or None,
        situation=row["situation"],
        action=row["action"],
        result=row["result"],
        gap_action_id=row["gap_action_id"],
        created_at=row["created_at"],
    )
