"""Data files in the formats districts send, through the command line: check validate and runs read a GB18030 CSV,
a wide table of several districts, and a workbook made by check template and filled in.
(The readers themselves: tests/unit/test_readers.py.)"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from support.cli import Cli

from checker.inputs.data_store import load_data_file
from checker.inputs.loading import PlanRegistry
from checker.inputs.readers import read_data_file


def values(registry: PlanRegistry, path: Path, district: str = "rongchang", year: int = 2024) -> dict:
    return load_data_file(path, registry.resolve(district), registry, year).values


def test_gb18030_csv_with_full_width_digits_and_chinese_headers(
    cli: Cli, registry: PlanRegistry, tmp_path: Path
) -> None:
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
    result = cli("validate", str(path))
    assert result.exit_code == 0 and "read as GB18030" in result.stdout


def test_utf8_bom_csv_and_wide_form_with_several_districts(cli: Cli, registry: PlanRegistry, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_bytes(
        "\ufeffdistrict,year,illustrative,physicians_per_1000,life_expectancy\n"
        "rongchang,2024,false,3.41,79.1\nbeibei,2024,false,3.95,\n".encode()
    )
    assert values(registry, path) == {"physicians_per_1000": Decimal("3.41"), "life_expectancy": Decimal("79.1")}
    assert values(registry, path, "beibei") == {"physicians_per_1000": Decimal("3.95"), "life_expectancy": None}
    result = cli("--year", "2024", "all", "--data", str(path), "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert [d["district"] for d in result.json()["districts"]] == ["beibei", "rongchang"]


def test_xlsx_made_from_the_template_round_trips(cli: Cli, registry: PlanRegistry, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "beibei.xlsx"
    result = cli("template", "beibei", "--year", "2024", "--format", "xlsx", "--output", str(path))
    assert result.exit_code == 0, result.stderr
    untouched = cli("validate", str(path))
    assert untouched.exit_code == 0 and "99 of 99 values still missing" in untouched.stdout
    workbook = load_workbook(path)
    sheet = workbook["数据"]
    header = [c.value for c in sheet[1]]
    rows = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
    rows["life_expectancy"][header.index("数值")].value = 79.6
    rows["child_myopia_rate"][header.index("数值")].value = "50.2%"
    workbook.save(path)
    assert {k: v for k, v in values(registry, path, "beibei").items() if v is not None} == {
        "life_expectancy": Decimal("79.6"),
        "child_myopia_rate": Decimal("50.2"),
    }
