"""The plain records that core functions return (no behaviour, no database access)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, TypeVar

T = TypeVar("T")


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    """Build a dataclass from a row dict, ignoring columns it does not declare."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in row.items() if k in names})


def to_dict(record: Any) -> dict[str, Any]:
    """A record as a JSON-ready dict."""
    return asdict(record)


@dataclass
class Company:
    id: int
    name: str
    normalized_name: str
    website: str | None = None
    notes: str | None = None


@dataclass
class Application:
    id: int
    company_id: int
    company: str
    title: str
    level: str
    stage: str
    location: str | None = None
    url: str | None = None
    source: str | None = None
    status_raw: str | None = None
    applied_on: str | None = None
    salary: str | None = None
    notes: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    last_activity: str | None = None  # latest of stage change, interview, interaction, feedback
    stage_since: str | None = None  # when it entered its current stage


@dataclass
class StageEvent:
    id: int
    application_id: int
    from_stage: str | None
    to_stage: str
    at: str
    note: str | None = None


@dataclass
class Interview:
    id: int
    application_id: int
    round: int
    kind: str
    scheduled_at: str | None = None
    with_whom: str | None = None
    outcome: str | None = None
    notes: str | None = None


@dataclass
class Contact:
    id: int
    name: str
    company_id: int | None = None
    company: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin_url: str | None = None
    relationship: str | None = None
    source: str | None = None
    connected_on: str | None = None
    cadence_days: int | None = None
    notes: str | None = None
    last_contacted: str | None = None  # latest interaction
    next_followup: str | None = None  # earliest open follow-up due date
    cadence_due: str | None = None  # last contacted + cadence


@dataclass
class Interaction:
    id: int
    contact_id: int
    at: str
    channel: str | None = None
    summary: str | None = None
    application_id: int | None = None
    contact: str | None = None


@dataclass
class Followup:
    id: int
    due_on: str
    what: str
    contact_id: int | None = None
    application_id: int | None = None
    done_at: str | None = None
    contact: str | None = None
    application: str | None = None  # "Company — Title"


@dataclass
class Feedback:
    id: int
    text: str
    application_id: int | None = None
    interview_id: int | None = None
    received_on: str | None = None
    source: str | None = None
    gap_id: int | None = None
    assigned_by: str | None = None
    score: float | None = None
    status: str = "confirmed"
    clarification: str | None = None


@dataclass
class TimelineEntry:
    """One line of an application's history."""

    at: str
    kind: str  # stage, interview, interaction, feedback, followup, created
    text: str
    ref_id: int | None = None
