"""Golden outputs of the bundled runs in every format: a refactoring must leave them byte for byte the same.

Regenerate after a reviewed change of output with ``UPDATE_GOLDEN=1 pytest tests/cli/test_golden.py`` and read the diff
(``git diff tests/golden``) before committing it. Workbooks are compared as a text dump of their cells (value,
number format, fill, bold), since the zip container carries timestamps; Word documents as a text dump of their
paragraphs and tables (tests/support/documents.py). Run reports record their time: SOURCE_DATE_EPOCH fixes it.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cli import Cli
from support.documents import dump
from support.paths import FIXTURES, GOLDEN, ROOT

from checker.inputs.resources import bundled_dir

RUN_FORMATS = ("table", "json", "junit", "sarif", "github", "html", "markdown", "xlsx")
VIEW_FORMATS = ("table", "json", "markdown", "html", "xlsx")


def _cases() -> list[tuple[str, list[str]]]:
    cases: list[tuple[str, list[str]]] = []
    for fmt in RUN_FORMATS:
        cases.append((f"run-2024-all.{fmt}", ["--year", "2024", "all", "--format", fmt, "--no-color"]))
        cases.append((f"run-2025-yubei.{fmt}", ["--year", "2025", "yubei", "--format", fmt, "--no-color"]))
    for fmt in ("table", "markdown", "html", "xlsx"):
        cases.append(
            (f"run-2025-yubei-owner.{fmt}", ["--year", "2025", "yubei", "--format", fmt, "--group-by", "owner"])
        )
    cases.append(("run-2024-rongchang-en.html", ["--year", "2024", "rongchang", "--format", "html", "--lang", "en"]))
    cases.append(("run-2024-all.docx", ["--year", "2024", "all", "--format", "docx"]))
    cases.append(("run-2025-yubei-owner.docx", ["--year", "2025", "yubei", "--format", "docx", "--group-by", "owner"]))
    cases.append(("run-2024-rongchang-en.docx", ["--year", "2024", "rongchang", "--format", "docx", "--lang", "en"]))
    cases.append(("summary-2024.docx", ["summary", "--year", "2024", "--format", "docx"]))
    for fmt in VIEW_FORMATS:
        cases.append((f"summary-2024.{fmt}", ["summary", "--year", "2024", "--format", fmt, "--no-color"]))
        cases.append(
            (
                f"trend-rongchang.{fmt}",
                ["trend", "rongchang", "--from", "2021", "--to", "2024", "--format", fmt, "--no-color"],
            )
        )
    cases.append(("summary-2024-en.table", ["summary", "--year", "2024", "--lang", "en", "--no-color"]))
    for fmt in ("table", "json", "markdown"):
        cases.append((f"diff.{fmt}", ["diff", "{before}", "{after}", "--format", fmt]))
    for fmt in ("text", "json", "sarif", "github"):
        cases.append((f"lint.{fmt}", ["lint", "--format", fmt]))
    for fmt in ("text", "json", "sarif", "github"):
        cases.append((f"lint-findings.{fmt}", ["lint", "{lint}", "--format", fmt]))
    for fmt in ("text", "json", "github"):
        cases.append((f"validate.{fmt}", ["validate", "{data}", "--format", fmt]))
    cases.append(("validate-bad.text", ["validate", "{bad}"]))
    cases.append(("validate-bad.github", ["validate", "{bad}", "--format", "github"]))
    for fmt in ("table", "json"):
        cases.append((f"indicators-yubei.{fmt}", ["indicators", "yubei", "--format", fmt]))
        cases.append((f"indicators-rongchang.{fmt}", ["indicators", "rongchang", "--format", fmt]))
    for fmt in ("yaml", "csv", "xlsx"):
        cases.append((f"template-rongchang.{fmt}", ["template", "rongchang", "--year", "2025", "--format", fmt]))
    cases.append(("districts.txt", ["districts"]))
    cases.append(("schema-data.json", ["schema", "data"]))
    cases.append(("schema-report.json", ["schema", "report"]))
    return cases


CASES = _cases()
GOLDEN_EPOCH = "1704067200"  # SOURCE_DATE_EPOCH: every report made at 2024-01-01T00:00:00Z

BAD_DATA = """\
district: rongchang
year: 2024
illustrative: true
values:
  life_expectancy: 180
  no_such_indicator: 3
