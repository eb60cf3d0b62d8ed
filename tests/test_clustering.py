"""Clustering feedback into gaps: quality floors, determinism, learning, corrections, plans."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from collections import Counter
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rung.core.clustering import gaps_report, gaps_summary, log_feedback, recluster
from rung.core.clustering.corrections import (
    clarify,
    create_gap,
    mark_external,
    merge_gaps,
    reassign,
    rename_gap,
    split_gap,
)
from rung.core.clustering.literals import required_literals
from rung.core.clustering.normalize import clauses, normalize
from rung.core.clustering.plans import add_action, complete_action, plan_progress
from rung.core.clustering.report import RankedGap
from rung.core.clustering.scoring import Scorer
from rung.core.clustering.taxonomy import GapRow, live_gaps, taxonomy
from rung.core.commands.feedback import add_feedback
from rung.core.resources import read_text
from rung.tui.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "clustering"


def load(name: str) -> list[dict[str, str]]:
    with open(FIXTURES / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def slug_of(store, feedback_id: int) -> str | None:
    return store.scalar(
        "SELECT g.slug FROM feedback f LEFT JOIN gaps g ON g.id = f.gap_id WHERE f.id = ?",
        [feedback_id],
    )


def test_taxonomy_shape():
    gaps = taxonomy()
    kinds = Counter(g.kind for g in gaps)
    assert 15 <= kinds["gap"] <= 25 and kinds["external"] >= 4
    for gap in gaps:
        assert gap.description and gap.label
        assert 5 <= len(gap.seeds) <= 15, gap.slug
        if gap.kind == "gap":
            assert 1 <= len(gap.actions) <= 3, gap.slug


def test_normalize_expands_and_strips_boilerplate():
    assert "people management experience" in normalize("need more ppl mgmt exp")
    email = (
        "Hi Sam,\n\nThanks again for your time last week. Everyone enjoyed the "
        "conversation. Unfortunately, we've decided to move forward with a candidate who "
        "has managed managers before.\n\nBest,\nMarta"
    )
    kept = clauses(email)
    assert len(kept) == 1 and "managed managers" in kept[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "lack of mgmt experiance with direct reprots",
            "lack of management experience with direct reports",
        ),
        ("stakholder managment", "stakeholder management"),
        (
            "releases slipped and they thought I was finding my feet",  # real words stay
            "releases slipped and they thought i was finding my feet",
        ),
        (
            "she manages up and reading the room is hard",
            "she manages up and reading the room is hard",
        ),
    ],
)
def test_typos_corrected_real_words_kept(text, expected):
    assert normalize(text) == expected


# Each file here was measured once, then its misses taught the taxonomy and the shipped corpus:
# holding it is a regression lock, not a measure (the first-seen figures, the honest ones, are in
# tests/bench/bench_cluster_quality.py). styles_train and measure7 first scored 0.87 / 0.89
# filed right.
REGRESSION_LOCK: tuple[tuple[str, float], ...] = (
    ("feedback_labeled.csv", 0.9),
    ("heldout.csv", 0.9),
    ("fresh.csv", 0.9),
    ("unseen2.csv", 0.9),
    ("unseen3.csv", 0.9),
    ("unseen4.csv", 0.9),
    ("unseen5.csv", 0.9),
    ("unseen6.csv", 0.9),
    ("styles_train.csv", 0.9),
    ("measure7.csv", 0.88),
)
NEVER_TUNED = "never_tuned.csv"  # a measure: never in the lock, the corpus or the taxonomy


@pytest.mark.parametrize(("name", "floor"), REGRESSION_LOCK)
def test_regression_lock_tuned_sets(store, name, floor):
    """These files were each measured once and then tuned on: a drop means a change broke
    what was taught, not that rung generalizes (never_tuned.csv, in the bench, says that)."""
    rows = load(name)
    gaps = live_gaps(store)
    results = Scorer(gaps).score_texts([r["text"] for r in rows])
    predicted = [
        ("no_reason" if r.no_reason else None) if r.gap is None else gaps[r.gap].slug
        for r in results
    ]
    letters = [p for p, r in zip(predicted, rows, strict=True) if r["label"] == "no_reason"]
    if letters:  # form letters kept out of the gaps
        assert sum(p == "no_reason" for p in letters) / len(letters) >= 0.95
    accuracy = sum(p == r["label"] for p, r in zip(predicted, rows, strict=True)) / len(rows)
    kinds = {g.slug: g.kind for g in gaps}
    external = sum(
        kinds.get(p, "gap" if p != "no_reason" else "none") == r["kind"]
        for p, r in zip(predicted, rows, strict=True)
    ) / len(rows)
    assert accuracy >= floor
    assert external >= 0.95


def _quality_bench():
    spec = importlib.util.spec_from_file_location(
        "bench_cluster_quality", Path(__file__).parent / "bench" / "bench_cluster_quality.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_never_tuned_is_a_measure_not_a_lock(capsys):
    """never_tuned.csv is labeled like the others, is not held by the regression lock, has
    taught neither the shipped corpus nor the taxonomy, and the quality bench prints its
    figures. Its accuracy is deliberately not asserted: it is a measure."""
    rows = load(NEVER_TUNED)
    kinds = {g.slug: g.kind for g in taxonomy()} | {"no_reason": "none"}
    assert len(rows) >= 60
    assert all(kinds.get(r["label"]) == r["kind"] for r in rows), "a label outside LABELS.md"
    assert NEVER_TUNED not in {name for name, _ in REGRESSION_LOCK}
    corpus = list(csv.DictReader(io.StringIO(read_text("schemas", "feedback_corpus.csv"))))
    assert NEVER_TUNED[:-4] not in {r["set"] for r in corpus}
    assert not {normalize(r["text"]) for r in rows} & {normalize(r["text"]) for r in corpus}
    seeds = {normalize(s) for g in taxonomy() for s in g.seeds}
    assert not {normalize(r["text"]) for r in rows} & seeds
    bench = _quality_bench()
    assert NEVER_TUNED in bench.FILES
    bench.main()
    printed = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert [NEVER_TUNED, "rung", str(len(rows))] in [line[:3] for line in printed]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bline[- ]?manag", {"line manag", "line-manag", "linemanag"}),
        (r"\b(direct|line) reports?\b", {"direct report", "line report"}),
        (
            r"(?<!budget )\b(management|managerial) (experience|skills)\b",
            {
                "management experience",
                "management skills",
                "managerial experience",
                "managerial skills",
            },
        ),
        (r"\bhir(e|ing|ed)\b", {"hire", "hiring"}),
        (r"\b(team|teams) of teams\b", {"team of teams", "teams of teams"}),
        (r"\b\w+ of \w+\b", {" of "}),
        (r"\b(a|an) \w+", None),  # too short to be worth a check
        (r"(?i)people", None),  # case-insensitive: not understood, always run
        (r".*", None),
    ],
)
def test_required_literals(pattern, expected):
    found = required_literals(re.compile(pattern))
    assert (set(found) if found is not None else None) == expected


def test_required_literals_never_skip_a_match():
    """Every clause of every fixture that a taxonomy pattern matches contains one of the
    pattern's literals, so the prefilter changes no score."""
    texts = [r["text"] for name in FIXTURES.glob("*.csv") for r in load(name.name)]
    clause_list = [c for t in texts for c in clauses(t)]
    matched = 0
    for gap in taxonomy():
        for pattern in gap.patterns:
            literals = required_literals(pattern)
            for clause in clause_list:
                if pattern.search(clause):
                    matched += 1
                    assert literals is None or any(s in clause for s in literals), (
                        pattern.pattern,
                        clause,
                    )
    assert matched > len(texts) / 2


