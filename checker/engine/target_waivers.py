"""Target waivers applied to a run, and the waivers that cannot apply (for ``check lint`` and ``check validate``).

A waiver names a district, an indicator or project, the target by its place in its document (its Source: section
and item) and the years it excuses. Applied after evaluation, as data: a target it names that falls short (fail,
warn, not evaluable) in one of those years becomes ``waived``, keeping its own status, reason and message beside
the waiver's trail (``TargetResult.waiver``); a row's verdict, the counts and the exit code then pass over it. A
waiver is in force for a year when it expires on or after the year's last day (the figures are the year's; a run
reads no clock, so it gives the same verdicts whenever it runs); an expired one leaves the verdict as it is, with a
note. A waiver without reason, approver, approval date or expiry waives nothing. docs/evaluation.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from checker.domain.errors import Problem, UsageError
from checker.domain.models import Source, Target, TargetWaiver
from checker.domain.results import AppliedWaiver, DistrictResult, IndicatorResult, Status, TargetResult
from checker.inputs.loading import LoadedPlan, PlanRegistry, did_you_mean
from checker.inputs.target_waivers import LoadedWaiver, WaiverFile

WAIVABLE = (Status.NOT_EVALUABLE, Status.WARN, Status.FAIL)  # a target that meets its target needs no excuse

_ITEM = re.compile(
    r"(?:序号\s*(?P<row>[0-9A-Za-z]+)|第\s*(?P<nth>[0-9A-Za-z]+)\s*项|(?:^|\s)(?P<bare>[0-9]+[A-Za-z]?))\s*$"
)


@dataclass(frozen=True)
class Place:
    """Where a waiver's ``target`` says the target is written: a section (专栏1, 第三章第二节), an item, or both."""

    section: str | None
    item: str | None

    @classmethod
    def parse(cls, text: str) -> Place:
        """``专栏1 序号16``, ``专栏1 16``, ``第三章第十七节 第48项``, ``第二章第五节``, ``16``; a document's name
        before the section (as a report cites it) is passed over."""
        text = text.strip()
        found = _ITEM.search(text)
        item = None
        if found is not None:
            item = found["row"] or found["nth"] or found["bare"]
            text = text[: found.start()].strip()
        section = text.split()[-1] if text else None
        return cls(section, item)

    def names(self, source: Source) -> bool:
        """Whether a target written at ``source`` is the one meant."""
        return (self.section is None or self.section == source.section) and (
            self.item is None or self.item == source.item
        )

    def __str__(self) -> str:
        """As the reports cite it: 专栏1 序号16, 第三章第十七节 第48项."""
        table = self.section is None or self.section.startswith("专栏")
        item = None if self.item is None else f"序号{self.item}" if table else f"第{self.item}项"
        return " ".join(p for p in (self.section, item) if p)


def in_force(waiver: TargetWaiver, year: int) -> bool:
    """Whether the waiver still holds for the figures of ``year``: it expires on or after 31 December of it."""
    return waiver.expires is not None and waiver.expires >= date(year, 12, 31)


# --- a run -----------------------------------------------------------------------------------------------------------


def apply_waivers(result: DistrictResult, waivers: WaiverFile, registry: PlanRegistry) -> DistrictResult:
    """The district's result with each target that a complete waiver for its year names and that falls short
    waived (expired: left as it is), the waiver's trail on it."""
    mine = [w for w in waivers.waivers if not w.waiver.missing and _district_id(w.waiver, registry) == result.plan.id]
    mine = [w for w in mine if result.year in w.waiver.years]
    if not mine:
        return result
    rows = tuple(_row(row, mine, result.year, waivers.shown) for row in result.indicators)
    return replace(result, indicators=rows)


def _row(row: IndicatorResult, waivers: list[LoadedWaiver], year: int, shown: str) -> IndicatorResult:
    targets = tuple(_target(row, t, waivers, year, shown) for t in row.targets)
    return row if targets == row.targets else replace(row, targets=targets)


def _target(
    row: IndicatorResult, result: TargetResult, waivers: list[LoadedWaiver], year: int, shown: str
) -> TargetResult:
    if result.target is None or result.status not in WAIVABLE:
        return result
    found = [w for w in waivers if _names(w.waiver, row.kind, row.indicator.id, result)]
    if not found:
        return result
    chosen = next((w for w in found if in_force(w.waiver, year)), found[0])
    waiver, expired = chosen.waiver, not in_force(chosen.waiver, year)
    assert waiver.reason and waiver.approved_by and waiver.approved_on and waiver.expires  # complete: see above
    trail = AppliedWaiver(
        reason=waiver.reason,
        approved_by=waiver.approved_by,
        approved_on=waiver.approved_on,
        expires=waiver.expires,
        status=result.status,
        expired=expired,
        path=shown,
        line=chosen.line,
    )
    return replace(result, status=result.status if expired else Status.WAIVED, waiver=trail)


