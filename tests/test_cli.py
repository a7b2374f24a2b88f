"""The CLI as users run it: district names, formats, exit codes, --output, and input errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.inputs.resources import schema_path

Write = Callable[[str, str], Path]


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def report(runner: CliRunner, *args: str) -> dict:
    code, out, err = run(runner, *args, "--format", "json")
    assert code in (0, 1), err
    data = json.loads(out)
    jsonschema.validate(data, json.loads(schema_path("report.schema.json").read_text()))
    return data


@pytest.mark.parametrize("name", ["rongchang", "荣昌", "荣昌区", "RONGCHANG"])
def test_a_district_can_be_named_by_id_or_chinese_name(runner: CliRunner, name: str) -> None:
    data = report(runner, "--year", "2024", name)
    assert [d["district"] for d in data["districts"]] == ["rongchang"]


def test_main_command_prints_table_with_banner_counts_and_notes(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--year", "2024", "rongchang")
    assert code == 1  # the bundled 2024 data has binding targets behind schedule
    assert out.startswith(" ILLUSTRATIVE DATA")
    assert "荣昌府发〔2022〕10号" in out
    assert "每千人口执业（助理）医师数" in out and "on_track" in out and "behind_schedule" in out
    assert "Unit corrected to ‰" in out  # the 荣昌 rows 4–5 defect note is shown
    assert "荣昌区 verdict: FAIL" in out


def test_json_report_has_the_expected_verdicts_and_validates(runner: CliRunner) -> None:
    data = report(runner, "--year", "2024", "rongchang")
    assert data["illustrative"] is True and data["year"] == 2024 and data["verdict"] == "fail"
    district = data["districts"][0]
    by_id = {i["id"]: i for i in district["indicators"]}
    kinds = [i["kind"] for i in district["indicators"]]
    assert (kinds.count("indicator"), kinds.count("project")) == (83, 27)  # 专栏1 + running text; 专栏2
    assert len(by_id) == 110
    physicians = by_id["physicians_per_1000"]
    assert physicians["value"] == "3.49"
    assert physicians["targets"][0] | {"message": None} == {
        "source": {"document": "004_55ced2cde3b8db9d.txt", "section": "专栏1", "item": "14"},
        "plan": "rongchang",
        "level": "district",
        "floor": False,
        "kind": "threshold",
        "op": ">=",
        "target": "3.6",
        "low": None,
        "high": None,
        "printed": "3.6",
        "owner": None,
        "owners": [],
        "target_year": 2025,
        "nature": "binding",
        "milestone": "3.49",
        "milestone_exact": "349/100",
        "progress": "1",  # exactly on the trajectory
        "progress_class": "on_track",
        "status": "pass",
        "reason": "on_track",
        "message": None,
    }
    assert sum(district["counts"].values()) == 110


def test_every_status_and_reason_appears_in_the_bundled_reports(runner: CliRunner) -> None:
    data = report(runner, "--year", "2024", "all")
    targets = [t for d in data["districts"] for i in d["indicators"] for t in i["targets"]]
    assert {t["status"] for t in targets} == {"info", "pass", "warn", "fail", "not_evaluable"}
    issue3 = {"met", "on_track", "missed", "behind_schedule", "no_baseline", "missing_value"}
    assert {t["reason"] for t in targets} >= issue3 | {"baseline_required", "unresolved_reference", "floor_breached"}
    assert data["counts"] == {k: sum(d["counts"][k] for d in data["districts"]) for k in data["counts"]}


def test_exit_codes_follow_fail_on(runner: CliRunner, write: Write, tmp_path: Path) -> None:
    plans = write("plans/one.yaml", ONE_PLAN).parent
    data = tmp_path / "d"

    def check(value: str, *extra: str) -> tuple[int, str]:
        write(
            "d/2024/one.yaml",
            f"district: one\nyear: 2024\nillustrative: false\nvalues: {{physicians_per_1000: {value}}}\n",
        )
        code, out, _ = run(runner, "--year", "2024", "one", "--plans", str(plans), "--data", str(data), *extra)
        return code, out

    assert check("3.5")[0] == 0  # met
    assert check("3.4")[0] == 0  # on track: milestone 3.4
    code, out = check("3.39")  # behind schedule, expected target: a warning
    assert code == 0 and "WARN" in out and "behind_schedule" in out and "ILLUSTRATIVE" not in out
    assert check("3.39", "--fail-on", "warn")[0] == 1
    assert check("3.4", "--fail-on", "warn")[0] == 0


ONE_PLAN = """
    schema_version: 1
    plan:
      id: one
      name: 测试区
      name_en: Test District
      level: district
      kind: five_year
      title: 测试规划
      issuer: 测试
      document: test.txt
      period: {start: 2021, end: 2025}
    indicators:
      - indicator: physicians_per_1000
        printed_name: 每千常住人口执业(助理)医师数(人)
        baseline: {year: 2020, value: 3.0}
        targets:
          - {year: 2025, op: ">=", value: 3.5, printed: "3.5", nature: expected,
             source: {document: test.txt, section: 专栏1, item: "1"}}
