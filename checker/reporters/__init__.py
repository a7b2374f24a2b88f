"""Output formats: one module per format, registered by name; the CLI's --format choices come from here."""

from __future__ import annotations

from checker.reporters.base import Reporter
from checker.reporters.ci import GithubReporter, JUnitReporter, SarifReporter
from checker.reporters.html import HtmlReporter
from checker.reporters.json import JsonReporter
from checker.reporters.markdown import MarkdownReporter
from checker.reporters.table import TableReporter
from checker.reporters.xlsx import XlsxReporter

REPORTERS: dict[str, type[Reporter]] = {
    r.name: r
    for r in (
        TableReporter,
        JsonReporter,
        JUnitReporter,
        SarifReporter,
        GithubReporter,
        HtmlReporter,
        MarkdownReporter,
        XlsxReporter,
    )
}

__all__ = ["REPORTERS", "Reporter"]
