"""Read the table of an .xlsx workbook without trusting the file, and read its figures as Excel shows them.

An .xlsx file is a zip of XML parts, and nothing in it can be taken at its word: a 5 KB file whose sheet declares
the dimension A1:XFD1048576 made openpyxl lay out 17 billion cells; a 2 MB zip can unpack to gigabytes; a broken
part gave a traceback. So, before openpyxl sees the file: only a regular file is read, and never more than
MAX_FILE_BYTES of it; the zip's parts are checked for their declared sizes, compression method and ratio; every
XML part is unpacked in chunks (zipfile never gives more than a part's declared size, and a part whose data do
not match its header fails its CRC) and parsed once for well-formedness (no DTD: its entities could expand without
end), and each sheet's cells are counted, in all and per row. The rows are then streamed with openpyxl's read-only
reader, ignoring the declared dimension, and the table's extent (rows × columns up to the last value) is capped.

Figures: a cell showing ``86%`` stores 0.86 with a percent number format; it is read as "86%", the text a CSV cell
would hold, so both formats give the rest of the reader the same value and unit. Floats are read through their
shortest repr and Excel's 15 significant digits: never a float artefact. A formula whose result was never stored
(a file written by a program, not saved by Excel) is reported at its cell instead of reading as a blank.
"""

from __future__ import annotations

import functools
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn
from xml.parsers import expat

from checker.domain.errors import InputError, Problem
from checker.inputs.regular_files import read_regular_file
from checker.inputs.yaml_document import LoadedYaml
from checker.inputs.yamlio import MAX_FILE_BYTES

MIB = 1024 * 1024
# Real district workbooks are KBs to a few MB and unpack to at most tens of MB; these limits are far above that.
MAX_PARTS = 1_000  # a workbook has a dozen parts, and two or three per sheet
MAX_PART_BYTES = 128 * MIB  # one unpacked part: a sheet of a million cells is about 50 MB of XML
MAX_TOTAL_BYTES = 256 * MIB
MAX_RATIO = 200  # sheets compress about 10:1; deflate cannot pass about 1,030:1, which a zip bomb reaches
RATIO_FROM = MIB  # a small part may compress as well as it likes: it cannot hurt
MAX_CELLS = 2_000_000  # cells in a sheet, and rows × columns of the table read from it
MAX_ROW_CELLS = 16_384  # cells in one row: Excel's last column is XFD
MAX_ROWS = 1_048_576  # Excel's last row
MAX_LAID_OUT = 4 * MAX_CELLS  # cells openpyxl lays out, up to each row's last cell, values or not
SHEET = "数据"  # the sheet check template writes; otherwise the first sheet is read
CHUNK = MIB
EXCEL_DIGITS = 15  # Excel keeps 15 significant digits: more is binary noise (0.30000000000000004)
UNITS = ("/10万", "‰", "%")  # the rates a number format may show, as readers.INLINE_UNITS reads them inline
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .xlsx, or an old .xls
RESAVE = "the file is damaged or was not written by a spreadsheet program: open it in Excel or WPS and save it again"
TOO_BIG = "a workbook of district figures is far smaller: check that this is the file you meant, or split it"

# The XML tags counted in a sheet, with any namespace prefix (openpyxl reads a cell by its namespace, whatever the
# prefix): a row, a cell, a formula. A tag never contains "<".
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(row|c|f)[\s/>]")
# A chunk's last bytes from its last "<" are counted with the next chunk. A tag longer than this, cut by the chunk's
# end, is missed: one per chunk at most, and a tag that long makes cells so large that the part's limit bounds them.
_TAIL = 4096


