"""Command-palette provider for records: applications, contacts, companies and gaps by name.

Ranking: what the user opened recently in this session first, then what changed recently.
Each keystroke finds the records whose name holds every typed word (typos forgiven) with
the matcher the record pickers of forms share (``rung.tui.fuzzy.NameIndex``) and hands
the palette only the best ``SHOWN``: yielding thousands of weak hits is what makes a
palette lag.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from rung.core.commands.companies import list_companies
from rung.core.search import bound_query
from rung.core.visible import visible
from rung.tui.compat.palette import EagerCommandPalette
from rung.tui.fuzzy import NameIndex

if TYPE_CHECKING:
    from rung.tui.app import RungApp

SHOWN = 40  # hits handed to the palette per keystroke
RECENT_BONUS = 0.25  # added to a recently opened record's score (scores are 0..1)


@dataclass(frozen=True)
class Record:
    """One thing the palette can open."""

    text: str
    help: str
    kind: str  # "application" | "contact" | "company" | "gap"
    ref: int | str  # id, or a gap's slug

    def __post_init__(self) -> None:
        # names from imported files: their control characters shown, never sent on
        object.__setattr__(self, "text", visible(self.text))
        object.__setattr__(self, "help", visible(self.help))


def load_records(app: RungApp) -> list[Record]:
    """Every application, contact, company and gap, most recently changed first."""
    store = app.store
    records: list[Record] = []
    for row in store.query(
        "SELECT a.id, c.name AS company, a.title, a.stage FROM applications a "
        "JOIN companies c ON c.id = a.company_id ORDER BY a.updated_at DESC, a.id DESC"
    ):
        records.append(
            Record(
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
        records.append(Record(row["name"], f"contact · {extra}".rstrip(" ·"), "contact", row["id"]))
    for company in list_companies(store):
        records.append(
            Record(
                company.name,
                f"company · {company.applications} applications · {company.people} people",
                "company",
                company.id,
            )
        )
    for row in store.query(
        "SELECT g.slug, g.label, g.kind, count(f.id) AS n FROM gaps g LEFT JOIN feedback f "
        "ON f.gap_id = g.id AND f.status = 'confirmed' WHERE g.merged_into IS NULL "
        "GROUP BY g.id HAVING n > 0 ORDER BY n DESC"
    ):
        whose = "their reason" if row["kind"] == "external" else "gap"
        records.append(
            Record(row["label"], f"{whose} · {row['n']} pieces of feedback", "gap", row["slug"])
        )
    return records


class RecordsProvider(Provider):
    """Every application, contact, company and gap by name; recent records first."""

    async def startup(self) -> None:
        self.records = load_records(self.app)
        self.index = NameIndex([r.text for r in self.records])

    def _open(self, record: Record) -> None:
        if record.kind == "application":
            self.app.open_application(int(record.ref))
        elif record.kind == "contact":
            self.app.open_contact(int(record.ref))
        elif record.kind == "company":
            self.app.open_company(int(record.ref))
        else:
            self.app.open_gap(str(record.ref))

    def _recent_rank(self) -> dict[tuple[str, int | str], int]:
        return {key: i for i, key in enumerate(self.app.recent)}

    async def discover(self) -> Hits:
        recent = self._recent_rank()
        by_key = {(r.kind, r.ref): r for r in self.records}
        shown = [by_key[key] for key in sorted(recent, key=recent.__getitem__) if key in by_key]
        for record in self.records:
            if len(shown) >= 10:
                break
            if record not in shown:
                shown.append(record)
        for record in shown[:10]:
            yield DiscoveryHit(record.text, partial(self._open, record), help=record.help)

    async def search(self, query: str) -> Hits:
        bounded = bound_query(query)  # a 100 KB paste: its first 32 distinct words
        if bounded.note:
            query = " ".join(bounded.words)
        matcher = self.matcher(query)
        recent = self._recent_rank()

        def bonus(index: int) -> float:
            record = self.records[index]
            rank = recent.get((record.kind, record.ref))
            return 0.0 if rank is None else RECENT_BONUS * (1 - rank / (len(recent) + 1))

        for score, index in self.index.best(query, matcher, SHOWN, bonus):
            record = self.records[index]
            yield Hit(
                score, matcher.highlight(record.text), partial(self._open, record), help=record.help
            )


class RungCommandPalette(EagerCommandPalette):
    """The app's palette: Textual's, minus a 100 ms wait per keystroke (the override of a
    Textual internal lives in ``rung.tui.compat.palette``)."""
