"""A4xx: arithmetic. The totals a document prints and the periods of its projects are checkable against its own
rows and its own period; where they do not add up, the document (or its typing) is wrong somewhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from checker.domain.models import STATUSES, Project, StatedTotal, TargetKind
from checker.domain.numbers import format_number
from checker.domain.units import convert
from checker.lint.codes import Code, Severity
from checker.lint.context import Context, Hit, check

A401 = Code(
    "A401",
    "total-mismatch",
    Severity.ERROR,
    description="A total, subtotal or count the document states is not the sum or number of its rows (a plan's "
    "`totals`).",
    details="A total, subtotal or count the document states is not the sum (investments converted exactly between "
    "万元 and 亿元, areas in 平方米) or the number of its project rows. Reads the plan's `totals` (below); silent for "
    "a plan that states none.",
    passing="`计划投资1.87亿元` over rows of 1.42 and 0.45 亿元",
    failing="`计划投资1.9亿元` over the same rows",
)
A402 = Code(
    "A402",
    "period-beyond-plan",
    Severity.WARNING,
    description="A project's period ends after the plan's period.",
    passing="`period: {start: 2019, end: 2022}` in a 2021–2025 plan (续建)",
    failing="`period: {start: 2021, end: 2031}` in a 2021–2030 plan",
)
A403 = Code(
    "A403",
    "period-after-due",
    Severity.ERROR,
    description="A project starts after its target status is due, or its period runs past the year it is due to be "
    "complete.",
    details="A project starts after the year its target status (启动 or later) is due, or its period runs past the "
    "year it is due to be 竣工/投入使用.",
    passing="`2025–2025` with `启动` by 2025",
    failing="`2026–2027` with `启动` by 2025; `2021–2028` with `投入使用` by 2025",
)
A404 = Code(
    "A404",
    "period-reversed",
    Severity.ERROR,
    description="A project's period ends before it starts.",
    passing="`{start: 2022, end: 2024}`",
    failing="`{start: 2024, end: 2022}`",
)

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


@check(A401)
def stated_totals(ctx: Context) -> Iterator[Hit]:
    """Totals and counts the document prints against the sum and number of its rows (rows that give no figure for
    the measure make the total uncheckable, and it is skipped)."""
    for n, total in enumerate(ctx.plan.plan.totals):
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
                A401.id,
                ("totals", n, "value"),
                f"{total.printed!r} states {format_number(total.value)}{unit}; {shown}{unit}",
                total.category,
                total.source.cite(),
            )


@check(A402, A403, A404)
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
                A404.id, where, f"{project.name}: period {period.start}–{period.end} ends before it starts", project.id
            )
            continue
        if period.end > plan_end:
            yield Hit(
                A402.id,
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
                    A403.id,
                    (*where, "start"),
                    f"{project.name}: starts in {period.start}, after it is due to reach {target.value} in "
                    f"{target.year}",
                    project.id,
                    target.source.cite(),
                )
            elif status >= finished and period.end > target.year:
                yield Hit(
                    A403.id,
                    (*where, "end"),
                    f"{project.name}: its period runs to {period.end}, after it is due to reach {target.value} in "
                    f"{target.year}",
                    project.id,
                    target.source.cite(),
                )
