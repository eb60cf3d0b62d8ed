"""The Ladder (issue 17): the matrix, the later-round gaps per level, the sentence, readiness
for a target level, the target_level setting, the levels of gaps.toml and `rung ladder`."""

from __future__ import annotations

import json
from itertools import count

import pytest
from click.testing import CliRunner

from rung.core.clustering import gaps_report
from rung.core.clustering.corrections import merge_gaps, reassign
from rung.core.clustering.plans import add_action, complete_action
from rung.core.clustering.taxonomy import gap_levels, taxonomy
from rung.core.commands.applications import add_application, edit_application, move_stage
from rung.core.commands.feedback import add_feedback
from rung.core.commands.interviews import add_interview
from rung.core.config import load_settings, parse_settings, set_setting
from rung.core.errors import ValidationError
from rung.core.evidence import add_evidence
from rung.core.importing.profiles import load_profiles
from rung.core.ladder import build_ladder, ladder_json
from rung.core.levels import LEVELS
from rung.core.resources import list_files, read_toml
from rung.core.store import Store
from rung.tui.cli import cli

_n = count(1)


def application(store, level, stages, *, day="2026-06-01", interviews=()):
    """An application at ``level`` applied on ``day``, moved through ``stages`` (a day
    apart, from the 2nd), with ``interviews`` (round, kind) held on days 3, 4, …"""
    app = add_application(
        store, company=f"Co {next(_n)}", title="Role", level=level, applied_on=day, at=day
    )
    held = []
    for i, (number, kind) in enumerate(interviews):
        held.append(
            add_interview(
                store,
                app.id,
                round=number,
                kind=kind,
                scheduled_at=f"{day[:8]}{int(day[8:]) + 3 + i:02d}",
                outcome="passed",
            )
        )
    for i, stage in enumerate(stages):
        move_stage(store, app.id, stage, at=f"{day[:8]}{int(day[8:]) + 1 + 2 * i:02d}")
    return app, held


FINAL = [(1, "recruiter_screen"), (2, "hiring_manager"), (3, "exec")]
TO_FINAL = ["screening", "interviewing", "rejected"]
TO_OFFER = ["screening", "interviewing", "offer"]


def feedback(store, app_id, slug, *, interview=None, on="2026-07-01"):
    item = add_feedback(
        store,
        f"reason {next(_n)}",
        application_id=app_id,
        interview_id=interview.id if interview else None,
        received_on=on,
    )
    reassign(store, item.id, slug, carry=False)
    return item


def row(ladder, level):
    return next(r for r in ladder.levels if r.level == level)


def counts(r):
    return (r.applied, r.screening, r.interviewing, r.final, r.offer)


@pytest.fixture
def stall_and_convert(store):
    """Director: 9 applied, 3 finals, no offer, 4 of 5 final-round reasons managing
    managers. Senior manager: 5 applied, 4 finals, 2 offers (one accepted)."""
    finals = [application(store, "director", TO_FINAL, interviews=FINAL) for _ in range(3)]
    for _ in range(2):
        application(
            store,
            "director",
            ["screening", "interviewing", "rejected"],
            interviews=[(1, "hiring_manager")],
        )
    for _ in range(2):
        application(store, "director", ["screening", "rejected"])
    ghosts = [application(store, "director", ["ghosted"])[0].id for _ in range(2)]
    for (app, held), slug in zip(
        finals, ["managing_managers", "managing_managers", "strategy_and_vision"], strict=True
    ):
        feedback(store, app.id, slug, interview=held[-1])
    feedback(store, finals[0][0].id, "managing_managers")  # after interviewing, no interview
    feedback(store, finals[1][0].id, "managing_managers")
    form = add_feedback(
        store,
        "We have decided to move forward with other candidates.",
        application_id=finals[2][0].id,
        received_on="2026-07-02",
    )
    store.execute("UPDATE feedback SET no_reason = 1 WHERE id = ?", [form.id])
    offers = [application(store, "senior_manager", TO_OFFER, interviews=FINAL)[0] for _ in range(2)]
    move_stage(store, offers[0].id, "accepted", at="2026-06-20")
    for _ in range(2):
        application(store, "senior_manager", TO_FINAL, interviews=FINAL)
    application(store, "senior_manager", [])
    return {"finals": [a.id for a, _ in finals], "ghosts": ghosts, "offers": [a.id for a in offers]}


