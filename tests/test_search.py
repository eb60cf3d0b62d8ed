"""Full-text search: prefixes, typo-tolerant names, highlighting, kinds, index upkeep."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rung.core.commands.applications import add_application, edit_application
from rung.core.commands.companies import get_or_create_company
from rung.core.commands.contacts import add_contact, delete_contact, log_interaction
from rung.core.commands.feedback import add_feedback
from rung.core.search import HIGHLIGHT_OPEN, search
from rung.core.store import Store
from rung.tui.cli import cli


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "search.db")
    app = add_application(
        s, company="Cloudflare", title="Senior Engineering Manager", location="Lisbon"
    )
    add_application(s, company="Northwind Traders", title="Director of Platform")
    dana = add_contact(s, name="José García", company="Cloudflare", relationship="recruiter")
    log_interaction(s, dana.id, summary="coffee about the platform reorg", channel="coffee")
    add_feedback(
        s, "We went with someone with more people-management experience", application_id=app.id
    )
    yield s
    s.close()


def kinds_ids(hits):
    return [(h.kind, h.ref_id) for h in hits]


def test_prefix_words_match(store):
    hits = search(store, "eng man")
    assert ("application", 1) in kinds_ids(hits)
    assert all(h.kind != "company" or h.ref_id != 2 for h in hits)


def test_misspelled_company_is_corrected(store):
    hits = search(store, "cloudfare")
    assert ("company", 1) in kinds_ids(hits)
    assert hits[0].corrected == {"cloudfare": "cloudflare"}


def test_accents_fold_and_misspelled_person(store):
    assert kinds_ids(search(store, "jose"))[0] == ("contact", 1)
    assert ("contact", 1) in kinds_ids(search(store, "garsia"))


def test_matched_words_are_highlighted(store):
    hit = search(store, "northwind")[0]
    assert HIGHLIGHT_OPEN in hit.title
    assert hit.plain_title() == "Northwind Traders"


def test_kinds_filter_and_body_text(store):
    hits = search(store, "people management", kinds=("feedback",))
    assert kinds_ids(hits) == [("feedback", 1)]
    assert "people" in hits[0].plain_snippet().casefold()


def test_quotes_and_operators_are_plain_words(store):
    """FTS5's syntax (quotes, AND/OR/NOT/NEAR, *, -, parentheses, column filters) is read
    as plain words: nothing raises, and a query with those characters finds what it names."""
    for query in ['"', "*", "-", "", "(", ":", "^"]:  # no word at all: nothing found
        assert search(store, query) == [], query
    # the operators are words to find like any other, not syntax
    log_interaction(store, 1, summary="lunch near the harbour and not a word on the offer, or")
    for query in ["AND OR NOT", "NEAR(", "near( harbour", "not AND"]:
        hits = search(store, query)
        assert isinstance(hits, list), query
        assert kinds_ids(hits) == [("interaction", 2)], query
    for query in ['"northwind"', "northwind*", "(northwind)", "-northwind", "northwind:", "^north"]:
        assert ("company", 2) in kinds_ids(search(store, query)), query
    assert ("application", 1) in kinds_ids(search(store, "cloud*lisbon"))  # two words


def test_index_follows_edits_renames_and_deletes(store):
    edit_application(store, 1, {"title": "VP Engineering"})
    assert ("application", 1) in kinds_ids(search(store, "vp"))
    assert ("application", 1) not in kinds_ids(search(store, "senior"))
    company_id = get_or_create_company(store, "Cloudflare")
    store.update("companies", company_id, {"name": "Cloudflare Labs"})
    assert ("application", 1) in kinds_ids(search(store, "labs"))
    delete_contact(store, 1)
    assert search(store, "garcia") == []
    assert search(store, "reorg") == []


def test_cli_search_json(store, tmp_path):
    store.close()
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "search.db"), "search", "--json", "cloudfare"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["corrected"] == {"cloudfare": "cloudflare"}
    assert {"kind": "company", "id": 1} in [
        {"kind": h["kind"], "id": h["id"]} for h in data["hits"]
    ]


def test_bulk_index_matches_the_triggers(tmp_path):
    from rung.core.search import bulk_index

    plain, bulk = Store(tmp_path / "plain.db"), Store(tmp_path / "bulk.db")

    def write(s: Store) -> None:
        app = add_application(s, company="Cloudflare", title="Director", notes="edge network")
        dana = add_contact(s, name="José García", company="Cloudflare")
        log_interaction(s, dana.id, summary="coffee", channel="coffee")
        add_feedback(s, "needs gravitas", application_id=app.id)
        edit_application(s, app.id, {"title": "VP Engineering"})

    write(plain)
    with bulk.transaction(), bulk_index(bulk):
        write(bulk)
    query = "SELECT rowid, kind, ref_id, title, body FROM search_index ORDER BY rowid"
    assert plain.query(query) == bulk.query(query)
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    assert bulk.query(triggers) == plain.query(triggers)  # put back as they were
    assert [h.ref_id for h in search(bulk, "vp eng")] == [1]
    plain.close()
    bulk.close()


def test_every_word_may_be_a_slip_when_nothing_matches(store):
    # "jse" is too short for the strict pass: only the loose pass (every word may be a
    # slip, what was typed still counts) finds the contact
    hits = search(store, "jse garcia")
    assert kinds_ids(hits)[0] == ("contact", 1)
    assert hits[0].corrected == {"jse": "jose"}
    assert search(store, "qqq zzzz") == []


def test_records_rank_before_what_mentions_them(store):
    log_interaction(store, 1, summary="José García again", channel="call")
    hits = search(store, "garcia")
    assert hits[0].kind == "contact"
