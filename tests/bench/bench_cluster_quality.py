"""Benchmark: quality of rung's feedback clustering against hand labels, vs a baseline.

For each labeled file prints adjusted Rand index (unclustered texts count as singletons),
purity, coverage (share assigned to a gap) and external-vs-gap accuracy, for
- rung: the taxonomy scorer (patterns + character n-grams + rapidfuzz), no user input;
- baseline: rapidfuzz token_set_ratio similarity matrix + plain threshold clustering
  (connected components at >= 70), no taxonomy; its clusters carry no kind, so its external
  accuracy takes each cluster's majority kind (an upper bound for it).
Files: tests/fixtures/clustering/feedback_labeled.csv (the shared dev set), heldout.csv,
fresh.csv and unseen2-6.csv (written by us). Each unseen file was measured once when it was
written, then its misses taught the taxonomy new vocabulary; the first-seen figures are the
honest ones for feedback rung has never met (ARI / purity / coverage / external accuracy):
  unseen2  0.679 / 0.985 / 0.776 / 0.940
  unseen3  0.587 / 0.935 / 0.694 / 0.935   (after the unseen2 vocabulary)
  unseen4  0.430 / 0.935 / 0.629 / 0.903   (after the unseen3 vocabulary)
  unseen5  0.215 / 0.855 / 0.548 / 0.839   (after the unseen4 vocabulary)
  unseen6  0.613 / 0.935 / 0.790 / 0.952   (after the unseen5 vocabulary; plainer wording)
Once taught, every file scores ARI >= 0.95 and the other three >= 0.98 (tests/test_clustering.py
holds each file's accuracy >= 0.9). On new wording purity holds better than coverage: a
reason phrased in words no pattern knows scores under the threshold and stays unclustered
(or goes to an emergent gap).

Run: .venv/bin/python tests/bench/bench_cluster_quality.py
"""

from __future__ import annotations

import csv
from collections import Counter
from math import comb
from pathlib import Path

from rapidfuzz import fuzz, process

from rung.core.clustering.emergent import connected_components
from rung.core.clustering.scoring import Scorer
from rung.core.clustering.taxonomy import live_gaps
from rung.core.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "clustering"


def ari(pred: list[str], truth: list[str]) -> float:
    n = len(pred)
    joint = Counter(zip(pred, truth, strict=True))
    a, b = Counter(pred), Counter(truth)
    index = sum(comb(v, 2) for v in joint.values())
    sum_a = sum(comb(v, 2) for v in a.values())
    sum_b = sum(comb(v, 2) for v in b.values())
    expected = sum_a * sum_b / comb(n, 2)
    maximum = (sum_a + sum_b) / 2
    return (index - expected) / (maximum - expected) if maximum != expected else 1.0


def purity(pred: list[str], truth: list[str]) -> float:
    groups: dict[str, Counter[str]] = {}
    for p, t in zip(pred, truth, strict=True):
        groups.setdefault(p, Counter())[t] += 1
    return sum(c.most_common(1)[0][1] for c in groups.values()) / len(pred)


def baseline(texts: list[str], threshold: int = 70) -> list[str]:
    matrix = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, workers=-1)
    labels = [""] * len(texts)
    for group in connected_components(matrix, threshold):
        for i in group:
            labels[i] = f"c{group[0]}"
    return labels


def main() -> None:
    store = Store(":memory:")
    gaps = live_gaps(store)
    scorer = Scorer(gaps)
    kinds = {g.slug: g.kind for g in gaps}
    print(f"{'file':<24} {'method':<9} {'n':>4} {'ARI':>6} {'purity':>7} {'coverage':>9} "
          f"{'ext.acc':>8}")
    for name in ("feedback_labeled.csv", "heldout.csv", "fresh.csv", "unseen2.csv", "unseen3.csv",
                 "unseen4.csv", "unseen5.csv", "unseen6.csv"):
        with open(FIXTURES / name, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        texts = [r["text"] for r in rows]
        truth = [r["label"] for r in rows]
        true_kind = [r["kind"] for r in rows]
        results = scorer.score_texts(texts)
        slugs = [gaps[r.gap].slug if r.gap is not None else None for r in results]
        pred = [s or f"u{i}" for i, s in enumerate(slugs)]
        ext = sum(kinds.get(s or "", "gap") == k for s, k in zip(slugs, true_kind, strict=True))
        coverage = sum(s is not None for s in slugs) / len(rows)
        print(f"{name:<24} {'rung':<9} {len(rows):>4} {ari(pred, truth):6.3f} "
              f"{purity(pred, truth):7.3f} {coverage:9.3f} {ext / len(rows):8.3f}")
        base = baseline(texts)
        sizes = Counter(base)
        base_cov = sum(sizes[c] > 1 for c in base) / len(rows)
        majority: dict[str, str] = {}
        for c, k in zip(base, true_kind, strict=True):
            majority.setdefault(c, Counter())[k] += 1  # type: ignore[index]
        base_ext = sum(majority[c].most_common(1)[0][0] == k  # type: ignore[attr-defined]
                       for c, k in zip(base, true_kind, strict=True)) / len(rows)
        print(f"{'':<24} {'baseline':<9} {len(rows):>4} {ari(base, truth):6.3f} "
              f"{purity(base, truth):7.3f} {base_cov:9.3f} {base_ext:8.3f}")


if __name__ == "__main__":
    main()
