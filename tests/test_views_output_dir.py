"""check summary and check trend with --output-dir (the run command's machinery, checker/output.py): a file per
--format named for the view, districts, years and format; never over a file the tool did not write, unless --force.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from test_output_dir import digest, manifest

from checker.cli.files import MANIFEST, report_name
from checker.cli.views import summary, trend
from checker.domain.errors import CheckerError
from checker.domain.i18n import t


def invoke(command: Any, *args: str) -> Result:
    return CliRunner().invoke(command, list(args))


# ------------------------------------------------------------------------------------------------------- names


def test_summary_of_all_one_file_per_format(tmp_path: Path) -> None:
    out = tmp_path / "out"  # created when missing
    formats = ["--format", "html", "--format", "markdown", "--format", "xlsx", "--format", "json"]
    result = invoke(summary, "--year", "2024", "--output-dir", str(out), *formats)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    names = ["summary-all-2024.html", "summary-all-2024.md", "summary-all-2024.xlsx", "summary-all-2024.json"]
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, MANIFEST])
    assert all(f"wrote {out / name}" in result.stderr for name in names)
    assert manifest(out) == {name: digest(out / name) for name in names}
    assert (out / "summary-all-2024.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (out / "summary-all-2024.md").read_text(encoding="utf-8").startswith(f"# {t('view.summary_title', 'zh')} — ")
    assert json.loads((out / "summary-all-2024.json").read_text(encoding="utf-8"))["districts"] == [
        "beibei",
        "rongchang",
        "yubei",
    ]
    book = load_workbook(out / "summary-all-2024.xlsx")
    assert len(book.sheetnames) == 2


def test_names_come_from_plan_ids_not_from_what_was_typed(tmp_path: Path) -> None:
    result = invoke(summary, "--year", "2024", "荣昌区", "北碚", "--output-dir", str(tmp_path), "--format", "markdown")
    assert result.exit_code == 0, result.output
    result = invoke(trend, "荣昌", "--from", "2021", "--to", "2024", "--output-dir", str(tmp_path), "--format", "xlsx")
    assert result.exit_code == 0, result.output
    assert sorted(manifest(tmp_path)) == ["summary-rongchang+beibei-2024.md", "trend-rongchang-2021-2024.xlsx"]
    assert load_workbook(tmp_path / "trend-rongchang-2021-2024.xlsx").sheetnames


def test_the_table_goes_to_a_txt_file_without_colour(tmp_path: Path) -> None:
    result = invoke(trend, "rongchang", "--from", "2021", "--to", "2024", "--output-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "trend-rongchang-2021-2024.txt").read_text(encoding="utf-8")
    assert "physicians_per_1000" in text
    assert "\x1b[" not in text


def test_given_alone_it_means_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./data here: the bundled data
    result = invoke(summary, "--year", "2024", "--output-dir", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "reports" / "summary-all-2024.md").is_file()
    result = invoke(trend, "beibei", "--from", "2021", "--to", "2024", "--output-dir")
    assert result.exit_code == 0, result.output
    assert sorted(manifest(tmp_path / "reports")) == ["summary-all-2024.md", "trend-beibei-2021-2024.txt"]


def test_report_name_for_views() -> None:
    assert report_name(["beibei", "rongchang"], True, 2024, "html", view="summary") == "summary-all-2024.html"
    assert report_name(["rongchang"], False, 2021, "xlsx", view="trend", last=2024) == (
        "trend-rongchang-2021-2024.xlsx"
    )
    assert report_name(list("abcde"), False, 2024, "markdown", view="summary") == "summary-5-districts-2024.md"
    assert report_name(["rongchang"], False, 2024, "html") == "rongchang-2024.html"  # the run's names unchanged
    with pytest.raises(CheckerError, match="cannot be used in a file name"):
        report_name(["../etc"], False, 2021, "html", view="trend", last=2024)
    with pytest.raises(CheckerError, match="year -1 cannot be used"):
        report_name(["rongchang"], False, -1, "html", view="trend", last=2024)
    with pytest.raises(ValueError, match="no such view"):
        report_name(["rongchang"], False, 2024, "html", view="../x")


# --------------------------------------------------------------------------------------- never over another's file


def test_a_file_the_tool_did_not_write_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    mine = tmp_path / "summary-all-2024.md"
    mine.write_text("my notes\n", encoding="utf-8")
    args = ["--year", "2024", "--output-dir", str(tmp_path), "--format", "html", "--format", "markdown"]
    result = invoke(summary, *args)
    assert result.exit_code == 2
    assert f"not overwriting {mine} (not written by health-plan-checker" in result.stderr
    assert "hint:" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.output
    assert mine.read_text(encoding="utf-8") == "my notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary-all-2024.md"]  # not even the html, no manifest


def test_the_tools_own_file_is_replaced_while_unchanged_and_refused_once_edited(tmp_path: Path) -> None:
    args = ["rongchang", "--from", "2021", "--to", "2024", "--output-dir", str(tmp_path), "--format", "markdown"]
    path = tmp_path / "trend-rongchang-2021-2024.md"
    assert invoke(trend, *args).exit_code == 0
    first = path.read_text(encoding="utf-8")
    again = invoke(trend, *args, "--lang", "en")  # the tool's own file, unchanged: replaced
    assert again.exit_code == 0, again.output
    assert path.read_text(encoding="utf-8") != first
    assert manifest(tmp_path) == {path.name: digest(path)}
    path.write_text(path.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    edited = path.read_bytes()
    refused = invoke(trend, *args)
    assert refused.exit_code == 2
    assert "changed since health-plan-checker wrote it" in refused.stderr
    assert path.read_bytes() == edited


def test_force_overwrites_and_records_the_file(tmp_path: Path) -> None:
    mine = tmp_path / "trend-rongchang-2021-2024.html"
    mine.write_text("mine", encoding="utf-8")
    args = ["rongchang", "--from", "2021", "--to", "2024", "--output-dir", str(tmp_path), "--format", "html"]
    result = invoke(trend, *args, "--force")
    assert result.exit_code == 0, result.output
    assert mine.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert manifest(tmp_path) == {mine.name: digest(mine)}


@pytest.mark.parametrize(
    ("command", "args"),
    [(summary, ("--year", "2024")), (trend, ("rongchang", "--from", "2021", "--to", "2024"))],
)
def test_output_and_output_dir_exclude_each_other(command: Any, args: tuple[str, ...], tmp_path: Path) -> None:
    out = tmp_path / "view.md"
    result = invoke(command, *args, "--format", "markdown", "--output", str(out), "--output-dir", str(tmp_path))
    assert result.exit_code == 2
    assert "--output and --output-dir exclude each other" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("command", "args"),
    [(summary, ("--year", "2024")), (trend, ("rongchang", "--from", "2021", "--to", "2024"))],
)
def test_several_formats_need_output_dir(command: Any, args: tuple[str, ...]) -> None:
    result = invoke(command, *args, "--format", "html", "--format", "markdown")
    assert result.exit_code == 2
    assert "several --format values need --output-dir" in result.stderr
