"""Open follow-ups as a table with keys to act on them: done, snooze a day or a week, open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from rung.core import clock
from rung.core.commands.followups import (
    complete_followup,
    get_followup,
    list_followups,
    reschedule_followup,
    snooze_followup,
)
from rung.core.dates import to_date
from rung.core.models import Followup
from rung.core.undo import UndoStep
from rung.tui.formatting import due_text
from rung.tui.widgets.record_table import Column, RecordTable, Row

if TYPE_CHECKING:
    from rung.tui.app import RungApp


def mark_done(app: RungApp, ident: int) -> None:
    """Mark a follow-up done; ``u`` opens it again."""
    item = complete_followup(app.store, ident)
    app.push_undo_step(
        f"Done: {item.what}",
        UndoStep(f"done: {item.what}", lambda: complete_followup(app.store, ident, done=False)),
    )


def snooze(app: RungApp, ident: int, days: int) -> None:
    """Push a follow-up ``days`` later; ``u`` puts the old date back."""
    before = get_followup(app.store, ident).due_on
    item = snooze_followup(app.store, ident, days)
    app.push_undo_step(
        f"Snoozed to {item.due_on}: {item.what}",
        UndoStep(f"snooze: {item.what}", lambda: reschedule_followup(app.store, ident, before)),
    )


class FollowupTable(RecordTable):
    """Every open follow-up, earliest due first; ``enter`` opens who or what it is about."""

    BINDINGS = [
        Binding("d", "done", "Done", id="followups.done", tooltip="Mark the follow-up done"),
        Binding(
            "z",
            "snooze(1)",
            "Snooze",
            id="followups.snooze_day",
            tooltip="Snooze the follow-up by a day",
        ),
        Binding(
            "Z",
            "snooze(7)",
            "Snooze 1w",
            show=False,
            id="followups.snooze_week",
            tooltip="Snooze the follow-up by a week",
        ),
        Binding(
            "tab",
            "screen.switch_pane",
            "Back",
            id="followups.back",
            tooltip="Back to the table above",
        ),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            [
                Column("what", "Follow-up", 20, flex=True, max_width=90),
                Column("about", "About", 16, flex=True, priority=1, max_width=44),
                Column("due", "Due", 11, align_right=True),
            ],
            id=id,
            classes=classes,
        )
        self.items: dict[int, Followup] = {}

    def load(self) -> tuple[int, int]:
        """Read the open follow-ups; returns (overdue, due within 7 days)."""
        today = clock.today()
        items = list_followups(self.app.store)
        self.items = {f.id: f for f in items}
        rows, overdue, soon = [], 0, 0
        for f in items:
            due = to_date(f.due_on)
            days = (due - today).days if due else 99
            overdue += days < 0
            soon += 0 <= days <= 7
            about = f.contact or f.application or ""
            tone = "warn" if days < 0 else "good" if days == 0 else None
            rows.append(Row(f.id, (f.what, about, due_text(f.due_on)), tone))
        self.set_rows(rows)
        return overdue, soon

    def action_done(self) -> None:
        if (key := self.selected_key) is not None:
            mark_done(self.app, key)

    def action_snooze(self, days: int) -> None:
        if (key := self.selected_key) is not None:
            snooze(self.app, key, days)

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        item = self.items.get(event.key) if event.key is not None else None
        if item is None:
            return
        event.stop()
        if item.contact_id is not None:
            self.app.open_contact(item.contact_id)
        elif item.application_id is not None:
            self.app.open_application(item.application_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("done", "snooze"):
            return self.selected_key is not None or None
        return super().check_action(action, parameters)
