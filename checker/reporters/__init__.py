"""Output formats: one module per format, registered by name; the CLI's --format choices come from here.

A format's module is imported only when the format is used, so that a run pays for rich, jinja2 or openpyxl
only when it writes a table, an HTML page or a workbook. Adding a format is one module and one line below.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from checker.reporters.base import Reporter

# name: (module, class, one-line description for --help)
FORMATS: dict[str, tuple[str, str, str]] = {
    "table": ("checker.reporters.table", "TableReporter", "readable tables for a terminal (the default)"),
    "json": ("checker.reporters.json", "JsonReporter", "machine-readable report (schema: check schema report)"),
    "junit": ("checker.reporters.ci", "JUnitReporter", "JUnit XML, one test case per target"),
    "sarif": ("checker.reporters.ci", "SarifReporter", "SARIF 2.1.0 for code-scanning viewers"),
    "github": ("checker.reporters.ci", "GithubReporter", "GitHub Actions annotations"),
    "html": ("checker.reporters.html", "HtmlReporter", "one self-contained page with charts"),
    "markdown": ("checker.reporters.markdown", "MarkdownReporter", "tables for a document or merge request"),
    "xlsx": ("checker.reporters.xlsx", "XlsxReporter", "a workbook: a summary sheet and one per district"),
}


class _Registry(Mapping[str, type[Reporter]]):
    """name -> reporter class, importing the class's module on first use."""

    def __getitem__(self, name: str) -> type[Reporter]:
        module, cls, _ = FORMATS[name]
        reporter: type[Reporter] = getattr(importlib.import_module(module), cls)
        return reporter

    def __iter__(self) -> Iterator[str]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)


REPORTERS: Mapping[str, type[Reporter]] = _Registry()

__all__ = ["FORMATS", "REPORTERS", "Reporter"]
