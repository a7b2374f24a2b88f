"""Read reported-value files in every format districts send, into one shape with positions.

Each reader returns documents shaped like a YAML data file (``{district, year, illustrative, values: {…}}``) in a
LoadedYaml, so every format gets the same checks and the same file:line:column in messages. A CSV or XLSX file may
hold several district-years; a YAML or JSON file holds one.

CSV and XLSX: long form (columns district, year, indicator, value, unit, source, note, confirmed, numerator,
denominator; one row per value) or wide form (district, year, then one column per indicator; one row per
district-year; no numerators or denominators). Header names may be Chinese (区县, 年份, 指标, 数值, 单位, 来源, 备注,
已确认说明, 分子, 分母). A long form's ``confirmed`` cell is the reason an unusual figure
is right, as ``confirmed`` is in YAML. Cells may use full-width digits and punctuation (３．４１, ％), thousands
separators (1,480,000), and a unit inline ("48.5%", "3.41‰"); a blank cell is a missing value, never zero. For
CSV and XLSX, "column" in a position is the 1-based column number (A = 1).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from checker.domain.errors import InputError, Problem
from checker.domain.models import DATA_TABLE_FLAGS
from checker.inputs import cache
from checker.inputs.regular_files import STREAM_CHUNK, open_regular_file
from checker.inputs.yaml_document import LoadedYaml
from checker.inputs.yamlio import MAX_TABLE_BYTES, load_yaml_file, load_yaml_text, read_text

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
    "numerator": "numerator",  # long form: the counts a rate or share is made of (docs/evaluation.md, "Chance")
    "分子": "numerator",
    "denominator": "denominator",
    "分母": "denominator",
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
    result = ReadResult(str(path))
    for group in read_groups(path, result, districts):
        result.documents.extend(group)
    return result


def read_groups(
    path: Path,
    result: ReadResult,
    districts: frozenset[str] | None = None,
    key_of: Callable[[str], str] | None = None,
) -> Iterator[list[LoadedYaml]]:
    """The documents of a data file a district-year at a time, each list as soon as the last of its rows is read,
    so that a caller going through a national table holds one district-year of it, not the whole (when the rows
    come grouped by district or by district and year; scattered rows are held until their district-year's last).
    A CSV file is read twice for this, the first time for where each district-year's rows end; it is never held
    whole. ``key_of`` maps a district cell to the district it means, so that rows naming one district two ways
    (荣昌, 荣昌区) come in one list. Problems met are added to ``result``; an unreadable or malformed file raises
    InputError (after the lists read before it).
    """
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        yield [load_yaml_file(path)]
    elif suffix == ".json":
        yield [_read_json(path)]
    elif suffix == ".csv":
        rows: Callable[[], Iterator[tuple[int, Sequence[Any]]]]
        if districts is not None:  # the few rows of the districts asked for: read once, handed to both passes
            rows = district_rows(path, districts, result.notes).__iter__
        else:
            encoding = csv_encoding(path)
            if encoding != "utf-8":
                result.notes.append(f"read as {encoding} (not UTF-8)")
            rows = functools.partial(_csv_rows, path, encoding)
        yield from _Table(result, rows, districts, key_of).groups()
    elif suffix == ".xlsx":
        from checker.inputs.xlsx_reader import read_xlsx  # zipfile and expat only for a workbook

        table = read_xlsx(path)
        groups = list(_Table(result, lambda: enumerate(table.rows, start=1), districts, key_of).groups())
        read = [document for group in groups for document in group] if districts is not None else None
        result.problems.extend(table.formula_problems(read))
        yield from groups
    else:
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


def csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK), which Chinese office software writes; found
    by decoding the file as a stream, never held whole."""
    for encoding, codec in (("utf-8", "utf-8-sig"), ("GB18030", "gb18030")):
        decoder = codecs.getincrementaldecoder(codec)()
        try:
            with open_regular_file(path, MAX_TABLE_BYTES) as stream:
                while chunk := stream.read(STREAM_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    raise InputError.single(path, "file is neither UTF-8 nor GB18030/GBK text", hint="save it as UTF-8 CSV")


def _csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, list[str]]]:
    """A CSV file's rows with the line each starts on, read as a stream in the encoding csv_encoding found."""
    with csv_lines(path, encoding) as lines:
        yield from parsed_lines(path, lines)


