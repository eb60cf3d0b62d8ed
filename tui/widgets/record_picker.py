"""A form's link to a record, picked by name: the field shows the chosen record's label;
enter, space or typing opens a list found by company, title and name as you type (the
command palette's matcher), enter picks, esc leaves the field as it was."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.fuzzy import Matcher
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from rung.core.commands.records import RecordChoice
from rung.core.visible import visible
from rung.tui.fuzzy import NameIndex

SHOWN = 20  # records listed per keystroke (the list shows 15)
NONE_ID = "none"  # the option that leaves the link blank

Loader = Callable[[], Sequence[RecordChoice]]


class Candidates:
    """A picker's records and their word index, loaded once per form: in a thread while
    the form is filled in, or at the latest when the list opens."""

    def __init__(self, loader: Loader) -> None:
        self.loader = loader
        self._loaded: tuple[list[RecordChoice], NameIndex] | None = None
        self._lock = threading.Lock()

    def get(self) -> tuple[list[RecordChoice], NameIndex]:
        """The records (most recently changed first) and their index."""
        with self._lock:
            if self._loaded is None:
                choices = list(self.loader())
                index = NameIndex([c.label for c in choices], [c.search for c in choices])
                self._loaded = (choices, index)
            return self._loaded


@dataclass(frozen=True)
class Picked:
    """What the picker list returns: a record, or ``choice`` None for "no link"."""

    choice: RecordChoice | None


class RecordPicker(Widget, can_focus=True):
    """A link to an application, a contact or a company, shown by its label.

    ``value`` is the record's id (None: no link); ``loader`` gives the candidates, read in
    a thread once the field is shown (a form with a picker opens as fast as one without,
    and the list opens without waiting for the query).
    """

    DEFAULT_CSS = """
    RecordPicker {
        width: 1fr;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    RecordPicker:focus {
        background: $accent 30%;
    }
    """

    BINDINGS = [
        Binding(
            "enter,space",
            "open_list",
            "Pick",
            id="record_picker.open",
            tooltip="Find the record by company, title or name",
        ),
        Binding(
            "backspace,delete",
            "blank",
            "No link",
            show=False,
            id="record_picker.blank",
            tooltip="Link no record (when the link is optional)",
        ),
    ]

    class Changed(Message):
        """The linked record changed; ``picked`` when it was chosen from the list."""

        def __init__(self, picker: RecordPicker, value: int | None, picked: bool) -> None:
            super().__init__()
            self.picker = picker
            self.value = value
            self.picked = picked

        @property
        def control(self) -> RecordPicker:
            return self.picker

    def __init__(
        self,
        kind: str,
        loader: Loader,
        current: RecordChoice | None = None,
        *,
        allow_blank: bool = True,
        placeholder: str = "",
        title: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.kind = kind
        self.candidates = Candidates(loader)
        self.current = current
        self.allow_blank = allow_blank
        self.placeholder = placeholder
        self.title = title or f"Pick the {kind}"
        self.list_screen: PickerScreen | None = None

    @property
    def value(self) -> int | None:
        """The linked record's id, or None."""
        return self.current.id if self.current else None

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.current is not None:
            text.append(visible(self.current.label, multiline=False))
        else:
            text.append("—", style="dim")
            text.append(f"  {self.placeholder or 'none'}", style="dim")
        if self.has_focus:
            text.append("   type or enter to find", style="dim")
        return text

    def on_mount(self) -> None:
        self.run_worker(
            self.candidates.get, thread=True, group="record-picker", exit_on_error=False
        )

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    def set_choice(self, choice: RecordChoice | None, *, picked: bool = False) -> None:
        """Link ``choice`` (None: no link) and say so."""
        self.current = choice
        self.refresh()
        self.post_message(self.Changed(self, self.value, picked))

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        """Printable keys start a search: the screen's and app's letter keys wait."""
        return character is not None and character.isprintable() and character != " "

    def on_key(self, event: events.Key) -> None:
        character = event.character
        if character is None or not character.isprintable() or character == " ":
            return
        event.stop()
        event.prevent_default()
        if self.list_screen is not None:  # keys that raced the list's opening
            self.list_screen.add_text(character)
        else:
            self.action_open_list(character)

    def action_open_list(self, text: str = "") -> None:
        """Open the list, its filter starting with ``text``."""
        if self.list_screen is not None:  # an enter that raced the list: it picks
            self.list_screen.pick_when_ready()
            return

        def done(result: Picked | None) -> None:
            self.list_screen = None
            if result is not None:
                self.set_choice(result.choice, picked=True)

        self.list_screen = PickerScreen(
            self.title, self.candidates, self.current, allow_blank=self.allow_blank, text=text
        )
        self.app.push_screen(self.list_screen, done)

    def action_blank(self) -> None:
        if self.allow_blank:
            self.set_choice(None)
        else:
            self.app.bell()


def _highlight(matcher: Matcher, label: str) -> Content:
    """``label`` with the letters the matcher matched underlined: as plain text (a
    name with ``[`` in it is not markup), unlike ``Matcher.highlight``."""
    content = Content(label)
    _, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content


class FilterInput(Input):
    """The picker's filter: the list follows each keystroke in the same frame (its
    ``Changed`` message would come a frame later)."""

    def __init__(self, follow: Callable[[str], None], **kwargs: object) -> None:
        self.follow = follow
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def watch_value(self, value: str) -> None:
        self.follow(value)


class PickerScreen(ModalScreen[Picked | None]):
    """Records found by every typed word (typos forgiven), best first; with an empty
    filter the current one, then the most recently changed."""

    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="picker.cancel",
            tooltip="Close the list; the field keeps its record",
        ),
        Binding(
            "down",
            "move(1)",
            "Down",
            show=False,
            id="picker.down",
            tooltip="The next record of the list",
        ),
        Binding(
            "up",
            "move(-1)",
            "Up",
            show=False,
            id="picker.up",
            tooltip="The previous record of the list",
        ),
        Binding(
            "pagedown",
            "move(10)",
            "Page down",
            show=False,
            id="picker.page_down",
            tooltip="Ten records down",
        ),
        Binding(
            "pageup",
            "move(-10)",
            "Page up",
            show=False,
            id="picker.page_up",
            tooltip="Ten records up",
        ),
    ]

    def __init__(
        self,
        title: str,
        candidates: Candidates | Loader,
        current: RecordChoice | None = None,
        *,
        allow_blank: bool = True,
        text: str = "",
    ) -> None:
        super().__init__()
        self.picker_title = title
        self.candidates = (
            candidates if isinstance(candidates, Candidates) else Candidates(candidates)
        )
        self.current = current
        self.allow_blank = allow_blank
        self.pending = text
        self.pick_pending = False
        self.choices: list[RecordChoice] = []
        self.index: NameIndex | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="choice picker"):
            yield Static(Text(visible(self.picker_title)), classes="dialog-title")
            yield FilterInput(
                self.filter_now,
                value=self.pending,
                placeholder="company, title or name",
                id="picker-filter",
            )
            yield OptionList(id="picker-list")
            yield Static("", id="picker-status", classes="dialog-help")

    def on_mount(self) -> None:
        self.choices, self.index = self.candidates.get()
        box = self.query_one("#picker-filter", Input)
        box.cursor_position = len(box.value)
        box.focus()
        self._fill(box.value)
        if self.pick_pending:
            self._pick_highlighted()

    def pick_when_ready(self) -> None:
        """Pick the highlighted record as soon as the list is shown (an enter typed
        before the list had the focus)."""
        if self.index is not None and self.is_mounted:
            self._pick_highlighted()
        else:
            self.pick_pending = True

    def add_text(self, text: str) -> None:
        """Type ``text`` at the end of the filter (keys that came before it had focus)."""
        try:
            box = self.query_one("#picker-filter", Input)
        except Exception:  # not composed yet
            self.pending += text
            return
        box.value += text
        box.cursor_position = len(box.value)

    def _fill(self, query: str) -> None:
        option_list = self.query_one("#picker-list", OptionList)
        option_list.clear_options()
        options: list[Option] = []
        if not query.strip():
            if self.allow_blank:
                options.append(Option(Content.styled("— no link", "dim"), id=NONE_ID))
            shown = [c for c in self.choices if self.current is None or c.id != self.current.id]
            if self.current is not None:
                shown.insert(0, self.current)
            for choice in shown[:SHOWN]:
                mark = "  (current)" if self.current and choice.id == self.current.id else ""
                options.append(
                    Option(
                        Content(visible(choice.label, multiline=False) + mark), id=str(choice.id)
                    )
                )
            found = len(self.choices)
        else:
            assert self.index is not None
            matcher = Matcher(query)
            best = self.index.best(query, matcher, SHOWN)
            for _, at in best:
                choice = self.choices[at]
                options.append(
                    Option(
                        _highlight(matcher, visible(choice.label, multiline=False)),
                        id=str(choice.id),
                    )
                )
            found = len(best)
        option_list.add_options(options)
        if options:
            at = (
                1
                if (options[0].id == NONE_ID and self.current is not None and len(options) > 1)
                else 0
            )
            option_list.highlighted = at
        status = self.query_one("#picker-status", Static)
        total = len(self.choices)
        what = (
            f"{total} to pick from"
            if not query.strip()
            else f"{found} found"
            if found
            else "nothing found: fewer words?"
        )
        status.update(f"{what}   [b]enter[/] pick  [b]↑↓[/] move  [b]esc[/] cancel")

    def filter_now(self, text: str) -> None:
        """Show the records ``text`` finds (once the candidates are loaded)."""
        if self.index is not None and self.is_mounted:
            self._fill(text)

    @on(Input.Submitted, "#picker-filter")
    def _pick_highlighted(self) -> None:
        option_list = self.query_one("#picker-list", OptionList)
        if option_list.highlighted is not None and option_list.option_count:
            self._pick(option_list.get_option_at_index(option_list.highlighted).id)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def _pick(self, ident: str | None) -> None:
        if ident == NONE_ID:
            self.dismiss(Picked(None))
            return
        choice = next((c for c in self.choices if str(c.id) == ident), None)
        if choice is not None:
            self.dismiss(Picked(choice))

    def action_move(self, delta: int) -> None:
        option_list = self.query_one("#picker-list", OptionList)
        if not option_list.option_count:
            return
        at = (option_list.highlighted or 0) + delta
        option_list.highlighted = max(0, min(option_list.option_count - 1, at))

    def action_cancel(self) -> None:
        self.dismiss(None)
