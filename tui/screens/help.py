"""Help (key ?): every key of the screen you came from, then the keys that work everywhere."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def _key_text(app, binding: Binding) -> str:  # noqa: ANN001 - App
    return ", ".join(app.get_key_display(Binding(k.strip(), "")) for k in binding.key.split(","))


def binding_lines(screen: Screen) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(keys, description, id) of the screen's own bindings and of the app's."""
    app = screen.app
    own, global_ = [], []
    seen: set[str] = set()
    for node_bindings, target in (
        ([screen.focused] if screen.focused else [], own),
        ([screen], own),
        ([app], global_),
    ):
        for node in node_bindings:
            for binding in node._bindings:
                if binding.id in seen or not binding.description:
                    continue
                seen.add(binding.id or binding.action)
                target.append((_key_text(app, binding), binding.description, binding.id or ""))
    return own, global_


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; esc, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        own, global_ = binding_lines(self.under)
        title = getattr(self.under, "TITLE", "") or type(self.under).__name__
        lines = [f"[b]{escape(title)}[/]"]
        lines += [f"  [b]{escape(k):<18}[/] {escape(d)}" for k, d, _ in own]
        lines += ["", "[b]Everywhere[/]"]
        lines += [f"  [b]{escape(k):<18}[/] {escape(d)}" for k, d, _ in global_]
        lines += ["", "[dim]Remap any key by its id in the config file (rung config path).[/]"]
        with Vertical(id="dialog", classes="help"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static("\n".join(lines), id="help-text")
            yield Static("[b]esc[/] close", classes="dialog-help")

    def action_close(self) -> None:
        self.dismiss(None)
