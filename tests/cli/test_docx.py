"""The Word report (--format docx) as the command line writes it: the run report and the summary, Chinese by default
and English with --lang en, the illustrative banner, a table per district with shaded verdicts and each target's
source, the notes, the same bytes from the same run, never to standard output, and a file LibreOffice opens.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx.document import Document as WordDocument
from docx.table import Table, _Cell
from support.cli import Cli
from support.documents import blocks, cells, continues, document, fill, headings

from checker.domain.i18n import EN, ZH
from checker.domain.results import Status
from checker.formats.wording import BANNER_COLOURS, FILLS, HEADER_COLOUR

RUN = ("--year", "2024", "rongchang")
SUMMARY = ("summary", "--year", "2024", "all")
STATUS = {lang: {labels[f"status.{s.value}"]: s for s in Status} for lang, labels in (("zh", ZH), ("en", EN))}


@pytest.fixture(scope="module")
def outputs(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, bytes]]:
    """The run report in Chinese (the default) and English, and the summary of every district, written once from an
    empty folder (so that the bundled data are read)."""
    folder = tmp_path_factory.mktemp("docx")
    written: dict[str, bytes] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        for name, args, code in (
            ("run", RUN, 1),  # the bundled 2024 data has binding targets behind schedule
            ("run-en", (*RUN, "--lang", "en"), 1),
            ("summary", SUMMARY, 0),
        ):
            result = cli(*args, "--format", "docx", "--output", f"{name}.docx")
            assert (result.exit_code, result.stdout, result.stderr) == (code, "", ""), result
            written[name] = (folder / f"{name}.docx").read_bytes()
    yield written


def tables(doc: WordDocument) -> list[Table]:
    return [b for b in blocks(doc) if isinstance(b, Table)]


def banners(doc: WordDocument, lang: str) -> list[_Cell]:
    """The banner boxes: one-cell tables in the banner's colour, saying the banner's words."""
    text = (ZH if lang == "zh" else EN)["illustrative_banner"]
    found = [t.rows[0].cells[0] for t in tables(doc) if len(t.columns) == 1]
    assert all(c.text == text and fill(c) == BANNER_COLOURS[0] for c in found)
    return found


def report_table(doc: WordDocument, first: str) -> list[list[_Cell]]:
    """The rows of the one table whose header starts with ``first``, by each row's own cells."""
    (table,) = [t for t in tables(doc) if t.rows[0].cells[0].text == first]
    return cells(table)


def row_of(rows: list[list[_Cell]], text: str, column: int = 1) -> list[str]:
    return next([c.text for c in row] for row in rows if len(row) > column and row[column].text == text)


def assert_verdicts_shaded(rows: list[list[_Cell]], column: int, lang: str) -> set[Status]:
    """Every row with a verdict in ``column`` shows it in its colour; the verdicts seen."""
    seen = set()
    for row in rows[1:]:
        if len(row) > column and row[column].text:
            status = STATUS[lang][row[column].text]
            assert fill(row[column]) == FILLS[status], row[column].text
            seen.add(status)
    return seen


# --- the run report ------------------------------------------------------------------------------------------------


def test_run_report_is_in_chinese_by_default_on_a4_landscape(outputs: dict[str, bytes]) -> None:
    doc = document(outputs["run"])
    assert headings(doc) == ["卫生健康规划目标检查报告 · 2024", "荣昌区 (rongchang) · 2024"]
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)  # A4 landscape
    assert doc.core_properties.title == "卫生健康规划目标检查报告 · 2024"
    assert len(banners(doc, "zh")) == 2  # the report's and the district's
    texts = [p.text for p in doc.paragraphs]
    assert "判定：未通过" in texts and "区县：荣昌区" in texts
    assert "指标判定计数：信息 2 · 通过 20 · 无法评估 2 · 警告 82 · 未通过 4" in texts


def test_run_report_has_one_table_for_the_district_with_sources_and_shaded_verdicts(outputs: dict[str, bytes]) -> None:
    doc = document(outputs["run"])
    rows = report_table(doc, "序号")
    assert len(tables(doc)) == 3  # two banners and the district's table
    header = [c.text for c in rows[0]]
    assert header[-3:] == ["判定", "原因", "来源"] and all(fill(c) == HEADER_COLOUR for c in rows[0])
    assert [c.text for c in rows[1]] == ["健康水平"]  # the plan's categories as rows across the table
    life = row_of(rows, "人均预期寿命（岁）")
    assert life[0] == "1" and life[4:] == ["79.1", "≥ 79.3", "79.076", "预期性", "通过", "符合序时进度", "专栏1 序号1"]
    # a higher level's floor names its own document; the indicator's cells span its targets' rows
    maternal = rows.index(next(r for r in rows if len(r) > 1 and r[1].text == "孕产妇死亡率（/10万） *"))
    floor = [c.text for c in rows[maternal + 1]]
    assert all(continues(c) for c in rows[maternal + 1][:5]) and not any(continues(c) for c in rows[maternal])
    assert floor[5] == "[国家] ≤ 14.5 †" and floor[-1] == '国办发〔2022〕11号《"十四五"国民健康规划》 专栏1 序号3 †'
    verdicts = assert_verdicts_shaded(rows, header.index("判定"), "zh")
    assert verdicts >= {Status.PASS, Status.WARN, Status.FAIL, Status.NOT_EVALUABLE}
    failing = [c for row in rows for c in row if c.text == "未通过"]
    assert len(failing) >= 4 and {fill(c) for c in failing} == {FILLS[Status.FAIL]}


