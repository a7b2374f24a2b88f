"""--fail-on takes the same words in run, validate and lint: error (or fail), warning (or warn), never; lint also
info. The exit code is 1 at or above the level, 0 below it or with never."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli import Cli

GOOD = "district: rongchang\nyear: 2024\nillustrative: true\nvalues:\n  physicians_per_1000: 3.41\n"
BAD = GOOD.replace("3.41", "three")


@pytest.mark.parametrize(
    ("words", "code"),
    [
        pytest.param([], 1, id="default-error"),  # the bundled 2024 荣昌 data fails targets
        pytest.param(["--fail-on", "error"], 1, id="error"),
        pytest.param(["--fail-on", "fail"], 1, id="fail"),
        pytest.param(["--fail-on", "warning"], 1, id="warning"),
        pytest.param(["--fail-on", "warn"], 1, id="warn"),
        pytest.param(["--fail-on", "never"], 0, id="never"),
    ],
)
def test_run(cli: Cli, words: list[str], code: int) -> None:
    assert cli("--year", "2024", "rongchang", "--format", "json", *words).exit_code == code


@pytest.mark.parametrize(
    ("body", "words", "code"),
    [
        pytest.param(BAD, [], 1, id="invalid"),
        pytest.param(BAD, ["--fail-on", "fail"], 1, id="invalid-fail"),
        pytest.param(BAD, ["--fail-on", "never"], 0, id="invalid-never"),
        pytest.param(GOOD, [], 0, id="valid-with-notes"),  # 荣昌 has many values still missing: notes
        pytest.param(GOOD, ["--fail-on", "warning"], 1, id="notes-at-warning"),
        pytest.param(GOOD, ["--fail-on", "warn"], 1, id="notes-at-warn"),
    ],
)
def test_validate(cli: Cli, tmp_path: Path, body: str, words: list[str], code: int) -> None:
    path = tmp_path / "values.yaml"
    path.write_text(body, encoding="utf-8")
    assert cli("validate", str(path), *words).exit_code == code


@pytest.mark.parametrize(
    ("words", "code"),
    [
        pytest.param(["--fail-on", "error"], 0, id="error"),
        pytest.param(["--fail-on", "fail"], 0, id="fail"),
        pytest.param(["--fail-on", "never"], 0, id="never"),
    ],
)
def test_lint_takes_the_same_words(cli: Cli, words: list[str], code: int) -> None:
    assert cli("lint", *words).exit_code == code


@pytest.mark.parametrize("command", [["--year", "2024", "rongchang"], ["validate", "x.yaml"], ["lint"]])
def test_an_unknown_word_is_a_usage_error_naming_the_words(cli: Cli, command: list[str]) -> None:
    result = cli(*command, "--fail-on", "sometimes")
    assert result.exit_code == 2 and "'error', 'warning'" in result.stderr and "'never'" in result.stderr
