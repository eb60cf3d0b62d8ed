"""Numbers that agree (issue 14.10) and the small pictures of Gaps and Review.

(a) the Review's gap trend shows the change (``3 ▲2``), never the earlier count;
(b) a gap's share has one denominator (the feedback that gives a reason) in the Gaps
    headline, the gap detail, the plan's progress and ``rung gaps --json``;
(c) ``R``'s toast sums to what the table shows;
(d) a past week's review counts "overdue" from that week's Sunday, not from today.
"""

from __future__ import annotations

import json
import re

from click.testing import CliRunner
from tui_helpers import table_rows, type_text

from rung.core.clustering import gaps_report, gaps_summary, log_feedback
from rung.core.clustering.plans import add_action, plan_progress
from rung.core.clustering.report import share, share_text, totals
from rung.core.commands.applications import add_application
from rung.core.commands.followups import add_followup
from rung.core.review import build_review, render_markdown, trend_mark
from rung.tui.app import RungApp
from rung.tui.cli import cli
from rung.tui.screens.gap_detail import GapDetailScreen
from rung.tui.screens.gaps import GapsScreen
from rung.tui.screens.review import ReviewScreen
from rung.tui.widgets.spark import sparkline

SIZE = (80, 24)
FORM_LETTER = (
    "Thank you for applying. We have decided to move forward with other candidates at this time."
)


def render(app, selector):
    return str(app.screen.query_one(selector).render())


# -- (a) the change, not the previous count ------------------------------------------------


def three_now_one_before(store):
    for day in ("2026-11-20", "2026-11-12", "2026-11-05"):  # the 4 weeks to 2026-11-29
        log_feedback(store, "no experience managing managers", received_on=day)
    log_feedback(
        store, "we need someone who has led other managers", received_on="2026-10-20"
    )  # the 4 weeks before


def test_trend_mark_is_the_change():
    assert [trend_mark(n) for n in (2, -1, 0)] == ["▲2", "▼1", "="]


async def test_review_gap_trend_shows_the_change(store):
    three_now_one_before(store)
    review = build_review(store, "2026-W48")
    gap = next(g for g in review.gaps if g.slug == "managing_managers")
    assert (gap.last4, gap.prev4, gap.change) == (3, 1, 2)
    assert "Managing managers: 3 ▲2 (was 1, growing)" in render_markdown(review)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        text = render(app, "#review-gaps")
        assert re.search(r"Managing managers +\S+ +3 ▲2", text), text
        assert "▲1" not in text


# -- (b) one share -------------------------------------------------------------------------


def test_share_is_of_the_feedback_that_gives_a_reason(demo_store):
    for level in (None, "director"):
        for report in (gaps_report(demo_store, level=level), gaps_summary(demo_store, level=level)):
            counts = totals(report)
            assert counts.no_reason > 0 or level
            assert counts.reasons == counts.pieces - counts.no_reason
            for gap in report.gaps:
                assert gap.share == share(gap.count, counts.reasons)
    assert share_text(12, 40) == "12 of the 40 reasons given (30%)"
    assert share_text(1, 1) == "1 of the 1 reason given (100%)"


def test_plan_progress_uses_the_same_denominator(store, monkeypatch):
    monkeypatch.setenv("RUNG_TODAY", "2026-10-01")
    log_feedback(store, "no experience managing managers", received_on="2026-09-01")
    log_feedback(store, "lacks people management experience", received_on="2026-09-02")
    log_feedback(store, FORM_LETTER, received_on="2026-09-03")  # no reason: not counted
    add_action(store, "managing_managers", "lead a group of leads")
    monkeypatch.setenv("RUNG_TODAY", "2026-11-23")
    log_feedback(store, "no experience managing managers", received_on="2026-11-01")
    for day in ("2026-11-02", "2026-11-03", "2026-11-04"):
        log_feedback(store, "lacks people management experience", received_on=day)
    log_feedback(store, FORM_LETTER, received_on="2026-11-05")
    progress = plan_progress(store, "managing_managers")
    assert (progress.share_before, progress.share_since) == (0.5, 0.25)
    assert progress.shrinking is True


async def test_gaps_headline_detail_and_json_say_one_share(demo_store, db_path):
    report = gaps_summary(demo_store)
    counts = totals(report)
    top = report.gaps[0]
    words = share_text(top.count, counts.reasons)
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert f"{top.label} — {words}" in render(app, "#gaps-headline")
        assert (
            sum(int(r[2]) for r in table_rows(app) if not r[0].startswith("No reason"))
            == counts.reasons
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GapDetailScreen)
        fields = render(app, "#gap-fields")
        assert f"{top.label} — {words}" in fields
        assert "→" not in fields
    data = json.loads(CliRunner().invoke(cli, ["--db", str(db_path), "gaps", "--json"]).output)
    assert data["reasons"] == counts.reasons
    first = next(g for g in data["gaps"] if g["slug"] == top.slug)
    assert first["share"] == top.share == share(top.count, data["reasons"])
    text = CliRunner().invoke(cli, ["--db", str(db_path), "gaps"]).output
    assert f"top gap: {top.label} ({words})" in text


# -- (c) R says what the table sums ----------------------------------------------------------


def toast_counts(message):
    found = re.search(
        r"(\d+) in gaps, (\d+) unclustered, (\d+) with no reason "
        r"\((\d+) pieces in all\)",
        message,
    )
    assert found, message
    return tuple(int(n) for n in found.groups())


