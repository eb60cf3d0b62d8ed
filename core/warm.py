"""Warm paths: the people you know at the companies you apply to.

A contact is *at* an application's company when their company is the same company row, or
another row that names the same employer: "Acme" = "ACME Inc." = "Acme Corporation",
"Google" = "Google LLC", "Acme Software GmbH" = "Acme Software" = "Acme",
"Amazon Web Services (AWS)" = "AWS". Never "Acme" / "Acmeo", "Meta" / "Metallica",
"Apple" / "Applied Materials". A company's former names are out of scope.

How two names are compared (``company_keys``):

0. A name that is no employer ("Freelance", "Self-employed", "Confidential", "Stealth
   mode", "Open to work": ``placeholders`` in ``schemas/company_words.toml``, seen in real
   Connections exports) has no key: it is never a warm path, not even to the same row.
1. ``core.text.normalize_company`` (case, accents, punctuation, legal suffixes), after a
   parenthetical aside is taken off and dotted initials are joined ("B.V." -> "bv").
2. A branch's region goes when what is left is a name of its own (4+ letters, not a generic
   word): "Accenture in India" = "Accenture Brasil" = "Accenture", "Optare Solutions de
   Mexico" = "Optare Solutions"; "Air France" and "Air India" stay apart (``regions``).
   A name with a tagline after " - " or " | " ("FINSA - Financiera Maderera S.A.") also
   matches by the part before it.
3. Trailing generic words ("Software", "Technologies", "Labs", ".com") go when what is
   left is a name of its own (3+ letters, not itself a generic word: "Data Systems" stays).
4. Spaces go ("Data Bricks" = "Databricks"). Equal keys match.
5. An aside that spells the name's initials ("(AWS)") is a second key.
6. A typo is forgiven in long names only: both keys ``FUZZY_MIN_LEN``+ letters, the same
   first ``BLOCK`` letters, the same digits, and rapidfuzz ``ratio`` >= ``FUZZY_MIN_RATIO``
   (one letter left out or added from 10 letters on, one letter changed from 17 on:
   "Morgan Stanly" = "Morgan Stanley", but "Northwind Health" != "Northwind Wealth").
   The pairs that must and must not match are tests/test_warm.py's table.

Speed: keys are computed once per distinct company name (cached), contacts are counted per
company row, and typos are looked for only between the companies of applications and the
companies of contacts that share their first letters: never contacts x applications.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from .commands.applications import list_applications
from .jsonable import JsonRecord
from .resources import read_toml
from .stages import ACTIVE_STAGES
from .store import Store
from .text import fold, normalize_company

#: The applications a warm path is looked for: open ones (a saved job is not applied yet).
OPEN_STAGES: tuple[str, ...] = tuple(s for s in ACTIVE_STAGES if s != "saved")
FUZZY_MIN_LEN = 10
FUZZY_MIN_RATIO = 94.0
BLOCK = 4  # typo candidates share this many first letters

# Words a company's name often ends with that do not tell two employers apart.
_GENERIC = frozenset(
    """
    software technologies technology tech systems system solutions labs lab international
    intl global worldwide com online and
""".split()
)
# Words that are no name on their own: a generic word is not dropped to leave only these.
_NO_NAME = _GENERIC | frozenset(
    """
    data digital general united american national first new open smart next info information
    computer computing network networks cloud web media consulting services service capital
    partners health bank energy
""".split()
)
_ASIDE = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")
_DIGITS = re.compile(r"\d+")

# Who runs an application's process: an intro is asked of someone else.
_PROCESS_ROLES = frozenset({"recruiter", "hiring_manager"})
# Who to ask for an intro first, when several people there were not contacted since.
_RELATIONSHIP_RANK = {
    "former_colleague": 0,
    "mentor": 1,
    "referrer": 2,
    "peer": 3,
    "hiring_manager": 4,
    "recruiter": 5,
    "other": 6,
}


@dataclass
class WarmContact:
    """Someone you know at an application's company."""

    id: int
    name: str
    title: str | None
    relationship: str | None
    last_contact: str | None  # the latest interaction's date, or None
    company: str | None = None  # their company as written on their record


