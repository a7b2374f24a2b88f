"""Reported-data files through the command line: errors at file, line and column with exit 2, folders of years,
unverified figures marked, and a table of several districts read for some of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from support.cli import Cli
from support.paths import FIXTURES

Write = Callable[[str, str], Path]


def test_cli_reports_data_errors_with_file_line_column_and_exit_2(cli: Cli, write: Write) -> None:
    path = write(
        "r.yaml", "district: rongchang\nyear: 2024\nillustrative: false\nvalues:\n  physicians_per_1000: abc\n"
    )
    result = cli("--year", "2024", "rongchang", "--data", str(path))
    assert result.exit_code == 2
    assert f"error: {path}:5:24: physicians_per_1000: 'abc' is not a number" in result.stderr
    assert "hint:" in result.stderr and "Traceback" not in result.stderr


def test_data_folder_layout_is_year_then_district(cli: Cli, write: Write, tmp_path: Path) -> None:
    write(
        "mydata/2024/beibei.yaml",
        "district: beibei\nyear: 2024\nillustrative: false\nvalues:\n  physicians_per_1000: 9\n",
    )
    result = cli("--year", "2024", "北碚", "--data", str(tmp_path / "mydata"), "--format", "json")
    assert result.exit_code == 1  # everything else missing, binding targets among them
    assert '"illustrative": false' in result.stdout


def test_unverified_values_are_marked_in_reports(cli: Cli) -> None:
    table = cli("--year", "2023", "national", "--show", "all", "--lang", "en").stdout
    assert "78.6 †" in table and "† = the figure comes from outside the seed documents" in table
    data = cli("--year", "2023", "national", "--format", "json").stdout
    assert '"value_verified": false' in data


def test_a_run_for_one_district_is_not_stopped_by_another_districts_row(cli: Cli) -> None:
    """rongchang's figures are checked; beibei's duplicate row is beibei's problem, and validate still finds it."""
    path = FIXTURES / "two_districts.csv"
    run = cli("--year", "2024", "rongchang", "--data", str(path), "--format", "json")
    assert run.exit_code in (0, 1) and '"physicians_per_1000"' in run.stdout
    both = cli("--year", "2024", "rongchang", "beibei", "--data", str(path))
    assert both.exit_code == 2 and "given twice" in both.stderr
    validate = cli("validate", str(path))
    assert validate.exit_code == 1 and "given twice" in validate.stdout
