"""Possible duplicates: a contact or an application that is probably one rung already keeps.

Strict on purpose (a warning that cries wolf gets ignored):

- a contact: the same e-mail or LinkedIn profile; else the same company (normalized as
  companies are: "ACME Inc." is Acme) and a name that reads alike (rapidfuzz
  ``token_sort_ratio`` of the folded names at least ``NAME_THRESHOLD``: "Dana Reyes" and
  "Reyes, Dana"); with no company on one side, the same folded name. Another company is
  another person ("Dan Reyes" at Globex is not "Dana Reyes" at Acme).
- an application: the same company and a title that reads alike (``TITLE_THRESHOLD`` on the
  normalized titles: "Sr. Engineering Mgr" is "Senior Engineering Manager"; "Engineering
  Manager" is not "Senior Engineering Manager").

Used before ``add contact`` / ``add application`` (the CLI refuses without ``--force``,
the app asks) and after an import's dry run or write (rows that made a new application
although one like it was kept already, with another date, are listed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from ..errors import RungError
from ..store import Store
from ..text import normalize_company, normalize_person, normalize_title

NAME_THRESHOLD = 90.0
TITLE_THRESHOLD = 90.0


@dataclass(frozen=True)
class Duplicate:
    """A record already kept that a new one probably is."""

    kind: str  # "contact" or "application"
    id: int
    name: str  # the contact's name, or the application's title
    company: str | None = None
    applied_on: str | None = None  # applications: the date applied
    stage: str | None = None  # applications: the stage
    why: str = "name"  # what matched: "email", "linkedin", "name", "title"

    def describe(self) -> str:
        """``contact 12 Dana Reyes (Acme)``, ``application 7 Acme — Engineering Manager
        (applied 2026-03-01, rejected)``."""
        if self.kind == "contact":
            return f"contact {self.id} {self.name}" + (f" ({self.company})" if self.company else "")
        facts = ", ".join(
            x
            for x in (f"applied {self.applied_on}" if self.applied_on else "", self.stage or "")
            if x
        )
        return f"application {self.id} {self.company} — {self.name}" + (
            f" ({facts})" if facts else ""
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON object of one match."""
        return asdict(self)


@dataclass(frozen=True)
class ImportDuplicate:
    """A row an import made into a new application while one like it was kept already."""

    line: int | None  # the row's line in its file, when known
    id: int | None  # the application the row became (None in a dry run)
    company: str
    title: str
    applied_on: str | None
    existing: Duplicate

    def describe(self) -> str:
        """``line 4: Acme — Engineering Manager (applied 2026-05-02) looks like
        application 7 … (applied 2026-03-01, rejected)``."""
        where = f"line {self.line}: " if self.line else ""
        when = f" (applied {self.applied_on})" if self.applied_on else ""
        return f"{where}{self.company} — {self.title}{when} looks like {self.existing.describe()}"

    def to_json(self) -> dict[str, Any]:
        """The JSON object ``rung import --json`` lists under ``possible_duplicates``."""
        return {
            "line": self.line,
            "id": self.id,
            "company": self.company,
            "title": self.title,
            "applied_on": self.applied_on,
            "existing": self.existing.to_json(),
        }


class PossibleDuplicate(RungError):
    """A new record was not added: it is probably one already kept (``matches``)."""

    kind = "duplicate"

    def __init__(self, matches: list[Duplicate]) -> None:
        self.matches = list(matches)
        shown = "; ".join(m.describe() for m in self.matches[:3])
        more = f" and {len(self.matches) - 3} more" if len(self.matches) > 3 else ""
        super().__init__(f"possible duplicate of {shown}{more}; not added")


def _similar(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.token_sort_ratio(a, b))


