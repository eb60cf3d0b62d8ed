"""Companies: one row per employer, found by normalized name."""

from __future__ import annotations

from ..clock import now_iso
from ..errors import NotFound, ValidationError
from ..models import Company, from_row
from ..store import Store
from ..text import normalize_company


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
    """One company by id."""
    row = store.query_one("SELECT * FROM companies WHERE id = ?", [company_id])
    if row is None:
        raise NotFound("company", company_id)
    return from_row(Company, row)


def list_companies(store: Store) -> list[Company]:
    """Every company, by name."""
    return [
        from_row(Company, r)
        for r in store.query("SELECT * FROM companies ORDER BY name COLLATE NOCASE")
    ]


def prune_orphan_companies(store: Store) -> int:
    """Delete companies no application or contact refers to; returns how many."""
    cur = store.execute(
        "DELETE FROM companies WHERE id NOT IN (SELECT company_id FROM applications) "
        "AND id NOT IN (SELECT company_id FROM contacts WHERE company_id IS NOT NULL)"
    )
    return cur.rowcount
