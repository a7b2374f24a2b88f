"""K6xx: against the catalogue. The indicator id a row is encoded with decides its unit and better direction; a
printed name or an operator that belongs to another indicator says the id (or the operator) is wrong."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.domain.models import Direction, Op, TargetKind
from checker.lint.codes import Code, Severity
from checker.lint.context import Context, Hit, aligned, check, orientation, target_loc

K601 = Code(
    "K601",
    "name-of-other-indicator",
    Severity.ERROR,
    description="The printed name is the catalogue name or alias of another indicator than the id encoded.",
    details="The printed name is the catalogue name or alias of another indicator than the `indicator` id encoded "
    "(a wrong id).",
    passing="`indicator: life_expectancy`, `人均预期寿命（岁）`",
    failing="`indicator: health_literacy`, `人均预期寿命（岁）`",
)
K602 = Code(
    "K602",
    "inferred-operator-against-direction",
    Severity.ERROR,
    description="An operator inferred from a bare figure disagrees with the catalogue's direction for the indicator.",
    details="An operator inferred from a bare figure (`op_inferred: true`) disagrees with the catalogue's direction.",
    passing="bare `4` → `>=` on a higher-is-better indicator",
    failing="bare `4` → `<=` on a higher-is-better indicator",
)
K603 = Code(
    "K603",
    "operator-against-direction",
    Severity.WARNING,
    description="An explicit operator bounds the indicator on its good side: a ceiling on a higher-is-better "
    "indicator, or a floor on a lower-is-better one.",
    passing="床位数 `≥8.0`",
    failing="床位数 `控制在7.9张以内` (≤)",
)


def _names(text: str) -> set[str]:
    """A name without its spaces, with and without a trailing parenthesis (the unit, as 人均预期寿命（岁）)."""
    bare = re.sub(r"\s+", "", text)
    return {bare, re.sub(r"[(（][^()（）]*[)）]$", "", bare)}


@check(K601)
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
                K601.id,
                ("indicators", n, "indicator"),
                f"{entry.printed_name!r} is the catalogue name of {', '.join(sorted(others))}, "
                f"not of {entry.indicator}",
                entry.indicator,
                ctx.entry_cite(n),
            )


@check(K602, K603)
def operators_against_direction(ctx: Context) -> Iterator[Hit]:
    """Threshold operators that disagree with the catalogue's direction for the indicator."""
    for n, k, indicator, target in ctx.targets():
        if target.kind is not TargetKind.THRESHOLD or target.op is None or target.op is Op.EQ:
            continue
        if aligned(target.op, indicator.direction):
            continue
        way = "higher" if indicator.direction is Direction.HIGHER else "lower"
        name = ctx.plan.plan.indicators[n].printed_name
        if target.op_inferred:
            message = f"{name}: the operator {target.op.symbol} was inferred, but the catalogue says {way} is better"
        else:
            bound = "a ceiling" if orientation(target.op) < 0 else "a floor"
            message = f"{name}: {target.printed!r} sets {bound} on an indicator where {way} is better"
        yield Hit(
            (K602 if target.op_inferred else K603).id,
            target_loc(n, k, "op"),
            message,
            indicator.id,
            target.source.cite(),
        )
