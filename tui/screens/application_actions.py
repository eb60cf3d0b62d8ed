"""Add, edit, move and delete applications: the dialogs both Pipeline and detail use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rung.core.commands.applications import (
    add_application,
    delete_application,
    edit_application,
    get_application,
    move_stage,
    undo_stage_move,
)
from rung.core.commands.interviews import (
    KINDS,
    OUTCOMES,
    add_interview,
    cancel_interviews_ahead,
    interviews_ahead,
)
from rung.core.levels import LEVELS
from rung.core.models import Application
from rung.core.stages import STAGES, TERMINAL_STAGES
from rung.core.undo import UndoStep
from rung.tui.formatting import humanize, level_label
from rung.tui.screens.dialogs import ChoiceScreen, ConfirmScreen, Field, FormScreen
from rung.tui.screens.duplicates import add_or_ask

if TYPE_CHECKING:
    from rung.tui.app import RungApp

_FIELDS = (
    ("company", "Company", True, "Acme"),
    ("title", "Title", True, "Engineering Manager"),
    ("level", "Level", False, "from the title"),
    ("stage", "Stage", True, ""),
    ("applied_on", "Applied", False, "2026-03-14, today, last friday, -3d"),
    ("location", "Location", False, "Berlin / Remote"),
    ("url", "Job URL", False, "https://…"),
    ("salary", "Salary", False, "120k-140k EUR"),
    ("source", "Source", False, "linkedin, referral, recruiter …"),
    ("notes", "Notes", False, "ctrl+o opens $EDITOR"),
)


_FIELD_KINDS: dict[str, dict[str, Any]] = {
    "level": {"kind": "choice", "choices": tuple((lv, level_label(lv)) for lv in LEVELS)},
    "stage": {"kind": "choice", "choices": tuple((st, st) for st in STAGES)},
    "applied_on": {"kind": "date"},
}


def _blank_to_none(values: dict[str, str]) -> dict[str, Any]:
    return {k: (v.strip() or None) for k, v in values.items()}


def application_form(app: RungApp, current: Application | None = None) -> FormScreen:
    """The add (``current`` None) or edit form of an application."""
    store = app.store
    fields = []
    for name, label, required, hint in _FIELDS:
        value = ""
        if current is not None:
            raw = getattr(current, name)
            value = "" if raw is None else str(raw)
        elif name == "stage":
            value = "applied"
        elif name == "applied_on":
            value = "today"
        fields.append(Field(name, label, value, hint, required, **_FIELD_KINDS.get(name, {})))

    def submit(values: dict[str, str]) -> Application:
        cleaned = _blank_to_none(values)
        if current is None:
            cleaned["stage"] = cleaned.get("stage") or "applied"
            cleaned["source"] = cleaned.get("source") or "manual"
            return add_or_ask(
                app,
                lambda force: add_application(  # a duplicate: asks
                    store, refuse_duplicates=not force, **cleaned
                ),
            )
        changes = {k: v for k, v in cleaned.items() if (getattr(current, k) or None) != v}
        if "level" in changes and changes["level"] is None:
            changes.pop("level")
        if not changes:
            return current
        return edit_application(store, current.id, changes)

    title = "New application" if current is None else f"Edit: {current.company} — {current.title}"
    return FormScreen(title, fields, submit)


def add_application_dialog(app: RungApp, on_done: Any = None) -> None:
    """Open the add form; on save, refresh and report."""

    def done(result: Application | None) -> None:
        if result is None:
            return
        app.notify(
            f"Added {result.company} — {result.title} ({level_label(result.level)}, {result.stage})"
        )
        if on_done:
            on_done(result.id)

    app.push_screen(application_form(app), done)


def edit_application_dialog(app: RungApp, app_id: int) -> None:
    """Open the edit form of one application."""
    current = get_application(app.store, app_id)

    def done(result: Application | None) -> None:
        if result is not None:
            app.notify(f"Saved {result.company} — {result.title}")
            if result.stage != current.stage:
                offer_to_cancel_interviews(app, result)

    app.push_screen(application_form(app, current), done)


def move_stage_dialog(app: RungApp, app_id: int) -> None:
    """Pick a stage; the move is recorded as a stage event."""
    current = get_application(app.store, app_id)

    def done(stage: str | None) -> None:
        if not stage or stage == current.stage:
            return
        move_stage_and_offer(app, app_id, stage)

    app.push_screen(
        ChoiceScreen(
            f"Move “{current.company} — {current.title}” to stage",
            [(s, s) for s in STAGES],
            current=current.stage,
        ),
        done,
    )


def move_stage_and_offer(
    app: RungApp, app_id: int, stage: str, *, note: str | None = None
) -> Application:
    """Move an application (a stage event), say so, and when the move closes it offer to
    cancel its interviews still to come. Every stage move of the TUI goes through here."""
    before = get_application(app.store, app_id).stage
    moved = move_stage(app.store, app_id, stage, note=note)
    label = f"{moved.company} — {moved.title}: {before} → {moved.stage}"
    if moved.stage == before:
        app.notify(label)
        return moved

    app.push_undo_step(
        label,
        UndoStep(
            f"{label} (back to {before})",
            lambda: undo_stage_move(app.store, app_id, before, moved.stage),
        ),
    )
    offer_to_cancel_interviews(app, moved)
    return moved


def offer_to_cancel_interviews(app: RungApp, moved: Application) -> None:
    """After a move to a terminal stage: ask (enter = yes) to cancel the application's
    interviews still to come, so they leave the Review and the calendar."""
    if moved.stage not in TERMINAL_STAGES:
        return
    ahead = interviews_ahead(app.store, moved.id)
    if not ahead:
        return
    rounds = [
        f"{(i.scheduled_at or '')[:16].replace('T', ' ')} round {i.round} "
        f"({humanize(i.kind)})" + (f" with {i.with_whom}" if i.with_whom else "")
        for i in ahead[:3]
    ]
    if len(ahead) > 3:
        rounds.append(f"{len(ahead) - 3} more")
    count = f"{len(ahead)} interview{'s' if len(ahead) != 1 else ''}"

    def done(yes: bool | None) -> None:
        if not yes:
            app.notify(f"{count} kept on the calendar")
            return
        cancelled = cancel_interviews_ahead(app.store, moved.id)
        app.notify(
            f"Cancelled {len(cancelled)} interview{'s' if len(cancelled) != 1 else ''}"
            f" of {moved.company} — {moved.title}"
        )

    app.push_screen(
        ConfirmScreen(
            f"Now {moved.stage}: cancel the {count} still ahead?",
            f"{moved.company} — {moved.title}: "
            + "; ".join(rounds)
            + ". Cancelled, they leave the Review and the calendar export; n keeps them.",
        ),
        done,
    )


def delete_application_dialog(app: RungApp, app_id: int, on_done: Any = None) -> None:
    """Confirm, delete, and offer undo."""
    current = get_application(app.store, app_id)

    def done(yes: bool | None) -> None:
        if not yes:
            return
        stone = delete_application(app.store, app_id)
        app.push_undo(stone)
        if on_done:
            on_done()

    app.push_screen(
        ConfirmScreen(
            f"Delete “{current.company} — {current.title}”?",
            "Its stage history and interviews go too; feedback and interactions "
            "stay, unlinked. Press u to undo.",
        ),
        done,
    )


def add_interview_dialog(app: RungApp, app_id: int) -> None:
    """Record or schedule an interview round."""
    store = app.store
    fields = [
        Field("application", "Application", str(app_id), "", True, kind="application"),
        Field(
            "kind",
            "Kind",
            "recruiter_screen",
            "",
            True,
            kind="choice",
            choices=tuple((k, humanize(k)) for k in KINDS),
        ),
        Field(
            "scheduled_at",
            "When",
            "",
            "tomorrow 10:00, next friday 3pm, 2026-03-14 15:00",
            kind="datetime",
        ),
        Field("with_whom", "With", "", "names"),
        Field("round", "Round", "", "blank: next round"),
        Field(
            "outcome",
            "Outcome",
            "",
            "not known yet",
            kind="choice",
            choices=tuple((o, o) for o in OUTCOMES),
        ),
        Field("notes", "Notes", "", ""),
    ]

    def submit(values: dict[str, str]) -> Any:
        chosen = _blank_to_none(values)
        linked = chosen.pop("application")
        return add_interview(store, int(linked) if linked else app_id, **chosen)

    def done(result: Any) -> None:
        if result is not None:
            app.notify(f"Interview round {result.round} ({humanize(result.kind)}) saved")

    app.push_screen(FormScreen("New interview", fields, submit), done)
