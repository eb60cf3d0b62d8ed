"""Import (5): pick a file, see its profile, mapping and first rows, import in a worker."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.suggester import Suggester
from textual.widgets import DataTable, Footer, Input, ProgressBar, Static

from rung.core.errors import RungError
from rung.core.importing import ImportReport, import_files, preview
from rung.core.importing.reader import Refused
from rung.tui.screens.base import RungScreen, TopBar


class PathSuggester(Suggester):
    """Completes a file path from what exists on disk."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        path = Path(value).expanduser()
        folder, stem = (path, "") if value.endswith("/") else (path.parent, path.name)
        try:
            names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                           if p.name.startswith(stem) and not p.name.startswith("."))
        except OSError:
            return None
        if not names:
            return None
        base = value if value.endswith("/") else value[: len(value) - len(stem)]
        return base + names[0]


class PathInput(Input):
    """An input whose tab key takes the path suggestion instead of moving focus."""

    BINDINGS = [Binding("tab", "complete", "Complete the path", show=False,
                        id="import.complete")]

    def action_complete(self) -> None:
        self.action_end()
        self.action_cursor_right()


HOW_TO = ("Type the path of a CSV or of a LinkedIn export .zip ([b]tab[/] completes), "
          "[b]enter[/] previews what would be created, merged or skipped, [b]ctrl+r[/] "
          "imports it in one transaction. Formats: LinkedIn (job applications, saved jobs, "
          "connections, messages), Huntr, Teal, any spreadsheet with a company column.\n"
          "From the shell: [b]rung import FILE… --dry-run[/]")


def summary_line(report: ImportReport) -> str:
    """One line a person reads: what was created, merged, skipped."""
    created = sum(report.created.values())
    parts = ", ".join(f"{n} {t}" for t, n in sorted(report.created.items()))
    return (f"{report.file}: {report.rows_read} rows; "
            + (f"{parts}" if created else "0 new")
            + f"; merged {report.merged}; skipped {report.skipped}"
            + (f"; {report.feedback_candidates} feedback candidate(s)"
               if report.feedback_candidates else ""))


class ImportScreen(RungScreen):
    """Preview a CSV or LinkedIn zip, then import it in one transaction."""

    TITLE = "Import"
    BINDINGS = [
        Binding("ctrl+r", "run_import", "Import", id="import.run",
                tooltip="Import the previewed file"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.previewed: str | None = None

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield PathInput(placeholder="path to a CSV or LinkedIn export .zip",
                        id="path", suggester=PathSuggester())
        with VerticalScroll(id="import-body"):
            yield Static("", id="import-profile")
            yield Static("", id="import-mapping")
            yield DataTable(id="import-preview", zebra_stripes=True)
            yield Static("", id="import-plan")
            yield ProgressBar(id="import-progress", show_eta=False, classes="hidden")
            yield Static(HOW_TO, id="import-summary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    def show_preview(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        self.previewed = None
        table = self.query_one("#import-preview", DataTable)
        table.clear(columns=True)
        if not path:
            return
        try:
            prepared, report = preview(Path(path).expanduser())
            [plan] = import_files(self.store, [Path(path).expanduser()], dry_run=True,
                                  skip_bad_rows=True)
        except (Refused, RungError, OSError) as exc:
            self.query_one("#import-profile", Static).update(f"[red]{escape(str(exc))}[/]")
            for name in ("#import-mapping", "#import-plan"):
                self.query_one(name, Static).update("")
            self.query_one("#import-summary", Static).update(HOW_TO)
            return
        header = prepared.table.header
        self.query_one("#import-profile", Static).update(
            f"profile: [b]{escape(report.profile or '?')}[/]  ({prepared.table.delimiter!r} delimited)")
        mapping = ", ".join(f"{escape(header[i])} → {field}" for field, i in prepared.mapping.items())
        self.query_one("#import-mapping", Static).update(f"mapping: {mapping}")
        table.add_columns(*(h or "(blank)" for h in header))
        for _line, cells in list(prepared.table.records())[:20]:
            table.add_row(*[c[:40] for c in cells[: len(header)]]
                          + [""] * max(0, len(header) - len(cells)))
        errors = "".join(f"\n  [red]line {e.line}, {escape(e.column)}: {escape(e.message)}[/]"
                         for e in plan.errors[:10])
        self.query_one("#import-plan", Static).update(
            f"would create/merge: {escape(summary_line(plan))}{errors}")
        self.query_one("#import-summary", Static).update("press ctrl+r to import")
        self.previewed = path

    def action_run_import(self) -> None:
        if self.previewed is None:
            self.notify("Preview a file first (type its path, enter).", severity="warning")
            return
        bar = self.query_one("#import-progress", ProgressBar)
        bar.remove_class("hidden")
        bar.update(total=None)
        self.query_one("#import-summary", Static).update("importing…")
        self._import(self.previewed)

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: str) -> None:
        reports = import_files(self.store, [Path(path).expanduser()])
        self.app.call_from_thread(self._done, reports)

    def _done(self, reports: list[ImportReport]) -> None:
        self.query_one("#import-progress", ProgressBar).update(total=1, progress=1)
        lines = [f"[red]{escape(r.message or '')}[/]" if r.refused else escape(summary_line(r))
                 for r in reports]
        self.query_one("#import-summary", Static).update("\n".join(lines))
        self.rung.touch()
