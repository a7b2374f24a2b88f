"""Read a source document (a plan, a work summary) as paragraphs and tables, without trusting the file.

Two forms are read: plain text (UTF-8, with or without BOM, else GB18030, which Chinese office software writes)
and Word ``.docx``. A text file is a paragraph per line (its tables are found later, by
checker.inputs.drafting.layout); a ``.docx`` file gives its body's paragraphs and tables in order, merged cells
resolved: a cell merged across rows (``vMerge``) gives its text to every row it spans, a cell merged across columns
(``gridSpan``) fills the first column and leaves the others blank.

A ``.docx`` is a zip of XML parts, and nothing in it is taken at its word (as for .xlsx, checker.inputs.xlsx_reader):
only a regular file is read, never more than MAX_DOCX_BYTES of it; the parts are checked for their number, declared
sizes, compression method and ratio before anything is unpacked; ``word/document.xml`` is unpacked in chunks, never
past its declared size, and parsed with expat, refusing any DTD (whose entities could expand without end).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from xml.parsers import expat

from checker.domain.errors import InputError
from checker.inputs.regular_files import read_regular_file, regular_file_chunks

MIB = 1024 * 1024
MAX_TEXT_BYTES = 16 * MIB  # a 十四五 plan is about 100 KB of text; a whole year's documents are a few MB
MAX_DOCX_BYTES = 64 * MIB  # a .docx with pictures is a few MB
MAX_PARTS = 2_000
MAX_PART_BYTES = 64 * MIB  # word/document.xml of a 300-page plan is a few MB
MAX_TOTAL_BYTES = 512 * MIB
MAX_RATIO = 200  # XML compresses about 10:1; a zip bomb reaches about 1,000:1
RATIO_FROM = MIB  # a small part may compress as well as it likes
MAX_CELLS = 200_000  # table cells in one document
CHUNK = MIB
CONTROL_SHARE = 0.01  # more control characters than this (other than tab, newline, form feed) is not text
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOCUMENT_PART = "word/document.xml"
_MAIN = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # strict Open XML
}
SAVE_AS = "save the document as Word (.docx) or as text (.txt, UTF-8)"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text (a line of a text file), with its line: the file's line, or the block's ordinal."""

    text: str
    line: int


@dataclass(frozen=True)
class TableRow:
    """A row of a table: its cells as read (merged cells resolved) and its line."""

    cells: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Table:
    """A table of a .docx file (a text file's tables are found by the layout)."""

    rows: tuple[TableRow, ...]
    line: int


Block = Paragraph | Table


@dataclass(frozen=True)
class SourceDocument:
    """A document's blocks in order. ``kind`` is ``text`` or ``docx``; for a .docx, a block's line is its ordinal
    (each paragraph and each table row counts one), which is what a citation gives."""

    path: str
    name: str
    kind: str
    blocks: tuple[Block, ...]
    encoding: str = "utf-8"

    @property
    def line_word(self) -> str:
        """How a citation names a position: a text file's line, a .docx file's paragraph."""
        return "line" if self.kind == "text" else "paragraph"


def read_document(path: Path) -> SourceDocument:
    """The document at ``path``: a .docx file (by its name or its zip signature) or text. Anything else, or a file
    over the limits, raises InputError saying what is wrong and what to do."""
    head = _head(path)
    if head.startswith(OLE_MAGIC):
        raise InputError.single(
            path,
            "not a readable document: this is an old Word .doc file (or an encrypted document)",
            hint=SAVE_AS,
        )
    if head.startswith(b"%PDF"):
        raise InputError.single(
            path,
            "not a readable document: PDF is not read (its text has no reliable order or tables)",
            hint="open it and " + SAVE_AS,
        )
    if path.suffix.lower() == ".docx" or head.startswith(b"PK"):
        return read_docx(path)
    return read_text_document(path)


def _head(path: Path) -> bytes:
    """The first bytes of the file, read through the same checks as the whole file."""
    for chunk in regular_file_chunks(path, MAX_DOCX_BYTES):
        return chunk[:16]
    return b""


# --- text ----------------------------------------------------------------------------------------------------------