def test_stall_at_one_level_convert_at_another(store, stall_and_convert):
    ladder = build_ladder(store)
    director, senior = row(ladder, "director"), row(ladder, "senior_manager")
    assert counts(director) == (9, 7, 5, 3, 0)
    assert counts(senior) == (5, 4, 4, 4, 2)
    assert sorted(director.application_ids["final"]) == sorted(stall_and_convert["finals"])
    assert sorted(director.application_ids["applied"]) == sorted(stall_and_convert["ghosts"])
    assert director.application_ids["offer"] == []
    assert sorted(senior.application_ids["offer"]) == sorted(stall_and_convert["offers"])
    assert [(g.slug, g.count) for g in director.gaps] == [
        ("managing_managers", 4),
        ("strategy_and_vision", 1),
    ]
    assert director.reasons == 5  # the form letter gives no reason: in no gap
    assert ladder.summary == (
        "At Director you reach final rounds (3 of 9) and stop there: 4 of 5 final-round "
        "reasons are managing managers. At Sr Manager you convert (2 offers of 4 finals)."
    )
    assert ladder.needs is None
    assert [r.level for r in ladder.levels] == list(LEVELS[1:])  # no ic applications


def test_sentence_follows_the_numbers(store, stall_and_convert):
    """Two offers at Director: 2 of 5 finals neither stalls nor converts, so the row is
    told as it is; a third makes it convert, and it is told after no stall."""
    for _ in range(2):
        application(store, "director", TO_OFFER, interviews=FINAL)
    ladder = build_ladder(store)
    assert counts(row(ladder, "director")) == (11, 9, 7, 5, 2)
    assert ladder.summary == (
        "At Sr Manager you convert (2 offers of 4 finals). At Director 7 of 11 applications "
        "reach interviews, 5 a final round, 2 offers."
    )
    application(store, "director", TO_OFFER, interviews=FINAL)
    assert build_ladder(store).summary.startswith(
        "At Director you convert (3 offers of 6 finals). At Sr Manager you convert"
    )


def test_gap_weights_are_the_gap_reports(store, stall_and_convert):
    """Every piece of Director feedback is later-round here: the weights equal rung gaps'."""
    ladder = build_ladder(store)
    report = {g.slug: g for g in gaps_report(store, level="director").gaps}
    for gap in row(ladder, "director").gaps:
        assert gap.weight == report[gap.slug].weight
        assert gap.count == report[gap.slug].count


def test_early_feedback_is_not_a_later_round_reason(store):
    app, held = application(
        store, "manager", ["screening", "rejected"], interviews=[(1, "recruiter_screen")]
    )
    feedback(store, app.id, "technical_depth", interview=held[0])
    later, held2 = application(store, "manager", TO_FINAL, interviews=FINAL)
    feedback(store, later.id, "people_management", interview=held2[1])  # round 2
    manager = row(build_ladder(store), "manager")
    assert [g.slug for g in manager.gaps] == ["people_management"]


def test_interviewing_then_rejected_counts_in_interviewing(store):
    app, _ = application(store, "lead", ["interviewing", "rejected"])
    lead = row(build_ladder(store), "lead")
    assert counts(lead) == (1, 1, 1, 0, 0)
    assert lead.application_ids["interviewing"] == [app.id]


def test_interviews_logged_without_a_stage_move_count(store):
    application(store, "lead", [], interviews=[(1, "recruiter_screen")])
    application(store, "lead", [], interviews=[(1, "technical"), (2, "panel")])
    assert counts(row(build_ladder(store), "lead")) == (2, 2, 1, 1, 0)


def test_a_reopened_application_is_judged_open(store):
    """Rejected after a screen, then back to interviewing for a panel: its final round is
    the panel (the decision it was reopened after does not cut the interviews off)."""
    app, _ = application(
        store, "manager", ["screening", "rejected"], interviews=[(1, "recruiter_screen")]
    )
    assert counts(row(build_ladder(store), "manager")) == (1, 1, 0, 0, 0)
    move_stage(store, app.id, "interviewing", at="2026-06-20")
    add_interview(store, app.id, round=2, kind="panel", scheduled_at="2026-06-22")
    assert counts(row(build_ladder(store), "manager")) == (1, 1, 1, 1, 0)


