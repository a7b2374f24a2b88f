"""A summary of many districts' YAML files computed in worker processes, a share of the plan files each.

Why: the first summary over 2,844 per-district YAML plans and their data files parses and checks every file and
evaluates 170,000 targets, 46 s on one core; the machine has more. The plan files are cut into batches; a worker
loads a batch's plans (and the plans they name as parents or in references: PlanRegistry.load by id), evaluates
its districts, and sends back what the summary keeps of each (views.summary.DistrictSlice, plain data); the
summary is then folded in the districts' own order, as one process folds it (a test holds the two equal).

Only where that is the same run: every district for the year, from a folder of plan files each named for its plan
and a data folder whose files are all named for those plans. Anything else (a plan file named otherwise, an id
given twice, a data file of no plan, a problem in any file) is the one-process run's, which then reports it as it
always does.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from checker.domain import collector
from checker.domain.summary_view import SummaryView
from checker.engine.run import RunRequest, each_district, nothing_to_check
from checker.inputs.data_folder import is_year_folder
from checker.inputs.loading import PlanRegistry
from checker.inputs.readers import SUFFIXES
from checker.views.remembered import from_plain, to_plain
from checker.views.summary import DistrictSlice, Summary

MIN_PLANS = 400  # fewer plan files than this: one process (starting workers costs about 0.2 s each)
MAX_WORKERS = 4
BATCH = 200  # plans a worker takes at a time (a task): what it holds, and the steps of the progress shown
MIN_BATCH = 25  # the smallest batch, towards the end


def workers() -> int:
    """The processes a summary may use: the CPUs this process may run on, at most MAX_WORKERS."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(cpus, MAX_WORKERS)


def summary_in_shares(
    plans_dir: Path,
    rules_dir: Path,
    data: Path,
    year: int,
    lang: str,
    count: int = 0,
    min_plans: int | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> SummaryView | None:
    """The summary of every district for ``year``, computed in ``count`` worker processes (workers() when 0); None
    where it would not be the one-process run's summary (see the module), with one CPU, or below ``min_plans``.
    ``progress(done, total)`` is told the districts' plans done as each batch comes back."""
    files = sorted(plans_dir.glob("*.yaml")) if plans_dir.is_dir() else []
    count = count or workers()
    least = MIN_PLANS if min_plans is None else min_plans
    if count < 2 or len(files) < max(least, count) or not _named_for(files, data):
        return None
    batches = _batches([f.stem for f in files], count)
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of this process's state shared
    args = (str(plans_dir), str(rules_dir), str(data), year, lang)
    done = 0
    try:
        with ProcessPoolExecutor(count, mp_context=context) as pool:
            futures = [pool.submit(_batch, *args, batch) for batch in batches]
            for future in as_completed(futures):
                if future.result() is None:
                    pool.shutdown(cancel_futures=True)  # the batches under way finish; the others never start
                    return None
                done += len(batches[futures.index(future)])
                if progress is not None:
                    progress(done, len(files))
            results = [future.result() for future in futures]
    except Exception:  # any problem in any file: the one-process run finds it and reports it at its place
        return None
    slices = sorted((s for result in results if result for s in from_plain(result["slices"])), key=lambda s: s["id"])
    skipped = sorted((m for result in results if result for m in from_plain(result["skipped"])), key=_plan_of)
    if not slices:
        raise nothing_to_check(year, skipped)
    summary = Summary(lang)
    for district in slices:
        summary.add_slice(district)
    return {**summary.view(year), **summary.notes(tuple(skipped))}


def _batches(stems: list[str], count: int) -> list[list[str]]:
    """The plans cut into batches for ``count`` workers, smaller towards the end (as guided scheduling does), so
    that no worker is left with a long batch while the others have finished."""
    batches: list[list[str]] = []
    start, share = 0, -(-len(stems) // count)  # every worker gets a batch, however few the plans
    while start < len(stems):
        size = min(share, BATCH, max(MIN_BATCH, (len(stems) - start) // (2 * count)))
        batches.append(stems[start : start + size])
        start += size
    return batches


def _named_for(files: list[Path], data: Path) -> bool:
    """Whether every file in the data folder's year folders is named for a plan file, with a data file's suffix."""
    if not data.is_dir():
        return False
    stems = {f.stem for f in files}
    for folder in data.iterdir():
        if folder.is_dir() and is_year_folder(folder):
            for path in folder.iterdir():
                if path.stem not in stems or path.suffix not in SUFFIXES or not path.is_file():
                    return False
    return True


def _batch(plans_dir: str, rules_dir: str, data: str, year: int, lang: str, batch: list[str]) -> dict[str, Any] | None:
    """A worker's task: the batch's district slices and the sentences on those left out; None when its plans are
    not named for their files (or clash with a rule set's). The batch's plans (with the rule sets and the plans
    they name) are loaded, evaluated and let go: a worker holds a batch, not its share (2,844 plans are 0.7 GiB)."""
    _tune_collector()
    folder = Path(plans_dir)
    registry = PlanRegistry.load(folder, Path(rules_dir), batch)
    if not registry.partial or any(_file_of(registry, plan_id) != folder / f"{plan_id}.yaml" for plan_id in batch):
        return None  # read whole (a file named otherwise than its plan), or an id that is also a rule set's
    mine = set(batch)
    summary = Summary(lang)
    slices: list[DistrictSlice] = []

    def keep(district: Any) -> None:
        if district.plan.id in mine:
            slices.append(summary.slice_of(district))

    request = RunRequest(year=year, districts=("all",), data=Path(data))
    left_out = each_district(request, registry, keep, require_some=False).skipped
    return {"slices": to_plain(slices), "skipped": to_plain([m for m in left_out if _plan_of(m) in mine])}


@functools.cache
def _tune_collector() -> None:
    """Once per worker, as the command's own process: fewer collections, and the modules the worker imported out
    of the collector's sight (checker.domain.collector)."""
    collector.tune()
    collector.freeze()


def _file_of(registry: PlanRegistry, plan_id: str) -> Path | None:
    plan = registry.by_id.get(plan_id)
    return Path(plan.path) if plan is not None else None


def _plan_of(message: str) -> str:
    """The district an engine's sentence on a district left out is about."""
    return str(getattr(message, "params", {}).get("plan", ""))
