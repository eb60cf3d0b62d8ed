"""One company: its applications across time with their feedback, the people you know
there, and its notes. ``tab`` moves between the two lists, ``enter`` opens the record."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.widgets import Static

from rung.core.commands.companies import CompanyPage, company_page, edit_company
from rung.core.errors import NotFound
from rung.core.models import Company
from rung.core.stages import ACTIVE_STAGES
from rung.tui.formatting import ago, escape, humanize, level_label, short_date
from rung.tui.screens.base import RungScreen, TopBar
from rung.tui.screens.dialogs import Field, FormScreen
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.record_table import Column, RecordTable, Row

WIDE = 140  # from this many columns the two lists stand side by side


def _feedback_key(feedback_id: int) -> int:
    """Feedback rows share the applications table: their keys are negative."""
    return -feedback_id


def application_rows(page: CompanyPage) -> list[Row]:
    """Each application, newest first, followed by the feedback it received."""
    rows = []
    for a in page.applications:
        tone = ("good" if a.stage in ("offer", "accepted") else
                "muted" if a.stage not in ACTIVE_STAGES else None)
        rows.append(Row(a.id, (short_date(a.applied_on) or short_date(a.created_at), a.title,
                               level_label(a.level), a.stage, short_date(a.stage_since)),
                        tone))
        for f in a.feedback:
            text = " ".join(f.text.split())
            rows.append(Row(_feedback_key(f.id),
                            (short_date(f.received_on), f"  ↳ {f.filed_as}: “{text}”", "",
                             "feedback", ""),
                            "muted" if f.no_reason else "warn"))
    return rows


def people_rows(page: CompanyPage) -> list[Row]:
    """The people you know there, the most recently in touch first."""
    return [Row(p.id, (p.name, p.title or "", humanize(p.relationship),
                       ago(p.last_contacted) or "never"))
            for p in page.people]


class CompanyScreen(RungScreen):
    """Name, notes and figures on top; the applications and the people below (side by
    side on a wide terminal)."""

    TITLE = "Company"
    BINDINGS = [
        Binding("escape", "back", "Back", id="company.back", tooltip="Back where you came from"),
        Binding("tab", "switch_pane", "Switch list", id="company.switch_pane",
                tooltip="Move between the applications and the people you know there"),
        Binding("e", "edit", "Edit", id="company.edit",
                tooltip="Edit the company's name, website and notes"),
    ]

    def __init__(self, company_id: int) -> None:
        super().__init__()
        self.company_id = company_id
        self.company: Company | None = None
        self.feedback_application: dict[int, int] = {}  # feedback id -> its application

    @property
    def record_key(self) -> tuple[str, int]:
        """What this screen shows, for the app's no-second-copy rule."""
        return ("company", self.company_id)

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield Static("", id="company-fields")
        with Container(id="company-lists"):
            with Vertical(id="company-apps-pane", classes="company-pane"):
                yield Static("", id="company-apps-title", classes="company-section")
                yield RecordTable([
                    Column("applied", "Applied", 10),
                    Column("title", "Role · feedback", 20, flex=True),
                    Column("level", "Level", 10, priority=2),
                    Column("stage", "Stage", 12),
                    Column("since", "Since", 10, priority=1),
                ], id="company-apps")
            with Vertical(id="company-people-pane", classes="company-pane"):
                yield Static("", id="company-people-title", classes="company-section")
                yield RecordTable([
                    Column("name", "Name", 14, flex=True, max_width=30),
                    Column("title", "Title", 12, flex=True, priority=1),
                    Column("relationship", "Relationship", 16, priority=2),
                    Column("last", "Last touch", 10, align_right=True),
                ], id="company-people")
        yield KeyBar()

    @property
    def apps_table(self) -> RecordTable:
        return self.query_one("#company-apps", RecordTable)

    @property
    def people_table(self) -> RecordTable:
        return self.query_one("#company-people", RecordTable)

    def on_mount(self) -> None:
        self.apps_table.focus()

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#company-lists").set_class(event.size.width >= WIDE, "-wide")

    def reload(self) -> None:
        try:
            page = company_page(self.store, self.company_id)
        except NotFound:
            self.close()
            return
        self.company = company = page.company
        self.feedback_application = {f.id: a.id for a in page.applications for f in a.feedback}
        self.query_one(TopBar).set_status(company.name)
        active = sum(1 for a in page.applications if a.stage in ACTIVE_STAGES)
        feedback = sum(len(a.feedback) for a in page.applications)
        figures = [f"{len(page.applications)} applications ({active} open)",
                   f"{feedback} pieces of feedback", f"{len(page.people)} people you know"]
        head = f"[b]{escape(company.name, multiline=False)}[/]"
        if company.website:
            head += f" · [dim]{escape(company.website, multiline=False)}[/]"
        lines = [head, " · ".join(figures)]
        lines.append(f"[i]{escape(company.notes)}[/]" if company.notes
                     else "[dim]No notes yet: e adds some.[/]")
        self.query_one("#company-fields", Static).update("\n".join(lines))
        apps, people = self.apps_table, self.people_table
        apps.set_rows(application_rows(page))
        people.set_rows(people_rows(page))
        self.query_one("#company-apps-title", Static).update(
            f"[b]Applications[/] · {len(page.applications)}" if page.applications
            else "[b]Applications[/] · none yet")
        self.query_one("#company-people-title", Static).update(
            f"[b]People you know there[/] · {len(page.people)}" if page.people
            else "[b]People you know there[/] · nobody yet")
        apps.display = bool(apps.rows)
        people.display = bool(people.rows)
        self.query_one("#company-apps-pane").set_class(not apps.rows, "-empty")
        self.query_one("#company-people-pane").set_class(not people.rows, "-empty")
        focused = self.focused
        if not (isinstance(focused, RecordTable) and focused.display):
            (apps if apps.display else people).focus()
        self.refresh_bindings()

    # -- what the app-wide keys (f, F) act on ------------------------------------------

    def selected_application_id(self) -> int | None:
        if not self.apps_table.has_focus or (key := self.apps_table.selected_key) is None:
            return None
        if key > 0:
            return key
        return self.feedback_application.get(-key)

    def selected_contact_id(self) -> int | None:
        return self.people_table.selected_key if self.people_table.has_focus else None

    # -- keys --------------------------------------------------------------------------

    @on(RecordTable.Selected, "#company-apps")
    def _open_application(self, event: RecordTable.Selected) -> None:
        if event.key is None:
            return
        if event.key > 0:
            self.rung.open_application(event.key)
        else:
            self.rung.open_record("feedback", -event.key)

    @on(RecordTable.Selected, "#company-people")
    def _open_person(self, event: RecordTable.Selected) -> None:
        if event.key is not None:
            self.rung.open_contact(event.key)

    def action_back(self) -> None:
        self.close()

    def action_switch_pane(self) -> None:
        target = self.people_table if self.apps_table.has_focus else self.apps_table
        if target.display:
            target.focus()
            self.refresh_bindings()

    def action_edit(self) -> None:
        company = self.company
        if company is None:
            return
        store = self.store

        def submit(values: dict[str, str]) -> Company:
            return edit_company(store, company.id, name=values["name"],
                                website=values["website"], notes=values["notes"])

        def done(result: Company | None) -> None:
            if result is not None:
                self.rung.touch()
                self.notify(f"Saved {result.name}")

        self.app.push_screen(FormScreen(f"Edit: {company.name}", [
            Field("name", "Name", company.name, "Acme", True),
            Field("website", "Website", company.website or "", "https://acme.example"),
            Field("notes", "Notes", company.notes or "", "ctrl+o opens $EDITOR"),
        ], submit), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_pane":
            return (self.is_mounted and self.apps_table.display
                    and self.people_table.display) or None
        return True