_PATTERNS = [p for gap in taxonomy() for p in gap.patterns]
_FILTERS = [(p, required_literals(p)) for p in _PATTERNS]
# words the patterns are made of, cut at odd places too, so generated text hits them often
_PIECES = sorted(
    {w for p in _PATTERNS for w in re.findall(r"[a-z0-9&]+", p.pattern) if len(w) > 1}
    | {"s", "ed", "ing", "'", "-", ",", ".", ":"}
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12),
    st.lists(st.sampled_from(["", " ", " ", "-", "'", ", "]), min_size=12, max_size=12),
)
def test_required_literals_hold_on_generated_text(words, gaps_between):
    text = "".join(w + g for w, g in zip(words, gaps_between, strict=False))
    for pattern, literals in _FILTERS:
        if literals is not None and pattern.search(text):
            assert any(s in text for s in literals), (pattern.pattern, text)


def test_scores_do_not_depend_on_repeats_or_batch(store):
    """A text scores the same alone, in a batch, and repeated (clauses are scored once)."""
    texts = [r["text"] for r in load("heldout.csv")]
    scorer = Scorer(live_gaps(store))
    batch = scorer.score_texts(texts + texts[:5])
    for text, result in zip(texts[:5] + texts[:5], batch[:5] + batch[-5:], strict=True):
        alone = scorer.score_texts([text])[0]
        assert (alone.gap, alone.score) == (result.gap, result.score)
        assert np.array_equal(alone.scores, result.scores)
    assert scorer.score_texts([]) == []


