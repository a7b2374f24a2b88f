"""The rule kinds: one function per target kind, registered by name.

A rule returns an Outcome (a reason, a message, and the milestone and progress where they apply); the status
follows from the reason and the target's nature in ``results.status_for``, the one place severity is decided.
What each kind means is in docs/plan-format.md; how a threshold is judged over time in docs/evaluation.md.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from checker.domain.messages import Message
from checker.domain.models import STATUSES, Baseline, Comparison, Direction, Op, Reference, Target, TargetKind, Value
from checker.domain.numbers import Number, format_number, round_like, to_fraction
from checker.domain.results import Reason, Trajectory
from checker.domain.units import convert

_COMPARE: dict[Op, Callable[[Number, Number], bool]] = {
    Op.GE: operator.ge,
    Op.GT: operator.gt,
    Op.LE: operator.le,
    Op.LT: operator.lt,
    Op.EQ: operator.eq,
}


def satisfies(value: Number, op: Op, bound: Number) -> bool:
    """``value op bound``, compared exactly: two decimals as they are (a comparison of decimals never rounds),
    anything else as fractions."""
    if type(value) is Decimal and type(bound) is Decimal:
        return _COMPARE[op](value, bound)
    return _COMPARE[op](to_fraction(value), to_fraction(bound))


def milestone(baseline: Baseline, target_value: Number, target_year: int, year: int) -> Fraction:
    """The 序时进度 value for ``year`` on the straight line from the baseline to the target."""
    b, t = Fraction(baseline.value), to_fraction(target_value)
    if target_year <= baseline.year or year <= baseline.year:
        return b
    if year >= target_year:
        return t
    return b + (t - b) * Fraction(year - baseline.year, target_year - baseline.year)


@dataclass(frozen=True)
class Facts:
    """Everything a rule may look at for one indicator in one year."""

    year: int
    unit: str
    direction: Direction
    baseline: Baseline | None
    value: Value | None
    previous: Callable[[], Decimal | None] = lambda: None  # last year's reported value
    other: Callable[[str], tuple[Baseline | None, Value | None]] = lambda _id: (None, None)  # same plan, same year
    resolve: Callable[[Reference, int], Decimal | None] = lambda _ref, _year: None  # a higher level's figure
    starts: int | None = None  # a project's first year
    comparison: Comparison = "full"  # the plan's GB/T 8170 comparison, for targets that do not state their own


@dataclass(frozen=True)
class Outcome:
    """What a rule says about one target; the status follows from the reason (results.status_for)."""

    reason: Reason
    message: Message  # English as a str; a code and parameters for the reports people read (checker.domain.messages)
    milestone: Fraction | None = None
    progress: Fraction | None = None  # actual change / change required by the trajectory (docs/evaluation.md)
    trajectory: Trajectory | None = None  # the 序时进度 line behind the milestone and the progress ratio
    rounded: Decimal | None = None  # GB/T 8170 修约值比较法: the value as rounded to the target's digits


Rule = Callable[[Target, Facts], Outcome]
RULES: dict[TargetKind, Rule] = {}


def rule(kind: TargetKind) -> Callable[[Rule], Rule]:
    """Register the decorated function as the rule of ``kind`` in RULES."""

    def register(func: Rule) -> Rule:
        RULES[kind] = func
        return func

    return register


def evaluate(target: Target, facts: Facts) -> Outcome:
    """Evaluate one target; a missing value is answered here, once, for every kind."""
    if facts.value is None:
        return Outcome(
            Reason.MISSING_VALUE, Message("missing_value", year=facts.year, goal=describe(target, facts.unit))
        )
    return RULES[target.kind](target, facts)


def describe(target: Target, unit: str | None = None) -> Message:
    """A target in a few symbols with the unit its figures are in: '≥ 3.6 人/千人 by 2025', '≥ 3 万人次 by 2025' (a
    target's own unit, else ``unit``, the indicator's); a status has none."""
    kind = target.kind
    unit = target.unit or unit
    if kind is TargetKind.RANGE:
        return Message("goal.range", low=fmt(target.low), high=with_unit(fmt(target.high), unit), year=target.year)
    if kind is TargetKind.THRESHOLD and target.op is not None:
        return Message("goal.op", op=target.op.symbol, value=with_unit(fmt(target.value), unit), year=target.year)
    if kind is TargetKind.MILESTONE:
        op = target.op.symbol if target.op is not None else "≥"
        return Message("goal.op", op=op, value=fmt(target.value), year=target.year)
    return Message("goal.printed", printed=target.printed, year=target.year)


def with_unit(text: str, unit: str | None) -> str:
    """A figure as a message writes it, with its unit: '4.2 人/千人', '48.5 %'; as it is when there is no unit."""
    return f"{text} {unit}" if unit else text


def fmt(value: Value | Number | None) -> str:
    """A value or figure in a message: a number as written (≈ when rounded), done / not done, — for none."""
    if isinstance(value, Decimal | Fraction):
        return format_number(value)
    if isinstance(value, bool):
        return "done" if value else "not done"
    return "—" if value is None else str(value)


def number(target: Target, raw: Decimal | None, facts: Facts) -> Decimal:
    """A figure of the target in the indicator's unit (targets may be written in 万人次 for a 人次 indicator)."""
    assert raw is not None
    return convert(raw, target.unit, facts.unit) if target.unit else raw


