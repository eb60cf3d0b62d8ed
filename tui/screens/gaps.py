"""Feedback & gaps (key 3): the recurring reasons, heaviest first, and what you teach rung."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from rung.core.asks import AskStats, ask_stats
from rung.core.clustering import corrections, gaps_report, gaps_summary, plans, recluster
from rung.core.clustering.candidates import count_candidates
from rung.core.clustering.guesses import gap_label, guess_gaps
from rung.core.clustering.report import (
    feedback_count,
    latest_feedback,
    share_text,
    share_trend,
    totals,
)
from rung.core.clustering.taxonomy import GENERIC_SLUG, taxonomy_by_slug
from rung.core.levels import LEVELS
from rung.core.visible import visible
from rung.core.vouch import vouchers_for
from rung.core.wording import plural
from rung.tui.formatting import escape, level_label, short_date
from rung.tui.screens.base import RecordListScreen, RungScreen, TopBar
from rung.tui.screens.dialogs import ChoiceScreen, Field, FormScreen
from rung.tui.screens.vouch_actions import vouch_for_gap_dialog, who_can_vouch_line
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.record_table import Column, RecordTable, Row
from rung.tui.widgets.spark import sparkline

LEVEL_FILTERS = [None, *[lv for lv in LEVELS if lv != "ic"]]
NO_REASON = "-no-reason"  # the row of the feedback that gave no reason (form letters)
PANEL_QUOTES = 5  # feedback quoted in the wide-screen panel
NEW_GAP = "-new-gap"  # the picker's last choice: a new gap named after the answer

EMPTY = """[b]No feedback yet.[/b] Every rejection or debrief sentence you log here is filed
under a recurring gap, so you learn which experience keeps costing you offers.

  [b]f[/b] on an application     log what they said (Pipeline or its detail)
  [b]rung feedback add "…"[/b]   from the shell; [b]rung feedback import FILE[/b] for a CSV
  [b]rung import[/b]             LinkedIn messages and tracker notes offer feedback too"""


def _gap_choices(store: Any, exclude: str | None = None) -> list[tuple[str, str]]:
    rows = store.query(
        "SELECT slug, label, kind FROM gaps WHERE merged_into IS NULL ORDER BY kind DESC, label"
    )
    return [
        (r["slug"], f"{r['label']}  ({'them' if r['kind'] == 'external' else 'you'})")
        for r in rows
        if r["slug"] != exclude
    ]


def ask_line(asks: AskStats) -> str:
    """The header's line on asking back: "Asks: asked 6, 2 answered · 4 open (Review: a)"."""
    waiting = f"{asks.open} open" + (f", {asks.to_send} not sent" if asks.to_send else "")
    return f"Asks: asked {asks.asked}, {asks.answered} answered · {waiting} (Review: [b]a[/])"


