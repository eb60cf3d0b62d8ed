"""The rung App: screens as modes, global keys, undo, command palette.

The App is handed a Store (see ``rung.tui.launch.make_app``); it never finds the database
itself, so tests hand it one in a temp dir.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable, Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from rung.core.config import Settings
from rung.core.errors import DatabaseCorrupt, DatabaseLocked, DiskFull, RungError
from rung.core.store import Store, sqlite_error
from rung.core.undo import Tombstone, UndoStep, restore
from rung.core.visible import visible
from rung.tui.areas import AREAS
from rung.tui.compat.modes import build_mode_ahead, mode_stacks
from rung.tui.screens.base import RungScreen


def _pipeline_screen() -> Screen:
    from rung.tui.screens.pipeline import PipelineScreen

    return PipelineScreen()


def _contacts_screen() -> Screen:
    from rung.tui.screens.contacts import ContactsScreen

    return ContactsScreen()


def _gaps_screen() -> Screen:
    from rung.tui.screens.gaps import GapsScreen

    return GapsScreen()


def _review_screen() -> Screen:
    from rung.tui.screens.review import ReviewScreen

    return ReviewScreen()


def _import_screen() -> Screen:
    from rung.tui.screens.import_screen import ImportScreen

    return ImportScreen()


def _ladder_screen() -> Screen:
    from rung.tui.screens.ladder import LadderScreen

    return LadderScreen()


def _records_provider() -> type:
    """The palette's record provider, imported when the palette first opens."""
    from rung.tui.palette import RecordsProvider

    return RecordsProvider


def record_key(screen: Screen) -> tuple[str, int | str] | None:
    """The record a screen shows, as ``(kind, id)`` (``("application", 5)``), or None for
    a screen that shows no one record (a list, a dialog)."""
    return getattr(screen, "record_key", None)


