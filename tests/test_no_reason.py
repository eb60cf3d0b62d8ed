"""Form letters give no reason: they count in no gap, and they are what to ask about."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rung.core.clustering import gaps_report, log_feedback, recluster
from rung.core.clustering.corrections import clarify
from rung.core.clustering.reasons import gives_reason, reason_clauses
from rung.core.commands.feedback import add_feedback
from rung.tui.cli import cli

FORM_LETTERS = [
    "Thank you for your interest in Visa. After careful consideration, we have decided to "
    "move forward with other candidates. We wish you the best in your career development.",
    "Hi Sam, thanks for applying. Our recruiters have reviewed your profile and we will not "
    "be moving forward at this time. We will keep your resume on file for future openings.\n"
    "Best,\nThe Talent Acquisition Team",
    "We are a very small team and received a large number of applications. Unfortunately "
    "your application has not been successful on this occasion.",
    "The position has been filled. We appreciate the time you invested in the process and "
    "encourage you to apply for other roles.",
    "Dear candidate, we regret to inform you that we have selected another candidate. "
    "Acme is an equal opportunity employer and does not discriminate regardless of race, "
    "religion or gender. This is an automated message, please do not reply.",
    "I have decided to accept another offer, so I am withdrawing my application. Thank you!",
    "ghosted after the onsite",
]

REASONS = [
    (
        "We have decided to move forward with other candidates whose experience more closely "
        "matches our needs.",
        "more_experience_generic",
    ),
    ("usually hear that someone with more experience was hired", "more_experience_generic"),
    ("The position has been filled internally.", "internal_candidate"),
    (
        "Thanks for your time. The panel felt you have not yet managed managers.",
        "managing_managers",
    ),
    ("They've decided not to hire for this role after all.", "role_closed"),
    ("We can't get anywhere near your salary expectations.", "compensation_mismatch"),
]


@pytest.mark.parametrize("text", FORM_LETTERS)
def test_a_form_letter_gives_no_reason_and_lands_in_no_gap(store, text):
    assert not gives_reason(text), reason_clauses(text)
    logged = log_feedback(store, text)
    assert logged.gap_slug is None
    assert store.scalar("SELECT no_reason FROM feedback WHERE id = ?", [logged.feedback.id]) == 1


@pytest.mark.parametrize(("text", "slug"), REASONS)
def test_a_reason_inside_a_form_letter_still_counts(store, text, slug):
    assert gives_reason(text)
    assert log_feedback(store, text).gap_slug == slug


def test_every_feedback_appears_once_across_gaps_no_reason_and_unclustered(db_path):
    runner = CliRunner()
    for text in [*FORM_LETTERS[:3], REASONS[0][0], "they wanted a chess grandmaster"]:
        assert runner.invoke(cli, ["--db", str(db_path), "feedback", "add", text]).exit_code == 0
    data = json.loads(runner.invoke(cli, ["--db", str(db_path), "gaps", "--json"]).output)
    ids = [f["id"] for g in data["gaps"] for f in g["feedback"]]
    ids += [f["id"] for f in data["unclustered"]] + [f["id"] for f in data["no_reason"]]
    assert sorted(ids) == [1, 2, 3, 4, 5]
    assert [f["id"] for f in data["no_reason"]] == [3, 2, 1]  # newest first
    text = runner.invoke(cli, ["--db", str(db_path), "gaps"]).output
    assert "3 rejection(s) gave no reason: ask what was missing" in text


def test_the_answer_to_ask_files_a_form_letter_where_it_says(store):
    logged = log_feedback(store, FORM_LETTERS[0])
    assert (
        clarify(store, logged.feedback.id, "they wanted someone who had run a budget")
        == "business_and_budget"
    )
    row = store.query_one(
        "SELECT no_reason, gap_id FROM feedback WHERE id = ?", [logged.feedback.id]
    )
    assert row["no_reason"] == 0 and row["gap_id"] is not None


def test_copies_of_one_form_letter_never_make_an_emergent_gap(store):
    for company in ("Acme", "Globex", "Initech"):
        add_feedback(
            store,
            f"Thank you for applying to {company}. We have decided to move "
            "forward with other candidates at this time.",
        )
    for _ in range(3):  # one reason no pattern knows, sent three times
        add_feedback(store, "they wanted a chess grandmaster")
    counts = recluster(store)
    assert counts["no_reason"] == 3 and counts["emergent_gaps"] == 0
    assert store.scalar("SELECT count(*) FROM gaps WHERE origin = 'emergent'") == 0
    report = gaps_report(store)
    assert len(report.no_reason) == 3 and len(report.unclustered) == 3


def test_corrections_carry_to_the_next_texts_of_their_kind(store):
    """A gap of the user's own, taught by moving a few texts, catches new wordings of it
    (not only near-copies), and a move files again the texts rung had placed."""
    from rung.core.clustering.corrections import create_gap, reassign

    slug = create_gap(store, "Open source leadership")
    taught = [
        "they wanted someone who has maintained a big open source project",
        "no track record leading an open source community",
        "the role leads our open source program and you have not run one",
        "lacked experience as an open source maintainer",
    ]
    ids = [log_feedback(store, text).feedback.id for text in taught]
    waiting = log_feedback(store, "they need a leader who has grown open source contributors")
    moved = 0
    for ident in ids:
        moved += reassign(store, ident, slug)
    assert (
        store.scalar(
            "SELECT g.slug FROM feedback f JOIN gaps g ON g.id = f.gap_id WHERE f.id = ?",
            [waiting.feedback.id],
        )
        == slug
    )
    assert moved >= 1  # the waiting text was filed again by what the moves taught
    new = log_feedback(store, "missing experience stewarding open source communities")
    assert new.gap_slug == slug
    # what the user placed stays placed
    assert store.scalar("SELECT count(*) FROM feedback WHERE assigned_by = 'user'") == 4
