"""What a record picker offers: applications, contacts and companies as one line each.

A form's link field (the application a call or a piece of feedback was about) shows a
record by name and finds it by company, title and name; these queries give it the
candidates in one query per kind (never one per row), most recently changed first.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..gaps_queries import gaps_with_feedback
from ..store import Store
from ..visible import visible
from .companies import list_companies

KINDS = ("application", "contact", "company")


@dataclass(frozen=True)
class RecordChoice:
    """One record a picker can link to."""

    id: int
    kind: str  # "application" | "contact" | "company"
    label: str  # what the field shows: "Acme — Engineering Manager (applied)"
    search: str  # the words it is found by (the label's and a few more)


_APPLICATIONS = """
SELECT a.id, c.name AS company, a.title, a.stage, a.level, a.location
FROM applications a JOIN companies c ON c.id = a.company_id
{where} ORDER BY a.updated_at DESC, a.id DESC
"""
_CONTACTS = """
SELECT p.id, p.name, c.name AS company, p.title, p.relationship
FROM contacts p LEFT JOIN companies c ON c.id = p.company_id
{where} ORDER BY p.updated_at DESC, p.id DESC
"""
_COMPANIES = "SELECT c.id, c.name FROM companies c {where} ORDER BY c.updated_at DESC, c.id DESC"


def _application(row: dict) -> RecordChoice:
    label = f"{row['company']} — {row['title']} ({row['stage']})"
    words = " ".join(str(v) for v in (row["level"], row["location"]) if v)
    return RecordChoice(row["id"], "application", label, f"{label} {words}".strip())


def _contact(row: dict) -> RecordChoice:
    label = " · ".join(str(v) for v in (row["name"], row["company"]) if v)
    words = " ".join(str(v) for v in (row["title"], row["relationship"]) if v)
    return RecordChoice(row["id"], "contact", label, f"{label} {words}".strip())


def _company(row: dict) -> RecordChoice:
    return RecordChoice(row["id"], "company", row["name"], row["name"])


_QUERIES = {
    "application": (_APPLICATIONS, "a.id", _application),
    "contact": (_CONTACTS, "p.id", _contact),
    "company": (_COMPANIES, "c.id", _company),
}


def record_choices(store: Store, kind: str) -> list[RecordChoice]:
    """Every record of ``kind`` a picker can offer, most recently changed first."""
    sql, _, build = _QUERIES[kind]
    return [build(row) for row in store.query(sql.format(where=""))]


def record_choice(store: Store, kind: str, ident: int) -> RecordChoice | None:
    """One record of ``kind`` as a picker shows it, or None when there is none."""
    sql, key, build = _QUERIES[kind]
    row = store.query_one(sql.format(where=f"WHERE {key} = ?"), [ident])
    return build(row) if row else None


@dataclass(frozen=True, slots=True)
class PaletteRecord:
    """One thing the command palette can open: ``text`` is what it finds and shows, ``help``
    the line under it, ``ref`` the id (or a gap's slug). Names come from imported files:
    their control characters are shown (``core.visible``), never sent on."""

    text: str
    help: str
    kind: str  # "application" | "contact" | "company" | "gap"
    ref: int | str

    @classmethod
    def of(cls, text: str, help: str, kind: str, ref: int | str) -> PaletteRecord:
        """A record with its text and help made visible."""
        return cls(visible(text), visible(help), kind, ref)


def palette_records(store: Store) -> list[PaletteRecord]:
    """Every application, contact, company and gap with feedback, most recently changed
    first within each kind (gaps: the most cited first)."""
    records: list[PaletteRecord] = []
    for row in store.query(
        "SELECT a.id, c.name AS company, a.title, a.stage FROM applications a "
        "JOIN companies c ON c.id = a.company_id ORDER BY a.updated_at DESC, a.id DESC"
    ):
        records.append(
            PaletteRecord.of(
                f"{row['company']} — {row['title']}",
                f"application · {row['stage']}",
                "application",
                row["id"],
            )
        )
    for row in store.query(
        "SELECT p.id, p.name, c.name AS company, p.relationship FROM contacts p "
        "LEFT JOIN companies c ON c.id = p.company_id ORDER BY p.updated_at DESC, p.id DESC"
    ):
        extra = " · ".join(x for x in (row["relationship"], row["company"]) if x)
        records.append(
            PaletteRecord.of(row["name"], f"contact · {extra}".rstrip(" ·"), "contact", row["id"])
        )
    for company in list_companies(store):
        records.append(
            PaletteRecord.of(
                company.name,
                f"company · {company.applications} applications · {company.people} people",
                "company",
                company.id,
            )
        )
    for gap in gaps_with_feedback(store):
        whose = "their reason" if gap.kind == "external" else "gap"
        records.append(
            PaletteRecord.of(
                gap.label, f"{whose} · {gap.feedback} pieces of feedback", "gap", gap.slug
            )
        )
    return records
