"""One check run: resolve the districts asked for, find their data, evaluate. The CLI only calls this."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from checker.domain.errors import UsageError
from checker.domain.messages import Message
from checker.domain.results import DistrictResult, RunHead, RunResult, RunTotals
from checker.domain.uncertainty import Level
from checker.engine.engine import Engine
from checker.engine.target_waivers import apply_waivers
from checker.inputs import provenance
from checker.inputs.data_store import DataStore
from checker.inputs.loading import LoadedPlan, PlanRegistry
from checker.inputs.target_waivers import WaiverFile


@dataclass(frozen=True)
class RunRequest:
    """What a run is asked for: the year, the districts (ids, names, or 'all'), and where the data is."""

    year: int
    districts: tuple[str, ...]
    data: Path | None = None  # a data file, or a folder laid out as <year>/<district>.yaml
    history: bool = False  # also read the other years' values (for charts)
    waivers: WaiverFile | None = None  # target waivers (waivers.yaml), applied to the verdicts
    record: Mapping[str, Any] | None = None  # record the provenance, with these options besides year and districts
    significance: bool | None = None  # a shortfall its confidence interval may explain is a warn; None: the plan's
    confidence: Level | None = None  # the intervals' level, 95 or 99.8; None: the plan's


def means_all(names: tuple[str, ...]) -> bool:
    """Whether the districts asked for include the word ``all`` (any case): every district plan."""
    return any(n.lower() == "all" for n in names)


def select_plans(registry: PlanRegistry, names: tuple[str, ...]) -> tuple[list[LoadedPlan], bool]:
    """The plans named (``all`` for every district plan); the flag says whether ``all`` was asked for."""
    if not names:
        raise UsageError("no district given", "name one or more districts, or 'all'; see 'check districts'")
    if means_all(names):
        return [p for p in registry.plans if p.meta.level == "district"], True
    chosen: list[LoadedPlan] = []
    for name in names:
        plan = registry.resolve(name)
        if plan not in chosen:
            chosen.append(plan)
    return chosen, False


def run_check(request: RunRequest, registry: PlanRegistry, store: DataStore | None = None) -> RunResult:
    """The run with every district's results kept. ``store``: reported values already opened (a trend runs year
    after year over one store)."""
    results: list[DistrictResult] = []
    head = each_district(request, registry, results.append, store=store)
    return RunResult(head.year, tuple(results), head.skipped, head.provenance)


def each_district(
    request: RunRequest,
    registry: PlanRegistry,
    consume: Callable[[DistrictResult], object],
    require_some: bool = True,
    store: DataStore | None = None,
) -> RunHead:
    """Evaluate the districts asked for one at a time, handing each result to ``consume`` (a summary of every
    county keeps its counts, a streamed report writes each district's part: neither keeps 170,000 target results);
    the run as a whole comes back: its totals, the engine's sentences on the districts 'all' left out, and the
    provenance when ``request.record`` asks for it. A district that cannot be checked is a UsageError, as is a run
    with nothing to check (unless ``require_some`` is false: a share of a run, which the whole may not be)."""
    plans, everything = select_plans(registry, request.districts)
    store = store or DataStore(registry, request.data, None if everything else plans)
    totals = RunTotals()

    def take(result: DistrictResult) -> None:
        totals.add(result)
        consume(result)

    skipped = _evaluate_each(request, registry, plans, everything, store, take, require_some)
    if request.record is None:
        return RunHead(request.year, totals, skipped)
    options = {"year": request.year, "districts": list(request.districts), **request.record}
    collected = provenance.collect(registry, store, totals.plan_ids, options)
    return RunHead(request.year, totals, skipped, collected)


def _evaluate_each(
    request: RunRequest,
    registry: PlanRegistry,
    plans: list[LoadedPlan],
    everything: bool,
    store: DataStore,
    consume: Callable[[DistrictResult], object],
    require_some: bool = True,
) -> tuple[str, ...]:
    engine = Engine(registry, store, request.history, request.significance, request.confidence)
    skipped: list[str] = []
    checked = False
    for plan in plans:
        period = plan.meta.period
        in_period = period.start <= request.year <= period.end
        reported = store.get(plan, request.year)
        problem = None
        if reported is None and store.single_file:
            problem = (
                Message("skipped.no_values_in_file", plan=plan.id, path=str(store.root), year=request.year),
                "check the file's district and year",
            )
        elif reported is None and not in_period:
            problem = (
                Message("skipped.out_of_period", plan=plan.id, start=period.start, end=period.end, year=request.year),
                f"use --year between {period.start} and {period.end}",
            )
        elif reported is None and everything:  # 'all' means the districts with data for the year
            problem = (Message("skipped.no_data", plan=plan.id, year=request.year, path=store.shown_root), "")
        if problem is not None:
            if everything:
                skipped.append(problem[0])
                continue
            raise UsageError(*problem)
        result = engine.evaluate_plan(plan, request.year, reported)
        if not plan.plan.indicators and not plan.plan.projects:  # an empty table must not read as "all is well"
            result = replace(result, notes=(*result.notes, Message("note.no_targets", plan=plan.id)))
        if reported is None:
            looked = store.expected_path(plan, request.year)
            note = Message("note.no_data", year=request.year, path=looked)
            result = replace(result, notes=(*result.notes, note))
        if request.waivers is not None:
            result = apply_waivers(result, request.waivers, registry)
        consume(result)
        checked = True
    if not checked and require_some:
        raise nothing_to_check(request.year, skipped)
    return tuple(skipped)


def nothing_to_check(year: int, skipped: Sequence[str]) -> UsageError:
    """The error of a run in which every district was left out, with the reasons, one a line."""
    return UsageError(f"nothing to check for {year}:" + "".join(f"\n  {reason}" for reason in skipped))
