"""The demo data set: big enough, every stage and level, and always current."""

from __future__ import annotations

from datetime import date

from rung.core.commands.contacts import overdue_contacts
from rung.core.demo import demo_summary, load_demo
from rung.core.store import Store


def test_minimum_sizes(demo_store):
    counts = demo_summary(demo_store)
    assert counts["applications"] >= 40
    assert counts["contacts"] >= 60
    assert counts["interactions"] >= 80
    assert counts["interviews"] >= 25
    assert counts["feedback"] >= 40


def test_every_stage_and_the_ladder(demo_store):
    stages = {r["stage"] for r in demo_store.query("SELECT DISTINCT stage FROM applications")}
    assert stages == {
        "saved",
        "applied",
        "screening",
        "interviewing",
        "offer",
        "accepted",
        "rejected",
        "withdrawn",
        "ghosted",
    }
    levels = {r["level"] for r in demo_store.query("SELECT DISTINCT level FROM applications")}
    assert {"lead", "manager", "senior_manager", "director", "vp"} <= levels


def test_relationships_of_contacts(demo_store):
    rels = {
        r["relationship"] for r in demo_store.query("SELECT DISTINCT relationship FROM contacts")
    }
    assert {"recruiter", "referrer", "former_colleague", "mentor", "hiring_manager"} <= rels


def test_stage_events_are_in_time_order(demo_store):
    rows = demo_store.query("SELECT application_id, at FROM stage_events ORDER BY id")
    last: dict[int, str] = {}
    for row in rows:
        assert row["at"][:10] >= last.get(row["application_id"], ""), row
        last[row["application_id"]] = row["at"][:10]


def _followup_spread(store: Store, today: str) -> tuple[int, int]:
    week_end = date.fromisoformat(today).toordinal() + 7
    due_week = overdue = 0
    for row in store.query("SELECT due_on FROM followups WHERE done_at IS NULL"):
        if row["due_on"] < today:
            overdue += 1
        elif date.fromisoformat(row["due_on"]).toordinal() < week_end:
            due_week += 1
    return due_week, overdue


def test_followups_due_this_week_and_overdue_whatever_the_day(tmp_path, monkeypatch):
    for today in ("2026-11-23", "2027-06-02"):
        monkeypatch.setenv("RUNG_TODAY", today)
        store = Store(tmp_path / f"{today}.db")
        load_demo(store)
        due_week, overdue = _followup_spread(store, today)
        assert due_week >= 3 and overdue >= 3
        assert overdue_contacts(store)  # somebody to call
        latest = store.scalar("SELECT max(at) FROM stage_events")
        assert latest[:10] <= today
        store.close()


def test_loading_twice_gives_the_same_data(tmp_path):
    a, b = Store(tmp_path / "a.db"), Store(tmp_path / "b.db")
    load_demo(a)
    load_demo(b)
    assert demo_summary(a) == demo_summary(b)
    query = "SELECT title, stage, applied_on FROM applications ORDER BY id"
    assert a.query(query) == b.query(query)
    a.close()
    b.close()


def test_demo_database_is_built_once_a_day_then_copied(tmp_path):
    from rung.core.demo import build_demo_database

    cache = tmp_path / "cache"
    first = build_demo_database(tmp_path / "one.db", cache_dir=cache)
    assert len(list(cache.glob("demo-*.db"))) == 1
    second = build_demo_database(tmp_path / "two.db", cache_dir=cache)
    a, b = Store(first), Store(second)
    assert demo_summary(a) == demo_summary(b)
    a.close()
    b.close()
    edited = Store(second)
    edited.execute("DELETE FROM feedback")
    edited.close()
    third = Store(build_demo_database(tmp_path / "three.db", cache_dir=cache))
    assert third.count("feedback") >= 40  # the cache is never the user's copy
    third.close()


# -- the stories of issues 16 and 17 ------------------------------------------------------


def _app_id(store: Store, company: str, title: str) -> int:
    return store.scalar(
        "SELECT a.id FROM applications a JOIN companies c ON c.id = a.company_id"
        " WHERE c.name = ? AND a.title = ?",
        [company, title],
    )


