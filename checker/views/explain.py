"""``check explain``: how each verdict on one indicator (or project) of a district was reached, from the engine's
own result records: the target and where the plan writes it, the baseline, the 序时进度 milestone with its numbers,
the comparison that decided, the progress ratio, the rule that turned the reason into a verdict by the target's
nature, the higher levels' floors, and the data file and line of the value.

Nothing is evaluated again here: the milestone, its line and the progress ratio are the engine's
(``TargetResult.trajectory``); this module only writes the arithmetic out with the engine's numbers, exactly
(``Fraction``), and names which of the rules of docs/evaluation.md applied. Data only; checker.formats renders it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Literal

from checker.domain.errors import UsageError
from checker.domain.messages import Message, plain_figure
from checker.domain.models import PlanMeta, Project, Target, TargetKind
from checker.domain.numbers import Number, format_number, is_terminating
from checker.domain.results import (
    SHORTFALL_STATUS,
    IndicatorResult,
    Reason,
    Status,
    TargetResult,
    Trajectory,
    is_shortfall,
)
from checker.domain.uncertainty import Level
from checker.domain.units import convert
from checker.engine.run import RunRequest, means_all, run_check
from checker.inputs.data_store import DataStore
from checker.inputs.loading import LoadedPlan, PlanRegistry
from checker.views.selection import resolve_indicators

EXPLAIN_SCHEMA_VERSION = 1  # of the JSON explanation (checker/formats/json.py, explain)

# Which of the rules of docs/evaluation.md decided a target (the engine's message code says which one fired):
Rule = Literal[
    "missing_value",  # 1: no value reported
    "met",  # 3: v op t holds
    "missed",  # 4: the target year has come and v op t does not hold
    "bound",  # 6: the baseline already met the target: a bound to hold every year, and v breaks it
    "no_baseline",  # 5: before the target year, not met, and no baseline to draw the line from
    "on_track",  # 7: before the target year: v holds against the milestone
    "behind_schedule",  # 7: before the target year: v falls short of the milestone
    "engine",  # another kind (range, change, maintain, project, …): the engine's sentence says it
]
_RULES: dict[str, Rule] = {
    "missing_value": "missing_value",
    "met": "met",
    "missed": "missed",
    "bound_broken": "bound",
    "no_baseline": "no_baseline",
    "range.no_baseline": "no_baseline",
    "on_track": "on_track",
    "behind_schedule": "behind_schedule",
}
MILESTONE_FORMULA = "m = b + (t − b) × (y − y₀)/(Y − y₀)"  # docs/evaluation.md: y₀ the baseline's year, Y the target's
PROGRESS_FORMULA = "(v − b)/(m − b)"  # the actual change since the baseline over the change the line requires
_NEGATED = {"≥": "<", ">": "≤", "≤": ">", "<": "≥", "=": "≠"}  # a value that misses "op figure" is "NEGATED[op]"
MINUS = "−"


@dataclass(frozen=True)
class Comparison:
    """The comparison that decided, in symbols: ``shown op figure`` with the operator that holds ("4.2 < 4.442").
    ``shown`` is the engine's own text of the value (a change target's says the change)."""

    shown: str  # a checker.domain.messages.Message where the engine wrote it as one
    op: str
    figure: str
    against: Literal["target", "milestone", "bound"]
    holds: bool


@dataclass(frozen=True)
class MilestoneStep:
    """The 序时进度 milestone written out with the engine's numbers (``trajectory``): ``formula`` is the arithmetic,
    ``value`` its exact result; ``case`` says whether the line was interpolated or clamped to the target (the target
    year has come) or the baseline (the year is not after the baseline's)."""

    trajectory: Trajectory
    case: Literal["interpolated", "target_year", "baseline_year"]
    formula: str  # "3.41 + (4.7 − 3.41) × 4/5 = 4.442"
    substituted: str | None  # the line with the years: "3.41 + (4.7 − 3.41) × (2024 − 2020)/(2025 − 2020)"
    value: str  # the milestone, exact: "4.442", or "4/3 ≈ 1.3333"
    absolute: str | None  # a change target's milestone as a value of the indicator (the engine's), else None


@dataclass(frozen=True)
class ProgressStep:
    """The progress ratio (v − b)/(m − b) with its numbers; its class (achieved, on_track, …)."""

    formula: str  # "(4.2 − 3.41) / (4.442 − 3.41) ≈ 0.7655"
    value: Fraction
    progress_class: str | None


@dataclass(frozen=True)
class TargetExplanation:
    """How one target's verdict was reached."""

    result: TargetResult
    plan: PlanMeta  # the plan the target comes from: the district's own, or the higher level's for a floor
    printed_name: str | None  # the row's name as that plan prints it
    rule: Rule
    comparison: Comparison | None
    milestone: MilestoneStep | None
    progress: ProgressStep | None
    nature_rule: Literal["shortfall", "floor", "fixed"]  # how the reason and the nature gave the status
    due: bool  # the target year has come
    in_unit: (
        str | None
    )  # a target written in another unit (1.4 万U), in the indicator's (14000), as the engine reads it

    @property
    def source_kind(self) -> Literal["quote", "table", "text"]:
        """How the plan gives the target: a sentence quoted from the document, a table's row (专栏), running text."""
        source = self.result.target.source if self.result.target is not None else None
        if source is None:
            return "text"
        if source.quote:
            return "quote"
        return "table" if source.section.startswith("专栏") else "text"

    @property
    def shortfall_status(self) -> Status | None:
        """What a shortfall of this target's nature is (SHORTFALL_STATUS), for a shortfall; else None."""
        target = self.result.target
        if self.nature_rule != "shortfall" or target is None:
            return None
        return SHORTFALL_STATUS[target.nature]


@dataclass(frozen=True)
class ValueSource:
    """Where the value was read: the data file and its line and column, or where it was looked for."""

    path: str | None  # the district-year's data file as users read paths; None when there is none
    line: int | None
    column: int | None
    expected_path: str  # where the district-year's file is looked for (a missing value says so)
    source: str | None  # the data file's own source line
    key_given: bool  # the file names the indicator (null: given as not reported)


@dataclass(frozen=True)
class Explanation:
    """Every verdict on one row (an indicator or project) of a district's report for a year."""

    year: int
    district: PlanMeta
    row: IndicatorResult
    value: ValueSource
    illustrative: bool
    targets: tuple[TargetExplanation, ...]
    unapplied_floors: tuple[PlanMeta, ...]  # higher levels with targets for it that were not applied as floors
    project: Project | None  # a project row's plan entry (its period and planned status)
    notes: tuple[str, ...]  # the engine's notes on the district (no data for the year, out of the plan's period)


# --- building it ---------------------------------------------------------------------------------------------------


def explain_data(
    registry: PlanRegistry,
    year: int,
    district: str,
    indicator: str,
    data: Path | None = None,
    significance: bool | None = None,
    confidence: Level | None = None,
) -> Explanation:
    """Evaluate ``district`` for ``year`` (as ``check`` does, with its --significance and --confidence) and explain
    its row for ``indicator`` (an id, a name or an alias of an indicator or project, or a part of one that names a
    single row of the district)."""
    if means_all((district,)):
        raise UsageError("explain takes one district, not 'all'", "name one district; see 'check districts'")
    plan = registry.resolve(district)
    ids = resolve_indicators((indicator,), registry)
    store = DataStore(registry, data, [plan])
    request = RunRequest(year, (plan.id,), data, significance=significance, confidence=confidence)
    run = run_check(request, registry, store)
    result = run.districts[0]
    row = _the_row(result.indicators, ids, indicator, plan, year)
    reported = store.get(plan, year)
    line, column = row.value_position
    value = ValueSource(
        path=result.data_path,
        line=line,
        column=column,
        expected_path=store.expected_path(plan, year),
        source=result.data_source,
        key_given=reported is not None and row.indicator.id in reported.values,
    )
    targets = tuple(_target(registry, row, r, year) for r in row.targets if r.target is not None)
    floored = {t.result.plan_id for t in targets if t.result.floor}
    unapplied = tuple(
        higher.meta
        for higher in registry.ancestors(plan)
        if row.indicator.id in higher.entries and higher.id not in floored
    )
    return Explanation(
        year=year,
        district=plan.meta,
        row=row,
        value=value,
        illustrative=result.illustrative,
        targets=targets,
        unapplied_floors=unapplied,
        project=plan.projects.get(row.indicator.id) if row.kind == "project" else None,
        notes=result.notes,
    )


def _names(row: IndicatorResult) -> set[str]:
    ind = row.indicator
    return {n.casefold() for n in (ind.id, ind.name, ind.name_en, *ind.aliases, row.printed_name) if n}


def _the_row(
    rows: tuple[IndicatorResult, ...], ids: frozenset[str], typed: str, plan: LoadedPlan, year: int
) -> IndicatorResult:
    """The district's row the typed text names: one it names whole, else the only one containing it."""
    found = [r for r in rows if r.indicator.id in ids]
    whole = [r for r in found if typed.strip().casefold() in _names(r)]
    if whole:
        found = whole
    if len(found) == 1:
        return found[0]
    hint = f"'check indicators {plan.id}' lists its indicators and projects"
    if not found:
        raise UsageError(
            f"{plan.meta.name} ({plan.id}) has no target and no reported value for {typed!r} in {year}", hint
        )
    shown = ", ".join(f"{r.indicator.id} ({r.indicator.name})" for r in found[:6])
    more = f" and {len(found) - 6} more" if len(found) > 6 else ""
    raise UsageError(f"{typed!r} names {len(found)} rows of {plan.id}: {shown}{more}", "give one of their ids")


def _target(registry: PlanRegistry, row: IndicatorResult, result: TargetResult, year: int) -> TargetExplanation:
    target = result.target
    assert target is not None
    plan = registry.by_id[result.plan_id]
    entry = plan.entries.get(row.indicator.id)
    printed_name = entry.printed_name if entry else (None if result.floor else row.printed_name)
    message = result.message
    if isinstance(message, Message) and message.code == "within_uncertainty":  # the comparison chance may explain
        inner = message.params["message"]
        message = inner if isinstance(inner, str) else message
    if isinstance(message, Message) and message.code == "floor":  # a higher level's: its own sentence says why
        inner = message.params["message"]
        message = inner if isinstance(inner, str) else message
    rule, comparison = _decision(result, message)
    if result.reason is Reason.FLOOR_BREACHED:
        nature_rule: Literal["shortfall", "floor", "fixed"] = "floor"
    elif is_shortfall(result.reason):
        nature_rule = "shortfall"
    else:
        nature_rule = "fixed"
    line = result.trajectory
    return TargetExplanation(
        result=result,
        plan=plan.meta,
        printed_name=printed_name,
        rule=rule,
        comparison=comparison,
        milestone=None if line is None else _milestone(line, result, target.kind),
        progress=None if line is None or result.progress is None else _progress(line, result.progress, result),
        nature_rule=nature_rule,
        due=year >= target.year,
        in_unit=_in_unit(target, row.indicator.unit),
    )


def _in_unit(target: Target, unit: str) -> str | None:
    """A threshold's or range's figures in the indicator's unit, when the target is written in another one (the
    engine converts them with the same function, checker.engine.rules.number)."""
    if not target.unit or target.unit == unit or target.kind not in (TargetKind.THRESHOLD, TargetKind.RANGE):
        return None
    figures = (target.value,) if target.kind is TargetKind.THRESHOLD else (target.low, target.high)
    return "–".join(format_number(convert(f, target.unit, unit)) for f in figures if isinstance(f, Decimal))


def _decision(result: TargetResult, message: str) -> tuple[Rule, Comparison | None]:
    """Which rule decided, from the engine's message code, and the comparison it made, from its figures."""
    if result.reason is Reason.MISSING_VALUE:
        return "missing_value", None
    if not isinstance(message, Message):
        return "engine", None
    code, params = message.code, message.params
    rule = _RULES.get(code, "engine")
    shown = params.get("shown")  # figures without the units the engine's sentence gives them: the heading has it
    shown_text = plain_figure(shown) if isinstance(shown, str) else str(shown)
    if rule in ("on_track", "behind_schedule"):
        op = str(params["op"])
        holds = rule == "on_track"
        figure = plain_figure(str(params["milestone"]))
        return rule, Comparison(shown_text, op if holds else _NEGATED[op], figure, "milestone", holds)
    if rule == "bound":
        op = str(params["op"])
        return rule, Comparison(shown_text, _NEGATED[op], plain_figure(str(params["bound"])), "bound", False)
    goal = params.get("goal")
    if rule in ("met", "missed"):
        if not (isinstance(goal, Message) and goal.code == "goal.op"):
            return "engine", None
        op = str(goal.params["op"])
        unit = result.target.unit if result.target is not None else None  # a target in 万人次 for a 人次 figure
        figure = plain_figure(str(goal.params["value"])) + (f" {unit}" if unit else "")
        holds = rule == "met"
        return rule, Comparison(shown_text, op if holds else _NEGATED[op], figure, "target", holds)
    return rule, None


def _figure(value: Number) -> str:
    """A figure in a formula: as written, a derived one exactly (4/3 when it has no finite decimal form), a negative
    one with a true minus sign."""
    if isinstance(value, Fraction) and not is_terminating(value):
        text = f"{value.numerator}/{value.denominator}"
    else:
        text = format_number(value)
    return MINUS + text[1:] if text.startswith("-") else text


def _operand(value: Number) -> str:
    """A figure after an operator: a negative one in brackets, 3 − (−0.5)."""
    text = _figure(value)
    return f"({text})" if text.startswith(MINUS) or "/" in text else text


def _result_text(value: Fraction) -> str:
    """``= 4.442``, or ``= 4/3 ≈ 1.3333`` for a figure with no finite decimal form."""
    if is_terminating(value):
        return f"= {_figure(value)}"
    return f"= {_figure(value)} ≈ {_figure(Fraction(round(value, 4)))}"


def exact_text(value: Fraction) -> str:
    """A derived figure exactly: its finite decimal form, else the fraction and its rounded value (4/3 ≈ 1.3333)."""
    return _result_text(value).removeprefix("= ")


def _milestone(line: Trajectory, result: TargetResult, kind: TargetKind) -> MilestoneStep:
    m = exact_text(line.milestone)
    absolute = exact_text(result.milestone) if kind is TargetKind.CHANGE and result.milestone is not None else None
    if line.year >= line.target_year:
        return MilestoneStep(line, "target_year", f"t {_result_text(line.milestone)}", None, m, absolute)
    if line.year <= line.baseline_year or line.target_year <= line.baseline_year:
        return MilestoneStep(line, "baseline_year", f"b {_result_text(line.milestone)}", None, m, absolute)
    b, t, b_ = _figure(line.baseline), _figure(line.target), _operand(line.baseline)
    y, y0, end = line.year, line.baseline_year, line.target_year
    formula = f"{b} + ({t} {MINUS} {b_}) × {y - y0}/{end - y0} {_result_text(line.milestone)}"
    substituted = f"{b} + ({t} {MINUS} {b_}) × ({y} {MINUS} {y0})/({end} {MINUS} {y0})"
    return MilestoneStep(line, "interpolated", formula, substituted, m, absolute)


def _progress(line: Trajectory, ratio: Fraction, result: TargetResult) -> ProgressStep:
    v, m, b_ = _figure(line.value), _figure(line.milestone), _operand(line.baseline)
    equals = f"= {_figure(ratio)}" if is_terminating(ratio) else f"≈ {_figure(Fraction(round(ratio, 4)))}"
    formula = f"({v} {MINUS} {b_}) / ({m} {MINUS} {b_}) {equals}"
    return ProgressStep(formula, ratio, result.progress_class)


__all__ = [
    "EXPLAIN_SCHEMA_VERSION",
    "MILESTONE_FORMULA",
    "PROGRESS_FORMULA",
    "Comparison",
    "Explanation",
    "MilestoneStep",
    "ProgressStep",
    "TargetExplanation",
    "ValueSource",
    "exact_text",
    "explain_data",
]
