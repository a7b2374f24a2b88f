"""``check lint`` as users run it: the bundled plans lint clean, text output like a linter, JSON with waivers,
--fail-on, folders, --output, and usage and input errors (exit code 2). The checks themselves: tests/unit/test_lint.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from support.cli import Cli
from support.paths import FIXTURES

from checker.lint.runner import shown_path

Write = Callable[[str, str], Path]


def fixture(name: str) -> Path:
    return FIXTURES / "lint" / f"{name}.yaml"


def test_cli_bundled_plans_lint_clean_exit_0(cli: Cli) -> None:
    result = cli("lint")
    code, out = result.exit_code, result.stdout
    assert code == 0
    assert re.fullmatch(r"no problems in \d+ files \(\d+ waived\)\n", out)
    result = cli("lint", "--show-waived")
    code, out = result.exit_code, result.stdout
    assert code == 0 and "plans/beibei.yaml:" in out and "C303 warning" in out and "(waived: " in out


def test_cli_text_output_is_grouped_by_file_like_a_linter(cli: Cli) -> None:
    result = cli("lint", str(fixture("higher_orphan")), str(fixture("catalogue")))
    code, out = result.exit_code, result.stdout
    orphan, cat = shown_path(fixture("higher_orphan")), shown_path(fixture("catalogue"))
    assert code == 1
    assert out == (
        f"{cat}:17:16: K601 error '人均预期寿命（岁）' is the catalogue name of life_expectancy, "
        "not of health_literacy [lint-fixture.txt 专栏1 序号1]\n"
        f"{cat}:33:13: K602 error 每千人口执业（助理）医师数（人）: the operator ≤ was inferred, "
        "but the catalogue says higher is better [lint-fixture.txt 专栏1 序号2]\n"
        f"{cat}:45:13: K603 warning 每千人口医疗卫生机构床位数（张）: '控制在7.9张以内' sets a ceiling on an indicator "
        "where higher is better [lint-fixture.txt 第二章]\n"
        "\n"
        f"{orphan}:9:11: H504 error parent plan 'nowhere' is not loaded: no higher-level floors apply\n"
        "\n"
        "3 errors, 1 warning, 0 info in 2 files\n"
    )


def test_cli_json_output_lists_findings_with_waivers(cli: Cli) -> None:
    result = cli("lint", "--format", "json", str(fixture("waivers")))
    code, out = result.exit_code, result.stdout
    assert code == 1  # L001, L002 and the unwaived D202 are errors
    records = json.loads(out)
    assert set(records[0]) == {
        "code", "name", "severity", "path", "line", "column", "plan", "indicator", "citation", "message", "waived",
        "waiver_reason",
    }  # fmt: skip
    waived = next(r for r in records if r["waived"])
    assert waived["code"] == "D202" and waived["line"] == 22 and waived["plan"] == "lint_waivers"
    assert waived["indicator"] == "maternal_mortality" and waived["citation"] == "lint-fixture.txt 专栏1 序号1"
    assert waived["waiver_reason"].startswith("专栏1 序号1")


def test_cli_fail_on_warning(cli: Cli, write: Write) -> None:
    text = fixture("consistency_ok").read_text(encoding="utf-8").replace("全区儿童", "全市儿童")
    path = write("warn.yaml", text)
    assert cli("lint", str(path)).exit_code == 0  # C303 is a warning
    assert cli("lint", "--fail-on", "warning", str(path)).exit_code == 1
    config = write("c.yaml", "severity: {C303: info}\n")
    assert cli("lint", "--fail-on", "warning", "--config", str(config), str(path)).exit_code == 0


def test_cli_lints_a_folder(cli: Cli, tmp_path: Path) -> None:
    for name in ("units_ok", "direction_ok"):
        (tmp_path / f"{name}.yaml").write_text(fixture(name).read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("lint", str(tmp_path))
    code, out = result.exit_code, result.stdout
    assert (code, out) == (0, "no problems in 2 files\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{bad_plan}"], "indicator 'no_such_indicator' is not in the catalogue"),
        (["{empty}"], "no plan files (*.yaml) in folder"),
        (["--config", "{bad_config}"], "invalid config: no such code 'Q123'"),
        (["does/not/exist.yaml"], "does not exist"),
    ],
)
def test_cli_usage_and_input_errors_exit_2(
    cli: Cli, write: Write, tmp_path: Path, args: list[str], message: str
) -> None:
    text = (
        fixture("units_ok")
        .read_text(encoding="utf-8")
        .replace("indicator: health_literacy", "indicator: no_such_indicator")
    )
    paths = {
        "bad_plan": str(write("bad.yaml", text)),
        "empty": str((tmp_path / "empty").mkdir() or tmp_path / "empty"),
        "bad_config": str(write("c.yaml", "disable: [Q123]\n")),
    }
    result = cli("lint", *[a.format(**paths) for a in args])
    code, out, err = result.exit_code, result.stdout, result.stderr
    assert code == 2 and out == ""
    assert message in err


def test_cli_output_writes_the_file(cli: Cli, tmp_path: Path) -> None:
    out_file = tmp_path / "lint.json"
    result = cli("lint", "--format", "json", "--output", str(out_file), str(fixture("higher_orphan")))
    code, out = result.exit_code, result.stdout
    assert (code, out) == (1, "")
    assert [r["code"] for r in json.loads(out_file.read_text(encoding="utf-8"))] == ["H504"]
