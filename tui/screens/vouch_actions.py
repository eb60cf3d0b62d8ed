"""Who can vouch, from the keyboard: ``g`` on a contact ticks the gaps they can vouch
for; ``w`` on a gap picks a contact to tag (or untags one already listed). Each change
says what it did in a toast, and ``u`` takes it back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rung.core.commands.contacts import find_contact_name
from rung.core.commands.records import RecordChoice, record_choices
from rung.core.errors import RungError
from rung.core.gaps_queries import vouchable_gaps
from rung.core.undo import UndoStep
from rung.core.vouch import (
    Voucher,
    VouchGap,
    add_vouch,
    remove_vouch,
    resolve_gap,
    restore_vouches,
    set_vouches,
    vouch_rows,
    vouchers_for,
    vouches_of,
)
from rung.tui.formatting import escape, humanize
from rung.tui.screens.dialogs import MultiChoiceScreen
from rung.tui.widgets.record_picker import Picked, PickerScreen

if TYPE_CHECKING:
    from rung.tui.screens.base import RungScreen

SHOWN_NAMES = 4  # vouchers named on a gap's page before "and N more"


def can_vouch_line(gaps: list[VouchGap]) -> str:
    """A contact's page line: ``Can vouch for: People management, Budget (g)``."""
    if not gaps:
        return "[dim]Can vouch for: no gap yet ([b]g[/b] ticks the ones they can speak to)[/]"
    return "[b]Can vouch for:[/] " + ", ".join(escape(g.label) for g in gaps)


def who_can_vouch_line(people: list[Voucher]) -> str:
    """A gap's page line: ``Who can vouch: Dana Reyes (former report), …``."""
    if not people:
        return "[dim]Who can vouch: nobody yet ([b]w[/b] tags a contact who can)[/]"

    def about(v: Voucher) -> str:
        why = v.note or humanize(v.relationship)
        return escape(v.name) + (f" ({escape(why)})" if why else "")

    names = [about(v) for v in people[:SHOWN_NAMES]]
    if len(people) > SHOWN_NAMES:
        names.append(f"and {len(people) - SHOWN_NAMES} more")
    return "[b]Who can vouch:[/] " + ", ".join(names)


def _undoable(
    screen: RungScreen, contact_id: int, message: str, before: list[dict[str, object]]
) -> None:
    screen.app.push_undo_step(
        message, UndoStep(message, lambda: restore_vouches(screen.store, contact_id, before))
    )


def edit_vouches_dialog(screen: RungScreen, contact_id: int) -> None:
    """Tick the gaps (yours to close) a contact can vouch for; enter saves them."""
    store = screen.store
    try:
        current = vouches_of(store, contact_id)
    except RungError as exc:
        screen.notify(str(exc), severity="warning")
        return
    name = find_contact_name(store, contact_id)
    choices = [(g.slug, g.label) for g in vouchable_gaps(store)]

    def save(slugs: list[str] | None) -> None:
        if slugs is None:
            return
        before = vouch_rows(store, contact_id)
        try:
            added, removed = set_vouches(store, contact_id, slugs)
        except RungError as exc:  # the contact or a gap went meanwhile: nothing changed
            screen.notify(f"Not saved: {exc}", severity="warning")
            return
        if not added.changed and not removed.changed:
            screen.notify("No change")
            return
        labels = {slug: label for slug, label in choices}
        said = []
        if added.changed:
            said.append("can vouch for " + ", ".join(labels.get(s, s) for s in added.changed))
        if removed.changed:
            said.append("no longer for " + ", ".join(labels.get(s, s) for s in removed.changed))
        _undoable(screen, contact_id, f"{name} {'; '.join(said)}", before)

    screen.app.push_screen(
        MultiChoiceScreen(
            f"What can {name} vouch for? (space ticks, enter saves)",
            choices,
            [g.slug for g in current],
        ),
        save,
    )


def vouch_for_gap_dialog(screen: RungScreen, slug: str) -> None:
    """Pick a contact who can vouch for the gap ``slug``: one not yet tagged is tagged,
    one already listed (marked, at the end of the list; their name finds them) is
    untagged."""
    store = screen.store
    try:
        gap = resolve_gap(store, slug)
    except RungError as exc:
        screen.notify(str(exc), severity="warning")
        return
    if gap["kind"] == "external":
        screen.notify(
            f"{gap['label']} is the company's reason: nobody can vouch it away", severity="warning"
        )
        return
    tagged = {v.id for v in vouchers_for(store, slug)}

    def loader() -> list[RecordChoice]:
        everyone = record_choices(store, "contact")
        listed = [
            RecordChoice(c.id, c.kind, f"{c.label}  ✓ can vouch (enter untags)", c.search)
            for c in everyone
            if c.id in tagged
        ]
        return [c for c in everyone if c.id not in tagged] + listed  # enter tags, first

    def picked(result: Picked | None) -> None:
        if result is None or result.choice is None:
            return
        contact_id = result.choice.id
        before = vouch_rows(store, contact_id)
        try:
            if contact_id in tagged:
                change = remove_vouch(store, contact_id, [gap["slug"]])
                message = f"{change.contact} no longer listed for {gap['label']}"
            else:
                change = add_vouch(store, contact_id, [gap["slug"]])
                message = f"{change.contact} can vouch for {gap['label']}"
        except RungError as exc:  # the contact or the gap went meanwhile
            screen.notify(f"Not saved: {exc}", severity="warning")
            return
        _undoable(screen, contact_id, message, before)

    screen.app.push_screen(
        PickerScreen(f"Who can vouch for {gap['label']}?", loader, allow_blank=False), picked
    )
