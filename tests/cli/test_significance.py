"""Chance in a verdict (docs/evaluation.md, "Chance: small numbers"): a value reported with its numerator and
denominator gets its confidence interval in every report; --significance (or the plan's significance) makes a
shortfall the interval may explain a warn, within_uncertainty; counts that do not make the value are an input error.
The intervals themselves: tests/unit/test_uncertainty.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from support.cli import Cli
from support.documents import dump
from support.plans import one_district_plan
from support.workbooks import worksheets
from support.xlsx_parts import long_rows, sheet_xml, workbook

from checker.inputs.resources import schema_path

# 荣昌's 2024 maternal mortality: 1 death in 5,000 live births is 20 /10万; its own target ≤ 10 (expected: the 2020
# baseline 0 already held it, a bound), and the national floor ≤ 14.5 (milestone 14.98 for 2024)
YAML = """district: rongchang
year: 2024
illustrative: true
values:
  maternal_mortality: {value: 20, numerator: 1, denominator: 5000}
  health_literacy: {value: 28.0, numerator: 280, denominator: 1000}
"""
CSV = "区县,年份,指标,数值,分子,分母\n荣昌,2024,孕产妇死亡率,20,1,5000\n荣昌,2024,居民健康素养水平,28.0,280,1000\n"
LOWER, UPPER = "0.50635615968579750807", "111.43286781877797195"  # exact Poisson, 95 %, × 100000/5000


def data_file(tmp_path: Path, text: str = YAML, name: str = "rongchang.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def targets(report: dict[str, Any], indicator: str) -> list[dict[str, Any]]:
    (row,) = [i for i in report["districts"][0]["indicators"] if i["id"] == indicator]
    return list(row["targets"])


def verdicts(report: dict[str, Any], indicator: str) -> list[tuple[str, str, str]]:
    return [(t["level"], t["status"], t["reason"]) for t in targets(report, indicator)]


def run_json(cli: Cli, data: str, *more: str) -> dict[str, Any]:
    result = cli("--year", "2024", "rongchang", "--data", data, "--format", "json", *more)
    assert result.exit_code == 1, result.stderr  # other values are missing: the run fails whatever chance says
    report: dict[str, Any] = result.json()
    return report


def test_by_default_the_verdict_is_the_plans_rule_and_the_report_gives_the_interval(cli: Cli, tmp_path: Path) -> None:
    report = run_json(cli, data_file(tmp_path))
    assert verdicts(report, "maternal_mortality") == [
        ("district", "warn", "missed"),
        ("national", "fail", "floor_breached"),
    ]
    own, floor = targets(report, "maternal_mortality")
    assert own["interval"] == {
        "lower": LOWER,
        "upper": UPPER,
        "level": "95",
        "method": "exact_poisson",
        "numerator": "1",
        "denominator": "5000",
        "judged_against": ["10"],
        "contains": True,
        "unadjusted_status": None,
    }
    assert (floor["interval"]["judged_against"], floor["interval"]["contains"]) == (["14.98"], True)
    Draft202012Validator(json.loads(schema_path("report.schema.json").read_text("utf-8"))).validate(report)


def test_with_significance_a_shortfall_the_interval_may_explain_is_a_warn(cli: Cli, tmp_path: Path) -> None:
    report = run_json(cli, data_file(tmp_path), "--significance")
    assert verdicts(report, "maternal_mortality") == [
        ("district", "warn", "within_uncertainty"),
        ("national", "warn", "within_uncertainty"),
    ]
    (row,) = [i for i in report["districts"][0]["indicators"] if i["id"] == "maternal_mortality"]
    assert row["verdict"] == "warn"  # it failed on the floor without --significance
    own, floor = targets(report, "maternal_mortality")
    assert (own["interval"]["unadjusted_status"], floor["interval"]["unadjusted_status"]) == ("warn", "fail")
    assert floor["message"].endswith(
        "but 14.98 /10万 lies within the 95% confidence interval 0.506–111 /10万 (exact Poisson): the shortfall may "
        "be chance"
    )
    assert report["provenance"]["options"]["significance"] is True
    Draft202012Validator(json.loads(schema_path("report.schema.json").read_text("utf-8"))).validate(report)


def test_a_survey_share_gets_wilson_limits(cli: Cli, tmp_path: Path) -> None:
    """28.0 % of 1,000 respondents: 25.3–30.9 %, holding the 2024 milestone 28.542 but not the national ≥ 25.0."""
    report = run_json(cli, data_file(tmp_path), "--significance")
    found = {t["level"] + (t["source"]["section"]): t for t in targets(report, "health_literacy")}
    own = found["district专栏1"]
    assert (own["status"], own["reason"]) == ("warn", "within_uncertainty")
    assert own["interval"]["method"] == "wilson" and own["interval"]["judged_against"] == ["28.542"]
    assert own["interval"]["lower"].startswith("25.3053700812") and own["interval"]["upper"].startswith("30.8630072921")
    national = [t for t in targets(report, "health_literacy") if t["level"] == "national"]
    assert [(t["status"], t["interval"]["contains"]) for t in national] == [("pass", False)]  # no chance in that pass


def test_the_level_is_an_option(cli: Cli, tmp_path: Path) -> None:
    report = run_json(cli, data_file(tmp_path), "--confidence", "99.8")
    interval = targets(report, "maternal_mortality")[0]["interval"]
    assert interval["level"] == "99.8" and interval["lower"].startswith("0.0200100066")


JSON = json.dumps(
    {
        "district": "rongchang",
        "year": 2024,
        "illustrative": True,
        "values": {
            "maternal_mortality": {"value": 20, "numerator": 1, "denominator": 5000},
            "health_literacy": {"value": 28.0, "numerator": 280, "denominator": 1000},
        },
    }
)


@pytest.mark.parametrize("form", ["csv", "json", "xlsx"])
def test_every_data_format_gives_the_same_intervals(cli: Cli, tmp_path: Path, form: str) -> None:
    from_yaml = run_json(cli, data_file(tmp_path), "--significance")
    if form == "xlsx":
        path = tmp_path / "rongchang.xlsx"
        path.write_bytes(workbook(sheet_xml(long_rows(*(tuple(line.split(",")) for line in CSV.splitlines())))))
        other = str(path)
    else:
        other = data_file(tmp_path, CSV if form == "csv" else JSON, f"rongchang.{form}")
    from_other = run_json(cli, other, "--significance")
    for indicator in ("maternal_mortality", "health_literacy"):
        assert [t["interval"] for t in targets(from_other, indicator)] == [
            t["interval"] for t in targets(from_yaml, indicator)
        ]
        assert verdicts(from_other, indicator) == verdicts(from_yaml, indicator)


PLAN = one_district_plan(
    """  - indicator: maternal_mortality
    printed_name: 孕产妇死亡率(/10万)
    baseline: {year: 2020, value: 12}
    targets:
      - {year: 2025, op: "<=", value: 10, printed: "≤10", nature: binding,
         source: {document: test.txt, section: 专栏1, item: "1"}}
