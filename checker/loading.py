"""Load and check the catalogue, plans and reported data, turning every problem into file:line:column."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from checker.errors import InputError, Problem, UsageError
from checker.models import Catalogue, DataFile, Indicator, Plan, PlanIndicator
from checker.numbers import to_decimal
from checker.resources import bundled_dir, display_path
from checker.yamlio import LoadedYaml, load_yaml_file

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], loaded: LoadedYaml) -> M:
    """Validate parsed YAML against a model, reporting every error at its position in the file."""
    if not isinstance(loaded.data, dict):
        raise InputError.single(loaded.path, "expected a mapping at the top of the file", 1, 1)
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            if err["type"] == "extra_forbidden":
                line, col = loaded.key_where(loc)
                message = f"unknown field '{loc[-1]}'"
            else:
                line, col = loaded.where(loc)
                where = ".".join(str(p) for p in loc)
                message = f"{where}: {err['msg']}" if where else err["msg"]
            problems.append(Problem(loaded.path, message, line, col))
        raise InputError(problems) from exc


class IndicatorIndex:
    """The catalogue, looked up by id."""

    def __init__(self, catalogue: Catalogue, path: str) -> None:
        self.catalogue = catalogue
        self.path = path
        self._by_id = {i.id: i for i in catalogue.indicators}

    def get(self, indicator_id: str) -> Indicator | None:
        return self._by_id.get(indicator_id)


def load_catalogue(path: Path | None = None) -> IndicatorIndex:
    path = path or bundled_dir("rules") / "indicators.yaml"
    loaded = load_yaml_file(path)
    catalogue = validate(Catalogue, loaded)
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for n, ind in enumerate(catalogue.indicators):
        for name in (ind.id, ind.name, *ind.aliases):
            if name in seen and seen[name] != ind.id:
                line, col = loaded.where(("indicators", n))
                problems.append(
                    Problem(
                        str(path),
                        f"name {name!r} is used by both '{seen[name]}' and '{ind.id}'",
                        line,
                        col,
                        "each id, name and alias must name one indicator",
                    )
                )
            seen[name] = ind.id
    if problems:
        raise InputError(problems)
    return IndicatorIndex(catalogue, str(path))


@dataclass(frozen=True)
class LoadedPlan:
    plan: Plan
    path: str
    loaded: LoadedYaml

    @property
    def id(self) -> str:
        return self.plan.plan.id

    def names(self) -> tuple[str, ...]:
        """Every way a user may name the district: id, Chinese name, name without 区/县, aliases."""
        meta = self.plan.plan
        short = meta.name[:-1] if meta.name.endswith(("区", "县")) and len(meta.name) > 2 else meta.name
        return (meta.id, meta.name, short, *meta.aliases)


def load_plan(path: Path, index: IndicatorIndex) -> LoadedPlan:
    loaded = load_yaml_file(path)
    plan = validate(Plan, loaded)
    problems = []
    seen: dict[str, int] = {}
    for n, entry in enumerate(plan.indicators):
        if index.get(entry.indicator) is None:
            line, col = loaded.where(("indicators", n, "indicator"))
            problems.append(
                Problem(
                    str(path),
                    f"indicator '{entry.indicator}' is not in the catalogue",
                    line,
                    col,
                    _did_you_mean(entry.indicator, [i.id for i in index.catalogue.indicators])
                    or f"add it to {index.path}",
                )
            )
        if entry.indicator in seen:
            line, col = loaded.where(("indicators", n, "indicator"))
            problems.append(
                Problem(
                    str(path),
                    f"indicator '{entry.indicator}' is listed twice (also entry {seen[entry.indicator] + 1})",
                    line,
                    col,
                    "put all its targets under one entry",
                )
            )
        seen[entry.indicator] = n
    if problems:
        raise InputError(problems)
    return LoadedPlan(plan, str(path), loaded)


class PlanRegistry:
    """Every plan in a folder, resolvable by any of a district's names."""

    def __init__(self, plans: list[LoadedPlan], index: IndicatorIndex) -> None:
        self.plans = sorted(plans, key=lambda p: p.id)
        self.index = index

    @classmethod
    def load(cls, plans_dir: Path | None = None, catalogue: Path | None = None) -> PlanRegistry:
        index = load_catalogue(catalogue)
        plans_dir = plans_dir or bundled_dir("plans")
        plans = [load_plan(p, index) for p in sorted(plans_dir.glob("*.yaml"))]
        ids: dict[str, str] = {}
        for p in plans:
            if p.id in ids:
                raise InputError.single(p.path, f"plan id '{p.id}' is also used by {ids[p.id]}")
            ids[p.id] = p.path
        return cls(plans, index)

    def resolve(self, name: str) -> LoadedPlan:
        for plan in self.plans:
            if name in plan.names() or name.lower() == plan.id:
                return plan
        known = ", ".join(f"{p.id} ({p.plan.plan.name})" for p in self.plans)
        all_names = [n for p in self.plans for n in p.names()]
        hint = _did_you_mean(name, all_names)
        raise UsageError(f"unknown district {name!r}; known: {known}", hint)


