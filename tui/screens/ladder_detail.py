"""One cell of the Ladder's matrix (enter on it): the applications whose furthest stage
it is, at its level."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from rung.core.commands.applications import list_applications
from rung.core.wording import plural
from rung.tui.formatting import ago, level_label
from rung.tui.screens.base import RungScreen, TopBar
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.ladder_matrix import COLUMN_WORDS
from rung.tui.widgets.record_table import Column, RecordTable, Row


class LadderCellScreen(RungScreen):
    """The applications of one matrix cell: those whose furthest stage it is."""

    TITLE = "Ladder"
    BINDINGS = [
        Binding("escape", "back", "Back", id="ladder_cell.back", tooltip="Back to the ladder")
    ]

    def __init__(self, level: str, column: str, ids: list[int]) -> None:
        super().__init__()
        self.level, self.column, self.ids = level, column, ids

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield RecordTable(
            [
                Column("company", "Company", 14, flex=True, max_width=30),
                Column("title", "Title", 20, flex=True, max_width=50),
                Column("stage", "Stage", 12),
                Column("activity", "Last", 6, align_right=True, priority=1),
            ],
            id="ladder-cell",
        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#ladder-cell", RecordTable).focus()

    def reload(self) -> None:
        wanted = set(self.ids)
        apps = [a for a in list_applications(self.store, level=self.level) if a.id in wanted]
        rows = [
            Row(
                a.id,
                (a.company, a.title, a.stage, ago(a.last_activity)),
                "good" if a.stage in ("offer", "accepted") else None,
            )
            for a in apps
        ]
        self.query_one("#ladder-cell", RecordTable).set_rows(rows)
        self.query_one(TopBar).set_status(
            f"{level_label(self.level)} · furthest: {COLUMN_WORDS[self.column]} · "
            f"{plural(len(rows), 'application')}"
        )

    @on(RecordTable.Selected, "#ladder-cell")
    def _open(self, event: RecordTable.Selected) -> None:
        self.app.open_application(event.key)

    def selected_application_id(self) -> int | None:
        return self.query_one("#ladder-cell", RecordTable).selected_key

    def action_back(self) -> None:
        self.dismiss()
