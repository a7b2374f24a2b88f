"""Reported values: load a district's file for a year, check it against the plan, convert units.

A key may name a plan indicator (id, catalogue name, alias, printed name), a project (id or name), or any
catalogue indicator the plan does not list (shown as information, and checked against higher-level floors).
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from checker.domain.errors import InputError, Problem, UsageError
from checker.domain.models import DELIVERABLE_FLAGS, STATUSES, DataFile, Indicator, TargetKind, Value
from checker.domain.numbers import format_number, to_decimal
from checker.domain.plausibility import Reference, doubt, off_by_power_of_ten
from checker.domain.uncertainty import Counts, agrees, counts_problem, ratio, scale_of
from checker.domain.units import UnitError, convert
from checker.inputs import cache
from checker.inputs.data_folder import holds_data, is_year_folder, scan
from checker.inputs.loading import IndicatorIndex, LoadedPlan, PlanRegistry, did_you_mean, validate
from checker.inputs.readers import SUFFIXES, ReadResult, read_data_file
from checker.inputs.regular_files import require_regular_file
from checker.inputs.resources import bundled_dir, display_path, schema_path
from checker.inputs.yaml_document import LoadedYaml

if TYPE_CHECKING:  # jsonschema is imported when a document is checked, not when the CLI starts
    from jsonschema import Draft202012Validator, ValidationError


@dataclass(frozen=True)
class ReportedValues:
    """A district's values for one year, keyed by indicator or project id, with their provenance."""

    path: str
    data: DataFile
    values: dict[str, Value | None]
    sources: dict[str, str | None]
    notes: dict[str, str | None]
    verified: dict[str, bool | None]
    positions: dict[str, tuple[int | None, int | None]]  # where each value stands in its file
    file: str  # the file's real path (``path`` is for display)
    confirmed: dict[str, str] = field(default_factory=dict)  # the submitter's reason an unusual figure is right
    counts: dict[str, Counts] = field(default_factory=dict)  # a rate's or share's numerator and denominator


_FIELD, _RECORD = "\x1f", "\x1e"  # unit and record separators: no id, status or number holds them
_KINDS: dict[type, str] = {Decimal: "d", str: "s", bool: "b"}


@dataclass(frozen=True, slots=True)
class HeldValues:
    """A district-year's figures as ``check validate`` keeps them for the checks across files and years (the same
    district-year in two files, a figure against last year's): each value with where it stands and whether it is
    confirmed, in one string. A national table holds millions of figures; held as ReportedValues (a Decimal, a
    position and a dict slot each) they would be most of the memory, and the table's size in this form is a
    fraction of the file's. Anything the string cannot hold plainly is kept as it is."""

    path: str
    file: str
    district: str
    year: int
    packed: str | None
    whole: ReportedValues | None = None

    @classmethod
    def of(cls, reported: ReportedValues) -> HeldValues:
        """``reported`` held compactly: only what unpack gives back is kept (sources and notes are not needed)."""
        records = []
        for key, value in reported.values.items():
            kind = "n" if value is None else _KINDS.get(type(value))
            text = "" if value is None else str(value)
            line, column = reported.positions.get(key, (None, None))
            if kind is None or any(sep in key + text for sep in (_FIELD, _RECORD)):
                return cls(reported.path, reported.file, reported.data.district, reported.data.year, None, reported)
            flag = "c" if key in reported.confirmed else ""
            records.append(_FIELD.join((key, kind, text, str(line or ""), str(column or ""), flag)))
        data = reported.data
        return cls(reported.path, reported.file, data.district, data.year, _RECORD.join(records))

    def unpack(self) -> ReportedValues:
        """The values, their positions and confirmations back as ReportedValues (sources, notes and verified flags
        empty), for merge_reported and against_last_year."""
        if self.whole is not None:
            return self.whole
        data = DataFile.model_construct(district=self.district, year=self.year, illustrative=False, values={})
        reported = ReportedValues(self.path, data, {}, {}, {}, {}, {}, self.file)
        for record in self.packed.split(_RECORD) if self.packed else ():
            key, kind, text, line, column, flag = record.split(_FIELD)
            value: Value | None = None
            if kind == "d":
                value = Decimal(text)
            elif kind == "s":
                value = text
            elif kind == "b":
                value = text == "True"
            reported.values[key] = value
            reported.positions[key] = (int(line) if line else None, int(column) if column else None)
            if flag:
                reported.confirmed[key] = ""
        return reported


