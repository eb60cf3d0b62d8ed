"""Review (key 4): this week on one screen, with the actions to take in place.

At the top, the 12-week funnel (bars, conversion rates; ``v`` picks a level) beside the gap
trend (sparklines, last 4 weeks vs the 4 before). Below, one list in foldable sections:
follow-ups, who to call, suggested ghostings, stale applications, interviews ahead, and what
happened this week. Sections that do not fit the screen start folded, so an 80x24 terminal
shows every section's count at once; ``space`` folds and unfolds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from rung.core import clock
from rung.core.commands.applications import move_stage
from rung.core.dates import to_date
from rung.core.review import (
    FUNNEL,
    Added,
    AskItem,
    InterviewItem,
    Moved,
    Review,
    build_review,
    complete_review,
    parse_week,
    save_note,
    trend_mark,
)
from rung.core.wording import plural
from rung.tui.formatting import bar, level_label, short_date, span
from rung.tui.screens.base import RungScreen, TopBar
from rung.tui.screens.dialogs import ConfirmScreen, Field, FormScreen
from rung.tui.widgets.followup_table import mark_done, snooze
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.record_table import Column, RecordTable, Row, fit
from rung.tui.widgets.spark import sparkline

CHROME = 9  # screen lines that are not the list: top bar, figures and gap, key bar
Target = tuple[Any, ...]  # ("followup" | "contact" | "ghost" | "application" | "ask" |
# "intro", id): an intro's id is the application's, intro_row() adds the contact


@dataclass
class Section:
    """A foldable part of the review list."""

    name: str
    title: str
    summary: str
    items: list[tuple[str, str, Target | None, str | None]] = field(default_factory=list)
    interviews: dict[int, int] = field(default_factory=dict)  # item index -> interview id
    count: int | None = None  # what the title counts, when not one per item


def _activity(
    section: Section,
    moved: list[Moved],
    new: list[Added],
    held: list[InterviewItem],
) -> Section:
    """Stage moves, new applications and interviews held, as a section's items."""
    for m in moved:
        section.items.append(
            (
                f"{m.company} — {m.title}: {m.from_stage} → {m.to_stage}",
                short_date(m.at)[5:],
                ("application", m.id),
                None,
            )
        )
    for n in new:
        section.items.append(
            (
                f"new: {n.company} — {n.title}",
                short_date(n.at)[5:],
                ("application", n.id),
                None,
            )
        )
    for i in held:
        section.items.append(
            (
                f"interviewed: {i.company} — round {i.round}",
                short_date(i.at)[5:],
                ("application", i.application_id),
                None,
            )
        )
    return section


def due_label(due_on: str | None, as_of: date) -> str:
    """A due date counted from the review's day (today, or a past week's Sunday), never
    from today: ``overdue 3d``, ``today``, ``in 4d`` or the date when far away."""
    day = to_date(due_on)
    if day is None:
        return ""
    days = (day - as_of).days
    if days < 0:
        return f"overdue {span(-days)}"
    if days == 0:
        return "today" if as_of == clock.today() else "that day"
    return f"in {days}d" if days <= 14 else day.isoformat()