"""


def test_output_file_is_written_and_stdout_stays_empty(runner: CliRunner, tmp_path: Path) -> None:
    out_file = tmp_path / "report.json"
    code, out, _ = run(runner, "--year", "2024", "beibei", "--format", "json", "--output", str(out_file))
    assert code == 1 and out == ""
    assert json.loads(out_file.read_text())["districts"][0]["district"] == "beibei"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left behind


def test_output_into_a_missing_folder_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "--year", "2024", "beibei", "--output", str(tmp_path / "no" / "r.txt"))
    assert code == 2 and "does not exist" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2024", "rongchnag"], "did you mean 'rongchang'"),
        (
            ["--year", "2024", "chengdu"],
            "known: national (全国), chongqing (重庆市), beibei (北碚区), rongchang (荣昌区)",
        ),
        (["--year", "2019", "rongchang"], "covers 2021–2025"),
        (["--year", "2024", "rongchang", "--data", "/nonexistent/x"], "no such file or folder"),
    ],
)
def test_usage_errors_exit_2_with_a_message(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = run(runner, *args)
    assert code == 2 and message in err and out == ""
    assert "Traceback" not in err


def test_a_year_without_data_reports_every_value_missing(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--year", "2025", "rongchang")
    assert code == 1
    assert "no reported values found for 2025" in out and "missing_value" in out and "ILLUSTRATIVE" not in out


def test_missing_year_is_a_click_usage_error(runner: CliRunner) -> None:
    code, _, err = run(runner, "rongchang")
    assert code == 2 and "--year" in err


def test_districts_lists_plans_and_rule_sets(runner: CliRunner) -> None:
    code, out, _ = run(runner, "districts")
    assert code == 0
    ids = [line.split()[0] for line in out.splitlines()]
    assert ids == ["national", "chongqing", "beibei", "rongchang", "yubei"]
    assert "荣昌区" in out and "83 indicators" in out and "2025–2025" in out


def test_indicators_json_lists_baselines_targets_and_sources(runner: CliRunner) -> None:
    code, out, _ = run(runner, "indicators", "北碚", "--format", "json")
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)["indicators"]}
    assert rows["child_myopia_rate"]["baseline"] == {"year": 2020, "value": "53.47"}
    assert rows["child_myopia_rate"]["targets"][0] | {"source": None} == {
        "year": 2025,
        "op": "<=",
        "value": "49",
        "low": None,
        "high": None,
        "printed": "≤49",
        "nature": "binding",
        "kind": "threshold",
        "source": None,
    }
    assert rows["inpatient_reimbursement_resident"]["targets"][0]["nature"] == "unspecified"
    code, out, _ = run(runner, "indicators", "rongchang")
    assert code == 0 and "同比例提高" in out


def test_help_documents_exit_codes(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--help")
    assert code == 0 and "Exit codes" in out and "usage or input error" in out
    code, out, _ = run(runner, "run", "--help")
    assert code == 0 and "--fail-on" in out and "Exit codes" in out
