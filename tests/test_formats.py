"""Every format districts send, read from real-looking files: YAML, JSON, CSV (long, wide, GB18030, BOM,
full-width digits, inline units, thousands separators) and XLSX made from the template."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.cli.main import main
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


@pytest.fixture(scope="module")
def registry() -> PlanRegistry:
    return bundled()


def values(registry: PlanRegistry, path: Path, district: str = "rongchang", year: int = 2024) -> dict:
    return load_data_file(path, registry.resolve(district), registry, year).values


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("３．４１", (Decimal("3.41"), None)),
        ("48.5%", (Decimal("48.5"), "%")),
        ("４８．５％", (Decimal("48.5"), "%")),
        ("3.41‰", (Decimal("3.41"), "‰")),
        ("46/10万", (Decimal("46"), "/10万")),
        ("1,480,000", (Decimal("1480000"), None)),
        ("１，４８０，０００", (Decimal("1480000"), None)),
        ("", (None, None)),
        ("   ", (None, None)),
        ("在建", ("在建", None)),
        ("1,2", ("1,2", None)),  # not a thousands separator: left for the checks to refuse
        ("-0.5", (Decimal("-0.5"), None)),
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


def test_gb18030_csv_with_full_width_digits_and_chinese_headers(registry: PlanRegistry, tmp_path: Path) -> None:
    text = (
        "区县,年份,指标,数值,单位\n"
        "荣昌区,２０２４,每千常住人口执业(助理)医师数(人),３．４１,\n"
        "荣昌区,2024,居民健康素养水平,２８．５％,\n"
    )
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gb18030"))
    read = read_data_file(path)
    assert read.notes == ["read as GB18030 (not UTF-8)"]
    assert values(registry, path) == {"physicians_per_1000": Decimal("3.41"), "health_literacy": Decimal("28.5")}
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0 and "read as GB18030" in result.stdout


def test_utf8_bom_csv_and_wide_form_with_several_districts(registry: PlanRegistry, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_bytes(
        "\ufeffdistrict,year,illustrative,physicians_per_1000,life_expectancy\n"
        "rongchang,2024,false,3.41,79.1\nbeibei,2024,false,3.95,\n".encode()
    )
    assert values(registry, path) == {"physicians_per_1000": Decimal("3.41"), "life_expectancy": Decimal("79.1")}
    assert values(registry, path, "beibei") == {"physicians_per_1000": Decimal("3.95"), "life_expectancy": None}
    result = CliRunner().invoke(main, ["--year", "2024", "all", "--data", str(path), "--format", "json"])
    assert result.exit_code == 1, result.stderr
    assert [d["district"] for d in json.loads(result.stdout)["districts"]] == ["beibei", "rongchang"]


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
        ('{"district": "rongchang", "year": 2024,}', "invalid JSON", 1, 40),
        ('{"district": "a", "district": "b"}', "duplicate key 'district'", None, None),
    ],
)
def test_malformed_json(tmp_path: Path, text: str, message: str, line: int | None, column: int | None) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        read_data_file(path)
    problem = info.value.problems[0]
    assert message in problem.message and (problem.line, problem.column) == (line, column)


def test_xlsx_made_from_the_template_round_trips(registry: PlanRegistry, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "beibei.xlsx"
    result = CliRunner().invoke(
        main, ["template", "beibei", "--year", "2024", "--format", "xlsx", "--output", str(path)]
    )
    assert result.exit_code == 0, result.stderr
    untouched = CliRunner().invoke(main, ["validate", str(path)])
    assert untouched.exit_code == 0 and "98 of 98 values still missing" in untouched.stdout
    workbook = load_workbook(path)
    sheet = workbook["数据"]
    header = [c.value for c in sheet[1]]
    rows = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
    rows["life_expectancy"][header.index("value")].value = 79.6
    rows["child_myopia_rate"][header.index("value")].value = "50.2%"
    workbook.save(path)
    assert {k: v for k, v in values(registry, path, "beibei").items() if v is not None} == {
        "life_expectancy": Decimal("79.6"),
        "child_myopia_rate": Decimal("50.2"),
    }


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
