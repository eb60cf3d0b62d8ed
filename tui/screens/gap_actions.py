"""What the gap screens open: the gap picker, a plan action, and the app-wide ``f``
(log feedback)."""

from __future__ import annotations

from typing import Any

from rung.core.clustering import plans
from rung.core.gaps_queries import gap_refs
from rung.core.store import Store
from rung.tui.screens.base import RungScreen
from rung.tui.screens.dialogs import ChoiceScreen, Field, FormScreen


def gap_choices(store: Store, exclude: str | None = None) -> list[tuple[str, str]]:
    """The gaps to pick from (merged ones are gone), yours before theirs, by label."""
    return [
        (g.slug, f"{g.label}  ({'them' if g.kind == 'external' else 'you'})")
        for g in gap_refs(store)
        if g.slug != exclude
    ]


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
            lambda ident: ident and screen.notify("Added to the plan"),
        )

    if suggestions:
        screen.app.push_screen(ChoiceScreen("Add to the plan", choices), form)
    else:
        form("")


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
        where = logged.gap_label or "unclustered (no gap matched yet)"
        screen.notify(f"Feedback filed under: {where}", title="Feedback logged")

    screen.app.push_screen(FormScreen("Log feedback", fields, submit), done)
