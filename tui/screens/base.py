"""What every rung screen shares: the top bar, data reloads, and filterable record lists."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from rung.core.store import Store
from rung.tui.formatting import escape
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.record_table import Column, RecordTable, Row

if TYPE_CHECKING:
    from rung.tui.app import RungApp


class TopBar(Static):
    """One line: where you are, what is shown, and the numbered screens."""

    def __init__(self, title: str) -> None:
        super().__init__(id="topbar")
        self.screen_title = title
        self.status = ""

    def on_mount(self) -> None:
        self.render_bar()

    def set_status(self, status: str) -> None:
        """Replace the middle part (counts, filters, sort)."""
        self.status = status
        self.render_bar()

    def render_bar(self) -> None:
        app: RungApp = self.app  # type: ignore[assignment]
        demo = " [reverse] DEMO [/]" if getattr(app, "demo", False) else ""
        status = f"  [dim]{escape(self.status, multiline=False)}[/]" if self.status else ""
        left = f"[b]rung[/] › [b]{escape(self.screen_title, multiline=False)}[/]{demo}{status}"
        from rung.tui.app import AREAS

        areas = "  ".join(
            f"[reverse] {a.key} {a.title} [/]" if a.title == self.screen_title
            else f"[dim]{a.key}[/] {a.title}" for a in AREAS
        )
        width = self.size.width or 80
        plain_left = Text.from_markup(left).cell_len
        plain_right = Text.from_markup(areas).cell_len
        gap = width - 2 - plain_left - plain_right
        if gap < 2:  # narrow: keys only, the current one highlighted
            areas = " ".join(f"[reverse] {a.key} [/]" if a.title == self.screen_title
                             else f"[dim]{a.key}[/]" for a in AREAS)
            gap = width - 2 - plain_left - Text.from_markup(areas).cell_len
        self.update(left + (" " * gap + areas if gap >= 1 else ""))

    def on_resize(self) -> None:
        self.render_bar()


class RungScreen(Screen):
    """A screen that reloads its data when the database changed since it last looked."""

    TITLE = ""

    def __init__(self) -> None:
        super().__init__()
        self._seen_version = -1

    @property
    def rung(self) -> RungApp:
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> Store:
        return self.rung.store

    def reload(self) -> None:
        """Read the data this screen shows (override)."""

    def refresh_if_stale(self) -> None:
        """Reload when anything was written since the last load. A database SQLite cannot
        read ("database disk image is malformed") is said on the screen, not a traceback."""
        if self._seen_version != self.rung.data_version:
            self._seen_version = self.rung.data_version
            try:
                self.reload()
            except sqlite3.DatabaseError as exc:
                self.show_database_error(self.rung.database_problem(exc))

    def show_database_error(self, message: str) -> None:
        """The data of this screen could not be read (the app has toasted ``message``)."""

    _leaving = False  # close() was called: leave as soon as this screen is on top

    def close(self) -> None:
        """Leave this screen, once, however many paths ask for it (a delete's callback and
        the reload that finds the record gone): popped when it is the top screen, or as
        soon as it is again (a dialog above it closes first)."""
        self._leaving = True  # not ``_closing``: Textual's message pump has that one
        self.app.call_later(self._pop_if_top)

    def _pop_if_top(self) -> None:
        stack = self.app.screen_stack
        if len(stack) > 1 and stack[-1] is self:
            self.dismiss()

    def on_screen_resume(self) -> None:
        if self._leaving:
            self.close()
            return
        self.refresh_if_stale()

    def on_record_table_highlighted(self) -> None:
        """Keys that depend on the selected row (done, log, ...) follow the cursor."""
        self.refresh_bindings()

    def selected_application_id(self) -> int | None:
        """The application this screen points at, if any (for app-wide keys)."""
        return None

    def selected_contact_id(self) -> int | None:
        """The contact this screen points at, if any (for app-wide keys)."""
        return None


class RecordListScreen(RungScreen):
    """A table of records with a live ``/`` filter, for Pipeline and Contacts."""

    COLUMNS: list[Column] = []
    AUTO_FOCUS = "#records"  # on arrival, the table (never the hidden filter box)
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="list.filter", tooltip="Filter the rows as you type"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="list.clear_filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.all_rows: list[tuple[Row, str]] = []   # (row, lowercase text to match)
        self.filter_text = ""

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield Input(placeholder="filter: words match anywhere in the row (esc clears)",
                    id="filter", classes="hidden")
        yield RecordTable(self.COLUMNS, id="records")
        yield Static("", id="empty", classes="hidden")
        yield KeyBar()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#records", RecordTable)

    def on_mount(self) -> None:
        self.table.focus()

    def load_rows(self) -> list[tuple[Row, str]]:
        """All rows with their match text (override)."""
        return []

    def row_filter(self) -> Callable[[Row], bool] | None:
        """An extra filter beyond the text filter, or None (override)."""
        return None

    def sort_rows(self, rows: list[Row]) -> list[Row]:
        """Order of the shown rows (override)."""
        return rows

    def status_text(self, shown: int, total: int) -> str:
        """The top bar's middle part (override to add filters)."""
        text = f"{shown} of {total}" if shown != total else f"{total}"
        if self.filter_text:
            text += f" · filter “{self.filter_text}”"
        return text

    def empty_text(self) -> str:
        """What to say when there are no records at all (override)."""
        return "Nothing here yet."

    def reload(self, keep_key: int | None = None) -> None:
        self.all_rows = self.load_rows()
        self.apply_filter(keep_key=keep_key)

    def show_database_error(self, message: str) -> None:
        empty = self.query_one("#empty", Static)
        empty.update(Text(message))
        empty.remove_class("hidden")
        self.table.add_class("hidden")

    def apply_filter(self, keep_key: int | None = None) -> None:
        """Show the rows that match the filter text and the screen's own filters."""
        words = self.filter_text.casefold().split()
        keep = self.row_filter()
        if words:
            pairs = self.all_rows
            for word in words:
                pairs = [pair for pair in pairs if word in pair[1]]
            rows = [row for row, _ in pairs]
        else:
            rows = [row for row, _ in self.all_rows]
        if keep is not None:
            rows = [row for row in rows if keep(row)]
        rows = self.sort_rows(rows)
        self.table.set_rows(rows, keep_key=keep_key)
        empty = self.query_one("#empty", Static)
        if not self.all_rows:
            empty.update(self.empty_text())
            empty.remove_class("hidden")
            self.table.add_class("hidden")
        else:
            empty.add_class("hidden")
            self.table.remove_class("hidden")
            if self.focused is None:  # it lost focus while hidden; never leave it unfocused
                self.table.focus()
        self.query_one(TopBar).set_status(self.status_text(len(rows), len(self.all_rows)))

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.remove_class("hidden")
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value or not box.has_class("hidden"):
            box.value = ""
            box.add_class("hidden")
            self.filter_text = ""
            self.apply_filter()
        self.table.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.apply_filter()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        if not self.filter_text:
            self.query_one("#filter", Input).add_class("hidden")
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.filter_text) or None
        return True
