"""The benchmark's world (benchmarks/generate.py) through the command line: its data validates, and its polars
baseline judges every target as check summary and the engine do. The benchmark's own figures mean nothing if its
baseline judges differently. (The generator itself: tests/unit/test_benchmarks_generate.py.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.benchmarks import benchmark_module, present
from support.cli import Cli

from checker.engine.run import RunRequest, run_check
from checker.inputs.loading import PlanRegistry

if not present():  # an sdist without the benchmarks folder
    pytest.skip("benchmarks/ is not in this tree", allow_module_level=True)

generate = benchmark_module("generate")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world")
    generate.generate(out, 5, 1)
    return out


def test_yaml_data_validates(cli: Cli, world: Path) -> None:
    result = cli(
        "validate", str(world / "data" / "2024"), "--plans", str(world / "plans"), "--rules", str(world / "rules")
    )
    assert result.exit_code == 0, result.stdout + result.stderr


def _engine_targets(world: Path, year: int) -> list[list[str]]:
    registry = PlanRegistry.load(world / "plans", world / "rules")
    run = run_check(RunRequest(year=year, districts=("all",), data=world / "data"), registry)
    return sorted(
        [d.plan.id, i.indicator.id, t.plan_id, t.reason.value]
        for d in run.districts
        for i in d.indicators
        for t in i.targets
        if t.target is not None
    )


def _matrix(data: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(row["id"], d): s for row in data["indicators"] for d, s in row["verdicts"].items()}


@pytest.mark.parametrize("year", [2020, 2022, 2024])
def test_polars_baseline_agrees_with_the_engine(cli: Cli, world: Path, year: int) -> None:
    pytest.importorskip("polars")
    baseline = benchmark_module("polars_baseline").evaluate(world, year, targets=True)
    result = cli(
        *("summary", "--year", str(year), "all", "--format", "json"),
        *("--plans", str(world / "plans"), "--rules", str(world / "rules"), "--data", str(world / "data")),
    )
    assert result.exit_code == 0, result.stderr
    assert _matrix(baseline) == _matrix(result.json())
    assert baseline["targets"] == _engine_targets(world, year)  # the same reason for every target, not only verdicts
    if year == 2024:  # the world exercises the reasons the benchmark is about
        assert {"met", "on_track", "behind_schedule", "missing_value", "floor_breached", "in_progress"} <= set(
            baseline["reasons"]
        )
