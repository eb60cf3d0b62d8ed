"""Modal dialogs: a form with messages at the field, a filtered choice list, a confirmation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from rung.core.errors import RungError, ValidationError
from rung.core.visible import visible, visible_same_length
from rung.tui.formatting import escape


class DataInput(Input):
    """An input box for stored text: its control characters are drawn as pictures (``␛``)
    instead of reaching the terminal, one character for one so the cursor stays where it
    is; the value itself is kept exactly as stored."""

    @property
    def _value(self) -> Text:
        if self.password or not self.value:
            return super()._value
        return Text(visible_same_length(self.value), no_wrap=True, overflow="ignore", end="")


@dataclass(frozen=True)
class Field:
    """One input of a form. ``error_keys`` are other names core may report it under."""

    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    required: bool = False
    error_keys: tuple[str, ...] = ()


class FormScreen(ModalScreen[Any]):
    """A form whose ``submit`` callback either returns a result (the dialog closes with it)
    or raises ValidationError, whose messages appear under their fields."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "submit", "Save", id="form.save", tooltip="Save the form"),
        Binding("ctrl+o", "edit_external", "Edit in $EDITOR", id="form.editor",
                tooltip="Edit the focused field in $EDITOR"),
    ]

    def __init__(self, title: str, fields: Sequence[Field],
                 submit: Callable[[dict[str, str]], Any]) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.submit_fn = submit

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form"):
            yield Static(Text(visible(self.form_title)), classes="dialog-title")
            with VerticalScroll(classes="form-fields"):
                for field in self.fields:
                    with Horizontal(classes="form-row"):
                        mark = " *" if field.required else ""
                        yield Label(f"{field.label}{mark}", classes="form-label")
                        yield DataInput(value=field.value, placeholder=field.placeholder,
                                        id=f"field-{field.name}", classes="form-input")
                    yield Label("", id=f"error-{field.name}", classes="form-error")
            yield Static("", id="form-message", classes="form-error")
            yield Static("[b]enter[/] next/save  [b]ctrl+s[/] save  [b]ctrl+o[/] $EDITOR  "
                         "[b]esc[/] cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def values(self) -> dict[str, str]:
        """The current text of every field."""
        return {f.name: self.query_one(f"#field-{f.name}", Input).value for f in self.fields}

    @on(Input.Submitted)
    def _next_or_submit(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_submit()

    def action_submit(self) -> None:
        for field in self.fields:
            self.query_one(f"#error-{field.name}", Label).update("")
            self.query_one(f"#error-{field.name}", Label).remove_class("shown")
        self._message("")
        try:
            result = self.submit_fn(self.values())
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except (RungError, ValueError) as exc:
            self._message(str(exc))
            return
        self.dismiss(result)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Put each message under its field; unknown fields go to the form's message line."""
        leftovers = []
        first: Input | None = None
        for key, message in errors.items():
            field = next((f for f in self.fields if key == f.name or key in f.error_keys), None)
            if field is None:
                leftovers.append(f"{key}: {message}")
                continue
            label = self.query_one(f"#error-{field.name}", Label)
            label.update(f"↳ {escape(message, multiline=False)}")
            label.add_class("shown")
            first = first or self.query_one(f"#field-{field.name}", Input)
        self._message("; ".join(leftovers))
        if first is not None:
            first.focus()

    def _message(self, text: str) -> None:
        message = self.query_one("#form-message", Static)
        message.update(escape(text, multiline=False))
        message.set_class(bool(text), "shown")

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_edit_external(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            from rung.tui.editor import edit_text

            text = edit_text(self.app, focused.value)
            if text is not None:
                focused.value = " ".join(text.split()) if "\n" not in focused.value else text


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a list; typing filters it (fuzzy), enter picks, esc cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel"),
        Binding("down", "down", "Down", show=False, id="choice.down"),
        Binding("up", "up", "Up", show=False, id="choice.up"),
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]],
                 current: str | None = None) -> None:
        """``choices`` are (value, label) pairs."""
        super().__init__()
        self.choice_title = title
        self.choices = list(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="choice"):
            yield Static(Text(visible(self.choice_title)), classes="dialog-title")
            yield Input(placeholder="type to filter", id="choice-filter")
            yield OptionList(id="choice-list")
            yield Static("[b]enter[/] pick  [b]↑↓[/] move  [b]esc[/] cancel",
                         classes="dialog-help")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#choice-filter", Input).focus()

    def _fill(self, text: str) -> None:
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        needle = text.strip().casefold()
        shown = []
        for value, label in self.choices:
            hay = f"{value} {label}".casefold()
            if not needle or all(part in hay for part in needle.split()):
                mark = "  (current)" if value == self.current else ""
                shown.append(Option(Text(visible(label) + mark), id=value))
        option_list.add_options(shown)
        if shown:
            option_list.highlighted = 0

    @on(Input.Changed, "#choice-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#choice-filter")
    def _pick_highlighted(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None and option_list.option_count:
            self.dismiss(option_list.get_option_at_index(option_list.highlighted).id)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y or enter confirms, n or esc cancels."""

    BINDINGS = [
        Binding("y,enter", "yes", "Yes", id="confirm.yes"),
        Binding("n,escape", "no", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="confirm"):
            yield Static(Text(visible(self.question)), classes="dialog-title")
            if self.detail:
                yield Static(Text(visible(self.detail)), classes="dialog-detail")
            yield Static("[b]y[/] yes   [b]n[/]/[b]esc[/] no", classes="dialog-help")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
