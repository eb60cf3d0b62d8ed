"""Domain commands: companies, levels, stages, edits, validation, undo, follow-ups, cadence."""

from __future__ import annotations

import json

import pytest

from rung.core.commands.applications import (
    add_application,
    application_timeline,
    delete_application,
    edit_application,
    get_application,
    move_stage,
    stage_events,
)
from rung.core.commands.companies import get_or_create_company
from rung.core.commands.contacts import add_contact, get_contact, log_interaction
from rung.core.commands.feedback import add_feedback
from rung.core.commands.followups import (
    add_followup,
    complete_followup,
    list_followups,
    snooze_followup,
)
from rung.core.commands.interviews import add_interview
from rung.core.errors import ValidationError
from rung.core.export import export_ics
from rung.core.levels import infer_level
from rung.core.undo import restore


def test_company_names_dedupe(store):
    ids = {
        get_or_create_company(store, n)
        for n in ("Acme Inc.", "ACME", "The Acme Corporation", "acme, llc", " Acme  ")
    }
    assert len(ids) == 1
    assert get_or_create_company(store, "Acme Labs") not in ids


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Senior Engineering Manager", "senior_manager"),
        ("Head of IT", "director"),
        ("CTO", "c_level"),
        ("Chief Information Officer", "c_level"),
        ("VP Engineering", "vp"),
        ("Vice President, Platform", "vp"),
        ("SVP Technology", "vp"),
        ("Director of Engineering", "director"),
        ("Senior Director, Infrastructure", "director"),
        ("IT Director", "director"),
        ("Engineering Manager", "manager"),
        ("Software Development Manager", "manager"),
        ("Sr. Manager, Software Engineering", "senior_manager"),
        ("Group Engineering Manager", "senior_manager"),
        ("Team Lead", "lead"),
        ("Tech Lead", "lead"),
        ("Lead Backend Engineer", "lead"),
        ("Staff Software Engineer", "ic"),
        ("Principal Engineer", "ic"),
        ("Senior Software Engineer", "ic"),
        ("", "ic"),
    ],
)
def test_level_inference(title, level):
    assert infer_level(title) == level


def test_add_edit_move_and_events(store):
    app = add_application(
        store, company="Acme", title="Engineering Manager", applied_on="2026-03-01"
    )
    assert (app.level, app.stage, app.applied_on) == ("manager", "applied", "2026-03-01")
    move_stage(store, app.id, "screening", at="2026-03-05")
    move_stage(store, app.id, "interviewing", at="2026-03-12")
    assert [(e.from_stage, e.to_stage) for e in stage_events(store, app.id)] == [
        (None, "applied"),
        ("applied", "screening"),
        ("screening", "interviewing"),
    ]
    edited = edit_application(store, app.id, {"title": "Director, Platform", "salary": "150k"})
    assert edited.level == "director"
    assert set(
        json.loads(store.scalar("SELECT user_edited FROM applications WHERE id = ?", [app.id]))
    ) == {"title", "salary"}
    edit_application(store, app.id, {"stage": "offer"})
    assert get_application(store, app.id).stage == "offer"
    assert stage_events(store, app.id)[-1].from_stage == "interviewing"


def test_validation_names_each_field(store):
    with pytest.raises(ValidationError) as info:
        add_application(store, company=" ", title="EM", stage="nowhere", applied_on="32/13/2026")
    assert set(info.value.errors) == {"company", "stage", "applied_on"}
    with pytest.raises(ValidationError) as info:
        add_contact(store, name="Dana", email="dana at example", cadence_days="soon")
    assert set(info.value.errors) == {"email", "cadence_days"}
    assert store.count("applications") == 0 and store.count("contacts") == 0


