"""``check lint``: find mistakes in plan files (ours or a user's) like a linter, before anyone is judged by them.

Every problem has a stable code (checker.lint.codes, declared next to its check), a position in the plan file,
the target's source citation and a one-line message. The configuration (checker.lint.config) disables or re-levels
codes and sets their options; a finding is waived by ``# noqa: CODE reason`` on its line (checker.lint.waivers).
The checks are one module per family (checker.lint.units … checker.lint.catalogue, gathered by
checker.lint.registry); every code, with a passing and a failing example, is in docs/lint.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from checker.domain.errors import CheckerError, UsageError
from checker.domain.models import Indicator
from checker.inputs.loading import LoadedPlan, PlanRegistry, catalogue_files, load_plan
from checker.inputs.resources import display_path
from checker.inputs.target_waivers import WaiverFile
from checker.inputs.yaml_document import LoadedYaml
from checker.inputs.yamlio import load_yaml_file, read_text
from checker.lint.codes import Severity
from checker.lint.config import LintConfig, load_config
from checker.lint.context import Context, Hit, Loc
from checker.lint.registry import CHECKS, CODES
from checker.lint.target_waivers import waiver_hits
from checker.lint.units import catalogue_unit_hits
from checker.lint.waivers import read_waivers, unused_waivers

__all__ = [  # what the command, the formats and ``check --year`` import: the lint package's public face
    "CODES",
    "Finding",
    "LintConfig",
    "LintResult",
    "Severity",
    "lint_bundled",
    "lint_note",
    "lint_paths",
    "lint_plan",
    "load_config",
    "shown_path",
    "unwaived_errors",
]


@dataclass(frozen=True)
class Finding:
    """One problem at one place: everything a reporter needs, so reporters never re-run a check."""

    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    plan: str | None = None
    indicator: str | None = None
    citation: str | None = None
    waived: bool = False
    waiver_reason: str | None = None

    @property
    def name(self) -> str:
        return CODES[self.code].name

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def as_record(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "plan": self.plan,
            "indicator": self.indicator,
            "citation": self.citation,
            "message": self.message,
            "waived": self.waived,
            "waiver_reason": self.waiver_reason,
        }


@dataclass(frozen=True)
class LintResult:
    """The findings of one ``check lint`` and the files it read (the summary counts files without findings too)."""

    findings: tuple[Finding, ...]
    files: tuple[str, ...]

    def unwaived(self, at: Severity = Severity.INFO) -> list[Finding]:
        return [f for f in self.findings if not f.waived and f.severity.rank >= at.rank]

    def shown(self, show_waived: bool = False) -> list[Finding]:
        """The findings a report lists, in file and line order: the unwaived, and with ``show_waived`` the rest."""
        return [f for f in sorted(self.findings, key=Finding.sort_key) if show_waived or not f.waived]

    def fails_at(self, level: Severity) -> bool:
        return bool(self.unwaived(level))

    def as_records(self) -> list[dict[str, Any]]:
        return [f.as_record() for f in self.findings]


def shown_path(path: str | Path) -> str:
    """A path as the user reads it: bundled files as <bundled>/…, others relative to the working folder if inside."""
    path = Path(path)
    shown = display_path(path)
    if shown.startswith("<bundled>/"):
        return shown  # even when a virtual environment inside the working folder holds the package
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return display_path(path)


def file_findings(
    path: str, loaded: LoadedYaml, plan_id: str | None, hits: Iterable[Hit], config: LintConfig
) -> list[Finding]:
    """Hits in one file as findings: positioned, levelled by the configuration, and waived by its noqa comments."""
    shown = shown_path(path)

    def finding(code: str, message: str, where: tuple[int | None, int | None], hit: Hit | None = None) -> Finding:
        line, column = where
        return Finding(
            shown,
            line or 1,
            column or 1,
            code,
            config.level(code),
            message,
            plan_id,
            hit.indicator if hit else None,
            hit.citation if hit else None,
        )

    findings: dict[tuple[int, int, str, str], Finding] = {}
    for hit in hits:
        if config.enabled(hit.code):
            found = finding(hit.code, hit.message, loaded.where(hit.loc), hit)
            findings.setdefault((found.line, found.column, found.code, found.message), found)
    waivers, problems = read_waivers(read_text(Path(path)), loaded.scalar_ends)
    result: list[Finding] = []
    used: set[tuple[int, str]] = set()
    for found in findings.values():
        waiver = waivers.get(found.line)
        if waiver is not None and found.code in waiver.codes:
            found = replace(found, waived=True, waiver_reason=waiver.reason)
            used.add((found.line, found.code))
        result.append(found)
    problems += unused_waivers(waivers, used, config.enabled)
    result += [
        finding(code, message, (line, column)) for line, column, code, message in problems if config.enabled(code)
    ]
    return sorted(result, key=Finding.sort_key)


def lint_plan(plan: LoadedPlan, registry: PlanRegistry, config: LintConfig | None = None) -> list[Finding]:
    """Every finding in one plan file, judged against the registry's catalogue and higher levels."""
    config = config or load_config()
    context = Context(plan, registry, config.options)
    hits = [hit for check, codes in CHECKS.items() if any(map(config.enabled, codes)) for hit in check(context)]
    return file_findings(plan.path, plan.loaded, plan.id, hits, config)


