"""Pipeline (key 1): every application in one table, filtered and sorted from the keyboard.

Above the table a one-line stage funnel; on wide terminals the selected application's
fields and latest history beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from types import ModuleType
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from rung.core import clock
from rung.core.commands.applications import application_timeline, list_applications
from rung.core.dates import to_date
from rung.core.errors import NotFound
from rung.core.levels import level_rank
from rung.core.models import Application
from rung.core.stages import ACTIVE_STAGES, STAGE_RANK, STAGES, TERMINAL_STAGES
from rung.core.visible import visible
from rung.core.warm import warm_counts
from rung.core.wording import plural
from rung.tui.formatting import ago, application_extra_lines, escape, level_label, short_date
from rung.tui.screens.base import RecordListScreen, TopBar
from rung.tui.widgets.record_table import Column, RecordTable, Row
from rung.tui.widgets.spark import funnel_line

PANEL_TIMELINE = 12  # the latest history entries in the side panel
_PANEL_KINDS = {
    "stage": "stage",
    "interview": "interview",
    "interaction": "contact",
    "feedback": "feedback",
    "followup": "follow-up",
}
SHORT_STAGES = {"screening": "screen", "interviewing": "interview"}  # narrow funnels
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
        Column("level", "Level", 10, priority=2, descending_first=True),
        Column("stage", "Stage", 12),
        Column("applied", "Applied", 10, priority=3, descending_first=True),
        Column(
            "activity",
            "Last",
            6,
            priority=1,
            align_right=True,
            descending_first=True,
            long_label="last activity",
        ),
        Column(
            "days",
            "Days",
            4,
            priority=1,
            align_right=True,
            descending_first=True,
            long_label="days in stage",
        ),
        # people you know there (core.warm): the first column to go when space is short
        Column(
            "know",
            "Know",
            4,
            priority=2,
            align_right=True,
            descending_first=True,
            long_label="people you know there",
            muted_values=frozenset({"0"}),
        ),
    ]
    DEFAULT_SORT = ("activity", True)  # last activity, newest first
    BINDINGS = [
        *RecordListScreen.BINDINGS,
        Binding("a", "add", "Add", id="pipeline.add", tooltip="Add an application"),
        Binding("e", "edit", "Edit", id="pipeline.edit", tooltip="Edit the selected application"),
        Binding(
            "s",
            "stage",
            "Stage",
            id="pipeline.stage",
            tooltip="Move the selected application to another stage",
        ),
        Binding(
            "d",
            "delete",
            "Delete",
            show=False,
            id="pipeline.delete",
            tooltip="Delete the selected application (u undoes)",
        ),
        Binding(
            "t",
            "stage_filter",
            "Show stage",
            show=False,
            id="pipeline.stage_filter",
            tooltip="Cycle the stage filter: all, active, one stage",
        ),
        Binding(
            "T",
            "stage_filter_back",
            "Previous stage filter",
            show=False,
            id="pipeline.stage_filter_back",
        ),
        Binding(
            "b",
            "board",
            "Board",
            id="pipeline.board",
            tooltip="Show the applications as a board by stage (b again: the table)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.apps: dict[int, Application] = {}
        self.stage_filter = "all"
        self.stage_counts: Counter[str] = Counter()
        self.known: dict[int, int] = {}  # application id -> people you know there

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield widget
            if isinstance(widget, TopBar):
                yield Static("", id="funnel")

    # -- data --------------------------------------------------------------------------

    def load_rows(self) -> list[tuple[Row, str]]:
        today = clock.today()
        stale_days = self.app.settings.stale_days
        apps = list_applications(self.store)
        self.apps = {a.id: a for a in apps}
        self.known = known = warm_counts(self.store)  # with the rows, never per keypress
        self.stage_counts = Counter(a.stage for a in apps)
        self.show_funnel()
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
            cells = (
                a.company,
                a.title,
                level_label(a.level),
                a.stage,
                short_date(a.applied_on),
                ago(a.last_activity),
                "" if days is None else str(days),
                str(known.get(a.id, 0)),
            )
            hay = " ".join(
                (
                    a.company,
                    a.title,
                    a.level,
                    level_label(a.level),
                    a.stage,
                    a.location or "",
                    a.source or "",
                )
            ).casefold()
            rows.append((Row(a.id, cells, tone), hay))
        return rows

    def row_filter(self) -> Callable[[Row], bool] | None:
        apps, wanted = self.apps, self.stage_filter
        if wanted == "all":
            return None
        if wanted == "active":
            return lambda row: apps[row.key].stage in ACTIVE_STAGES
        return lambda row: apps[row.key].stage == wanted

    def sort_value(self, row: Row, column: str) -> Any:
        """Typed sort keys: dates as dates, stages and levels by rank, days as numbers."""
        a = self.apps.get(row.key)
        if a is None:
            return super().sort_value(row, column)
        if column == "company":
            return (a.company.casefold(), a.title.casefold())
        if column == "title":
            return (a.title.casefold(), a.company.casefold())
        if column == "level":
            return level_rank(a.level)
        if column == "stage":
            return STAGE_RANK.get(a.stage, len(STAGE_RANK))
        if column == "applied":
            return short_date(a.applied_on) or None
        if column == "activity":
            return a.last_activity or None
        if column == "days":
            return int(row.cells[6]) if row.cells[6] else None
        if column == "know":
            return self.known.get(a.id, 0)
        return super().sort_value(row, column)

    def status_text(self, shown: int, total: int) -> str:
        text = super().status_text(shown, total) + " applications"
        if self.stage_filter != "all":
            text += f" · showing {self.stage_filter}"
        return text

    # -- small pictures ----------------------------------------------------------------

    def funnel_steps(self) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """(active stages with their counts, the ended ones: accepted and closed)."""
        counts = self.stage_counts
        steps = [(stage, counts[stage]) for stage in ACTIVE_STAGES]
        closed = sum(counts[s] for s in TERMINAL_STAGES if s != "accepted")
        extras = [("accepted", counts["accepted"])] if counts["accepted"] else []
        return steps, extras + [("closed", closed)]

    def show_funnel(self) -> None:
        """The one-line stage funnel under the top bar (hidden while there is no data)."""
        funnel = self.query_one("#funnel", Static)
        funnel.display = bool(self.apps)
        if self.apps:
            steps, extras = self.funnel_steps()
            width = max(20, funnel.size.width or (self.size.width or 80) - 2)
            funnel.update(Text(funnel_line(steps, width, extras, SHORT_STAGES)))

    def on_resize(self, event: events.Resize) -> None:
        if self.apps:
            self.call_after_refresh(self.show_funnel)

    def side_panel(self, key: int) -> RenderableType | None:
        """The application's fields and its latest history (newest first)."""
        a = self.apps.get(key)
        if a is None:
            return None
        try:
            timeline = application_timeline(self.store, key)
        except NotFound:
            return None
        since = to_date(a.stage_since)
        days = f" ({(clock.today() - since).days}d)" if since else ""
        lines = [
            f"[b]{escape(a.company)}[/]",
            escape(a.title),
            f"[b]{a.stage}[/] since {short_date(a.stage_since) or '—'}{days} · "
            f"{level_label(a.level)}",
            f"applied {short_date(a.applied_on) or '—'} · last activity "
            f"{ago(a.last_activity) or '—'}",
        ]
        if known := self.known.get(key, 0):
            lines.append(f"you know {plural(known, 'person', 'people')} there (enter: who)")
        lines.extend(application_extra_lines(a))
        history = Table.grid(padding=(0, 1))
        history.add_column(no_wrap=True, style="dim")
        history.add_column(no_wrap=True)
        history.add_column(ratio=1)
        latest = timeline[::-1][:PANEL_TIMELINE]
        for entry in latest:
            history.add_row(
                short_date(entry.at),
                _PANEL_KINDS.get(entry.kind, entry.kind),
                Text(visible(entry.text)),
            )
        more = len(timeline) - len(latest)
        title = "[b]History[/]" + (
            f" [dim](latest {len(latest)} of {len(timeline)}: enter opens all)[/]" if more else ""
        )
        parts: list[RenderableType] = [
            Text.from_markup("\n".join(lines)),
            Text(""),
            Text.from_markup(title),
        ]
        parts.append(history if timeline else Text("nothing yet", style="dim"))
        return Group(*parts)

    def empty_text(self) -> str:
        return FIRST_RUN

    def selected_application_id(self) -> int | None:
        return self.table.selected_key

    # -- actions -----------------------------------------------------------------------

    @on(RecordTable.Selected, "#records")
    def _open(self, event: RecordTable.Selected) -> None:
        self.app.open_application(event.key)

    def action_add(self) -> None:
        _actions().add_application_dialog(self.app, on_done=self._focus_new)

    def _focus_new(self, app_id: int) -> None:
        self.refresh_if_stale()
        if not self.table.move_to_key(app_id):
            self.stage_filter = "all"
            self.filter_text = ""
            self.apply_filter(keep_key=app_id)

    def action_edit(self) -> None:
        if (key := self.table.selected_key) is not None:
            _actions().edit_application_dialog(self.app, key)

    def action_stage(self) -> None:
        if (key := self.table.selected_key) is not None:
            _actions().move_stage_dialog(self.app, key)

    def action_delete(self) -> None:
        if (key := self.table.selected_key) is not None:
            _actions().delete_application_dialog(self.app, key)

    def action_board(self) -> None:
        from rung.tui.screens.board import open_board

        open_board(self)

    def action_stage_filter(self, step: int = 1) -> None:
        index = STAGE_FILTERS.index(self.stage_filter)
        self.stage_filter = STAGE_FILTERS[(index + step) % len(STAGE_FILTERS)]
        self.apply_filter()

    def action_stage_filter_back(self) -> None:
        self.action_stage_filter(-1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "stage", "delete"):
            return self.table.selected_key is not None or None
        if action in ("stage_filter", "filter") and not self.all_rows:
            return False
        return super().check_action(action, parameters)
