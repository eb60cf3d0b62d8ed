"""Evidence in the TUI: the form that adds or edits an entry (the Ladder's ``a``, the gap
page's ``a`` and ``enter``), the gap page's evidence list, and its delete (``u`` undoes).

The entries themselves are ``core.evidence``'s; this module only asks and shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rung.core import evidence as core_evidence
from rung.core.clustering.report import ReportedGap
from rung.core.errors import NotFound
from rung.tui.formatting import short_date
from rung.tui.screens.dialogs import Field, FormScreen
from rung.tui.widgets.record_table import Column, Row

if TYPE_CHECKING:
    from rung.tui.screens.base import RungScreen

#: The gap page's evidence list.
EVIDENCE_COLUMNS = [
    Column("on", "When", 10),
    Column("story", "", 5),
    Column("text", "Evidence (what you did)", 24, flex=True),
]
STORY_MARK = "story"  # an entry with situation, action and result: a story to tell


def evidence_rows(entries: list[core_evidence.Evidence]) -> list[Row]:
    """One row per entry: the day, ``story`` when it tells one, the text."""
    return [
        Row(
            e.id,
            (short_date(e.on), STORY_MARK if e.story else "", " ".join(e.text.split())),
            "good" if e.story else None,
        )
        for e in entries
    ]


def evidence_form(
    screen: RungScreen,
    slug: str,
    label: str,
    *,
    entry: core_evidence.Evidence | None = None,
    done: Callable[[core_evidence.Evidence], object] | None = None,
) -> None:
    """Ask for an entry of evidence for the gap ``slug`` (or change ``entry``): what
    happened, when (natural dates: "last march", "2026-03-14"), and optionally the story
    to tell: situation, action, result. Saved through ``core.evidence``; ``done`` gets the
    saved entry."""

    def value(name: str) -> str:
        return str(getattr(entry, name) or "") if entry is not None else ""

    fields = [
        Field("text", "What", value("text"), "acting manager of 3 for 4 months", True),
        Field(
            "on",
            "When",
            value("on") if entry is not None else "today",
            "today, last march, 2026-03-14",
            kind="date",
            error_keys=("happened_on",),
        ),
        Field("situation", "Situation", value("situation"), "optional: where, what was at stake"),
        Field("action", "Action", value("action"), "optional: what you did"),
        Field("result", "Result", value("result"), "optional: what came of it, in numbers"),
    ]

    def submit(values: dict[str, str]) -> core_evidence.Evidence:
        story = {k: values[k] for k in ("situation", "action", "result")}
        if entry is not None:
            return core_evidence.edit_evidence(
                screen.store, entry.id, {"text": values["text"], "on": values["on"], **story}
            )
        return core_evidence.add_evidence(
            screen.store,
            slug,
            values["text"],
            on=values["on"] or None,
            **{k: v or None for k, v in story.items()},
        )

    def closed(saved: core_evidence.Evidence | None) -> None:
        if saved is None:
            return
        screen.notify(f"Evidence {'saved' if entry is not None else 'added'}: {saved.label}")
        if done is not None:
            done(saved)

    title = f"Evidence for {label}" if entry is None else f"Edit evidence: {label}"
    screen.app.push_screen(FormScreen(title, fields, submit), closed)


def edit_evidence_entry(screen: RungScreen, ident: int) -> None:
    """The form on an existing entry (enter on its row)."""
    try:
        entry = core_evidence.get_evidence(screen.store, ident)
    except NotFound:
        screen.store.notice_outside_changes()  # gone meanwhile: the list reads again
        return
    evidence_form(screen, entry.slug, entry.label, entry=entry)


def delete_evidence_entry(screen: RungScreen, ident: int) -> None:
    """Delete an entry at once; ``u`` puts it back (same id)."""
    try:
        stone = core_evidence.delete_evidence(screen.store, ident)
    except NotFound:
        screen.store.notice_outside_changes()
        return
    screen.app.push_undo(stone)


def quiet_gap(screen: RungScreen, slug: str, months: int) -> ReportedGap | None:
    """A live gap with no feedback (at this level) as the gap page shows one, so its
    evidence and plan can be seen and added to (a readiness gap cited nowhere yet); None
    for a gap merged away or unknown."""
    try:
        gap = core_evidence.live_gap(screen.store, slug)
    except NotFound:
        return None
    if gap["slug"] != slug:
        return None  # merged into another: that one's page is the place
    return ReportedGap(slug, gap["label"], gap["kind"], None, 0.0, 0, 0.0, [0] * months, [])
