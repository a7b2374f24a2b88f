"""--output-dir: one report per format, named for district, year and format; never over a file the tool did not
write (or that changed since), unless --force; nothing written when anything is refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support.cli import Cli
from support.output_dir import digest, manifest

from checker.cli.files import LOCK, MANIFEST, report_name
from checker.domain.errors import CheckerError


def test_one_file_per_format_named_for_district_year_and_format(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"  # created when missing
    formats = ["--format", "html", "--format", "markdown", "--format", "json"]
    result = cli("--year", "2024", "rongchang", "--output-dir", str(out), *formats)
    assert result.exit_code == 1, result.stderr  # findings, as without --output-dir
    assert result.stdout == ""
    names = ["rongchang-2024.html", "rongchang-2024.md", "rongchang-2024.json"]
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, MANIFEST, LOCK])
    assert all(f"wrote {out / name}" in result.stderr for name in names)
    assert (out / "rongchang-2024.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (out / "rongchang-2024.md").read_text(encoding="utf-8").startswith("# 卫生健康规划目标检查报告 · 2024")
    assert json.loads((out / "rongchang-2024.json").read_text(encoding="utf-8"))["districts"][0]["district"] == (
        "rongchang"
    )
    assert manifest(out) == {name: digest(out / name) for name in names}


def test_names_for_several_districts_and_for_all(cli: Cli, tmp_path: Path) -> None:
    several = cli("--year", "2024", "rongchang", "北碚", "--output-dir", str(tmp_path), "--format", "markdown")
    assert several.exit_code == 1
    assert cli("--year", "2024", "all", "--output-dir", str(tmp_path), "--format", "xlsx").exit_code == 1
    assert (tmp_path / "rongchang+beibei-2024.md").is_file()  # ids from the plans, whatever name was typed
    assert (tmp_path / "all-2024.xlsx").read_bytes()[:2] == b"PK"
    assert report_name(["a", "b", "c", "d", "e"], False, 2024, "html") == "5-districts-2024.html"
    assert report_name(["yubei"], False, 2023, "junit") == "yubei-2023.junit.xml"
    with pytest.raises(CheckerError, match="cannot be used in a file name"):
        report_name(["../etc"], False, 2024, "html")


def test_given_alone_it_means_reports(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("--year", "2024", "beibei", "--output-dir", "--format", "markdown")
    assert result.exit_code == 1, result.stderr
    assert (tmp_path / "reports" / "beibei-2024.md").is_file() and (tmp_path / "reports" / MANIFEST).is_file()


def test_a_report_the_tool_wrote_and_nobody_changed_is_replaced(cli: Cli, tmp_path: Path) -> None:
    assert cli("--year", "2024", "rongchang", "--output-dir", str(tmp_path), "--format", "markdown").exit_code == 1
    report = tmp_path / "rongchang-2024.md"
    report.write_bytes(b"stale, but as the tool wrote it")
    (tmp_path / MANIFEST).write_text(
        json.dumps({"tool": "health-plan-checker", "files": {report.name: digest(report)}}), encoding="utf-8"
    )
    assert cli("--year", "2024", "rongchang", "--output-dir", str(tmp_path), "--format", "markdown").exit_code == 1
    assert report.read_text(encoding="utf-8").startswith("# 卫生健康规划目标检查报告")
    assert manifest(tmp_path) == {report.name: digest(report)}


def test_a_file_the_tool_did_not_write_is_kept_and_nothing_is_written(cli: Cli, tmp_path: Path) -> None:
    mine = tmp_path / "rongchang-2024.md"
    mine.write_text("my own notes\n", encoding="utf-8")
    formats = ["--format", "html", "--format", "markdown"]
    result = cli("--year", "2024", "rongchang", "--output-dir", str(tmp_path), *formats)
    assert result.exit_code == 2 and "Traceback" not in result.stdout + result.stderr
    assert f"not overwriting {mine} (not written by health-plan-checker" in result.stderr
    assert "--force" in result.stderr
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK, mine.name]  # not the html either, nor a manifest


def test_a_report_changed_since_the_tool_wrote_it_is_kept_unless_forced(cli: Cli, tmp_path: Path) -> None:
    assert cli("--year", "2024", "rongchang", "--output-dir", str(tmp_path), "--format", "markdown").exit_code == 1
    report = tmp_path / "rongchang-2024.md"
    with report.open("a", encoding="utf-8") as handle:
        handle.write("\nreviewed by 张三\n")
    edited = report.read_text(encoding="utf-8")
    result = cli("--year", "2024", "rongchang", "--output-dir", str(tmp_path), "--format", "markdown")
    assert result.exit_code == 2 and "(changed since health-plan-checker wrote it)" in result.stderr
    assert report.read_text(encoding="utf-8") == edited
    forced = cli("--year", "2024", "rongchang", "--output-dir", str(tmp_path), "--format", "markdown", "--force")
    assert forced.exit_code == 1 and "reviewed by" not in report.read_text(encoding="utf-8")
    assert manifest(tmp_path)[report.name] == digest(report)


def test_a_symlink_or_folder_in_the_way_is_refused(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(target, out / "rongchang-2024.md")
    (out / "rongchang-2024.html").mkdir()
    result = cli("--year", "2024", "rongchang", "--output-dir", str(out), "--format", "markdown", "--format", "html")
    assert result.exit_code == 2 and result.stderr.count("(not a regular file)") == 2
    assert target.read_text(encoding="utf-8") == "keep\n"


def test_a_manifest_that_is_not_one_is_an_error_unless_forced(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text("{not json", encoding="utf-8")
    result = cli("--year", "2024", "rongchang", "--output-dir", str(tmp_path), "--format", "markdown")
    assert result.exit_code == 2 and f"{tmp_path / MANIFEST} is not a health-plan-checker manifest" in result.stderr
    assert "hint: delete" in result.stderr
    forced = cli("--year", "2024", "rongchang", "--output-dir", str(tmp_path), "--format", "markdown", "--force")
    assert forced.exit_code == 1
    assert list(manifest(tmp_path)) == ["rongchang-2024.md"]


def test_output_dir_that_is_a_file_is_an_error(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = cli("--year", "2024", "rongchang", "--output-dir", str(tmp_path / "file"), "--format", "markdown")
    assert result.exit_code == 2 and "is a file" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--format", "html", "--format", "markdown"],
            "several --format values need --output-dir",
            id="several-formats",
        ),
        pytest.param(
            ["--output", "x.md", "--output-dir", "out"],
            "--output and --output-dir exclude each other",
            id="output-and-output-dir",
        ),
    ],
)
def test_usage_errors(cli: Cli, tmp_path: Path, args: list[str], message: str) -> None:
    result = cli("--year", "2024", "rongchang", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_output_file_is_an_explicit_request_and_replaces_what_is_there(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "mine.md"
    path.write_text("anything\n", encoding="utf-8")
    assert cli("--year", "2024", "rongchang", "--format", "markdown", "--output", str(path)).exit_code == 1
    assert path.read_text(encoding="utf-8").startswith("# 卫生健康规划目标检查报告")


def test_other_outputs_still_go_to_their_own_files(cli: Cli, tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    out = ["--output-dir", str(tmp_path / "out"), "--format", "markdown"]
    result = cli("--year", "2024", "rongchang", *out, "--output-junit", str(junit))
    assert result.exit_code == 1 and junit.read_text(encoding="utf-8").startswith("<?xml")
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name not in (MANIFEST, LOCK)] == ["rongchang-2024.md"]
