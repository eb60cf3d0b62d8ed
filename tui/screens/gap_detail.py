"""One gap (enter on a row of Feedback & gaps): its definition, plan, feedback and
evidence."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from rung.core.clustering import corrections, gaps_report, plans
from rung.core.clustering.guesses import gap_label, guess_gaps
from rung.core.clustering.report import (
    FeedbackItem,
    GapsReport,
    GapsSummary,
    RankedGap,
    ReportedGap,
    share_text,
    share_trend,
    totals,
)
from rung.core.clustering.taxonomy import GENERIC_SLUG, taxonomy_by_slug
from rung.core.vouch import vouchers_for
from rung.core.wording import plural
from rung.tui.formatting import escape, level_label, short_date
from rung.tui.screens.base import RungScreen, TopBar
from rung.tui.screens.dialogs import ChoiceScreen, Field, FormScreen
from rung.tui.screens.gap_actions import add_plan_action, gap_choices
from rung.tui.screens.vouch_actions import vouch_for_gap_dialog, who_can_vouch_line
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.record_table import Column, RecordTable, Row
from rung.tui.widgets.spark import sparkline

NO_REASON = "-no-reason"  # the row of the feedback that gave no reason (form letters)
NEW_GAP = "-new-gap"  # the picker's last choice: a new gap named after the answer


def trend_line(gap: RankedGap, report: GapsReport | GapsSummary) -> str:
    """The gap's share month by month as a sparkline (12 months), this month's in words
    (the 12 months column of the Gaps table counts; this is the share of each month)."""
    month = date.fromisoformat(report.months[-1] + "-01").strftime("%b")
    now = share_text(gap.trend[-1], report.reasons_trend[-1])
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


def pile(slug: str, label: str, feedback: list[FeedbackItem]) -> ReportedGap:
    """The unclustered or the no-reason feedback shown as a gap page shows a gap."""
    return ReportedGap(slug, label, "gap", None, 0.0, len(feedback), 0.0, [], feedback)


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
        self.items: dict[int, FeedbackItem] = {}
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
        where = " — ".join(x for x in (item.company, item.role) if x) or "no application"
        level = level_label(item.level) + (f", round {item.round}" if item.round else "")
        by = " · placed by you" if item.assigned_by == "user" else ""
        panel.update(
            f"[dim]{escape(where)} · {escape(level)}{by}[/]\n{escape(' '.join(item.text.split()))}"
        )

    def on_mount(self) -> None:
        self.query_one("#gap-feedback", RecordTable).focus()

    def reload(self) -> None:
        report = gaps_report(self.store, level=self.level)
        gap: ReportedGap | None
        if self.slug is None:
            gap = pile("", "Unclustered", report.unclustered)
        elif self.slug == NO_REASON:
            gap = pile(NO_REASON, "No reason given", report.no_reason)
        else:
            gap = next((g for g in report.gaps if g.slug == self.slug), None)
            if gap is None and not self._had_feedback:  # none here (yet): evidence, plan
                from rung.tui.screens.evidence import quiet_gap

                gap = quiet_gap(self, self.slug, len(report.months))
            if gap is None:  # its last feedback moved out, or it was merged away
                self.close()
                return
        self.query_one(TopBar).set_status(gap.label)
        definition = taxonomy_by_slug().get(self.slug or "")
        whose = (
            "the company's reason"
            if gap.kind == "external"
            else "no gap of yours: ask what was missing"
            if self.slug == NO_REASON
            else "yours to close"
        )
        counts = totals(report)
        if self.slug == NO_REASON:
            size = plural(gap.count, "piece of feedback", "pieces of feedback")
        else:
            size = share_text(gap.count, counts.reasons)
        lines = [f"[b]{escape(gap.label)}[/] — {size}, {whose}"]
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
            self.vouch_kind = gap.kind
            if self.vouch_kind == "gap":
                lines.append(who_can_vouch_line(vouchers_for(self.store, self.slug)))
        self.query_one("#gap-fields", Static).update("\n".join(lines))
        self.items = {f.id: f for f in gap.feedback}
        rows = []
        for f in gap.feedback:
            where = " — ".join(x for x in (f.company, f.role) if x)
            level = level_label(f.level) + (f" r{f.round}" if f.round else "")
            rows.append(
                Row(
                    f.id,
                    (short_date(f.received_on), where, level, " ".join(f.text.split())),
                    "good" if f.assigned_by == "user" else None,
                )
            )
        self.query_one("#gap-feedback", RecordTable).set_rows(rows, keep_key=self.focus_feedback)
        self.focus_feedback = None
        self._had_feedback = bool(rows)
        self.label = gap.label
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
                self.notify(
                    "Moved; similar feedback will land there too"
                    + (f" ({plural(moved, 'other piece')} moved with it)" if moved else "")
                )

        self.app.push_screen(
            ChoiceScreen("Move this feedback to", gap_choices(self.store, self.slug)), move
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
            lambda slug: slug and self.notify("Split into a new gap"),
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