def test_gaps_without_seeds_do_not_hide_the_last_seed_of_another():
    """Emergent gaps have no seeds; the gap before them still counts all of its seeds."""
    seeded = GapRow(
        id=1,
        slug="a",
        label="A",
        kind="gap",
        description=None,
        origin="user",
        seeds=["lacks alpha beta gamma delta", "lacks zeta eta theta iota"],
    )
    emergent = GapRow(id=2, slug="b", label="B", kind="gap", description=None, origin="emergent")
    text = ["lacks zeta eta theta iota kappa"]  # a reason: form letters are scored for none
    alone = Scorer([seeded]).score_texts(text)[0]
    with_emergent = Scorer([seeded, emergent]).score_texts(text)[0]
    assert with_emergent.scores[0] == pytest.approx(alone.scores[0])
    assert alone.scores[0] > 0.2


def test_recluster_is_deterministic_and_each_feedback_appears_once(demo_store):
    first = demo_store.query("SELECT id, gap_id FROM feedback ORDER BY id")
    recluster(demo_store)
    assert demo_store.query("SELECT id, gap_id FROM feedback ORDER BY id") == first
    report = gaps_report(demo_store)
    ids = [f.id for g in report.gaps for f in g.feedback]
    ids += [f.id for f in report.unclustered]
    ids += [f.id for f in report.no_reason]
    assert len(report.no_reason) == 3  # the demo's three form letters
    confirmed = demo_store.query("SELECT id FROM feedback WHERE status = 'confirmed' ORDER BY id")
    assert sorted(ids) == [r["id"] for r in confirmed]  # candidates wait outside the gaps
    assert len(confirmed) < len(first)
    weights = [g.weight for g in report.gaps]
    assert weights == sorted(weights, reverse=True)


def test_summary_has_the_report_figures_without_the_feedback(demo_store):
    merge_gaps(demo_store, "business_and_budget", "communication")
    log_feedback(demo_store, "they wanted a chess grandmaster")
    for level in (None, "director"):
        report = gaps_report(demo_store, level=level)
        summary = gaps_summary(demo_store, level=level)
        assert summary.gaps == [
            RankedGap(**{f.name: getattr(g, f.name) for f in fields(RankedGap)})
            for g in report.gaps
        ]
        assert summary.unclustered == len(report.unclustered)
        assert summary.months == report.months
    assert gaps_summary(demo_store).unclustered > 0


def test_demo_story_top_gaps(demo_store):
    report = gaps_report(demo_store)
    top = [g.slug for g in report.gaps[:4]]
    assert "managing_managers" in top and "strategy_and_vision" in top
    director = gaps_report(demo_store, level="director")
    assert "managing_managers" in [g.slug for g in director.gaps[:2]]
    assert all(f.level == "director" for g in director.gaps for f in g.feedback)


def test_new_feedback_lands_at_once(store):
    logged = log_feedback(store, "need more ppl mgmt exp, never had direct reports")
    assert logged.gap_slug == "people_management"
    assert log_feedback(store, "the req was cancelled, hiring freeze").gap_slug == "role_closed"


def test_corrections_stick_and_teach(store):
    # A reason the taxonomy has no words for: the user teaches it by example.
    texts = [
        "they want someone who has run an on-call rotation for a 24/7 service",
        "no experience running incident response and on-call",
        "the panel wanted on-call and incident management experience",
    ]
    slug = create_gap(store, "On-call and incidents")
    for text in texts:
        item = add_feedback(store, text)
        reassign(store, item.id, slug)
    recluster(store)
    assert all(slug_of(store, i) == slug for i in (1, 2, 3))  # never undone
    new = log_feedback(store, "lacks on-call experience for incident response")
    assert new.gap_slug == slug
    other = log_feedback(store, "we need someone who has managed managers")
    assert other.gap_slug == "managing_managers"


