"""Before an add form saves a record rung probably keeps already: ask.

``add_or_ask`` wraps the add of a form's submit: a possible duplicate (see
``rung.core.commands.duplicates``) is not added; a question opens over the form ("Possible
duplicate of contact 12 Dana Reyes (Acme) — add anyway?"): ``y`` adds it anyway and the form
closes with the new record, ``n`` closes the form and opens the existing record, ``esc``
goes back to the form (which shows the match under its fields).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from rung.core.commands.duplicates import PossibleDuplicate
from rung.core.errors import RungError
from rung.core.visible import visible

if TYPE_CHECKING:
    from rung.tui.app import RungApp

T = TypeVar("T")


class DuplicateScreen(ModalScreen[str | None]):
    """Possible duplicate of …: ``y`` adds anyway ("add"), ``n`` opens the existing record
    ("open"), ``esc`` returns to the form (None)."""

    BINDINGS = [
        Binding(
            "y",
            "answer('add')",
            "Add anyway",
            id="duplicate.add",
            tooltip="Add the new record all the same",
        ),
        Binding(
            "n",
            "answer('open')",
            "Open the existing one",
            id="duplicate.open",
            tooltip="Do not add it: open the record rung keeps already",
        ),
        Binding(
            "escape",
            "answer(None)",
            "Back to the form",
            id="duplicate.back",
            tooltip="Back to the form, to change it",
        ),
    ]

    def __init__(self, error: PossibleDuplicate) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        first = self.error.matches[0]
        others = self.error.matches[1:]
        with Vertical(id="dialog", classes="confirm duplicate"):
            yield Static(
                Text(visible(f"Possible duplicate of {first.describe()} — add anyway?")),
                classes="dialog-title",
            )
            if others:
                yield Static(
                    Text(visible("Also like: " + "; ".join(m.describe() for m in others[:3]))),
                    classes="dialog-detail",
                )
            yield Static(
                "[b]y[/] add anyway   [b]n[/] open the existing one   [b]esc[/] back to the form",
                classes="dialog-help",
            )

    def action_answer(self, choice: str | None) -> None:
        self.dismiss(choice)


def add_or_ask(app: RungApp, add: Callable[[bool], T]) -> T:
    """``add(False)`` (refusing a possible duplicate) for a form's submit. On a possible
    duplicate the question opens over the form and ``PossibleDuplicate`` goes on to the
    form (it shows the match and stays open); ``y`` then runs ``add(True)`` and closes the
    form with its record, ``n`` closes the form and opens the existing record."""
    try:
        return add(False)
    except PossibleDuplicate as error:
        form = app.screen
        match = error.matches[0]

        def answered(choice: str | None) -> None:
            if choice == "add":
                try:
                    record = add(True)
                except RungError as problem:  # a locked or full database: said, form kept
                    app.notify(str(problem), severity="error", markup=False)
                    return
                form.dismiss(record)
            elif choice == "open":
                form.dismiss(None)
                app.call_later(app.open_record, match.kind, match.id)

        app.push_screen(DuplicateScreen(error), answered)
        raise
