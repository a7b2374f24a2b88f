"""The benchmark's generator and polars baseline (benchmarks/): deterministic, loadable, and in agreement with the
engine. The benchmark's own figures mean nothing if its world does not load or its baseline judges differently."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.engine.run import RunRequest, run_check
from checker.inputs.loading import PlanRegistry

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
if not (BENCHMARKS / "generate.py").is_file():  # an sdist without the benchmarks folder
    pytest.skip("benchmarks/ is not in this tree", allow_module_level=True)


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generate = _module("generate")


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world")
    generate.generate(out, 5, 1)
    return out


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    generate.generate(tmp_path / "a", 3, 7)
    generate.generate(tmp_path / "b", 3, 7)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a == b
    assert {"plans.csv", "data.csv", "rules/national.yaml", "plans/u0003.yaml", "data/2024/u0001.yaml"} <= set(a)
    generate.generate(tmp_path / "c", 3, 8)
    assert _files(tmp_path / "c")["data.csv"] != a["data.csv"]


def test_smaller_world_is_a_prefix(tmp_path: Path) -> None:
    """Each unit has its own random stream: the 1/16 world's units are the full world's first units."""
    generate.generate(tmp_path / "small", 2, 1)
    generate.generate(tmp_path / "large", 4, 1)
    assert (tmp_path / "small/plans/u0002.yaml").read_bytes() == (tmp_path / "large/plans/u0002.yaml").read_bytes()
    assert generate.units_for("1/16", None) == 178 and generate.units_for("1/4", None) == 711


def test_plans_load_with_the_real_loader(world: Path) -> None:
    registry = PlanRegistry.load(world / "plans", world / "rules")
    districts = [p for p in registry.plans if p.meta.level == "district"]
    assert [p.id for p in districts] == ["u0001", "u0002", "u0003", "u0004", "u0005"]
    assert all(len(p.entries) == 56 and len(p.projects) == 4 for p in districts)
    assert [p.id for p in registry.ancestors(districts[0])] == ["national"]
    header = (world / "plans.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == generate.PLAN_HEADER
    assert len((world / "plans.csv").read_text(encoding="utf-8").splitlines()) == 1 + 5 * 60
    assert len((world / "data.csv").read_text(encoding="utf-8").splitlines()) == 1 + 5 * 60 * 5


def test_yaml_data_validates(world: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["validate", str(world / "data" / "2024"), "--plans", str(world / "plans"), "--rules", str(world / "rules")],
    )
    assert result.exit_code == 0, result.output


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
def test_polars_baseline_agrees_with_the_engine(world: Path, year: int) -> None:
    pytest.importorskip("polars")
    baseline = _module("polars_baseline").evaluate(world, year, targets=True)
    result = CliRunner().invoke(
        main,
        [
            *("summary", "--year", str(year), "all", "--format", "json"),
            *("--plans", str(world / "plans"), "--rules", str(world / "rules"), "--data", str(world / "data")),
        ],
    )
    assert result.exit_code == 0, result.output
    assert _matrix(baseline) == _matrix(json.loads(result.stdout))
    assert baseline["targets"] == _engine_targets(world, year)  # the same reason for every target, not only verdicts
    if year == 2024:  # the world exercises the reasons the benchmark is about
        assert {"met", "on_track", "behind_schedule", "missing_value", "floor_breached", "in_progress"} <= set(
            baseline["reasons"]
        )
