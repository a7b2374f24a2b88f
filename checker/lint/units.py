"""U1xx: units. A figure read in another unit than the document prints it in is judged wrongly by a factor of ten
or a hundred, so the printed unit, the figure's range and the conventional unit of the quantity are checked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from checker.domain.models import Indicator, TargetKind
from checker.domain.numbers import format_number
from checker.lint.codes import Code, Severity
from checker.lint.config import U103Options
from checker.lint.context import Context, Hit, Loc, check, target_loc

U101 = Code(
    "U101",
    "unit-mismatch",
    Severity.ERROR,
    description="The unit the document prints (printed_unit, in the printed name, or after the target's figure) is "
    "not the catalogue unit the figures are read in.",
    details="The unit the document prints (`printed_unit`, a rate unit in the printed name, or the unit after the "
    "target's figure in `printed`) is not the catalogue unit the figures are read in.",
    passing="婴儿死亡率 (catalogue ‰) printed `婴儿死亡率(‰)`, `控制在3.5‰以内`",
    failing='`printed_unit: "%"` on 婴儿死亡率; `平均跑动次数降至0.01%以下` for a count of trips (次)',
)
U102 = Code(
    "U102",
    "value-outside-unit",
    Severity.ERROR,
    description="A figure its unit does not allow: a share below 0 or above 100 % (1000 ‰, 100000 /10万), or a "
    "negative count or amount.",
    details="A figure its unit does not allow: a share below 0 or above 100 % (1000 ‰, 100000 /10万), a negative "
    "count or amount (baselines, threshold and range figures, project investments). Indicators the catalogue marks "
    "`signed: true` (rates of change) are exempt.",
    passing="居民健康素养水平 `≥ 100`",
    failing="`≥ 105` (%); baseline `-1` 人/千人; `investment: {value: -5, unit: 万元}`",
)
U103 = Code(
    "U103",
    "unit-unfit",
    Severity.ERROR,
    description="A quantity given in a unit it is never stated in: a mortality rate in % (the conventional units "
    "are configured).",
    details="A quantity given in a unit it is never stated in: a target `unit` (or a catalogue unit) other than the "
    "conventional one for the quantity, configured by name fragment (婴儿死亡率 ‰, 孕产妇死亡率 /10万).",
    passing="婴儿死亡率 target with no `unit` (read in ‰)",
    failing='婴儿死亡率 target `value: 0.35, unit: "%"` (converts silently to 3.5 ‰)',
)

_NAME_UNIT = re.compile(r"[(（]\s*(%|％|‰|/10万)\s*[)）]|(%|％|‰)\s*$")
_FIGURE_UNIT = re.compile(r"(\d+(?:\.\d+)?)\s*(%|％|‰|/10万)")
_NUMERIC = (TargetKind.THRESHOLD, TargetKind.RANGE, TargetKind.CHANGE, TargetKind.YOY_CHANGE)


def _rate(unit: str) -> str:
    """A printed rate unit as the catalogue spells it (the full-width ％ is %)."""
    return "%" if unit == "％" else unit


@check(U101)
def printed_units(ctx: Context) -> Iterator[Hit]:
    """The unit the document prints against the catalogue unit the checker reads the figures in."""
    for n, entry in enumerate(ctx.plan.plan.indicators):
        indicator = ctx.indicator(entry.indicator)
        found = _NAME_UNIT.search(entry.printed_name)
        printed, loc = (
            (entry.printed_unit, ("indicators", n, "printed_unit"))
            if entry.printed_unit is not None
            else (_rate(found.group(1) or found.group(2)) if found else None, ("indicators", n, "printed_name"))
        )
        if printed is not None and printed != indicator.unit:
            yield Hit(
                U101.id,
                loc,
                f"{entry.printed_name}: printed in {printed!r}, but the catalogue unit is {indicator.unit!r}; "
                f"the figures are read in {indicator.unit!r}",
                entry.indicator,
                ctx.entry_cite(n),
            )
        for k, target in enumerate(entry.targets):
            figures = [f for f in (target.value, target.low, target.high) if isinstance(f, Decimal)]
            if target.kind not in _NUMERIC or not figures:
                continue
            expected = target.unit or indicator.unit
            for match in _FIGURE_UNIT.finditer(target.printed):
                unit = _rate(match.group(2))
                if Decimal(match.group(1)) in figures and unit != expected and not (target.relative and unit == "%"):
                    yield Hit(
                        U101.id,
                        target_loc(n, k, "printed"),
                        f"{entry.printed_name}: the target prints {match.group(0)!r}, but its figure is read in "
                        f"{expected!r}",
                        entry.indicator,
                        target.source.cite(),
                    )


_LIMITS = {"%": Decimal(100), "‰": Decimal(1000), "/10万": Decimal(100_000)}


def _outside(value: Decimal, unit: str) -> str | None:
    """Why a figure is impossible in its unit, or None when it is possible."""
    if value < 0:
        return f"{format_number(value)} is negative"
    limit = _LIMITS.get(unit)
    if limit is not None and value > limit:
        return f"{format_number(value)} {unit} is above {format_number(limit)} {unit}"
    return None


@check(U102)
def values_outside_unit(ctx: Context) -> Iterator[Hit]:
    """A share above 100 % (1000 ‰) or below 0, a negative count or amount; rates of change are exempt."""
    for n, entry in enumerate(ctx.plan.plan.indicators):
        indicator = ctx.indicator(entry.indicator)
        if indicator.signed:
            continue
        if entry.baseline is not None and (why := _outside(entry.baseline.value, indicator.unit)):
            yield Hit(
                U102.id,
                ("indicators", n, "baseline", "value"),
                f"{entry.printed_name}: baseline {why}",
                entry.indicator,
                ctx.entry_cite(n),
            )
        for k, target in enumerate(entry.targets):
            if target.kind not in (TargetKind.THRESHOLD, TargetKind.RANGE):
                continue
            for field in ("value", "low", "high"):
                raw = getattr(target, field)
                if isinstance(raw, Decimal) and (why := _outside(raw, target.unit or indicator.unit)):
                    yield Hit(
                        U102.id,
                        target_loc(n, k, field),
                        f"{entry.printed_name}: target {why}",
                        entry.indicator,
                        target.source.cite(),
                    )
    for n, project in enumerate(ctx.plan.plan.projects):
        if project.investment is not None and project.investment.value < 0:
            yield Hit(
                U102.id,
                ("projects", n, "investment", "value"),
                f"{project.name}: investment {format_number(project.investment.value)} is negative",
                project.id,
            )


def conventional_unit(name: str, options: U103Options) -> str | None:
    """The unit a quantity is conventionally stated in, from the longest configured name fragment it contains."""
    matches = sorted((p for p in options.units if p in name), key=len, reverse=True)
    return options.units[matches[0]] if matches else None


def catalogue_unit_hits(indicators: list[tuple[Loc, Indicator]], options: U103Options) -> Iterator[Hit]:
    """U103 over catalogue entries: the unit every plan's figures of the indicator are read in."""
    for loc, indicator in indicators:
        unit = conventional_unit(indicator.name, options)
        if unit is not None and indicator.unit != unit:
            yield Hit(
                U103.id,
                (*loc, "unit"),
                f"{indicator.name} is a quantity stated in {unit!r}, but its catalogue unit is {indicator.unit!r}",
                indicator.id,
            )


@check(U103)
def target_units_unfit(ctx: Context) -> Iterator[Hit]:
    """A target stated in a unit that the quantity is never given in (a mortality rate in %)."""
    for n, k, indicator, target in ctx.targets():
        unit = conventional_unit(indicator.name, ctx.options.U103)
        if unit is not None and target.unit is not None and target.unit != unit:
            yield Hit(
                U103.id,
                target_loc(n, k, "unit"),
                f"{indicator.name} is a quantity stated in {unit!r}; this target is given in {target.unit!r}",
                indicator.id,
                target.source.cite(),
            )