# --- thresholds and the trajectory ------------------------------------------------------------------------


def _trajectory(
    op: Op,
    t: Decimal,
    baseline: Baseline | None,
    v: Number,
    target_year: int,
    year: int,
    goal: Message,
    unit: str | None,
    what: Message | None = None,
    rounded: Decimal | None = None,
) -> Outcome:
    """The issue-3 rules for ``v op t``: met; missed at the target year; else bound, milestone or no baseline. The
    figures in the message carry ``unit``. With ``rounded`` (GB/T 8170's 修约值比较法) the value as rounded is held
    against the target and the bound; the 序时进度 milestone, a figure no plan states, against the value as given."""
    shown: str | Message = what or with_unit(fmt(v), unit)
    if rounded is not None and rounded != v:
        shown = Message("rounded.shown", value=shown, rounded=with_unit(fmt(rounded), unit))
    line = _line(op, t, baseline, v, target_year, year)
    if satisfies(v if rounded is None else rounded, op, t):
        return Outcome(Reason.MET, Message("met", shown=shown, goal=goal), progress=_progress(line), trajectory=line)
    if year >= target_year:
        return Outcome(
            Reason.MISSED, Message("missed", shown=shown, goal=goal), progress=_progress(line), trajectory=line
        )
    if baseline is None or line is None:
        return Outcome(Reason.NO_BASELINE, Message("no_baseline", shown=shown, goal=goal))
    if satisfies(baseline.value, op, t):
        return Outcome(
            Reason.MISSED,
            Message(
                "bound_broken",
                shown=shown,
                op=op.symbol,
                bound=with_unit(fmt(t), unit),
                baseline_year=baseline.year,
                baseline=with_unit(fmt(baseline.value), unit),
            ),
        )
    line = replace(line, compared=True)
    m = line.milestone
    where: dict[str, str | int] = {
        "year": year,
        "op": line.op.symbol,
        "milestone": with_unit(format_number(m), unit),
        "shown": shown,
        "goal": goal,
    }
    progress = _progress(line)
    if satisfies(v, line.op, m):
        return Outcome(Reason.ON_TRACK, Message("on_track", **where), m, progress, line)
    return Outcome(Reason.BEHIND_SCHEDULE, Message("behind_schedule", **where), m, progress, line)


