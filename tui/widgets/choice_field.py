"""A compact select for forms: one line, type-ahead, the whole list on space."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from rung.core.visible import visible

#: How long after a key the next one still extends the typed prefix.
TYPE_AHEAD_SECONDS = 1.0
#: The choice id a ChoiceScreen returns for "no value" (an empty id is no id).
BLANK = "\x00blank"


class ChoiceField(Widget, can_focus=True):
    """One of a fixed list of values (stage, kind, outcome, relationship, level).

    Typing jumps to the first choice whose label or value starts with what was typed
    (within a second of each other keys extend the prefix; the same letter again moves
    to the next choice with it); ``←``/``→`` step through the choices, ``space`` opens
    the whole list (filtered as you type), ``backspace`` blanks it when blank is allowed.
    ``value`` is the chosen value, ``""`` for blank.
    """

    DEFAULT_CSS = """
    ChoiceField {
        width: 1fr;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    ChoiceField:focus {
        background: $accent 30%;
    }
    """

    BINDINGS = [
        Binding(
            "right",
            "step(1)",
            "Next choice",
            show=False,
            id="choice_field.next",
            tooltip="The next choice of the list",
        ),
        Binding(
            "left",
            "step(-1)",
            "Previous choice",
            show=False,
            id="choice_field.previous",
            tooltip="The previous choice of the list",
        ),
        Binding(
            "space",
            "open_list",
            "All choices",
            id="choice_field.list",
            tooltip="Show every choice, filtered as you type",
        ),
        Binding(
            "backspace,delete",
            "blank",
            "Blank",
            show=False,
            id="choice_field.blank",
            tooltip="Leave the field blank (when it may be)",
        ),
    ]

    value: reactive[str] = reactive("", init=False)

    class Changed(Message):
        """The chosen value changed (``value`` is ``""`` for blank)."""

        def __init__(self, field: ChoiceField, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> ChoiceField:
            return self.field

    class ListWanted(Message):
        """The whole list was asked for (``l``): the form shows it and calls ``picked``
        with the choice (``BLANK`` for blank) or None (a widget opens no screen itself)."""

        def __init__(
            self,
            field: ChoiceField,
            choices: list[tuple[str, str]],
            picked: Callable[[str | None], None],
        ) -> None:
            super().__init__()
            self.field = field
            self.choices = choices
            self.picked = picked

        @property
        def control(self) -> ChoiceField:
            return self.field

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        value: str = "",
        *,
        allow_blank: bool = True,
        placeholder: str = "",
        title: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``choices`` are (value, label) pairs; a ``value`` not among them (an old or
        imported one) is kept as one more choice, so an edit never loses it."""
        super().__init__(id=id, classes=classes)
        self.choices = list(choices)
        if value and value not in {v for v, _ in self.choices}:
            self.choices.append((value, value))
        self.allow_blank = allow_blank
        self.placeholder = placeholder
        self.title = title
        self._typed = ""
        self._typed_at = 0.0
        self.set_reactive(
            ChoiceField.value,
            value if value or allow_blank or not self.choices else self.choices[0][0],
        )

    # -- showing ------------------------------------------------------------------------

    def label_of(self, value: str) -> str:
        """The label of a value ("" for blank)."""
        return next((label for v, label in self.choices if v == value), value)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.value:
            text.append(visible(self.label_of(self.value), multiline=False))
        else:
            text.append("—", style="dim")
            if self.placeholder:
                text.append(f"  {self.placeholder}", style="dim")
        if self.has_focus:
            text.append("   type to jump · ←→ · space: all", style="dim")
        return text

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))

    def _on_focus(self, event: events.Focus) -> None:
        self._typed = ""
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # -- choosing -----------------------------------------------------------------------

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        """Printable keys jump in the list: the screen's and app's letter keys wait."""
        return character is not None and character.isprintable() and character != " "

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if character is None or not character.isprintable() or character == " ":
            return
        event.stop()
        event.prevent_default()
        self.type_ahead(character)

    def type_ahead(self, character: str) -> bool:
        """Jump to the choice that starts with the typed prefix; False (and a bell)
        when none does."""
        now = time.monotonic()
        if now - self._typed_at > TYPE_AHEAD_SECONDS:
            self._typed = ""
        self._typed_at = now
        key = character.casefold()
        if self._typed == key * len(self._typed):  # a first letter, or the same again
            self._typed += key
            found = self._find(key, after=self.value)  # the next choice with it
        else:
            self._typed += key
            found = self._find(self._typed)
            if found is None:  # no choice goes on like that: start again from this key
                self._typed = key
                found = self._find(key, after=self.value)
        if found is None:
            self.app.bell()
            return False
        self.value = found
        return True

    def _starts(self, value: str, prefix: str) -> bool:
        label = self.label_of(value).casefold()
        words = label.replace("_", " ").replace("-", " ").split()
        return (
            label.startswith(prefix)
            or value.casefold().startswith(prefix)
            or any(word.startswith(prefix) for word in words)
        )

    def _find(self, prefix: str, after: str | None = None) -> str | None:
        """The first value whose label, value or one of its words starts with ``prefix``
        (labels first, then words), from the choice after ``after`` round to it."""
        values = [v for v, _ in self.choices]
        start = values.index(after) + 1 if after in values else 0
        ordered = values[start:] + values[:start]
        whole = [
            v
            for v in ordered
            if self.label_of(v).casefold().startswith(prefix) or v.casefold().startswith(prefix)
        ]
        if whole:
            return whole[0]
        return next((v for v in ordered if self._starts(v, prefix)), None)

    def action_step(self, delta: int) -> None:
        """Move to the next (1) or previous (-1) choice, round the list."""
        values = [v for v, _ in self.choices]
        if self.allow_blank:
            values = ["", *values]
        if not values:
            return
        at = values.index(self.value) if self.value in values else 0
        self.value = values[(at + delta) % len(values)]

    def action_blank(self) -> None:
        if self.allow_blank:
            self.value = ""
        else:
            self.app.bell()

    def action_open_list(self) -> None:
        """The whole list in a dialog, filtered as you type; enter picks."""
        choices = [(BLANK, f"— {self.placeholder or 'none'}")] if self.allow_blank else []
        choices += self.choices

        def picked(choice: str | None) -> None:
            if choice is not None:
                self.value = "" if choice == BLANK else choice
            self.focus()

        self.post_message(self.ListWanted(self, choices, picked))
