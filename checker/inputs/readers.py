"""Read reported-value files in every format districts send, into one shape with positions.

Each reader returns documents shaped like a YAML data file (``{district, year, illustrative, values: {…}}``) in a
LoadedYaml, so every format gets the same checks and the same file:line:column in messages. A CSV or XLSX file may
hold several district-years; a YAML or JSON file holds one.

CSV and XLSX: long form (columns district, year, indicator, value, unit, source, note, confirmed; one row per value)
or wide form (district, year, then one column per indicator; one row per district-year). Header names may be Chinese
(区县, 年份, 指标, 数值, 单位, 来源, 备注, 已确认说明). A long form's ``confirmed`` cell is the reason an unusual figure
is right, as ``confirmed`` is in YAML. Cells may use full-width digits and punctuation (３．４１, ％), thousands
separators (1,480,000), and a unit inline ("48.5%", "3.41‰"); a blank cell is a missing value, never zero. For
CSV and XLSX, "column" in a position is the 1-based column number (A = 1).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from checker.domain.errors import InputError, Problem
from checker.domain.models import DATA_TABLE_FLAGS
from checker.inputs.regular_files import read_regular_file
from checker.inputs.xlsx_reader import read_xlsx
from checker.inputs.yaml_document import LoadedYaml
from checker.inputs.yamlio import (
    MAX_TABLE_BYTES,
    decode_utf8,
    load_yaml_file,
    load_yaml_text,
    read_text,
)

SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")
HEADER_ALIASES = {
    "district": "district",
    "区县": "district",
    "地区": "district",
    "区": "district",
    "year": "year",
    "年份": "year",
    "年度": "year",
    "indicator": "indicator",
    "指标": "indicator",
    "指标id": "indicator",
    "value": "value",
    "数值": "value",
    "值": "value",
    "实际值": "value",
    "unit": "unit",
    "单位": "unit",
    "source": "source",
    "来源": "source",
    "数据来源": "source",
    "note": "note",
    "备注": "note",
    "illustrative": "illustrative",
    "示例数据": "illustrative",
    "verified": "verified",
    "confirmed": "confirmed",  # long form: why an unusual figure is right (checker/domain/plausibility.py)
    "已确认说明": "confirmed",
    "确认": "confirmed",
}
INLINE_UNITS = ("/10万", "‰", "%")
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


@dataclass
class ReadResult:
    """Documents read from one file, the problems met while reading it, and notes (e.g. the encoding used)."""

    path: str
    documents: list[LoadedYaml] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_data_file(path: Path, districts: frozenset[str] | None = None) -> ReadResult:
    """Read a data file of any supported format. Unreadable or malformed files raise InputError.

    ``districts``: read only a table's rows whose district cell is one of these names (a run for one county of a
    national table need not build documents for the other 2,843); None reads every row, as validation does.
    """
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return ReadResult(str(path), [load_yaml_file(path)])
    if suffix == ".json":
        return ReadResult(str(path), [_read_json(path)])
    if suffix == ".csv":
        text, encoding = _decode(path)
        result = _read_table(str(path), _csv_rows(text, str(path)), districts)
        if encoding != "utf-8":
            result.notes.append(f"read as {encoding} (not UTF-8)")
        return result
    if suffix == ".xlsx":
        table = read_xlsx(path)
        result = _read_table(str(path), table.rows, districts)
        result.problems.extend(table.formula_problems(result.documents if districts is not None else None))
        return result
    raise InputError.single(
        path, f"unsupported file type {suffix or '(none)'!r}", hint=f"use one of {', '.join(SUFFIXES)}"
    )


# --- JSON ----------------------------------------------------------------------------------------------------


def _read_json(path: Path) -> LoadedYaml:
    text = read_text(path)
    try:
        json.loads(text, parse_float=Decimal, object_pairs_hook=_refuse_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError.single(path, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from exc
    except _DuplicateKey as exc:
        raise InputError.single(
            path,
            f"duplicate key {exc.args[0]!r}",
            hint="give each key once; a repeated key would silently replace the first",
        ) from exc
    # JSON is YAML too: the YAML reader gives the same data with positions and exact numbers.
    return load_yaml_text(text, str(path))


class _DuplicateKey(Exception):
    pass


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


# --- CSV and XLSX ------------------------------------------------------------------------------------------------


def _decode(path: Path) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK), which Chinese office software writes."""
    raw = read_regular_file(path, MAX_TABLE_BYTES)
    try:
        return decode_utf8(raw, path), "utf-8"
    except InputError as exc:
        if "UTF-8" not in exc.problems[0].message:
            raise
    try:
        return raw.decode("gb18030"), "GB18030"
    except UnicodeDecodeError as exc:
        raise InputError.single(
            path, "file is neither UTF-8 nor GB18030/GBK text", hint="save it as UTF-8 CSV"
        ) from exc


