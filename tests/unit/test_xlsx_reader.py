"""The xlsx reader (checker.inputs.xlsx_reader): figures read as Excel shows them (86%, 3.41‰, never a float
artefact), a formula without a stored result named at its cell, and workbooks that cannot hurt it: every limit,
each hostile structure built here part by part. (The same files through the command line: tests/cli/
test_xlsx_files.py.)"""

from __future__ import annotations

import io
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from support.xlsx_parts import (
    MAIN,
    SHEET_PART,
    long_rows,
    lying_sizes,
    sheet_xml,
    workbook,
    zip_bomb,
)

from checker.domain.errors import InputError
from checker.inputs import xlsx_reader
from checker.inputs.data_store import load_data_file
from checker.inputs.loading import PlanRegistry
from checker.inputs.readers import parse_cell, read_data_file
from checker.inputs.xlsx_reader import cell_value, read_xlsx

HEADER = ("district", "year", "indicator", "value")
SECONDS = 2  # every refusal takes a fraction of this


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        pytest.param(0.86, "0%", "86%", id="typed-86%"),
        pytest.param(0.0341, "0.00%", "3.41%", id="two-decimals"),
        pytest.param(1, "0%", "100%", id="an-int-as-percent"),
        pytest.param(-0.05, "0.0%;[Red]-0.0%", "-5%", id="negative-section"),
        pytest.param(0.1 + 0.2, "0%", "30%", id="float-sum-as-excel-shows-it"),
        pytest.param(1.5, "[$-804]0.0%", "150%", id="locale-prefix"),
        pytest.param(3.41, "0.00‰", "3.41‰", id="per-mille-written"),
        pytest.param(3.41, '0.00"‰"', "3.41‰", id="per-mille-quoted"),
        pytest.param(0.00341, '0.00,"‰"%%%', "3.41‰", id="per-mille-by-excels-trick"),
        pytest.param(46.2, '0.0"/10万"', "46.2/10万", id="per-100k"),
        pytest.param(86, '0"%"', "86%", id="percent-sign-as-text"),
        pytest.param(0.5, "0.0\\%", "0.5%", id="percent-sign-escaped"),
        pytest.param(0.86, "General", "0.86", id="general"),
        pytest.param(0.1 + 0.2, "General", "0.3", id="fifteen-digits"),
        pytest.param(1e-07, "General", "0.0000001", id="no-exponent"),
        pytest.param(1480000, "#,##0,", 1480000, id="thousands-shown-still-people"),
        pytest.param(2024, "General", 2024, id="int-unchanged"),
        pytest.param(0, '0%;-0%;"-"', 0, id="zero-section-shows-no-unit"),
        pytest.param("48.5%", "@", "48.5%", id="text"),
        pytest.param(True, "0%", True, id="bool"),
        pytest.param(float("nan"), "0%", "nan", id="nan"),
    ],
)
def test_a_number_reads_as_its_format_shows_it(value: object, number_format: str, expected: object) -> None:
    assert cell_value(value, number_format) == expected


def test_a_percent_cell_is_exactly_86() -> None:
    number, unit = parse_cell(cell_value(0.86, "0%"))
    assert (number, unit) == (Decimal("86"), "%") and str(number) == "86"
    number, unit = parse_cell(cell_value(0.0341, "0.00%"))
    assert str(number) == "3.41" and unit == "%"


def _saved(path: Path, book: Workbook) -> Path:
    book.save(path)
    return path


