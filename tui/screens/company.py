"""One company: its applications across time with their feedback, the people you know
there, and its notes. ``tab`` moves between the two lists, ``enter`` opens the record;
the highlighted row is shown whole under the lists (a piece of feedback's entire text)."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from rung.core.commands.companies import edit_company
from rung.core.company_page import (
    CompanyApplication,
    CompanyFeedback,
    CompanyPage,
    CompanyPerson,
    company_page,
)
from rung.core.errors import NotFound
from rung.core.models import Company
from rung.core.stages import ACTIVE_STAGES
from rung.tui.formatting import ago, escape, humanize, level_label, short_date
from rung.tui.screens.base import RungScreen, TopBar
from rung.tui.screens.dialogs import Field, FormScreen
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.record_table import Column, RecordTable, Row
from rung.tui.widgets.sized_container import SizedContainer


def _count(n: int, one: str, many: str) -> str:
    """``1 piece``, ``3 pieces``."""
    return f"{n} {one if n == 1 else many}"


def _feedback_key(feedback_id: int) -> int:
    """Feedback rows share the applications table: their keys are negative."""
    return -feedback_id


def application_rows(page: CompanyPage) -> list[Row]:
    """Each application, newest first, followed by the feedback it received."""
    rows = []
    for a in page.applications:
        tone = (
            "good"
            if a.stage in ("offer", "accepted")
            else "muted"
            if a.stage not in ACTIVE_STAGES
            else None
        )
        rows.append(
            Row(
                a.id,
                (
                    short_date(a.applied_on),
                    a.title,
                    level_label(a.level),
                    a.stage,
                    short_date(a.stage_since),
                ),
                tone,
            )
        )
        for f in a.feedback:
            text = " ".join(f.text.split())
            rows.append(
                Row(
                    _feedback_key(f.id),
                    (short_date(f.received_on), f"  ↳ {f.filed_as}: “{text}”", "", "", ""),
                    "muted" if f.no_reason else "warn",
                )
            )
    return rows


def people_rows(page: CompanyPage) -> list[Row]:
    """The people you know there, the most recently in touch first."""
    return [
        Row(
            p.id,
            (p.name, p.title or "", humanize(p.relationship), ago(p.last_contacted) or "never"),
        )
        for p in page.people
    ]


def _feedback_text(f: CompanyFeedback) -> str:
    whose = (
        "their reason"
        if f.gap_kind == "external"
        else "a form letter: ask what was missing"
        if f.no_reason
        else "yours to close"
        if f.gap_label
        else "not filed by rung yet"
    )
    return (
        f"[b]{escape(f.filed_as, multiline=False)}[/] · {whose} · received "
        f"{short_date(f.received_on) or '—'}\n{escape(' '.join(f.text.split()))}"
    )


def _application_text(a: CompanyApplication) -> str:
    heard = (
        _count(len(a.feedback), "piece", "pieces") + " of feedback" if a.feedback else "no feedback"
    )
    return (
        f"[b]{escape(a.title, multiline=False)}[/] · {level_label(a.level)} · applied "
        f"{short_date(a.applied_on) or '—'} · {a.stage} since "
        f"{short_date(a.stage_since) or '—'} · {heard}"
    )


def _person_text(p: CompanyPerson) -> str:
    touch = (
        f"last touch {short_date(p.last_contacted)} ({ago(p.last_contacted)})"
        if p.last_contacted
        else "never contacted"
    )
    name = f"[b]{escape(p.name, multiline=False)}[/]" + (
        f" — {escape(p.title, multiline=False)}" if p.title else ""
    )
    return " · ".join((name, humanize(p.relationship) or "no relationship set", touch))


class CompanyScreen(RungScreen):
    """Figures and notes on top (the name is in the top bar), the applications and the
    people below them, the highlighted row whole at the bottom."""

    TITLE = "Company"
    BINDINGS = [
        Binding("escape", "back", "Back", id="company.back", tooltip="Back where you came from"),
        Binding(
            "tab",
            "switch_pane",
            "Switch list",
            id="company.switch_pane",
            tooltip="Move between the applications and the people you know there",
        ),
        Binding(
            "e",
            "edit",
            "Edit",
            id="company.edit",
            tooltip="Edit the company's name, website and notes",
        ),
    ]

    def __init__(self, company_id: int) -> None:
        super().__init__()
        self.company_id = company_id
        self.company: Company | None = None
        self.applications: dict[int, CompanyApplication] = {}
        self.feedback: dict[int, CompanyFeedback] = {}
        self.people: dict[int, CompanyPerson] = {}

    @property
    def record_key(self) -> tuple[str, int]:
        """What this screen shows (the app opens a record once: see RungApp.open_*)."""
        return ("company", self.company_id)

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield Static("", id="company-fields")
        with SizedContainer(id="company-lists", on_size=self.fit_panes):
            with Vertical(id="company-apps-pane", classes="company-pane"):
                yield Static("", id="company-apps-title", classes="company-section")
                yield RecordTable(
                    [
                        Column("applied", "Applied", 10),
                        Column("title", "Role · feedback", 20, flex=True),
                        Column("level", "Level", 10, priority=2),
                        Column("stage", "Stage", 12),
                        Column("since", "Since", 10, priority=1),
                    ],
                    id="company-apps",
                )
            with Vertical(id="company-people-pane", classes="company-pane"):
                yield Static("", id="company-people-title", classes="company-section")
                yield RecordTable(
                    [
                        Column("name", "Name", 14, flex=True, max_width=24),
                        Column("title", "Title", 12, flex=True, priority=1),
                        Column("relationship", "Relationship", 16, priority=2),
                        Column("last", "Last touch", 10, align_right=True),
                    ],
                    id="company-people",
                )
        yield Static("", id="company-selected")
        yield KeyBar()

    @property
    def apps_table(self) -> RecordTable:
        return self.query_one("#company-apps", RecordTable)

    @property
    def people_table(self) -> RecordTable:
        return self.query_one("#company-people", RecordTable)

    def on_mount(self) -> None:
        self.apps_table.focus()

    def reload(self) -> None:
        try:
            page = company_page(self.store, self.company_id)
        except NotFound:
            self.close()
            return
        self.company = company = page.company
        self.applications = {a.id: a for a in page.applications}
        self.feedback = {f.id: f for a in page.applications for f in a.feedback}
        self.people = {p.id: p for p in page.people}
        self.query_one(TopBar).set_status(company.name)
        active = sum(1 for a in page.applications if a.stage in ACTIVE_STAGES)
        figures = [
            _count(len(page.applications), "application", "applications") + f" ({active} open)",
            _count(len(self.feedback), "piece", "pieces") + " of feedback",
            _count(len(page.people), "person", "people") + " you know",
        ]
        if company.website:
            figures.append(f"[dim]{escape(company.website, multiline=False)}[/]")
        lines = [
            " · ".join(figures),
            f"[i]{escape(company.notes)}[/]"
            if company.notes
            else "[dim]No notes yet: e adds some.[/]",
        ]
        if page.answers is not None and page.answers.asked:  # asked why: did they answer
            lines.insert(1, f"Answers: {escape(page.answers.summary(), multiline=False)}")
        self.query_one("#company-fields", Static).update("\n".join(lines))
        apps, people = self.apps_table, self.people_table
        apps.set_rows(application_rows(page))
        people.set_rows(people_rows(page))
        self.query_one("#company-apps-title", Static).update(
            f"[b]Applications[/] · {len(page.applications)}"
            if page.applications
            else "[b]Applications[/] · none yet"
        )
        self.query_one("#company-people-title", Static).update(
            f"[b]People you know there[/] · {len(page.people)}"
            if page.people
            else "[b]People you know there[/] · nobody yet"
        )
        apps.display = bool(apps.rows)
        people.display = bool(people.rows)
        focused = self.focused
        if not (isinstance(focused, RecordTable) and focused.display):
            (apps if apps.display or not people.display else people).focus()
        self.fit_panes()
        self.show_selected()
        self.refresh_bindings()

    def fit_panes(self) -> None:
        """Each list gets the lines it needs while both fit; else the applications up to
        60% (or what the people leave) and the people the rest. Stacked at any width: a
        wide terminal's columns go to the feedback's text."""
        lists = self.query_one("#company-lists")
        apps_pane = self.query_one("#company-apps-pane")
        people_pane = self.query_one("#company-people-pane")
        room = lists.size.height
        if room <= 0:
            return
        apps = len(self.apps_table.rows) + 2 if self.apps_table.rows else 1
        people = len(self.people_table.rows) + 2 if self.people_table.rows else 1
        if apps + people > room:
            apps = min(apps, max(int(room * 0.6), room - people))
        apps_pane.styles.height = apps
        people_pane.styles.height = "1fr"

    @on(RecordTable.Highlighted)
    def _highlighted(self) -> None:
        self.show_selected()

    def show_selected(self) -> None:
        """The row under the focused list's cursor, whole (wrapped) under the lists."""
        panel = self.query_one("#company-selected", Static)
        if self.people_table.has_focus:
            person = self.people.get(self.people_table.selected_key or 0)
            panel.update(_person_text(person) if person else "")
            return
        key = self.apps_table.selected_key
        if key is None:
            panel.update("")
        elif key < 0 and -key in self.feedback:
            panel.update(_feedback_text(self.feedback[-key]))
        elif key in self.applications:
            panel.update(_application_text(self.applications[key]))

    # -- what the app-wide keys (f, F) act on ------------------------------------------

    def selected_application_id(self) -> int | None:
        if not self.apps_table.has_focus or (key := self.apps_table.selected_key) is None:
            return None
        if key > 0:
            return key
        feedback = self.feedback.get(-key)
        return feedback.application_id if feedback else None

    def selected_contact_id(self) -> int | None:
        return self.people_table.selected_key if self.people_table.has_focus else None

    # -- keys --------------------------------------------------------------------------

    @on(RecordTable.Selected, "#company-apps")
    def _open_application(self, event: RecordTable.Selected) -> None:
        if event.key is None:
            return
        if event.key > 0:
            self.app.open_application(event.key)
        else:
            self.app.open_record("feedback", -event.key)

    @on(RecordTable.Selected, "#company-people")
    def _open_person(self, event: RecordTable.Selected) -> None:
        if event.key is not None:
            self.app.open_contact(event.key)

    def action_back(self) -> None:
        self.close()

    def action_switch_pane(self) -> None:
        target = self.people_table if self.apps_table.has_focus else self.apps_table
        if target.display:
            target.focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The other list took the focus: the panel and the keys follow it."""
        if isinstance(event.widget, RecordTable):
            self.show_selected()
            self.refresh_bindings()

    def action_edit(self) -> None:
        company = self.company
        if company is None:
            return
        store = self.store

        def submit(values: dict[str, str]) -> Company:
            return edit_company(
                store,
                company.id,
                name=values["name"],
                website=values["website"],
                notes=values["notes"],
            )

        def done(result: Company | None) -> None:
            if result is not None:
                self.notify(f"Saved {result.name}")

        self.app.push_screen(
            FormScreen(
                f"Edit: {company.name}",
                [
                    Field("name", "Name", company.name, "Acme", True),
                    Field("website", "Website", company.website or "", "https://acme.example"),
                    Field("notes", "Notes", company.notes or "", "ctrl+o opens $EDITOR"),
                ],
                submit,
            ),
            done,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_pane":
            return (
                self.is_mounted and self.apps_table.display and self.people_table.display
            ) or None
        return True
