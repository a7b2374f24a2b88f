"""Benchmarks of health-plan-checker, measured side by side in one run (machines here are noisy).

    python benchmarks/run.py [--quick] [--runs 7] [--json reports/benchmarks.json]

Needs the package and the bench extra installed (pip install '.[bench]'; section 2 needs polars). Prints a table
per section with medians, spread (min–max) and ratios against baselines measured in the same invocation, and
writes the same figures as JSON. Every timed process runs without PYTHONDONTWRITEBYTECODE (a developer shell
may set it; then each run would recompile the package) and with a private checker cache folder, so that runs
neither use nor disturb the user's cache.

1. Cold start, one district: the installed ``check --year 2024 rongchang --format json`` as a whole process,
   against (a) a process that only imports the tool's core dependencies, and (b) check-jsonschema validating the
   same data file against the published data schema. Goals (issue 17): at most 1.3× (a), and at most 1.8× (a)
   with the cache off (HEALTH_PLAN_CHECKER_CACHE=off, an honest first-run figure); faster than (b) (issue 7).
2. National scale: synthetic worlds of 1/16, 1/4 and all 2,844 county-level units (benchmarks/generate.py,
   cached in benchmarks/.data/ while the seed, size and generator are unchanged): end-to-end
   ``check summary --year 2024 all`` over the plan table and long-form data (plans.csv, data.csv) against the
   hand-written polars evaluation of the same rules (benchmarks/polars_baseline.py); the two verdict matrices
   must agree. Also: the same summary over per-district YAML plans and data files. Peak memory (max RSS) of every
   process, the ratio check / polars, and the slope of log(time) over log(size) (1.0: linear). Goals: within 2×
   of polars, peak memory under 1 GiB, linear growth.
3. Batch validation: ``check validate`` over the 2,844 YAML data files of 2024 against check-jsonschema over the
   same files with the same schema. Goal: faster than check-jsonschema.
4. Memory of a large table: ``check validate`` of a long-form CSV of about 200 MB (the full world's values for
   2005–2024 with a source column; about 14 MB with --quick) against the same command on its header alone. The
   difference of the two peaks is the table's own memory; goal (issue 13): at most 3× the file's size. Also
   ``check --year 2024 all`` over the largest world's plan and data tables, against loading the same plans
   (``check districts``): a run's own memory, with the same goal (issue 17).
5. One county of the national tables: ``check --year 2024 u0001`` over the plan table and data table of the
   largest world, warm and with an empty cache, against the bundled district (warm) and a polars scan of that
   county's rows. Goals (issue 17): warm at most 2×, first run at most 3× the bundled district.
6. Import accuracy: ``benchmarks/import_accuracy.py --verdicts`` (issue 16), the drafts of the seed documents
   against the hand-encoded plans and data: precision and recall per part, with the issue's goals, and the verdicts
   of ``check --year 2024`` on each draft against the hand-encoded plan's. Skipped when the seeds are not there.
7. The per-district YAML world: ``check summary --year 2024 all`` over the full world's 2,844 YAML plans and its
   folder of YAML data files, once with an empty cache and then warm, against the same summary over the tables.
   Goals (issue 17): first run at most 30 s and under 1 GiB (all its processes together: it runs in workers),
   warm at most 2× the tables.

``--quick`` runs sections 2 and 3 at 1/16 only, for trying it out. Exit code 1 when the checker and the
baseline disagree on any verdict (the figures are still written).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from fractions import Fraction
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FULL_UNITS = 2844
YEAR = 2024
GiB = 1024**3


# --- running and timing processes -------------------------------------------------------------------------------


def child_env(cache: str) -> dict[str, str]:
    """The environment of a timed process: no PYTHONDONTWRITEBYTECODE, and its own checker cache (or 'off')."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["HEALTH_PLAN_CHECKER_CACHE"] = cache
    return env


@dataclass
class Run:
    seconds: float
    max_rss: int  # bytes
    returncode: int
    stderr: str


