"""User settings: defaults, validation messages with key and line, saving a setting."""

from __future__ import annotations

from rung.core.config import Settings, load_settings, parse_settings, save_setting


def test_missing_file_gives_defaults(tmp_path):
    settings, problems = load_settings(tmp_path / "nope.toml")
    assert settings == Settings()
    assert problems == []


def test_valid_file():
    settings, problems = parse_settings(
        'theme = "nord"\nstale_days = 10\n[cadence]\nrecruiter = 20\n'
        '[keymap]\n"pipeline.add" = "n"\n'
    )
    assert problems == []
    assert settings.theme == "nord"
    assert settings.stale_days == 10
    assert settings.cadence == {"recruiter": 20}
    assert settings.keymap == {"pipeline.add": "n"}


def test_bad_values_name_key_and_line_and_keep_defaults():
    settings, problems = parse_settings('theme = "nord"\nstale_days = "soon"\ncolour = 3\n')
    assert settings.stale_days == 14 and settings.theme == "nord"
    text = [str(p) for p in problems]
    assert text[0].startswith("line 2: stale_days:")
    assert text[1].startswith("line 3: colour: unknown setting")


def test_broken_toml_names_line():
    settings, problems = parse_settings('theme = "nord"\nstale_days = = 3\n')
    assert settings == Settings()
    assert problems[0].line == 2
    assert "not valid TOML" in problems[0].message


def test_save_setting_keeps_other_lines(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('stale_days = 9\n[keymap]\n"pipeline.add" = "n"\n', encoding="utf-8")
    save_setting("theme", "dracula", path)
    save_setting("theme", "nord", path)
    settings, problems = load_settings(path)
    assert problems == []
    assert (settings.theme, settings.stale_days, settings.keymap) == (
        "nord",
        9,
        {"pipeline.add": "n"},
    )


async def test_a_theme_picked_in_the_app_is_kept_for_the_next_start(store, tmp_path, monkeypatch):
    from rung.tui.app import RungApp

    path = tmp_path / "rung.toml"
    path.write_text("stale_days = 10\n[cadence]\nmentor = 30\n", encoding="utf-8")
    monkeypatch.setenv("RUNG_CONFIG", str(path))
    settings, _ = load_settings()
    app = RungApp(store, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"  # what the palette's theme picker sets
        await pilot.pause()
    settings, problems = load_settings()
    assert (settings.theme, settings.stale_days, settings.cadence, problems) == (
        "nord",
        10,
        {"mentor": 30},
        [],
    )
    again = RungApp(store, settings=settings)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"
