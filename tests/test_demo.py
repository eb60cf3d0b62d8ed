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
    assert stages == {"saved", "applied", "screening", "interviewing", "offer", "accepted",
                      "rejected", "withdrawn", "ghosted"}
    levels = {r["level"] for r in demo_store.query("SELECT DISTINCT level FROM applications")}
    assert {"lead", "manager", "senior_manager", "director", "vp"} <= levels


def test_relationships_of_contacts(demo_store):
    rels = {r["relationship"] for r in demo_store.query("SELECT DISTINCT relationship FROM contacts")}
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
