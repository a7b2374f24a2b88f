"""The CLI as users run it: district names, formats, exit codes, --output, and input errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from support.cli import Cli
from support.plans import one_district_plan

from checker.inputs.resources import schema_path

Write = Callable[[str, str], Path]


def report(cli: Cli, *args: str) -> dict[str, Any]:
    """The JSON report of a run, valid against the published report schema."""
    result = cli(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    data: dict[str, Any] = result.json()
    jsonschema.validate(data, json.loads(schema_path("report.schema.json").read_text()))
    return data


@pytest.mark.parametrize("name", ["rongchang", "荣昌", "荣昌区", "RONGCHANG"])
def test_a_district_can_be_named_by_id_or_chinese_name(cli: Cli, name: str) -> None:
    data = report(cli, "--year", "2024", name)
    assert [d["district"] for d in data["districts"]] == ["rongchang"]


def test_main_command_prints_the_verdict_first_then_the_shortfalls(cli: Cli) -> None:
    result = cli("--year", "2024", "rongchang", "--lang", "en", "--notes")
    assert result.exit_code == 1  # the bundled 2024 data has binding targets behind schedule
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Rongchang District (荣昌区, rongchang) 2024 — verdict: fail")
    assert "ILLUSTRATIVE DATA" in lines[3]
    out = result.stdout
    assert "荣昌府发〔2022〕10号" in out
    assert "4.2 < 4.442 (milestone)" in out and "behind_schedule" not in out  # the reason in words
    assert "Physicians" not in out  # on track: not listed by default
    assert "Unit corrected to ‰" in out  # the 荣昌 rows 4–5 defect note is shown with --notes


def test_json_report_has_the_expected_verdicts_and_validates(cli: Cli) -> None:
    data = report(cli, "--year", "2024", "rongchang")
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
        "unit": "人/千人",
        "printed": "3.6",
        "owner": None,
        "owners": [],
        "target_year": 2025,
        "nature": "binding",
        "milestone": "3.49",
        "milestone_exact": "349/100",
        "progress": "1",  # exactly on the trajectory
        "progress_class": "on_track",
        "comparison": "full",
        "rounded_value": None,
        "revision": None,  # no mid-term revision
        "waiver": None,  # no target waiver names it
        "interval": None,  # no numerator and denominator reported
        "status": "pass",
        "reason": "on_track",
        "message": None,
    }
    assert sum(district["counts"].values()) == 110


def test_every_status_and_reason_appears_in_the_bundled_reports(cli: Cli) -> None:
    data = report(cli, "--year", "2024", "all")
    targets = [t for d in data["districts"] for i in d["indicators"] for t in i["targets"]]
    assert {t["status"] for t in targets} == {"info", "pass", "warn", "fail", "not_evaluable"}
    issue3 = {"met", "on_track", "missed", "behind_schedule", "no_baseline", "missing_value"}
    assert {t["reason"] for t in targets} >= issue3 | {"baseline_required", "unresolved_reference", "floor_breached"}
    assert data["counts"] == {k: sum(d["counts"][k] for d in data["districts"]) for k in data["counts"]}


def test_exit_codes_follow_fail_on(cli: Cli, write: Write, tmp_path: Path) -> None:
    plans = write("plans/one.yaml", ONE_PLAN).parent
    data = tmp_path / "d"

    def check(value: str, *extra: str) -> tuple[int, str]:
        write(
            "d/2024/one.yaml",
            f"district: one\nyear: 2024\nillustrative: false\nvalues: {{physicians_per_1000: {value}}}\n",
        )
        result = cli("--year", "2024", "one", "--plans", str(plans), "--data", str(data), *extra)
        return result.exit_code, result.stdout

    assert check("3.5")[0] == 0  # met
    assert check("3.4")[0] == 0  # on track: milestone 3.4
    code, out = check("3.39", "--lang", "en")  # behind schedule, expected target: a warning
    assert code == 0 and "warn" in out and "3.39 < 3.4 (milestone)" in out and "ILLUSTRATIVE" not in out
    assert check("3.39", "--fail-on", "warn")[0] == 1
    assert check("3.4", "--fail-on", "warn")[0] == 0


ONE_PLAN = one_district_plan(
    """  - indicator: physicians_per_1000
    printed_name: 每千常住人口执业(助理)医师数(人)
    baseline: {year: 2020, value: 3.0}
    targets:
      - {year: 2025, op: ">=", value: 3.5, printed: "3.5", nature: expected,
         source: {document: test.txt, section: 专栏1, item: "1"}}
