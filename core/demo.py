"""The demo data set: a ten-month search into management, loaded through the core.

The CSVs in ``sample_data/`` carry real dates relative to the ``anchor`` of ``demo.toml``;
loading shifts every date by (today - anchor) so the story always ends this week.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import platformdirs

from . import clock
from .clock import now_iso
from .clustering import recluster
from .clustering.corrections import reassign
from .commands.applications import add_application, move_stage
from .commands.contacts import add_contact, log_interaction
from .commands.feedback import add_feedback
from .commands.followups import add_followup, complete_followup
from .commands.interviews import add_interview
from .resources import read_text, read_toml
from .store import Store, latest_version


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(read_text("sample_data", name), newline="")))


class _Shift:
    """Moves the demo's dates from its anchor to today."""

    def __init__(self, anchor: date, today: date) -> None:
        self.delta = today - anchor

    def day(self, value: str) -> str:
        return (date.fromisoformat(value) + self.delta).isoformat() if value else ""

    def time(self, value: str) -> str:
        if not value:
            return ""
        if len(value) == 10:
            return self.day(value)
        return (datetime.fromisoformat(value) + self.delta).isoformat(timespec="minutes")


def load_demo(store: Store, *, today: date | None = None) -> None:
    """Load the demo data set into ``store`` (one transaction)."""
    meta = read_toml("sample_data", "demo.toml")
    shift = _Shift(meta["anchor"], today or clock.today())
    apps: dict[str, int] = {}
    contacts: dict[str, int] = {}
    with store.transaction():
        for row in _rows("applications.csv"):
            history = [item.split("@") for item in row["history"].split(";")]
            first_stage, first_at = history[0]
            app = add_application(
                store, company=row["company"], title=row["title"], stage=first_stage,
                location=row["location"] or None, url=row["url"] or None,
                source=row["source"] or None, salary=row["salary"] or None,
                applied_on=shift.day(row["applied_on"]) or None, notes=row["notes"] or None,
                at=shift.day(first_at),
            )
            for stage, at in history[1:]:
                move_stage(store, app.id, stage, at=shift.day(at))
            store.update("applications", app.id, {"created_at": shift.day(first_at) + "T09:00:00",
                                                  "updated_at": shift.day(history[-1][1]) + "T09:00:00"})
            apps[row["key"]] = app.id
        for row in _rows("contacts.csv"):
            contact = add_contact(
                store, name=row["name"], company=row["company"] or None,
                title=row["title"] or None, email=row["email"] or None,
                phone=row["phone"] or None, linkedin_url=row["linkedin_url"] or None,
                relationship=row["relationship"] or None, source=row["source"] or None,
                connected_on=shift.day(row["connected_on"]) or None,
                cadence_days=row["cadence_days"] or None, notes=row["notes"] or None,
            )
            contacts[row["key"]] = contact.id
        for row in _rows("interactions.csv"):
            log_interaction(
                store, contacts[row["contact"]], summary=row["summary"],
                channel=row["channel"] or None, at=shift.time(row["at"]).replace("T", " "),
                application_id=apps.get(row["application"]),
            )
        rounds: dict[tuple[str, int], int] = {}
        feedback: dict[tuple[str, str], int] = {}
        for row in _rows("interviews.csv"):
            interview = add_interview(
                store, apps[row["application"]], round=int(row["round"]), kind=row["kind"],
                scheduled_at=shift.time(row["scheduled_at"]).replace("T", " "),
                with_whom=row["with_whom"] or None, outcome=row["outcome"] or None,
                notes=row["notes"] or None,
            )
            rounds[(row["application"], int(row["round"]))] = interview.id
        for row in _rows("feedback.csv"):
            item = add_feedback(
                store, row["text"], application_id=apps[row["application"]],
                interview_id=rounds.get((row["application"], int(row["round"] or 0))),
                received_on=shift.day(row["received_on"]), source=row["source"] or None,
                status=row.get("status") or "confirmed",  # "candidate": as an import offers it
            )
            feedback.setdefault((row["application"], row["received_on"]), item.id)
        for row in _rows("followups.csv"):
            item = add_followup(
                store, what=row["what"], due_on=shift.day(row["due_on"]),
                contact_id=contacts.get(row["contact"]), application_id=apps.get(row["application"]),
            )
            if row["done_on"]:
                complete_followup(store, item.id)
                store.update("followups", item.id, {"done_at": shift.day(row["done_on"]) + "T18:00:00"})
        _load_asks(store, shift, apps, contacts, feedback)
        recluster(store)
        _load_vouches(store, contacts)
        _load_evidence(store, shift)


def _gap_ids(store: Store) -> dict[str, int]:
    return {r["slug"]: r["id"] for r in store.query("SELECT id, slug FROM gaps")}