def lint_catalogue(registry: PlanRegistry, config: LintConfig) -> tuple[list[Finding], list[str]]:
    """The catalogue files: units that do not fit their quantity (U103), and their waivers."""
    findings: list[Finding] = []
    files = catalogue_files(Path(registry.index.path))
    for path in files:
        loaded = load_yaml_file(path)
        entries: list[tuple[Loc, Indicator]] = []
        for n, raw in enumerate(loaded.data.get("indicators") or []):
            indicator = registry.index.get(raw.get("id", "")) if isinstance(raw, dict) else None
            if indicator is not None:
                entries.append((("indicators", n), indicator))
        hits = catalogue_unit_hits(entries, config.options.U103)
        findings += file_findings(str(path), loaded, None, hits, config)
    return findings, [shown_path(p) for p in files]


def lint_bundled(
    config: LintConfig | None = None, registry: PlanRegistry | None = None, waivers: WaiverFile | None = None
) -> LintResult:
    """The bundled plans, rule sets and catalogue (``check lint`` with no argument), and the target waivers given."""
    config = config or load_config()
    registry = registry or PlanRegistry.load()
    findings = [f for plan in registry.plans for f in lint_plan(plan, registry, config)]
    catalogue, files = lint_catalogue(registry, config)
    result = LintResult(tuple(findings + catalogue), tuple(shown_path(p.path) for p in registry.plans) + tuple(files))
    return with_target_waivers(result, waivers, registry, config)


def lint_target_waivers(waivers: WaiverFile, registry: PlanRegistry, config: LintConfig) -> list[Finding]:
    """The target waivers that waive nothing (W701, W702), at their lines in the waivers file."""
    return file_findings(str(waivers.path), waivers.loaded, None, waiver_hits(waivers, registry), config)


def with_target_waivers(
    result: LintResult, waivers: WaiverFile | None, registry: PlanRegistry, config: LintConfig
) -> LintResult:
    """The result with the findings on the target waivers, judged against the plans linted (and the bundled ones)."""
    if waivers is None:
        return result
    found = lint_target_waivers(waivers, registry, config)
    return LintResult(result.findings + tuple(found), (*result.files, shown_path(waivers.path)))


def plan_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the *.yaml files of the folders named."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))
            if not found:
                raise UsageError(f"no plan files (*.yaml) in folder {path}")
            files += found
        else:
            files.append(path)
    return files


def lint_paths(
    paths: Iterable[Path],
    config: LintConfig | None = None,
    bundled: PlanRegistry | None = None,
    waivers: WaiverFile | None = None,
) -> LintResult:
    """Plan files a user names, loaded against the bundled catalogue and rule sets so that floors apply; target
    waivers against those plans and the bundled ones."""
    config = config or load_config()
    bundled = bundled or PlanRegistry.load()
    plans = [load_plan(path, bundled.index) for path in plan_files(paths)]
    ids = {p.id for p in plans}
    registry = PlanRegistry([p for p in bundled.plans if p.id not in ids] + plans, bundled.index)
    findings = [f for plan in plans for f in lint_plan(plan, registry, config)]
    result = LintResult(tuple(findings), tuple(shown_path(p.path) for p in plans))
    return with_target_waivers(result, waivers, registry, config)


def unwaived_errors(
    plan: LoadedPlan | str, registry: PlanRegistry | None = None, config: LintConfig | None = None
) -> int:
    """How many unwaived lint errors a plan has (for the one-line note of ``check --year``)."""
    registry = registry or PlanRegistry.load()
    loaded = registry.resolve(plan) if isinstance(plan, str) else plan
    findings = lint_plan(loaded, registry, config or load_config())
    return sum(1 for f in findings if not f.waived and f.severity is Severity.ERROR)


def lint_note(plan: LoadedPlan, registry: PlanRegistry) -> str | None:
    """A one-line note when the plan has unwaived lint errors; None when it has none. Never raises."""
    try:
        count = unwaived_errors(plan, registry)
    except CheckerError as exc:
        return f"note: the plan could not be linted: {exc.message}"
    if not count:
        return None
    where = shown_path(plan.path)
    return f"note: {where} has {count} unwaived lint error{'s' if count != 1 else ''}; see 'check lint {where}'"
