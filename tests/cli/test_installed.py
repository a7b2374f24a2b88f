"""The installed ``check`` command as a real process, run from a folder outside the checkout.

This is what a user gets after ``pip install .``: the plans, rules and data must come from the package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from support.cli import CliResult

CHECK = shutil.which("check", path=str(Path(sys.executable).parent)) or shutil.which("check")


def run_check(*args: str, cwd: Path) -> CliResult:
    """The installed ``check`` as a process of its own (the ``cli`` fixture runs it in this one)."""
    if CHECK is None:
        pytest.fail("the 'check' command is not installed; run: pip install '.[test]'")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COLUMNS")}
    done = subprocess.run([CHECK, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    return CliResult(done.returncode, done.stdout, done.stderr)


def test_main_command_runs_from_any_folder(tmp_path: Path) -> None:
    result = run_check("--year", "2024", "rongchang", cwd=tmp_path)
    assert result.exit_code == 1, result.stderr
    assert "ILLUSTRATIVE DATA" in result.stdout
    assert "<bundled>/data/2024/rongchang.yaml" in result.stdout
    assert result.stdout.startswith("荣昌区（rongchang）2024年　判定：未通过")  # Chinese by default
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 100  # a pipe without COLUMNS: 100


def test_json_and_exit_codes_from_a_real_process(tmp_path: Path) -> None:
    result = run_check("--year", "2024", "all", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 1
    data = result.json()
    assert [d["district"] for d in data["districts"]] == ["beibei", "rongchang", "yubei"]
    bad = run_check("--year", "2024", "nowhere", cwd=tmp_path)
    assert bad.exit_code == 2 and "unknown district 'nowhere'" in bad.stderr and bad.stdout == ""


def test_a_local_data_folder_is_preferred(tmp_path: Path) -> None:
    (tmp_path / "data" / "2024").mkdir(parents=True)
    (tmp_path / "data" / "2024" / "beibei.yaml").write_text(
        "district: 北碚\nyear: 2024\nillustrative: false\nsource: local\nvalues:\n  life_expectancy: 79.6\n",
        encoding="utf-8",
    )
    result = run_check("--year", "2024", "beibei", "--format", "json", cwd=tmp_path)
    district = result.json()["districts"][0]
    assert district["data"] == {"path": "data/2024/beibei.yaml", "source": "local", "illustrative": False}
