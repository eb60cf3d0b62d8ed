"""Asking back (issue 16): the draft dialog (who it goes to, about what, the message to edit
in place or in $EDITOR, copy it, mark it sent) and the dialog that logs the answer.

Other screens call ``ask_why`` (a vague or reason-less rejection), ``ask_contact`` (an
intro or a referral) and ``answer_why``; each says a RungError in a toast.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static, TextArea

from rung.core.asks import (
    Answered,
    Draft,
    Sent,
    UnrecognizedAnswer,
    draft_contact_ask,
    draft_why,
    get_ask,
    mark_sent,
    record_answer,
)
from rung.core.clock import today
from rung.core.dates import describe_moment
from rung.core.errors import RungError, ValidationError
from rung.core.visible import visible
from rung.tui.screens.dialogs import Field, FormScreen, close_or_confirm
from rung.tui.widgets.record_picker import RecordPicker

_TITLES = {"why": "Ask why", "intro": "Ask for an intro", "referral": "Ask for a referral"}


def _line(text: str) -> Text:
    """One line of the dialog's header, cut with an ellipsis when too long."""
    return Text(visible(text), no_wrap=True, overflow="ellipsis")


class AskScreen(ModalScreen[Sent | None]):
    """A drafted ask: edit the message, copy it into your mail, then say it was sent."""

    BINDINGS = [
        Binding(
            "ctrl+s",
            "sent",
            "Sent",
            id="ask.sent",
            priority=True,
            tooltip="It was sent: log the interaction and a follow-up in 5 days",
        ),
        Binding(
            "ctrl+y",
            "copy",
            "Copy",
            id="ask.copy",
            priority=True,
            tooltip="Copy the message to the clipboard (OSC 52) to paste into your mail",
        ),
        Binding(
            "ctrl+e",
            "edit_external",
            "$EDITOR",
            id="ask.editor",
            priority=True,
            tooltip="Edit the message in $EDITOR",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="ask.cancel",
            tooltip="Close without logging anything (asks first when edited)",
        ),
    ]

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft

    def compose(self) -> ComposeResult:
        d = self.draft
        with Vertical(id="dialog", classes="ask"):
            yield Static(
                Text(visible(f"{_TITLES.get(d.kind, 'Ask')} · {d.company} — {d.title}")),
                classes="dialog-title",
            )
            if d.contact_id is not None:
                to = d.contact_name or ""
                yield Static(
                    _line(f"To       {to}" + (f" <{d.to}>" if d.to else "")),
                    id="ask-to",
                    classes="ask-line",
                )
            else:
                from rung.core.commands.records import record_choices

                store = self.app.store  # type: ignore[attr-defined]
                with Horizontal(classes="ask-pick"):
                    yield Label("To", classes="ask-label")
                    yield RecordPicker(
                        "contact",
                        lambda: record_choices(store, "contact"),
                        None,
                        allow_blank=True,
                        placeholder="nobody known: pick who",
                        title="Who did you send it to?",
                        id="ask-contact",
                    )
            yield Static(_line(f"About    {d.about}"), id="ask-about", classes="ask-line")
            yield Static(_line(f"Subject  {d.subject}"), id="ask-subject", classes="ask-line")
            yield TextArea(
                visible(d.text, multiline=True),
                id="ask-text",
                soft_wrap=True,
                show_line_numbers=False,
            )
            yield Static("", id="ask-message", classes="form-error")
            yield Static(
                "[b]ctrl+s[/] sent  [b]ctrl+y[/] copy  [b]ctrl+e[/] $EDITOR  [b]esc[/] cancel",
                classes="dialog-help",
            )

    def on_mount(self) -> None:
        self.original = self.text
        self.query_one("#ask-text", TextArea).focus()

    @property
    def text(self) -> str:
        """The message as it stands in the editor."""
        return self.query_one("#ask-text", TextArea).text

    def _contact_id(self) -> int | None:
        if self.draft.contact_id is not None:
            return self.draft.contact_id
        value = self.query_one("#ask-contact", RecordPicker).value
        return int(value) if value is not None else None

    def _say(self, message: str) -> None:
        shown = self.query_one("#ask-message", Static)
        shown.update(Text(visible(message)))
        shown.set_class(bool(message), "shown")

    def action_sent(self) -> None:
        try:
            sent = mark_sent(
                self.app.store,
                self.draft,
                message=self.text,  # type: ignore
                contact_id=self._contact_id(),
            )
        except ValidationError as exc:
            if "contact" in exc.errors and self.draft.contact_id is None:
                self._say("Pick who you sent it to (To), then ctrl+s")
                self.query_one("#ask-contact", RecordPicker).focus()
            else:
                self._say("; ".join(exc.errors.values()))
            return
        except RungError as exc:
            self._say(str(exc))
            return
        self.app.notify(
            f"Logged as sent to {sent.contact_name} · follow-up "
            f"{describe_moment(sent.follow_up_on)} if no answer",
            title=_TITLES.get(self.draft.kind, "Ask"),
        )
        self.dismiss(sent)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.app.notify("Copied — paste it into your mail")

    def action_edit_external(self) -> None:
        from rung.tui.editor import edit_text

        edited = edit_text(self.app, self.text)
        if edited is not None:
            self.query_one("#ask-text", TextArea).text = edited + "\n"

    def action_cancel(self) -> None:
        close_or_confirm(
            self,
            self.text != self.original,
            "Throw away your edits to this message?",
            "Nothing is logged.",
        )


