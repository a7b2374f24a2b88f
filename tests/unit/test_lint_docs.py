"""docs/lint.md's codes table is generated from the codes' records (python -m checker.lint.docs): it must be fresh,
and ``--check`` must notice when it is not."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.paths import ROOT

from checker.lint import docs
from checker.lint.registry import CODES

DOCS = ROOT / "docs" / "lint.md"


def run_docs(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker.lint.docs", *args], capture_output=True, text=True, encoding="utf-8", cwd=ROOT
    )


def test_the_codes_table_in_docs_is_generated_from_the_records() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert docs.render(text) == text, "docs/lint.md is stale: run python -m checker.lint.docs"


def test_every_code_has_one_generated_row() -> None:
    table = docs.codes_table(CODES.values()).split("\n")
    assert table[:2] == list(docs.HEADER)
    assert [row.split(" | ")[0].removeprefix("| ") for row in table[2:]] == list(CODES)
    for code in CODES.values():
        assert code.description and code.passing and code.failing, code.id
        assert "\n" not in code.explanation + code.passing + code.failing, code.id  # one table row each


def test_check_detects_a_stale_copy_and_the_command_regenerates_it(tmp_path: Path) -> None:
    copy = tmp_path / "lint.md"
    shutil.copyfile(DOCS, copy)
    assert run_docs("--check", str(copy)).returncode == 0
    stale = DOCS.read_text(encoding="utf-8").replace(
        "| U101 | unit-mismatch | error | The unit", "| U101 | x | error | A"
    )
    copy.write_text(stale, encoding="utf-8")
    checked = run_docs("--check", str(copy))
    assert checked.returncode == 1 and checked.stdout == ""
    assert checked.stderr.count("\n") == 1 and f"python -m checker.lint.docs {copy}" in checked.stderr
    assert copy.read_text(encoding="utf-8") == stale  # --check changes nothing
    assert run_docs(str(copy)).returncode == 0
    assert copy.read_bytes() == DOCS.read_bytes()
    assert run_docs("--check", str(copy)).returncode == 0


def test_a_document_without_the_markers_is_an_error(tmp_path: Path) -> None:
    copy = tmp_path / "lint.md"
    copy.write_text("# Linting\n\nno table\n", encoding="utf-8")
    assert docs.main(["--check", str(copy)]) == 2
    assert docs.main([str(copy)]) == 2
    assert copy.read_text(encoding="utf-8") == "# Linting\n\nno table\n"


def test_the_stale_message_names_the_command_that_regenerates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "lint.md"
    copy.write_text(DOCS.read_text(encoding="utf-8").replace("| L003 | unused-waiver |", "| L003 | old |"), "utf-8")
    monkeypatch.setattr(docs, "DOCS", copy)  # the default document
    assert docs.main(["--check"]) == 1
    assert (
        capsys.readouterr().err
        == f"{copy}: the codes table is stale; regenerate it with: python -m checker.lint.docs\n"
    )


ALLOWED = ("checker.lint", "checker.engine", "checker.inputs", "checker.domain")  # never views, formats or cli


def test_the_docs_module_imports_only_lint_and_the_layers_below() -> None:
    tree = ast.parse(Path(docs.__file__).read_text(encoding="utf-8"))
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    ours = [m for m in imported if m.split(".")[0] == "checker"]
    assert ours and all(any(m == a or m.startswith(f"{a}.") for a in ALLOWED) for m in ours), ours
