"""Reports for CI systems: JUnit XML, SARIF 2.1.0 and GitHub workflow annotations.

One JUnit test case, SARIF result or annotation per target; each points at the data file and the line of the
value where the value was reported. Failures and warnings stay distinguishable in each format.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from checker import __version__
from checker.domain.results import DistrictResult, IndicatorResult, Reason, RunResult, Status, TargetResult
from checker.engine.rules import fmt
from checker.reporters.base import Reporter
from checker.reporters.problems import github_escape
from checker.views.target_text import target_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {Status.FAIL: "error", Status.WARN: "warning", Status.NOT_EVALUABLE: "note"}
GITHUB_COMMAND = {Status.FAIL: "error", Status.WARN: "warning", Status.NOT_EVALUABLE: "notice"}


def each_target(run: RunResult) -> Iterator[tuple[DistrictResult, IndicatorResult, TargetResult]]:
    for district in run.districts:
        for indicator in district.indicators:
            for target in indicator.targets:
                yield district, indicator, target


def title(district: DistrictResult, indicator: IndicatorResult, t: TargetResult) -> str:
    """A stable, readable name for one target: district, indicator, the target and its citation."""
    cited = f" [{t.target.source.cite()}]" if t.target is not None else ""
    return f"{district.plan.id} {indicator.indicator.id}: {target_text(t, district.plan.period.end)}{cited}"


def relative_uri(path: str) -> str:
    """A path relative to the working folder where it lies below it (what code-scanning viewers expect)."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_uri()


class JUnitReporter(Reporter):
    name = "junit"
    description = "JUnit XML: one test case per target; failures typed 'fail' or 'warn', not-evaluable ones skipped"

    def write(self, run: RunResult, stream: TextIO) -> None:
        # Attributes as the common JUnit schema (Jenkins/Surefire, as pytest tests against) allows them: the data
        # file on the suite, the value's line in each failure's message.
        suites = ET.Element("testsuites", name="health-plan-checker")
        totals = {"tests": 0, "failures": 0}
        for district in run.districts:
            suite = ET.SubElement(suites, "testsuite", name=f"{district.plan.id} {district.year}")
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
                    message = f"{where}{t.status.value}: {t.reason.value}: {t.message}"
                    if t.status is Status.NOT_EVALUABLE:
                        counts["skipped"] += 1
                        ET.SubElement(case, "skipped", message=message)
                    elif t.status.rank >= self.fail_on.rank and t.status in (Status.FAIL, Status.WARN):
                        counts["failures"] += 1
                        ET.SubElement(case, "failure", message=message, type=t.status.value).text = message
                    elif t.status is Status.WARN:
                        ET.SubElement(case, "system-out").text = f"WARNING {message}"
            for key, value in counts.items():
                suite.set(key, str(value))
            suite.set("errors", "0")
            totals["tests"] += counts["tests"]
            totals["failures"] += counts["failures"]
        for key, value in totals.items():
            suites.set(key, str(value))
        suites.set("errors", "0")
        ET.indent(suites)
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        stream.write(ET.tostring(suites, encoding="unicode"))
        stream.write("\n")


class SarifReporter(Reporter):
    name = "sarif"
    description = "SARIF 2.1.0 for code-scanning viewers: a result per target that fails, warns or is not evaluable"

    def write(self, run: RunResult, stream: TextIO) -> None:
        json.dump(self.to_data(run), stream, ensure_ascii=False, indent=2)
        stream.write("\n")

    def to_data(self, run: RunResult) -> dict[str, Any]:
        results = [self._result(d, i, t) for d, i, t in each_target(run) if t.status in SARIF_LEVEL]
        return {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "health-plan-checker",
                            "version": __version__,
                            "rules": [
                                {"id": reason.value, "shortDescription": {"text": reason.value.replace("_", " ")}}
                                for reason in Reason
                            ],
                        }
                    },
                    "results": results,
                    "properties": {"year": run.year, "illustrative": run.illustrative},
                }
            ],
        }

    def _result(self, district: DistrictResult, indicator: IndicatorResult, t: TargetResult) -> dict[str, Any]:
        result: dict[str, Any] = {
            "ruleId": t.reason.value,
            "ruleIndex": list(Reason).index(t.reason),
            "level": SARIF_LEVEL[t.status],
            "message": {"text": f"{title(district, indicator, t)}: {t.message}"},
            "properties": {
                "district": district.plan.id,
                "indicator": indicator.indicator.id,
                "value": fmt(indicator.value) if indicator.value is not None else None,
                "status": t.status.value,
                "level": t.level or None,
            },
        }
        if district.data_file:
            physical: dict[str, Any] = {"artifactLocation": {"uri": relative_uri(district.data_file)}}
            line, column = indicator.value_position
            if line is not None:
                physical["region"] = {"startLine": line, **({"startColumn": column} if column else {})}
            result["locations"] = [{"physicalLocation": physical}]
        return result


class GithubReporter(Reporter):
    name = "github"
    description = "GitHub Actions annotations (::error / ::warning / ::notice) at the data file and line"

    def write(self, run: RunResult, stream: TextIO) -> None:
        for district, indicator, t in each_target(run):
            command = GITHUB_COMMAND.get(t.status)
            if command is None:
                continue
            where = []
            if district.data_file:
                where.append(f"file={github_escape(os.path.relpath(district.data_file), True)}")
                line, column = indicator.value_position
                if line is not None:
                    where.append(f"line={line}")
                    if column is not None:
                        where.append(f"col={column}")
            where.append(f"title={github_escape(title(district, indicator, t), True)}")
            stream.write(f"::{command} {','.join(where)}::{github_escape(t.reason.value + ': ' + t.message)}\n")
