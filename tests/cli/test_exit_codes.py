"""Exit codes CI can tell apart: 1 only for findings; 2 for what the user or the machine can fix (a bad file, a full
disk, a folder that cannot be written), with one clear line; 3 for a bug in the checker, with one line and the
traceback only with --debug. Never a traceback and exit 1."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import Cli

from checker.cli import main as cli_main


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("something the checker did not expect\nsecond line")


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--year", "2024", "rongchang"], id="run"),
        pytest.param(["--year", "2024", "rongchang", "--format", "json"], id="run-json"),
    ],
)
def test_an_internal_error_exits_3_with_one_line(cli: Cli, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    monkeypatch.setattr(cli_main, "each_district", _boom)
    result = cli(*args)
    assert result.exit_code == 3 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "internal error: RuntimeError: something the checker did not expect"
    assert "Traceback" not in result.stderr and "--debug" in result.stderr and len(lines) == 2


def test_debug_shows_the_traceback_anywhere_on_the_line(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_main, "each_district", _boom)
    for args in (["--debug", "--year", "2024", "rongchang"], ["--year", "2024", "rongchang", "--debug"]):
        result = cli(*args)
        assert result.exit_code == 3
        assert result.stderr.startswith("Traceback (most recent call last):")
        assert "RuntimeError: something the checker did not expect" in result.stderr
        assert "internal error: RuntimeError" in result.stderr
    with_env = cli("--year", "2024", "rongchang", env={"HEALTH_PLAN_CHECKER_DEBUG": "1"})
    assert with_env.exit_code == 3 and "Traceback" in with_env.stderr


def test_debug_alone_changes_nothing_when_all_is_well(cli: Cli) -> None:
    plain = cli("--year", "2024", "beibei", "--format", "json")
    debug = cli("--debug", "--year", "2024", "beibei", "--format", "json")
    assert (debug.exit_code, debug.stdout) == (plain.exit_code, plain.stdout) and plain.exit_code == 1


@pytest.mark.parametrize(
    ("code", "words"),
    [
        pytest.param(errno.ENOSPC, "No space left on device", id="disk-full"),
        pytest.param(errno.EACCES, "Permission denied", id="permission"),
        pytest.param(errno.EROFS, "Read-only file system", id="read-only"),
    ],
)
def test_an_environment_error_while_writing_exits_2_with_one_line(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, code: int, words: str
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code), str(tmp_path / "report.json"))

    monkeypatch.setattr(os, "replace", refuse)
    result = cli("--year", "2024", "rongchang", "--format", "json", "--output", str(tmp_path / "report.json"))
    assert result.exit_code == 2 and result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith("error: ") and words in first and str(tmp_path / "report.json") in first
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "report.json").exists()


def test_out_of_memory_exits_2(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def exhaust(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(cli_main, "each_district", exhaust)
    result = cli("--year", "2024", "rongchang")
    assert result.exit_code == 2 and result.stderr.startswith("error: out of memory")


def test_the_installed_command_documents_exit_code_3() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "checker", "--help"], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert result.returncode == 0
    assert "3  internal error" in result.stdout and "--debug" in result.stdout


def test_an_output_folder_that_is_a_file_exits_2(cli: Cli, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    result = cli("--year", "2024", "rongchang", "--format", "json", "--output", str(not_a_folder / "r.json"))
    assert result.exit_code == 2 and "Traceback" not in result.stderr and result.stderr.startswith("error: ")


def test_an_os_error_outside_the_writers_exits_2_with_a_hint(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """An OSError no reader or writer turned into a message of its own still gets one line and exit code 2."""

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/somewhere/cache")

    monkeypatch.setattr(cli_main, "each_district", full)
    result = cli("--year", "2024", "rongchang")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "error: No space left on device (/somewhere/cache)\n  hint: free some disk space, or write somewhere else\n"
    )


def test_a_reader_that_stops_early_gets_no_message_and_exit_2(tmp_path: Path) -> None:
    """``check … --format json | head``: the pipe closes before the report is written (half a megabyte, more than
    a pipe holds); no 'Broken pipe' with a hint about files, no traceback from the interpreter's last flush."""
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "--year", "2024", "all", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100).startswith(b"{")
    process.stdout.close()  # as head does once it has its lines
    with process.stderr:
        errors = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 2
    assert errors == ""
