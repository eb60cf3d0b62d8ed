"""Ladder (key 6): where the search stalls, level by level, and what is ready for the next.

Top to bottom: the sentence the data says (``core.ladder``: computed, never canned); the
matrix of level × furthest stage (counts, conversion from the column before, the stall
marked ``!``; ``enter`` lists a cell's applications); for the level under the cursor, the
gaps cited at its later rounds and the companies' own reasons apart; the readiness of the
target level's gaps (✓ covered, ~ thin, ✗ missing) from the user's evidence. ``t`` sets the
target level, ``a`` adds evidence, ``enter`` on a readiness row opens the gap's page.

The level under the matrix cursor is the app's ``level_filter``: the Gaps screen and the
Review's funnel show that level, and their ``v`` moves the cursor here.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from rung.core.ladder import build_ladder, stall_cell
from rung.core.levels import LEVELS
from rung.core.store import Store
from rung.core.visible import visible
from rung.core.wording import plural
from rung.tui.formatting import escape, level_label
from rung.tui.screens.base import RungScreen, TopBar
from rung.tui.screens.dialogs import ChoiceScreen
from rung.tui.screens.evidence import evidence_form
from rung.tui.screens.ladder_detail import LadderCellScreen
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.ladder_matrix import (
    COLUMN_WORDS,
    STAGE_COLUMNS,
    LadderMatrix,
    MatrixRow,
)
from rung.tui.widgets.record_table import Column, RecordTable, Row, fit
from rung.tui.widgets.spark import hbar

STATE_MARKS = {"covered": "✓", "thin": "~", "missing": "✗"}
STATE_TONES = {"covered": "good", "thin": None, "missing": "warn"}
WIDE = 130  # from this many columns the level panel gives more room to each gap
SHORT = 30  # below this many lines the parts sit without blank lines between them
NO_TARGET = (
    "Set the level you aim for with [b]t[/]: each gap that matters there shows "
    "✓ covered, ~ thin or ✗ missing from your evidence ([b]a[/] adds some)."
)


class LadderScreen(RungScreen):
    """The ladder: the sentence, the level × stage matrix, the level's gaps, readiness."""

    TITLE = "Ladder"
    AUTO_FOCUS = "#ladder-matrix"
    BINDINGS = [
        Binding(
            "t",
            "target",
            "Target",
            id="ladder.target",
            tooltip="Set the level you aim for: readiness is measured against it",
        ),
        Binding(
            "a",
            "evidence",
            "Evidence",
            id="ladder.evidence",
            tooltip="Add evidence (a dated entry, optionally a story) to the "
            "highlighted readiness gap",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ladder: Any = None
        self._reads = 0  # the latest read asked for (older results are dropped)
        self._level_shown: str | None = None  # the app's level_filter the cursor follows

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield Static("reading the history…", id="ladder-summary")
        yield LadderMatrix(id="ladder-matrix")
        with Horizontal(id="ladder-bottom"):
            yield Static("", id="ladder-level")
            with Vertical(id="ladder-ready"):
                yield Static("", id="ladder-ready-title")
                yield Static(NO_TARGET, id="ladder-ready-hint")
                yield RecordTable(
                    [
                        Column("mark", "", 1),
                        Column("gap", "Gap", 14, flex=True),
                        Column("state", "State", 7),
                        Column("n", "Ev", 2, align_right=True),
                        Column("latest", "Latest evidence", 24, flex=True, priority=2),
                    ],
                    id="ladder-readiness",
                )
        yield KeyBar()

    def on_mount(self) -> None:
        # built ahead (RungApp._prewarm) the ladder is read then, in its thread: the first
        # 6 paints it at once (a write meanwhile makes the showing read it again)
        self.refresh_if_stale()

    @property
    def matrix(self) -> LadderMatrix:
        return self.query_one("#ladder-matrix", LadderMatrix)

    @property
    def readiness_table(self) -> RecordTable:
        return self.query_one("#ladder-readiness", RecordTable)

    # -- data --------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the ladder in a thread (the history of every application: more than a
        keypress may take at thousands of them); the screen keeps what it shows meanwhile."""
        self._reads += 1
        self._read(
            self.store,
            self._reads,
            self.app.data_version,
            getattr(self.app.settings, "target_level", None),
        )

    @work(thread=True, exclusive=True, group="ladder-read", exit_on_error=False)
    def _read(self, store: Store, token: int, version: int, target: str | None) -> None:
        try:
            ladder = build_ladder(store, target=target)
        except sqlite3.DatabaseError as exc:
            self.app.call_from_thread(self._read_failed, token, exc)
            return
        self.app.call_from_thread(self._ladder_read, token, version, ladder)

    def _read_failed(self, token: int, error: sqlite3.DatabaseError) -> None:
        if token == self._reads and self.is_mounted:
            self.show_database_error(self.app.database_problem(error))

    def show_database_error(self, message: str) -> None:
        self.query_one("#ladder-summary", Static).update(Text(message))

    def _ladder_read(self, token: int, version: int, ladder: Any) -> None:
        if token != self._reads or not self.is_mounted:
            return  # a later read is on its way, or the app is closing
        if version != self.app.data_version:
            self.reload()  # written meanwhile: this read may miss it
            return
        self.show(ladder)

    def show(self, ladder: Any) -> None:
        """Draw a ladder (``core.ladder.Ladder``) on the screen."""
        first = self.ladder is None
        self.ladder = ladder
        summary = ladder.summary or ""
        if ladder.needs and ladder.needs not in summary:
            summary = (summary + " " if summary else "") + ladder.needs
        self.query_one("#ladder-summary", Static).update(Text(visible(summary, multiline=True)))
        shown = [r for r in ladder.levels if r.applied or r.level == ladder.target]
        rows = [
            MatrixRow(r.level, level_label(r.level), tuple(r.count(key) for key in STAGE_COLUMNS))
            for r in shown
        ]
        stall = stall_cell(ladder)
        matrix = self.matrix
        matrix.set_rows(rows, stall)
        if first:  # start where the story is: the stall, else the busiest level
            busiest = max(shown, key=lambda r: r.applied, default=None)
            start = stall or ((busiest.level, "applied") if busiest else None)
            if start is not None:
                matrix.move_to(*start)
        self._follow_level_filter(force=True)
        self.query_one(TopBar).set_status(self.status_text())
        self._show_level()
        self._show_readiness()

    def status_text(self) -> str:
        """The top bar's middle part: how many applications, the target."""
        total = sum(r.applied for r in self.ladder.levels) if self.ladder else 0
        target = getattr(self.ladder, "target", None)
        aim = f"target {level_label(target)}" if target else "no target (t)"
        return f"{plural(total, 'application')} · {aim}"

    def refresh_if_stale(self) -> None:
        super().refresh_if_stale()
        if self.is_mounted:
            self._follow_level_filter()

    def _follow_level_filter(self, *, force: bool = False) -> None:
        """Put the cursor on the level the other screens filter by (their ``v``)."""
        wanted = self.app.level_filter
        if (force or wanted != self._level_shown) and wanted is not None:
            if self.matrix.move_to(wanted):
                self._show_level()
        self._level_shown = wanted

    # -- the level under the cursor ----------------------------------------------------

    def _level_row(self) -> Any:
        level = self.matrix.level
        if self.ladder is None or level is None:
            return None
        return next((r for r in self.ladder.levels if r.level == level), None)

    def _show_level(self) -> None:
        panel = self.query_one("#ladder-level", Static)
        row = self._level_row()
        if row is None:
            panel.update("")
            return
        width = max(20, panel.size.width or (self.size.width // 2))
        text = Text()
        text.append(f"{level_label(row.level)}: gaps at later rounds", style="bold")
        gaps = list(row.gaps)
        if not gaps:
            text.append("\nnone cited in its later rounds", style="dim")
        top = max((g.weight for g in gaps), default=0)
        bar_w = 8 if width < 60 else 16
        label_w = max(8, min(32, width - bar_w - 6))
        for g in gaps[: 6 if width < WIDE else 12]:
            text.append("\n" + f"{fit(g.label, label_w):<{label_w}} ")
            text.append(f"{hbar(g.weight, top, bar_w):<{bar_w}}", style="yellow")
            text.append(f" ×{g.count}")
        external = list(row.external)
        if external:
            theirs = ", ".join(f"{slug.replace('_', ' ')} ×{n}" for slug, n in external)
            text.append("\n")
            text.append(fit(f"theirs: {theirs}", width), style="dim")
        panel.update(text)

    @on(LadderMatrix.Moved, "#ladder-matrix")
    def _moved(self, event: LadderMatrix.Moved) -> None:
        if event.level != self.app.level_filter:
            self.app.level_filter = event.level  # the Gaps and the Review follow
        self._level_shown = event.level
        self._show_level()

    @on(LadderMatrix.Selected, "#ladder-matrix")
    def _open_cell(self, event: LadderMatrix.Selected) -> None:
        row = self._level_row()
        if row is None:
            return
        ids = list(row.application_ids.get(event.column, []))
        what = f"{level_label(event.level)} · {COLUMN_WORDS[event.column]}"
        if not ids:
            self.notify(f"{what}: no application stopped there", severity="warning")
            return
        self.app.push_screen(LadderCellScreen(event.level, event.column, ids))

    # -- readiness ---------------------------------------------------------------------

    def _show_readiness(self) -> None:
        title = self.query_one("#ladder-ready-title", Static)
        ladder = self.ladder
        target = getattr(ladder, "target", None)
        rows = []
        for i, item in enumerate(getattr(ladder, "readiness", None) or []):
            evidence = list(item.evidence)
            latest = evidence[0].text if evidence else ""
            rows.append(
                Row(
                    i,
                    (
                        STATE_MARKS.get(item.state, "?"),
                        item.label,
                        item.state,
                        str(len(evidence)),
                        latest,
                    ),
                    STATE_TONES.get(item.state),
                )
            )
        self.query_one("#ladder-ready-hint").set_class(target is not None, "hidden")
        self.readiness_table.set_class(target is None, "hidden")
        if target is None:
            title.update(Text.from_markup("[b]Readiness[/]: no target level yet"))
        else:
            counts = {s: sum(1 for r in rows if r.cells[2] == s) for s in STATE_MARKS}
            title.update(
                Text.from_markup(
                    f"[b]Ready for {escape(level_label(target))}?[/] "
                    f"{counts['covered']} ✓ · {counts['thin']} ~ · {counts['missing']} ✗"
                )
            )
        self.readiness_table.set_rows(rows)

    def selected_readiness(self) -> Any:
        """The readiness entry under the readiness cursor, or None."""
        key = self.readiness_table.selected_key
        items = getattr(self.ladder, "readiness", None) or []
        return items[key] if key is not None and key < len(items) else None

    @on(RecordTable.Selected, "#ladder-readiness")
    def _open_gap(self) -> None:
        item = self.selected_readiness()
        if item is not None:
            self.app.open_gap(item.slug)

    def action_target(self) -> None:
        current = getattr(self.ladder, "target", None) or self.matrix.level
        choices = [(lv, level_label(lv)) for lv in LEVELS if lv != "ic"]

        def picked(level: str | None) -> None:
            if not level:
                return
            from rung.core.config import SettingsError, save_setting

            try:
                save_setting("target_level", level)
            except (OSError, SettingsError) as error:
                self.notify(f"Target not saved: {error}", severity="warning")
            self.app.settings.target_level = level  # type: ignore[attr-defined]
            self.notify(f"Target level: {level_label(level)}")
            self.reload()

        self.app.push_screen(ChoiceScreen("Target level", choices, current), picked)

    def action_evidence(self) -> None:
        item = self.selected_readiness()
        if item is not None:
            evidence_form(self, item.slug, item.label)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "evidence":
            return (self.is_mounted and self.selected_readiness() is not None) or None
        return True

    def on_record_table_highlighted(self) -> None:
        self.refresh_bindings()

    def on_resize(self) -> None:
        self.set_class(self.size.height < SHORT, "-short")
        if self.ladder is not None:
            self._show_level()  # its bars are drawn for the panel's width
