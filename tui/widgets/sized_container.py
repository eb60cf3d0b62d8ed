"""A container that tells its owner when its size changed."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.containers import Container
from textual.widget import Widget


class SizedContainer(Container):
    """Calls ``on_size`` each time its size changes: the screen that shares this
    container's height between its children (the Company page's two lists) fits them
    there, in the same refresh as the resize."""

    def __init__(
        self,
        *children: Widget,
        on_size: Callable[[], None],
        id: str | None = None,  # noqa: A002 (Textual's name)
        classes: str | None = None,
    ) -> None:
        super().__init__(*children, id=id, classes=classes)
        self._on_size = on_size

    def on_resize(self, event: events.Resize) -> None:
        self._on_size()