async def test_recluster_toast_is_the_tables_sum(demo_store):
    app = RungApp(demo_store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("R")
        await app.workers.wait_for_complete()  # the recluster runs in a worker
        await pilot.pause()
        in_gaps, unclustered, no_reason, pieces = toast_counts(list(app._notifications)[-1].message)
        rows = table_rows(app)
        assert pieces == sum(int(r[2]) for r in rows)
        assert in_gaps == sum(int(r[2]) for r in rows if r[1] in ("you", "them"))
        assert no_reason == sum(int(r[2]) for r in rows if r[0].startswith("No reason"))
        assert unclustered == sum(int(r[2]) for r in rows if r[0] == "Unclustered")
        assert app.screen.query_one("#topbar").status.startswith(f"all levels · {pieces} pieces · ")
        await pilot.press("v", "v", "v", "v")  # director: the toast sums that table
        await pilot.pause()
        await pilot.press("R")
        await app.workers.wait_for_complete()  # the recluster runs in a worker
        await pilot.pause()
        message = list(app._notifications)[-1].message
        assert "at Director level" in message
        assert toast_counts(message)[3] == sum(int(r[2]) for r in table_rows(app))


# -- (d) overdue as of the reviewed week -------------------------------------------------------


def followups_of_week_46(store):
    late = add_followup(store, what="chase Acme", due_on="2026-11-10")  # open to this day
    done_later = add_followup(store, what="send the deck", due_on="2026-11-12")
    store.execute(
        "UPDATE followups SET done_at = '2026-11-20T09:00:00' WHERE id = ?", [done_later.id]
    )  # done in W47: still open when W46 ended
    done_then = add_followup(store, what="thank-you note", due_on="2026-11-14")
    store.execute(
        "UPDATE followups SET done_at = '2026-11-13T09:00:00' WHERE id = ?", [done_then.id]
    )
    sunday_due = add_followup(store, what="call Bea", due_on="2026-11-15")
    return late.id, done_later.id, done_then.id, sunday_due.id


def test_past_week_counts_overdue_from_its_sunday(store):
    late, done_later, done_then, sunday_due = followups_of_week_46(store)
    week = build_review(store, "2026-W46")  # 9–15 November; today is 23 November
    assert week.as_of == "2026-11-15"
    overdue = {f.id: f.overdue_days for f in week.followups.overdue}
    assert overdue == {late: 5, done_later: 3}
    assert [f.id for f in week.followups.due] == [sunday_due]
    assert [f.id for f in week.followups.done] == [done_then]
    now = build_review(store, "2026-W48")
    assert now.as_of == "2026-11-23"
    assert {f.id: f.overdue_days for f in now.followups.overdue} == {
        late: 13,
        sunday_due: 8,
    }
    assert "overdue 5 days on 2026-11-15 (due 2026-11-10): chase Acme" in render_markdown(week)


def test_cli_past_week_overdue(store, db_path):
    followups_of_week_46(store)
    out = (
        CliRunner()
        .invoke(cli, ["--db", str(db_path), "review", "--week", "2026-W46", "--format", "json"])
        .output
    )
    data = json.loads(out)
    assert [f["overdue_days"] for f in data["followups"]["overdue"]] == [5, 3]


async def test_review_screen_previous_week_labels_from_its_sunday(store):
    followups_of_week_46(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        labels = {r[0].strip(): r[1] for r in table_rows(app, "#review-items")}
        assert labels["chase Acme"] == "overdue 13d"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert app.screen.week == "2026-W46"
        labels = {r[0].strip(): r[1] for r in table_rows(app, "#review-items")}
        assert labels["chase Acme"] == "overdue 5d"
        assert labels["send the deck"] == "overdue 3d"
        assert labels["call Bea"] == "that day"


# -- pictures and wording ----------------------------------------------------------------


async def test_review_shows_applications_per_week(store):
    for day, n in (("2026-09-07", 1), ("2026-11-04", 3), ("2026-11-24", 2)):
        for i in range(n):
            add_application(
                store, company=f"Co {day} {i}", title="Engineering Manager", applied_on=day, at=day
            )
    add_application(store, company="Saved Co", title="EM", stage="saved", at="2026-11-24")
    review = build_review(store, "2026-W48")
    assert review.applied_weeks == [1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 2]
    assert review.applied_weeks_by_level["manager"] == review.applied_weeks
    assert "1 0 0 0 0 0 0 0 3 0 0 2 (6 in all, 2 this week)" in render_markdown(review)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        funnel = render(app, "#review-funnel")
        line = next(x for x in funnel.splitlines() if x.startswith("sent/week"))
        assert sparkline(review.applied_weeks) in line
        assert line.rstrip().endswith("2  W48")
    async with RungApp(store).run_test(size=(160, 45)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert sparkline(review.applied_weeks) in render(pilot.app, "#review-funnel")


async def test_gap_detail_trend_is_a_sparkline_with_this_months_share(store):
    three_now_one_before(store)
    log_feedback(store, "lacks people management experience", received_on="2026-11-02")
    report = gaps_report(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        fields = render(app, "#gap-fields")
        assert fields.startswith("Managing managers — 4 of the 5 reasons given (80%)")
        gap = report.gaps[0]
        assert gap.slug == "managing_managers"
        shares = [share(n, t) for n, t in zip(gap.trend, report.reasons_trend, strict=True)]
        assert f"Share by month {sparkline(shares)} Nov: 3 of the 4 reasons given (75%)" in fields


async def test_one_piece_of_feedback_is_singular(store):
    log_feedback(store, FORM_LETTER)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, GapsScreen)
        assert app.screen.query_one("#topbar").status.startswith("all levels · 1 piece ·")
        assert "1 rejection gave no reason" in render(app, "#gaps-headline")
        await pilot.press("enter")
        await pilot.pause()
        assert "No reason given — 1 piece of feedback," in render(app, "#gap-fields")
        await pilot.press("c")
        await type_text(pilot, "budget")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (
            store.scalar("SELECT g.slug FROM feedback f JOIN gaps g ON g.id = f.gap_id")
            == "business_and_budget"
        )
