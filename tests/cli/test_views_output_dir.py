"""check summary and check trend with --output-dir (the run command's machinery, checker/cli/files.py): a file per
--format named for the view, districts, years and format; never over a file the tool did not write, unless --force.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.cli import Cli
from support.output_dir import digest, manifest

from checker.cli.files import LOCK, MANIFEST
from checker.domain.i18n import t

# ------------------------------------------------------------------------------------------------------- names


def test_summary_of_all_one_file_per_format(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"  # created when missing
    formats = ["--format", "html", "--format", "markdown", "--format", "xlsx", "--format", "json"]
    result = cli("summary", "--year", "2024", "--output-dir", str(out), *formats)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    names = ["summary-all-2024.html", "summary-all-2024.md", "summary-all-2024.xlsx", "summary-all-2024.json"]
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, MANIFEST, LOCK])
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


def test_names_come_from_plan_ids_not_from_what_was_typed(cli: Cli, tmp_path: Path) -> None:
    result = cli("summary", "--year", "2024", "荣昌区", "北碚", "--output-dir", str(tmp_path), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    result = cli("trend", "荣昌", "--from", "2021", "--to", "2024", "--output-dir", str(tmp_path), "--format", "xlsx")
    assert result.exit_code == 0, result.stderr
    assert sorted(manifest(tmp_path)) == ["summary-rongchang+beibei-2024.md", "trend-rongchang-2021-2024.xlsx"]
    assert load_workbook(tmp_path / "trend-rongchang-2021-2024.xlsx").sheetnames


def test_the_table_goes_to_a_txt_file_without_colour(cli: Cli, tmp_path: Path) -> None:
    result = cli("trend", "rongchang", "--from", "2021", "--to", "2024", "--output-dir", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "trend-rongchang-2021-2024.txt").read_text(encoding="utf-8")
    assert "physicians_per_1000" in text
    assert "\x1b[" not in text


def test_given_alone_it_means_reports(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./data here: the bundled data
    result = cli("summary", "--year", "2024", "--output-dir", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "reports" / "summary-all-2024.md").is_file()
    result = cli("trend", "beibei", "--from", "2021", "--to", "2024", "--output-dir")
    assert result.exit_code == 0, result.stderr
    assert sorted(manifest(tmp_path / "reports")) == ["summary-all-2024.md", "trend-beibei-2021-2024.txt"]


# --------------------------------------------------------------------------------------- never over another's file


def test_a_file_the_tool_did_not_write_is_refused_and_nothing_is_written(cli: Cli, tmp_path: Path) -> None:
    mine = tmp_path / "summary-all-2024.md"
    mine.write_text("my notes\n", encoding="utf-8")
    args = ["--year", "2024", "--output-dir", str(tmp_path), "--format", "html", "--format", "markdown"]
    result = cli("summary", *args)
    assert result.exit_code == 2
    assert f"not overwriting {mine} (not written by health-plan-checker" in result.stderr
    assert "hint:" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert mine.read_text(encoding="utf-8") == "my notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK, "summary-all-2024.md"]  # not the html, no manifest


def test_the_tools_own_file_is_replaced_while_unchanged_and_refused_once_edited(cli: Cli, tmp_path: Path) -> None:
    args = ["rongchang", "--from", "2021", "--to", "2024", "--output-dir", str(tmp_path), "--format", "markdown"]
    path = tmp_path / "trend-rongchang-2021-2024.md"
    assert cli("trend", *args).exit_code == 0
    first = path.read_text(encoding="utf-8")
    again = cli("trend", *args, "--lang", "en")  # the tool's own file, unchanged: replaced
    assert again.exit_code == 0, again.stderr
    assert path.read_text(encoding="utf-8") != first
    assert manifest(tmp_path) == {path.name: digest(path)}
    path.write_text(path.read_text(encoding="utf-8") + "edited by hand\n", encoding="utf-8")
    edited = path.read_bytes()
    refused = cli("trend", *args)
    assert refused.exit_code == 2
    assert "changed since health-plan-checker wrote it" in refused.stderr
    assert path.read_bytes() == edited


def test_force_overwrites_and_records_the_file(cli: Cli, tmp_path: Path) -> None:
    mine = tmp_path / "trend-rongchang-2021-2024.html"
    mine.write_text("mine", encoding="utf-8")
    args = ["rongchang", "--from", "2021", "--to", "2024", "--output-dir", str(tmp_path), "--format", "html"]
    result = cli("trend", *args, "--force")
    assert result.exit_code == 0, result.stderr
    assert mine.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert manifest(tmp_path) == {mine.name: digest(mine)}


@pytest.mark.parametrize(
    ("command", "args"),
    [
        pytest.param("summary", ("--year", "2024"), id="summary"),
        pytest.param("trend", ("rongchang", "--from", "2021", "--to", "2024"), id="trend"),
    ],
)
def test_output_and_output_dir_exclude_each_other(
    cli: Cli, command: str, args: tuple[str, ...], tmp_path: Path
) -> None:
    out = tmp_path / "view.md"
    result = cli(command, *args, "--format", "markdown", "--output", str(out), "--output-dir", str(tmp_path))
    assert result.exit_code == 2
    assert "--output and --output-dir exclude each other" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("command", "args"),
    [
        pytest.param("summary", ("--year", "2024"), id="summary"),
        pytest.param("trend", ("rongchang", "--from", "2021", "--to", "2024"), id="trend"),
    ],
)
def test_several_formats_need_output_dir(cli: Cli, command: str, args: tuple[str, ...]) -> None:
    result = cli(command, *args, "--format", "html", "--format", "markdown")
    assert result.exit_code == 2
    assert "several --format values need --output-dir" in result.stderr
