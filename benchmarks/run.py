"""Benchmarks of health-plan-checker, measured side by side in one run (machines here are noisy).

    python benchmarks/run.py [--runs 7] [--json reports/benchmarks.json]

Needs the package and the bench extra installed (pip install '.[bench]'). Prints a table of medians, spread
(min–max) and ratios against baselines measured in the same invocation, and writes the same figures as JSON.

1. Cold start, one district: the installed ``check --year 2024 rongchang --format json`` as a whole process,
   against (a) a process that only imports the tool's core dependencies, and (b) check-jsonschema validating the
   same data file against the published data schema. Goals (issue 7): at most 1.5× (a), faster than (b).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

BIN = Path(sys.executable).parent


@dataclass
class Measure:
    name: str
    command: list[str]
    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def timed(command: list[str], runs: int, cwd: Path) -> list[float]:
    """Wall-clock seconds of ``runs`` runs of a whole process (one untimed warm-up run first)."""
    subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    result = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        result.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(
                f"benchmark command failed ({done.returncode}): {' '.join(command)}\n{done.stderr.decode()}"
            )
    return result


def cold_start(runs: int, work: Path) -> list[Measure]:
    check = shutil.which("check", path=str(BIN)) or "check"
    data = Path(__file__).resolve().parents[1] / "data" / "2024" / "rongchang.yaml"
    schema = work / "data.schema.json"
    schema.write_text(subprocess.run([check, "schema", "data"], capture_output=True, text=True, check=True).stdout)
    measures = [
        Measure(
            "check --year 2024 rongchang --format json", [check, "--year", "2024", "rongchang", "--format", "json"], []
        ),
        Measure(
            "(a) import pydantic, yaml, click, jsonschema",
            [sys.executable, "-c", "import pydantic, yaml, click, jsonschema"],
            [],
        ),
    ]
    peer = shutil.which("check-jsonschema", path=str(BIN))
    if peer:
        measures.append(
            Measure("(b) check-jsonschema on the same data file", [peer, "--schemafile", str(schema), str(data)], [])
        )
    # interleave the runs so that a noisy moment hurts every command alike
    for _ in range(runs):
        for m in measures:
            m.seconds += timed(m.command, 1, work)
    return measures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, default=Path("reports/benchmarks.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:  # an empty folder: no ./data, so the bundled data is used
        measures = cold_start(args.runs, Path(tmp))
    base = measures[1].median
    print(f"Cold start, one district ({args.runs} runs each, interleaved; median, min–max, ratio to (a))")
    for m in measures:
        print(
            f"  {m.name:<48} {m.median * 1000:7.0f} ms  {min(m.seconds) * 1000:5.0f}–{max(m.seconds) * 1000:<5.0f} ms"
            f"  ×{m.median / base:.2f}"
        )
    goals = {"at most 1.5× (a)": measures[0].median <= 1.5 * base}
    if len(measures) > 2:
        goals["faster than (b)"] = measures[0].median < measures[2].median
        print(f"  ratio check / check-jsonschema: ×{measures[0].median / measures[2].median:.2f}")
    for goal, met in goals.items():
        print(f"  goal {goal}: {'met' if met else 'NOT met'}")
    record = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
        "cold_start": [asdict(m) | {"median": m.median, "ratio_to_a": m.median / base} for m in measures],
        "goals": goals,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