def test_run_report_ends_each_district_with_its_notes(outputs: dict[str, bytes]) -> None:
    texts = [p.text for p in document(outputs["run"]).paragraphs]
    notes = texts[texts.index("说明 (*)") + 1 :]
    assert notes and all("：" in n for n in notes)
    assert any(n.startswith("2 健康预期寿命：") for n in notes)
    assert ZH["unverified_legend"] in texts


def test_only_lists_the_targets_asked_for_and_says_so(cli: Cli) -> None:
    assert cli(*RUN, "--only", "fail", "--format", "docx", "--output", "fail.docx").exit_code == 1
    doc = document(Path("fail.docx").read_bytes())
    rows = report_table(doc, "序号")
    verdicts = [row[-3].text for row in rows[1:] if len(row) > 1]
    assert verdicts == ["未通过"] * 4  # the counts above stay the run's
    assert "以下列出判定为未通过的目标 4 项，共 128 项" in [p.text for p in doc.paragraphs]


def test_run_report_in_english_with_lang_en(outputs: dict[str, bytes]) -> None:
    doc = document(outputs["run-en"])
    assert headings(doc) == ["Health plan target check · 2024", "Rongchang District 荣昌区 (rongchang) · 2024"]
    assert len(banners(doc, "en")) == 2
    rows = report_table(doc, EN["col.item"])
    header = [c.text for c in rows[0]]
    assert header[-1] == EN["col.source"]
    assert assert_verdicts_shaded(rows, header.index(EN["col.verdict"]), "en") >= {Status.PASS, Status.FAIL}
    assert row_of(rows, "Life expectancy at birth (岁)")[-1] == "专栏1 row 1"


def test_real_data_has_no_banner_and_text_xml_cannot_carry_is_replaced(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "data" / "2024" / "rongchang.yaml"
    data.parent.mkdir(parents=True)
    data.write_text(
        textwrap.dedent(
            """\
            district: rongchang
            year: 2024
            illustrative: false
            source: "统计年鉴\\x01 2024"
            values:
              physicians_per_1000: {value: 3.5}
            """
        ),
        encoding="utf-8",
    )
    result = cli(*RUN, "--data", str(tmp_path / "data"), "--format", "docx", "--output", "real.docx")
    assert result.exit_code in (0, 1) and result.stderr == "", result.stderr
    doc = document(Path("real.docx").read_bytes())
    assert banners(doc, "zh") == []
    assert any(p.text.startswith("数据：") and p.text.endswith("统计年鉴\ufffd 2024") for p in doc.paragraphs)


def test_the_same_run_gives_the_same_bytes(cli: Cli, outputs: dict[str, bytes]) -> None:
    again = cli(*RUN, "--output-docx", "again.docx")  # beside the table on standard output, this time
    assert again.exit_code == 1 and again.stdout
    assert Path("again.docx").read_bytes() == outputs["run"]
    props = document(outputs["run"]).core_properties
    assert props.created == props.modified and props.created is not None and props.created.year == 1980


# --- the summary ---------------------------------------------------------------------------------------------------


def test_summary_has_the_matrix_of_every_district_with_shaded_verdicts(outputs: dict[str, bytes]) -> None:
    doc = document(outputs["summary"])
    assert headings(doc) == ["区县 × 指标判定汇总 · 2024", "判定矩阵", "各区县指标判定计数"]
    assert len(banners(doc, "zh")) == 1
    matrix = report_table(doc, "指标")
    statuses = ["信息", "通过", "无法评估", "警告", "未通过"]
    assert [c.text for c in matrix[0]] == ["指标", "单位", "北碚区", "荣昌区", "渝北区", *statuses]
    oop = [c.text for c in matrix[1]]  # the indicators failing in most districts come first
    assert oop[0] == "个人卫生支出占卫生总费用的比重 (oop_health_spending_share)" and oop[2:4] == ["未通过", "未通过"]
    for column in (2, 3, 4):
        assert_verdicts_shaded(matrix, column, "zh")
    by_district = report_table(doc, "区县")
    assert [[c.text for c in row[:3]] for row in by_district[1:]] == [
        ["北碚区", "beibei", "未通过"],
        ["荣昌区", "rongchang", "未通过"],
        ["渝北区", "yubei", "信息"],  # its plan's targets start in 2025: its figures are shown for information
    ]
    assert_verdicts_shaded(by_district, 2, "zh")
    assert [c.text for c in by_district[2]][3:] == ["2", "20", "2", "82", "4"]  # 荣昌: info … fail


# --- where it may go -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [RUN, SUMMARY], ids=["run", "summary"])
def test_a_word_document_is_never_written_to_standard_output(cli: Cli, args: tuple[str, ...]) -> None:
    result = cli(*args, "--format", "docx")
    assert result.exit_code == 2 and result.stdout == ""
    assert "binary" in result.stderr and "--output FILE.docx" in result.stderr


def test_output_dir_names_it_docx(cli: Cli, tmp_path: Path) -> None:
    result = cli(*RUN, "--output-dir", str(tmp_path), "--format", "docx", "--format", "markdown")
    assert result.exit_code == 1, result.stderr
    assert document((tmp_path / "rongchang-2024.docx").read_bytes()).paragraphs[0].text.startswith("卫生健康")


# --- LibreOffice ---------------------------------------------------------------------------------------------------


def test_libreoffice_converts_both_documents_to_pdf(outputs: dict[str, bytes], tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("no soffice (LibreOffice) installed (Debian: apt-get install -y libreoffice-writer-nogui)")
    for name in ("run", "summary"):
        (tmp_path / f"{name}.docx").write_bytes(outputs[name])
        command = [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",  # its own profile: no lock on the user's
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(tmp_path / f"{name}.docx"),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        pdf = (tmp_path / "pdf" / f"{name}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 20_000
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 2  # its pages: the tables run over several