@contextlib.contextmanager
def csv_lines(path: Path, encoding: str) -> Iterator[Iterator[tuple[int, str]]]:
    """A CSV file's lines, numbered from 1, decoded as a stream in the encoding csv_encoding found."""
    with open_regular_file(path, MAX_TABLE_BYTES) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig" if encoding == "utf-8" else "gb18030", newline="")
        yield enumerate(text, start=1)


def table_groups(
    result: ReadResult,
    rows: Callable[[], Iterator[tuple[int, Sequence[Any]]]],
    on_row: Callable[[int, GroupKey], None] | None = None,
) -> Iterator[tuple[GroupKey, list[LoadedYaml]]]:
    """A table's documents a district-year at a time, from ``rows`` (called once per pass: a header, then numbered
    rows), each with its district-year; ``on_row`` hears of each data row as its document takes it, with the
    district-year it went to."""
    return _Table(result, rows, None, None, on_row).keyed_groups()


def district_rows(path: Path, districts: frozenset[str], notes: list[str]) -> list[tuple[int, list[str]]]:
    """The rows a run for a few districts of a national table needs, with the line each starts on: the header and
    every line that holds one of their names (as UTF-8 or GB18030 bytes) or is part of a quoted cell. The file is
    searched as bytes a block at a time, never decoded whole: a line that holds none of their names cannot have
    one in its district cell, and passing it over is many times cheaper than parsing it. Each kept line is read
    as UTF-8, else GB18030 (then ``notes`` says so). The lines found are cached by the file's digest and the
    names: a later run for the same county reads them back instead of searching 22 MB again (0.1 s)."""
    digest = cache.file_digest(path)
    if digest:
        key = cache.make_key("district-lines", [digest, *sorted(districts)])
        search = functools.partial(_district_lines, path, districts)
        kept, wide = cache.cached(key, search, tuple[list[tuple[int, str]], bool])
    else:
        kept, wide = _district_lines(path, districts)
    if wide:
        notes.append("read as GB18030 (not UTF-8)")
    return list(parsed_lines(path, iter(kept)))


def _district_lines(path: Path, districts: frozenset[str]) -> tuple[list[tuple[int, str]], bool]:
    """district_rows' search: the numbered lines kept, and whether any was read as GB18030."""
    needles = {name.encode(codec) for name in districts for codec in ("utf-8", "gb18030")}
    names = re.compile(b"|".join(map(re.escape, sorted(needles, key=len, reverse=True))))
    kept: list[tuple[int, str]] = []
    wide = False

    def keep(n: int, raw: bytes) -> None:
        nonlocal wide
        try:
            kept.append((n, raw.decode("utf-8")))
        except UnicodeDecodeError:
            try:
                kept.append((n, raw.decode("gb18030")))
            except UnicodeDecodeError:
                raise InputError.single(
                    path, "file is neither UTF-8 nor GB18030/GBK text", n, hint="save it as UTF-8 CSV"
                ) from None
            wide = True

    with open_regular_file(path, MAX_TABLE_BYTES) as stream:
        keep(1, stream.readline().removeprefix(codecs.BOM_UTF8))
        n, inside = 2, False  # the number of the block's first line; whether a quoted cell runs over into it
        while block := stream.read(_BLOCK):
            if not block.endswith(b"\n"):
                block += stream.readline()  # whole lines only
            if inside or b'"' in block:
                for line in block.splitlines(keepends=True):
                    if inside or b'"' in line or names.search(line):
                        keep(n, line)
                    if line.count(b'"') % 2:
                        inside = not inside
                    n += 1
                continue
            at, number = 0, n  # the start of the line after the last one kept, and its number
            for found in names.finditer(block):
                if found.start() < at:
                    continue  # another name on a line already kept
                begin = block.rfind(b"\n", 0, found.start()) + 1
                end = block.find(b"\n", found.end()) + 1 or len(block)
                number += block.count(b"\n", at, begin)
                keep(number, block[begin:end])
                at, number = end, number + 1
            n += block.count(b"\n")
    return kept, wide


