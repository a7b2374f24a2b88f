"""D2xx: direction. A target is meant to improve on its baseline; one that aims at, forces or permits a worse value
than the baseline (for the catalogue's better direction) is a typing slip, a document's slip, or no target at all."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from checker.domain.models import Direction, Op, TargetKind
from checker.domain.numbers import format_number
from checker.lint.codes import Code, Severity
from checker.lint.context import Context, Hit, aligned, check, figure, target_loc

D201 = Code(
    "D201",
    "target-worse-than-baseline",
    Severity.ERROR,
    description="The target aims at (or forces) a value worse than the baseline: lower-is-better with a target "
    "above the baseline, or the reverse.",
    details="The target aims at a value worse than the baseline: a bare figure (`op_inferred`) or `==` on the worse "
    "side of the baseline, an explicit bound that forces worsening, a change or year-on-year change pointing the "
    "worse way, a `maintain` target rising on a lower-is-better indicator (or the reverse).",
    passing="万元收入能耗支出 112 → `≤95`",
    failing="80 → `90` (bare figure, lower is better)",
)
D202 = Code(
    "D202",
    "no-ambition",
    Severity.WARNING,
    description="The baseline already meets an explicit bound by more than the margin (default 10 % of the "
    "baseline): the target asks for nothing.",
    details="An explicit bound (≥ ≤ > <) that the baseline already meets by more than the margin (default 10 % of "
    "the baseline; any gap from a baseline of 0): the target asks for nothing.",
    passing="重大慢性病过早死亡率 16 → `≤15`",
    failing="10 → `≤13.5` (35 % slack)",
)
D203 = Code(
    "D203",
    "permits-worsening",
    Severity.INFO,
    description="The baseline already meets an explicit bound by less than the margin: holding the bound permits "
    "getting worse than the baseline.",
    details="An explicit bound the baseline already meets by less than the margin: holding it permits getting worse "
    "than the baseline (a hold-the-line bound, worth knowing when judging progress).",
    passing="地表水 100 → `≥100`",
    failing="近视率 45 → `≤49` (8.9 % slack)",
)


def _worse(value: Fraction, than: Fraction, direction: Direction) -> bool:
    """Whether ``value`` is on the bad side of ``than`` for an indicator whose better way is ``direction``."""
    return value < than if direction is Direction.HIGHER else value > than


@check(D201, D202, D203)
def direction_against_baseline(ctx: Context) -> Iterator[Hit]:
    """Targets that aim at, or permit, a value worse than the baseline for the indicator's direction."""
    margin = Fraction(ctx.options.D202.margin_percent)
    for n, entry in enumerate(ctx.plan.plan.indicators):
        indicator = ctx.indicator(entry.indicator)
        direction, name = indicator.direction, entry.printed_name
        way = "higher" if direction is Direction.HIGHER else "lower"
        for k, target in enumerate(entry.targets):
            cite = target.source.cite()
            if target.kind in (TargetKind.CHANGE, TargetKind.YOY_CHANGE):
                if _worse(figure(target.number, target, indicator), Fraction(0), direction):
                    yield Hit(
                        D201.id,
                        target_loc(n, k, "value"),
                        f"{name}: the target change {target.printed!r} points the worse way for a {way}-is-better "
                        "indicator",
                        indicator.id,
                        cite,
                    )
                continue
            if target.kind is TargetKind.MAINTAIN:
                assert target.op is not None
                if target.op is not Op.EQ and not aligned(target.op, direction):
                    yield Hit(
                        D201.id,
                        target_loc(n, k, "op"),
                        f"{name}: {target.printed!r} ({target.op.symbol} {target.against}) points the worse way for "
                        f"a {way}-is-better indicator",
                        indicator.id,
                        cite,
                    )
                continue
            if target.kind is not TargetKind.THRESHOLD or entry.baseline is None:
                continue
            assert target.op is not None
            b, t = Fraction(entry.baseline.value), figure(target.number, target, indicator)
            if not _worse(t, b, direction):
                continue
            since = f"the {entry.baseline.year} baseline {format_number(entry.baseline.value)}"
            goal = f"{target.op.symbol} {format_number(target.number)}{target.unit or ''}"
            if target.op_inferred or target.op is Op.EQ or not aligned(target.op, direction):
                what = "aims at" if target.op_inferred or target.op is Op.EQ else "forces"
                yield Hit(
                    D201.id,
                    target_loc(n, k, "value"),
                    f"{name}: the target {goal} {what} a value worse than {since} for a {way}-is-better indicator",
                    indicator.id,
                    cite,
                )
                continue
            gap = abs(t - b) / abs(b) * 100 if b else None
            wide = gap is None or gap > margin
            shown = "from 0" if gap is None else f"{format_number(gap, 1)} % of it"
            yield Hit(
                (D202 if wide else D203).id,
                target_loc(n, k, "value"),
                f"{name}: {since} already meets {goal} with a margin of {format_number(abs(t - b))} ({shown}); "
                + ("the target asks for nothing" if wide else "the target permits getting worse than the baseline"),
                indicator.id,
                cite,
            )
