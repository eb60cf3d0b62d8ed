"""Feedback & gaps (key 3): the recurring reasons, heaviest first, and what you teach rung."""

from __future__ import annotations

import sqlite3
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from rung.core.asks import AskStats, ask_stats
from rung.core.clustering import corrections, gaps_summary, recluster
from rung.core.clustering.candidates import count_candidates
from rung.core.clustering.report import (
    GapsSummary,
    feedback_count,
    latest_feedback,
    share_text,
    totals,
)
from rung.core.clustering.taxonomy import GENERIC_SLUG, taxonomy_by_slug
from rung.core.errors import RungError
from rung.core.gaps_queries import open_action_counts
from rung.core.levels import LEVELS
from rung.core.store import Store
from rung.core.visible import visible
from rung.core.wording import plural
from rung.tui.formatting import escape, level_label, short_date
from rung.tui.screens.base import RecordListScreen, TopBar
from rung.tui.screens.dialogs import ChoiceScreen, Field, FormScreen
from rung.tui.screens.gap_actions import add_plan_action, gap_choices
from rung.tui.screens.gap_detail import NO_REASON, GapDetailScreen, plan_lines, trend_line
from rung.tui.widgets.record_table import Column, RecordTable, Row
from rung.tui.widgets.spark import sparkline

LEVEL_FILTERS = [None, *[lv for lv in LEVELS if lv != "ic"]]
PANEL_QUOTES = 5  # feedback quoted in the wide-screen panel

EMPTY = """[b]No feedback yet.[/b] Every rejection or debrief sentence you log here is filed
under a recurring gap, so you learn which experience keeps costing you offers.

  [b]f[/b] on an application     log what they said (Pipeline or its detail)
  [b]rung feedback add "…"[/b]   from the shell; [b]rung feedback import FILE[/b] for a CSV
  [b]rung import[/b]             LinkedIn messages and tracker notes offer feedback too"""


def ask_line(asks: AskStats) -> str:
    """The header's line on asking back: "Asks: asked 6, 2 answered · 4 open (Review: a)"."""
    waiting = f"{asks.open} open" + (f", {asks.to_send} not sent" if asks.to_send else "")
    return f"Asks: asked {asks.asked}, {asks.answered} answered · {waiting} (Review: [b]a[/])"


def headline(report: GapsSummary, level: str | None = None) -> str:
    """The story at a glance: the gap that keeps coming back, and the unanswered question."""
    counts = totals(report)
    mine = [g for g in report.gaps if g.kind == "gap"]
    top = next((g for g in mine if g.slug != GENERIC_SLUG), None)
    no_reason = counts.no_reason
    if top is None:
        if no_reason:
            return (
                f"{plural(no_reason, 'rejection')} gave no reason: ask what was missing "
                "(enter on the row, then c)"
            )
        return ""
    where = f" at {level_label(level)} level" if level else ""
    recent = sum(list(top.trend)[-3:]) if top.trend else 0
    lines = [
        f"Top gap{where}: [b]{escape(top.label)}[/] — "
        f"{share_text(top.count, counts.reasons)}, {recent} in 3 months"
    ]
    generic = next((g for g in mine if g.slug == GENERIC_SLUG), None)
    asks = []
    if generic is not None:
        asks.append(f"{generic.count} said only “more experience”: ask which")
    if no_reason:
        asks.append(f"{plural(no_reason, 'rejection')} gave no reason: ask")
    if asks:
        lines.append("; ".join(asks) + " (enter on the row, then c)")
    return "\n".join(lines)


