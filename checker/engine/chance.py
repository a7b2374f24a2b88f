"""Chance in a verdict: a reported rate or share that carries its numerator and denominator gets its confidence
interval (checker.domain.uncertainty) on every target of its row, with whether the interval holds the figure the
value was judged against; with significance (``--significance``, or ``significance: true`` in the plan block) a
shortfall whose interval holds that figure becomes a warn, reason ``within_uncertainty``: the miss may be chance.
Without it the verdict is the plan's rule on the reported figure, unchanged. docs/evaluation.md, "Chance".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from checker.domain.messages import Message
from checker.domain.models import PlanMeta, TargetKind
from checker.domain.numbers import Number
from checker.domain.results import IndicatorResult, Reason, Status, TargetResult
from checker.domain.uncertainty import Interval, Level, Method, interval, shown_bounds
from checker.domain.units import convert
from checker.engine.rules import fmt, with_unit
from checker.inputs.data_store import ReportedValues

# The shortfalls chance may explain: a figure judged against a target, a milestone or a higher level's floor.
CHANCE_REASONS = frozenset({Reason.MISSED, Reason.BEHIND_SCHEDULE, Reason.FLOOR_BREACHED})


@dataclass(frozen=True)
class Chance:
    """How a plan's run treats chance: whether a shortfall its interval may explain is a warn, and the level."""

    significance: bool
    level: Level

    @classmethod
    def of(cls, meta: PlanMeta, significance: bool | None = None, level: Level | None = None) -> Chance:
        """The run's options where given (--significance / --no-significance, --confidence), else the plan's."""
        return cls(meta.significance if significance is None else significance, level or meta.confidence)


def with_intervals(
    rows: Sequence[IndicatorResult], reported: ReportedValues | None, chance: Chance
) -> tuple[IndicatorResult, ...]:
    """The rows, each whose value has a numerator and denominator (and whose indicator varies by chance) with its
    interval on its targets and, with significance, the shortfalls it may explain made warns."""
    counts = reported.counts if reported is not None else {}
    result = []
    for row in rows:
        given = counts.get(row.indicator.id) if row.kind != "project" else None
        found = None if given is None else interval(row.indicator.uncertainty, given, row.indicator.unit, chance.level)
        if found is None:
            result.append(row)
            continue
        targets = tuple(judge(t, found, row.indicator.unit, chance.significance) for t in row.targets)
        result.append(replace(row, targets=targets))
    return tuple(result)


def judge(result: TargetResult, found: Interval, unit: str, significance: bool) -> TargetResult:
    """One target with the value's interval and whether it holds the figure judged against; with significance, a
    shortfall (missed, behind schedule, a floor breached) whose interval holds it is a warn, within_uncertainty."""
    figures = judged_against(result, unit)
    inside = [f for f in figures or () if found.contains(f)]
    result = replace(result, interval=found, within_interval=None if figures is None else bool(inside))
    if not (significance and inside and result.reason in CHANCE_REASONS):
        return result
    lower, upper = shown_bounds(found, inside)
    message = Message(
        "within_uncertainty",
        message=result.message,
        figure=with_unit(fmt(inside[0]), unit),
        level=found.level,
        lower=lower,
        upper=with_unit(upper, unit),
        method=method_name(found.method),
    )
    return replace(
        result, status=Status.WARN, reason=Reason.WITHIN_UNCERTAINTY, message=message, unadjusted=result.status
    )


def method_name(method: Method) -> Message:
    """The name of the method an interval was made with, in either language."""
    return Message(
        "method.exact_poisson" if method == "exact_poisson" else "method.byar" if method == "byar" else "method.wilson"
    )


def judged_against(result: TargetResult, unit: str) -> list[Number] | None:
    """The figures the value was held against, in the indicator's unit: the 序时进度 milestone when the verdict was
    the comparison with it, else a threshold's figure or a range's two ends; None for other kinds (a change, a
    project), which the interval of a level does not speak to."""
    target = result.target
    if target is None or target.kind not in (TargetKind.THRESHOLD, TargetKind.RANGE):
        return None
    line = result.trajectory
    if line is not None and line.compared:
        return [line.milestone]
    raw = [target.value] if target.kind is TargetKind.THRESHOLD else [target.low, target.high]
    figures = [f for f in raw if isinstance(f, Decimal)]
    return [convert(f, target.unit, unit) if target.unit else f for f in figures]
