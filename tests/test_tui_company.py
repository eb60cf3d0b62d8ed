"""The company page (issue 14): opened from search, the palette and the details; its
applications with their feedback, its people, its notes; and no second copy of a screen."""

from __future__ import annotations

import pytest
from textual.command import CommandList, CommandPalette
from tui_helpers import palette_settled, table_rows, type_text

from rung.core.commands.companies import edit_company, get_company
from rung.core.company_page import company_page
from rung.core.errors import ValidationError
from rung.tui.app import RungApp
from rung.tui.screens.application_detail import ApplicationDetailScreen
from rung.tui.screens.company import CompanyScreen
from rung.tui.screens.contact_detail import ContactDetailScreen
from rung.tui.screens.gap_detail import GapDetailScreen
from rung.tui.screens.search import SearchScreen
from rung.tui.widgets.record_table import RecordTable

SIZE = (80, 24)
WIDE = (160, 45)


def _company_id(store, name: str = "Brightline Payments") -> int:
    return store.scalar("SELECT id FROM companies WHERE name = ?", [name])


def _app_id(store, title: str) -> int:
    return store.scalar("SELECT id FROM applications WHERE title = ?", [title])


async def _move_to(pilot, table: RecordTable, key: int) -> None:
    """Press j until the cursor is on the row ``key`` (the row must be there)."""
    assert key in [row.key for row in table.rows]
    while table.selected_key != key:
        await pilot.press("j")


# -- core ------------------------------------------------------------------------------


def test_company_page_lists_applications_feedback_and_people_in_three_queries(demo_store):
    cid = _company_id(demo_store)
    statements: list[str] = []
    demo_store.conn.set_trace_callback(statements.append)
    try:
        page = company_page(demo_store, cid)
    finally:
        demo_store.conn.set_trace_callback(None)
    assert len(statements) == 4  # the company, its applications with feedback, its people,
    # how they answered when asked why (issue 16)
    assert [a.title for a in page.applications] == [
        "Director of Engineering, Merchant Platform",
        "Senior Engineering Manager, Risk",
        "Engineering Manager, Payments Core",
    ]  # newest first
    older = page.applications[2]
    assert older.stage == "rejected"
    assert older.applied_on < page.applications[0].applied_on
    assert [f.filed_as for f in older.feedback] == ["Too hands-on", "Too hands-on"]
    assert (
        len(page.people)
        == demo_store.scalar("SELECT count(*) FROM contacts WHERE company_id = ?", [cid])
        == 10
    )
    touches = [p.last_contacted for p in page.people]
    assert touches == sorted(touches, reverse=True)  # the most recently in touch first


def test_a_form_letter_is_filed_as_no_reason_given(demo_store):
    page = company_page(demo_store, _company_id(demo_store, "Helix Health"))
    filed = [f.filed_as for a in page.applications for f in a.feedback]
    assert "no reason given" in filed


def test_edit_company_renames_and_keeps_notes_and_refuses_another_companys_name(demo_store):
    cid = _company_id(demo_store)
    edited = edit_company(
        demo_store,
        cid,
        name="Brightline Payments Ltd",
        notes="Fintech; the EM loop has a take-home.",
    )
    assert edited.name == "Brightline Payments Ltd"
    assert get_company(demo_store, cid).notes == "Fintech; the EM loop has a take-home."
    with pytest.raises(ValidationError) as caught:
        edit_company(demo_store, cid, name="HELIX HEALTH Inc.")
    assert "another company is called Helix Health" in caught.value.errors["name"]
    assert edit_company(demo_store, cid, notes="").notes is None


# -- opening the page -------------------------------------------------------------------


async def test_a_company_hit_of_search_opens_its_page(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon")
        await type_text(pilot, "brightline")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        options = app.screen.query_one("#search-hits")
        while not str(options.get_option_at_index(options.highlighted).id).startswith("company:"):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompanyScreen)
        assert screen.company_id == _company_id(demo_store)
        bar = screen.query_one("#topbar")
        assert bar.screen_title == "Company" and bar.status == "Brightline Payments"
        apps = table_rows(app, "#company-apps")
        assert [row[1] for row in apps if not row[1].startswith("  ↳")] == [
            "Director of Engineering, Merchant Platform",
            "Senior Engineering Manager, Risk",
            "Engineering Manager, Payments Core",
        ]
        assert apps[0][2:4] == ("Director", "screening")
        assert apps[1][2:4] == ("Sr Manager", "rejected")
        feedback = [row for row in apps if row[1].startswith("  ↳")]
        assert len(feedback) == 3
        assert feedback[0][1].startswith("  ↳ Managing managers: “Unfortunately")
        people = table_rows(app, "#company-people")
        assert people[0][:3] == ("Marta Keller", "Executive Recruiter", "recruiter")
        assert len(people) == 10


