"""Changes propagate themselves: a commit bumps the store's data version, and the screens
read again from it (no caller has to remember to say "data changed")."""

from __future__ import annotations

import threading

import pytest
from tui_helpers import table_rows

from rung.core.commands.applications import add_application
from rung.core.store import Store
from rung.tui.app import RungApp

SIZE_80 = (80, 24)
NOW = "2026-12-01T09:00:00"


def company(name: str) -> dict[str, str]:
    return {"name": name, "normalized_name": name.casefold(), "created_at": NOW, "updated_at": NOW}


def test_a_commit_that_writes_bumps_the_version_and_tells_the_listeners(store):
    heard = []
    store.on_change(lambda: heard.append(store.data_version))
    before = store.data_version
    add_application(store, company="Acme", title="EM")
    assert store.data_version > before
    assert heard and heard[-1] == store.data_version


def test_reads_rollbacks_and_savepoints_do_not_count_until_the_commit(store):
    before = store.data_version
    with store.transaction():
        store.query("SELECT count(*) FROM applications")
    assert store.data_version == before  # read only
    with pytest.raises(RuntimeError), store.transaction():
        store.insert("companies", company("Gone Inc"))
        raise RuntimeError("undo it")
    assert store.data_version == before  # rolled back
    with store.transaction():
        with store.transaction():  # a savepoint: the outer commit is the change
            store.insert("companies", company("Kept Inc"))
        assert store.data_version == before
    assert store.data_version == before + 1


def test_an_autocommitted_statement_counts(store):
    before = store.data_version
    store.execute(
        "INSERT INTO companies(name, normalized_name, created_at, updated_at)"
        " VALUES ('Solo Ltd', 'solo ltd', ?, ?)",
        [NOW, NOW],
    )
    assert store.data_version == before + 1
    store.execute("SELECT 1")
    assert store.data_version == before + 1


def test_another_connection_is_noticed_once(db_path):
    mine, other = Store(db_path), Store(db_path)
    try:
        assert not mine.notice_outside_changes()  # the first look sets the mark
        add_application(other, company="Elsewhere", title="VP")
        before = mine.data_version
        assert mine.notice_outside_changes()
        assert mine.data_version == before + 1
        assert not mine.notice_outside_changes()
        add_application(mine, company="Here", title="EM")  # its own: not "outside"
        assert not mine.notice_outside_changes()
    finally:
        mine.close()
        other.close()


def test_a_write_from_a_worker_thread_is_heard(store):
    heard = threading.Event()
    store.on_change(heard.set)
    worker = threading.Thread(
        target=add_application, args=(store,), kwargs={"company": "T", "title": "EM"}
    )
    worker.start()
    worker.join(5)
    assert heard.is_set()


async def test_what_another_rung_wrote_shows_when_a_screen_comes_back(db_path):
    store, other = Store(db_path), Store(db_path)
    try:
        app = RungApp(store)
        async with app.run_test(size=SIZE_80) as pilot:
            await pilot.pause()
            await pilot.press("2")  # away from the Pipeline
            await pilot.pause()
            add_application(other, company="Written Elsewhere", title="VP")
            await pilot.press("1")
            await pilot.pause()
            assert any("Written Elsewhere" in " ".join(row) for row in table_rows(app))
    finally:
        store.close()
        other.close()


def test_a_memo_is_worked_out_again_only_after_a_change(store):
    calls = []

    def count() -> int:
        calls.append(1)
        return store.count("applications")

    assert store.memo(("n",), count) == 0
    assert store.memo(("n",), count) == 0
    assert len(calls) == 1  # the same data version: not worked out again
    add_application(store, company="Acme", title="EM")
    assert store.memo(("n",), count) == 1
    assert len(calls) == 2
    assert store.memo(("n", "another key"), count) == 1 and len(calls) == 3
