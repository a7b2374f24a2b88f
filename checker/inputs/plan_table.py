"""Plans as a table: one CSV row per target, many districts in one file.

A national or municipal office keeps the targets of hundreds of counties in a spreadsheet, not in hundreds of
YAML files. ``--plans targets.csv`` reads such a table into the same Plan models as ``plans/*.yaml`` (one plan per
district, in the order districts first appear), so every command and the engine work on it unchanged, and every
mistake is reported at its row and column. The columns are in docs/plan-format.md ("Plans as a table").
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from checker.domain.errors import InputError, Problem
from checker.domain.models import PLAN_TABLE_FLAGS
from checker.inputs.readers import district_rows, parsed_lines
from checker.inputs.yaml_document import LoadedYaml, Path_
from checker.inputs.yamlio import MAX_TABLE_BYTES, read_text

REQUIRED = (
    "district",
    "district_name",
    "parent",
    "period_start",
    "period_end",
    "indicator",
    "kind",
    "target_year",
    "nature",
    "document",
    "section",
)
OPTIONAL = (
    "district_name_en",
    "title",
    "issuer",
    "project_name",
    "project_start",
    "project_end",
    "category",
    "printed_name",
    "op",
    "value",
    "low",
    "high",
    "relative",
    "unit",
    "baseline_year",
    "baseline_value",
    "printed",
    "item",
    "quote",
    "verified",
    "owner",
    "note",
)
COLUMNS = REQUIRED + OPTIONAL


class _District:
    """One district's plan document being assembled from its rows, with the position of every cell."""

    def __init__(self, path: str) -> None:
        self.loaded = LoadedYaml(path=path, data=None)
        self.entries: dict[str, dict[str, Any]] = {}
        self.projects: dict[str, dict[str, Any]] = {}
        self.meta: dict[str, Any] = {}


def read_plan_table(path: Path, wanted: Collection[str] | None = None) -> list[LoadedYaml]:
    """One plan document per district (shaped like a plan YAML file), positions at rows and columns; with
    ``wanted`` (district ids), only those districts' (a run for one county of a national table reads its rows).

    Only the table's own shape is checked here; the documents then go through the same validation as YAML plans.
    """
    rows = _rows(path) if wanted is None else _wanted_rows(path, wanted)
    header = _header(path, (row for _, row in rows))
    col = {name: i for i, name in enumerate(header)}
    district_column = col["district"]
    districts: dict[str, _District] = {}
    problems: list[Problem] = []
    for line, row in rows:
        if wanted is not None and (district_column >= len(row) or row[district_column].strip() not in wanted):
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(str(path), f"row has {len(row)} cells, the header {len(header)}", line, 1, "check the quoting")
            )
            continue
        cells = {name: row[i].strip() for name, i in col.items()}
        where = {name: (line, i + 1) for name, i in col.items()}
        district_id = cells["district"] or "?"
        district = districts.get(district_id)
        if district is None:
            district = districts[district_id] = _District(str(path))
            _start_district(district, cells, where)
        else:
            problems += _same_meta(district, cells, where, str(path))
        problems += _add_target(district, cells, where)
    if problems:
        raise InputError(problems)
    if not districts and wanted is None:
        raise InputError.single(path, "the plan table has a header but no rows", 2, 1)
    documents = []
    for district in districts.values():
        data = district.loaded.data
        data["indicators"] = list(district.entries.values())
        data["projects"] = list(district.projects.values())
        documents.append(district.loaded)
    return documents