def parsed_lines(path: Path, lines: Iterator[tuple[int, str]]) -> Iterator[tuple[int, list[str]]]:
    """Numbered lines parsed as CSV rows, each with the number of the line it starts on."""
    numbers: list[int] = []

    def feed() -> Iterator[str]:
        for n, line in lines:
            numbers.append(n)
            yield line

    reader = csv.reader(feed())
    try:
        for row in reader:  # the parser takes the lines of one row at a time, no more
            start = numbers[0]
            numbers.clear()
            yield start, row
    except csv.Error as exc:
        raise InputError.single(path, f"invalid CSV: {exc}", numbers[-1] if numbers else None) from exc


_BLOCK = 1024 * 1024  # bytes searched at a time for the lines a run wants


GroupKey = tuple[str, str]  # (the district a row means, its year as written)


class _Table:
    """A CSV or XLSX table read in two passes over its rows: the first finds the line where each district-year's
    rows end, the second builds the documents and hands each district-year over at that line."""

    def __init__(
        self,
        result: ReadResult,
        rows: Callable[[], Iterator[tuple[int, Sequence[Any]]]],
        districts: frozenset[str] | None,
        key_of: Callable[[str], str] | None,
        on_row: Callable[[int, GroupKey], None] | None = None,
    ) -> None:
        self.result, self.rows, self.districts, self.on_row = result, rows, districts, on_row
        self.key_of = key_of or (lambda district: district)
        self._wanted: dict[Any, bool] = {}  # a national table repeats a few thousand cells: judge each text once
        self._districts: dict[Any, str] = {}
        self._years: dict[Any, str] = {}

    def groups(self) -> Iterator[list[LoadedYaml]]:
        """The documents, a district-year at a time."""
        return (documents for _, documents in self.keyed_groups())

    def keyed_groups(self) -> Iterator[tuple[GroupKey, list[LoadedYaml]]]:
        """groups(), each with the district-year it is."""
        path = self.result.path
        first = self.rows()
        _, header_row = next(first, (1, None))
        seen = header_row is not None and not _blank_row(header_row)
        if header_row is None:
            self.result.problems.append(Problem(path, "the file has no header row", 1, 1))
            return
        header = [HEADER_ALIASES.get(_text(c).lower(), _text(c)) for c in header_row]
        if "indicator" in header and "value" in header:
            builder: _Builder = _LongBuilder(self.result, header)
        elif "district" in header and "year" in header:
            builder = _WideBuilder(self.result, header)
        else:
            if seen or any(not _blank_row(row) for _, row in first):
                self.result.problems.append(
                    Problem(path, _NO_LAYOUT, 1, 1, "see 'check template' for a file to fill in")
                )
            else:
                self.result.problems.append(Problem(path, "the file has no header row", 1, 1))
            return
        if "district" not in header or "year" not in header:
            self.result.problems.append(Problem(path, "the long form needs 'district' and 'year' columns", 1, 1))
            return
        district, year = header.index("district"), header.index("year")
        last: dict[GroupKey, int] = {}
        for n, row in self._data_rows(first, district):
            last[self._key(row, district, year)] = n
        if not last and not seen:
            self.result.problems.append(Problem(path, "the file has no header row", 1, 1))
            return
        second = self.rows()
        next(second, None)
        for n, row in self._data_rows(second, district):
            key = self._key(row, district, year)
            builder.add(n, row, key)
            if self.on_row is not None:
                self.on_row(n, key)
            if last.get(key) == n:
                yield key, builder.pop(key)
        yield from builder.rest()  # the file changed between the passes: what was read is still checked

    def _data_rows(
        self, rows: Iterator[tuple[int, Sequence[Any]]], district: int
    ) -> Iterator[tuple[int, Sequence[Any]]]:
        """The rows after the header with their line numbers, blank rows left out; with ``districts``, only the
        rows of those districts."""
        for n, row in rows:
            if self.districts is not None:
                cell = _cell(row, district)
                wanted = self._wanted.get(cell)
                if wanted is None:
                    wanted = self._wanted[cell] = _text(cell) in self.districts
                if not wanted:
                    continue
            if _blank_row(row):
                continue
            yield n, row

    def _key(self, row: Sequence[Any], district: int, year: int) -> GroupKey:
        cell = _cell(row, district)
        meant = self._districts.get(cell)
        if meant is None:
            meant = self._districts[cell] = self.key_of(_text(cell))
        raw = _cell(row, year)
        written = self._years.get(raw)
        if written is None:  # ２０２４, 2024 and 2024.0 are one year
            value, _ = parse_cell(raw)
            whole = isinstance(value, Decimal) and _is_integral(value)
            written = self._years[raw] = str(int(value)) if whole and isinstance(value, Decimal) else _text(value)
        return meant, written


