"""The import screen's path field (completed from the disk with tab) and its directory
tree of importable files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual.binding import Binding
from textual.suggester import Suggester
from textual.widgets import DirectoryTree, Input

from rung.core.visible import visible

IMPORTABLE = (".csv", ".tsv", ".txt", ".zip")  # what the tree lists besides folders


class PathSuggester(Suggester):
    """Completes a file path from what exists on disk."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        path = Path(value).expanduser()
        folder, stem = (path, "") if value.endswith("/") else (path.parent, path.name)
        try:
            names = sorted(
                p.name + ("/" if p.is_dir() else "")
                for p in folder.iterdir()
                if p.name.startswith(stem) and not p.name.startswith(".")
            )
        except OSError:
            return None
        if not names:
            return None
        base = value if value.endswith("/") else value[: len(value) - len(stem)]
        return base + names[0]


class PathInput(Input):
    """An input whose tab key takes the path suggestion (or moves on when there is none)."""

    BINDINGS = [
        Binding(
            "tab",
            "complete",
            "Complete the path",
            show=False,
            id="import.complete",
            tooltip="Take the suggested completion (none: the next widget)",
        )
    ]

    def action_complete(self) -> None:
        before = self.value
        self.action_end()
        self.action_cursor_right()
        if self.value == before:
            self.screen.focus_next()


class ImportTree(DirectoryTree):
    """Folders and the files rung can import; hidden files left out."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p
            for p in paths
            if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in IMPORTABLE)
        ]

    def process_label(self, label: str | Text) -> Text:
        """A file name as plain text: no markup, its control characters shown."""
        return Text(visible(label)) if isinstance(label, str) else label
