"""Command-palette provider for records: applications, contacts and companies by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class RecordsProvider(Provider):
    """Every application, contact and company by name; recent records first."""

    async def startup(self) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        self.records: list[tuple[str, str, str, int]] = []  # (text, help, kind, id)
        for row in store.query(
            "SELECT a.id, c.name AS company, a.title, a.stage FROM applications a "
            "JOIN companies c ON c.id = a.company_id ORDER BY a.updated_at DESC"
        ):
            self.records.append((f"{row['company']} — {row['title']}",
                                 f"application · {row['stage']}", "application", row["id"]))
        for row in store.query(
            "SELECT p.id, p.name, c.name AS company, p.relationship FROM contacts p "
            "LEFT JOIN companies c ON c.id = p.company_id ORDER BY p.updated_at DESC"
        ):
            extra = " · ".join(x for x in (row["relationship"], row["company"]) if x)
            self.records.append((row["name"], f"contact · {extra}".rstrip(" ·"), "contact",
                                 row["id"]))
        for row in store.query(
            "SELECT c.id, c.name, (SELECT a.id FROM applications a WHERE a.company_id = c.id "
            "ORDER BY a.updated_at DESC LIMIT 1) AS app_id FROM companies c ORDER BY c.name"
        ):
            if row["app_id"] is not None:
                self.records.append((row["name"], "company · latest application", "application",
                                     row["app_id"]))

    def _open(self, kind: str, ident: int) -> None:
        if kind == "application":
            self.app.open_application(ident)  # type: ignore[attr-defined]
        else:
            self.app.open_contact(ident)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for text, help_text, kind, ident in self.records[:10]:
            yield DiscoveryHit(text, partial(self._open, kind, ident), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, kind, ident in self.records:
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._open, kind, ident),
                          help=help_text)
