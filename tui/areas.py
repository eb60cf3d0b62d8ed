"""The numbered top-level screens (1-6): key, mode, title and help.

Data only, so that the top bar (``screens/base.py``) and the App both read it without
importing each other; the App says how each is built (``RungApp.MODES``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    """A numbered top-level screen: its key, its mode name, its title, its help line."""

    key: str
    mode: str
    title: str
    help: str


# The numbered screens. To add one: write it in tui/screens/ (subclass RungScreen) and
# add an Area here and its factory to RungApp.MODES; its key, its palette entry and its
# place in the help come with it.
AREAS: list[Area] = [
    Area("1", "pipeline", "Pipeline", "Applications by stage, level, activity"),
    Area("2", "contacts", "Contacts", "People, last contact, who is due"),
    Area("3", "gaps", "Gaps", "Feedback filed into recurring gaps, and plans"),
    Area("4", "review", "Review", "This week: moved, due, who to call, gaps"),
    Area("5", "import", "Import", "CSV and LinkedIn export import"),
    Area(
        "6",
        "ladder",
        "Ladder",
        "Where the search stalls, level by level, and what is ready",
    ),
]
