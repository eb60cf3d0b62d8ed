"""Help (key ?): every key of the screen you came from and of the whole app, with its id.

Like lazygit's keybindings menu: a filter on top (typing filters the rows by key, action, id
and what it does), then one row per binding: key, action, id (what ``[keymap]`` in the
settings file remaps), what it does. The table uses the terminal's width: from about 110
columns the description has a column of its own (wrapped in it); narrower, it goes on the
line under its row. ``esc`` closes; arrows and page keys scroll from the filter; ``tab`` or
``enter`` moves to the list, where ``j``/``k``, ``g``/``G`` scroll and any other letter
goes back to the filter. Keys that do not apply right now are dimmed.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from rich.markup import escape as _escape
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from rung.tui.widgets.record_table import fit

EVERYWHERE = "Everywhere"
SCROLL_KEYS = "jkgG"  # on the list these scroll; any other letter goes to the filter


def escape(text: str) -> str:
    """Markup-safe text: every "[" escaped, even one a tag parser would not take for a tag."""
    return _escape(text).replace("[", "\\[").replace("\\\\[", "\\[")


@dataclass(frozen=True)
class KeyHelp:
    """One binding as the help shows it."""

    keys: str  # the keys as shown: "j, ↓"
    action: str  # what it does, in a word or two (the binding's description)
    id: str  # its id, what the keymap remaps ("" when it has none)
    about: str  # what it does, in a sentence (the tooltip; "" when none)
    section: str  # the screen's title, or "Everywhere"
    available: bool  # whether it applies right now
    names: str  # the keys' own names too ("ctrl+r", "enter"), for the filter

    def matches(self, words: list[str]) -> bool:
        """Whether every word of the filter is in the key, action, id or description."""
        text = " ".join(
            (self.keys, self.names, self.action, self.id, self.about, self.section)
        ).casefold()
        return all(word in text for word in words)


# What the help calls a widget's keys (else its class name in words: "followup table")
WIDGET_SECTIONS = {
    "RecordTable": "lists",
    "FollowupTable": "follow-ups pane",
    "PathInput": "path field",
}


def _widget_section(node: DOMNode) -> str:
    name = type(node).__name__
    return WIDGET_SECTIONS.get(name) or re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def _shown_key(screen: Screen, key: str) -> str:
    shown = screen.app.get_key_display(Binding(key, ""))
    return "enter" if shown == "⏎" else shown


def key_help(screen: Screen) -> list[KeyHelp]:
    """Every binding of ``screen`` (its own, and those of every widget on it, focused or
    not) and of the app, one per id (its keys together), the keymap applied. Bindings
    without an id are listed when the app or the screen has them (tab, ctrl+q, ctrl+p)."""
    app = screen.app
    active = screen.active_bindings  # the focus chain's keys, keymap applied, with state
    keymap: dict[str, str] = dict(getattr(getattr(app, "settings", None), "keymap", None) or {})
    nodes: list[DOMNode] = [screen, *screen.walk_children(with_self=False), app]
    order: list[tuple[str, str]] = []  # (section, key of the row)
    rows: dict[tuple[str, str], dict] = {}
    title = getattr(screen, "TITLE", "") or type(screen).__name__
    for node in nodes:
        for key, binding in node._bindings:  # noqa: SLF001 - every node's own bindings
            if not binding.description:
                continue
            if not binding.id and node is not app and node is not screen:
                continue  # a Textual widget's own editing keys (an input's ctrl+a …)
            if node is app or not binding.id:
                section = EVERYWHERE
            else:
                section = title if node is screen else f"{title} · {_widget_section(node)}"
            ident = binding.id or ""
            row_key = (EVERYWHERE, binding.action) if not ident else ("", ident)
            if row_key not in rows:
                order.append(row_key)
                keys = keymap.get(ident, "").split(",") if ident in keymap else []
                rows[row_key] = {
                    "binding": binding,
                    "keys": [k.strip() for k in keys if k.strip()],
                    "remapped": bool(keys),
                    "available": False,
                    "section": section,
                }
            row = rows[row_key]
            if not row["remapped"] and key not in row["keys"]:
                row["keys"].append(key)
            now = active.get(key)
            if now is not None and now.binding.action == binding.action and now.enabled:
                row["available"] = True
    out = []
    for row_key in order:
        row = rows[row_key]
        binding: Binding = row["binding"]
        keys = row["keys"]
        available = row["available"] or any(
            (a := active.get(k)) is not None and a.binding.action == binding.action and a.enabled
            for k in keys
        )
        out.append(
            KeyHelp(
                keys=", ".join(_shown_key(screen, k) for k in keys),
                action=binding.description[:1].upper() + binding.description[1:],
                id=binding.id or "",
                about=binding.tooltip or "",
                section=row["section"],
                available=available,
                names=" ".join(keys),
            )
        )
    sections = list(dict.fromkeys(r.section for r in out if r.section != EVERYWHERE))
    return sorted(
        out, key=lambda r: sections.index(r.section) if r.section in sections else len(sections)
    )


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, max(width, 8), break_long_words=True, break_on_hyphens=False) or [""]


def render_rows(rows: list[KeyHelp], width: int) -> str:
    """The rows as markup lines for ``width`` cells: key, action, id and description in
    columns when there is room for a description column of 30 or more, else the
    description on the line under its row."""
    if not rows:
        return ""
    kw = min(max(len(r.keys) for r in rows), 14)
    aw = min(max(len(r.action) for r in rows), 28)
    iw = min(max(max(len(r.id) for r in rows), 2), 30)
    gap = "  "
    dw = width - 1 - kw - aw - iw - 3 * len(gap)
    wide = dw >= 30
    if not wide:  # narrow: key, action, id on the row; the description under it
        room = width - 1 - 2 * len(gap)
        aw = max(10, min(aw, room - kw - iw))
        kw = max(6, min(kw, room - aw - iw))
        iw = max(8, min(iw, room - aw - kw))  # an id is cut only on a very narrow terminal
    lines: list[str] = []
    section = None
    header = (
        f"[dim] {'key'.ljust(kw)}{gap}{'action'.ljust(aw)}{gap}{'id'.ljust(iw)}"
        + (f"{gap}what it does" if wide else "")
        + "[/]"
    )
    for row in rows:
        if row.section != section:
            if section is not None:
                lines.append("")
            section = row.section
            lines.append(f"[b]{escape(section)}[/]")
            lines.append(header)
        about = row.about if row.about and row.about != row.action else ""
        cells = (
            f" [b]{escape(fit(row.keys, kw).ljust(kw))}[/]{gap}"
            f"{escape(fit(row.action, aw).ljust(aw))}{gap}"
            f"[$text-accent]{escape(fit(row.id or '—', iw).ljust(iw))}[/]"
        )
        dim_open, dim_close = ("", "") if row.available else ("[dim]", "[/]")
        if wide:
            parts = _wrap(about, dw) if about else [""]
            lines.append(f"{dim_open}{cells}{gap}{escape(parts[0])}{dim_close}".rstrip())
            pad = " " * (1 + kw + aw + iw + 3 * len(gap))
            lines += [f"{dim_open}{pad}{escape(part)}{dim_close}" for part in parts[1:]]
        else:
            lines.append(f"{dim_open}{cells}{dim_close}".rstrip())
            if about:
                indent = " " * (1 + kw + len(gap))
                lines += [
                    f"[dim]{indent}{escape(part)}[/]"
                    for part in _wrap(about, width - 1 - len(indent))
                ]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    """Every key with its id, filtered as you type; esc closes."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close", tooltip="Close the help"),
        Binding(
            "q,question_mark",
            "close",
            "Close",
            show=False,
            id="help.close_list",
            tooltip="Close the help (from the list; in the filter they are text)",
        ),
        Binding(
            "down",
            "scroll('down')",
            "Scroll down",
            show=False,
            id="help.down",
            tooltip="Scroll the keys down a line",
        ),
        Binding(
            "up",
            "scroll('up')",
            "Scroll up",
            show=False,
            id="help.up",
            tooltip="Scroll the keys up a line",
        ),
        Binding(
            "pagedown",
            "scroll('page_down')",
            "Page down",
            show=False,
            id="help.page_down",
            tooltip="Scroll the keys down a page",
        ),
        Binding(
            "pageup",
            "scroll('page_up')",
            "Page up",
            show=False,
            id="help.page_up",
            tooltip="Scroll the keys up a page",
        ),
        Binding(
            "j",
            "scroll('down')",
            "Scroll down",
            show=False,
            id="help.j",
            tooltip="Scroll down (on the list)",
        ),
        Binding(
            "k",
            "scroll('up')",
            "Scroll up",
            show=False,
            id="help.k",
            tooltip="Scroll up (on the list)",
        ),
        Binding(
            "g",
            "scroll('home')",
            "Top",
            show=False,
            id="help.top",
            tooltip="To the first key (on the list)",
        ),
        Binding(
            "G",
            "scroll('end')",
            "Bottom",
            show=False,
            id="help.bottom",
            tooltip="To the last key (on the list)",
        ),
        Binding(
            "slash", "filter", "Filter", show=False, id="help.filter", tooltip="Back to the filter"
        ),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under_title = getattr(under, "TITLE", "") or type(under).__name__
        self.rows = key_help(under)
        self.shown = list(self.rows)
        self._width = 0

    @property
    def lines(self) -> list[KeyHelp]:
        """The rows, for callers that read what the help holds."""
        return self.rows

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="help"):
            yield Static("", id="help-title", classes="dialog-title")
            yield Input(
                placeholder="type to filter: a key, an action, an id, a word of what it does",
                id="help-filter",
                compact=True,
            )
            with VerticalScroll(id="help-scroll"):
                yield Static("", id="help-text")
            yield Static(
                "[b]esc[/] close  [b]↑↓ pgdn[/] scroll  [b]tab[/] the list "
                "([b]j k g G[/])  ·  remap a key by its id: [b]\\[keymap][/] in "
                "the settings file ([b]rung config path[/])",
                classes="dialog-help",
                id="help-footer",
            )

    def on_mount(self) -> None:
        self.query_one("#help-filter", Input).focus()
        self.refresh_rows()

    def on_resize(self) -> None:
        self.refresh_rows()

    def refresh_rows(self) -> None:
        """Paint the rows that match the filter for the current width."""
        text = self.query_one("#help-text", Static)
        width = text.content_region.width or text.size.width or 70
        query = self.query_one("#help-filter", Input).value
        words = query.casefold().split()
        self.shown = [r for r in self.rows if r.matches(words)]
        count = f"{len(self.shown)} of {len(self.rows)} keys" if words else f"{len(self.rows)} keys"
        self.query_one("#help-title", Static).update(
            f"Keys · {escape(self.under_title)} and everywhere · {count}"
        )
        if not self.shown:
            text.update(f"No key matches “{escape(query)}” (backspace widens, esc closes)")
            return
        text.update(render_rows(self.shown, width))

    @on(Input.Changed, "#help-filter")
    def _filter_changed(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_home(animate=False)
        self.refresh_rows()

    @on(Input.Submitted, "#help-filter")
    def _filter_done(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).focus()

    def on_key(self, event: events.Key) -> None:
        """On the list, a letter that is not a scroll key goes back to the filter."""
        scroll = self.query_one("#help-scroll", VerticalScroll)
        if self.focused is not scroll or not event.is_printable or not event.character:
            return
        if event.character in SCROLL_KEYS or event.character in "q?/ ":
            return
        event.stop()
        event.prevent_default()
        box = self.query_one("#help-filter", Input)
        box.focus()
        box.insert_text_at_cursor(event.character)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("filter",) or (
            action == "scroll" and parameters and parameters[0] in ("home", "end")
        ):
            return isinstance(self.focused, VerticalScroll) or None
        return True

    def action_scroll(self, how: str) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        line = {
            "down": scroll.scroll_down,
            "up": scroll.scroll_up,
            "home": scroll.scroll_home,
            "end": scroll.scroll_end,
        }.get(how)
        if line is not None:  # at once: deferred to the next refresh, a fast j j moved one line
            line(animate=False, immediate=True)
            return
        {"page_down": scroll.scroll_page_down, "page_up": scroll.scroll_page_up}[how](animate=False)

    def action_filter(self) -> None:
        self.query_one("#help-filter", Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)