def plan_table_districts(path: Path) -> dict[str, tuple[str, str]]:
    """Every district of a plan table, in the order of its first row: id → (name, parent), read from those three
    columns alone. Enough to resolve a district's names and its parent without building any plan. A table whose
    district column comes first and that holds no quote (as tables usually are) has only the first row of each
    district parsed: its other rows begin with an id already seen."""
    text = read_text(path, MAX_TABLE_BYTES)
    rows = _parsed_rows(path, text)
    header = _header(path, (row for _, row in rows))
    district, name, parent = (header.index(c) for c in ("district", "district_name", "parent"))
    last = max(district, name, parent)
    found: dict[str, tuple[str, str]] = {}
    if district == 0 and '"' not in text:
        for line in text.splitlines()[1:]:
            key = line.split(",", 1)[0].strip()
            if key and key not in found:
                row = line.split(",")
                if len(row) > last:
                    found[key] = (row[name].strip(), row[parent].strip())
        return found
    for _, row in rows:
        if len(row) > last and (key := row[district].strip()) and key not in found:
            found[key] = (row[name].strip(), row[parent].strip())
    return found


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The table's rows as CSV with the line each starts on, read lazily from its text (a national table has
    hundreds of thousands)."""
    return _parsed_rows(path, read_text(path, MAX_TABLE_BYTES))


def _parsed_rows(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    return parsed_lines(path, enumerate(io.StringIO(text, newline=""), start=1))


def _wanted_rows(path: Path, wanted: Collection[str]) -> Iterator[tuple[int, list[str]]]:
    """The header and the rows that may be the ``wanted`` districts' (checker.inputs.readers.district_rows): the
    others' lines are passed over unparsed."""
    notes: list[str] = []
    rows = district_rows(path, frozenset(wanted), notes)
    if notes:  # a plan table is UTF-8, whichever rows are read
        raise InputError.single(path, "file is not valid UTF-8", hint="save the plan table as UTF-8")
    return iter(rows)


def _header(path: Path, rows: Iterator[list[str]]) -> list[str]:
    """The header row, checked: known columns, each once, the required ones present."""
    first = next(rows, None)
    if first is None or not any(cell.strip() for cell in first):
        raise InputError.single(path, "the plan table has no header row", 1, 1, f"columns: {', '.join(REQUIRED)}")
    header = [h.strip().lower() for h in first]
    problems = []
    for n, name in enumerate(header, start=1):
        if name not in COLUMNS:
            problems.append(Problem(str(path), f"unknown column {name!r}", 1, n, f"columns: {', '.join(COLUMNS)}"))
        elif header.index(name) != n - 1:
            problems.append(Problem(str(path), f"column {name!r} appears twice", 1, n))
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.append(Problem(str(path), f"missing column(s) {', '.join(missing)}", 1, 1, "see docs/plan-format.md"))
    if problems:
        raise InputError(problems)
    return header


def _start_district(district: _District, cells: dict[str, str], where: dict[str, tuple[int, int]]) -> None:
    loaded = district.loaded
    name = cells["district_name"]
    meta: dict[str, Any] = {
        "id": cells["district"],
        "name": name,
        "name_en": cells.get("district_name_en") or cells["district"],
        "level": "district",
        "parent": cells["parent"] or None,
        "kind": "five_year",
        "title": cells.get("title") or f"{name} (plan table {Path(loaded.path).name})",
        "issuer": cells.get("issuer") or "",
        "document": cells["document"],
        "period": {"start": _int(cells["period_start"]), "end": _int(cells["period_end"])},
    }
    loaded.data = {"schema_version": 1, "plan": meta}
    positions = loaded.positions
    positions[()] = (where["district"][0], 1)
    positions[("plan",)] = where["district"]
    for key, column in (
        ("id", "district"),
        ("name", "district_name"),
        ("name_en", "district_name_en"),
        ("parent", "parent"),
        ("title", "title"),
        ("issuer", "issuer"),
        ("document", "document"),
    ):
        if column in where:
            positions[("plan", key)] = where[column]
    positions[("plan", "period")] = where["period_start"]
    positions[("plan", "period", "start")] = where["period_start"]
    positions[("plan", "period", "end")] = where["period_end"]
    district.meta = {c: cells[c] for c in ("district_name", "parent", "period_start", "period_end")}


def _same_meta(
    district: _District, cells: dict[str, str], where: dict[str, tuple[int, int]], path: str
) -> list[Problem]:
    """A district's name, parent and period are repeated on each of its rows; they must agree."""
    return [
        Problem(
            path,
            f"{column} {cells[column]!r} differs from {first!r} on the district's first row",
            *where[column],
            "a district's name, parent and period are the same on each of its rows",
        )
        for column, first in district.meta.items()
        if cells[column] != first
    ]