@dataclass
class WarmPath:
    """An application and the people you know there (most recently touched first)."""

    application_id: int
    company: str
    title: str
    stage: str
    contacts: list[WarmContact] = field(default_factory=list)
    last_activity: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``rung warm --json`` item."""
        return {
            "application_id": self.application_id,
            "company": self.company,
            "title": self.title,
            "stage": self.stage,
            "contacts": [
                {
                    "id": c.id,
                    "name": c.name,
                    "title": c.title,
                    "relationship": c.relationship,
                    "last_contact": c.last_contact,
                }
                for c in self.contacts
            ],
        }


# -- matching names -----------------------------------------------------------------------


def _join_initials(words: list[str]) -> list[str]:
    """Trailing one-letter words joined: "booking com b v" -> "booking com bv" (so the
    legal suffix "B.V." is seen as one)."""
    end = len(words)
    start = end
    while start > 0 and len(words[start - 1]) == 1 and words[start - 1].isalpha():
        start -= 1
    if end - start >= 2:
        return [*words[:start], "".join(words[start:])]
    return words


@lru_cache(maxsize=1)
def _company_words() -> tuple[
    frozenset[str], dict[str, tuple[tuple[str, ...], ...]], frozenset[str]
]:
    """schemas/company_words.toml: placeholders (folded), regions by their last word (as
    word tuples, longest first) and the small words before a region."""
    data = read_toml("schemas", "company_words.toml")
    by_last: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for region in data["regions"]:
        words = tuple(fold(region).split())
        by_last[words[-1]].append(words)
    regions = {last: tuple(sorted(found, key=len, reverse=True)) for last, found in by_last.items()}
    return (
        frozenset(fold(p) for p in data["placeholders"]),
        regions,
        frozenset(data["region_links"]),
    )


def _without_region(words: list[str]) -> list[str]:
    """The words with a trailing region (and its "in"/"de") dropped, when what is left is
    a name of its own: 4+ letters and not only generic words."""
    _, regions, links = _company_words()
    for region in regions.get(words[-1], ()) if words else ():
        n = len(region)
        if len(words) > n and tuple(words[-n:]) == region:
            rest = words[:-n]
            if len(rest) > 1 and rest[-1] in links:
                rest = rest[:-1]
            if len("".join(rest)) >= 4 and not all(w in _NO_NAME for w in rest):
                return rest
            return words
    return words


def is_placeholder(name: str) -> bool:
    """True for a "company" that names no employer ("Freelance", "Confidential")."""
    return fold(name) in _company_words()[0]


@lru_cache(maxsize=65536)
def company_keys(name: str) -> tuple[str, ...]:
    """The keys a company name matches by: its main key first, then an initials alias
    ("Amazon Web Services (AWS)" -> ("amazonwebservices", "aws")) and the name before a
    tagline ("FINSA - Financiera Maderera" -> "finsa"). Empty for no name or a placeholder."""
    if is_placeholder(name):
        return ()
    tagline_head = None
    for sep in (" - ", " | ", " – ", " — "):
        if sep in name:
            head = name.split(sep, 1)[0]
            if len(fold(head).replace(" ", "")) >= 3 and not is_placeholder(head):
                tagline_head = head
            break
    asides, main = [], name
    if "(" in name or "[" in name:
        asides = [a or b for a, b in _ASIDE.findall(name)]
        main = _ASIDE.sub(" ", name)
    words = _join_initials(fold(main.replace("&", " and ")).split())
    if not words:
        return ()
    words = _without_region(normalize_company(" ".join(words)).split())
    initials = "".join(w[0] for w in words if not w.isdigit()) if len(words) >= 2 else ""
    while len(words) > 1 and words[-1] in _GENERIC:
        rest = words[:-1]
        if len("".join(rest)) < 3 or all(w in _NO_NAME for w in rest):
            break
        words = rest
    keys = ["".join(words)]
    for aside in asides:
        alias = fold(aside).replace(" ", "")
        if len(alias) >= 2 and alias == initials and alias not in keys:
            keys.append(alias)
    if tagline_head is not None:
        keys.extend(k for k in company_keys(tagline_head)[:1] if k not in keys)
    return tuple(keys)


def _block(key: str) -> tuple[str, tuple[str, ...]] | None:
    """Where a main key looks for typos: its first letters and its digits (both must
    agree), or None for a key too short to forgive a typo in."""
    if len(key) < FUZZY_MIN_LEN:
        return None
    return key[:BLOCK], tuple(_DIGITS.findall(key))


def _typo_match(a: str, b: str) -> bool:
    """Two main keys one typo apart (long names only, same start, same digits)."""
    block = _block(a)
    if block is None or block != _block(b):
        return False
    return fuzz.ratio(a, b, score_cutoff=FUZZY_MIN_RATIO) > 0


def companies_match(a: str, b: str) -> bool:
    """Whether two company names are one employer (see the module's rules)."""
    ka, kb = company_keys(a), company_keys(b)
    if not ka or not kb:
        return False
    return bool(set(ka) & set(kb)) or _typo_match(ka[0], kb[0])


def matching_companies(store: Store, company_ids: Iterable[int]) -> dict[int, list[int]]:
    """For each of ``company_ids`` (the companies of applications), the company rows whose
    contacts work there: itself and its variants. Companies nobody works at are left out."""
    wanted = set(company_ids)
    with_people = {
        r["id"]: r["name"]
        for r in store.query(
            "SELECT c.id, c.name FROM companies c WHERE c.id IN "
            "(SELECT DISTINCT company_id FROM contacts WHERE company_id IS NOT NULL)"
        )
    }
    if not with_people or not wanted:
        return {}
    by_key: dict[str, list[int]] = defaultdict(list)
    by_block: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)  # long keys
    for cid, name in with_people.items():
        keys = company_keys(name)
        for key in keys:
            by_key[key].append(cid)
        if keys and (block := _block(keys[0])) is not None:
            by_block[block].add(keys[0])
    if len(wanted) < 900:
        names = {
            r["id"]: r["name"]
            for r in store.query(
                f"SELECT id, name FROM companies WHERE id IN ({','.join('?' * len(wanted))})",
                sorted(wanted),
            )
        }
    else:
        names = {
            r["id"]: r["name"]
            for r in store.query("SELECT id, name FROM companies")
            if r["id"] in wanted
        }
    typos: dict[str, list[str]] = {}  # main key -> the contacts' keys one typo away
    out: dict[int, list[int]] = {}
    for cid, name in names.items():
        keys = company_keys(name)
        if not keys:  # a placeholder ("Confidential"): nobody there is a warm path
            continue
        found = {cid} if cid in with_people else set()
        for key in keys:
            found.update(by_key.get(key, ()))
        if keys and (block := _block(keys[0])) is not None:
            main = keys[0]
            near = typos.get(main)
            if near is None:
                near = typos[main] = [
                    other
                    for other in by_block.get(block, ())
                    if other != main
                    and abs(len(other) - len(main)) <= 2
                    and fuzz.ratio(main, other, score_cutoff=FUZZY_MIN_RATIO) > 0
                ]
            for other in near:
                found.update(by_key[other])
        if found:
            out[cid] = sorted(found)
    return out


