"""Forms (issue 14, items 4 and 11): records picked by name, choices with type-ahead, the
day a date field reads shown as you type, messages at their field that clear when it is
edited, esc asking before a changed form is thrown away, a tall form scrolling."""

from __future__ import annotations

from textual import events
from tui_helpers import selected_key, type_text

from rung.core.commands.applications import add_application
from rung.core.commands.contacts import add_contact
from rung.core.commands.records import record_choice, record_choices
from rung.tui.app import RungApp
from rung.tui.fuzzy import NameIndex
from rung.tui.screens.dialogs import ChoiceScreen, ConfirmScreen, Field, FormScreen
from rung.tui.widgets.choice_field import ChoiceField
from rung.tui.widgets.record_picker import PickerScreen, RecordPicker

SIZE = (80, 24)


def _text(widget) -> str:
    return str(widget.render())


def _error(app: RungApp, name: str) -> str:
    label = app.screen.query_one(f"#error-{name}")
    return _text(label) if label.has_class("shown") else ""


async def _open_pipeline_record(pilot, query: str) -> None:
    await pilot.pause()
    await pilot.press("slash")
    await type_text(pilot, query)
    await pilot.press("enter")
    await pilot.pause()


# -- item 4: links picked by name ------------------------------------------------------


async def test_feedback_picks_the_application_by_name(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await type_text(pilot, "too hands-on for a director")
        await pilot.press("tab", "tab", "tab")  # When, Source, Application
        picker = app.screen.query_one("#field-application", RecordPicker)
        assert app.screen.focused is picker
        await pilot.press("w", "r", "e", "n", "space", "d", "i", "r")  # keys race the list
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.query_one("#picker-filter").value == "wren dir"
        options = app.screen.query_one("#picker-list")
        assert options.option_count == 1
        assert "Wren Travel — Director of Engineering" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "Wren Travel — Director of Engineering (applied)" in _text(picker)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
    wren = demo_store.scalar(
        "SELECT a.id FROM applications a JOIN companies c ON c.id = a.company_id "
        "WHERE c.name = 'Wren Travel' AND a.title = 'Director of Engineering'"
    )
    assert (
        demo_store.scalar(
            "SELECT application_id FROM feedback WHERE text = ?", ["too hands-on for a director"]
        )
        == wren
    )


async def test_a_burst_with_enter_picks_what_it_typed(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("F")
        await pilot.pause()
        picker = app.screen.query_one("#field-application", RecordPicker)
        picker.focus()
        await pilot.press(*"helix interim", "enter")  # a paste, or a fast typist
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "Helix Health — Interim Engineering Manager" in _text(picker)
        # in a terminal the keys of a burst reach the field before the list has the focus
        # (a Pilot waits between keys): the same, without a pause between them
        picker.action_blank()
        for ch in "wren dir":
            picker.on_key(events.Key(ch, ch))
        picker.action_open_list()  # the enter
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert "Wren Travel — Director of Engineering" in _text(picker)


async def test_the_picker_is_pre_filled_from_the_selection_and_may_be_left_blank(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        key = selected_key(app)
        await pilot.press("f")
        await pilot.pause()
        picker = app.screen.query_one("#field-application", RecordPicker)
        assert picker.value == key
        label = record_choice(demo_store, "application", key).label
        assert label in _text(picker)
        assert app.screen.values()["application"] == str(key)  # callers still get the id
        picker.focus()
        await pilot.press("backspace")
        assert picker.value is None and app.screen.values()["application"] == ""
        await pilot.press("enter")  # the list: 'no link' first, then the records
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        first = app.screen.query_one("#picker-list").get_option_at_index(0)
        assert first.id == "none"
        await pilot.press("escape")  # the field keeps what it had
        await pilot.pause()
        assert isinstance(app.screen, FormScreen) and picker.value is None


async def test_an_interview_links_the_application_picked_by_name(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await _open_pipeline_record(pilot, "sable senior")
        await pilot.press("enter")  # the detail of Sable's Senior Engineering Manager
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        picker = app.screen.query_one("#field-application", RecordPicker)
        assert "Sable Robotics — Senior Engineering Manager" in _text(picker)
        await type_text(pilot, "wern")  # a typo: the palette's matcher forgives it
        await pilot.pause()
        assert "Wren" in str(app.screen.query_one("#picker-list").get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#field-kind")  # on to the next
        await type_text(pilot, "tech")
        await pilot.press("tab")
        await type_text(pilot, "next friday 10am")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
    row = demo_store.query_one(
        "SELECT i.kind, i.scheduled_at, c.name AS company FROM interviews i"
        " JOIN applications a ON a.id = i.application_id JOIN companies c"
        " ON c.id = a.company_id ORDER BY i.id DESC LIMIT 1"
    )
    assert row == {
        "kind": "technical",
        "scheduled_at": "2026-12-04T10:00",
        "company": "Wren Travel",
    }


async def test_logging_a_call_picks_the_application_and_a_follow_up_its_contact(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        contact = selected_key(app)
        await pilot.press("l")
        await pilot.pause()
        labels = [_text(w) for w in app.screen.query(".form-label")]
        assert "Application" in labels and "Application id" not in labels
        await type_text(pilot, "talked about the panel")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "helix")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        linked = demo_store.scalar(
            "SELECT c.name FROM interactions i JOIN applications a ON a.id = i.application_id "
            "JOIN companies c ON c.id = a.company_id WHERE i.summary = 'talked about the panel'"
        )
        assert linked == "Helix Health"
        await pilot.press("F")  # a follow-up: about the selected contact, by name
        await pilot.pause()
        picker = app.screen.query_one("#field-contact", RecordPicker)
        assert picker.value == contact
        assert record_choice(demo_store, "contact", contact).label in _text(picker)
        await type_text(pilot, "send the deck")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert (
        demo_store.scalar("SELECT contact_id FROM followups WHERE what = 'send the deck'")
        == contact
    )


async def test_letter_keys_on_a_picker_search_instead_of_switching_screens(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("F")
        await pilot.pause()
        app.screen.query_one("#field-application", RecordPicker).focus()
        await pilot.press("q")  # not quit
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert app.screen.query_one("#picker-filter").value == "q"
        assert app.is_running


def test_picker_candidates_name_the_records(store):
    first = add_application(store, company="Acme", title="Engineering Manager")
    add_contact(store, name="Dana Reyes", company="Acme", relationship="recruiter")
    assert [c.label for c in record_choices(store, "application")] == [
        "Acme — Engineering Manager (applied)"
    ]
    [dana] = record_choices(store, "contact")
    assert dana.label == "Dana Reyes · Acme" and "recruiter" in dana.search
    assert [c.label for c in record_choices(store, "company")] == ["Acme"]
    assert record_choice(store, "application", first.id).id == first.id
    assert record_choice(store, "contact", 999) is None


def test_the_palette_and_the_pickers_share_one_matcher():
    from rung.tui import palette

    index = NameIndex(["Wren Travel — Director of Engineering", "Acme — VP"])
    assert [i for i, _ in index.candidates("wern")] == [0]  # typo corrected
    assert "NameIndex" in palette.RecordsProvider.startup.__code__.co_names


# -- item 11: forms ----------------------------------------------------------------------


async def test_a_bad_date_shows_under_when_and_clears_as_it_is_fixed(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await type_text(pilot, "needs more budget ownership")
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "someday")
        preview = app.screen.query_one("#preview-received_on")
        assert _text(preview).startswith("✗")
        app.screen.action_submit()
        await pilot.pause()
        assert "not a date: 'someday'" in _error(app, "received_on")
        assert _error(app, "application") == ""
        assert not app.screen.query_one("#form-message").has_class("shown")
        await pilot.press("backspace")  # editing the field takes its stale message away
        assert _error(app, "received_on") == ""
        await pilot.press("ctrl+u")
        await type_text(pilot, "31.03.")
        assert _text(preview) == "→ Tue 2026-03-31"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
    assert (
        demo_store.scalar(
            "SELECT received_on FROM feedback WHERE text = ?", ["needs more budget ownership"]
        )
        == "2026-03-31"
    )


async def test_a_date_that_does_not_parse_says_why_when_the_field_is_left(store):
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#field-applied_on").focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "next fr")
        assert _error(app, "applied_on") == ""  # not while typing
        await pilot.press("tab")
        assert "not a date: 'next fr'" in _error(app, "applied_on")


async def test_a_stale_message_clears_when_its_field_is_edited(store):
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+u", "ctrl+s")  # no company, no title
        assert "required" in _error(app, "company") and "required" in _error(app, "title")
        await type_text(pilot, "Acme")  # the focus went to the first field in error
        assert _error(app, "company") == ""
        assert "required" in _error(app, "title")  # the other one is still true


def test_an_error_key_with_or_without_id_finds_its_field():
    field = Field("application", "Application", kind="application")
    assert field.answers_to("application") and field.answers_to("application_id")
    assert not field.answers_to("contact")
    assert Field("due_on", "Due", error_keys=("date",)).answers_to("date")


async def test_a_message_about_no_field_is_not_shown_under_the_last_field(store):
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        from rung.core.errors import ValidationError

        def submit(values: dict[str, str]) -> None:
            raise ValidationError({"contact_id": "no contact with id 9"})

        app.push_screen(FormScreen("Test", [Field("what", "What"), Field("when", "When")], submit))
        await pilot.pause()
        app.screen.action_submit()
        await pilot.pause()
        message = app.screen.query_one("#form-message")
        assert message.has_class("shown") and "contact: no contact with id 9" in _text(message)
        assert _error(app, "when") == ""
        fields = app.screen.query_one(".form-fields")
        assert message.region.y < fields.region.y  # under the title, above the fields


async def test_esc_asks_before_throwing_a_changed_form_away(store):
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("escape")  # unchanged: closes at once
        await pilot.pause()
        assert not isinstance(app.screen, (FormScreen, ConfirmScreen))
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Acme")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # back to the form, as it was
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values()["company"] == "Acme"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, (FormScreen, ConfirmScreen))
    assert store.count("applications") == 0


async def test_choice_fields_take_a_typed_prefix(store):
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Acme")
        await pilot.press("tab")
        await type_text(pilot, "Platform Engineering Manager")
        await pilot.press("enter")  # enter moves on, into Level
        level = app.screen.query_one("#field-level", ChoiceField)
        assert app.screen.focused is level and level.value == ""
        await type_text(pilot, "d")
        assert level.value == "director"
        await pilot.press("right")
        assert level.value == "vp"
        await pilot.press("enter")
        stage = app.screen.query_one("#field-stage", ChoiceField)
        assert app.screen.focused is stage and stage.value == "applied"
        await type_text(pilot, "int")
        assert stage.value == "interviewing"
        await type_text(pilot, "z")  # nothing starts with z: it stays
        assert stage.value == "interviewing"
        await pilot.press("space")  # the whole list, the current one highlighted
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        options = app.screen.query_one("#choice-list")
        assert options.get_option_at_index(options.highlighted).id == "interviewing"
        await type_text(pilot, "offer")
        await pilot.press("enter")
        await pilot.pause()
        assert stage.value == "offer"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
    assert store.query_one("SELECT level, stage FROM applications") == {
        "level": "vp",
        "stage": "offer",
    }


async def test_kind_outcome_and_relationship_are_choices(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        kind = app.screen.query_one("#field-kind", ChoiceField)
        outcome = app.screen.query_one("#field-outcome", ChoiceField)
        kind.focus()
        await type_text(pilot, "h")
        assert kind.value == "hiring_manager"
        await type_text(pilot, "p")  # a word of a label: 'case presentation' or 'panel'
        assert kind.value == "panel"
        outcome.focus()
        await type_text(pilot, "pa")
        assert outcome.value == "passed"
        await pilot.press("backspace")  # optional: blank
        assert outcome.value == ""
        assert app.screen.values()["outcome"] == ""
        await pilot.press("escape", "y")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        relationship = app.screen.query_one("#field-relationship", ChoiceField)
        relationship.focus()
        await type_text(pilot, "fo")
        assert relationship.value == "former_colleague"


async def test_a_tall_form_scrolls_and_keeps_the_focused_field_visible(store):
    app = RungApp(store)
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen.query_one("#dialog")
        assert dialog.region.height <= 16
        for _ in range(9):
            await pilot.press("tab")
        await pilot.pause()
        notes = app.screen.query_one("#field-notes")
        assert app.screen.focused is notes
        fields = app.screen.query_one(".form-fields")
        assert fields.scroll_y > 0
        assert fields.region.contains_region(notes.region)
        help_line = app.screen.query_one(".dialog-help")
        assert help_line.region.bottom <= 16  # the keys stay on screen too


def test_every_form_binding_has_an_id_and_a_tooltip():
    bindings = [
        b for cls in (FormScreen, ChoiceField, RecordPicker, PickerScreen) for b in cls.BINDINGS
    ]
    assert all(b.id and b.tooltip and b.description for b in bindings), bindings
    ids = [b.id for b in bindings]
    assert len(ids) == len(set(ids))


async def test_a_burst_of_keys_after_tab_lands_in_the_next_field(store):
    """Keys that arrive together (a fast typist, a paste, tmux send-keys) after a tab go
    to the field the tab moved to, not the one it left."""
    from textual import events

    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(
            FormScreen(
                "Test",
                [Field("what", "What"), Field("where", "Where"), Field("who", "Who")],
                lambda values: values,
            )
        )
        await pilot.pause()
        burst = [*"ab", "tab", *"cd", "tab", "tab", *"ef", "shift+tab", *"gh"]
        for key in burst:  # posted at once, as a terminal's read delivers them
            char = key if len(key) == 1 else None
            app.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        values = app.screen.values()
        # tab on the last field goes round to the first (its text selected, as a tab into a
        # filled field does: "ef" replaces "ab"); shift+tab goes back
        assert values == {"what": "ef", "where": "cd", "who": "gh"}, values