def _long(path: Path, rows: list[tuple[object, ...]], formats: dict[str, str] | None = None) -> Path:
    """A long-form workbook written by openpyxl, with number formats by cell reference."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "数据"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    return _saved(path, book)


def test_percent_and_per_mille_cells_read_as_typed(registry: PlanRegistry, tmp_path: Path) -> None:
    path = _long(
        tmp_path / "rongchang.xlsx",
        [
            ("rongchang", 2024, "health_literacy", 0.86),
            ("rongchang", 2024, "infant_mortality", 3.41),
            ("rongchang", 2024, "physicians_per_1000", 3.41),
        ],
        {"D2": "0%", "D3": '0.00"‰"'},
    )
    values = load_data_file(path, registry.resolve("rongchang"), registry, 2024).values
    assert values["health_literacy"] == Decimal("86") and str(values["health_literacy"]) == "86"
    assert values["infant_mortality"] == Decimal("3.41")
    assert values["physicians_per_1000"] == Decimal("3.41")


def test_a_percent_cell_in_a_wide_table_carries_its_unit(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(("district", "year", "health_literacy"))
    sheet.append(("rongchang", 2024, 0.285))
    sheet["C2"].number_format = "0.0%"
    read = read_data_file(_saved(tmp_path / "wide.xlsx", book))
    assert read.documents[0].data["values"]["health_literacy"] == {"value": Decimal("28.5"), "unit": "%"}


def test_a_formula_without_a_stored_result_is_named_at_its_cell(registry: PlanRegistry, tmp_path: Path) -> None:
    path = _long(
        tmp_path / "formula.xlsx",
        [("rongchang", 2024, "physicians_per_1000", 3.41), ("rongchang", 2024, "nurses_per_1000", "=D2*2")],
    )
    read = read_data_file(path)
    [problem] = read.problems
    assert (problem.line, problem.column) == (3, 4)
    assert problem.message.startswith("cell D3 holds a formula (=D2*2) with no stored result")
    assert problem.hint is not None and "save it" in problem.hint
    with pytest.raises(InputError, match="cell D3 holds a formula"):
        load_data_file(path, registry.resolve("rongchang"), registry, 2024)


def test_a_stored_formula_result_is_read_and_an_empty_one_is_blank(tmp_path: Path) -> None:
    rows = long_rows(HEADER, ("rongchang", "2024", "physicians_per_1000", "3.41")) + (
        '<row r="3"><c r="A3" t="inlineStr"><is><t>rongchang</t></is></c><c r="B3"><v>2024</v></c>'
        '<c r="C3" t="inlineStr"><is><t>nurses_per_1000</t></is></c><c r="D3"><f>D2*2</f><v>6.82</v></c></row>'
        '<row r="4"><c r="A4" t="inlineStr"><is><t>rongchang</t></is></c><c r="B4"><v>2024</v></c>'
        '<c r="C4" t="inlineStr"><is><t>gps_per_10000</t></is></c>'
        '<c r="D4" t="str"><f>IF(D2&gt;9,D2,"")</f><v></v></c></row>'
    )
    path = tmp_path / "stored.xlsx"
    path.write_bytes(workbook(sheet_xml(rows)))
    read = read_data_file(path)
    assert read.problems == []
    values = read.documents[0].data["values"]
    assert values["nurses_per_1000"]["value"] == Decimal("6.82")
    assert values["gps_per_10000"]["value"] is None  # the formula's stored result is "": a blank, as Excel shows


def test_a_run_for_some_districts_is_not_stopped_by_another_districts_formula(tmp_path: Path) -> None:
    path = _long(
        tmp_path / "two.xlsx",
        [("rongchang", 2024, "physicians_per_1000", 3.41), ("beibei", 2024, "physicians_per_1000", "=D2")],
    )
    assert read_data_file(path, frozenset({"rongchang"})).problems == []
    assert [p.line for p in read_data_file(path, frozenset({"beibei"})).problems] == [3]
    assert [p.line for p in read_data_file(path).problems] == [3]


def test_the_declared_dimension_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "declared.xlsx"
    rows = long_rows(HEADER, ("rongchang", "2024", "physicians_per_1000", "3.41"))
    path.write_bytes(workbook(sheet_xml(rows, dimension="A1:XFD1048576")))
    start = time.perf_counter()
    table = read_xlsx(path)
    assert time.perf_counter() - start < SECONDS
    assert [list(row) for row in table.rows] == [list(HEADER), ["rongchang", 2024, "physicians_per_1000", "3.41"]]


def test_blank_cells_after_a_rows_last_value_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "styled.xlsx"
    rows = long_rows(HEADER) + '<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="Z2" s="0"/></row>'
    path.write_bytes(workbook(sheet_xml(rows)))
    assert [len(row) for row in read_xlsx(path).rows] == [4, 1]


def _refused(path: Path, data: bytes) -> InputError:
    path.write_bytes(data)
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_xlsx(path)
    assert time.perf_counter() - start < SECONDS
    [problem] = info.value.problems
    assert problem.path == str(path) and problem.hint
    return info.value


ONE_CELL_AT_XFD = sheet_xml('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', dimension="A1:XFD1048576")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            workbook(ONE_CELL_AT_XFD),
            "has a value at XFD1048576: read as a table, 1,048,576 rows × 16,384 columns is more than the limit",
            id="one-cell-at-XFD1048576",
        ),
        pytest.param(
            workbook(sheet_xml('<row r="2000000"><c r="A2000000"><v>1</v></c></row>')),
            "has rows past row 1,048,576",
            id="row-past-excels-last",
        ),
        pytest.param(
            workbook(sheet_xml(f'<row r="1">{"<c><v>1</v></c>" * 16_385}</row>')),
            "a row of xl/worksheets/sheet1.xml holds more than 16,384 cells",
            id="row-wider-than-excel",
        ),
        pytest.param(
            workbook(sheet_xml('<row r="1"><c r="XFE1"><v>1</v></c></row>')),
            "has a cell past column XFD, Excel's last, in row 1",
            id="column-past-excels-last",
        ),
        pytest.param(
            workbook(sheet_xml('<row r="1"><c r="A1"><v>1</v></row>')),
            "part xl/worksheets/sheet1.xml is not well-formed XML: mismatched tag (line 1, column",
            id="malformed-sheet",
        ),
        pytest.param(
            workbook(sheet_xml(""), {"xl/workbook.xml": "<workbook><sheets>"}),
            "part xl/workbook.xml is not well-formed XML: no element found",
            id="malformed-workbook-part",
        ),
        pytest.param(
            workbook("<x:worksheet><sheetData/></x:worksheet>"),
            "is not well-formed XML: unbound prefix",
            id="unbound-prefix",
        ),
        pytest.param(
            workbook(
                '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
                f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is>'
                "</c></row></sheetData></worksheet>"
            ),
            "declares a DTD (<!DOCTYPE>), which no workbook does",
            id="entity-expansion",
        ),
        pytest.param(
            workbook(sheet_xml(""), {"[Content_Types].xml": ""}),
            "not a readable .xlsx workbook (a part it refers to is missing: There is no item named "
            "'[Content_Types].xml'",
            id="missing-content-types",
        ),
        pytest.param(
            workbook(sheet_xml(""), {SHEET_PART: ""}),
            "the workbook has no worksheet",
            id="missing-sheet-part",
        ),
        pytest.param(
            workbook(sheet_xml('<row r="x"><c r="A1"><v>1</v></c></row>')),
            "not a readable .xlsx workbook (ValueError",
            id="row-number-not-a-number",
        ),
        pytest.param(
            lying_sizes(workbook(sheet_xml(long_rows(*[("a", "1")] * 20_000))), SHEET_PART, 1_000),
            "part xl/worksheets/sheet1.xml does not match its zip header (Bad CRC-32",
            id="unpacks-to-more-than-declared",
        ),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1_000),
            "this is an encrypted (password-protected) workbook or an old .xls file",
            id="encrypted-ole",
        ),
        pytest.param(b"district,year\n", "the file is not a zip archive (it starts b'district')", id="csv-text"),
        pytest.param(b"", "not a readable .xlsx workbook: the file is empty", id="empty"),
        pytest.param(b"PK\x03\x04 not a zip", "not a readable .xlsx workbook: a damaged zip archive", id="bad-zip"),
    ],
)
def test_a_hostile_workbook_is_refused_quickly_and_clearly(tmp_path: Path, data: bytes, message: str) -> None:
    error = _refused(tmp_path / "hostile.xlsx", data)
    assert message in error.problems[0].message


def test_the_cell_at_xfd1048576_is_where_the_error_points(tmp_path: Path) -> None:
    problem = _refused(tmp_path / "far.xlsx", workbook(ONE_CELL_AT_XFD)).problems[0]
    assert (problem.line, problem.column) == (1_048_576, 16_384)


def test_a_zip_bomb_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "bomb.xlsx", 200 * 1024 * 1024)
    assert path.stat().st_size < 1024 * 1024
    error = _refused(path, path.read_bytes())
    assert "part xl/worksheets/sheet1.xml unpacks to 209,715,200 bytes, more than the limit of 134,217,728 bytes" in (
        error.problems[0].message
    )


def test_a_part_that_compresses_absurdly_well_is_refused(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "ratio.xlsx", 100 * 1024 * 1024)  # under the size limits: the ratio gives it away
    error = _refused(path, path.read_bytes())
    assert "more than the limit of 200:1): a zip bomb or a damaged file" in error.problems[0].message


def _rezipped(data: bytes, compression: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", compression) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    return buffer.getvalue()


SMALL = workbook(sheet_xml(long_rows(HEADER, ("rongchang", "2024", "physicians_per_1000", "3.41"))))


def test_a_compression_workbooks_never_use_is_refused(tmp_path: Path) -> None:
    error = _refused(tmp_path / "bz2.xlsx", _rezipped(SMALL, zipfile.ZIP_BZIP2))
    assert "uses zip compression method 12; workbooks use deflate" in error.problems[0].message


def test_an_encrypted_part_is_refused(tmp_path: Path) -> None:
    data = bytearray(SMALL)
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1  # the central directory's "encrypted" flag of the first part
    error = _refused(tmp_path / "locked.xlsx", bytes(data))
    assert "is encrypted" in error.problems[0].message


def test_the_limits_on_parts_and_cells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_PARTS", 4)
    assert "parts, more than the limit of 4" in _refused(tmp_path / "a.xlsx", SMALL).problems[0].message
    monkeypatch.setattr(xlsx_reader, "MAX_PARTS", 1_000)
    monkeypatch.setattr(xlsx_reader, "MAX_CELLS", 7)
    error = _refused(tmp_path / "b.xlsx", SMALL)
    assert "holds more than 7 cells, the limit for one sheet" in error.problems[0].message
    monkeypatch.setattr(xlsx_reader, "MAX_CELLS", 9)  # 9 cell elements pass; 2 rows × 4 columns of values do not
    rows = long_rows(HEADER) + '<row r="3"><c r="A3"><v>1</v></c></row>'
    assert (
        "3 rows × 4 columns is more than the limit of 9 cells"
        in _refused(tmp_path / "c.xlsx", workbook(sheet_xml(rows))).problems[0].message
    )
    monkeypatch.setattr(xlsx_reader, "MAX_ROW_CELLS", 3)  # cells counted whatever their namespace prefix
    x = "x" * 300
    wide = f'<{x}:row r="1">{f"<{x}:c><{x}:v>1</{x}:v></{x}:c>" * 4}</{x}:row>'
    prefixed = f'<{x}:worksheet xmlns:{x}="{MAIN}"><{x}:sheetData>{wide}</{x}:sheetData></{x}:worksheet>'
    assert (
        "a row of xl/worksheets/sheet1.xml holds more than 3 cells"
        in _refused(tmp_path / "f.xlsx", workbook(prefixed)).problems[0].message
    )
    monkeypatch.setattr(xlsx_reader, "MAX_ROW_CELLS", 16_384)
    monkeypatch.setattr(xlsx_reader, "MAX_LAID_OUT", 50)  # an empty formatted cell at Z, row after row
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="Z{r}" s="0"/></row>' for r in (1, 2, 3))
    assert (
        "more than 50 cells to lay out, most of them empty"
        in _refused(tmp_path / "e.xlsx", workbook(sheet_xml(rows))).problems[0].message
    )
    monkeypatch.setattr(xlsx_reader, "MAX_TOTAL_BYTES", 1_000)
    assert "the workbook unpacks to" in _refused(tmp_path / "d.xlsx", SMALL).problems[0].message


def test_a_sheet_named_data_is_read_before_the_first(tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.append(("notes",))
    book.create_sheet("数据").append(HEADER)
    assert [list(row) for row in read_xlsx(_saved(tmp_path / "two.xlsx", book)).rows] == [list(HEADER)]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=len(SMALL) - 1), st.integers(0, 255)), max_size=4))
def test_any_damage_gives_a_table_or_a_clean_error(
    tmp_path_factory: pytest.TempPathFactory, damage: list[tuple[int, int]]
) -> None:
    data = bytearray(SMALL)
    for offset, byte in damage:
        data[offset] = byte
    path = tmp_path_factory.mktemp("damaged") / "d.xlsx"
    path.write_bytes(bytes(data))
    try:
        read_data_file(path)
    except InputError as exc:
        assert exc.problems and all(p.message and p.path == str(path) for p in exc.problems)
