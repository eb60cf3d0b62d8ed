"""The Textual internals behind rung.tui.compat: each test fails loudly, naming the fence
to revisit, when a Textual upgrade renames, re-signs or changes what a fence relies on."""

from __future__ import annotations

import inspect
from importlib.metadata import version

from textual.app import App, ComposeResult
from textual.command import CommandList, CommandPalette, Hit, Hits, Provider
from textual.screen import Screen
from textual.widgets import Static
from tui_helpers import until

from rung.tui.compat import modes, palette
from rung.tui.compat.modes import build_mode_ahead, mode_is_built, mode_stacks
from rung.tui.compat.palette import EagerCommandPalette

TEXTUAL = version("textual")


def fence(ok: bool, what: str, module: object) -> None:
    """Fail with what changed and which fence (written against which Textual) to revisit."""
    if not ok:
        written = getattr(module, "WRITTEN_AGAINST", "?")
        raise AssertionError(
            f"Textual {TEXTUAL} changed {what}: {module.__name__} was written against "
            f"Textual {written}; adapt it (and this test) to the new version"
        )


def params(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


class Home(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("home", id="home-text")


class Other(Screen[None]):
    composed = 0

    def compose(self) -> ComposeResult:
        Other.composed += 1
        yield Static("other", id="other-text")


class ModesApp(App[None]):
    MODES = {"home": Home, "other": Other}
    DEFAULT_MODE = "home"


# -- modes: App._init_mode, App._screen_stacks ---------------------------------------------


def test_init_mode_and_screen_stacks_exist_with_the_signature_used():
    fence(callable(getattr(App, "_init_mode", None)), "App._init_mode (gone)", modes)
    fence(
        params(App._init_mode) == ["self", "mode"],
        f"App._init_mode's signature (now {params(App._init_mode)})",
        modes,
    )
    fence(
        "_screen_stacks" in inspect.getsource(App.__init__),
        "App._screen_stacks (no longer set in App.__init__)",
        modes,
    )


async def test_init_mode_builds_a_mode_without_showing_it():
    Other.composed = 0
    app = ModesApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        fence(isinstance(mode_stacks(app), dict), "App._screen_stacks (not a dict)", modes)
        fence(
            list(mode_stacks(app)) == ["home"] and mode_stacks(app)["home"] == app.screen_stack,
            "App._screen_stacks (not a map of each mode built to its stack)",
            modes,
        )
        assert not mode_is_built(app, "other")
        assert build_mode_ahead(app, "other") is True
        await until(pilot, lambda: Other.composed == 1, what="the mode built ahead composed")
        fence(app.current_mode == "home", "App._init_mode (it switched the mode)", modes)
        fence(isinstance(app.screen, Home), "App._init_mode (it showed the screen)", modes)
        fence(mode_is_built(app, "other"), "App._init_mode (no stack in _screen_stacks)", modes)
        built = mode_stacks(app)["other"][0]
        fence(isinstance(built, Other), "App._init_mode (the stack holds no MODES screen)", modes)
        await until(pilot, lambda: built.is_mounted, what="the screen built ahead mounted")
        assert built.query_one("#other-text", Static)
        app.switch_mode("other")
        await pilot.pause()
        fence(
            app.screen is built and Other.composed == 1,
            "switch_mode after _init_mode (it built the screen again)",
            modes,
        )
        app.push_screen(Home())
        await pilot.pause()
        fence(
            mode_stacks(app)["other"] == app.screen_stack and len(app.screen_stack) == 2,
            "App._screen_stacks (the current mode's entry is not its screen stack)",
            modes,
        )


# -- palette: CommandPalette._search_for and what it uses -------------------------------------


def test_the_palette_internals_exist_with_the_signatures_used():
    search_for = getattr(CommandPalette, "_search_for", None)
    fence(search_for is not None, "CommandPalette._search_for (gone)", palette)
    fence(
        inspect.isasyncgenfunction(search_for),
        "CommandPalette._search_for (no longer an async generator)",
        palette,
    )
    fence(
        params(search_for) == ["self", "search_value"],
        f"CommandPalette._search_for's signature (now {params(search_for)})",
        palette,
    )
    fence(
        "self._search_for(" in inspect.getsource(CommandPalette._gather_commands),
        "CommandPalette._gather_commands (it no longer drains _search_for)",
        palette,
    )
    consume = inspect.getattr_static(CommandPalette, "_consume", None)
    fence(
        isinstance(consume, staticmethod)
        and params(CommandPalette._consume) == ["hits", "commands"],
        "CommandPalette._consume (gone, or not a staticmethod(hits, commands))",
        palette,
    )
    for name in ("_start_busy_countdown", "_stop_busy_countdown"):
        method = getattr(CommandPalette, name, None)
        fence(
            callable(method) and params(method) == ["self"],
            f"CommandPalette.{name} (gone, or takes arguments)",
            palette,
        )
    fence(
        callable(getattr(Provider, "_search", None))
        and params(Provider._search) == ["self", "query"],
        "Provider._search (gone, or not (self, query))",
        palette,
    )


class Words(Provider):
    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for word in ("alpha", "alpine", "beta"):
            if (score := matcher.match(word)) > 0:
                yield Hit(score, matcher.highlight(word), lambda: None, text=word)


class PaletteApp(App[None]):
    COMMANDS = {Words}
    searches: list[str] = []

    def open_palette(self) -> None:
        app = self

        class Counting(EagerCommandPalette):
            async def _search_for(self, search_value: str):  # noqa: ANN202
                app.searches.append(search_value)
                async for hit in super()._search_for(search_value):
                    yield hit

        self.push_screen(Counting())


async def test_the_palette_searches_through_the_override_and_shows_its_hits():
    app = PaletteApp()
    app.searches = []
    async with app.run_test() as pilot:
        app.open_palette()
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
        fence(
            isinstance(getattr(app.screen, "_providers", None), list)
            and any(isinstance(p, Words) for p in app.screen._providers),
            "CommandPalette._providers (not the list of the app's providers)",
            palette,
        )
        await pilot.press("a", "l", "p")
        hits = app.screen.query_one(CommandList)
        await until(pilot, lambda: hits.option_count == 2, what="two hits for 'alp'")
        fence(
            app.searches and app.searches[-1] == "alp",
            f"CommandPalette searching (the override saw {app.searches})",
            palette,
        )
        shown = sorted(str(hits.get_option_at_index(i).prompt) for i in range(2))
        assert shown == ["alpha", "alpine"]


# -- the tests' own reach into Textual (tests/conftest.py, tests/tui_helpers.py) -----------


def test_the_idle_wait_reads_its_poll_interval_at_each_call():
    """conftest shortens Pilot's idle polls by setting textual._wait's two constants."""
    import textual._wait as textual_wait
    from conftest import IDLE_POLL
    from textual.pilot import Pilot

    source = inspect.getsource(textual_wait.wait_for_idle)
    assert "sleep(SLEEP_GRANULARITY)" in source and "SLEEP_IDLE" in source, (
        f"Textual {TEXTUAL} changed textual._wait.wait_for_idle: tests/conftest.py's "
        "_quicker_idle_polls no longer shortens Pilot's waits"
    )
    assert textual_wait.SLEEP_GRANULARITY == IDLE_POLL
    assert "wait_for_idle" in inspect.getsource(Pilot.pause)
    assert "wait_for_idle" in inspect.getsource(App._press_keys)


def test_the_palette_gathers_in_a_named_worker_group():
    """tests/tui_helpers.palette_settled waits for that group's workers."""
    group = getattr(CommandPalette, "_GATHER_COMMANDS_GROUP", None)
    assert isinstance(group, str), f"Textual {TEXTUAL} has no CommandPalette._GATHER_COMMANDS_GROUP"
    source = inspect.getsource(CommandPalette._gather_commands)
    assert '"-ready"' in source, "the palette no longer marks itself -ready after gathering"