def _did_you_mean(name: str, candidates: list[str]) -> str | None:
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.5)
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else None


@dataclass(frozen=True)
class ReportedValues:
    """A district's values for one year, keyed by indicator id, with their provenance."""

    path: str
    data: DataFile
    values: dict[str, Decimal | None]
    sources: dict[str, str | None]
    notes: dict[str, str | None]


def load_data_file(path: Path, plan: LoadedPlan, index: IndicatorIndex, year: int) -> ReportedValues:
    """Load one data file and check that it belongs to ``plan`` and ``year`` and names known indicators."""
    loaded = load_yaml_file(path)
    data = validate(DataFile, loaded)
    problems: list[Problem] = []

    def problem(loc: tuple[Any, ...], message: str, hint: str | None = None, key: bool = False) -> None:
        line, col = loaded.key_where(loc) if key else loaded.where(loc)
        problems.append(Problem(str(path), message, line, col, hint))

    if data.year != year:
        problem(
            ("year",),
            f"file is for year {data.year}, but year {year} was asked for",
            "check the file's 'year' or the --year option",
        )
    if data.district not in plan.names():
        problem(
            ("district",),
            f"file is for district {data.district!r}, but {plan.id} ({plan.plan.plan.name}) was asked for",
            "check the file's 'district' field",
        )

    lookup = _entry_lookup(plan, index)
    values: dict[str, Decimal | None] = {}
    sources: dict[str, str | None] = {}
    notes: dict[str, str | None] = {}
    given_by: dict[str, str] = {}
    for key, raw in data.values.items():
        loc = ("values", key)
        entry = lookup.get(key)
        if entry is None:
            problem(
                loc,
                f"unknown indicator {key!r} for {plan.id}",
                _did_you_mean(key, list(lookup)) or f"run 'check indicators {plan.id}' to list them",
                key=True,
            )
            continue
        ind_id = entry.indicator
        if ind_id in given_by:
            problem(
                loc,
                f"indicator '{ind_id}' is given twice (also as {given_by[ind_id]!r})",
                "give each indicator once",
                key=True,
            )
            continue
        given_by[ind_id] = key
        parsed = _parse_value(raw, index.get(ind_id), entry)  # type: ignore[arg-type]
        if isinstance(parsed, str):
            problem(loc, f"{key}: {parsed}", "write a number, or {value: 3.41, unit: ..., source: ...}")
            continue
        values[ind_id], sources[ind_id], notes[ind_id] = parsed
    if problems:
        raise InputError(problems)
    return ReportedValues(display_path(path), data, values, sources, notes)


def _entry_lookup(plan: LoadedPlan, index: IndicatorIndex) -> dict[str, PlanIndicator]:
    lookup: dict[str, PlanIndicator] = {}
    for entry in plan.plan.indicators:
        ind = index.get(entry.indicator)
        assert ind is not None  # checked by load_plan
        for name in (ind.id, ind.name, *ind.aliases, entry.printed_name):
            lookup.setdefault(name, entry)
    return lookup


def _parse_value(raw: Any, ind: Indicator, entry: PlanIndicator) -> tuple[Decimal | None, str | None, str | None] | str:
    """(value, source, note) or an error message."""
    source = note = None
    if isinstance(raw, dict):
        unknown = set(raw) - {"value", "unit", "source", "note"}
        if unknown:
            return f"unknown field(s) {', '.join(sorted(map(str, unknown)))}; allowed: value, unit, source, note"
        if "value" not in raw:
            return "missing 'value'"
        unit = raw.get("unit")
        if unit is not None and unit != ind.unit:
            return f"unit {unit!r} does not match the indicator's unit {ind.unit!r}"
        source, note, raw = raw.get("source"), raw.get("note"), raw["value"]
    if raw is None:
        return (None, source, note)
    try:
        return (to_decimal(raw), source, note)
    except ValueError as exc:
        return str(exc)


def find_data_file(data: Path, plan: LoadedPlan, year: int) -> Path | None:
    """The data file for a district and year under a data folder laid out as <year>/<district>.yaml."""
    folder = data / str(year)
    for name in (f"{plan.id}.yaml", f"{plan.id}.yml"):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def default_data_dir() -> Path:
    """./data when it exists (a user's own data), else the bundled data."""
    local = Path("data")
    return local if local.is_dir() else bundled_dir("data")
