"""Implausible figures (checker/domain/plausibility.py) and how the data check answers them: an error with a
did-you-mean, unless the entry confirms the figure with a reason."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.paths import ROOT

from checker.domain.models import Direction, Indicator, PlausibleRange
from checker.domain.plausibility import Doubt, Reference, doubt
from checker.inputs.data_store import DataStore, _references, check_document
from checker.inputs.loading import PlanRegistry
from checker.inputs.yamlio import load_yaml_text


def indicator(unit: str, plausible: tuple[int, int] | None = None, signed: bool = False) -> Indicator:
    bounds = None if plausible is None else PlausibleRange(min=Decimal(plausible[0]), max=Decimal(plausible[1]))
    return Indicator(
        id="x", name="某指标", name_en="X", unit=unit, direction=Direction.HIGHER, plausible=bounds, signed=signed
    )


def baseline(figure: str) -> Reference:
    return Reference(Decimal(figure), "baseline", 2020)


def target(figure: str) -> Reference:
    return Reference(Decimal(figure), "target", 2025)


def previous(figure: str) -> Reference:
    return Reference(Decimal(figure), "previous", 2023)


FRACTION = "a share given as a fraction"
COMMA = "a decimal comma read as a thousands separator"

# value, unit, plausible range, references -> the figure meant (None: no doubt), the slip named, confirmable
CASES = [
    pytest.param("0.85", "%", None, [baseline("85")], "85", FRACTION, True, id="share-as-fraction"),
    pytest.param("0.85", "%", None, [previous("85")], "85", FRACTION, True, id="vs-last-year"),
    pytest.param(
        "0.70",
        "%",
        None,
        [baseline("60"), target("80")],
        "70",
        FRACTION,
        True,
        id="fraction-between-baseline-and-target",
    ),
    pytest.param("8500", "人次", None, [baseline("85")], "85", None, True, id="hundredfold-count"),
    pytest.param("8500", "%", None, [baseline("85")], "85", None, False, id="share-above-100-is-impossible"),
    pytest.param("850", "%", None, [baseline("85")], "85", "‰ given for %", False, id="per-mille-for-percent"),
    pytest.param("7.91", "岁", None, [baseline("79")], "79.1", None, True, id="life-expectancy-tenfold"),
    pytest.param("7.91", "岁", (40, 100), [baseline("79")], "79.1", None, True, id="life-expectancy-range"),
    pytest.param("12000000", "万元", None, [baseline("1200")], "1200", "元 given for 万元", True, id="yuan-for-wan"),
    pytest.param("120000", "亿元", None, [target("12")], "12", "万元 given for 亿元", True, id="wan-for-yi"),
    pytest.param(
        "148", "人次", None, [previous("1480000")], "1480000", "万人次 given for 人次", True, id="wan-renci-for-renci"
    ),
    pytest.param(
        "30.5",
        "人/千人",
        None,
        [baseline("3.05")],
        "3.05",
        "人/万人 given for 人/千人",
        True,
        id="per-10000-for-per-1000",
    ),
    pytest.param("1234", "张/千人", (0, 50), [], "1.234", COMMA, True, id="decimal-comma-beds-per-1000"),
    pytest.param("180", "岁", (40, 100), [baseline("79")], "no suggestion", None, True, id="outside-range-no-power"),
    pytest.param("-1", "人/千人", None, [baseline("3.05")], "no suggestion", None, False, id="negative"),
    # no doubt
    pytest.param("25", "家", None, [baseline("3")], None, None, True, id="genuine-growth-3-to-25"),
    pytest.param("28", "家", None, [baseline("3")], None, None, True, id="tenfold-but-not-a-whole-count"),
    pytest.param("25", "家", None, [baseline("3"), target("30")], None, None, True, id="growth-towards-its-target"),
    pytest.param("3000", "人次", None, [baseline("1"), target("1000")], None, None, True, id="three-times-a-wide-span"),
    pytest.param("50", "%", None, [baseline("20"), target("80")], None, None, True, id="inside-the-span"),
    pytest.param("0", "%", None, [baseline("85")], None, None, True, id="zero"),
    pytest.param("0.85", "%", None, [], None, None, True, id="no-reference"),
    pytest.param("0.85", "%", None, [baseline("-85")], None, None, True, id="reference-of-the-other-sign"),
    pytest.param("79.1", "岁", (40, 100), [baseline("78.18")], None, None, True, id="plausible"),
]


@pytest.mark.parametrize(("value", "unit", "plausible", "references", "meant", "slip", "confirmable"), CASES)
def test_doubts(
    value: str,
    unit: str,
    plausible: tuple[int, int] | None,
    references: list[Reference],
    meant: str | None,
    slip: str | None,
    confirmable: bool,
) -> None:
    found = doubt(Decimal(value), indicator(unit, plausible), references)
    if meant is None:
        assert found is None
        return
    assert found is not None
    if meant == "no suggestion":
        assert found.suggestion is None and "did you mean" not in found.message
    else:
        assert found.suggestion == Fraction(meant)
        assert f"did you mean {meant} ({unit})?" in found.message
    assert found.slip == slip
    assert found.confirmable is confirmable


def test_the_message_names_the_reference_and_the_slip() -> None:
    found = doubt(Decimal("0.85"), indicator("%"), [baseline("84.66"), target("85")])
    assert found is not None
    assert found.message == (
        "0.85 % is off by a factor of 100 from the 2025 target (85 %): did you mean 85 (%)? "
        "0.85 looks like a share given as a fraction"
    )


def test_the_range_is_named_when_a_figure_is_outside_it() -> None:
    found = doubt(Decimal("7.9"), indicator("岁", (40, 100)))
    assert isinstance(found, Doubt)
    assert found.message == "7.9 岁 is outside the plausible range for 某指标 (40–100 岁): did you mean 79 (岁)?"


def test_rates_of_change_are_exempt() -> None:
    assert doubt(Decimal("0.85"), indicator("%", signed=True), [baseline("85")]) is None


# --- the data check: check_document --------------------------------------------------------------------------------


def check(registry: PlanRegistry, values: str, path: str = "rongchang.yaml", **kwargs: Any) -> tuple[Any, list[Any]]:
    text = f"district: rongchang\nyear: 2024\nillustrative: false\nvalues:\n{values}"
    return check_document(load_yaml_text(text, path), registry, **kwargs)


def test_an_implausible_figure_is_an_error_at_the_value_with_a_did_you_mean(registry: PlanRegistry) -> None:
    reported, problems = check(registry, "  physicians_per_1000: 3.41\n  inpatient_reimbursement_employee: 0.85\n")
    assert reported is None
    [problem] = problems
    assert (problem.line, problem.column) == (6, 37)
    assert problem.message.startswith("inpatient_reimbursement_employee: 0.85 % is off by a factor of 100")
    assert "did you mean 85 (%)? 0.85 looks like a share given as a fraction" in problem.message
    assert problem.hint.endswith('confirm it with the reason it is right: {value: 0.85, confirmed: "…"}')


def test_a_confirmed_figure_is_accepted_and_carries_its_reason(registry: PlanRegistry) -> None:
    reported, problems = check(
        registry, '  inpatient_reimbursement_employee: {value: 0.85, confirmed: "新统计口径, 已核实"}\n'
    )
    assert problems == []
    assert reported.values["inpatient_reimbursement_employee"] == Decimal("0.85")
    assert reported.confirmed == {"inpatient_reimbursement_employee": "新统计口径, 已核实"}


def test_a_confirmation_on_a_plausible_figure_is_kept(registry: PlanRegistry) -> None:
    reported, problems = check(registry, '  physicians_per_1000: {value: 3.41, confirmed: "checked twice"}\n')
    assert problems == [] and reported.confirmed == {"physicians_per_1000": "checked twice"}


def test_an_impossible_figure_cannot_be_confirmed(registry: PlanRegistry) -> None:
    reported, problems = check(registry, '  health_literacy: {value: 130, confirmed: "sure"}\n')
    assert reported is None
    assert [p.message for p in problems] == [
        "health_literacy: 130 % is above 100 %: did you mean 13 (%)? 130 looks like ‰ given for %"
    ]
    assert problems[0].hint == "check the figure and its unit"


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        pytest.param('{value: 0.85, confirmed: "  "}', "blank; give the reason the figure is right", id="blank"),
        pytest.param("{value: 0.85, confirmed: 1}", "1 is not text", id="not-text"),
    ],
)
def test_a_confirmation_is_a_reason(registry: PlanRegistry, entry: str, said: str) -> None:
    reported, problems = check(registry, f"  inpatient_reimbursement_employee: {entry}\n")
    assert reported is None and said in problems[0].message


def test_last_years_value_is_a_reference_when_the_caller_has_it(registry: PlanRegistry) -> None:
    # 荣昌's plan does not list 每千人口医疗卫生机构床位数: 30.5 is within its plausible 0–50, and only last year's 3.05
    # shows it is ten times too large.
    values = "  beds_per_1000: 30.5\n"
    assert check(registry, values)[1] == []
    reported, problems = check(registry, values, previous={"beds_per_1000": Decimal("3.05")})
    assert reported is None
    assert problems[0].message == (
        "beds_per_1000: 30.5 张/千人 is off by a factor of 10 from the 2023 value (3.05 张/千人): did you mean 3.05 "
        "(张/千人)? 30.5 looks like 张/万人 given for 张/千人"
    )


def test_a_table_is_told_to_use_its_confirmed_column(registry: PlanRegistry) -> None:
    _, problems = check(registry, "  inpatient_reimbursement_employee: 0.85\n", path="values.csv")
    assert problems[0].hint == (
        "correct the figure, or give the reason it is right in the row's 'confirmed' (已确认说明) column "
        "(in a wide table: 'indicator: reason')"
    )


def test_every_bundled_figure_is_plausible_against_its_plan_and_the_year_before(registry: PlanRegistry) -> None:
    store = DataStore(registry, ROOT / "data")
    checked = 0
    for plan in registry.plans:
        years = store.years(plan)
        for year in years:
            reported = store.get(plan, year)
            assert reported is not None
            before = store.get(plan, year - 1) if year - 1 in years else None
            for key, value in reported.values.items():
                catalogued = registry.index.get(key)
                if isinstance(value, Decimal) and catalogued is not None:
                    references = _references(plan, catalogued, year, before.values if before else None)
                    assert doubt(value, catalogued, references) is None, (plan.id, year, key)
                    checked += 1
    assert checked > 100


# --- the columnar path declines what the data check would refuse ---------------------------------------------------


def test_the_columnar_path_leaves_an_implausible_figure_to_the_engine(tmp_path: Path) -> None:
    pytest.importorskip("polars")
    from support.tables import write_csv

    from checker.engine import bulk
    from checker.inputs.plan_table import COLUMNS

    plan = {
        "district": "d0",
        "district_name": "合成0",
        "parent": "national",
        "period_start": "2021",
        "period_end": "2025",
        "indicator": "inpatient_reimbursement_employee",
        "kind": "threshold",
        "op": ">=",
        "value": "85",
        "baseline_year": "2020",
        "baseline_value": "84.66",
        "target_year": "2025",
        "nature": "expected",
        "document": "synthetic",
        "section": "专栏1",
    }
    plans = write_csv(tmp_path / "plans.csv", COLUMNS, [plan])
    columns = ["district", "year", "indicator", "value", "illustrative"]
    row = {"district": "d0", "year": "2024", "indicator": "inpatient_reimbursement_employee"}
    plausible = write_csv(tmp_path / "good.csv", columns, [row | {"value": "84.9"}])
    assert bulk.summary(2024, plans, None, plausible, "en") is not None
    implausible = write_csv(tmp_path / "bad.csv", columns, [row | {"value": "0.849"}])
    assert bulk.summary(2024, plans, None, implausible, "en") is None


_figures = st.decimals(min_value=Decimal("-1e7"), max_value=Decimal("1e7"), places=3, allow_nan=False)


@settings(max_examples=400, deadline=None)
@given(
    value=_figures,
    figures=st.lists(_figures, min_size=0, max_size=4),
    unit=st.sampled_from(["%", "岁", "人次", "万元"]),
)
def test_the_decimal_shortcut_decides_as_the_exact_rule_does(value: Decimal, figures: list[Decimal], unit: str) -> None:
    """The common case is decided in Decimal without Fractions; where it says "near", the full rule finds nothing."""
    from checker.domain import plausibility

    references = [Reference(f, "baseline", 2020) for f in figures]
    if plausibility._near_references(value, references):
        original = plausibility._near_references
        try:
            plausibility._near_references = lambda *_: False  # type: ignore[assignment]
            assert plausibility.off_by_power_of_ten(value, unit, references) is None
        finally:
            plausibility._near_references = original


def test_the_decimal_shortcut_leaves_figures_too_long_to_double_exactly_to_the_exact_rule() -> None:
    from checker.domain.plausibility import _near_references

    long = Decimal("1." + "0" * 30 + "1")
    assert not _near_references(long, [Reference(Decimal(1), "baseline", 2020)])
    assert _near_references(Decimal("1.5"), [Reference(Decimal(1), "baseline", 2020)])
    assert not _near_references(Decimal("0.49"), [Reference(Decimal(1), "baseline", 2020)])
