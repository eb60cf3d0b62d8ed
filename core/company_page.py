"""A company's page: its applications with their feedback, the people you know there,
and how the asks for a reason went (it reads the asks, so it sits above them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .asks import CompanyAnswers, company_answers
from .commands.companies import get_company
from .models import Company, from_row
from .store import Store


@dataclass
class CompanyFeedback:
    """A piece of feedback one of the company's applications received, with its gap."""

    id: int
    application_id: int
    received_on: str | None
    text: str
    gap_slug: str | None = None
    gap_label: str | None = None
    gap_kind: str | None = None  # "gap" (yours to close) or "external" (their reason)
    no_reason: bool = False  # a form letter: counts in no gap

    @property
    def filed_as(self) -> str:
        """Where it counts: its gap's label, "no reason given" or "not filed yet"."""
        if self.gap_label:
            return self.gap_label
        return "no reason given" if self.no_reason else "not filed yet"


@dataclass
class CompanyApplication:
    """One application to the company, with the feedback it received (oldest first)."""

    id: int
    title: str
    level: str
    stage: str
    applied_on: str | None
    stage_since: str | None  # when it entered its current stage
    created_at: str
    feedback: list[CompanyFeedback] = field(default_factory=list)


@dataclass
class CompanyPerson:
    """Someone you know at the company."""

    id: int
    name: str
    title: str | None
    relationship: str | None
    last_contacted: str | None  # latest interaction


@dataclass
class CompanyPage:
    """A company with its applications across time (newest first) and its people."""

    company: Company
    applications: list[CompanyApplication]
    people: list[CompanyPerson]
    answers: CompanyAnswers | None = None  # asked why, how many answered, who


_APPLICATIONS = """
SELECT a.id, a.title, a.level, a.stage, a.applied_on, a.created_at,
       (SELECT max(e.at) FROM stage_events e WHERE e.application_id = a.id) AS stage_since,
       f.id AS feedback_id, f.received_on, f.text, f.no_reason,
       g.slug AS gap_slug, g.label AS gap_label, g.kind AS gap_kind
FROM applications a
LEFT JOIN feedback f ON f.application_id = a.id AND f.status = 'confirmed'
LEFT JOIN gaps g ON g.id = f.gap_id
WHERE a.company_id = ?
ORDER BY coalesce(a.applied_on, a.created_at) DESC, a.id DESC,
         coalesce(f.received_on, f.created_at), f.id
"""

_PEOPLE = """
SELECT p.id, p.name, p.title, p.relationship,
       (SELECT max(i.at) FROM interactions i WHERE i.contact_id = p.id) AS last_contacted
FROM contacts p WHERE p.company_id = ?
ORDER BY last_contacted IS NULL, last_contacted DESC, p.name COLLATE NOCASE, p.id
"""


def company_page(store: Store, company_id: int) -> CompanyPage:
    """Everything the company page shows, in three queries (none per row), with how its
    people answered when asked why (core.asks.company_answers)."""
    company = get_company(store, company_id)
    applications: dict[int, CompanyApplication] = {}
    for row in store.query(_APPLICATIONS, [company_id]):
        app = applications.get(row["id"])
        if app is None:
            app = applications[row["id"]] = CompanyApplication(
                row["id"],
                row["title"],
                row["level"],
                row["stage"],
                row["applied_on"],
                row["stage_since"],
                row["created_at"],
            )
        if row["feedback_id"] is not None:
            app.feedback.append(
                CompanyFeedback(
                    row["feedback_id"],
                    row["id"],
                    row["received_on"],
                    row["text"],
                    row["gap_slug"],
                    row["gap_label"],
                    row["gap_kind"],
                    bool(row["no_reason"]),
                )
            )
    people = [from_row(CompanyPerson, row) for row in store.query(_PEOPLE, [company_id])]
    return CompanyPage(
        company, list(applications.values()), people, company_answers(store, company_id)
    )
