"""Companies: one row per employer, found by normalized name."""

from __future__ import annotations

from ..clock import now_iso
from ..errors import ValidationError
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
