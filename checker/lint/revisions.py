"""R8xx: mid-term revisions (中期调整). A revision must change something, cite the document that revised the
target, take effect within the plan's years, and not compete with another revision of the same date."""

from __future__ import annotations

from collections.abc import Iterator

from checker.lint.codes import Code, Severity
from checker.lint.context import Context, Hit, check, target_loc

R801 = Code(
    "R801",
    "revision-changes-nothing",
    Severity.ERROR,
    description="A revision sets none of op, value, low, high or printed: it revises nothing.",
    passing="`revisions: [{effective: 2023-06-30, value: 4.5, source: {…}}]`",
    failing="`revisions: [{effective: 2023-06-30, source: {…}}]`",
)
R802 = Code(
    "R802",
    "revisions-same-date",
    Severity.ERROR,
    description="Two revisions of one target take effect on the same date: which one is in force cannot be told.",
    passing="revisions effective 2023-06-30 and 2024-06-30",
    failing="two revisions effective 2023-06-30",
)
R803 = Code(
    "R803",
    "revision-outside-period",
    Severity.WARNING,
    description="A revision takes effect before the plan's first year or after the year its target is due.",
    passing="effective 2023-06-30 for a 2025 target of a 2021–2025 plan",
    failing="effective 2026-01-01 for a 2025 target",
)
R804 = Code(
    "R804",
    "revision-cites-the-plan",
    Severity.WARNING,
    description="A revision cites the plan's own document: a revision is made by another document (a 中期评估 or "
    "调整 notice), which it should cite.",
    passing="`source: {document: 中期调整通知.txt, section: 二, item: '3'}`",
    failing="`source: {document: <the plan's document>, …}`",
)


@check(R801, R802, R803, R804)
def revisions(ctx: Context) -> Iterator[Hit]:
    """Each indicator target's revisions: something changed, cited elsewhere, in the plan's years, one per date."""
    period = ctx.plan.meta.period
    for n, k, indicator, target in ctx.targets():
        seen: dict[object, int] = {}
        for r, revision in enumerate(target.revisions):
            where = (*target_loc(n, k, "revisions"), r)
            cite = revision.source.cite()
            name = f"{ctx.plan.plan.indicators[n].printed_name}: the revision effective {revision.effective}"
            if not revision.changes():
                yield Hit(
                    R801.id, where, f"{name} sets no figure (op, value, low, high or printed)", indicator.id, cite
                )
            if revision.effective in seen:
                first = seen[revision.effective] + 1
                yield Hit(R802.id, where, f"{name} has the date of revision {first} too", indicator.id, cite)
            seen.setdefault(revision.effective, r)
            if not period.start <= revision.effective.year <= target.year:
                yield Hit(
                    R803.id,
                    (*where, "effective"),
                    f"{name} is outside the plan's years {period.start}–{period.end} or after the target's "
                    f"{target.year}",
                    indicator.id,
                    cite,
                )
            if revision.source.document == ctx.plan.meta.document:
                yield Hit(R804.id, (*where, "source"), f"{name} cites the plan's own document", indicator.id, cite)