class RungApp(App[None]):
    """rung's terminal UI."""

    CSS_PATH = "app.tcss"
    TITLE = "rung"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_records_provider}
    MODES = {
        "pipeline": _pipeline_screen,
        "contacts": _contacts_screen,
        "gaps": _gaps_screen,
        "review": _review_screen,
        "import": _import_screen,
        "ladder": _ladder_screen,
    }  # how each of AREAS is built (a test checks that every area has one)
    DEFAULT_MODE = AREAS[0].mode
    BINDINGS = [
        *[
            Binding(
                area.key,
                f"switch_area('{area.mode}')",
                f"Go to {area.title}",
                show=False,
                id=f"app.area.{area.mode}",
                tooltip=f"Go to {area.title}: {area.help}",
            )
            for area in AREAS
        ],
        Binding(
            "f",
            "log_feedback",
            "Feedback",
            id="app.feedback",
            tooltip="Log feedback (for the selected application) and see where it lands",
        ),
        Binding(
            "F",
            "add_followup",
            "Add follow-up",
            show=False,
            id="app.followup",
            tooltip="Add a follow-up to the selected application or contact",
        ),
        Binding(
            "ctrl+f,colon",
            "search",
            "Search",
            show=False,
            id="app.search",
            tooltip="Search every record (typos in names forgiven)",
        ),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key of this screen"),
        Binding(
            "u",
            "undo",
            "Undo",
            id="app.undo",
            tooltip="Undo the last delete, stage move, edit, follow-up done or snooze",
        ),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit rung"),
    ]

    def __init__(
        self, store: Store, *, demo: bool = False, settings: Settings | None = None
    ) -> None:
        super().__init__()
        self.store = store
        self.demo = demo
        self.settings = settings or Settings()
        self._reload_posted = False
        store.on_change(self._data_changed)
        self.undo_stack: list[Tombstone | UndoStep] = []
        self.recent: list[tuple[str, int | str]] = []  # records opened, latest first
        self.database_error: str | None = None  # why the app ended, if the database did it
        #: the level the Gaps (v), the Review's funnel (v) and the Ladder's cursor share;
        #: None = all levels
        self.level_filter: str | None = None

    def remember(self, kind: str, ref: int | str) -> None:
        """Note that a record was opened (the palette ranks recent records first)."""
        key = (kind, ref)
        if key in self.recent:
            self.recent.remove(key)
        self.recent.insert(0, key)
        del self.recent[50:]

    PREWARM_AFTER = 1.0  # seconds after start before the other screens are built

    def on_mount(self) -> None:
        if self.settings.theme and self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self.theme_changed_signal.subscribe(self, self._save_theme)
        self.set_timer(self.PREWARM_AFTER, self._prewarm)

    def _save_theme(self, theme: Theme) -> None:
        """A theme picked in the palette is kept in the settings file for the next start."""
        if theme.name == self.settings.theme:
            return
        from rung.core.config import SettingsError, save_setting

        try:
            path = save_setting("theme", theme.name)
        except (OSError, SettingsError) as error:
            self.notify(f"Theme not saved: {error}", severity="warning")
            return
        self.settings.theme = theme.name
        self.notify(f"Theme {theme.name} saved in {path}")

    def _prewarm(self) -> None:
        """Build the next numbered screen not shown yet, while the user reads this one.

        A first visit to a screen costs Textual ~100-150 ms (compose, styles, layout, the
        screen's query); built ahead, a switch is one repaint (~20 ms). One screen per tick,
        so a key pressed meanwhile waits for one screen at most.
        """
        if self._exit or not self.is_running:  # shutting down: Textual's loop over the
            return  # screen stacks must not see a new one (RuntimeError: changed size)
        if len(self.screen_stack) > 1:  # a dialog is open: the user is busy, try later
            self.set_timer(0.5, self._prewarm)
            return
        for area in AREAS:
            if area.mode not in mode_stacks(self):
                if not build_mode_ahead(self, area.mode):  # a Textual without it: screens
                    return  # build on their first visit
                self.set_timer(0.2, self._prewarm)
                return
        # everything built so far lives as long as the app: keep the collector off it
        # (full collections over those objects were the 100+ ms outliers of a keypress)
        gc.freeze()

    # -- data changes ------------------------------------------------------------------

    @property
    def data_version(self) -> int:
        """The store's data version: screens read again when it moved since they looked."""
        return self.store.data_version

    def _data_changed(self) -> None:
        """The store committed a change (on whichever thread wrote): once the message that
        wrote is handled, the current screen reads again (several writes, one reload);
        the others do when they show next."""
        if self._reload_posted or not self.is_running:
            return
        self._reload_posted = True
        self.call_later(self._reload_current)

    def _reload_current(self) -> None:
        self._reload_posted = False
        screen = self.screen
        if isinstance(screen, RungScreen):
            screen.refresh_if_stale()

    def on_app_focus(self) -> None:
        """Back in the terminal: what another rung or a ``rung`` command wrote shows."""
        self.store.notice_outside_changes()

    def push_undo(self, stone: Tombstone) -> None:
        """Remember a delete so ``u`` can undo it."""
        self.undo_stack.append(stone)
        self.notify(f"Deleted {stone.label} — press u to undo", title="Deleted")

    def push_undo_step(self, message: str, step: UndoStep) -> None:
        """Remember how to take back what was just done, and say so with the undo key."""
        self.undo_stack.append(step)
        self.notify(f"{message} — u undoes")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast (screens' included): the names and notes in it show their control
        characters (``␛``, see ``core.visible``) instead of sending them to the terminal."""
        super().notify(
            visible(message, multiline=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    # -- database errors -----------------------------------------------------------------

    def database_problem(self, error: sqlite3.Error) -> str:
        """Toast what SQLite reported about the database, in the user's words; return it."""
        known = sqlite_error(self.store.path, error)
        message = str(known) if known is not None else f"{self.store.path}: {error}"
        self.notify(message, title="Database error", severity="error", timeout=30, markup=False)
        return message

    def _handle_exception(self, error: Exception) -> None:
        """An error no screen handled: a database one (damaged, full, locked for too long)
        ends the app with its one line, not a traceback; any other is Textual's."""
        from textual.worker import WorkerFailed

        cause = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(cause, sqlite3.DatabaseError | DatabaseCorrupt | DiskFull | DatabaseLocked):
            known = (
                sqlite_error(self.store.path, cause) if isinstance(cause, sqlite3.Error) else cause
            )
            message = str(known) if known is not None else f"{self.store.path}: {cause}"
            self.database_error = message
            self._return_code = 1
            self._exception_event.set()  # what Textual sets for an error (a Pilot waits on it)
            # ended as panic() does (exit() would wait on the message loop that raised,
            # the app's own maybe); run_app prints the line once the terminal is back
            self._close_messages_no_wait()
            return
        super()._handle_exception(error)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo", severity="warning")
            return
        item = self.undo_stack.pop()
        if isinstance(item, UndoStep):
            try:
                item.revert()
            except RungError as exc:  # the record moved on or went: say so, change nothing
                self.store.notice_outside_changes()
                self.notify(f"Not undone: {exc}", severity="warning")
                return
            self.notify(f"Undone: {item.label}", title="Undone")
            return
        restore(self.store, item)
        self.notify(f"Restored {item.label}", title="Undone")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return bool(self.undo_stack)
        if action in ("log_feedback", "add_followup"):
            return isinstance(self.screen, RungScreen)
        return True

    # -- navigation --------------------------------------------------------------------

    def action_switch_area(self, mode: str) -> None:
        if self.current_mode == mode:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        self.switch_mode(mode)

    def action_log_feedback(self) -> None:
        from rung.tui.screens.gap_actions import log_feedback_dialog

        screen = self.screen
        if isinstance(screen, RungScreen):
            log_feedback_dialog(screen, screen.selected_application_id())

    def action_add_followup(self) -> None:
        from rung.core.commands.followups import add_followup
        from rung.tui.screens.dialogs import Field, FormScreen

        screen = self.screen
        if not isinstance(screen, RungScreen):
            return
        app_id, contact_id = screen.selected_application_id(), screen.selected_contact_id()

        def submit(values: dict[str, str]):  # noqa: ANN202 - returns a Followup
            return add_followup(
                self.store,
                what=values["what"],
                due_on=values["due_on"],
                contact_id=int(values["contact"]) if values["contact"] else None,
                application_id=int(values["application"]) if values["application"] else None,
            )

        def done(item) -> None:  # noqa: ANN001
            if item is not None:
                self.notify(f"Follow-up due {item.due_on}: {item.what}")

        self.push_screen(
            FormScreen(
                "New follow-up",
                [
                    Field("what", "What", "", "send the thank-you note", True),
                    Field(
                        "due_on",
                        "Due",
                        "+3d",
                        "friday, next monday, in 2 weeks, 2026-03-14",
                        True,
                        kind="date",
                    ),
                    Field(
                        "application",
                        "Application",
                        "" if app_id is None else str(app_id),
                        "none",
                        kind="application",
                    ),
                    Field(
                        "contact",
                        "Contact",
                        "" if contact_id is None else str(contact_id),
                        "none",
                        kind="contact",
                    ),
                ],
                submit,
            ),
            done,
        )

    def action_help(self) -> None:
        from rung.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    # -- opening records: one screen per record ----------------------------------------

    def _show_record(
        self, key: tuple[str, int | str], build: Callable[[], Screen], home: str
    ) -> Screen:
        """Show the screen of record ``key``: the one already open if there is one (the
        screens above it close), else a new one from ``build``. A record opened from a
        record screen (a detail, a company page) stacks on it, so esc goes back there;
        opened from anywhere else it stacks on its ``home`` screen (the Pipeline's for
        an application). Returns the screen shown."""
        self.remember(*key)
        found = self._back_to(key)
        if found is not None:
            return found
        if record_key(self.screen) is None and self.current_mode != home:
            self.switch_mode(home)
        screen = build()
        self.push_screen(screen)
        return screen

    def _back_to(self, key: tuple[str, int | str]) -> Screen | None:
        """The open screen of record ``key``, made the top one again (the screens above
        it popped; its mode shown), or None when no screen shows it. The current mode's
        stack is looked at first, then the others."""
        stacks = mode_stacks(self)
        modes = [
            self.current_mode,
            *[m for m in stacks if m != self.current_mode and m in self.MODES],
        ]
        for mode in modes:
            stack = stacks.get(mode) or []
            target = next((s for s in reversed(stack) if record_key(s) == key), None)
            if target is None:
                continue
            if mode != self.current_mode:
                self.switch_mode(mode)
            while self.screen is not target and len(self.screen_stack) > 1:
                self.pop_screen()
            return target
        return None

    def open_application(self, app_id: int) -> None:
        """Show one application's detail (from any screen)."""
        from rung.tui.screens.application_detail import ApplicationDetailScreen

        self._show_record(
            ("application", app_id), lambda: ApplicationDetailScreen(app_id), "pipeline"
        )

    def open_contact(self, contact_id: int) -> None:
        """Show one contact's detail (from any screen)."""
        from rung.tui.screens.contact_detail import ContactDetailScreen

        self._show_record(
            ("contact", contact_id), lambda: ContactDetailScreen(contact_id), "contacts"
        )

    def open_company(self, company_id: int) -> None:
        """Show one company's page: its applications, its people, its notes."""
        from rung.tui.screens.company import CompanyScreen

        self._show_record(("company", company_id), lambda: CompanyScreen(company_id), "pipeline")

    def open_gap(self, slug: str | None, feedback_id: int | None = None) -> None:
        """Show one gap with its feedback (from any screen); ``None`` = the unclustered."""
        from rung.tui.screens.gap_detail import GapDetailScreen

        if slug is None:  # the unclustered pile is no record: not remembered, not reused
            if self.current_mode != "gaps" and record_key(self.screen) is None:
                self.switch_mode("gaps")
            self.push_screen(GapDetailScreen(None, focus_feedback=feedback_id))
            return
        screen = self._show_record(
            ("gap", slug), lambda: GapDetailScreen(slug, focus_feedback=feedback_id), "gaps"
        )
        if feedback_id is not None and screen.is_mounted:  # an open one: the cursor moves
            from rung.tui.widgets.record_table import RecordTable

            for table in screen.query(RecordTable):
                table.move_to_key(feedback_id)

    def action_candidates(self) -> None:
        """Show the feedback candidates imports found (confirm or dismiss each)."""
        from rung.tui.screens.candidates import CandidatesScreen

        if not isinstance(self.screen, CandidatesScreen):
            self.push_screen(CandidatesScreen())

    def open_record(self, kind: str, ident: int) -> None:
        """Open a search hit where it lives: its detail, or the record it belongs to."""
        store = self.store
        if kind == "application":
            self.open_application(ident)
        elif kind == "contact":
            self.open_contact(ident)
        elif kind == "company":
            self.open_company(ident)
        elif kind == "interaction":
            from rung.core.commands.contacts import interaction_links

            contact_id, application_id = interaction_links(store, ident) or (None, None)
            if contact_id is not None:
                self.open_contact(contact_id)
            elif application_id is not None:
                self.open_application(application_id)
        elif kind == "feedback":
            from rung.core.commands.feedback import feedback_place

            place = feedback_place(store, ident)
            if place and place.status == "confirmed":
                from rung.tui.screens.gap_detail import NO_REASON

                slug = place.gap_slug or (NO_REASON if place.no_reason else None)
                self.open_gap(slug, ident)
            elif place and place.application_id is not None:
                self.open_application(place.application_id)

    def action_command_palette(self) -> None:
        from rung.tui.palette import RungCommandPalette

        if self.use_command_palette and not RungCommandPalette.is_open(self):
            self.push_screen(RungCommandPalette(id="--command-palette"))

    def action_search(self) -> None:
        from rung.tui.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            return

        def opened(target: tuple[str, int] | None) -> None:
            if target is not None:
                self.open_record(*target)

        self.push_screen(SearchScreen(), opened)

    # -- command palette ---------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for area in AREAS:
            yield SystemCommand(
                f"Go to {area.title} ({area.key})",
                area.help,
                lambda mode=area.mode: self.action_switch_area(mode),
            )
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding, node = active.binding, active.node
            if node is self or not binding.description or not active.enabled:
                continue
            if binding.id in seen or binding.action.startswith(("cursor_", "page_")):
                continue
            seen.add(binding.id or binding.action)
            key = self.get_key_display(Binding(binding.key.split(",")[0], ""))
            yield SystemCommand(
                f"{binding.description} ({key})",
                binding.tooltip or binding.description,
                lambda node=node, action=binding.action: self.call_later(node.run_action, action),
            )
        yield SystemCommand(
            "Search everything (ctrl+f or :)",
            "Applications, companies, contacts, interactions, feedback",
            self.action_search,
        )
        yield SystemCommand(
            "Feedback candidates from imports",
            "Confirm or dismiss what imports found in messages and notes",
            self.action_candidates,
        )
        yield SystemCommand("Help: every key (?)", "Show the keys of this screen", self.action_help)
        yield SystemCommand(
            "Undo (u)", "Undo the last delete, stage move or edit", self.action_undo
        )
        yield from super().get_system_commands(screen)
