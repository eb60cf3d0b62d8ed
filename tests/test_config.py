"""User settings: defaults, validation messages with key and line, saving a setting."""

from __future__ import annotations

import os
import stat
import tomllib

import pytest

from rung.core.config import (
    Settings,
    SettingsError,
    load_settings,
    parse_settings,
    save_setting,
)


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


# -- save_setting edits the document (tomlkit): every other byte of the file stays ---------

COMMENTED = """\
# rung settings, kept by hand
stale_days = 9   # two weeks felt long

[cadence]        # days between touches
mentor = 60

[keymap]
"pipeline.add" = "n"   # n for new
"""


@pytest.mark.parametrize(
    "theme",
    [
        "my\\\\theme",  # a doubled backslash: the regex writer read it back as a tab
        "my\\theme",
        'say "hi"',
        "it's",
        "thème ünïcode ☃",
        "tab\there",
        "#not-a-comment",
        "a = b [x]",
    ],
)
def test_save_setting_text_reads_back_exactly(tmp_path, theme):
    path = tmp_path / "config.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    save_setting("theme", "old", path)
    save_setting("theme", theme, path)  # replaces it (where the regex writer broke)
    settings, problems = load_settings(path)
    assert problems == []
    assert settings.theme == theme.strip()
    assert tomllib.loads(path.read_text(encoding="utf-8"))["theme"] == theme


def test_save_setting_keeps_comments_order_and_other_keys(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    save_setting("stale_days", 12, path)
    assert path.read_text(encoding="utf-8") == COMMENTED.replace(
        "stale_days = 9 ", "stale_days = 12 "
    )
    save_setting("theme", "nord", path)
    text = path.read_text(encoding="utf-8")
    # a new top-level key goes after the others, before the first table
    assert text.startswith(
        '# rung settings, kept by hand\nstale_days = 12   # two weeks felt long\ntheme = "nord"\n'
    )
    assert text.endswith(COMMENTED[COMMENTED.index("\n[cadence]") :])


def test_save_setting_adds_a_key_to_an_existing_table_and_makes_a_missing_one(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    save_setting("recruiter", 20, path, table="cadence")
    save_setting("pipeline.delete", "ctrl+d", path, table="keymap")
    text = path.read_text(encoding="utf-8")
    assert "[cadence]        # days between touches\nmentor = 60\nrecruiter = 20\n" in text
    assert '"pipeline.add" = "n"   # n for new\n"pipeline.delete" = "ctrl+d"\n' in text
    settings, problems = load_settings(path)
    assert problems == []
    assert settings.cadence == {"mentor": 60, "recruiter": 20}
    assert settings.keymap == {"pipeline.add": "n", "pipeline.delete": "ctrl+d"}
    fresh = tmp_path / "fresh.toml"
    fresh.write_text('theme = "nord"\n', encoding="utf-8")
    save_setting("mentor", 45, fresh, table="cadence")
    assert load_settings(fresh)[0].cadence == {"mentor": 45}
    assert load_settings(fresh)[0].theme == "nord"


def test_save_setting_creates_the_file_and_its_folder(tmp_path):
    path = tmp_path / "new" / "dir" / "config.toml"
    assert save_setting("theme", "nord", path) == path
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n'


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('theme = "nord"\nstale_days = = 3\n', 2),
        ('theme = "nord"\n\n[cadence]\nmentor = 1\nmentor = 2\n', 5),
        ('theme = "unterminated\n', 1),
    ],
)
def test_save_setting_refuses_a_file_that_is_not_toml_and_writes_nothing(tmp_path, text, line):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        save_setting("theme", "dracula", path)
    assert str(caught.value).startswith(f"{path}:{line}: not valid TOML")
    assert "nothing written" in str(caught.value)
    assert path.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]  # no .partial left


def test_save_setting_refuses_a_value_where_a_table_is_wanted(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("cadence = 3\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"config.toml:1: cadence is not a table"):
        save_setting("mentor", 30, path, table="cadence")
    assert path.read_text(encoding="utf-8") == "cadence = 3\n"


def test_save_setting_edits_a_symlinks_target_and_keeps_the_link(tmp_path):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "rung.toml"
    real.write_text("stale_days = 9\n", encoding="utf-8")
    os.chmod(real, 0o600)
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_setting("theme", "nord", link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == 'stale_days = 9\ntheme = "nord"\n'
    assert stat.S_IMODE(real.stat().st_mode) == 0o600  # its permissions kept


def test_save_setting_refuses_a_fifo_without_reading_or_replacing_it(tmp_path):
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)  # nobody writes it: reading it would hang
    with pytest.raises(SettingsError, match="not a regular file"):
        save_setting("theme", "nord", fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    link = tmp_path / "link.toml"
    link.symlink_to(fifo)
    with pytest.raises(SettingsError, match="not a regular file"):
        save_setting("theme", "nord", link)
    assert link.is_symlink()


def test_save_setting_refuses_a_directory(tmp_path):
    folder = tmp_path / "config.toml"
    folder.mkdir()
    with pytest.raises(SettingsError, match="not a regular file"):
        save_setting("theme", "nord", folder)
