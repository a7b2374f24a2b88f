"""Reported values: load a district's file for a year, check it against the plan, convert units.

A key may name a plan indicator (id, catalogue name, alias, printed name), a project (id or name), or any
catalogue indicator the plan does not list (shown as information, and checked against higher-level floors).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker.errors import InputError, Problem, UsageError
from checker.loading import IndicatorIndex, LoadedPlan, PlanRegistry, did_you_mean, validate
from checker.models import NO, STATUSES, YES, DataFile, Indicator, TargetKind
from checker.numbers import to_decimal
from checker.resources import bundled_dir, display_path
from checker.units import UnitError, convert
from checker.yamlio import load_yaml_file

Value = Decimal | str | bool


@dataclass(frozen=True)
class ReportedValues:
    """A district's values for one year, keyed by indicator or project id, with their provenance."""

    path: str
    data: DataFile
    values: dict[str, Value | None]
    sources: dict[str, str | None]
    notes: dict[str, str | None]
    verified: dict[str, bool | None]


def _expected_type(plan: LoadedPlan, key_id: str) -> str:
    """'status' for projects, 'flag' for deliverables, else 'number'."""
    targets = plan.entries[key_id].targets if key_id in plan.entries else ()
    if key_id in plan.projects:
        targets = plan.projects[key_id].targets
        if not targets or any(t.kind is TargetKind.MILESTONE for t in targets):
            return "status"
    if targets and all(t.kind is TargetKind.DELIVERABLE for t in targets):
        return "flag"
    return "number"


def _key_lookup(plan: LoadedPlan, index: IndicatorIndex) -> dict[str, str]:
    """Every name a data file may use, mapped to an indicator or project id; plan names win."""
    lookup: dict[str, str] = {}
    for entry in plan.plan.indicators:
        ind = index.get(entry.indicator)
        assert ind is not None  # checked by load_plan
        for name in (ind.id, ind.name, *ind.aliases, entry.printed_name):
            lookup.setdefault(name, ind.id)
    for project in plan.plan.projects:
        lookup.setdefault(project.id, project.id)
        lookup.setdefault(project.name, project.id)
    for ind in index.catalogue.indicators:
        for name in (ind.id, ind.name, *ind.aliases):
            lookup.setdefault(name, ind.id)
    return lookup


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
            f"file is for district {data.district!r}, but {plan.id} ({plan.meta.name}) was asked for",
            "check the file's 'district' field",
        )

    lookup = _key_lookup(plan, index)
    values: dict[str, Value | None] = {}
    sources: dict[str, str | None] = {}
    notes: dict[str, str | None] = {}
    verified: dict[str, bool | None] = {}
    given_by: dict[str, str] = {}
    for key, raw in data.values.items():
        loc = ("values", key)
        key_id = lookup.get(key)
        if key_id is None:
            problem(
                loc,
                f"unknown indicator {key!r} for {plan.id}",
                did_you_mean(key, list(lookup)) or f"run 'check indicators {plan.id}' to list them",
                key=True,
            )
            continue
        if key_id in given_by:
            problem(
                loc,
                f"indicator '{key_id}' is given twice (also as {given_by[key_id]!r})",
                "give each indicator once",
                key=True,
            )
            continue
        given_by[key_id] = key
        try:
            values[key_id], sources[key_id], notes[key_id], verified[key_id] = _parse_entry(
                raw, _expected_type(plan, key_id), index.get(key_id)
            )
        except ValueError as exc:
            problem(loc, f"{key}: {exc}", "write a number, or {value: 3.41, unit: ..., source: ...}")
        except UnitError as exc:
            problem(loc, f"{key}: {exc.message}", exc.hint)
    if problems:
        raise InputError(problems)
    for key_id in verified:
        if verified[key_id] is None:
            verified[key_id] = data.verified
    return ReportedValues(display_path(path), data, values, sources, notes, verified)


Parsed = tuple[Value | None, str | None, str | None, bool | None]
FIELDS = ("value", "unit", "source", "note", "verified")


def _parse_entry(raw: Any, expected: str, indicator: Indicator | None) -> Parsed:
    """(value, source, note, verified) of one entry; ValueError or UnitError says what is wrong."""
    source = note = unit = verified = None
    if isinstance(raw, dict):
        unknown = set(raw) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(sorted(map(str, unknown)))}; allowed: {', '.join(FIELDS)}")
        if "value" not in raw:
            raise ValueError("missing 'value'")
        verified = raw.get("verified")
        if verified is not None and not isinstance(verified, bool):
            raise ValueError("'verified' is true or false")
        unit, source, note, raw = raw.get("unit"), raw.get("source"), raw.get("note"), raw["value"]
    if raw is None:
        return (None, source, note, verified)
    if expected == "status":
        if raw not in STATUSES:
            raise ValueError(f"{raw!r} is not a project status; use one of {', '.join(STATUSES)}")
        return (raw, source, note, verified)
    if expected == "flag":
        text = str(raw).strip().lower()
        if text not in YES + NO:
            raise ValueError(f"{raw!r} is not done/not done; use true or false (是/否)")
        return (text in YES, source, note, verified)
    value = to_decimal(raw)
    if unit is not None and indicator is not None and unit != indicator.unit:
        value = convert(value, unit, indicator.unit)
    return (value, source, note, verified)


class DataStore:
    """Reported values on disk: a folder laid out as <year>/<district>.yaml, or one file. Loads each file once."""

    def __init__(self, registry: PlanRegistry, root: Path | None = None) -> None:
        self.registry = registry
        explicit = root is not None
        self.root = root if root is not None else default_data_dir()
        if explicit and not self.root.exists():
            raise UsageError(f"--data {self.root}: no such file or folder")
        self.single_file = self.root.is_file()
        self._cache: dict[tuple[str, int], ReportedValues | None] = {}

    def path_for(self, plan: LoadedPlan, year: int) -> Path | None:
        if self.single_file:
            return self.root
        for name in (f"{plan.id}.yaml", f"{plan.id}.yml"):
            candidate = self.root / str(year) / name
            if candidate.is_file():
                return candidate
        return None

    def expected_path(self, plan: LoadedPlan, year: int) -> str:
        return str(self.root) if self.single_file else str(self.root / str(year) / f"{plan.id}.yaml")

    def get(self, plan: LoadedPlan, year: int, primary: bool = True) -> ReportedValues | None:
        """The values for a district and year; a single --data file serves only the run's own district and year."""
        key = (plan.id, year)
        if key not in self._cache:
            if self.single_file and not primary:
                return None
            path = self.path_for(plan, year)
            self._cache[key] = None if path is None else load_data_file(path, plan, self.registry.index, year)
        return self._cache[key]

    def value(self, plan: LoadedPlan, year: int, indicator_id: str) -> Value | None:
        reported = self.get(plan, year, primary=False)
        return None if reported is None else reported.values.get(indicator_id)


def default_data_dir() -> Path:
    """./data when it exists (a user's own data), else the bundled data."""
    local = Path("data")
    return local if local.is_dir() else bundled_dir("data")
