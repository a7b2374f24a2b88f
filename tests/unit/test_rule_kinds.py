"""Every rule kind, both ways, as one table: (target fields, facts) -> reason."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from checker.domain.models import Baseline, Direction, Nature, Reference, Target
from checker.domain.results import Reason, Status, status_for
from checker.domain.units import UnitError, convert
from checker.engine.rules import RULES, Facts, evaluate

D = Decimal
SRC = {"document": "doc.txt", "section": "第三章", "item": "1"}


def target(kind: str, **fields: Any) -> Target:
    return Target.model_validate(
        {"year": 2025, "kind": kind, "printed": "…", "nature": "binding", "source": SRC, **fields}
    )


def facts(
    value: Any,
    year: int = 2025,
    baseline: str | None = None,
    previous: str | None = None,
    unit: str = "%",
    direction: str = "higher",
    other: tuple[str | None, str | None] = (None, None),
    resolved: str | None = None,
    starts: int | None = None,
) -> Facts:
    other_base = None if other[0] is None else Baseline(year=2020, value=other[0])
    other_value = None if other[1] is None else D(other[1])
    return Facts(
        year=year,
        unit=unit,
        direction=Direction(direction),
        baseline=None if baseline is None else Baseline(year=2020, value=baseline),
        value=D(value) if isinstance(value, str) and value[0].isdigit() else value,
        previous=lambda: None if previous is None else D(previous),
        other=lambda _id: (other_base, other_value),
        resolve=lambda _ref, _year: None if resolved is None else D(resolved),
        starts=starts,
    )


RANGE = {"low": "1", "high": "1.5"}
CHANGE = {"op": ">=", "value": "1"}
MILESTONE = {"value": "投入使用"}
CASES: list[tuple[str, str, dict[str, Any], Facts, Reason]] = [
    # range 1–1.5 (卫生监督员 每万人 1–1.5)
    ("range in", "range", RANGE, facts("1.2"), Reason.MET),
    ("range low end", "range", RANGE, facts("1"), Reason.MET),
    ("range high end", "range", RANGE, facts("1.5"), Reason.MET),
    ("range below at due year", "range", RANGE, facts("0.99"), Reason.MISSED),
    ("range above at due year", "range", RANGE, facts("1.51"), Reason.MISSED),
    ("range on track from below", "range", RANGE, facts("0.9", 2024, baseline="0.5"), Reason.ON_TRACK),
    ("range behind from below", "range", RANGE, facts("0.89", 2024, baseline="0.5"), Reason.BEHIND_SCHEDULE),
    ("range overshoot from below", "range", RANGE, facts("1.6", 2024, baseline="0.5"), Reason.MISSED),
    ("range on track from above", "range", RANGE, facts("1.6", 2024, baseline="2"), Reason.ON_TRACK),
    ("range behind from above", "range", RANGE, facts("1.7", 2024, baseline="2"), Reason.BEHIND_SCHEDULE),
    ("range bound held at baseline", "range", RANGE, facts("0.9", 2023, baseline="1.2"), Reason.MISSED),
    ("range no baseline", "range", RANGE, facts("0.9", 2023), Reason.NO_BASELINE),
    # change since the baseline (人均预期寿命 提高1岁)
    ("change met", "change", CHANGE, facts("79.18", baseline="78.18"), Reason.MET),
    ("change missed", "change", CHANGE, facts("79.17", baseline="78.18"), Reason.MISSED),
    ("change on track", "change", CHANGE, facts("78.98", 2024, baseline="78.18"), Reason.ON_TRACK),
    ("change behind", "change", CHANGE, facts("78.97", 2024, baseline="78.18"), Reason.BEHIND_SCHEDULE),
    ("change without baseline", "change", CHANGE, facts("79"), Reason.BASELINE_REQUIRED),
    (
        "relative change met",
        "change",
        {"op": ">=", "value": "10", "relative": True},
        facts("220", baseline="200"),
        Reason.MET,
    ),
    (
        "relative change missed",
        "change",
        {"op": ">=", "value": "10", "relative": True},
        facts("219", baseline="200"),
        Reason.MISSED,
    ),
    # year-on-year (近视率 每年降低0.5个百分点以上)
    ("yoy met", "yoy_change", {"op": "<=", "value": "-0.5"}, facts("44.1", previous="44.6"), Reason.MET),
    ("yoy missed", "yoy_change", {"op": "<=", "value": "-0.5"}, facts("44.2", previous="44.6"), Reason.MISSED),
    ("yoy no previous", "yoy_change", {"op": "<=", "value": "-0.5"}, facts("44.2"), Reason.MISSING_PREVIOUS_VALUE),
    # maintain (不降低 against the baseline, 持续提升 against last year)
    ("maintain met", "maintain", {"op": ">=", "against": "baseline"}, facts("93", baseline="93"), Reason.MET),
    ("maintain missed", "maintain", {"op": ">=", "against": "baseline"}, facts("92.9", baseline="93"), Reason.MISSED),
    (
        "maintain without baseline",
        "maintain",
        {"op": ">=", "against": "baseline"},
        facts("93"),
        Reason.BASELINE_REQUIRED,
    ),
    ("keeps rising", "maintain", {"op": ">", "against": "previous_year"}, facts("50.1", previous="50"), Reason.MET),
    ("stopped rising", "maintain", {"op": ">", "against": "previous_year"}, facts("50", previous="50"), Reason.MISSED),
    (
        "rising without last year",
        "maintain",
        {"op": ">", "against": "previous_year"},
        facts("50"),
        Reason.MISSING_PREVIOUS_VALUE,
    ),
    # reference to a higher level (达到市级要求)
    (
        "reference met",
        "reference",
        {"op": ">=", "ref": {"plan": "chongqing", "indicator": "x"}},
        facts("88", resolved="88"),
        Reason.MET,
    ),
    (
        "reference missed",
        "reference",
        {"op": ">=", "ref": {"plan": "chongqing", "indicator": "x"}},
        facts("87.9", resolved="88"),
        Reason.MISSED,
    ),
    (
        "reference unresolved",
        "reference",
        {"op": ">=", "ref": {"plan": "chongqing", "indicator": "x"}},
        facts("88"),
        Reason.UNRESOLVED_REFERENCE,
    ),
    # proportional growth (健康预期寿命 同比例提高 人均预期寿命: 78.18 -> 79.3 is ×1.01433)
    (
        "proportional met",
        "proportional",
        {"of": "life_expectancy"},
        facts("71.1", baseline="70", other=("78.18", "79.3")),
        Reason.MET,
    ),
    (
        "proportional missed",
        "proportional",
        {"of": "life_expectancy"},
        facts("71", baseline="70", other=("78.18", "79.3")),
        Reason.MISSED,
    ),
    (
        "proportional lower is better",
        "proportional",
        {"of": "life_expectancy"},
        facts("9", baseline="10", direction="lower", other=("100", "95")),
        Reason.MET,
    ),
    (
        "proportional without own baseline",
        "proportional",
        {"of": "life_expectancy"},
        facts("71", other=("78.18", "79.3")),
        Reason.BASELINE_REQUIRED,
    ),
    (
        "proportional without the other value",
        "proportional",
        {"of": "life_expectancy"},
        facts("71", baseline="70", other=("78.18", None)),
        Reason.UNRESOLVED_REFERENCE,
    ),
    # project milestones (未启动 < 启动 < 在建 < 竣工 < 投入使用)
    ("milestone met", "milestone", MILESTONE, facts("投入使用"), Reason.MET),
    ("milestone missed", "milestone", MILESTONE, facts("竣工"), Reason.MISSED),
    ("milestone in progress", "milestone", MILESTONE, facts("在建", 2024), Reason.IN_PROGRESS),
    ("milestone not started", "milestone", MILESTONE, facts("未启动", 2024, starts=2021), Reason.NOT_STARTED),
    ("milestone not yet due", "milestone", MILESTONE, facts("未启动", 2023, starts=2024), Reason.NOT_YET_DUE),
    ("milestone 启动 reached", "milestone", {"value": "启动"}, facts("在建"), Reason.MET),
    # deliverables (出台, 建成, 创建)
    ("deliverable done", "deliverable", {}, facts(True), Reason.MET),
    ("deliverable not done", "deliverable", {}, facts(False), Reason.MISSED),
    ("deliverable not yet due", "deliverable", {}, facts(False, 2024), Reason.NOT_YET_DUE),
    # counts in another unit: 1.4万U of blood for a U indicator
    ("count in 万 met", "threshold", {"op": ">=", "value": "1.4", "unit": "万U"}, facts("14000", unit="U"), Reason.MET),
    (
        "count in 万 missed",
        "threshold",
        {"op": ">=", "value": "1.4", "unit": "万U"},
        facts("13999", unit="U"),
        Reason.MISSED,
    ),
    ("strict 以下", "threshold", {"op": "<", "value": "0.30"}, facts("0.30"), Reason.MISSED),
]


@pytest.mark.parametrize(("kind", "fields", "the_facts", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule_kinds(kind: str, fields: dict[str, Any], the_facts: Facts, reason: Reason) -> None:
    outcome = evaluate(target(kind, **fields), the_facts)
    assert outcome.reason is reason, outcome.message
    assert outcome.message


def test_every_kind_has_a_rule_and_cases() -> None:
    assert {c[1] for c in CASES} | {"threshold"} == {k.value for k in RULES}


@pytest.mark.parametrize("kind", [k.value for k in RULES])
def test_missing_value_is_answered_for_every_kind(kind: str) -> None:
    fields = {c[1]: c[2] for c in CASES}.get(kind, {"op": ">=", "value": "1"})
    assert evaluate(target(kind, **fields), facts(None)).reason is Reason.MISSING_VALUE


@pytest.mark.parametrize(
    ("reason", "nature", "status"),
    [
        pytest.param(Reason.NOT_STARTED, Nature.BINDING, Status.FAIL, id="not-started-binding"),
        pytest.param(Reason.NOT_STARTED, Nature.UNSPECIFIED, Status.WARN, id="not-started-unspecified"),
        pytest.param(Reason.IN_PROGRESS, Nature.BINDING, Status.PASS, id="in-progress"),
        pytest.param(Reason.UNRESOLVED_REFERENCE, Nature.BINDING, Status.NOT_EVALUABLE, id="unresolved-reference"),
        pytest.param(Reason.MISSING_PREVIOUS_VALUE, Nature.BINDING, Status.NOT_EVALUABLE, id="missing-previous-value"),
        pytest.param(Reason.FLOOR_BREACHED, Nature.EXPECTED, Status.FAIL, id="floor-breached"),
        pytest.param(Reason.NOT_YET_DUE, Nature.BINDING, Status.INFO, id="not-yet-due"),
    ],
)
def test_status_follows_reason_and_nature(reason: Reason, nature: Nature, status: Status) -> None:
    assert status_for(reason, nature) is status


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"kind": "range", "low": "2", "high": "1"}, "range low 2 is above high 1", id="range-reversed"),
        pytest.param({"kind": "range", "low": "1"}, "a range target needs 'high'", id="range-without-high"),
        pytest.param({"kind": "milestone", "value": "差不多"}, "milestone value must be one of", id="milestone-value"),
        pytest.param({"kind": "reference", "op": ">="}, "needs 'ref'", id="reference-without-ref"),
        pytest.param({"kind": "proportional"}, "needs 'of'", id="proportional-without-of"),
        pytest.param(
            {"kind": "deliverable", "value": False}, "deliverable target's value is true", id="deliverable-false"
        ),
    ],
)
def test_kind_fields_are_validated(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        target(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "source", "to", "expected"),
    [
        pytest.param("0.30", "%", "‰", "3", id="percent-to-per-mille"),
        pytest.param("46", "/10万", "‰", "0.46", id="per-100k-to-per-mille"),
        pytest.param("3.5", "人/万人", "人/千人", "0.35", id="per-10k-to-per-1000"),
        pytest.param("1.4", "万U", "U", "14000", id="wan-units"),
        pytest.param("42.17", "亿元", "万元", "421700", id="yi-to-wan-yuan"),
        pytest.param("3", "万人次", "人次", "30000", id="wan-person-times"),
    ],
)
def test_unit_conversions_are_exact(value: str, source: str, to: str, expected: str) -> None:
    assert convert(D(value), source, to) == D(expected)


def test_units_that_do_not_convert_name_both() -> None:
    with pytest.raises(UnitError, match="unit '%' does not convert to '人/千人'"):
        convert(D(1), "%", "人/千人")


def test_reference_model_defaults_to_the_target() -> None:
    assert Reference(plan="chongqing", indicator="x").use == "target"
