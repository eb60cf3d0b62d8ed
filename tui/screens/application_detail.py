"""One application: its fields, its timeline (stages, interviews, contacts, feedback) and
the people you know at its company (``tab`` moves between the two lists; on a person ``a``
asks for an intro, ``r`` for a referral; on a vague rejection ``a`` asks why)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from rung.core.commands.applications import application_timeline, get_application
from rung.core.errors import NotFound
from rung.core.models import TimelineEntry
from rung.core.review import local_date
from rung.core.warm import WarmContact, people_at_application
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

_KIND_LABELS = {
    "stage": "stage",
    "interview": "interview",
    "interaction": "contact",
    "feedback": "feedback",
    "followup": "follow-up",
}


class ApplicationDetailScreen(RungScreen):
    """Fields on top, the timeline below; esc goes back."""

    TITLE = "Application"
    BINDINGS = [
        Binding(
            "escape", "back", "Back", show=False, id="application.back", tooltip="Back to the list"
        ),
        Binding("e", "edit", "Edit", id="application.edit", tooltip="Edit this application"),
        Binding("s", "stage", "Stage", id="application.stage", tooltip="Move to another stage"),
        Binding(
            "i",
            "interview",
            "Interview",
            id="application.interview",
            tooltip="Record or schedule an interview",
        ),
        Binding(
            "d",
            "delete_item",
            "Delete",
            id="application.delete_item",
            tooltip="Delete the highlighted interview, interaction, feedback or "
            "follow-up (u undoes)",
        ),
        Binding(
            "D",
            "delete",
            "Delete app",
            id="application.delete",
            tooltip="Delete this application with its history (u undoes)",
        ),
        Binding(
            "c",
            "company",
            "Company",
            id="application.company",
            tooltip="Open the company's page: its applications, people and notes",
        ),
        Binding(
            "a",
            "ask",
            "Ask",
            id="application.ask",
            tooltip="On a person you know there: ask for an intro; on a vague or "
            "reason-less rejection in the timeline: ask why",
        ),
        Binding(
            "r",
            "referral",
            "Referral",
            id="application.referral",
            tooltip="Ask the person you know there for a referral",
        ),
        Binding(
            "p",
            "prep",
            "Prep",
            id="application.prep",
            tooltip="Prep sheet for the next interview ahead (or the highlighted one): "
            "people, gaps and your stories, questions; opens in $EDITOR",
        ),
    ]

    def __init__(self, app_id: int) -> None:
        super().__init__()
        self.app_id = app_id
        self.entries: list[TimelineEntry] = []  # the timeline's rows, by row key
        self.people: list[WarmContact] = []  # the people you know there, by row key
        self.askable: set[int] = set()  # feedback ids of this application that are asks

    @property
    def record_key(self) -> tuple[str, int]:
        """What this screen shows (the app opens a record once: see RungApp.open_*)."""
        return ("application", self.app_id)

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield Static("", id="app-fields")
        yield RecordTable(
            [
                Column("at", "When", 10),
                Column("kind", "What", 9),
                Column("text", "", 20, flex=True),
            ],
            id="timeline",
        )
        yield Static("", id="people-title")
        yield RecordTable(
            [
                Column("name", "Person", 14, flex=True, max_width=30),
                Column("title", "Title", 14, flex=True, priority=2),
                Column("relationship", "Knows you as", 16, priority=1),
                Column("last", "Last touch", 10, align_right=True),
            ],
            id="people",
        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#timeline", RecordTable).focus()

    def reload(self) -> None:
        try:
            application = get_application(self.store, self.app_id)
        except NotFound:
            self.close()
            return
        self.query_one(TopBar).set_status(f"{application.company} — {application.title}")
        parts = [
            f"[b]{escape(application.company)}[/] — [b]{escape(application.title)}[/]",
            f"Stage [b]{application.stage}[/] since {short_date(application.stage_since)} · "
            f"{level_label(application.level)} · "
            f"applied {short_date(application.applied_on) or '—'} · "
            f"last activity {ago(application.last_activity) or '—'}",
        ]
        parts.extend(application_extra_lines(application))
        self.query_one("#app-fields", Static).update("\n".join(parts))
        table = self.query_one("#timeline", RecordTable)
        selected = self.selected_entry()
        self.entries = application_timeline(self.store, self.app_id)
        rows, keep = [], None
        for i, entry in enumerate(self.entries):
            tone = (
                "warn"
                if entry.kind == "feedback"
                else "muted"
                if entry.text.endswith("— cancelled")
                else None
            )
            day = local_date(entry.at)  # the day the Review counts it in
            rows.append(
                Row(
                    i,
                    (
                        day.isoformat() if day else short_date(entry.at),
                        _KIND_LABELS.get(entry.kind, entry.kind),
                        entry.text,
                    ),
                    tone,
                )
            )
            if selected is not None and (entry.kind, entry.ref_id) == (
                selected.kind,
                selected.ref_id,
            ):
                keep = i
        table.set_rows(rows, keep_key=keep)
        self._show_people(application.company, application.company_id)

    def _show_people(self, company: str, company_id: int) -> None:
        """The people you know at the company (core.warm), or how to get to know some."""
        from rung.core.asks import list_asks

        self.askable = {
            a.feedback_id
            for a in list_asks(self.store, company_id=company_id, with_contacts=False)
            if a.application_id == self.app_id and not a.answered
        }
        self.people = people_at_application(self.store, self.app_id)
        title = self.query_one("#people-title", Static)
        table = self.query_one("#people", RecordTable)
        name = escape(company)
        if not self.people:
            title.update(
                f"[b]People you know at {name}[/]: [dim]nobody yet: connect on "
                "LinkedIn with someone there (then rung import Connections.csv), or "
                "add a contact on 2[/]"
            )
            if table.has_focus:
                self.query_one("#timeline", RecordTable).focus()
            table.display = False
            return
        title.update(
            f"[b]People you know at {name}[/] · {len(self.people)} "
            "[dim]· tab, then a intro · r referral[/]"
        )
        table.set_rows(
            [
                Row(
                    i,
                    (
                        p.name,
                        p.title or "",
                        (p.relationship or "").replace("_", " "),
                        short_date(p.last_contact) or "never",
                    ),
                )
                for i, p in enumerate(self.people)
            ]
        )
        most = 4 if self.app.size.height >= 30 else 3  # the timeline keeps most of 80x24
        table.styles.height = min(len(self.people), most) + 1  # a header and a few people
        table.display = True

    def selected_person(self) -> WarmContact | None:
        """The person under the cursor of the people list when it has the focus."""
        table = self.query_one("#people", RecordTable)
        key = table.selected_key
        if not table.has_focus or key is None or not 0 <= key < len(self.people):
            return None
        return self.people[key]

    def selected_entry(self) -> TimelineEntry | None:
        """The timeline item under the cursor, if any."""
        key = self.query_one("#timeline", RecordTable).selected_key
        entries = self.entries
        return entries[key] if key is not None and 0 <= key < len(entries) else None

    def selected_application_id(self) -> int | None:
        return self.app_id

    def selected_contact_id(self) -> int | None:
        person = self.selected_person()
        return person.id if person else None

    def action_back(self) -> None:
        self.close()

    def action_edit(self) -> None:
        edit_application_dialog(self.app, self.app_id)

    def action_stage(self) -> None:
        move_stage_dialog(self.app, self.app_id)

    def action_company(self) -> None:
        try:
            company_id = get_application(self.store, self.app_id).company_id
        except NotFound:
            return
        self.app.open_company(company_id)

    def action_prep(self) -> None:
        from rung.tui.screens.prep import open_prep

        entry = self.selected_entry()
        interview_id = entry.ref_id if entry is not None and entry.kind == "interview" else None
        open_prep(self.app, self.app_id, interview_id)

    def action_interview(self) -> None:
        add_interview_dialog(self.app, self.app_id)

    def action_delete(self) -> None:
        delete_application_dialog(self.app, self.app_id, on_done=self.close)

    def action_delete_item(self) -> None:
        entry = self.selected_entry()
        if entry is not None and self.selected_person() is None:
            delete_timeline_item(self.app, entry)

    def _ask_why_target(self) -> int | None:
        """The feedback under the timeline's cursor when it is an open ask, else None."""
        if not self.query_one("#timeline", RecordTable).has_focus:
            return None
        entry = self.selected_entry()
        if entry is None or entry.kind != "feedback" or entry.ref_id not in self.askable:
            return None
        return entry.ref_id

    def action_ask(self) -> None:
        from rung.tui.screens.ask import ask_contact, ask_why

        if (person := self.selected_person()) is not None:
            ask_contact(self, "intro", self.app_id, person.id)
        elif (feedback_id := self._ask_why_target()) is not None:
            ask_why(self, feedback_id)

    def action_referral(self) -> None:
        from rung.tui.screens.ask import ask_contact

        if (person := self.selected_person()) is not None:
            ask_contact(self, "referral", self.app_id, person.id)

    def on_record_table_selected(self, event: RecordTable.Selected) -> None:
        """enter on a timeline row opens that item to edit it (or says why not); on a
        person, their contact page."""
        event.stop()
        if event.table.id == "people":
            if (person := self.selected_person()) is not None:
                self.app.open_contact(person.id)
            return
        entry = self.selected_entry()
        if entry is not None:
            open_timeline_item(self.app, entry)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # a and r follow the list that has the focus

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action == "delete_item":
            if self.selected_person() is not None:
                return None  # d deletes timeline items, not people: dimmed on the people
            return self.selected_entry() is not None
        if action == "ask":
            return (
                self.selected_person() is not None or self._ask_why_target() is not None
            ) or None
        if action == "referral":
            return self.selected_person() is not None or None
        return True
