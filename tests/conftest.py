"""Shared fixtures: the command line, the bundled plans, a copy of the test world, and a helper to write input files.

The tests are in three folders: unit (functions and classes), cli (the ``check`` command, in-process or installed)
and plans (the encoded plans against the seed documents). Helpers they import are in support/ and seeds.py.
"""

from __future__ import annotations

import shutil
import signal
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from support.cli import Cli, run_cli
from support.paths import WORLD

if TYPE_CHECKING:
    from checker.inputs.loading import PlanRegistry


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests' parse cache lives in a temporary folder, never in the user's ~/.cache (see checker.inputs.cache)."""
    with pytest.MonkeyPatch.context() as patch:  # the environment as it was, after the session
        patch.setenv("HEALTH_PLAN_CHECKER_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True, scope="session")
def _fixed_time() -> Iterator[None]:
    """Run reports record the time they were made (their provenance): SOURCE_DATE_EPOCH fixes it, so that two runs
    in a test give the same bytes whenever the clock ticks (tests/cli/test_provenance.py unsets it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1704067200")  # 2024-01-01T00:00:00Z
        yield


@pytest.fixture(autouse=True, scope="session")
def _no_terminal_size() -> Iterator[None]:
    """The width of a report on a pipe is the tool's default unless COLUMNS says otherwise: a developer's exported
    COLUMNS (COLUMNS=80 pytest) would change every table the tests compare. Tests of a width set it themselves."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("COLUMNS", raising=False)
        patch.delenv("LINES", raising=False)
        yield


@pytest.fixture(scope="session")
def cli() -> Cli:
    """``cli("--year", "2024", "rongchang", input=None, env=None)``: run ``check`` in this process and get a
    CliResult (exit_code, stdout, stderr, and .json() of stdout). Session-wide, so module fixtures can use it."""
    return run_cli


@pytest.fixture(scope="module")
def registry() -> PlanRegistry:
    """The bundled plans and rule sets (a module may override it with its own)."""
    from checker.inputs.loading import PlanRegistry  # here, not at the top, as in support/cli.py

    return PlanRegistry.load()


@pytest.fixture
def world_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the test world (tests/fixtures/world) to edit, and an empty parse cache of this test's own."""
    from checker.inputs import cache

    shutil.copytree(WORLD, tmp_path / "world")
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "world"


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write dedented text to a file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


BLOCKING_SECONDS = 5  # far above the real time: the point is that nothing blocks


@pytest.fixture
def no_blocking() -> Iterator[None]:
    """Fail the test, rather than hang it, if anything waits on a special file (a FIFO, a device)."""

    def interrupt(signum: int, frame: object) -> None:
        raise TimeoutError(f"blocked for {BLOCKING_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(BLOCKING_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
