"""Contacts (key 2): people, when you last talked, and who is due — overdue first.

Each row carries a last-touch sparkline (interactions per month, 12 months); on wide
terminals the selected contact's fields, open follow-ups and last interactions are beside
the list.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from rung.core import clock
from rung.core.commands.contacts import (
    MonthlyTouches,
    effective_cadence,
    list_contacts,
    list_interactions,
    monthly_touches,
)
from rung.core.models import Contact
from rung.core.visible import visible
from rung.tui.formatting import ago, due_text, escape, humanize, short_date
from rung.tui.screens.base import RecordListScreen
from rung.tui.screens.contact_actions import (
    add_contact_dialog,
    delete_contact_dialog,
    edit_contact_dialog,
    log_interaction_dialog,
)
from rung.tui.widgets.followup_table import FollowupTable
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.record_table import Column, RecordTable, Row
from rung.tui.widgets.spark import sparkline

PANEL_INTERACTIONS = 8  # the latest interactions in the side panel

EMPTY = """[b]No contacts yet.[/b] The people who get you hired are here, with who is due a call.

  [b]a[/b]                      add a contact
  [b]rung import Connections.csv[/b]  bring in your LinkedIn connections
  [b]rung demo[/b]                  see it with a made-up network first"""


class ContactsScreen(RecordListScreen):
    """Name, company, relationship, last contacted, next due (follow-up or cadence)."""

    TITLE = "Contacts"
    COLUMNS = [
        Column("name", "Name", 18, flex=True, max_width=30),
        Column("company", "Company", 12, flex=True, priority=1, max_width=30),
        Column("relationship", "Relationship", 16, priority=2),
        Column(
            "last", "Last", 6, align_right=True, descending_first=True, long_label="last contacted"
        ),
        Column("next", "Next due", 12, long_label="next due"),
        Column(
            "touch",
            "12 months",
            12,
            priority=3,
            descending_first=True,
            long_label="touches in 12 months",
        ),
    ]
    DEFAULT_SORT = ("next", False)  # the soonest due (overdue) first, as the core lists them
    BINDINGS = [
        *RecordListScreen.BINDINGS,
        Binding("a", "add", "Add", id="contacts.add", tooltip="Add a contact"),
        Binding("e", "edit", "Edit", id="contacts.edit", tooltip="Edit the selected contact"),
        Binding(
            "l",
            "log",
            "Log",
            id="contacts.log",
            tooltip="Log an interaction with the selected contact",
        ),
        Binding(
            "d",
            "delete",
            "Delete",
            show=False,
            id="contacts.delete",
            tooltip="Delete the selected contact (u undoes)",
        ),
        Binding(
            "tab",
            "switch_pane",
            "Follow-ups",
            id="contacts.switch_pane",
            tooltip="Move between the contacts and the open follow-ups",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.contacts: dict[int, Contact] = {}
        self.touches = MonthlyTouches(())

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, KeyBar):
                yield Static("", id="followups-title")
                yield FollowupTable(id="followups")
            yield widget

    @property
    def followups(self) -> FollowupTable:
        return self.query_one("#followups", FollowupTable)

    def reload(self, keep_key: int | None = None) -> None:
        super().reload(keep_key)
        overdue, soon = self.followups.load()
        total = len(self.followups.rows)
        title = self.query_one("#followups-title", Static)
        title.update(
            f"[b]Follow-ups[/b] · {overdue} overdue · {soon} due in 7 days · {total} open"
            if total
            else "[b]Follow-ups[/b] · none open   [dim]F adds one to the selected contact[/dim]"
        )
        self.followups.display = bool(total)
        self.refresh_side_panel()  # its follow-ups are read from the pane just loaded

    def action_switch_pane(self) -> None:
        target = self.table if self.followups.has_focus else self.followups
        if target.display:
            target.focus()

    def load_rows(self) -> list[tuple[Row, str]]:
        today = clock.today().isoformat()
        rows = []
        contacts = list_contacts(self.store, self.app.settings.cadence)
        self.contacts = {c.id: c for c in contacts}
        self.touches = monthly_touches(self.store)
        for c in contacts:
            due = min((d for d in (c.next_followup, c.cadence_due) if d), default=None)
            tone = "warn" if due and due <= today else None
            cells = (
                c.name,
                c.company or "",
                humanize(c.relationship),
                ago(c.last_contacted),
                due_text(due),
                sparkline(self.touches.counts(c.id)),
            )
            hay = " ".join(
                (c.name, c.company or "", c.title or "", c.relationship or "", c.email or "")
            ).casefold()
            rows.append((Row(c.id, cells, tone), hay))
        return rows

    def status_text(self, shown: int, total: int) -> str:
        due = sum(1 for row, _ in self.all_rows if row.tone == "warn")
        return super().status_text(shown, total) + f" contacts · {due} due"

    def sort_value(self, row: Row, column: str) -> Any:
        """Typed sort keys: dates as dates, the sparkline by its total."""
        c = self.contacts.get(row.key)
        if c is None:
            return super().sort_value(row, column)
        if column == "name":
            return c.name.casefold()
        if column == "company":
            return (c.company or "").casefold() or None
        if column == "relationship":
            return c.relationship or None
        if column == "last":
            return c.last_contacted or None
        if column == "next":
            return min((d for d in (c.next_followup, c.cadence_due) if d), default=None)
        if column == "touch":
            return sum(self.touches.counts(c.id))
        return super().sort_value(row, column)

    def side_panel(self, key: int) -> RenderableType | None:
        """Who they are, the open follow-ups and the latest interactions (one query)."""
        c = self.contacts.get(key)
        if c is None:
            return None
        cadence = effective_cadence(c.relationship, c.cadence_days, self.app.settings.cadence)
        lines = [f"[b]{escape(c.name)}[/]"]
        role = " at ".join(escape(x) for x in (c.title, c.company) if x)
        if role:
            lines.append(role)
        lines.append(
            " · ".join(
                x
                for x in (
                    humanize(c.relationship) or "no relationship set",
                    f"every {cadence}d" if cadence else "no cadence",
                    f"next touch {due_text(c.cadence_due)}" if c.cadence_due else "",
                )
                if x
            )
        )
        lines.extend(f"[dim]{escape(x)}[/]" for x in (c.email, c.phone, c.linkedin_url) if x)
        if c.notes:
            lines.append(f"[i]{escape(c.notes)}[/]")
        counts = self.touches.counts(key)
        if self.touches.months:
            lines.append(
                f"touches {sparkline(counts)} {sum(counts)} in 12 months "
                f"[dim]({self.touches.months[0]} → now)[/]"
            )
        parts: list[RenderableType] = [Text.from_markup("\n".join(lines))]
        due = sorted(
            (f for f in self.followups.items.values() if f.contact_id == key),
            key=lambda f: (f.due_on or "", f.id),
        )
        if due:
            parts.append(Text.from_markup("\n[b]Follow-ups[/]"))
            parts.extend(Text.from_markup(f"{due_text(f.due_on)}: {escape(f.what)}") for f in due)
        interactions = list_interactions(self.store, key)
        title = "[b]Interactions[/]"
        if len(interactions) > PANEL_INTERACTIONS:
            title += f" [dim](latest {PANEL_INTERACTIONS} of {len(interactions)})[/]"
        parts.append(Text.from_markup("\n" + title))
        if not interactions:
            last = "never contacted"
            parts.append(Text(last, style="dim"))
        else:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True, style="dim")
            grid.add_column(no_wrap=True)
            grid.add_column(ratio=1)
            for i in interactions[:PANEL_INTERACTIONS]:
                grid.add_row(
                    short_date(i.at), visible(i.channel or ""), Text(visible(i.summary or ""))
                )
            parts.append(grid)
        return Group(*parts)

    def empty_text(self) -> str:
        return EMPTY

    def selected_contact_id(self) -> int | None:
        if self.followups.has_focus:
            item = self.followups.items.get(self.followups.selected_key or 0)
            return item.contact_id if item else None
        return self.table.selected_key

    def selected_application_id(self) -> int | None:
        if self.followups.has_focus:
            item = self.followups.items.get(self.followups.selected_key or 0)
            return item.application_id if item else None
        return None

    @on(RecordTable.Selected, "#records")
    def _open(self, event: RecordTable.Selected) -> None:
        self.app.open_contact(event.key)

    def action_add(self) -> None:
        add_contact_dialog(self.app, on_done=lambda cid: self.reload(keep_key=cid))

    def action_edit(self) -> None:
        if (key := self.table.selected_key) is not None:
            edit_contact_dialog(self.app, key)

    def action_log(self) -> None:
        if (key := self.table.selected_key) is not None:
            log_interaction_dialog(self.app, key)

    def action_delete(self) -> None:
        if (key := self.table.selected_key) is not None:
            delete_contact_dialog(self.app, key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "log", "delete"):
            if self.is_mounted and self.followups.has_focus:
                return False
            return self.table.selected_key is not None or None
        return super().check_action(action, parameters)
