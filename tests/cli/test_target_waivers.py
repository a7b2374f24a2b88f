"""Target waivers (waivers.yaml, --waivers FILE): a waived target is `waived`, keeps its own verdict beside the audit
trail in every format, no longer fails the district or the exit code; an expired waiver leaves the verdict with a
note; a malformed file is exit 2 at file:line:column; an incomplete or unmatched waiver is an error in check lint
and check validate. The bundled 2024 荣昌 data fails four targets: 专栏1 序号16, 17, 27 and the national floor 专栏1
序号9 on 吸烟率 (tests/cli/test_fail_on.py relies on the same)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from support.cli import Cli, CliResult
from support.documents import dump
from support.paths import ROOT, SCHEMAS
from support.workbooks import worksheets

TRAIL = {
    "reason": "护士招聘因编制调整推迟",
    "approved_by": "荣昌区卫生健康委员会",
    "approved_on": "2024-03-15",
    "expires": "2025-12-31",
}
NURSES = {"district": "rongchang", "indicator": "nurses_per_1000", "target": "专栏1 序号16", "years": 2024, **TRAIL}
CHILDCARE = {**NURSES, "indicator": "childcare_places_per_1000", "target": "专栏1 17"}
OOP = {**NURSES, "indicator": "oop_health_spending_share", "target": "27"}
SMOKING_FLOOR = {**NURSES, "indicator": "smoking_rate_15plus", "level": "national", "target": "专栏1 序号9"}
EVERY_FAIL = [NURSES, CHILDCARE, OOP, SMOKING_FLOOR]
RUN = ("--year", "2024", "rongchang")


def waivers_file(folder: Path, *waivers: dict[str, Any], name: str = "waivers.yaml") -> Path:
    """A waivers file of these entries, one field a line, in the order given."""
    path = folder / name
    path.write_text(yaml.safe_dump({"waivers": list(waivers)}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run(cli: Cli, path: Path, *args: str) -> CliResult:
    return cli(*RUN, "--waivers", str(path), *args)


def targets(report: dict[str, Any], indicator: str) -> list[dict[str, Any]]:
    row = next(i for i in report["districts"][0]["indicators"] if i["id"] == indicator)
    return list(row["targets"])


# --- what a waiver does to the verdicts ------------------------------------------------------------------------------


def test_a_waiver_turns_a_fail_into_waived_and_keeps_the_target_s_own_verdict(cli: Cli, tmp_path: Path) -> None:
    before = cli(*RUN, "--format", "json").json()
    path = waivers_file(tmp_path, NURSES)
    after = run(cli, path, "--format", "json").json()
    [nurses] = targets(after, "nurses_per_1000")
    assert (nurses["status"], nurses["reason"]) == ("waived", "behind_schedule")
    assert nurses["message"] == targets(before, "nurses_per_1000")[0]["message"]
    assert nurses["waiver"] == {
        **TRAIL,
        "expired": False,
        "original_status": "fail",
        "file": str(path),  # outside the working folder: as given
        "line": 2,  # the entry's
    }
    district, was = after["districts"][0], before["districts"][0]
    assert district["counts"]["fail"] == was["counts"]["fail"] - 1 and district["counts"]["waived"] == 1
    assert district["target_counts"]["waived"] == 1 and "waived" not in was["target_counts"]
    row = next(i for i in district["indicators"] if i["id"] == "nurses_per_1000")
    assert row["verdict"] == "waived"  # its only target is waived


@pytest.mark.parametrize(
    ("waivers", "args", "code"),
    [
        pytest.param([], (), 1, id="no-waiver"),
        pytest.param([NURSES], (), 1, id="three-fails-left"),
        pytest.param(EVERY_FAIL, (), 0, id="every-fail-waived"),
        pytest.param(EVERY_FAIL, ("--fail-on", "warning"), 1, id="warnings-still-count"),
    ],
)
def test_exit_code_passes_over_waived_targets(
    cli: Cli, tmp_path: Path, waivers: list[dict[str, Any]], args: tuple[str, ...], code: int
) -> None:
    result = run(cli, waivers_file(tmp_path, *waivers), "--format", "json", *args)
    assert result.exit_code == code
    if waivers == EVERY_FAIL:
        report = result.json()
        assert report["counts"]["fail"] == 0 and report["verdict"] == "warn"


def test_a_floor_is_waived_with_its_level_and_the_district_s_own_targets_are_not(cli: Cli, tmp_path: Path) -> None:
    found = targets(run(cli, waivers_file(tmp_path, SMOKING_FLOOR), "--format", "json").json(), "smoking_rate_15plus")
    assert [(t["level"], t["floor"], t["status"]) for t in found] == [
        ("district", False, "warn"),
        ("district", False, "warn"),
        ("national", True, "waived"),
    ]
    own = {k: v for k, v in SMOKING_FLOOR.items() if k != "level"}  # 荣昌's own 专栏1 序号9 is another indicator
    found = targets(run(cli, waivers_file(tmp_path, own), "--format", "json").json(), "smoking_rate_15plus")
    assert "waived" not in {t["status"] for t in found}


def test_a_target_that_passes_needs_no_waiver(cli: Cli, tmp_path: Path) -> None:
    p02 = {**{k: v for k, v in NURSES.items() if k != "indicator"}, "project": "rongchang_p02", "target": "专栏2 序号2"}
    [target] = targets(run(cli, waivers_file(tmp_path, p02), "--format", "json").json(), "rongchang_p02")
    assert (target["status"], target["waiver"]) == ("pass", None)


@pytest.mark.parametrize(
    ("year", "years", "expires", "status", "expired"),
    [
        pytest.param(2024, 2024, "2025-12-31", "waived", False, id="in-force"),
        pytest.param(2024, 2024, "2024-12-31", "waived", False, id="expires-on-the-year-s-last-day"),
        pytest.param(2024, 2024, "2024-06-30", "fail", True, id="expired-within-the-year"),
        pytest.param(2024, "2023-2024", "2024-06-30", "fail", True, id="expired-for-its-second-year"),
        pytest.param(2023, "2023-2024", "2024-06-30", "waived", False, id="in-force-for-its-first-year"),
        pytest.param(2024, 2023, "2025-12-31", "fail", None, id="another-year"),
    ],
)
def test_a_waiver_holds_for_a_year_whose_end_it_reaches(
    cli: Cli, tmp_path: Path, year: int, years: int | str, expires: str, status: str, expired: bool | None
) -> None:
    path = waivers_file(tmp_path, {**NURSES, "years": years, "approved_on": "2023-01-05", "expires": expires})
    result = cli("--year", str(year), "rongchang", "--waivers", str(path), "--format", "json")
    [nurses] = targets(result.json(), "nurses_per_1000")
    assert nurses["status"] == status
    assert (nurses["waiver"] and nurses["waiver"]["expired"]) == expired
    assert result.exit_code == 1  # 荣昌 fails other targets in both years


def test_an_expired_waiver_leaves_the_verdict_with_a_note(cli: Cli, tmp_path: Path) -> None:
    path = waivers_file(tmp_path, {**NURSES, "expires": "2024-06-30"})
    table = run(cli, path, "--lang", "en").stdout
    assert "the waiver expired on 2024-06-30; the verdict stands, fail (behind schedule)" in re.sub(r"\s+", " ", table)
    sarif = run(cli, path, "--format", "sarif").json()
    nurses = [r for r in sarif["runs"][0]["results"] if r["properties"]["indicator"] == "nurses_per_1000"]
    assert nurses and "suppressions" not in nurses[0] and "waiver expired on 2024-06-30" in nurses[0]["message"]["text"]
    junit = ET.fromstring(run(cli, path, "--format", "junit").stdout)
    failure = next(c.find("failure") for c in junit.iter("testcase") if "nurses_per_1000" in (c.get("name") or ""))
    assert failure is not None and "waiver expired on 2024-06-30" in (failure.get("message") or "")


# --- the trail in every format --------------------------------------------------------------------------------------


def _json(result: CliResult, path: Path) -> str:
    return json.dumps(targets(result.json(), "nurses_per_1000")[0]["waiver"], ensure_ascii=False)


def _junit(result: CliResult, path: Path) -> str:
    root = ET.fromstring(result.stdout)
    case = next(c for c in root.iter("testcase") if "nurses_per_1000" in (c.get("name") or ""))
    skipped = case.find("skipped")
    assert skipped is not None and case.find("failure") is None
    suite = root.find("testsuite")
    assert suite is not None and int(suite.get("skipped", "0")) == sum(c.find("skipped") is not None for c in suite)
    return skipped.get("message") or ""


def _sarif(result: CliResult, path: Path) -> str:
    data = result.json()
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(data)
    found = next(r for r in data["runs"][0]["results"] if r["properties"]["indicator"] == "nurses_per_1000")
    assert found["level"] == "error" and found["properties"]["status"] == "waived"  # its own level, suppressed
    [suppression] = found["suppressions"]
    assert suppression["kind"] == "external"
    return json.dumps(suppression, ensure_ascii=False)


def _github(result: CliResult, path: Path) -> str:
    line = next(x for x in result.stdout.splitlines() if "nurses_per_1000" in x)
    assert line.startswith("::notice ")
    return line


def _xlsx(result: CliResult, path: Path) -> str:
    sheets = worksheets(path.read_bytes())
    rows = [row for sheet in sheets.values() for row in sheet.iter_rows(values_only=True)]
    nurses = next(row for row in rows if "每千人口注册护士数" in row)
    assert "豁免" in nurses
    return " ".join(str(cell) for cell in nurses if cell is not None)


def _docx(result: CliResult, path: Path) -> str:
    return dump(path.read_bytes())


def _text(result: CliResult, path: Path) -> str:
    return result.stdout


FORMATS: list[tuple[str, Callable[[CliResult, Path], str]]] = [
    ("table", _text),
    ("markdown", _text),
    ("html", _text),
    ("json", _json),
    ("junit", _junit),
    ("sarif", _sarif),
    ("github", _github),
    ("xlsx", _xlsx),
    ("docx", _docx),
]


@pytest.mark.parametrize(("fmt", "read"), FORMATS, ids=[f for f, _ in FORMATS])
def test_every_format_shows_the_waiver_s_trail(
    cli: Cli, tmp_path: Path, fmt: str, read: Callable[[CliResult, Path], str]
) -> None:
    output = tmp_path / f"report.{fmt}"
    binary = fmt in ("xlsx", "docx")
    result = run(cli, waivers_file(tmp_path, NURSES), "--format", fmt, *(("--output", str(output)) if binary else ()))
    assert result.exit_code == 1  # three other targets still fail
    text = re.sub(r"\s+", "", read(result, output))  # the terminal wraps long lines
    for field in TRAIL.values():
        assert re.sub(r"\s+", "", field) in text, (fmt, field)


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_the_people_s_reports_count_waived_only_when_a_target_is(cli: Cli, tmp_path: Path, fmt: str) -> None:
    plain = cli(*RUN, "--format", fmt).stdout
    waived = run(cli, waivers_file(tmp_path, NURSES), "--format", fmt).stdout
    assert "豁免" not in plain and "豁免 1" in waived


def test_the_report_with_a_waiver_is_valid_against_the_report_schema(cli: Cli, tmp_path: Path) -> None:
    report = run(cli, waivers_file(tmp_path, *EVERY_FAIL, {**NURSES, "expires": "2024-06-30"}), "--format", "json")
    schema = json.loads((ROOT / "checker" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report.json())


# --- a malformed file: exit 2 at file:line:column ---------------------------------------------------------------------

ENTRY = """\
waivers:
  - district: rongchang
    indicator: nurses_per_1000
    target: 专栏1 序号16
    years: 2024
    reason: 护士招聘因编制调整推迟
    approved_by: 荣昌区卫生健康委员会
    approved_on: 2024-03-15
    expires: 2025-12-31
