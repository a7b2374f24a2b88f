"""``check lint [PATH…]``: the command and its reporters. checker.cli.main registers it with ``main.add_command(lint)``.

Exit codes as for the other commands: 0 no unwaived finding at or above ``--fail-on`` (default: error), 1 at least
one, 2 usage or input error (a plan or configuration that does not load).
"""

from __future__ import annotations

import io
import json
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar, TextIO

import click

from checker.cli.options import emit, handle_errors
from checker.domain.errors import EXIT_FINDINGS, EXIT_OK
from checker.lint.runner import Finding, LintResult, Severity, lint_bundled, lint_paths, load_config

EXIT_CODES_HELP = """\b
Exit codes:
  0  no unwaived finding at or above the --fail-on level
  1  at least one
  2  usage or input error (a plan or config file that does not load, ...)"""


class LintReporter(ABC):
    """Writes a lint result to a stream; one subclass per --format."""

    def __init__(self, show_waived: bool = False) -> None:
        self.show_waived = show_waived

    @abstractmethod
    def write(self, result: LintResult, out: TextIO) -> None: ...


class TextReporter(LintReporter):
    """Like a linter: ``path:line:col: CODE severity message [citation]``, grouped by file, then a summary."""

    def write(self, result: LintResult, out: TextIO) -> None:
        shown = [f for f in result.findings if self.show_waived or not f.waived]
        by_file: dict[str, list[Finding]] = {}
        for finding in sorted(shown, key=Finding.sort_key):
            by_file.setdefault(finding.path, []).append(finding)
        for n, (_path, findings) in enumerate(by_file.items()):
            if n:
                out.write("\n")
            for f in findings:
                line = f"{f.path}:{f.line}:{f.column}: {f.code} {f.severity.value} {f.message}"
                if f.citation:
                    line += f" [{f.citation}]"
                if f.waived:
                    line += f" (waived: {f.waiver_reason})"
                out.write(line + "\n")
        out.write(("\n" if by_file else "") + summary(result) + "\n")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"


def summary(result: LintResult) -> str:
    """``2 errors, 1 warning, 0 info in 5 files (27 waived)``, or ``no problems in 5 files``."""
    unwaived = result.unwaived()
    counts = [sum(1 for f in unwaived if f.severity is s) for s in Severity]
    waived = sum(1 for f in result.findings if f.waived)
    text = ", ".join(_plural(c, s.value) for c, s in zip(counts, Severity, strict=True)) if unwaived else "no problems"
    return f"{text} in {_plural(len(result.files), 'file')}" + (f" ({waived} waived)" if waived else "")


class JsonReporter(LintReporter):
    """A list of findings, waived ones included (``waived``, ``waiver_reason``)."""

    def write(self, result: LintResult, out: TextIO) -> None:
        json.dump(result.as_records(), out, ensure_ascii=False, indent=2)
        out.write("\n")


BUNDLED = "<bundled>/"  # how bundled files are shown; in SARIF their path in the project (plans/…) is the URI


class SarifReporter(LintReporter):
    """SARIF 2.1.0: one result per unwaived finding (waived ones as suppressed results), the codes as rules."""

    LEVEL: ClassVar[dict[Severity, str]] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

    def write(self, result: LintResult, out: TextIO) -> None:
        from checker import __version__
        from checker.lint.runner import CODES
        from checker.reporters.ci import SARIF_SCHEMA, relative_uri

        codes = list(CODES)
        results = []
        for f in sorted(result.findings, key=Finding.sort_key):
            if f.waived and not self.show_waived:
                continue
            record: dict[str, object] = {
                "ruleId": f.code,
                "ruleIndex": codes.index(f.code),
                "level": self.LEVEL[f.severity],
                "message": {"text": f.message + (f" [{f.citation}]" if f.citation else "")},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": f.path.removeprefix(BUNDLED)
                                if f.path.startswith(BUNDLED)
                                else relative_uri(f.path)
                            },
                            "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
                        }
                    }
                ],
            }
            if f.waived:
                record["suppressions"] = [{"kind": "inSource", "justification": f.waiver_reason or ""}]
            results.append(record)
        rules = [
            {
                "id": c.id,
                "name": c.name,
                "shortDescription": {"text": c.description},
                "defaultConfiguration": {"level": self.LEVEL[c.severity]},
            }
            for c in CODES.values()
        ]
        data = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": {"name": "health-plan-checker lint", "version": __version__, "rules": rules}},
                    "results": results,
                }
            ],
        }
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")


class GithubReporter(LintReporter):
    """GitHub workflow annotations for the unwaived findings."""

    COMMAND: ClassVar[dict[Severity, str]] = {
        Severity.ERROR: "error",
        Severity.WARNING: "warning",
        Severity.INFO: "notice",
    }

    def write(self, result: LintResult, out: TextIO) -> None:
        from checker.reporters.problems import github_escape

        for f in sorted(result.unwaived(), key=Finding.sort_key):
            where = f"file={github_escape(f.path, True)},line={f.line},col={f.column},title={f.code}"
            message = f.message + (f" [{f.citation}]" if f.citation else "")
            out.write(f"::{self.COMMAND[f.severity]} {where}::{github_escape(message)}\n")


LINT_REPORTERS: dict[str, type[LintReporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "sarif": SarifReporter,
    "github": GithubReporter,
}


@click.command("lint", epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(LINT_REPORTERS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A lint configuration to use instead of the project's (rules/lint/lint.yaml).",
)
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    default="error",
    show_default=True,
    help="The lowest unwaived severity that makes the exit code 1.",
)
@click.option("--show-waived", is_flag=True, help="Also list waived findings, with their reasons (text format).")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the findings to this file (atomically) instead of standard output.",
)
@handle_errors
def lint(
    paths: tuple[Path, ...], fmt: str, config_path: Path | None, fail_on: str, show_waived: bool, output: Path | None
) -> int:
    """Find mistakes in plan files: units, directions, conflicts, arithmetic, floors, the catalogue.

    With no PATH, lints the bundled plans, rule sets and catalogue. PATHs are plan files or folders of them,
    loaded against the bundled catalogue and rule sets (so higher-level floors apply). A finding is waived by
    '# noqa: CODE reason' on its line. The codes: docs/lint.md.
    """
    config = load_config(config_path)
    result = lint_paths(paths, config) if paths else lint_bundled(config)
    buffer = io.StringIO()
    LINT_REPORTERS[fmt](show_waived=show_waived).write(result, buffer)
    emit(buffer.getvalue(), output)
    return EXIT_FINDINGS if result.fails_at(Severity(fail_on)) else EXIT_OK