def test_the_ladder_stalls_at_director_finals_and_senior_manager_converts_lately(demo_store):
    from rung.core.ladder import build_ladder

    ladder = build_ladder(demo_store)
    rows = {r.level: r for r in ladder.levels}
    director, senior = rows["director"], rows["senior_manager"]
    assert director.final >= 12 and director.offer == 0
    assert [g.slug for g in director.gaps[:2]] == ["managing_managers", "executive_presence"]
    assert senior.offer == 2 and senior.final >= 4
    assert ladder.summary.startswith("At Director you reach final rounds")
    assert "stop there" in ladder.summary and "managing managers" in ladder.summary
    # since the interim EM role began: Director still stalls, Senior Manager converts
    lately = build_ladder(demo_store, since="2026-08-01")
    assert lately.summary.startswith("At Director you reach final rounds")
    assert ": 4 of 11 final-round reasons are managing managers" in lately.summary
    assert "At Sr Manager you convert (2 offers of 3 finals)." in lately.summary


def test_vague_rejections_to_ask_one_answered_one_waiting(demo_store):
    from rung.core.asks import list_asks

    asks = {a.company: a for a in list_asks(demo_store)}
    answered = asks["Juniper Mutual"]
    assert answered.answered and answered.why == "generic"
    assert answered.contact and answered.contact.name == "Anouk de Vries"
    clarified = demo_store.query_one(
        "SELECT g.slug, f.clarification FROM feedback f JOIN gaps g ON g.id = f.gap_id "
        "WHERE f.id = ?",
        [answered.feedback_id],
    )
    assert clarified["slug"] == "managing_managers" and "three EMs" in clarified["clarification"]
    waiting = asks["Kinnaird Analytics"]
    assert waiting.why == "no_reason" and waiting.asked_on == "2026-11-17"
    assert not waiting.answered and waiting.contact.name == "Maren Solberg"
    chase = demo_store.query_one(
        "SELECT f.due_on, f.done_at FROM asks k JOIN followups f ON f.id = k.followup_id "
        "WHERE k.feedback_id = ?",
        [waiting.feedback_id],
    )
    assert chase["due_on"] == "2026-11-22" and chase["done_at"] is None  # overdue: nudge
    fresh = asks["Norrsken Bank"]
    assert fresh.asked_on is None and fresh.contact.name == "Elin Dahlberg"


def test_warm_paths_under_company_name_variants(demo_store):
    from rung.core.warm import intro_candidates, warm_paths

    people = {p.company: {c.name for c in p.contacts} for p in warm_paths(demo_store)}
    assert "Jakob Reinhardt" in people["Brightline Payments"]  # "Brightline Payments GmbH"
    assert "Saga Lindberg" in people["Copperleaf Games"]  # "Copperleaf Games AB"
    assert "Moritz Hahn" in people["Ironclad Systems"]  # "Ironclad", a company row of its own
    assert demo_store.scalar("SELECT count(*) FROM companies WHERE name LIKE 'Ironclad%'") == 2
    saved = {p.company: {c.name for c in p.contacts} for p in warm_paths(demo_store, saved=True)}
    assert "Nina Gruber" in saved["Bluefin Telecom"]  # "Bluefin Telecom AG"
    intros = {i.contact for i in intro_candidates(demo_store)}
    # Ironclad's recruiter was contacted since applying: that runs the process, no intro
    assert {"Jakob Reinhardt", "Saga Lindberg", "Moritz Hahn"} <= intros
    assert "Wen Zhang" not in intros  # Sable made an offer: past what an intro is for


def test_the_review_calls_the_vouchers_first_before_the_director_final(demo_store):
    from rung.core.review import build_review

    calls = build_review(demo_store).contacts_due
    first = {c.name: c for c in calls[:2]}
    assert set(first) == {"Noah Achterberg", "Elena Sorensen"}
    assert first["Noah Achterberg"].vouch_for == "managing_managers"
    assert first["Elena Sorensen"].vouch_for == "business_and_budget"
    meridian = _app_id(demo_store, "Meridian Energy", "Director of Engineering")
    assert all(c.application_id == meridian for c in first.values())
    assert "final round at Meridian Energy" in first["Elena Sorensen"].reason


def test_evidence_one_whole_story_one_thin_entry(demo_store):
    from rung.core.evidence import list_evidence
    from rung.core.ladder import build_ladder

    story = list_evidence(demo_store, "managing_managers")
    assert len(story) == 1 and story[0].situation and story[0].action and story[0].result
    budget = list_evidence(demo_store, "business_and_budget")
    assert len(budget) == 1 and not budget[0].situation
    ready = {r.slug: r.state for r in build_ladder(demo_store, target="director").readiness}
    assert ready["managing_managers"] == "covered"
    assert ready["business_and_budget"] == "thin"
    assert ready["strategy_and_vision"] == "missing"
