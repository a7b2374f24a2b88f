"""Implausible figures as users meet them: ``check validate`` reports them (exit 1) and a run refuses them (exit 2)
with the same message and place; a confirmed figure is accepted and every report shows the confirmation."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest
from support.cli import Cli
from support.paths import ROOT
from support.workbooks import worksheets

HEAD = "district: rongchang\nyear: 2024\nillustrative: false\nvalues:\n  physicians_per_1000: 3.41\n"
# 荣昌's plan: 城镇职工医保政策范围内住院费用支付比例 84.66 % (2020) → 85 %; 人均预期寿命 78.18 → 79.3 岁;
# 健康服务业总规模 78 亿元 by 2025; 每千人口医疗卫生机构床位数 is not in it (the catalogue's range 0–50 applies)
CASES = [
    pytest.param(
        "inpatient_reimbursement_employee: 0.85",
        "inpatient_reimbursement_employee: 0.85 % is off by a factor of 100 from the 2025 target (85 %): "
        "did you mean 85 (%)? 0.85 looks like a share given as a fraction",
        id="share-as-fraction",
    ),
    pytest.param(
        "inpatient_reimbursement_employee: 8466",
        "inpatient_reimbursement_employee: 8466 % is above 100 %: did you mean 84.66 (%)?",
        id="hundredfold-share",
    ),
    pytest.param(
        "life_expectancy: 7.91",
        "life_expectancy: 7.91 岁 is outside the plausible range for 人均预期寿命 (40–100 岁): did you mean 79.1 (岁)?",
        id="life-expectancy-tenfold",
    ),
    pytest.param(
        "health_services_industry_size: 780000",
        "health_services_industry_size: 780000 亿元 is off by a factor of 10,000 from the 2025 target (78 亿元): "
        "did you mean 78 (亿元)? 780000 looks like 万元 given for 亿元",
        id="wan-for-yi",
    ),
    pytest.param(
        "beds_per_1000: 1234",
        "beds_per_1000: 1234 张/千人 is outside the plausible range for 每千人口医疗卫生机构床位数 (0–50 张/千人): "
        "did you mean 1.234 (张/千人)? 1234 looks like a decimal comma read as a thousands separator",
        id="outside-plausible-range",
    ),
]


def data_folder(root: Path, line: str) -> Path:
    (root / "2024").mkdir(parents=True)
    path = root / "2024" / "rongchang.yaml"
    path.write_text(f"{HEAD}  {line}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("line", "message"), CASES)
def test_validate_and_a_run_give_the_same_error_at_the_value(cli: Cli, tmp_path: Path, line: str, message: str) -> None:
    path = data_folder(tmp_path / "data", line)
    where = f"{path}:6:{line.index(':') + 5}"  # line 6, the figure's column
    validated = cli("validate", str(tmp_path / "data"))
    assert validated.exit_code == 1
    assert f"{where}: error: {message}\n" in validated.stdout
    run = cli("--year", "2024", "rongchang", "--data", str(tmp_path / "data"))
    assert run.exit_code == 2
    assert f"error: {where}: {message}\n" in run.stderr


def test_a_plausible_figure_passes(cli: Cli, tmp_path: Path) -> None:
    data_folder(tmp_path / "data", "inpatient_reimbursement_employee: 84.9")
    assert cli("validate", str(tmp_path / "data")).exit_code == 0


REASON = "2024年起按新口径统计（占比以小数填报），已与医保局核实"


def report_rows(cli: Cli, data: Path) -> dict[str, dict[str, object]]:
    """The run's JSON report (checked against its schema), its rows by indicator id."""
    result = cli("--year", "2024", "rongchang", "--data", str(data), "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    report = result.json()
    schema = json.loads((ROOT / "checker" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)
    return {row["id"]: row for row in report["districts"][0]["indicators"]}


def test_a_confirmed_figure_is_accepted_and_every_report_shows_the_reason(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data_folder(data, f'inpatient_reimbursement_employee: {{value: 0.85, confirmed: "{REASON}"}}')
    assert cli("validate", str(data)).exit_code == 0
    rows = report_rows(cli, data)
    assert rows["inpatient_reimbursement_employee"]["value"] == "0.85"
    assert rows["inpatient_reimbursement_employee"]["value_confirmed"] == REASON
    assert rows["physicians_per_1000"]["value_confirmed"] is None
    markdown = cli("--year", "2024", "rongchang", "--data", str(data), "--format", "markdown").stdout
    assert f"已确认：{REASON}" in markdown
    html = cli("--year", "2024", "rongchang", "--data", str(data), "--format", "html", "--lang", "en").stdout
    assert f"confirmed: {REASON}" in html
    args = ("--year", "2024", "rongchang", "--data", str(data), "--lang", "en", "--notes", "--show", "all")
    table = cli(*args, env={"COLUMNS": "400"}).stdout  # wide: no line wraps
    name = "In-policy inpatient reimbursement ratio, urban employee medical insurance"
    assert f"{name} (%) *" in table and f"{name}: confirmed: {REASON}" in table
    workbook = tmp_path / "report.xlsx"
    cli("--year", "2024", "rongchang", "--data", str(data), "--format", "xlsx", "--output", str(workbook))
    cells = [
        c
        for sheet in worksheets(workbook.read_bytes()).values()
        for row in sheet.iter_rows(values_only=True)
        for c in row
    ]
    assert any(isinstance(c, str) and f"已确认：{REASON}" in c for c in cells)


LONG = ["district", "year", "indicator", "value", "unit"]
ROWS = [
    ["rongchang", "2024", "physicians_per_1000", "3.41", ""],
    ["rongchang", "2024", "inpatient_reimbursement_employee", "0.85", ""],
]


@pytest.mark.parametrize("header", ["confirmed", "已确认说明"])
def test_a_csv_confirmed_column(cli: Cli, tmp_path: Path, header: str) -> None:
    path = tmp_path / "values.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([*LONG, header])
        writer.writerows([ROWS[0] + [""], ROWS[1] + [REASON]])
    assert cli("validate", str(path)).exit_code == 0
    assert report_rows(cli, path)["inpatient_reimbursement_employee"]["value_confirmed"] == REASON


def test_an_unconfirmed_csv_row_is_told_to_use_the_column(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([LONG, *ROWS])
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:3:4: error: inpatient_reimbursement_employee: 0.85 % is off by a factor of 100" in result.stdout
    assert "in the row's 'confirmed' (已确认说明) column" in result.stdout


@pytest.mark.parametrize("header", ["confirmed", "已确认说明"])
def test_a_wide_table_confirms_a_figure_by_naming_its_column(cli: Cli, tmp_path: Path, header: str) -> None:
    path = tmp_path / "wide.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["district", "year", "physicians_per_1000", "inpatient_reimbursement_employee", header])
        writer.writerow(["rongchang", "2024", "3.41", "0.85", f"inpatient_reimbursement_employee： {REASON}"])
    assert cli("validate", str(path)).exit_code == 0
    assert report_rows(cli, path)["inpatient_reimbursement_employee"]["value_confirmed"] == REASON


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        pytest.param(
            "beds: why", "the confirmed column names 'beds', which is no column of this table", id="no-column"
        ),
        pytest.param("just a reason", "cannot read 'just a reason' in the confirmed column", id="no-indicator"),
    ],
)
def test_a_wide_confirmation_that_names_nothing_is_an_error(cli: Cli, tmp_path: Path, cell: str, message: str) -> None:
    path = tmp_path / "wide.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["district", "year", "physicians_per_1000", "confirmed"])
        writer.writerow(["rongchang", "2024", "3.41", cell])
    result = cli("validate", str(path))
    assert result.exit_code == 1 and f"{path}:2:4: error: {message}" in result.stdout


def test_an_xlsx_confirmed_column(cli: Cli, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["区县", "年份", "指标", "数值", "单位", "已确认说明"])
    sheet.append(["荣昌区", 2024, "physicians_per_1000", 3.41, None, None])
    sheet.append(["荣昌区", 2024, "inpatient_reimbursement_employee", 0.85, None, REASON])
    sheet.append(["荣昌区", 2024, "life_expectancy", 7.91, "岁", None])
    path = tmp_path / "values.xlsx"
    book.save(path)
    result = cli("validate", str(path))
    assert result.exit_code == 1  # the unconfirmed life expectancy, at its row and value column
    assert f"{path}:4:4: error: life_expectancy: 7.91 岁 is outside the plausible range" in result.stdout
    assert "inpatient_reimbursement_employee" not in result.stdout
    sheet["F4"] = "人口普查修正后的数值"
    book.save(path)
    rows = report_rows(cli, path)
    assert rows["inpatient_reimbursement_employee"]["value_confirmed"] == REASON
    assert rows["life_expectancy"]["value_confirmed"] == "人口普查修正后的数值"