def _sections(review: Review) -> list[Section]:
    """The review's lists as sections, in the order a user acts on them; empty ones left out."""
    f = review.followups
    followups = Section(
        "followups", "Follow-ups", f"{len(f.overdue)} overdue · {len(f.due)} due this week"
    )
    as_of = date.fromisoformat(review.as_of)
    for item in f.overdue + f.due:
        about = f" ({item.about})" if item.about else ""
        followups.items.append(
            (
                f"{item.what}{about}",
                due_label(item.due_on, as_of),
                ("followup", item.id),
                "warn" if item.overdue_days is not None else None,
            )
        )
    vouchers = sum(1 for c in review.contacts_due if c.reason)
    call = Section(
        "call",
        "Who to call",
        (f"{vouchers} can vouch for a final round · " if vouchers else "")
        + "due by their cadence (l logs a call)",
    )
    for c in review.contacts_due:
        who = c.name + (f", {c.company}" if c.company else "")
        reason = c.reason or ""
        if reason.startswith("can vouch for "):  # the reason on its own line, to fit 80
            call.items.append(
                (
                    f"{who} — can vouch for:",
                    due_label(c.due, as_of),
                    ("contact", c.id),
                    "good",
                )
            )
            call.items.append(
                (f"  {reason.removeprefix('can vouch for ')}", "", ("contact", c.id), "good")
            )
        elif reason:
            call.items.append(
                (f"{who} — {reason}", due_label(c.due, as_of), ("contact", c.id), "good")
            )
        else:
            call.items.append((who, due_label(c.due, as_of), ("contact", c.id), "warn"))
    call.count = len(review.contacts_due)
    # Warm paths (core.warm.intro_candidates): each row's target is ("intro", application
    # id); ReviewScreen.intro_row() gives (application_id, contact_id) for the row under the
    # cursor, for a (ask_contact(self, "intro", application_id, contact_id)).
    intros = Section("intros", "Ask for an intro", "not contacted since applying · a asks")
    for intro in review.intros:
        more = f" (+{intro.others})" if intro.others else ""
        intros.items.append(
            (
                f"{intro.contact}{more} · {intro.company} — {intro.title}",
                f"applied {short_date(intro.applied_on)[5:] or '?'}",
                ("intro", intro.application_id),
                None,
            )
        )
    ghosts = Section("ghosted", "Ghosted?", "silent for weeks: x confirms, nothing moves alone")
    for q in review.ghost_suggestions:
        ghosts.items.append(
            (
                f"{q.company} — {q.title} ({q.stage})",
                f"{q.days}d silent",
                ("ghost", q.id),
                "warn",
            )
        )
    stale = Section("stale", "Stale", "no news for a while: nudge or let go")
    for q in review.stale:
        stale.items.append(
            (
                f"{q.company} — {q.title} ({q.stage})",
                f"{q.days}d",
                ("application", q.id),
                None,
            )
        )
    ahead = Section("ahead", "Interviews ahead", "the next 14 days")
    for iv in review.interviews.ahead:
        ahead.interviews[len(ahead.items)] = iv.id  # p preps for it
        ahead.items.append(
            (
                f"{iv.company} — round {iv.round} {iv.kind.replace('_', ' ')}",
                iv.at[:16].replace("T", " ")[5:],
                ("application", iv.application_id),
                "good",
            )
        )
    week = _activity(
        Section("week", "This week", "what moved, started, happened"),
        review.moved,
        review.new,
        review.interviews.held,
    )
    for done in f.done:
        week.items.append((f"done: {done.what}", "", None, "muted"))
    last = review.previous
    before = _activity(
        Section("before", f"Last week ({last.week[5:]})", "what moved"),
        last.moved,
        last.new,
        last.held,
    )
    sections = [followups, call, intros, ghosts, stale, ahead, week, before]
    for section in sections:
        if section.name not in ("followups",):
            count = len(section.items) if section.count is None else section.count
            section.summary = f"{count} · {section.summary}"
    sections.insert(sections.index(stale), _asks(review.asks, as_of))
    return [s for s in sections if s.items]


def _asks(asks: list[AskItem], as_of: date) -> Section:
    """The open asks: rejections that said only "more experience" or nothing, to ask
    about (``a``), or asked and waiting for the answer (``A`` logs it)."""
    unasked = sum(1 for a in asks if not a.asked_on)
    section = Section(
        "asks",
        f"Ask why: {plural(unasked, 'rejection')} without a reason",
        "a asks, A logs the answer",
    )
    for a in asks:
        first = (a.contact.name.split() or ["?"])[0] if a.contact else ""
        what = f"{a.company} — {a.title}"
        if a.asked_on:
            section.items.append(
                (
                    f"asked {_day_word(a.asked_on, as_of)}, no answer: {what}",
                    first,
                    ("ask", a.feedback_id),
                    "muted",
                )
            )
        else:
            question = "which exp?" if a.why == "generic" else "why?"  # two on one role differ
            section.items.append(
                (
                    what,
                    f"{question} ask {first}" if first else f"{question} who?",
                    ("ask", a.feedback_id),
                    "warn",
                )
            )
    return section


