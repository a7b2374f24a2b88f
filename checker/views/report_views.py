"""Views over evaluation results: a district × indicator summary, a district's trend over years, a report diff.

Data only: each function returns plain records (dicts, lists, strings, Decimals); checker/view_formats formats
them and checker/views_cli.py is the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from checker.domain.errors import UsageError
from checker.domain.models import Op, TargetKind
from checker.domain.numbers import fraction_text
from checker.domain.results import (
    REPORT_SCHEMA_VERSION,
    DistrictResult,
    IndicatorResult,
    RunResult,
    Status,
    TargetResult,
    count,
    value_data,
)
from checker.engine.run import RunRequest, run_check
from checker.inputs.data_store import DataStore
from checker.inputs.loading import PlanRegistry

# ----------------------------------------------------------------------------------------------------- summary


def _name(indicator: IndicatorResult, lang: str) -> str:
    return indicator.indicator.name_en if lang == "en" and indicator.indicator.name_en else indicator.indicator.name


def summary_data(run: RunResult, lang: str = "zh") -> dict[str, Any]:
    """The district × indicator matrix of verdicts: every row of each district's report (indicators, projects, and
    reported figures, which higher-level floors may judge). ``district_info`` gives each district's names, verdict
    and data file, for the header of a report.

    Indicators are ordered: those in two or more districts first, then by the number of districts failing, then
    warning (most first), then in the order they first appear. Each has its counts per verdict over the districts;
    ``district_counts`` counts each district's verdicts over the same rows.
    """
    districts = [d.plan.id for d in run.districts]
    rows: dict[str, dict[str, Any]] = {}
    for district in run.districts:
        for ind in district.indicators:
            row = rows.setdefault(
                ind.indicator.id,
                {"id": ind.indicator.id, "name": _name(ind, lang), "unit": ind.indicator.unit, "verdicts": {}},
            )
            row["verdicts"][district.plan.id] = ind.verdict.value
    order = {key: n for n, key in enumerate(rows)}
    for row in rows.values():
        row["counts"] = count([Status(v) for v in row["verdicts"].values()])

    def sort_key(row: dict[str, Any]) -> tuple[int, int, int, int]:
        many = len(row["verdicts"]) >= 2
        return (0 if many else 1, -row["counts"]["fail"], -row["counts"]["warn"], order[row["id"]])

    indicators = sorted(rows.values(), key=sort_key)
    district_counts = {
        d: count([Status(r["verdicts"][d]) for r in indicators if d in r["verdicts"]]) for d in districts
    }
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "year": run.year,
        "illustrative": run.illustrative,
        "districts": districts,
        "district_info": [_district_info(d) for d in run.districts],
        "indicators": indicators,
        "district_counts": district_counts,
    }


def run_notes(run: RunResult) -> dict[str, Any]:
    """What a run says besides its verdicts, for a summary: ``skipped``, the engine's sentences on the districts
    'all' left out (e.g. a plan period without data for the year), and ``notes``, each district's notes (e.g. a
    year outside its plan's period: only floors apply). The sentences are checker.domain.messages.Message objects, which
    the formats people read say in their language; JSON keeps the English.

    A key is given only when it has something: summary_data is also built by the columnar path (checker.engine.bulk),
    which gives neither, and the two must stay equal.
    """
    out: dict[str, Any] = {}
    if run.skipped:
        out["skipped"] = list(run.skipped)
    notes = {d.plan.id: list(d.notes) for d in run.districts if d.notes}
    if notes:
        out["notes"] = notes
    return out


def _district_info(d: DistrictResult) -> dict[str, Any]:
    """Who and where from: the header of a summary names each district and its data file."""
    return {
        "id": d.plan.id,
        "name": d.plan.name,
        "name_en": d.plan.name_en,
        "verdict": d.verdict.value,
        **_source(d),
    }


def _source(d: DistrictResult) -> dict[str, Any]:
    return {"data_path": d.data_path, "data_source": d.data_source, "illustrative": d.illustrative}


# ------------------------------------------------------------------------------------------------------- trend

IMPROVING = "improving"
STAGNATING = "stagnating"
WORSENING = "worsening"

TREND_RULE = """\
Direction of movement, per indicator, between consecutive evaluated years, for the indicator's own first threshold
target (the plan's own, not a higher level's floor; an indicator without one has no direction). With s = +1 for a
target of the form >= or > and -1 for <= or <, the movement is m = s·(value₂ − value₁), and a year's gap to the
trajectory is g = s·(value − milestone), using that year's 序时进度 milestone (no gap when the year has none, e.g. a
target already met, or a bound held since the baseline). Then: worsening when m < 0 (moving away from the target);
improving when m > 0 and the later year is on or ahead of the trajectory (g₂ ≥ 0, or no milestone) or has not lost
ground on it (g₂ ≥ g₁); stagnating otherwise (no movement, or moving towards the target but falling further behind
the trajectory). Values compared exactly."""


@dataclass(frozen=True)
class _Point:
    value: Fraction
    milestone: Fraction | None
    sign: int


def _own_threshold(ind: IndicatorResult) -> TargetResult | None:
    for t in ind.targets:
        target = t.target
        if (
            target is not None
            and not t.floor
            and target.kind is TargetKind.THRESHOLD
            and target.op in (Op.GE, Op.GT, Op.LE, Op.LT)
        ):
            return t
    return None


def _point(ind: IndicatorResult) -> _Point | None:
    t = _own_threshold(ind)
    if t is None or t.target is None or not isinstance(ind.value, Decimal) or isinstance(ind.value, bool):
        return None
    sign = 1 if t.target.op in (Op.GE, Op.GT) else -1
    return _Point(Fraction(ind.value), t.milestone, sign)


def direction(before: _Point | None, after: _Point | None) -> str | None:
    """improving / stagnating / worsening between two evaluated years (the rule: TREND_RULE)."""
    if before is None or after is None:
        return None
    sign = after.sign
    movement = sign * (after.value - before.value)
    if movement < 0:
        return WORSENING
    if movement == 0:
        return STAGNATING
    if after.milestone is None:
        return IMPROVING
    gap_after = sign * (after.value - after.milestone)
    if gap_after >= 0:
        return IMPROVING
    if before.milestone is not None and gap_after >= sign * (before.value - before.milestone):
        return IMPROVING
    return STAGNATING


def _value_text(value: Any) -> str | bool | None:
    return value_data(value)


def trend_data(
    registry: PlanRegistry, district: str, first: int, last: int, data: Any = None, lang: str = "zh"
) -> dict[str, Any]:
    """Each indicator's verdict and value year by year from ``first`` to ``last`` for one district.

    Years without a data file are listed with ``evaluated: false`` and every cell None (shown as "—"); it is an
    error only when no year in the range has data. ``direction`` of a year is its movement from the previous
    evaluated year (TREND_RULE); ``overall`` compares the first and the last evaluated year by the same rule.
    A year's ``milestone`` is the 序时进度 point that rule used (the line the HTML sparkline draws); ``sources``
    names each evaluated year's data file, for the header of a report, and ``notes`` the engine's notes on a year
    (e.g. one outside the plan's period), as checker.domain.messages.Message objects (see run_notes).
    """
    if first > last:
        raise UsageError(f"--from {first} is after --to {last}", "give --from no later than --to")
    plan = registry.resolve(district)
    store = DataStore(registry, data, [plan])
    years = list(range(first, last + 1))
    runs: dict[int, RunResult] = {}
    for year in years:
        if store.get(plan, year) is None:
            continue
        runs[year] = run_check(RunRequest(year=year, districts=(plan.id,), data=data), registry, store)
    if not runs:
        raise UsageError(
            f"{plan.id}: no data for any year from {first} to {last}",
            f"looked for {store.expected_path(plan, first)} and the other years' files",
        )
    rows: dict[str, dict[str, Any]] = {}
    points: dict[str, dict[int, _Point | None]] = {}
    for year, run in runs.items():
        for ind in run.districts[0].indicators:
            row = rows.setdefault(
                ind.indicator.id,
                {"id": ind.indicator.id, "name": _name(ind, lang), "unit": ind.indicator.unit, "years": {}},
            )
            point = _point(ind)
            row["years"][year] = {
                "verdict": ind.verdict.value,
                "value": _value_text(ind.value),
                "milestone": None if point is None else fraction_text(point.milestone),
                "direction": None,
            }
            points.setdefault(ind.indicator.id, {})[year] = point
    for key, row in rows.items():
        previous: _Point | None = None
        first_point: _Point | None = None
        for year in years:
            cell = row["years"].get(year)
            if cell is None:
                row["years"][year] = {"verdict": None, "value": None, "milestone": None, "direction": None}
                continue
            point = points[key].get(year)
            cell["direction"] = direction(previous, point)
            if point is not None:
                previous = point
                first_point = first_point or point
        row["overall"] = direction(first_point, previous) if first_point is not previous else None
        row["years"] = {str(y): row["years"][y] for y in years}
    any_run = next(iter(runs.values()))
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "district": plan.id,
        "name": plan.meta.name,
        "name_en": plan.meta.name_en,
        "from": first,
        "to": last,
        "years": years,
        "evaluated": sorted(runs),
        "illustrative": any(r.illustrative for r in runs.values()),
        "sources": {str(year): _source(run.districts[0]) for year, run in runs.items()},
        "notes": {str(year): list(run.districts[0].notes) for year, run in runs.items() if run.districts[0].notes},
        "rule": TREND_RULE,
        "indicators": list(rows.values()),
        "plan_period": [any_run.districts[0].plan.period.start, any_run.districts[0].plan.period.end],
    }


# -------------------------------------------------------------------------------------------------------- diff


class ReportError(UsageError):
    """A file given to diff is not a JSON report this checker can read."""


def check_report(data: Any, name: str) -> dict[str, Any]:
    """``data`` if it is a JSON report of the schema version this checker writes, else a ReportError."""
    if not isinstance(data, dict) or "schema_version" not in data or not isinstance(data.get("districts"), list):
        raise ReportError(f"{name} is not a JSON report", "make one with 'check --year YEAR DISTRICT --format json'")
    if data["schema_version"] != REPORT_SCHEMA_VERSION:
        raise ReportError(
            f"{name} is a report of schema version {data['schema_version']!r}; "
            f"this checker reads {REPORT_SCHEMA_VERSION}",
            "make both reports with this version of the checker",
        )
    return data


def _cite(source: dict[str, Any] | None) -> str:
    if not source:
        return "—"
    text = f"{source.get('document', '')} {source.get('section', '')}"
    if source.get("item"):
        text += f" {source['item']}"
    return text


def _decimal(text: Any) -> Decimal | None:
    if not isinstance(text, str):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _targets(report: dict[str, Any]) -> dict[tuple[str, str, str, str, int | None], dict[str, Any]]:
    """Every target row keyed by district, indicator id, source cite and target year (+ the plan when a floor).

    A second row with the same key in one report (e.g. a threshold and a maintain target from the same 节) gets
    ``#2``, ``#3`` … appended to its cite, in report order.
    """
    out: dict[tuple[str, str, str, str, int | None], dict[str, Any]] = {}
    for district in report["districts"]:
        for ind in district.get("indicators", []):
            for target in ind.get("targets", []):
                if target.get("source") is None:
                    continue  # a reported figure no target applies to
                cite = _cite(target["source"])
                if target.get("floor"):
                    cite = f"[{target.get('plan')}] {cite}"
                base = (district["district"], ind["id"], cite, target.get("target_year"))
                key = (base[0], base[1], "", base[2], base[3])
                n = 1
                while key in out:
                    n += 1
                    key = (base[0], base[1], f"#{n}", base[2], base[3])
                out[key] = {
                    "district": district["district"],
                    "indicator": ind["id"],
                    "name": ind.get("name"),
                    "source": cite + (f" {key[2]}" if key[2] else ""),
                    "target_year": target.get("target_year"),
                    "status": target.get("status"),
                    "reason": target.get("reason"),
                    "value": ind.get("value"),
                    "target": target.get("target"),
                }
    return out


def _rank(status: Any) -> int:
    try:
        return Status(status).rank
    except ValueError:
        return -1


def _same_value(a: Any, b: Any) -> bool:
    da, db = _decimal(a), _decimal(b)
    if da is not None and db is not None:
        return da == db
    return bool(a == b)


def diff_data(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """What changed from report A to report B, target by target.

    ``new``: failing in B and not failing (or absent) in A; ``resolved``: failing in A and not failing (or absent)
    in B; ``changed``: another status change (``worse`` tells its direction by Status order); ``added`` and
    ``removed``: targets only in B or only in A. ``worse`` overall: a new failure or a status worsening. Values
    are compared as Decimals, so "4.10" and "4.1" are the same.
    """
    ta, tb = _targets(a), _targets(b)
    new: list[dict[str, Any]] = []
    resolved: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    fail = Status.FAIL.value
    for key in sorted(set(ta) | set(tb), key=lambda k: tuple(str(x) for x in k)):
        old, cur = ta.get(key), tb.get(key)
        if old is not None and cur is not None:
            row = {**cur, "status_a": old["status"], "status_b": cur["status"], "value_a": old["value"]}
            row["value_b"] = cur["value"]
            row["value_changed"] = not _same_value(old["value"], cur["value"])
            row["worse"] = _rank(cur["status"]) > _rank(old["status"])
            if cur["status"] == fail and old["status"] != fail:
                new.append(row)
            elif old["status"] == fail and cur["status"] != fail:
                resolved.append(row)
            elif old["status"] != cur["status"]:
                changed.append(row)
        elif cur is not None and cur["status"] == fail:
            new.append({**cur, "status_a": None, "status_b": cur["status"], "worse": True})
        elif old is not None and old["status"] == fail:
            resolved.append({**old, "status_a": old["status"], "status_b": None, "worse": False})
    added = [tb[k] for k in tb if k not in ta]
    removed = [ta[k] for k in ta if k not in tb]
    worse = bool(new) or any(row["worse"] for row in changed)
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "a": {"year": a.get("year"), "illustrative": bool(a.get("illustrative"))},
        "b": {"year": b.get("year"), "illustrative": bool(b.get("illustrative"))},
        "illustrative": bool(a.get("illustrative")) or bool(b.get("illustrative")),
        "worse": worse,
        "new": new,
        "resolved": resolved,
        "changed": changed,
        "added": added,
        "removed": removed,
    }