def _csv_rows(text: str, path: str) -> list[list[Any]]:
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InputError.single(path, f"invalid CSV: {exc}") from exc


def _read_table(path: str, rows: Sequence[Sequence[Any]], districts: frozenset[str] | None = None) -> ReadResult:
    result = ReadResult(path)
    table = [r if isinstance(r, list) else list(r) for r in rows]
    while table and all(_blank(c) for c in table[-1]):
        table.pop()
    if not table:
        result.problems.append(Problem(path, "the file has no header row", 1, 1))
        return result
    header = [HEADER_ALIASES.get(_text(c).lower(), _text(c)) for c in table[0]]
    if "indicator" in header and "value" in header:
        _read_long(result, header, _wanted(table[1:], header, districts))
    elif "district" in header and "year" in header:
        _read_wide(result, header, _wanted(table[1:], header, districts))
    else:
        result.problems.append(
            Problem(
                path,
                "cannot tell the layout: the header needs 'indicator' and 'value' (long form) or 'district' and "
                "'year' (wide form)",
                1,
                1,
                "see 'check template' for a file to fill in",
            )
        )
    return result


def _wanted(rows: list[list[Any]], header: list[str], districts: frozenset[str] | None) -> list[tuple[int, list[Any]]]:
    """The data rows with their line numbers; with ``districts``, only the rows of those districts."""
    numbered = list(enumerate(rows, start=2))
    if districts is None or "district" not in header:
        return numbered
    column = header.index("district")
    keep: dict[Any, bool] = {}  # a national table repeats a few thousand district cells: judge each text once
    wanted = []
    for n, row in numbered:
        cell = row[column] if column < len(row) else None
        verdict = keep.get(cell)
        if verdict is None:
            verdict = keep[cell] = _text(cell) in districts
        if verdict:
            wanted.append((n, row))
    return wanted


def _read_long(result: ReadResult, header: list[str], rows: list[tuple[int, list[Any]]]) -> None:
    col = {name: i for i, name in enumerate(header) if name in HEADER_ALIASES.values()}
    if "district" not in col or "year" not in col:
        result.problems.append(Problem(result.path, "the long form needs 'district' and 'year' columns", 1, 1))
        return
    docs: dict[tuple[str, str], LoadedYaml] = {}
    for n, row in rows:
        if all(_blank(c) for c in row):
            continue
        cell = {name: (row[i] if i < len(row) else None) for name, i in col.items()}
        key = (_text(cell["district"]), _text(parse_cell(cell["year"])[0]))  # ２０２４ and 2024 are one year
        doc = docs.get(key)
        if doc is None:
            doc = docs[key] = _new_document(result.path, cell["district"], cell["year"], n, col)
            for name in ("illustrative", "verified"):
                if name in col and not _blank(cell[name]):
                    doc.data[name] = _flag(cell[name])
        indicator = _text(cell["indicator"])
        if not indicator:
            result.problems.append(Problem(result.path, "row has a value but no indicator", n, col["indicator"] + 1))
            continue
        if indicator in doc.data["values"]:
            first = doc.key_positions[("values", indicator)][0]
            result.problems.append(
                Problem(
                    result.path,
                    f"indicator {indicator!r} is given twice for {key[0]} {key[1]} (first at line {first})",
                    n,
                    col["indicator"] + 1,
                    "give each indicator once per district and year",
                )
            )
            continue
        value, inline_unit = parse_cell(cell["value"])
        entry: dict[str, Any] = {"value": value}
        column_unit = _text(cell.get("unit"))
        if inline_unit and column_unit and _unit_key(inline_unit) != _unit_key(column_unit):
            result.problems.append(
                Problem(
                    result.path,
                    f"the value {_text(cell['value'])!r} says {inline_unit} but the unit column says {column_unit}",
                    n,
                    col["value"] + 1,
                    "correct the value or the unit column: a figure in one unit cannot be read in another",
                )
            )
            continue
        unit = column_unit or inline_unit
        if unit:
            entry["unit"] = unit
        for name in ("source", "note", "confirmed"):
            if name in col and not _blank(cell[name]):
                entry[name] = _text(cell[name])
        doc.data["values"][indicator] = entry
        doc.key_positions[("values", indicator)] = (n, col["indicator"] + 1)
        doc.positions[("values", indicator)] = doc.positions[("values", indicator, "value")] = (n, col["value"] + 1)
    result.documents.extend(docs.values())


