"""Applications: add, edit, move through stages, delete (with undo), list, timeline."""

from __future__ import annotations

from typing import Any

from ..clock import now_iso, today
from ..dates import parse_user_date
from ..errors import NotFound, ValidationError
from ..levels import LEVELS, infer_level, parse_level
from ..models import Application, StageEvent, TimelineEntry, from_row
from ..stages import STAGES, TERMINAL_STAGES, parse_stage
from ..store import Store
from ..text import normalize_url
from ..undo import Tombstone, delete_with_undo
from .common import mark_user_edited
from .companies import get_or_create_company
from .interviews import cancel_interviews_ahead

EDITABLE_FIELDS = (
    "company",
    "title",
    "level",
    "location",
    "url",
    "source",
    "stage",
    "status_raw",
    "applied_on",
    "salary",
    "notes",
)

# Last activity: the latest *dated* event of the application (applied, a stage event,
# an interview held, an interaction, feedback), never created_at / updated_at: an import
# writes those at import time. The stage event an import records for a row with no date
# carries the import time too (at = created_at, note "imported from …"): not an event.
_SELECT = """
SELECT a.*, c.name AS company,
       (SELECT max(at) FROM stage_events e WHERE e.application_id = a.id) AS stage_since,
       nullif(max(
         coalesce((SELECT max(at) FROM stage_events e WHERE e.application_id = a.id
                   AND NOT (e.at = a.created_at AND e.note LIKE 'imported from %')), ''),
         coalesce((SELECT max(at) FROM interactions i WHERE i.application_id = a.id), ''),
         coalesce((SELECT max(scheduled_at) FROM interviews v
                   WHERE v.application_id = a.id AND v.scheduled_at <= :now
                   AND coalesce(v.outcome, '') != 'cancelled'), ''),
         coalesce((SELECT max(received_on) FROM feedback f WHERE f.application_id = a.id), ''),
         coalesce(a.applied_on, '')
       ), '') AS last_activity
FROM applications a JOIN companies c ON c.id = a.company_id
"""


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def validate_application(fields: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Check and normalize application fields; ValidationError names each bad field."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        errors.update({name: "not a field of an application" for name in sorted(unknown)})
    for name in EDITABLE_FIELDS:
        if name not in fields:
            continue
        value = _clean(fields[name])
        if name in ("company", "title"):
            if not value:
                errors[name] = f"a {name} is required"
                continue
            value = " ".join(str(value).split())
            if len(value) > 300:
                errors[name] = f"too long ({len(value)} characters; at most 300)"
                continue
        elif name == "level" and value is not None:
            try:
                value = parse_level(str(value))
            except ValueError as exc:
                errors[name] = str(exc)
                continue
        elif name == "stage" and value is not None:
            try:
                value = parse_stage(str(value))
            except ValueError as exc:
                errors[name] = str(exc)
                continue
        elif name == "applied_on" and value is not None:
            try:
                value = parse_user_date(str(value)).isoformat()
            except ValueError as exc:
                errors[name] = str(exc)
                continue
        elif name == "url" and value is not None and any(ch.isspace() for ch in str(value)):
            errors[name] = "a URL has no spaces"
            continue
        out[name] = value
    if not partial:
        for name in ("company", "title"):
            if name not in fields and name not in errors:
                errors[name] = f"a {name} is required"
    if errors:
        raise ValidationError(errors)
    return out


def add_application(
    store: Store,
    *,
    company: str,
    title: str,
    level: str | None = None,
    stage: str = "applied",
    location: str | None = None,
    url: str | None = None,
    source: str | None = "manual",
    status_raw: str | None = None,
    applied_on: str | None = None,
    salary: str | None = None,
    notes: str | None = None,
    at: str | None = None,
    refuse_duplicates: bool = False,
) -> Application:
    """Create an application (and its company if new); records the first stage event.
    With ``refuse_duplicates``, one like an application kept already (same company, a
    title that reads alike: ``duplicates.application_duplicates``) is not added:
    ``PossibleDuplicate`` names the matches."""
    values = validate_application(
        {
            "company": company,
            "title": title,
            "level": level,
            "stage": stage,
            "location": location,
            "url": url,
            "source": source,
            "status_raw": status_raw,
            "applied_on": applied_on,
            "salary": salary,
            "notes": notes,
        }
    )
    if values.get("applied_on") is None and values.get("stage", "applied") != "saved":
        values["applied_on"] = today().isoformat()
    stamp = now_iso()
    with store.transaction():
        if refuse_duplicates:
            from .duplicates import PossibleDuplicate, application_duplicates

            matches = application_duplicates(store, values["company"], values["title"])
            if matches:
                raise PossibleDuplicate(matches)
        company_id = get_or_create_company(store, values.pop("company"))
        row = {
            **values,
            "company_id": company_id,
            "level": values.get("level") or infer_level(values["title"]),
            "stage": values.get("stage") or "applied",
            "url_key": normalize_url(values.get("url")),
            "created_at": stamp,
            "updated_at": stamp,
        }
        app_id = store.insert("applications", row)
        store.insert(
            "stage_events",
            {
                "application_id": app_id,
                "from_stage": None,
                "to_stage": row["stage"],
                "at": at or values.get("applied_on") or stamp,
                "note": "created",
            },
        )
    return get_application(store, app_id)


def get_application(store: Store, app_id: int) -> Application:
    """One application with its company name and activity dates."""
    row = store.query_one(_SELECT + " WHERE a.id = :id", {"id": app_id, "now": now_iso()})
    if row is None:
        raise NotFound("application", app_id)
    return from_row(Application, row)


def list_applications(
    store: Store, *, stage: str | None = None, level: str | None = None
) -> list[Application]:
    """Applications, most recent activity first, optionally of one stage or level."""
    where, params = [], {"now": now_iso()}
    if stage:
        where.append("a.stage = :stage")
        params["stage"] = parse_stage(stage)
    if level:
        where.append("a.level = :level")
        params["level"] = parse_level(level)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY last_activity DESC, a.id DESC"
    return [from_row(Application, r) for r in store.query(sql, params)]


def count_at_stage(store: Store, stage: str) -> int:
    """How many applications are at ``stage`` now."""
    return int(
        store.scalar("SELECT count(*) FROM applications WHERE stage = ?", [parse_stage(stage)]) or 0
    )


def edit_application(store: Store, app_id: int, changes: dict[str, Any]) -> Application:
    """Change fields the user edited; they are then never overwritten by an import."""
    current = get_application(store, app_id)
    values = validate_application(changes, partial=True)
    stage = values.pop("stage", None)
    with store.transaction():
        row: dict[str, Any] = {}
        for name, value in values.items():
            if name == "company":
                row["company_id"] = get_or_create_company(store, value)
            else:
                row[name] = value
        if "url" in row:
            row["url_key"] = normalize_url(row["url"])
        if "title" in row and "level" not in row:
            row["level"] = infer_level(row["title"])
        if row:
            row["updated_at"] = now_iso()
            store.update("applications", app_id, row)
            mark_user_edited(store, "applications", app_id, list(values))
        if stage and stage != current.stage:
            move_stage(store, app_id, stage)
    return get_application(store, app_id)


def move_stage(
    store: Store,
    app_id: int,
    stage: str,
    *,
    note: str | None = None,
    at: str | None = None,
    cancel_interviews: bool = False,
) -> Application:
    """Move an application to ``stage`` and record the change in ``stage_events``.

    With ``cancel_interviews`` a move to a terminal stage (rejected, withdrawn, ghosted,
    accepted) also cancels its interviews still to come, in the same transaction
    (``interviews_ahead`` lists them first, to ask).
    """
    new_stage = parse_stage(stage)
    current = get_application(store, app_id)
    if current.stage == new_stage:
        return current
    stamp = at or now_iso()
    with store.transaction():
        store.update("applications", app_id, {"stage": new_stage, "updated_at": now_iso()})
        store.insert(
            "stage_events",
            {
                "application_id": app_id,
                "from_stage": current.stage,
                "to_stage": new_stage,
                "at": stamp,
                "note": note,
            },
        )
        if cancel_interviews and new_stage in TERMINAL_STAGES:
            cancel_interviews_ahead(store, app_id)
    return get_application(store, app_id)


def undo_stage_move(store: Store, app_id: int, from_stage: str, to_stage: str) -> Application:
    """Take back a move from ``from_stage`` to ``to_stage``: its stage event goes and the
    application is at ``from_stage`` again. Refused (ValidationError) once the application
    has moved on, so an old undo never rewrites a newer history."""
    current = get_application(store, app_id)
    if current.stage != to_stage:
        raise ValidationError({"stage": f"now {current.stage}, no longer {to_stage}: not undone"})
    with store.transaction():
        event = store.scalar(
            "SELECT id FROM stage_events WHERE application_id = ? AND from_stage = ? "
            "AND to_stage = ? ORDER BY at DESC, id DESC LIMIT 1",
            [app_id, from_stage, to_stage],
        )
        if event is not None:
            store.execute("DELETE FROM stage_events WHERE id = ?", [event])
        store.update("applications", app_id, {"stage": from_stage, "updated_at": now_iso()})
    return get_application(store, app_id)


def stage_events(store: Store, app_id: int) -> list[StageEvent]:
    """The stage changes of one application, oldest first."""
    rows = store.query(
        "SELECT * FROM stage_events WHERE application_id = ? ORDER BY at, id", [app_id]
    )
    return [from_row(StageEvent, r) for r in rows]


def delete_application(store: Store, app_id: int) -> Tombstone:
    """Delete an application with its events and interviews; returns a Tombstone for undo."""
    app = get_application(store, app_id)
    return delete_with_undo(store, "applications", app_id, f"{app.company} — {app.title}")


def application_timeline(store: Store, app_id: int) -> list[TimelineEntry]:
    """Everything that happened to one application, in date order."""
    get_application(store, app_id)
    entries: list[TimelineEntry] = []
    for ev in stage_events(store, app_id):
        text = (
            f"{ev.from_stage} → {ev.to_stage}"
            if ev.from_stage
            else f"created at stage {ev.to_stage}"
        )
        if ev.note and ev.note != "created":
            text += f" ({ev.note})"
        entries.append(TimelineEntry(ev.at, "stage", text, ev.id))
    for row in store.query(
        "SELECT * FROM interviews WHERE application_id = ? ORDER BY scheduled_at", [app_id]
    ):
        who = f" with {row['with_whom']}" if row["with_whom"] else ""
        outcome = f" — {row['outcome']}" if row["outcome"] else ""
        kind = row["kind"].replace("_", " ")
        entries.append(
            TimelineEntry(
                row["scheduled_at"] or row["created_at"],
                "interview",
                f"round {row['round']}: {kind}{who}{outcome}",
                row["id"],
            )
        )
    for row in store.query(
        "SELECT i.*, c.name AS contact FROM interactions i JOIN contacts c ON c.id = i.contact_id"
        " WHERE i.application_id = ? ORDER BY i.at",
        [app_id],
    ):
        channel = f"{row['channel']} " if row["channel"] else ""
        entries.append(
            TimelineEntry(
                row["at"],
                "interaction",
                f"{channel}with {row['contact']}: {row['summary'] or ''}".strip(),
                row["id"],
            )
        )
    for row in store.query(
        "SELECT * FROM feedback WHERE application_id = ? AND status = 'confirmed'"
        " ORDER BY received_on",
        [app_id],
    ):
        entries.append(
            TimelineEntry(
                row["received_on"] or row["created_at"], "feedback", row["text"], row["id"]
            )
        )
    for row in store.query(
        "SELECT * FROM followups WHERE application_id = ? ORDER BY due_on", [app_id]
    ):
        state = "done" if row["done_at"] else "due"
        entries.append(
            TimelineEntry(row["due_on"], "followup", f"follow-up {state}: {row['what']}", row["id"])
        )
    entries.sort(key=lambda e: (e.at or "", e.kind))
    return entries


__all__ = [
    "EDITABLE_FIELDS",
    "LEVELS",
    "STAGES",
    "add_application",
    "application_timeline",
    "delete_application",
    "edit_application",
    "get_application",
    "list_applications",
    "move_stage",
    "stage_events",
    "validate_application",
]
