"""Ask back (issue 16): which feedback is an ask, the drafted message, sent, answered;
through core and through ``rung ask``. Invented data: Acme's recruiter Dana Reyes."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from rung.core import asks
from rung.core.clustering import log_feedback
from rung.core.commands.applications import add_application, move_stage
from rung.core.commands.contacts import add_contact, log_interaction
from rung.core.commands.interviews import add_interview
from rung.core.errors import NotFound, RungError, ValidationError
from rung.core.review import build_review, render_markdown, render_text
from rung.tui.cli import cli

GENERIC = "Thank you for your time. Unfortunately we went with someone with more experience."
FORM_LETTER = "We have decided to move forward with other candidates."


def build_world(store) -> SimpleNamespace:
    """Acme: a rejection after a panel that said only "more experience", the recruiter Dana
    Reyes known; Globex: a form letter, nobody known there; and feedback that is no ask."""
    acme = add_application(
        store, company="Acme Inc.", title="Engineering Manager", applied_on="2026-10-01"
    )
    dana = add_contact(
        store,
        name="Dana Reyes",
        company="ACME",
        email="dana@example.com",
        phone="555-0142",
        relationship="recruiter",
    )
    add_interview(
        store,
        acme.id,
        round=1,
        kind="recruiter_screen",
        scheduled_at="2026-10-08",
        with_whom="Dana Reyes",
    )
    add_interview(store, acme.id, round=2, kind="panel", scheduled_at="2026-10-20")
    move_stage(store, acme.id, "rejected")
    generic = log_feedback(store, GENERIC, application_id=acme.id, received_on="2026-11-02")
    globex = add_application(
        store, company="Globex", title="Director of Engineering", applied_on="2026-10-05"
    )
    form = log_feedback(store, FORM_LETTER, application_id=globex.id, received_on="2026-11-10")
    loose = log_feedback(
        store, "They wanted someone with more experience.", received_on="2026-11-01"
    )  # about no application
    reasoned = log_feedback(
        store,
        "We need someone who has managed managers before.",
        application_id=acme.id,
        received_on="2026-10-25",
    )
    return SimpleNamespace(
        acme=acme,
        dana=dana,
        globex=globex,
        generic=generic.feedback.id,
        form=form.feedback.id,
        loose=loose.feedback.id,
        reasoned=reasoned.feedback.id,
    )


@pytest.fixture
def world(store):
    return build_world(store)


def run(db_path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args])


# -- which feedback is an ask ----------------------------------------------------------


def test_generic_and_no_reason_feedback_on_an_application_are_asks(store, world):
    assert (
        store.scalar(
            "SELECT g.slug FROM feedback f JOIN gaps g ON g.id = f.gap_id WHERE f.id = ?",
            [world.generic],
        )
        == "more_experience_generic"
    )
    found = {a.feedback_id: a for a in asks.list_asks(store)}
    assert set(found) == {world.generic, world.form}  # not the loose one, not the reasoned
    assert found[world.generic].why == "generic"
    assert found[world.generic].contact == asks.ContactRef(
        world.dana.id, "Dana Reyes", "recruiter", "dana@example.com", None
    )
    assert found[world.form].why == "no_reason"
    assert found[world.form].contact is None
    assert not found[world.form].asked_on and not found[world.form].answered
    with pytest.raises(RungError, match="about no application"):
        asks.get_ask(store, world.loose)
    with pytest.raises(RungError, match="already gives a reason"):
        asks.get_ask(store, world.reasoned)
    with pytest.raises(NotFound):
        asks.get_ask(store, 999)


def test_a_linked_recruiter_wins_over_the_companys_hiring_manager(store, world):
    boss = add_contact(store, name="Sam Okafor", company="Globex", relationship="hiring_manager")
    other = add_contact(store, name="Lee Park", company="Globex", relationship="recruiter")
    assert asks.get_ask(store, world.form).contact.id == other.id  # recruiters first
    log_interaction(
        store, boss.id, summary="debrief", application_id=world.globex.id, at="2026-11-01"
    )
    assert asks.get_ask(store, world.form).contact.id == boss.id  # linked to it
    # an interviewer named in "with whom", at the company, counts as linked
    chris = add_contact(store, name="Chris Vale", company="Globex", relationship="recruiter")
    add_interview(
        store,
        world.globex.id,
        round=1,
        kind="recruiter_screen",
        scheduled_at="2026-11-03",
        with_whom="Chris Vale (talent)",
    )
    assert asks.get_ask(store, world.form).contact.id in (boss.id, chris.id)
    log_interaction(
        store, chris.id, summary="call", application_id=world.globex.id, at="2026-11-04"
    )
    assert asks.get_ask(store, world.form).contact.id == chris.id  # a recruiter, linked


# -- drafting --------------------------------------------------------------------------


def test_the_draft_names_the_role_the_first_name_and_their_words(store, world):
    draft = asks.draft_why(store, world.generic)
    assert draft.kind == "why" and draft.contact_id == world.dana.id
    assert draft.to == "dana@example.com" and draft.stage == "final"
    assert draft.text.startswith("Hi Dana,")
    assert "Engineering Manager" in draft.text and "Acme Inc." in draft.text
    assert "“we went with someone with more experience”" in draft.text
    assert "which experience made the difference" in draft.text
    assert "the panel (round 2)" in draft.text
    form = asks.draft_why(store, world.form)
    assert form.text.startswith("Hi,\n") and form.contact_id is None
    assert "“We have decided to move forward with other candidates”" in form.text


@pytest.mark.parametrize(
    "name",
    [f"why_{why}.{stage}" for why in ("generic", "no_reason") for stage in asks.STAGES]
    + ["intro", "referral"],
)
@pytest.mark.parametrize("known", [True, False])
def test_every_template_renders_every_case(name, known):
    node = asks.templates()
    for part in name.split("."):
        node = node[part]
    values = {
        "greeting": "Hi Dana," if known else "Hi,",
        "first_name": "Dana" if known else "",
        "role": "VP Engineering",
        "company": "Initech",
        "their_words": "we chose someone with more experience",
        "last_round": "the panel (round 4)",
        "posting": " (https://x.example/1)",
    }
    subject, body = asks.render(node, values)
    assert subject and "{" not in subject and "}" not in subject
    assert "{" not in body and "}" not in body
    assert body.startswith(values["greeting"] + "\n")
    assert "VP Engineering" in body and "Initech" in body
    if name.startswith("why_"):
        assert "we chose someone with more experience" in body
    if name.endswith(".final"):
        assert "the panel (round 4)" in body
    assert len(body) < 900  # short


def test_stage_reached_follows_the_final_round_rule():
    def iv(rnd, kind, day, outcome=None):
        return {"round": rnd, "kind": kind, "scheduled_at": day, "outcome": outcome}

    assert asks.stage_reached([], "2026-11-01")[0] == "applied"
    assert (
        asks.stage_reached([iv(1, "recruiter_screen", "2026-12-01")], "2026-11-01")[0] == "applied"
    )  # after the decision
    assert asks.stage_reached([iv(1, "recruiter_screen", "2026-10-01")], "2026-11-01") == (
        "screen",
        "the recruiter screen",
    )
    assert (
        asks.stage_reached([iv(1, "hiring_manager", "2026-10-01")], "2026-11-01")[0] == "interviews"
    )
    assert asks.stage_reached(
        [iv(1, "recruiter_screen", "2026-10-01"), iv(3, "exec", "2026-10-20")], "2026-11-01"
    ) == ("final", "the executive interview (round 3)")
    assert (
        asks.stage_reached(
            [iv(1, "recruiter_screen", "2026-10-01"), iv(2, "panel", "2026-10-20", "cancelled")],
            "2026-11-01",
        )[0]
        == "screen"
    )


def test_their_words_picks_the_sentence_with_the_reason():
    text = (
        "Thanks so much for your time!\nHowever, we went with a candidate with more "
        "experience. Best of luck."
    )
    assert asks.their_words(text) == "we went with a candidate with more experience"
    assert len(asks.their_words("experience " * 60)) <= 161


def test_contact_asks_for_an_intro_and_a_referral(store, world):
    intro = asks.draft_contact_ask(store, "intro", world.globex.id, world.dana.id)
    assert intro.kind == "intro" and intro.text.startswith("Hi Dana,")
    assert "Director of Engineering" in intro.text and "Globex" in intro.text
    referral = asks.draft_contact_ask(store, "referral", world.globex.id, world.dana.id)
    assert "refer" in referral.subject.lower()
    with pytest.raises(ValidationError):
        asks.draft_contact_ask(store, "coffee", world.globex.id, world.dana.id)
    with pytest.raises(NotFound):
        asks.draft_contact_ask(store, "intro", world.globex.id, 999)
    sent = asks.mark_sent(store, intro)
    row = store.query_one("SELECT * FROM asks WHERE id = ?", [sent.ask_id])
    assert row["kind"] == "intro" and row["feedback_id"] is None
    assert row["application_id"] == world.globex.id and row["contact_id"] == world.dana.id
    assert store.scalar(
        "SELECT summary FROM interactions WHERE id = ?", [sent.interaction_id]
    ).startswith("Asked for an intro")
    with pytest.raises(RungError, match="already asked Dana Reyes"):
        asks.mark_sent(store, intro)


# -- sent, answered --------------------------------------------------------------------


def test_sent_logs_the_ask_an_interaction_and_a_follow_up_in_5_days(store, world):
    draft = asks.draft_why(store, world.generic)
    sent = asks.mark_sent(store, draft, message="Hi Dana, which experience?", on="2026-11-20")
    assert (sent.asked_on, sent.follow_up_on, sent.channel) == ("2026-11-20", "2026-11-25", "email")
    row = store.query_one("SELECT * FROM asks WHERE id = ?", [sent.ask_id])
    assert row["kind"] == "why" and row["feedback_id"] == world.generic
    assert row["message"] == "Hi Dana, which experience?"
    assert row["interaction_id"] == sent.interaction_id
    touch = store.query_one("SELECT * FROM interactions WHERE id = ?", [sent.interaction_id])
    assert touch["contact_id"] == world.dana.id and touch["application_id"] == world.acme.id
    assert touch["channel"] == "email" and touch["summary"].startswith("Asked why:")
    follow = store.query_one("SELECT * FROM followups WHERE id = ?", [sent.followup_id])
    assert follow["due_on"] == "2026-11-25" and follow["done_at"] is None
    assert follow["what"] == "No answer yet from Dana about the Acme Inc. rejection: nudge once"
    item = asks.get_ask(store, world.generic)
    assert item.asked_on == "2026-11-20" and not item.answered
    with pytest.raises(RungError, match="already asked on 2026-11-20"):
        asks.mark_sent(store, draft)
    assert store.count("interactions") == 1 and store.count("followups") == 1


def test_sent_goes_by_linkedin_when_only_that_is_known_and_needs_someone(store, world):
    draft = asks.draft_why(store, world.form)
    with pytest.raises(ValidationError, match="nobody to ask at Globex"):
        asks.mark_sent(store, draft)
    assert store.count("asks") == 0 and store.count("interactions") == 0
    kim = add_contact(
        store, name="Kim Ito", company="Globex", linkedin_url="https://www.linkedin.com/in/kim-ito"
    )
    sent = asks.mark_sent(store, draft, contact_id=kim.id)
    assert sent.channel == "linkedin" and sent.contact_name == "Kim Ito"
    assert asks.get_ask(store, world.form).contact.id == kim.id  # the one asked


def test_the_answer_clarifies_the_generic_feedback_and_closes_the_follow_up(store, world):
    sent = asks.mark_sent(store, asks.draft_why(store, world.generic), on="2026-11-20")
    feedback_before = store.count("feedback")
    in_gap = (
        "SELECT count(*) FROM feedback f JOIN gaps g ON g.id = f.gap_id "
        "WHERE g.slug = 'managing_managers'"
    )
    gap_before = store.scalar(in_gap)
    result = asks.record_answer(
        store, world.generic, "they had managed managers: a director of 4 teams", on="2026-11-22"
    )
    assert result.clarified_gap == "managing_managers" and result.followup_closed
    # one rejection counts once: the answer is the vague feedback's clarification, no new row
    assert result.answer_feedback_id == world.generic
    assert store.count("feedback") == feedback_before
    assert store.scalar(in_gap) == gap_before + 1
    reply = store.query_one("SELECT * FROM interactions ORDER BY id DESC LIMIT 1")
    assert reply["summary"].startswith("Answered why: they had managed managers")
    assert reply["contact_id"] == world.dana.id and reply["at"].startswith("2026-11-22")
    vague = store.query_one(
        "SELECT f.clarification, g.slug FROM feedback f JOIN gaps g ON "
        "g.id = f.gap_id WHERE f.id = ?",
        [world.generic],
    )
    assert vague["slug"] == "managing_managers" and vague["clarification"].startswith("they")
    assert store.scalar("SELECT done_at FROM followups WHERE id = ?", [sent.followup_id])
    ask = store.query_one("SELECT * FROM asks WHERE id = ?", [sent.ask_id])
    assert ask["answer_feedback_id"] == world.generic and ask["answered_on"] == "2026-11-22"
    item = asks.get_ask(store, world.generic)
    assert item.answered and item.why == "generic"
    # the answer itself is no ask, and the clarified feedback stays listed, answered
    assert [a.feedback_id for a in asks.list_asks(store)] == [world.form, world.generic]
    with pytest.raises(RungError, match="already answered"):
        asks.record_answer(store, world.generic, "again")


def test_an_answer_naming_no_known_gap_writes_nothing_until_a_gap_is_picked(store, world):
    asks.mark_sent(store, asks.draft_why(store, world.generic), on="2026-11-20")
    before = (store.count("feedback"), store.count("interactions"))
    with pytest.raises(asks.UnrecognizedAnswer, match="--gap SLUG") as caught:
        asks.record_answer(store, world.generic, "zxq blorp", on="2026-11-22")
    assert caught.value.guesses and "more_experience_generic" not in caught.value.guesses
    assert (store.count("feedback"), store.count("interactions")) == before
    assert not asks.get_ask(store, world.generic).answered
    result = asks.record_answer(
        store, world.generic, "zxq blorp", on="2026-11-22", gap="business_and_budget"
    )
    assert result.clarified_gap == "business_and_budget"
    assert asks.get_ask(store, world.generic).answered


def test_a_form_letters_answer_counts_in_its_own_gap_not_the_letter(store, world):
    kim = add_contact(store, name="Kim Ito", company="Globex", relationship="recruiter")
    asks.mark_sent(store, asks.draft_why(store, world.form), on="2026-11-15")
    result = asks.record_answer(
        store, world.form, "they wanted someone who had managed managers", on="2026-11-18"
    )
    assert result.why == "no_reason" and result.clarified_gap is None
    assert result.answer_gap == "managing_managers"
    letter = store.query_one(
        "SELECT gap_id, no_reason, clarification FROM feedback WHERE id = ?", [world.form]
    )
    assert letter == {"gap_id": None, "no_reason": 1, "clarification": None}
    assert asks.get_ask(store, world.form).answered
    assert asks.get_ask(store, world.form).contact.id == kim.id


def test_feedback_logged_later_on_the_application_counts_as_the_answer(store, world):
    asks.mark_sent(store, asks.draft_why(store, world.generic), on="2026-11-20")
    log_feedback(
        store,
        "Budget owner experience was the gap",
        application_id=world.acme.id,
        received_on="2026-11-19",
    )  # before the ask: not an answer
    assert not asks.get_ask(store, world.generic).answered
    log_feedback(
        store, "Dana: it was P&L ownership", application_id=world.acme.id, received_on="2026-11-21"
    )
    assert asks.get_ask(store, world.generic).answered


def test_an_answer_without_a_logged_ask_is_kept(store, world):
    result = asks.record_answer(store, world.generic, "managing managers, they said")
    row = store.query_one("SELECT * FROM asks WHERE id = ?", [result.ask_id])
    assert row["asked_on"] is None and row["answer_feedback_id"] == result.answer_feedback_id
    assert not result.followup_closed
    item = asks.get_ask(store, world.generic)
    assert item.answered and item.asked_on is None


# -- figures: review, gaps header, company page ----------------------------------------


def test_the_review_lists_the_open_asks_and_renders_them(store, world):
    asks.mark_sent(store, asks.draft_why(store, world.generic), on="2026-11-20")
    review = build_review(store)
    assert [a.to_json() for a in review.asks] == [
        {
            "feedback_id": world.form,
            "application_id": world.globex.id,
            "company": "Globex",
            "title": "Director of Engineering",
            "contact": None,
            "why": "no_reason",
            "asked_on": None,
            "answered": False,
        },
        {
            "feedback_id": world.generic,
            "application_id": world.acme.id,
            "company": "Acme Inc.",
            "title": "Engineering Manager",
            "contact": {"id": world.dana.id, "name": "Dana Reyes"},
            "why": "generic",
            "asked_on": "2026-11-20",
            "answered": False,
        },
    ]
    md = render_markdown(review)
    assert "## Ask why: 1 rejection without a reason" in md
    assert "- Globex — Director of Engineering: no reason" in md
    assert (
        "Acme Inc. — Engineering Manager: said only “more experience”; ask Dana Reyes "
        "(asked 2026-11-20, no answer)" in md
    )
    assert "Ask why: 1 rejection without a reason" in render_text(review)
    asks.record_answer(store, world.generic, "managing managers")
    assert [a.feedback_id for a in build_review(store).asks] == [world.form]


def test_ask_stats_and_what_the_company_page_remembers(store, world):
    assert asks.ask_stats(store) == asks.AskStats(asks=2, asked=0, answered=0, to_send=2)
    kim = add_contact(store, name="Kim Ito", company="Globex", relationship="recruiter")
    asks.mark_sent(store, asks.draft_why(store, world.generic))
    asks.mark_sent(store, asks.draft_why(store, world.form))
    asks.record_answer(store, world.generic, "managing managers")
    stats = asks.ask_stats(store)
    assert (stats.asked, stats.answered, stats.to_send, stats.open) == (2, 1, 0, 1)
    from rung.core.company_page import company_page

    page = company_page(store, world.acme.company_id)
    assert page.answers.summary() == "1 of 1 asks answered · Dana Reyes answered"
    globex = asks.company_answers(store, world.globex.company_id)
    assert (globex.asked, globex.answered, globex.answered_by) == (1, 0, [])
    assert globex.summary() == "0 of 1 asks answered"
    assert kim.id


# -- the command line ------------------------------------------------------------------


def test_cli_ask_json_has_the_contract_shape(db_path, store, world):
    result = run(db_path, "ask", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["ask"]
    keys = {"feedback_id", "application_id", "company", "contact", "why", "asked_on", "answered"}
    for item in data["ask"]:
        assert keys <= set(item)
        assert item["contact"] is None or set(item["contact"]) == {"id", "name"}
        assert item["why"] in ("generic", "no_reason")
    by_id = {i["feedback_id"]: i for i in data["ask"]}
    assert by_id[world.generic]["contact"] == {"id": world.dana.id, "name": "Dana Reyes"}
    assert by_id[world.form] | {} == {
        "feedback_id": world.form,
        "application_id": world.globex.id,
        "company": "Globex",
        "title": "Director of Engineering",
        "contact": None,
        "why": "no_reason",
        "asked_on": None,
        "answered": False,
    }
    text = run(db_path, "ask")
    assert text.exit_code == 0 and "Dana Reyes" in text.output and "no reason" in text.output


def test_cli_draft_sent_answer_end_to_end(db_path, store, world, tmp_path):
    draft = run(db_path, "ask", "draft", str(world.generic))
    assert draft.exit_code == 0
    subject, blank, body = draft.output.split("\n", 2)
    assert subject == "Thank you, and one question about the Engineering Manager role"
    assert blank == "" and body.startswith("Hi Dana,")
    message = tmp_path / "sent.txt"
    message.write_text("Hi Dana, which experience made the difference?\n", encoding="utf-8")
    sent = run(
        db_path,
        "ask",
        "sent",
        str(world.generic),
        "--date",
        "2026-11-20",
        "--message-file",
        str(message),
    )
    assert sent.exit_code == 0, sent.output
    assert "follow-up due 2026-11-25" in sent.output
    assert store.scalar("SELECT message FROM asks") == message.read_text(encoding="utf-8")
    again = run(db_path, "ask", "sent", str(world.generic))
    assert again.exit_code == 1 and "already asked on 2026-11-20" in again.output
    answer = run(
        db_path,
        "ask",
        "answer",
        str(world.generic),
        "they had managed managers for years",
        "--date",
        "2026-11-22",
    )
    assert answer.exit_code == 0, answer.output
    assert "clarified → managing_managers" in answer.output
    listed = json.loads(run(db_path, "ask", "--json").output)["ask"]
    assert next(i for i in listed if i["feedback_id"] == world.generic)["answered"] is True


def test_cli_errors_are_one_line(db_path, store, world):
    for args in (
        ["ask", "draft", "999"],
        ["ask", "sent", "999"],
        ["ask", "answer", "999", "x"],
        ["ask", "draft", str(world.loose)],
        ["ask", "sent", str(world.form)],
    ):
        result = run(db_path, *args)
        assert result.exit_code == 1, args
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("rung: error: "), result.output
        assert "Traceback" not in result.output
    assert "--contact ID" in run(db_path, "ask", "sent", str(world.form)).output
    kim = add_contact(store, name="Kim Ito", company="Globex", relationship="recruiter")
    ok = run(db_path, "ask", "sent", str(world.form), "--contact", str(kim.id))
    assert ok.exit_code == 0 and "asked Kim Ito" in ok.output


def test_the_review_lists_the_asks_of_the_last_year_rung_ask_all(store, world):
    old = add_application(store, company="Initech", title="VP Engineering", applied_on="2025-01-10")
    letter = log_feedback(store, FORM_LETTER, application_id=old.id, received_on="2025-02-01")
    assert letter.feedback.id in [a.feedback_id for a in asks.list_asks(store)]
    assert letter.feedback.id not in [a.feedback_id for a in build_review(store).asks]
    assert asks.ask_stats(store).asks == 3  # the header counts them all