def run_once(command: list[str], env: dict[str, str], cwd: Path) -> Run:
    """One whole process: wall-clock time and its peak resident memory. The peak comes from GNU time where it is
    installed: a child forked from this process counts this process's pages as its own until it execs (ru_maxrss
    of wait4 then reports the benchmark's own size, hundreds of MiB after section 2), while time forks from a
    small image. Without it, from wait4 (ru_maxrss is KiB on Linux)."""
    gnu_time = Path("/usr/bin/time")
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapped = [str(gnu_time), "-f", "%M", "-o", rss.name, *command] if gnu_time.is_file() else command
        start = time.perf_counter()
        process = subprocess.Popen(wrapped, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: tell Popen
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        kib = usage.ru_maxrss
        if wrapped is not command:
            lines = [line for line in rss.read().splitlines() if line.strip().isdigit()]
            kib = int(lines[-1]) if lines else kib
            stderr = "\n".join(line for line in stderr.splitlines() if not line.startswith("Command exited"))
    return Run(seconds, kib * 1024, process.returncode, stderr)


def tree_peak(command: list[str], env: dict[str, str], cwd: Path) -> Run:
    """One whole process, with the peak of the summed resident memory of it and every process it starts (a
    summary over many files runs in worker processes: GNU time reports the largest one, not their sum), sampled
    from /proc every 50 ms."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        peak = 0
        while process.poll() is None:
            peak = max(peak, sum(_rss(pid) for pid in _tree(process.pid)))
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(seconds, peak, process.returncode, stderr)


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat_line = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents.setdefault(int(stat_line.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += parents.get(pid, [])
    return found


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@dataclass
class Measure:
    name: str
    command: list[str]
    env: dict[str, str] = field(repr=False)
    seconds: list[float] = field(default_factory=list)
    max_rss: list[int] = field(default_factory=list)
    unavailable: str | None = None  # why it could not be measured (e.g. a command the checker refuses yet)
    ok: tuple[int, ...] = (0, 1)
    shown: list[str] | None = None  # the command as recorded, when the real one lists thousands of files

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else math.nan

    @property
    def peak(self) -> int:
        return max(self.max_rss, default=0)

    def record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "command": self.shown or self.command,
            "seconds": self.seconds,
            "median": None if math.isnan(self.median) else self.median,
            "max_rss_bytes": self.max_rss,
            "peak_rss_bytes": self.peak or None,
            "unavailable": self.unavailable,
        }

    def once(self, cwd: Path, timed: bool = True) -> None:
        if self.unavailable:
            return
        run = run_once(self.command, self.env, cwd)
        if run.returncode not in self.ok:
            self.unavailable = f"exit {run.returncode}: {_first_line(run.stderr)}"
            return
        if timed:
            self.seconds.append(run.seconds)
            self.max_rss.append(run.max_rss)


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "(no message)"


def interleaved(measures: list[Measure], runs: int, cwd: Path, warm_up: bool = True) -> None:
    """One untimed warm-up each (fills the cache and the OS file cache), then ``runs`` rounds, interleaved so that
    a noisy moment hurts every command alike."""
    if warm_up:
        for m in measures:
            m.once(cwd, timed=False)
    for _ in range(runs):
        for m in measures:
            m.once(cwd)


def ms(seconds: float) -> str:
    return "—" if math.isnan(seconds) else f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def spread(m: Measure) -> str:
    if not m.seconds:
        return ""
    return f"{ms(min(m.seconds))}–{ms(max(m.seconds))}"


def mib(n: int) -> str:
    return f"{n / 1024**2:.0f} MiB" if n else "—"


# --- 1. cold start ------------------------------------------------------------------------------------------------


def cold_start(runs: int, work: Path, cache: str) -> list[Measure]:
    check = shutil.which("check", path=str(BIN)) or "check"
    data = ROOT / "data" / "2024" / "rongchang.yaml"
    schema = work / "data.schema.json"
    schema.write_text(subprocess.run([check, "schema", "data"], capture_output=True, text=True, check=True).stdout)
    env, off = child_env(cache), child_env("off")
    command = [check, "--year", "2024", "rongchang", "--format", "json"]
    measures = [
        Measure("check --year 2024 rongchang --format json", command, env),
        Measure(
            "(a) import pydantic, yaml, click, jsonschema",
            [sys.executable, "-c", "import pydantic, yaml, click, jsonschema"],
            env,
        ),
    ]
    peer = shutil.which("check-jsonschema", path=str(BIN))
    if peer:
        measures.append(
            Measure("(b) check-jsonschema on the same data file", [peer, "--schemafile", str(schema), str(data)], env)
        )
    measures.append(Measure("same check, cache off (a first run)", command, off))
    interleaved(measures, runs, work)
    return measures


def report_cold_start(measures: list[Measure], runs: int) -> dict[str, bool]:
    base = measures[1].median
    print(f"1. Cold start, one district ({runs} runs each, interleaved; median, min–max, ratio to (a), peak RSS)")
    for m in measures:
        print(f"  {m.name:<48} {ms(m.median):>9}  {spread(m):<17} ×{m.median / base:5.2f}  {mib(m.peak):>8}")
    off = next(m for m in measures if m.name.startswith("same check, cache off"))
    goals = {
        "cold start at most 1.3× (a) (issue 17)": measures[0].median <= 1.3 * base,
        "cache off at most 1.8× (a) (issue 17)": off.median <= 1.8 * base,
    }
    peer = next((m for m in measures if m.name.startswith("(b)")), None)
    if peer:
        goals["cold start faster than (b)"] = measures[0].median < peer.median
        print(f"  ratio check / check-jsonschema: ×{measures[0].median / peer.median:.2f}")
    _print_goals(goals)
    return goals


def _print_goals(goals: dict[str, bool | None]) -> None:
    for goal, met in goals.items():
        print(f"  goal {goal}: {'not measured' if met is None else 'met' if met else 'NOT met'}")


# --- worlds -------------------------------------------------------------------------------------------------------


def world(data_dir: Path, units: int, seed: int) -> tuple[Path, float | None]:
    """A generated world, reused while its seed, size and generator are unchanged; and the seconds generating took
    (None when it was reused)."""
    digest = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:16]
    folder = data_dir / f"seed{seed}-units{units}"
    stamp = folder / "stamp.json"
    wanted = {"seed": seed, "units": units, "generator": digest}
    if stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")) == wanted:
        return folder, None
    start = time.perf_counter()
    command = [sys.executable, str(HERE / "generate.py"), str(folder), "--units", str(units), "--seed", str(seed)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    stamp.write_text(json.dumps(wanted) + "\n", encoding="utf-8")
    return folder, time.perf_counter() - start


# --- agreement -----------------------------------------------------------------------------------------------------


def matrix(path: Path) -> dict[tuple[str, str], str]:
    """(indicator, district) -> verdict, from `check summary --format json` or the polars baseline's output."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(row["id"], d): s for row in data["indicators"] for d, s in row["verdicts"].items()}


def differences(expected: dict[tuple[str, str], str], found: dict[tuple[str, str], str]) -> list[str]:
    """Every cell where two verdict matrices differ, as 'indicator district: polars X, check Y'."""
    keys = sorted(set(expected) | set(found))
    return [
        f"{i} {d}: polars {expected.get((i, d), 'absent')}, check {found.get((i, d), 'absent')}"
        for i, d in keys
        if expected.get((i, d)) != found.get((i, d))
    ]


# --- 2. national scale --------------------------------------------------------------------------------------------


@dataclass
class Size:
    label: str
    units: int
    runs: int
    yaml: bool  # also time the per-district YAML path at this size


def national_scale(sizes: list[Size], data_dir: Path, seed: int, work: Path, cache: str) -> dict[str, Any]:
    check = shutil.which("check", path=str(BIN)) or "check"
    env = child_env(cache)
    results: list[dict[str, Any]] = []
    for size in sizes:
        folder, generated = world(data_dir, size.units, seed)
        described = json.loads((folder / "world.json").read_text(encoding="utf-8"))
        out = work / size.label.replace("/", "_")
        out.mkdir(exist_ok=True)
        summary = [check, "summary", "--year", str(YEAR), "all", "--rules", str(folder / "rules")]
        summary_csv = [
            *summary,
            *("--plans", str(folder / "plans.csv"), "--data", str(folder / "data.csv")),
            *("--format", "json", "--output", str(out / "check-csv.json")),
        ]
        summary_yaml = [
            *summary,
            *("--plans", str(folder / "plans"), "--data", str(folder / "data")),
            *("--format", "json", "--output", str(out / "check-yaml.json")),
        ]
        polars = [
            sys.executable,
            str(HERE / "polars_baseline.py"),
            str(folder),
            *("--year", str(YEAR), "--output", str(out / "polars.json")),
        ]
        measures = {
            "check_csv": Measure("check summary (plans.csv, data.csv)", summary_csv, env),
            "polars": Measure("polars baseline (plans.csv, data.csv)", polars, env, ok=(0,)),
        }
        if size.yaml:
            measures["check_yaml"] = Measure("check summary (YAML plans and data files)", summary_yaml, env)
        print(f"  {size.label}: {size.units} units, {described['values']:,} values … ", end="", flush=True)
        interleaved(list(measures.values()), size.runs, ROOT)
        print("done")
        agreement: dict[str, Any] = {}
        if measures["polars"].unavailable:
            raise SystemExit(f"the polars baseline failed: {measures['polars'].unavailable}")
        expected = matrix(out / "polars.json")
        for key, m in measures.items():
            if key == "polars" or m.unavailable:
                continue
            diffs = differences(expected, matrix(Path(m.command[-1])))
            agreement[key] = {"agree": not diffs, "cells": len(expected), "differences": diffs[:20]}
        results.append(
            {
                "size": size.label,
                "units": size.units,
                "values": described["values"],
                "targets": described["targets"],
                "runs": size.runs,
                "generated_seconds": generated,
                "world": str(folder),
                "measures": {k: m.record() for k, m in measures.items()},
                "agreement": agreement,
                "reasons": json.loads((out / "polars.json").read_text(encoding="utf-8")).get("reasons"),
            }
        )
    return {"sizes": results, "slopes": _slopes(results)}


def _slopes(results: list[dict[str, Any]]) -> dict[str, float | None]:
    """Least-squares slope of log(median time) over log(units), per command measured at two or more sizes."""
    slopes: dict[str, float | None] = {}
    for key in ("check_csv", "polars", "check_yaml"):
        points = [
            (math.log(r["units"]), math.log(r["measures"][key]["median"]))
            for r in results
            if key in r["measures"] and r["measures"][key]["median"]
        ]
        if len(points) < 2:
            slopes[key] = None
            continue
        mx = sum(x for x, _ in points) / len(points)
        my = sum(y for _, y in points) / len(points)
        sxx = sum((x - mx) ** 2 for x, _ in points)
        slopes[key] = sum((x - mx) * (y - my) for x, y in points) / sxx
    return slopes


def report_national(section: dict[str, Any]) -> tuple[dict[str, bool | None], bool]:
    """Print the table; return the goals and whether every comparison agreed."""
    print("2. National scale: check summary --year 2024 all --format json, end to end (median, min–max, peak RSS)")
    agreed = True
    for r in section["sizes"]:
        polars = r["measures"]["polars"]["median"]
        print(f"  {r['size']} — {r['units']} units, {r['values']:,} values, {r['targets']:,} targets, {r['runs']} runs")
        for m in r["measures"].values():
            if m["unavailable"]:
                print(f"    {m['name']:<44} unavailable: {m['unavailable']}")
                continue
            seconds = m["seconds"]
            ratio = f"×{m['median'] / polars:6.2f}" if polars else ""
            rate = f"{r['targets'] / m['median']:>9,.0f} targets/s"
            print(
                f"    {m['name']:<44} {ms(m['median']):>9}  {ms(min(seconds))}–{ms(max(seconds)):<9} {ratio}"
                f"  {mib(m['peak_rss_bytes'] or 0):>9}  {rate}"
            )
        for key, a in r["agreement"].items():
            if a["agree"]:
                print(f"    {key} verdicts agree with polars on all {a['cells']:,} district × indicator cells")
            else:
                agreed = False
                print(f"    {key} verdicts DISAGREE with polars; first differences:")
                for line in a["differences"][:10]:
                    print(f"      {line}")
    slopes = section["slopes"]
    shown = ", ".join(f"{k} {v:.2f}" for k, v in slopes.items() if v is not None)
    print(f"  slope of log(time) over log(size) (1.0 = linear): {shown or 'needs two sizes'}")
    if shown:
        print("  (below 1: the fixed start-up, imports and the rule sets, weighs most at the small sizes)")
    full = section["sizes"][-1]
    csv = full["measures"]["check_csv"]
    polars = full["measures"]["polars"]
    measured = not csv["unavailable"] and bool(csv["seconds"])
    goals: dict[str, bool | None] = {
        f"within 2× of polars at {full['size']}": csv["median"] <= 2 * polars["median"] if measured else None,
        f"peak memory under 1 GiB at {full['size']}": csv["peak_rss_bytes"] < GiB if measured else None,
        "linear growth (slope ≤ 1.15)": slopes["check_csv"] <= 1.15 if slopes.get("check_csv") is not None else None,
    }
    _print_goals(goals)
    return goals, agreed


# --- 3. batch validation ------------------------------------------------------------------------------------------


def batch_validation(folder: Path, runs: int, work: Path, cache: str) -> tuple[list[Measure], Run]:
    """check validate against check-jsonschema on the same files, interleaved. First, untimed for the comparison,
    ``check districts`` loads the world's YAML plans into the (empty) private cache: the load that every later run
    reuses while the plans are unchanged; its time is returned as the cold-cache figure."""
    check = shutil.which("check", path=str(BIN)) or "check"
    env = child_env(cache)
    schema = work / "data.schema.json"
    files = sorted(str(p) for p in (folder / "data" / str(YEAR)).glob("*.yaml"))
    where = ["--plans", str(folder / "plans"), "--rules", str(folder / "rules")]
    first = run_once([check, "districts", *where], env, work)
    if first.returncode != 0:
        raise SystemExit(f"check districts failed on the generated plans: {_first_line(first.stderr)}")
    measures = [
        Measure(f"check validate ({len(files)} files)", [check, "validate", str(Path(files[0]).parent), *where], env)
    ]
    peer = shutil.which("check-jsonschema", path=str(BIN))
    if peer:
        command = [peer, "--schemafile", str(schema)]
        shown = [*command, str(Path(files[0]).parent / "*.yaml")]
        measures.append(Measure(f"check-jsonschema ({len(files)} files)", [*command, *files], env, shown=shown))
    interleaved(measures, runs, work, warm_up=False)
    return measures, first


def report_validation(measures: list[Measure], runs: int, first: Run) -> dict[str, bool | None]:
    print(f"3. Batch validation: the {YEAR} YAML data files ({runs} runs each; median, min–max, peak RSS)")
    print(
        f"  (untimed for the ratio: loading the YAML plans into an empty cache, check districts: {ms(first.seconds)},"
    )
    print(f"   peak {mib(first.max_rss)}; every run below reuses that cache, as repeated runs over unchanged plans do)")
    for m in measures:
        if m.unavailable:
            print(f"  {m.name:<44} unavailable: {m.unavailable}")
            continue
        print(f"  {m.name:<44} {ms(m.median):>9}  {spread(m):<17} {mib(m.peak):>8}")
    goals: dict[str, bool | None] = {}
    if len(measures) > 1 and measures[0].seconds and measures[1].seconds:
        print(f"  ratio check validate / check-jsonschema: ×{measures[0].median / measures[1].median:.2f}")
        goals["validation faster than check-jsonschema"] = measures[0].median < measures[1].median
    _print_goals(goals)
    return goals


# --- one county of the national tables ---------------------------------------------------------------------------


def one_county(folder: Path, runs: int, work: Path, cache: str) -> list[Measure]:
    """``check --year 2024 u0001`` over the full world's plan table and data table, first with an empty cache (one
    run each, a private cache per run), then warm, against the bundled district with the cache warm and a polars
    scan that reads only that county's rows (the baseline the issue names)."""
    check = shutil.which("check", path=str(BIN)) or "check"
    env = child_env(cache)
    tables = [
        "--plans",
        str(folder / "plans.csv"),
        "--rules",
        str(folder / "rules"),
        "--data",
        str(folder / "data.csv"),
    ]
    county = [check, "--year", str(YEAR), "u0001", *tables, "--format", "json"]
    bundled = [check, "--year", str(YEAR), "rongchang", "--format", "json"]
    scan = (
        "import polars as pl, sys; "
        "pl.scan_csv(sys.argv[1], infer_schema=False).filter(pl.col('district') == 'u0001').collect(); "
        "pl.scan_csv(sys.argv[2], infer_schema=False).filter(pl.col('district') == 'u0001').collect()"
    )
    polars = [sys.executable, "-c", scan, str(folder / "plans.csv"), str(folder / "data.csv")]
    cold = []
    for n in range(runs):  # an empty cache each time: the first run a user meets
        fresh = child_env(str(work / f"cold-cache-{n}"))
        cold.append(run_once(county, fresh, work))
    first = Measure("one county, empty cache (first run)", county, env)
    first.seconds = [r.seconds for r in cold if r.returncode in (0, 1)]
    first.max_rss = [r.max_rss for r in cold if r.returncode in (0, 1)]
    measures = [
        Measure("check --year 2024 rongchang (bundled), warm", bundled, env),
        Measure("check --year 2024 u0001 (national tables), warm", county, env),
        Measure("polars scan of u0001's rows (plans, data)", polars, env, ok=(0,)),
    ]
    interleaved(measures, runs, work)
    return [*measures, first]


def report_one_county(measures: list[Measure], runs: int) -> dict[str, bool | None]:
    bundled, warm, _scan, first = measures
    print(f"5. One county of the national tables ({runs} runs each; median, min–max, ratio to the bundled district)")
    for m in measures:
        if m.unavailable or not m.seconds:
            print(f"  {m.name:<48} unavailable: {m.unavailable}")
            continue
        print(f"  {m.name:<48} {ms(m.median):>9}  {spread(m):<17} ×{m.median / bundled.median:5.2f}  {mib(m.peak):>8}")
    goals: dict[str, bool | None] = {
        "one county warm at most 2× the bundled district": warm.median <= 2 * bundled.median if warm.seconds else None,
        "one county first run at most 3× the bundled district": (
            first.median <= 3 * bundled.median if first.seconds else None
        ),
    }
    _print_goals(goals)
    return goals


# --- 7. the per-district YAML world --------------------------------------------------------------------------------


def yaml_world(folder: Path, runs: int, work: Path) -> list[Measure]:
    """``check summary --year 2024 all`` over the full world as 2,844 YAML plans and a data folder of YAML files:
    once with an empty cache (the first run), then warm, against the same summary over the plan and data tables
    (the columnar path) with the cache warm. Each command has a cache of its own."""
    check = shutil.which("check", path=str(BIN)) or "check"
    summary = [check, "summary", "--year", str(YEAR), "all", "--rules", str(folder / "rules"), "--format", "json"]
    files = [*summary, "--plans", str(folder / "plans"), "--data", str(folder / "data")]
    tables = [*summary, "--plans", str(folder / "plans.csv"), "--data", str(folder / "data.csv")]
    first_cache = work / "yaml-world-first"
    shutil.rmtree(first_cache, ignore_errors=True)
    first = Measure("YAML plans and data files, empty cache (first run)", files, child_env(str(first_cache)))
    run = tree_peak(files, first.env, work)  # the one run that finds the cache empty; it runs in workers
    if run.returncode in first.ok:
        first.seconds, first.max_rss = [run.seconds], [run.max_rss]
    else:
        first.unavailable = f"exit {run.returncode}: {_first_line(run.stderr)}"
    warm = Measure("YAML plans and data files, cache warm", files, first.env)
    table = Measure("plan and data tables, cache warm", tables, child_env(str(work / "yaml-world-tables")))
    interleaved([warm, table], runs, work)
    return [first, warm, table]


def report_yaml_world(measures: list[Measure], runs: int) -> dict[str, bool | None]:
    first, warm, table = measures
    print(f"7. The full world as per-district YAML files: check summary ({runs} warm runs; ratio to the tables;")
    print("   the first run's memory is the peak of all its processes together, sampled)")
    for m in measures:
        if m.unavailable or not m.seconds:
            print(f"  {m.name:<52} unavailable: {m.unavailable}")
            continue
        print(f"  {m.name:<52} {ms(m.median):>9}  ×{m.median / table.median:5.2f}  {mib(m.peak):>8}")
    goals: dict[str, bool | None] = {
        "YAML world first run at most 30 s": first.median <= 30 if first.seconds else None,
        "YAML world first run under 1 GiB": first.peak < GiB if first.seconds else None,
        "YAML world cached at most 2× the tables": (
            warm.median <= 2 * table.median if warm.seconds and table.seconds else None
        ),
    }
    _print_goals(goals)
    return goals


# --- memory of a large table ------------------------------------------------------------------------------------


def large_table(folder: Path, first_year: int) -> Path:
    """A long-form CSV of about 200 MB (with the full world): the world's 2020–2024 values repeated for the years
    from ``first_year`` to 2024 (each year takes the values of 2020 + its distance from ``first_year`` mod 5, so
    consecutive years stay believable against each other), with a source column as real submissions carry.
    Written next to the world's own data.csv, and reused while that is unchanged."""
    out = folder / f"data-since-{first_year}.csv"
    source = folder / "data.csv"
    if out.is_file() and out.stat().st_mtime >= source.stat().st_mtime:
        return out
    by_unit: dict[str, list[tuple[int, str, str]]] = {}
    with source.open(encoding="utf-8", newline="") as f:
        for district, year, indicator, value, _ in list(csv.reader(f))[1:]:
            by_unit.setdefault(district, []).append((int(year), indicator, value))
    partial = out.with_suffix(".partial")
    with partial.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["district", "year", "indicator", "value", "source", "illustrative"])
        for district, values in by_unit.items():
            for year in range(first_year, YEAR + 1):
                shifted = 2020 + (year - first_year) % 5
                note = f"{year}年{district}卫生健康统计年报"
                writer.writerows([district, year, i, v, note, "true"] for y, i, v in values if y == shifted)
    partial.replace(out)
    return out