"""


def _xlsx_dump(content: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    lines: list[str] = []
    for sheet in workbook.worksheets:
        lines.append(f"## sheet {sheet.title}")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else ""
                bold = "b" if cell.font and cell.font.bold else ""
                lines.append(f"{cell.coordinate}\t{cell.value!r}\t{cell.number_format}\t{fill}\t{bold}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def inputs(
    cli: Cli, tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch
) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("golden")
    monkeypatch_module.chdir(folder)  # no ./data here: the bundled data, in a checkout and an installed wheel alike
    before = folder / "before.json"
    after = folder / "after.json"
    for year, target in (("2023", before), ("2024", after)):
        result = cli("--year", year, "yubei", "rongchang", "beibei", "--format", "json")
        assert result.exit_code in (0, 1) and result.stderr == "", result.stderr
        target.write_text(result.stdout, encoding="utf-8")
    bad = folder / "bad" / "2024"
    bad.mkdir(parents=True)
    (bad / "rongchang.yaml").write_text(BAD_DATA, encoding="utf-8")
    return {
        "before": str(before),
        "after": str(after),
        "data": str(bundled_dir("data")),  # the checkout's data/, or the installed copy of it
        "lint": str(FIXTURES / "lint"),
        "bad": str(folder / "bad"),
        "tmp": str(folder),
    }


def _normalise(text: str, inputs: dict[str, str]) -> str:
    """Paths that differ between machines and installs: the temporary folder, the checkout, and the bundled data,
    which is the checkout's data/ in a checkout and a copy inside the package in an installed wheel; as a URI
    (SARIF), an absolute path (JUnit), a path relative to the working folder (GitHub) or as reports show it."""
    data = bundled_dir("data").resolve()
    spellings = (data.as_uri(), os.path.relpath(data), str(data), "<bundled>/data", "&lt;bundled&gt;/data")
    for spelling in spellings:  # longest first: the relative path ends in the absolute one
        text = text.replace(spelling, "<data>")
    text = text.replace(inputs["tmp"], "<tmp>").replace(str(ROOT), "<root>")
    # The provenance's digests change with any edit of a bundled file, and its Python with the interpreter; the
    # digests are checked in tests/cli/test_provenance.py.
    text = re.sub(r"\b[0-9a-f]{64}\b", "<sha256>", text)
    text = re.sub(r"sha256:[0-9a-f]{12}\b", "sha256:<digest>", text)
    return re.sub(r'"python": "[^"]*"', '"python": "<python>"', text)


@pytest.mark.parametrize(("name", "args"), [pytest.param(n, a, id=n) for n, a in CASES])
def test_golden_output(
    cli: Cli, name: str, args: list[str], inputs: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From a folder without ./data, so that a run reads the bundled data in a checkout and in an installed wheel
    # alike (it shows as <bundled>/data/… in both); paths given on the command line are absolute.
    monkeypatch.chdir(tmp_path)
    argv = [a.format(**inputs) for a in args]
    binary = name.endswith((".xlsx", ".docx"))
    if binary:
        argv += ["--output", str(tmp_path / name)]
    # an exception other than the exit fails the test; the reports' time is SOURCE_DATE_EPOCH's
    result = cli(*argv, env={"COLUMNS": "100", "SOURCE_DATE_EPOCH": GOLDEN_EPOCH})
    if binary:
        content = (tmp_path / name).read_bytes()
        body = dump(content) if name.endswith(".docx") else _xlsx_dump(content)
        name += ".txt"
    else:
        body = result.stdout
    actual = f"exit {result.exit_code}\n" + _normalise(body, inputs)
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8")
