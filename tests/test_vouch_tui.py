"""Who can vouch in the app: g on a contact ticks gaps, w on a gap tags or untags a
contact, u takes it back, and the Review's who-to-call shows the reason."""

from __future__ import annotations

from test_vouch import _history
from tui_helpers import table_rows, type_text

from rung.core.commands.contacts import add_contact
from rung.core.vouch import add_vouch, vouchers_for, vouches_of
from rung.tui.app import RungApp
from rung.tui.screens.contact_detail import ContactDetailScreen
from rung.tui.screens.dialogs import MultiChoiceScreen
from rung.tui.screens.gap_detail import GapDetailScreen
from rung.tui.widgets.record_picker import PickerScreen

SIZE = (80, 24)


def _slugs(store, contact_id):
    return [g.slug for g in vouches_of(store, contact_id)]


def _fields(app) -> str:
    return str(app.screen.query_one("#contact-fields").render())


async def test_contact_detail_g_ticks_gaps_and_u_undoes(store):
    dana = add_contact(store, name="Dana Reyes", company="Initech", relationship="peer")
    add_vouch(store, dana.id, ["business_and_budget"])
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_contact(dana.id)
        await pilot.pause()
        assert isinstance(app.screen, ContactDetailScreen)
        assert "Can vouch for: Business and budget" in _fields(app)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, MultiChoiceScreen)
        await type_text(pilot, "people")  # the filter: one gap left
        await pilot.pause()
        assert app.screen.shown == ["people_management"]
        await pilot.press("space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactDetailScreen)
        assert _slugs(store, dana.id) == ["business_and_budget", "people_management"]
        assert "Can vouch for: Business and budget, People management" in _fields(app)
        # untick one: the filter emptied shows it ticked; space unticks it
        await pilot.press("g")
        await pilot.pause()
        await type_text(pilot, "budget")
        await pilot.pause()
        await pilot.press("space", "enter")
        await pilot.pause()
        assert _slugs(store, dana.id) == ["people_management"]
        await pilot.press("u")
        await pilot.pause()
        assert _slugs(store, dana.id) == ["business_and_budget", "people_management"]
        # esc changes nothing
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("space", "escape")
        await pilot.pause()
        assert _slugs(store, dana.id) == ["business_and_budget", "people_management"]
    assert app.return_code in (None, 0)


async def test_gap_detail_w_tags_and_untags_a_contact(store):
    _, olly, dana, _ = _history(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_gap("managing_managers")
        await pilot.pause()
        assert isinstance(app.screen, GapDetailScreen)
        fields = str(app.screen.query_one("#gap-fields").render())
        assert "Who can vouch: Dana Reyes (she reported to me)" in fields
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        await type_text(pilot, "olly")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GapDetailScreen)
        assert {v.id for v in vouchers_for(store, "managing_managers")} == {olly.id, dana.id}
        assert "Olly Recruiter" in str(app.screen.query_one("#gap-fields").render())
        await pilot.press("w")
        await pilot.pause()
        await type_text(pilot, "dana")
        await pilot.press("enter")
        await pilot.pause()
        assert [v.id for v in vouchers_for(store, "managing_managers")] == [olly.id]
        assert "Dana Reyes" not in str(app.screen.query_one("#gap-fields").render())
        await pilot.press("u")
        await pilot.pause()
        assert {v.id for v in vouchers_for(store, "managing_managers")} == {olly.id, dana.id}
    assert app.return_code in (None, 0)


async def test_review_who_to_call_shows_the_voucher_first_with_the_reason(store):
    _, olly, dana, _ = _history(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        rows = [cells[0] for cells in table_rows(app, "#review-items")]
        at = next(i for i, text in enumerate(rows) if "Who to call" in text)
        assert "2 · 1 can vouch for a final round" in rows[at]
        assert rows[at + 1].strip() == "Dana Reyes, Initech — can vouch for:"
        assert rows[at + 2].strip() == (
            "Managing managers — Director final round at Acme, Thu 3 Dec"
        )
        assert rows[at + 3].strip() == "Olly Recruiter, Hays"
        assert app.screen.targets[at + 2] == ("contact", dana.id)
    assert app.return_code in (None, 0)