def test_delete_and_restore_keep_ids_and_links(store):
    app = add_application(store, company="Acme", title="EM")
    move_stage(store, app.id, "screening")
    interview = add_interview(store, app.id, kind="hiring manager")
    contact = add_contact(store, name="Dana Reyes", company="Acme", relationship="recruiter")
    log_interaction(store, contact.id, summary="intro", application_id=app.id)
    feedback = add_feedback(
        store, "more people management", application_id=app.id, interview_id=interview.id
    )
    add_followup(store, what="ping", due_on="+3d", application_id=app.id)
    stone = delete_application(store, app.id)
    assert store.count("applications") == 0
    assert store.count("stage_events") == 0 and store.count("followups") == 0
    assert store.scalar("SELECT application_id FROM feedback") is None
    assert store.scalar("SELECT application_id FROM interactions") is None
    restore(store, stone)
    assert get_application(store, app.id).stage == "screening"
    assert store.scalar("SELECT application_id FROM feedback WHERE id = ?", [feedback.id]) == app.id
    assert (
        store.scalar("SELECT interview_id FROM feedback WHERE id = ?", [feedback.id])
        == interview.id
    )
    assert store.scalar("SELECT application_id FROM interactions") == app.id
    assert store.count("followups") == 1 and store.count("stage_events") == 2


def test_followups_complete_and_snooze(store):
    item = add_followup(store, what="Send thank-you", due_on="2026-11-20")
    assert list_followups(store)[0].id == item.id
    snoozed = snooze_followup(store, item.id, 7)
    assert snoozed.due_on == "2026-11-30"  # from today (2026-11-23), it was overdue
    complete_followup(store, item.id)
    assert list_followups(store) == []
    assert list_followups(store, include_done=True)[0].done_at is not None
    with pytest.raises(ValidationError):
        add_followup(store, what="", due_on="someday")


def test_cadence_by_relationship_and_interaction(store):
    recruiter = add_contact(store, name="Rae", relationship="recruiter", connected_on="2026-10-01")
    assert recruiter.cadence_due == "2026-10-31"
    log_interaction(store, recruiter.id, summary="call", at="2026-11-20")
    assert get_contact(store, recruiter.id).cadence_due == "2026-12-20"
    own = add_contact(store, name="Mo", relationship="mentor", cadence_days=14)
    log_interaction(store, own.id, summary="1:1", at="2026-11-01")
    assert get_contact(store, own.id).cadence_due == "2026-11-15"
    peer = add_contact(store, name="Pat", relationship="peer")
    assert get_contact(store, peer.id).cadence_due is None


def test_timeline_is_in_date_order(store):
    app = add_application(store, company="Acme", title="EM", applied_on="2026-03-01")
    add_feedback(store, "too hands-on", application_id=app.id, received_on="2026-03-20")
    add_interview(store, app.id, kind="panel", scheduled_at="2026-03-10 14:00")
    move_stage(store, app.id, "rejected", at="2026-03-21")
    kinds = [e.kind for e in application_timeline(store, app.id)]
    assert kinds == ["stage", "interview", "feedback", "stage"]


# -- last activity: the latest dated event, never the import time (issue 14.8) -----------

_OLD_LINKEDIN_APPLICATIONS = (
    "Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,"
    "Resume Name,Question And Answers\n"
    '"3/7/26, 2:22 PM",,,Oldfield Labs,Director of Engineering,'
    "https://www.linkedin.com/jobs/view/901,cv.pdf,\n"
    '"2/9/26, 9:05 AM",,,Quarry Systems,Engineering Manager,'
    "https://www.linkedin.com/jobs/view/902,cv.pdf,\n"
)


