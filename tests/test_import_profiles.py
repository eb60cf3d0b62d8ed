"""Every bundled import profile is one the loader accepts, checked against the registry of
record kinds; a broken profile is refused naming its file, line and key."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from rung.core.importing.kinds import KINDS, WRITE_ORDER
from rung.core.importing.profiles import (
    PROFILE_KEYS,
    ProfileError,
    load_profile_file,
    load_profiles,
)
from rung.core.importing.values import compile_format
from rung.core.importing.writer import Writer
from rung.core.stages import STAGES
from rung.core.store import Store

FOLDER = Path(__file__).resolve().parent.parent / "schemas" / "import_profiles"
FILES = sorted(FOLDER.glob("*.toml"))
SHARED = {"stages.toml"}  # tables the profiles share, no profile of their own


def test_the_folder_holds_the_profiles_and_the_shared_tables():
    assert len(FILES) >= 9
    loaded = {p.name for p in map(load_profile_file, FILES) if p is not None}
    assert loaded == set(load_profiles())
    assert {f.name for f in FILES if load_profile_file(f) is None} == SHARED


@pytest.mark.parametrize("path", [f for f in FILES if f.name not in SHARED], ids=lambda f: f.name)
def test_a_bundled_profile_is_accepted_and_maps_real_fields(path):
    profile = load_profile_file(path)
    assert profile is not None
    kind = KINDS[profile.kind]
    assert profile.record is kind
    assert set(profile.columns) <= kind.fields, set(profile.columns) - kind.fields
    for needed in kind.needs:
        assert needed & set(profile.columns), (profile.name, needed)
    assert all(profile.columns.values())
    assert profile.default_stage in STAGES
    sample = datetime(2026, 3, 14, 15, 9, 26)
    for fmt in profile.date_formats:
        read = compile_format(fmt)(sample.strftime(fmt))
        assert read is not None and read[0] == "2026-03-14", (fmt, read)
    assert load_profiles()[profile.name] == profile


def test_the_registry_names_every_kind_once_with_its_writer_and_tables(tmp_path):
    assert list(WRITE_ORDER) == ["contacts", "applications", "invitations", "messages"]
    with Store(tmp_path / "rung.db") as store:
        tables = {r["name"] for r in store.query("SELECT name FROM sqlite_master")}
    for name, kind in KINDS.items():
        assert kind.name == name
        assert getattr(Writer, name) is kind.write  # the writer method of that kind
        assert set(kind.tables) <= tables, kind.tables
        assert all(needed <= kind.fields for needed in kind.needs)
        assert kind.matched_by
    assert {p.kind for p in load_profiles().values()} == set(KINDS)


GOOD = """\
# a test profile
name = "test.jobs"
kind = "applications"
required = ["company", "role"]
date_formats = ["%Y-%m-%d"]

[columns]
company = ["Company"]
title = ["Role"]
"""


def _refused(tmp_path: Path, text: str) -> str:
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile_file(path)
    return str(caught.value).replace(str(path), "FILE")


def test_a_good_profile_written_to_tmp_is_accepted(tmp_path):
    path = tmp_path / "good.toml"
    path.write_text(GOOD, encoding="utf-8")
    profile = load_profile_file(path)
    assert profile is not None
    assert (profile.name, profile.kind, profile.required) == (
        "test.jobs",
        "applications",
        ("company", "role"),
    )


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (
            GOOD.replace("date_formats", "date_fromats"),
            "FILE:5: date_fromats: unknown key (known: " + ", ".join(PROFILE_KEYS) + ")",
        ),
        (GOOD.replace("\ncompany = ", "\ncompnay = "), "FILE:8: columns.compnay: not a field of"),
        (GOOD.replace('"applications"', '"jobs"'), "FILE:3: kind: unknown kind 'jobs' (one of:"),
        (GOOD.replace('"%Y-%m-%d"', '"%d/%m"'), "FILE:5: date_formats: '%d/%m' does not read"),
        (GOOD.replace('"%Y-%m-%d"', '"%Y-%q"'), "FILE:5: date_formats: '%Y-%q' does not read"),
        (GOOD.replace('company = ["Company"]\n', ""), "FILE:7: columns: applications need a"),
        (GOOD + 'fuzzy = "yes"\n', "FILE:10: columns.fuzzy: not a field"),  # under [columns]
        (GOOD.replace("required", 'fuzzy = "yes"\nrequired'), "FILE:4: fuzzy: must be bool"),
        (GOOD.replace("# a test", 'default_stage = "won"\n#'), "FILE:1: default_stage: unknown"),
        (GOOD.replace('title = ["Role"]', 'title = "Role"'), "FILE:9: columns.title: must be a"),
        (GOOD.replace('name = "test.jobs"\n', ""), "FILE: name: missing"),
        (GOOD.replace('["company", "role"]', '["company", 3]'), "FILE:4: required: must be a list"),
        (GOOD.replace("[columns]", "[columns"), "FILE: not valid TOML"),
    ],
)
def test_a_broken_profile_is_refused_naming_file_line_and_key(tmp_path, broken, message):
    assert _refused(tmp_path, broken).startswith(message)


def test_every_field_a_sheet_can_feed_is_named_on_the_import_screen():
    from rung.core.importing.kinds import KINDS
    from rung.core.importing.profiles import sheet_fields
    from rung.tui.screens.import_screen import FIELD_LABELS, IGNORE, field_choices

    fields = sheet_fields()
    assert set(fields) <= KINDS["applications"].fields
    assert set(FIELD_LABELS) == set(fields), "a field without a label, or a label for none"
    assert [f for f, _ in field_choices()] == [*FIELD_LABELS, IGNORE]