class GapsScreen(RecordListScreen):
    """Gaps ranked by weight (recent and late-round feedback counts more)."""

    TITLE = "Feedback & gaps"
    COLUMNS = [
        Column("label", "Gap", 20, flex=True, max_width=44),
        Column("kind", "Whose", 5),
        Column("count", "N", 3, align_right=True),
        Column("weight", "Weight", 6, align_right=True, priority=2),
        Column("trend", "12 months", 12, priority=1),
        Column("plan", "Plan", 6, priority=3),
    ]
    BINDINGS = [
        *RecordListScreen.BINDINGS,
        Binding(
            "v",
            "level",
            "Level",
            id="gaps.level",
            tooltip="Cycle the level filter: all, lead, manager … C-level",
        ),
        Binding("r", "rename", "Rename", id="gaps.rename", tooltip="Give the gap your own name"),
        Binding(
            "m",
            "merge",
            "Merge",
            id="gaps.merge",
            tooltip="Merge the selected gap into another one",
        ),
        Binding(
            "x",
            "external",
            "Them/you",
            id="gaps.external",
            tooltip="Mark the gap as the company's reason (them) or yours to close (you)",
        ),
        Binding("p", "plan", "Plan", id="gaps.plan", tooltip="Add an action to the gap's plan"),
        Binding(
            "R",
            "recluster",
            "Recluster",
            show=False,
            id="gaps.recluster",
            tooltip="File all feedback again (your own moves are kept)",
        ),
        Binding(
            "c",
            "candidates",
            "Candidates",
            id="gaps.candidates",
            tooltip="Feedback imports found in messages and notes: confirm or dismiss",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.waiting = 0  # feedback candidates from imports
        self._level_shown: str | None = None  # the level the rows were read for
        self.slugs: dict[int, str] = {}
        self.report = GapsSummary([], 0, 0, [], [])

    @property
    def level(self) -> str | None:
        """The level filter: the app's ``level_filter``, shared with the Review's funnel
        and the Ladder's cursor (None = all levels)."""
        return self.app.level_filter

    @level.setter
    def level(self, value: str | None) -> None:
        self.app.level_filter = value

    def refresh_if_stale(self) -> None:
        if self.is_mounted and self._level_shown != self.level:
            self._seen_version = -1  # the level moved on another screen (Ladder, Review)
        super().refresh_if_stale()

    def compose(self) -> ComposeResult:
        yield from self._with_headline(super().compose())

    def _with_headline(self, widgets: Any) -> Any:
        for widget in widgets:
            yield widget
            if isinstance(widget, TopBar):
                yield Static("", id="gaps-headline")

    def load_rows(self) -> list[tuple[Row, str]]:
        # the figures only: listing 10 000 feedback texts is the detail screen's job
        self._level_shown = self.level
        self.report = gaps_summary(self.store, level=self.level)
        self.waiting = count_candidates(self.store)
        story = headline(self.report, self.level)
        asks = ask_stats(self.store)
        if asks.asks:  # asking back: how it goes
            story += ("\n" if story else "") + ask_line(asks)
        if self.waiting:
            story += (
                ("\n" if story else "") + f"{plural(self.waiting, 'feedback candidate')}"
                f" from imports {'waits' if self.waiting == 1 else 'wait'} for a yes or "
                "no: [b]c[/]"
            )
        self.query_one("#gaps-headline", Static).update(story)
        open_actions = open_action_counts(self.store)
        rows = []
        self.slugs = {}
        for i, gap in enumerate(self.report.gaps):
            self.slugs[i] = gap.slug
            plan = f"{open_actions[gap.slug]} open" if gap.slug in open_actions else ""
            tone = "muted" if gap.kind == "external" else None
            if gap.slug == GENERIC_SLUG:
                tone = "warn"
            cells = (
                gap.label,
                "them" if gap.kind == "external" else "you",
                str(gap.count),
                f"{gap.weight:.1f}",
                sparkline(gap.trend),
                plan,
            )
            rows.append((Row(i, cells, tone), f"{gap.label} {gap.slug}".casefold()))
        if self.report.unclustered:
            n = self.report.unclustered
            self.slugs[len(rows)] = ""
            rows.append(
                (Row(len(rows), ("Unclustered", "", str(n), "", "", ""), "muted"), "unclustered")
            )
        if self.report.no_reason:
            n = self.report.no_reason
            self.slugs[len(rows)] = NO_REASON
            rows.append(
                (
                    Row(len(rows), ("No reason given: ask", "—", str(n), "", "", ""), "warn"),
                    "no reason given form letter ask",
                )
            )
        return rows

    def status_text(self, shown: int, total: int) -> str:
        counts = totals(self.report)
        level = level_label(self.level) if self.level else "all levels"
        # the level first: a narrow top bar cuts from the right
        text = f"{level} · {plural(counts.pieces, 'piece')} · {counts.theirs} theirs"
        if self.filter_text:
            text += f" · filter “{self.filter_text}”"
        return text

    def side_panel(self, key: int) -> RenderableType | None:
        """From 140 columns: the gap under the cursor, its trend, what they said, its plan."""
        slug = self.slugs.get(key)
        if slug is None:
            return None
        counts = totals(self.report)
        gap = next((g for g in self.report.gaps if g.slug == slug), None)
        if slug == NO_REASON:
            title, size = (
                "No reason given",
                plural(counts.no_reason, "piece of feedback", "pieces of feedback"),
            )
            lines = [
                f"[b]{title}[/]",
                f"{size}: form letters, thanks, withdrawals",
                "[dim]Ask what was missing: enter, then c records the answer.[/]",
            ]
        elif gap is None:
            lines = [
                "[b]Unclustered[/]",
                share_text(counts.unclustered, counts.reasons),
                "[dim]No gap claims these yet: enter, then m moves one (rung learns).[/]",
            ]
        else:
            whose = "the company's reason" if gap.kind == "external" else "yours to close"
            lines = [
                f"[b]{escape(gap.label)}[/]",
                f"{whose} · weight {gap.weight:.1f}",
                share_text(gap.count, counts.reasons),
                trend_line(gap, self.report),
            ]
            definition = taxonomy_by_slug().get(slug)
            if definition:
                lines.append(f"[dim]{escape(definition.description)}[/]")
        quotes = latest_feedback(
            self.store,
            None if slug in ("", NO_REASON) else slug,
            no_reason=slug == NO_REASON,
            level=self.level,
            limit=PANEL_QUOTES,
        )
        shown = (
            gap.count if gap else (counts.no_reason if slug == NO_REASON else counts.unclustered)
        )
        more = (
            f" [dim](latest {len(quotes)} of {shown}: enter opens all)[/]"
            if shown > len(quotes)
            else ""
        )
        lines += ["", f"[b]What they said[/]{more}"]
        parts: list[RenderableType] = [Text.from_markup("\n".join(lines))]
        for q in quotes:
            where = " — ".join(x for x in (q.company, q.role) if x) or "no application"
            parts.append(Text.from_markup(f"[dim]{short_date(q.received_on)} {escape(where)}[/]"))
            parts.append(Padding(Text(f"“{visible(' '.join(q.text.split()))}”"), (0, 0, 0, 2)))
        if not quotes:
            parts.append(Text("none at this level", style="dim"))
        if gap is not None:
            parts.append(
                Text.from_markup(
                    "\n".join(["", "[b]Plan[/]", *plan_lines(self.store, slug, limit=5)])
                )
            )
        return Group(*parts)

    def empty_text(self) -> str:
        if self.level is None:
            return EMPTY
        others = feedback_count(self.store)
        if not others:
            return EMPTY
        index = LEVEL_FILTERS.index(self.level) if self.level in LEVEL_FILTERS else 0
        if index == len(LEVEL_FILTERS) - 1:
            key = "[b]v[/b]  back to all levels"
        else:
            key = (
                f"[b]v[/b]  next level ({level_label(LEVEL_FILTERS[index + 1])}); after "
                f"{level_label(LEVEL_FILTERS[-1])}, all levels again"
            )
        return (
            f"[b]No feedback on {level_label(self.level)} applications.[/b] "
            f"{plural(others, 'piece of feedback', 'pieces of feedback')} at other "
            f"levels.\n\n  {key}"
        )

    def selected_slug(self) -> str | None:
        """The slug of the selected gap (None on the unclustered and no-reason rows)."""
        key = self.table.selected_key
        slug = self.slugs.get(key) if key is not None else None
        return slug if slug and slug != NO_REASON else None

    def _done(self, message: str) -> None:
        self.notify(message)

    @on(RecordTable.Selected, "#records")
    def _open(self, event: RecordTable.Selected) -> None:
        slug = self.slugs.get(event.key)
        if slug and slug != NO_REASON:
            self.app.remember("gap", slug)
        self.app.push_screen(GapDetailScreen(slug or None, self.level))

    def action_level(self) -> None:
        index = LEVEL_FILTERS.index(self.level) if self.level in LEVEL_FILTERS else 0
        self.level = LEVEL_FILTERS[(index + 1) % len(LEVEL_FILTERS)]
        self.reload()

    def action_rename(self) -> None:
        slug = self.selected_slug()
        if slug is None:
            return
        label = next(g.label for g in self.report.gaps if g.slug == slug)

        def submit(values: dict[str, str]) -> str:
            corrections.rename_gap(self.store, slug, values["label"])
            return values["label"]

        self.app.push_screen(
            FormScreen("Rename the gap", [Field("label", "Name", label, "", True)], submit),
            lambda name: name and self._done(f"Renamed to {name}"),
        )

    def action_merge(self) -> None:
        slug = self.selected_slug()
        if slug is None:
            return

        def merge(target: str | None) -> None:
            if target:
                moved = corrections.merge_gaps(self.store, slug, target)
                self._done(
                    "Merged; its feedback stays where you put it"
                    + (f"; {plural(moved, 'other piece')} filed again" if moved else "")
                )

        self.app.push_screen(ChoiceScreen("Merge into", gap_choices(self.store, slug)), merge)

    def action_external(self) -> None:
        slug = self.selected_slug()
        if slug is None:
            return
        gap = next(g for g in self.report.gaps if g.slug == slug)
        corrections.mark_external(self.store, slug, gap.kind != "external")
        self._done(
            f"{gap.label}: "
            + ("yours to close" if gap.kind == "external" else "the company's reason")
        )

    def action_plan(self) -> None:
        if (slug := self.selected_slug()) is not None:
            add_plan_action(self, slug)

    def action_recluster(self) -> None:
        """R: file all feedback again in a worker (seconds on a big history); the headline
        says so meanwhile, the table and a toast show the result."""
        self.store.notice_outside_changes()  # from here on, the worker's commit is noticed
        self.query_one("#gaps-headline", Static).update("[dim]Filing all feedback again…[/]")
        self._recluster()

    @work(thread=True, exclusive=True, group="recluster", exit_on_error=False)
    def _recluster(self) -> None:
        # its own connection: the UI's reads go on (WAL) while this one holds the write lock
        store = Store(self.store.path, kind="a recluster in the rung app")
        try:
            recluster(store)
        except (RungError, sqlite3.Error) as exc:
            self.app.call_from_thread(self._recluster_failed, exc)
            return
        finally:
            store.close()
        self.app.call_from_thread(self._reclustered)

    def _recluster_failed(self, exc: RungError | sqlite3.Error) -> None:
        """Nothing was filed again (rolled back): the screen as it was, and why."""
        if isinstance(exc, sqlite3.Error):
            self.show_database_error(self.app.database_problem(exc))
            return
        self._seen_version = -1  # the headline said "filing…": read it again
        self.refresh_if_stale()
        self.notify(f"Could not file the feedback again: {exc}", severity="error")

    def _reclustered(self) -> None:
        self.store.notice_outside_changes()  # the worker's commit: every screen reads again
        self._seen_version = -1  # this one now: the toast says what its table now sums
        self.refresh_if_stale()
        counts = totals(self.report)
        where = f" at {level_label(self.level)} level" if self.level else ""
        self.notify(
            f"Filed again{where}: {counts.in_gaps} in gaps, {counts.unclustered} "
            f"unclustered, {counts.no_reason} with no reason "
            f"({plural(counts.pieces, 'piece', 'pieces')} in all)"
        )

    def action_candidates(self) -> None:
        self.app.action_candidates()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rename", "merge", "external", "plan"):
            return self.selected_slug() is not None or None
        if action == "candidates":
            return bool(self.waiting) or None
        return super().check_action(action, parameters)