def test_imported_applications_keep_their_own_dates_as_last_activity(store, tmp_path):
    from rung.core.commands.applications import list_applications
    from rung.core.importing import import_files

    recent = add_application(
        store, company="Nowhere Corp", title="Team Lead", applied_on="2026-11-20"
    )
    path = tmp_path / "Job Applications.csv"
    path.write_text(_OLD_LINKEDIN_APPLICATIONS, encoding="utf-8")
    import_files(store, [path])
    apps = list_applications(store)
    assert [a.company for a in apps] == ["Nowhere Corp", "Oldfield Labs", "Quarry Systems"]
    assert apps[0].id == recent.id
    assert apps[1].last_activity[:10] == "2026-03-07"
    assert apps[2].last_activity[:10] == "2026-02-09"
    # created_at is today (the import time), but it is no event
    assert store.scalar("SELECT min(created_at) FROM applications")[:10] == "2026-11-23"


def test_last_activity_is_the_latest_dated_event_of_the_record(store):
    app = add_application(
        store, company="Acme", title="Engineering Manager", applied_on="2026-01-05"
    )
    assert get_application(store, app.id).last_activity == "2026-01-05"
    move_stage(store, app.id, "screening", at="2026-02-01")
    assert get_application(store, app.id).last_activity == "2026-02-01"
    add_interview(store, app.id, kind="panel", scheduled_at="2026-02-10 10:00")
    assert get_application(store, app.id).last_activity == "2026-02-10T10:00"
    contact = add_contact(store, name="Dana Reyes")
    log_interaction(store, contact.id, at="2026-03-01", application_id=app.id)
    assert get_application(store, app.id).last_activity[:10] == "2026-03-01"
    add_feedback(
        store, "need more people management", application_id=app.id, received_on="2026-03-15"
    )
    assert get_application(store, app.id).last_activity[:10] == "2026-03-15"
    add_interview(store, app.id, kind="exec", scheduled_at="2026-12-01 10:00")  # ahead
    assert get_application(store, app.id).last_activity[:10] == "2026-03-15"
    edit_application(store, app.id, {"notes": "edited today"})  # updated_at moves, no event
    assert get_application(store, app.id).last_activity[:10] == "2026-03-15"


def test_undated_import_row_has_no_last_activity_and_sorts_last(store, tmp_path):
    from rung.core.commands.applications import list_applications
    from rung.core.importing import import_files

    add_application(store, company="Nowhere Corp", title="Team Lead", applied_on="2025-06-01")
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Company,Job Title,Status\nUndated Inc,VP Engineering,Applied\n", encoding="utf-8"
    )
    import_files(store, [path])
    apps = list_applications(store)
    assert [a.company for a in apps] == ["Nowhere Corp", "Undated Inc"]
    assert apps[1].last_activity is None


def test_contacts_last_contacted_is_the_latest_interaction_never_the_import(store, tmp_path):
    from rung.core.commands.contacts import list_contacts
    from rung.core.importing import import_files

    fixtures = __import__("pathlib").Path(__file__).parent / "fixtures" / "import"
    import_files(store, [fixtures / "linkedin_connections.csv", fixtures / "linkedin_messages.csv"])
    contacts = {c.name: c for c in list_contacts(store)}
    jane = contacts["Jane Roe"]
    assert jane.last_contacted is not None and jane.last_contacted[:7] == "2026-03"
    for contact in contacts.values():  # the import ran today: nobody was contacted today
        assert not (contact.last_contacted or "").startswith("2026-11-23")


# -- interviews: edit, delete with undo, cancelled when the application closes (14.6, 14.7)


def _interviewing(store):
    app = add_application(
        store, company="Acme", title="Director of Engineering", applied_on="2026-10-01"
    )
    move_stage(store, app.id, "interviewing", at="2026-10-20")
    held = add_interview(
        store, app.id, kind="recruiter screen", scheduled_at="2026-11-23 09:00"
    )  # today 09:00: before noon, held
    today = add_interview(
        store, app.id, kind="hiring manager", scheduled_at="2026-11-23 15:00"
    )  # later today
    panel = add_interview(store, app.id, kind="panel", scheduled_at="2026-11-26 10:00")
    day_only = add_interview(store, app.id, kind="exec", scheduled_at="2026-12-02")
    passed = add_interview(
        store, app.id, kind="technical", scheduled_at="2026-11-27 10:00", outcome="passed"
    )
    return app, held, today, panel, day_only, passed


