"""A Word report as the tests read it: its blocks in order, a cell's shade, and a text dump for the golden files."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph


def document(content: str | bytes) -> WordDocument:
    assert isinstance(content, bytes) and content[:2] == b"PK"
    return Document(io.BytesIO(content))


def fill(cell: _Cell) -> str | None:
    """A cell's shade (RGB hex), None when it has none."""
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shd is None else shd.get(qn("w:fill"))


def continues(cell: _Cell) -> bool:
    """Whether the cell continues a vertical merge (the cell above holds the text)."""
    merge = cell._tc.tcPr.find(qn("w:vMerge")) if cell._tc.tcPr is not None else None
    return merge is not None and merge.get(qn("w:val")) != "restart"


def blocks(doc: WordDocument) -> list[Paragraph | Table]:
    """The body's paragraphs and tables in the order they stand."""
    return list(doc.iter_inner_content())


def headings(doc: WordDocument) -> list[str]:
    """The texts of the title and headings, in order."""
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name in ("Title", "Heading 1")]


def cells(table: Table) -> list[list[_Cell]]:
    """Each row's own cells: a cell spanning several columns once, a cell continuing a vertical merge as itself."""
    return [[_Cell(tc, table) for tc in row._tr.tc_lst] for row in table.rows]


def dump(content: bytes) -> str:
    """The document as text: its page, properties and page footer, then each paragraph (its style) and each table, a
    row a line, a cell's shade after it in braces and a cell that continues a vertical merge as ^."""
    doc = document(content)
    section = doc.sections[0]
    props = doc.core_properties
    lines = [
        f"page {section.page_width} x {section.page_height} {section.orientation}",
        f"properties {props.title!r} {props.author!r} {props.language!r} {props.created} {props.modified}",
        "footer " + " / ".join(p.text for p in section.footer.paragraphs),
    ]
    for block in blocks(doc):
        if isinstance(block, Paragraph):
            style = block.style.name if block.style is not None else ""
            lines.append(f"[{style}] {block.text}")
            continue
        lines.append("table")
        for row in cells(block):
            texts = []
            for cell in row:
                text = "^" if continues(cell) else cell.text
                shade = fill(cell)
                texts.append(text.replace("\n", " / ") + (f" {{{shade}}}" if shade else ""))
            lines.append("| " + " | ".join(texts) + " |")
    return "\n".join(lines) + "\n"
