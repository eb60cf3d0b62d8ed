"""The prep sheet (core.prep, ``rung prep``) on a hand-built history.

A Director application at Acme with an exec interview ahead; three "managing managers"
rejections at Director elsewhere (final rounds); one past Acme rejection (an internal
candidate, and no budget ownership); one story for managing managers, none for budget;
one contact who can vouch for managing managers.
"""

from __future__ import annotations

import os
import stat
import threading
import time

import pytest
from click.testing import CliRunner

from rung.core.clustering.corrections import reassign
from rung.core.clustering.taxonomy import taxonomy
from rung.core.commands.applications import add_application, move_stage
from rung.core.commands.contacts import add_contact, log_interaction
from rung.core.commands.feedback import add_feedback
from rung.core.commands.interviews import add_interview
from rung.core.errors import NotFound, ValidationError
from rung.core.evidence import add_evidence
from rung.core.prep import (
    gap_questions,
    kind_questions,
    prep_file_name,
    prep_sheet,
    render_prep,
    split_with_whom,
)
from rung.core.store import Store
from rung.core.vouch import add_vouch
from rung.tui.cli import cli

KINDS = (
    "recruiter_screen",
    "hiring_manager",
    "panel",
    "technical",
    "exec",
    "case_presentation",
    "reference",
)


def _feedback(store: Store, text: str, slug: str, **fields) -> int:
    item = add_feedback(store, text, **fields)
    reassign(store, item.id, slug, carry=False)
    return item.id


def build_history(store: Store) -> dict[str, int]:
    """The history of the module's docstring; the ids a test needs."""
    ids: dict[str, int] = {}
    for n, company in enumerate(("Globex", "Initech", "Umbrella")):
        app = add_application(
            store,
            company=company,
            title="Director of Engineering",
            level="director",
            applied_on=f"2026-0{n + 6}-01",
            at=f"2026-0{n + 6}-01",
        )
        add_interview(
            store,
            app.id,
            round=1,
            kind="recruiter_screen",
            scheduled_at=f"2026-0{n + 6}-10",
            outcome="passed",
        )
        add_interview(
            store,
            app.id,
            round=2,
            kind="hiring_manager",
            scheduled_at=f"2026-0{n + 6}-17",
            outcome="passed",
        )
        final = add_interview(
            store, app.id, round=3, kind="exec", scheduled_at=f"2026-0{n + 6}-24", outcome="failed"
        )
        move_stage(store, app.id, "interviewing", at=f"2026-0{n + 6}-10")
        move_stage(store, app.id, "rejected", at=f"2026-0{n + 6}-28")
        _feedback(
            store,
            "We need someone who has already led other managers",
            "managing_managers",
            application_id=app.id,
            interview_id=final.id,
            received_on=f"2026-0{n + 6}-28",
        )

    app = add_application(
        store,
        company="Acme",
        title="Director of Platform",
        level="director",
        applied_on="2026-11-01",
        at="2026-11-01",
    )
    move_stage(store, app.id, "interviewing", at="2026-11-10")
    add_interview(
        store, app.id, round=1, kind="recruiter_screen", scheduled_at="2026-11-10", outcome="passed"
    )
    ids["screen"] = store.scalar("SELECT max(id) FROM interviews")
    ahead = add_interview(
        store,
        app.id,
        round=2,
        kind="exec",
        scheduled_at="2026-11-27T10:00",
        with_whom="Dana Lee (CTO), Priya Raman",
    )
    ids["app"], ids["interview"] = app.id, ahead.id

    past = add_application(
        store,
        company="ACME Inc.",
        title="Senior Engineering Manager",
        level="senior_manager",
        applied_on="2025-09-01",
        at="2025-09-01",
    )
    move_stage(store, past.id, "rejected", at="2025-10-15")
    _feedback(
        store,
        "The role went to an internal candidate",
        "internal_candidate",
        application_id=past.id,
        received_on="2025-10-15",
    )
    _feedback(
        store,
        "You have not owned a budget yet",
        "business_and_budget",
        application_id=past.id,
        received_on="2025-10-15",
    )
    ids["past"] = past.id

    dana = add_contact(
        store, name="Dana Lee", company="Acme", title="CTO", relationship="hiring_manager"
    )
    recruiter = add_contact(
        store,
        name="Sam Recruiter",
        company="Acme Corporation",
        title="Talent Partner",
        relationship="recruiter",
    )
    log_interaction(
        store,
        recruiter.id,
        summary="scheduled the exec round",
        at="2026-11-18",
        application_id=app.id,
    )
    friend = add_contact(
        store,
        name="Olga Friend",
        company="Acme",
        title="Staff Engineer",
        relationship="former_colleague",
    )
    voucher = add_contact(
        store,
        name="Victor Voucher",
        company="Hooli",
        title="VP Eng",
        relationship="former_colleague",
        email="victor@example.com",
    )
    add_vouch(store, voucher.id, ["managing_managers"], note="I reported to him")
    ids.update(dana=dana.id, recruiter=recruiter.id, friend=friend.id, voucher=voucher.id)

    add_evidence(
        store,
        "managing_managers",
        "Led three team leads through a reorg",
        on="2026-03-01",
        situation="Platform org of 3 teams, no second line",
        action="Promoted and coached three team leads, ran a leads' weekly",
        result="Attrition down to zero; two leads promoted",
    )
    return ids


