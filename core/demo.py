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
from datetime import date, datetime
from pathlib import Path

import platformdirs

from . import clock
from .asks import draft_why, mark_sent
from .clustering import recluster
from .clustering.corrections import reassign
from .commands.applications import add_application, move_stage
from .commands.contacts import add_contact, log_interaction
from .commands.feedback import add_feedback
from .commands.followups import add_followup, complete_followup
from .commands.interviews import add_interview
from .evidence import add_evidence
from .resources import read_text, read_toml
from .store import Store, latest_version
from .vouch import add_vouch


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
                store,
                company=row["company"],
                title=row["title"],
                stage=first_stage,
                location=row["location"] or None,
                url=row["url"] or None,
                source=row["source"] or None,
                salary=row["salary"] or None,
                applied_on=shift.day(row["applied_on"]) or None,
                notes=row["notes"] or None,
                at=shift.day(first_at),
            )
            for stage, at in history[1:]:
                move_stage(store, app.id, stage, at=shift.day(at))
            store.update(
                "applications",
                app.id,
                {
                    "created_at": shift.day(first_at) + "T09:00:00",
                    "updated_at": shift.day(history[-1][1]) + "T09:00:00",
                },
            )
            apps[row["key"]] = app.id
        for row in _rows("contacts.csv"):
            contact = add_contact(
                store,
                name=row["name"],
                company=row["company"] or None,
                title=row["title"] or None,
                email=row["email"] or None,
                phone=row["phone"] or None,
                linkedin_url=row["linkedin_url"] or None,
                relationship=row["relationship"] or None,
                source=row["source"] or None,
                connected_on=shift.day(row["connected_on"]) or None,
                cadence_days=row["cadence_days"] or None,
                notes=row["notes"] or None,
            )
            contacts[row["key"]] = contact.id
        for row in _rows("interactions.csv"):
            log_interaction(
                store,
                contacts[row["contact"]],
                summary=row["summary"],
                channel=row["channel"] or None,
                at=shift.time(row["at"]).replace("T", " "),
                application_id=apps.get(row["application"]),
            )
        rounds: dict[tuple[str, int], int] = {}
        feedback: dict[tuple[str, str], int] = {}
        for row in _rows("interviews.csv"):
            interview = add_interview(
                store,
                apps[row["application"]],
                round=int(row["round"]),
                kind=row["kind"],
                scheduled_at=shift.time(row["scheduled_at"]).replace("T", " "),
                with_whom=row["with_whom"] or None,
                outcome=row["outcome"] or None,
                notes=row["notes"] or None,
            )
            rounds[(row["application"], int(row["round"]))] = interview.id
        for row in _rows("feedback.csv"):
            item = add_feedback(
                store,
                row["text"],
                application_id=apps[row["application"]],
                interview_id=rounds.get((row["application"], int(row["round"] or 0))),
                received_on=shift.day(row["received_on"]),
                source=row["source"] or None,
                status=row.get("status") or "confirmed",  # "candidate": as an import offers it
            )
            feedback.setdefault((row["application"], row["received_on"]), item.id)
        for row in _rows("followups.csv"):
            followup = add_followup(
                store,
                what=row["what"],
                due_on=shift.day(row["due_on"]),
                contact_id=contacts.get(row["contact"]),
                application_id=apps.get(row["application"]),
            )
            if row["done_on"]:
                complete_followup(store, followup.id)
                store.update(
                    "followups", followup.id, {"done_at": shift.day(row["done_on"]) + "T18:00:00"}
                )
        recluster(store)
        _load_asks(store, shift, contacts, feedback)
        _load_vouches(store, contacts)
        _load_evidence(store, shift)


def _load_asks(
    store: Store, shift: _Shift, contacts: dict[str, int], feedback: dict[tuple[str, str], int]
) -> None:
    """The asks Sam sent (``asks.mark_sent``: the interaction and the follow-up five days
    on). An answered one is ``asks.record_answer``'s effect for vague feedback: the answer
    (``which``) clarifies it into ``answer_gap`` and the ask is linked to it; written here
    rather than through record_answer, which files every text again (two more scorer
    builds: the demo would load 40% slower). interactions.csv holds the reply.
    """
    for row in _rows("asks.csv"):
        question = feedback[(row["application"], row["feedback_on"])]
        sent = mark_sent(
            store,
            draft_why(store, question),
            message=row["message"],
            on=shift.day(row["asked_on"]),
            contact_id=contacts[row["contact"]],
        )
        if not row["answered_on"]:
            continue
        answered = shift.day(row["answered_on"])
        store.update("asks", sent.ask_id, {"answer_feedback_id": question, "answered_on": answered})
        store.update("followups", sent.followup_id, {"done_at": answered + "T18:00:00"})
        reassign(store, question, row["answer_gap"], carry=False)
        store.update("feedback", question, {"clarification": " ".join(row["which"].split())})


def _load_vouches(store: Store, contacts: dict[str, int]) -> None:
    """Who can vouch for which gap."""
    for row in _rows("vouches.csv"):
        add_vouch(store, contacts[row["contact"]], row["gaps"].split(";"), note=row["note"] or None)


def _load_evidence(store: Store, shift: _Shift) -> None:
    """Evidence that a gap is closing; some entries tell a whole story."""
    for row in _rows("evidence.csv"):
        add_evidence(
            store,
            row["gap"],
            row["text"],
            on=shift.day(row["happened_on"]) or None,
            situation=row["situation"] or None,
            action=row["action"] or None,
            result=row["result"] or None,
        )


def _demo_fingerprint(day: date) -> str:
    digest = hashlib.sha256()
    for name in (
        "demo.toml",
        "applications.csv",
        "contacts.csv",
        "interactions.csv",
        "interviews.csv",
        "feedback.csv",
        "followups.csv",
        "asks.csv",
        "vouches.csv",
        "evidence.csv",
    ):
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
