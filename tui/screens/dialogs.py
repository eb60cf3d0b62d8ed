"""Modal dialogs: a form with messages at the field, a filtered choice list (one pick or
many ticks), a confirmation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from rung.core.errors import RungError, ValidationError
from rung.core.visible import visible, visible_same_length
from rung.tui.formatting import escape
from rung.tui.widgets.choice_field import BLANK, ChoiceField
from rung.tui.widgets.record_picker import RecordPicker


class DataInput(Input):
    """An input box for stored text: its control characters are drawn as pictures (``␛``)
    instead of reaching the terminal, one character for one so the cursor stays where it
    is; the value itself is kept exactly as stored."""

    @property
    def _value(self) -> Text:
        if self.password or not self.value:
            return super()._value
        return Text(visible_same_length(self.value), no_wrap=True, overflow="ignore", end="")


#: The kinds of field a form can have: text, a day, a moment, one of a list, a link.
FIELD_KINDS = ("text", "date", "datetime", "choice", "application", "contact", "company")
LINK_KINDS = ("application", "contact", "company")
CHROME_ROWS = 8  # the dialog's border, title, message and key line around the fields


@dataclass(frozen=True)
class Field:
    """One input of a form. ``error_keys`` are other names core may report it under.

    ``kind`` is "text", "date" or "datetime" (typed; the day it reads is shown as you
    type), "choice" (one of ``choices``, (value, label) pairs) or a link: "application",
    "contact", "company" (picked by name; the value is the record's id as text, "" for
    none). Whatever the kind, the submit callback gets every value as text.
    """

    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    required: bool = False
    error_keys: tuple[str, ...] = ()
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in FIELD_KINDS:
            raise ValueError(f"unknown field kind {self.kind!r}")

    def answers_to(self, key: str) -> bool:
        """True when core's error ``key`` is about this field: its name, one of its
        ``error_keys``, or the same name with or without ``_id`` (``application_id``)."""

        def bare(name: str) -> str:
            return name.removesuffix("_id")

        return key == self.name or key in self.error_keys or bare(key) == bare(self.name)


def preview_date(field: Field, text: str) -> tuple[str, str | None]:
    """What a date field's text reads as: ("→ Fri 2026-12-11 10:00", None), ("", None)
    for blank, or ("✗ not a date yet", the full message)."""
    from rung.core.dates import describe_moment, parse_user_date, parse_user_datetime

    if not text.strip():
        return "", None
    try:
        iso = (
            parse_user_datetime(text)
            if field.kind == "datetime"
            else parse_user_date(text).isoformat()
        )
    except ValueError as exc:
        return "✗ not a date yet", str(exc)
    return f"→ {describe_moment(iso)}", None


class FormScreen(ModalScreen[Any]):
    """A form whose ``submit`` callback either returns a result (the dialog closes with it)
    or raises ValidationError, whose messages appear under their fields.

    A message stays until its field is edited; a date field shows the day it reads as
    you type; ``esc`` on a changed form asks before the changes are thrown away. ``enter``
    moves to the next field (and saves on the last), ``tab``/``shift+tab`` too.
    """

    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="form.cancel",
            tooltip="Close the form (asks first when something was changed)",
        ),
        Binding("ctrl+s", "submit", "Save", id="form.save", tooltip="Save the form"),
        Binding(
            "ctrl+o",
            "edit_external",
            "Edit in $EDITOR",
            id="form.editor",
            tooltip="Edit the focused field in $EDITOR",
        ),
        Binding(
            "enter",
            "next_field",
            "Next field",
            show=False,
            id="form.next",
            tooltip="Go to the next field (save on the last)",
        ),
        # priority: the App moves the focus before it hands on the keys typed after a tab
        # (a burst from a fast typist or a paste lands in the next field, not the last one)
        Binding(
            "tab",
            "move_field(1)",
            "Next field",
            show=False,
            priority=True,
            id="form.tab",
            tooltip="Go to the next field (round to the first)",
        ),
        Binding(
            "shift+tab",
            "move_field(-1)",
            "Previous field",
            show=False,
            priority=True,
            id="form.back_tab",
            tooltip="Go to the previous field",
        ),
    ]

    def __init__(
        self, title: str, fields: Sequence[Field], submit: Callable[[dict[str, str]], Any]
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.submit_fn = submit
        self.initial: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form"):
            yield Static(Text(visible(self.form_title)), classes="dialog-title")
            yield Static("", id="form-message", classes="form-error form-message")
            with VerticalScroll(classes="form-fields"):
                for field in self.fields:
                    with Horizontal(classes="form-row"):
                        mark = " *" if field.required else ""
                        yield Label(f"{field.label}{mark}", classes="form-label")
                        yield self._widget(field)
                        if field.kind in ("date", "datetime"):
                            yield Static(
                                preview_date(field, field.value)[0],
                                id=f"preview-{field.name}",
                                classes="form-preview",
                            )
                    yield Label("", id=f"error-{field.name}", classes="form-error")
            yield Static(
                "[b]enter[/]/[b]tab[/] next  [b]ctrl+s[/] save  "
                "[b]ctrl+o[/] $EDITOR  [b]esc[/] cancel",
                classes="dialog-help",
            )

    @on(ChoiceField.ListWanted)
    def _choice_list(self, event: ChoiceField.ListWanted) -> None:
        """A choice field's whole list, filtered as you type."""
        event.stop()
        field = event.field
        current = field.value or BLANK
        self.app.push_screen(
            ChoiceScreen(field.title or "Choose", event.choices, current=current), event.picked
        )

    def _widget(self, field: Field) -> Widget:
        ident, classes = f"field-{field.name}", "form-input"
        if field.kind == "choice":
            return ChoiceField(
                field.choices,
                field.value,
                allow_blank=not field.required,
                placeholder=field.placeholder,
                title=field.label,
                id=ident,
                classes=classes,
            )
        if field.kind in LINK_KINDS:
            from rung.core.commands.records import record_choice, record_choices

            store = self.app.store  # type: ignore[attr-defined]
            current = (
                record_choice(store, field.kind, int(field.value))
                if field.value.strip().isdigit()
                else None
            )
            return RecordPicker(
                field.kind,
                lambda: record_choices(store, field.kind),
                current,
                allow_blank=not field.required,
                placeholder=field.placeholder,
                title=f"{field.label}: pick by company, title or name",
                id=ident,
                classes=classes,
            )
        return DataInput(
            value=field.value, placeholder=field.placeholder, id=ident, classes=classes
        )

    def on_mount(self) -> None:
        self.initial = self.values()
        self._fit()
        self.inputs()[0].focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        """The fields scroll when the form is taller than the terminal."""
        fields = self.query_one(".form-fields", VerticalScroll)
        fields.styles.max_height = max(3, self.app.size.height - CHROME_ROWS)

    def inputs(self) -> list[Widget]:
        """The field widgets, in order."""
        return [self.widget_of(f) for f in self.fields]

    def widget_of(self, field: Field) -> Widget:
        """The widget that edits ``field``."""
        return self.query_one(f"#field-{field.name}")

    def field_of(self, widget: Widget | None) -> Field | None:
        """The field ``widget`` edits, or None."""
        ident = (widget.id or "") if widget is not None else ""
        return next((f for f in self.fields if ident == f"field-{f.name}"), None)

    def values(self) -> dict[str, str]:
        """The current value of every field as text (a link: the record's id, or "")."""
        out = {}
        for field in self.fields:
            widget = self.widget_of(field)
            if isinstance(widget, RecordPicker):
                out[field.name] = "" if widget.value is None else str(widget.value)
            elif isinstance(widget, ChoiceField):
                out[field.name] = widget.value
            else:
                out[field.name] = cast(Input, widget).value
        return out

    def changed(self) -> bool:
        """True when a field differs from what the form opened with."""
        return bool(self.initial) and self.values() != self.initial

    # -- moving between fields ------------------------------------------------------------

    def advance(self, widget: Widget) -> None:
        """Focus the field after ``widget``; on the last one, save."""
        inputs = self.inputs()
        if widget not in inputs:
            return
        index = inputs.index(widget)
        if index + 1 < len(inputs):
            self.set_focus(inputs[index + 1])  # now, not after the queued keys (focus())
        else:
            self.action_submit()

    def action_move_field(self, step: int) -> None:
        """Tab / shift+tab: the next or previous field, going round; never saves."""
        inputs = self.inputs()
        focused = self.focused
        current = next(
            (
                i
                for i, w in enumerate(inputs)
                if focused is not None and (w is focused or w in focused.ancestors)
            ),
            None,
        )
        if current is None:
            self.focus_next() if step > 0 else self.focus_previous()
            return
        self.set_focus(inputs[(current + step) % len(inputs)])

    @on(Input.Submitted, ".form-input")
    def _next_or_submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.advance(event.input)

    def action_next_field(self) -> None:
        if self.focused is not None:
            self.advance(self.focused)

    # -- messages at the field ------------------------------------------------------------

    @on(Input.Changed, ".form-input")
    def _input_changed(self, event: Input.Changed) -> None:
        field = self.field_of(event.input)
        if field is None:
            return
        self.clear_error(field)
        if field.kind in ("date", "datetime"):
            shown, _ = preview_date(field, event.value)
            preview = self.query_one(f"#preview-{field.name}", Static)
            preview.update(shown)
            preview.set_class(shown.startswith("✗"), "bad")

    @on(ChoiceField.Changed)
    def _choice_changed(self, event: ChoiceField.Changed) -> None:
        field = self.field_of(event.field)
        if field is not None:
            self.clear_error(field)

    @on(RecordPicker.Changed)
    def _link_changed(self, event: RecordPicker.Changed) -> None:
        field = self.field_of(event.picker)
        if field is None:
            return
        self.clear_error(field)
        if event.picked:
            inputs = self.inputs()
            index = inputs.index(event.picker)
            target = inputs[index + 1] if index + 1 < len(inputs) else event.picker
            self.call_after_refresh(target.focus)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving a date field that does not read as a date says why, at once."""
        field = self.field_of(cast(Widget, event.widget))
        if field is None or field.kind not in ("date", "datetime"):
            return
        _, problem = preview_date(field, self.values()[field.name])
        if problem:
            self.show_error(field, problem)

    def clear_error(self, field: Field) -> None:
        """Take away the message under ``field``."""
        label = self.query_one(f"#error-{field.name}", Label)
        if label.has_class("shown"):
            label.update("")
            label.remove_class("shown")

    def show_error(self, field: Field, message: str) -> None:
        """Show ``message`` under ``field``."""
        label = self.query_one(f"#error-{field.name}", Label)
        label.update(f"↳ {escape(message, multiline=False)}")
        label.add_class("shown")

    def action_submit(self) -> None:
        for field in self.fields:
            self.clear_error(field)
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
        """Put each message under its field; a message about no field of the form goes to
        the line under the title (never under a field it is not about)."""
        leftovers = []
        first: Widget | None = None
        for key, message in errors.items():
            field = next((f for f in self.fields if f.answers_to(key)), None)
            if field is None:
                leftovers.append(f"{key.removesuffix('_id').replace('_', ' ')}: {message}")
                continue
            self.show_error(field, message)
            first = first or self.widget_of(field)
        self._message("; ".join(leftovers))
        if first is not None:
            first.focus()

    def _message(self, text: str) -> None:
        message = self.query_one("#form-message", Static)
        message.update(escape(text, multiline=False))
        message.set_class(bool(text), "shown")

    def action_cancel(self) -> None:
        close_or_confirm(
            self, self.changed(), "Throw away the changes to this form?", "Nothing of it is saved."
        )

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

    def __init__(
        self, title: str, choices: Sequence[tuple[str, str]], current: str | None = None
    ) -> None:
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
            yield Static("[b]enter[/] pick  [b]↑↓[/] move  [b]esc[/] cancel", classes="dialog-help")

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
            current = next((i for i, option in enumerate(shown) if option.id == self.current), 0)
            option_list.highlighted = current if not needle else 0

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


class MultiPickList(SelectionList[str]):
    """The multi-pick's list: letters go to its filter (a ``Typed`` message), space
    ticks, the arrows move."""

    class Typed(Message):
        """A letter for the filter (``"\\b"``: take the last one back)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        """Printable keys filter the list: the app's letter keys wait."""
        return (
            character is not None and character.isprintable() and character != " "
        ) or key == "backspace"

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if event.key == "backspace":
            text = "\b"
        elif character is not None and character.isprintable() and character != " ":
            text = character
        else:
            return
        event.stop()
        event.prevent_default()
        self.post_message(self.Typed(text))


