"""``check template``: a file for a district to fill in: every indicator and project of its plan, with its name,
unit, the target that applies and where that target is written. Validating an untouched template says which values
are still missing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from checker.domain.models import Target
from checker.domain.results import Reason, Status, TargetResult
from checker.engine.engine import applicable_targets
from checker.inputs.loading import LoadedPlan, PlanRegistry
from checker.views.target_text import target_text

COLUMNS = ("district", "year", "indicator", "name", "unit", "target", "target_source", "value", "source", "note")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Row:
    indicator: str
    name: str
    unit: str
    target: str
    target_source: str


def template_rows(plan: LoadedPlan, registry: PlanRegistry, year: int) -> list[Row]:
    rows = []
    for entry in plan.plan.indicators:
        indicator = registry.index.get(entry.indicator)
        assert indicator is not None
        rows.append(_row(entry.indicator, indicator.name, indicator.unit, entry.targets, year, plan.meta.period.end))
    for project in plan.plan.projects:
        rows.append(_row(project.id, project.name, "状态", project.targets, year, plan.meta.period.end))
    return rows


def _row(key: str, name: str, unit: str, targets: tuple[Target, ...], year: int, plan_end: int) -> Row:
    applying = applicable_targets(targets, year) if targets else []
    shown = [target_text(TargetResult(t, "", "", Status.INFO, Reason.NO_TARGET, ""), plan_end) for t in applying]
    sources = [t.source.cite() for t in applying]
    return Row(key, name, unit, "; ".join(dict.fromkeys(shown)), "; ".join(dict.fromkeys(sources)))


def neutralise(text: str) -> str:
    """Spreadsheet formula injection: a cell that starts like a formula is written as text (OWASP's advice)."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def template_yaml(plan: LoadedPlan, registry: PlanRegistry, year: int) -> str:
    meta = plan.meta
    out = [
        f"# Reported values for {meta.name} ({meta.id}), {year}: fill in each value, or leave null if not reported.",
        f"# Plan: {meta.title}. Check the file with: check validate <this file>",
        f"district: {meta.id}",
        f"year: {year}",
        "illustrative: false",
        "source: null               # where the figures come from (document, date)",
        "values:",
    ]
    for row in template_rows(plan, registry, year):
        comment = f"{row.name} ({row.unit})" + (f"; target {row.target}" if row.target else "")
        if row.target_source:
            comment += f" [{row.target_source}]"
        out.append(f"  {row.indicator}: null{' ' * max(1, 40 - len(row.indicator))}# {comment}")
    text = "\n".join(out) + "\n"
    yaml.safe_load(text)  # the template must itself be valid YAML
    return text


def _table(plan: LoadedPlan, registry: PlanRegistry, year: int) -> list[list[str]]:
    rows = [list(COLUMNS)]
    for row in template_rows(plan, registry, year):
        cells = [plan.meta.id, str(year), row.indicator, row.name, row.unit, row.target, row.target_source, "", "", ""]
        rows.append([neutralise(c) for c in cells])
    return rows


def template_csv(plan: LoadedPlan, registry: PlanRegistry, year: int) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(_table(plan, registry, year))
    return "\ufeff" + buffer.getvalue()  # a BOM so that spreadsheet software reads the Chinese as UTF-8


def template_xlsx(plan: LoadedPlan, registry: PlanRegistry, year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "数据"
    for row in _table(plan, registry, year):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet["H"][1:]:
        cell.fill = PatternFill("solid", fgColor="FFF2CC")  # the column to fill in
    for column, width in zip("ABCDEFGHIJ", (12, 6, 34, 40, 10, 24, 44, 12, 30, 20), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FORMATS: dict[str, Callable[[LoadedPlan, PlanRegistry, int], str | bytes]] = {
    "yaml": template_yaml,
    "csv": template_csv,
    "xlsx": template_xlsx,
}