def _names(waiver: TargetWaiver, kind: str, row_id: str, result: TargetResult) -> bool:
    """Whether the waiver names this target of a row: the row, whose target (own, or a level's floor), the place."""
    assert result.target is not None
    if waiver.row != row_id or (waiver.project is not None) != (kind == "project"):
        return False
    whose = (waiver.level is None and not result.floor) or (result.floor and result.level == waiver.level)
    return whose and Place.parse(waiver.target).names(result.target.source)


def _district_id(waiver: TargetWaiver, registry: PlanRegistry) -> str | None:
    try:
        return registry.resolve(waiver.district).id
    except UsageError:
        return None


def run_notes(waivers: WaiverFile) -> list[str]:
    """A line for each waiver that waives nothing because its trail is incomplete (``check lint`` says more)."""
    return [
        f"note: {waivers.shown}:{w.line}: waiver {w.index + 1} ({w.waiver.district} {w.waiver.row}) gives no "
        f"{', '.join(w.waiver.missing)}: it waives nothing; see 'check lint --waivers {waivers.shown}'"
        for w in waivers.waivers
        if w.waiver.missing
    ]


# --- waivers that cannot apply: check lint and check validate --------------------------------------------------------


@dataclass(frozen=True)
class WaiverIssue:
    """A waiver that waives nothing: its trail is incomplete, or it names no target of the plans."""

    waiver: LoadedWaiver
    kind: Literal["incomplete", "unmatched"]
    field: str | None  # the field at fault (None: the waiver as a whole)
    message: str
    hint: str


def waiver_issues(waivers: WaiverFile, registry: PlanRegistry) -> list[WaiverIssue]:
    """Every waiver that leaves out part of its trail, and every one that names no target of the plans."""
    issues = []
    for loaded in waivers.waivers:
        waiver = loaded.waiver
        label = f"waiver of {waiver.district} {waiver.row} {waiver.target}"
        if waiver.missing:
            issues.append(
                WaiverIssue(
                    loaded,
                    "incomplete",
                    None,
                    f"{label} gives no {', '.join(waiver.missing)}: it waives nothing until it does",
                    "a waiver says why (reason), who approved it (approved_by) and when (approved_on), and until "
                    "when it holds (expires, YYYY-MM-DD)",
                )
            )
        unmatched = _unmatched(waiver, registry)
        if unmatched is not None:
            field, message, hint = unmatched
            issues.append(WaiverIssue(loaded, "unmatched", field, f"{label} matches nothing: {message}", hint))
    return issues


def waiver_problems(waivers: WaiverFile, registry: PlanRegistry) -> list[Problem]:
    """The issues as problems of the waivers file, at their line and column (``check validate``)."""
    return [
        Problem(waivers.shown, issue.message, *waivers.where(issue.waiver, issue.field), issue.hint)
        for issue in waiver_issues(waivers, registry)
    ]


def _unmatched(waiver: TargetWaiver, registry: PlanRegistry) -> tuple[str, str, str] | None:
    """Why no target of the plans is the one the waiver names: (field, message, hint); None when one is."""
    try:
        plan = registry.resolve(waiver.district)
    except UsageError as exc:
        return "district", exc.message, exc.hint or "'check districts' lists the districts"
    field = "project" if waiver.project is not None else "indicator"
    targets = _targets(plan, waiver, registry)
    if not targets:
        named = f"{field} {waiver.row}"
        said = f"no {waiver.level} plan above {plan.id} sets a target for {named}" if waiver.level else None
        known = [*plan.entries, *plan.projects] if waiver.level is None else []
        hint = did_you_mean(waiver.row, known) or f"'check indicators {plan.id}' lists its indicators and projects"
        return field, said or f"{plan.id}'s plan sets no target for {named}", hint
    place = Place.parse(waiver.target)
    if not any(place.names(t.source) for t in targets):
        cited = ", ".join(dict.fromkeys(str(Place(t.source.section, t.source.item)) for t in targets))
        return "target", f"no target of {waiver.row} is written at {place or waiver.target}", f"its targets: {cited}"
    period = plan.meta.period
    if not any(period.start <= y <= period.end for y in waiver.years):
        years = ", ".join(str(y) for y in waiver.years)
        return "years", f"{plan.id}'s plan runs {period.start}–{period.end}, not in {years}", "give years of the plan"
    return None


def _targets(plan: LoadedPlan, waiver: TargetWaiver, registry: PlanRegistry) -> list[Target]:
    """The targets of the row the waiver names: the district's own, or those the plans of its level above set."""
    if waiver.level is None:
        entry = plan.entries.get(waiver.indicator) if waiver.indicator else None
        project = plan.projects.get(waiver.project) if waiver.project else None
        return list(entry.targets if entry is not None else project.targets if project is not None else ())
    if waiver.project is not None:
        return []  # a project has no higher-level targets
    return [
        t
        for higher in registry.ancestors(plan)
        if higher.meta.level == waiver.level and waiver.row in higher.entries
        for t in higher.entries[waiver.row].targets
    ]
