"""The safe YAML reader: exact numbers, positions, and clear errors for malformed or hostile input."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checker.domain.errors import InputError
from checker.inputs.yaml_document import MAX_DEPTH
from checker.inputs.yamlio import load_yaml_file, load_yaml_text, read_text


def test_numbers_are_exact_decimals_and_dates_stay_text() -> None:
    loaded = load_yaml_text("a: 3.05\nb: [1, 0.30]\nc: 2022-03-31\nd: 1_000.5\n", "f.yaml")
    assert loaded.data == {"a": Decimal("3.05"), "b": [1, Decimal("0.30")], "c": "2022-03-31", "d": Decimal("1000.5")}
    assert isinstance(loaded.data["b"][0], int)


def test_positions_are_one_based_line_and_column() -> None:
    loaded = load_yaml_text("top:\n  inner: [1, 2]\n", "f.yaml")
    assert loaded.where(("top", "inner", 1)) == (2, 14)
    assert loaded.key_where(("top", "inner")) == (2, 3)
    assert loaded.where(("top", "inner", 1, "deeper")) == (2, 14)  # falls back to the nearest known


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        pytest.param("a: 1\nb: 2\na: 3\n", "duplicate key 'a' (first given at line 1)", 3, 1, id="duplicate-key"),
        pytest.param("a: &x [1, 2]\nb: *x\n", "anchors and aliases", 1, 4, id="alias"),
        pytest.param(
            "a: [1, 2\n", "invalid YAML: the [ list that starts here is never closed", 1, 4, id="unclosed-list"
        ),
        pytest.param(
            "a: 1\nb: [1,\nc: 2\nd: 3\n",
            "the [ list that starts here is never closed",
            2,
            4,
            id="unclosed-lines-before",
        ),
        pytest.param('a: "x\nb: 1\n', "the quoted text that starts here is never closed", 1, 4, id="unclosed-quote"),
        pytest.param("a: 1\n\tb: 2\n", "invalid YAML", 2, 1, id="tab"),
        pytest.param("a: .inf\n", "'.inf' is not a finite number", 1, 4, id="infinity"),
        pytest.param("a: !!python/object:os.system x\n", "unsupported YAML tag", 1, 4, id="python-tag"),
        pytest.param("? [1, 2]\n: x\n", "only plain keys", 1, 3, id="complex-key"),
    ],
)
def test_malformed_yaml_is_a_positioned_error(text: str, message: str, line: int, column: int) -> None:
    with pytest.raises(InputError) as info:
        load_yaml_text(text, "f.yaml")
    problem = info.value.problems[0]
    assert message in problem.message
    assert (problem.path, problem.line, problem.column) == ("f.yaml", line, column)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        pytest.param("a: [1, 2\n", "add the closing ]", id="list"),
        pytest.param("a: {b: 1\n", "add the closing }", id="mapping"),
        pytest.param("a: 1\n\tb: 2\n", "indent with spaces, not tabs", id="tab"),
        pytest.param(
            "a: 1\n  b: 2\n", "quote a value that holds ': ', or indent this line as its neighbours are", id="indent"
        ),
    ],
)
def test_a_yaml_syntax_error_says_how_to_fix_it(text: str, hint: str) -> None:
    with pytest.raises(InputError) as info:
        load_yaml_text(text, "f.yaml")
    assert info.value.problems[0].hint == hint


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    with pytest.raises(InputError, match="aliases"):
        load_yaml_text("\n".join(lines) + "\n", "bomb.yaml")


def test_deep_nesting_is_refused() -> None:
    text = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    with pytest.raises(InputError, match="nested deeper"):
        load_yaml_text(text, "deep.yaml")


def test_non_utf8_file_names_the_byte_and_position(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(b"a: 1\nb: " + "荣昌".encode("gbk") + b"\n")
    with pytest.raises(InputError) as info:
        read_text(path)
    problem = info.value.problems[0]
    assert "not valid UTF-8" in problem.message and (problem.line, problem.column) == (2, 4)


def test_binary_and_oversized_files_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "junk.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x00\x00")
    with pytest.raises(InputError, match="binary"):
        load_yaml_file(binary)
    big = tmp_path / "big.yaml"
    big.write_text("a: 1\n" * 100)
    with pytest.raises(InputError, match="larger than the limit"):
        read_text(big, max_bytes=10)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: 荣昌\n".encode())
    assert load_yaml_file(path).data == {"a": "荣昌"}
