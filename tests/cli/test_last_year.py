"""A figure a power of ten off last year's (30 % in 2023, then 3.0 % in 2024) is an error in validate and in a run
alike, where both have last year's values; a confirmation accepts it. The plan gives this indicator no figure of
its own (a 'maintain' target), so only last year's value can tell."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli import Cli


def _file(path: Path, year: int, value: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"district: rongchang\nyear: {year}\nillustrative: true\nvalues:\n  tcm_health_literacy: {value}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    _file(root / "2023" / "rongchang.yaml", 2023, "30")
    _file(root / "2024" / "rongchang.yaml", 2024, "3.0")
    return root


def test_validate_and_the_run_both_hold_a_figure_against_last_year(cli: Cli, folder: Path) -> None:
    validated = cli("validate", str(folder))
    assert validated.exit_code == 1
    line = next(x for x in validated.stdout.splitlines() if "off by a factor of 10" in x)
    assert line.startswith(f"{folder / '2024' / 'rongchang.yaml'}:5:") and "the 2023 value (30 %)" in line
    run = cli("--year", "2024", "rongchang", "--data", str(folder))
    assert run.exit_code == 2 and "off by a factor of 10 from the 2023 value (30 %)" in run.stderr
    earlier = cli("--year", "2023", "rongchang", "--data", str(folder), "--format", "json")
    assert earlier.exit_code in (0, 1)  # 2023 itself is fine: nothing before it to doubt it


def test_without_last_year_at_hand_neither_doubts_it(cli: Cli, folder: Path) -> None:
    alone = folder / "2024" / "rongchang.yaml"
    assert cli("validate", str(alone)).exit_code == 0
    assert cli("--year", "2024", "rongchang", "--data", str(alone), "--format", "json").exit_code in (0, 1)


def test_a_confirmed_figure_is_accepted_by_both(cli: Cli, folder: Path) -> None:
    _file(folder / "2024" / "rongchang.yaml", 2024, '{value: 3.0, confirmed: "the survey changed its question"}')
    assert cli("validate", str(folder)).exit_code == 0
    report = cli("--year", "2024", "rongchang", "--data", str(folder), "--format", "json")
    assert report.exit_code in (0, 1), report.stderr
    indicator = next(i for i in report.json()["districts"][0]["indicators"] if i["id"] == "tcm_health_literacy")
    assert indicator["value_confirmed"] == "the survey changed its question"
