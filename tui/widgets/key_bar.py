"""The footer: the keys that apply right now, painted as one line.

Textual's Footer builds a widget per key and rebuilds them whenever the bindings change,
which on a screen whose keys depend on the selected row (the Review screen) means on every
cursor move; that cost 200 ms of a screen's first paint. KeyBar keeps a list of
(key, label) pairs and repaints one line. Keys that do not apply to the selection are left
out rather than dimmed, so an 80-column footer shows what can be done; ``?`` (all keys) and
the palette stay pinned at the right.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

PINNED = ("help", "command_palette")  # actions kept at the right edge, in this order


class KeyBar(Widget):
    """One line of ``key label`` pairs for the screen's active, enabled bindings."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--label"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
    KeyBar > .key-bar--label { color: $footer-description-foreground; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[tuple[str, str, str, bool]] = []  # key, shown key, label, pinned
        self._hits: list[tuple[int, int, str]] = []  # (start x, end x, key) for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        items, pinned, seen = [], {}, set()
        for active in screen.active_bindings.values():
            binding = active.binding
            name = binding.action.rsplit(".", 1)[-1]
            if not active.enabled or name in seen or not (binding.show or name in PINNED):
                continue
            seen.add(name)
            label = binding.description or name.replace("_", " ")
            item = (
                binding.key.split(",")[0],
                self.app.get_key_display(binding),
                label[:1].upper() + label[1:],
                name in PINNED,
            )
            if name in PINNED:
                pinned[name] = item
            else:
                items.append(item)
        items += [pinned[name] for name in PINNED if name in pinned]
        if items != self.items:
            self.items = items
            self.refresh()

    def render(self) -> Text:
        width = self.size.width
        key_style = self.get_component_rich_style("key-bar--key")
        label_style = self.get_component_rich_style("key-bar--label")
        cells = [
            (key, f" {shown} ", f"{label} ", pinned) for key, shown, label, pinned in self.items
        ]  # " k label ": 2 spaces apart

        def size(cell: tuple[str, str, str, bool]) -> int:
            return cell_len(cell[1]) + cell_len(cell[2])

        right = sum(size(c) for c in cells if c[3])
        text, used, self._hits = Text(no_wrap=True, overflow="crop"), 0, []
        for cell in cells:
            key, shown, label, pinned = cell
            if pinned and used < width - right:
                text.append(" " * (width - right - used))
                used = width - right
            elif not pinned and used + size(cell) > width - right:
                continue  # a later, shorter key may still fit
            self._hits.append((used, used + size(cell), key))
            text.append(shown, key_style)
            text.append(label, label_style)
            used += size(cell)
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._hits:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
