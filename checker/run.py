"""One check run: resolve the districts asked for, find their data, evaluate. The CLI only calls this."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.engine import evaluate_plan
from checker.errors import UsageError
from checker.loading import LoadedPlan, PlanRegistry, default_data_dir, find_data_file, load_data_file
from checker.results import DistrictResult, RunResult


@dataclass(frozen=True)
class RunRequest:
    year: int
    districts: tuple[str, ...]
    data: Path | None = None  # a data file, or a folder laid out as <year>/<district>.yaml


def select_plans(registry: PlanRegistry, names: tuple[str, ...]) -> tuple[list[LoadedPlan], bool]:
    """The plans named (``all`` for every one); the flag says whether ``all`` was asked for."""
    if not names:
        raise UsageError("no district given", "name one or more districts, or 'all'; see 'check districts'")
    if any(n.lower() == "all" for n in names):
        return list(registry.plans), True
    chosen: list[LoadedPlan] = []
    for name in names:
        plan = registry.resolve(name)
        if plan not in chosen:
            chosen.append(plan)
    return chosen, False


def run_check(request: RunRequest, registry: PlanRegistry) -> RunResult:
    plans, everything = select_plans(registry, request.districts)
    data = request.data or default_data_dir()
    if request.data is not None and not data.exists():
        raise UsageError(f"--data {data}: no such file or folder")
    results: list[DistrictResult] = []
    skipped: list[str] = []
    for plan in plans:
        period = plan.plan.plan.period
        if not period.start <= request.year <= period.end:
            message = f"{plan.id}: its plan covers {period.start}–{period.end}, not {request.year}"
            if everything:
                skipped.append(message)
                continue
            raise UsageError(message, f"use --year between {period.start} and {period.end}")
        path = _data_path(data, plan, request.year, single_file=data.is_file())
        if path is None:
            expected = data / str(request.year) / f"{plan.id}.yaml"
            message = f"{plan.id}: no reported values for {request.year} (looked for {expected})"
            if everything:
                skipped.append(message)
                continue
            raise UsageError(
                message, "give the data with --data FILE or --data FOLDER (laid out as <year>/<district>.yaml)"
            )
        reported = load_data_file(path, plan, registry.index, request.year)
        results.append(evaluate_plan(plan, registry.index, reported, request.year))
    if not results:
        raise UsageError(f"nothing to check for {request.year}: " + "; ".join(skipped))
    return RunResult(request.year, tuple(results), tuple(skipped))


def _data_path(data: Path, plan: LoadedPlan, year: int, single_file: bool) -> Path | None:
    if single_file:
        return data  # load_data_file checks that the file is this district's and year's
    return find_data_file(data, plan, year)
