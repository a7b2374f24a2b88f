"""The lint checks: one function per class of mistake, each yielding Hits for the codes it declares.

A check looks at one loaded plan (with the registry for its higher levels and the catalogue) and says what is
wrong and where (a YAML path); checker.lint.runner turns Hits into findings with positions, severities and waivers.
What each code means, with a passing and a failing example, is in docs/lint.md. Figures are compared exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict

from checker.domain.models import (
    STATUSES,
    Direction,
    ExactNumber,
    Indicator,
    Nature,
    Op,
    Project,
    StatedTotal,
    Target,
    TargetKind,
)
from checker.domain.numbers import format_number
from checker.domain.units import convert
from checker.engine.engine import applicable_targets
from checker.engine.rules import describe
from checker.inputs.loading import LoadedPlan, PlanRegistry

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Hit:
    """One problem a check found: the code, the YAML path at fault, and a one-line explanation."""

    code: str
    loc: Loc
    message: str
    indicator: str | None = None
    citation: str | None = None


# --- options: what rules/lint.yaml may set per code --------------------------------------------------------------


class _Options(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class D202Options(_Options):
    margin_percent: ExactNumber = Decimal(10)  # a bound the baseline beats by more than this % of it: no ambition


class C302Options(_Options):
    sections: tuple[str, ...] = ("专栏1",)  # the indicator tables, whose rows print a nature


class C303Options(_Options):
    words: dict[Literal["national", "municipal", "district"], tuple[str, ...]] = {
        "district": ("全市", "全国"),
        "municipal": ("全国",),
    }


class U103Options(_Options):
    units: dict[str, str] = {"孕产妇死亡率": "/10万", "婴儿死亡率": "‰", "新生儿死亡率": "‰", "儿童死亡率": "‰"}


class Options(_Options):
    D202: D202Options = D202Options()
    C302: C302Options = C302Options()
    C303: C303Options = C303Options()
    U103: U103Options = U103Options()


@dataclass(frozen=True)
class Context:
    plan: LoadedPlan
    registry: PlanRegistry
    options: Options

    def indicator(self, indicator_id: str) -> Indicator:
        found = self.registry.index.get(indicator_id)
        assert found is not None, indicator_id  # unknown ids are load errors
        return found


Check = Callable[[Context], Iterator[Hit]]
CHECKS: dict[Check, tuple[str, ...]] = {}


def check(*codes: str) -> Callable[[Check], Check]:
    """Register a check with the codes it may report."""

    def register(func: Check) -> Check:
        CHECKS[func] = codes
        return func

    return register


# --- helpers -------------------------------------------------------------------------------------------------------


def _targets(ctx: Context) -> Iterator[tuple[int, int, Indicator, Target]]:
    for n, entry in enumerate(ctx.plan.plan.indicators):
        indicator = ctx.indicator(entry.indicator)
        for k, target in enumerate(entry.targets):
            yield n, k, indicator, target


def _tloc(n: int, k: int, field: str) -> Loc:
    return ("indicators", n, "targets", k, field)


def _figure(raw: Decimal | None, target: Target, indicator: Indicator) -> Fraction:
    """A target's figure in the indicator's catalogue unit, exactly."""
    assert raw is not None
    return Fraction(convert(raw, target.unit, indicator.unit) if target.unit else raw)


def _aligned(op: Op, direction: Direction) -> bool:
    """A floor on a higher-is-better indicator, or a ceiling on a lower-is-better one."""
    return op in ((Op.GE, Op.GT) if direction is Direction.HIGHER else (Op.LE, Op.LT))


def _worse(value: Fraction, than: Fraction, direction: Direction) -> bool:
    return value < than if direction is Direction.HIGHER else value > than


def _entry_cite(ctx: Context, n: int) -> str:
    return ctx.plan.plan.indicators[n].targets[0].source.cite()


# --- units ---------------------------------------------------------------------------------------------------------

_NAME_UNIT = re.compile(r"[(（]\s*(%|％|‰|/10万)\s*[)）]|(%|％|‰)\s*$")
_FIGURE_UNIT = re.compile(r"(\d+(?:\.\d+)?)\s*(%|％|‰|/10万)")
_NUMERIC = (TargetKind.THRESHOLD, TargetKind.RANGE, TargetKind.CHANGE, TargetKind.YOY_CHANGE)


def _rate(unit: str) -> str:
    return "%" if unit == "％" else unit


@check("U101")
def printed_units(ctx: Context) -> Iterator[Hit]:
    """The unit the document prints against the catalogue unit the checker reads the figures in."""
    for n, entry in enumerate(ctx.plan.plan.indicators):
        indicator = ctx.indicator(entry.indicator)
        cite = _entry_cite(ctx, n)
        found = _NAME_UNIT.search(entry.printed_name)
        printed, loc = (
            (entry.printed_unit, ("indicators", n, "printed_unit"))
            if entry.printed_unit is not None
            else (_rate(found.group(1) or found.group(2)) if found else None, ("indicators", n, "printed_name"))
        )
        if printed is not None and printed != indicator.unit:
            yield Hit(
                "U101",
                loc,
                f"{entry.printed_name}: printed in {printed!r}, but the catalogue unit is {indicator.unit!r}; "
                f"the figures are read in {indicator.unit!r}",
                entry.indicator,
                cite,
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
                        "U101",
                        _tloc(n, k, "printed"),
                        f"{entry.printed_name}: the target prints {match.group(0)!r}, but its figure is read in "
                        f"{expected!r}",
                        entry.indicator,
                        target.source.cite(),
                    )


_LIMITS = {"%": Decimal(100), "‰": Decimal(1000), "/10万": Decimal(100_000)}


def _outside(value: Decimal, unit: str) -> str | None:
    if value < 0:
        return f"{format_number(value)} is negative"
    limit = _LIMITS.get(unit)
    if limit is not None and value > limit:
        return f"{format_number(value)} {unit} is above {format_number(limit)} {unit}"
    return None


@check("U102")
def values_outside_unit(ctx: Context) -> Iterator[Hit]:
    """A share above 100 % (1000 ‰) or below 0, a negative count or amount; rates of change are exempt."""
    for n, entry in enumerate(ctx.plan.plan.indicators):
        indicator = ctx.indicator(entry.indicator)
        if getattr(indicator, "signed", False):
            continue
        if entry.baseline is not None and (why := _outside(entry.baseline.value, indicator.unit)):
            yield Hit(
                "U102",
                ("indicators", n, "baseline", "value"),
                f"{entry.printed_name}: baseline {why}",
                entry.indicator,
                _entry_cite(ctx, n),
            )
        for k, target in enumerate(entry.targets):
            if target.kind not in (TargetKind.THRESHOLD, TargetKind.RANGE):
                continue
            for field in ("value", "low", "high"):
                raw = getattr(target, field)
                if isinstance(raw, Decimal) and (why := _outside(raw, target.unit or indicator.unit)):
                    yield Hit(
                        "U102",
                        _tloc(n, k, field),
                        f"{entry.printed_name}: target {why}",
                        entry.indicator,
                        target.source.cite(),
                    )
    for n, project in enumerate(ctx.plan.plan.projects):
        if project.investment is not None and project.investment.value < 0:
            yield Hit(
                "U102",
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
                "U103",
                (*loc, "unit"),
                f"{indicator.name} is a quantity stated in {unit!r}, but its catalogue unit is {indicator.unit!r}",
                indicator.id,
            )


@check("U103")
def target_units_unfit(ctx: Context) -> Iterator[Hit]:
    """A target stated in a unit that the quantity is never given in (a mortality rate in %)."""
    for n, k, indicator, target in _targets(ctx):
        unit = conventional_unit(indicator.name, ctx.options.U103)
        if unit is not None and target.unit is not None and target.unit != unit:
            yield Hit(
                "U103",
                _tloc(n, k, "unit"),
                f"{indicator.name} is a quantity stated in {unit!r}; this target is given in {target.unit!r}",
                indicator.id,
                target.source.cite(),
            )


# --- direction -----------------------------------------------------------------------------------------------------


@check("D201", "D202", "D203")
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
                if _worse(_figure(target.number, target, indicator), Fraction(0), direction):
                    yield Hit(
                        "D201",
                        _tloc(n, k, "value"),
                        f"{name}: the target change {target.printed!r} points the worse way for a {way}-is-better "
                        "indicator",
                        indicator.id,
                        cite,
                    )
                continue
            if target.kind is TargetKind.MAINTAIN:
                assert target.op is not None
                if target.op is not Op.EQ and not _aligned(target.op, direction):
                    yield Hit(
                        "D201",
                        _tloc(n, k, "op"),
                        f"{name}: {target.printed!r} ({target.op.symbol} {target.against}) points the worse way for "
                        f"a {way}-is-better indicator",
                        indicator.id,
                        cite,
                    )
                continue
            if target.kind is not TargetKind.THRESHOLD or entry.baseline is None:
                continue
            assert target.op is not None
            b, t = Fraction(entry.baseline.value), _figure(target.number, target, indicator)
            if not _worse(t, b, direction):
                continue
            since = f"the {entry.baseline.year} baseline {format_number(entry.baseline.value)}"
            goal = f"{target.op.symbol} {format_number(target.number)}{target.unit or ''}"
            if target.op_inferred or target.op is Op.EQ or not _aligned(target.op, direction):
                what = "aims at" if target.op_inferred or target.op is Op.EQ else "forces"
                yield Hit(
                    "D201",
                    _tloc(n, k, "value"),
                    f"{name}: the target {goal} {what} a value worse than {since} for a {way}-is-better indicator",
                    indicator.id,
                    cite,
                )
                continue
            gap = abs(t - b) / abs(b) * 100 if b else None
            wide = gap is None or gap > margin
            shown = "from 0" if gap is None else f"{format_number(gap, 1)} % of it"
            yield Hit(
                "D202" if wide else "D203",
                _tloc(n, k, "value"),
                f"{name}: {since} already meets {goal} with a margin of {format_number(abs(t - b))} ({shown}); "
                + ("the target asks for nothing" if wide else "the target permits getting worse than the baseline"),
                indicator.id,
                cite,
            )


# --- consistency within the document -------------------------------------------------------------------------------


def _orientation(op: Op) -> int:
    return {Op.GE: 1, Op.GT: 1, Op.LE: -1, Op.LT: -1, Op.EQ: 0}[op]


def _key(target: Target, indicator: Indicator | None) -> tuple[object, ...] | None:
    """What two targets of one kind must share to agree: figures in the catalogue unit, or the status."""
    if target.kind is TargetKind.THRESHOLD and indicator is not None:
        return (_figure(target.number, target, indicator),)
    if target.kind is TargetKind.RANGE and indicator is not None:
        return (_figure(target.low, target, indicator), _figure(target.high, target, indicator))
    if target.kind is TargetKind.MILESTONE:
        return (target.value,)
    return None


def _conflicts(targets: tuple[Target, ...], indicator: Indicator | None) -> Iterator[tuple[int, str, str, str, Target]]:
    """(index, code, field, how, earlier target) for each target that disagrees with an earlier one of its year."""
    for k, target in enumerate(targets):
        key = _key(target, indicator)
        for other in targets[:k]:
            if key is None or other.kind is not target.kind or other.year != target.year:
                continue
            if _key(other, indicator) != key:
                field = "low" if target.kind is TargetKind.RANGE else "value"
                yield k, "C301", field, "differs from", other
                break
            if target.op is not None and other.op is not None and target.op is not other.op:
                if _orientation(target.op) * _orientation(other.op) < 0:
                    yield k, "C301", "op", "points the other way from", other
                else:
                    yield k, "C304", "op", "has another operator than", other
                break


@check("C301", "C304")
def conflicting_targets(ctx: Context) -> Iterator[Hit]:
    """The same indicator (or project) given two different targets for the same year."""
    owners: list[tuple[str, int, str, str, Indicator | None, tuple[Target, ...]]] = [
        ("indicators", n, e.indicator, e.printed_name, ctx.indicator(e.indicator), e.targets)
        for n, e in enumerate(ctx.plan.plan.indicators)
    ]
    owners += [("projects", n, p.id, p.name, None, p.targets) for n, p in enumerate(ctx.plan.plan.projects)]
    for group, n, ident, name, indicator, targets in owners:
        for k, code, field, how, other in _conflicts(targets, indicator):
            target = targets[k]
            yield Hit(
                code,
                (group, n, "targets", k, field),
                f"{name}: {describe(target)} ({target.source.cite()}) {how} {describe(other)} "
                f"({other.source.cite()}), the same year",
                ident,
                target.source.cite(),
            )


@check("C302")
def blank_nature(ctx: Context) -> Iterator[Hit]:
    """A row of an indicator table whose nature cell (约束性/预期性) is blank."""
    for n, k, indicator, target in _targets(ctx):
        if target.nature is Nature.UNSPECIFIED and target.source.section in ctx.options.C302.sections:
            yield Hit(
                "C302",
                _tloc(n, k, "nature"),
                f"{ctx.plan.plan.indicators[n].printed_name}: the {target.source.section} row gives no nature "
                "(约束性/预期性); it is judged as expected",
                indicator.id,
                target.source.cite(),
            )


@check("C303")
def foreign_scope(ctx: Context) -> Iterator[Hit]:
    """A plan's indicator named for another scope (全市 in a district's table)."""
    words = ctx.options.C303.words.get(ctx.plan.meta.level, ())
    for n, entry in enumerate(ctx.plan.plan.indicators):
        for word in words:
            if word in entry.printed_name:
                yield Hit(
                    "C303",
                    ("indicators", n, "printed_name"),
                    f"{entry.printed_name}: says {word}, another scope than {ctx.plan.meta.name}'s "
                    f"{ctx.plan.meta.level} plan: the figures may not be its own",
                    entry.indicator,
                    _entry_cite(ctx, n),
                )
                break


# --- arithmetic ----------------------------------------------------------------------------------------------------


_AREA = re.compile(r"(\d+(?:\.\d+)?)\s*(?:平方米|㎡)")


def _amount(project: Project, total: StatedTotal) -> Decimal | None:
    """What one row adds to the total, in the total's unit; None when the row does not give it."""
    if total.measure == "count":
        return Decimal(1)
    if total.measure == "area":
        area = _AREA.fullmatch(project.scale or "")
        return Decimal(area.group(1)) if area else None
    if project.investment is None:
        return None
    return convert(project.investment.value, project.investment.unit, total.unit or project.investment.unit)


