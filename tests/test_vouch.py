"""Who can vouch (issue 16, item 3): tags, merges, the Review's first calls, the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rung.core.clustering import log_feedback
from rung.core.clustering.corrections import create_gap, merge_gaps, reassign
from rung.core.clustering.taxonomy import taxonomy
from rung.core.commands.applications import add_application, move_stage
from rung.core.commands.contacts import add_contact, log_interaction
from rung.core.commands.interviews import add_interview
from rung.core.errors import NotFound
from rung.core.review import build_review, render_markdown, render_text
from rung.core.vouch import (
    NotVouchable,
    UnknownGap,
    add_vouch,
    remove_vouch,
    restore_vouches,
    set_vouches,
    vouch_rows,
    vouchers_for,
    vouches_of,
)
from rung.tui.cli import cli

REASON = "can vouch for Managing managers — Director final round at Acme, Thu 3 Dec"


def _slugs(gaps):
    return [g.slug for g in gaps]


# -- tagging ------------------------------------------------------------------------------


def test_tag_untag_and_list(store):
    dana = add_contact(store, name="Dana Reyes", company="Initech", relationship="peer")
    change = add_vouch(
        store, dana.id, ["people_management", "Business and budget"], note="former report"
    )
    assert change.changed == ("people_management", "business_and_budget")
    assert _slugs(vouches_of(store, dana.id)) == ["business_and_budget", "people_management"]
    assert vouches_of(store, dana.id)[0].note == "former report"
    again = add_vouch(store, dana.id, ["people_management"])
    assert again.changed == () and again.unchanged == ("people_management",)
    assert store.count("contact_gaps") == 2
    assert [v.name for v in vouchers_for(store, "people_management")] == ["Dana Reyes"]
    gone = remove_vouch(store, dana.id, ["people_management", "strategy_and_vision"])
    assert gone.changed == ("people_management",)
    assert gone.unchanged == ("strategy_and_vision",)
    assert _slugs(vouches_of(store, dana.id)) == ["business_and_budget"]
    assert vouchers_for(store, "people_management") == []


def test_unknown_gap_names_the_closest_and_external_is_refused(store):
    dana = add_contact(store, name="Dana Reyes")
    with pytest.raises(UnknownGap) as err:
        add_vouch(store, dana.id, ["people_managment"])
    assert err.value.closest[0] == "people_management"
    assert "people_management" in str(err.value)
    with pytest.raises(NotVouchable, match="company's reason"):
        add_vouch(store, dana.id, ["role_closed"])
    with pytest.raises(NotFound):
        add_vouch(store, 999, ["people_management"])
    # one bad slug: nothing of the call is written
    with pytest.raises(UnknownGap):
        add_vouch(store, dana.id, ["people_management", "nope_not_a_gap"])
    assert store.count("contact_gaps") == 0


def test_tag_on_a_merged_gap_follows_it(store):
    dana = add_contact(store, name="Dana Reyes")
    add_vouch(store, dana.id, ["hiring_and_team_building"])
    merge_gaps(store, "hiring_and_team_building", "people_management")
    assert _slugs(vouches_of(store, dana.id)) == ["people_management"]
    assert [v.id for v in vouchers_for(store, "people_management")] == [dana.id]
    # the merged slug names the gap it went into, for a new tag and for untagging
    assert [v.id for v in vouchers_for(store, "hiring_and_team_building")] == [dana.id]
    assert add_vouch(store, dana.id, ["people_management"]).unchanged == ("people_management",)
    assert remove_vouch(store, dana.id, ["hiring_and_team_building"]).changed == (
        "people_management",
    )
    assert store.count("contact_gaps") == 0


def test_set_vouches_and_restore(store):
    dana = add_contact(store, name="Dana Reyes")
    add_vouch(store, dana.id, ["people_management"], note="my manager at Initech")
    before = vouch_rows(store, dana.id)
    added, removed = set_vouches(store, dana.id, ["business_and_budget", "strategy_and_vision"])
    assert sorted(added.changed) == ["business_and_budget", "strategy_and_vision"]
    assert removed.changed == ("people_management",)
    restore_vouches(store, dana.id, before)
    assert vouch_rows(store, dana.id) == before  # same ids, same note


# -- the Review -------------------------------------------------------------------------


def _history(store, *, exec_ahead: bool = True):
    """A Director application at Acme with an exec round ahead (Thu 3 Dec), "managing
    managers" cited 3 times on other director applications, a recruiter overdue by
    cadence, a voucher for managing managers and one for a gap not cited at director."""
    acme = add_application(
        store,
        company="Acme",
        title="Director of Engineering",
        applied_on="2026-10-20",
        at="2026-10-20",
    )
    move_stage(store, acme.id, "interviewing", at="2026-11-02")
    add_interview(
        store, acme.id, kind="recruiter_screen", scheduled_at="2026-11-04 10:00", outcome="passed"
    )
    add_interview(
        store, acme.id, kind="hiring_manager", scheduled_at="2026-11-16 15:00", outcome="passed"
    )
    if exec_ahead:
        add_interview(store, acme.id, kind="exec", scheduled_at="2026-12-03 11:00")
    for i, company in enumerate(("Beta", "Gamma", "Delta")):
        app = add_application(
            store,
            company=company,
            title="Director of Platform",
            applied_on="2026-09-01",
            at="2026-09-01",
        )
        move_stage(store, app.id, "rejected", at="2026-10-0" + str(i + 1))
        logged = log_feedback(
            store,
            "you have not yet led other managers",
            application_id=app.id,
            received_on=f"2026-10-0{i + 1}",
        )
        if logged.gap_slug != "managing_managers":
            reassign(store, logged.feedback.id, "managing_managers", carry=False)
    olly = add_contact(store, name="Olly Recruiter", company="Hays", relationship="recruiter")
    log_interaction(store, olly.id, summary="call", at="2026-09-01")  # cadence 30: overdue
    dana = add_contact(store, name="Dana Reyes", company="Initech", relationship="peer")
    add_vouch(store, dana.id, ["managing_managers"], note="she reported to me")
    user_gap = create_gap(store, "Public speaking")
    victor = add_contact(store, name="Victor Other", relationship="peer")
    add_vouch(store, victor.id, [user_gap])
    return acme, olly, dana, victor


def test_voucher_first_in_who_to_call_with_the_reason(store):
    acme, olly, dana, victor = _history(store)
    review = build_review(store)
    calls = review.contacts_due
    assert [c.id for c in calls] == [dana.id, olly.id]  # the voucher ahead of the overdue
    first = calls[0]
    assert first.reason == REASON
    assert first.vouch_for == "managing_managers"
    assert first.application_id == acme.id
    assert first.due == "2026-12-03"  # call her before the round
    assert {"id", "name", "company", "relationship", "last_contacted", "due"} <= set(
        first.to_json()
    )
    assert calls[1].reason is None
    assert victor.id not in [c.id for c in calls]  # public speaking: not cited at director
    assert REASON in render_markdown(review) and REASON in render_text(review)
    json.dumps(review.to_json())  # JSON-ready


def test_a_gap_the_taxonomy_ties_to_other_levels_is_not_promoted(store):
    acme, olly, dana, victor = _history(store)
    other = next(
        g.slug
        for g in taxonomy()
        if g.kind == "gap"
        and "director" not in getattr(g, "levels", ("director",))
        and g.slug != "managing_managers"
    )
    pat = add_contact(store, name="Pat Lead", relationship="peer")
    add_vouch(store, pat.id, [other])
    assert pat.id not in [c.id for c in build_review(store).contacts_due]


def test_not_in_its_final_round_promotes_nobody(store):
    _, olly, dana, victor = _history(store, exec_ahead=False)
    calls = build_review(store).contacts_due
    assert [c.id for c in calls] == [olly.id]
    assert not any(c.reason for c in calls)


def test_final_round_after_the_horizon_or_decided_promotes_nobody(store):
    acme, olly, dana, _ = _history(store, exec_ahead=False)
    add_interview(store, acme.id, kind="exec", scheduled_at="2026-12-20 11:00")  # > 14 days
    assert [c.id for c in build_review(store).contacts_due] == [olly.id]
    add_interview(store, acme.id, kind="panel", scheduled_at="2026-11-30 11:00", round=3)
    assert build_review(store).contacts_due[0].id == dana.id
    move_stage(store, acme.id, "rejected", at="2026-11-23")
    assert [c.id for c in build_review(store).contacts_due] == [olly.id]


def test_a_voucher_already_due_appears_once_first(store):
    acme, olly, dana, _ = _history(store)
    add_vouch(store, olly.id, ["managing_managers"])
    calls = build_review(store).contacts_due
    assert [c.id for c in calls] == [dana.id, olly.id]
    assert calls[1].reason == REASON
    assert calls[1].due < "2026-11-23"  # still overdue: the earlier date kept


def test_level_of_the_feedback_matters(store):
    """Cited at director, tagged; the final round is at manager level (where managing
    managers is cited by no feedback): nobody promoted unless the taxonomy says so."""
    acme, olly, dana, _ = _history(store)
    store.execute("UPDATE applications SET level = 'manager' WHERE id = ?", [acme.id])
    defs = {g.slug: g for g in taxonomy()}
    ties = "manager" in getattr(defs["managing_managers"], "levels", ())
    promoted = [c.id for c in build_review(store).contacts_due if c.reason]
    assert promoted == ([dana.id] if ties else [])


# -- the CLI ------------------------------------------------------------------------------


def _run(db, *args):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def test_cli_vouch_list_remove_and_vouchers(store, db_path):
    dana = add_contact(store, name="Dana Reyes", company="Initech", relationship="peer")
    result = _run(
        db_path,
        "contact",
        "vouch",
        str(dana.id),
        "people_management",
        "business_and_budget",
        "--note",
        "former report",
    )
    assert result.exit_code == 0, result.output
    assert "tagged people_management, business_and_budget" in result.output
    listed = _run(db_path, "contact", "vouch", str(dana.id), "--json")
    data = json.loads(listed.output)
    assert data["contact"] == {"id": dana.id, "name": "Dana Reyes"}
    assert [v["slug"] for v in data["vouches"]] == ["business_and_budget", "people_management"]
    who = _run(db_path, "contact", "vouchers", "people_management", "--json")
    assert json.loads(who.output)["vouchers"][0]["name"] == "Dana Reyes"
    removed = _run(
        db_path, "contact", "vouch", str(dana.id), "business_and_budget", "--remove", "--json"
    )
    assert json.loads(removed.output)["removed"] == ["business_and_budget"]
    assert _slugs(vouches_of(store, dana.id)) == ["people_management"]
    text = _run(db_path, "contact", "vouchers", "people_management")
    assert "Dana Reyes" in text.output and text.exit_code == 0


def test_cli_errors_one_line(store, db_path):
    dana = add_contact(store, name="Dana Reyes")
    unknown = _run(db_path, "contact", "vouch", str(dana.id), "people_managment")
    assert unknown.exit_code == 1
    assert unknown.output.count("\n") == 1
    assert "closest: people_management" in unknown.output
    assert _run(db_path, "contact", "vouch", "42", "people_management").exit_code == 1
    external = _run(db_path, "contact", "vouch", str(dana.id), "internal_candidate")
    assert external.exit_code == 1 and "company's reason" in external.output
    assert _run(db_path, "contact", "vouch", "x").exit_code == 2
    assert _run(db_path, "contact", "vouch", str(dana.id), "--remove").exit_code == 2
    assert _run(db_path, "contact", "vouchers").exit_code == 2
    gone = _run(db_path, "contact", "vouchers", "nothing_like_it", "--json")
    assert gone.exit_code == 1 and json.loads(gone.stdout)["kind"] == "unknown_gap"
    assert "Traceback" not in unknown.output + gone.output
