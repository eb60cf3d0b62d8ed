"""One application: its fields and its timeline (stages, interviews, contacts, feedback)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from rung.core.commands.applications import application_timeline, get_application
from rung.core.errors import NotFound
from rung.core.models import TimelineEntry
from rung.core.review import local_date
from rung.tui.formatting import ago, application_extra_lines, escape, level_label, short_date
from rung.tui.screens.application_actions import (
    add_interview_dialog,
    delete_application_dialog,
    edit_application_dialog,
    move_stage_dialog,
)
from rung.tui.screens.base import RungScreen, TopBar
from rung.tui.screens.timeline_actions import delete_timeline_item, open_timeline_item
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.record_table import Column, RecordTable, Row

_KIND_LABELS = {"stage": "stage", "interview": "interview", "interaction": "contact",
                "feedback": "feedback", "followup": "follow-up"}


class ApplicationDetailScreen(RungScreen):
    """Fields on top, the timeline below; esc goes back."""

    TITLE = "Application"
    BINDINGS = [
        Binding("escape", "back", "Back", show=False, id="application.back",
                tooltip="Back to the list"),
        Binding("e", "edit", "Edit", id="application.edit", tooltip="Edit this application"),
        Binding("s", "stage", "Stage", id="application.stage", tooltip="Move to another stage"),
        Binding("i", "interview", "Interview", id="application.interview",
                tooltip="Record or schedule an interview"),
        Binding("d", "delete_item", "Delete", id="application.delete_item",
                tooltip="Delete the highlighted interview, interaction, feedback or "
                        "follow-up (u undoes)"),
        Binding("D", "delete", "Delete app", id="application.delete",
                tooltip="Delete this application with its history (u undoes)"),
        Binding("c", "company", "Company", id="application.company",
                tooltip="Open the company's page: its applications, people and notes"),
    ]

    def __init__(self, app_id: int) -> None:
        super().__init__()
        self.app_id = app_id
        self.entries: list[TimelineEntry] = []  # the timeline's rows, by row key

    @property
    def record_key(self) -> tuple[str, int]:
        """What this screen shows (the app opens a record once: see RungApp.open_*)."""
        return ("application", self.app_id)

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield Static("", id="app-fields")
        yield RecordTable([
            Column("at", "When", 10),
            Column("kind", "What", 9),
            Column("text", "", 20, flex=True),
        ], id="timeline")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#timeline", RecordTable).focus()

    def reload(self) -> None:
        try:
            app = get_application(self.store, self.app_id)
        except NotFound:
            self.close()
            return
        self.query_one(TopBar).set_status(f"{app.company} — {app.title}")
        parts = [
            f"[b]{escape(app.company)}[/] — [b]{escape(app.title)}[/]",
            f"Stage [b]{app.stage}[/] since {short_date(app.stage_since)} · "
            f"{level_label(app.level)} · applied {short_date(app.applied_on) or '—'} · "
            f"last activity {ago(app.last_activity) or '—'}",
        ]
        parts.extend(application_extra_lines(app))
        self.query_one("#app-fields", Static).update("\n".join(parts))
        table = self.query_one("#timeline", RecordTable)
        selected = self.selected_entry()
        self.entries = application_timeline(self.store, self.app_id)
        rows, keep = [], None
        for i, entry in enumerate(self.entries):
            tone = ("warn" if entry.kind == "feedback"
                    else "muted" if entry.text.endswith("— cancelled") else None)
            day = local_date(entry.at)  # the day the Review counts it in
            rows.append(Row(i, (day.isoformat() if day else short_date(entry.at),
                                _KIND_LABELS.get(entry.kind, entry.kind), entry.text), tone))
            if selected is not None and (entry.kind, entry.ref_id) == (
                    selected.kind, selected.ref_id):
                keep = i
        table.set_rows(rows, keep_key=keep)

    def selected_entry(self) -> TimelineEntry | None:
        """The timeline item under the cursor, if any."""
        key = self.query_one("#timeline", RecordTable).selected_key
        entries = self.entries
        return entries[key] if key is not None and 0 <= key < len(entries) else None

    def selected_application_id(self) -> int | None:
        return self.app_id

    def action_back(self) -> None:
        self.close()

    def action_edit(self) -> None:
        edit_application_dialog(self.rung, self.app_id)

    def action_stage(self) -> None:
        move_stage_dialog(self.rung, self.app_id)

    def action_company(self) -> None:
        try:
            company_id = get_application(self.store, self.app_id).company_id
        except NotFound:
            return
        self.rung.open_company(company_id)

    def action_interview(self) -> None:
        add_interview_dialog(self.rung, self.app_id)

    def action_delete(self) -> None:
        delete_application_dialog(self.rung, self.app_id, on_done=self.close)

    def action_delete_item(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            delete_timeline_item(self.rung, entry)

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        """enter on a timeline row opens that item to edit it (or says why not)."""
        event.stop()
        entry = self.selected_entry()
        if entry is not None:
            open_timeline_item(self.rung, entry)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete_item":
            return self.selected_entry() is not None
        return True
