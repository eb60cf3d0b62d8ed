"""The weekly review against a hand-built database: week boundaries, UTC times, DST."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from dateutil import tz

from rung.core.clustering import log_feedback
from rung.core.commands.applications import add_application, move_stage
from rung.core.commands.contacts import add_contact, log_interaction
from rung.core.commands.followups import add_followup, complete_followup
from rung.core.commands.interviews import add_interview
from rung.core.errors import ValidationError
from rung.core.review import (
    build_review,
    complete_review,
    local_date,
    parse_week,
    render_markdown,
    review_streak,
)
from rung.tui.cli import cli

BERLIN = tz.gettz("Europe/Berlin")
NEW_YORK = tz.gettz("America/New_York")


def test_parse_week_and_year_with_53_weeks():
    assert parse_week("2026-W48") == ("2026-W48", parse_week("2026-W48")[1])
    assert parse_week("2026-W53")[1].isoformat() == "2026-12-28"
    assert parse_week(None)[0] == "2026-W48"  # RUNG_TODAY is Monday 2026-11-23
    for bad in ("2026-48", "2026-W54", "W48"):
        with pytest.raises(ValidationError):
            parse_week(bad)


def test_local_date_converts_utc_to_the_zone():
    # Sunday 23:30 in Berlin is Sunday 22:30 UTC; Monday 00:30 Berlin is Sunday 23:30 UTC
    assert local_date("2026-11-22T22:30:00Z", BERLIN).isoformat() == "2026-11-22"
    assert local_date("2026-11-22T23:30:00Z", BERLIN).isoformat() == "2026-11-23"
    # the night clocks go back (25 Oct 2026 in Berlin): 23:30 UTC on the 25th is 00:30 CET
    assert local_date("2026-10-25T23:30:00Z", BERLIN).isoformat() == "2026-10-26"
    # New York on its DST end (1 Nov 2026): 04:30 UTC is 23:30 EST on 31 Oct
    assert local_date("2026-11-01T04:30:00Z", NEW_YORK).isoformat() == "2026-11-01"
    assert local_date("2026-11-01T03:30:00Z", NEW_YORK).isoformat() == "2026-10-31"
    assert local_date("2026-11-22", BERLIN).isoformat() == "2026-11-22"  # dates stay dates
    assert local_date("2026-11-22T23:30:00", BERLIN).isoformat() == "2026-11-22"  # naive


def test_moves_new_and_boundaries(store):
    a = add_application(
        store,
        company="Acme",
        title="Director of Engineering",
        applied_on="2026-11-01",
        at="2026-11-01",
    )
    move_stage(store, a.id, "screening", at="2026-11-22T22:30:00Z")  # Sun 23:30 Berlin: W47
    move_stage(store, a.id, "interviewing", at="2026-11-22T23:30:00Z")  # Mon 00:30 Berlin: W48
    b = add_application(store, company="Beta", title="VP Engineering", at="2026-11-23")
    w47 = build_review(store, "2026-W47", zone=BERLIN)
    w48 = build_review(store, "2026-W48", zone=BERLIN)
    assert [(m.from_stage, m.to_stage) for m in w47.moved] == [("applied", "screening")]
    assert [(m.from_stage, m.to_stage) for m in w48.moved] == [("screening", "interviewing")]
    assert [n.id for n in w48.new] == [b.id] and w47.new == []
    # in New York both moves fall on Sunday the 22nd: week 47
    ny = build_review(store, "2026-W47", zone=NEW_YORK)
    assert len(ny.moved) == 2


def test_stale_ghosts_followups_contacts_interviews(store):
    quiet = add_application(
        store, company="Quiet", title="EM", at="2026-10-20", applied_on="2026-10-20"
    )
    slow = add_application(
        store, company="Slow", title="EM", at="2026-11-05", applied_on="2026-11-05"
    )
    busy = add_application(
        store, company="Busy", title="EM", at="2026-10-01", applied_on="2026-10-01"
    )
    add_interview(store, busy.id, kind="panel", scheduled_at="2026-11-27 10:00")
    add_interview(store, slow.id, kind="hiring manager", scheduled_at="2026-11-23 08:00")
    f_due = add_followup(store, what="thank-you", due_on="2026-11-25")
    f_late = add_followup(store, what="chase", due_on="2026-11-10")
    f_done = add_followup(store, what="sent CV", due_on="2026-11-24")
    complete_followup(store, f_done.id)
    rec = add_contact(store, name="Rae", relationship="recruiter", connected_on="2026-09-01")
    fine = add_contact(store, name="Fin", relationship="recruiter")
    log_interaction(store, fine.id, summary="call", at="2026-11-20")
    review = build_review(store, "2026-W48")
    assert [g.id for g in review.ghost_suggestions] == [quiet.id]  # 34 days silent
    assert busy.id not in [s.id for s in review.stale + review.ghost_suggestions]
    assert [i.application_id for i in review.interviews.ahead] == [busy.id]
    assert [i.application_id for i in review.interviews.held] == [slow.id]
    assert [f.id for f in review.followups.due] == [f_due.id]
    assert [f.id for f in review.followups.overdue] == [f_late.id]
    assert [f.id for f in review.followups.done] == [f_done.id]
    assert [c.id for c in review.contacts_due] == [rec.id]
    assert store.scalar("SELECT stage FROM applications WHERE id = ?", [quiet.id]) == "applied"


def test_funnel_by_level_and_gap_trend(store):
    for i in range(4):
        app = add_application(
            store,
            company=f"Co{i}",
            title="Director of Engineering",
            at="2026-10-05",
            applied_on="2026-10-05",
        )
        if i < 2:
            move_stage(store, app.id, "screening", at="2026-10-12")
        if i == 0:
            move_stage(store, app.id, "interviewing", at="2026-11-24")
    log_feedback(store, "no experience managing managers", received_on="2026-11-20")
    log_feedback(store, "we need someone who has led other managers", received_on="2026-11-10")
    log_feedback(store, "lacks people management experience", received_on="2026-10-10")
    review = build_review(store, "2026-W48")
    assert review.funnel.weeks12["director"] == {
        "applied": 4,
        "screening": 2,
        "interviewing": 1,
        "offer": 0,
    }
    assert review.funnel.week["director"]["interviewing"] == 1
    assert review.funnel.conversion12["director"]["screening"] == 0.5
    trend = {g.slug: (g.last4, g.prev4) for g in review.gaps}
    assert trend["managing_managers"] == (2, 0)
    assert trend["people_management"] == (0, 1)


def test_complete_stores_a_snapshot_and_the_streak(store, monkeypatch):
    add_application(store, company="Acme", title="EM", at="2026-11-10")
    monkeypatch.setenv("RUNG_TODAY", "2026-11-16")
    complete_review(store, "2026-W47", "slow week")
    monkeypatch.setenv("RUNG_TODAY", "2026-11-23")
    assert review_streak(store) == 1
    done = complete_review(store, None, "two interviews booked")
    assert done.streak == 2
    snapshot = json.loads(store.scalar("SELECT snapshot FROM reviews WHERE week = '2026-W48'"))
    assert snapshot["note"] == "two interviews booked" and snapshot["week"] == "2026-W48"
    assert "## Moved" in render_markdown(done)


def test_cli_review_formats(db_path):
    runner = CliRunner()
    runner.invoke(cli, ["--db", str(db_path), "add", "application", "Acme", "EM"])
    data = json.loads(
        runner.invoke(cli, ["--db", str(db_path), "review", "--format", "json"]).output
    )
    assert data["week"] == "2026-W48" and len(data["new"]) == 1
    md = runner.invoke(cli, ["--db", str(db_path), "review", "--format", "md"]).output
    assert md.startswith("# Weekly review 2026-W48")
    bad = runner.invoke(cli, ["--db", str(db_path), "review", "--week", "soon"])
    assert bad.exit_code == 1 and "not an ISO week" in bad.output
    done = runner.invoke(cli, ["--db", str(db_path), "review", "--complete", "--note", "ok"])
    assert done.exit_code == 0 and "Reviewed 1 week in a row" in done.output
