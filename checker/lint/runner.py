"""``check lint``: find mistakes in plan files (ours or a user's) like a linter, before anyone is judged by them.

Every problem has a stable code from the registry below (declared once: id, name, default severity, one line),
a position in the plan file, the target's source citation and a one-line message. The project's configuration
(``rules/lint/lint.yaml``, or ``--config FILE``) disables or re-levels codes and sets their options; a finding is
waived by ``# noqa: CODE reason`` on its line, and a waiver must give its reason. The checks are in
checker.lint.checks; every code, with a passing and a failing example, is in docs/lint.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

from checker.domain.errors import CheckerError, InputError, Problem, UsageError
from checker.domain.models import Indicator
from checker.inputs.loading import LoadedPlan, PlanRegistry, catalogue_files, did_you_mean, load_plan, validate
from checker.inputs.resources import bundled_dir, display_path
from checker.inputs.yaml_document import LoadedYaml
from checker.inputs.yamlio import load_yaml_file, read_text
from checker.lint.checks import CHECKS, Context, Hit, Loc, Options, catalogue_unit_hits


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True)
class Code:
    id: str
    name: str
    severity: Severity
    description: str


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
CODES: dict[str, Code] = {
    c.id: c
    for c in (
        Code("U101", "unit-mismatch", _E, "The unit the document prints (printed_unit, in the printed name, or after "
             "the target's figure) is not the catalogue unit the figures are read in."),
        Code("U102", "value-outside-unit", _E, "A figure its unit does not allow: a share below 0 or above 100 % "
             "(1000 ‰, 100000 /10万), or a negative count or amount."),
        Code("U103", "unit-unfit", _E, "A quantity given in a unit it is never stated in: a mortality rate in % "
             "(the conventional units are configured)."),
        Code("D201", "target-worse-than-baseline", _E, "The target aims at (or forces) a value worse than the "
             "baseline: lower-is-better with a target above the baseline, or the reverse."),
        Code("D202", "no-ambition", _W, "The baseline already meets an explicit bound by more than the margin "
             "(default 10 % of the baseline): the target asks for nothing."),
        Code("D203", "permits-worsening", _I, "The baseline already meets an explicit bound by less than the margin: "
             "holding the bound permits getting worse than the baseline."),
        Code("C301", "conflicting-targets", _E, "Two targets of one indicator or project for the same year with "
             "different figures or statuses, or operators pointing opposite ways."),
        Code("C302", "blank-nature", _W, "A row of an indicator table (专栏1) gives no nature (约束性/预期性); "
             "the checker judges it as expected."),
        Code("C303", "foreign-scope", _W, "An indicator named for another scope than the plan's: 全市 or 全国 in a "
             "district plan."),
        Code("C304", "operator-differs", _W, "Two targets of one indicator and year give the same figure with "
             "different operators (≤ 13.5 and < 13.5)."),
        Code("A401", "total-mismatch", _E, "A total, subtotal or count the document states is not the sum or number "
             "of its rows (a plan's `totals`)."),
        Code("A402", "period-beyond-plan", _W, "A project's period ends after the plan's period."),
        Code("A403", "period-after-due", _E, "A project starts after its target status is due, or its period runs "
             "past the year it is due to be complete."),
        Code("A404", "period-reversed", _E, "A project's period ends before it starts."),
        Code("H501", "looser-than-floor", _E, "A target admits values that a higher level's target for the same "
             "indicator and year rejects."),
        Code("H502", "opposite-to-floor", _E, "A target bounds the indicator from the other side than a higher "
             "level's target for the same year (a ceiling against a floor)."),
        Code("H503", "unresolved-reference", _W, "A reference target (达到市级要求) names a higher level's target "
             "that its rule set does not give, so it cannot be judged."),
        Code("H504", "unknown-parent", _E, "The plan's parent is not a loaded plan, so no higher-level floors apply."),
        Code("K601", "name-of-other-indicator", _E, "The printed name is the catalogue name or alias of another "
             "indicator than the id encoded."),
        Code("K602", "inferred-operator-against-direction", _E, "An operator inferred from a bare figure disagrees "
             "with the catalogue's direction for the indicator."),
        Code("K603", "operator-against-direction", _W, "An explicit operator bounds the indicator on its good side: "
             "a ceiling on a higher-is-better indicator, or a floor on a lower-is-better one."),
        Code("L001", "waiver-without-reason", _E, "A `# noqa: CODE` waiver gives no reason; it waives nothing until "
             "it does."),
        Code("L002", "malformed-waiver", _E, "A `# noqa` comment names no code, or a code that does not exist."),
        Code("L003", "unused-waiver", _W, "A waiver names a code that has no finding on its line."),
    )
}  # fmt: skip


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
    findings: tuple[Finding, ...]
    files: tuple[str, ...]

    def unwaived(self, at: Severity = Severity.INFO) -> list[Finding]:
        return [f for f in self.findings if not f.waived and f.severity.rank >= at.rank]

    def fails_at(self, level: Severity) -> bool:
        return bool(self.unwaived(level))

    def as_records(self) -> list[dict[str, Any]]:
        return [f.as_record() for f in self.findings]


# --- configuration -------------------------------------------------------------------------------------------------

CONFIG_PATH = ("lint", "lint.yaml")  # under the bundled rules folder; not rules/*.yaml, which are all rule sets


class LintConfig(BaseModel):
    """rules/lint/lint.yaml: codes to disable, codes to re-level, and options per code."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1] = 1
    disable: tuple[str, ...] = ()
    severity: dict[str, Severity] = {}
    options: Options = Options()

    def enabled(self, code: str) -> bool:
        return code not in self.disable

    def level(self, code: str) -> Severity:
        return self.severity.get(code, CODES[code].severity)