def headline(report: dict[str, Any], level: str | None = None) -> str:
    """The story at a glance: the gap that keeps coming back, and the unanswered question."""
    counts = totals(report)
    mine = [g for g in report["gaps"] if g["kind"] == "gap"]
    top = next((g for g in mine if g["slug"] != GENERIC_SLUG), None)
    no_reason = counts.no_reason
    if top is None:
        if no_reason:
            return (
                f"{plural(no_reason, 'rejection')} gave no reason: ask what was missing "
                "(enter on the row, then c)"
            )
        return ""
    where = f" at {level_label(level)} level" if level else ""
    recent = sum(list(top["trend"])[-3:]) if top["trend"] else 0
    lines = [
        f"Top gap{where}: [b]{escape(top['label'])}[/] — "
        f"{share_text(top['count'], counts.reasons)}, {recent} in 3 months"
    ]
    generic = next((g for g in mine if g["slug"] == GENERIC_SLUG), None)
    asks = []
    if generic is not None:
        asks.append(f"{generic['count']} said only “more experience”: ask which")
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
        self.report: dict[str, Any] = {"gaps": [], "unclustered": 0}

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
        open_actions = {
            r["slug"]: r["n"]
            for r in self.store.query(
                "SELECT g.slug, count(*) AS n FROM gap_actions a JOIN gaps g ON g.id = a.gap_id "
                "WHERE a.done_at IS NULL GROUP BY g.slug"
            )
        }
        rows = []
        self.slugs = {}
        for i, gap in enumerate(self.report["gaps"]):
            self.slugs[i] = gap["slug"]
            plan = f"{open_actions[gap['slug']]} open" if gap["slug"] in open_actions else ""
            tone = "muted" if gap["kind"] == "external" else None
            if gap["slug"] == GENERIC_SLUG:
                tone = "warn"
            cells = (
                gap["label"],
                "them" if gap["kind"] == "external" else "you",
                str(gap["count"]),
                f"{gap['weight']:.1f}",
                sparkline(gap["trend"]),
                plan,
            )
            rows.append((Row(i, cells, tone), f"{gap['label']} {gap['slug']}".casefold()))
        if self.report["unclustered"]:
            n = self.report["unclustered"]
            self.slugs[len(rows)] = ""
            rows.append(
                (Row(len(rows), ("Unclustered", "", str(n), "", "", ""), "muted"), "unclustered")
            )
        if self.report.get("no_reason"):
            n = self.report["no_reason"]
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
        gap = next((g for g in self.report["gaps"] if g["slug"] == slug), None)
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
            whose = "the company's reason" if gap["kind"] == "external" else "yours to close"
            lines = [
                f"[b]{escape(gap['label'])}[/]",
                f"{whose} · weight {gap['weight']:.1f}",
                share_text(gap["count"], counts.reasons),
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
            gap["count"] if gap else (counts.no_reason if slug == NO_REASON else counts.unclustered)
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
        self.app.touch()
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
        label = next(g["label"] for g in self.report["gaps"] if g["slug"] == slug)

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

        self.app.push_screen(ChoiceScreen("Merge into", _gap_choices(self.store, slug)), merge)

    def action_external(self) -> None:
        slug = self.selected_slug()
        if slug is None:
            return
        gap = next(g for g in self.report["gaps"] if g["slug"] == slug)
        corrections.mark_external(self.store, slug, gap["kind"] != "external")
        self._done(
            f"{gap['label']}: "
            + ("yours to close" if gap["kind"] == "external" else "the company's reason")
        )

    def action_plan(self) -> None:
        if (slug := self.selected_slug()) is not None:
            add_plan_action(self, slug)

    def action_recluster(self) -> None:
        recluster(self.store)
        self.app.touch()  # reloads this screen: the toast says what its table now sums
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


def add_plan_action(screen: RungScreen, slug: str) -> None:
    """Pick a suggested action (or write one) with a due date."""
    suggestions = plans.suggested_actions(slug)
    choices = [(s, s) for s in suggestions] + [("", "✎ write my own action")]

    def form(action: str | None) -> None:
        if action is None:
            return

        def submit(values: dict[str, str]) -> int:
            return plans.add_action(
                screen.store, slug, values["action"], due_on=values["due_on"] or None
            )

        screen.app.push_screen(
            FormScreen(
                "Plan action",
                [
                    Field("action", "Action", action, "what you will do", True),
                    Field("due_on", "Due", "+30d", "in a month, +2w, 31.03.", kind="date"),
                ],
                submit,
            ),
            lambda ident: ident and (screen.app.touch(), screen.notify("Added to the plan")),
        )

    if suggestions:
        screen.app.push_screen(ChoiceScreen("Add to the plan", choices), form)
    else:
        form("")


def trend_line(gap: dict[str, Any], report: dict[str, Any]) -> str:
    """The gap's share month by month as a sparkline (12 months), this month's in words
    (the 12 months column of the Gaps table counts; this is the share of each month)."""
    month = date.fromisoformat(report["months"][-1] + "-01").strftime("%b")
    now = share_text(gap["trend"][-1], report["reasons_trend"][-1])
    return f"Share by month [yellow]{sparkline(share_trend(gap, report))}[/] {month}: {now}"


def plan_lines(store: Any, slug: str, limit: int = 3) -> list[str]:
    """The gap's plan: its first actions and whether the gap shrinks since it started."""
    progress = plans.plan_progress(store, slug)
    actions = plans.list_actions(store, slug)
    lines = []
    for a in actions[:limit]:
        mark = "✓" if a["done_at"] else "·"
        due = f" (due {a['due_on']})" if a["due_on"] and not a["done_at"] else ""
        lines.append(f" {mark} {escape(str(a['action']))}{due}")
    if len(actions) > limit:
        lines.append(f"   … {len(actions) - limit} more")
    if progress.started_on:
        if progress.shrinking is None:
            verdict = "too little feedback since to tell"
        else:
            verdict = "its share is shrinking" if progress.shrinking else "not shrinking yet"
        lines.append(f"Plan since {progress.started_on}: {verdict}")
    elif not actions:
        lines.append("[dim]No plan yet: p adds an action.[/]")
    return lines


class GapDetailScreen(RungScreen):
    """One gap: what it means, its plan, and every piece of feedback filed under it."""

    TITLE = "Gap"
    BINDINGS = [
        Binding("escape", "back", "Back", id="gap.back", tooltip="Back to the gaps"),
        Binding(
            "m",
            "move",
            "Move",
            id="gap.move",
            tooltip="Move the selected feedback to another gap (rung learns from it)",
        ),
        Binding(
            "c",
            "clarify",
            "Which exp?",
            id="gap.clarify",
            tooltip="Say which experience they meant; the feedback moves there",
        ),
        Binding(
            "x",
            "split",
            "Split",
            id="gap.split",
            tooltip="Move the selected feedback into a new gap of its own",
        ),
        Binding("p", "plan", "Plan", id="gap.plan", tooltip="Add an action to this gap's plan"),
        Binding(
            "w",
            "vouch",
            "Vouch",
            id="gap.vouch",
            tooltip="Tag a contact who can vouch for this gap (one already listed: untag)",
        ),
        Binding(
            "a",
            "evidence",
            "Evidence",
            id="gap.evidence",
            tooltip="Add evidence that this gap is closing (a dated entry, optionally "
            "a story: situation, action, result); enter on one edits it",
        ),
        Binding(
            "d",
            "delete_evidence",
            "Delete",
            id="gap.delete_evidence",
            tooltip="Delete the selected evidence entry (u undoes)",
        ),
    ]

    vouch_kind: str | None = None  # the gap's kind at the last load (w: not for theirs)

    def __init__(
        self, slug: str | None, level: str | None = None, *, focus_feedback: int | None = None
    ) -> None:
        super().__init__()
        self.slug = slug
        self.level = level
        self.items: dict[int, dict[str, Any]] = {}
        self.focus_feedback = focus_feedback  # put the cursor here at the first load
        self._had_feedback = False  # the last load listed feedback (none now: it moved out)
        self.label = ""  # the gap's name, as the last load read it

    @property
    def record_key(self) -> tuple[str, str] | None:
        """What this screen shows (the app opens a record once: see RungApp.open_*); the
        unclustered pile is no record."""
        return ("gap", self.slug) if self.slug is not None else None

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield Static("", id="gap-fields")
        yield RecordTable(
            [
                Column("date", "When", 10),
                Column("where", "Where", 18, priority=2),
                Column("level", "Level", 13, priority=3),
                Column("text", "Feedback", 24, flex=True),
            ],
            id="gap-feedback",
            openable=False,
        )
        yield Static("", id="gap-selected")
        from rung.tui.screens.evidence import EVIDENCE_COLUMNS

        yield Static("", id="gap-evidence-title")
        yield RecordTable(EVIDENCE_COLUMNS, id="gap-evidence", classes="hidden")
        yield KeyBar()

    @on(RecordTable.Highlighted, "#gap-feedback")
    def _show_selected(self, event: RecordTable.Highlighted) -> None:
        item = self.items.get(event.key) if event.key is not None else None
        panel = self.query_one("#gap-selected", Static)
        if item is None:
            panel.update("")
            return
        where = " — ".join(x for x in (item["company"], item["role"]) if x) or "no application"
        level = level_label(item["level"]) + (f", round {item['round']}" if item["round"] else "")
        by = " · placed by you" if item["assigned_by"] == "user" else ""
        panel.update(
            f"[dim]{escape(where)} · {escape(level)}{by}[/]\n"
            f"{escape(' '.join(item['text'].split()))}"
        )

    def on_mount(self) -> None:
        self.query_one("#gap-feedback", RecordTable).focus()

    def reload(self) -> None:
        report = gaps_report(self.store, level=self.level)
        if self.slug is None:
            gap = {
                "label": "Unclustered",
                "kind": "gap",
                "feedback": report["unclustered"],
                "count": len(report["unclustered"]),
            }
        elif self.slug == NO_REASON:
            gap = {
                "label": "No reason given",
                "kind": "gap",
                "feedback": report["no_reason"],
                "count": len(report["no_reason"]),
                "slug": NO_REASON,
            }
        else:
            gap = next((g for g in report["gaps"] if g["slug"] == self.slug), None)
            if gap is None and not self._had_feedback:  # none here (yet): evidence, plan
                from rung.tui.screens.evidence import quiet_gap

                gap = quiet_gap(self, self.slug, len(report["months"]))
            if gap is None:  # its last feedback moved out, or it was merged away
                self.close()
                return
        self.query_one(TopBar).set_status(gap["label"])
        definition = taxonomy_by_slug().get(self.slug or "")
        whose = (
            "the company's reason"
            if gap["kind"] == "external"
            else "no gap of yours: ask what was missing"
            if self.slug == NO_REASON
            else "yours to close"
        )
        counts = totals(report)
        if self.slug == NO_REASON:
            size = plural(gap["count"], "piece of feedback", "pieces of feedback")
        else:
            size = share_text(gap["count"], counts.reasons)
        lines = [f"[b]{escape(gap['label'])}[/] — {size}, {whose}"]
        if self.slug not in (None, NO_REASON):
            lines.append(trend_line(gap, report))
        if definition:
            lines.append(escape(definition.description))
            if definition.ask:
                lines.append(f"[b]Ask:[/] {escape(definition.ask)}  ([b]c[/] records the answer)")
        if self.slug == NO_REASON:
            lines.append(
                "Form letters, thanks and withdrawals: they count in no gap. Ask the "
                "recruiter what was missing; [b]c[/] records the answer and files it."
            )
        elif self.slug:
            lines.extend(plan_lines(self.store, self.slug))
            self.vouch_kind = gap.get("kind")
            if self.vouch_kind == "gap":
                lines.append(who_can_vouch_line(vouchers_for(self.store, self.slug)))
        self.query_one("#gap-fields", Static).update("\n".join(lines))
        self.items = {f["id"]: f for f in gap["feedback"]}
        rows = []
        for f in gap["feedback"]:
            where = " — ".join(x for x in (f["company"], f["role"]) if x)
            level = level_label(f["level"]) + (f" r{f['round']}" if f["round"] else "")
            rows.append(
                Row(
                    f["id"],
                    (short_date(f["received_on"]), where, level, " ".join(f["text"].split())),
                    "good" if f["assigned_by"] == "user" else None,
                )
            )
        self.query_one("#gap-feedback", RecordTable).set_rows(rows, keep_key=self.focus_feedback)
        self.focus_feedback = None
        self._had_feedback = bool(rows)
        self.label = gap["label"]
        self._show_evidence()

    def _show_evidence(self) -> None:
        """The gap's evidence under its feedback (a gap of yours; not the piles)."""
        from rung.core.evidence import list_evidence
        from rung.tui.screens.evidence import evidence_rows

        title = self.query_one("#gap-evidence-title", Static)
        table = self.query_one("#gap-evidence", RecordTable)
        entries = list_evidence(self.store, self.slug) if self._has_evidence() else []
        if not self._has_evidence():
            title.update("")
        elif entries:
            stories = sum(1 for e in entries if e.story)
            title.update(
                f"[b]Evidence[/] {len(entries)}"
                + (f" · {plural(stories, 'story', 'stories')}" if stories else "")
                + "  [dim](a adds · enter edits · d deletes)[/]"
            )
        else:
            title.update(
                "[b]Evidence[/] none yet — [b]a[/] adds what you did about it "
                "(acting manager of 3, ran the hiring loop…)"
            )
        table.set_rows(evidence_rows(entries))
        table.styles.height = min(len(entries), 5) + 1
        table.set_class(not entries, "hidden")
        self.refresh_bindings()

    def _has_evidence(self) -> bool:
        """True for a gap of the user's (evidence attaches to gaps, not to the piles)."""
        return self.slug not in (None, NO_REASON)

    def _selected_evidence(self) -> int | None:
        table = self.query_one("#gap-evidence", RecordTable)
        return table.selected_key if table.has_focus else None

    def action_evidence(self) -> None:
        if self.slug is None or not self._has_evidence():
            return
        from rung.tui.screens.evidence import evidence_form

        evidence_form(self, self.slug, self.label or self.slug)

    @on(RecordTable.Selected, "#gap-evidence")
    def _edit_evidence(self, event: RecordTable.Selected) -> None:
        from rung.tui.screens.evidence import edit_evidence_entry

        edit_evidence_entry(self, event.key)

    def action_delete_evidence(self) -> None:
        ident = self._selected_evidence()
        if ident is not None:
            from rung.tui.screens.evidence import delete_evidence_entry

            delete_evidence_entry(self, ident)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()  # d applies on the evidence list only

    def _selected(self) -> int | None:
        return self.query_one("#gap-feedback", RecordTable).selected_key

    def action_back(self) -> None:
        self.dismiss()

    def action_move(self) -> None:
        ident = self._selected()
        if ident is None:
            return

        def move(target: str | None) -> None:
            if target:
                moved = corrections.reassign(self.store, ident, target)
                self.app.touch()
                self.notify(
                    "Moved; similar feedback will land there too"
                    + (f" ({plural(moved, 'other piece')} moved with it)" if moved else "")
                )

        self.app.push_screen(
            ChoiceScreen("Move this feedback to", _gap_choices(self.store, self.slug)), move
        )

    def action_clarify(self) -> None:
        ident = self._selected()
        if ident is None:
            return

        def submit(values: dict[str, str]) -> tuple[str, str | None]:
            answer = " ".join(values["answer"].split())
            return answer, corrections.clarify(self.store, ident, answer)

        def done(result: tuple[str, str | None] | None) -> None:
            if result is None:
                return
            answer, slug = result
            if slug is not None:
                self._moved(slug)
            else:  # not recognized: nothing moved; the user picks, and rung learns
                self._pick_gap_for(ident, answer)

        title = (
            "What did they say was missing?"
            if self.slug == NO_REASON
            else "Which experience did they mean?"
        )
        self.app.push_screen(
            FormScreen(
                title,
                [Field("answer", "Answer", "", "e.g. managing managers, budget ownership", True)],
                submit,
            ),
            done,
        )

    def _pick_gap_for(self, ident: int, answer: str) -> None:
        """The gap picker for an answer rung does not recognize, its best guesses first; the
        pick files the feedback there and teaches rung the answer."""
        exclude = self.slug if self.slug not in (None, NO_REASON) else None
        choices = [
            (g.slug, f"{g.label}  ({'them' if g.kind == 'external' else 'you'})")
            for g in guess_gaps(self.store, answer, exclude=exclude)
        ]
        choices.append((NEW_GAP, f"✎ a new gap: {answer}"))

        def pick(slug: str | None) -> None:
            if not slug:
                self.notify("Nothing moved", severity="warning")
                return
            if slug == NEW_GAP:
                slug = corrections.create_gap(self.store, answer)
            placed = corrections.clarify(self.store, ident, answer, gap=slug)
            self._moved(placed or slug, learned=True)

        self.app.push_screen(
            ChoiceScreen(f"Which gap is “{answer}”? (best guesses first)", choices), pick
        )

    def _moved(self, slug: str, *, learned: bool = False) -> None:
        self.app.touch()
        label = gap_label(self.store, slug)
        self.notify(f"Moved to {label}" + ("; rung learned the answer" if learned else ""))

    def action_split(self) -> None:
        ident = self._selected()
        if ident is None:
            return

        def submit(values: dict[str, str]) -> str:
            return corrections.split_gap(self.store, [ident], values["label"])

        self.app.push_screen(
            FormScreen("New gap for this feedback", [Field("label", "Name", "", "", True)], submit),
            lambda slug: slug and (self.app.touch(), self.notify("Split into a new gap")),
        )

    def action_plan(self) -> None:
        if self.slug and self.slug != NO_REASON:
            add_plan_action(self, self.slug)

    def action_vouch(self) -> None:
        if self.slug and self.slug != NO_REASON:
            vouch_for_gap_dialog(self, self.slug)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "vouch":
            return (self.slug not in (None, NO_REASON) and self.vouch_kind == "gap") or None
        if (
            action in ("move", "clarify", "split")
            and self.is_mounted
            and self._selected_evidence() is not None
        ):
            return None  # keys of the feedback list: not while on the evidence
        if action == "clarify":
            return self.slug in (GENERIC_SLUG, NO_REASON) or None
        if action == "plan":
            return (self.slug is not None and self.slug != NO_REASON) or None
        if action == "evidence":
            return self._has_evidence() or None
        if action == "delete_evidence":
            return self.is_mounted and self._selected_evidence() is not None
        return True


def log_feedback_dialog(screen: RungScreen, application_id: int | None) -> None:
    """``f`` anywhere: log feedback (for the selected application) and say where it landed."""
    from rung.core.clustering import log_feedback

    fields = [
        Field("text", "What they said", "", "paste the sentence; ctrl+o for $EDITOR", True),
        Field("received_on", "When", "today", "today, last friday, 31.03.", kind="date"),
        Field("source", "Source", "", "recruiter email, debrief, call …"),
        Field(
            "application",
            "Application",
            "" if application_id is None else str(application_id),
            "none (optional: which one it was about)",
            kind="application",
        ),
    ]

    def submit(values: dict[str, str]) -> Any:
        app_text = values["application"]
        return log_feedback(
            screen.store,
            values["text"],
            application_id=int(app_text) if app_text else None,
            received_on=values["received_on"] or None,
            source=values["source"] or None,
        )

    def done(logged: Any) -> None:
        if logged is None:
            return
        screen.app.touch()
        where = logged.gap_label or "unclustered (no gap matched yet)"
        screen.notify(f"Feedback filed under: {where}", title="Feedback logged")

    screen.app.push_screen(FormScreen("Log feedback", fields, submit), done)