""",
    settings="  significance: true\n",
)


@pytest.mark.parametrize(
    ("setting", "option", "status", "reason"),
    [
        ("true", None, "warn", "within_uncertainty"),
        ("true", "--no-significance", "fail", "missed"),
        ("false", None, "fail", "missed"),
        ("false", "--significance", "warn", "within_uncertainty"),
    ],
)
def test_a_plan_may_ask_for_significance_and_the_option_decides_over_it(
    cli: Cli, tmp_path: Path, setting: str, option: str | None, status: str, reason: str
) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "one.yaml").write_text(PLAN.replace("significance: true", f"significance: {setting}"), "utf-8")
    data = tmp_path / "one.yaml"
    data.write_text(
        "district: one\nyear: 2025\nillustrative: true\n"
        "values: {maternal_mortality: {value: 20, numerator: 1, denominator: 5000}}\n",
        "utf-8",
    )
    args = ["--year", "2025", "one", "--plans", str(plans), "--data", str(data), "--format", "json"]
    result = cli(*args, *([option] if option else []))
    assert result.exit_code == (1 if status == "fail" else 0)
    (target,) = result.json()["districts"][0]["indicators"][0]["targets"]
    assert (target["status"], target["reason"]) == (status, reason)
    assert target["interval"]["unadjusted_status"] == ("fail" if reason == "within_uncertainty" else None)


def test_a_plan_may_set_the_level(cli: Cli, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "one.yaml").write_text(PLAN.replace("significance: true", "confidence: 99.8"), "utf-8")
    data = tmp_path / "one.yaml"
    data.write_text(
        "district: one\nyear: 2025\nillustrative: true\n"
        "values: {maternal_mortality: {value: 20, numerator: 1, denominator: 5000}}\n",
        "utf-8",
    )
    report = cli("--year", "2025", "one", "--plans", str(plans), "--data", str(data), "--format", "json").json()
    assert report["districts"][0]["indicators"][0]["targets"][0]["interval"]["level"] == "99.8"


# --- counts that cannot stand -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "{value: 20, numerator: 2, denominator: 5000}",
            "maternal_mortality: 20 /10万 does not agree with its numerator and denominator: "
            "2/5000 × 100000 = 40 /10万",
        ),
        ("{value: 20, numerator: 1}", "'numerator' is given without 'denominator'"),
        ("{value: null, numerator: 1, denominator: 5000}", "a numerator and denominator are given without the value"),
        ("{value: 20, numerator: 1, denominator: 0}", "the denominator is 0: it must be above 0"),
        ("{value: 20, numerator: 0.5, denominator: 2500}", "a count of events or respondents is a whole number"),
    ],
)
def test_counts_that_do_not_make_the_value_are_an_input_error(
    cli: Cli, tmp_path: Path, entry: str, message: str
) -> None:
    data = data_file(
        tmp_path, f"district: rongchang\nyear: 2024\nillustrative: true\nvalues:\n  maternal_mortality: {entry}\n"
    )
    run = cli("--year", "2024", "rongchang", "--data", data)
    assert run.exit_code == 2 and message in run.stderr and ":5:" in run.stderr
    validate = cli("validate", data)
    assert validate.exit_code == 1 and message in validate.stdout


def test_a_share_cannot_exceed_its_sample(cli: Cli, tmp_path: Path) -> None:
    data = data_file(
        tmp_path,
        "district: rongchang\nyear: 2024\nillustrative: true\nvalues:\n"
        "  health_literacy: {value: 150, numerator: 3, denominator: 2, confirmed: 'a share above the whole'}\n",
    )
    result = cli("validate", data)
    assert result.exit_code == 1 and "a share cannot exceed the whole" in result.stdout


def test_a_mismatch_in_a_table_is_at_its_row(cli: Cli, tmp_path: Path) -> None:
    data = data_file(tmp_path, CSV.replace("20,1,5000", "20,2,5000"), "rongchang.csv")
    result = cli("validate", data)
    assert result.exit_code == 1 and "rongchang.csv:2:4: error: 孕产妇死亡率: 20 /10万 does not agree" in (
        result.stdout
    )


def test_the_wide_form_refuses_counts(cli: Cli, tmp_path: Path) -> None:
    data = data_file(tmp_path, "区县,年份,孕产妇死亡率,分子,分母\n荣昌,2024,20,1,5000\n", "wide.csv")
    result = cli("validate", data)
    assert result.exit_code == 1 and "the wide form has no numerator column" in result.stdout


# --- the reports people read --------------------------------------------------------------------------------------


def test_the_terminal_shows_the_interval(cli: Cli, tmp_path: Path) -> None:
    args = ["--year", "2024", "rongchang", "--data", data_file(tmp_path), "--indicator", "maternal_mortality"]
    table = cli(*args, "--show", "all", "--significance", env={"COLUMNS": "100"}).stdout
    assert "置信区间 95% 0.506–111 /10万（精确泊松法，1/5000），包含 10" in table
    assert "或属偶然" in table  # the reason marks the shortfall as possibly chance
    english = cli(*args, "--show", "all", "--lang", "en", env={"COLUMNS": "100"}).stdout
    assert "95% 0.506–111 /10万 (exact Poisson, 1/5000), holds 10" in english
    plain = cli("--year", "2024", "rongchang", "--show", "all", env={"COLUMNS": "100"}).stdout
    assert "置信区间" not in plain  # no column without an interval


def test_html_markdown_xlsx_and_docx_give_it_in_the_notes(cli: Cli, tmp_path: Path) -> None:
    data = data_file(tmp_path)
    out = tmp_path / "out"
    args = ["--year", "2024", "rongchang", "--data", data, "--significance", "--output-dir", str(out)]
    result = cli(*args, *(f"--format={f}" for f in ("html", "markdown", "xlsx", "docx")))
    assert result.exit_code == 1, result.stderr
    note = "置信区间 95% 0.506–111 /10万（精确泊松法，1/5000）：专栏1 序号3 包含 10；[国家] 专栏1 序号3 包含 14.98"
    unadjusted = "（按规划规则为未通过，因差距在置信区间内改为警告）"  # the floor's own verdict
    assert note + unadjusted in (out / "rongchang-2024.html").read_text("utf-8")
    assert note in (out / "rongchang-2024.md").read_text("utf-8").replace("\\[", "[").replace("\\]", "]")
    assert note in dump((out / "rongchang-2024.docx").read_bytes())
    sheets = worksheets((out / "rongchang-2024.xlsx").read_bytes())
    cells = [str(c) for ws in sheets.values() for row in ws.iter_rows(values_only=True) for c in row if c]
    assert any(note in c for c in cells) and "差距在置信区间内" in cells


def test_explain_shows_the_interval(cli: Cli, tmp_path: Path) -> None:
    args = ["explain", "--year", "2024", "rongchang", "maternal_mortality", "--data", data_file(tmp_path)]
    text = cli(*args, "--significance", "--lang", "en").stdout
    assert "CI: 95% 0.506–111 /10万 (exact Poisson, 1/5000), holds 10" in text
    assert "within uncertainty is warn, whatever the nature" in text