@pytest.fixture
def history(store):
    return store, build_history(store)


def test_the_sheet_names_everything_in_order(history):
    store, ids = history
    sheet = prep_sheet(store, ids["app"])
    assert sheet.interview is not None and sheet.interview.id == ids["interview"]
    text = render_prep(sheet)
    assert text.startswith("# Prep: Director of Platform (Director) at Acme\n")
    assert (
        "round 2 · exec · Fri 2026-11-27 10:00 (in 4 days) · with Dana Lee (CTO), "
        "Priya Raman" in text
    )

    people = text.split("## People you'll meet / know there")[1].split("## ")[0]
    lines = [line for line in people.splitlines() if line.startswith("- ")]
    assert lines[0].startswith("- **Dana Lee**, CTO · hiring manager — your interviewer")
    assert lines[1].startswith("- **Priya Raman** — your interviewer (not in your contacts)")
    assert "**Sam Recruiter**, Talent Partner" in lines[2]
    assert "in touch about this application; last touch 2026-11-18 (5 days ago)" in lines[2]
    assert any("**Olga Friend**" in line and "never contacted" in line for line in lines)
    assert "Victor Voucher" not in people  # at Hooli: a voucher, not someone there

    probe = text.split("## What they may probe")[1].split("## Questions")[0]
    mm, budget = probe.index("### Managing managers"), probe.index("### Business and budget")
    assert mm < budget  # three final-round rejections at Director outweigh one old one
    assert [g.slug for g in sheet.gaps][:2] == ["managing_managers", "business_and_budget"]
    assert sheet.gaps[0].level_count == 3 and sheet.gaps[1].company_count == 1
    assert "internal_candidate" not in [g.slug for g in sheet.gaps]  # theirs, not yours
    story = probe[mm:budget]
    assert "**Story: Led three team leads through a reorg** (2026-03-01)" in story
    assert "*Situation:* Platform org of 3 teams, no second line" in story
    assert "*Action:* Promoted and coached three team leads" in story
    assert "*Result:* Attrition down to zero; two leads promoted" in story
    assert "⚠" not in story
    assert (
        "⚠ No story yet for Business and budget — add one: rung evidence add "
        "business_and_budget" in probe[budget:]
    )

    questions = text.split("## Questions to ask back")[1].split("## Who can vouch")[0]
    assert "For an exec interview:" in questions
    for q in (
        kind_questions("exec")
        + gap_questions("managing_managers")
        + gap_questions("business_and_budget")
    ):
        assert f"- {q}" in questions

    vouch = text.split("## Who can vouch")[1].split("## From")[0]
    assert (
        "**Victor Voucher**, VP Eng, Hooli (former colleague): can speak to Managing "
        "managers — I reported to him — reach: victor@example.com" in vouch
    )

    before = text.split("## From Acme before")[1]
    assert "**Senior Engineering Manager** (Sr Manager, applied 2025-09-01): rejected" in before
    assert (
        "“The role went to an internal candidate” — their reason, not yours: "
        "Internal candidate" in before
    )
    assert "“You have not owned a budget yet” — Business and budget" in before


