"""H5xx: against higher levels. A district's target may be stricter than the municipal and national ones for the
same indicator and year, never looser; the chain of ``parent`` plans gives those floors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from checker.domain.models import Indicator, Op, Target, TargetKind
from checker.engine.engine import applicable_targets
from checker.engine.rules import describe
from checker.lint.codes import Code, Severity
from checker.lint.context import Context, Hit, check, figure, orientation, target_loc

H501 = Code(
    "H501",
    "looser-than-floor",
    Severity.ERROR,
    description="A target admits values that a higher level's target for the same indicator and year rejects.",
    details="A threshold or range target admits values that a higher level's (municipal, national: the plan's "
    "`parent` chain) threshold or range target for the same indicator and year rejects.",
    passing="健康素养 `≥25.0` (national `≥25.0`); 吸烟率 `20—23.3` (national `≤23.3`)",
    failing="`≥20` against national `≥25.0`; `20—25` against `≤23.3`",
)
H502 = Code(
    "H502",
    "opposite-to-floor",
    Severity.ERROR,
    description="A target bounds the indicator from the other side than a higher level's target for the same year "
    "(a ceiling against a floor).",
    details="A target bounds the indicator from the other side than a higher level's target for the same year (a "
    "floor against a ceiling).",
    passing="婴儿死亡率 `≤3.5` (national `≤5.2`)",
    failing="婴儿死亡率 `≥3`",
)
H503 = Code(
    "H503",
    "unresolved-reference",
    Severity.WARNING,
    description="A reference target (达到市级要求) names a higher level's target that its rule set does not give, "
    "so it cannot be judged.",
    details="A `reference` target (`达到市级要求`, `市级下达`) names a higher level's target that its rule set does "
    "not give for the year, so the target cannot be judged. (`use: value` references are resolved from data files "
    "at run time and are not checked here.)",
    passing="`ref: {plan: national, indicator: air_quality_good_days_ratio}`",
    failing="`ref: {plan: chongqing, …}` while rules/chongqing.yaml has no targets",
)
H504 = Code(
    "H504",
    "unknown-parent",
    Severity.ERROR,
    description="The plan's parent is not a loaded plan, so no higher-level floors apply.",
    details="The plan's `parent` is not a loaded plan, so no higher-level floors apply.",
    passing="`parent: chongqing`",
    failing="`parent: nowhere`",
)


@dataclass(frozen=True)
class Bounds:
    """The values a threshold or range target admits: an interval, open or closed at each end, maybe unbounded."""

    low: Fraction | None = None
    low_strict: bool = False
    high: Fraction | None = None
    high_strict: bool = False

    def within(self, outer: Bounds) -> bool:
        """Every value this admits, ``outer`` admits too."""
        if outer.low is not None and (
            self.low is None
            or self.low < outer.low
            or (self.low == outer.low and outer.low_strict and not self.low_strict)
        ):
            return False
        return outer.high is None or not (
            self.high is None
            or self.high > outer.high
            or (self.high == outer.high and outer.high_strict and not self.high_strict)
        )

    @property
    def side(self) -> int:
        """1: a floor only, -1: a ceiling only, 0: bounded on both sides."""
        return 1 if self.high is None else -1 if self.low is None else 0


def bounds(target: Target, indicator: Indicator) -> Bounds | None:
    """The values a threshold or range target admits, in the catalogue unit; None for other kinds."""
    if target.kind is TargetKind.RANGE:
        return Bounds(low=figure(target.low, target, indicator), high=figure(target.high, target, indicator))
    if target.kind is not TargetKind.THRESHOLD or target.op is None:
        return None
    t, op = figure(target.number, target, indicator), target.op
    if op is Op.EQ:
        return Bounds(low=t, high=t)
    if orientation(op) > 0:
        return Bounds(low=t, low_strict=op is Op.GT)
    return Bounds(high=t, high_strict=op is Op.LT)


@check(H501, H502, H504)
def against_floors(ctx: Context) -> Iterator[Hit]:
    """A target looser than, or pointing away from, a higher level's target for the same indicator and year."""
    parent = ctx.plan.meta.parent
    if parent is not None and parent not in ctx.registry.by_id:
        yield Hit(H504.id, ("plan", "parent"), f"parent plan '{parent}' is not loaded: no higher-level floors apply")
    ancestors = ctx.registry.ancestors(ctx.plan)
    for n, k, indicator, target in ctx.targets():
        own = bounds(target, indicator)
        if own is None:
            continue
        for higher in ancestors:
            entry = higher.entries.get(indicator.id)
            floors = [(f, bounds(f, indicator)) for f in (entry.targets if entry else ()) if f.year == target.year]
            for floor, limit in floors:
                if limit is None:
                    continue
                opposite = own.side * limit.side < 0
                if opposite or not own.within(limit):
                    where = f"{higher.meta.name}'s {describe(floor)} ({floor.source.cite()})"
                    field = "op" if opposite else "value" if target.kind is TargetKind.THRESHOLD else "low"
                    yield Hit(
                        (H502 if opposite else H501).id,
                        target_loc(n, k, field),
                        f"{ctx.plan.plan.indicators[n].printed_name}: {describe(target)} "
                        + (f"points the other way from {where}" if opposite else f"is looser than {where}"),
                        indicator.id,
                        target.source.cite(),
                    )
                    break


@check(H503)
def unresolved_references(ctx: Context) -> Iterator[Hit]:
    """A reference to a higher level's target (达到市级要求) that its rule set does not give."""
    for n, k, _indicator, target in ctx.targets():
        ref = target.ref
        if target.kind is not TargetKind.REFERENCE or ref is None or ref.use != "target":
            continue
        other = ctx.registry.by_id.get(ref.plan)
        entry = other.entries.get(ref.indicator) if other else None
        given = entry is not None and any(
            t.kind is TargetKind.THRESHOLD for t in applicable_targets(entry.targets, target.year)
        )
        if not given:
            lacks = f"rule set '{ref.plan}'" if other else f"plan '{ref.plan}', which is not loaded,"
            yield Hit(
                H503.id,
                (*target_loc(n, k, "ref"), "indicator"),
                f"{target.printed!r} refers to {ref.plan}'s {target.year} target for {ref.indicator}, which the "
                f"{lacks} does not give: the target cannot be judged",
                ref.indicator,
                target.source.cite(),
            )
