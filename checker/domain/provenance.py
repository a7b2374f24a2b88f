"""What a report was made from: the tool, the time, the options that decide its verdicts, and the SHA-256 of every
plan, rule set, catalogue file and data file the run read, so that ``check verify`` can make it again and say what
changed. Collected where the inputs are read (checker.inputs.provenance), carried on the RunResult."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

TOOL = "health-plan-checker"
Role = Literal["plan", "rule_set", "catalogue", "data"]
ROLES: tuple[Role, ...] = ("plan", "rule_set", "catalogue", "data")  # the order files are listed in
SHORT_DIGEST = 12  # hex digits of the inputs' digest in a report's footer
SOURCE_OF: dict[Role, str] = {"plan": "plans", "rule_set": "rules", "catalogue": "rules", "data": "data"}


@dataclass(frozen=True)
class InputFile:
    """One file a run read: as users read its path (bundled files as ``<bundled>/…``), the SHA-256 of its bytes,
    and the plan's id for a plan or rule set (the plans of one plan table share its file)."""

    role: Role
    path: str
    sha256: str
    id: str | None = None


@dataclass(frozen=True)
class Provenance:
    """A run's inputs and circumstances. ``options`` holds the options that decide the verdicts (year, districts)
    and the exit code (fail_on), a dict so that a new option adds a key; ``sources`` the plans, rules and data
    given (or defaulted to), as users read them, which ``check verify`` reads again unless told otherwise."""

    version: str
    python: str
    generated_at: str  # UTC, ISO 8601 to the second ("2024-01-01T00:00:00Z"); SOURCE_DATE_EPOCH when set
    options: Mapping[str, Any]
    sources: Mapping[str, str | None]
    files: tuple[InputFile, ...]
    tool: str = TOOL

    def of_role(self, role: Role) -> tuple[InputFile, ...]:
        return tuple(f for f in self.files if f.role == role)

    def within(self, f: InputFile) -> str | None:
        """``f``'s path within the source it came from (the plans, rules or data given): '' for the source itself
        (a plan table, a single data file), None when it lies elsewhere. A copy of the inputs elsewhere gives its
        files the same places."""
        root = self.sources.get(SOURCE_OF[f.role])
        if root is None:
            return None
        if f.path == root:
            return ""
        if root == "." and not f.path.startswith(("/", "<", "..")):  # --data . : its files are written 2024/x.yaml
            return f.path
        for separator in ("/", "\\"):
            if f.path.startswith(root.rstrip(separator) + separator):
                return f.path[len(root.rstrip(separator)) + 1 :]
        return None

    def key(self, f: InputFile) -> tuple[Role, str]:
        """What identifies ``f`` between a report and the run made again: its role and its place in its source."""
        place = self.within(f)
        return f.role, f.path if place is None else place

    @property
    def file_count(self) -> int:
        """How many distinct files were read (a plan table counts once, however many plans it holds)."""
        return len({f.path for f in self.files})

    @property
    def inputs_digest(self) -> str:
        """One SHA-256 over every input's contents (their digests, sorted): the same inputs give the same digest
        wherever they are; a report's footer shows its first SHORT_DIGEST digits."""
        return inputs_digest(f.sha256 for f in self.files)


def inputs_digest(digests: Iterable[str]) -> str:
    """The SHA-256 of the distinct file digests, sorted, one per line."""
    return hashlib.sha256("".join(f"{d}\n" for d in sorted(set(digests))).encode("ascii")).hexdigest()