def expected_type(plan: LoadedPlan, key_id: str) -> str:
    """What a value must be: 'status' for projects, 'flag' for deliverables, else 'number'."""
    targets = plan.entries[key_id].targets if key_id in plan.entries else ()
    if key_id in plan.projects:
        targets = plan.projects[key_id].targets
        if not targets or any(t.kind is TargetKind.MILESTONE for t in targets):
            return "status"
    if targets and all(t.kind is TargetKind.DELIVERABLE for t in targets):
        return "flag"
    return "number"


@functools.lru_cache(maxsize=8)
def _key_lookup(plan: LoadedPlan, index: IndicatorIndex) -> dict[str, str]:
    """Every name a data file may use, mapped to an indicator or project id; plan names win. The same for each of
    a district's years (read only: a run over every county asks 5,688 times)."""
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
    for name, key_id in list(lookup.items()):
        lookup.setdefault(_fold(name), key_id)
    return lookup


MAX_PROBLEMS = 1000  # per district-year: past it, a note that more were not shown
MAX_SUGGESTIONS = 50  # unknown names given a did-you-mean; the rest the hint to list the indicators


def check_document(
    loaded: LoadedYaml,
    registry: PlanRegistry,
    plan: LoadedPlan | None = None,
    year: int | None = None,
    previous: Mapping[str, Value | None] | None = None,
) -> tuple[ReportedValues | None, list[Problem]]:
    """Check one document of reported values; every problem in it is returned, none raised.

    With ``plan`` and ``year`` the document must be that district's and year's; without, its district is looked
    up among the plans. Every figure must be plausible for its indicator (checker.domain.plausibility) against
    the plan's baseline and target figures and, when the caller has them, ``previous``: last year's values by
    indicator id. An implausible figure is an error unless its entry confirms it with a reason.
    """
    path = loaded.path
    structure = schema_problems(loaded)
    if structure:
        return None, structure
    try:
        data = validate(DataFile, loaded)
    except InputError as exc:
        return None, exc.problems
    problems: list[Problem] = []

    def problem(loc: tuple[Any, ...], message: str, hint: str | None = None, key: bool = False) -> None:
        line, col = loaded.key_where(loc) if key else loaded.where(loc)
        problems.append(Problem(path, message, line, col, hint))

    if plan is None:
        try:
            plan = registry.resolve(data.district)
        except UsageError as exc:
            problem(("district",), f"unknown district {data.district!r}", exc.hint or "see 'check districts'")
            return None, problems
    elif data.district not in plan.names():
        problem(
            ("district",),
            f"file is for district {data.district!r}, but {plan.id} ({plan.meta.name}) was asked for",
            "check the file's 'district' field",
        )
    if year is not None and data.year != year:
        problem(
            ("year",),
            f"file is for year {data.year}, but year {year} was asked for",
            "check the file's 'year' or the --year option",
        )

    index = registry.index
    lookup = _key_lookup(plan, index)
    values: dict[str, Value | None] = {}
    sources: dict[str, str | None] = {}
    notes: dict[str, str | None] = {}
    verified: dict[str, bool | None] = {}
    positions: dict[str, tuple[int | None, int | None]] = {}
    confirmed: dict[str, str] = {}
    counts: dict[str, Counts] = {}
    given_by: dict[str, str] = {}
    unknown = 0
    for key, raw in data.values.items():
        if len(problems) >= MAX_PROBLEMS:  # a file wrong throughout: the first ones say what to fix, fast
            line, col = loaded.where(("values",))
            problems.append(
                Problem(path, f"more problems not shown: the first {MAX_PROBLEMS} are", line, col, "fix these first")
            )
            break
        loc = ("values", key)
        key_id = lookup.get(key) or lookup.get(_fold(key))
        if key_id is None:
            unknown += 1
            close = did_you_mean(key, list(lookup), lookup) if unknown <= MAX_SUGGESTIONS else None  # difflib is slow
            problem(
                loc,
                f"unknown indicator {key!r} for {plan.id}",
                close or f"run 'check indicators {plan.id}' to list them",
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
        indicator = index.get(key_id)
        try:
            parsed = _parse_entry(raw, expected_type(plan, key_id), indicator)
            given = _entry_counts(raw, expected_type(plan, key_id), indicator)
        except CountsError as exc:
            problem((*loc, exc.field) if isinstance(raw, dict) else loc, f"{key}: {exc}", exc.hint)
            continue
        except ValueError as exc:
            problem(loc, f"{key}: {exc}", _entry_hint(raw, expected_type(plan, key_id), path))
            continue
        except UnitError as exc:
            problem(loc, f"{key}: {exc.message}", exc.hint)
            continue
        value, source, note, flag, confirmation = parsed
        value_loc = (*loc, "value") if isinstance(raw, dict) else loc
        found = None
        if isinstance(value, Decimal) and indicator is not None:
            found = doubt(value, indicator, _references(plan, indicator, data.year, previous))
        if found is not None and not (found.confirmable and confirmation):
            problem(value_loc, f"{key}: {found.message}", _doubt_hint(found.value, found.confirmable, path))
            continue
        values[key_id], sources[key_id], notes[key_id], verified[key_id] = value, source, note, flag
        if confirmation:
            confirmed[key_id] = confirmation
        if given is not None:
            counts[key_id] = given
        if verified[key_id] is None:
            verified[key_id] = data.verified
        positions[key_id] = loaded.where(loc)
    if problems:
        return None, problems
    shown = display_path(Path(path))
    return ReportedValues(shown, data, values, sources, notes, verified, positions, path, confirmed, counts), []


def against_last_year(
    current: ReportedValues, last: ReportedValues, plan: LoadedPlan, registry: PlanRegistry
) -> list[Problem]:
    """A figure a power of ten off last year's, where the plan's own figures raised no doubt (check_document has
    held it against those): 0.85 after 85. Run by validate over the files it checks together and by a run over the
    years it reads, so both say the same; a confirmed figure is accepted. At the figure's place in its file."""
    problems = []
    for key, value in current.values.items():
        before = last.values.get(key)
        indicator = registry.index.get(key)
        if not isinstance(value, Decimal) or not isinstance(before, Decimal) or indicator is None:
            continue
        if key in current.confirmed or indicator.signed:
            continue
        own = _references(plan, indicator, current.data.year, None)
        with_last = _references(plan, indicator, current.data.year, {key: before})
        if off_by_power_of_ten(value, indicator.unit, own) is not None:
            continue  # already reported by check_document (or confirmed there)
        found = off_by_power_of_ten(value, indicator.unit, with_last)
        if found is not None:
            line, column = current.positions.get(key, (None, None))
            hint = _doubt_hint(found.value, found.confirmable, current.file)
            problems.append(Problem(current.file, f"{key}: {found.message}", line, column, hint))
    return problems


def _references(
    plan: LoadedPlan, indicator: Indicator, year: int, previous: Mapping[str, Value | None] | None
) -> list[Reference]:
    """The figures a reported value is held against: the plan's baseline, its threshold and range figures (in
    the indicator's unit), and last year's value when known. A change target's figure is a difference, not a
    level, and is left out."""
    found: list[Reference] = []
    entry = plan.entries.get(indicator.id)
    if entry is not None:
        if entry.baseline is not None:
            found.append(Reference(entry.baseline.value, "baseline", entry.baseline.year))
        for target in entry.targets:
            if target.kind is TargetKind.THRESHOLD and isinstance(target.value, Decimal):
                figures = [target.value]
            elif target.kind is TargetKind.RANGE and target.low is not None and target.high is not None:
                figures = [target.low, target.high]
            else:
                continue
            try:
                found += [
                    Reference(convert(f, target.unit or indicator.unit, indicator.unit), "target", target.year)
                    for f in figures
                ]
            except UnitError:
                continue  # check lint reports a target unit that does not convert
    last = previous.get(indicator.id) if previous is not None else None
    if isinstance(last, Decimal):
        found.append(Reference(last, "previous", year - 1))
    return found


_DECIMAL_COMMA = re.compile(r"^\s*[+-]?\d+,\d+\s*$")


def _entry_hint(raw: Any, expected: str, path: str) -> str:
    """How to write a value that could not be read, for what the entry needs and the file's format: a decimal
    comma gets the figure written with a point; a table is never told of the YAML {value: …} form."""
    value = raw.get("value") if isinstance(raw, dict) else raw
    table = Path(path).suffix.lower() in (".csv", ".xlsx")
    if expected == "status":
        return f"write one of: {', '.join(STATUSES)}"
    if expected == "flag":
        return "write true or false (是 or 否)"
    if isinstance(value, str) and _DECIMAL_COMMA.match(value) and not _NUMBER_WITH_THOUSANDS.match(value.strip()):
        return f"use a decimal point: {value.strip().replace(',', '.')}"
    if table:
        return "write a number in the value cell (a unit may follow it: 48.5%), or leave it blank if not known"
    if isinstance(raw, dict):
        return "write the figure as a number: {value: 3.41, unit: ..., source: ...}"
    return "write a number, or {value: 3.41, unit: ..., source: ...}"


_NUMBER_WITH_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")


def _doubt_hint(value: Decimal, confirmable: bool, path: str) -> str:
    """How to answer a doubt: correct the figure, or say why it is right, in the words of the file's format."""
    if not confirmable:
        return "check the figure and its unit"
    if Path(path).suffix.lower() in (".csv", ".xlsx"):
        return (
            "correct the figure, or give the reason it is right in the row's 'confirmed' (已确认说明) column "
            "(in a wide table: 'indicator: reason')"
        )
    return f'correct the figure, or confirm it with the reason it is right: {{value: {value}, confirmed: "…"}}'


@functools.cache
def _data_schema() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    schema = json.loads(schema_path("data.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


_TOP_FIELDS = frozenset({"district", "year", "illustrative", "verified", "source", "note", "values"})
_REQUIRED = frozenset({"district", "year", "illustrative", "values"})
_ENTRY_FIELDS = frozenset({"value", "unit", "source", "note", "verified"})


def plainly_valid(data: Any) -> bool:
    """True only for a document that certainly satisfies data.schema.json: the plain shape nearly every file has.

    Why: walking the schema with jsonschema is most of the time of a batch validation. A False here proves nothing;
    the schema then decides and words the errors. Kept sound (True implies valid) by a property test against the
    schema itself (tests/unit/test_data_files.py).
    """
    if type(data) is not dict or not data.keys() <= _TOP_FIELDS or not data.keys() >= _REQUIRED:
        return False
    district, year, values = data["district"], data["year"], data["values"]
    if type(district) is not str or not district or type(year) is not int or not 1949 <= year <= 2100:
        return False
    if type(data["illustrative"]) is not bool or not _optional(data, "verified", bool):
        return False
    if not (_optional(data, "source", str) and _optional(data, "note", str)) or type(values) is not dict:
        return False
    for key, entry in values.items():
        if type(key) is not str:
            return False
        if _scalar(entry):
            continue
        if type(entry) is not dict or "value" not in entry or not entry.keys() <= _ENTRY_FIELDS:
            return False
        if not _scalar(entry["value"]) or ("unit" in entry and type(entry["unit"]) is not str):
            return False
        if not (
            _optional(entry, "source", str) and _optional(entry, "note", str) and _optional(entry, "verified", bool)
        ):
            return False
    return True


def _scalar(value: Any) -> bool:
    return value is None or type(value) in (str, bool, int, Decimal)


def _optional(mapping: dict[str, Any], key: str, kind: type) -> bool:
    return key not in mapping or mapping[key] is None or type(mapping[key]) is kind


def schema_problems(loaded: LoadedYaml) -> list[Problem]:
    """Every structural error against the published data schema, each at its position in the file."""
    if plainly_valid(loaded.data):
        return []
    problems = []
    for error in sorted(_data_schema().iter_errors(loaded.data), key=lambda e: list(map(str, e.absolute_path))):
        errors = [error]
        if error.validator == "oneOf" and isinstance(error.instance, dict):
            # a {value: …} entry: say what is wrong inside it rather than that no alternative matched
            errors = [e for e in error.context or () if e.schema_path and e.schema_path[0] == 1] or errors
        last = errors[-1]
        loc = tuple(last.absolute_path)
        line, col = loaded.where(loc)
        if last.validator == "additionalProperties":  # point at the first unknown key itself
            known = set(last.schema.get("properties", {})) if isinstance(last.schema, dict) else set()
            extra = sorted(str(k) for k in set(last.instance) - known)
            line, col = loaded.key_where((*loc, extra[0])) if extra else (line, col)
        where = ".".join(map(str, loc))
        message = "; ".join(_describe(e) for e in errors)
        hint = "see 'check schema data' for the file format"
        problems.append(Problem(loaded.path, f"{where + ': ' if where else ''}{message}", line, col, hint))
    return problems


_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}


def _describe(error: ValidationError) -> str:
    """A schema error in the words of the file format."""
    kind = error.validator
    instance: Any = error.instance
    expected: Any = error.validator_value
    schema: Any = error.schema
    if kind == "required":
        missing = [f for f in expected if f not in instance]
        return f"missing required field {', '.join(repr(f) for f in missing)}"
    if kind == "additionalProperties":
        allowed = [str(k) for k in schema.get("properties", {})]
        extra = sorted(str(k) for k in set(instance) - set(allowed))
        return f"unknown field {', '.join(repr(f) for f in extra)}; allowed: {', '.join(allowed)}"
    if kind == "type":
        wanted = [str(w) for w in (expected if isinstance(expected, list) else [expected])]
        if not error.absolute_path and "object" in wanted:
            return "expected a mapping at the top of the file (district, year, illustrative, values)"
        return f"{_shown(instance)} is not {' or '.join(_TYPE_NAMES.get(w, w) for w in wanted)}"
    if kind == "oneOf":
        return f"{_shown(instance)} is not a number, a project status, true/false, null, or {{value: …}}"
    if kind in ("minLength", "pattern") and list(error.absolute_path)[-1:] == ["confirmed"]:
        return "blank; give the reason the figure is right"
    return str(error.message)


def _shown(instance: Any) -> str:
    return repr(instance) if not isinstance(instance, Decimal) else str(instance)


@functools.lru_cache(maxsize=65536)
def _fold(name: str) -> str:
    """Full-width brackets and digits folded, as office software often types them."""
    return unicodedata.normalize("NFKC", name)


def load_data_file(path: Path, plan: LoadedPlan, registry: PlanRegistry, year: int) -> ReportedValues:
    """The values for ``plan`` and ``year`` in a data file of any format; every problem raises one InputError."""
    return values_for(read_data_file(path), plan, registry, year)


def values_for(read: ReadResult, plan: LoadedPlan, registry: PlanRegistry, year: int) -> ReportedValues:
    """The values for ``plan`` and ``year`` among the documents read from one file."""
    if read.problems:
        raise InputError(read.problems)
    return values_of(read.documents, plan, registry, year)


def values_of(documents: list[LoadedYaml], plan: LoadedPlan, registry: PlanRegistry, year: int) -> ReportedValues:
    """The values for ``plan`` and ``year`` among some documents of one file."""
    if len(documents) > 1:  # a table with several district-years: this one's, under any of its names
        documents = [d for d in documents if _belongs(d, plan, year)] or documents[:1]
    checked = []
    for document in documents:
        reported, problems = check_document(document, registry, plan, year)
        if problems:
            raise InputError(problems)
        assert reported is not None
        checked.append(reported)
    return merge_reported(checked)


def merge_reported(parts: list[ReportedValues]) -> ReportedValues:
    """One district-year given more than once (rows naming it 荣昌 and 荣昌区, or two files): the values together.
    The same figure twice is fine; two different figures for one indicator are an error at both places, since
    keeping either would drop the other without a word."""
    first = parts[0]
    if len(parts) == 1:
        return first
    merged = ReportedValues(first.path, first.data, {}, {}, {}, {}, {}, first.file)
    where: dict[str, ReportedValues] = {}
    problems: list[Problem] = []
    for part in parts:
        for key, value in part.values.items():
            if value is None and key in merged.values:
                continue
            earlier = where.get(key)
            if earlier is not None and merged.values[key] is not None and value != merged.values[key]:
                for one, other in ((earlier, part), (part, earlier)):
                    line, column = one.positions.get(key, (None, None))
                    problems.append(
                        Problem(
                            one.path,
                            f"{one.data.district} {one.data.year} {key} is given twice with different values: "
                            f"{one.values[key]} here, "
                            f"{other.values[key]} at {_place(other, key)}",
                            line,
                            column,
                            "give each indicator once per district and year (under one name of the district)",
                        )
                    )
                continue
            if earlier is None or merged.values[key] is None:
                where[key] = part
                merged.values[key] = value
                merged.sources[key] = part.sources.get(key)
                merged.notes[key] = part.notes.get(key)
                merged.verified[key] = part.verified.get(key)
                merged.positions[key] = part.positions.get(key, (None, None))
            if key in part.confirmed:  # a confirmation travels with its figure, whichever copy carries it
                merged.confirmed.setdefault(key, part.confirmed[key])
            if key in part.counts:  # so do its numerator and denominator
                merged.counts.setdefault(key, part.counts[key])
    if problems:
        raise InputError(problems)
    return merged


def _place(part: ReportedValues, key: str) -> str:
    line, column = part.positions.get(key, (None, None))
    return part.path + (f":{line}" if line is not None else "") + (f":{column}" if column is not None else "")


def _belongs(document: LoadedYaml, plan: LoadedPlan, year: int) -> bool:
    data = document.data if isinstance(document.data, dict) else {}
    return str(data.get("district")) in plan.names() and str(data.get("year")) == str(year)


Parsed = tuple[Value | None, str | None, str | None, bool | None, str | None]
COUNT_FIELDS = ("numerator", "denominator")
FIELDS = ("value", "unit", "source", "note", "verified", "confirmed", *COUNT_FIELDS)


def _parse_entry(raw: Any, expected: str, indicator: Indicator | None) -> Parsed:
    """(value, source, note, verified, confirmed) of one entry; ValueError or UnitError says what is wrong."""
    source = note = unit = verified = confirmed = None
    if isinstance(raw, dict):
        unknown = set(raw) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(sorted(map(str, unknown)))}; allowed: {', '.join(FIELDS)}")
        if "value" not in raw:
            raise ValueError("missing 'value'")
        verified = raw.get("verified")
        if verified is not None and not isinstance(verified, bool):
            raise ValueError("'verified' is true or false")
        confirmed = raw.get("confirmed")
        if confirmed is not None and (not isinstance(confirmed, str) or not confirmed.strip()):
            raise ValueError("'confirmed' is the reason the figure is right, as text")
        confirmed = confirmed.strip() if confirmed is not None else None
        unit, source, note, raw = raw.get("unit"), raw.get("source"), raw.get("note"), raw["value"]
    if raw is None:
        return (None, source, note, verified, confirmed)
    if expected == "status":
        if raw not in STATUSES:
            raise ValueError(f"{raw!r} is not a project status; use one of {', '.join(STATUSES)}")
        return (raw, source, note, verified, confirmed)
    if expected == "flag":
        text = str(raw).strip().lower()
        if text not in DELIVERABLE_FLAGS:
            raise ValueError(f"{raw!r} is not done/not done; use true or false (是/否)")
        return (DELIVERABLE_FLAGS[text], source, note, verified, confirmed)
    value = to_decimal(raw)
    if unit is not None and indicator is not None and unit != indicator.unit:
        value = convert(value, unit, indicator.unit)
    return (value, source, note, verified, confirmed)


class CountsError(ValueError):
    """A numerator and denominator that cannot stand with their entry: the message, the field it is about, a hint."""

    def __init__(self, message: str, hint: str, field: str = "value") -> None:
        super().__init__(message)
        self.hint, self.field = hint, field


def _entry_counts(raw: Any, expected: str, indicator: Indicator | None) -> Counts | None:
    """The numerator and denominator an entry gives its value (None when it gives neither), checked: both given,
    numbers, for a figure in a ratio's unit, sound for the indicator's kind of chance, and agreeing with the value to
    the digits it is written with, since a wrong figure must never pass silently (docs/evaluation.md, "Chance")."""
    given = [f for f in COUNT_FIELDS if isinstance(raw, dict) and f in raw]
    if not given:
        return None
    if len(given) == 1:
        other = next(f for f in COUNT_FIELDS if f not in given)
        raise CountsError(f"'{given[0]}' is given without '{other}'", "give both, or neither", given[0])
    if raw.get("value") is None:
        raise CountsError(
            "a numerator and denominator are given without the value",
            "give the value they make as well: the report judges the value as reported",
            "numerator",
        )
    if expected != "number" or indicator is None:
        raise CountsError("a numerator and denominator are for a figure", "leave them out", "numerator")
    figures = {}
    for name in COUNT_FIELDS:
        try:
            figures[name] = to_decimal(raw[name])
        except ValueError:
            hint = "write it as a number: 1, 5000"
            raise CountsError(f"the {name} {raw[name]!r} is not a number", hint, name) from None
    counts = Counts(figures["numerator"], figures["denominator"])
    unit = raw.get("unit") or indicator.unit
    scale = scale_of(unit)
    if scale is None:
        raise CountsError(
            f"a numerator and denominator make a rate or a share, and {indicator.id} is in {unit}",
            "leave them out",
            "numerator",
        )
    wrong = counts_problem(counts, indicator.uncertainty)
    if wrong is not None:
        raise CountsError(wrong[1], "check the numerator and denominator", wrong[0])
    value = to_decimal(raw["value"])
    if not agrees(value, counts, scale):
        made = format_number(ratio(counts, scale))
        raise CountsError(
            f"{value} {unit} does not agree with its numerator and denominator: "
            f"{counts.numerator}/{counts.denominator} × {scale} = {made} {unit}",
            f"correct the figure or the counts: the value is numerator ÷ denominator × {scale} ({unit}), to the digits "
            "it is written with",
        )
    return counts


KEEP_READ = 64  # district-years a store keeps as read (the latest asked for): a plan's references ask again


class DistrictYears(Protocol):
    """A data file's documents by the district and year each gives (as written), with its place in the file."""

    def district_years(self) -> Iterator[tuple[str, str]]: ...

    def documents(self, district: str, year: str) -> list[tuple[int, LoadedYaml]]: ...


class HeldDocuments:
    """DistrictYears of documents read whole (a YAML, JSON or XLSX file, or a table's rows for a few districts)."""

    def __init__(self, read: ReadResult) -> None:
        self._index: dict[tuple[str, str], list[tuple[int, LoadedYaml]]] = {}
        for n, document in enumerate(read.documents):
            data = document.data if isinstance(document.data, dict) else {}
            self._index.setdefault((str(data.get("district")), str(data.get("year"))), []).append((n, document))

    def district_years(self) -> Iterator[tuple[str, str]]:
        return iter(self._index)

    def documents(self, district: str, year: str) -> list[tuple[int, LoadedYaml]]:
        return self._index.get((district, year), [])


class DataStore:
    """Reported values on disk: a folder laid out as <year>/<district>.<ext>, or one file (which may hold several
    district-years, as a CSV or XLSX table does). Reads each file once, and keeps the latest KEEP_READ
    district-years as read: a run over every county asks each once or twice, and the rule sets' on every plan."""

    def __init__(
        self, registry: PlanRegistry, root: Path | None = None, only: Sequence[LoadedPlan] | None = None
    ) -> None:
        """``only``: the districts a run asks for; a single table file is then read for their rows alone (and the
        higher levels', whose reported figures references may use)."""
        self.registry = registry
        self._names: frozenset[str] | None = None
        if only is not None:
            wanted = [*only, *(p for p in registry.plans if p.meta.level != "district")]
            self._names = frozenset(name for plan in wanted for name in plan.names())
        explicit = root is not None
        self.root = root if root is not None else default_data_dir()
        if explicit and not self.root.exists():
            raise UsageError(f"--data {self.root}: no such file or folder")
        self.single_file = not self.root.is_dir()  # a pipe or a device too: reading it says why it is refused
        self._cache: OrderedDict[tuple[str, int], ReportedValues | None] = OrderedDict()  # as read, the latest
        self._held: set[tuple[str, int]] = set()  # held against last year without a problem
        self._table: DistrictYears | None = None  # the single file's documents by district and year
        self._other_files: dict[tuple[str, int], list[ReadResult]] | None = None  # a folder's other data files
        self._read_files: dict[Path, None] = {}  # every data file read, in order (a run's provenance)

    def path_for(self, plan: LoadedPlan, year: int) -> Path | None:
        """The file holding a district's values for a year (<year>/<district>.<ext>, or the single --data file)."""
        if self.single_file:
            return self.root
        for suffix in SUFFIXES:
            candidate = self.root / str(year) / f"{plan.id}{suffix}"
            if candidate.is_symlink() or candidate.exists():  # there in any form: read it, or say why not
                require_regular_file(candidate)
                return candidate
        return None

    @property
    def shown_root(self) -> str:
        """The data file or folder as users read paths (<bundled>/data for the bundled data)."""
        return display_path(self.root).removesuffix("/.")

    def expected_path(self, plan: LoadedPlan, year: int) -> str:
        """Where the district-year file would be, for a message saying it is missing: as users read paths (the
        bundled data as <bundled>/data/…, not a path inside the installed package)."""
        return display_path(self.root if self.single_file else self.root / str(year) / f"{plan.id}.yaml")

    def get(self, plan: LoadedPlan, year: int) -> ReportedValues | None:
        """A district's values for a year, held against last year's where the data has them (as ``check
        validate`` holds files checked together): a figure a power of ten off last year's is an InputError."""
        found = self._as_read(plan, year)
        if found is not None and (plan.id, year) not in self._held:
            try:
                last = self._as_read(plan, year - 1)
            except InputError:
                last = None  # last year's file has problems of its own: its run reports them
            if last is not None:
                problems = against_last_year(found, last, plan, self.registry)
                if problems:
                    raise InputError(problems)
            self._held.add((plan.id, year))
        return found

    def _as_read(self, plan: LoadedPlan, year: int) -> ReportedValues | None:
        """A district's values for a year as the data gives them, read once. A single --data file answers for the
        district-years it holds; a folder from its <year>/<district>.<ext> file and from any other data file in it
        that holds them (as ``check validate`` reads the folder), a district-year given twice merged or refused."""
        key = (plan.id, year)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        path = self.path_for(plan, year)
        if self.single_file:
            documents = self._documents_of(plan, year)
            found = values_of(documents, plan, self.registry, year) if documents else None
        else:
            parts = [self._checked_file(path, plan, year)] if path is not None else []
            parts += [values_for(read, plan, self.registry, year) for read in self._others().get(key, [])]
            found = merge_reported(parts) if parts else None
        self._cache[key] = found
        if len(self._cache) > KEEP_READ:  # a run over every county asks each district-year once or twice
            self._cache.popitem(last=False)
        return found

    def _others(self) -> dict[tuple[str, int], list[ReadResult]]:
        """The data files of the folder not laid out as <year>/<district>.<ext> (a table of many districts, a file
        named otherwise), by the district-years they hold; read once, and only for the districts asked for."""
        if self._other_files is None:
            self._other_files = {}
            found = scan([self.root])
            if found.problems:
                raise InputError(found.problems)
            laid_out = self._laid_out(found.files)
            for path in found.files:
                if path in laid_out:
                    continue
                read = read_data_file(path, self._names)
                if read.problems:
                    raise InputError(read.problems)
                if not holds_data(read):
                    continue  # a plan or config file in the folder: check validate says it passes it over
                self._read_files[path] = None
                held: set[tuple[str, int]] = set()
                for document in read.documents:
                    data = document.data if isinstance(document.data, dict) else {}
                    try:
                        plan = self.registry.resolve(str(data.get("district")))
                        year = int(str(data.get("year")))
                    except (UsageError, ValueError):
                        if self.registry.partial and data.get("district") is not None:
                            continue  # a district whose plan this run did not load: not this run's to judge
                        _, problems = check_document(document, self.registry)  # says what is wrong, and where
                        raise InputError(problems or [Problem(read.path, "not a data file")]) from None
                    held.add((plan.id, year))
                for key in held:
                    self._other_files.setdefault(key, []).append(read)
        return self._other_files

    def _laid_out(self, files: list[Path]) -> set[Path]:
        """The files path_for reads by their name: <year>/<district id>.<ext> directly in this folder, the first
        ending in SUFFIXES' order where a district-year has several (the others are read as other files)."""
        chosen: dict[tuple[str, str], Path] = {}
        for path in files:
            folder = path.parent
            if folder.parent != self.root or not is_year_folder(folder):
                continue
            # with only some plans loaded, another district's <year>/<id>.<ext> is its own: laid out, never read
            known = path.stem in self.registry.by_id or self.registry.partial
            if not known or path.suffix not in SUFFIXES:
                continue
            key = (folder.name, path.stem)
            if key not in chosen or SUFFIXES.index(path.suffix) < SUFFIXES.index(chosen[key].suffix):
                chosen[key] = path
        return set(chosen.values())

    def _checked_file(self, path: Path, plan: LoadedPlan, year: int) -> ReportedValues:
        """One district-year file, from the cache when neither it nor any plan changed since it was checked."""
        self._read_files[path] = None
        digest = cache.file_digest(path)
        registry = self.registry.digest
        if not digest or not registry:
            return load_data_file(path, plan, self.registry, year)
        # the path as given (the entry holds it, to show) and where it is (data/2024/x.yaml is another file elsewhere)
        key = cache.make_key("data", [str(path), os.path.abspath(path), digest, registry, plan.id, str(year)])
        return cache.cached(key, lambda: load_data_file(path, plan, self.registry, year), ReportedValues)

    def _single(self) -> DistrictYears:
        """The one --data file, read once however many districts and years are asked of it: a CSV table of every
        district kept as its rows' text, each district-year built when asked for (checker.inputs.table_index)."""
        if self._table is None:
            if self._names is None and self.root.suffix.lower() == ".csv":
                from checker.inputs.table_index import TableIndex

                self._table = TableIndex(self.root)
            else:
                read = read_data_file(self.root, self._names)
                if read.problems:
                    raise InputError(read.problems)
                self._table = HeldDocuments(read)
            self._read_files[self.root] = None
        return self._table

    @property
    def files_read(self) -> tuple[Path, ...]:
        """Every data file read so far (from the cache or not), in the order first read."""
        return tuple(self._read_files)

    def _documents_of(self, plan: LoadedPlan, year: int) -> list[LoadedYaml]:
        """The single file's documents of a district-year, under any of its names, in the file's order: looked up,
        not searched (a run over every county of a national table asks 2,844 × 2 times)."""
        table = self._single()
        found = (item for name in set(plan.names()) for item in table.documents(name, str(year)))
        return [document for _, document in sorted(found, key=lambda item: item[0])]

    def years(self, plan: LoadedPlan) -> list[int]:
        """The years the data holds values for this district (a single file: the years it holds; a folder: its
        <year>/<district>.<ext> files and the district-years of its other data files)."""
        if self.single_file:
            names = set(plan.names())
            return sorted(
                {int(year) for name, year in self._single().district_years() if name in names and year.isdigit()}
            )
        laid_out = {
            int(p.name)
            for p in self.root.iterdir()
            if p.is_dir() and p.name.isdigit() and self.path_for(plan, int(p.name)) is not None
        }
        return sorted(laid_out | {year for plan_id, year in self._others() if plan_id == plan.id})

    def value(self, plan: LoadedPlan, year: int, indicator_id: str) -> Value | None:
        """One reported value of a district and year (another plan's or year's, for references and history)."""
        reported = self.get(plan, year)
        return None if reported is None else reported.values.get(indicator_id)


def local_data_dir() -> Path | None:
    """./data when there is such a folder here: a user's own data, read by default (and announced by the CLI)."""
    local = Path("data")
    return local if local.is_dir() else None


def default_data_dir() -> Path:
    """./data when it exists (a user's own data), else the bundled data."""
    return local_data_dir() or bundled_dir("data")
