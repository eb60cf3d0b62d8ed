"""Import benchmark: a 100 000-row LinkedIn Job Applications CSV.

Prints rows/s and peak RSS of `import_files`, next to a baseline measured in the same run
(csv.reader + one executemany upsert into the same schema), the speed of csv.reader alone
(how fast this machine is), and the dry-run preview time of the first 50 rows. Each is the
best of REPEAT runs in fresh processes. Run:
.venv/bin/python tests/bench/bench_import.py [ROWS] [REPEAT]
"""

from __future__ import annotations

import csv
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HEADER = [
    "Application Date",
    "Contact Email",
    "Contact Phone Number",
    "Company Name",
    "Job Title",
    "Job Url",
    "Resume Name",
    "Question And Answers",
]
TITLES = [
    "Engineering Manager",
    "Senior Engineering Manager",
    "Director of Engineering",
    "VP Engineering",
    "Staff Engineer",
    "Team Lead, Platform",
    "Head of Infrastructure",
    "CTO",
]


def make_csv(path: Path, rows: int, first_id: int = 1000000, seed: int = 7) -> None:
    """A LinkedIn Job Applications CSV of ``rows`` rows, job ids from ``first_id``."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for i in range(rows):
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            hour, minute = rng.randint(1, 12), rng.randint(0, 59)
            writer.writerow(
                [
                    f"{month}/{day}/25, {hour}:{minute:02d} {rng.choice(['AM', 'PM'])}",
                    "",
                    "",
                    f"Company {rng.randint(1, 5000)}",
                    rng.choice(TITLES),
                    f"https://www.linkedin.com/jobs/view/{first_id + i}/?trk=x",
                    "cv.pdf",
                    "Years managing managers?:3",
                ]
            )


def run_child(mode: str, csv_path: Path, db_path: Path) -> str:
    code = f"""
import csv, resource, sys, time
from rung.core.importing import import_files, preview
from rung.core.store import Store
from rung.core.text import normalize_url
store = Store({str(db_path)!r})
t = time.perf_counter()
if {mode!r} == "rung":
    [report] = import_files(store, [{str(csv_path)!r}])
    assert not report.refused, report.message
    n = report.created.get("applications", 0)
elif {mode!r} == "preview":
    prepared, report = preview({str(csv_path)!r}, rows=50)
    n = len(prepared.rows)
elif {mode!r} == "parse":
    with open({str(csv_path)!r}, encoding="utf-8-sig", newline="") as fh:
        n = sum(1 for _ in csv.reader(fh)) - 1
else:
    with open({str(csv_path)!r}, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh); next(reader)
        rows = [(r[3], r[4], r[5], normalize_url(r[5])) for r in reader]
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO companies(name, normalized_name, created_at, updated_at)"
            " VALUES (?, lower(?), '', '') ON CONFLICT(normalized_name) DO NOTHING",
            [(r[0], r[0]) for r in rows])
        store.conn.executemany(
            "INSERT INTO applications(company_id, title, url, url_key, stage, created_at, updated_at)"
            " SELECT id, ?, ?, ?, 'applied', '', '' FROM companies WHERE normalized_name = lower(?)",
            [(r[1], r[2], r[3], r[0]) for r in rows])
    n = len(rows)
elapsed = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{n}} {{elapsed}} {{rss}}")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "Job Applications.csv"
        make_csv(csv_path, rows)
        results: dict[str, tuple[int, float, float]] = {}
        for _ in range(repeat):  # modes interleaved, best of each: this machine is shared
            for mode in ("parse", "baseline", "rung", "preview"):
                db = Path(tmp) / f"{mode}.db"
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
                n, elapsed, rss = run_child(mode, csv_path, db).split()
                if mode not in results or float(elapsed) < results[mode][1]:
                    results[mode] = (int(n), float(elapsed), float(rss))
        p_n, p_t, _ = results["parse"]
        b_n, b_t, b_rss = results["baseline"]
        r_n, r_t, r_rss = results["rung"]
        print(f"rows: {rows}, best of {repeat} runs each")
        print(
            f"csv.reader alone, nothing written:   {p_n / p_t:,.0f} rows/s, {p_t:.2f} s "
            "(how fast this machine is)"
        )
        print(
            f"baseline (csv.reader + executemany): {b_n / b_t:,.0f} rows/s, {b_t:.2f} s, "
            f"peak RSS {b_rss:.0f} MB"
        )
        print(
            f"rung import_files:                   {r_n / r_t:,.0f} rows/s, {r_t:.2f} s, "
            f"peak RSS {r_rss:.0f} MB  ({(r_n / r_t) / (b_n / b_t):.2f}x baseline, "
            f"{r_t / p_t:.1f}x the time of csv.reader alone; "
            "budget >= 50,000 rows/s, >= 0.8x, <= 300 MB)"
        )
        print(
            f"dry-run preview of first 50 rows:    {results['preview'][1] * 1000:.1f} ms "
            "(budget <= 200 ms)"
        )


if __name__ == "__main__":
    main()
