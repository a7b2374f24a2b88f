"""The reporter interface: take a finished RunResult and format it; never evaluate."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar, TextIO

from checker.results import RunResult, Status


class Reporter(ABC):
    name: ClassVar[str]
    description: ClassVar[str]

    def __init__(self, color: bool = False, fail_on: Status = Status.FAIL) -> None:
        self.color = color
        self.fail_on = fail_on  # formats that mark findings as failures (JUnit) follow --fail-on

    @abstractmethod
    def write(self, run: RunResult, stream: TextIO) -> None:
        """Write the report for ``run`` to ``stream``."""
