"""``check verify``: a JSON run report held against the same run made again now, target by target, with the inputs
that changed since (a data file edited, a plan revised) named by their SHA-256.

Data only (the records below); checker.formats renders it. Targets are keyed as ``check diff`` keys them (district,
indicator, source citation, target year); a target differs when its status, reason or value does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from checker.domain.provenance import ROLES, InputFile, Provenance
from checker.views.diff import DiffRow, Report, ReportError, check_report, same_value, target_rows

VERIFY_SCHEMA_VERSION = 1  # of check verify's JSON output
Change = Literal["changed", "new"]


@dataclass(frozen=True)
class FileChange:
    """An input that is not as the report records it: ``changed`` (another SHA-256), or ``new`` (read now, not named
    by the report: a file added to the data folder, a plan a reference now needs). A file the report names that is
    not read now (another year's, for a report's charts) is not listed unless it changed."""

    role: str
    path: str  # as the report shows it (a new file: as the run now shows it)
    id: str | None
    change: Change
    before: str | None  # its SHA-256 in the report
    now: str | None  # its SHA-256 now


@dataclass(frozen=True)
class TargetChange:
    """A target whose verdict differs: its row in the report (None: only now) and now (None: only in the report)."""

    before: DiffRow | None
    now: DiffRow | None

    @property
    def row(self) -> DiffRow:
        found = self.now or self.before
        assert found is not None
        return found


@dataclass(frozen=True)
class Verification:
    """The report (its path, year, districts, and who made it when), where the inputs were read from now, the
    inputs that changed and the targets whose verdict differs."""

    report: str
    year: int
    districts: tuple[str, ...]
    recorded: Provenance
    now: Provenance
    files_compared: int
    files: tuple[FileChange, ...]
    targets_compared: int
    targets: tuple[TargetChange, ...]

    @property
    def identical(self) -> bool:
        """Every target's status, reason and value as the report gives them: ``check verify`` exits 0."""
        return not self.targets


def verifiable(data: Any, name: str) -> tuple[Report, Provenance]:
    """The report and its provenance; a ReportError for a file that is not a JSON run report or records no
    provenance (a report of schema version 1, or from a checker before provenance was recorded)."""
    report = check_report(data, name)
    raw = report.get("provenance")
    if raw is None:
        version = report.get("schema_version")
        before = f"of schema version {version}, " if version == 1 else ""
        raise ReportError(
            f"{name} is a report {before}made before reports recorded their inputs (no 'provenance'): there is "
            "nothing to verify it against",
            "make the report again with this checker (check --year YEAR DISTRICT --format json --output FILE), "
            "then verify that one",
        )
    try:
        return report, read_provenance(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReportError(f"{name}: its 'provenance' is not as this checker writes it ({exc})") from exc


def read_provenance(raw: Mapping[str, Any]) -> Provenance:
    """A report's ``provenance`` object back as the record it was written from (KeyError, TypeError or ValueError
    when it is not one)."""
    files: list[InputFile] = []
    for role, key in zip(ROLES, ("plans", "rule_sets", "catalogue", "data"), strict=True):
        for entry in raw[key]:
            path, digest, plan_id = entry["path"], entry["sha256"], entry.get("id")
            if not isinstance(path, str) or not isinstance(digest, str) or not isinstance(plan_id, str | None):
                raise ValueError(f"a file of '{key}' without a path or digest")
            files.append(InputFile(role, path, digest, plan_id))
    options = dict(raw["options"])
    if not isinstance(options["year"], int) or not all(isinstance(d, str) for d in options["districts"]):
        raise ValueError("its options have no year or districts")
    sources = {str(k): None if v is None else str(v) for k, v in dict(raw["sources"]).items()}
    return Provenance(
        version=str(raw["tool"]["version"]),
        python=str(raw["python"]),
        generated_at=str(raw["generated_at"]),
        options=options,
        sources=sources,
        files=tuple(files),
        tool=str(raw["tool"]["name"]),
    )


def file_changes(
    recorded: Provenance, now: Provenance, digests: Mapping[InputFile, str]
) -> tuple[int, tuple[FileChange, ...]]:
    """How many files the report names, and those that changed; ``digests``: each recorded file's SHA-256 now (a
    file read now is matched to the report's by its role and its place in the plans, rules or data given)."""
    read_now = {now.key(f): f for f in now.files}
    named = {recorded.key(f): f for f in recorded.files}
    changes: list[FileChange] = []
    for f in named.values():
        if digests[f] != f.sha256:
            changes.append(FileChange(f.role, f.path, f.id, "changed", f.sha256, digests[f]))
    for key, f in read_now.items():
        if key not in named:
            changes.append(FileChange(f.role, f.path, f.id, "new", None, f.sha256))
    return len(named), tuple(changes)


def target_changes(report: Report, again: Report) -> tuple[int, tuple[TargetChange, ...]]:
    """How many targets there are in either, and those whose status, reason or value differs (or that one lacks)."""
    before, now = target_rows(report), target_rows(again)
    keys = sorted(set(before) | set(now), key=lambda k: tuple(str(x) for x in k))
    changes = []
    for key in keys:
        a, b = before.get(key), now.get(key)
        if a is None or b is None or _differs(a, b):
            changes.append(TargetChange(a, b))
    return len(keys), tuple(changes)


def _differs(a: DiffRow, b: DiffRow) -> bool:
    return a["status"] != b["status"] or a["reason"] != b["reason"] or not same_value(a["value"], b["value"])


def verification(
    name: str, report: Report, recorded: Provenance, again: Report, now: Provenance, digests: Mapping[InputFile, str]
) -> Verification:
    """The report ``name`` against ``again``, the same run made now (``now`` its provenance)."""
    files_compared, files = file_changes(recorded, now, digests)
    targets_compared, targets = target_changes(report, again)
    return Verification(
        report=name,
        year=int(recorded.options["year"]),
        districts=tuple(recorded.options["districts"]),
        recorded=recorded,
        now=now,
        files_compared=files_compared,
        files=files,
        targets_compared=targets_compared,
        targets=targets,
    )