def _add_target(district: _District, cells: dict[str, str], where: dict[str, tuple[int, int]]) -> list[Problem]:
    """Put a row's target under its indicator entry (or project), creating the entry on its first row; a figure
    that is not a number is reported at its own cell."""
    path = district.loaded.path
    numeric = ["low", "high", "baseline_value"] + ([] if cells["kind"] in ("milestone", "deliverable") else ["value"])
    bad = [
        Problem(path, f"{column} {cells[column]!r} is not a number", *where[column], "write the figure as 3.05")
        for column in numeric
        if cells.get(column) and isinstance(_number(cells[column]), str)
    ]
    if bad:
        return bad
    positions = district.loaded.positions
    key = cells["indicator"]
    project_name = cells.get("project_name", "")
    if project_name:
        holder = district.projects
        section = "projects"
        if key not in holder:
            start, end = cells.get("project_start", ""), cells.get("project_end", "")
            holder[key] = {
                "id": key,
                "name": project_name,
                "category": cells.get("category") or None,
                "period": {"start": _int(start), "end": _int(end or start)} if start else None,
                "owner": cells.get("owner") or None,
                "targets": [],
            }
    else:
        holder = district.entries
        section = "indicators"
        if key not in holder:
            baseline = None
            if cells.get("baseline_value") or cells.get("baseline_year"):
                baseline = {"year": _int(cells.get("baseline_year", "")), "value": _number(cells["baseline_value"])}
            holder[key] = {
                "indicator": key,
                "printed_name": cells.get("printed_name") or key,
                "category": cells.get("category") or None,
                "baseline": baseline,
                "targets": [],
            }
    n = list(holder).index(key)
    entry = holder[key]
    loc: Path_ = (section, n)
    if not entry["targets"]:
        positions[loc] = where["indicator"]
        positions[(*loc, "id" if project_name else "indicator")] = where["indicator"]
        positions[(*loc, "name" if project_name else "printed_name")] = where.get(
            "project_name" if project_name else "printed_name", where["indicator"]
        )
        if "baseline_value" in where:
            positions[(*loc, "baseline")] = where["baseline_value"]
            positions[(*loc, "baseline", "value")] = where["baseline_value"]
        if "baseline_year" in where:
            positions[(*loc, "baseline", "year")] = where["baseline_year"]
    k = len(entry["targets"])
    tloc: Path_ = (*loc, "targets", k)
    kind = cells["kind"] or "threshold"
    target: dict[str, Any] = {
        "year": _int(cells["target_year"]),
        "kind": kind,
        "printed": cells.get("printed") or _printed(cells),
        "nature": cells["nature"],
        "source": {
            "document": cells["document"],
            "section": cells["section"],
            "item": cells.get("item") or None,
            "quote": cells.get("quote") or None,
            "verified": _flag(cells.get("verified", "")),
        },
    }
    for field in ("op", "low", "high", "unit", "owner", "note"):
        if cells.get(field):
            target[field] = _number(cells[field]) if field in ("low", "high") else cells[field]
    if cells.get("value"):
        target["value"] = cells["value"] if kind in ("milestone", "deliverable") else _number(cells["value"])
        if kind == "deliverable":
            target["value"] = _flag(cells["value"])
    if cells.get("relative"):
        target["relative"] = _flag(cells["relative"])
    entry["targets"].append(target)
    positions[tloc] = where["target_year"]
    for field, column in (
        ("year", "target_year"),
        ("kind", "kind"),
        ("nature", "nature"),
        ("printed", "printed"),
        ("op", "op"),
        ("value", "value"),
        ("low", "low"),
        ("high", "high"),
        ("relative", "relative"),
        ("unit", "unit"),
        ("owner", "owner"),
        ("note", "note"),
        ("source", "document"),
    ):
        if column in where:
            positions[(*tloc, field)] = where[column]
    for field, column in (("document", "document"), ("section", "section"), ("item", "item"), ("quote", "quote")):
        if column in where:
            positions[(*tloc, "source", field)] = where[column]
    return []


def _printed(cells: dict[str, str]) -> str:
    """What the table says, when it has no 'printed' column: the operator and figure as given."""
    if cells["kind"] == "range":
        return f"{cells.get('low', '')}–{cells.get('high', '')}"
    return f"{cells.get('op', '')}{cells.get('value', '')}".strip()


def _int(text: str) -> int | str | None:
    """A year as an int; anything else is left for validation to reject at its cell."""
    if not text:
        return None
    return int(text) if text.isdigit() and text.isascii() else text


def _number(text: str) -> Decimal | str:
    """A figure as an exact Decimal; text that is not a number is left for validation to reject at its cell."""
    from checker.domain.numbers import to_decimal

    try:
        return to_decimal(text)
    except (ValueError, ArithmeticError):
        return text


def _flag(text: str) -> bool | str | None:
    lowered = text.strip().lower()
    if not lowered:
        return None
    flag = PLAN_TABLE_FLAGS.get(lowered)
    return text if flag is None else flag
