"""``check verify REPORT.json``: the report's run made again from the inputs it records; exit 0 when every target's
status, reason and value is the report's, 1 listing each that differs with the inputs changed since (by SHA-256), 2
when the report is unreadable, not a report with provenance, or an input it records is missing."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from support.cli import Cli
from support.paths import ROOT

from checker.domain.provenance import InputFile, Provenance
from checker.inputs.resources import bundled_dir
from checker.views.verify import file_changes

RUN = ("--year", "2024", "rongchang")
NURSES = "{value: 4.2, unit: 人/千人"  # rongchang's 2024 nurses per 1000: behind the 4.442 milestone, a fail
WIDE = {"COLUMNS": "1000"}  # no line wrapped: the paths of the temporary folder are long
NURSES_TARGET = 'value: 4.7\n        op_inferred: true\n        printed: "4.7"'  # its 2025 target, ≥ 4.7


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """Copies of the bundled plans, rules and data in a folder of their own."""
    for name in ("plans", "rules", "data"):
        shutil.copytree(bundled_dir(name), tmp_path / "world" / name)
    return tmp_path / "world"


def given(world: Path) -> list[str]:
    return [arg for name in ("plans", "rules", "data") for arg in (f"--{name}", str(world / name))]


@pytest.fixture
def report(cli: Cli, world: Path, tmp_path: Path) -> Path:
    """rongchang's 2024 JSON report, made from the copies."""
    path = tmp_path / "report.json"
    result = cli(*RUN, *given(world), "--format", "json", "--output", str(path))
    assert result.exit_code == 1 and result.stderr == "", result.stderr
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_unchanged_report_verifies(cli: Cli, report: Path) -> None:
    result = cli("verify", str(report))
    assert result.exit_code == 0, result.stderr
    assert "输入文件与报告记录一致（11 个）" in result.stdout
    assert result.stdout.rstrip().endswith("128 项目标的判定与报告完全一致")
    english = cli("verify", str(report), "--lang", "en")
    assert english.exit_code == 0 and "All 128 targets' verdicts are identical" in english.stdout
    data = cli("verify", str(report), "--format", "json").json()
    assert data["identical"] is True and data["files"] == [] and data["differences"] == []
    assert data["targets_compared"] == 128 and data["files_compared"] == 11


