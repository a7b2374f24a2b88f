"""The engine over whole plans: floors from higher levels, references, projects, previous years, info rows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from support.paths import WORLD

from checker.domain.errors import InputError
from checker.domain.results import DistrictResult, IndicatorResult, Reason, Status
from checker.engine.engine import Engine
from checker.inputs.data_store import DataStore
from checker.inputs.loading import PlanRegistry


@pytest.fixture(scope="module")
def registry() -> PlanRegistry:
    return PlanRegistry.load(WORLD / "plans", WORLD / "rules")


def evaluate(registry: PlanRegistry, year: int = 2024, data: Path = WORLD / "data") -> DistrictResult:
    store = DataStore(registry, data)
    plan = registry.resolve("town")
    return Engine(registry, store).evaluate_plan(plan, year, store.get(plan, year))


def row(result: DistrictResult, indicator_id: str) -> IndicatorResult:
    return next(i for i in result.indicators if i.indicator.id == indicator_id)


def reasons(result: DistrictResult, indicator_id: str) -> list[tuple[str, Reason, Status]]:
    return [(t.plan_id, t.reason, t.status) for t in row(result, indicator_id).targets]


def test_rule_sets_load_beside_plans_and_chain_as_ancestors(registry: PlanRegistry) -> None:
    assert [p.id for p in registry.plans] == ["national", "city", "town"]
    assert [p.id for p in registry.ancestors(registry.resolve("town"))] == ["city", "national"]


def test_a_national_floor_is_applied_and_breached(registry: PlanRegistry) -> None:
    result = evaluate(registry)
    assert reasons(result, "life_expectancy") == [
        ("town", Reason.BEHIND_SCHEDULE, Status.WARN),  # own: 79.0 -> 79.5, 2024 milestone 79.4
        ("national", Reason.FLOOR_BREACHED, Status.FAIL),  # national: 77.9 -> 78.9, 2024 milestone 78.7
    ]
    floor = row(result, "life_expectancy").targets[1]
    assert floor.floor and floor.level == "national" and floor.target is not None
    assert floor.target.source.verified is False and "全国 floor" in floor.message


def test_a_reference_is_resolved_from_the_municipal_rule_set(registry: PlanRegistry) -> None:
    assert reasons(evaluate(registry), "air_days") == [
        ("town", Reason.MISSED, Status.FAIL),  # 87 < 市级要求 88
        ("city", Reason.NO_BASELINE, Status.WARN),  # as a floor: no municipal baseline, so no 2024 milestone
    ]


def test_year_on_year_uses_the_previous_years_file(registry: PlanRegistry, tmp_path: Path) -> None:
    assert reasons(evaluate(registry), "myopia") == [("town", Reason.MET, Status.PASS)]
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "town.yaml").write_text((WORLD / "data" / "2024" / "town.yaml").read_text("utf-8"), "utf-8")
    assert reasons(evaluate(registry, data=tmp_path), "myopia") == [
        ("town", Reason.MISSING_PREVIOUS_VALUE, Status.NOT_EVALUABLE)
    ]


def test_counts_in_another_unit_and_projects(registry: PlanRegistry) -> None:
    result = evaluate(registry)
    assert reasons(result, "blood") == [("town", Reason.MET, Status.PASS)]
    assert reasons(result, "town_p01") == [("town", Reason.IN_PROGRESS, Status.PASS)]
    assert reasons(result, "town_p02") == [("town", Reason.NOT_YET_DUE, Status.INFO)]
    assert row(result, "town_p01").kind == "project" and row(result, "town_p01").value == "在建"


def test_a_figure_no_target_names_is_shown_as_info(registry: PlanRegistry) -> None:
    info = row(evaluate(registry), "outpatient_growth")
    assert info.kind == "reported" and info.verdict is Status.INFO
    assert [(t.target, t.reason) for t in info.targets] == [(None, Reason.NO_TARGET)]


def test_a_year_outside_the_plan_keeps_floors_and_says_why(registry: PlanRegistry, tmp_path: Path) -> None:
    (tmp_path / "2026").mkdir()
    (tmp_path / "2026" / "town.yaml").write_text(
        "district: town\nyear: 2026\nillustrative: true\nvalues: {life_expectancy: 80}\n", "utf-8"
    )
    result = evaluate(registry, 2026, tmp_path)
    assert "covers 2021–2025" in result.notes[0]
    assert reasons(result, "life_expectancy") == [("national", Reason.MET, Status.PASS)]
    assert [i.indicator.id for i in result.indicators] == ["life_expectancy"]  # nothing else was reported


def test_wrong_value_types_are_input_errors(registry: PlanRegistry, tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "town.yaml").write_text(
        "district: town\nyear: 2024\nillustrative: true\nvalues:\n  town_p01: 差不多\n  town_p02: 也许\n"
        "  blood: {value: 3, unit: '%'}\n",
        "utf-8",
    )
    with pytest.raises(InputError) as info:
        evaluate(registry, data=tmp_path)
    messages = [p.message for p in info.value.problems]
    assert "'差不多' is not a project status" in messages[0]
    assert "'也许' is not done/not done" in messages[1]
    assert "unit '%' does not convert to 'U'" in messages[2]


def test_plan_references_are_checked_when_loading(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    text = (WORLD / "plans" / "town.yaml").read_text("utf-8")
    (plans / "town.yaml").write_text(
        text.replace("parent: city", "parent: county")
        .replace("ref: {plan: city", "ref: {plan: nowhere")
        .replace("unit: 万U", "unit: 万元"),
        "utf-8",
    )
    with pytest.raises(InputError) as info:
        PlanRegistry.load(plans, WORLD / "rules")
    messages = [p.message for p in info.value.problems]
    assert any("target unit '万元' does not convert" in m for m in messages)
    plans.joinpath("town.yaml").write_text(text.replace("parent: city", "parent: county"), "utf-8")
    with pytest.raises(InputError, match="parent plan 'county' is not loaded"):
        PlanRegistry.load(plans, WORLD / "rules")


def test_history_of_other_years_is_read_only_when_asked_for(registry: PlanRegistry) -> None:
    store = DataStore(registry, WORLD / "data")
    plan = registry.resolve("town")
    plain = Engine(registry, store).evaluate_plan(plan, 2024, store.get(plan, 2024))
    assert row(plain, "myopia").history == ()
    charted = Engine(registry, store, history=True).evaluate_plan(plan, 2024, store.get(plan, 2024))
    assert row(charted, "myopia").history == ((2023, Decimal("44.6")),)
    assert row(charted, "blood").history == ()  # not reported in 2023
