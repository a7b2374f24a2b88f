"""Every run report records what it was made from: the tool, the time (SOURCE_DATE_EPOCH when set), the options that
decide its verdicts, and the SHA-256 of every plan, rule set, catalogue file and data file read (the JSON report's
``provenance``); the reports people read end with a line of it (Markdown, HTML, Excel, Word)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pytest
from support.cli import Cli
from support.documents import document
from support.tables import write_csv

from checker.inputs.plan_table import COLUMNS
from checker.inputs.resources import bundled_dir, schema_path

RUN = ("--year", "2024", "rongchang")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """Copies of the bundled plans, rules and data, given by absolute paths."""
    copies = {}
    for name in ("plans", "rules", "data"):
        shutil.copytree(bundled_dir(name), tmp_path / name)
        copies[name] = tmp_path / name
    return copies


def given(inputs: dict[str, Path]) -> list[str]:
    return [arg for name, path in inputs.items() for arg in (f"--{name}", str(path))]


def test_the_json_report_records_each_input_with_the_sha256_of_its_bytes(cli: Cli, inputs: dict[str, Path]) -> None:
    result = cli(*RUN, *given(inputs), "--format", "json", "--fail-on", "warn")
    assert result.exit_code == 1, result.stderr
    report = result.json()
    jsonschema.validate(report, json.loads(schema_path("report.schema.json").read_text(encoding="utf-8")))
    p = report["provenance"]
    assert p["tool"] == {"name": "health-plan-checker", "version": report["tool"]["version"]}
    assert p["options"] == {"year": 2024, "districts": ["rongchang"], "fail_on": "warning"}
    assert p["sources"] == {name: str(path) for name, path in inputs.items()}
    plan = inputs["plans"] / "rongchang.yaml"
    assert p["plans"] == [{"id": "rongchang", "path": str(plan), "sha256": sha256(plan)}]
    rules = inputs["rules"]
    assert {(r["id"], r["path"], r["sha256"]) for r in p["rule_sets"]} == {
        (name, str(rules / f"{name}.yaml"), sha256(rules / f"{name}.yaml")) for name in ("national", "chongqing")
    }
    catalogue = [rules / "indicators.yaml", *sorted((rules / "catalogue").glob("*.yaml"))]
    assert p["catalogue"] == [{"path": str(f), "sha256": sha256(f)} for f in catalogue]
    data = {d["path"]: d["sha256"] for d in p["data"]}
    this_year = inputs["data"] / "2024" / "rongchang.yaml"
    assert data[str(this_year)] == sha256(this_year)
    last_year = inputs["data"] / "2023" / "rongchang.yaml"  # held against this year's figures
    assert data[str(last_year)] == sha256(last_year)
    assert not any("beibei" in path or "yubei" in path for path in data)  # only what the run read
    digests = sorted({f["sha256"] for key in ("plans", "rule_sets", "catalogue", "data") for f in p[key]})
    assert p["inputs_digest"] == hashlib.sha256("".join(f"{d}\n" for d in digests).encode()).hexdigest()


def test_bundled_inputs_are_shown_as_bundled(cli: Cli) -> None:
    p = cli(*RUN, "--format", "json").json()["provenance"]
    assert p["sources"] == {"plans": "<bundled>/plans", "rules": "<bundled>/rules", "data": "<bundled>/data"}
    assert p["plans"][0]["path"] == "<bundled>/plans/rongchang.yaml"
    bundled = {d["path"]: d["sha256"] for d in p["data"]}
    assert bundled["<bundled>/data/2024/rongchang.yaml"] == sha256(bundled_dir("data") / "2024" / "rongchang.yaml")


def test_the_plans_of_a_plan_table_share_its_file(cli: Cli, tmp_path: Path) -> None:
    row = {
        "parent": "national",
        "period_start": "2021",
        "period_end": "2025",
        "indicator": "life_expectancy",
        "kind": "threshold",
        "op": ">=",
        "value": "80",
        "target_year": "2025",
        "nature": "expected",
        "document": "synthetic",
        "section": "专栏1",
    }
    rows = [{**row, "district": f"d{n}", "district_name": f"合成{n}"} for n in range(2)]
    table = write_csv(tmp_path / "plans.csv", COLUMNS, rows)
    values = [{"district": f"d{n}", "year": "2024", "indicator": "life_expectancy", "value": "79"} for n in range(2)]
    data = write_csv(tmp_path / "data.csv", ["district", "year", "indicator", "value", "illustrative"], values)
    result = cli("--year", "2024", "all", "--plans", str(table), "--data", str(data), "--format", "json")
    assert result.exit_code == 0, result.stderr
    p = result.json()["provenance"]
    assert p["plans"] == [{"id": f"d{n}", "path": str(table), "sha256": sha256(table)} for n in range(2)]
    assert p["data"] == [{"path": str(data), "sha256": sha256(data)}]
    assert p["sources"]["plans"] == str(table) and p["sources"]["data"] == str(data)


def test_source_date_epoch_is_the_reports_time(cli: Cli) -> None:
    assert cli(*RUN, "--format", "json", env={"SOURCE_DATE_EPOCH": "0"}).json()["provenance"]["generated_at"] == (
        "1970-01-01T00:00:00Z"
    )
    before = datetime.now(timezone.utc).replace(microsecond=0)
    made = cli(*RUN, "--format", "json", env={"SOURCE_DATE_EPOCH": None}).json()["provenance"]["generated_at"]
    after = datetime.now(timezone.utc)
    assert before <= datetime.strptime(made, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc) <= after


def test_a_source_date_epoch_that_is_not_a_time_is_a_usage_error(cli: Cli) -> None:
    result = cli(*RUN, "--format", "json", env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.exit_code == 2 and result.stdout == ""
    assert "SOURCE_DATE_EPOCH='yesterday': not a time" in result.stderr


def test_the_same_run_at_one_source_date_epoch_gives_the_same_bytes(cli: Cli) -> None:
    runs = [cli(*RUN, "--format", "docx", "--output", f"{n}.docx", env={"SOURCE_DATE_EPOCH": "86400"}) for n in (1, 2)]
    assert [r.exit_code for r in runs] == [1, 1]
    assert Path("1.docx").read_bytes() == Path("2.docx").read_bytes()


@pytest.mark.parametrize(
    ("lang", "line"), [("zh", "生成于 2024-01-01T00:00:00Z · 读取输入文件"), ("en", "at 2024-01-01T00:00:00Z · ")]
)
def test_the_reports_people_read_end_with_the_provenance_line(cli: Cli, lang: str, line: str) -> None:
    args = (*RUN, "--lang", lang, "--output-json", "r.json", "--output-xlsx", "r.xlsx", "--output-docx", "r.docx")
    markdown = cli(*args, "--format", "markdown", "--output-html", "r.html")
    assert markdown.exit_code == 1, markdown.stderr
    p = json.loads(Path("r.json").read_text(encoding="utf-8"))["provenance"]
    files = len({f["path"] for key in ("plans", "rule_sets", "catalogue", "data") for f in p[key]})
    digest = f"sha256:{p['inputs_digest'][:12]}"
    last = markdown.stdout.rstrip("\n").splitlines()[-1]
    assert last.startswith("*") and line in last and digest in last and f" {files} " in last
    assert p["tool"]["version"] in last
    html = Path("r.html").read_text(encoding="utf-8")
    assert f"<footer>{last.strip('*')}</footer>" in html
    footer = document(Path("r.docx").read_bytes()).sections[0].footer.paragraphs[0].text
    assert footer == last.strip("*")

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(Path("r.xlsx").read_bytes()))
    sheet = book.worksheets[-1]
    assert sheet.title == {"zh": "来源与复核", "en": "Provenance"}[lang]
    cells = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert cells[1] == [last.strip("*")]
    plan = p["plans"][0]
    assert [{"zh": "规划", "en": "plan"}[lang], plan["id"], plan["path"], plan["sha256"]] in cells
    assert ["选项" if lang == "zh" else "Options", "year", "2024"] in cells


def test_the_terminal_table_has_no_provenance_line(cli: Cli) -> None:
    out = cli(*RUN, "--no-color").stdout
    assert "sha256" not in out and "生成于" not in out
