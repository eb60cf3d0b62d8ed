"""Pipeline (key 1): every application in one table, filtered and sorted from the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from textual import on
from textual.binding import Binding

from rung.core import clock
from rung.core.commands.applications import list_applications
from rung.core.dates import to_date
from rung.core.models import Application
from rung.core.stages import ACTIVE_STAGES, STAGE_RANK, STAGES
from rung.tui.formatting import ago, level_label, short_date
from rung.tui.screens.base import RecordListScreen
from rung.tui.widgets.record_table import Column, RecordTable, Row

_LEVEL_RANK = {"ic": 0, "lead": 1, "manager": 2, "senior_manager": 3, "director": 4, "vp": 5,
               "c_level": 6}
# (label, key function over Application, reverse)
SORTS: list[tuple[str, str]] = [
    ("last activity", "activity"),
    ("days in stage", "days"),
    ("applied", "applied"),
    ("company", "company"),
    ("stage", "stage"),
    ("level", "level"),
]
STAGE_FILTERS: list[str] = ["all", "active", *STAGES]

FIRST_RUN = """[b]Welcome to rung.[/b] Your pipeline is empty. Three ways to start:

  [b]a[/b]             add an application right here
  [b]rung import FILE[/b]  bring in a LinkedIn export (.zip), Huntr, Teal or any spreadsheet
  [b]rung demo[/b]         try rung on a made-up ten-month search first

Then: [b]2[/b] contacts · [b]?[/b] every key · [b]ctrl+p[/b] command palette · [b]q[/b] quit"""


def _actions() -> ModuleType:
    """The add/edit/move/delete dialogs, imported on first use to keep start-up fast."""
    from rung.tui.screens import application_actions

    return application_actions


class PipelineScreen(RecordListScreen):
    """Applications: company, title, level, stage, applied, last activity, days in stage."""

    TITLE = "Pipeline"
    COLUMNS = [
        Column("company", "Company", 14, flex=True, max_width=30),
        Column("title", "Title", 22, flex=True, max_width=56),
        Column("level", "Level", 10, priority=2),
        Column("stage", "Stage", 12),
        Column("applied", "Applied", 10, priority=3),
        Column("activity", "Last", 6, priority=1, align_right=True),
        Column("days", "Days", 4, priority=1, align_right=True),
    ]
    BINDINGS = [
        *RecordListScreen.BINDINGS,
        Binding("a", "add", "Add", id="pipeline.add", tooltip="Add an application"),
        Binding("e", "edit", "Edit", id="pipeline.edit", tooltip="Edit the selected application"),
        Binding("s", "stage", "Stage", id="pipeline.stage",
                tooltip="Move the selected application to another stage"),
        Binding("d", "delete", "Delete", show=False, id="pipeline.delete",
                tooltip="Delete the selected application (u undoes)"),
        Binding("t", "stage_filter", "Show stage", show=False, id="pipeline.stage_filter",
                tooltip="Cycle the stage filter: all, active, one stage"),
        Binding("T", "stage_filter_back", "Show back", show=False,
                id="pipeline.stage_filter_back"),
        Binding("b", "board", "Board", id="pipeline.board",
                tooltip="Show the applications as a board by stage (b again: the table)"),
        Binding("o", "sort", "Sort", show=False, id="pipeline.sort", tooltip="Cycle the sort order"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.apps: dict[int, Application] = {}
        self.stage_filter = "all"
        self.sort_index = 0

    # -- data --------------------------------------------------------------------------

    def load_rows(self) -> list[tuple[Row, str]]:
        today = clock.today()
        stale_days = self.rung.settings.stale_days
        apps = list_applications(self.store)
        self.apps = {a.id: a for a in apps}
        rows = []
        for a in apps:
            since = to_date(a.stage_since)
            days = (today - since).days if since else None
            tone = None
            if a.stage in ("offer", "accepted"):
                tone = "good"
            elif a.stage not in ACTIVE_STAGES:
                tone = "muted"
            elif days is not None and days >= stale_days and a.stage != "saved":
                tone = "warn"
            cells = (a.company, a.title, level_label(a.level), a.stage, short_date(a.applied_on),
                     ago(a.last_activity), "" if days is None else str(days))
            hay = " ".join((a.company, a.title, a.level, level_label(a.level), a.stage,
                            a.location or "", a.source or "")).casefold()
            rows.append((Row(a.id, cells, tone), hay))
        return rows

    def row_filter(self) -> Callable[[Row], bool] | None:
        apps, wanted = self.apps, self.stage_filter
        if wanted == "all":
            return None
        if wanted == "active":
            return lambda row: apps[row.key].stage in ACTIVE_STAGES
        return lambda row: apps[row.key].stage == wanted

    def sort_rows(self, rows: list[Row]) -> list[Row]:
        key = SORTS[self.sort_index][1]
        apps = self.apps
        if key == "activity":
            return rows  # the core lists by last activity already
        if key == "days":
            return sorted(rows, key=lambda r: -(int(r.cells[6]) if r.cells[6] else -1))
        if key == "applied":
            return sorted(rows, key=lambda r: apps[r.key].applied_on or "", reverse=True)
        if key == "company":
            return sorted(rows, key=lambda r: (r.cells[0].casefold(), r.cells[1].casefold()))
        if key == "stage":
            return sorted(rows, key=lambda r: STAGE_RANK[apps[r.key].stage])
        return sorted(rows, key=lambda r: -_LEVEL_RANK.get(apps[r.key].level, 0))

    def status_text(self, shown: int, total: int) -> str:
        text = super().status_text(shown, total) + " applications"
        if self.stage_filter != "all":
            text += f" · showing {self.stage_filter}"
        return text + f" · by {SORTS[self.sort_index][0]}"

    def empty_text(self) -> str:
        return FIRST_RUN

    def selected_application_id(self) -> int | None:
        return self.table.selected_key

    # -- actions -----------------------------------------------------------------------

    @on(RecordTable.Selected, "#records")
    def _open(self, event: RecordTable.Selected) -> None:
        self.rung.open_application(event.key)

    def action_add(self) -> None:
        _actions().add_application_dialog(self.rung, on_done=self._focus_new)

    def _focus_new(self, app_id: int) -> None:
        self.refresh_if_stale()
        if not self.table.move_to_key(app_id):
            self.stage_filter = "all"
            self.filter_text = ""
            self.apply_filter(keep_key=app_id)

    def action_edit(self) -> None:
        if (key := self.table.selected_key) is not None:
            _actions().edit_application_dialog(self.rung, key)

    def action_stage(self) -> None:
        if (key := self.table.selected_key) is not None:
            _actions().move_stage_dialog(self.rung, key)

    def action_delete(self) -> None:
        if (key := self.table.selected_key) is not None:
            _actions().delete_application_dialog(self.rung, key)

    def action_board(self) -> None:
        from rung.tui.screens.board import open_board

        open_board(self)

    def action_stage_filter(self, step: int = 1) -> None:
        index = STAGE_FILTERS.index(self.stage_filter)
        self.stage_filter = STAGE_FILTERS[(index + step) % len(STAGE_FILTERS)]
        self.apply_filter()

    def action_stage_filter_back(self) -> None:
        self.action_stage_filter(-1)

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.apply_filter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "stage", "delete"):
            return self.table.selected_key is not None or None
        if action in ("stage_filter", "sort", "filter") and not self.all_rows:
            return False
        return super().check_action(action, parameters)