def _line(op: Op, t: Decimal, baseline: Baseline | None, v: Number, target_year: int, year: int) -> Trajectory | None:
    """The 序时进度 line from the baseline to ``t`` as it stands in ``year`` (none without a baseline). A strict
    target is compared strictly with its milestone too; an equality target is approached from its baseline's side."""
    if baseline is None:
        return None
    m_op = op if op is not Op.EQ else (Op.GE if t > baseline.value else Op.LE)
    m = milestone(baseline, t, target_year, year)
    return Trajectory(baseline.year, baseline.value, t, target_year, year, m, v, m_op, compared=False)


def _progress(line: Trajectory | None) -> Fraction | None:
    """Actual change since the baseline over the change the trajectory requires by its year."""
    if line is None or line.year <= line.baseline_year:
        return None
    required = line.milestone - Fraction(line.baseline)
    if required == 0:
        return None
    return (to_fraction(line.value) - Fraction(line.baseline)) / required


@rule(TargetKind.THRESHOLD)
def threshold(target: Target, facts: Facts) -> Outcome:
    """v op value. Passing: 3.49 ≥ milestone 3.49 (on_track). Failing: 3.379 < milestone 3.38."""
    v = _number_value(facts)
    t = number(target, target.number, facts)
    assert target.op is not None
    goal = describe(target, facts.unit)
    rounded = _rounded(target, facts, v, target.number)
    outcome = _trajectory(target.op, t, facts.baseline, v, target.year, facts.year, goal, facts.unit, None, rounded)
    return outcome if rounded is None else replace(outcome, rounded=rounded)


def _rounded(target: Target, facts: Facts, v: Decimal, figure: Decimal | None) -> Decimal | None:
    """With GB/T 8170's 修约值比较法 (the target's ``comparison``, else its plan's): ``v`` rounded to the digits the
    target states ``figure`` with, in the target's own unit (3 万人次: to whole 万人次), given back in the indicator's;
    None with the full-value comparison (全数值比较法), the default."""
    if (target.comparison or facts.comparison) != "rounded" or figure is None:
        return None
    if not target.unit or target.unit == facts.unit:
        return round_like(v, figure)
    return convert(round_like(convert(v, facts.unit, target.unit), figure), target.unit, facts.unit)


@rule(TargetKind.RANGE)
def in_range(target: Target, facts: Facts) -> Outcome:
    """low ≤ v ≤ high. Passing: 1.2 in 1–1.5. Failing: 0.8 (after the target year, or short of the milestone)."""
    v = _number_value(facts)
    low, high = number(target, target.low, facts), number(target, target.high, facts)
    goal = describe(target, facts.unit)
    # GB/T 8170 修约值比较法: each end against the value rounded to that end's digits
    at_low = _rounded(target, facts, v, target.low)
    at_high = _rounded(target, facts, v, target.high)
    v_low, v_high = v if at_low is None else at_low, v if at_high is None else at_high
    below = v_low < low
    rounded = at_low if below else at_high
    value: str | Message = with_unit(fmt(v), facts.unit)
    if rounded is not None and rounded != v:
        value = Message("rounded.shown", value=value, rounded=with_unit(fmt(rounded), facts.unit))
    if low <= v_low and v_high <= high:
        return Outcome(Reason.MET, Message("range.met", value=value, goal=goal), rounded=rounded)
    b = facts.baseline
    if facts.year >= target.year or b is None or low <= b.value <= high or (b.value < low) != below:
        if facts.year < target.year and b is None:
            return Outcome(Reason.NO_BASELINE, Message("range.no_baseline", value=value, goal=goal), rounded=rounded)
        return Outcome(Reason.MISSED, Message("range.missed", value=value, goal=goal), rounded=rounded)
    # approaching the range from the baseline's side: the nearer end is the trajectory's target
    outcome = _trajectory(
        Op.GE if below else Op.LE,
        low if below else high,
        b,
        v,
        target.year,
        facts.year,
        goal,
        facts.unit,
        None,
        rounded,
    )
    return replace(outcome, rounded=rounded)


@functools.cache
def _zero_at(year: int) -> Baseline:
    """The change's own baseline, 0 in the baseline's year: one per year (a model validated once, not per target)."""
    return Baseline(year=year, value=Decimal(0))