# -- what the screens and the CLI show ----------------------------------------------------


def _contacts_at(store: Store, company_ids: Iterable[int]) -> dict[int, list[WarmContact]]:
    """The contacts of these company rows with their last interaction, by company id."""
    ids = sorted(set(company_ids))
    out: dict[int, list[WarmContact]] = defaultdict(list)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for r in store.query(
            "SELECT p.id, p.name, p.title, p.relationship, p.company_id, c.name AS company, "
            "(SELECT max(at) FROM interactions i WHERE i.contact_id = p.id) AS last_contact "
            "FROM contacts p JOIN companies c ON c.id = p.company_id "
            f"WHERE p.company_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            out[r["company_id"]].append(
                WarmContact(
                    r["id"],
                    r["name"],
                    r["title"],
                    r["relationship"],
                    r["last_contact"],
                    r["company"],
                )
            )
    return out


def _order_contacts(contacts: list[WarmContact]) -> list[WarmContact]:
    """Most recently touched first, then never touched, by name."""
    touched = sorted(
        (c for c in contacts if c.last_contact),
        key=lambda c: (c.last_contact or "", -c.id),
        reverse=True,
    )
    never = sorted(
        (c for c in contacts if not c.last_contact), key=lambda c: (c.name.casefold(), c.id)
    )
    return touched + never