def read_text_document(path: Path) -> SourceDocument:
    """A text file as a paragraph per line: UTF-8 (BOM allowed), else GB18030."""
    raw = read_regular_file(path, MAX_TEXT_BYTES)
    text, encoding = decode_text(raw, path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = tuple(Paragraph(line, n) for n, line in enumerate(lines, start=1))
    return SourceDocument(str(path), path.name, "text", blocks, encoding)


def decode_text(raw: bytes, path: Path) -> tuple[str, str]:
    """The text and its encoding; a binary file (NUL bytes, control characters) or undecodable bytes are refused."""
    if b"\x00" in raw:
        raise InputError.single(path, "not a text document: the file contains NUL bytes (it is binary)", hint=SAVE_AS)
    for encoding, codec in (("utf-8", "utf-8-sig"), ("gb18030", "gb18030")):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
        if controls > CONTROL_SHARE * max(len(text), 1):
            raise InputError.single(
                path, f"not a text document: {controls:,} control characters (it is binary)", hint=SAVE_AS
            )
        return text, encoding
    raise InputError.single(path, "not a text document: neither UTF-8 nor GB18030 (GBK) text", hint=SAVE_AS)


# --- docx ----------------------------------------------------------------------------------------------------------


def read_docx(path: Path) -> SourceDocument:
    """A Word document's body: paragraphs and tables in order, merged cells resolved."""
    data = read_regular_file(path, MAX_DOCX_BYTES)
    if not data.startswith(b"PK"):
        what = "the file is empty" if not data else "the file is not a zip archive"
        raise InputError.single(path, f"not a readable .docx document: {what}", hint=SAVE_AS)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError) as exc:
        raise InputError.single(path, f"not a readable .docx document: a damaged zip archive ({exc})") from exc
    with archive:
        info = _inspect(path, archive)
        body = _Body(path)
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = _no_dtd
        parser.StartElementHandler = body.start
        parser.EndElementHandler = body.end
        parser.CharacterDataHandler = body.chars
        parser.buffer_text = True
        try:
            for chunk in _unpacked(path, archive, info):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            message = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
            _refuse(path, f"{DOCUMENT_PART} is not well-formed XML: {message} (line {exc.lineno})")
        except _DtdError:
            _refuse(path, f"{DOCUMENT_PART} declares a DTD (<!DOCTYPE>), which no Word document does: refused")
        except (LookupError, ValueError) as exc:
            _refuse(path, f"{DOCUMENT_PART} is not readable XML: {exc}")
    return SourceDocument(str(path), path.name, "docx", tuple(body.blocks))