def contact_duplicates(
    store: Store,
    name: str,
    company: str | None = None,
    *,
    email: str | None = None,
    linkedin_url: str | None = None,
) -> list[Duplicate]:
    """The contacts a new one called ``name`` (at ``company``) probably is, best first."""
    key = normalize_person(name or "")
    company_key = normalize_company(company) if company and company.strip() else None
    found: dict[int, tuple[float, Duplicate]] = {}

    def keep(row: dict[str, Any], why: str, score: float) -> None:
        if row["id"] not in found or found[row["id"]][0] < score:
            found[row["id"]] = (
                score,
                Duplicate("contact", row["id"], row["name"], row["company"], why=why),
            )

    select = (
        "SELECT p.id, p.name, p.normalized_name, c.name AS company, "
        "c.normalized_name AS company_key FROM contacts p "
        "LEFT JOIN companies c ON c.id = p.company_id "
    )
    if email and email.strip():
        for row in store.query(select + "WHERE lower(p.email) = lower(?)", [email.strip()]):
            keep(row, "email", 101.0)
    if linkedin_url and linkedin_url.strip():
        from ..text import normalize_linkedin_profile

        for row in store.query(
            select + "WHERE p.linkedin_url = ?", [normalize_linkedin_profile(linkedin_url)]
        ):
            keep(row, "linkedin", 101.0)
    if key:
        if company_key is not None:  # the people kept at that company
            for row in store.query(select + "WHERE c.normalized_name = ?", [company_key]):
                score = _similar(key, row["normalized_name"] or "")
                if score >= NAME_THRESHOLD:
                    keep(row, "name", score)
        # the same name with no company on one side (a company on both: another company)
        for row in store.query(select + "WHERE p.normalized_name = ?", [key]):
            if company_key is None or row["company_key"] is None:
                keep(row, "name", 100.0)
    return [d for _, d in sorted(found.values(), key=lambda sd: (-sd[0], sd[1].id))]


def application_duplicates(store: Store, company: str, title: str) -> list[Duplicate]:
    """The applications at ``company`` whose title reads like ``title``, best first."""
    if not (company or "").strip() or not (title or "").strip():
        return []
    key = normalize_title(title)
    rows = store.query(
        "SELECT a.id, a.title, a.applied_on, a.stage, c.name AS company FROM applications a "
        "JOIN companies c ON c.id = a.company_id WHERE c.normalized_name = ?",
        [normalize_company(company)],
    )
    scored = [(_similar(key, normalize_title(r["title"])), r) for r in rows]
    return [
        Duplicate(
            "application",
            r["id"],
            r["title"],
            r["company"],
            r["applied_on"],
            r["stage"],
            why="title",
        )
        for score, r in sorted(scored, key=lambda sr: (-sr[0], sr[1]["id"]))
        if score >= TITLE_THRESHOLD
    ]


def imported_duplicates(
    store: Store, new_ids: Iterable[int], kept_up_to: int, lines: dict[int, int] | None = None
) -> list[ImportDuplicate]:
    """The applications ``new_ids`` (just made by an import) that read like one kept before
    it (id at most ``kept_up_to``) at the same company: one entry per new application, its
    closest match. ``lines`` maps a new id to its row's line."""
    from functools import lru_cache

    from rapidfuzz import fuzz, process

    title_key = lru_cache(maxsize=65536)(normalize_title)  # titles repeat across rows
    new_ids = list(new_ids)
    if not new_ids or kept_up_to <= 0:
        return []
    lines = lines or {}
    first, last = min(new_ids), max(new_ids)
    wanted = set(new_ids)
    new_rows = [
        r
        for r in store.query(
            "SELECT a.id, a.company_id, a.title, a.applied_on, c.name AS company "
            "FROM applications a JOIN companies c ON c.id = a.company_id "
            "WHERE a.id BETWEEN ? AND ?",
            [first, last],
        )
        if r["id"] in wanted
    ]
    companies = sorted({r["company_id"] for r in new_rows})
    kept: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(companies), 500):  # SQLite's parameter limit
        chunk = companies[start : start + 500]
        for row in store.query(
            "SELECT a.id, a.company_id, a.title, a.applied_on, a.stage, c.name AS company "
            "FROM applications a JOIN companies c ON c.id = a.company_id "
            f"WHERE a.id <= ? AND a.company_id IN ({', '.join('?' for _ in chunk)})",
            [kept_up_to, *chunk],
        ):
            kept[row["company_id"]].append(row)
    out: list[ImportDuplicate] = []
    by_company: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in new_rows:
        if kept.get(row["company_id"]):
            by_company[row["company_id"]].append(row)
    for company_id, rows in by_company.items():
        olds = kept[company_id]
        old_keys = [title_key(o["title"]) for o in olds]
        new_keys = [title_key(r["title"]) for r in rows]
        scores = process.cdist(
            new_keys, old_keys, scorer=fuzz.token_sort_ratio, score_cutoff=TITLE_THRESHOLD
        )
        for row, line in zip(rows, scores, strict=True):
            best = int(line.argmax())
            if line[best] < TITLE_THRESHOLD:
                continue
            old = olds[best]
            out.append(
                ImportDuplicate(
                    lines.get(row["id"]),
                    row["id"],
                    row["company"],
                    row["title"],
                    row["applied_on"],
                    Duplicate(
                        "application",
                        old["id"],
                        old["title"],
                        old["company"],
                        old["applied_on"],
                        old["stage"],
                        why="title",
                    ),
                )
            )
    out.sort(key=lambda d: (d.line or 0, d.id))
    return out