@check("A401")
def stated_totals(ctx: Context) -> Iterator[Hit]:
    """Totals and counts the document prints against the sum and number of its rows (rows that give no figure for
    the measure make the total uncheckable, and it is skipped)."""
    totals = ctx.plan.plan.totals
    for n, total in enumerate(totals):
        rows = [
            p
            for p in ctx.plan.plan.projects
            if (total.category is None or p.category == total.category)
            and (total.goal is None or any(t.value == total.goal for t in p.targets))
            and (total.projects is None or p.id in total.projects)
        ]
        amounts = [_amount(p, total) for p in rows]
        if None in amounts:
            continue
        actual = sum((a for a in amounts if a is not None), Decimal(0))
        if actual != total.value:
            unit = "" if total.measure == "count" else total.unit or ("平方米" if total.measure == "area" else "")
            shown = f"{len(rows)} row" + ("" if len(rows) == 1 else "s")
            if total.measure != "count":
                shown += f" add{'s' if len(rows) == 1 else ''} up to {format_number(actual)}"
            yield Hit(
                "A401",
                ("totals", n, "value"),
                f"{total.printed!r} states {format_number(total.value)}{unit}; {shown}{unit}",
                total.category,
                total.source.cite(),
            )


@check("A402", "A403", "A404")
def project_periods(ctx: Context) -> Iterator[Hit]:
    """Project periods against the plan's period and the years their target statuses are due."""
    plan_end = ctx.plan.meta.period.end
    started, finished = STATUSES.index("启动"), STATUSES.index("竣工")
    for n, project in enumerate(ctx.plan.plan.projects):
        period = project.period
        if period is None:
            continue
        where = ("projects", n, "period")
        if period.start > period.end:
            yield Hit(
                "A404", where, f"{project.name}: period {period.start}–{period.end} ends before it starts", project.id
            )
            continue
        if period.end > plan_end:
            yield Hit(
                "A402",
                (*where, "end"),
                f"{project.name}: period {period.start}–{period.end} ends after the plan's period (to {plan_end})",
                project.id,
            )
        for target in project.targets:
            if target.kind is not TargetKind.MILESTONE or not isinstance(target.value, str):
                continue
            status = STATUSES.index(target.value)
            if status >= started and period.start > target.year:
                yield Hit(
                    "A403",
                    (*where, "start"),
                    f"{project.name}: starts in {period.start}, after it is due to reach {target.value} in "
                    f"{target.year}",
                    project.id,
                    target.source.cite(),
                )
            elif status >= finished and period.end > target.year:
                yield Hit(
                    "A403",
                    (*where, "end"),
                    f"{project.name}: its period runs to {period.end}, after it is due to reach {target.value} in "
                    f"{target.year}",
                    project.id,
                    target.source.cite(),
                )


