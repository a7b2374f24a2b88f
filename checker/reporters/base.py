"""The reporter interface: take a finished RunResult and format it; never evaluate."""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from typing import ClassVar, TextIO

from checker.domain.results import RunResult, Status


class Reporter(ABC):
    name: ClassVar[str]
    description: ClassVar[str]
    needs_history: ClassVar[bool] = False  # True: the run also reads the other years' values (for charts)
    default_lang: ClassVar[str] = "en"  # reports meant for people (html, markdown, xlsx) default to "zh"

    def __init__(
        self, color: bool = False, fail_on: Status = Status.FAIL, lang: str = "en", group_by: str = "category"
    ) -> None:
        self.color = color
        self.fail_on = fail_on  # formats that mark findings as failures (JUnit) follow --fail-on
        self.lang = lang  # "zh" or "en", for formats people read
        self.group_by = group_by  # "category" (the plan's) or "owner" (牵头科室), for formats people read

    @abstractmethod
    def write(self, run: RunResult, stream: TextIO) -> None:
        """Write the report for ``run`` to ``stream``."""

    def render(self, run: RunResult) -> str | bytes:
        """The whole report; binary formats (xlsx) override this and return bytes."""
        buffer = io.StringIO()
        self.write(run, buffer)
        return buffer.getvalue()
