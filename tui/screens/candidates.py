"""Feedback candidates: what imports found in recruiters' messages and in notes.

Each waits for one key: ``y`` it is about me (it joins the gaps at once), ``x`` it is not.
``u`` takes a decision back. Reached with ``f`` on the Import screen and from the palette.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from rung.core.clustering.candidates import (
    Candidate,
    confirm_candidates,
    dismiss_candidates,
    list_candidates,
    reopen_candidates,
)
from rung.core.commands.feedback import feedback_gap_label
from rung.core.undo import UndoStep
from rung.tui.formatting import escape, short_date
from rung.tui.screens.base import RungScreen, TopBar
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.record_table import Column, RecordTable, Row

INTRO = (
    "Imports found these in recruiters' messages and in notes. [b]y[/] it is about me "
    "(it joins the gaps), [b]x[/] it is not, [b]Y[/] every one listed is, [b]u[/] undoes."
)


class CandidatesScreen(RungScreen):
    """The candidates, newest first, with the highlighted one's whole text below."""

    TITLE = "Feedback candidates"
    BINDINGS = [
        Binding("escape", "back", "Back", id="candidates.back", tooltip="Back"),
        Binding(
            "y",
            "decide(True)",
            "About me",
            id="candidates.confirm",
            tooltip="Count this as feedback about you: it joins the gaps",
        ),
        Binding(
            "x",
            "decide(False)",
            "Not feedback",
            id="candidates.dismiss",
            tooltip="Keep this text out of the gaps",
        ),
        Binding(
            "Y",
            "confirm_all",
            "All about me",
            show=False,
            id="candidates.confirm_all",
            tooltip="Count every candidate listed as feedback about you",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[int, Candidate] = {}

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield Static(INTRO, id="candidates-intro")
        yield RecordTable(
            [
                Column("when", "Received", 10),
                Column("about", "About", 14, flex=True, priority=1, max_width=26),
                Column("text", "Text", 20, flex=True),
            ],
            id="candidates",
        )
        yield Static("", id="candidate-text")
        yield KeyBar()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#candidates", RecordTable)

    def on_mount(self) -> None:
        self.table.focus()

    def reload(self, keep_index: int | None = None) -> None:
        found = list_candidates(self.store)
        self.items = {c.id: c for c in found}
        rows = [
            Row(
                c.id,
                (
                    short_date(c.received_on) if c.received_on else "",
                    f"{c.company} — {c.title}" if c.company else "no application",
                    c.text,
                ),
            )
            for c in found
        ]
        self.table.set_rows(rows, keep_key=self.table.selected_key)
        if keep_index is not None and rows:
            self.table.cursor = min(keep_index, len(rows) - 1)
        self.query_one(TopBar).set_status(f"{len(rows)} waiting" if rows else "")
        self.table.set_class(not rows, "hidden")
        self.query_one("#candidates-intro", Static).update(
            INTRO
            if rows
            else (
                "No feedback candidates wait for you. Imports offer them when a recruiter's "
                "message or a note gives a reason; esc goes back."
            )
        )
        self._show_text()
        self.refresh_bindings()

    def _selected(self) -> Candidate | None:
        key = self.table.selected_key
        return self.items.get(key) if key is not None else None

    @on(RecordTable.Highlighted)
    def _show_text(self) -> None:
        item = self._selected()
        self.query_one("#candidate-text", Static).update(
            f"[dim]{escape(item.source or 'import')}:[/] {escape(item.text.strip())}"
            if item
            else ""
        )

    def action_decide(self, about_me: bool) -> None:
        item = self._selected()
        if item is None:
            return
        self._apply([item.id], about_me, f"“{_short(item.text)}”")

    def action_confirm_all(self) -> None:
        if self.items:
            self._apply(list(self.items), True, f"{len(self.items)} candidates")

    def _apply(self, ids: list[int], about_me: bool, label: str) -> None:
        index = self.table.cursor
        decide = confirm_candidates if about_me else dismiss_candidates
        changed = decide(self.store, ids)
        verdict = "about you" if about_me else "not feedback"
        store = self.store
        if about_me and len(changed) == 1:
            gap = feedback_gap_label(store, changed[0])
            verdict += f" → {gap}" if gap else " → unclustered (no gap matched)"
        self.app.push_undo_step(
            f"{label}: {verdict}",
            UndoStep(f"{label}: {verdict}", lambda: reopen_candidates(store, changed)),
        )
        self.reload(keep_index=index)

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(RecordTable.Selected)
    def _open(self, event: RecordTable.Selected) -> None:
        item = self.items.get(event.key) if event.key is not None else None
        if item is not None and item.application_id is not None:
            self.app.open_record("application", item.application_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("decide", "confirm_all"):
            return bool(self.items) or None
        return True


def _short(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