# --- against higher levels -----------------------------------------------------------------------------------------


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
    if target.kind is TargetKind.RANGE:
        return Bounds(low=_figure(target.low, target, indicator), high=_figure(target.high, target, indicator))
    if target.kind is not TargetKind.THRESHOLD or target.op is None:
        return None
    t, op = _figure(target.number, target, indicator), target.op
    if op is Op.EQ:
        return Bounds(low=t, high=t)
    if _orientation(op) > 0:
        return Bounds(low=t, low_strict=op is Op.GT)
    return Bounds(high=t, high_strict=op is Op.LT)


@check("H501", "H502", "H504")
def against_floors(ctx: Context) -> Iterator[Hit]:
    """A target looser than, or pointing away from, a higher level's target for the same indicator and year."""
    parent = ctx.plan.meta.parent
    if parent is not None and parent not in ctx.registry.by_id:
        yield Hit("H504", ("plan", "parent"), f"parent plan '{parent}' is not loaded: no higher-level floors apply")
    ancestors = ctx.registry.ancestors(ctx.plan)
    for n, k, indicator, target in _targets(ctx):
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
                    yield Hit(
                        "H502" if opposite else "H501",
                        _tloc(n, k, "op" if opposite else "value" if target.kind is TargetKind.THRESHOLD else "low"),
                        f"{ctx.plan.plan.indicators[n].printed_name}: {describe(target)} "
                        + (f"points the other way from {where}" if opposite else f"is looser than {where}"),
                        indicator.id,
                        target.source.cite(),
                    )
                    break


