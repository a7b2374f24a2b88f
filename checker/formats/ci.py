"""Formats for CI systems: JUnit XML, SARIF 2.1.0 and GitHub workflow annotations, for runs, lint and validation.

A SARIF log and a GitHub annotation are built here once, whatever produced the findings: a run (one result per
target that fails, warns or is not evaluable, at the data file and line of the value), lint (one per finding, at
the plan's line) or validation (one per problem in a data file). Failures and warnings stay distinguishable.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checker import __version__
from checker.domain.results import (
    AppliedWaiver,
    DistrictResult,
    IndicatorResult,
    Reason,
    RunHead,
    RunResult,
    Status,
    TargetResult,
)
from checker.engine.rules import fmt
from checker.formats.json import StreamedList, dump
from checker.formats.registry import RenderOptions
from checker.formats.streamed import whole
from checker.inputs.validate import FileResult
from checker.lint.runner import CODES, Finding, LintResult, Severity
from checker.views.target_text import target_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {Status.FAIL: "error", Status.WARN: "warning", Status.NOT_EVALUABLE: "note"}
GITHUB_COMMAND = {Status.FAIL: "error", Status.WARN: "warning", Status.NOT_EVALUABLE: "notice"}
LINT_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
LINT_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
SARIF_RULES = tuple({"id": r.value, "shortDescription": {"text": r.value.replace("_", " ")}} for r in Reason)
BUNDLED = "<bundled>/"  # how bundled files are shown; in SARIF their path in the project (plans/…) is the URI


# --- shared builders -----------------------------------------------------------------------------------------------


def github_escape(text: str, property_value: bool = False) -> str:
    """Escape a workflow-command value (GitHub's rules: %, CR, LF; and , : in properties)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def github_annotation(
    command: str,
    message: str,
    file: str | None = None,
    line: int | None = None,
    column: int | None = None,
    title: str | None = None,
) -> str:
    """One workflow command: ``::error file=…,line=…,col=…,title=…::message``, properties left out when unknown."""
    where = []
    if file is not None:
        where.append(f"file={github_escape(file, True)}")
        if line is not None:
            where.append(f"line={line}")
            if column is not None:
                where.append(f"col={column}")
    if title is not None:
        where.append(f"title={github_escape(title, True)}")
    properties = f" {','.join(where)}" if where else ""
    return f"::{command}{properties}::{github_escape(message)}\n"


def relative_uri(path: str) -> str:
    """A path relative to the working folder where it lies below it (what code-scanning viewers expect)."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_uri()


def sarif_location(uri: str, line: int | None, column: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if line is not None:
        physical["region"] = {"startLine": line, **({"startColumn": column} if column else {})}
    return {"physicalLocation": physical}


def sarif_log(
    tool: str, rules: Sequence[dict[str, Any]], results: Sequence[dict[str, Any]], properties: dict[str, Any] | None
) -> str:
    """A SARIF 2.1.0 log of one run of ``tool``."""
    return dump(sarif_data(tool, rules, results, properties))


def sarif_data(
    tool: str, rules: Sequence[dict[str, Any]], results: Sequence[Any], properties: dict[str, Any] | None
) -> dict[str, Any]:
    run: dict[str, Any] = {
        "tool": {"driver": {"name": tool, "version": __version__, "rules": list(rules)}},
        "results": list(results),
    }
    if properties is not None:
        run["properties"] = properties
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


# --- runs ----------------------------------------------------------------------------------------------------------


def title(district: DistrictResult, indicator: IndicatorResult, t: TargetResult) -> str:
    """A stable, readable name for one target: district, indicator, the target and its citation."""
    cited = f" [{t.target.source.cite()}]" if t.target is not None else ""
    return f"{district.plan.id} {indicator.indicator.id}: {target_text(t, district.plan.period.end)}{cited}"


def trail(waiver: AppliedWaiver) -> str:
    """A target waiver's audit trail in one line: why, who approved it and when, until when, where it is written."""
    where = waiver.path + (f":{waiver.line}" if waiver.line else "")
    return (
        f"{waiver.reason} (approved by {waiver.approved_by} on {waiver.approved_on.isoformat()}; expires "
        f"{waiver.expires.isoformat()}; {where})"
    )


def waiver_text(t: TargetResult) -> str:
    """What a target waiver did, after a target's message: '; waived: …', or '; waiver expired on …: …'; empty when
    no waiver names the target."""
    waiver = t.waiver
    if waiver is None:
        return ""
    if waiver.expired:
        return f"; waiver expired on {waiver.expires.isoformat()}, the verdict stands: {trail(waiver)}"
    return f"; waived ({waiver.status.value} without it): {trail(waiver)}"