def test_more_experience_asks_and_moves_on_answer(store):
    logged = log_feedback(store, "We went with someone with more experience.")
    assert logged.gap_slug == "more_experience_generic"
    assert clarify(store, logged.feedback.id, "experience managing managers") == "managing_managers"
    recluster(store)
    assert slug_of(store, logged.feedback.id) == "managing_managers"


def test_merge_rename_external_split(store):
    a = log_feedback(store, "too much jargon in the answers").feedback.id
    b = log_feedback(store, "stories were long and rambling").feedback.id
    c = log_feedback(store, "no budget ownership").feedback.id
    merge_gaps(store, "business_and_budget", "communication")
    recluster(store)
    assert slug_of(store, c) == "communication"
    assert log_feedback(store, "no P&L ownership").gap_slug == "communication"
    rename_gap(store, "communication", "Talking like an exec")
    assert (
        store.scalar("SELECT label FROM gaps WHERE slug = 'communication'")
        == "Talking like an exec"
    )
    mark_external(store, "culture_fit")
    assert store.scalar("SELECT kind FROM gaps WHERE slug = 'culture_fit'") == "external"
    new = split_gap(store, [a], "Jargon")
    recluster(store)
    assert slug_of(store, a) == new and slug_of(store, b) == "communication"


def test_emergent_gap_for_unmatched_similar_feedback(store):
    for text in (
        "they wanted a chess grandmaster on the team",
        "they wanted a chess grandmaster",
        "wanted a chess grandmaster, apparently",
    ):
        add_feedback(store, text)
    counts = recluster(store)
    assert counts["emergent_gaps"] == 1
    report = gaps_report(store)
    emergent = [g for g in report.gaps if g.slug.startswith("emergent-")]
    assert len(emergent) == 1 and emergent[0].count == 3


def test_plan_actions_and_progress(store, monkeypatch):
    monkeypatch.setenv("RUNG_TODAY", "2026-06-01")
    for day in ("2026-03-01", "2026-04-01", "2026-05-01"):
        log_feedback(store, "lacks people management experience", received_on=day)
        log_feedback(store, "role put on hold", received_on=day)
    ident = add_action(store, "people_management", "Take the interim EM role", due_on="+30d")
    monkeypatch.setenv("RUNG_TODAY", "2026-09-01")
    for day in ("2026-07-01", "2026-08-01", "2026-08-15"):
        log_feedback(store, "not enough strategy", received_on=day)
    log_feedback(store, "no direct reports", received_on="2026-08-20")
    complete_action(store, ident, "Interim EM for 7 engineers since July")
    progress = plan_progress(store, "people_management")
    assert progress.started_on == "2026-06-01"
    assert progress.share_before == 0.5 and progress.share_since == 0.25
    assert progress.shrinking is True


def test_cli_gaps_json_and_feedback_import(db_path, tmp_path):
    runner = CliRunner()
    csv_file = tmp_path / "fb.csv"
    csv_file.write_text(
        "feedback,date,company,role\n"
        '"Too hands-on, wants to keep coding",2026-10-01,Acme,Engineering Manager\n'
        '"Role filled internally",2026-10-03,Beta,Director\n',
        encoding="utf-8",
    )
    result = runner.invoke(
        cli, ["--db", str(db_path), "feedback", "import", "--json", str(csv_file)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["created"] == 2
    data = json.loads(runner.invoke(cli, ["--db", str(db_path), "gaps", "--json"]).output)
    assert set(data) == {"gaps", "unclustered", "no_reason", "reasons"}
    assert {"slug", "label", "kind", "weight", "feedback"} <= set(data["gaps"][0])
    slugs = {g["slug"] for g in data["gaps"]}
    assert slugs == {"delegation_too_hands_on", "internal_candidate"}
    bad = tmp_path / "bad.csv"
    bad.write_text("text,date\nfine,2026-01-01\nalso fine,someday\n", encoding="utf-8")
    result = runner.invoke(cli, ["--db", str(db_path), "feedback", "import", "--strict", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:3:2:" in result.output and "nothing imported" in result.output
    assert json.loads(runner.invoke(cli, ["--db", str(db_path), "gaps", "--json"]).output) == data
    result = runner.invoke(cli, ["--db", str(db_path), "feedback", "import", str(bad)])
    assert result.exit_code == 0, result.output
    assert f"{bad}:3:2:" in result.output and "date left empty" in result.output
