"""Benchmark: warm paths over 5 000 connections and 2 000 applications (budget <= 200 ms).

Builds a database with 2 000 applications (tests/bench/seed.py) and imports a LinkedIn
Connections.csv of 5 000 people through the real importer: two thirds work at an
application's company written another way ("Northwind 12 Inc.", "NORTHWIND 12, LLC",
"Northwind 12 GmbH", "Northwind 12 Technologies", a typo in a long name), the rest at 600
other companies (lookalikes among them: "Northwind 120", "Northwinds 12").

Prints:
- ``rung warm --json`` end to end (a subprocess: Python start, imports, query, JSON out),
  median of 5, next to ``python -c "import click"`` (the floor any rung command pays) and
  ``rung --version`` (rung's own start: its imports, no database);
- ``warm_paths()`` alone, in process: the first call (name keys not cached yet) and the
  median of 20;
- ``warm_counts()`` (the Pipeline's Know column, read with its rows) and
  ``intro_candidates()`` (the Review's intros), medians of 20.

Run: .venv/bin/python tests/bench/bench_warm.py
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("RUNG_TODAY", "2026-11-23")
os.environ.setdefault("RUNG_CONFIG", "/nonexistent/rung-bench.toml")

from seed import seed_applications  # noqa: E402

from rung.core.store import Store  # noqa: E402

APPLICATIONS = 2_000
CONNECTIONS = 5_000
BUDGET_MS = 200.0
VARIANTS = [
    "{}",
    "{} Inc.",
    "{}, Inc",
    "{} LLC",
    "{} GmbH",
    "{} Ltd",
    "{} Corporation",
    "{} Corp.",
    "{} Technologies",
    "{} AG",
    "{} plc",
    "{} B.V.",
    "The {} Company",
]
FIRST = ["Ana", "Ben", "Chen", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lea"]
LAST = ["Silva", "Okafor", "Wu", "Levi", "Stone", "Moss", "Park", "Ito", "Berg", "Diaz"]
POSITIONS = [
    "Engineering Manager",
    "Staff Engineer",
    "Recruiter",
    "VP Engineering",
    "Director of Engineering",
    "Product Manager",
    "CTO",
]
PYTHON = sys.executable


def _variant(rng: random.Random, name: str) -> str:
    written = rng.choice(VARIANTS).format(name)
    if rng.random() < 0.2:
        written = written.upper()
    if rng.random() < 0.03 and len(name) >= 12:  # a typo in a long name
        i = rng.randrange(4, len(name) - 1)
        written = name[:i] + name[i + 1 :]
    return written


def write_connections(path: Path, companies: list[str], seed: int = 7) -> None:
    """A LinkedIn Connections.csv (notes preamble included) of CONNECTIONS people."""
    rng = random.Random(seed)
    others = [
        f"{rng.choice(['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay'])}"
        f" {rng.choice(['Analytics', 'Robotics', 'Health', 'Bank', 'Media'])} {n}"
        for n in range(500)
    ]
    lookalikes = [f"{c}0" for c in companies[:50]] + [
        c.replace(" ", "s ", 1) for c in companies[50:100]
    ]
    with path.open("w", newline="", encoding="utf-8") as f:
        f.write(
            'Notes:\n"When exporting your connection data, you may notice that some of '
            'the email addresses are missing."\n\n'
        )
        out = csv.writer(f)
        out.writerow(
            [
                "First Name",
                "Last Name",
                "URL",
                "Email Address",
                "Company",
                "Position",
                "Connected On",
            ]
        )
        for i in range(CONNECTIONS):
            roll = rng.random()
            if roll < 0.66:
                company = _variant(rng, rng.choice(companies))
            elif roll < 0.9:
                company = rng.choice(others)
            else:
                company = rng.choice(lookalikes)
            out.writerow(
                [
                    rng.choice(FIRST),
                    f"{rng.choice(LAST)}{i}",
                    f"https://www.linkedin.com/in/person-{i}",
                    "",
                    company,
                    rng.choice(POSITIONS),
                    f"{rng.randint(1, 28):02d} Mar 20{rng.randint(15, 26)}",
                ]
            )


def _ms(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def _subprocess_ms(args: list[str], env: dict[str, str], runs: int = 5) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        store = Store(db)
        seed_applications(store, APPLICATIONS)
        companies = sorted({r["name"] for r in store.query("SELECT name FROM companies")})
        store.close()
        connections = Path(tmp) / "Connections.csv"
        write_connections(connections, companies)
        env = {**os.environ, "RUNG_DB": str(db)}
        rung = [PYTHON, "-m", "rung.tui"]
        subprocess.run(
            [*rung, "import", str(connections)], env=env, check=True, stdout=subprocess.DEVNULL
        )

        from rung.core.warm import intro_candidates, warm_counts, warm_paths

        store = Store(db)
        counts = store.query_one(
            "SELECT (SELECT count(*) FROM applications) AS apps, "
            "(SELECT count(*) FROM contacts) AS contacts, "
            "(SELECT count(*) FROM companies) AS companies"
        )
        first = _ms(lambda: warm_paths(store), 1)[0]
        paths = warm_paths(store)
        alone = _ms(lambda: warm_paths(store), 20)
        pipeline = _ms(lambda: warm_counts(store), 20)
        review = _ms(lambda: intro_candidates(store), 20)
        found = sum(len(p.contacts) for p in paths)
        store.close()

        cli = _subprocess_ms([*rung, "warm", "--json"], env)
        floor = _subprocess_ms([PYTHON, "-c", "import click"], env)
        start = _subprocess_ms([*rung, "--version"], env)

    median = statistics.median(cli)
    print(
        f"data: {counts['apps']} applications, {counts['contacts']} contacts, "
        f"{counts['companies']} companies; {len(paths)} open applications with a warm path,"
        f" {found} people on them"
    )
    print(
        f"rung warm --json (subprocess): median {median:.0f} ms "
        f"(min {min(cli):.0f}, max {max(cli):.0f}); python -c 'import click': median "
        f"{statistics.median(floor):.0f} ms; budget {BUDGET_MS:.0f} ms -> "
        f"{'OK' if median <= BUDGET_MS else 'OVER'}"
    )
    print(
        f"  rung --version (rung's own start, no query): median "
        f"{statistics.median(start):.0f} ms; so warm's own part: "
        f"{median - statistics.median(start):.0f} ms"
    )
    print(
        f"warm_paths() alone: first call {first:.1f} ms (name keys not cached), median "
        f"{statistics.median(alone):.1f} ms, max {max(alone):.1f} ms"
    )
    print(
        f"warm_counts() (Pipeline's Know column, per data load): median "
        f"{statistics.median(pipeline):.1f} ms"
    )
    print(f"intro_candidates() (Review's intros): median {statistics.median(review):.1f} ms")


if __name__ == "__main__":
    main()
