"""The evaluation engine: one set of rules for every plan level (national, municipal, district, annual).

For each indicator of a plan it evaluates the plan's own targets for the year (checker.engine.rules), then the
targets that higher levels (the plan's parent chain: municipal, national) set for the same indicator, as
floors: falling short of a floor is ``floor_breached``, a fail. Projects are evaluated like indicators whose
values are statuses. Figures a district reports for indicators its plan does not list are shown as
information, and still checked against the floors.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from checker.domain.messages import Message
from checker.domain.models import Baseline, Direction, Indicator, Reference, Target, TargetKind, Value
from checker.domain.results import (
    DistrictResult,
    IndicatorResult,
    Reason,
    Status,
    TargetResult,
    is_shortfall,
    owners_of,
    status_for,
)
from checker.domain.uncertainty import Level
from checker.engine.chance import Chance, with_intervals
from checker.engine.rules import Facts, Outcome, evaluate, number
from checker.inputs.data_store import DataStore, ReportedValues
from checker.inputs.loading import LoadedPlan, PlanRegistry

PROJECT_UNIT = "状态"


def applicable_targets(targets: tuple[Target, ...], year: int) -> list[Target]:
    """Targets due in ``year`` or later; once all are past, the latest ones keep applying. Each as it stands for
    ``year``: a mid-term revision (中期调整) in force by then applied (Target.in_force)."""
    ahead = [t for t in targets if t.year >= year]
    if not ahead:
        last = max((t.year for t in targets), default=None)
        ahead = [t for t in targets if t.year == last]
    return [t.in_force(year) for t in ahead]


def revision_notes(name: str, targets: list[Target]) -> tuple[Message, ...]:
    """A note per target judged by a revised version: from what to what, by which document, from when."""
    return tuple(
        Message(
            "note.revised",
            indicator=name,
            before=t.revised_from or "",
            after=t.figure_text(),
            source=t.revision.source.cite(),
            date=t.revision.effective.isoformat(),
        )
        for t in targets
        if t.revision is not None
    )


class Engine:
    """Evaluates plans for a year against the reported values in a DataStore."""

    def __init__(
        self,
        registry: PlanRegistry,
        store: DataStore,
        history: bool = False,
        significance: bool | None = None,
        confidence: Level | None = None,
    ) -> None:
        self.registry = registry
        self.store = store
        self.history = history  # also collect each indicator's values in the data folder's other years
        self.significance = significance  # --significance / --no-significance; None: each plan's setting
        self.confidence = confidence  # --confidence; None: each plan's (95 unless it says 99.8)

    def evaluate_plan(self, plan: LoadedPlan, year: int, reported: ReportedValues | None) -> DistrictResult:
        """A district's report for ``year``: every row with its targets' verdicts (and, with ``history``, the
        values of the other years)."""
        result = self._evaluate(plan, year, reported)
        if not self.history:
            return result
        return replace(result, indicators=self._with_history(plan, year, result.indicators))

    def _evaluate(self, plan: LoadedPlan, year: int, reported: ReportedValues | None) -> DistrictResult:
        meta = plan.meta
        in_period = meta.period.start <= year <= meta.period.end
        values = reported.values if reported else {}
        rows: list[IndicatorResult] = []
        for entry in plan.plan.indicators:
            indicator = self.registry.index.get(entry.indicator)
            assert indicator is not None  # checked when the plan was loaded
            targets = applicable_targets(entry.targets, year) if in_period else []
            facts = self._facts(plan, indicator, entry.baseline, values.get(entry.indicator), year)
            if not in_period and facts.value is None:
                continue  # outside the plan's years only what was reported is of interest
            results = [self._own(plan, t, facts) for t in targets] + self._floors(plan, indicator, facts)
            rows.append(
                self._row(
                    indicator,
                    "indicator",
                    entry.printed_name,
                    entry.category,
                    entry.targets[0].source.item,
                    entry.baseline,
                    facts.value,
                    reported,
                    results,
                    entry.notes
                    + tuple(t.note for t in targets if t.note)
                    + revision_notes(entry.printed_name, targets),
                    year,
                    _owners(None, entry.targets),
                )
            )
        for n, project in enumerate(plan.plan.projects, start=1):
            indicator = Indicator.model_construct(  # fields known valid: no validation (and no schema build)
                id=project.id, name=project.name, name_en=project.name, unit=PROJECT_UNIT, direction=Direction.HIGHER
            )
            targets = applicable_targets(project.targets, year) if in_period else []
            facts = Facts(
                year=year,
                unit=PROJECT_UNIT,
                direction=Direction.HIGHER,
                baseline=None,
                value=values.get(project.id),
                starts=project.period.start if project.period else None,
            )
            if not in_period and facts.value is None:
                continue
            notes = project.notes + ((Message("note.project_status", status=project.status),) if project.status else ())
            rows.append(
                self._row(
                    indicator,
                    "project",
                    project.name,
                    project.category,
                    project.targets[0].source.item if project.targets else str(n),
                    None,
                    facts.value,
                    reported,
                    [self._own(plan, t, facts) for t in targets],
                    notes,
                    year,
                    _owners(project.owner, project.targets),
                )
            )
        listed = set(plan.entries) | set(plan.projects)
        for key, value in values.items():
            if key in listed:
                continue
            indicator = self.registry.index.get(key)
            assert indicator is not None  # the data loader only accepts catalogue names here
            facts = self._facts(plan, indicator, None, value, year)
            rows.append(
                self._row(
                    indicator,
                    "reported",
                    indicator.name,
                    None,
                    None,
                    None,
                    value,
                    reported,
                    self._floors(plan, indicator, facts),
                    (),
                    year,
                )
            )
        notes = (
            ()
            if in_period
            else (Message("note.out_of_period", start=meta.period.start, end=meta.period.end, year=year),)
        )
        return DistrictResult(
            plan=meta,
            year=year,
            illustrative=reported.data.illustrative if reported else False,
            data_path=reported.path if reported else None,
            data_source=reported.data.source if reported else None,
            data_file=reported.file if reported else None,
            indicators=with_intervals(rows, reported, Chance.of(meta, self.significance, self.confidence)),
            notes=notes,
        )

    def _with_history(
        self, plan: LoadedPlan, year: int, rows: tuple[IndicatorResult, ...]
    ) -> tuple[IndicatorResult, ...]:
        """Each row's values in the data folder's other years, and the verdict each of them gets: the same
        evaluation as a run for that year (its applicable targets, its 序时进度 milestone, the floors)."""
        years = [y for y in self.store.years(plan) if y != year]
        verdicts: dict[tuple[str, str], list[tuple[int, Status]]] = {}
        for other in years:
            for row in self._evaluate(plan, other, self.store.get(plan, other)).indicators:
                if row.value is not None:
                    verdicts.setdefault((row.kind, row.indicator.id), []).append((other, row.verdict))
        result = []
        for row in rows:
            found = ((y, self.store.value(plan, y, row.indicator.id)) for y in years)
            result.append(
                replace(
                    row,
                    history=tuple((y, v) for y, v in found if v is not None),
                    history_verdicts=tuple(verdicts.get((row.kind, row.indicator.id), ())),
                )
            )
        return tuple(result)

    # --- pieces ---------------------------------------------------------------------------------------

    def _facts(
        self, plan: LoadedPlan, indicator: Indicator, baseline: Baseline | None, value: Value | None, year: int
    ) -> Facts:
        def previous() -> Decimal | None:
            found = self.store.value(plan, year - 1, indicator.id)
            return found if isinstance(found, Decimal) else None

        def other(indicator_id: str) -> tuple[Baseline | None, Value | None]:
            entry = plan.entries.get(indicator_id)
            reported = self.store.get(plan, year)
            return (entry.baseline if entry else None, reported.values.get(indicator_id) if reported else None)

        return Facts(
            year=year,
            unit=indicator.unit,
            direction=indicator.direction,
            baseline=baseline,
            value=value,
            previous=previous,
            other=other,
            resolve=self._resolve,
            comparison=plan.meta.comparison,
        )

    def _resolve(self, ref: Reference, year: int) -> Decimal | None:
        """A higher level's target for the year (use: target) or its reported value (use: value)."""
        plan = self.registry.by_id[ref.plan]
        indicator = self.registry.index.get(ref.indicator)
        assert indicator is not None
        if ref.use == "value":
            found = self.store.value(plan, year, ref.indicator)
            return found if isinstance(found, Decimal) else None
        entry = plan.entries.get(ref.indicator)
        if entry is None:
            return None
        for target in applicable_targets(entry.targets, year):
            if target.kind is TargetKind.THRESHOLD:
                facts = Facts(year=year, unit=indicator.unit, direction=indicator.direction, baseline=None, value=None)
                return number(target, target.number, facts)
        return None

    def _own(self, plan: LoadedPlan, target: Target, facts: Facts) -> TargetResult:
        outcome = evaluate(target, facts)
        return _result(target, plan, outcome, status_for(outcome.reason, target.nature), facts.baseline)

    def _floors(self, plan: LoadedPlan, indicator: Indicator, facts: Facts) -> list[TargetResult]:
        """Higher levels' threshold and range targets for this indicator, applied to this plan's value."""
        if facts.value is None:
            return []  # the plan's own targets already report the missing value
        results = []
        for higher in self.registry.ancestors(plan):
            entry = higher.entries.get(indicator.id)
            if entry is None:
                continue
            for target in applicable_targets(entry.targets, facts.year):
                if target.kind not in (TargetKind.THRESHOLD, TargetKind.RANGE):
                    continue
                outcome = evaluate(
                    target,
                    Facts(
                        year=facts.year,
                        unit=facts.unit,
                        direction=facts.direction,
                        baseline=entry.baseline,
                        value=facts.value,
                        comparison=higher.meta.comparison,
                    ),
                )
                if is_shortfall(outcome.reason):
                    outcome = replace(
                        outcome,
                        reason=Reason.FLOOR_BREACHED,
                        message=Message("floor", plan=higher.meta.name, message=outcome.message),
                    )
                status = status_for(outcome.reason, target.nature)
                results.append(_result(target, higher, outcome, status, entry.baseline, floor=True))
        return results

    def _row(
        self,
        indicator: Indicator,
        kind: str,
        printed_name: str,
        category: str | None,
        item: str | None,
        baseline: Baseline | None,
        value: Value | None,
        reported: ReportedValues | None,
        results: list[TargetResult],
        notes: tuple[str, ...],
        year: int,
        owners: tuple[str, ...] = (),
    ) -> IndicatorResult:
        if not results:
            results = [
                TargetResult(
                    target=None,
                    plan_id="",
                    level="",
                    status=Status.INFO,
                    reason=Reason.NO_TARGET,
                    message=Message("no_target.missing" if value is None else "no_target.reported", year=year),
                )
            ]
        return IndicatorResult(
            indicator=indicator,
            kind=kind,  # type: ignore[arg-type]
            printed_name=printed_name,
            category=category,
            item=item,
            baseline=baseline,
            value=value,
            value_source=reported.sources.get(indicator.id) if reported else None,
            value_note=reported.notes.get(indicator.id) if reported else None,
            value_verified=reported.verified.get(indicator.id) if reported else None,
            value_confirmed=reported.confirmed.get(indicator.id) if reported else None,
            value_position=reported.positions.get(indicator.id, (None, None)) if reported else (None, None),
            targets=tuple(r if r.owners or not owners else replace(r, owners=owners) for r in results),
            notes=notes,
            owners=owners,
        )


def _result(
    target: Target,
    plan: LoadedPlan,
    outcome: Outcome,
    status: Status,
    baseline: Baseline | None,
    floor: bool = False,
) -> TargetResult:
    return TargetResult(
        target=target,
        plan_id=plan.id,
        level=plan.meta.level,
        status=status,
        reason=outcome.reason,
        message=outcome.message,
        milestone=outcome.milestone,
        progress=outcome.progress,
        floor=floor,
        owners=() if floor else owners_of(target.owner),
        baseline=baseline,
        trajectory=outcome.trajectory,
        comparison="rounded" if outcome.rounded is not None else "full",
        rounded=outcome.rounded,
    )


def _owners(own: str | None, targets: tuple[Target, ...]) -> tuple[str, ...]:
    """The offices named for a row: a project's owner, then those of its targets (all years), in order."""
    found = [*owners_of(own), *(o for t in targets for o in owners_of(t.owner))]
    return tuple(dict.fromkeys(found))
