"""``check template``: a file for a district to fill in: every indicator and project of its plan, with its name,
unit, the target that applies and where that target is written. Validating an untouched template says which values
are still missing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from checker.domain.i18n import t
from checker.domain.models import STATUSES, Target
from checker.domain.results import Reason, Status, TargetResult
from checker.engine.engine import PROJECT_UNIT, applicable_targets
from checker.inputs.data_store import expected_type
from checker.inputs.loading import LoadedPlan, PlanRegistry
from checker.views.target_text import target_text

COLUMNS = (
    "district",
    "year",
    "indicator",
    "name",
    "unit",
    "target",
    "target_source",
    "write",
    "value",
    "source",
    "note",
    "confirmed",
)  # fmt: skip; the reader takes district, year, indicator, unit, value, source, note, confirmed and skips the rest
VALUE_COLUMN = COLUMNS.index("value")
FLAG_WORDS = ("是", "否")  # what a deliverable's cell takes (true/false too): the Excel template's drop-down


@dataclass(frozen=True)
class Row:
    """One line to fill in: an indicator or project, with the targets that apply in the year and their sources."""

    indicator: str
    name: str
    unit: str
    target: str
    target_source: str
    expected: str = "number"  # number, status (a project) or flag (a deliverable): what the value cell takes

    def allowed(self) -> tuple[str, ...]:
        """The words the value cell takes, when it takes words: a project's statuses, 是/否 for a deliverable."""
        return STATUSES if self.expected == "status" else FLAG_WORDS if self.expected == "flag" else ()

    def write(self, lang: str) -> str:
        """What to write in the value cell, in ``lang``."""
        if self.expected == "status":
            return t(
                "template.write.status", lang, statuses="、".join(STATUSES) if lang == "zh" else ", ".join(STATUSES)
            )
        if self.expected == "flag":
            return t("template.write.flag", lang)
        return t("template.write.number", lang, unit=self.unit)


def template_rows(plan: LoadedPlan, registry: PlanRegistry, year: int) -> list[Row]:
    """A row per indicator, then per project, of the plan, in the plan's order."""
    rows = []
    for entry in plan.plan.indicators:
        indicator = registry.index.get(entry.indicator)
        assert indicator is not None
        row = _row(entry.indicator, indicator.name, indicator.unit, entry.targets, year, plan.meta.period.end)
        rows.append(replace(row, expected=expected_type(plan, entry.indicator)))
    for project in plan.plan.projects:
        row = _row(project.id, project.name, PROJECT_UNIT, project.targets, year, plan.meta.period.end)
        rows.append(replace(row, expected=expected_type(plan, project.id)))
    return rows


def _row(key: str, name: str, unit: str, targets: tuple[Target, ...], year: int, plan_end: int) -> Row:
    applying = applicable_targets(targets, year) if targets else []
    shown = [target_text(TargetResult(a, "", "", Status.INFO, Reason.NO_TARGET, ""), plan_end) for a in applying]
    sources = [a.source.cite() for a in applying]
    return Row(key, name, unit, "; ".join(dict.fromkeys(shown)), "; ".join(dict.fromkeys(sources)))


@dataclass(frozen=True)
class Template:
    """A file for one district and year to fill in: a row per indicator and project of its plan."""

    district: str
    name: str
    title: str
    year: int
    rows: list[Row]

    def table(self, lang: str = "en") -> list[list[str]]:
        """The long-form table (district, year, indicator, …) with the value columns blank, header first, in
        ``lang`` (the reader takes Chinese headers as it takes English ones)."""
        table = [[t(f"template.col.{column}", lang) for column in COLUMNS]]
        for row in self.rows:
            cells = [row.indicator, row.name, row.unit, row.target, row.target_source, row.write(lang)]
            # value, source, note and confirmed (the reason an unusual figure is right): to fill in
            table.append([self.district, str(self.year), *cells, "", "", "", ""])
        return table


def template_data(plan: LoadedPlan, registry: PlanRegistry, year: int) -> Template:
    """The file to fill in for a district and year (``check template``), for the formats to write."""
    meta = plan.meta
    return Template(meta.id, meta.name, meta.title, year, template_rows(plan, registry, year))