@check("H503")
def unresolved_references(ctx: Context) -> Iterator[Hit]:
    """A reference to a higher level's target (达到市级要求) that its rule set does not give."""
    for n, k, _indicator, target in _targets(ctx):
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
                "H503",
                (*_tloc(n, k, "ref"), "indicator"),
                f"{target.printed!r} refers to {ref.plan}'s {target.year} target for {ref.indicator}, which the "
                f"{lacks} does not give: the target cannot be judged",
                ref.indicator,
                target.source.cite(),
            )


# --- against the catalogue -----------------------------------------------------------------------------------------


def _names(text: str) -> set[str]:
    bare = re.sub(r"\s+", "", text)
    return {bare, re.sub(r"[(（][^()（）]*[)）]$", "", bare)}


@check("K601")
def name_of_other_indicator(ctx: Context) -> Iterator[Hit]:
    """A printed name that is the name or alias of another catalogue indicator than the one encoded."""
    owners: dict[str, set[str]] = {}
    for ind in ctx.registry.index.catalogue.indicators:
        for name in (ind.name, *ind.aliases):
            for form in _names(name):
                owners.setdefault(form, set()).add(ind.id)
    for n, entry in enumerate(ctx.plan.plan.indicators):
        others = {i for form in _names(entry.printed_name) for i in owners.get(form, ())}
        if others and entry.indicator not in others:
            yield Hit(
                "K601",
                ("indicators", n, "indicator"),
                f"{entry.printed_name!r} is the catalogue name of {', '.join(sorted(others))}, "
                f"not of {entry.indicator}",
                entry.indicator,
                _entry_cite(ctx, n),
            )


@check("K602", "K603")
def operators_against_direction(ctx: Context) -> Iterator[Hit]:
    """Threshold operators that disagree with the catalogue's direction for the indicator."""
    for n, k, indicator, target in _targets(ctx):
        if target.kind is not TargetKind.THRESHOLD or target.op is None or target.op is Op.EQ:
            continue
        if _aligned(target.op, indicator.direction):
            continue
        way = "higher" if indicator.direction is Direction.HIGHER else "lower"
        name = ctx.plan.plan.indicators[n].printed_name
        if target.op_inferred:
            message = f"{name}: the operator {target.op.symbol} was inferred, but the catalogue says {way} is better"
        else:
            bound = "a ceiling" if _orientation(target.op) < 0 else "a floor"
            message = f"{name}: {target.printed!r} sets {bound} on an indicator where {way} is better"
        yield Hit(
            "K602" if target.op_inferred else "K603", _tloc(n, k, "op"), message, indicator.id, target.source.cite()
        )
