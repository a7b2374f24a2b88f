"""The benchmark's scripts (benchmarks/), loaded as modules; an sdist may come without them."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from support.paths import ROOT

BENCHMARKS = ROOT / "benchmarks"


def present() -> bool:
    """Whether this tree has the benchmark's generator."""
    return (BENCHMARKS / "generate.py").is_file()


@cache  # one module object, whichever test file asks first
def benchmark_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def generated_world(tmp_path_factory: Any, units: int, seed: int) -> Path:
    """A small world of the benchmark's generator (plans and data as YAML files and as tables) in a new folder."""
    out: Path = tmp_path_factory.mktemp("world")
    benchmark_module("generate").generate(out, units, seed)
    return out
