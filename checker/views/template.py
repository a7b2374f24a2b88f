"""``check template``: a file for a district to fill in: every indicator and project of its plan, with its name,
unit, the target that applies and where that target is written. Validating an untouched template says which values
are still missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.domain.models import Target
from checker.domain.results import Reason, Status, TargetResult
from checker.engine.engine import PROJECT_UNIT, applicable_targets
from checker.inputs.loading import LoadedPlan, PlanRegistry
from checker.views.target_text import target_text

COLUMNS = (
    "district", "year", "indicator", "name", "unit", "target", "target_source", "value", "source", "note", "confirmed"
)  # fmt: skip


@dataclass(frozen=True)
class Row:
    """One line to fill in: an indicator or project, with the targets that apply in the year and their sources."""

    indicator: str
    name: str
    unit: str
    target: str
    target_source: str


def template_rows(plan: LoadedPlan, registry: PlanRegistry, year: int) -> list[Row]:
    """A row per indicator, then per project, of the plan, in the plan's order."""
    rows = []
    for entry in plan.plan.indicators:
        indicator = registry.index.get(entry.indicator)
        assert indicator is not None
        rows.append(_row(entry.indicator, indicator.name, indicator.unit, entry.targets, year, plan.meta.period.end))
    for project in plan.plan.projects:
        rows.append(_row(project.id, project.name, PROJECT_UNIT, project.targets, year, plan.meta.period.end))
    return rows


def _row(key: str, name: str, unit: str, targets: tuple[Target, ...], year: int, plan_end: int) -> Row:
    applying = applicable_targets(targets, year) if targets else []
    shown = [target_text(TargetResult(t, "", "", Status.INFO, Reason.NO_TARGET, ""), plan_end) for t in applying]
    sources = [t.source.cite() for t in applying]
    return Row(key, name, unit, "; ".join(dict.fromkeys(shown)), "; ".join(dict.fromkeys(sources)))


@dataclass(frozen=True)
class Template:
    """A file for one district and year to fill in: a row per indicator and project of its plan."""

    district: str
    name: str
    title: str
    year: int
    rows: list[Row]

    def table(self) -> list[list[str]]:
        """The long-form table (district, year, indicator, …) with the value columns blank, header first."""
        table = [list(COLUMNS)]
        for row in self.rows:
            cells = [row.indicator, row.name, row.unit, row.target, row.target_source]
            # value, source, note and confirmed (the reason an unusual figure is right): to fill in
            table.append([self.district, str(self.year), *cells, "", "", "", ""])
        return table


def template_data(plan: LoadedPlan, registry: PlanRegistry, year: int) -> Template:
    """The file to fill in for a district and year (``check template``), for the formats to write."""
    meta = plan.meta
    return Template(meta.id, meta.name, meta.title, year, template_rows(plan, registry, year))
