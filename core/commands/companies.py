"""Companies: one row per employer, found by normalized name; the company page's records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..clock import now_iso
from ..errors import NotFound, ValidationError
from ..models import Company, from_row
from ..store import Store
from ..text import normalize_company

MAX_NAME = 300


def find_company(store: Store, name: str) -> Company | None:
    """The company whose normalized name matches ``name``, or None."""
    row = store.query_one(
        "SELECT * FROM companies WHERE normalized_name = ?", [normalize_company(name)]
    )
    return from_row(Company, row) if row else None


def get_or_create_company(store: Store, name: str) -> int:
    """The id of the company called ``name`` ("Acme Inc." = "ACME"), created if new."""
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError({"company": "a company name is required"})
    key = normalize_company(clean)
    existing = store.scalar("SELECT id FROM companies WHERE normalized_name = ?", [key])
    if existing is not None:
        return int(existing)
    stamp = now_iso()
    return store.insert(
        "companies",
        {"name": clean, "normalized_name": key, "created_at": stamp, "updated_at": stamp},
    )


def get_company(store: Store, company_id: int) -> Company:
    """One company by id, or NotFound."""
    row = store.query_one("SELECT * FROM companies WHERE id = ?", [company_id])
    if row is None:
        raise NotFound("company", company_id)
    return from_row(Company, row)


def edit_company(
    store: Store,
    company_id: int,
    *,
    name: str | None = None,
    website: str | None = None,
    notes: str | None = None,
) -> Company:
    """Rename a company or change its website or notes (``None`` leaves a field as it is,
    an empty string clears website and notes). A name another company already has is
    refused: "Acme Inc." and "ACME" are one company, so that would be a merge."""
    current = get_company(store, company_id)
    row: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if name is not None:
        clean = " ".join(name.split())
        key = normalize_company(clean) if clean else ""
        if not clean:
            errors["name"] = "a company name is required"
        elif len(clean) > MAX_NAME:
            errors["name"] = f"too long ({len(clean)} characters; at most {MAX_NAME})"
        else:
            other = store.scalar(
                "SELECT name FROM companies WHERE normalized_name = ? AND id <> ?",
                [key, company_id],
            )
            if other is not None:
                errors["name"] = f"another company is called {other}"
            elif clean != current.name:
                row.update(name=clean, normalized_name=key)
    if website is not None:
        site = website.strip() or None
        if site and any(ch.isspace() for ch in site):
            errors["website"] = "a URL has no spaces"
        elif site != current.website:
            row["website"] = site
    if notes is not None:
        text = notes.strip() or None
        if text != current.notes:
            row["notes"] = text
    if errors:
        raise ValidationError(errors)
    if row:
        row["updated_at"] = now_iso()
        with store.transaction():
            store.update("companies", company_id, row)
    return get_company(store, company_id)


@dataclass
class CompanySummary:
    """A company with how many applications and people it has (for pickers, the palette)."""

    id: int
    name: str
    applications: int
    people: int


def list_companies(store: Store, *, with_records: bool = True) -> list[CompanySummary]:
    """Every company by name with its counts; ``with_records`` leaves out those with
    neither an application nor a person (left over after deletes)."""
    rows = store.query(
        "SELECT c.id, c.name, "
        "(SELECT count(*) FROM applications a WHERE a.company_id = c.id) AS applications, "
        "(SELECT count(*) FROM contacts p WHERE p.company_id = c.id) AS people "
        "FROM companies c ORDER BY c.name COLLATE NOCASE, c.id"
    )
    found = [from_row(CompanySummary, row) for row in rows]
    return [c for c in found if c.applications or c.people] if with_records else found


# -- the company page ------------------------------------------------------------------


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
    answers: Any = None  # core.asks.CompanyAnswers: asked why, how many answered, who


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
    from ..asks import company_answers  # asks reads companies' records: imported late

    return CompanyPage(
        company, list(applications.values()), people, company_answers(store, company_id)
    )
