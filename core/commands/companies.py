"""Companies: one row per employer, found by normalized name."""

from __future__ import annotations

from dataclasses import dataclass
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