def _unit_key(unit: str) -> str:
    """A unit as compared: full-width forms folded (％ is %), spaces dropped."""
    return unicodedata.normalize("NFKC", unit).replace(" ", "")


def _read_wide(result: ReadResult, header: list[str], rows: list[tuple[int, list[Any]]]) -> None:
    fixed = {"district", "year", "illustrative", "verified", "source", "note"}
    col = {name: i for i, name in enumerate(header) if name in fixed}
    indicators = [(i, name) for i, name in enumerate(header) if name not in fixed and name]
    for n, row in rows:
        if all(_blank(c) for c in row):
            continue
        cell = {name: (row[i] if i < len(row) else None) for name, i in col.items()}
        doc = _new_document(result.path, cell["district"], cell["year"], n, col)
        for name in ("illustrative", "verified"):
            if name in col and not _blank(cell[name]):
                doc.data[name] = _flag(cell[name])
        for name in ("source", "note"):
            if name in col and not _blank(cell[name]):
                doc.data[name] = _text(cell[name])
        for i, name in indicators:
            raw = row[i] if i < len(row) else None
            value, unit = parse_cell(raw)
            doc.data["values"][name] = value if unit is None else {"value": value, "unit": unit}
            doc.key_positions[("values", name)] = (1, i + 1)
            doc.positions[("values", name)] = doc.positions[("values", name, "value")] = (n, i + 1)
        result.documents.append(doc)


def _new_document(path: str, district: Any, year: Any, line: int, col: dict[str, int]) -> LoadedYaml:
    year_value, _ = parse_cell(year)
    doc = LoadedYaml(
        path=path,
        data={
            "district": _text(district),
            "year": int(year_value) if isinstance(year_value, Decimal) and _is_integral(year_value) else _text(year),
            "illustrative": False,
            "values": {},
        },
    )
    doc.positions[()] = (line, 1)
    doc.positions[("district",)] = (line, col["district"] + 1)
    doc.positions[("year",)] = (line, col["year"] + 1)
    return doc


def parse_cell(raw: Any) -> tuple[Decimal | str | bool | None, str | None]:
    """A cell's value and inline unit: full-width forms folded, thousands separators dropped, blank is None."""
    if raw is None or isinstance(raw, bool):
        return raw, None
    if isinstance(raw, int):
        return Decimal(raw), None
    if isinstance(raw, Decimal):
        return raw, None
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text:
        return None, None
    unit = next((u for u in INLINE_UNITS if text.endswith(u) and len(text) > len(u)), None)
    number = text[: -len(unit)].strip() if unit else text
    if _NUMBER.match(number):
        try:
            return Decimal(number.replace(",", "")), unit
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            pass
    return str(raw).strip(), None


def _is_integral(value: Any) -> bool:
    return isinstance(value, Decimal) and value == value.to_integral_value()


def _flag(raw: Any) -> Any:
    return DATA_TABLE_FLAGS.get(_text(raw).lower(), _text(raw))


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    return str(raw).strip()


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())
