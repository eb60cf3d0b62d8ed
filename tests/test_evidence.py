"""Evidence entries (issue 17): add, list, edit, delete with undo, merges, and
`rung evidence add|list|delete`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rung.core.clustering.corrections import merge_gaps
from rung.core.clustering.plans import add_action
from rung.core.errors import NotFound, ValidationError
from rung.core.evidence import (
    UnknownGap,
    add_evidence,
    delete_evidence,
    edit_evidence,
    get_evidence,
    list_evidence,
)
from rung.core.undo import restore
from rung.tui.cli import cli


def test_add_with_a_story_and_natural_dates(store):
    entry = add_evidence(
        store,
        "people_management",
        "  acting manager of 3 for 4 months ",
        on="3 days ago",
        situation="my lead left",
        action="ran the 1:1s",
        result="two promotions",
    )
    assert entry.text == "acting manager of 3 for 4 months"
    assert entry.on == "2026-11-20"  # RUNG_TODAY is 2026-11-23
    assert entry.slug == "people_management" and entry.label == "People management"
    assert entry.story
    plain = add_evidence(store, "people_management", "ran the Q3 hiring loop: 4 hires")
    assert plain.on == "2026-11-23" and not plain.story
    assert add_evidence(store, "people_management", "x", situation="s", action="a").story is False


def test_validation(store):
    with pytest.raises(ValidationError) as err:
        add_evidence(store, "people_management", "   ", on="someday")
    assert set(err.value.errors) == {"text", "on"}
    with pytest.raises(ValidationError, match="no plan action"):
        add_evidence(store, "people_management", "x", gap_action_id=99)
    assert store.count("evidence") == 0


def test_unknown_slug_names_the_closest(store):
    with pytest.raises(UnknownGap) as err:
        add_evidence(store, "peple_managment", "x")
    assert "people_management" in str(err.value)
    assert str(err.value).startswith("no gap 'peple_managment' (closest: people_management")
    with pytest.raises(NotFound):
        list_evidence(store, "nope")


def test_list_newest_first_and_by_gap(store):
    a = add_evidence(store, "people_management", "old", on="2025-01-01")
    b = add_evidence(store, "people_management", "new", on="2026-10-01")
    c = add_evidence(store, "strategy_and_vision", "strategy doc", on="2026-05-01")
    assert [e.id for e in list_evidence(store)] == [b.id, c.id, a.id]
    assert [e.id for e in list_evidence(store, "people_management")] == [b.id, a.id]


def test_edit(store):
    entry = add_evidence(store, "people_management", "led 3", situation="s", action="a", result="r")
    ident = add_action(store, "managing_managers", "lead two leads")
    edited = edit_evidence(
        store,
        entry.id,
        {
            "text": "led 3 for 6 months",
            "on": "2026-01-02",
            "result": "",
            "slug": "managing_managers",
            "gap_action_id": ident,
        },
    )
    assert (edited.text, edited.on, edited.result, edited.slug, edited.gap_action_id) == (
        "led 3 for 6 months",
        "2026-01-02",
        None,
        "managing_managers",
        ident,
    )
    assert not edited.story
    with pytest.raises(ValidationError):
        edit_evidence(store, entry.id, {"colour": "red"})
    with pytest.raises(ValidationError):
        edit_evidence(store, entry.id, {"text": ""})
    with pytest.raises(NotFound):
        edit_evidence(store, 999, {"text": "x"})
    assert get_evidence(store, entry.id).text == "led 3 for 6 months"


def test_delete_and_undo(store):
    entry = add_evidence(store, "people_management", "led 3", on="2026-02-03")
    stone = delete_evidence(store, entry.id)
    with pytest.raises(NotFound):
        get_evidence(store, entry.id)
    restore(store, stone)
    assert get_evidence(store, entry.id) == entry


def test_merged_gap_evidence_follows(store):
    entry = add_evidence(store, "scale_experience", "ran a 200-person org")
    merge_gaps(store, "scale_experience", "managing_managers")
    assert get_evidence(store, entry.id).slug == "managing_managers"
    assert [e.id for e in list_evidence(store, "managing_managers")] == [entry.id]
    later = add_evidence(store, "scale_experience", "and a 300-person one")
    assert later.slug == "managing_managers"  # added to the gap it was merged into


def run(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args])


def test_cli_add_list_delete(db_path):
    result = run(
        db_path,
        "evidence",
        "add",
        "people_management",
        "acting manager of 3",
        "--date",
        "2026-03-01",
        "--situation",
        "s",
        "--action",
        "a",
        "--result",
        "r",
        "--json",
    )
    assert result.exit_code == 0, result.output
    added = json.loads(result.output)
    assert {"id", "slug", "text", "on", "situation", "action", "result"} <= set(added)
    assert added["on"] == "2026-03-01"
    text = run(db_path, "evidence", "add", "strategy_and_vision", "wrote the strategy").output
    assert text.startswith("added evidence 2 to Strategy and vision (2026-11-23)")
    listed = json.loads(run(db_path, "evidence", "list", "--json").output)["evidence"]
    assert [e["id"] for e in listed] == [2, 1]
    one = json.loads(run(db_path, "evidence", "list", "people_management", "--json").output)
    assert [e["id"] for e in one["evidence"]] == [1]
    lines = run(db_path, "evidence", "list").output.splitlines()
    assert len(lines) == 2 and "[story]" in lines[1]
    assert run(db_path, "evidence", "delete", "1").exit_code == 0
    gone = run(db_path, "evidence", "delete", "1")
    assert gone.exit_code == 1 and gone.output.startswith("rung: error: no evidence with id 1")


def test_cli_unknown_slug_is_one_line(db_path):
    result = run(db_path, "evidence", "add", "manging_managers", "x")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("rung: error: no gap 'manging_managers' (closest: managing_managers")
    bad = run(db_path, "evidence", "add", "people_management", "x", "--date", "someday")
    assert bad.exit_code == 1 and bad.output.startswith("rung: error: on: ")