def _toast_error(screen: Screen, exc: RungError) -> None:
    screen.app.notify(str(exc), severity="error")


def open_ask(screen: Screen, draft: Draft) -> None:
    """Show the draft dialog for ``draft``."""
    screen.app.push_screen(AskScreen(draft))


def ask_why(screen: Screen, feedback_id: int) -> None:
    """Draft the "which experience?" / "what was missing?" message for a piece of feedback
    and open it; a RungError (not an ask, no such feedback) is a toast."""
    try:
        draft = draft_why(screen.app.store, feedback_id)  # type: ignore[attr-defined]
    except RungError as exc:
        _toast_error(screen, exc)
        return
    open_ask(screen, draft)


def ask_contact(screen: Screen, kind: str, application_id: int, contact_id: int) -> None:
    """Draft an intro (``kind="intro"``) or referral ask to a contact and open it."""
    try:
        draft = draft_contact_ask(
            screen.app.store,  # type: ignore[attr-defined]
            kind,
            application_id,
            contact_id,
        )
    except RungError as exc:
        _toast_error(screen, exc)
        return
    open_ask(screen, draft)


def answer_why(screen: Screen, feedback_id: int) -> None:
    """Ask for the answer to a why-ask (what they said, when) and log it."""
    store: Any = screen.app.store  # type: ignore[attr-defined]
    try:
        ask = get_ask(store, feedback_id)
    except RungError as exc:
        _toast_error(screen, exc)
        return

    def submit(values: dict[str, str]) -> Answered | UnrecognizedAnswer:
        try:
            return record_answer(store, feedback_id, values["answer"], values["date"] or None)
        except UnrecognizedAnswer as exc:  # nothing written: the user picks the gap
            exc.on = values["date"] or None  # type: ignore[attr-defined]
            return exc
        except ValidationError as exc:
            raise ValidationError(
                {("answer" if k == "answer" else "date"): v for k, v in exc.errors.items()}
            ) from None

    def logged(result: Answered) -> None:
        screen.app.notify(answer_message(store, result), title="Answer logged")

    def pick_gap(unknown: UnrecognizedAnswer) -> None:
        """Which gap the answer names, rung's best guesses first (the pick teaches rung)."""
        from rung.core.clustering.guesses import gap_label
        from rung.tui.screens.dialogs import ChoiceScreen

        def picked(slug: str | None) -> None:
            if not slug:
                screen.app.notify("Nothing logged", severity="warning")
                return
            try:
                logged(
                    record_answer(
                        store, feedback_id, unknown.answer, getattr(unknown, "on", None), gap=slug
                    )
                )
            except RungError as exc:
                _toast_error(screen, exc)

        screen.app.push_screen(
            ChoiceScreen(
                f"Which gap is “{visible(unknown.answer)}”? (best guesses first)",
                [(slug, gap_label(store, slug)) for slug in unknown.guesses],
            ),
            picked,
        )

    def done(result: Answered | UnrecognizedAnswer | None) -> None:
        if isinstance(result, UnrecognizedAnswer):
            pick_gap(result)
        elif result is not None:
            logged(result)

    who = ask.contact.first_name if ask.contact else "they"
    screen.app.push_screen(
        FormScreen(
            f"What did {who} say? · {ask.company} — {ask.title}",
            [
                Field(
                    "answer",
                    "Answer",
                    "",
                    "the experience or reason they named (ctrl+o: $EDITOR)",
                    required=True,
                ),
                Field("date", "Received", today().isoformat(), kind="date"),
            ],
            submit,
        ),
        done,
    )


def answer_message(store: Any, result: Answered) -> str:
    """The toast after an answer: where it was filed, and what moved with it."""
    from rung.core.clustering.guesses import gap_label

    if result.why == "generic" and result.clarified_gap:
        return (
            f"The “more experience” feedback is now {gap_label(store, result.clarified_gap)}"
            ", with their answer"
        )
    if result.answer_gap:
        return f"Filed under {gap_label(store, result.answer_gap)}"
    return "Logged; it names no known gap yet (see Unclustered on the Gaps screen)"
