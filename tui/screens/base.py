"""What every rung screen shares: the top bar, data reloads, and filterable record lists.

A record list (Pipeline, Contacts, Gaps) filters as you type, sorts by the column under the
column cursor (``o``, again to reverse; k9s-like) and, from ``PANEL_MIN_WIDTH`` columns,
shows the selected record's detail beside the table (lazygit-like).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.screen import Screen
from textual.widgets import Input, Static

from rung.core.store import Store
from rung.tui.areas import AREAS
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
        areas = "  ".join(
            f"[reverse] {a.key} {a.title} [/]"
            if a.title == self.screen_title
            else f"[dim]{a.key}[/] {a.title}"
            for a in AREAS
        )
        width = self.size.width or 80
        plain_left = Text.from_markup(left).cell_len
        plain_right = Text.from_markup(areas).cell_len
        gap = width - 2 - plain_left - plain_right
        if gap < 2:  # narrow: keys only, the current one highlighted
            areas = " ".join(
                f"[reverse] {a.key} [/]" if a.title == self.screen_title else f"[dim]{a.key}[/]"
                for a in AREAS
            )
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
    def app(self) -> RungApp:  # type: ignore[override]
        """The running rung App (Textual's ``app``, typed as ours)."""
        return super().app  # type: ignore[return-value]

    @property
    def store(self) -> Store:
        return self.app.store

    def reload(self) -> None:
        """Read the data this screen shows (override)."""

    def refresh_if_stale(self) -> None:
        """Reload when anything was written since the last load. A database SQLite cannot
        read ("database disk image is malformed") is said on the screen, not a traceback."""
        if not self.is_mounted:  # a resume before compose (a screen built ahead): its
            return  # first showing loads it
        if self._seen_version != self.app.data_version:
            self._seen_version = self.app.data_version
            try:
                self.reload()
            except sqlite3.DatabaseError as exc:
                self.show_database_error(self.app.database_problem(exc))

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
        self.store.notice_outside_changes()  # another rung or a rung command wrote?
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


#: From this many columns a record list shows the selected record beside the table.
PANEL_MIN_WIDTH = 140

_NUMBER = re.compile(r"\s*(-?\d+(?:\.\d+)?)")


def cell_sort_value(text: str) -> tuple[int, Any] | None:
    """A cell's text as a sort key: numbers by value (``12`` after ``9``, ``3 open`` as 3)
    before words (case-insensitive); an empty cell is None (sorted last either way)."""
    if not text.strip():
        return None
    match = _NUMBER.match(text)
    if match:
        return (0, float(match.group(1)))
    return (1, text.casefold())


class SidePanel(Container):
    """The selected record's detail beside a record list (wide terminals only).

    Its body fills it and is cut at the bottom (``enter`` opens the whole record): a
    fixed size lets a cursor move repaint the panel without a layout pass (one frame,
    not three).
    """

    DEFAULT_CSS = """
    SidePanel { overflow: hidden hidden; }
    SidePanel > #side-panel-body { width: 1fr; height: 1fr; }
    """


class RecordListScreen(RungScreen):
    """A table of records with a live ``/`` filter, a column sort and a wide-screen panel.

    Subclasses give ``COLUMNS`` and ``load_rows``; they may give ``DEFAULT_SORT``, typed
    ``sort_value``s and a ``side_panel``.
    """

    COLUMNS: list[Column] = []
    #: (column key, descending) the rows are sorted by until the user sorts; None: as loaded
    DEFAULT_SORT: tuple[str, bool] | None = None
    AUTO_FOCUS = "#records"  # on arrival, the table (never the hidden filter box)
    BINDINGS = [
        Binding(
            "slash", "filter", "Filter", id="list.filter", tooltip="Filter the rows as you type"
        ),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="list.clear_filter"),
        Binding(
            "o",
            "sort",
            "Sort",
            show=False,
            id="list.sort",
            tooltip="Sort by the highlighted column (pick it with < > or ← →); o again reverses",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.all_rows: list[tuple[Row, str]] = []  # (row, lowercase text to match), sorted
        self._loaded: list[tuple[Row, str]] = []  # the same, in load_rows order
        self._sorted_as: tuple[str | None, bool, int] | None = None
        self._sort_values: dict[str, list[Any]] = {}  # per column, for _loaded
        self.filter_text = ""
        self.sort_column: str | None = self.DEFAULT_SORT[0] if self.DEFAULT_SORT else None
        self.sort_descending = bool(self.DEFAULT_SORT and self.DEFAULT_SORT[1])
        self._panel_key: int | None = None  # the record the side panel shows

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield Input(
            placeholder="filter: words match anywhere in the row (esc clears)",
            id="filter",
            classes="hidden",
        )
        table = RecordTable(self.COLUMNS, id="records", sortable=True)
        table.show_sort(self.sort_column, self.sort_descending)
        yield Horizontal(
            table,
            SidePanel(Static("", id="side-panel-body"), id="side-panel", classes="hidden"),
            id="list-body",
        )
        yield Static("", id="empty", classes="hidden")
        yield KeyBar()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#records", RecordTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.watch(self.table, "cursor", self._cursor_moved, init=False)
        self.watch(self.query_one("#filter", Input), "value", self._filter_typed, init=False)

    def load_rows(self) -> list[tuple[Row, str]]:
        """All rows with their match text (override)."""
        return []

    def row_filter(self) -> Callable[[Row], bool] | None:
        """An extra filter beyond the text filter, or None (override)."""
        return None

    def sort_value(self, row: Row, column: str) -> Any:
        """What a row sorts by in ``column`` (override with typed values: dates, ranks).

        The default is the cell's text, numbers by value. None sorts last in both
        directions; the values of one column must compare with each other.
        """
        index = next((i for i, c in enumerate(self.COLUMNS) if c.key == column), None)
        if index is None or index >= len(row.cells):
            return None
        return cell_sort_value(row.cells[index])

    def sort_pairs(
        self, pairs: list[tuple[Row, str]], values: list[Any] | None = None
    ) -> list[tuple[Row, str]]:
        """``pairs`` in the current sort order (stable: ties keep their order); ``values``
        are their sort values when known already (one per pair)."""
        column = self.sort_column
        if column is None:
            return list(pairs)
        if values is None:
            values = [self.sort_value(row, column) for row, _ in pairs]
        present = [i for i, v in enumerate(values) if v is not None]
        missing = [i for i, v in enumerate(values) if v is None]
        try:
            present.sort(key=values.__getitem__, reverse=self.sort_descending)
        except TypeError:  # mixed types in one column: compare as text
            present.sort(key=lambda i: str(values[i]), reverse=self.sort_descending)
        return [pairs[i] for i in present + missing]

    def sort_label(self) -> str:
        """``by last activity ▼``: the current sort for the top bar ("" when unsorted)."""
        col = next((c for c in self.COLUMNS if c.key == self.sort_column), None)
        if col is None:
            return ""
        name = col.long_label or col.label.casefold() or col.key
        return f"by {name} {'▼' if self.sort_descending else '▲'}"

    def status_text(self, shown: int, total: int) -> str:
        """The top bar's middle part (override to add filters; the sort is added after)."""
        text = f"{shown} of {total}" if shown != total else f"{total}"
        if self.filter_text:
            text += f" · filter “{self.filter_text}”"
        return text

    def side_panel(self, key: int) -> RenderableType | None:
        """The detail of record ``key`` shown beside the list on wide terminals, or None
        for no panel (override; it runs on each cursor move, so one small indexed query)."""
        return None

    def empty_text(self) -> str:
        """What to say when there are no records at all (override)."""
        return "Nothing here yet."

    def reload(self, keep_key: int | None = None) -> None:
        self._loaded = self.load_rows()
        self._sorted_as = None
        self._sort_values = {}
        self.apply_filter(keep_key=keep_key)

    def show_database_error(self, message: str) -> None:
        empty = self.query_one("#empty", Static)
        empty.update(Text(message))
        empty.remove_class("hidden")
        self._show_table(False)

    def _show_table(self, shown: bool) -> None:
        self.table.set_class(not shown, "hidden")
        self.query_one("#list-body").set_class(not shown, "hidden")

    def _ensure_sorted(self) -> None:
        """Sort the loaded rows once per load and sort choice (not per filter keystroke)."""
        want = (self.sort_column, self.sort_descending, id(self._loaded))
        if self._sorted_as == want:
            return
        column = self.sort_column
        values = None
        if column is not None:  # a column's values are read once per load (o o reverses)
            values = self._sort_values.get(column)
            if values is None:
                values = [self.sort_value(row, column) for row, _ in self._loaded]
                self._sort_values[column] = values
        self.all_rows = self.sort_pairs(self._loaded, values)
        self._sorted_as = want

    def apply_filter(self, keep_key: int | None = None) -> None:
        """Show the rows that match the filter text and the screen's own filters, sorted."""
        self._ensure_sorted()
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
        self.table.set_rows(rows, keep_key=keep_key)
        empty = self.query_one("#empty", Static)
        if not self.all_rows:
            empty.update(self.empty_text())
            empty.remove_class("hidden")
            self._show_table(False)
        else:
            empty.add_class("hidden")
            self._show_table(True)
            if self.focused is None:  # it lost focus while hidden; never leave it unfocused
                self.table.focus()
        status = self.status_text(len(rows), len(self.all_rows))
        if self.all_rows and (sort := self.sort_label()):
            status += f" · {sort}"
        self.query_one(TopBar).set_status(status)
        self.refresh_side_panel()  # the rows changed under a cursor that may not have moved

    # -- sorting (k9s: the column under the cursor; again to reverse) -------------------

    def action_sort(self) -> None:
        """Sort by the column under the column cursor; the same column again reverses."""
        column = self.table.column_cursor
        if column is None:
            return
        if column == self.sort_column:
            self.sort_descending = not self.sort_descending
        else:
            self.sort_column = column
            self.sort_descending = self.table.column(column).descending_first
        self.table.show_sort(self.sort_column, self.sort_descending)
        self.apply_filter()

    @on(RecordTable.SortClicked, "#records")
    def _header_clicked(self) -> None:
        self.action_sort()  # a click on a header sorts by it, again reverses

    # -- the side panel (lazygit: the selection's detail beside the list) ----------------

    def panel_wanted(self) -> bool:
        """True when the screen is wide enough for the side panel."""
        return self.size.width >= PANEL_MIN_WIDTH

    def refresh_side_panel(self) -> None:
        """Show the selected record's panel, or hide it (narrow, empty, or no detail)."""
        panel = self.query_one("#side-panel", SidePanel)
        key = self.table.selected_key
        content = None
        if key is not None and self.panel_wanted() and not self.table.has_class("hidden"):
            content = self.side_panel(key)
        self._panel_key = key if content is not None else None
        if content is None:
            panel.add_class("hidden")
            return
        # the body's size is the panel's, whatever it shows: no layout pass needed
        self.query_one("#side-panel-body", Static).update(content, layout=False)
        panel.remove_class("hidden")

    def _cursor_moved(self) -> None:
        # a watcher, not the Highlighted message: the panel is drawn in the same frame as
        # the cursor (a message would be handled after the table's repaint, a frame later)
        if self.table.selected_key != self._panel_key:
            self.refresh_side_panel()

    def on_resize(self, event: events.Resize) -> None:
        shown = not self.query_one("#side-panel").has_class("hidden")
        if shown != (self.panel_wanted() and self.table.selected_key is not None):
            self.refresh_side_panel()

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

    def _filter_typed(self, value: str) -> None:
        # a watcher of the box's value: the rows follow in the same frame as the typed
        # letter (Input.Changed arrives after the box's repaint, a frame later)
        if value != self.filter_text:
            self.filter_text = value
            self.apply_filter()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter_typed(event.value)  # already done by the watcher, unless prevented

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        if not self.filter_text:
            self.query_one("#filter", Input).add_class("hidden")
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return bool(self.filter_text) or None
        if action == "sort":
            return bool(self.all_rows) or None
        return True