def test_level_changed_mid_search_counts_at_its_current_level(store):
    app, held = application(store, "manager", TO_FINAL, interviews=FINAL)
    feedback(store, app.id, "managing_managers", interview=held[-1])
    before = build_ladder(store)
    assert counts(row(before, "manager")) == (1, 1, 1, 1, 0)
    edit_application(store, app.id, {"level": "director"})
    after = build_ladder(store)
    assert counts(row(after, "manager")) == (0, 0, 0, 0, 0)
    assert counts(row(after, "director")) == (1, 1, 1, 1, 0)
    assert [g.slug for g in row(after, "director").gaps] == ["managing_managers"]
    assert row(after, "manager").gaps == []


def test_only_external_reasons(store):
    apps = [application(store, "vp", TO_FINAL, interviews=FINAL) for _ in range(5)]
    for (app, held), slug in zip(
        apps, ["role_closed", "role_closed", "internal_candidate"], strict=False
    ):
        feedback(store, app.id, slug, interview=held[-1])
    ladder = build_ladder(store)
    vp = row(ladder, "vp")
    assert vp.gaps == []
    assert vp.external == [("role_closed", 2), ("internal_candidate", 1)]
    assert ladder.summary == (
        "At VP you reach final rounds (5 of 5) and stop there: 3 of 3 "
        "final-round reasons are the companies' own (role closed, "
        "internal candidate)."
    )
    assert ladder_json(ladder)["levels"][4]["external"] == [
        {"slug": "role_closed", "count": 2},
        {"slug": "internal_candidate", "count": 1},
    ]


def test_too_little_data_says_how_much_more(store):
    application(store, "director", TO_FINAL, interviews=FINAL)
    application(store, "director", ["screening"])
    application(store, "manager", [])
    ladder = build_ladder(store)
    assert ladder.needs == (
        "3 more applications at Director and one piece of final-round "
        "feedback would show where it stalls."
    )
    assert ladder.summary == (
        "Too little data yet: 3 applications (2 at Director, 1 at Manager). " + ladder.needs
    )


def test_no_data_at_all(store):
    ladder = build_ladder(store)
    assert ladder.summary.startswith("No applications yet. 5 applications at one level")
    assert build_ladder(store, target="vp").needs.startswith("5 more applications at VP")


def test_a_stall_without_feedback_asks_for_it(store):
    for _ in range(4):
        application(store, "director", TO_FINAL, interviews=FINAL)
    ladder = build_ladder(store)
    assert ladder.summary == (
        "At Director you reach final rounds (4 of 4) and stop there; "
        "no final-round feedback says why yet."
    )
    assert ladder.needs == (
        "One piece of final-round feedback at Director would show why it stalls."
    )


def test_screening_wall(store):
    application(store, "vp", ["screening"])
    for _ in range(6):
        application(store, "vp", ["ghosted"])
    assert build_ladder(store).summary.startswith(
        "At VP few applications get a reply (1 of 7 reach screening)."
    )


def test_since_keeps_later_applications(store):
    application(store, "director", TO_FINAL, day="2025-01-05", interviews=FINAL)
    new, _ = application(store, "director", ["screening"], day="2026-06-01")
    ladder = build_ladder(store, since="2026-01-01")
    assert counts(row(ladder, "director")) == (1, 1, 0, 0, 0)
    assert row(ladder, "director").application_ids["screening"] == [new.id]
    assert counts(row(build_ladder(store), "director")) == (2, 2, 1, 1, 0)
    with pytest.raises(ValidationError):
        build_ladder(store, since="not a day")
    with pytest.raises(ValidationError):
        build_ladder(store, target="boss")


def test_ic_row_only_with_ic_applications(store):
    assert "ic" not in [r.level for r in build_ladder(store).levels]
    application(store, "ic", [])
    assert build_ladder(store).levels[0].level == "ic"


# -- readiness ---------------------------------------------------------------------------


