"""Excel files that cannot hurt the checker, through the command line: each hostile workbook (made here, in a
temporary folder) ends ``check validate`` and a run with ``--data`` quickly, with a message naming the file and no
traceback, and the two bombs stay far below 200 MB; and the figures of a workbook reach the report as typed (86%).
(The reader itself: tests/unit/test_xlsx_reader.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from support.cli import Cli
from support.xlsx_parts import SHEET_PART, long_rows, lying_sizes, sheet_xml, workbook, zip_bomb

SECONDS = 2  # the bound the issue sets; each refusal takes a fraction of it
MEGABYTES = 200
ONE_CELL_AT_XFD = sheet_xml('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', dimension="A1:XFD1048576")


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 0.5 MB workbook whose sheet unpacks to 512 MiB of zeros, made once for the module."""
    return zip_bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx", 512 * 1024 * 1024)


def _bytes(data: bytes) -> Callable[[Path, Path], Path]:
    def make(path: Path, _bomb: Path) -> Path:
        path.write_bytes(data)
        return path

    return make


def _copy_of_bomb(path: Path, bomb: Path) -> Path:
    path.symlink_to(bomb)  # a link to a regular file is read like the file
    return path


def _fifo(path: Path, _bomb: Path) -> Path:
    os.mkfifo(path)
    return path


def _dev_zero(path: Path, _bomb: Path) -> Path:
    path.symlink_to("/dev/zero")
    return path


HOSTILE = [
    pytest.param(
        _bytes(workbook(ONE_CELL_AT_XFD)),
        ":1048576:16384",
        "sheet '数据' has a value at XFD1048576: read as a table, 1,048,576 rows × 16,384 columns is more than",
        id="dimension-bomb",
    ),
    pytest.param(
        _copy_of_bomb,
        "",
        "part xl/worksheets/sheet1.xml unpacks to 536,870,912 bytes, more than the limit of 134,217,728 bytes",
        id="zip-bomb",
    ),
    pytest.param(
        _bytes(lying_sizes(workbook(sheet_xml(long_rows(*[("a", "1")] * 20_000))), SHEET_PART, 1_000)),
        "",
        "part xl/worksheets/sheet1.xml does not match its zip header (Bad CRC-32",
        id="part-larger-than-declared",
    ),
    pytest.param(
        _bytes(workbook(sheet_xml('<row r="1"><c r="A1"><v>1</v></row>'))),
        "",
        "part xl/worksheets/sheet1.xml is not well-formed XML: mismatched tag (line 1, column",
        id="malformed-xml",
    ),
    pytest.param(
        _bytes("区县,年份,指标,数值\n".encode()),
        "",
        "not a readable .xlsx workbook: the file is not a zip archive",
        id="not-a-zip",
    ),
    pytest.param(
        _bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)),
        "",
        "not an .xlsx workbook: this is an encrypted (password-protected) workbook or an old .xls file",
        id="encrypted-ole",
    ),
    pytest.param(_fifo, "", "not a regular file (a named pipe)", id="fifo"),
    pytest.param(_dev_zero, "", "not a regular file (a character device)", id="symlink-to-dev-zero"),
]


@pytest.fixture(scope="module", autouse=True)
def _warm(cli: Cli) -> None:
    """One run before the timed ones, so that they time the file, not the first import of the checker."""
    assert cli("districts").exit_code == 0


@pytest.mark.parametrize(("make", "where", "message"), HOSTILE)
def test_validate_reports_a_hostile_workbook_quickly(
    cli: Cli, tmp_path: Path, bomb: Path, make: Callable[[Path, Path], Path], where: str, message: str
) -> None:
    path = make(tmp_path / "rongchang.xlsx", bomb)
    start = time.perf_counter()
    result = cli("validate", str(path))
    assert time.perf_counter() - start < SECONDS
    # validate's code for an invalid file (``check validate --help``): the file is reported like any other
    assert result.exit_code == 1, result.stdout + result.stderr
    assert f"{path}{where}: error: {message}" in result.stdout
    assert "hint: " in result.stdout and "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(("make", "where", "message"), HOSTILE)
