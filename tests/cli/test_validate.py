"""check validate, check schema and check template as users and CI pipelines run them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from support.cli import Cli
from support.paths import ROOT

GOOD = "district: rongchang\nyear: 2024\nillustrative: false\nvalues:\n  physicians_per_1000: 3.41\n"


def test_valid_files_exit_0_and_say_ok(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "rongchang.yaml").write_text(GOOD, encoding="utf-8")
    result = cli("validate", str(tmp_path))
    assert result.exit_code == 0
    out = result.stdout
    assert "rongchang.yaml: ok (1 district-year)" in out and "1 file checked: 1 valid, 0 invalid" in out
    assert "109 of 110 values still missing" in out  # a note, not an error


def test_every_problem_in_every_file_is_reported_with_its_position(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "2023").mkdir()
    (tmp_path / "2023" / "rongchang.yaml").write_text(  # wrong year for its folder, three bad values
        "district: rongchang\nyear: 2024\nillustrative: false\nvalues:\n  physicians_per_100: 3\n"
        "  health_literacy: 130\n  child_myopia_rate: {value: 45, unit: 人}\n",
        encoding="utf-8",
    )
    (tmp_path / "other.yaml").write_text("district: chengdu\nyear: 2024\nillustrative: false\nvalues: {}\n")
    result = cli("validate", str(tmp_path))
    assert result.exit_code == 1
    out = result.stdout
    path = tmp_path / "2023" / "rongchang.yaml"
    assert f"{path}:5:3: error: unknown indicator 'physicians_per_100' for rongchang" in out
    assert f"{path}:6:20: error: health_literacy: 130 % is above 100 %" in out
    assert f"{path}:7:22: error: child_myopia_rate: unit '人' does not convert to '%'" in out
    assert f"{path}:2:7: error: year 2024 does not match the folder 2023/" in out
    assert "other.yaml:1:11: error: unknown district 'chengdu'" in out
    assert "2 files checked: 0 valid, 2 invalid (5 problems)" in out


def test_require_complete_makes_missing_values_errors(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "rongchang.yaml"
    path.write_text(GOOD, encoding="utf-8")
    result = cli("validate", str(path), "--require-complete")
    assert result.exit_code == 1 and "109 of 110 values still missing" in result.stdout


def test_json_and_github_formats(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "rongchang.yaml"
    path.write_text(GOOD.replace("3.41", "-1"), encoding="utf-8")
    result = cli("validate", str(path), "--format", "json")
    data = result.json()
    assert result.exit_code == 1 and data["valid"] is False
    assert data["files"][0]["problems"][0] | {"hint": None} == {
        "line": 5,
        "column": 24,
        "message": "physicians_per_1000: -1 is negative, which a 人/千人 figure cannot be",
        "hint": None,
    }
    result = cli("validate", str(path), "--format", "github")
    annotation = f"::error file={path},line=5,col=24,title=check validate::physicians_per_1000"
    assert result.exit_code == 1 and result.stdout.startswith(annotation)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["validate", "/nonexistent/file.yaml"], "no such file or folder", id="missing-file"),
        pytest.param(["validate", "."], "no data files", id="no-data-files"),
    ],
)
def test_usage_errors_exit_2(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.exit_code == 2 and message in result.stderr


@pytest.mark.parametrize("which", ["data", "report"])
def test_schemas_are_published_and_valid(cli: Cli, which: str, tmp_path: Path) -> None:
    result = cli("schema", which)
    assert result.exit_code == 0
    jsonschema.Draft202012Validator.check_schema(result.json())
    target = tmp_path / f"{which}.json"
    assert cli("schema", which, "--output", str(target)).exit_code == 0
    assert json.loads(target.read_text()) == result.json()


def test_bundled_data_validates_against_the_published_schema(cli: Cli) -> None:
    import yaml

    schema = cli("schema", "data").json()
    files = sorted((ROOT / "data").glob("*/*.yaml"))
    assert len(files) >= 6
    for path in files:  # with safe_load floats: the schema does not depend on our exact-number reader
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_templates_in_three_formats_validate_untouched(cli: Cli, tmp_path: Path) -> None:
    result = cli("template", "荣昌", "--year", "2025")
    assert result.exit_code == 0 and "life_expectancy: null" in result.stdout and "≥ 79.3" in result.stdout
    (tmp_path / "t.yaml").write_text(result.stdout, encoding="utf-8")
    for fmt in ("csv", "xlsx"):
        output = ["--format", fmt, "--output", str(tmp_path / f"t.{fmt}")]
        assert cli("template", "rongchang", "--year", "2025", *output).exit_code == 0
    result = cli("validate", str(tmp_path))
    assert result.exit_code == 0 and result.stdout.count("110 of 110 values still missing") == 3
    result = cli("template", "rongchang", "--year", "2025", "--format", "xlsx")
    assert result.exit_code == 2 and result.stdout == ""
    assert "binary" in result.stderr and "--output FILE.xlsx" in result.stderr
    assert "--output-dir" not in result.stderr  # check template has no such option: the hint names none


def test_template_cells_that_look_like_formulas_are_text_in_xlsx(cli: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "t.xlsx"
    assert cli("template", "beibei", "--year", "2025", "--format", "xlsx", "--output", str(path)).exit_code == 0
    cells = [c for row in load_workbook(path)["数据"].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)  # no formula anywhere


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "rong\x00chang", "..", "data/2024/rongchang"])
def test_hostile_district_names_never_reach_the_file_system(cli: Cli, name: str) -> None:
    result = cli("--year", "2024", name)
    assert result.exit_code == 2 and "unknown district" in result.stderr and result.stdout == ""


def test_a_filled_template_with_a_confirmation_validates(cli: Cli, tmp_path: Path) -> None:
    """The template's confirmed column takes the reason an unusual figure is right, and a run shows it."""
    template = cli("template", "rongchang", "--year", "2024", "--format", "csv", "--lang", "en")
    rows = template.stdout.lstrip("\ufeff").splitlines()
    assert rows[0].endswith(",how_to_fill,value,source,note,confirmed")
    filled = [rows[0]] + [
        row.replace(",,,,", ",0.791,,,a fraction on purpose") if row.split(",")[2] == "life_expectancy" else row
        for row in rows[1:]
    ]
    path = tmp_path / "rongchang-2024.csv"
    path.write_text("\n".join(filled) + "\n", encoding="utf-8")
    checked = cli("validate", str(path))
    assert checked.exit_code == 0, checked.stdout
    report = cli("--year", "2024", "rongchang", "--data", str(path), "--format", "json").json()
    shown = next(i for i in report["districts"][0]["indicators"] if i["id"] == "life_expectancy")
    assert (shown["value"], shown["value_confirmed"]) == ("0.791", "a fraction on purpose")
    unconfirmed = path.read_text(encoding="utf-8").replace(",a fraction on purpose", ",")
    path.write_text(unconfirmed, encoding="utf-8")
    refused = cli("validate", str(path))
    assert refused.exit_code == 1 and "outside the plausible range" in refused.stdout


