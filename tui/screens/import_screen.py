"""Import (5): pick a file, check its profile, mapping and first rows, import in a worker.

The screen's keys work on arrival: the path input is entered with ``i`` (or by typing the
``/`` or ``~`` a path starts with) and left with ``esc``, as lazygit's inputs are; after a
preview (and back from any dialog) the focus is on what the screen shows, never in the
field, so ``1``–``5``, ``q`` and ``?`` are never typed into it. The path input completes
with tab; ctrl+t opens a directory tree instead. Enter previews:
the detected profile, each column of the file and the field it feeds (a generic sheet's
mapping is edited in place: enter on a column picks its field), the first rows, and what
an import would create, merge and skip (a dry run over the whole file, in a worker).
ctrl+r imports in a worker with a progress bar; the UI stays usable meanwhile.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, DirectoryTree, Input, ProgressBar, Static

from rung.core.clustering.candidates import count_candidates
from rung.core.errors import RungError
from rung.core.importing import ImportReport, import_files, preview
from rung.core.importing.profiles import sheet_fields
from rung.core.importing.reader import Refused
from rung.core.importing.rows import Prepared
from rung.core.store import Store
from rung.core.visible import visible
from rung.tui.formatting import escape
from rung.tui.import_lines import duplicate_lines, members_line, summary_line, warning_lines
from rung.tui.screens.base import RungScreen, TopBar
from rung.tui.screens.dialogs import ChoiceScreen
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.path_input import ImportTree, PathInput, PathSuggester
from rung.tui.widgets.record_table import Column, RecordTable, Row

IGNORE = "-"
FIELD_LABELS = {  # how the import screen names what a sheet's column can feed
    "company": "company",
    "title": "job title",
    "company_title": "company and role in one (split: 'Meta SDE 1')",
    "applied_on": "date applied",
    "status_on": "date of the status (a reply, a no)",
    "status": "status (mapped to a stage)",
    "location": "location",
    "salary": "salary",
    "url": "job posting URL",
    "contact": "contact person (recruiter, hiring manager)",
    "follow_up": "follow-up date",
    "notes": "notes (feedback in them is offered)",
    "source_col": "source (where you found it)",
}


def field_choices() -> list[tuple[str, str]]:
    """The column picker's choices: the fields a hand-kept sheet can feed (core's list),
    in the order a person thinks of them, then "ignore"."""
    fields = sheet_fields()
    order = [f for f in FIELD_LABELS if f in fields] + [f for f in fields if f not in FIELD_LABELS]
    return [(f, FIELD_LABELS.get(f, f.replace("_", " "))) for f in order] + [
        (IGNORE, "ignore this column")
    ]


HOW_TO = (
    "[b]i[/] (or [b]/[/], [b]~[/]) types the path of a CSV or of a LinkedIn export "
    ".zip ([b]tab[/] completes, [b]esc[/] leaves the field), [b]ctrl+t[/] browses, "
    "[b]enter[/] previews what would be created, merged or "
    "skipped, [b]ctrl+r[/] imports it in one transaction. Formats: LinkedIn (job "
    "applications, saved jobs, connections, messages, invitations), Huntr, Teal, any "
    "spreadsheet "
    "with a company column. From the shell: [b]rung import FILE… --dry-run[/]"
)


def _problem(exc: Exception) -> str:
    """What went wrong, for the screen: our own errors as they are, others with their type."""
    if isinstance(exc, (Refused, RungError, OSError)):
        return str(exc)
    if isinstance(exc, sqlite3.Error):  # a full disk, a damaged database: SQLite's words
        from rung.core.store import sqlite_error

        known = sqlite_error("the database", exc)
        if known is not None:
            return str(known)
    return f"could not read it: {type(exc).__name__}: {exc} (nothing was imported)"


class ImportScreen(RungScreen):
    """Preview a CSV or LinkedIn zip, fix a generic sheet's mapping, import it."""

    TITLE = "Import"
    AUTO_FOCUS = ""  # never the path input on arrival: the screen's keys work at once
    BINDINGS = [
        Binding(
            "escape",
            "leave",
            "Leave field",
            id="import.leave",
            tooltip="Leave the path field or the tree (the screen's keys work again)",
        ),
        Binding(
            "i",
            "edit_path",
            "Type path",
            id="import.path",
            tooltip="Type the path of the file to import (tab completes, enter "
            "previews, esc leaves the field)",
        ),
        Binding(
            "slash",
            "start_path('/')",
            "Type a path from /",
            show=False,
            id="import.path_root",
            tooltip="Start typing an absolute path",
        ),
        Binding(
            "tilde",
            "start_path('~')",
            "Type a path from ~",
            show=False,
            id="import.path_home",
            tooltip="Start typing a path in your home folder",
        ),
        Binding(
            "enter",
            "preview",
            "Preview",
            show=False,
            id="import.preview",
            tooltip="Preview the file whose path is typed",
        ),
        Binding(
            "ctrl+r",
            "run_import",
            "Import",
            id="import.run",
            tooltip="Import the previewed file (one transaction)",
        ),
        Binding(
            "ctrl+o",
            "candidates",
            "Candidates",
            id="import.candidates",
            tooltip="Feedback this import found in messages and notes: confirm or dismiss",
        ),
        Binding(
            "ctrl+t",
            "tree",
            "Browse",
            id="import.tree",
            tooltip="Choose the file in a directory tree (enter opens a folder or file)",
        ),
        Binding(
            "m",
            "map",
            "Map column",
            id="import.map",
            tooltip="Choose the field the selected column feeds (generic sheets)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.previewed: str | None = None
        self.prepared: Prepared | None = None
        self.mapping: dict[str, int] | None = None  # the user's mapping, when edited
        self.importing = False
        self.waiting = 0  # feedback candidates from imports, counted on each load

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield PathInput(
            placeholder="i types the path to a CSV or LinkedIn export .zip (ctrl+t browses)",
            id="path",
            suggester=PathSuggester(),
            compact=True,
            select_on_focus=False,
        )  # `/` and `~` start the path they type
        with Vertical(id="import-body"):
            yield Static(HOW_TO, id="import-profile")
            yield RecordTable(
                [
                    Column("column", "Column in the file", 14, flex=True, max_width=32),
                    Column("field", "Feeds", 12, flex=True, max_width=26),
                    Column("first", "First value", 10, flex=True, priority=1),
                ],
                id="import-mapping",
                classes="hidden",
            )
            yield DataTable(id="import-preview", zebra_stripes=True, classes="hidden")
            yield Static("", id="import-plan")
            yield ProgressBar(id="import-progress", show_eta=False, classes="hidden")
            yield Static("", id="import-summary")
        yield KeyBar()

    def reload(self) -> None:
        self.waiting = count_candidates(self.store)
        self.refresh_bindings()

    def on_screen_resume(self) -> None:
        """Back on this screen (a number key, a dialog closed): out of the path field."""
        super().on_screen_resume()
        if isinstance(self.focused, PathInput):
            self.focus_body()

    # -- focus ---------------------------------------------------------------------------

    def focus_body(self) -> None:
        """Focus what the screen shows below the path: the directory tree, the column
        mapping or the rows, else nothing (the screen's keys then, i enters the field)."""
        for selector in ("#import-tree", "#import-mapping", "#import-preview"):
            for widget in self.query(selector):
                if not widget.has_class("hidden"):
                    widget.focus()
                    return
        self.set_focus(None)

    def action_edit_path(self) -> None:
        """Enter the path field, the typed path kept (the cursor at its end)."""
        path = self.query_one("#path", Input)
        path.focus()
        path.action_end()

    def action_start_path(self, start: str) -> None:
        """Enter the path field to type a new path from ``start`` (``/`` or ``~``)."""
        path = self.query_one("#path", Input)
        path.value = start
        path.focus()
        path.action_end()

    def action_leave(self) -> None:
        """esc: out of the tree (hidden) or the path field, to what the screen shows."""
        if self.query(ImportTree) and not self.query_one(ImportTree).has_class("hidden"):
            self._hide_tree()
        else:
            self.focus_body()

    def action_preview(self) -> None:
        """enter outside the field: preview the typed path."""
        self._submit_path(self.query_one("#path", Input).value)

    # -- choosing the file ---------------------------------------------------------------

    def action_tree(self) -> None:
        """Show a directory tree at the typed folder (built on first use), or hide it."""
        trees = self.query(ImportTree)
        if trees and not trees.first().has_class("hidden"):
            self._hide_tree()
            return
        typed = Path(self.query_one("#path", Input).value.strip() or "~").expanduser()
        folder = typed if typed.is_dir() else typed.parent
        if not folder.is_dir():
            folder = Path.home()
        if trees:
            tree = trees.first()
            if Path(tree.path) != folder:
                tree.path = folder
            tree.remove_class("hidden")
        else:
            tree = ImportTree(folder, id="import-tree")
            self.mount(tree, after=self.query_one("#path", Input))
        tree.focus()

    def _hide_tree(self) -> None:
        for tree in self.query(ImportTree):
            tree.add_class("hidden")
        self.focus_body()

    @on(DirectoryTree.FileSelected, "#import-tree")
    def _file_chosen(self, event: DirectoryTree.FileSelected) -> None:
        self._hide_tree()
        self.query_one("#path", Input).value = str(event.path)
        self.load(str(event.path))
        self.focus_body()

    @on(Input.Submitted, "#path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        self._submit_path(event.value)

    def _submit_path(self, value: str) -> None:
        """Preview ``value``; once it reads, the focus leaves the field (a path rung
        cannot read keeps it there, to be corrected)."""
        self.load(value.strip())
        if self.prepared is not None:
            self.focus_body()

    # -- preview -----------------------------------------------------------------------

    def load(self, path: str, mapping: dict[str, int] | None = None) -> None:
        """Preview ``path`` (with the user's ``mapping``, if any) and plan its import."""
        self.previewed, self.prepared, self.mapping = None, None, mapping
        profile = self.query_one("#import-profile", Static)
        for name in ("#import-plan", "#import-summary"):
            self.query_one(name, Static).update("")
        if not path:
            profile.update(HOW_TO)
            return
        try:
            prepared, report = preview(Path(path).expanduser(), mapping=mapping)
        except Exception as exc:  # noqa: BLE001 - any file gets a message, never a traceback
            profile.update(f"[red]{escape(_problem(exc))}[/]")
            self._show_table(None)
            return
        self.prepared = prepared
        editable = self._editable()
        how = "enter or m on a column picks its field" if editable else "mapped by the profile"
        if report.file != str(Path(path).expanduser()):  # a zip: its plan is the preview
            profile.update(
                "[b]a LinkedIn export (zip)[/]: every file in it that rung reads "
                "is planned below, each mapped by its format"
            )
            self._show_table(None)
        else:
            profile.update(
                f"[b]{escape(report.profile or '?')}[/] · "
                f"{prepared.table.delimiter!r} delimited · {how}"
            )
            self._show_table(prepared)
        if (
            prepared.profile.kind == "applications"
            and "company" not in prepared.mapping
            and "company_title" not in prepared.mapping
        ):
            self.query_one("#import-plan", Static).update(
                "[red]No column feeds the company.[/] Pick the column that names the "
                "company: select it in the table above and press enter."
            )
            self.query_one("#import-mapping", RecordTable).focus()
            return
        self.previewed = path
        self.query_one("#import-plan", Static).update("planning… (a dry run of the whole file)")
        self.refresh_bindings()
        self._plan(path, mapping)

    def _editable(self) -> bool:
        return self.prepared is not None and self.prepared.profile.fuzzy

    def _show_table(self, prepared: Prepared | None) -> None:
        table = self.query_one("#import-mapping", RecordTable)
        rows_view = self.query_one("#import-preview", DataTable)
        rows_view.clear(columns=True)
        if prepared is None:
            table.add_class("hidden")
            rows_view.add_class("hidden")
            table.set_rows([])
            return
        header = prepared.table.header
        by_column = {index: name for name, index in prepared.mapping.items()}
        labels = dict(field_choices())
        try:
            records = [cells for _, cells in zip(range(20), prepared.table.records(), strict=False)]
        except Refused:  # a cell past the csv limit: the preview already said so
            records = []
        first = records[0][1] if records else []
        rows = []
        for index, name in enumerate(header):
            field = by_column.get(index)
            shown = labels.get(field, field.replace("_", " ")) if field else "—"
            value = first[index] if index < len(first) else ""
            rows.append(Row(index, (name or "(blank)", shown, value), None if field else "muted"))
        table.set_rows(rows, keep_key=table.selected_key)
        table.styles.height = min(len(rows) + 1, 9)
        table.remove_class("hidden")
        # the file's own text: never markup, its control characters shown
        rows_view.add_columns(*(Text(visible(h) or "(blank)") for h in header))
        for _, cells in records:
            rows_view.add_row(
                *[Text(visible(c[:40]), end="") for c in cells[: len(header)]]
                + [""] * max(0, len(header) - len(cells))
            )
        rows_view.remove_class("hidden")

    @work(thread=True, exclusive=True, group="import-plan")
    def _plan(self, path: str, mapping: dict[str, int] | None) -> None:
        # its own connection: the dry run rolls back (and the write lock with it) before
        # the plan is shown, so the CLI can write while the user reads it
        store = Store(self.store.path, kind="an import preview in the rung app")
        try:
            plans = import_files(
                store, [Path(path).expanduser()], dry_run=True, skip_bad_rows=True, mapping=mapping
            )
        except Exception as exc:  # noqa: BLE001 - shown on the screen, nothing written
            plans = [ImportReport(path, refused=True, message=_problem(exc))]
        finally:
            store.close()
        self.app.call_from_thread(self._planned, path, plans)

    def _planned(self, path: str, plans: list[ImportReport]) -> None:
        if path != self.previewed:
            return  # the user moved on to another file
        out = self.query_one("#import-plan", Static)
        refused = [p for p in plans if p.refused]
        if refused or not plans:
            out.update(
                "\n".join(f"[red]{escape(p.message or '')}[/]" for p in refused)
                or "[red]nothing in it that rung imports[/]"
            )
            self.previewed = None
            self.refresh_bindings()
            return
        files = [p for p in plans if p.profile is not None]
        lines = [
            "dry run · [b]ctrl+r[/] imports "
            + (f"these {len(files)} files in one transaction" if len(files) > 1 else "it")
            + ":"
        ]
        for plan in files:  # one per CSV; a LinkedIn zip holds several
            lines.append(f"would import {escape(summary_line(plan))}")
            lines += warning_lines(plan)
            lines += duplicate_lines(plan)
        for plan in plans:  # the zip itself: what it holds that rung does not read
            if plan.profile is None and plan.skipped_members:
                lines.append(f"[dim]{escape(members_line(plan))}[/]")
        out.update("\n".join(lines))

    # -- the mapping ---------------------------------------------------------------------

    @on(RecordTable.Selected, "#import-mapping")
    def _column_chosen(self) -> None:
        self.action_map()

    def action_map(self) -> None:
        if self.prepared is None:
            return
        if not self._editable():
            self.notify(
                f"{self.prepared.profile.name} files are mapped by their format; a "
                "hand-kept sheet (generic) can be mapped here.",
                severity="warning",
            )
            return
        column = self.query_one("#import-mapping", RecordTable).selected_key
        if column is None:
            return
        name = self.prepared.table.header[column] or "(blank)"
        current = next((f for f, i in self.prepared.mapping.items() if i == column), IGNORE)
        self.app.push_screen(
            ChoiceScreen(f"What does the column “{name}” hold?", field_choices(), current),
            lambda field: self._remap(column, field),
        )

    def _remap(self, column: int, field: str | None) -> None:
        if field is None or self.prepared is None:
            return
        mapping = {f: i for f, i in self.prepared.mapping.items() if i != column and f != field}
        if field != IGNORE:
            mapping[field] = column
        path = self.query_one("#path", Input).value.strip()
        self.load(path, mapping)
        table = self.query_one("#import-mapping", RecordTable)
        table.move_to_key(column)
        table.focus()

    # -- import --------------------------------------------------------------------------

    def action_run_import(self) -> None:
        if self.importing:
            self.notify("An import is running.", severity="warning")
            return
        if self.previewed is None:
            self.notify("Preview a file first (type its path, enter).", severity="warning")
            return
        bar = self.query_one("#import-progress", ProgressBar)
        bar.remove_class("hidden")
        bar.update(total=200, progress=0)
        self.importing = True
        self.query_one("#import-plan", Static).update("")  # the plan gives way to the result
        self.query_one("#import-summary", Static).update("importing…")
        self._import(self.previewed, self.mapping)

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: str, mapping: dict[str, int] | None) -> None:
        store = Store(self.store.path, kind="an import in the rung app")

        def progress(stage: str, done: int, total: int) -> None:
            if stage == "finishing":
                self.app.call_from_thread(self._finishing)
                return
            share = done / total if total else 1.0
            self.app.call_from_thread(
                self._progress, (100 if stage == "writing" else 0) + 100 * share
            )

        try:
            reports = import_files(
                store,
                [Path(path).expanduser()],
                mapping=mapping,
                skip_bad_rows=True,
                progress=progress,
            )
        except Exception as exc:  # noqa: BLE001 - the transaction rolled back
            reports = [ImportReport(path, refused=True, message=_problem(exc))]
        finally:
            store.close()
        self.app.call_from_thread(self._done, reports)

    def _finishing(self) -> None:
        self.query_one("#import-progress", ProgressBar).update(progress=199)
        self.query_one("#import-summary", Static).update(
            "importing… building the indexes and the search index, then saving"
        )

    def _progress(self, value: float) -> None:
        self.query_one("#import-progress", ProgressBar).update(progress=value)

    def _done(self, reports: list[ImportReport]) -> None:
        self.importing = False
        self.refresh_if_stale()  # this screen counts the candidates waiting now
        self.query_one("#import-progress", ProgressBar).update(total=200, progress=200)
        lines = []
        for r in reports:
            if r.refused:
                lines.append(f"[red]{escape(r.message or '')}[/]")
            elif r.profile is not None:
                lines.append("[b]imported[/] " + escape(summary_line(r)))
                lines += warning_lines(r)
                lines += duplicate_lines(r)
            elif r.skipped_members:
                lines.append(f"[dim]{escape(members_line(r))}[/]")
        if not any(r.refused for r in reports):
            lines.append("[dim]done; importing the same file again creates nothing[/]")
        if self.waiting:
            lines.append(f"{self.waiting} feedback candidate(s) wait for a yes or no: [b]ctrl+o[/]")
        self.query_one("#import-summary", Static).update("\n".join(lines))
        if any(not r.refused for r in reports):
            done = [r for r in reports if not r.refused and r.profile is not None]
            new = sum(
                n
                for r in done
                for t, n in r.created.items()
                if t in ("applications", "contacts", "interactions", "feedback")
            )
            self.notify(
                f"Imported {len(done)} file(s): {new} new records, "
                f"{sum(r.merged for r in done)} merged, "
                f"{sum(r.skipped for r in done)} skipped"
            )

    def action_candidates(self) -> None:
        self.app.action_candidates()

    def check_action(self, action: str, parameters: tuple[Any, ...]) -> bool | None:
        if action == "leave":
            return (
                isinstance(self.focused, (PathInput, ImportTree))
                or any(not t.has_class("hidden") for t in self.query(ImportTree))
            ) or None
        if action == "preview":
            return bool(self.query_one("#path", Input).value.strip()) or None
        if action == "map":
            return self._editable() or None
        if action == "run_import":
            return self.previewed is not None or None
        if action == "candidates":
            return bool(self.waiting) or None
        return True