"""
)


def test_output_file_is_written_and_stdout_stays_empty(cli: Cli, tmp_path: Path) -> None:
    out_file = tmp_path / "report.json"
    result = cli("--year", "2024", "beibei", "--format", "json", "--output", str(out_file))
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(out_file.read_text())["districts"][0]["district"] == "beibei"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left behind


def test_output_into_a_missing_folder_is_an_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("--year", "2024", "beibei", "--output", str(tmp_path / "no" / "r.txt"))
    assert result.exit_code == 2 and "does not exist" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--year", "2024", "rongchnag"], "did you mean 'rongchang'", id="misspelt-district"),
        pytest.param(
            ["--year", "2024", "xyz"],
            "hint: known: national, chongqing, beibei, rongchang, yubei\n",
            id="unknown-district",
        ),
        pytest.param(["--year", "2019", "rongchang"], "covers 2021–2025", id="year-outside-plan"),
        pytest.param(
            ["--year", "2024", "rongchang", "--data", "/nonexistent/x"], "no such file or folder", id="missing-data"
        ),
    ],
)
def test_usage_errors_exit_2_with_a_message(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2 and message in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stderr


def test_a_year_without_data_reports_every_value_missing(cli: Cli) -> None:
    result = cli("--year", "2025", "rongchang", "--lang", "en")
    assert result.exit_code == 1
    out = result.stdout
    assert "no reported values found for 2025" in out and "No value reported (" in out and "ILLUSTRATIVE" not in out


def test_missing_year_is_a_click_usage_error(cli: Cli) -> None:
    result = cli("rongchang")
    assert result.exit_code == 2 and "--year" in result.stderr


def test_districts_lists_plans_and_rule_sets(cli: Cli) -> None:
    result = cli("districts")
    assert result.exit_code == 0
    out = result.stdout
    ids = [line.split()[0] for line in out.splitlines()]
    assert ids == ["national", "chongqing", "beibei", "rongchang", "yubei"]
    assert "荣昌区" in out and "83 indicators" in out and "2025–2025" in out


def test_indicators_json_lists_baselines_targets_and_sources(cli: Cli) -> None:
    result = cli("indicators", "北碚", "--format", "json")
    assert result.exit_code == 0
    rows = {r["id"]: r for r in result.json()["indicators"]}
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
        "unit": "%",
        "owner": None,
        "source": None,
    }
    assert rows["inpatient_reimbursement_resident"]["targets"][0]["nature"] == "unspecified"
    result = cli("indicators", "rongchang")
    assert result.exit_code == 0 and "同比例提高" in result.stdout


def test_help_documents_exit_codes(cli: Cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0 and "Exit codes" in result.stdout and "usage, input or environment" in result.stdout
    assert "3  internal error" in result.stdout
    result = cli("run", "--help")
    assert result.exit_code == 0 and "--fail-on" in result.stdout and "Exit codes" in result.stdout


def test_a_plan_without_targets_says_so_instead_of_an_empty_all_clear(cli: Cli) -> None:
    result = cli("--year", "2024", "chongqing", "--lang", "en")
    assert result.exit_code == 0
    assert "Notes: chongqing's plan sets no target the checker knows yet: nothing was judged" in result.stdout
    assert "Data: —" in result.stdout and "Data: None" not in result.stdout
    data = cli("--year", "2024", "chongqing", "--format", "json").json()
    assert "chongqing's plan sets no target the checker knows yet: nothing was judged" in data["districts"][0]["notes"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["2024", "rongchang"], "give the year with --year: check --year 2024 rongchang", id="year-first"),
        pytest.param(["rongchang", "2023"], "give the year with --year: check --year 2023 rongchang", id="year-last"),
        pytest.param(
            ["rongchang", "yubei"],
            "which year? give it with --year: check --year 2024 rongchang yubei "
            "(<bundled>/data has values for 2021, 2022, 2023, 2024)",
            id="no-year",
        ),
    ],
)
def test_a_run_without_year_says_how_to_write_it(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2 and message in result.stderr
    assert "check run" not in result.stderr and "Missing option" not in result.stderr


def test_every_target_in_json_carries_its_own_unit(cli: Cli) -> None:
    """渝北 item 10: 救护培训 3 万人次 on an indicator in 人次; 团体无偿献血 1.4 万U on one in U."""
    data = report(cli, "--year", "2025", "yubei")
    assert data["schema_version"] == 2
    by_id = {i["id"]: i for i in data["districts"][0]["indicators"]}
    for key, unit, target, own in [
        ("first_aid_training_attendances", "人次", "3", "万人次"),
        ("group_blood_donation", "U", "1.4", "万U"),
    ]:
        (shown,) = by_id[key]["targets"]
        assert (by_id[key]["unit"], shown["target"], shown["unit"]) == (unit, target, own)
    listing = cli("indicators", "yubei", "--format", "json").json()
    rows = {row["id"]: row for row in listing["indicators"]}
    assert rows["first_aid_training_attendances"]["targets"][0]["unit"] == "万人次"
    assert rows["first_aid_training_attendances"]["targets"][0]["owner"] == "区红十字会办公室"
    assert listing["projects"] and all(p["id"] and p["name"] for p in listing["projects"])


def test_check_diff_reads_a_version_1_report(cli: Cli, tmp_path: Path) -> None:
    new = report(cli, "--year", "2024", "rongchang")
    old = json.loads(json.dumps(new))
    old["schema_version"] = 1
    for district in old["districts"]:
        for indicator in district["indicators"]:
            for target in indicator["targets"]:
                del target["unit"]
    (tmp_path / "old.json").write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "new.json").write_text(json.dumps(new, ensure_ascii=False), encoding="utf-8")
    result = cli("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--format", "json")
    assert result.exit_code == 0, result.stderr


def test_every_message_states_units(cli: Cli, tmp_path: Path) -> None:
    """The issue's case: 25000 人次 against 救护培训 3 万人次 said '25000 misses the target ≥ 3'."""
    data = tmp_path / "yubei.yaml"
    data.write_text(
        "district: yubei\nyear: 2025\nillustrative: true\nvalues:\n  first_aid_training_attendances: 25000\n",
        encoding="utf-8",
    )
    shown = report(cli, "--year", "2025", "yubei", "--data", str(data))
    by_id = {i["id"]: i for i in shown["districts"][0]["indicators"]}
    (target,) = by_id["first_aid_training_attendances"]["targets"]
    assert target["message"] == "25000 人次 misses the target ≥ 3 万人次 by 2025"
    assert by_id["health_literacy"]["targets"][0]["message"] == "no value reported for 2025; target ≥ 38 % by 2025"
