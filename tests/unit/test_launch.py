"""The ``check`` command's entry point (checker.cli.launch): the collector tuned before the command line is
imported, what the imports built frozen, then the command run; importing the package changes nothing."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points

import pytest

from checker.cli import launch
from checker.domain.collector import THRESHOLDS


@pytest.fixture
def collector() -> Iterator[None]:
    """This process's collector settings, as they were, after the test."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_the_command_runs_with_the_collector_tuned(collector: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import checker.cli.main

    seen: list[tuple[tuple[int, int, int], int]] = []
    monkeypatch.setattr(checker.cli.main, "main", lambda: seen.append((gc.get_threshold(), gc.get_freeze_count())))
    launch.main()
    ((thresholds, frozen),) = seen
    assert thresholds == THRESHOLDS and frozen > 0


def test_the_installed_command_and_python_m_checker_are_the_launcher() -> None:
    (check,) = entry_points(group="console_scripts", name="check")
    assert check.value == "checker.cli.launch:main"
    probe = "import gc, checker, checker.cli.main; print(gc.get_threshold() == (700, 10, 10))"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip() == "True"
    version = subprocess.run([sys.executable, "-m", "checker", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and "health-plan-checker" in version.stdout