async def test_a_company_of_the_palette_opens_its_page(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "helix health")
        await palette_settled(pilot)
        hits = app.screen.query_one(CommandList)
        prompts = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        company = next(i for i, p in enumerate(prompts) if p.startswith("Helix Health\n"))
        assert "company · 3 applications · 4 people" in prompts[company]
        for _ in range(company):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CompanyScreen)
        assert app.screen.company_id == _company_id(demo_store, "Helix Health")
        assert app.recent[0] == ("company", app.screen.company_id)


async def test_c_on_an_application_opens_its_company_and_enter_opens_records(demo_store):
    app = RungApp(demo_store)
    old = _app_id(demo_store, "Engineering Manager, Payments Core")
    async with app.run_test(size=SIZE) as pilot:
        app.open_application(old)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompanyScreen) and screen.company_id == _company_id(demo_store)
        apps = screen.query_one("#company-apps", RecordTable)
        assert apps.has_focus
        newer = _app_id(demo_store, "Senior Engineering Manager, Risk")
        await _move_to(pilot, apps, newer)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen) and app.screen.app_id == newer
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen  # esc goes back to the company page
        # a feedback row opens its gap with the cursor on it
        feedback = demo_store.scalar(
            "SELECT id FROM feedback WHERE application_id = ? ORDER BY received_on DESC LIMIT 1",
            [old],
        )
        await _move_to(pilot, apps, -feedback)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GapDetailScreen)
        assert app.screen.slug == "delegation_too_hands_on"
        assert app.screen.query_one("#gap-feedback", RecordTable).selected_key == feedback
        await pilot.press("escape")
        await pilot.pause()
        # tab: the people; enter opens one
        await pilot.press("tab")
        people = screen.query_one("#company-people", RecordTable)
        assert people.has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactDetailScreen)
        assert app.screen.contact_id == people.rows[0].key
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and people.has_focus
        assert "Marta Keller — Executive Recruiter · recruiter · last touch" in str(
            screen.query_one("#company-selected").render()
        )


async def test_esc_goes_back_where_the_page_was_opened_from(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        app.open_application(_app_id(demo_store, "Engineering Manager, Payments Core"))
        await pilot.pause()
        detail = app.screen
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompanyScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is detail
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen_stack == app.screen_stack[:1]  # the Pipeline


async def test_c_on_a_contact_opens_their_company(demo_store):
    app = RungApp(demo_store)
    marta = demo_store.scalar("SELECT id FROM contacts WHERE name = 'Marta Keller'")
    async with app.run_test(size=SIZE) as pilot:
        app.open_contact(marta)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompanyScreen)
        assert app.screen.company_id == _company_id(demo_store)


# -- no second copy of a screen ---------------------------------------------------------


async def test_application_company_same_application_goes_back_instead_of_stacking(demo_store):
    app = RungApp(demo_store)
    ident = _app_id(demo_store, "Engineering Manager, Payments Core")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        app.open_application(ident)
        await pilot.pause()
        detail = app.screen
        depth = len(app.screen_stack)
        await pilot.press("c")
        await pilot.pause()
        assert len(app.screen_stack) == depth + 1
        await _move_to(pilot, app.screen.query_one("#company-apps", RecordTable), ident)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is detail
        assert len(app.screen_stack) == depth
        assert [type(s).__name__ for s in app.screen_stack].count("ApplicationDetailScreen") == 1


async def test_contact_company_same_contact_goes_back(demo_store):
    app = RungApp(demo_store)
    marta = demo_store.scalar("SELECT id FROM contacts WHERE name = 'Marta Keller'")
    async with app.run_test(size=SIZE) as pilot:
        app.open_contact(marta)
        await pilot.pause()
        detail, depth = app.screen, len(app.screen_stack)
        await pilot.press("c", "tab")
        await pilot.pause()
        await _move_to(pilot, app.screen.query_one("#company-people", RecordTable), marta)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is detail and len(app.screen_stack) == depth