@dataclass
class XlsxTable:
    """The rows of a workbook's table (trailing blank cells dropped) and its formulas without a stored result."""

    path: str
    rows: list[Sequence[Any]] = field(default_factory=list)
    unstored: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column, formula)

    def formula_problems(self, documents: Sequence[LoadedYaml] | None = None) -> list[Problem]:
        """A problem for each formula without a stored result: every one, or with ``documents`` (a table read for
        some districts only) those in the header and in the rows the documents were read from."""
        lines: set[int] | None = None
        if documents is not None:
            lines = {1} | {line for document in documents for line, _ in document.positions.values()}
        return [
            Problem(
                self.path,
                f"cell {_coordinate(row, column)} holds a formula ({_shorten(formula)}) with no stored result, "
                "so its value cannot be read",
                row,
                column,
                "open the workbook in Excel or WPS and save it (saving stores every formula's result), "
                "or type the value instead of the formula",
            )
            for row, column, formula in self.unstored
            if lines is None or row in lines
        ]


def read_xlsx(path: Path) -> XlsxTable:
    """The table of the sheet named 数据, else of the first sheet. A file that is not a sound workbook, or is
    larger than the limits, raises InputError saying what is wrong and how to fix it."""
    data = read_regular_file(path, MAX_FILE_BYTES)
    archive = _open_zip(path, data)
    with archive:
        has_formulas = _inspect(path, archive)
    from openpyxl import load_workbook  # only this format needs it

    table = XlsxTable(str(path))
    try:
        with warnings.catch_warnings():
            # openpyxl warns of what it drops (data validation, a style it lacks): nothing the figures depend on
            warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = _sheet(path, workbook)
                table.rows, candidates = _rows(path, sheet, collect=has_formulas)
                title = sheet.title
            finally:
                workbook.close()
            if candidates:
                table.unstored = _unstored_formulas(data, title, candidates)
    except _openpyxl_errors() as exc:
        _unreadable(path, exc)
    return table


def cell_value(value: Any, number_format: str) -> Any:
    """A cell's value as the rest of the reader takes it: a number in text, with the unit its number format shows
    (0.86 as ``0%`` is "86%", 3.41 as ``0.00‰`` is "3.41‰"), so that it reads as a CSV cell typed that way."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    power, unit = displayed(number_format, (value > 0) - (value < 0))
    if unit is None:
        if isinstance(value, int):
            return value
        text = repr(value)
        if len(text) <= EXCEL_DIGITS + 1 and "e" not in text and "n" not in text:
            return text  # the common case, already exact: at most 15 digits, no exponent, not inf or nan
    number = _decimal(value)
    if number is None:
        return repr(value)  # inf or nan: text, which the checks refuse as not a number
    return format(number.scaleb(power), "f") + (unit or "")


@functools.lru_cache(maxsize=256)  # a workbook has a handful of formats: each is worked out once
def displayed(number_format: str, sign: int) -> tuple[int, str | None]:
    """(power of ten, unit) of a number of this sign (-1, 0, 1) as ``number_format`` shows it: each % of the
    format multiplies by 100 and shows %; a ‰ or /10万 written in the format is shown as written (Excel and WPS do
    not scale by 1,000 for ‰); a comma after the last digit divides by 1,000. A format that shows none of these
    rates changes nothing: 1480000 shown as ``#,##0,`` (1,480) is still 1,480,000 people."""
    power = 0
    commas = 0  # commas since the last digit placeholder: each scales by 1/1000
    shown: list[str] = []
    section = _section(number_format, sign)
    i = 0
    while i < len(section):
        char = section[i]
        if char == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            shown.append(section[i + 1 : end])
            i = end + 1
            continue
        if char == "[":  # a colour, a condition or a locale: shows nothing
            end = section.find("]", i)
            i = len(section) if end < 0 else end + 1
            continue
        if char == "\\":
            shown.append(section[i + 1 : i + 2])
        elif char in "_*":  # the width of the next character, a fill with it: no text
            pass
        elif char == "%":
            power += 2
            shown.append("%")
        elif char in "0#?":
            commas = 0
        elif char == ",":
            commas += 1
        else:
            shown.append(char)
        i += 2 if char in "\\_*" else 1
    text = "".join(shown)
    unit = next((u for u in UNITS if u in text), None)
    return (power - 3 * commas, unit) if unit else (0, None)


# --- before openpyxl ---------------------------------------------------------------------------------------------