def junit_run(run: RunResult, options: RenderOptions) -> bytes:
    """One test case per target; failures typed 'fail' or 'warn' (from --fail-on), not-evaluable and waived ones
    skipped (a waived one with its waiver's reason).

    Attributes as the common JUnit schema (Jenkins/Surefire, as pytest tests against) allows them: the data file on
    the suite, the value's line in each failure's message."""
    return whole(JunitRun(options), run)


class JunitRun:
    """The JUnit report a district (a test suite) at a time: the totals on <testsuites> are written last."""

    def __init__(self, options: RenderOptions) -> None:
        self._fail_on = options.fail_on
        self._totals = {"tests": 0, "failures": 0}
        self._suites = 0

    def district(self, district: DistrictResult) -> bytes:
        suite = self._suite(district)
        ET.indent(suite, level=1)
        self._suites += 1
        text: bytes = ET.tostring(suite, encoding="utf-8", xml_declaration=False)
        return b"\n  " + text

    def frame(self, head: RunHead) -> tuple[bytes, bytes]:
        suites = ET.Element("testsuites", name="health-plan-checker")
        for key, value in self._totals.items():
            suites.set(key, str(value))
        suites.set("errors", "0")
        declaration = b'<?xml version="1.0" encoding="UTF-8"?>\n'
        empty = ET.tostring(suites, encoding="utf-8", xml_declaration=False)
        if not self._suites:
            return declaration + empty + b"\n", b""
        return declaration + empty.removesuffix(b" />") + b">", b"\n</testsuites>\n"

    def _suite(self, district: DistrictResult) -> ET.Element:
        suite = ET.Element("testsuite", name=f"{district.plan.id} {district.year}")
        if district.data_file:
            suite.set("file", district.data_file)
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for indicator in district.indicators:
            line = indicator.value_position[0]
            where = f"{district.data_path}:{line}: " if district.data_path and line else ""
            for t in indicator.targets:
                counts["tests"] += 1
                case = ET.SubElement(
                    suite,
                    "testcase",
                    name=title(district, indicator, t),
                    classname=f"{district.plan.id}.{indicator.indicator.id}",
                )
                message = f"{where}{t.status.value}: {t.reason.value}: {t.message}{waiver_text(t)}"
                if t.status is Status.WAIVED and t.waiver is not None:
                    counts["skipped"] += 1
                    text = f"{where}waived: {trail(t.waiver)}; {t.waiver.status.value} without it: {t.reason.value}"
                    ET.SubElement(case, "skipped", message=f"{text}: {t.message}")
                elif t.status is Status.NOT_EVALUABLE:
                    counts["skipped"] += 1
                    ET.SubElement(case, "skipped", message=message)
                elif t.status.rank >= self._fail_on.rank and t.status in (Status.FAIL, Status.WARN):
                    counts["failures"] += 1
                    ET.SubElement(case, "failure", message=message, type=t.status.value).text = message
                elif t.status is Status.WARN:
                    ET.SubElement(case, "system-out").text = f"WARNING {message}"
        for key, value in counts.items():
            suite.set(key, str(value))
        suite.set("errors", "0")
        self._totals["tests"] += counts["tests"]
        self._totals["failures"] += counts["failures"]
        return suite


def _sarif_target(district: DistrictResult, indicator: IndicatorResult, t: TargetResult) -> dict[str, Any]:
    """A result for a target that falls short; a waived one at its own level, suppressed by its waiver (SARIF's
    external suppression: kept out of the counts of code-scanning viewers, its justification shown)."""
    own = t.waiver.status if t.waiver is not None else t.status
    result: dict[str, Any] = {
        "ruleId": t.reason.value,
        "ruleIndex": list(Reason).index(t.reason),
        "level": SARIF_LEVEL[own],
        "message": {"text": f"{title(district, indicator, t)}: {t.message}{waiver_text(t)}"},
        "properties": {
            "district": district.plan.id,
            "indicator": indicator.indicator.id,
            "value": fmt(indicator.value) if indicator.value is not None else None,
            "status": t.status.value,
            "level": t.level or None,
        },
    }
    if t.waiver is not None and not t.waiver.expired:
        waiver = t.waiver
        result["suppressions"] = [
            {
                "kind": "external",  # no status: a suppression without one counts as accepted
                "justification": trail(waiver),
                "properties": {
                    "approved_by": waiver.approved_by,
                    "approved_on": waiver.approved_on.isoformat(),
                    "expires": waiver.expires.isoformat(),
                    "file": waiver.path,
                    "line": waiver.line,
                },
            }
        ]
    if district.data_file:
        line, column = indicator.value_position
        result["locations"] = [sarif_location(relative_uri(district.data_file), line, column)]
    return result


