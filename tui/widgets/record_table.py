"""A fast, keyboard-first table of records (Line API: only visible rows are rendered).

Textual's DataTable measures every cell when rows are added, which costs hundreds of
milliseconds at 10 000 rows; a filter keystroke must repaint in under 50 ms. RecordTable
keeps plain tuples of strings, lays columns out to the width it has (dropping the least
important columns on narrow terminals), truncates with an ellipsis and renders only the
rows on screen.

A sortable table also has a column cursor (``<``/``>`` or the arrow keys move it, shown as
a highlighted header) and shows the current sort as ``▲``/``▼`` on its column's header; the
screen does the sorting (``RecordListScreen``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from rung.core.visible import visible


@dataclass(frozen=True)
class Column:
    """A column: ``width`` is the minimum; ``flex`` columns share the spare width.

    Columns with a higher ``priority`` number are dropped first when space runs out.
    """

    key: str
    label: str
    width: int
    flex: bool = False
    priority: int = 0
    align_right: bool = False
    max_width: int | None = None  # a flex column stops growing here
    descending_first: bool = False  # the first sort by this column is largest / newest first
    long_label: str = ""  # the name in "by <name> ▼" (default: the label)
    muted_values: frozenset[str] = frozenset()  # cells shown dimmed (a count of 0)


@dataclass(frozen=True)
class Row:
    """One record: its id, its cells (one per column) and an optional tone."""

    key: int
    cells: tuple[str, ...]
    tone: str | None = None  # "warn" (overdue), "muted" (closed), "good" (offer), "section"


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis, single line (leading indent kept),
    control characters made visible (``core.visible``)."""
    indent = len(text) - len(text.lstrip(" "))
    # one line; the data's control characters shown (ESC as ␛), never sent to the terminal
    text = " " * indent + visible(" ".join(text.split()))
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


