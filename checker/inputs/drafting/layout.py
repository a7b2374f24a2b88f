"""A document's layout: where each stretch of running text and each table stands (chapter, 节, 专栏, 附件, numbered
item), so that every draft target can cite its section and item.

Text files carry their tables in two forms, both found here: a row per line with cells between tabs
(``序号\t指标\t2020年…``), and a cell per line, each line opening with a tab, rows apart by a blank line (a cell
that runs over a line goes on without the tab). A one-column "table" is a box of running text (专栏2–6 of a plan),
and is read as text. Lines of running text are joined (documents break lines inside sentences).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from checker.inputs.documents import Paragraph, SourceDocument, Table, TableRow

NUMERAL = "一二三四五六七八九十百零〇两"
_HEADING_MARKS = re.compile(r"^[\s#*]+|[\s*]+$")
CHAPTER = re.compile(rf"^第([{NUMERAL}\d]+)章")
SECTION = re.compile(rf"^第([{NUMERAL}\d]+)节")
BOX = re.compile(r"^专栏\s*(\d+)")
ANNEX = re.compile(r"^附件\s*(\d+)")
PART = re.compile(rf"^([{NUMERAL}]+)、")
ITEM = re.compile(r"^(\d{1,3})\s*[.．、](?!\d)")
_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Text without the white space a document puts in the middle of words and numbers: a space is kept only
    between two ASCII letters or digits (``HPV 疫苗`` → ``HPV疫苗``, ``2022— 2025`` → ``2022—2025``)."""

    def keep(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        before = match.string[start - 1] if start else ""
        after = match.string[end] if end < len(match.string) else ""
        both = before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
        return " " if both else ""

    return _SPACES.sub(keep, text).strip()


@dataclass(frozen=True)
class Place:
    """Where a stretch of text or a table stands: its section (专栏1, 第二章第五节, 附件2, 一) and numbered item."""

    section: str
    item: str | None = None
    heading: str | None = None  # the title of the chapter (or part) the place is in: 第一章 发展现状


@dataclass(frozen=True)
class TextSpan:
    """Running text of one place, its lines joined; ``starts`` maps an offset back to its line."""

    text: str
    place: Place
    starts: tuple[tuple[int, int], ...]  # (offset, line) of each joined line, in order

    def line_at(self, offset: int) -> int:
        offsets = [o for o, _ in self.starts]
        index = max(0, bisect_right(offsets, offset) - 1)
        return self.starts[index][1]


@dataclass(frozen=True)
class LaidTable:
    """A table with its place and title line (the 专栏 or 附件 heading above it)."""

    rows: tuple[TableRow, ...]
    place: Place
    title: str | None
    line: int


@dataclass
class Layout:
    """A document's running text and tables, in order, and its first lines (for the title, issuer, number)."""

    document: SourceDocument
    spans: list[TextSpan] = field(default_factory=list)
    tables: list[LaidTable] = field(default_factory=list)
    head: list[Paragraph] = field(default_factory=list)


def lay_out(document: SourceDocument) -> Layout:
    """The document's spans of text and its tables, each with its place."""
    return _Builder(document).build()


class _Builder:
    def __init__(self, document: SourceDocument) -> None:
        self.layout = Layout(document)
        self.chapter: str | None = None
        self.heading: str | None = None
        self.section = "正文"
        self.item: str | None = None
        self.title: str | None = None
        self.pending: list[Paragraph] = []

    def build(self) -> Layout:
        blocks = self.layout.document.blocks
        self.layout.head = [b for b in blocks[:80] if isinstance(b, Paragraph)]
        paragraphs: list[Paragraph] = []
        for block in blocks:
            if isinstance(block, Table):
                self._paragraphs(paragraphs)
                paragraphs = []
                self._table(block.rows, block.line)
            else:
                paragraphs.append(block)
        self._paragraphs(paragraphs)
        self._flush()
        return self.layout

    # -- text files' tables ------------------------------------------------------------------------------------------

    def _paragraphs(self, paragraphs: list[Paragraph]) -> None:
        i = 0
        while i < len(paragraphs):
            text = paragraphs[i].text
            if text.count("\t") >= 2:
                i = self._tab_rows(paragraphs, i)
            elif re.match(r"^\t[^\t]*$", text) and text.strip():
                i = self._cell_lines(paragraphs, i)
            else:
                self._line(paragraphs[i])
                i += 1

    def _tab_rows(self, paragraphs: list[Paragraph], i: int) -> int:
        """Rows of cells between tabs, blank lines allowed between them; a repeated header row is dropped."""
        rows: list[TableRow] = []
        while i < len(paragraphs):
            text = paragraphs[i].text
            if text.count("\t") >= 2:
                cells = tuple(squeeze(c) for c in text.split("\t"))
                if not rows or cells != rows[0].cells:
                    rows.append(TableRow(cells, paragraphs[i].line))
                i += 1
            elif not text.strip():
                j = i
                while j < len(paragraphs) and not paragraphs[j].text.strip():
                    j += 1
                if j < len(paragraphs) and paragraphs[j].text.count("\t") >= 2:
                    i = j
                else:
                    break
            else:
                break
        self._table(tuple(rows), rows[0].line)
        return i

    def _cell_lines(self, paragraphs: list[Paragraph], i: int) -> int:
        """A cell per line (opening with a tab), a line without the tab going on with the cell above, rows apart by
        blank lines; the table ends where a row would open without a tab."""
        rows: list[TableRow] = []
        cells: list[str] = []
        line = paragraphs[i].line
        while i < len(paragraphs):
            text = paragraphs[i].text
            if not text.strip() and not text.startswith("\t"):
                if cells:
                    rows.append(TableRow(tuple(squeeze(c) for c in cells), line))
                    cells = []
                j = i
                while (
                    j < len(paragraphs) and not paragraphs[j].text.strip() and not paragraphs[j].text.startswith("\t")
                ):
                    j += 1
                if j < len(paragraphs) and paragraphs[j].text.startswith("\t") and paragraphs[j].text.count("\t") < 2:
                    i = j
                    line = paragraphs[j].line
                    continue
                break
            if text.startswith("\t") and text.count("\t") < 2:
                if not cells:
                    line = paragraphs[i].line
                cells.append(text[1:])
            elif cells:
                cells[-1] += text
            else:
                break
            i += 1
        if cells:
            rows.append(TableRow(tuple(squeeze(c) for c in cells), line))
        if rows:
            self._table(tuple(rows), rows[0].line)
        return i

    # -- places ------------------------------------------------------------------------------------------------------

    def _table(self, rows: tuple[TableRow, ...], line: int) -> None:
        width = max((sum(1 for c in r.cells if c) for r in rows), default=0)
        if width <= 1 or (len(rows) < 2 and width < 4):  # a box of text, not a table
            for row in rows:
                self._line(Paragraph(" ".join(c for c in row.cells if c), row.line))
            return
        self._flush()
        self.layout.tables.append(LaidTable(rows, Place(self.section, None, self.heading), self.title, line))
        self.item = None

    def _line(self, paragraph: Paragraph) -> None:
        raw = paragraph.text
        text = _HEADING_MARKS.sub("", raw).strip()
        if not text:
            return
        if self._heading(text):
            return
        item = ITEM.match(text)
        if item:
            self._flush()
            self.item = item.group(1)
        self.pending.append(Paragraph(raw.strip(), paragraph.line))

    def _heading(self, text: str) -> bool:
        """Move to the place a heading opens; whether the line is one."""
        short = len(text) <= 40 and not re.search(r"[。；]", text)
        for pattern, kind in ((CHAPTER, "chapter"), (SECTION, "section"), (BOX, "box"), (ANNEX, "annex")):
            match = pattern.match(text)
            if match and (short or kind in ("box", "annex")) and len(text) <= 60:
                self._flush()
                number = match.group(1)
                if kind == "chapter":
                    self.chapter = f"第{number}章"
                    self.section = self.chapter
                    self.heading = text
                elif kind == "section":
                    self.section = f"{self.chapter or ''}第{number}节"
                elif kind == "box":
                    self.section = f"专栏{number}"
                else:
                    self.section = f"附件{number}"
                self.title = text
                self.item = None
                return True
        part = PART.match(text)
        if part and not ITEM.match(text):
            self._flush()
            self.section = part.group(1)
            self.chapter = None
            self.heading = text
            self.title = text
            self.item = None
            return True
        return False

    def _flush(self) -> None:
        if not self.pending:
            return
        pieces: list[str] = []
        starts: list[tuple[int, int]] = []
        offset = 0
        for paragraph in self.pending:
            piece = paragraph.text.strip()
            if pieces and _needs_break(pieces[-1]):
                piece = "\n" + piece
            starts.append((offset + (1 if piece.startswith("\n") else 0), paragraph.line))
            pieces.append(piece)
            offset += len(piece)
        self.layout.spans.append(TextSpan("".join(pieces), Place(self.section, self.item, self.heading), tuple(starts)))
        self.pending = []


def _needs_break(previous: str) -> bool:
    """Whether a line ends a paragraph rather than breaking inside a sentence: only a line ending a sentence can."""
    return previous.endswith(("。", "；", "！", "？", "：", ":"))
