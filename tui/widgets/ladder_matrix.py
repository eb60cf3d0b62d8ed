"""The Ladder's matrix: one row per level, one column per furthest stage, a cell cursor.

Each cell shows how many of the level's applications got that far and, after the first
column, the share of the column before (``4 44%``). The cell where the search stalls is
marked with ``!`` (and the warning colour), the cursor cell is reversed. ``h``/``l`` (or
←/→) move across stages, ``j``/``k`` (↓/↑) across levels, ``enter`` opens the cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

#: The matrix's columns: the furthest stage an application reached, in ladder order.
STAGE_COLUMNS: tuple[str, ...] = ("applied", "screening", "interviewing", "final", "offer")
COLUMN_LABELS: dict[str, str] = {
    "applied": "Applied",
    "screening": "Screen",
    "interviewing": "Interview",
    "final": "Final",
    "offer": "Offer",
}
COLUMN_WORDS: dict[str, str] = {
    "applied": "applied",
    "screening": "screens",
    "interviewing": "interviews",
    "final": "final rounds",
    "offer": "offers",
}
LABEL_WIDTH = 11  # "Sr Manager" and a space
CELL_WIDTH = 11  # " 12 100% !"
STALL_MARK = "!"


@dataclass(frozen=True)
class MatrixRow:
    """One level: its key, its label, and how many reached each column (or further)."""

    level: str
    label: str
    counts: tuple[int, ...]


def cell_text(counts: Sequence[int], column: int) -> str:
    """``9`` for the first column, ``4 44%`` after it (the share of the column before)."""
    n = counts[column]
    if column == 0:
        return str(n)
    before = counts[column - 1]
    return f"{n} {round(100 * n / before)}%" if before else str(n)


class LadderMatrix(Widget, can_focus=True):
    """Levels × furthest stage, with a cell cursor (``Moved``, ``Selected`` messages)."""

    BINDINGS = [
        Binding(
            "h,left",
            "move(0,-1)",
            "Stage left",
            show=False,
            id="ladder.stage_left",
            tooltip="Move the cell cursor to the stage before",
        ),
        Binding(
            "l,right",
            "move(0,1)",
            "Stage right",
            show=False,
            id="ladder.stage_right",
            tooltip="Move the cell cursor to the stage after",
        ),
        Binding(
            "j,down",
            "move(1,0)",
            "Level down",
            show=False,
            id="ladder.level_down",
            tooltip="Move the cell cursor to the level below (Gaps and Review follow)",
        ),
        Binding(
            "k,up",
            "move(-1,0)",
            "Level up",
            show=False,
            id="ladder.level_up",
            tooltip="Move the cell cursor to the level above (Gaps and Review follow)",
        ),
        Binding(
            "enter",
            "open",
            "Applications",
            id="ladder.cell",
            tooltip="List the applications whose furthest stage is this cell",
        ),
    ]

    COMPONENT_CLASSES = {
        "ladder-matrix--header",
        "ladder-matrix--cursor",
        "ladder-matrix--stall",
        "ladder-matrix--level",
        "ladder-matrix--legend",
    }

    DEFAULT_CSS = """
    LadderMatrix { height: auto; width: auto; padding: 0 1; }
    LadderMatrix > .ladder-matrix--header { text-style: bold; color: $text-accent; }
    LadderMatrix > .ladder-matrix--level { text-style: bold; }
    LadderMatrix > .ladder-matrix--cursor { background: $panel-lighten-2; }
    LadderMatrix:focus > .ladder-matrix--cursor { background: $accent 60%; text-style: bold; }
    LadderMatrix > .ladder-matrix--stall { color: $warning; text-style: bold; }
    LadderMatrix > .ladder-matrix--legend { color: $text-muted; }
    """

    row: reactive[int] = reactive(0, layout=False)
    column: reactive[int] = reactive(0, layout=False)

    class Moved(Message):
        """The cursor is on another cell (by a key or a click): its level and column."""

        def __init__(self, matrix: LadderMatrix, level: str, column: str) -> None:
            super().__init__()
            self.matrix, self.level, self.column = matrix, level, column

        @property
        def control(self) -> LadderMatrix:
            return self.matrix

    class Selected(Moved):
        """``enter`` on a cell."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[MatrixRow] = []
        self.stall: tuple[str, str] | None = None  # (level, column) where the search stops
        self.empty_text = "No applications with a level yet."

    # -- data --------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[MatrixRow], stall: tuple[str, str] | None) -> None:
        """Show these levels; the cursor stays on its level and stage when still there."""
        level = self.level
        self.rows = list(rows)
        self.stall = stall
        index = next((i for i, r in enumerate(self.rows) if r.level == level), None)
        self.set_reactive(LadderMatrix.row, index if index is not None else 0)
        self.refresh(layout=True)

    @property
    def level(self) -> str | None:
        """The level under the cursor (None when there are no rows)."""
        return self.rows[self.row].level if 0 <= self.row < len(self.rows) else None

    @property
    def stage(self) -> str:
        """The column (stage key) under the cursor."""
        return STAGE_COLUMNS[self.column]

    def move_to(self, level: str | None = None, column: str | None = None) -> bool:
        """Put the cursor on ``level`` (and ``column``) without saying so (no ``Moved``);
        False when that level has no row."""
        if level is not None:
            index = next((i for i, r in enumerate(self.rows) if r.level == level), None)
            if index is None:
                return False
            self.row = index
        if column is not None:
            self.column = STAGE_COLUMNS.index(column)
        return True

    # -- keys --------------------------------------------------------------------------

    def validate_row(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def validate_column(self, value: int) -> int:
        return max(0, min(value, len(STAGE_COLUMNS) - 1))

    def watch_row(self) -> None:
        self.refresh()

    def watch_column(self) -> None:
        self.refresh()

    def action_move(self, rows: int, columns: int) -> None:
        before = (self.row, self.column)
        self.row += rows
        self.column += columns
        if (self.row, self.column) != before and self.level is not None:
            self.post_message(self.Moved(self, self.level, self.stage))

    def action_open(self) -> None:
        if self.level is not None:
            self.post_message(self.Selected(self, self.level, self.stage))

    def on_click(self, event) -> None:  # noqa: ANN001 - a textual Click
        line = event.y - 1  # the header is line 0
        x = event.x - 1 - LABEL_WIDTH  # the padding, the level labels
        if 0 <= line < len(self.rows) and x >= 0 and x // CELL_WIDTH < len(STAGE_COLUMNS):
            was = (self.row, self.column)
            self.row, self.column = line, x // CELL_WIDTH
            if was == (self.row, self.column) and event.chain >= 2:
                self.action_open()
            elif self.level is not None:
                self.post_message(self.Moved(self, self.level, self.stage))

    # -- drawing -----------------------------------------------------------------------

    def get_content_width(self, container, viewport) -> int:  # noqa: ANN001
        return LABEL_WIDTH + CELL_WIDTH * len(STAGE_COLUMNS)

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001
        return self.line_count()

    def line_count(self) -> int:
        """Header, one line per level, the legend when a cell stalls (or the empty text)."""
        if not self.rows:
            return 2
        return 1 + len(self.rows) + (1 if self.stall else 0)

    def cell(self, level: str, column: str) -> str:
        """The text of one cell as drawn (``4 44%``, ``3 33% !`` where it stalls)."""
        row = next(r for r in self.rows if r.level == level)
        text = cell_text(row.counts, STAGE_COLUMNS.index(column))
        return f"{text} {STALL_MARK}" if self.stall == (level, column) else text

    def render(self) -> Text:
        def style(name: str) -> Style:
            return self.get_component_rich_style(f"ladder-matrix--{name}")

        text = Text(no_wrap=True, overflow="crop")
        text.append(f"{'Level':<{LABEL_WIDTH}}", style("header"))
        for key in STAGE_COLUMNS:
            label = COLUMN_LABELS[key]
            text.append(" " * (CELL_WIDTH - cell_len(label)) + label, style("header"))
        if not self.rows:
            text.append("\n" + self.empty_text, style("legend"))
            return text
        for i, row in enumerate(self.rows):
            text.append("\n")
            text.append(f"{row.label:<{LABEL_WIDTH}}"[:LABEL_WIDTH], style("level"))
            for j, key in enumerate(STAGE_COLUMNS):
                cell = cell_text(row.counts, j)
                stalled = self.stall == (row.level, key)
                shown = f"{cell} {STALL_MARK}" if stalled else f"{cell}  "
                drawn = " " * max(0, CELL_WIDTH - cell_len(shown)) + shown
                cell_style = Style()
                if stalled:
                    cell_style += style("stall")
                if i == self.row and j == self.column:
                    cell_style += style("cursor")
                text.append(drawn, cell_style)
        if self.stall:
            level = next((r.label for r in self.rows if r.level == self.stall[0]), "")
            text.append(
                f"\n{STALL_MARK} where the search stalls: {level}, {COLUMN_WORDS[self.stall[1]]}",
                style("legend"),
            )
        return text