class MultiChoiceScreen(ModalScreen[list[str] | None]):
    """Tick any of a list: typing filters it, space ticks or unticks, enter saves the
    ticked values (in the list's order), esc cancels (None)."""

    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="multi.cancel",
            tooltip="Close the list; nothing changes",
        ),
        Binding(
            "enter",
            "save",
            "Save",
            priority=True,
            id="multi.save",
            tooltip="Save the ticked choices",
        ),
    ]

    def __init__(
        self, title: str, choices: Sequence[tuple[str, str]], ticked: Sequence[str] = ()
    ) -> None:
        """``choices`` are (value, label) pairs; ``ticked`` the values ticked at first."""
        super().__init__()
        self.choice_title = title
        self.choices = list(choices)
        self.ticked = set(ticked)
        self.filter_text = ""
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="choice multi"):
            yield Static(Text(visible(self.choice_title)), classes="dialog-title")
            yield Static("", id="multi-filter")
            yield MultiPickList(id="multi-list")
            yield Static("", id="multi-help", classes="dialog-help")

    def on_mount(self) -> None:
        self._fill()
        self.query_one(MultiPickList).focus()

    def _keep_ticks(self) -> None:
        """Fold the list's ticks into ``ticked`` (the rows filtered out keep theirs)."""
        if self.is_mounted:
            shown = set(self.shown)
            self.ticked = (self.ticked - shown) | set(self.query_one(MultiPickList).selected)

    def _fill(self) -> None:
        self._keep_ticks()
        needle = self.filter_text.strip().casefold()
        box = self.query_one(MultiPickList)
        box.clear_options()
        self.shown = []
        options = []
        for value, label in self.choices:
            hay = f"{value} {label}".casefold()
            if needle and not all(part in hay for part in needle.split()):
                continue
            self.shown.append(value)
            options.append(Selection(Text(visible(label)), value, value in self.ticked))
        box.add_options(options)
        if options:
            box.highlighted = 0
        shown = f"filter: {visible(self.filter_text)}▏" if self.filter_text else "type to filter"
        self.query_one("#multi-filter", Static).update(
            Text(shown, style="dim" if not self.filter_text else "")
        )
        self._help()

    def _help(self) -> None:
        count = len(self.ticked)
        found = "" if self.shown else "nothing found: backspace  "
        self.query_one("#multi-help", Static).update(
            f"{found}[b]space[/] tick  [b]enter[/] save ({count} ticked)  [b]esc[/] cancel"
        )

    @on(MultiPickList.Typed)
    def _typed(self, event: MultiPickList.Typed) -> None:
        self.filter_text = (
            self.filter_text[:-1] if event.text == "\b" else self.filter_text + event.text
        )
        self._fill()

    @on(SelectionList.SelectedChanged)
    def _ticked(self) -> None:
        self._keep_ticks()
        self._help()

    def action_save(self) -> None:
        self._keep_ticks()
        self.dismiss([value for value, _ in self.choices if value in self.ticked])

    def action_cancel(self) -> None:
        self.dismiss(None)


def close_or_confirm(screen: ModalScreen[Any], changed: bool, question: str, detail: str) -> None:
    """Close a dialog with nothing; when the user ``changed`` something, ask first."""
    if not changed:
        screen.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            screen.dismiss(None)

    screen.app.push_screen(ConfirmScreen(question, detail), answered)