_NO_LAYOUT = (
    "cannot tell the layout: the header needs 'indicator' and 'value' (long form) or 'district' and 'year' (wide form)"
)


class _Builder:
    """Documents being built from a table's rows, by the district-year they belong to."""

    def __init__(self, result: ReadResult, header: list[str]) -> None:
        self.result = result
        self.col = {name: i for i, name in enumerate(header) if name in HEADER_ALIASES.values()}
        self.open: dict[GroupKey, dict[GroupKey, LoadedYaml]] = {}

    def add(self, n: int, row: Sequence[Any], key: GroupKey) -> None:
        raise NotImplementedError

    def pop(self, key: GroupKey) -> list[LoadedYaml]:
        return list(self.open.pop(key, {}).values())

    def rest(self) -> Iterator[tuple[GroupKey, list[LoadedYaml]]]:
        while self.open:
            key = next(iter(self.open))
            yield key, self.pop(key)

    def cells(self, row: Sequence[Any], names: dict[str, int]) -> dict[str, Any]:
        return {name: _cell(row, i) for name, i in names.items()}


class _LongBuilder(_Builder):
    """Long form: a row per value; a district-year's document gathers its rows."""

    def add(self, n: int, row: Sequence[Any], key: GroupKey) -> None:
        result, col = self.result, self.col
        cell = self.cells(row, col)
        spelled = (_text(cell["district"]), key[1])  # one document per way the district is written
        docs = self.open.setdefault(key, {})
        doc = docs.get(spelled)
        if doc is None:
            doc = docs[spelled] = _new_document(result.path, cell["district"], cell["year"], n, col)
            for name in ("illustrative", "verified"):
                if name in col and not _blank(cell[name]):
                    doc.data[name] = _flag(cell[name])
        indicator = _text(cell["indicator"])
        if not indicator:
            result.problems.append(
                Problem(
                    result.path,
                    "row has a value but no indicator",
                    n,
                    col["indicator"] + 1,
                    "fill the 'indicator' (指标) column with the indicator's id or name; a 'name' column is only for "
                    "reading",
                )
            )
            return
        if indicator in doc.data["values"]:
            first = doc.key_positions[("values", indicator)][0]
            result.problems.append(
                Problem(
                    result.path,
                    f"indicator {indicator!r} is given twice for {spelled[0]} {spelled[1]} (first at line {first})",
                    n,
                    col["indicator"] + 1,
                    "give each indicator once per district and year",
                )
            )
            return
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
            return
        unit = column_unit or inline_unit
        if unit:
            entry["unit"] = unit
        for name in ("source", "note", "confirmed"):
            if name in col and not _blank(cell[name]):
                entry[name] = _text(cell[name])
        for name in ("numerator", "denominator"):
            if name in col and not _blank(cell[name]):
                entry[name] = parse_cell(cell[name])[0]
                doc.positions[("values", indicator, name)] = (n, col[name] + 1)
        doc.data["values"][indicator] = entry
        doc.key_positions[("values", indicator)] = (n, col["indicator"] + 1)
        doc.positions[("values", indicator)] = doc.positions[("values", indicator, "value")] = (n, col["value"] + 1)