def test_a_report_of_the_bundled_inputs_verifies_without_options(cli: Cli) -> None:
    made = cli(*RUN, "--format", "json", "--output", "bundled.json")
    assert made.exit_code == 1
    result = cli("verify", "bundled.json", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["sources"]["data"] == "<bundled>/data"


def test_a_report_with_charts_verifies_though_its_other_years_are_not_read_again(
    cli: Cli, world: Path, tmp_path: Path
) -> None:
    made = cli(*RUN, *given(world), "--format", "markdown", "--output-json", str(tmp_path / "charts.json"))
    assert made.exit_code == 1, made.stderr
    recorded = json.loads((tmp_path / "charts.json").read_text(encoding="utf-8"))["provenance"]["data"]
    assert str(world / "data" / "2021" / "rongchang.yaml") in [f["path"] for f in recorded]  # read for the charts
    result = cli("verify", str(tmp_path / "charts.json"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["files"] == []


def test_an_edited_value_names_the_file_and_the_verdict_that_changed(cli: Cli, report: Path, world: Path) -> None:
    data_file = world / "data" / "2024" / "rongchang.yaml"
    before = hashlib.sha256(data_file.read_bytes()).hexdigest()
    edit(data_file, NURSES, NURSES.replace("4.2", "4.5"))  # past the milestone: on track, a pass
    result = cli("verify", str(report), "--lang", "en", env=WIDE)
    assert result.exit_code == 1, result.stderr
    assert f"data {data_file}: changed (sha256 {before[:12]} → " in result.stdout
    assert "rongchang · nurses_per_1000 " in result.stdout
    assert "    status: fail → pass; reason: behind schedule → on track; value: 4.2 → 4.5\n" in result.stdout
    assert result.stdout.rstrip().endswith("1 of 128 targets' verdicts differ from the report's")
    data = cli("verify", str(report), "--format", "json").json()
    assert data["identical"] is False
    assert data["files"] == [
        {
            "role": "data",
            "id": None,
            "path": str(data_file),
            "change": "changed",
            "sha256_report": before,
            "sha256_now": hashlib.sha256(data_file.read_bytes()).hexdigest(),
        }
    ]
    [difference] = data["differences"]
    assert difference["indicator"] == "nurses_per_1000" and difference["target_year"] == 2025
    assert (difference["status_report"], difference["status_now"]) == ("fail", "pass")
    assert (difference["value_report"], difference["value_now"]) == ("4.2", "4.5")


def test_an_edited_plan_target_is_a_difference(cli: Cli, report: Path, world: Path) -> None:
    plan = world / "plans" / "rongchang.yaml"
    edit(plan, NURSES_TARGET, NURSES_TARGET.replace("4.7", "4.3"))  # milestone 4.122: 4.2 is on track
    result = cli("verify", str(report), "--format", "json")
    assert result.exit_code == 1, result.stderr
    data = result.json()
    assert [(f["role"], f["id"], f["path"], f["change"]) for f in data["files"]] == [
        ("plan", "rongchang", str(plan), "changed")
    ]
    [difference] = data["differences"]
    assert difference["indicator"] == "nurses_per_1000"
    assert (difference["reason_report"], difference["reason_now"]) == ("behind_schedule", "on_track")
    zh = cli("verify", str(report), env=WIDE).stdout
    assert f"规划 {plan}：已修改" in zh and "判定不一致的目标（1 项）" in zh


def test_a_copy_of_the_inputs_elsewhere_verifies_with_the_options(
    cli: Cli, report: Path, world: Path, tmp_path: Path
) -> None:
    moved = tmp_path / "moved"
    world.rename(moved)
    missing = cli("verify", str(report))
    assert missing.exit_code == 2 and "no such file or folder" in missing.stderr and "--plans" in missing.stderr
    result = cli("verify", str(report), *given(moved), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["files"] == []  # each file matched to the report's by its place in the data, plans, rules


def test_a_data_file_the_report_records_that_is_missing_is_exit_2(cli: Cli, report: Path, world: Path) -> None:
    gone = world / "data" / "2023" / "rongchang.yaml"
    gone.unlink()
    result = cli("verify", str(report))
    assert result.exit_code == 2 and result.stdout == ""
    assert f"1 input the report records is missing: {gone}" in result.stderr
    assert "hint: give --data where the inputs are now" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is not json", "is not JSON"),
        ('{"a": 1}', "is not a JSON report"),
        ("\x00\x01", "is not JSON"),
    ],
)
def test_a_file_that_is_not_a_report_is_exit_2(cli: Cli, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "garbage.json"
    path.write_text(content, encoding="utf-8")
    result = cli("verify", str(path))
    assert result.exit_code == 2 and result.stdout == "" and message in result.stderr


def test_a_missing_report_or_a_folder_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    assert cli("verify", str(tmp_path / "none.json")).exit_code == 2
    folder = cli("verify", str(tmp_path))
    assert folder.exit_code == 2 and "not a regular file" in folder.stderr


def test_a_report_without_provenance_says_so(cli: Cli, report: Path, tmp_path: Path) -> None:
    data = json.loads(report.read_text(encoding="utf-8"))
    del data["provenance"]
    for version in (1, 2):
        old = tmp_path / f"v{version}.json"
        old.write_text(json.dumps({**data, "schema_version": version}), encoding="utf-8")
        result = cli("verify", str(old))
        assert result.exit_code == 2 and result.stdout == ""
        assert "made before reports recorded their inputs (no 'provenance')" in result.stderr
        assert ("of schema version 1" in result.stderr) == (version == 1)
        assert "hint: make the report again with this checker" in result.stderr


def test_a_mangled_provenance_is_exit_2(cli: Cli, report: Path) -> None:
    data = json.loads(report.read_text(encoding="utf-8"))
    data["provenance"]["data"] = [{"path": 3}]
    report.write_text(json.dumps(data), encoding="utf-8")
    result = cli("verify", str(report))
    assert result.exit_code == 2 and "its 'provenance' is not as this checker writes it" in result.stderr


def _provenance(*files: InputFile, data: str = "d") -> Provenance:
    return Provenance("0.1.0", "3.11", "2024-01-01T00:00:00Z", {}, {"plans": "p", "rules": "r", "data": data}, files)


def test_files_changed_or_read_now_only_are_listed() -> None:
    kept, edited = InputFile("data", "d/2024/a.yaml", "1" * 64), InputFile("data", "d/2024/b.yaml", "2" * 64)
    unread = InputFile("data", "d/2021/a.yaml", "4" * 64)  # another year's, for a report's charts: not read now
    added = InputFile("data", "e/table.csv", "3" * 64)
    recorded = _provenance(kept, edited, unread)
    moved = [InputFile("data", f"e/2024/{n}.yaml", d) for n, d in (("a", "1" * 64), ("b", "5" * 64))]
    now = _provenance(*moved, added, data="e")  # the data copied to e/, b edited, a table added
    compared, changes = file_changes(recorded, now, {kept: "1" * 64, edited: "5" * 64, unread: "4" * 64})
    assert compared == 3
    assert [(c.path, c.change, c.before, c.now) for c in changes] == [
        ("d/2024/b.yaml", "changed", "2" * 64, "5" * 64),
        ("e/table.csv", "new", None, "3" * 64),
    ]


def test_a_report_made_with_waivers_and_significance_is_made_again_with_them(
    cli: Cli, world: Path, tmp_path: Path
) -> None:
    """Options that change verdicts are recorded and applied again: a waiver file and --significance."""
    waivers = tmp_path / "waivers.yaml"
    shutil.copy(ROOT / "docs" / "examples" / "waivers.yaml", waivers)
    path = tmp_path / "waived.json"
    made = cli(
        *RUN, *given(world), "--waivers", str(waivers), "--significance", "--format", "json", "--output", str(path)
    )
    assert made.exit_code in (0, 1), made.stderr
    options = json.loads(path.read_text(encoding="utf-8"))["provenance"]["options"]
    assert options["significance"] is True
    assert options["waivers"]["sha256"] == hashlib.sha256(waivers.read_bytes()).hexdigest()
    result = cli("verify", str(path), "--lang", "en", env=WIDE)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "does not apply" not in result.stderr
    text = waivers.read_text(encoding="utf-8")  # now out before 2024 ends: the fails are back
    waivers.write_text(text.replace("expires: 2025-12-31", "expires: 2024-06-30"), encoding="utf-8")
    again = cli("verify", str(path), "--format", "json")
    assert again.exit_code == 1 and again.json()["differences"]
