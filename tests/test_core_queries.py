"""The core reads the UI uses instead of SQL of its own (issue 18): each against a real
SQLite store, the demo's or one built here."""

from __future__ import annotations

from rung.core.clustering import log_feedback, plans
from rung.core.clustering.corrections import merge_gaps
from rung.core.commands.applications import add_application
from rung.core.commands.contacts import (
    add_contact,
    find_contact_name,
    interaction_links,
    log_interaction,
)
from rung.core.commands.feedback import FeedbackPlace, feedback_gap_label, feedback_place
from rung.core.commands.records import PaletteRecord, palette_records
from rung.core.gaps_queries import (
    GapRef,
    gap_refs,
    gaps_with_feedback,
    open_action_counts,
    vouchable_gaps,
)


def test_live_and_vouchable_gaps(store):
    log_feedback(store, "no experience managing managers")  # seeds the taxonomy's gaps
    gaps = gap_refs(store)
    assert gaps and all(isinstance(g, GapRef) for g in gaps)
    kinds = [g.kind for g in gaps]
    assert kinds == sorted(kinds, reverse=True)  # yours ("gap") before theirs ("external")
    assert {"gap", "external"} <= set(kinds)
    mine = vouchable_gaps(store)
    assert [g.slug for g in mine] == [
        g.slug for g in sorted((g for g in gaps if g.kind == "gap"), key=lambda g: g.label.lower())
    ]
    merge_gaps(store, "people_management", "managing_managers")
    assert "people_management" not in {g.slug for g in gap_refs(store)}
    assert "people_management" not in {g.slug for g in vouchable_gaps(store)}


def test_open_action_counts(store):
    log_feedback(store, "no experience managing managers")
    first = plans.add_action(store, "managing_managers", "Lead a team of leads")
    plans.add_action(store, "managing_managers", "Ask for a skip-level")
    assert open_action_counts(store) == {"managing_managers": 2}
    plans.complete_action(store, first)
    assert open_action_counts(store) == {"managing_managers": 1}


def test_gaps_with_feedback_most_cited_first(store):
    for text in ("no experience managing managers", "never led other managers"):
        log_feedback(store, text)
    log_feedback(store, "the role was filled internally")
    cited = gaps_with_feedback(store)
    assert [(g.slug, g.feedback) for g in cited][0] == ("managing_managers", 2)
    assert all(g.feedback > 0 for g in cited) and len(cited) == 2


def test_feedback_place_and_gap_label(store):
    app = add_application(store, company="Acme", title="Director of Engineering")
    filed = log_feedback(store, "no experience managing managers", application_id=app.id)
    place = feedback_place(store, filed.feedback.id)
    assert place == FeedbackPlace("managing_managers", app.id, "confirmed", False)
    assert feedback_gap_label(store, filed.feedback.id) == filed.gap_label
    letter = log_feedback(store, "We have decided to move forward with other candidates.")
    assert feedback_place(store, letter.feedback.id).no_reason is True
    assert feedback_gap_label(store, letter.feedback.id) is None
    assert feedback_place(store, 999) is None and feedback_gap_label(store, 999) is None


def test_interaction_links_and_contact_name(store):
    app = add_application(store, company="Acme", title="EM")
    dana = add_contact(store, name="Dana Reyes", company="Acme")
    call = log_interaction(store, dana.id, summary="chat", application_id=app.id)
    assert interaction_links(store, call.id) == (dana.id, app.id)
    assert interaction_links(store, 999) is None
    assert find_contact_name(store, dana.id) == "Dana Reyes"
    assert find_contact_name(store, 999) is None


def test_palette_records_of_the_demo(demo_store):
    records = palette_records(demo_store)
    assert all(isinstance(r, PaletteRecord) for r in records)
    kinds = [r.kind for r in records]
    assert kinds == sorted(kinds, key=["application", "contact", "company", "gap"].index)
    counts = {k: kinds.count(k) for k in set(kinds)}
    assert counts["application"] == demo_store.scalar("SELECT count(*) FROM applications")
    assert counts["contact"] == demo_store.scalar("SELECT count(*) FROM contacts")
    assert counts["company"] == demo_store.scalar("SELECT count(*) FROM companies")
    assert {r.ref for r in records if r.kind == "gap"} == {
        g.slug for g in gaps_with_feedback(demo_store)
    }
    first = records[0]
    assert (
        first.kind == "application"
        and " — " in first.text
        and first.help.startswith("application · ")
    )


def test_palette_records_show_control_characters(store):
    add_application(store, company="Evil\x1b[31m", title="EM")
    (record,) = [r for r in palette_records(store) if r.kind == "application"]
    assert "\x1b" not in record.text and "␛" in record.text