def test_a_given_interview_and_errors(history):
    store, ids = history
    sheet = prep_sheet(store, ids["app"], interview_id=ids["screen"])
    assert sheet.interview.kind == "recruiter_screen"
    assert sheet.general_questions == kind_questions("recruiter_screen")
    assert not any(p.interviewer for p in sheet.people)
    with pytest.raises(NotFound):
        prep_sheet(store, 999)
    with pytest.raises(NotFound):
        prep_sheet(store, ids["app"], interview_id=999)
    other = store.scalar("SELECT min(id) FROM interviews")
    with pytest.raises(ValidationError):
        prep_sheet(store, ids["app"], interview_id=other)


def test_no_interview_ahead_and_nothing_known(store):
    app = add_application(store, company="Nowhere", title="Engineering Manager")
    sheet = prep_sheet(store, app.id)
    assert sheet.interview is None and sheet.gaps == [] and sheet.people == []
    text = render_prep(sheet)
    assert "**Interview:** none scheduled ahead" in text
    assert "Nobody you know at Nowhere yet" in text
    assert "This is your first application to Nowhere." in text
    assert prep_file_name(sheet) == f"nowhere-2026-11-23-{app.id}.md"


def test_control_characters_never_reach_the_markdown(store):
    app = add_application(
        store,
        company="Evil\x1b]0;pwned\x07 Corp",
        title="Director\x1b[2J of Things",
        level="director",
    )
    add_interview(
        store,
        app.id,
        round=1,
        kind="panel",
        scheduled_at="2026-12-01",
        with_whom="Mallory\x1b[31m Red",
    )
    add_contact(store, name="Eve\x9b Spy", company="Evil\x1b]0;pwned\x07 Corp")
    text = render_prep(prep_sheet(store, app.id))
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    assert "␛" in text


def test_a_utc_interview_time_is_told_in_local_time(store, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        app = add_application(store, company="Zulu", title="VP Engineering")
        iv = add_interview(store, app.id, round=1, kind="exec", scheduled_at="2026-12-01")
        with store.transaction():  # as an import stores a zoned time: in UTC
            store.update("interviews", iv.id, {"scheduled_at": "2026-12-01T09:00:00Z"})
        assert "Tue 2026-12-01 10:00 (in 8 days)" in render_prep(prep_sheet(store, app.id))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_with_whom_is_split_into_people():
    assert split_with_whom("Dana Lee (CTO), Sam Park") == [("Dana Lee", "CTO"), ("Sam Park", None)]
    assert split_with_whom("Dana Lee, CTO and Sam Park; Jo") == [
        ("Dana Lee", "CTO"),
        ("Sam Park", None),
        ("Jo", None),
    ]
    assert split_with_whom(None) == []


def test_every_gap_and_kind_has_questions_to_ask_back():
    for gap in taxonomy():
        assert 2 <= len(gap_questions(gap.slug)) <= 4, gap.slug
    for kind in KINDS:
        assert kind_questions(kind), kind


# -- the CLI -------------------------------------------------------------------------------


def test_cli_prints_the_sheet_and_writes_it(history, db_path, tmp_path):
    store, ids = history
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db_path), "prep", str(ids["app"])])
    assert result.exit_code == 0, result.output
    assert result.output == render_prep(prep_sheet(store, ids["app"]))
    out = tmp_path / "sheet.md"
    result = runner.invoke(
        cli,
        [
            "--db",
            str(db_path),
            "prep",
            str(ids["app"]),
            "--interview",
            str(ids["screen"]),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"written to {out}" in result.output
    assert "round 1 · recruiter screen" in out.read_text(encoding="utf-8")


def test_cli_unknown_application_is_one_line(history, db_path):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "prep", "999"])
    assert result.exit_code == 1
    assert result.output.strip() == "rung: error: no application with id 999"


def test_cli_out_never_replaces_a_fifo(history, db_path, tmp_path):
    store, ids = history
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "prep", str(ids["app"]), "--out", str(fifo)]
    )
    assert result.exit_code == 1
    assert "a FIFO nobody reads" in result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO, not a file
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    for _ in range(500):  # once the reader has the FIFO open the sheet is written through
        result = CliRunner().invoke(
            cli, ["--db", str(db_path), "prep", str(ids["app"]), "--out", str(fifo)]
        )
        if result.exit_code == 0:
            break
        time.sleep(0.01)
    reader.join(5)
    assert result.exit_code == 0, result.output
    assert got and got[0].decode("utf-8").startswith("# Prep: Director of Platform")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