async def test_a_record_open_in_another_screen_is_shown_there_not_copied(demo_store):
    app = RungApp(demo_store)
    ident = _app_id(demo_store, "Engineering Manager, Payments Core")
    async with app.run_test(size=SIZE) as pilot:
        app.open_application(ident)
        await pilot.pause()
        detail = app.screen
        await pilot.press("2")  # Contacts: another screen stack
        await pilot.pause()
        app.open_record("application", ident)  # as search's enter does
        await pilot.pause()
        assert app.current_mode == "pipeline"
        assert app.screen is detail and len(app.screen_stack) == 2
        # the same company twice from the palette: one page
        app.open_company(_company_id(demo_store))
        await pilot.pause()
        page, depth = app.screen, len(app.screen_stack)
        app.open_company(_company_id(demo_store))
        await pilot.pause()
        assert app.screen is page and len(app.screen_stack) == depth


# -- editing, layout, keys --------------------------------------------------------------


async def test_e_edits_the_company_notes_and_a_taken_name_shows_at_its_field(demo_store):
    app = RungApp(demo_store)
    cid = _company_id(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_company(cid)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+u")  # the name field: cleared
        await type_text(pilot, "Helix Health")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "another company" in str(app.screen.query_one("#error-name").render())
        await pilot.press("ctrl+u")
        await type_text(pilot, "Brightline")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Take-home in the EM loop")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CompanyScreen)
        company = get_company(demo_store, cid)
        assert (company.name, company.notes) == ("Brightline", "Take-home in the EM loop")
        fields = str(app.screen.query_one("#company-fields").render())
        assert "Take-home in the EM loop" in fields
        assert app.screen.query_one("#topbar").status == "Brightline"


@pytest.mark.parametrize("size", [SIZE, WIDE])
async def test_the_lists_stack_and_share_the_height_at_80x24_and_160x45(demo_store, size):
    app = RungApp(demo_store)
    async with app.run_test(size=size) as pilot:
        app.open_company(_company_id(demo_store))
        await pilot.pause()
        screen = app.screen
        apps = screen.query_one("#company-apps", RecordTable)
        people = screen.query_one("#company-people", RecordTable)
        assert apps.region.bottom <= people.region.y  # stacked
        assert apps.size.height - 1 == len(apps.rows)  # every application and its feedback
        shown = people.size.height - 1
        if size == WIDE:
            assert shown >= len(people.rows)  # everyone
            role = apps._columns_for(apps.size.width)[1][1]
            assert role >= 100  # the width goes to the feedback's text
        else:
            assert shown >= 6  # as many people as the rest of 24 lines allows
        await pilot.press("j", "j")  # a piece of feedback: whole under the lists
        panel = str(screen.query_one("#company-selected").render())
        assert "Managing managers · yours to close" in panel
        assert "too big for this senior role" in panel


async def test_a_company_with_people_only_shows_them_and_says_no_applications(store):
    from rung.core.commands.contacts import add_contact

    dana = add_contact(store, name="Dana Reyes", company="Acme", relationship="recruiter")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_company(dana.company_id)
        await pilot.pause()
        screen = app.screen
        assert "none yet" in str(screen.query_one("#company-apps-title").render())
        assert not screen.query_one("#company-apps", RecordTable).display
        people = screen.query_one("#company-people", RecordTable)
        assert people.has_focus and [r.cells[0] for r in people.rows] == ["Dana Reyes"]
        assert screen.selected_contact_id() == dana.id  # F adds a follow-up to her


def test_company_bindings_have_unique_ids_with_the_rest():
    from test_bindings import all_bindings

    from rung.tui.screens.application_detail import ApplicationDetailScreen as Detail
    from rung.tui.screens.contact_detail import ContactDetailScreen as Person

    bindings = {id(b): b for b in [*all_bindings(), *CompanyScreen.BINDINGS]}.values()
    ids = [b.id for b in bindings]
    assert all(ids) and len(ids) == len(set(ids))
    assert all(b.description and b.tooltip for b in CompanyScreen.BINDINGS)
    for screen in (Detail, Person):
        assert any(b.action == "company" and b.key == "c" for b in screen.BINDINGS)
