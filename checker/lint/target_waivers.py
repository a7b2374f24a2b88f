"""W7xx: target waivers (waivers.yaml, ``--waivers FILE``) that waive nothing: one that leaves out part of its audit
trail, and one that names no target of the plans (a wrong district, indicator, place or years).

Not the ``# noqa`` waivers of lint findings (checker.lint.waivers, L00x): these excuse a district's target in a run
(checker.engine.target_waivers). Their findings are at the waiver's line in the waivers file.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.engine.target_waivers import waiver_issues
from checker.inputs.loading import PlanRegistry
from checker.inputs.target_waivers import WaiverFile
from checker.lint.codes import Code, Severity, declare
from checker.lint.context import Hit

W701 = Code(
    "W701",
    "target-waiver-incomplete",
    Severity.ERROR,
    "A target waiver leaves out its reason, approver, approval date or expiry; it waives nothing until it gives them.",
    passing="`{…, reason: 用地征收未完成, approved_by: 区卫健委, approved_on: 2024-03-15, expires: 2025-12-31}`",
    failing="`{…, reason: 用地征收未完成}` (no approver, approval date or expiry)",
)
W702 = Code(
    "W702",
    "target-waiver-unmatched",
    Severity.ERROR,
    "A target waiver names no target of the plans: an unknown district, indicator or project, a place no target of "
    "it is written at, or years outside the plan.",
    details="A target waiver names no target of the plans: a district no plan is for, an indicator or project the "
    "district's plan (or, with `level`, the higher level's) sets no target for, a `target` place (专栏1 序号16, "
    "第三章第二节) none of its targets is written at, or `years` outside the plan's period.",
    passing="`{district: rongchang, indicator: nurses_per_1000, target: 专栏1 序号16, years: 2024, …}`",
    failing="`{…, target: 专栏1 序号99, …}`; `{…, years: 2030, …}` for a 2021–2025 plan",
)
declare(W701, W702)

CODE_OF = {"incomplete": W701.id, "unmatched": W702.id}


def waiver_hits(waivers: WaiverFile, registry: PlanRegistry) -> Iterator[Hit]:
    """A hit at each waiver that waives nothing (the field at fault, else the waiver), with what it names."""
    for issue in waiver_issues(waivers, registry):
        loc: tuple[str | int, ...] = ("waivers", issue.waiver.index)
        yield Hit(
            CODE_OF[issue.kind],
            (*loc, issue.field) if issue.field else loc,
            issue.message if issue.kind == "incomplete" else f"{issue.message}; {issue.hint}",
            indicator=issue.waiver.waiver.row,
        )