def _inspect(path: Path, archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """Refuse a zip that would cost more to unpack than any real document; the body part's entry."""
    infos = [info for info in archive.infolist() if not info.filename.endswith("/")]
    if len(infos) > MAX_PARTS:
        _refuse(path, f"the zip holds {len(infos):,} parts, more than the limit of {MAX_PARTS:,} for a document")
    total = 0
    for info in infos:
        name = info.filename
        if info.flag_bits & 0x1:
            _refuse(path, f"part {name} is encrypted", hint="remove the password and " + SAVE_AS)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            _refuse(path, f"part {name} uses zip compression method {info.compress_type}; documents use deflate")
        if info.file_size > MAX_PART_BYTES:
            _refuse(
                path, f"part {name} unpacks to {info.file_size:,} bytes, more than the limit of {_mib(MAX_PART_BYTES)}"
            )
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            _refuse(
                path,
                f"part {name} unpacks to {info.file_size:,} bytes from {info.compress_size:,} "
                f"({ratio:,}:1, more than the limit of {MAX_RATIO}:1): a zip bomb or a damaged file, not a document",
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        _refuse(path, f"the document unpacks to {total:,} bytes, more than the limit of {_mib(MAX_TOTAL_BYTES)}")
    found = next((info for info in infos if info.filename == DOCUMENT_PART), None)
    if found is None:
        _refuse(path, f"the zip has no {DOCUMENT_PART}: it is not a Word document", hint=SAVE_AS)
    return found


def _unpacked(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part's bytes in chunks; zipfile stops at the declared size and checks the CRC at the end."""
    read = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                read += len(chunk)
                if read > info.file_size:
                    raise zipfile.BadZipFile(f"more than the declared {info.file_size:,} bytes")
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise InputError.single(
            path, f"part {info.filename} does not match its zip header ({exc}): its data are damaged"
        ) from exc


@dataclass
class _Cell:
    paragraphs: list[str] = field(default_factory=list)
    span: int = 1
    merge: str | None = None  # "restart", "continue" or None


class _Body:
    """expat handlers that collect the body's paragraphs and (outermost) tables; nested tables become cell text."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.blocks: list[Block] = []
        self.ordinal = 0
        self.depth = 0  # table nesting
        self.rows: list[list[_Cell]] = []
        self.before: list[int] = []  # gridBefore of each row
        self.cell: _Cell | None = None
        self.paragraph: list[str] | None = None
        self.in_text = False
        self.in_run = 0
        self.cells = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        namespace, _, name = tag.rpartition(" ")
        if namespace not in _MAIN:
            return
        if name == "tbl":
            self.depth += 1
            if self.depth == 1:
                self.rows, self.before = [], []
        elif self.depth == 1 and name == "tr":
            self.rows.append([])
            self.before.append(0)
        elif self.depth == 1 and name == "tc":
            self.cell = _Cell()
            if self.rows:
                self.rows[-1].append(self.cell)
            self.cells += 1
            if self.cells > MAX_CELLS:
                _refuse(self.path, f"the document holds more than {MAX_CELLS:,} table cells")
        elif self.depth == 1 and name == "gridSpan" and self.cell is not None:
            self.cell.span = max(1, min(_int(_attr(attrs, "val"), 1), 64))
        elif self.depth == 1 and name == "vMerge" and self.cell is not None:
            self.cell.merge = "restart" if _attr(attrs, "val") == "restart" else "continue"
        elif self.depth == 1 and name == "gridBefore" and self.before and self.cell is None:
            self.before[-1] = max(0, min(_int(_attr(attrs, "val"), 0), 64))
        elif name == "p":
            if self.paragraph is None:
                self.paragraph = []
            elif self.depth > 1:  # a nested table's paragraph: a line of the outer cell
                self.paragraph.append("\n")
        elif name == "r":
            self.in_run += 1
        elif name == "t":
            self.in_text = True
        elif self.in_run and name == "tab" and self.paragraph is not None:
            self.paragraph.append("\t")
        elif self.in_run and name in ("br", "cr") and self.paragraph is not None:
            self.paragraph.append("\n")

    def end(self, tag: str) -> None:
        namespace, _, name = tag.rpartition(" ")
        if namespace not in _MAIN:
            return
        if name == "t":
            self.in_text = False
        elif name == "r":
            self.in_run = max(0, self.in_run - 1)
        elif name == "p" and self.paragraph is not None and (self.depth <= 1 or self.cell is None):
            text = "".join(self.paragraph)
            self.paragraph = None
            if self.depth == 0:
                self.ordinal += 1
                self.blocks.append(Paragraph(text, self.ordinal))
            elif self.cell is not None:
                self.cell.paragraphs.append(text)
        elif name == "tc" and self.depth == 1:
            self.cell = None
        elif name == "tbl":
            self.depth -= 1
            if self.depth == 0:
                self._table()

    def chars(self, data: str) -> None:
        if self.in_text and self.paragraph is not None:
            self.paragraph.append(data)

    def _table(self) -> None:
        """The rows as a grid: a cell merged from above takes the text of the cell above in its column."""
        grid: list[list[str]] = []
        for cells, before in zip(self.rows, self.before, strict=True):
            row: list[str] = [""] * before
            for cell in cells:
                column = len(row)
                text = "\n".join(cell.paragraphs).strip()
                if cell.merge == "continue":
                    above = grid[-1] if grid else []
                    text = above[column] if column < len(above) else ""
                row.append(text)
                row.extend([""] * (cell.span - 1))
            grid.append(row)
        if not grid:
            return
        rows = []
        start = self.ordinal + 1
        for row in grid:
            self.ordinal += 1
            rows.append(TableRow(tuple(row), self.ordinal))
        self.blocks.append(Table(tuple(rows), start))
        self.rows, self.before = [], []


def _attr(attrs: dict[str, str], name: str) -> str | None:
    for key, value in attrs.items():
        if key.rpartition(" ")[2] == name:
            return value
    return None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


class _DtdError(Exception):
    pass


def _no_dtd(*_args: object) -> NoReturn:
    raise _DtdError


def _refuse(path: Path, message: str, hint: str | None = None) -> NoReturn:
    raise InputError.single(path, f"not a readable .docx document: {message}", hint=hint)


def _mib(size: int) -> str:
    return f"{size // MIB} MiB"
