"""Review (key 4): this week on one screen, with the actions to take in place."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from rung.core.commands.applications import move_stage
from rung.core.commands.followups import complete_followup, snooze_followup
from rung.core.review import FUNNEL, build_review, complete_review, parse_week, save_note
from rung.tui.formatting import due_text, short_date
from rung.tui.screens.base import RungScreen, TopBar
from rung.tui.screens.dialogs import ConfirmScreen, Field, FormScreen
from rung.tui.widgets.key_bar import KeyBar
from rung.tui.widgets.record_table import Column, RecordTable, Row


class ReviewScreen(RungScreen):
    """Follow-ups, who to call, ghosts, stale, interviews ahead, what moved, funnel, gaps."""

    TITLE = "Review"
    BINDINGS = [
        Binding("left_square_bracket", "week(-1)", "Prev", id="review.prev",
                tooltip="The week before"),
        Binding("right_square_bracket", "week(1)", "Next", id="review.next",
                tooltip="The week after"),
        Binding("d", "done", "Done", id="review.done", tooltip="Mark the follow-up done"),
        Binding("z", "snooze(1)", "Snooze", id="review.snooze_day",
                tooltip="Snooze the follow-up by a day"),
        Binding("Z", "snooze(7)", "Snooze 1w", show=False, id="review.snooze_week",
                tooltip="Snooze the follow-up by a week"),
        Binding("l", "log", "Log", id="review.log",
                tooltip="Log an interaction with the contact"),
        Binding("x", "ghost", "Ghosted", id="review.ghost",
                tooltip="Confirm the suggested ghosting (moves the stage)"),
        Binding("n", "note", "Note", id="review.note", tooltip="Write the week's note"),
        Binding("c", "complete", "Complete", id="review.complete",
                tooltip="Complete the review: keep these figures and the note"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.week, _ = parse_week(None)
        self.review: dict[str, Any] = {}
        self.targets: dict[int, tuple[str, int]] = {}

    def compose(self) -> ComposeResult:
        yield TopBar(self.TITLE)
        yield Static("", id="review-summary")
        yield RecordTable([
            Column("section", "", 11),
            Column("what", "", 30, flex=True),
            Column("when", "", 13, align_right=True),
        ], id="review-items")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#review-items", RecordTable).focus()

    def _options(self) -> dict[str, Any]:
        s = self.rung.settings
        return {"stale_days": s.stale_days, "ghost_days": s.ghost_after_days,
                "cadence": s.cadence}

    def reload(self) -> None:
        self.review = review = build_review(self.store, self.week, **self._options())
        done = "completed ✓" if review["completed_at"] else "not completed (c)"
        streak = f" · {review['streak']} week(s) in a row" if review["streak"] else ""
        self.query_one(TopBar).set_status(
            f"{review['week']} ({review['start'][5:]}–{review['end'][5:]}) · {done}{streak}")
        self.query_one("#review-summary", Static).update(self._summary(review))
        rows: list[Row] = []
        self.targets = {}

        def add(section: str, what: str, when: str, target: tuple[str, int] | None,
                tone: str | None = None) -> None:
            key = len(rows)
            if target:
                self.targets[key] = target
            rows.append(Row(key, (section, what, when), tone))

        f = review["followups"]
        for item in f["overdue"] + f["due"]:
            about = f" ({item['about']})" if item["about"] else ""
            add("follow-up", f"{item['what']}{about}", due_text(item["due_on"]),
                ("followup", item["id"]), "warn" if item in f["overdue"] else None)
        for c in review["contacts_due"]:
            who = c["name"] + (f", {c['company']}" if c["company"] else "")
            add("call", who, due_text(c["due"]), ("contact", c["id"]), "warn")
        for a in review["ghost_suggestions"]:
            add("ghosted?", f"{a['company']} — {a['title']} ({a['stage']})",
                f"{a['days']}d silent", ("ghost", a["id"]), "warn")
        for a in review["stale"]:
            add("stale", f"{a['company']} — {a['title']} ({a['stage']})", f"{a['days']}d",
                ("application", a["id"]))
        for i in review["interviews"]["ahead"]:
            add("interview", f"{i['company']} — round {i['round']} "
                f"{i['kind'].replace('_', ' ')}", i["at"][:16].replace("T", " ")[5:],
                ("application", i["application_id"]), "good")
        for m in review["moved"]:
            add("moved", f"{m['company']} — {m['title']}: {m['from']} → {m['to']}",
                short_date(m["at"])[5:], ("application", m["id"]))
        for n in review["new"]:
            add("new", f"{n['company']} — {n['title']} ({n['stage']})", short_date(n["at"])[5:],
                ("application", n["id"]))
        for f_done in f["done"]:
            add("done", f_done["what"], "", None, "muted")
        if not rows:
            add("", "Nothing due, nobody to call, nothing moved this week.", "", None, "muted")
        self.query_one("#review-items", RecordTable).set_rows(rows)

    @staticmethod
    def _summary(review: dict[str, Any]) -> str:
        funnel = review["funnel"]["weeks12"]
        total = {s: sum(row[s] for row in funnel.values()) for s in FUNNEL}
        bar = " → ".join(f"{s} {total[s]}" for s in FUNNEL) if any(total.values()) else \
            "no applications in 12 weeks"
        lines = [f"[b]12 weeks[/] {bar}"]
        gaps = [g for g in review["gaps"] if g["kind"] == "gap"][:3]
        if gaps:
            parts = []
            for g in gaps:
                arrow = "▲" if g["change"] > 0 else "▼" if g["change"] < 0 else "="
                parts.append(f"{escape(g['label'])} {g['last4']}{arrow}")
            lines.append("[b]gaps, 4 weeks vs 4 before[/] " + " · ".join(parts))
        else:
            lines.append("[b]gaps[/] no feedback in the last 8 weeks")
        if review["note"]:
            lines.append(f"[i]{escape(review['note'])}[/]")
        return "\n".join(lines)

    def _target(self) -> tuple[str, int] | None:
        key = self.query_one("#review-items", RecordTable).selected_key
        return self.targets.get(key) if key is not None else None

    def selected_application_id(self) -> int | None:
        target = self._target()
        return target[1] if target and target[0] in ("application", "ghost") else None

    def selected_contact_id(self) -> int | None:
        target = self._target()
        return target[1] if target and target[0] == "contact" else None

    @on(RecordTable.Selected, "#review-items")
    def _open(self) -> None:
        target = self._target()
        if target is None:
            return
        kind, ident = target
        if kind in ("application", "ghost"):
            self.rung.open_application(ident)
        elif kind == "contact":
            self.rung.open_contact(ident)

    def action_week(self, step: int) -> None:
        _, monday = parse_week(self.week)
        self.week, _ = parse_week((monday + timedelta(weeks=step)).strftime("%G-W%V"))
        self.reload()

    def action_done(self) -> None:
        target = self._target()
        if target and target[0] == "followup":
            item = complete_followup(self.store, target[1])
            self.rung.touch()
            self.notify(f"Done: {item.what}")

    def action_snooze(self, days: int) -> None:
        target = self._target()
        if target and target[0] == "followup":
            item = snooze_followup(self.store, target[1], days)
            self.rung.touch()
            self.notify(f"Snoozed to {item.due_on}: {item.what}")

    def action_log(self) -> None:
        target = self._target()
        if target and target[0] == "contact":
            from rung.tui.screens.contact_actions import log_interaction_dialog

            log_interaction_dialog(self.rung, target[1])

    def action_ghost(self) -> None:
        target = self._target()
        if not target or target[0] != "ghost":
            return
        ident = target[1]

        def confirm(yes: bool | None) -> None:
            if yes:
                app = move_stage(self.store, ident, "ghosted", note="confirmed in review")
                self.rung.touch()
                self.notify(f"{app.company} — {app.title}: ghosted")

        self.app.push_screen(ConfirmScreen("Mark as ghosted?",
                                           "The stage moves to ghosted (s moves it back)."),
                             confirm)

    def action_note(self) -> None:
        def submit(values: dict[str, str]) -> str:
            save_note(self.store, self.week, values["note"])
            return values["note"]

        self.app.push_screen(
            FormScreen(f"Note for {self.week}",
                       [Field("note", "Note", self.review.get("note") or "",
                              "what you learned, what you'll do (ctrl+o: $EDITOR)")], submit),
            lambda note: note is not None and self.rung.touch())

    def action_complete(self) -> None:
        review = complete_review(self.store, self.week, None, **self._options())
        self.rung.touch()
        self.notify(f"Review {review['week']} completed · {review['streak']} week(s) in a row")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        kind = (self._target() or ("", 0))[0] if self.is_mounted else ""
        needs = {"done": "followup", "snooze": "followup", "log": "contact", "ghost": "ghost"}
        if action in needs:
            return kind == needs[action] or None
        return True
