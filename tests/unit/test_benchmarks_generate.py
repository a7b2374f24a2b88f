"""The benchmark's generator (benchmarks/): deterministic, and its world loads with the real loader. The benchmark's
own figures mean nothing if its world does not load. (Its polars baseline against the engine, through check
summary: tests/cli/test_benchmarks_generate.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.benchmarks import benchmark_module, present

from checker.inputs.loading import PlanRegistry

if not present():  # an sdist without the benchmarks folder
    pytest.skip("benchmarks/ is not in this tree", allow_module_level=True)

generate = benchmark_module("generate")


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
