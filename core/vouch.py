"""Who can vouch: the gaps a contact can speak to (a former report for people management,
a finance partner for budget), and the calls the Review puts first because of them.

A tag names a gap by slug (or its label); a tag on a gap that was later merged follows it
to the gap it was merged into. The company's reasons (``kind = external``: role closed,
internal candidate …) are no one's to vouch for.

``vouch_calls`` is the Review's part: when an open application reaches its final round
(``rounds.final_round``) at a level where a gap is often cited, the contacts who can vouch
for that gap are the first calls of the week, each with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz, process

from .clock import now_iso
from .errors import NotFound, RungError
from .levels import LEVEL_LABELS
from .rounds import final_round
from .store import Store
from .text import fold

#: Stages of an application whose final round is still to be decided.
OPEN_STAGES = ("applied", "screening", "interviewing")
#: A final round held this many days before the review's day still waits for its decision.
HELD_DAYS = 14
#: "Often cited at a level": this many confirmed pieces of feedback, or among the top N.
OFTEN = 2
TOP = 3
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class UnknownGap(RungError):
    """A slug that names no gap; the message lists the closest ones."""

    kind = "unknown_gap"

    def __init__(self, slug: str, closest: Sequence[str]) -> None:
        hint = f"; closest: {', '.join(closest)}" if closest else ""
        super().__init__(f"no gap {slug!r}{hint} (rung gaps lists them all)")
        self.slug = slug
        self.closest = list(closest)


class NotVouchable(RungError):
    """A gap of the company's (external): nobody can vouch it away."""

    kind = "external_gap"


@dataclass(frozen=True)
class VouchGap:
    """A gap a contact can vouch for (the live gap, after merges)."""

    id: int
    slug: str
    label: str
    note: str | None = None


@dataclass(frozen=True)
class Voucher:
    """A contact who can vouch for a gap."""

    id: int
    name: str
    company: str | None
    title: str | None
    relationship: str | None
    note: str | None = None


@dataclass(frozen=True)
class VouchChange:
    """What a tag or untag did: slugs added (or removed) and those already so."""

    contact_id: int
    contact: str
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]


# -- gaps ---------------------------------------------------------------------------------


def _gaps(store: Store) -> dict[int, dict[str, Any]]:
    from .clustering.taxonomy import sync_taxonomy

    sync_taxonomy(store)
    return {g["id"]: g for g in store.query("SELECT id, slug, label, kind, merged_into FROM gaps")}


def _root(gaps: dict[int, dict[str, Any]], ident: int) -> dict[str, Any]:
    gap = gaps[ident]
    for _ in range(len(gaps)):
        if gap["merged_into"] is None or gap["merged_into"] not in gaps:
            break
        gap = gaps[gap["merged_into"]]
    return gap


