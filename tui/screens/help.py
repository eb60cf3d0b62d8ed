"""Help (key ?): every key of the screen you came from, then the keys that work everywhere."""

from __future__ import annotations

from rich.markup import escape as _escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from rung.tui.widgets.record_table import fit


def escape(text: str) -> str:
    """Markup-safe text: every "[" escaped, even one a tag parser would not take for a tag."""
    return _escape(text).replace("[", "\\[").replace("\\\\[", "\\[")


def binding_lines(screen: Screen) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(keys, what it does, id) of the bindings active on ``screen``: its own and the app's."""
    app = screen.app
    order: list[str] = []
    keys: dict[str, list[str]] = {}
    info: dict[str, tuple[str, bool]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.id or not binding.description:
            continue
        if binding.id not in keys:
            order.append(binding.id)
            keys[binding.id] = []
            info[binding.id] = (binding.tooltip or binding.description, active.node is app)
        keys[binding.id].append(app.get_key_display(Binding(key, "")))
    own: list[tuple[str, str, str]] = []
    global_: list[tuple[str, str, str]] = []
    for ident in order:
        text, is_global = info[ident]
        (global_ if is_global else own).append((", ".join(keys[ident]), text, ident))
    global_.append(("ctrl+p", "Command palette: every screen, action and record", "palette"))
    return own, global_


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; esc, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under_title = getattr(under, "TITLE", "") or type(under).__name__
        self.lines = binding_lines(under)

    def compose(self) -> ComposeResult:
        own, global_ = self.lines
        title = self.under_title
        lines = [f"[b]{escape(title)}[/]"]
        lines += [f"  [b]{escape(fit(k, 13).ljust(14))}[/b] {escape(fit(d, 45))}" for k, d, _ in own]
        lines += ["", "[b]Everywhere[/]"]
        lines += [f"  [b]{escape(fit(k, 13).ljust(14))}[/b] {escape(fit(d, 45))}" for k, d, _ in global_]
        lines += ["", "[dim]Remap any key by its id in the config file (rung config path).[/]"]
        with Vertical(id="dialog", classes="help"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll():
                yield Static("\n".join(lines), id="help-text")
            yield Static("[b]esc[/] close", classes="dialog-help")

    def action_close(self) -> None:
        self.dismiss(None)
