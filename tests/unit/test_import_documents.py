"""check import: reading a document safely (checker.inputs.documents): text in UTF-8 or GB18030, Word .docx with
merged cells resolved, and hostile files (a zip bomb, a huge file, a binary file, a DTD) refused with a clear
message. The .docx files are built here with python-docx."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest

from checker.domain.errors import InputError
from checker.inputs.documents import MAX_TEXT_BYTES, Paragraph, Table, read_document


def test_text_in_utf8_and_gb18030(tmp_path: Path) -> None:
    text = "专栏1 指标\n序号\t指标\t2020年\t2025年\n1\t人均预期寿命(岁)\t78.18\t79.3\n"
    for encoding, name in (("utf-8-sig", "a.txt"), ("gb18030", "b.txt")):
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        document = read_document(path)
        assert document.kind == "text"
        assert [b.text for b in document.blocks if isinstance(b, Paragraph)][:2] == [
            "专栏1 指标",
            "序号\t指标\t2020年\t2025年",
        ]
        assert document.blocks[2].line == 3


def _docx(path: Path) -> Path:
    """A Word document: a heading, a table whose 序号 and 指标 cells are merged down over a sub-row, and a
    category merged down over two rows."""
    document = docx.Document()
    document.add_paragraph("专栏1 指标")
    table = document.add_table(rows=4, cols=5)
    for i, text in enumerate(["类别", "序号", "指标", "2020年", "2025年"]):
        table.cell(0, i).text = text
    rows = [
        ["健康服务", "24", "中药饮片使用率 门诊", "—", "≥60"],
        ["", "", "住院", "—", "≥60"],
        ["", "25", "空气质量", "80", "达到市级要求"],
    ]
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(1, 0).merge(table.cell(3, 0))  # 健康服务 over the three rows
    table.cell(1, 1).merge(table.cell(2, 1))  # 序号 24 over its sub-row
    document.add_paragraph("到2025年，区域内就诊率达90%以上。")
    document.save(path)
    return path


def test_a_docx_gives_paragraphs_and_tables_with_merged_cells_resolved(tmp_path: Path) -> None:
    document = read_document(_docx(tmp_path / "plan.docx"))
    assert document.kind == "docx" and document.line_word == "paragraph"
    kinds = [type(b).__name__ for b in document.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    table = document.blocks[1]
    assert isinstance(table, Table)
    cells = [row.cells for row in table.rows]
    assert cells[1][:2] == ("健康服务", "24")
    assert cells[2][:2] == ("健康服务", "24")  # merged from above
    assert cells[3][:2] == ("健康服务", "25")
    assert [row.line for row in table.rows] == [2, 3, 4, 5]  # each row counts as a paragraph
    last = document.blocks[2]
    assert isinstance(last, Paragraph) and last.line == 6 and "90%" in last.text


def test_a_docx_by_its_signature_whatever_its_name(tmp_path: Path) -> None:
    path = _docx(tmp_path / "plan.docx")
    renamed = path.rename(tmp_path / "plan.bin")
    assert read_document(renamed).kind == "docx"


# --- hostile files -------------------------------------------------------------------------------------------------


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(InputError) as caught:
        read_document(path)
    message = caught.value.format()
    assert "Traceback" not in message
    for word in words:
        assert word in message, message
    return message


def test_a_zip_bomb_docx_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("word/document.xml", "w") as part:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(20):  # 20 MB of zeros: about 20 KB packed
            part.write(chunk)
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 200_000
    _refused(path, "zip bomb", "word/document.xml")


def test_a_docx_part_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    from checker.inputs import documents

    path = tmp_path / "big.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>" + b" " * (documents.RATIO_FROM + 10))
    original = documents.MAX_PART_BYTES
    documents.MAX_PART_BYTES = documents.RATIO_FROM
    try:
        _refused(path, "more than the limit")
    finally:
        documents.MAX_PART_BYTES = original


def test_a_huge_text_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(MAX_TEXT_BYTES + 1)  # sparse: no disk used
    _refused(path, "larger than the limit")


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 64)
    _refused(path, "binary")


def test_control_characters_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 500)
    _refused(path, "not a text document")


def test_a_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(b"this is not a word document")
    _refused(path, "not a readable .docx document", "not a zip archive")


def test_an_old_doc_and_a_pdf_say_what_to_do(tmp_path: Path) -> None:
    old = tmp_path / "plan.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "save the document as Word (.docx)" in _refused(old, "old Word .doc")
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    _refused(pdf, "PDF is not read")


def test_a_document_part_with_a_dtd_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "laughs.docx"
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml)
    _refused(path, "DTD")


def test_a_zip_without_a_body_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "book.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
    _refused(path, "no word/document.xml")


def test_a_special_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    _refused(path, "not a regular file")
