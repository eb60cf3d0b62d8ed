"""Warm paths: which contacts work where you applied (core/warm.py and ``rung warm``).

The matching table below was written before the thresholds were tuned: every pair in
MUST_MATCH is one employer as LinkedIn users and job boards write it; every pair in
MUST_NOT_MATCH is two employers (or a name too short to trust a typo on).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from rung.core.commands.applications import add_application, move_stage
from rung.core.commands.contacts import add_contact, log_interaction
from rung.core.review import build_review
from rung.core.store import Store
from rung.core.warm import companies_match, company_keys, intro_candidates, warm_counts, warm_paths
from rung.tui.cli import cli

MUST_MATCH = [
    # legal suffixes, case and punctuation
    ("Acme", "ACME Inc."),
    ("Acme", "Acme Corporation"),
    ("Acme Corp.", "Acme Corporation"),
    ("ACME Inc.", "Acme, Inc"),
    ("Google", "Google LLC"),
    ("Acme Software GmbH", "Acme Software"),
    ("Siemens AG", "Siemens"),
    ("SAP SE", "SAP"),
    ("Unilever PLC", "Unilever"),
    ("Booking.com", "Booking.com B.V."),
    ("Infosys Pvt. Ltd.", "Infosys"),
    ("Acme & Co.", "Acme"),
    ("The Walt Disney Company", "Walt Disney"),
    ("Johnson & Johnson", "Johnson and Johnson"),
    ("Nestlé S.A.", "Nestle"),
    # spacing
    ("Data Bricks", "Databricks"),
    ("LinkedIn", "Linked In"),
    # parenthetical asides: dropped; an aside that is the name's initials is an alias
    ("Amazon Web Services (AWS)", "Amazon Web Services"),
    ("Amazon Web Services (AWS)", "AWS"),
    ("Acme (Berlin office)", "ACME GmbH"),
    # trailing generic words, when what is left is a name of its own
    ("Acme Software", "Acme"),
    ("Globex Technologies", "Globex"),
    ("Initech Systems Inc.", "Initech"),
    ("Amazon.com", "Amazon"),
    # typos in long names only
    ("Goldman Sachs Group", "Goldman Sach"),
    ("Accenture Federal Services", "Accenture Federal Servces"),
    ("Northwind Analytics", "Northwind Analytic"),
    ("Morgan Stanley", "Morgan Stanly"),
]

MUST_NOT_MATCH = [
    ("Acme", "Acmeo"),
    ("Meta", "Metallica"),
    ("Apple", "Applied Materials"),
    ("Apple", "Apple Bank"),
    ("Intel", "Intellect"),
    ("Globex", "Globe"),
    ("Uber", "Ube"),  # short: one letter is another company
    ("Stripe", "Strive"),
    ("Northwind 1", "Northwind 12"),  # numbers must agree
    ("Cedarforge 12", "Cedarforge 13"),
    ("Northwind Health", "Northwind Wealth"),
    ("General Motors", "General Mills"),
    ("Capital One", "Capital Group"),
    ("Data Systems", "Data"),  # what is left is a generic word: not a name
    ("Global Solutions", "Global"),
    ("Amazon", "Amazon Web Services"),  # a division is not matched to its parent
    ("Acme (Berlin office)", "Berlin"),  # an aside that is not an acronym is no alias
    ("Oracle", "Oracle Health"),
    ("Block", "Blockchain Capital"),
    ("Snap", "Snapdragon Labs"),
]


@pytest.mark.parametrize(("a", "b"), MUST_MATCH)
def test_one_employer_matches(a, b):
    assert companies_match(a, b), (a, b, company_keys(a), company_keys(b))
    assert companies_match(b, a)


@pytest.mark.parametrize(("a", "b"), MUST_NOT_MATCH)
def test_two_employers_do_not_match(a, b):
    assert not companies_match(a, b), (a, b, company_keys(a), company_keys(b))
    assert not companies_match(b, a)


# -- a database built from invented LinkedIn exports ------------------------------------

APPLICATIONS = """\
Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,Resume Name,Question And Answers
"11/02/26, 9:00 AM",,,Acme,Director of Engineering,https://www.linkedin.com/jobs/view/9001,cv.pdf,
"11/10/26, 10:00 AM",,,Globex Corporation,Engineering Manager,https://www.linkedin.com/jobs/view/9002,cv.pdf,
"11/12/26, 11:00 AM",,,Acmeo,Head of Platform,https://www.linkedin.com/jobs/view/9003,cv.pdf,
"10/01/26, 8:00 AM",,,Initech,VP Engineering,https://www.linkedin.com/jobs/view/9004,cv.pdf,
"09/01/26, 8:00 AM",,,Hooli,CTO,https://www.linkedin.com/jobs/view/9005,cv.pdf,
"""

CONNECTIONS = """\
Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ana,Silva,https://www.linkedin.com/in/ana-silva,,ACME Inc.,Engineering Director,14 Mar 2024
Ben,Okafor,https://www.linkedin.com/in/ben-okafor,,Acme Corporation,Staff Engineer,02 Jan 2025
Chen,Wu,https://www.linkedin.com/in/chen-wu,,Acme Corp.,Recruiter,10 Feb 2025
Dana,Levi,https://www.linkedin.com/in/dana-levi,,Globex,VP Engineering,01 Jun 2023
Eli,Stone,https://www.linkedin.com/in/eli-stone,,Acmeo Labs GmbH,CTO,05 May 2025
Fay,Moss,https://www.linkedin.com/in/fay-moss,,Umbrella,Engineering Manager,05 May 2025
Gus,Park,https://www.linkedin.com/in/gus-park,,Initech Systems Inc.,Platform Lead,07 Jul 2022
"""


def _import(tmp_path: Path, db: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(db), "import", "--json", str(path)])
    assert result.exit_code == 0, result.output


@pytest.fixture
def linkedin_db(tmp_path) -> Path:
    db = tmp_path / "rung.db"
    _import(tmp_path, db, "Job Applications.csv", APPLICATIONS)
    _import(tmp_path, db, "Connections.csv", CONNECTIONS)
    return db


def _app_id(store: Store, company: str) -> int:
    return int(
        store.scalar(
            "SELECT a.id FROM applications a JOIN companies c ON "
            "c.id = a.company_id WHERE c.name = ?",
            [company],
        )
    )


def test_warm_paths_across_suffix_variants_not_across_lookalikes(linkedin_db):
    store = Store(linkedin_db)
    paths = {p.company: p for p in warm_paths(store)}
    assert sorted(c.name for c in paths["Acme"].contacts) == ["Ana Silva", "Ben Okafor", "Chen Wu"]
    assert [c.name for c in paths["Globex Corporation"].contacts] == ["Dana Levi"]
    # "Acmeo Labs GmbH" is Acmeo ("labs" is generic, GmbH legal), never Acme
    assert [c.name for c in paths["Acmeo"].contacts] == ["Eli Stone"]
    # another company row, one employer: "Initech Systems Inc." is Initech
    assert [c.name for c in paths["Initech"].contacts] == ["Gus Park"]
    assert paths["Initech"].contacts[0].company == "Initech Systems Inc."
    assert "Hooli" not in paths  # nobody known there: not listed
    counts = warm_counts(store)
    assert counts[_app_id(store, "Acme")] == 3
    assert counts[_app_id(store, "Initech")] == 1
    assert counts[_app_id(store, "Hooli")] == 0
    store.close()


def test_order_is_most_recent_activity_first(linkedin_db):
    store = Store(linkedin_db)
    assert [p.company for p in warm_paths(store)] == [
        "Acmeo",
        "Globex Corporation",
        "Acme",
        "Initech",
    ]
    acme = _app_id(store, "Acme")
    ana = int(store.scalar("SELECT id FROM contacts WHERE name = 'Ana Silva'"))
    log_interaction(store, ana, at="2026-11-20", summary="coffee", application_id=acme)
    paths = warm_paths(store)
    assert [p.company for p in paths] == ["Acme", "Acmeo", "Globex Corporation", "Initech"]
    ana_path = next(c for c in paths[0].contacts if c.name == "Ana Silva")
    assert ana_path.last_contact == "2026-11-20"
    assert paths[0].contacts[0].name == "Ana Silva"  # the one touched most recently first
    store.close()


def test_closed_applications_are_not_warm_paths(linkedin_db):
    store = Store(linkedin_db)
    move_stage(store, _app_id(store, "Globex Corporation"), "rejected")
    assert "Globex Corporation" not in [p.company for p in warm_paths(store)]
    store.close()


def test_cli_json_shape_is_exact(linkedin_db):
    result = CliRunner().invoke(cli, ["--db", str(linkedin_db), "warm", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["warm"]
    first = data["warm"][0]
    assert set(first) == {"application_id", "company", "title", "stage", "contacts"}
    assert first["company"] == "Acmeo" and first["stage"] == "applied"
    assert set(first["contacts"][0]) == {"id", "name", "title", "relationship", "last_contact"}
    assert first["contacts"][0] == {
        "id": first["contacts"][0]["id"],
        "name": "Eli Stone",
        "title": "CTO",
        "relationship": None,
        "last_contact": None,
    }
    acme = next(w for w in data["warm"] if w["company"] == "Acme")
    assert len(acme["contacts"]) == 3 and acme["title"] == "Director of Engineering"


def test_cli_text_fits_80_columns(linkedin_db):
    result = CliRunner().invoke(cli, ["--db", str(linkedin_db), "warm"])
    assert result.exit_code == 0, result.output
    assert "Acme — Director of Engineering" in result.output
    assert "Ana Silva" in result.output and "Eli Stone" in result.output
    assert all(len(line) <= 80 for line in result.output.splitlines())


def test_saved_jobs_with_a_warm_path_first_then_how_many_have_none(tmp_path):
    db = tmp_path / "rung.db"
    store = Store(db)
    add_application(
        store, company="Umbrella Corp", title="Head of Platform", stage="saved", applied_on=None
    )
    add_application(store, company="Hooli", title="EM", stage="saved", applied_on=None)
    add_application(store, company="Pied Piper", title="CTO", stage="saved", applied_on=None)
    add_application(store, company="Umbrella", title="Director", stage="applied")
    add_contact(store, name="Fay Moss", company="Umbrella", title="EM")
    store.close()
    result = CliRunner().invoke(cli, ["--db", str(db), "warm", "--saved", "--json"])
    data = json.loads(result.output)
    assert [(w["company"], w["stage"]) for w in data["warm"]] == [("Umbrella Corp", "saved")]
    text = CliRunner().invoke(cli, ["--db", str(db), "warm", "--saved"]).output
    assert "Umbrella Corp — Head of Platform" in text
    assert "2 saved jobs where you know nobody yet" in text


def test_empty_database_says_so(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "warm"])
    assert result.exit_code == 0
    assert "nobody you know" in result.output.lower()
    data = json.loads(
        CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "warm", "--json"]).output
    )
    assert data == {"warm": []}


def test_review_intros_are_contacts_not_touched_since_applying(linkedin_db):
    store = Store(linkedin_db)
    acme = _app_id(store, "Acme")
    intros = {i.company: i for i in intro_candidates(store)}
    assert set(intros) == {"Acme", "Globex Corporation", "Acmeo", "Initech"}
    assert intros["Acme"].applied_on == "2026-11-02T09:00"
    assert set(intros["Acme"].to_json()) >= {
        "application_id",
        "company",
        "title",
        "stage",
        "contact_id",
        "contact",
        "applied_on",
    }
    # a touch before applying does not count: Acme stays listed
    ids = [
        r["id"]
        for r in store.query(
            "SELECT id FROM contacts WHERE name IN ('Ana Silva', 'Ben Okafor', 'Chen Wu')"
        )
    ]
    log_interaction(store, ids[0], at="2026-10-05", summary="hello")
    assert "Acme" in {i.company for i in intro_candidates(store)}
    # one Acme person contacted since applying (asked for the intro): the path is in use,
    # Acme leaves the list though two others there were not contacted
    log_interaction(store, ids[1], at="2026-11-06", summary="hello")
    assert "Acme" not in {i.company for i in intro_candidates(store)}
    # a touch before applying does not count as asking
    dana = int(store.scalar("SELECT id FROM contacts WHERE name = 'Dana Levi'"))
    log_interaction(store, dana, at="2026-10-01", summary="old chat")
    assert "Globex Corporation" in {i.company for i in intro_candidates(store)}
    review = build_review(store)
    assert {i.application_id for i in review.intros} == {
        i.application_id for i in intro_candidates(store)
    }
    assert acme not in {i.application_id for i in review.intros}
    store.close()


def test_no_intro_from_the_process_recruiter_nor_after_an_offer(linkedin_db):
    store = Store(linkedin_db)
    globex = _app_id(store, "Globex Corporation")
    dana = int(store.scalar("SELECT id FROM contacts WHERE name = 'Dana Levi'"))
    store.execute("UPDATE contacts SET relationship = 'recruiter' WHERE id = ?", [dana])
    # Dana is Globex's recruiter: she runs the process, so there is nobody to ask for an intro
    assert "Globex Corporation" not in {i.company for i in intro_candidates(store)}
    # at Acme, talking to its recruiter since applying leaves the others to ask
    chen = int(store.scalar("SELECT id FROM contacts WHERE name = 'Chen Wu'"))
    store.execute("UPDATE contacts SET relationship = 'recruiter' WHERE id = ?", [chen])
    log_interaction(store, chen, at="2026-11-05", summary="screening call")
    acme = next(i for i in intro_candidates(store) if i.company == "Acme")
    assert acme.contact in {"Ana Silva", "Ben Okafor"} and acme.others == 1
    move_stage(store, _app_id(store, "Acme"), "offer")
    assert "Acme" not in {i.company for i in intro_candidates(store)}
    assert globex  # still open: only the recruiter rule kept it out
    store.close()