def _open_zip(path: Path, data: bytes) -> zipfile.ZipFile:
    if data.startswith(OLE_MAGIC):
        raise InputError.single(
            path,
            "not an .xlsx workbook: this is an encrypted (password-protected) workbook or an old .xls file",
            hint="remove the password (Excel: File › Info › Protect Workbook › Encrypt with Password, clear it) "
            "and save as Excel Workbook (.xlsx)",
        )
    if not data.startswith(b"PK"):
        what = "the file is empty" if not data else f"the file is not a zip archive (it starts {data[:8]!r})"
        raise InputError.single(
            path, f"not a readable .xlsx workbook: {what}", hint="save the table as Excel Workbook (.xlsx)"
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError) as exc:
        raise InputError.single(
            path, f"not a readable .xlsx workbook: a damaged zip archive ({exc})", hint=RESAVE
        ) from exc


def _inspect(path: Path, archive: zipfile.ZipFile) -> bool:
    """Refuse a zip that would cost more to unpack or parse than any real workbook; whether a sheet has formulas."""
    infos = [info for info in archive.infolist() if not info.filename.endswith("/")]  # not is_dir(): "" is a name
    if len(infos) > MAX_PARTS:
        _refuse(
            path,
            f"the zip holds {len(infos):,} parts, more than the limit of {MAX_PARTS:,} for a workbook",
            hint=TOO_BIG,
        )
    total = 0
    for info in infos:
        name = info.filename
        if info.flag_bits & 0x1:
            _refuse(
                path,
                f"part {name} is encrypted",
                hint="remove the password and save as Excel Workbook (.xlsx)",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            _refuse(path, f"part {name} uses zip compression method {info.compress_type}; workbooks use deflate")
        if info.file_size > MAX_PART_BYTES:
            _refuse(
                path,
                f"part {name} unpacks to {info.file_size:,} bytes, more than the limit of {_mib(MAX_PART_BYTES)}",
                hint=TOO_BIG,
            )
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            _refuse(
                path,
                f"part {name} unpacks to {info.file_size:,} bytes from {info.compress_size:,} "
                f"({ratio:,}:1, more than the limit of {MAX_RATIO}:1): a zip bomb or a damaged file, not a table",
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        _refuse(
            path,
            f"the workbook unpacks to {total:,} bytes, more than the limit of {_mib(MAX_TOTAL_BYTES)}",
            hint=TOO_BIG,
        )
    has_formulas = False
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels")):
            has_formulas |= _scan_part(path, archive, info)
    return has_formulas


def _scan_part(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Unpack one XML part in chunks, never past its declared size: well-formed, no DTD, cells within the limits.
    Whether it holds a formula."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _no_dtd
    count = _CellCount(path, info.filename)
    try:
        for chunk in _unpacked(path, archive, info):
            parser.Parse(chunk, False)
            count.feed(chunk)
        parser.Parse(b"", True)
        count.feed(b"", final=True)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
        _refuse(
            path,
            f"part {info.filename} is not well-formed XML: {message} (line {exc.lineno}, column {exc.offset + 1} "
            "of the part)",
        )
    except _DtdError:
        _refuse(
            path,
            f"part {info.filename} declares a DTD (<!DOCTYPE>), which no workbook does: refused, because its "
            "entities could expand without end",
        )
    except (LookupError, ValueError) as exc:  # an encoding expat does not know: <?xml encoding="UTFb8"?>
        _refuse(path, f"part {info.filename} is not readable XML: {exc}")
    return count.formulas


def _unpacked(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part's bytes in chunks. zipfile stops at the declared size and checks the CRC at the end: data longer than
    declared, or not the data the header describes, fail that check."""
    read = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                read += len(chunk)
                if read > info.file_size:  # zipfile does not let this happen; the check says what we rely on
                    raise zipfile.BadZipFile(f"more than the declared {info.file_size:,} bytes")
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise InputError.single(
            path,
            f"part {info.filename} does not match its zip header ({exc}): its data are damaged, or its "
            "declared size is false",
            hint=RESAVE,
        ) from exc


class _CellCount:
    """The cells of a sheet part, in all and per row, counted on the raw XML as it is unpacked (no parsing: a
    million cells take well under a second)."""

    def __init__(self, path: Path, part: str) -> None:
        self.path = path
        self.part = part
        self.cells = 0
        self.in_row = 0
        self.formulas = False
        self._carry = b""

    def feed(self, chunk: bytes, final: bool = False) -> None:
        """Count the tags in ``chunk``; a tag cut at the chunk's end is counted with the next chunk."""
        buffer = self._carry + chunk
        cut = len(buffer) if final else buffer.rfind(b"<", max(0, len(buffer) - _TAIL))
        cut = len(buffer) if cut < 0 else cut
        self._carry = buffer[cut:]
        for match in _TAG.finditer(buffer, 0, cut):
            tag = match.group(1)
            if tag == b"c":
                self.cells += 1
                self.in_row += 1
            elif tag == b"row":
                self._check_row()
                self.in_row = 0
            else:
                self.formulas = True
        self._check_row()
        if self.cells > MAX_CELLS:
            _refuse(
                self.path,
                f"{self.part} holds more than {MAX_CELLS:,} cells, the limit for one sheet",
                hint="split the table into several workbooks, or save it as CSV",
            )

    def _check_row(self) -> None:
        if self.in_row > MAX_ROW_CELLS:
            _refuse(
                self.path,
                f"a row of {self.part} holds more than {MAX_ROW_CELLS:,} cells: Excel's last column is XFD",
            )


class _DtdError(Exception):
    pass


def _no_dtd(*_args: object) -> NoReturn:
    raise _DtdError


# --- with openpyxl -----------------------------------------------------------------------------------------------


def _openpyxl_errors() -> tuple[type[BaseException], ...]:
    from openpyxl.utils.exceptions import InvalidFileException  # imported with openpyxl, on the first workbook

    # What openpyxl raises on a part that is well-formed XML but not what it expects; SyntaxError is ElementTree's
    # ParseError. Never a traceback for a user's file.
    return (
        InvalidFileException,
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
        EOFError,
        SyntaxError,
        NotImplementedError,
        RecursionError,
    )


def _sheet(path: Path, workbook: Any) -> Any:
    sheets = workbook.worksheets
    if not sheets:
        _refuse(path, "the workbook has no worksheet", hint="put the table on a worksheet named 数据")
    return next((s for s in sheets if s.title == SHEET), sheets[0])


def _rows(path: Path, sheet: Any, collect: bool) -> tuple[list[Sequence[Any]], set[tuple[int, int]]]:
    """The sheet's rows, streamed without trusting its declared dimension: openpyxl lays a row out up to its last
    cell only. With ``collect``, the cells present without a value (a formula's unstored result looks like that)."""
    from openpyxl.cell.read_only import EMPTY_CELL

    sheet.reset_dimensions()  # the declared dimension may say XFD1048576 for one cell: lay out what is there
    rows: list[Sequence[Any]] = []
    candidates: set[tuple[int, int]] = set()
    width = 0  # the widest row up to its last value
    laid_out = 0
    for index, cells in enumerate(sheet.iter_rows(), start=1):
        if index > MAX_ROWS:
            _refuse(path, f"sheet {sheet.title!r} has rows past row {MAX_ROWS:,}, Excel's last row")
        if not cells:
            rows.append(())
            continue
        if len(cells) > MAX_ROW_CELLS:
            _refuse(path, f"sheet {sheet.title!r} has a cell past column XFD, Excel's last, in row {index:,}")
        laid_out += len(cells)
        if laid_out > MAX_LAID_OUT:  # empty cells far to the right in row after row: bounded work, not a table
            _refuse(
                path,
                f"sheet {sheet.title!r} has cells reaching row {index:,}, column {len(cells):,}: more than "
                f"{MAX_LAID_OUT:,} cells to lay out, most of them empty",
                line=index,
                hint="delete the rows and columns after your table (select them, Delete) and save",
            )
        values: list[Any] = []
        for cell in cells:
            if cell is EMPTY_CELL:
                values.append(None)
                continue
            value = cell.value
            if value is None and collect and cell.data_type != "str":  # "str": a formula's result "", stored
                candidates.add((index, len(values) + 1))
            # only a number has a unit in its format to read; a string or a blank is what it is
            values.append(cell_value(value, cell.number_format) if type(value) in (float, int) else value)
        while values and values[-1] is None:
            values.pop()
        if values:
            width = max(width, len(values))
            if index * width > MAX_CELLS:
                _refuse(
                    path,
                    f"sheet {sheet.title!r} has a value at {_coordinate(index, len(values))}: read as a table, "
                    f"{index:,} rows × {width:,} columns is more than the limit of {MAX_CELLS:,} cells",
                    line=index,
                    column=len(values),
                    hint="clear the cells after your table (or move the table to a new sheet) and save",
                )
        rows.append(values)
    return rows, candidates


def _unstored_formulas(data: bytes, title: str, candidates: set[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Which of the cells read as blank hold a formula: the workbook read again, formulas instead of results, up
    to the last such cell's row (only when a sheet has formulas and blank cells)."""
    from openpyxl import load_workbook
    from openpyxl.cell.read_only import ReadOnlyCell

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheet: Any = workbook[title]
        sheet.reset_dimensions()
        found = []
        for cells in sheet.iter_rows(max_row=max(row for row, _ in candidates)):
            for cell in cells:
                if isinstance(cell, ReadOnlyCell) and cell.data_type == "f" and (cell.row, cell.column) in candidates:
                    formula = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", "")
                    found.append((cell.row, cell.column, str(formula or "=")))
        return found
    finally:
        workbook.close()


# --- numbers -----------------------------------------------------------------------------------------------------


def _decimal(value: int | float) -> Decimal | None:
    """The number exactly as typed: an int as it is, a float through its shortest repr, rounded to Excel's 15
    significant digits (0.30000000000000004, a sum Excel shows as 0.3, is 0.3)."""
    if isinstance(value, int):
        return Decimal(value)
    number = Decimal(repr(value))
    if not number.is_finite():
        return None
    if len(number.as_tuple().digits) > EXCEL_DIGITS:
        number = number.quantize(Decimal(1).scaleb(number.adjusted() - EXCEL_DIGITS + 1)).normalize()
    return number


def _section(number_format: str, sign: int) -> str:
    """The section of a number format that shows a number of this sign: positive; negative; zero; text."""
    sections: list[str] = []
    start = 0
    quoted = False
    i = 0
    while i < len(number_format):
        char = number_format[i]
        if char == '"':
            quoted = not quoted
        elif char == "\\" and not quoted:
            i += 1
        elif char == ";" and not quoted:
            sections.append(number_format[start:i])
            start = i + 1
        i += 1
    sections.append(number_format[start:])
    if sign < 0 and len(sections) > 1:
        return sections[1]
    if sign == 0 and len(sections) > 2:
        return sections[2]
    return sections[0]


# --- messages ----------------------------------------------------------------------------------------------------


def _refuse(
    path: Path | str,
    message: str,
    line: int | None = None,
    column: int | None = None,
    hint: str | None = RESAVE,
) -> NoReturn:
    raise InputError.single(path, message, line, column, hint)


def _unreadable(path: Path, exc: BaseException) -> NoReturn:
    if isinstance(exc, KeyError):  # zipfile: "There is no item named 'xl/worksheets/sheet2.xml' in the archive"
        detail = f"a part it refers to is missing: {exc.args[0] if exc.args else exc}"
    else:
        detail = f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__
    raise InputError.single(path, f"not a readable .xlsx workbook ({_shorten(detail, 160)})", hint=RESAVE) from exc


def _coordinate(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}" if 1 <= column <= 18_278 else f"row {row}, column {column}"


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mib(size: int) -> str:
    return f"{size:,} bytes ({size // MIB} MiB)"
