"""A summary of many districts' YAML files computed in worker processes, a share of the plan files each.

Why: the first summary over 2,844 per-district YAML plans and their data files parses and checks every file and
evaluates 170,000 targets, about 45 s on one core; the machine has more. Each worker loads the plans of its share
(and the plans they name as parents or in references: PlanRegistry.load by id), evaluates its districts, and sends
back what the summary keeps of each (views.summary.DistrictSlice, plain data); the summary is then folded in the
districts' own order, as one process folds it (a test holds the two equal).

Only where that is the same run: every district for the year, from a folder of plan files each named for its plan
and a data folder whose files are all named for those plans. Anything else (a plan file named otherwise, an id
given twice, a data file of no plan, a problem in any file) is the one-process run's, which then reports it as it
always does.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from checker.domain.summary_view import SummaryView
from checker.engine.run import RunRequest, each_district, nothing_to_check
from checker.inputs.data_folder import is_year_folder
from checker.inputs.loading import PlanRegistry
from checker.inputs.readers import SUFFIXES
from checker.views.remembered import from_plain, to_plain
from checker.views.summary import DistrictSlice, Summary

MIN_PLANS = 400  # fewer plan files than this: one process (starting workers costs about 0.2 s each)
MAX_WORKERS = 4
BATCH = 300  # plans a worker holds at a time


def workers() -> int:
    """The processes a summary may use: the CPUs this process may run on, at most MAX_WORKERS."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(cpus, MAX_WORKERS)


def summary_in_shares(
    plans_dir: Path, rules_dir: Path, data: Path, year: int, lang: str, count: int = 0, min_plans: int | None = None
) -> SummaryView | None:
    """The summary of every district for ``year``, computed in ``count`` worker processes (workers() when 0); None
    where it would not be the one-process run's summary (see the module), with one CPU, or below ``min_plans``."""
    files = sorted(plans_dir.glob("*.yaml")) if plans_dir.is_dir() else []
    count = count or workers()
    least = MIN_PLANS if min_plans is None else min_plans
    if count < 2 or len(files) < max(least, count) or not _named_for(files, data):
        return None
    shares = [[f.stem for f in files[n * len(files) // count : (n + 1) * len(files) // count]] for n in range(count)]
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of this process's state shared
    args = (str(plans_dir), str(rules_dir), str(data), year, lang)
    try:
        with ProcessPoolExecutor(count, mp_context=context) as pool:
            results = list(pool.map(_share, *zip(*[(*args, share) for share in shares], strict=True)))
    except Exception:  # any problem in any file: the one-process run finds it and reports it at its place
        return None
    done = [result for result in results if result is not None]
    if len(done) < len(results):
        return None
    slices = sorted((s for result in done for s in from_plain(result["slices"])), key=lambda s: s["id"])
    skipped = sorted((m for result in done for m in from_plain(result["skipped"])), key=_plan_of)
    if not slices:
        raise nothing_to_check(year, skipped)
    summary = Summary(lang)
    for district in slices:
        summary.add_slice(district)
    return {**summary.view(year), **summary.notes(tuple(skipped))}


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


def _share(plans_dir: str, rules_dir: str, data: str, year: int, lang: str, share: list[str]) -> dict[str, Any] | None:
    """A worker's part: its share's district slices and the sentences on those left out; None when its plans are
    not named for their files (or clash with a rule set's). A batch of plans at a time: each batch's plans (with
    the rule sets and the plans they name) are loaded, evaluated and let go, so that a worker holds a batch, not
    its whole share (2,844 counties' plans are 0.7 GiB)."""
    import gc

    gc.set_threshold(50_000, 20, 100)  # as the command's own process (checker.cli.launch)
    folder = Path(plans_dir)
    request = RunRequest(year=year, districts=("all",), data=Path(data))
    slices: list[DistrictSlice] = []
    skipped: list[str] = []
    for start in range(0, len(share), BATCH):
        batch = share[start : start + BATCH]
        registry = PlanRegistry.load(folder, Path(rules_dir), batch)
        if not registry.partial or any(_file_of(registry, plan_id) != folder / f"{plan_id}.yaml" for plan_id in batch):
            return None  # read whole (a file named otherwise than its plan), or an id that is also a rule set's
        mine = set(batch)
        summary = Summary(lang)

        def keep(district: Any, mine: set[str] = mine, summary: Summary = summary) -> None:
            if district.plan.id in mine:
                slices.append(summary.slice_of(district))

        left_out = each_district(request, registry, keep, require_some=False)
        skipped += [m for m in left_out if _plan_of(m) in mine]
    return {"slices": to_plain(slices), "skipped": to_plain(skipped)}


def _file_of(registry: PlanRegistry, plan_id: str) -> Path | None:
    plan = registry.by_id.get(plan_id)
    return Path(plan.path) if plan is not None else None


def _plan_of(message: str) -> str:
    """The district an engine's sentence on a district left out is about."""
    return str(getattr(message, "params", {}).get("plan", ""))
