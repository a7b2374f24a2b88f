"""The input readers (checker.inputs.readers): every format districts send, read from real-looking files: YAML, JSON,
CSV (long, wide, GB18030, BOM, full-width digits, inline units, thousands separators) and XLSX. (The same files
through check validate and runs, and a workbook made by check template: tests/cli/test_readers.py.)"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.domain.errors import InputError
from checker.inputs.data_store import load_data_file
from checker.inputs.loading import PlanRegistry
from checker.inputs.readers import parse_cell, read_data_file

LONG_CSV = """district,year,indicator,value,unit,source,note
rongchang,2024,physicians_per_1000,3.41,,区卫健委年报,
rongchang,2024,每千常住人口注册护士数(人),4.2,人/千人,,
rongchang,2024,health_literacy,28.5%,,,
rongchang,2024,childcare_places_per_1000,,,,not yet counted
"""


@cache
def bundled() -> PlanRegistry:
    return PlanRegistry.load()


def values(registry: PlanRegistry, path: Path, district: str = "rongchang", year: int = 2024) -> dict:
    return load_data_file(path, registry.resolve(district), registry, year).values


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        pytest.param("３．４１", (Decimal("3.41"), None), id="full-width-decimal"),
        pytest.param("48.5%", (Decimal("48.5"), "%"), id="percent"),
        pytest.param("４８．５％", (Decimal("48.5"), "%"), id="full-width-percent"),
        pytest.param("3.41‰", (Decimal("3.41"), "‰"), id="per-mille"),
        pytest.param("46/10万", (Decimal("46"), "/10万"), id="per-100k"),
        pytest.param("1,480,000", (Decimal("1480000"), None), id="thousands"),
        pytest.param("１，４８０，０００", (Decimal("1480000"), None), id="full-width-thousands"),
        pytest.param("", (None, None), id="empty"),
        pytest.param("   ", (None, None), id="blank"),
        pytest.param("在建", ("在建", None), id="text"),
        # not a thousands separator: left for the checks to refuse
        pytest.param("1,2", ("1,2", None), id="comma-not-thousands"),
        pytest.param("-0.5", (Decimal("-0.5"), None), id="negative"),
    ],
)
def test_cells_are_read_as_office_software_writes_them(cell: str, expected: tuple) -> None:
    assert parse_cell(cell) == expected


def test_long_csv(registry: PlanRegistry, tmp_path: Path) -> None:
    path = tmp_path / "rongchang.csv"
    path.write_text(LONG_CSV, encoding="utf-8")
    assert values(registry, path) == {
        "physicians_per_1000": Decimal("3.41"),
        "nurses_per_1000": Decimal("4.2"),
        "health_literacy": Decimal("28.5"),
        "childcare_places_per_1000": None,  # blank is missing, not zero
    }


def test_json_data_file(registry: PlanRegistry, tmp_path: Path) -> None:
    path = tmp_path / "rongchang.json"
    path.write_text(
        json.dumps(
            {
                "district": "rongchang",
                "year": 2024,
                "illustrative": False,
                "values": {"physicians_per_1000": 3.41, "gps_per_10000": {"value": "4.02"}},
            }
        )
    )
    assert values(registry, path) == {"physicians_per_1000": Decimal("3.41"), "gps_per_10000": Decimal("4.02")}


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        pytest.param('{"district": "rongchang", "year": 2024,}', "invalid JSON", 1, 40, id="trailing-comma"),
        pytest.param('{"district": "a", "district": "b"}', "duplicate key 'district'", None, None, id="duplicate-key"),
    ],
)
def test_malformed_json(tmp_path: Path, text: str, message: str, line: int | None, column: int | None) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        read_data_file(path)
    problem = info.value.problems[0]
    assert message in problem.message and (problem.line, problem.column) == (line, column)


def test_an_unreadable_xlsx_is_a_clean_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a workbook")
    with pytest.raises(InputError, match=r"not a readable \.xlsx workbook"):
        read_data_file(path)


@pytest.mark.parametrize("name", ["data.txt", "data"])
def test_unsupported_file_types_are_named(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("x")
    with pytest.raises(InputError, match="unsupported file type"):
        read_data_file(path)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([".yaml", ".json", ".csv"]))
def test_any_bytes_give_data_or_a_clean_error(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"f{suffix}"
    path.write_bytes(raw)
    registry = bundled()
    try:
        read = read_data_file(path)
    except InputError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return
    for document in read.documents:
        from checker.inputs.data_store import check_document

        reported, problems = check_document(document, registry)
        assert (reported is None) == bool(problems)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=6))
def test_any_csv_table_gives_data_or_problems(tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        read = read_data_file(path)
    except InputError as exc:
        assert exc.problems
        return
    assert read.documents or read.problems or not any(any(c.strip() for c in r) for r in rows[1:])


@pytest.mark.parametrize(
    ("value", "unit", "problem"),
    [
        pytest.param("79.4%", "岁", "the value '79.4%' says % but the unit column says 岁", id="percent-in-years"),
        pytest.param("3.41‰", "%", "the value '3.41‰' says ‰ but the unit column says %", id="permille-in-percent"),
        pytest.param("30％", "%", None, id="full-width-percent-agrees"),
        pytest.param("30%", "", None, id="no-unit-column-value"),
    ],
)
def test_a_unit_in_the_cell_that_contradicts_the_unit_column_is_an_error(
    tmp_path: Path, value: str, unit: str, problem: str | None
) -> None:
    path = tmp_path / "values.csv"
    path.write_text(f"district,year,indicator,value,unit\nrongchang,2024,health_literacy,{value},{unit}\n", "utf-8")
    read = read_data_file(path)
    if problem is None:
        assert read.problems == [] and read.documents[0].data["values"]["health_literacy"]["unit"] in ("%", "％")
    else:
        assert [(p.message, p.line, p.column) for p in read.problems] == [(problem, 2, 4)]
        assert read.documents[0].data["values"] == {}  # not read in either unit: nothing is guessed


# --- large tables: read as a stream, a district-year at a time -----------------------------------------------------


def _long_rows(districts: int, years: range, indicators: int) -> list[str]:
    return [
        f"d{d:04},{y},i{i:02},{d + y + i}.5,年报" for d in range(districts) for y in years for i in range(indicators)
    ]


def test_a_grouped_table_is_read_a_district_year_at_a_time_not_held_whole(tmp_path: Path) -> None:
    import tracemalloc

    from checker.inputs.readers import ReadResult, read_groups

    path = tmp_path / "national.csv"
    path.write_text("district,year,indicator,value,source\n" + "\n".join(_long_rows(600, range(2020, 2025), 40)))
    size = path.stat().st_size
    assert size > 3_000_000
    result = ReadResult(str(path))
    tracemalloc.start()
    try:
        groups = 0
        for group in read_groups(path, result):
            assert len(group) == 1 and len(group[0].data["values"]) == 40
            groups += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert groups == 600 * 5 and result.problems == []
    assert peak < size / 4, f"peak {peak:,} bytes for a {size:,}-byte table: it was held, not streamed"


def test_scattered_rows_of_one_district_year_make_one_document_and_a_repeat_is_still_found(tmp_path: Path) -> None:
    """Rows sorted by indicator, not by district: each district-year is gathered across the file."""
    rows = sorted(_long_rows(3, range(2023, 2025), 4), key=lambda row: row.split(",")[2])
    rows.append("d0001,2024,i00,9.5,年报")  # i00 again for d0001 2024, far from its first row
    path = tmp_path / "by_indicator.csv"
    path.write_text("district,year,indicator,value,source\n" + "\n".join(rows) + "\n")
    read = read_data_file(path)
    assert sorted((d.data["district"], d.data["year"]) for d in read.documents) == [
        (f"d{d:04}", y) for d in range(3) for y in (2023, 2024)
    ]
    assert all(len(d.data["values"]) == 4 for d in read.documents)
    assert [(p.line, p.message) for p in read.problems] == [
        (26, "indicator 'i00' is given twice for d0001 2024 (first at line 5)")
    ]


def test_rows_naming_one_district_two_ways_come_together(tmp_path: Path) -> None:
    from checker.inputs.readers import ReadResult, read_groups

    path = tmp_path / "two_names.csv"
    path.write_text("district,year,indicator,value\n荣昌,2024,a,1\nbeibei,2024,a,2\n荣昌区,2024,b,3\n荣昌,2023,a,4\n")
    names = {"荣昌": "rongchang", "荣昌区": "rongchang"}
    groups = list(read_groups(path, ReadResult(str(path)), key_of=lambda d: names.get(d, d)))
    shown = [[(d.data["district"], d.data["year"], sorted(d.data["values"])) for d in group] for group in groups]
    assert shown == [
        [("beibei", 2024, ["a"])],
        [("荣昌", 2024, ["a"]), ("荣昌区", 2024, ["b"])],
        [("荣昌", 2023, ["a"])],
    ]


def test_held_values_give_back_what_the_checks_across_files_and_years_use() -> None:
    from checker.domain.models import DataFile
    from checker.inputs.data_store import HeldValues, ReportedValues

    data = DataFile.model_construct(district="rongchang", year=2024, illustrative=True, values={})
    reported = ReportedValues(
        "data.csv",
        data,
        {"a": Decimal("3.410"), "b": None, "p": "completed", "f": True},
        {"a": "年报"},
        {},
        {},
        {"a": (2, 4), "p": (5, 4)},
        "/x/data.csv",
        {"a": "checked"},
    )
    back = HeldValues.of(reported).unpack()
    assert back.values == reported.values and [type(v) for v in back.values.values()] == [
        Decimal,
        type(None),
        str,
        bool,
    ]
    assert str(back.values["a"]) == "3.410"
    assert back.positions == {"a": (2, 4), "b": (None, None), "p": (5, 4), "f": (None, None)}
    assert set(back.confirmed) == {"a"} and (back.path, back.file, back.data.year) == ("data.csv", "/x/data.csv", 2024)
    odd = ReportedValues("d.csv", data, {"a": "x\x1fy"}, {}, {}, {}, {}, "d.csv")
    assert HeldValues.of(odd).unpack() is odd  # a separator in a value: kept as it is, never misread
