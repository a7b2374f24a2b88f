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
