"""C3xx: consistency within the document. A plan states an indicator in its tables and again in its running text;
where the two disagree, or a row leaves out what the table prints, one of them is judged and the other ignored."""

from __future__ import annotations

from collections.abc import Iterator

from checker.domain.models import Indicator, Nature, Target, TargetKind
from checker.engine.rules import describe
from checker.lint.codes import Code, Severity
from checker.lint.context import Context, Hit, check, figure, orientation, target_loc

C301 = Code(
    "C301",
    "conflicting-targets",
    Severity.ERROR,
    description="Two targets of one indicator or project for the same year with different figures or statuses, or "
    "operators pointing opposite ways.",
    details="One indicator (or project) with two targets for the same year that give different figures (statuses "
    "for projects) or operators pointing opposite ways: a table row against the running text or another 专栏.",
    passing="专栏1 `≥30` and 第二章 `达30%`",
    failing="专栏1 `≥60` and 专栏4 `不低于55%`; 第三章 `全面启动` and 第十二章 `完成`",
)
C302 = Code(
    "C302",
    "blank-nature",
    Severity.WARNING,
    description="A row of an indicator table (专栏1) gives no nature (约束性/预期性); the checker judges it as "
    "expected.",
    details="A row of an indicator table (`专栏1`, configurable) whose nature (约束性/预期性) is blank "
    "(`unspecified`); the checker judges it as expected. Running text is not flagged.",
    passing="`nature: expected` on a 专栏1 row; `unspecified` in 第二章",
    failing="`nature: unspecified` on a 专栏1 row",
)
C303 = Code(
    "C303",
    "foreign-scope",
    Severity.WARNING,
    description="An indicator named for another scope than the plan's: 全市 or 全国 in a district plan.",
    details="An indicator's printed name speaks of another scope than the plan's: 全市 or 全国 in a district plan, "
    "全国 in a municipal one (configurable).",
    passing="`全区儿童青少年总体近视率`",
    failing="`全市儿童青少年总体近视率` in a district plan",
)
C304 = Code(
    "C304",
    "operator-differs",
    Severity.WARNING,
    description="Two targets of one indicator and year give the same figure with different operators (≤ 13.5 and "
    "< 13.5).",
    details="Two targets of one indicator and year give the same figure with different operators of the same side "
    "(≤ and <, ≥ and >, or = and a bound).",
    passing="`≤13.5` twice",
    failing="专栏1 `≤13.5` and 第五章 `降低到13.5%以下` (<)",
)


def _key(target: Target, indicator: Indicator | None) -> tuple[object, ...] | None:
    """What two targets of one kind must share to agree: figures in the catalogue unit, or the status."""
    if target.kind is TargetKind.THRESHOLD and indicator is not None:
        return (figure(target.number, target, indicator),)
    if target.kind is TargetKind.RANGE and indicator is not None:
        return (figure(target.low, target, indicator), figure(target.high, target, indicator))
    if target.kind is TargetKind.MILESTONE:
        return (target.value,)
    return None


def _conflicts(
    targets: tuple[Target, ...], indicator: Indicator | None
) -> Iterator[tuple[int, Code, str, str, Target]]:
    """(index, code, field, how, earlier target) for each target that disagrees with an earlier one of its year."""
    for k, target in enumerate(targets):
        key = _key(target, indicator)
        if key is None:
            continue
        for other in targets[:k]:
            if other.kind is not target.kind or other.year != target.year:
                continue
            if _key(other, indicator) != key:
                field = "low" if target.kind is TargetKind.RANGE else "value"
                yield k, C301, field, "differs from", other
                break
            if target.op is not None and other.op is not None and target.op is not other.op:
                if orientation(target.op) * orientation(other.op) < 0:
                    yield k, C301, "op", "points the other way from", other
                else:
                    yield k, C304, "op", "has another operator than", other
                break


@check(C301, C304)
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
                code.id,
                (group, n, "targets", k, field),
                f"{name}: {describe(target)} ({target.source.cite()}) {how} {describe(other)} "
                f"({other.source.cite()}), the same year",
                ident,
                target.source.cite(),
            )


@check(C302)
def blank_nature(ctx: Context) -> Iterator[Hit]:
    """A row of an indicator table whose nature cell (约束性/预期性) is blank."""
    for n, k, indicator, target in ctx.targets():
        if target.nature is Nature.UNSPECIFIED and target.source.section in ctx.options.C302.sections:
            yield Hit(
                C302.id,
                target_loc(n, k, "nature"),
                f"{ctx.plan.plan.indicators[n].printed_name}: the {target.source.section} row gives no nature "
                "(约束性/预期性); it is judged as expected",
                indicator.id,
                target.source.cite(),
            )


@check(C303)
def foreign_scope(ctx: Context) -> Iterator[Hit]:
    """A plan's indicator named for another scope (全市 in a district's table)."""
    words = ctx.options.C303.words.get(ctx.plan.meta.level, ())
    for n, entry in enumerate(ctx.plan.plan.indicators):
        for word in words:
            if word in entry.printed_name:
                yield Hit(
                    C303.id,
                    ("indicators", n, "printed_name"),
                    f"{entry.printed_name}: says {word}, another scope than {ctx.plan.meta.name}'s "
                    f"{ctx.plan.meta.level} plan: the figures may not be its own",
                    entry.indicator,
                    ctx.entry_cite(n),
                )
                break
