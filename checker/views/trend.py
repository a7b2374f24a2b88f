"""``check trend``: a district's indicators year by year, each year's movement judged by TREND_RULE.

Data only (the TypedDicts below); checker.formats renders it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypedDict

from checker.domain.errors import UsageError
from checker.domain.models import Op, TargetKind
from checker.domain.numbers import fraction_text
from checker.domain.results import REPORT_SCHEMA_VERSION, IndicatorResult, RunResult, TargetResult, value_data
from checker.domain.summary_view import DataSource
from checker.engine.run import RunRequest, run_check
from checker.inputs.data_store import DataStore
from checker.inputs.loading import PlanRegistry
from checker.views.grouping import revisions
from checker.views.summary import data_source_of

IMPROVING = "improving"
STAGNATING = "stagnating"
WORSENING = "worsening"

TREND_RULE = """\
Direction of movement, per indicator, between consecutive evaluated years, for the indicator's own first threshold
target (the plan's own, not a higher level's floor; an indicator without one has no direction). With s = +1 for a
target of the form >= or > and -1 for <= or <, the movement is m = s·(value₂ − value₁), and a year's gap to the
trajectory is g = s·(value − milestone), using that year's 序时进度 milestone (no gap when the year has none, e.g. a
target already met, or a bound held since the baseline). Then: worsening when m < 0 (moving away from the target);
improving when m > 0 and the later year is on or ahead of the trajectory (g₂ ≥ 0, or no milestone) or has not lost
ground on it (g₂ ≥ g₁); stagnating otherwise (no movement, or moving towards the target but falling further behind
the trajectory). Values compared exactly."""


class TrendYear(TypedDict):
    """One indicator in one year; every key None for a year without a data file."""

    verdict: str | None
    value: str | bool | None  # a decimal string, a project status, or done / not done
    milestone: str | None  # the 序时进度 point TREND_RULE used (the line the HTML sparkline draws)
    direction: str | None  # IMPROVING, STAGNATING or WORSENING since the previous evaluated year


class TrendRow(TypedDict):
    """One indicator over the years: a cell per year of the range (keyed "2024"), and the first-to-last direction."""

    id: str
    name: str
    unit: str
    years: dict[str, TrendYear]
    overall: str | None


# "from" is a keyword, so the functional form
TrendView = TypedDict(
    "TrendView",
    {
        "schema_version": int,
        "district": str,
        "name": str,
        "name_en": str,
        "from": int,
        "to": int,
        "years": list[int],
        "evaluated": list[int],
        "illustrative": bool,
        "sources": dict[str, DataSource],  # evaluated year: its data file
        "notes": dict[str, list[str]],  # year: the engine's notes on it (checker.domain.messages.Message)
        "rule": str,
        "indicators": list[TrendRow],
        "plan_period": list[int],  # first and last year
    },
)


@dataclass(frozen=True)
class _Point:
    value: Fraction
    milestone: Fraction | None
    sign: int


def _own_threshold(ind: IndicatorResult) -> TargetResult | None:
    for t in ind.targets:
        target = t.target
        if (
            target is not None
            and not t.floor
            and target.kind is TargetKind.THRESHOLD
            and target.op in (Op.GE, Op.GT, Op.LE, Op.LT)
        ):
            return t
    return None


def _point(ind: IndicatorResult) -> _Point | None:
    t = _own_threshold(ind)
    if t is None or t.target is None or not isinstance(ind.value, Decimal) or isinstance(ind.value, bool):
        return None
    sign = 1 if t.target.op in (Op.GE, Op.GT) else -1
    return _Point(Fraction(ind.value), t.milestone, sign)


def direction(before: _Point | None, after: _Point | None) -> str | None:
    """improving / stagnating / worsening between two evaluated years (the rule: TREND_RULE)."""
    if before is None or after is None:
        return None
    sign = after.sign
    movement = sign * (after.value - before.value)
    if movement < 0:
        return WORSENING
    if movement == 0:
        return STAGNATING
    if after.milestone is None:
        return IMPROVING
    gap_after = sign * (after.value - after.milestone)
    if gap_after >= 0:
        return IMPROVING
    if before.milestone is not None and gap_after >= sign * (before.value - before.milestone):
        return IMPROVING
    return STAGNATING


def trend_data(
    registry: PlanRegistry, district: str, first: int, last: int, data: Any = None, lang: str = "zh"
) -> TrendView:
    """Each indicator's verdict and value year by year from ``first`` to ``last`` for one district.

    Years without a data file are left out of ``evaluated`` and have every cell None (shown as "—"); it is an
    error only when no year in the range has data. ``direction`` of a year is its movement from the previous
    evaluated year (TREND_RULE); ``overall`` compares the first and the last evaluated year by the same rule.
    A year's ``milestone`` is the 序时进度 point that rule used (the line the HTML sparkline draws); ``sources``
    names each evaluated year's data file, for the header of a report, and ``notes`` the engine's notes on a year
    (e.g. one outside the plan's period), as checker.domain.messages.Message objects (see
    checker.views.summary.Summary.notes).
    """
    if first > last:
        raise UsageError(f"--from {first} is after --to {last}", "give --from no later than --to")
    plan = registry.resolve(district)
    store = DataStore(registry, data, [plan])
    years = list(range(first, last + 1))
    runs: dict[int, RunResult] = {}
    for year in years:
        if store.get(plan, year) is None:
            continue
        runs[year] = run_check(RunRequest(year=year, districts=(plan.id,), data=data), registry, store)
    if not runs:
        raise UsageError(
            f"{plan.id}: no data for any year from {first} to {last}",
            f"looked for {store.expected_path(plan, first)} and the other years' files",
        )
    heads: dict[str, tuple[str, str]] = {}  # indicator id: name and unit, in the order they first appear
    cells: dict[str, dict[int, TrendYear]] = {}
    points: dict[str, dict[int, _Point | None]] = {}
    for year, run in runs.items():
        for ind in run.districts[0].indicators:
            key = ind.indicator.id
            if key not in heads:
                heads[key] = (ind.indicator.name_in(lang), ind.indicator.unit)
            point = _point(ind)
            cells.setdefault(key, {})[year] = {
                "verdict": ind.verdict.value,
                "value": value_data(ind.value),
                "milestone": None if point is None else fraction_text(point.milestone),
                "direction": None,
            }
            points.setdefault(key, {})[year] = point
    rows: list[TrendRow] = []
    for key, (name, unit) in heads.items():
        previous: _Point | None = None
        first_point: _Point | None = None
        for year in years:
            cell = cells[key].get(year)
            if cell is None:
                cells[key][year] = {"verdict": None, "value": None, "milestone": None, "direction": None}
                continue
            point = points[key].get(year)
            cell["direction"] = direction(previous, point)
            if point is not None:
                previous = point
                first_point = first_point or point
        rows.append(
            {
                "id": key,
                "name": name,
                "unit": unit,
                "years": {str(y): cells[key][y] for y in years},
                "overall": direction(first_point, previous) if first_point is not previous else None,
            }
        )
    any_run = next(iter(runs.values()))
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "district": plan.id,
        "name": plan.meta.name,
        "name_en": plan.meta.name_en,
        "from": first,
        "to": last,
        "years": years,
        "evaluated": sorted(runs),
        "illustrative": any(r.illustrative for r in runs.values()),
        "sources": {str(year): data_source_of(run.districts[0]) for year, run in runs.items()},
        "notes": {
            str(year): list(run.districts[0].notes) + revisions(run.districts[0])
            for year, run in runs.items()
            if run.districts[0].notes or revisions(run.districts[0])
        },
        "rule": TREND_RULE,
        "indicators": rows,
        "plan_period": [any_run.districts[0].plan.period.start, any_run.districts[0].plan.period.end],
    }
