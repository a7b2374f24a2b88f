"""User-facing errors: each says what is wrong, where, and how to fix it (exit code 2).

Exit codes, stable for CI: 0 nothing at or above --fail-on; 1 findings (failed targets, invalid files, lint
errors); 2 a usage, input or environment error (a bad option, a bad file, a folder that cannot be written);
3 an internal error of the checker itself (a bug: please report it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class CheckerError(Exception):
    """Base class for every error shown to a user instead of a traceback."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def format(self) -> str:
        """The message as the CLI prints it: ``error: …`` and, when there is one, an indented hint."""
        text = f"error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class UsageError(CheckerError):
    """The command line asks for something that does not exist (a district, a year)."""


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, with its position when known (1-based line and column)."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def location(self) -> str:
        """``path:line:column``, as far as the position is known."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def format(self) -> str:
        """``path:line:column: message``, with the hint on an indented line."""
        text = f"{self.location()}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class InputError(CheckerError):
    """One or more problems in an input file (plan, rule set, catalogue, reported data)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.format() for p in problems))

    @classmethod
    def single(
        cls,
        path: str | Path,
        message: str,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> InputError:
        """An error with one problem, for the many places that find exactly one."""
        return cls([Problem(str(path), message, line, column, hint)])

    def format(self) -> str:
        """One ``error: path:line:column: message`` per problem."""
        return "\n".join(f"error: {p.format()}" for p in self.problems)
