"""Pilot tests of the Ladder (key 6): the sentence, the matrix and its stall cell, a cell's
applications, the target level and readiness, evidence from the Ladder, level sync."""

from __future__ import annotations

from tui_helpers import table_rows, type_text

from rung.core.clustering import log_feedback
from rung.core.commands.applications import add_application, move_stage
from rung.core.commands.interviews import add_interview
from rung.core.config import load_settings
from rung.core.store import Store
from rung.tui.app import RungApp
from rung.tui.screens.application_detail import ApplicationDetailScreen
from rung.tui.screens.gaps import GapsScreen
from rung.tui.screens.ladder import LadderScreen
from rung.tui.screens.ladder_detail import LadderCellScreen
from rung.tui.screens.review import ReviewScreen
from rung.tui.widgets.ladder_matrix import LadderMatrix

SIZE = (80, 24)
MANAGING_MANAGERS = "We went with someone with more experience managing managers."
ROLE_CLOSED = "The position was closed, the role is no longer open."


def _final_rounds(
    store: Store, app_id: int, month: int, *, offer: bool, feedback: str | None = None
) -> None:
    """Screen, hiring manager, exec (a final round), then the decision."""
    move_stage(store, app_id, "screening", at=f"2026-{month:02d}-05")
    add_interview(
        store,
        app_id,
        round=1,
        kind="recruiter_screen",
        scheduled_at=f"2026-{month:02d}-06 10:00",
        outcome="passed",
    )
    move_stage(store, app_id, "interviewing", at=f"2026-{month:02d}-08")
    add_interview(
        store,
        app_id,
        round=2,
        kind="hiring_manager",
        scheduled_at=f"2026-{month:02d}-10 10:00",
        outcome="passed",
    )
    final = add_interview(
        store,
        app_id,
        round=3,
        kind="exec",
        scheduled_at=f"2026-{month:02d}-15 10:00",
        outcome="passed" if offer else "failed",
    )
    move_stage(store, app_id, "offer" if offer else "rejected", at=f"2026-{month:02d}-20")
    if feedback:
        log_feedback(
            store,
            feedback,
            application_id=app_id,
            interview_id=final.id,
            received_on=f"2026-{month:02d}-20",
        )


def build_history(store: Store) -> dict[str, list[int]]:
    """A search that stalls at Director final rounds and converts at Senior Manager:

    - Director: 6 applied; 3 reach an exec final round and are rejected, each saying
      "managing managers" (one also "the role was closed"); 3 rejected without a reply;
    - Senior Manager: 4 applied; 3 reach a final round, 2 of them offers.
    """
    ids: dict[str, list[int]] = {
        "director_final": [],
        "director_applied": [],
        "sm_final": [],
        "sm_offer": [],
        "sm_applied": [],
    }
    for i in range(6):
        app = add_application(
            store,
            company=f"Dir Co {i}",
            title="Director of Engineering",
            level="director",
            applied_on=f"2026-0{i + 1}-01",
        )
        if i < 3:
            _final_rounds(store, app.id, i + 2, offer=False, feedback=MANAGING_MANAGERS)
            ids["director_final"].append(app.id)
            if i == 0:  # and the company's own reason, the day after
                log_feedback(store, ROLE_CLOSED, application_id=app.id, received_on="2026-02-21")
        else:
            move_stage(store, app.id, "rejected", at=f"2026-0{i + 1}-20")
            ids["director_applied"].append(app.id)
    for i in range(4):
        app = add_application(
            store,
            company=f"SM Co {i}",
            title="Senior Engineering Manager",
            level="senior_manager",
            applied_on=f"2026-0{i + 1}-02",
        )
        if i < 3:
            _final_rounds(store, app.id, i + 2, offer=i < 2)
            ids["sm_offer" if i < 2 else "sm_final"].append(app.id)
        else:
            ids["sm_applied"].append(app.id)
    return ids


async def open_ladder(app: RungApp, pilot) -> LadderScreen:  # noqa: ANN001
    """Press 6 and wait until the ladder is read and drawn."""
    await pilot.press("6")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, LadderScreen) and screen.ladder is not None
    return screen


def summary_text(screen: LadderScreen) -> str:
    return " ".join(str(screen.query_one("#ladder-summary").render()).split())


