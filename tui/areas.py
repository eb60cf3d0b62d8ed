"""The numbered top-level screens (1-6): key, mode, title, help, and how each is built.

Its own module so that the top bar (``screens/base.py``) and the App both read it without
importing each other; each factory imports its screen when the screen is first built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen


def _pipeline_screen() -> Screen:
    from rung.tui.screens.pipeline import PipelineScreen

    return PipelineScreen()


def _contacts_screen() -> Screen:
    from rung.tui.screens.contacts import ContactsScreen

    return ContactsScreen()


def _gaps_screen() -> Screen:
    from rung.tui.screens.gaps import GapsScreen

    return GapsScreen()


def _review_screen() -> Screen:
    from rung.tui.screens.review import ReviewScreen

    return ReviewScreen()


def _import_screen() -> Screen:
    from rung.tui.screens.import_screen import ImportScreen

    return ImportScreen()


def _ladder_screen() -> Screen:
    from rung.tui.screens.ladder import LadderScreen

    return LadderScreen()


@dataclass(frozen=True)
class Area:
    """A numbered top-level screen: its key, its mode name, its title, how to build it."""

    key: str
    mode: str
    title: str
    factory: Callable[[], Screen]
    help: str


# The numbered screens. To add one: write it in tui/screens/ (subclass RungScreen) and
# add an Area here; its key, its palette entry and its place in the help come with it.
AREAS: list[Area] = [
    Area("1", "pipeline", "Pipeline", _pipeline_screen, "Applications by stage, level, activity"),
    Area("2", "contacts", "Contacts", _contacts_screen, "People, last contact, who is due"),
    Area("3", "gaps", "Gaps", _gaps_screen, "Feedback filed into recurring gaps, and plans"),
    Area("4", "review", "Review", _review_screen, "This week: moved, due, who to call, gaps"),
    Area("5", "import", "Import", _import_screen, "CSV and LinkedIn export import"),
    Area(
        "6",
        "ladder",
        "Ladder",
        _ladder_screen,
        "Where the search stalls, level by level, and what is ready",
    ),
]