def readiness(store, target="director"):
    return {r.slug: r for r in build_ladder(store, target=target).readiness}


def test_readiness_gaps_are_cited_ones_and_the_taxonomy_levels(store, stall_and_convert):
    ready = readiness(store)
    slugs = list(ready)
    assert slugs[:2] == ["managing_managers", "strategy_and_vision"]  # cited, heaviest first
    tied = [g.slug for g in taxonomy() if "director" in g.levels]
    assert set(tied) <= set(slugs)
    assert "people_management" not in slugs  # lead/manager gap, not cited at director
    assert ready["managing_managers"].cited == 4
    assert all(r.state == "missing" for r in ready.values())
    assert "more_experience_generic" not in slugs and "role_closed" not in slugs


def test_readiness_states(store):
    add_evidence(store, "managing_managers", "led three team leads", on="2026-01-10")
    add_evidence(store, "managing_managers", "ran a 25-person org", on="2025-06-01")
    add_evidence(
        store, "strategy_and_vision", "wrote the 3-year platform strategy", on="2026-02-01"
    )
    add_evidence(
        store,
        "hiring_and_team_building",
        "hired 4",
        on="2026-03-01",
        situation="a team of 2, a roadmap for 8",
        action="ran the loop",
        result="4 hires in a quarter",
    )
    add_evidence(store, "scale_experience", "ran a 200-person org", on="2023-01-01")
    add_evidence(store, "scale_experience", "ran a 300-person org", on="2022-01-01")
    ident = add_action(store, "business_and_budget", "own a budget")
    complete_action(store, ident, "owned the 2M cloud budget")
    ready = readiness(store)
    assert ready["managing_managers"].state == "covered"
    assert ready["strategy_and_vision"].state == "thin"
    assert ready["hiring_and_team_building"].state == "covered"  # one whole story
    assert ready["scale_experience"].state == "thin"  # both older than two years
    assert ready["business_and_budget"].state == "covered"  # a plan action done with evidence
    assert ready["business_and_budget"].actions[0].evidence == "owned the 2M cloud budget"
    assert ready["change_and_transformation"].state == "missing"
    assert [e.text for e in ready["managing_managers"].evidence] == [
        "led three team leads",
        "ran a 25-person org",
    ]


def test_done_action_without_evidence_does_not_count(store):
    ident = add_action(store, "business_and_budget", "own a budget")
    complete_action(store, ident, None)
    assert readiness(store)["business_and_budget"].state == "missing"


def test_evidence_follows_a_merge(store):
    add_evidence(store, "scale_experience", "ran a 200-person org", on="2026-01-01")
    add_evidence(store, "managing_managers", "led three team leads", on="2026-01-10")
    merge_gaps(store, "scale_experience", "managing_managers")
    ready = readiness(store)
    assert "scale_experience" not in ready
    assert ready["managing_managers"].state == "covered"
    assert len(ready["managing_managers"].evidence) == 2


def test_ladder_json_shape(store, stall_and_convert):
    add_evidence(store, "managing_managers", "led three team leads", on="2026-01-10")
    data = ladder_json(build_ladder(store, target="director"))
    assert {"levels", "summary", "target", "readiness"} <= set(data)
    assert data["target"] == "director"
    level = data["levels"][0]
    assert {
        "level",
        "applied",
        "screening",
        "interviewing",
        "final",
        "offer",
        "gaps",
        "external",
    } <= set(level)
    director = next(lv for lv in data["levels"] if lv["level"] == "director")
    assert set(director["gaps"][0]) >= {"slug", "label", "weight", "count"}
    entry = data["readiness"][0]
    assert entry["slug"] == "managing_managers" and entry["state"] == "thin"
    assert entry["evidence"] == [{"id": 1, "text": "led three team leads", "on": "2026-01-10"}]
    json.dumps(data)
    assert ladder_json(build_ladder(store))["target"] is None
    assert ladder_json(build_ladder(store))["readiness"] == []


# -- data: levels of gaps.toml, every TOML loads -------------------------------------------


