"""The items of an application's timeline: open one to edit it, delete one (``u`` undoes).

An interview opens its whole form (kind, when, with, round, outcome, notes) and a follow-up
its due date; stage changes are the record of the moves and stay read-only, as do
interactions and feedback (core has no edit for them): a toast says so and what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rung.core.commands.contacts import delete_interaction
from rung.core.commands.feedback import delete_feedback
from rung.core.commands.followups import delete_followup, get_followup, reschedule_followup
from rung.core.commands.interviews import (
    EDITABLE_FIELDS as INTERVIEW_FIELDS,
)
from rung.core.commands.interviews import (
    KINDS,
    OUTCOMES,
    delete_interview,
    edit_interview,
    get_interview,
    revert_interview,
)
from rung.core.dates import parse_user_date
from rung.core.errors import ValidationError
from rung.core.models import Interview, TimelineEntry
from rung.core.undo import Tombstone, UndoStep
from rung.tui.formatting import humanize
from rung.tui.screens.dialogs import ConfirmScreen, Field, FormScreen

if TYPE_CHECKING:
    from rung.tui.app import RungApp

#: What a toast says when an item cannot be edited here, by timeline kind.
READ_ONLY = {
    "stage": "A stage change is read-only (the record of a move): s moves the stage",
    "interaction": "An interaction cannot be edited: d deletes it, l on the contact logs another",
    "feedback": "Feedback is not edited here: d deletes it; the Gaps screen (3) moves it",
}
#: What a toast says when ``d`` is pressed on an item that is never deleted alone.
NOT_DELETED = {
    "stage": "Stage changes stay in the history: D deletes the whole application",
}


def interview_fields(current: Interview) -> list[Field]:
    """The fields of an interview's edit form, filled with its values."""

    def text(value: Any) -> str:
        return "" if value is None else str(value).replace("T", " ")

    return [
        Field(
            "kind",
            "Kind",
            current.kind,
            "",
            True,
            kind="choice",
            choices=tuple((k, humanize(k)) for k in KINDS),
        ),
        Field(
            "scheduled_at",
            "When",
            text(current.scheduled_at),
            "tomorrow 10:00, next friday 3pm, 2026-03-14 15:00",
            kind="datetime",
        ),
        Field("with_whom", "With", current.with_whom or "", "names"),
        Field("round", "Round", str(current.round), "1, 2, 3 …", True),
        Field(
            "outcome",
            "Outcome",
            current.outcome or "",
            "not known yet",
            kind="choice",
            choices=tuple((o, o) for o in OUTCOMES),
        ),
        Field("notes", "Notes", current.notes or "", "ctrl+o opens $EDITOR"),
    ]


def edit_interview_dialog(
    app: RungApp, ident: int, on_saved: Callable[[Interview], None] | None = None
) -> None:
    """The edit form of one interview; on save, ``u`` puts the previous values back."""
    store = app.store
    current = get_interview(store, ident)
    before = {name: getattr(current, name) for name in INTERVIEW_FIELDS}
    fields = interview_fields(current)
    shown = {field.name: field.value for field in fields}

    def submit(values: dict[str, str]) -> Interview:
        # only what the user changed: a stored value is never re-read from its display
        return edit_interview(store, ident, {k: v for k, v in values.items() if v != shown[k]})

    def done(result: Interview | None) -> None:
        if result is None:
            return
        changed = [name for name in INTERVIEW_FIELDS if getattr(result, name) != before[name]]
        if not changed:
            app.notify("Nothing changed")
            return
        label = f"interview round {result.round} ({humanize(result.kind)})"
        app.push_undo_step(
            f"Saved {label}",
            UndoStep(
                f"edit of {label}",
                lambda: revert_interview(store, ident, {k: before[k] for k in changed}),
            ),
        )
        if on_saved:
            on_saved(result)

    title = f"Edit: interview round {current.round} ({humanize(current.kind)})"
    app.push_screen(FormScreen(title, fields, submit), done)


def edit_followup_dialog(app: RungApp, ident: int) -> None:
    """Change a follow-up's due date; ``u`` puts the previous one back."""
    store = app.store
    current = get_followup(store, ident)

    def submit(values: dict[str, str]) -> Any:
        try:
            day = parse_user_date(values["due_on"]).isoformat()
        except ValueError as exc:
            raise ValidationError({"due_on": str(exc)}) from None
        return reschedule_followup(store, ident, day)

    def done(result: Any) -> None:
        if result is None:
            return
        if result.due_on == current.due_on:
            app.notify("Nothing changed")
            return
        app.push_undo_step(
            f"Due {result.due_on}: {result.what}",
            UndoStep(
                f"new due date of {result.what}",
                lambda: reschedule_followup(store, ident, current.due_on),
            ),
        )

    app.push_screen(
        FormScreen(
            f"Follow-up: {current.what}",
            [
                Field(
                    "due_on",
                    "Due",
                    current.due_on,
                    "friday, next monday, in 2 weeks, 2026-03-14",
                    True,
                    kind="date",
                ),
            ],
            submit,
        ),
        done,
    )


def open_timeline_item(app: RungApp, entry: TimelineEntry) -> None:
    """Open a timeline item to edit it, or say why it cannot be."""
    if entry.ref_id is None:
        return
    if entry.kind == "interview":
        edit_interview_dialog(app, entry.ref_id)
    elif entry.kind == "followup":
        edit_followup_dialog(app, entry.ref_id)
    else:
        app.notify(READ_ONLY.get(entry.kind, "This item cannot be edited"), severity="warning")


_DELETERS: dict[str, Callable[[Any, int], Tombstone]] = {
    "interview": delete_interview,
    "interaction": delete_interaction,
    "feedback": delete_feedback,
    "followup": delete_followup,
}
_WHAT = {
    "interview": "this interview",
    "interaction": "this interaction",
    "feedback": "this piece of feedback",
    "followup": "this follow-up",
}


def delete_timeline_item(app: RungApp, entry: TimelineEntry) -> None:
    """Confirm, delete one timeline item, and offer undo (``u``)."""
    delete = _DELETERS.get(entry.kind)
    if entry.ref_id is None or delete is None:
        app.notify(NOT_DELETED.get(entry.kind, "This item cannot be deleted"), severity="warning")
        return
    ident = entry.ref_id

    def done(yes: bool | None) -> None:
        if yes:
            app.push_undo(delete(app.store, ident))

    text = entry.text if len(entry.text) <= 120 else entry.text[:119] + "…"
    app.push_screen(
        ConfirmScreen(
            f"Delete {_WHAT[entry.kind]}?",
            f"{entry.at[:16].replace('T', ' ')} · {text}. Press u to undo.",
        ),
        done,
    )