@rule(TargetKind.CHANGE)
def change(target: Target, facts: Facts) -> Outcome:
    """(v − baseline) op value, on a trajectory from 0. Passing: 79.2 from 78.18 for 提高1岁. Failing: 78.9."""
    b = facts.baseline
    unit = "%" if target.relative else facts.unit  # the change's unit
    goal = describe(target, unit)
    if b is None:
        return Outcome(Reason.BASELINE_REQUIRED, Message("change.no_baseline", goal=goal))
    v = _number_value(facts)
    delta: Number = v - b.value
    if target.relative:
        if b.value == 0:
            return Outcome(Reason.BASELINE_REQUIRED, Message("change.zero_baseline", goal=goal))
        delta = Fraction(delta) / Fraction(b.value) * 100
    assert target.op is not None
    what = Message("change.shown", value=with_unit(fmt(v), facts.unit), delta=fmt(delta), unit=unit, year=b.year)
    zero = _zero_at(b.year)
    outcome = _trajectory(target.op, target.number, zero, delta, target.year, facts.year, goal, unit, what)
    if outcome.milestone is None:
        return outcome
    # the trajectory runs on the change; report its milestone as a value of the indicator, like the others
    base = Fraction(b.value)
    absolute = base * (1 + outcome.milestone / 100) if target.relative else base + outcome.milestone
    return replace(outcome, milestone=absolute)


@rule(TargetKind.YOY_CHANGE)
def yoy_change(target: Target, facts: Facts) -> Outcome:
    """(v − last year's v) op value, every year. Passing: 44.0 after 44.6 for 每年降低0.5. Failing: 44.3."""
    previous = facts.previous()
    if previous is None:
        return Outcome(
            Reason.MISSING_PREVIOUS_VALUE,
            Message("yoy.needs_previous", goal=describe(target, facts.unit), year=facts.year - 1),
        )
    v = _number_value(facts)
    delta = v - previous
    assert target.op is not None
    ok = satisfies(delta, target.op, number(target, target.number, facts))
    text = Message(
        "yoy.result",
        value=with_unit(fmt(v), facts.unit),
        delta=with_unit(fmt(delta), facts.unit),
        previous=with_unit(fmt(previous), facts.unit),
        year=facts.year - 1,
        op=target.op.symbol,
        target=with_unit(fmt(target.value), target.unit or facts.unit),
    )
    return Outcome(Reason.MET if ok else Reason.MISSED, text)


@rule(TargetKind.MAINTAIN)
def maintain(target: Target, facts: Facts) -> Outcome:
    """v op the baseline or last year's value (保持, 不降低, 持续提升). Passing: 93 ≥ 93. Failing: 92.9."""
    if target.against == "previous_year":
        reference, when = facts.previous(), facts.year - 1
        if reference is None:
            return Outcome(
                Reason.MISSING_PREVIOUS_VALUE, Message("maintain.needs_previous", printed=target.printed, year=when)
            )
    else:
        if facts.baseline is None:
            return Outcome(Reason.BASELINE_REQUIRED, Message("maintain.no_baseline", printed=target.printed))
        reference, when = facts.baseline.value, facts.baseline.year
    v = _number_value(facts)
    assert target.op is not None
    ok = satisfies(v, target.op, reference)
    text = Message(
        "maintain.holds" if ok else "maintain.breaks",
        value=with_unit(fmt(v), facts.unit),
        printed=target.printed,
        op=target.op.symbol,
        reference=with_unit(fmt(reference), facts.unit),
        year=when,
    )
    return Outcome(Reason.MET if ok else Reason.MISSED, text)