def _load_asks(store: Store, shift: _Shift, apps: dict[str, int], contacts: dict[str, int],
               feedback: dict[tuple[str, str], int]) -> None:
    """The asks Sam sent: each logs its interaction and a follow-up five days on; an answered
    one links the answer (feedback on the same application) and clarifies the vague one
    with ``which`` (the gap the answer names: ``answer_gap``).

    Written directly until core/asks.py lands (then through its functions).
    """
    for row in _rows("asks.csv"):
        asked = shift.day(row["asked_on"])
        app_id, contact_id = apps[row["application"]], contacts[row["contact"]]
        touch = log_interaction(store, contact_id, summary=row["summary"],
                                channel=row["channel"] or None, at=asked + " 09:00",
                                application_id=app_id)
        chase = add_followup(store, what=f"Chase the answer: {row['summary'].lower()}",
                             due_on=(date.fromisoformat(asked) + timedelta(days=5)).isoformat(),
                             contact_id=contact_id, application_id=app_id)
        values: dict[str, Any] = {
            "kind": row["kind"], "feedback_id": feedback[(row["application"], row["feedback_on"])],
            "application_id": app_id, "contact_id": contact_id, "message": row["message"],
            "asked_on": asked, "interaction_id": touch.id, "followup_id": chase.id,
            "created_at": asked + "T09:00:00"}
        if row["answered_on"]:
            answered = shift.day(row["answered_on"])
            answer_id = feedback[(row["application"], row["answered_on"])]
            values.update(answer_feedback_id=answer_id, answered_on=answered)
            store.update("followups", chase.id, {"done_at": answered + "T18:00:00"})
            # clarify's effect, before the one recluster below files the rest (learning from
            # this answer) instead of a refile here: the demo loads in a fifth less time
            reassign(store, values["feedback_id"], row["answer_gap"], carry=False)
            store.update("feedback", values["feedback_id"], {"clarification": row["which"]})
        store.insert("asks", values)


def _load_vouches(store: Store, contacts: dict[str, int]) -> None:
    """Who can vouch for which gap (direct rows until core/vouch.py lands)."""
    gaps = _gap_ids(store)
    for row in _rows("vouches.csv"):
        for slug in row["gaps"].split(";"):
            store.insert("contact_gaps", {"contact_id": contacts[row["contact"]],
                                          "gap_id": gaps[slug], "note": row["note"] or None,
                                          "created_at": now_iso()})


def _load_evidence(store: Store, shift: _Shift) -> None:
    """Evidence that a gap is closing (direct rows until core/evidence.py lands)."""
    gaps = _gap_ids(store)
    for row in _rows("evidence.csv"):
        store.insert("evidence", {
            "gap_id": gaps[row["gap"]], "text": row["text"],
            "happened_on": shift.day(row["happened_on"]) or None,
            "situation": row["situation"] or None, "action": row["action"] or None,
            "result": row["result"] or None, "created_at": now_iso()})


def _demo_fingerprint(day: date) -> str:
    digest = hashlib.sha256()
    for name in ("demo.toml", "applications.csv", "contacts.csv", "interactions.csv",
                 "interviews.csv", "feedback.csv", "followups.csv", "asks.csv", "vouches.csv",
                 "evidence.csv"):
        digest.update(read_text("sample_data", name).encode())
    for name in ("gaps.toml", "abbreviations.toml", "levels.toml"):  # what the load derives
        digest.update(read_text("schemas", name).encode())
    digest.update(str(latest_version()).encode())
    return f"{day.isoformat()}-{digest.hexdigest()[:16]}"


def build_demo_database(target: Path, *, cache_dir: Path | None = None) -> Path:
    """Write a fresh demo database to ``target`` (which must not exist yet).

    The first build of a day is kept in the user cache dir; later runs copy it (a few
    milliseconds instead of loading every record again). The copy is the user's to change.
    """
    cache = cache_dir or Path(platformdirs.user_cache_dir("rung", appauthor=False))
    cached = cache / f"demo-{_demo_fingerprint(clock.today())}.db"
    if cached.is_file():
        try:
            shutil.copyfile(cached, target)
            return target
        except OSError:
            target.unlink(missing_ok=True)
    store = Store(target)
    try:
        load_demo(store)
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    try:
        cache.mkdir(parents=True, exist_ok=True)
        for old in cache.glob("demo-*.db"):
            old.unlink(missing_ok=True)
        partial = cached.with_suffix(".partial")
        shutil.copyfile(target, partial)
        os.replace(partial, cached)
    except OSError:
        pass  # no cache this time; the demo still works
    return target


def demo_summary(store: Store) -> dict[str, int]:
    """Record counts of a loaded demo, for messages and tests."""
    tables = ("applications", "contacts", "interactions", "interviews", "feedback", "followups")
    return {t: store.count(t) for t in tables}


__all__ = ["build_demo_database", "demo_summary", "load_demo"]