@pytest.mark.parametrize(
    ("lang", "header", "status_row", "flag_row"),
    [
        pytest.param(
            [],
            "区县,年份,指标,名称,单位,目标,目标来源,填写说明,数值,来源,备注,已确认说明",
            "填其一：未启动、启动、在建、竣工、投入使用",
            "填 是 或 否（true/false）",
            id="zh",
        ),
        pytest.param(
            ["--lang", "en"],
            "district,year,indicator,name,unit,target,target_source,how_to_fill,value,source,note,confirmed",
            "one of: 未启动, 启动, 在建, 竣工, 投入使用",
            "true or false (是/否)",
            id="en",
        ),
    ],
)
def test_a_template_says_what_to_write_in_its_language(
    cli: Cli, tmp_path: Path, lang: list[str], header: str, status_row: str, flag_row: str
) -> None:
    """A project lists its statuses, a deliverable says 是/否; the headers are the chosen language's, and a file
    with either validates as it is."""
    import csv as csv_module

    out = cli("template", "rongchang", "--year", "2024", "--format", "csv", *lang).stdout.lstrip("\ufeff")
    table = list(csv_module.reader(out.splitlines()))
    assert ",".join(table[0]) == header
    how = {row[2]: row[7] for row in table[1:]}
    assert how["rongchang_p01"] == status_row and how["cdc_tertiary_grade"] == flag_row
    assert how["life_expectancy"] in ("填数字（岁）；未报告则留空", "a number in 岁; blank if not reported")
    yaml_text = cli("template", "rongchang", "--year", "2024", *lang).stdout
    assert status_row in next(line for line in yaml_text.splitlines() if line.startswith("  rongchang_p01:"))
    path = tmp_path / "t.csv"
    path.write_text(out, encoding="utf-8")
    assert cli("validate", str(path)).exit_code == 0


def test_an_excel_template_offers_statuses_and_yes_no_in_drop_down_lists(cli: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "t.xlsx"
    assert cli("template", "rongchang", "--year", "2024", "--format", "xlsx", "--output", str(path)).exit_code == 0
    sheet = load_workbook(path)["数据"]
    rows = {row[2].value: row[0].row for row in sheet.iter_rows(min_row=2)}
    lists = {dv.formula1: {str(r) for r in dv.sqref.ranges} for dv in sheet.data_validations.dataValidation}
    assert set(lists) == {'"未启动,启动,在建,竣工,投入使用"', '"是,否"'}
    assert f"I{rows['rongchang_p01']}" in lists['"未启动,启动,在建,竣工,投入使用"']
    assert f"I{rows['cdc_tertiary_grade']}" in lists['"是,否"']
    assert not any(f"I{rows['life_expectancy']}" in cells for cells in lists.values())  # a figure: no list
