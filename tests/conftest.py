"""Shared fixtures: the repository's folders, a CliRunner, and small helpers to write input files."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests' parse cache lives in a temporary folder, never in the user's ~/.cache (see checker.inputs.cache)."""
    before = os.environ.get("HEALTH_PLAN_CHECKER_CACHE")
    os.environ["HEALTH_PLAN_CHECKER_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop("HEALTH_PLAN_CHECKER_CACHE", None)
    else:
        os.environ["HEALTH_PLAN_CHECKER_CACHE"] = before


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write dedented text to a file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write