def sarif_run(run: RunResult, options: RenderOptions) -> bytes:
    """A result per target that fails, warns or is not evaluable (a waived one suppressed); the reasons are the
    rules."""
    return whole(SarifRun(options), run)


class SarifRun:
    """The SARIF log of a run, a district's results at a time."""

    def __init__(self, options: RenderOptions) -> None:
        self._results = StreamedList(depth=4)  # {"runs": [{"results": [...]}]}

    def district(self, district: DistrictResult) -> bytes:
        return b"".join(
            self._results.item(_sarif_target(district, i, t))
            for i in district.indicators
            for t in i.targets
            if t.status in SARIF_LEVEL or t.status is Status.WAIVED
        )

    def frame(self, head: RunHead) -> tuple[bytes, bytes]:
        log = sarif_data("health-plan-checker", SARIF_RULES, StreamedList.SLOT, sarif_properties(head))
        return self._results.frame(log)


def sarif_properties(head: RunHead) -> dict[str, Any]:
    """What a run's SARIF log says of it beside its results: no text from the inputs, so that nothing after the
    results can be mistaken for their place (StreamedList)."""
    return {"year": head.year, "illustrative": head.illustrative}


def github_run(run: RunResult, options: RenderOptions) -> bytes:
    """``::error`` / ``::warning`` / ``::notice`` at the data file and line of each value that misses; a waived
    target's a notice with its waiver's trail."""
    return whole(GithubRun(options), run)


class GithubRun:
    """GitHub annotations, a district's at a time: one line each, nothing around them."""

    def __init__(self, options: RenderOptions) -> None:
        pass

    def district(self, district: DistrictResult) -> bytes:
        lines = []
        for indicator in district.indicators:
            for t in indicator.targets:
                command = "notice" if t.status is Status.WAIVED else GITHUB_COMMAND.get(t.status)
                if command is None:
                    continue
                line, column = indicator.value_position
                lines.append(
                    github_annotation(
                        command,
                        t.reason.value + ": " + t.message + waiver_text(t),
                        os.path.relpath(district.data_file) if district.data_file else None,
                        line,
                        column,
                        title(district, indicator, t),
                    )
                )
        return "".join(lines).encode("utf-8")

    def frame(self, head: RunHead) -> tuple[bytes, bytes]:
        return b"", b""


# --- lint ----------------------------------------------------------------------------------------------------------


def sarif_lint(result: LintResult, options: RenderOptions) -> str:
    """One result per unwaived finding (waived ones as suppressed results with --show-waived), the codes as rules."""
    codes = list(CODES)
    results = []
    for f in result.shown(options.show_waived):
        uri = f.path.removeprefix(BUNDLED) if f.path.startswith(BUNDLED) else relative_uri(f.path)
        record: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": codes.index(f.code),
            "level": LINT_SARIF_LEVEL[f.severity],
            "message": {"text": f.message + (f" [{f.citation}]" if f.citation else "")},
            "locations": [sarif_location(uri, max(f.line, 1), max(f.column, 1))],
        }
        if f.waived:
            record["suppressions"] = [{"kind": "inSource", "justification": f.waiver_reason or ""}]
        results.append(record)
    rules = [
        {
            "id": c.id,
            "name": c.name,
            "shortDescription": {"text": c.description},
            "defaultConfiguration": {"level": LINT_SARIF_LEVEL[c.severity]},
        }
        for c in CODES.values()
    ]
    return sarif_log("health-plan-checker lint", rules, results, None)


def github_lint(result: LintResult, options: RenderOptions) -> str:
    """An annotation per unwaived finding, titled with its code."""
    return "".join(
        github_annotation(
            LINT_GITHUB_COMMAND[f.severity],
            f.message + (f" [{f.citation}]" if f.citation else ""),
            f.path,
            f.line,
            f.column,
            f.code,
        )
        for f in sorted(result.unwaived(), key=Finding.sort_key)
    )


# --- validation ----------------------------------------------------------------------------------------------------


def github_validate(results: list[FileResult], options: RenderOptions) -> str:
    """An error annotation per problem at its line and column, a notice per note on a file."""
    lines = []
    for result in results:
        for p in result.problems:
            message = p.message + (f" (hint: {p.hint})" if p.hint else "")
            lines.append(github_annotation("error", message, p.path, p.line, p.column, "check validate"))
        for note in result.notes:
            lines.append(github_annotation("notice", note, result.path))
    return "".join(lines)
