"""Command-palette provider for records: applications, contacts, companies and gaps by name.

Ranking: what the user opened recently in this session first, then what changed recently.
Each keystroke finds the records whose name holds every typed word (typos forgiven) with
the matcher the record pickers of forms share (``rung.tui.fuzzy.NameIndex``) and hands
the palette only the best ``SHOWN``: yielding thousands of weak hits is what makes a
palette lag.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from rung.core.commands.records import PaletteRecord, palette_records
from rung.core.search import bound_query
from rung.tui.compat.palette import EagerCommandPalette
from rung.tui.fuzzy import NameIndex

SHOWN = 40  # hits handed to the palette per keystroke
RECENT_BONUS = 0.25  # added to a recently opened record's score (scores are 0..1)


class RecordsProvider(Provider):
    """Every application, contact, company and gap by name; recent records first."""

    async def startup(self) -> None:
        self.records = palette_records(self.app.store)
        self.index = NameIndex([r.text for r in self.records])

    def _open(self, record: PaletteRecord) -> None:
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