def test_a_run_refuses_a_hostile_workbook_quickly(
    cli: Cli, tmp_path: Path, bomb: Path, make: Callable[[Path, Path], Path], where: str, message: str
) -> None:
    path = make(tmp_path / "rongchang.xlsx", bomb)
    start = time.perf_counter()
    result = cli("--year", "2024", "rongchang", "--data", str(path))
    assert time.perf_counter() - start < SECONDS
    assert result.exit_code == 2, result.stdout + result.stderr
    assert f"error: {path}{where}: {message}" in result.stderr
    assert "hint: " in result.stderr and "Traceback" not in result.stdout + result.stderr


# The peak of this process's own memory: VmHWM, not getrusage's ru_maxrss, which on Linux keeps the high-water
# mark of the process that forked it (pytest, hundreds of MB by the time this test runs in a full suite).
PEAK = """
import json, sys
from checker.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    with open("/proc/self/status", encoding="ascii") as status:
        kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    print(json.dumps({"code": done.code, "kib": kib}), file=sys.stderr)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from Linux's /proc")
@pytest.mark.parametrize("which", ["dimension-bomb", "zip-bomb"])
def test_the_bombs_stay_small_in_a_process_of_their_own(tmp_path: Path, bomb: Path, which: str) -> None:
    path = tmp_path / "rongchang.xlsx"
    if which == "zip-bomb":
        _copy_of_bomb(path, bomb)
    else:
        path.write_bytes(workbook(ONE_CELL_AT_XFD))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, "--year", "2024", "rongchang", "--data", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    seconds = time.perf_counter() - start  # the interpreter's start and the imports included
    last = (done.stderr.strip().splitlines() or [""])[-1]
    assert last.startswith("{"), done.stdout + done.stderr
    peak = json.loads(last)
    assert peak["code"] == 2 and "Traceback" not in done.stderr, done.stderr
    assert peak["kib"] < MEGABYTES * 1024, f"{which}: {peak['kib'] / 1024:.0f} MB in {seconds:.2f} s"


def test_figures_typed_as_percent_reach_the_report_as_typed(cli: Cli, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "数据"
    sheet.append(("区县", "年份", "指标", "数值"))
    sheet.append(("荣昌区", 2024, "health_literacy", 0.286))
    sheet.append(("荣昌区", 2024, "infant_mortality", 2.1))
    sheet["D2"].number_format = "0.0%"
    sheet["D3"].number_format = '0.00"‰"'
    path = tmp_path / "rongchang.xlsx"
    book.save(path)
    assert cli("validate", str(path)).exit_code == 0
    result = cli("--year", "2024", "rongchang", "--data", str(path), "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    [district] = result.json()["districts"]
    values = {i["id"]: (i["value"], i["unit"]) for i in district["indicators"] if i["value"] is not None}
    assert values == {"health_literacy": ("28.6", "%"), "infant_mortality": ("2.1", "‰")}


def test_a_formula_without_its_result_stops_a_run_at_its_cell(cli: Cli, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(("district", "year", "indicator", "value"))
    sheet.append(("rongchang", 2024, "physicians_per_1000", 3.41))
    sheet.append(("rongchang", 2024, "nurses_per_1000", "=D2*1.2"))
    path = tmp_path / "rongchang.xlsx"
    book.save(path)
    result = cli("--year", "2024", "rongchang", "--data", str(path))
    assert result.exit_code == 2
    assert f"error: {path}:3:4: cell D3 holds a formula (=D2*1.2) with no stored result" in result.stderr
    validated = cli("validate", str(path))
    assert validated.exit_code == 1 and f"{path}:3:4" in validated.stdout


@pytest.mark.parametrize("form", ["xlsx", "docx"])
def test_a_control_character_in_a_data_file_does_not_break_an_office_report(
    cli: Cli, tmp_path: Path, form: str
) -> None:
    """XML cannot carry U+0001: a data file's source holding one is written as U+FFFD, never an internal error."""
    import html
    import zipfile

    data = tmp_path / "values.yaml"
    data.write_text(
        'district: rongchang\nyear: 2024\nillustrative: true\nsource: "年报\\u0001第3页"\n'
        "values:\n  physicians_per_1000: 3.41\n",
        encoding="utf-8",
    )
    out = tmp_path / f"report.{form}"
    result = cli("--year", "2024", "rongchang", "--data", str(data), "--format", form, "--output", str(out))
    assert result.exit_code in (0, 1), result.stderr
    with zipfile.ZipFile(out) as book:
        text = html.unescape("".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml")))
    assert "年报\ufffd第3页" in text and "\x01" not in text
