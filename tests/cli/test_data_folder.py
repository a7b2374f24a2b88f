"""One contract for a data folder: a run with --data DIR reads every file ``check validate DIR`` accepts (any
name, many districts in one table, symlinked subfolders), passes over what validate passes over, with a note, and
fails where validate fails (an unreadable folder, one district-year given two ways with different figures)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from support.cli import Cli

from checker.inputs.resources import bundled_dir

BEIBEI_2024 = bundled_dir("data") / "2024" / "beibei.yaml"
TABLE = """\
district,year,indicator,value
荣昌,2024,life_expectancy,79.1
荣昌区,2024,physicians_per_1000,3.4
rongchang,2024,physicians_per_1000,3.40
"""


def _folder(root: Path) -> Path:
    """A data folder: beibei laid out as <year>/<district>.yaml, rongchang in a table with another name, and
    things that are not data (a workflow in a hidden folder, a README, a plan file)."""
    (root / "2024").mkdir(parents=True)
    shutil.copy(BEIBEI_2024, root / "2024" / "beibei.yaml")
    (root / "tables").mkdir()
    (root / "tables" / "rongchang 2024 from the bureau.csv").write_text(TABLE, encoding="utf-8")
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    (root / "README.md").write_text("not data\n", encoding="utf-8")
    (root / "plan.yaml").write_text("schema_version: 1\nplan: {id: x}\nindicators: []\n", encoding="utf-8")
    return root


def _run(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    data: dict[str, Any] = result.json()
    return data


def test_a_run_reads_every_file_validate_accepts(cli: Cli, tmp_path: Path) -> None:
    folder = _folder(tmp_path / "data")
    validated = cli("validate", str(folder))
    assert validated.exit_code == 0, validated.stdout
    assert "rongchang 2024 from the bureau.csv: ok (1 district-year)" in validated.stdout  # 荣昌 and 荣昌区 are one
    assert "2024/beibei.yaml: ok (1 district-year)" in validated.stdout
    for passed_over in (".github: note: skipped: a hidden folder", "plan.yaml: note: skipped: not a data file"):
        assert passed_over in validated.stdout
    assert "README" not in validated.stdout and "2 files checked: 2 valid, 0 invalid" in validated.stdout
    report = _run(cli, "--year", "2024", "all", "--data", str(folder))
    assert {d["district"]: Path(d["data"]["path"]).name for d in report["districts"]} == {
        "beibei": "beibei.yaml",
        "rongchang": "rongchang 2024 from the bureau.csv",
    }
    rongchang = next(d for d in report["districts"] if d["district"] == "rongchang")
    values = {i["id"]: i["value"] for i in rongchang["indicators"]}
    assert values["life_expectancy"] == "79.1" and values["physicians_per_1000"] == "3.4"


def test_all_means_the_districts_with_data_and_names_those_left_out(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "2024").mkdir(parents=True)
    shutil.copy(BEIBEI_2024, folder / "2024" / "beibei.yaml")
    report = _run(cli, "--year", "2024", "all", "--data", str(folder))
    assert [d["district"] for d in report["districts"]] == ["beibei"]
    assert f"rongchang: no reported values for 2024 in {folder}" in report["skipped"]
    named = _run(cli, "--year", "2024", "rongchang", "--data", str(folder))  # asked for by name: checked, all missing
    assert [d["district"] for d in named["districts"]] == ["rongchang"]


def test_one_district_year_with_different_figures_in_two_files_is_refused_by_both(cli: Cli, tmp_path: Path) -> None:
    folder = _folder(tmp_path / "data")
    (folder / "2024" / "rongchang.csv").write_text(
        "district,year,indicator,value\nrongchang,2024,physicians_per_1000,3.6\n", encoding="utf-8"
    )
    validated = cli("validate", str(folder))
    assert validated.exit_code == 1
    assert validated.stdout.count("physicians_per_1000 is given twice with different values") == 2
    run = cli("--year", "2024", "rongchang", "--data", str(folder))
    assert run.exit_code == 2 and "is given twice with different values" in run.stderr


def test_the_same_figure_twice_is_fine(cli: Cli, tmp_path: Path) -> None:
    folder = _folder(tmp_path / "data")
    (folder / "2024" / "rongchang.csv").write_text(
        "district,year,indicator,value\n荣昌区,2024,physicians_per_1000,3.400\n", encoding="utf-8"
    )
    assert cli("validate", str(folder)).exit_code == 0
    report = _run(cli, "--year", "2024", "rongchang", "--data", str(folder))
    values = {i["id"]: i["value"] for i in report["districts"][0]["indicators"]}
    assert values["physicians_per_1000"] in ("3.4", "3.400") and values["life_expectancy"] == "79.1"


def test_symlinked_subfolders_are_read_by_both_and_a_loop_does_not_hang(cli: Cli, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    (real / "2024").mkdir(parents=True)
    shutil.copy(BEIBEI_2024, real / "2024" / "beibei.yaml")
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "2024").symlink_to(real / "2024", target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    start = time.perf_counter()
    validated = cli("validate", str(folder))
    report = _run(cli, "--year", "2024", "all", "--data", str(folder))
    assert time.perf_counter() - start < 10
    assert validated.exit_code == 0 and validated.stdout.count("beibei.yaml: ok") == 1
    assert [d["district"] for d in report["districts"]] == ["beibei"]


def test_an_unreadable_folder_is_an_error_for_both(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path / "data")
    locked = folder / "tables"
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:  # root reads any folder: a permission error made by hand
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    validated = cli("validate", str(folder))
    assert validated.exit_code == 1
    assert f"{locked}: error: cannot read folder: Permission denied" in validated.stdout
    run = cli("--year", "2024", "beibei", "--data", str(folder))
    assert run.exit_code == 2 and "cannot read folder: Permission denied" in run.stderr


def test_a_data_folder_that_happens_to_be_here_is_announced(cli: Cli, tmp_path: Path) -> None:
    here = tmp_path / "work"
    _folder(here / "data")
    os.chdir(here)  # the autouse fixture of tests/cli restores the working folder
    result = cli("--year", "2024", "beibei", "--format", "json")
    assert result.exit_code in (0, 1)
    assert result.stderr.startswith("note: reading reported values from ./data")
    assert result.json()["districts"][0]["data"]["path"] == "data/2024/beibei.yaml"
    chosen = cli("--year", "2024", "beibei", "--format", "json", "--data", str(BEIBEI_2024))
    assert "note: reading" not in chosen.stderr
