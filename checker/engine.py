"""The evaluation engine: one set of rules for every plan level (national, municipal, district, annual).

For a target ``v op t`` due in year Y, with baseline b in year y0 and a value v reported for year y:
  * y >= Y: met or missed.
  * y < Y: met if v already satisfies the target; otherwise, with a baseline that does not satisfy the
    target, compare v with the 序时进度 milestone m = b + (t - b)(y - y0)/(Y - y0) (on_track or
    behind_schedule); a baseline that already satisfies it makes the target a bound to hold every year
    (met or missed); no baseline gives a warning (no_baseline), whatever the nature.
  * missed and behind_schedule are fail for binding targets and warn for expected ones.
All arithmetic is exact (Fraction), see docs/evaluation.md.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

from checker.loading import IndicatorIndex, LoadedPlan, ReportedValues
from checker.models import Baseline, Nature, Op, Target, TargetKind
from checker.numbers import Number, format_number, to_fraction
from checker.results import SHORTFALL_STATUS, DistrictResult, IndicatorResult, Reason, Status, TargetResult

_COMPARE: dict[Op, Callable[[Fraction, Fraction], bool]] = {
    Op.GE: operator.ge,
    Op.GT: operator.gt,
    Op.LE: operator.le,
    Op.LT: operator.lt,
    Op.EQ: operator.eq,
}

_KIND_REASONS = {
    TargetKind.PROPORTIONAL: "grows in proportion to another indicator (同比例提高)",
    TargetKind.REFERENCE: "refers to a value set by a higher level (市级要求/市级下达)",
}


def satisfies(value: Number, op: Op, bound: Number) -> bool:
    return _COMPARE[op](to_fraction(value), to_fraction(bound))


def milestone(baseline: Baseline, target_value: Decimal, target_year: int, year: int) -> Fraction:
    """The 序时进度 value for ``year`` on the straight line from the baseline to the target."""
    if target_year <= baseline.year or year <= baseline.year:
        return Fraction(baseline.value)
    b, t = Fraction(baseline.value), Fraction(target_value)
    return b + (t - b) * Fraction(year - baseline.year, target_year - baseline.year)


def _milestone_op(op: Op, baseline: Decimal, target: Decimal) -> Op:
    """An equality target is approached from one side: the milestone is a floor or a ceiling."""
    if op is not Op.EQ:
        return op
    return Op.GE if target > baseline else Op.LE


def evaluate_target(
    target: Target,
    baseline: Baseline | None,
    value: Decimal | None,
    year: int,
    plan_id: str,
) -> TargetResult:
    """Evaluate one target against one reported value for ``year``."""

    def result(status: Status, reason: Reason, message: str, m: Fraction | None = None) -> TargetResult:
        return TargetResult(target, plan_id, status, reason, message, m)

    shortfall = SHORTFALL_STATUS[target.nature]
    nature_note = " (nature blank in the source; treated as expected)" if target.nature is Nature.UNSPECIFIED else ""

    if target.kind is not TargetKind.THRESHOLD:
        return result(
            Status.NOT_EVALUABLE,
            Reason.KIND_NOT_EVALUABLE,
            f"target '{target.printed}' {_KIND_REASONS[target.kind]}; this kind is not evaluated yet",
        )
    assert target.op is not None and target.value is not None  # guaranteed by the Target model
    op, t = target.op, target.value
    goal = f"{op.symbol} {format_number(t)} by {target.year}"

    if value is None:
        return result(shortfall, Reason.MISSING_VALUE, f"no value reported for {year}; target {goal}{nature_note}")
    v = format_number(value)
    if satisfies(value, op, t):
        return result(Status.PASS, Reason.MET, f"{v} meets the target {goal}")
    if year >= target.year:
        return result(shortfall, Reason.MISSED, f"{v} misses the target {goal}{nature_note}")
    if baseline is None:
        return result(
            Status.WARN,
            Reason.NO_BASELINE,
            f"{v} does not yet meet the target {goal}; no baseline, so progress cannot be judged",
        )
    if satisfies(baseline.value, op, t):
        return result(
            shortfall,
            Reason.MISSED,
            f"{v} breaks the bound {op.symbol} {format_number(t)}, which the {baseline.year} baseline "
            f"{format_number(baseline.value)} already held{nature_note}",
        )
    m = milestone(baseline, t, target.year, year)
    m_op = _milestone_op(op, baseline.value, t)
    where = f"{year} milestone (序时进度) {m_op.symbol} {format_number(m)}"
    if satisfies(value, m_op, m):
        return result(Status.PASS, Reason.ON_TRACK, f"{v} is on track: {where}; target {goal}", m)
    return result(shortfall, Reason.BEHIND_SCHEDULE, f"{v} is behind schedule: {where}; target {goal}{nature_note}", m)


def applicable_targets(targets: tuple[Target, ...], year: int) -> list[Target]:
    """Targets still ahead of or due in ``year``; once all are past, the latest ones keep applying."""
    ahead = [t for t in targets if t.year >= year]
    if ahead:
        return ahead
    last = max(t.year for t in targets)
    return [t for t in targets if t.year == last]


def evaluate_plan(
    plan: LoadedPlan, index: IndicatorIndex, reported: ReportedValues | None, year: int
) -> DistrictResult:
    """Evaluate every target of a plan against one year's reported values (None: nothing reported)."""
    meta = plan.plan.plan
    indicators = []
    for entry in plan.plan.indicators:
        indicator = index.get(entry.indicator)
        assert indicator is not None  # checked when the plan was loaded
        value = reported.values.get(entry.indicator) if reported else None
        results = tuple(
            evaluate_target(target, entry.baseline, value, year, meta.id)
            for target in applicable_targets(entry.targets, year)
        )
        indicators.append(
            IndicatorResult(
                indicator=indicator,
                entry=entry,
                value=value,
                value_source=reported.sources.get(entry.indicator) if reported else None,
                value_note=reported.notes.get(entry.indicator) if reported else None,
                targets=results,
            )
        )
    return DistrictResult(
        plan=meta,
        year=year,
        illustrative=reported.data.illustrative if reported else False,
        data_path=reported.path if reported else None,
        data_source=reported.data.source if reported else None,
        indicators=tuple(indicators),
    )
