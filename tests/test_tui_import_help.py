"""The Import screen's focus (its keys work outside the path field, esc leaves the field,
the focus is always shown) and Help (every binding with its id, filtered as you type)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static
from tui_helpers import type_text, until

from rung.core.commands.applications import add_application
from rung.core.store import Store
from rung.tui.app import RungApp
from rung.tui.screens.contacts import ContactsScreen
from rung.tui.screens.help import HelpScreen
from rung.tui.screens.import_screen import ImportScreen
from rung.tui.widgets.path_input import ImportTree, PathInput
from rung.tui.widgets.record_table import RecordTable

FIXTURES = Path(__file__).parent / "fixtures" / "import"


async def _settle(app: RungApp, pilot) -> None:
    await pilot.pause()
    mine = [w for w in app.workers if w.group in ("import", "import-plan")]
    if mine:
        await app.workers.wait_for_complete(mine)
    await pilot.pause()


def _path(app: RungApp) -> Input:
    return app.screen.query_one("#path", Input)


async def test_import_keys_work_on_arrival_and_the_field_is_entered_with_i(tmp_path):
    store = Store(tmp_path / "rung.db")
    app = RungApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        assert not isinstance(app.screen.focused, PathInput)  # arrival: not the field
        await pilot.press("2")  # a screen key, not a character of a path
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)
        await pilot.press("5")
        await pilot.pause()
        assert _path(app).value == ""
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("i")  # into the field: now keys are text
        await pilot.pause()
        assert isinstance(app.screen.focused, PathInput)
        await type_text(pilot, "1q?")
        assert _path(app).value == "1q?"
        await pilot.press("escape")  # out of it again: the screen's keys work
        await pilot.pause()
        assert not isinstance(app.screen.focused, PathInput)
        assert _path(app).value == "1q?"
        await pilot.press("1")
        await pilot.pause()
        assert app.current_mode == "pipeline"
    store.close()


async def test_slash_and_tilde_start_a_path(tmp_path):
    store = Store(tmp_path / "rung.db")
    app = RungApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "slash")
        await pilot.pause()
        await type_text(pilot, "tmp/x.csv")
        assert _path(app).value == "/tmp/x.csv"
        await pilot.press("escape", "tilde")
        await pilot.pause()
        await type_text(pilot, "/y.csv")
        assert _path(app).value == "~/y.csv" and isinstance(app.screen.focused, PathInput)
    store.close()


async def test_a_preview_moves_the_focus_out_and_a_dialog_does_not_bring_it_back(tmp_path):
    store = Store(tmp_path / "rung.db")
    app = RungApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "i")
        await pilot.pause()
        _path(app).value = str(FIXTURES / "teal_jobs.csv")
        await pilot.press("enter")
        await _settle(app, pilot)
        mapping = app.screen.query_one("#import-mapping", RecordTable)
        assert mapping.has_focus  # the field is left once the file reads
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen.focused, PathInput)
        await pilot.press("ctrl+p")  # a sub-screen opened from inside the field…
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        assert not isinstance(app.screen.focused, PathInput)  # …does not put us back in it
        assert mapping.has_focus
        await pilot.press("4")
        await pilot.pause()
        assert app.current_mode == "review"
    store.close()


async def test_a_path_that_does_not_read_keeps_the_field_to_correct_it(tmp_path):
    store = Store(tmp_path / "rung.db")
    app = RungApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "i")
        await type_text(pilot, str(tmp_path / "missing.csv"))
        await pilot.press("enter")
        await _settle(app, pilot)
        assert "no such file" in str(app.screen.query_one("#import-profile", Static).render())
        assert isinstance(app.screen.focused, PathInput)
    store.close()


async def test_the_focus_is_shown_on_the_field_the_tree_and_the_tables(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "teal_jobs.csv").write_bytes((FIXTURES / "teal_jobs.csv").read_bytes())
    store = Store(tmp_path / "rung.db")
    app = RungApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = app.screen
        path = _path(app)

        def bar(widget) -> str:  # noqa: ANN001 - the left edge of a widget: its focus mark
            return widget.styles.border_left[0]

        assert bar(path) == "blank"
        await pilot.press("i")
        await pilot.pause()
        assert bar(path) == "thick"
        path.value = str(folder) + "/"
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(screen.focused, ImportTree), what="the tree focused")
        tree = screen.query_one(ImportTree)
        assert tree.has_focus
        focused_edge = tree.styles.border_top[1]
        await pilot.press("shift+tab")  # the tree shown, the focus elsewhere: a dim frame
        await pilot.pause()
        assert not tree.has_focus and tree.styles.border_top[1] != focused_edge
        await pilot.press("tab")
        await pilot.pause()
        assert tree.has_focus
        await pilot.press("escape")  # esc closes the tree, the focus goes to the screen
        await pilot.pause()
        assert tree.has_class("hidden") and not isinstance(screen.focused, PathInput)
        await pilot.press("ctrl+t")
        await until(pilot, lambda: tree.has_focus, what="the tree focused again")
        assert tree.has_focus and tree.styles.border_top[1] == focused_edge
        await pilot.press("down", "enter")
        await _settle(app, pilot)
        mapping = screen.query_one("#import-mapping", RecordTable)
        assert mapping.has_focus and bar(mapping) == "thick" and bar(path) == "blank"
        await pilot.press("tab")
        await pilot.pause()
        rows = screen.query_one("#import-preview")
        assert rows.has_focus and bar(rows) == "thick" and bar(mapping) == "blank"
    store.close()


async def test_the_import_plan_lists_possible_duplicates(tmp_path):
    store = Store(tmp_path / "rung.db")
    add_application(store, company="Acme", title="Engineering Manager", applied_on="2026-03-01")
    sheet = tmp_path / "jobs.csv"
    sheet.write_text(
        "Company,Title,Date Applied\nACME Inc.,Engineering Manager,2026-05-02\n"
        "Globex,Director of Engineering,2026-05-03\n",
        encoding="utf-8",
    )
    app = RungApp(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        _path(app).value = str(sheet)
        await pilot.press("enter")  # outside the field, enter previews the typed path
        await _settle(app, pilot)
        plan = str(app.screen.query_one("#import-plan", Static).render())
        assert "≈ 1 possible duplicate(s) of applications kept" in plan
        assert "line 2: Acme — Engineering Manager, 2026-05-02 ≈ #1 (2026-03-01, applied)" in plan
        await pilot.press("ctrl+r")
        await _settle(app, pilot)
        assert store.count("applications") == 3  # imported all the same
        assert "≈ 1 possible duplicate(s)" in str(
            app.screen.query_one("#import-summary", Static).render()
        )
    store.close()


# -- help ------------------------------------------------------------------------------------


def _help_text(app: RungApp) -> str:
    return str(app.screen.query_one("#help-text", Static).render())


async def test_help_shows_every_binding_of_the_screen_with_its_id(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        under = app.screen
        wanted = {
            active.binding.id
            for active in under.active_bindings.values()
            if active.binding.id and active.binding.description
        }
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = _help_text(app)
        assert wanted <= {row.id for row in app.screen.rows}
        for ident in (
            "pipeline.add",
            "pipeline.stage",
            "table.down",
            "app.undo",
            "app.quit",
            "app.area.import",
        ):
            assert ident in text
        assert "Add an application" in text  # what it does, under its row at 80 columns
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_help_filters_as_you_type_by_key_label_id_and_description(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        await type_text(pilot, "undo")
        await pilot.pause()
        assert {row.id for row in help_screen.shown} >= {"app.undo"}
        assert all(
            "undo" in (r.keys + r.action + r.id + r.about).casefold() for r in help_screen.shown
        )
        assert "pipeline.add" not in _help_text(app)
        assert "of" in str(help_screen.query_one("#help-title", Static).render())
        for _ in range(4):
            await pilot.press("backspace")
        await type_text(pilot, "pipeline.st")  # an id
        await pilot.pause()
        assert [r.id for r in help_screen.shown] == [
            "pipeline.stage",
            "pipeline.stage_filter",
            "pipeline.stage_filter_back",
        ]
        help_screen.query_one("#help-filter", Input).value = "ctrl+f"  # a key by its name
        await pilot.pause()
        assert [r.id for r in help_screen.shown] == ["app.search"]
        help_screen.query_one("#help-filter", Input).value = "zzzz"
        await pilot.pause()
        assert help_screen.shown == [] and "No key matches" in _help_text(app)


async def test_help_uses_the_width_and_scrolls_with_j_k_and_arrows(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        wide = _help_text(app).splitlines()
        row = next(line for line in wide if "pipeline.add" in line)
        assert "Add an application" in row  # the description in its own column
        assert max(len(line) for line in wide) > 100
    app = RungApp(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        lines = _help_text(app).splitlines()
        at = next(i for i, line in enumerate(lines) if "pipeline.add" in line)
        assert "Add an application" not in lines[at] and "Add an application" in lines[at + 1]
        room = app.screen.query_one("#help-text", Static).content_region.width
        assert max(len(line) for line in lines) <= room  # no line wraps again or is cut
        scroll = app.screen.query_one("#help-scroll")
        await pilot.press("down", "down")  # arrows scroll from the filter
        await pilot.pause()
        assert scroll.scroll_y == 2
        await pilot.press("tab")  # on the list: j/k scroll, G to the end
        await pilot.press("j", "j", "k")
        await pilot.pause()
        assert scroll.scroll_y == 3
        await pilot.press("G")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y > 3
        await pilot.press("u")  # any other letter goes back to the filter
        await pilot.pause()
        assert app.screen.query_one("#help-filter", Input).value == "u"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_help_shows_the_keys_of_the_keymap(demo_store):
    from rung.core.config import Settings

    app = RungApp(demo_store, settings=Settings(keymap={"pipeline.add": "n"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        [add] = [r for r in app.screen.rows if r.id == "pipeline.add"]
        assert add.keys == "n"


def test_the_new_keys_carry_an_id_a_label_and_a_tooltip():
    from textual.binding import Binding

    from rung.tui.screens.duplicates import DuplicateScreen

    bindings = [
        b
        for cls in (ImportScreen, PathInput, HelpScreen, DuplicateScreen)
        for b in cls.BINDINGS
        if isinstance(b, Binding)
    ]
    ids = [b.id for b in bindings]
    assert all(ids) and len(ids) == len(set(ids))
    assert all(b.description and b.tooltip for b in bindings), [
        b.id for b in bindings if not (b.description and b.tooltip)
    ]