def test_every_gap_has_valid_levels():
    gaps = taxonomy()
    assert gaps
    for gap in gaps:
        assert set(gap.levels) <= set(LEVELS), gap.slug
        if gap.kind == "external":
            assert gap.levels == (), gap.slug
    mine = [
        g
        for g in gaps
        if g.kind == "gap" and g.slug not in ("culture_fit", "more_experience_generic")
    ]
    assert all(g.levels for g in mine)
    covered = {lv for g in gaps for lv in g.levels}
    assert set(LEVELS[1:]) <= covered  # every rung from lead up has gaps that block it


def test_an_unknown_level_in_gaps_toml_is_a_clear_error():
    with pytest.raises(ValueError, match="gap 'x': unknown level 'boss'"):
        gap_levels({"slug": "x", "levels": ["lead", "boss"]})
    with pytest.raises(ValueError, match="must be a list"):
        gap_levels({"slug": "x", "levels": "lead"})
    assert gap_levels({"slug": "x"}) == ()


def test_every_import_profile_and_schema_toml_loads():
    """Every TOML of schemas/ and schemas/import_profiles/ parses; every profile file (one
    with a name) is a loaded profile."""
    named = []
    for file_name in list_files("schemas.import_profiles", ".toml"):
        raw = read_toml("schemas.import_profiles", file_name)
        if "name" in raw:
            named.append(raw["name"])
    assert len(named) >= 8
    assert sorted(load_profiles()) == sorted(named)
    for file_name in list_files("schemas", ".toml"):
        assert read_toml("schemas", file_name)


# -- target_level setting --------------------------------------------------------------------


def test_target_level_setting():
    settings, problems = parse_settings('theme = "nord"\ntarget_level = "Sr Manager"\n')
    assert settings.target_level == "senior_manager" and problems == []
    settings, problems = parse_settings('stale_days = 7\ntarget_level = "boss"\n')
    assert settings.target_level is None
    assert [(p.line, p.key) for p in problems] == [(2, "target_level")]
    assert "one of: ic, lead" in problems[0].message


def test_set_setting_keeps_the_rest(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n\n[cadence]\nmentor = 60\n', encoding="utf-8")
    assert set_setting("target_level", "vp", path)[0] == "vp"
    assert set_setting("stale_days", "10", path)[0] == 10
    settings, problems = load_settings(path)
    assert (settings.theme, settings.target_level, settings.stale_days) == ("nord", "vp", 10)
    assert settings.cadence == {"mentor": 60} and problems == []
    for key, value in (
        ("target_level", "boss"),
        ("stale_days", "0"),
        ("cadence", "3"),
        ("targt_level", "vp"),
    ):
        with pytest.raises(ValueError):
            set_setting(key, value, path)


# -- CLI -------------------------------------------------------------------------------------


def run(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)


def test_cli_ladder_json_text_and_target(db_path, stall_and_convert):
    result = run(db_path, "ladder", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["target"] is None
    assert data["summary"].startswith("At Director you reach final rounds (3 of 9)")
    assert run(db_path, "config", "set", "target_level", "director").exit_code == 0
    data = json.loads(run(db_path, "ladder", "--json").output)
    assert data["target"] == "director" and data["readiness"]
    data = json.loads(run(db_path, "ladder", "--json", "--target", "vp").output)
    assert data["target"] == "vp"
    text = run(db_path, "ladder").output
    assert "Director" in text and "Ready for Director?" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    since = json.loads(run(db_path, "ladder", "--json", "--since", "2027-01-01").output)
    assert all(lv["applied"] == 0 for lv in since["levels"])


def test_cli_errors_are_one_line(db_path, store):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "ladder", "--target", "boss"])
    assert result.exit_code == 1
    assert result.output.strip().startswith("rung: error: target: unknown level 'boss'")
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "config", "set", "target_level", "boss"]
    )
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1


def test_cli_help_documents_the_rules():
    text = CliRunner().invoke(cli, ["ladder", "--help"]).output
    for words in ("AT LEAST", "final round", "later rounds", "covered", "thin", "missing"):
        assert words in text


def test_ladder_opens_without_a_write(db_path):
    """A read is a read: build_ladder on a fresh database writes no gap row."""
    store = Store(db_path)
    build_ladder(store, target="director")
    assert store.count("gaps") == 0
    store.close()