def _unit_key(unit: str) -> str:
    """A unit as compared: full-width forms folded (％ is %), spaces dropped."""
    return unicodedata.normalize("NFKC", unit).replace(" ", "")


class _WideBuilder(_Builder):
    """Wide form: a row per district-year, a column per indicator. Its ``confirmed`` (已确认说明) column holds the
    reasons unusual figures of the row are right, each as ``indicator: reason``, separated by ``;`` or new lines."""

    FIXED = frozenset({"district", "year", "illustrative", "verified", "source", "note", "confirmed"})
    COUNTS = frozenset({"numerator", "denominator"})  # a row holds many figures: their counts go in the long form

    def __init__(self, result: ReadResult, header: list[str]) -> None:
        super().__init__(result, header)
        self.col = {name: i for i, name in enumerate(header) if name in self.FIXED}
        self.indicators = [(i, name) for i, name in enumerate(header) if name not in self.FIXED | self.COUNTS and name]
        for i, name in enumerate(header):
            if name in self.COUNTS:
                result.problems.append(
                    Problem(
                        result.path,
                        f"the wide form has no {name} column: a row holds many figures",
                        1,
                        i + 1,
                        "give numerators and denominators in the long form (columns indicator, value, numerator, "
                        "denominator; one row per value), or in YAML: {value: 20, numerator: 1, denominator: 5000}",
                    )
                )

    def add(self, n: int, row: Sequence[Any], key: GroupKey) -> None:
        col = self.col
        cell = self.cells(row, col)
        doc = _new_document(self.result.path, cell["district"], cell["year"], n, col)
        for name in ("illustrative", "verified"):
            if name in col and not _blank(cell[name]):
                doc.data[name] = _flag(cell[name])
        for name in ("source", "note"):
            if name in col and not _blank(cell[name]):
                doc.data[name] = _text(cell[name])
        reasons = self._reasons(n, cell.get("confirmed"))
        for i, name in self.indicators:
            value, unit = parse_cell(_cell(row, i))
            reason = reasons.pop(name, None)
            if unit is None and reason is None:
                doc.data["values"][name] = value
            else:
                entry = {"value": value} | ({"unit": unit} if unit else {}) | ({"confirmed": reason} if reason else {})
                doc.data["values"][name] = entry
            doc.key_positions[("values", name)] = (1, i + 1)
            doc.positions[("values", name)] = doc.positions[("values", name, "value")] = (n, i + 1)
        for name in reasons:
            self.result.problems.append(
                Problem(
                    self.result.path,
                    f"the confirmed column names {name!r}, which is no column of this table",
                    n,
                    col["confirmed"] + 1,
                    "write each reason as 'indicator: reason', naming an indicator column of the header",
                )
            )
        self.open.setdefault(key, {})[(str(n), "")] = doc

    def _reasons(self, n: int, raw: Any) -> dict[str, str]:
        """``indicator: reason`` entries of a row's confirmed cell, by indicator column name."""
        reasons: dict[str, str] = {}
        for part in re.split(r"[;；\n]", _text(raw)):
            if not part.strip():
                continue
            name, *rest = re.split("[:：]", part, maxsplit=1)
            reason = rest[0] if rest else ""
            if not name.strip() or not reason.strip():
                self.result.problems.append(
                    Problem(
                        self.result.path,
                        f"cannot read {part.strip()!r} in the confirmed column",
                        n,
                        self.col["confirmed"] + 1,
                        "in the wide form, write each reason as 'indicator: reason' (several separated by ;)",
                    )
                )
                continue
            reasons[name.strip()] = reason.strip()
        return reasons


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


def _blank_row(row: Sequence[Any]) -> bool:
    return all(_blank(c) for c in row)


def _cell(row: Sequence[Any], i: int) -> Any:
    return row[i] if i < len(row) else None
