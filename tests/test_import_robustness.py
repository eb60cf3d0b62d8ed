"""The reader never raises on any bytes; a killed import leaves the database unchanged."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rung.core.importing import import_files
from rung.core.store import Store

_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@_SETTINGS
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_raise_nor_half_write(tmp_path, data):
    db = tmp_path / "rung.db"
    store = Store(db)
    before = store.count("applications"), store.count("imports")
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    [report] = import_files(store, [path])
    if report.refused:
        assert report.message
        assert (store.count("applications"), store.count("imports")) == before
    store.close()


_cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@_SETTINGS
@given(
    header=st.lists(
        st.sampled_from(
            ["Company", "Role", "Status", "Date Applied", "Notes", "URL", "Salary", "x"]
        ),
        min_size=1,
        max_size=6,
    ),
    rows=st.lists(st.lists(_cell, max_size=8), max_size=12),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_random_csv_never_raises(tmp_path, header, rows, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "in.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    db = tmp_path / "rung.db"
    store = Store(db)
    count = store.count("applications")
    [report] = import_files(store, [path], skip_bad_rows=False)
    if report.refused:
        assert store.count("applications") == count
    for error in report.errors:
        assert error.line >= 2 and error.column
    store.close()


def _linkedin_csv(path: Path, rows: int) -> Path:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "Application Date",
                "Contact Email",
                "Contact Phone Number",
                "Company Name",
                "Job Title",
                "Job Url",
                "Resume Name",
                "Question And Answers",
            ]
        )
        for i in range(rows):
            w.writerow(
                [
                    f"3/{i % 28 + 1}/26, {i % 12 + 1}:22 PM",
                    "",
                    "",
                    f"Co {i % 900}",
                    "Engineering Manager",
                    f"https://www.linkedin.com/jobs/view/{i}",
                    "cv.pdf",
                    "q:a",
                ]
            )
    return path


_SCHEMA = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"


def test_a_large_import_builds_the_indexes_after_the_rows_and_leaves_the_same_schema(tmp_path):
    store = Store(tmp_path / "rung.db")
    schema = store.query(_SCHEMA)
    big = _linkedin_csv(tmp_path / "Job Applications.csv", 6000)  # more than the table holds
    [dry] = import_files(store, [big], dry_run=True)
    assert dry.created["applications"] == 6000 and store.count("applications") == 0
    assert store.query(_SCHEMA) == schema
    [report] = import_files(store, [big])
    assert report.created["applications"] == 6000 == store.count("applications")
    assert store.query(_SCHEMA) == schema  # indexes and search triggers as before
    assert store.integrity_check() == []
    plan = " ".join(
        r["detail"]
        for r in store.query("EXPLAIN QUERY PLAN SELECT id FROM applications WHERE company_id = 3")
    )
    assert "applications_company" in plan
    from rung.core.search import search

    assert search(store, "co 899 engineering")  # the new rows are in the search index
    [again] = import_files(store, [big])
    assert again.created == {} and again.merged == 6000 and again.skipped == 0
    store.close()


def test_sigkill_mid_import_leaves_database_unchanged(tmp_path):
    db = tmp_path / "rung.db"
    Store(db).close()
    before = _digest(db)
    big = _linkedin_csv(tmp_path / "Job Applications.csv", 60_000)
    # The child kills itself with SIGKILL right after the applications were written,
    # inside the open transaction, before the commit.
    child = (
        "import os, signal\n"
        "from rung.core.importing import writer\n"
        "flush = writer.Writer._flush_pending\n"
        "def flush_then_die(self):\n"
        "    flush(self)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "writer.Writer._flush_pending = flush_then_die\n"
        "from rung.tui.cli import main\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", child, "--db", str(db), "import", str(big)],
        capture_output=True,
        env={**os.environ},
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert _digest(db) == before
    store = Store(db)
    assert store.count("applications") == 0 and store.count("imports") == 0
    assert store.integrity_check() == []
    assert store.query(_SCHEMA) == Store(tmp_path / "fresh.db").query(_SCHEMA)
    store.close()


def test_progress_reads_then_writes_then_finishes(tmp_path):
    store = Store(tmp_path / "rung.db")
    big = _linkedin_csv(tmp_path / "Job Applications.csv", 5000)
    seen: list[tuple[str, int, int]] = []
    import_files(store, [big], dry_run=True, progress=lambda *a: seen.append(a))
    assert "finishing" not in [stage for stage, _, _ in seen]  # a dry run writes nothing
    seen.clear()
    import_files(store, [big], progress=lambda *a: seen.append(a))
    stages = [stage for stage, _, _ in seen]
    assert stages == sorted(stages, key=["reading", "writing", "finishing"].index)
    assert stages.count("finishing") == 1 and stages.count("reading") >= 2
    assert all(0 <= done <= total for stage, done, total in seen if stage != "finishing")
    store.close()