async def test_ladder_sentence_matrix_and_stall(store):
    build_history(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ladder(app, pilot)
        text = summary_text(screen)
        assert (
            "At Director you reach final rounds (3 of 6) and stop there: 3 of 4 "
            "final-round reasons are managing managers."
        ) in text
        assert "At Sr Manager you convert (2 offers of 3 finals)." in text
        matrix = screen.query_one(LadderMatrix)
        assert [r.level for r in matrix.rows] == ["senior_manager", "director"]
        assert matrix.stall == ("director", "final")
        drawn = str(matrix.render())
        assert "! where the search stalls: Director, final rounds" in drawn
        director = next(line for line in drawn.splitlines() if line.startswith("Director"))
        assert director.split() == [
            "Director",
            "6",
            "3",
            "50%",
            "3",
            "100%",
            "3",
            "100%",
            "!",
            "0",
            "0%",
        ]
        assert matrix.cell("senior_manager", "offer") == "2 67%"
        assert matrix.cell("director", "final") == "3 100% !"
        # the cursor starts on the stall; the level panel is that level's
        assert (matrix.level, matrix.stage) == ("director", "final")
        panel = str(screen.query_one("#ladder-level").render())
        assert panel.startswith("Director: gaps at later rounds")
        assert "Managing managers" in panel and "×3" in panel
        assert panel.rstrip().endswith("theirs: role closed ×1")


async def test_enter_lists_the_cell_then_opens_an_application(store):
    ids = build_history(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_ladder(app, pilot)
        await pilot.press("enter")  # on Director · Final
        await pilot.pause()
        assert isinstance(app.screen, LadderCellScreen)
        rows = table_rows(app, "#ladder-cell")
        assert sorted(r[0] for r in rows) == ["Dir Co 0", "Dir Co 1", "Dir Co 2"]
        assert {r[2] for r in rows} == {"rejected"}
        keys = sorted(r.key for r in app.screen.query_one("#ladder-cell").rows)
        assert keys == sorted(ids["director_final"])
        await pilot.press("escape", "h", "h", "h", "enter")  # Director · Applied
        await pilot.pause()
        assert isinstance(app.screen, LadderCellScreen)
        assert sorted(r.key for r in app.screen.query_one("#ladder-cell").rows) == sorted(
            ids["director_applied"]
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationDetailScreen)
        assert app.screen.record_key[1] in ids["director_applied"]


async def test_target_sets_readiness_and_is_saved(store, tmp_path):
    build_history(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ladder(app, pilot)
        assert screen.query_one("#ladder-readiness").has_class("hidden")
        await pilot.press("t")
        await type_text(pilot, "director")
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.settings.target_level == "director"
        assert load_settings()[0].target_level == "director"  # in the config file
        director = table_rows(app, "#ladder-readiness")
        assert ("✗", "Managing managers", "missing", "0", "") in director
        assert "target Director" in screen.query_one("#topbar").status
        await pilot.press("t")
        await type_text(pilot, "sr manager")
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.settings.target_level == "senior_manager"
        assert table_rows(app, "#ladder-readiness") != director


async def test_evidence_from_the_ladder_moves_missing_to_thin(store):
    build_history(store)
    app = RungApp(store)
    app.settings.target_level = "director"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ladder(app, pilot)
        table = screen.readiness_table
        await pilot.press("tab")
        assert table.has_focus
        key = next(r.key for r in table.rows if r.cells[1] == "Managing managers")
        table.move_to_key(key)
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "acting manager of 3 leads")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        row = store.query_one(
            "SELECT e.text, e.happened_on, g.slug FROM evidence e JOIN gaps g ON g.id = e.gap_id"
        )
        assert row == {
            "text": "acting manager of 3 leads",
            "happened_on": "2026-11-23",
            "slug": "managing_managers",
        }
        state = next(r.cells for r in table.rows if r.cells[1] == "Managing managers")
        assert state[:4] == ("~", "Managing managers", "thin", "1")


async def test_level_is_shared_with_gaps_and_review(store):
    build_history(store)
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ladder(app, pilot)
        matrix = screen.matrix
        await pilot.press("k")  # Director -> Sr Manager
        assert matrix.level == "senior_manager"
        assert app.level_filter == "senior_manager"
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, GapsScreen)
        assert app.screen.query_one("#topbar").status.startswith("Sr Manager")
        await pilot.press("v")  # the Gaps' next level: Director
        await pilot.pause()
        assert app.screen.query_one("#topbar").status.startswith("Director")
        await pilot.press("6")
        await pilot.pause()
        assert app.screen is screen and matrix.level == "director"
        assert str(screen.query_one("#ladder-level").render()).startswith("Director")
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.pause()
        assert app.screen.level == "director"


async def test_too_little_data_says_what_it_needs(store):
    add_application(store, company="Solo", title="Director of Engineering", level="director")
    app = RungApp(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ladder(app, pilot)
        text = summary_text(screen)
        assert text.startswith("Too little data yet: 1 application")
        assert "4 more applications at Director" in text
        assert screen.matrix.stall is None
        assert "stalls" not in str(screen.matrix.render())