def table_memory(folder: Path, first_year: int, work: Path, cache: str) -> dict[str, Any]:
    """``check validate`` of the large table and of its header alone (the same plans, from the cache that section
    3 filled): the table's own memory is the difference; the goal is at most 3× the file's size."""
    check = shutil.which("check", path=str(BIN)) or "check"
    env = child_env(cache)
    table = large_table(folder, first_year)
    header = work / "header-only.csv"
    with table.open(encoding="utf-8") as f:
        header.write_text(f.readline(), encoding="utf-8")
    where = ["--plans", str(folder / "plans"), "--rules", str(folder / "rules")]
    run_once([check, "validate", str(header), *where], env, work)  # untimed: the plans into the cache, if not there
    runs = {
        name: run_once([check, "validate", str(path), *where], env, work)
        for name, path in (("header only", header), ("table", table))
    }
    for name, run in runs.items():
        if run.returncode not in (0, 1):
            raise SystemExit(f"check validate ({name}) failed: {_first_line(run.stderr)}")
    size = table.stat().st_size
    own = runs["table"].max_rss - runs["header only"].max_rss
    # the run over every county of the world's own tables: its memory over that of loading the same plans
    tables = ["--plans", str(folder / "plans.csv"), "--rules", str(folder / "rules")]
    run_once([check, "districts", *tables], env, work)  # untimed: the table's plans into the cache
    plans_only = run_once([check, "districts", *tables], env, work)  # as the run then loads them
    everything = [check, "--year", str(YEAR), "all", *tables, "--data", str(folder / "data.csv")]
    run_all = run_once([*everything, "--format", "json", "--output", str(work / "run-all.json"), "--force"], env, work)
    data_size = (folder / "data.csv").stat().st_size
    return {
        "file": str(table),
        "bytes": size,
        "rows": sum(1 for _ in table.open(encoding="utf-8")) - 1,
        "header_only": {"seconds": runs["header only"].seconds, "max_rss_bytes": runs["header only"].max_rss},
        "table": {"seconds": runs["table"].seconds, "max_rss_bytes": runs["table"].max_rss},
        "table_own_bytes": own,
        "ratio_to_file": own / size,
        "run_all": {
            "command": everything,
            "data_bytes": data_size,
            "report_bytes": (work / "run-all.json").stat().st_size if run_all.returncode in (0, 1) else None,
            "seconds": run_all.seconds,
            "max_rss_bytes": run_all.max_rss,
            "plans_only_max_rss_bytes": plans_only.max_rss,
            "own_bytes": run_all.max_rss - plans_only.max_rss,
            "ratio_to_file": (run_all.max_rss - plans_only.max_rss) / data_size,
            "returncode": run_all.returncode,
        },
    }