def _day_word(iso: str, as_of: date) -> str:
    """A recent day as its weekday ("Tue"), an older one as its date ("11-02")."""
    day = to_date(iso)
    if day is None:
        return iso
    return day.strftime("%a") if 0 <= (as_of - day).days < 7 else day.isoformat()[5:]


class ReviewScreen(RungScreen):
    """Follow-ups, who to call, ghosts, stale, interviews ahead, what moved, funnel, gaps."""

    TITLE = "Review"
    BINDINGS = [
        Binding(
            "left_square_bracket", "week(-1)", "Prev", id="review.prev", tooltip="The week before"
        ),
        Binding(
            "right_square_bracket", "week(1)", "Next", id="review.next", tooltip="The week after"
        ),
        Binding(
            "space",
            "fold",
            "Fold",
            id="review.fold",
            tooltip="Fold or unfold the section under the cursor",
        ),
        Binding("d", "done", "Done", id="review.done", tooltip="Mark the follow-up done"),
        Binding(
            "z",
            "snooze(1)",
            "Snooze",
            id="review.snooze_day",
            tooltip="Snooze the follow-up by a day",
        ),
        Binding(
            "Z",
            "snooze(7)",
            "Snooze 1w",
            show=False,
            id="review.snooze_week",
            tooltip="Snooze the follow-up by a week",
        ),
        Binding("l", "log", "Log", id="review.log", tooltip="Log an interaction with the contact"),
        Binding(
            "x",
            "ghost",
            "Ghosted",
            id="review.ghost",
            tooltip="Confirm the suggested ghosting (moves the stage)",
        ),
        Binding(
            "a",
            "ask",
            "Ask",
            id="review.ask",
            tooltip="Draft the message: ask why (a vague rejection) or for an intro",
        ),
        Binding(
            "A",
            "answer",
            "Answer",
            id="review.answer",
            tooltip="Log the answer to the ask: it clarifies the vague feedback",
        ),
        Binding(
            "p",
            "prep",
            "Prep",
            id="review.prep",
            tooltip="Prep sheet for the interview ahead: people, gaps and your stories, "
            "questions; opens in $EDITOR",
        ),
        Binding(
            "v",
            "level",
            "Level",
            show=False,
            id="review.level",
            tooltip="Show the funnel of one level (cycles)",
        ),
        Binding("n", "note", "Note", id="review.note", tooltip="Write the week's note"),
        Binding(
            "c",
            "complete",
            "Complete",
            id="review.complete",
            tooltip="Complete the review: keep these figures and the note",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.week, _ = parse_week(None)
        self.review: Review | None = None
        self.targets: dict[int, Target] = {}
        self.headers: dict[int, str] = {}  # row key -> section name
        self.interview_rows: dict[int, int] = {}  # row key -> interview id (interviews ahead)
        self.intro_contacts: dict[int, int] = {}  # application id -> the contact to ask
        self.sections: list[Section] = []
        self.folded: dict[str, bool] = {}  # the user's choices, kept across weeks
        self._level_drawn: str | None = None  # the level the funnel was drawn for
        self._place_cursor = True  # put the cursor on the first item at the next render

    @property
    def level(self) -> str | None:
        """The funnel's level: the app's ``level_filter``, shared with the Gaps screen and
        the Ladder's cursor (None = all levels)."""
        return self.app.level_filter

    @level.setter
    def level(self, value: str | None) -> None:
        self.app.level_filter = value

    def refresh_if_stale(self) -> None:
        super().refresh_if_stale()
        if self.is_mounted and self.review and self._level_drawn != self.level:
            self._render_figures()  # the level moved on another screen (Ladder, Gaps)

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        with Horizontal(id="review-figures"):
            yield Static("", id="review-funnel")
            yield Static("", id="review-gaps")
        yield RecordTable(
            [
                Column("what", "", 30, flex=True),
                Column("when", "", 13, align_right=True),
            ],
            id="review-items",
            show_header=False,
        )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#review-items", RecordTable).focus()

    def _options(self) -> dict[str, Any]:
        return self.app.settings.review_options()

    def reload(self) -> None:
        self.review = review = build_review(self.store, self.week, **self._options())
        done = "completed ✓" if review.completed_at else "not completed (c)"
        streak = f" · {plural(review.streak, 'week')} in a row" if review.streak else ""
        self.query_one(TopBar).set_status(
            f"{review.week} ({review.start[5:]}–{review.end[5:]}) · {done}{streak}"
        )
        self._render_figures()
        self.intro_contacts = {i.application_id: i.contact_id for i in review.intros}
        self.sections = _sections(review)
        self._render_list()

    # -- figures -----------------------------------------------------------------------

    def _render_figures(self) -> None:
        if self.review is None:
            return
        funnel = self.query_one("#review-funnel", Static)
        gaps = self.query_one("#review-gaps", Static)
        width = min(64, max(20, (self.size.width or 80) // 2 - 2))
        self._level_drawn = self.level
        funnel.update(funnel_text(self.review, self.level, width))
        gaps.update(gap_trend_text(self.review, width))

    def on_resize(self) -> None:
        if self.review:
            self._render_figures()
            self._render_list()

    def action_level(self) -> None:
        levels = [None, *(self.review.funnel.weeks12 if self.review else ())]
        self.level = (
            levels[(levels.index(self.level) + 1) % len(levels)] if self.level in levels else None
        )
        self._render_figures()

    # -- the list ----------------------------------------------------------------------

    def _default_folds(self) -> dict[str, bool]:
        """Unfold sections in order while they fit the list's height; the rest fold."""
        height = max(5, self.app.size.height - CHROME)
        room = height - len(self.sections)
        folds = {}
        for i, section in enumerate(self.sections):
            folds[section.name] = len(section.items) > room and i > 0
            if not folds[section.name]:
                room -= len(section.items)
        return folds

    def _render_list(self) -> None:
        defaults = self._default_folds()
        rows: list[Row] = []
        self.targets, self.headers, self.interview_rows = {}, {}, {}
        for section in self.sections:
            folded = self.folded.get(section.name, defaults[section.name])
            key = len(rows)
            self.headers[key] = section.name
            mark = "▸" if folded else "▾"
            rows.append(Row(key, (f"{mark} {section.title} · {section.summary}", ""), "section"))
            if folded:
                continue
            for n, (what, when, target, tone) in enumerate(section.items):
                key = len(rows)
                if target:
                    self.targets[key] = target
                if n in section.interviews:
                    self.interview_rows[key] = section.interviews[n]
                rows.append(Row(key, (f"  {what}", when), tone))
        if not rows:
            rows.append(
                Row(0, ("Nothing due, nobody to call, nothing moved this week.", ""), "muted")
            )
        table = self.query_one("#review-items", RecordTable)
        table.set_rows(rows)
        if (
            self._place_cursor
            and table.selected_key in self.headers
            and len(rows) > 1
            and rows[1].key not in self.headers
        ):
            table.cursor = 1  # on the first thing to act on, not on a title
        self._place_cursor = False

    def _section_of_cursor(self) -> str | None:
        table = self.query_one("#review-items", RecordTable)
        for index in range(table.cursor, -1, -1):
            if index < len(table.rows) and table.rows[index].key in self.headers:
                return self.headers[table.rows[index].key]
        return None

    def action_fold(self) -> None:
        name = self._section_of_cursor()
        if name is None:
            return
        self.folded[name] = not self.folded.get(name, self._default_folds()[name])
        self._render_list()
        table = self.query_one("#review-items", RecordTable)
        table.move_to_key(next(k for k, n in self.headers.items() if n == name))

    def _target(self) -> tuple[str, int] | None:
        key = self.query_one("#review-items", RecordTable).selected_key
        return self.targets.get(key) if key is not None else None

    def selected_application_id(self) -> int | None:
        target = self._target()
        return target[1] if target and target[0] in ("application", "ghost", "intro") else None

    def selected_contact_id(self) -> int | None:
        target = self._target()
        if target and target[0] == "intro":
            return self.intro_contacts.get(target[1])
        return target[1] if target and target[0] == "contact" else None

    def intro_row(self) -> tuple[int, int] | None:
        """(application id, contact id) of the "Ask for an intro" row under the cursor."""
        target = self._target()
        if not target or target[0] != "intro" or target[1] not in self.intro_contacts:
            return None
        return target[1], self.intro_contacts[target[1]]

    @on(RecordTable.Selected, "#review-items")
    def _open(self, event: RecordTable.Selected) -> None:
        if event.key in self.headers:
            self.action_fold()
            return
        target = self._target()
        if target is None:
            return
        kind, ident = target
        if kind in ("application", "ghost", "intro"):
            self.app.open_application(ident)
        elif kind == "contact":
            self.app.open_contact(ident)

    def action_week(self, step: int) -> None:
        _, monday = parse_week(self.week)
        self.week, _ = parse_week((monday + timedelta(weeks=step)).strftime("%G-W%V"))
        self._place_cursor = True
        self.reload()

    def action_done(self) -> None:
        target = self._target()
        if target and target[0] == "followup":
            mark_done(self.app, target[1])

    def action_snooze(self, days: int) -> None:
        target = self._target()
        if target and target[0] == "followup":
            snooze(self.app, target[1], days)

    def action_log(self) -> None:
        target = self._target()
        if target and target[0] == "contact":
            from rung.tui.screens.contact_actions import log_interaction_dialog

            log_interaction_dialog(self.app, target[1])

    def action_ghost(self) -> None:
        target = self._target()
        if not target or target[0] != "ghost":
            return
        ident = target[1]

        def confirm(yes: bool | None) -> None:
            if yes:
                application = move_stage(self.store, ident, "ghosted", note="confirmed in review")
                self.notify(f"{application.company} — {application.title}: ghosted")

        self.app.push_screen(
            ConfirmScreen("Mark as ghosted?", "The stage moves to ghosted (s moves it back)."),
            confirm,
        )

    def action_note(self) -> None:
        def submit(values: dict[str, str]) -> str:
            save_note(self.store, self.week, values["note"])
            return values["note"]

        self.app.push_screen(
            FormScreen(
                f"Note for {self.week}",
                [
                    Field(
                        "note",
                        "Note",
                        (self.review.note if self.review else None) or "",
                        "what you learned, what you'll do (ctrl+o: $EDITOR)",
                    )
                ],
                submit,
            ),
        )

    def action_complete(self) -> None:
        review = complete_review(self.store, self.week, None, **self._options())
        self.notify(f"Review {review.week} completed · {plural(review.streak, 'week')} in a row")

    def _interview_id(self) -> int | None:
        key = self.query_one("#review-items", RecordTable).selected_key
        return self.interview_rows.get(key) if key is not None else None

    def action_prep(self) -> None:
        interview_id, app_id = self._interview_id(), self.selected_application_id()
        if interview_id is None or app_id is None:
            self.notify("p: prep works on an interview ahead")
            return
        from rung.tui.screens.prep import open_prep

        open_prep(self.app, app_id, interview_id)

    def action_ask(self) -> None:
        from rung.tui.screens.ask import ask_contact, ask_why

        target = self._target()
        if self._section_of_cursor() == "intros":
            ids = self.intro_row()
            if ids is not None:
                ask_contact(self, "intro", *ids)
        elif target and target[0] == "ask":
            ask_why(self, target[1])

    def action_answer(self) -> None:
        target = self._target()
        if target and target[0] == "ask":
            from rung.tui.screens.ask import answer_why

            answer_why(self, target[1])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "ask" and self.is_mounted:
            kind = (self._target() or ("", 0))[0]
            return kind == "ask" or (kind == "intro" and self.intro_row() is not None) or None
        if action == "prep":
            return (self.is_mounted and self._interview_id() is not None) or None
        kind = (self._target() or ("", 0))[0] if self.is_mounted else ""
        needs = {
            "done": "followup",
            "snooze": "followup",
            "log": "contact",
            "ghost": "ghost",
            "answer": "ask",
        }
        if action in needs:
            return kind == needs[action] or None
        return True


def funnel_text(review: Review, level: str | None, width: int) -> Text:
    """The 12-week funnel as bars with conversion rates, for all levels or one."""
    rows = review.funnel.weeks12
    chosen = [rows[level]] if level in rows else list(rows.values())
    total = {s: sum(row[s] for row in chosen) for s in FUNNEL}
    title = f"Funnel · 12 weeks · {level_label(level) if level in rows else 'all levels'}"
    text = Text(fit(title, width), style="bold")
    label_w, tail_w = 13, 9
    bar_w = max(4, width - label_w - tail_w)
    for prev, stage in zip((None, *FUNNEL), FUNNEL, strict=False):
        rate = ""
        if prev is not None and total[prev]:
            rate = f"{round(100 * total[stage] / total[prev])}%"
        text.append(f"\n{stage:<{label_w}}")
        drawn = bar(total[stage], total["applied"], bar_w)
        text.append(drawn, style="green" if stage == "offer" else "cyan")
        text.append(" " * (bar_w - cell_len(drawn)) + f"{total[stage]:>4} {rate:>4}")
    weeks = (
        review.applied_weeks_by_level.get(level, [0] * 12)
        if level is not None and level in rows
        else review.applied_weeks
    )
    text.append(f"\n{'sent/week':<{label_w}}")
    spark = sparkline(weeks, min(len(weeks), bar_w))  # a cell a week, squeezed if narrow
    text.append(spark, style="cyan")
    text.append(" " * (bar_w - cell_len(spark)) + f"{weeks[-1]:>4} {review.week[5:]:>4}")
    if not total["applied"]:
        text.append("\nno applications in these 12 weeks", style="dim")
    return text


def gap_trend_text(review: Review, width: int) -> Text:
    """The gaps heard most in 12 weeks: weekly sparkline, last 4 weeks vs the 4 before."""
    text = Text(fit("Gaps · 12 weeks · last 4 vs 4 before", width), style="bold")
    gaps = review.gaps[: 4 if review.no_reason else 5]  # room for the ask line
    if not gaps:
        text.append("\nno feedback in these 12 weeks", style="dim")
    for g in gaps:
        change = g.change
        style = "red" if change > 0 else "green" if change < 0 else ""
        if g.kind == "external":
            style = "dim"
        label_w = max(6, width - 12 - 8)
        label = g.label + (" (them)" if g.kind == "external" else "")
        text.append(f"\n{fit(label, label_w):<{label_w}} ")
        text.append(sparkline(g.weeks), style="dim" if g.kind == "external" else "yellow")
        text.append(f" {g.last4:>2} ")
        text.append(f"{trend_mark(change):<3}", style=style)  # the change, not the old count
    if review.no_reason:
        text.append(
            "\n"
            + fit(f"{plural(review.no_reason, 'rejection')} gave no reason: Ask why below", width),
            style="yellow",
        )
    return text