"""


@pytest.mark.parametrize(
    ("old", "new", "where", "said"),
    [
        pytest.param("2024-03-15", "2024-3-15", "8:18", "is not a date written YYYY-MM-DD", id="bad-date"),
        pytest.param("    expires:", "    expiry:", "9:5", "unknown field 'expiry'", id="unknown-field"),
        pytest.param("years: 2024", "years: 2025-2024", "5:12", "runs backwards", id="backward-years"),
        pytest.param("years: 2024", "years: [2024, next]", "5:19", "valid integer", id="bad-year"),
        pytest.param("    target: 专栏1 序号16\n", "", "2:5", "target: Field required", id="no-target"),
        pytest.param("nurses_per_1000\n", "nurses_per_1000\n    project: rongchang_p04\n", "2:5", "either", id="both"),
        pytest.param("2024-03-15", "2026-01-01", "2:5", "after it expires", id="approved-after-expiry"),
        pytest.param("  - district: rongchang\n", "  - 5\n  - district: rongchang\n", "2:5", "mapping", id="not-a-map"),
        pytest.param(ENTRY, "waivers: 5\n", "1:10", "waivers", id="not-a-list"),
        pytest.param("    reason:", "    years: 2025\n    reason:", "6:5", "duplicate key 'years'", id="duplicate"),
        pytest.param("reason: ", "reason: [", "6:13", "", id="yaml-syntax"),
    ],
)
def test_a_malformed_file_is_an_input_error_at_its_place(
    cli: Cli, tmp_path: Path, old: str, new: str, where: str, said: str
) -> None:
    assert old in ENTRY
    path = tmp_path / "waivers.yaml"
    path.write_text(ENTRY.replace(old, new, 1), encoding="utf-8")
    for command in (RUN, ("lint",), ("validate", str(ROOT / "data" / "2024" / "rongchang.yaml"))):
        result = cli(*command, "--waivers", str(path))
        assert result.exit_code == 2, (command, result.stderr)
        assert f"{path}:{where}: " in result.stderr and said in result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr


# --- waivers that waive nothing: check lint, check validate, and the run's note -------------------------------------


@pytest.mark.parametrize(
    ("change", "code", "field", "said"),
    [
        pytest.param({"reason": None}, "W701", None, "gives no reason", id="no-reason"),
        pytest.param({"approved_by": None}, "W701", None, "gives no approved_by", id="no-approver"),
        pytest.param({"expires": None}, "W701", None, "gives no expires", id="no-expiry"),
        pytest.param({"reason": "  "}, "W701", None, "gives no reason", id="blank-reason"),
        pytest.param({"district": "rongchan"}, "W702", "district", "did you mean 'rongchang'", id="unknown-district"),
        pytest.param({"indicator": "nurses_per_100"}, "W702", "indicator", "'nurses_per_1000'", id="unknown-indicator"),
        pytest.param({"target": "专栏1 序号99"}, "W702", "target", "its targets: 专栏1 序号16", id="no-such-place"),
        pytest.param({"years": 2030}, "W702", "years", "runs 2021–2025", id="years-outside-the-plan"),
        pytest.param({"level": "municipal"}, "W702", "indicator", "no municipal plan", id="no-such-floor"),
    ],
)
def test_a_waiver_that_waives_nothing_is_a_lint_and_validate_error(
    cli: Cli, tmp_path: Path, change: dict[str, Any], code: str, field: str | None, said: str
) -> None:
    entry = {k: v for k, v in {**NURSES, **change}.items() if v is not None}
    path = waivers_file(tmp_path, entry)
    lint = cli("lint", "--waivers", str(path), "--format", "json")
    assert lint.exit_code == 1
    [finding] = [f for f in lint.json() if f["path"].endswith("waivers.yaml")]
    text = path.read_text(encoding="utf-8").splitlines()
    assert finding["code"] == code and finding["severity"] == "error" and said in finding["message"]
    line = text[finding["line"] - 1]  # the field at fault, else the waiver itself (its first field)
    column = line.index(": ") + 3 if field else line.index("district") + 1
    assert f"{field or 'district'}:" in line and finding["column"] == column
    validate = cli("validate", str(ROOT / "data" / "2024" / "rongchang.yaml"), "--waivers", str(path))
    assert validate.exit_code == 1 and f"{path.name}:{finding['line']}:{finding['column']}: error:" in validate.stdout
    if code == "W701":  # it waives nothing, and the run says so
        result = run(cli, path, "--format", "json")
        assert targets(result.json(), "nurses_per_1000")[0]["status"] == "fail"
        assert "it waives nothing" in result.stderr


def test_complete_waivers_that_name_targets_lint_clean(cli: Cli, tmp_path: Path) -> None:
    path = waivers_file(tmp_path, *EVERY_FAIL)
    assert cli("lint", "--waivers", str(path)).exit_code == 0
    result = cli("validate", str(ROOT / "data" / "2024" / "rongchang.yaml"), "--waivers", str(path))
    assert result.exit_code == 0 and f"{path}: ok (4 target waivers)" in result.stdout


def test_the_example_waivers_file_lints_clean_and_changes_no_bundled_run(cli: Cli) -> None:
    example = ROOT / "docs" / "examples" / "waivers.yaml"
    assert cli("lint", "--waivers", str(example)).exit_code == 0
    report = cli(*RUN, "--waivers", str(example), "--format", "json").json()
    statuses = {i["id"]: [t["status"] for t in i["targets"]] for i in report["districts"][0]["indicators"]}
    assert statuses["national_hygienic_towns"] == ["waived", "waived"] and statuses["rongchang_p04"] == ["waived"]
    assert statuses["nurses_per_1000"] == ["fail"]  # its waiver expired on 2024-06-30
    assert "waived" not in json.dumps(cli(*RUN, "--format", "json").json()["counts"])  # not read unless asked


# --- where the file is found ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [RUN, ("lint",), ("validate", str(ROOT / "data" / "2024" / "rongchang.yaml"))],
    ids=["run", "lint", "validate"],
)
def test_a_waivers_file_here_is_read_and_announced(cli: Cli, command: tuple[str, ...]) -> None:
    assert cli(*command).stderr.count("waivers") == 0
    waivers_file(Path.cwd(), NURSES)
    result = cli(*command, "--format", "json")
    assert "note: reading target waivers from ./waivers.yaml (a file here); --waivers FILE to choose" in result.stderr
    if command == RUN:
        assert targets(result.json(), "nurses_per_1000")[0]["status"] == "waived"
    other = waivers_file(Path.cwd(), name="other.yaml")
    assert "./waivers.yaml" not in cli(*command, "--waivers", str(other)).stderr
