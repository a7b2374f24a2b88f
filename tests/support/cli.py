"""The command line as the tests run it: ``cli("--year", "2024", "rongchang")`` (the ``cli`` fixture, conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from click.testing import CliRunner


@dataclass(frozen=True)
class CliResult:
    """What a run of ``check`` gave: its exit code and what it wrote to standard output and standard error."""

    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """Standard output, parsed as JSON."""
        return json.loads(self.stdout)


class Cli(Protocol):
    """The type of the ``cli`` fixture (a function: hashable, so a cached helper may take it)."""

    def __call__(
        self, *args: str, input: str | bytes | None = None, env: Mapping[str, str | None] | None = None
    ) -> CliResult: ...

    def __hash__(self) -> int: ...


def run_cli(*args: str, input: str | bytes | None = None, env: Mapping[str, str | None] | None = None) -> CliResult:
    """``check ARGS…`` in this process (click's CliRunner), with ``input`` on standard input and ``env`` added to
    the environment. An exception other than the exit is not caught: it fails the test with its traceback."""
    from checker.cli.main import main  # here, not at the top: conftest loads with any state of the package

    result = CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)
