"""``check indicators``: a plan's indicators, baselines, targets and sources (the plan itself, nothing evaluated)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from checker.domain.models import Target
from checker.domain.numbers import decimal_text
from checker.domain.results import value_data
from checker.inputs.loading import IndicatorIndex, LoadedPlan


class BaselineRow(TypedDict):
    """The plan's baseline: its year and value."""

    year: int
    value: str | None  # a decimal string


class TargetRow(TypedDict):
    """A target as the plan states it: op and value, or low and high for a range; figures as decimal strings."""

    year: int
    op: str | None
    value: str | bool | None  # a figure, a project status, or true for a deliverable
    low: str | None
    high: str | None
    printed: str
    nature: str
    kind: str
    unit: str | None  # the unit its figures are in: its own (3 万人次) or the indicator's; none for a status
    owner: str | None  # the office that leads it (牵头科室), where the plan names one
    source: dict[str, str | bool]  # the fields of checker.domain.models.Source that are set


class IndicatorRow(TypedDict):
    """One indicator of a plan with the catalogue's names, its baseline, its targets and the notes on them."""

    id: str
    name: str
    name_en: str
    printed_name: str
    category: str | None
    unit: str
    direction: str
    baseline: BaselineRow | None
    targets: list[TargetRow]
    notes: list[str]


def plan_indicators_data(plan: LoadedPlan, index: IndicatorIndex) -> list[IndicatorRow]:
    """A row per indicator of the plan, in the plan's order, as JSON-ready records."""
    rows: list[IndicatorRow] = []
    for entry in plan.plan.indicators:
        ind = index.get(entry.indicator)
        assert ind is not None
        rows.append(
            {
                "id": ind.id,
                "name": ind.name,
                "name_en": ind.name_en,
                "printed_name": entry.printed_name,
                "category": entry.category,
                "unit": ind.unit,
                "direction": ind.direction.value,
                "baseline": None
                if entry.baseline is None
                else {"year": entry.baseline.year, "value": decimal_text(entry.baseline.value)},
                "targets": [_target_row(t, ind.unit) for t in entry.targets],
                "notes": list(entry.notes) + [t.note for t in entry.targets if t.note],
            }
        )
    return rows


def _target_row(t: Target, unit: str | None) -> TargetRow:
    return {
        "year": t.year,
        "op": None if t.op is None else t.op.value,
        "value": value_data(t.value),
        "low": decimal_text(t.low),
        "high": decimal_text(t.high),
        "printed": t.printed,
        "nature": t.nature.value,
        "kind": t.kind.value,
        "unit": t.unit or unit,
        "owner": t.owner,
        "source": t.source.as_dict(),
    }


class ProjectRow(TypedDict):
    """One project of a plan: its name, period, owner and the statuses its targets ask for."""

    id: str
    name: str
    category: str | None
    period: list[int] | None
    owner: str | None
    targets: list[TargetRow]
    notes: list[str]


def plan_projects_data(plan: LoadedPlan) -> list[ProjectRow]:
    """A row per project of the plan, in the plan's order, as JSON-ready records."""
    return [
        {
            "id": p.id,
            "name": p.name,
            "category": p.category,
            "period": None if p.period is None else [p.period.start, p.period.end],
            "owner": p.owner,
            "targets": [_target_row(t, None) for t in p.targets],
            "notes": list(p.notes),
        }
        for p in plan.plan.projects
    ]


@dataclass(frozen=True)
class IndicatorListing:
    """What ``check indicators`` shows: the plan as loaded and its indicators as JSON-ready rows."""

    plan: LoadedPlan
    rows: list[IndicatorRow]


def indicator_listing(plan: LoadedPlan, index: IndicatorIndex) -> IndicatorListing:
    """The plan and its indicator rows (plan_indicators_data), for the formats of ``check indicators``."""
    return IndicatorListing(plan, plan_indicators_data(plan, index))