def report_table_memory(section: dict[str, Any]) -> dict[str, bool | None]:
    size = section["bytes"]
    print(
        f"4. Memory of a large table: check validate of a {size / 1e6:.0f} MB long-form CSV ({section['rows']:,} rows)"
    )
    for name in ("header_only", "table"):
        run = section[name]
        label = "the same plans, header only" if name == "header_only" else "the table"
        print(f"  {label:<44} {ms(run['seconds']):>9}  peak {mib(run['max_rss_bytes']):>8}")
    print(
        f"  the table's own memory (the difference): {mib(section['table_own_bytes'])}, "
        f"×{section['ratio_to_file']:.2f} the file's size"
    )
    goals: dict[str, bool | None] = {"a table's own memory at most 3× its size": section["ratio_to_file"] <= 3}
    run = section["run_all"]
    if run["returncode"] in (0, 1):
        print(
            f"  check --year {YEAR} all over the world's tables ({run['data_bytes'] / 1e6:.0f} MB of data): "
            f"{ms(run['seconds'])}, peak {mib(run['max_rss_bytes'])} against {mib(run['plans_only_max_rss_bytes'])} "
            f"loading its plans; a {run['report_bytes'] / 1e6:.0f} MB report"
        )
        print(f"  its own memory: {mib(run['own_bytes'])}, ×{run['ratio_to_file']:.1f} the data file's size")
        goals["a run's own memory at most 3× its data table"] = run["ratio_to_file"] <= 3
    else:
        print(f"  check --year {YEAR} all over the world's tables: exit {run['returncode']}")
        goals["a run's own memory at most 3× its data table"] = None
    _print_goals(goals)
    return goals


