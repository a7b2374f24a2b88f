"""check validate, check schema and check template as users and CI pipelines run them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.formats.formulas import neutralise

GOOD = "district: rongchang\nyear: 2024\nillustrative: false\nvalues:\n  physicians_per_1000: 3.41\n"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_valid_files_exit_0_and_say_ok(tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "rongchang.yaml").write_text(GOOD, encoding="utf-8")
    code, out, _ = invoke("validate", str(tmp_path))
    assert code == 0
    assert "rongchang.yaml: ok (1 district-year)" in out and "1 file checked: 1 valid, 0 invalid" in out
    assert "109 of 110 values still missing" in out  # a note, not an error


def test_every_problem_in_every_file_is_reported_with_its_position(tmp_path: Path) -> None:
    (tmp_path / "2023").mkdir()
    (tmp_path / "2023" / "rongchang.yaml").write_text(  # wrong year for its folder, three bad values
        "district: rongchang\nyear: 2024\nillustrative: false\nvalues:\n  physicians_per_100: 3\n"
        "  health_literacy: 130\n  child_myopia_rate: {value: 45, unit: 人}\n",
        encoding="utf-8",
    )
    (tmp_path / "other.yaml").write_text("district: chengdu\nyear: 2024\nillustrative: false\nvalues: {}\n")
    code, out, _ = invoke("validate", str(tmp_path))
    assert code == 1
    path = tmp_path / "2023" / "rongchang.yaml"
    assert f"{path}:5:3: error: unknown indicator 'physicians_per_100' for rongchang" in out
    assert f"{path}:6:20: error: health_literacy: 130 % is above 100 %" in out
    assert f"{path}:7:22: error: child_myopia_rate: unit '人' does not convert to '%'" in out
    assert f"{path}:2:7: error: year 2024 does not match the folder 2023/" in out
    assert "other.yaml:1:11: error: unknown district 'chengdu'" in out
    assert "2 files checked: 0 valid, 2 invalid (5 problems)" in out


def test_require_complete_makes_missing_values_errors(tmp_path: Path) -> None:
    path = tmp_path / "rongchang.yaml"
    path.write_text(GOOD, encoding="utf-8")
    code, out, _ = invoke("validate", str(path), "--require-complete")
    assert code == 1 and "109 of 110 values still missing" in out


def test_json_and_github_formats(tmp_path: Path) -> None:
    path = tmp_path / "rongchang.yaml"
    path.write_text(GOOD.replace("3.41", "-1"), encoding="utf-8")
    code, out, _ = invoke("validate", str(path), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["valid"] is False
    assert data["files"][0]["problems"][0] | {"hint": None} == {
        "line": 5,
        "column": 24,
        "message": "physicians_per_1000: -1 is negative, which a 人/千人 figure cannot be",
        "hint": None,
    }
    code, out, _ = invoke("validate", str(path), "--format", "github")
    assert code == 1 and out.startswith(f"::error file={path},line=5,col=24,title=check validate::physicians_per_1000")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "/nonexistent/file.yaml"], "no such file or folder"),
        (["validate", "."], "no data files"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke(*args)
    assert code == 2 and message in err


@pytest.mark.parametrize("which", ["data", "report"])
def test_schemas_are_published_and_valid(which: str, tmp_path: Path) -> None:
    code, out, _ = invoke("schema", which)
    assert code == 0
    jsonschema.Draft202012Validator.check_schema(json.loads(out))
    target = tmp_path / f"{which}.json"
    assert invoke("schema", which, "--output", str(target))[0] == 0
    assert json.loads(target.read_text()) == json.loads(out)


def test_bundled_data_validates_against_the_published_schema() -> None:
    import yaml

    schema = json.loads(invoke("schema", "data")[1])
    root = Path(__file__).resolve().parents[1] / "data"
    files = sorted(root.glob("*/*.yaml"))
    assert len(files) >= 6
    for path in files:  # with safe_load floats: the schema does not depend on our exact-number reader
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_templates_in_three_formats_validate_untouched(tmp_path: Path) -> None:
    code, out, _ = invoke("template", "荣昌", "--year", "2025")
    assert code == 0 and "life_expectancy: null" in out and "≥ 79.3" in out
    (tmp_path / "t.yaml").write_text(out, encoding="utf-8")
    for fmt in ("csv", "xlsx"):
        assert (
            invoke("template", "rongchang", "--year", "2025", "--format", fmt, "--output", str(tmp_path / f"t.{fmt}"))[
                0
            ]
            == 0
        )
    code, out, _ = invoke("validate", str(tmp_path))
    assert code == 0 and out.count("110 of 110 values still missing") == 3
    code, _, err = invoke("template", "rongchang", "--year", "2025", "--format", "xlsx")
    assert code == 2 and "--output" in err


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-0.5 a year", "'-0.5 a year"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("≥ 79.3", "≥ 79.3"),
    ],
)
def test_formula_injection_is_neutralised(cell: str, written: str) -> None:
    assert neutralise(cell) == written


def test_template_cells_that_look_like_formulas_are_text_in_xlsx(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "t.xlsx"
    assert invoke("template", "beibei", "--year", "2025", "--format", "xlsx", "--output", str(path))[0] == 0
    cells = [c for row in load_workbook(path)["数据"].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)  # no formula anywhere


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "rong\x00chang", "..", "data/2024/rongchang"])
def test_hostile_district_names_never_reach_the_file_system(name: str) -> None:
    code, out, err = invoke("--year", "2024", name)
    assert code == 2 and "unknown district" in err and out == ""


def test_an_interrupted_write_leaves_the_old_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from checker.cli import files as output

    target = tmp_path / "report.json"
    target.write_text("the good old report")

    def fail(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", fail)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomically(target, "half a new rep")
    assert target.read_text() == "the good old report"
    assert os.listdir(tmp_path) == ["report.json"]
