"""JUnit, SARIF and GitHub outputs of a run: the shapes CI viewers read, validated against the real schemas."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from support.cli import Cli
from support.paths import FIXTURES, ROOT, SCHEMAS


@pytest.fixture(scope="module")
def sarif(cli: Cli) -> dict:
    return cli("--year", "2024", "beibei", "--format", "sarif").json()


def test_sarif_is_valid_against_the_sarif_2_1_0_schema(sarif: dict) -> None:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(sarif)


def test_sarif_results_point_at_the_value_in_the_data_file(sarif: dict) -> None:
    results = sarif["runs"][0]["results"]
    assert {r["level"] for r in results} == {"error", "warning", "note"}
    myopia = next(r for r in results if r["properties"]["indicator"] == "child_myopia_rate")
    location = myopia["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("data/2024/beibei.yaml")
    lines = (ROOT / "data" / "2024" / "beibei.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[location["region"]["startLine"] - 1].lstrip().startswith("child_myopia_rate: 50.2")
    assert myopia["ruleId"] == "behind_schedule" and myopia["level"] == "error"
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def junit(cli: Cli, *args: str) -> ET.Element:
    result = cli("--year", "2024", "beibei", "--format", "junit", *args)
    assert result.exit_code == 1
    return ET.fromstring(result.stdout)


def test_junit_failures_warnings_and_skips_are_distinguishable(cli: Cli) -> None:
    root = junit(cli)
    cases = root.findall("testsuite/testcase")
    failures = [c.find("failure") for c in cases if c.find("failure") is not None]
    assert {f.get("type") for f in failures} == {"fail"}  # warnings are not failures by default …
    assert any("WARNING warn:" in (c.findtext("system-out") or "") for c in cases)  # … but say so
    assert len(cases) == int(root.get("tests", "0")) and len(failures) == int(root.get("failures", "0"))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("file", "").endswith("data/2024/beibei.yaml")
    assert int(suite.get("skipped", "0")) == sum(c.find("skipped") is not None for c in cases) > 0
    assert all(re.match(r"\S*data/2024/beibei\.yaml:\d+: ", f.get("message", "")) for f in failures)
    warned = junit(cli, "--fail-on", "warn").findall("testsuite/testcase/failure")
    assert {f.get("type") for f in warned} == {"fail", "warn"}


def test_junit_is_valid_against_the_junit_schema(cli: Cli) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(SCHEMAS / "junit.xsd"))
    schema.validate(ET.tostring(junit(cli)).decode())


def test_github_annotations_name_file_line_and_level(cli: Cli) -> None:
    result = cli("--year", "2024", "beibei", "--format", "github")
    code, lines = result.exit_code, result.stdout.splitlines()
    assert code == 1 and lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    myopia = next(line for line in lines if "child_myopia_rate" in line)
    assert myopia.startswith("::error file=") and "beibei.yaml,line=" in myopia and "behind_schedule" in myopia


def test_several_reports_from_one_run(cli: Cli, tmp_path: Path) -> None:
    paths = {name: tmp_path / f"r.{name}" for name in ("json", "junit", "sarif")}
    result = cli(
        "--year",
        "2024",
        "rongchang",
        "--output-json",
        str(paths["json"]),
        "--output-junit",
        str(paths["junit"]),
        "--output-sarif",
        str(paths["sarif"]),
    )
    assert result.exit_code == 1 and result.stdout.startswith("荣昌区（rongchang）2024年　判定：未通过")  # the table
    assert json.loads(paths["json"].read_text())["districts"][0]["district"] == "rongchang"
    assert ET.parse(paths["junit"]).getroot().tag == "testsuites"
    assert json.loads(paths["sarif"].read_text())["version"] == "2.1.0"


def test_lint_sarif_is_valid_and_marks_waivers_as_suppressions(cli: Cli) -> None:
    result = cli("lint", "--format", "sarif", "--show-waived")
    assert result.exit_code == 0
    data = result.json()
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(data)
    results = data["runs"][0]["results"]
    assert results and all(r["suppressions"][0]["kind"] == "inSource" for r in results)
    c303 = next(r for r in results if r["ruleId"] == "C303")  # 北碚 专栏1 序号14 says 全市
    assert c303["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "plans/beibei.yaml"
    assert cli("lint", "--format", "sarif").stdout.count('"ruleId"') == 0  # waived findings are left out by default


def test_lint_github_annotations_for_unwaived_findings(cli: Cli) -> None:
    fixture = FIXTURES / "lint" / "units.yaml"
    result = cli("lint", str(fixture), "--format", "github")
    assert result.exit_code == 1
    out = result.stdout
    first = out.splitlines()[0]
    assert first.startswith("::error file=") and "fixtures/lint/units.yaml,line=" in first and ",title=U101::" in out
