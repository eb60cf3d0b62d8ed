"""The prep sheet from the app: ``p`` on an interview ahead (Review, application detail).

``open_prep`` writes the sheet (``core.prep``) to ``prep/`` beside the database
(``<company>-<day>-<application id>.md``) and opens it in ``$VISUAL``/``$EDITOR`` with the
app suspended; with no editor named, ``PrepScreen`` shows it in a scrollable modal with its
path (esc closes). A sheet written again keeps the one before as ``….previous.md`` when its
text differs (notes you added in the editor stay one generation).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from rung.core.errors import RungError
from rung.core.prep import prep_file_name, prep_sheet, render_prep
from rung.core.safe_write import write_output
from rung.core.store import Store
from rung.tui.editor import editor_set, run_editor
from rung.tui.formatting import escape

if TYPE_CHECKING:
    from rung.tui.app import RungApp

PREP_DIR = "prep"


def prep_dir(store: Store) -> Path:
    """Where the app writes prep sheets: ``prep/`` in the database's folder."""
    return store.path.expanduser().resolve().parent / PREP_DIR


def write_prep(
    store: Store, application_id: int, interview_id: int | None = None
) -> tuple[Path, str]:
    """Write the sheet of an application (for ``interview_id``, else its next interview
    ahead) into ``prep_dir``; the path written and the text. RungError when it cannot."""
    sheet = prep_sheet(store, application_id, interview_id=interview_id)
    text = render_prep(sheet)
    folder = prep_dir(store)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RungError(f"{folder}: cannot create the folder ({exc.strerror})") from exc
    path = folder / prep_file_name(sheet)
    data = text.encode("utf-8")
    if path.is_file() and not path.is_symlink():
        old = path.read_bytes()
        if old != data:
            write_output(path.with_name(path.stem + ".previous.md"), old)
    write_output(path, data)
    return path, text


def open_prep(rung: RungApp, application_id: int, interview_id: int | None = None) -> None:
    """Write the prep sheet and open it: in the editor when one is named, else in the
    viewer. Errors are toasts."""
    try:
        path, text = write_prep(rung.store, application_id, interview_id)
    except RungError as exc:
        rung.notify(str(exc), severity="error")
        return
    if not editor_set():
        rung.push_screen(PrepScreen(text, path))
        return
    code = run_editor(rung, path)
    if code is not None:
        rung.notify(f"Prep sheet: {path}" + (f" (the editor exited with {code})" if code else ""))


def _short(path: Path, width: int = 48) -> str:
    """A path for one line: ``~`` for the home folder, the middle cut when too long."""
    text = str(path)
    home = str(Path.home())
    if text.startswith(home + "/"):
        text = "~" + text[len(home) :]
    if len(text) <= width:
        return text
    keep = width - 1
    return text[: keep // 3] + "…" + text[-(keep - keep // 3) :]


class PrepScreen(ModalScreen[None]):
    """The prep sheet, scrollable, with where it was written; esc closes."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="prep.close", tooltip="Close the prep sheet"),
        Binding(
            "j,down",
            "scroll('down')",
            "Down",
            show=False,
            id="prep.down",
            tooltip="Scroll down a line",
        ),
        Binding("k,up", "scroll('up')", "Up", show=False, id="prep.up", tooltip="Scroll up a line"),
        Binding(
            "space,pagedown",
            "scroll('page_down')",
            "Page down",
            show=False,
            id="prep.page_down",
            tooltip="Scroll down a page",
        ),
        Binding(
            "b,pageup",
            "scroll('page_up')",
            "Page up",
            show=False,
            id="prep.page_up",
            tooltip="Scroll up a page",
        ),
        Binding(
            "g,home",
            "scroll('home')",
            "Top",
            show=False,
            id="prep.top",
            tooltip="To the top of the sheet",
        ),
        Binding(
            "G,end",
            "scroll('end')",
            "Bottom",
            show=False,
            id="prep.bottom",
            tooltip="To the end of the sheet",
        ),
    ]

    def __init__(self, text: str, path: Path | None) -> None:
        super().__init__()
        self.text = text
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="prep"):
            where = (
                f"written to {escape(_short(self.path), multiline=False)}"
                if self.path
                else "not written"
            )
            yield Static(f"Prep sheet · [dim]{where}[/]", classes="dialog-title", id="prep-title")
            with VerticalScroll(id="prep-scroll"):
                yield Markdown(self.text, id="prep-text")
            yield Static(
                "[b]esc[/] close  [b]j k space b g G[/] scroll  ·  with $EDITOR set, "
                "p opens it there",
                classes="dialog-help",
                id="prep-footer",
            )

    def on_mount(self) -> None:
        self.query_one("#prep-scroll", VerticalScroll).focus()

    def action_scroll(self, how: str) -> None:
        scroll = self.query_one("#prep-scroll", VerticalScroll)
        {
            "down": scroll.scroll_down,
            "up": scroll.scroll_up,
            "page_down": scroll.scroll_page_down,
            "page_up": scroll.scroll_page_up,
            "home": scroll.scroll_home,
            "end": scroll.scroll_end,
        }[how](animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
