"""Search everything (ctrl+f or ``:``): hits grouped by type, matched words highlighted.

Each keystroke runs ``rung.core.search`` (FTS5 prefix match, typo-corrected names) and
lists the hits under a heading per type; ``enter`` opens the record where it lives: an
application's detail, a company's page, a contact's detail, a piece of feedback in its gap
(``RungApp.open_record``; a record already open is shown again, not opened twice).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from rung.core.search import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, KINDS, SearchHit, bound_query, search
from rung.core.visible import visible
from rung.tui.formatting import escape

GROUPS = {
    "application": "Applications",
    "company": "Companies",
    "contact": "Contacts",
    "interaction": "Interactions",
    "feedback": "Feedback",
}
LIMIT = 60


def highlighted(marked: str, style: str = "bold reverse") -> Text:
    """Text with the search's marked words styled, control characters shown."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for i, part in enumerate(marked.replace(HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN).split(HIGHLIGHT_OPEN)):
        text.append(visible(" ".join(part.split("\n"))), style if i % 2 else "")
    return text


class SearchScreen(ModalScreen[tuple[str, int] | None]):
    """Type to search every record; dismisses with (kind, id) of the record to open."""

    BINDINGS = [
        Binding("escape", "cancel", "Close", id="search.close", tooltip="Close the search"),
        Binding("down", "move(1)", "Next", show=False, id="search.next", tooltip="Next hit"),
        Binding(
            "up", "move(-1)", "Previous", show=False, id="search.previous", tooltip="Previous hit"
        ),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial = query
        self.hits: dict[str, SearchHit] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="search"):
            yield Input(
                self.initial,
                placeholder="search names, companies, notes, feedback…",
                id="search-input",
                compact=True,
            )
            yield Static("", id="search-status")
            yield OptionList(id="search-hits")
            yield Static("[b]enter[/] open  [b]↑↓[/] move  [b]esc[/] close", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._run(self.initial)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._run(event.value)

    def _run(self, query: str) -> None:
        hits = search(self.app.store, query, limit=LIMIT) if query.strip() else []  # type: ignore[attr-defined]
        status = self.query_one("#search-status", Static)
        options = self.query_one(OptionList)
        options.clear_options()
        self.hits = {}
        if not query.strip():
            status.update(
                "[dim]Every application, company, contact, interaction and piece "
                "of feedback; words match as prefixes, names forgive typos.[/]"
            )
            return
        corrected = next((h.corrected for h in hits if h.corrected), {})
        fixed = ", ".join(f"{typed} → {used}" for typed, used in corrected.items())
        count = f"{len(hits)}{'+' if len(hits) == LIMIT else ''} hits" if hits else "no hits"
        cut = bound_query(query).note  # first: the status is one line
        status.update(
            (f"[yellow]{escape(cut)}[/] · " if cut else "")
            + f"{count}"
            + (f" · [i]also showing {escape(fixed)}[/]" if fixed else "")
        )
        grouped: dict[str, list[SearchHit]] = {kind: [] for kind in KINDS}
        for hit in hits:
            grouped.setdefault(hit.kind, []).append(hit)
        shown: list[Option | None] = []
        width = max(20, (options.scrollable_content_region.width or 76) - 1)
        for kind, group in grouped.items():
            if not group:
                continue
            shown.append(
                Option(
                    Text(f"{GROUPS.get(kind, kind)} ({len(group)})", style="bold"), disabled=True
                )
            )
            for hit in group:
                key = f"{hit.kind}:{hit.ref_id}"
                self.hits[key] = hit
                line = Text("  ", no_wrap=True, overflow="ellipsis")
                line.append_text(highlighted(hit.title or hit.plain_snippet()))
                if hit.snippet and hit.plain_snippet() != hit.plain_title():
                    snippet = highlighted(hit.snippet)
                    snippet.stylize("dim")
                    line.append("  ").append_text(snippet)
                line.truncate(width, overflow="ellipsis")  # one line per hit, never wrapped
                shown.append(Option(line, id=key))
        options.add_options(shown)
        first = next((i for i, o in enumerate(shown) if o is not None and not o.disabled), None)
        options.highlighted = first

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    @on(Input.Submitted, "#search-input")
    def _open_highlighted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            self._open(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#search-hits")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def _open(self, key: str | None) -> None:
        hit = self.hits.get(key or "")
        if hit is not None:
            self.dismiss((hit.kind, hit.ref_id))

    def action_cancel(self) -> None:
        self.dismiss(None)
