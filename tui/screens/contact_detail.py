"""One contact (enter on a row of Contacts): who they are, open follow-ups, vouches and
every interaction."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from rung.core.commands.contacts import effective_cadence, get_contact, list_interactions
from rung.core.commands.followups import list_followups
from rung.core.errors import NotFound
from rung.core.vouch import vouches_of
from rung.tui.formatting import ago, due_text, escape, humanize, short_date
from rung.tui.screens.base import RungScreen, TopBar
from rung.tui.screens.contact_actions import (
    delete_contact_dialog,
    edit_contact_dialog,
    log_interaction_dialog,
)
from rung.tui.screens.vouch_actions import can_vouch_line, edit_vouches_dialog
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.record_table import Column, RecordTable, Row


class ContactDetailScreen(RungScreen):
    """One contact: who they are, open follow-ups, and every interaction."""

    TITLE = "Contact"
    BINDINGS = [
        Binding("escape", "back", "Back", id="contact.back", tooltip="Back to the list"),
        Binding("l", "log", "Log", id="contact.log", tooltip="Log an interaction"),
        Binding("e", "edit", "Edit", id="contact.edit", tooltip="Edit this contact"),
        Binding(
            "d", "delete", "Delete", id="contact.delete", tooltip="Delete this contact (u undoes)"
        ),
        Binding(
            "c",
            "company",
            "Company",
            id="contact.company",
            tooltip="Open their company's page: its applications, people and notes",
        ),
        Binding(
            "g",
            "vouches",
            "Vouches",
            id="contact.vouches",
            priority=True,
            tooltip="Tick the gaps this contact can vouch for (the Review calls them "
            "first when a final round needs them)",
        ),
    ]

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id

    @property
    def record_key(self) -> tuple[str, int]:
        """What this screen shows (the app opens a record once: see RungApp.open_*)."""
        return ("contact", self.contact_id)

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield Static("", id="contact-fields")
        yield RecordTable(
            [
                Column("at", "When", 10),
                Column("channel", "How", 8),
                Column("summary", "Interactions", 20, flex=True),
            ],
            id="interactions",
            openable=False,
        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#interactions", RecordTable).focus()

    def reload(self) -> None:
        try:
            c = get_contact(self.store, self.contact_id, self.app.settings.cadence)
        except NotFound:
            self.close()
            return
        self.query_one(TopBar).set_status(c.name)
        cadence = effective_cadence(c.relationship, c.cadence_days, self.app.settings.cadence)
        lines = [
            f"[b]{escape(c.name)}[/]"
            + (f" — {escape(c.title)}" if c.title else "")
            + (f" at [b]{escape(c.company)}[/]" if c.company else ""),
            " · ".join(
                x
                for x in (
                    humanize(c.relationship) or "no relationship set",
                    f"every {cadence}d" if cadence else "no cadence",
                    f"last contacted {ago(c.last_contacted)} ago"
                    if c.last_contacted
                    else "never contacted",
                    f"next touch {due_text(c.cadence_due)}" if c.cadence_due else "",
                )
                if x
            ),
        ]
        contact_info = " · ".join(escape(x) for x in (c.email, c.phone, c.linkedin_url) if x)
        if contact_info:
            lines.append(f"[dim]{contact_info}[/]")
        lines.append(can_vouch_line(vouches_of(self.store, self.contact_id)))
        for f in list_followups(self.store, contact_id=self.contact_id):
            lines.append(f"[b]follow-up[/] {due_text(f.due_on)}: {escape(f.what)}")
        if c.notes:
            lines.append(f"[i]{escape(c.notes)}[/]")
        self.query_one("#contact-fields", Static).update("\n".join(lines))
        rows = [
            Row(i.id, (short_date(i.at), i.channel or "", i.summary or ""))
            for i in list_interactions(self.store, self.contact_id)
        ]
        self.query_one("#interactions", RecordTable).set_rows(rows)

    def selected_contact_id(self) -> int | None:
        return self.contact_id

    def action_back(self) -> None:
        self.close()

    def action_company(self) -> None:
        try:
            company_id = get_contact(self.store, self.contact_id).company_id
        except NotFound:
            return
        if company_id is None:
            self.notify("No company set for this contact: e sets one", severity="warning")
            return
        self.app.open_company(company_id)

    def action_log(self) -> None:
        log_interaction_dialog(self.app, self.contact_id)

    def action_edit(self) -> None:
        edit_contact_dialog(self.app, self.contact_id)

    def action_delete(self) -> None:
        delete_contact_dialog(self.app, self.contact_id, on_done=self.close)

    def action_vouches(self) -> None:
        edit_vouches_dialog(self, self.contact_id)
