"""The columnar path (engine.bulk) against the engine: for any plan table and data table, the summary is the same
dict, or the columnar path declines (None) and the engine answers. Property-based, over random plans and values."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from support.tables import write_csv

from checker.domain.errors import CheckerError
from checker.engine.run import RunRequest, run_check
from checker.inputs.loading import PlanRegistry
from checker.inputs.plan_table import COLUMNS
from checker.views.summary import summary_of

pl = pytest.importorskip("polars")
from checker.engine import bulk  # noqa: E402  (after the skip: it needs polars)

# Indicators the bundled national rule set has floors for, and some it has not.
WITH_FLOORS = ["life_expectancy", "infant_mortality", "maternal_mortality", "health_literacy", "smoking_rate_15plus"]
WITHOUT = ["physicians_per_1000", "nurses_per_1000", "geriatric_dept_share", "child_myopia_rate"]
STATUSES = ["未启动", "启动", "在建", "竣工", "投入使用"]

figures = st.decimals(min_value=Decimal(0), max_value=Decimal(99), places=2, allow_nan=False, allow_infinity=False)
years = st.integers(min_value=2019, max_value=2026)


def text(value: Decimal) -> str:
    return format(value, "f")


@st.composite
def targets(draw: st.DrawFn, indicator: str) -> list[dict[str, str]]:
    kind = draw(st.sampled_from(["threshold", "range", "change"]))
    row: dict[str, str] = {"indicator": indicator, "kind": kind, "target_year": str(draw(years))}
    if kind == "range":
        a, b = sorted([draw(figures), draw(figures)])
        row |= {"low": text(a), "high": text(b)}
    else:
        row |= {"op": draw(st.sampled_from([">=", ">", "<=", "<"])), "value": text(draw(figures))}
        if kind == "change":
            row["value"] = text(draw(figures) - 50)
            row["relative"] = draw(st.sampled_from(["", "true", "false"]))
    row["nature"] = draw(st.sampled_from(["binding", "expected", "unspecified"]))
    return [row]


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[dict[str, str]], list[dict[str, str]], int]:
    year = draw(st.integers(min_value=2021, max_value=2026))
    plan_rows: list[dict[str, str]] = []
    data_rows: list[dict[str, str]] = []
    for n in range(draw(st.integers(min_value=1, max_value=3))):
        district = f"d{n}"
        start = year - draw(st.integers(min_value=-1, max_value=4))  # now and then a plan that starts later
        meta = {
            "district": district,
            "district_name": f"合成{n}",
            "parent": draw(st.sampled_from(["national", "chongqing"])),
            "period_start": str(start),
            "period_end": str(start + draw(st.integers(min_value=0, max_value=5))),
            "document": "synthetic",
            "section": "专栏1",
        }
        illustrative = draw(st.sampled_from(["true", "false"]))
        chosen = draw(st.lists(st.sampled_from(WITH_FLOORS + WITHOUT), min_size=1, max_size=5, unique=True))
        for indicator in chosen:
            baseline = draw(st.none() | st.tuples(years, figures))
            for target in draw(targets(indicator)) * draw(st.integers(min_value=1, max_value=2)):
                row = meta | target
                if baseline is not None:
                    row |= {"baseline_year": str(baseline[0]), "baseline_value": text(baseline[1])}
                plan_rows.append(row)
        for p in range(draw(st.integers(min_value=0, max_value=2))):
            project = meta | {
                "indicator": f"{district}_p{p}",
                "project_name": f"项目{n}{p}",
                "kind": "milestone",
                "op": ">=",
                "value": draw(st.sampled_from(STATUSES)),
                "target_year": str(draw(years)),
                "nature": draw(st.sampled_from(["binding", "expected"])),
            }
            if draw(st.booleans()):
                project["project_start"] = str(draw(years))
            plan_rows.append(project)
            if draw(st.booleans()):
                data_rows.append(
                    {
                        "district": district,
                        "year": str(year),
                        "indicator": project["indicator"],
                        "value": draw(st.sampled_from(["", *STATUSES])),
                        "illustrative": illustrative,
                    }
                )
        reported = draw(st.lists(st.sampled_from(WITH_FLOORS + WITHOUT), min_size=1, max_size=6, unique=True))
        for indicator in reported:
            value = draw(st.none() | figures)
            data_rows.append(
                {
                    "district": district,
                    "year": str(year),
                    "indicator": indicator,
                    "value": "" if value is None else text(value),
                    "illustrative": illustrative,
                }
            )
    last_year_too: bool = draw(st.booleans())
    if data_rows and last_year_too:  # last year's rows too; now and then one given twice (the reader refuses)
        last_year = [r | {"year": str(year - 1)} for r in data_rows]
        data_rows += last_year + ([last_year[0]] if draw(st.integers(0, 3)) == 0 else [])
    return plan_rows, data_rows, year


def engine_summary(plans: Path, data: Path, year: int, lang: str = "zh") -> dict[str, Any] | None:
    try:
        registry = PlanRegistry.load(plans)
        run = run_check(RunRequest(year, ("all",), data), registry)
        return summary_of(run, lang)
    except CheckerError:
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(world=worlds())
def test_the_columnar_path_gives_the_engines_summary(world: Any, tmp_path: Path) -> None:
    plan_rows, data_rows, year = world
    plans = write_csv(tmp_path / "plans.csv", COLUMNS, plan_rows)
    data = write_csv(tmp_path / "data.csv", ["district", "year", "indicator", "value", "illustrative"], data_rows)
    expected = engine_summary(plans, data, year)
    got = bulk.summary(year, plans, None, data, "zh")
    if expected is None:  # the engine refuses the input (or has nothing to check): the columnar path must decline
        assert got is None
    elif got is not None:  # it may decline what it is not sure of (then the engine answers); if not, it agrees
        assert got == expected
    event("columnar" if got is not None else "engine")


# 每千人口执业（助理）医师数 3.05 (2020) → ≥ 3.6 by 2025, binding: 荣昌's 专栏1 row, in a table
PHYSICIANS = {
    "district": "d0",
    "district_name": "合成0",
    "parent": "national",
    "period_start": "2021",
    "period_end": "2025",
    "indicator": "physicians_per_1000",
    "kind": "threshold",
    "op": ">=",
    "value": "3.6",
    "baseline_year": "2020",
    "baseline_value": "3.05",
    "target_year": "2025",
    "nature": "binding",
    "document": "synthetic",
    "section": "专栏1",
}


def test_hand_checked_example_exact_milestone(tmp_path: Path) -> None:
    """3.05 → 3.6 over 2020–2025: the 2023 milestone is exactly 3.38; 3.38 is on track (pass), 3.379 behind."""
    row = PHYSICIANS
    plans = write_csv(tmp_path / "plans.csv", COLUMNS, [row])
    verdicts = {}
    for value in ("3.38", "3.379"):
        data = write_csv(
            tmp_path / "data.csv",
            ["district", "year", "indicator", "value", "illustrative"],
            [
                {
                    "district": "d0",
                    "year": "2023",
                    "indicator": "physicians_per_1000",
                    "value": value,
                    "illustrative": "true",
                }
            ],
        )
        got = bulk.summary(2023, plans, None, data, "en")
        assert got is not None and got == engine_summary(plans, data, 2023, "en")
        verdicts[value] = got["indicators"][0]["verdicts"]["d0"]
    assert verdicts == {"3.38": "pass", "3.379": "fail"}


@pytest.mark.parametrize(
    ("change", "why"),
    [
        pytest.param({"unit": "万人"}, "a unit to convert", id="unit"),
        pytest.param({"kind": "maintain"}, "a kind the columnar path leaves to the engine", id="kind"),
        pytest.param({"value": "３．６"}, "full-width digits", id="full-width-digits"),
        pytest.param({"indicator": "每千人口执业医师"}, "a name instead of an id", id="name"),
    ],
)
def test_what_the_columnar_path_is_not_sure_of_goes_to_the_engine(
    tmp_path: Path, change: dict[str, str], why: str
) -> None:
    row = PHYSICIANS | change
    plans = write_csv(tmp_path / "plans.csv", COLUMNS, [row])
    data = write_csv(
        tmp_path / "data.csv",
        ["district", "year", "indicator", "value", "illustrative"],
        [
            {
                "district": "d0",
                "year": "2024",
                "indicator": "physicians_per_1000",
                "value": "3.5",
                "illustrative": "true",
            }
        ],
    )
    assert bulk.summary(2024, plans, None, data, "zh") is None, why


def test_a_value_far_from_last_years_goes_to_the_engine(tmp_path: Path) -> None:
    """The data loader holds a value against last year's (a power of ten off is an error): a value a factor 5 or
    more from last year's is left to the engine, which judges it exactly; a closer one stays columnar (no power of ten
    can be found within a factor 5, see bulk._far_from_last_year) and gets the engine's verdict."""
    plans = write_csv(tmp_path / "plans.csv", COLUMNS, [PHYSICIANS])
    header = ["district", "year", "indicator", "value", "illustrative"]
    for last, columnar in (
        ("3.4", True),
        ("1.2", True),
        ("0.71", True),
        ("0.7", False),
        ("0.35", False),
        ("17.5", False),
    ):
        rows = [
            {"district": "d0", "year": year, "indicator": "physicians_per_1000", "value": value, "illustrative": "true"}
            for year, value in (("2023", last), ("2024", "3.5"))
        ]
        data = write_csv(tmp_path / "data.csv", header, rows)
        got = bulk.summary(2024, plans, None, data, "zh")
        assert (got is not None) == columnar, last
        if got is not None:
            assert got == engine_summary(plans, data, 2024)