class RecordTable(ScrollView, can_focus=True):
    """A table of rows with a cursor; ``enter`` posts ``RecordTable.Selected``."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="table.up"),
        Binding("pagedown,ctrl+d", "page_down", "Page down", show=False, id="table.page_down"),
        Binding("pageup,ctrl+u", "page_up", "Page up", show=False, id="table.page_up"),
        Binding("home,g", "first", "First", show=False, id="table.first"),
        Binding("end,G", "last", "Last", show=False, id="table.last"),
        Binding("enter", "select", "Open", id="table.open", tooltip="Open the selected record"),
        Binding(
            "left,less_than_sign",
            "column(-1)",
            "Column left",
            show=False,
            id="table.column_left",
            tooltip="Move the column cursor left (o sorts by that column)",
        ),
        Binding(
            "right,greater_than_sign",
            "column(1)",
            "Column right",
            show=False,
            id="table.column_right",
            tooltip="Move the column cursor right (o sorts by that column)",
        ),
    ]

    COMPONENT_CLASSES = {
        "record-table--header",
        "record-table--header-cursor",
        "record-table--cursor",
        "record-table--warn",
        "record-table--muted",
        "record-table--good",
        "record-table--section",
    }

    DEFAULT_CSS = """
    RecordTable {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
    }
    RecordTable > .record-table--header { text-style: bold; color: $text-accent; }
    RecordTable > .record-table--header-cursor { text-style: bold underline; }
    RecordTable:focus > .record-table--header-cursor { text-style: bold reverse; }
    RecordTable > .record-table--cursor { background: $panel-lighten-1; }
    RecordTable:focus > .record-table--cursor { background: $accent 40%; text-style: bold; }
    RecordTable > .record-table--warn { color: $warning; }
    RecordTable > .record-table--muted { color: $text-muted; }
    RecordTable > .record-table--good { color: $success; }
    RecordTable > .record-table--section { color: $text-accent; text-style: bold; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class _Event(Message):
        def __init__(self, table: RecordTable, key: int | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RecordTable:
            return self.table

    class Selected(_Event):
        """The user opened a row (enter or a second click); ``key`` is its id."""

    class Highlighted(_Event):
        """The cursor moved to another row (``key`` is None when the table is empty)."""

    class SortClicked(Message):
        """A sortable table's header was clicked: the column cursor is on ``column``."""

        def __init__(self, table: RecordTable, column: str) -> None:
            super().__init__()
            self.table = table
            self.column = column

        @property
        def control(self) -> RecordTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        id: str | None = None,
        classes: str | None = None,
        openable: bool = True,
        show_header: bool = True,
        sortable: bool = False,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = list(columns)
        self._has_muted = any(c.muted_values for c in self.columns)  # cells drawn dimmed
        self.openable = openable
        self.sortable = sortable and show_header
        #: the key of the column the column cursor is on (sortable tables)
        self.column_cursor: str | None = self.columns[0].key if self.columns else None
        #: the column the rows are sorted by, and whether largest first (shown as ▼)
        self.sort_column: str | None = None
        self.sort_descending = False
        self._top = 1 if show_header else 0  # lines above the first row
        self.rows: list[Row] = []
        self._layout: list[tuple[Column, int]] = []
        self._layout_width = -1

    # -- data --------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row], *, keep_key: int | None = None) -> None:
        """Replace the rows; the cursor stays on ``keep_key`` (or the current row) if present."""
        current = keep_key if keep_key is not None else self.selected_key
        self.rows = list(rows)
        self.virtual_size = Size(self.size.width, len(self.rows) + self._top)
        index = 0
        if current is not None:
            for i, row in enumerate(self.rows):
                if row.key == current:
                    index = i
                    break
        self.cursor = index
        self.refresh()

    @property
    def selected_key(self) -> int | None:
        """The id of the row under the cursor, or None when empty."""
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor].key
        return None

    def column(self, key: str) -> Column:
        """The column with this key."""
        return next(c for c in self.columns if c.key == key)

    def shown_columns(self) -> list[Column]:
        """The columns that fit the current width, left to right."""
        return [c for c, _ in self._columns_for(self.scrollable_content_region.width)]

    def show_sort(self, column: str | None, descending: bool) -> None:
        """Mark ``column`` as the sort (an arrow on its header); the rows are the caller's."""
        self.sort_column, self.sort_descending = column, descending
        if column is not None:
            self.column_cursor = column
        self.refresh(self.header_region())

    def header_region(self) -> Region:
        """The header line, in widget coordinates (empty without a header)."""
        return Region(0, 0, self.size.width, self._top)

    def move_to_key(self, key: int) -> bool:
        """Put the cursor on the row with this id; False if it is not shown."""
        for i, row in enumerate(self.rows):
            if row.key == key:
                self.cursor = i
                return True
        return False

    # -- cursor ------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.selected_key))

    def _body_height(self) -> int:
        return max(1, self.size.height - self._top)

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_y)
        height = self._body_height()
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += self._body_height()

    def action_page_up(self) -> None:
        self.cursor -= self._body_height()

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def action_select(self) -> None:
        key = self.selected_key
        if key is not None and self.openable:
            self.post_message(self.Selected(self, key))

    def action_column(self, step: int) -> None:
        """Move the column cursor ``step`` shown columns to the right (left if negative)."""
        shown = [c.key for c in self.shown_columns()]
        if not shown:
            return
        here = shown.index(self.column_cursor) if self.column_cursor in shown else 0
        self.column_cursor = shown[max(0, min(len(shown) - 1, here + step))]
        self.refresh(self.header_region())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select":
            return self.openable
        if action == "column":
            return self.sortable
        return True

    def column_at(self, x: int) -> str | None:
        """The key of the shown column under screen column ``x`` (widget coordinates)."""
        start = 0
        for col, w in self._columns_for(self.scrollable_content_region.width):
            if start <= x < start + w + 1:
                return col.key
            start += w + 1
        return None

    def on_click(self, event: events.Click) -> None:
        if event.y < self._top:
            column = self.column_at(event.x) if self.sortable else None
            if column is not None:
                self.column_cursor = column
                self.refresh(self.header_region())
                self.post_message(self.SortClicked(self, column))
            return
        index = round(self.scroll_y) + event.y - self._top
        if 0 <= index < len(self.rows):
            if index == self.cursor and event.chain >= 2:
                self.action_select()
            self.cursor = index

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rows) + self._top)
        self._layout_width = -1
        self._scroll_to_cursor()

    # -- rendering ---------------------------------------------------------------------

    def _columns_for(self, width: int) -> list[tuple[Column, int]]:
        if width == self._layout_width:
            return self._layout
        columns = list(self.columns)

        def needed(cols: list[Column]) -> int:
            return sum(c.width for c in cols) + max(0, len(cols) - 1)

        while len(columns) > 1 and needed(columns) > width:
            drop = max(columns, key=lambda c: (c.priority, columns.index(c)))
            if drop.priority == 0:
                break
            columns.remove(drop)
        spare = max(0, width - needed(columns))
        widths = {c.key: c.width for c in columns}
        growing = [c for c in columns if c.flex] or columns[-1:]
        while spare > 0 and growing:
            share, extra = divmod(spare, len(growing))
            still = []
            for i, col in enumerate(growing):
                room = (col.max_width or width) - widths[col.key]
                grow = min(room, share + (1 if i < extra else 0))
                widths[col.key] += grow
                spare -= grow
                if widths[col.key] < (col.max_width or width):
                    still.append(col)
            if len(still) == len(growing) and spare > 0 and share == 0 and extra == 0:
                break
            growing = still
        layout = [(col, widths[col.key]) for col in columns]
        self._layout, self._layout_width = layout, width
        return layout

    def _line(self, texts: Sequence[str], layout: list[tuple[Column, int]]) -> str:
        parts = []
        for (col, w), text in zip(layout, texts, strict=False):
            cell = fit(text, w)
            pad = w - cell_len(cell)
            parts.append(" " * pad + cell if col.align_right else cell + " " * pad)
        return " ".join(parts)

    def header_label(self, col: Column, width: int) -> str:
        """A column's header text in ``width`` cells, with ▲/▼ when the rows sort by it."""
        if col.key != self.sort_column:
            return col.label
        arrow = "▼" if self.sort_descending else "▲"
        if cell_len(col.label) + 2 <= width:
            return f"{arrow} {col.label}" if col.align_right else f"{col.label} {arrow}"
        label = fit(col.label, max(0, width - 1)) if width > 1 else ""
        return arrow + label if col.align_right else label + arrow

    def _header(self, layout: list[tuple[Column, int]], width: int, base: Style) -> Strip:
        style = base + self.get_component_rich_style("record-table--header")
        cursor = style + self.get_component_rich_style("record-table--header-cursor")
        segments = []
        for i, (col, w) in enumerate(layout):
            text = fit(self.header_label(col, w), w)
            pad = " " * (w - cell_len(text))
            text = pad + text if col.align_right else text + pad
            marked = self.sortable and col.key == self.column_cursor
            segments.append(Segment(text, cursor if marked else style))
            if i < len(layout) - 1:
                segments.append(Segment(" ", style))
        return Strip(segments).adjust_cell_length(width, style)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        layout = self._columns_for(width)
        if y < self._top:
            return self._header(layout, width, base)
        index = round(self.scroll_y) + y - self._top
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        index_of = {c.key: i for i, c in enumerate(self.columns)}
        texts = [
            row.cells[index_of[c.key]] if index_of[c.key] < len(row.cells) else ""
            for c, _ in layout
        ]
        style: Style = base
        if row.tone:
            style = style + self.get_component_rich_style(f"record-table--{row.tone}")
        if index == self.cursor:
            style = style + self.get_component_rich_style("record-table--cursor")
        if self._has_muted and any(
            text in col.muted_values for (col, _), text in zip(layout, texts, strict=False)
        ):
            return self._muted_strip(texts, layout, style, width)
        return Strip([Segment(self._line(texts, layout), style)]).adjust_cell_length(width, style)

    def _muted_strip(
        self, texts: Sequence[str], layout: list[tuple[Column, int]], style: Style, width: int
    ) -> Strip:
        """A row with some cells dimmed (``Column.muted_values``): a segment per cell."""
        muted = style + self.get_component_rich_style("record-table--muted")
        segments = []
        for i, ((col, w), text) in enumerate(zip(layout, texts, strict=False)):
            cell = self._line([text], [(col, w)])
            segments.append(Segment(cell, muted if text in col.muted_values else style))
            if i < len(layout) - 1:
                segments.append(Segment(" ", style))
        return Strip(segments).adjust_cell_length(width, style)