def warm_paths(store: Store, *, saved: bool = False) -> list[WarmPath]:
    """Every open application (applied to offer; with ``saved`` the saved jobs instead)
    where you know someone, with those people; the most recent activity first (the
    Pipeline's last activity)."""
    apps = [
        a
        for a in list_applications(store)
        if (a.stage == "saved" if saved else a.stage in OPEN_STAGES)
    ]
    matched = matching_companies(store, {a.company_id for a in apps})
    people = _contacts_at(store, {c for ids in matched.values() for c in ids})
    out = []
    for a in apps:  # list_applications: last activity, newest first
        ids = matched.get(a.company_id)
        if not ids:
            continue
        contacts = _order_contacts([p for cid in ids for p in people.get(cid, ())])
        if contacts:
            out.append(WarmPath(a.id, a.company, a.title, a.stage, contacts, a.last_activity))
    return out


def people_at_application(store: Store, application_id: int) -> list[WarmContact]:
    """The people you know at an application's company (any stage), most recent touch
    first; empty when nobody (or no such application)."""
    company_id = store.scalar("SELECT company_id FROM applications WHERE id = ?", [application_id])
    if company_id is None:
        return []
    ids = matching_companies(store, [int(company_id)]).get(int(company_id), [])
    people = _contacts_at(store, ids)
    return _order_contacts([p for cid in ids for p in people.get(cid, ())])


def warm_counts(store: Store) -> dict[int, int]:
    """How many people you know at each application's company, by application id (every
    application, 0 included): the Pipeline's column, read with its rows."""
    apps = store.query("SELECT id, company_id FROM applications")
    per_company = {
        r["company_id"]: r["n"]
        for r in store.query(
            "SELECT company_id, count(*) AS n FROM contacts WHERE company_id IS NOT NULL "
            "GROUP BY company_id"
        )
    }
    if not per_company:
        return {a["id"]: 0 for a in apps}
    matched = matching_companies(store, {a["company_id"] for a in apps})
    totals = {cid: sum(per_company.get(o, 0) for o in ids) for cid, ids in matched.items()}
    return {a["id"]: totals.get(a["company_id"], 0) for a in apps}


@dataclass(frozen=True, slots=True)
class Intro(JsonRecord):
    """An open application to ask someone there for an intro: ``contact`` (``contact_id``)
    is the person to ask, ``others`` how many more there are."""

    application_id: int
    company: str
    title: str
    stage: str
    contact_id: int
    contact: str
    applied_on: str | None
    others: int


def intro_candidates(store: Store) -> list[Intro]:
    """The Review's "Ask for an intro": open applications where you know someone there and
    have contacted none of them since applying (once you asked one, it leaves the list),
    before an offer; the company's recruiters and hiring managers are not asked for one; one row per application, with the person to ask
    (a former colleague or mentor before a recruiter; then by name) and ``others``, how
    many more there are. The most recently applied first."""
    apps = store.query(
        "SELECT a.id, a.company_id, a.title, a.stage, a.applied_on, a.created_at, "
        "c.name AS company FROM applications a JOIN companies c ON c.id = a.company_id "
        f"WHERE a.stage IN ({','.join('?' * len(OPEN_STAGES))})",
        list(OPEN_STAGES),
    )
    matched = matching_companies(store, {a["company_id"] for a in apps})
    if not matched:
        return []
    people = _contacts_at(store, {c for ids in matched.values() for c in ids})
    out: list[Intro] = []
    for a in apps:
        since = (a["applied_on"] or a["created_at"] or "")[:10]
        if a["stage"] == "offer":
            continue  # an offer is past what an intro is for
        # the company's recruiters and hiring managers run the process: no intro from them
        there = [
            p
            for cid in matched.get(a["company_id"], ())
            for p in people.get(cid, ())
            if p.relationship not in _PROCESS_ROLES
        ]
        untouched = [p for p in there if not p.last_contact or p.last_contact[:10] < since]
        if not untouched or len(untouched) < len(there):
            continue  # nobody to ask, or someone there was contacted since: the path is warm
        best = min(
            untouched,
            key=lambda p: (
                _RELATIONSHIP_RANK.get(p.relationship or "", 7),
                p.name.casefold(),
                p.id,
            ),
        )
        out.append(
            Intro(
                a["id"],
                a["company"],
                a["title"],
                a["stage"],
                best.id,
                best.name,
                a["applied_on"],
                len(untouched) - 1,
            )
        )
    out.sort(key=lambda r: (r.applied_on or "", r.application_id), reverse=True)
    return out
