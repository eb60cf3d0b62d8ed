"""Benchmark: full-text search over 100 000 records (budget p95 <= 20 ms).

Builds a database of 100 000 records (companies, applications, contacts, interactions,
feedback) in a temp dir, then times a mix of queries: exact words, prefixes, two-word
queries, misspelled names (typo correction path) and misses. Prints p50/p95 per kind and
overall, next to a baseline in the same run: a bare FTS5 MATCH of the same words with no
ranking, highlighting or correction.

Run: .venv/bin/python tests/bench/bench_search.py
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from rung.core.clock import now_iso
from rung.core.search import search
from rung.core.store import Store

FIRST = [
    "Ana",
    "Ben",
    "Chen",
    "Dana",
    "Eli",
    "Fatima",
    "Goran",
    "Hana",
    "Ivan",
    "Jules",
    "Kemal",
    "Lena",
    "Mateo",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tomas",
]
LAST = [
    "Garcia",
    "Okafor",
    "Novak",
    "Schmidt",
    "Tanaka",
    "Rossi",
    "Dubois",
    "Kowalski",
    "Silva",
    "Haddad",
    "Nguyen",
    "Larsen",
    "Moreau",
    "Petrov",
    "Quispe",
    "Reyes",
]
WORDS = [
    "Cloud",
    "Data",
    "Flare",
    "North",
    "Wind",
    "Blue",
    "Stack",
    "Forge",
    "Pixel",
    "Atlas",
    "Quantum",
    "Harbor",
    "Signal",
    "Vertex",
    "Lumen",
    "Orbit",
    "Cedar",
    "Nimbus",
]
TITLES = [
    "Engineering Manager",
    "Senior Engineering Manager",
    "Director of Engineering",
    "VP Engineering",
    "Head of Platform",
    "Team Lead",
    "CTO",
    "IT Director",
]


def build(path: Path, n: int = 100_000) -> Store:
    rng = random.Random(7)
    store = Store(path)
    stamp = now_iso()
    n_companies, n_apps, n_contacts, n_inter = n // 10, n * 3 // 10, n * 2 // 10, n * 3 // 10
    n_feedback = n - n_companies - n_apps - n_contacts - n_inter
    with store.transaction():
        names = set()
        while len(names) < n_companies:
            names.add(f"{rng.choice(WORDS)}{rng.choice(WORDS).lower()} {rng.randint(1, 999)}")
        store.conn.executemany(
            "INSERT INTO companies (name, normalized_name, created_at, updated_at) "
            "VALUES (?, ?, ?, ?)",
            [(nm, nm.lower(), stamp, stamp) for nm in sorted(names)],
        )
        store.conn.executemany(
            "INSERT INTO applications (company_id, title, stage, created_at, updated_at) "
            "VALUES (?, ?, 'applied', ?, ?)",
            [
                (rng.randint(1, n_companies), rng.choice(TITLES), stamp, stamp)
                for _ in range(n_apps)
            ],
        )
        store.conn.executemany(
            "INSERT INTO contacts (name, normalized_name, company_id, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (
                    f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "x",
                    rng.randint(1, n_companies),
                    stamp,
                    stamp,
                )
                for _ in range(n_contacts)
            ],
        )
        store.conn.executemany(
            "INSERT INTO interactions (contact_id, at, channel, summary, created_at) "
            "VALUES (?, ?, 'call', ?, ?)",
            [
                (
                    rng.randint(1, n_contacts),
                    stamp,
                    f"talked about the {rng.choice(TITLES).lower()} role and {rng.choice(WORDS)}",
                    stamp,
                )
                for _ in range(n_inter)
            ],
        )
        store.conn.executemany(
            "INSERT INTO feedback (text, received_on, created_at) VALUES (?, ?, ?)",
            [
                (
                    f"needs more {rng.choice(['people', 'budget', 'strategy', 'stakeholder'])} "
                    f"experience at {rng.choice(WORDS)}",
                    stamp[:10],
                    stamp,
                )
                for _ in range(n_feedback)
            ],
        )
    return store


QUERIES = {
    "word": ["garcia", "atlas", "manager", "budget", "okafor"],
    "prefix": ["gar", "clou", "eng man", "dir", "sig"],
    "two words": ["priya reyes", "vp engineering", "people experience", "cloud 42"],
    "misspelled": ["garsia", "okafur", "kowalsky", "quantm", "nimbos"],
    "miss": ["zzzzqx", "xylophone"],
}


def timed(fn, *args, repeat: int = 30) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def baseline(store: Store, query: str) -> None:
    words = " AND ".join(f'"{w}"*' for w in query.lower().split())
    store.conn.execute(
        "SELECT kind, ref_id FROM search_index WHERE search_index MATCH ? LIMIT 50", [words]
    ).fetchall()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        store = build(Path(tmp) / "bench.db")
        print(
            f"built {store.scalar('SELECT count(*) FROM search_index')} indexed records "
            f"in {time.perf_counter() - start:.1f} s"
        )
        search(store, "warm up")
        everything, base_all = [], []
        print(f"{'queries':<12} {'p50 ms':>8} {'p95 ms':>8} {'baseline p95':>13}")
        for kind, queries in QUERIES.items():
            times, base = [], []
            for q in queries:
                times += timed(search, store, q)
                base += timed(baseline, store, q)
            everything += times
            base_all += base
            print(f"{kind:<12} {statistics.median(times):8.2f} {p95(times):8.2f} {p95(base):13.2f}")
        print(
            f"{'all':<12} {statistics.median(everything):8.2f} {p95(everything):8.2f} "
            f"{p95(base_all):13.2f}"
        )
        print(
            f"budget: p95 <= 20 ms -> {'OK' if p95(everything) <= 20 else 'OVER'}; "
            f"ratio to bare MATCH p95: {p95(everything) / p95(base_all):.1f}x"
        )
        store.close()


if __name__ == "__main__":
    main()