def test_edit_interview_outcome_pending_to_passed(store):
    from rung.core.commands.interviews import edit_interview, get_interview

    app = add_application(store, company="Acme", title="Engineering Manager")
    interview = add_interview(
        store, app.id, kind="panel", scheduled_at="2026-11-20 10:00", outcome="pending"
    )
    edited = edit_interview(
        store,
        interview.id,
        {"outcome": "passed", "with_whom": "Dana", "scheduled_at": "2026-11-20 11:00"},
    )
    assert (edited.outcome, edited.with_whom, edited.scheduled_at) == (
        "passed",
        "Dana",
        "2026-11-20T11:00",
    )
    with pytest.raises(ValidationError) as err:
        edit_interview(store, interview.id, {"kind": "", "round": ""})
    assert set(err.value.errors) == {"kind", "round"}
    assert get_interview(store, interview.id).kind == "panel"


def test_delete_interview_and_undo(store):
    from rung.core.commands.interviews import delete_interview, get_interview

    app = add_application(store, company="Acme", title="Engineering Manager")
    interview = add_interview(store, app.id, kind="panel", scheduled_at="2026-11-20 10:00")
    stone = delete_interview(store, interview.id)
    assert store.count("interviews") == 0
    restore(store, stone)
    assert get_interview(store, interview.id).kind == "panel"


def test_interviews_ahead_are_the_pending_ones_still_to_come(store):
    from rung.core.commands.interviews import interviews_ahead

    app, held, today, panel, day_only, passed = _interviewing(store)
    assert [i.id for i in interviews_ahead(store, app.id)] == [today.id, panel.id, day_only.id]


def test_closing_an_application_cancels_its_interviews_ahead(store):
    from rung.core.commands.interviews import get_interview
    from rung.core.review import build_review, render_markdown

    app, held, today, panel, day_only, passed = _interviewing(store)
    before = build_review(store, "2026-W48")
    assert {i.id for i in before.interviews.ahead} >= {panel.id, day_only.id}
    ics = export_ics(store)
    assert "STATUS:CANCELLED" not in ics

    move_stage(store, app.id, "rejected", cancel_interviews=True)
    outcomes = {
        i: get_interview(store, i).outcome
        for i in (held.id, today.id, panel.id, day_only.id, passed.id)
    }
    assert outcomes == {
        held.id: None,
        today.id: "cancelled",
        panel.id: "cancelled",
        day_only.id: "cancelled",
        passed.id: "passed",
    }
    after = build_review(store, "2026-W48")
    ahead = {i.id for i in after.interviews.ahead}
    assert not ahead & {today.id, panel.id, day_only.id}
    assert passed.id in ahead  # a passed round still on the calendar is the user's call
    md = render_markdown(after)
    assert "panel" not in md.split("## Interviews ahead")[1].split("##")[0]
    events = {e["UID"]: e for e in _ics_events(export_ics(store))}
    cancelled = [e for e in events.values() if e.get("STATUS") == "CANCELLED"]
    assert len(cancelled) == 3
    assert all(e["SEQUENCE"] == "1" for e in cancelled)
    uids = {e["UID"] for e in _ics_events(ics)}
    assert {e["UID"] for e in cancelled} <= uids  # the same UIDs as before: they update


def test_moving_without_cancel_keeps_interviews_and_active_moves_never_cancel(store):
    from rung.core.commands.interviews import interviews_ahead

    app, *_ = _interviewing(store)
    move_stage(store, app.id, "offer", cancel_interviews=True)  # not terminal
    assert len(interviews_ahead(store, app.id)) == 3
    move_stage(store, app.id, "withdrawn")
    assert len(interviews_ahead(store, app.id)) == 3


def _ics_events(text):
    from test_export import _parse_ics

    return _parse_ics(text)