def bundled_config() -> Path:
    return bundled_dir("rules").joinpath(*CONFIG_PATH)


def load_config(path: Path | None = None) -> LintConfig:
    """The configuration from ``path`` (default: the bundled one); every mistake in it is an input error."""
    path = path or bundled_config()
    loaded = load_yaml_file(path)
    if loaded.data is None:
        return LintConfig()
    try:
        config = validate(LintConfig, loaded)
    except InputError as exc:
        raise InputError([replace(p, message=f"invalid config: {p.message}") for p in exc.problems]) from exc
    problems = []
    for loc, code in [(("disable", i), c) for i, c in enumerate(config.disable)] + [
        (("severity", c), c) for c in config.severity
    ]:
        if code not in CODES:
            line, col = loaded.key_where(loc) if loc[0] == "severity" else loaded.where(loc)
            hint = did_you_mean(code, list(CODES)) or "the codes are listed in docs/lint.md"
            problems.append(Problem(str(path), f"invalid config: no such code {code!r}", line, col, hint))
    if problems:
        raise InputError(problems)
    return config


# --- waivers -------------------------------------------------------------------------------------------------------

_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NOQA = re.compile(r"#\s*noqa\b(?P<rest>.*)$", re.IGNORECASE)  # a comment that starts with noqa
_CODES = re.compile(r"\s*:\s*(?P<codes>[A-Za-z]\d{3}(?:\s*,\s*[A-Za-z]\d{3})*)(?P<reason>.*)$")


@dataclass(frozen=True)
class Waiver:
    line: int
    column: int
    codes: tuple[str, ...]
    reason: str


def comments(text: str) -> dict[int, tuple[int, str]]:
    """Each line's comment (1-based line → 1-based column, text): what follows the line's last YAML token."""
    lines = text.split("\n")
    covered: dict[int, int] = {}
    for token in yaml.scan(text, Loader=_LOADER):  # libyaml's scanner where PyYAML has it
        start, end = token.start_mark, token.end_mark
        for number in range(start.line, end.line):
            covered[number] = len(lines[number])
        covered[end.line] = max(covered.get(end.line, 0), end.column)
    found: dict[int, tuple[int, str]] = {}
    for n, text_line in enumerate(lines):
        at = text_line.find("#", covered.get(n, 0))
        if at >= 0:
            found[n + 1] = (at + 1, text_line[at:])
    return found


def read_waivers(text: str) -> tuple[dict[int, Waiver], list[tuple[int, int, str, str]]]:
    """The waivers of a file by line, and its malformed ones as (line, column, code, message): L001, L002."""
    waivers: dict[int, Waiver] = {}
    problems: list[tuple[int, int, str, str]] = []
    if "noqa" not in text.lower():
        return waivers, problems  # scanning a file for its comments is the slow part of linting it
    for line, (column, comment) in comments(text).items():
        noqa = _NOQA.match(comment)
        if noqa is None:
            continue
        parsed = _CODES.match(noqa.group("rest"))
        if parsed is None:
            problems.append((line, column, "L002", "waiver names no code: write '# noqa: CODE reason'"))
            continue
        codes = tuple(c.strip().upper() for c in parsed.group("codes").split(","))
        for code in codes:
            if code not in CODES:
                hint = did_you_mean(code, list(CODES))
                problems.append(
                    (line, column, "L002", f"waiver names no such code {code!r}" + (f"; {hint}" if hint else ""))
                )
        reason = parsed.group("reason").strip(" \t-—:;,")
        if not reason:
            message = f"waiver of {', '.join(codes)} gives no reason; it waives nothing until it says why"
            problems.append((line, column, "L001", message))
            continue
        waivers[line] = Waiver(line, column, tuple(c for c in codes if c in CODES), reason)
    return waivers, problems


# --- running -------------------------------------------------------------------------------------------------------


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
    waivers, problems = read_waivers(read_text(Path(path)))
    result: list[Finding] = []
    used: set[tuple[int, str]] = set()
    for found in findings.values():
        waiver = waivers.get(found.line)
        if waiver is not None and found.code in waiver.codes:
            found = replace(found, waived=True, waiver_reason=waiver.reason)
            used.add((found.line, found.code))
        result.append(found)
    for waiver in waivers.values():
        problems += [
            (waiver.line, waiver.column, "L003", f"waiver of {code} is unused: no {code} finding on this line")
            for code in waiver.codes
            if config.enabled(code) and (waiver.line, code) not in used
        ]
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


def lint_bundled(config: LintConfig | None = None, registry: PlanRegistry | None = None) -> LintResult:
    """The bundled plans, rule sets and catalogue (``check lint`` with no argument)."""
    config = config or load_config()
    registry = registry or PlanRegistry.load()
    findings = [f for plan in registry.plans for f in lint_plan(plan, registry, config)]
    catalogue, files = lint_catalogue(registry, config)
    return LintResult(tuple(findings + catalogue), tuple(shown_path(p.path) for p in registry.plans) + tuple(files))


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
    paths: Iterable[Path], config: LintConfig | None = None, bundled: PlanRegistry | None = None
) -> LintResult:
    """Plan files a user names, loaded against the bundled catalogue and rule sets so that floors apply."""
    config = config or load_config()
    bundled = bundled or PlanRegistry.load()
    plans = [load_plan(path, bundled.index) for path in plan_files(paths)]
    ids = {p.id for p in plans}
    registry = PlanRegistry([p for p in bundled.plans if p.id not in ids] + plans, bundled.index)
    findings = [f for plan in plans for f in lint_plan(plan, registry, config)]
    return LintResult(tuple(findings), tuple(shown_path(p.path) for p in plans))


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
