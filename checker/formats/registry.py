"""The one registry of output formats: what each format is called, what it renders, and how.

Every ``--format`` choice, the check that a binary format has a file to go to, the default language and the
help text come from the ``Format`` records below. A format's renderers are named ``"module:function"`` under
``checker.formats`` and imported on first use, so that a run pays for rich, jinja2 or openpyxl only when it writes
a table, a page or a workbook. Adding a format is one module and one record here; a format whose run report can be
written a district at a time names its stream too (checker.formats.streamed).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from checker.domain.errors import UsageError
from checker.domain.results import Status
from checker.views.selection import Selection

Subject = Literal["run", "summary", "trend", "diff", "lint", "validate", "indicators", "template", "explain", "verify"]
GroupBy = Literal["category", "owner"]
Show = Literal["attention", "all"]
DEFAULT_WIDTH = 100  # of a table on a pipe or in a file, when COLUMNS does not say


@dataclass(frozen=True)
class RenderOptions:
    """How a subject is rendered: the language of people's formats, colour and width for a terminal, --fail-on for
    the formats that mark failures (JUnit), --group-by for the run reports people read, --show-waived for lint;
    --only and --indicator (``selection``) for the run reports people read, --show and --notes for the terminal's."""

    lang: str = "en"
    color: bool = False
    fail_on: Status = Status.FAIL
    group_by: GroupBy = "category"
    show_waived: bool = False
    width: int = DEFAULT_WIDTH
    show: Show = "attention"
    selection: Selection = field(default_factory=Selection)
    notes: bool = False


Renderer = Callable[[Any, RenderOptions], "str | bytes"]


@dataclass(frozen=True)
class Format:
    """One output format: its name, one line for --help, and a renderer per subject it supports."""

    name: str
    description: str
    renderers: Mapping[Subject, str]  # subject -> "module:function" under checker.formats
    binary: bool = False  # written to a file only (--output / --output-dir), never to a terminal
    localised: frozenset[Subject] = frozenset()  # subjects rendered in --lang: Chinese by default there
    charts: bool = False  # its run report charts every year's value: the run reads the other years too
    suffix: str = ""  # of a file named for it (--output-dir); the format's name when empty
    streams: Mapping[Subject, str] = field(default_factory=dict)  # subject -> "module:Class", a RunStream factory

    @property
    def extension(self) -> str:
        return self.suffix or self.name

    def default_lang(self, subject: Subject) -> str:
        """The one rule: Chinese wherever the output speaks both languages (the users' own), else English."""
        return "zh" if subject in self.localised else "en"

    def renderer(self, subject: Subject) -> Renderer:
        module, function = self.renderers[subject].split(":")
        found: Renderer = getattr(importlib.import_module(f"checker.formats.{module}"), function)
        return found


_VIEWS: frozenset[Subject] = frozenset({"summary", "trend", "diff"})

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "table",
            "readable tables for a terminal (the default)",
            {
                "run": "table:run",
                "summary": "table:summary",
                "trend": "table:trend",
                "diff": "table:diff",
                "indicators": "table:indicators",
            },
            localised=_VIEWS | {"run", "indicators"},
            suffix="txt",
        ),
        Format(
            "text",
            "one line per problem, path:line:column first, like a compiler or linter; for explain, the derivation "
            "step by step; for verify, what differs (the default)",
            {"lint": "text:lint", "validate": "text:validate", "explain": "text:explain", "verify": "text:verify"},
            localised=frozenset({"explain", "verify"}),
        ),
        Format(
            "json",
            "machine-readable (schemas: check schema report, check schema data)",
            {
                "run": "json:run",
                "summary": "json:view",
                "trend": "json:view",
                "diff": "json:view",
                "lint": "json:lint",
                "validate": "json:validate",
                "indicators": "json:indicators",
                "explain": "json:explain",
                "verify": "json:verify",
            },
            localised=frozenset({"summary", "trend"}),  # the views' names are in --lang
            streams={"run": "json:RunStream"},
        ),
        Format(
            "junit",
            "JUnit XML, one test case per target",
            {"run": "ci:junit_run"},
            suffix="junit.xml",
            streams={"run": "ci:JunitRun"},
        ),
        Format(
            "sarif",
            "SARIF 2.1.0 for code-scanning viewers",
            {"run": "ci:sarif_run", "lint": "ci:sarif_lint"},
            streams={"run": "ci:SarifRun"},
        ),
        Format(
            "github",
            "GitHub Actions annotations on the offending lines",
            {"run": "ci:github_run", "lint": "ci:github_lint", "validate": "ci:github_validate"},
            suffix="github.txt",
            streams={"run": "ci:GithubRun"},
        ),
        Format(
            "html",
            "one self-contained page with charts",
            {"run": "html:run", "summary": "html:summary", "trend": "html:trend"},
            localised=frozenset({"run", "summary", "trend"}),
            charts=True,
        ),
        Format(
            "markdown",
            "tables for a document or merge request",
            {"run": "markdown:run", "summary": "markdown:summary", "trend": "markdown:trend", "diff": "markdown:diff"},
            localised=frozenset({"run", "summary", "trend", "diff"}),
            charts=True,
            suffix="md",
        ),
        Format(
            "xlsx",
            "an Excel workbook (binary: give --output or --output-dir)",
            {"run": "xlsx:run", "summary": "xlsx:summary", "trend": "xlsx:trend", "template": "xlsx:template"},
            binary=True,
            localised=frozenset({"run", "summary", "trend", "template"}),
            charts=True,
        ),
        Format(
            "docx",
            "a Word document, A4 landscape (binary: give --output or --output-dir)",
            {"run": "docx:run", "summary": "docx:summary"},
            binary=True,
            localised=frozenset({"run", "summary"}),
            charts=True,  # no charts, but its run report lists the other years' values, as Markdown's does
        ),
        Format("yaml", "a YAML data file", {"template": "data_files:yaml_template"}, localised=frozenset({"template"})),
        Format(
            "csv",
            "a long-form CSV table (UTF-8 with a BOM)",
            {"template": "data_files:csv_template"},
            localised=frozenset({"template"}),
        ),
    )
}

DEFAULT_FORMAT: dict[Subject, str] = {
    "run": "table",
    "summary": "table",
    "trend": "table",
    "diff": "table",
    "lint": "text",
    "validate": "text",
    "indicators": "table",
    "template": "yaml",
    "explain": "text",
    "verify": "text",
}


def formats_for(subject: Subject) -> list[str]:
    """The names of the formats that render ``subject``, in the registry's order (for click.Choice)."""
    return [f.name for f in FORMATS.values() if subject in f.renderers]


def help_for(subject: Subject) -> str:
    """``name: description`` for each format of ``subject``, for a --format option's help."""
    return "; ".join(f"{name}: {FORMATS[name].description}" for name in formats_for(subject))


def get(name: str, subject: Subject) -> Format:
    """The format ``name`` for ``subject``; a usage error naming the choices when it has no such renderer."""
    found = FORMATS.get(name)
    if found is None or subject not in found.renderers:
        choices = ", ".join(formats_for(subject))
        raise UsageError(f"no {name} output for {subject}", f"choose one of: {choices}")
    return found


def render(subject: Subject, name: str, data: Any, options: RenderOptions) -> str | bytes:
    """``data`` (a RunResult, a view, a lint result, …) rendered as ``name``."""
    return get(name, subject).renderer(subject)(data, options)


__all__ = ["DEFAULT_FORMAT", "DEFAULT_WIDTH", "FORMATS", "Format", "RenderOptions", "Subject", "formats_for", "render"]