@rule(TargetKind.REFERENCE)
def reference(target: Target, facts: Facts) -> Outcome:
    """v op a higher level's figure. Passing: 90 ≥ 市级要求 88. Unresolved when the rule set lacks the figure."""
    assert target.ref is not None and target.op is not None
    ref = target.ref
    figure = facts.resolve(ref, facts.year)
    what = Message(
        "reference.target" if ref.use == "target" else "reference.value", plan=ref.plan, indicator=ref.indicator
    )
    if figure is None:
        return Outcome(
            Reason.UNRESOLVED_REFERENCE,
            Message("reference.unresolved", printed=target.printed, what=what, year=facts.year),
        )
    v = _number_value(facts)
    ok = satisfies(v, target.op, figure)
    text = Message(
        "reference.meets" if ok else "reference.misses",
        value=with_unit(fmt(v), facts.unit),
        printed=target.printed,
        op=target.op.symbol,
        figure=with_unit(fmt(figure), facts.unit),
        what=what,
    )
    return Outcome(Reason.MET if ok else Reason.MISSED, text)


@rule(TargetKind.PROPORTIONAL)
def proportional(target: Target, facts: Facts) -> Outcome:
    """v/baseline grows at least as much as another indicator's. Needs both baselines."""
    assert target.of is not None
    other_base, other_value = facts.other(target.of)
    b = facts.baseline
    if b is None or other_base is None:
        which = Message("proportional.this_indicator") if b is None else target.of
        return Outcome(
            Reason.BASELINE_REQUIRED, Message("proportional.no_baseline", printed=target.printed, which=which)
        )
    if not isinstance(other_value, Decimal):
        return Outcome(
            Reason.UNRESOLVED_REFERENCE,
            Message("proportional.needs_value", printed=target.printed, of=target.of, year=facts.year),
        )
    v = _number_value(facts)
    own, others = Fraction(v) / Fraction(b.value), Fraction(other_value) / Fraction(other_base.value)
    better = own >= others if facts.direction is Direction.HIGHER else own <= others
    text = Message(
        "proportional.result",
        value=with_unit(fmt(v), facts.unit),
        own=format_number(own),
        year=b.year,
        others=format_number(others),
        of=target.of,
        printed=target.printed,
    )
    return Outcome(Reason.MET if better else Reason.MISSED, text)


@rule(TargetKind.MILESTONE)
def project_milestone(target: Target, facts: Facts) -> Outcome:
    """A status at least the target's: 投入使用 ≥ 投入使用. Before the due year, started counts as in progress."""
    status = facts.value
    assert isinstance(status, str) and isinstance(target.value, str)
    reached, wanted = STATUSES.index(status), STATUSES.index(target.value)
    goal = describe(target)
    if reached >= wanted:
        return Outcome(Reason.MET, Message("milestone.reached", status=status, goal=goal))
    if facts.year >= target.year:
        return Outcome(Reason.MISSED, Message("milestone.short", status=status, goal=goal))
    if reached > 0:
        return Outcome(Reason.IN_PROGRESS, Message("milestone.in_progress", status=status, goal=goal))
    if facts.starts is not None and facts.year < facts.starts:
        return Outcome(
            Reason.NOT_YET_DUE, Message("milestone.not_yet_due", status=status, start=facts.starts, goal=goal)
        )
    return Outcome(Reason.NOT_STARTED, Message("milestone.not_started", status=status, year=facts.year, goal=goal))


@rule(TargetKind.DELIVERABLE)
def deliverable(target: Target, facts: Facts) -> Outcome:
    """Done (建成, 出台, 创建) by the year. Passing: true. Failing: false in or after the due year."""
    if facts.value is True:
        return Outcome(Reason.MET, Message("deliverable.done", printed=target.printed))
    if facts.year >= target.year:
        return Outcome(Reason.MISSED, Message("deliverable.missed", printed=target.printed, year=target.year))
    return Outcome(Reason.NOT_YET_DUE, Message("deliverable.not_yet", printed=target.printed, year=target.year))


def _number_value(facts: Facts) -> Decimal:
    assert isinstance(facts.value, Decimal), f"a numeric value was expected, got {facts.value!r}"
    return facts.value