def resolve_gap(
    store: Store, slug: str, *, gaps: dict[int, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The live gap ``slug`` names (its slug, or its label in any case), merges followed;
    ``UnknownGap`` with the closest slugs when none does."""
    gaps = gaps if gaps is not None else _gaps(store)
    wanted = fold(slug.replace("_", " "))
    for gap in gaps.values():
        if (
            gap["slug"] == slug.strip()
            or fold(gap["label"]) == wanted
            or fold(gap["slug"].replace("_", " ")) == wanted
        ):
            return _root(gaps, gap["id"])
    live = [g for g in gaps.values() if g["merged_into"] is None and g["kind"] == "gap"]
    names = [fold(f"{g['slug'].replace('_', ' ')} {g['label']}") for g in live]
    found = process.extract(wanted, names, scorer=fuzz.WRatio, limit=3)
    raise UnknownGap(slug, [live[index]["slug"] for _, _, index in found])


def _vouchable(gap: dict[str, Any]) -> None:
    if gap["kind"] == "external":
        raise NotVouchable(
            f"{gap['label']} ({gap['slug']}) is the company's reason, not a gap of yours: "
            "nobody can vouch it away"
        )


def _contact(store: Store, contact_id: int) -> str:
    name = store.scalar("SELECT name FROM contacts WHERE id = ?", [contact_id])
    if name is None:
        raise NotFound("contact", contact_id)
    return str(name)


# -- tagging ------------------------------------------------------------------------------


def add_vouch(
    store: Store, contact_id: int, slugs: Iterable[str], note: str | None = None
) -> VouchChange:
    """Tag a contact with the gaps they can vouch for (one transaction); a tag already
    there stays (its note replaced when ``note`` is given)."""
    name = _contact(store, contact_id)
    gaps = _gaps(store)
    targets = _targets(store, slugs, gaps)
    for gap in targets:
        _vouchable(gap)
    have = _tagged_roots(store, contact_id, gaps)
    note = (note or "").strip() or None
    added, already = [], []
    with store.transaction():
        for gap in targets:
            if gap["id"] in have:
                already.append(gap["slug"])
                if note is not None:
                    store.execute(
                        "UPDATE contact_gaps SET note = ? WHERE contact_id = ? AND "
                        "gap_id IN (" + ", ".join("?" * len(have[gap["id"]])) + ")",
                        [note, contact_id, *have[gap["id"]]],
                    )
                continue
            store.insert(
                "contact_gaps",
                {
                    "contact_id": contact_id,
                    "gap_id": gap["id"],
                    "note": note,
                    "created_at": now_iso(),
                },
            )
            have[gap["id"]] = [gap["id"]]
            added.append(gap["slug"])
    return VouchChange(contact_id, name, tuple(added), tuple(already))


def remove_vouch(store: Store, contact_id: int, slugs: Iterable[str]) -> VouchChange:
    """Untag gaps from a contact (the tags on gaps merged into them too); ``unchanged``
    lists the gaps they were not tagged with."""
    name = _contact(store, contact_id)
    gaps = _gaps(store)
    targets = _targets(store, slugs, gaps)
    have = _tagged_roots(store, contact_id, gaps)
    removed, absent = [], []
    with store.transaction():
        for gap in targets:
            ids = have.pop(gap["id"], None)
            if not ids:
                absent.append(gap["slug"])
                continue
            store.execute(
                "DELETE FROM contact_gaps WHERE contact_id = ? AND gap_id IN ("
                + ", ".join("?" * len(ids))
                + ")",
                [contact_id, *ids],
            )
            removed.append(gap["slug"])
    return VouchChange(contact_id, name, tuple(removed), tuple(absent))


def set_vouches(
    store: Store, contact_id: int, slugs: Iterable[str]
) -> tuple[VouchChange, VouchChange]:
    """Make a contact's tags exactly ``slugs`` (what a multi-pick saves), in one
    transaction; returns (what was added, what was removed)."""
    wanted = list(dict.fromkeys(slugs))
    gaps = _gaps(store)
    targets = {g["slug"] for g in _targets(store, wanted, gaps)}
    current = {g.slug for g in vouches_of(store, contact_id)}
    with store.transaction():
        added = add_vouch(store, contact_id, [s for s in targets if s not in current])
        removed = remove_vouch(store, contact_id, [s for s in current if s not in targets])
    return added, removed


def vouch_rows(store: Store, contact_id: int) -> list[dict[str, Any]]:
    """A contact's tags as stored (to put them back with ``restore_vouches``)."""
    return store.query("SELECT * FROM contact_gaps WHERE contact_id = ? ORDER BY id", [contact_id])


def restore_vouches(store: Store, contact_id: int, rows: Sequence[dict[str, Any]]) -> None:
    """Put a contact's tags back as ``vouch_rows`` read them (undo): the same rows, the
    same ids; tags on gaps deleted since are left out."""
    _contact(store, contact_id)
    with store.transaction():
        store.execute("DELETE FROM contact_gaps WHERE contact_id = ?", [contact_id])
        for row in rows:
            if store.scalar("SELECT 1 FROM gaps WHERE id = ?", [row["gap_id"]]):
                store.insert("contact_gaps", dict(row))


def _targets(
    store: Store, slugs: Iterable[str], gaps: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for slug in slugs:
        gap = resolve_gap(store, slug, gaps=gaps)
        out.setdefault(gap["id"], gap)
    return list(out.values())


def _tagged_roots(
    store: Store, contact_id: int, gaps: dict[int, dict[str, Any]]
) -> dict[int, list[int]]:
    """The contact's tags: live gap id -> the gap ids tagged (itself, or gaps merged in)."""
    out: dict[int, list[int]] = {}
    for row in store.query("SELECT gap_id FROM contact_gaps WHERE contact_id = ?", [contact_id]):
        if row["gap_id"] in gaps:
            out.setdefault(_root(gaps, row["gap_id"])["id"], []).append(row["gap_id"])
    return out


# -- reading ------------------------------------------------------------------------------


def vouches_of(store: Store, contact_id: int) -> list[VouchGap]:
    """The live gaps a contact can vouch for, by label."""
    _contact(store, contact_id)
    gaps = _gaps(store)
    out: dict[int, VouchGap] = {}
    for row in store.query(
        "SELECT gap_id, note FROM contact_gaps WHERE contact_id = ? ORDER BY id", [contact_id]
    ):
        if row["gap_id"] not in gaps:
            continue
        root = _root(gaps, row["gap_id"])
        if root["id"] not in out or (row["note"] and not out[root["id"]].note):
            out[root["id"]] = VouchGap(root["id"], root["slug"], root["label"], row["note"])
    return sorted(out.values(), key=lambda g: g.label.casefold())


def vouchers_for(store: Store, slug: str) -> list[Voucher]:
    """The contacts who can vouch for a gap (tags on gaps merged into it included), by
    name."""
    gaps = _gaps(store)
    gap = resolve_gap(store, slug, gaps=gaps)
    family = [g for g in gaps if _root(gaps, g)["id"] == gap["id"]]
    rows = store.query(
        "SELECT p.id, p.name, c.name AS company, p.title, p.relationship, "
        "max(cg.note) AS note FROM contact_gaps cg JOIN contacts p ON p.id = cg.contact_id "
        "LEFT JOIN companies c ON c.id = p.company_id WHERE cg.gap_id IN ("
        + ", ".join("?" * len(family))
        + ") GROUP BY p.id",
        family,
    )
    return sorted((Voucher(**r) for r in rows), key=lambda v: (v.name.casefold(), v.id))


def gap_vouchers(
    store: Store,
    gap_ids: Iterable[int] | None = None,
    *,
    gaps: dict[int, dict[str, Any]] | None = None,
) -> dict[int, list[int]]:
    """Live gap id -> the ids of the contacts who can vouch for it (one query)."""
    gaps = gaps if gaps is not None else _gaps(store)
    out: dict[int, list[int]] = {}
    for row in store.query("SELECT contact_id, gap_id FROM contact_gaps ORDER BY id"):
        if row["gap_id"] in gaps:
            root = _root(gaps, row["gap_id"])["id"]
            if gap_ids is None or root in gap_ids:
                ids = out.setdefault(root, [])
                if row["contact_id"] not in ids:
                    ids.append(row["contact_id"])
    return out


# -- the Review's first calls ----------------------------------------------------------


def short_day(value: str | None) -> str:
    """A day as a reason says it: ``Thu 3 Dec`` ("" for none)."""
    from .dates import to_date

    day = to_date(value)
    if day is None:
        return ""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def often_cited(
    store: Store, level: str, *, gaps: dict[int, dict[str, Any]] | None = None
) -> list[str]:
    """The slugs of the gaps (yours, not the company's) often cited at ``level``, heaviest
    first: at least ``OFTEN`` confirmed pieces of feedback on applications of that level,
    or among its ``TOP`` by weight (the gap report's weights), plus the taxonomy gaps whose
    ``levels`` name it."""
    from .clustering.report import gaps_summary
    from .clustering.taxonomy import taxonomy

    mine = [g for g in gaps_summary(store, level=level).gaps if g.kind == "gap"]
    slugs = [g.slug for i, g in enumerate(mine) if g.count >= OFTEN or i < TOP]
    gaps = gaps if gaps is not None else _gaps(store)
    by_slug = {g["slug"]: g for g in gaps.values()}
    for definition in taxonomy():
        if level in (getattr(definition, "levels", None) or ()) and definition.slug in by_slug:
            root = _root(gaps, by_slug[definition.slug]["id"])
            if root["kind"] == "gap" and root["slug"] not in slugs:
                slugs.append(root["slug"])
    return slugs


def final_rounds(store: Store, as_of: date, *, horizon_days: int = 14) -> list[dict[str, Any]]:
    """Open applications whose highest interview so far (held, or ahead within
    ``horizon_days`` of ``as_of``) is their final round, that round held no more than
    ``HELD_DAYS`` before ``as_of`` or still ahead: ``{"application_id", "company",
    "title", "level", "interview"}``, the soonest round first."""
    horizon = (as_of + timedelta(days=horizon_days)).isoformat()
    since = (as_of - timedelta(days=HELD_DAYS)).isoformat()
    rows = store.query(
        "SELECT v.application_id, v.round, v.kind, v.scheduled_at, v.outcome, v.notes, "
        "a.level, a.title, c.name AS company FROM interviews v "
        "JOIN applications a ON a.id = v.application_id JOIN companies c ON c.id = a.company_id "
        "WHERE a.stage IN (" + ", ".join("?" * len(OPEN_STAGES)) + ") "
        "AND (v.scheduled_at IS NULL OR substr(v.scheduled_at, 1, 10) <= ?)",
        [*OPEN_STAGES, horizon],
    )
    by_app: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_app.setdefault(row["application_id"], []).append(row)
    out = []
    for app_id, interviews in by_app.items():
        final = final_round(interviews)
        if final is None:
            continue
        day = str(final["scheduled_at"] or "")[:10]
        if day and day < since:
            continue
        first = interviews[0]
        out.append(
            {
                "application_id": app_id,
                "company": first["company"],
                "title": first["title"],
                "level": first["level"],
                "interview": final,
            }
        )
    out.sort(key=lambda r: (str(r["interview"]["scheduled_at"] or "9999"), r["application_id"]))
    return out


def vouch_calls(store: Store, as_of: date) -> list[dict[str, Any]]:
    """The contacts to call first this week because they can vouch for a gap often cited
    at the level of an application in its final round: ``{"id", "vouch_for",
    "application_id", "reason", "call_by"}``, the soonest final round first (then the
    heaviest gap), one entry per contact. Costs one query when nobody is tagged."""
    if store.scalar("SELECT 1 FROM contact_gaps LIMIT 1") is None:
        return []
    finals = final_rounds(store, as_of)
    if not finals:
        return []
    gaps = _gaps(store)
    vouchers = gap_vouchers(store, gaps=gaps)
    by_slug = {g["slug"]: g for g in gaps.values()}
    cited: dict[str, list[str]] = {}
    out: dict[int, dict[str, Any]] = {}
    for final in finals:
        level = final["level"]
        if level not in cited:
            cited[level] = often_cited(store, level, gaps=gaps)
        day = str(final["interview"]["scheduled_at"] or "")[:10]
        when = f", {short_day(day)}" if day else ""
        where = f"{LEVEL_LABELS.get(level, level)} final round at {final['company']}{when}"
        for slug in cited[level]:
            gap = by_slug[slug]
            for contact_id in vouchers.get(gap["id"], ()):
                if contact_id in out:
                    continue
                out[contact_id] = {
                    "id": contact_id,
                    "vouch_for": slug,
                    "application_id": final["application_id"],
                    "reason": f"can vouch for {gap['label']} — {where}",
                    "call_by": day if day and day > as_of.isoformat() else as_of.isoformat(),
                }
    return list(out.values())


def promote_vouchers(
    store: Store, contacts_due: list[dict[str, Any]], as_of: date
) -> list[dict[str, Any]]:
    """``contacts_due`` (the Review's who-to-call) with the contacts of ``vouch_calls``
    first, each with its ``reason``, ``vouch_for`` and ``application_id``; a contact
    already due appears once, first."""
    calls = vouch_calls(store, as_of)
    if not calls:
        return contacts_due
    due = {c["id"]: c for c in contacts_due}
    missing = [c["id"] for c in calls if c["id"] not in due]
    found = (
        {
            r["id"]: r
            for r in store.query(
                "SELECT p.id, p.name, c.name AS company, p.relationship FROM contacts p "
                "LEFT JOIN companies c ON c.id = p.company_id WHERE p.id IN ("
                + ", ".join("?" * len(missing))
                + ")",
                missing,
            )
        }
        if missing
        else {}
    )
    last = (
        {
            r["contact_id"]: r["at"]
            for r in store.query(
                "SELECT contact_id, max(at) AS at FROM interactions WHERE contact_id IN ("
                + ", ".join("?" * len(missing))
                + ") GROUP BY contact_id",
                missing,
            )
        }
        if missing
        else {}
    )
    first = []
    for call in calls:
        extra = {
            "reason": call["reason"],
            "vouch_for": call["vouch_for"],
            "application_id": call["application_id"],
        }
        if call["id"] in due:
            entry = due.pop(call["id"])
            first.append({**entry, "due": min(entry["due"], call["call_by"]), **extra})
        elif call["id"] in found:
            row = found[call["id"]]
            first.append(
                {
                    "id": row["id"],
                    "name": row["name"],
                    "company": row["company"],
                    "relationship": row["relationship"],
                    "last_contacted": last.get(row["id"]),
                    "due": call["call_by"],
                    **extra,
                }
            )
    return first + [c for c in contacts_due if c["id"] in due]
