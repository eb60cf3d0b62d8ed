"""Benchmark: do ten corrections carry to the next texts of their kinds?

The classifier is trained without the file's own rows, as on feedback nobody labeled.

A labeled file is split in two halves (even and odd rows). The first half goes in; up to
ten of its texts that rung filed wrong are corrected with ``feedback move`` (the first ten,
in file order, with distinct true labels first); then the second half goes in. Printed:
accuracy on the second half's texts of the corrected kinds and on the others, without and
with the corrections; then the cost of one correction and its re-filing at 2 000 texts.

Run: .venv/bin/python tests/bench/bench_corrections.py [LABELED.csv]
(default: tests/fixtures/clustering/styles_train.csv)
"""

from __future__ import annotations

import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rung.core.clustering import log_feedback
from rung.core.clustering.corrections import reassign
from rung.core.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "clustering"


def placed(store: Store, ident: int) -> str:
    row = store.query_one(
        "SELECT f.no_reason, g.slug FROM feedback f LEFT JOIN gaps g"
        " ON g.id = f.gap_id WHERE f.id = ?",
        [ident],
    )
    return "no_reason" if row["no_reason"] else row["slug"] or "unclustered"


def run(rows: list[dict[str, str]], corrections: int) -> tuple[set[str], list[bool], list[bool]]:
    """(the corrected kinds, right-or-not for the second half of those kinds, of others)."""
    store = Store(Path(tempfile.mkdtemp()) / "bench.db")
    first, second = rows[0::2], rows[1::2]
    ids = [log_feedback(store, r["text"]).feedback.id for r in first]
    wrong = [
        (i, r)
        for i, r in zip(ids, first, strict=True)
        if r["label"] != "no_reason" and placed(store, i) != r["label"]
    ]
    chosen, seen = [], set()
    for i, r in wrong:  # distinct kinds first, then more of the same
        if r["label"] not in seen:
            chosen.append((i, r))
            seen.add(r["label"])
    chosen += [ir for ir in wrong if ir not in chosen]
    chosen = chosen[:10]
    kinds = {r["label"] for _, r in chosen}
    for i, r in chosen[:corrections]:
        reassign(store, i, r["label"])
    later = [(log_feedback(store, r["text"]).feedback.id, r) for r in second]
    mine = [placed(store, i) == r["label"] for i, r in later if r["label"] in kinds]
    rest = [placed(store, i) == r["label"] for i, r in later if r["label"] not in kinds]
    store.close()
    return kinds, mine, rest


def share(values: list[bool]) -> str:
    return f"{sum(values) / len(values):.3f} ({sum(values)}/{len(values)})" if values else "-"


def leave_out(name: str) -> None:
    """Train the classifier without the file's own rows (they are in the shipped corpus)."""
    import io

    import rung.core.clustering.classifier as classifier
    from rung.core.resources import read_text

    sets = [
        r["set"] for r in csv.DictReader(io.StringIO(read_text("schemas", "feedback_corpus.csv")))
    ]
    kept = tuple(row for row, s in zip(classifier.corpus(), sets, strict=True) if s != name)
    classifier.corpus = lambda: kept  # type: ignore[assignment]
    classifier._base_examples.cache_clear()


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURES / "styles_train.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    leave_out(path.stem)
    kinds, before_mine, before_rest = run(rows, 0)
    _, after_mine, after_rest = run(rows, 10)
    print(f"{path.name}: {len(rows)} texts; corrected kinds: {', '.join(sorted(kinds))}")
    print(f"  next texts of the corrected kinds: {share(before_mine)} -> {share(after_mine)}")
    print(f"  next texts of the other kinds:     {share(before_rest)} -> {share(after_rest)}")
    timing()


def timing() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_cluster_speed import corpus  # noqa: PLC0415 - a sibling script

    store = Store(Path(tempfile.mkdtemp()) / "timing.db")
    ids = [log_feedback(store, text).feedback.id for text in corpus(2000)]
    gaps = [r["slug"] for r in store.query("SELECT slug FROM gaps WHERE origin = 'taxonomy'")]
    times = []
    for k in range(7):
        start = time.perf_counter()
        reassign(store, ids[k * 17], gaps[k % len(gaps)])
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"one correction and its re-filing at 2 000 texts: median "
        f"{statistics.median(times):.0f} ms, max {max(times):.0f} ms (budget 200 ms)"
    )


if __name__ == "__main__":
    main()