# --- main ---------------------------------------------------------------------------------------------------------


def sizes_for(quick: bool) -> list[Size]:
    """1/16 and 1/4 with several runs; the full size with few, to stay within ten minutes on two cores."""

    def units(f: Fraction) -> int:
        return max(1, round(FULL_UNITS * f))

    if quick:
        return [Size("1/16", units(Fraction(1, 16)), 3, True)]
    return [
        Size("1/16", units(Fraction(1, 16)), 5, True),
        Size("1/4", units(Fraction(1, 4)), 3, False),
        Size("full", FULL_UNITS, 2, False),
    ]


def import_accuracy(work: Path) -> dict[str, Any]:
    """Section 6: the import accuracy script as a process; its figures, or why there are none."""
    print("6. Import accuracy (benchmarks/import_accuracy.py --verdicts)")
    figures = work / "import_accuracy.json"
    command = [sys.executable, str(HERE / "import_accuracy.py"), "--verdicts", "--json", str(figures)]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    print(run.stdout.rstrip() or run.stderr.rstrip())
    if run.returncode != 0 or not figures.is_file():
        return {"skipped": (run.stderr or run.stdout).strip()}
    loaded: dict[str, Any] = json.loads(figures.read_text(encoding="utf-8"))
    return loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21, help="runs of each cold-start command")
    parser.add_argument("--quick", action="store_true", help="sections 2 and 3 at 1/16 size only")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=HERE / ".data", help="where generated worlds are kept")
    parser.add_argument("--json", type=Path, default=Path("reports/benchmarks.json"))
    args = parser.parse_args()
    started = time.perf_counter()
    goals: dict[str, bool | None] = {}
    with tempfile.TemporaryDirectory() as tmp:  # an empty folder: no ./data, so the bundled data is used
        work = Path(tmp)
        cache = str(work / "cache")
        cold = cold_start(args.runs, work, cache)
        goals |= report_cold_start(cold, args.runs)
        print()
        print("2. National scale: generating or reusing the worlds, then measuring")
        sizes = sizes_for(args.quick)
        national = national_scale(sizes, args.data_dir, args.seed, work, cache)
        national_goals, agreed = report_national(national)
        goals |= national_goals
        print()
        largest, _ = world(args.data_dir, sizes[-1].units, args.seed)
        validation_runs = 3 if args.quick else 1
        validation, first = batch_validation(largest, validation_runs, work, cache)
        goals |= report_validation(validation, validation_runs, first)
        print()
        memory = table_memory(largest, 2005, work, cache)
        goals |= report_table_memory(memory)
        print()
        county = one_county(largest, 3 if args.quick else 5, work, cache)
        goals |= report_one_county(county, 3 if args.quick else 5)
        print()
        accuracy = import_accuracy(work)
        goals |= {
            f"import: {part}": figures["goal"].startswith("met")
            for part, figures in accuracy.get("parts", {}).items()
            if "goal" in figures and not figures["goal"].startswith("no goal")
        }
        print()
        yaml_runs = 1 if args.quick else 2
        yaml_measures = yaml_world(largest, yaml_runs, work)
        goals |= report_yaml_world(yaml_measures, yaml_runs)
    elapsed = time.perf_counter() - started
    print(f"\nwhole benchmark: {elapsed:.0f} s")
    record = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
        "quick": args.quick,
        "seed": args.seed,
        "cold_start": [
            m.record() | {"ratio_to_a": m.median / cold[1].median, "cache": m.env["HEALTH_PLAN_CHECKER_CACHE"]}
            for m in cold
        ],
        "national_scale": national,
        "batch_validation": {
            "plans_cold_cache": {
                "command": "check districts",
                "seconds": first.seconds,
                "max_rss_bytes": first.max_rss,
            },
            "measures": [m.record() for m in validation],
        },
        "table_memory": memory,
        "one_county": [m.record() for m in county],
        "yaml_world": [m.record() for m in yaml_measures],
        "import_accuracy": accuracy,
        "goals": goals,
        "agree": agreed,
        "seconds": elapsed,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"figures written to {args.json}")
    if not agreed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
