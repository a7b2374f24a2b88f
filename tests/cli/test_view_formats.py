"""check summary, trend and diff in every output format (checker/formats): terminal table, JSON, Markdown,
HTML and xlsx, in Chinese (the default) and English.

Issue 6 is done when a summary of all bundled districts and a trend of 荣昌 over the bundled years come out in
every format; the tests below make exactly those through the command line and read what came out.
"""

from __future__ import annotations

import json
import re
import tempfile
import textwrap
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from support.cli import Cli
from support.html_rows import parse
from support.screenshots import assert_screenshot_not_blank
from support.workbooks import worksheets

from checker.domain.i18n import EN, ZH, t
from checker.domain.messages import Message, render
from checker.engine.run import RunRequest, run_check
from checker.formats.formulas import FORMULA_PREFIXES
from checker.formats.html import tint
from checker.formats.json import run_data
from checker.inputs.loading import PlanRegistry

ZH_BANNER = ZH["illustrative_banner"]
EN_BANNER = EN["illustrative_banner"]
FORMATS = ("table", "json", "markdown", "html", "xlsx")
SUMMARY = ("summary", "--year", "2024", "all")
TREND = ("trend", "rongchang", "--from", "2021", "--to", "2024")  # the bundled years of 荣昌's data
FILL = {"pass": "00C6EFCE", "warn": "00FFEB9C", "fail": "00FFC7CE"}  # the run report's xlsx palette


@cache
def _output(cli: Cli, view: str, fmt: str, lang: str) -> tuple[int, str | bytes]:
    """The exit code and output of a view of the bundled data (each made once per test session)."""
    args = {"summary": SUMMARY, "trend": TREND}[view]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"view.{fmt}"
        result = cli(*args, "--format", fmt, "--lang", lang, "--output", str(out))
        assert result.stdout == "" and result.stderr == "", result
        content = out.read_bytes() if fmt == "xlsx" else out.read_text(encoding="utf-8")
    return result.exit_code, content


def output(cli: Cli, view: str, fmt: str, lang: str = "zh") -> str | bytes:
    code, content = _output(cli, view, fmt, lang)
    assert code == 0
    return content


def text_of(content: str | bytes) -> str:
    """Everything a reader sees: a workbook's cells one per line, or the text itself."""
    if isinstance(content, str):
        return content
    return "\n".join(
        str(c.value)
        for ws in worksheets(content).values()
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    )


def header_columns(ws: Worksheet, row: int) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[row] if c.value is not None}


def find_row(ws: Worksheet, column: int, value: str, start: int) -> int:
    return next(r for r in range(start, ws.max_row + 1) if ws.cell(row=r, column=column).value == value)


# --- every view in every format -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("view", "expected"),
    [
        # every district by name or id, a verdict, the indicator failing in most districts
        pytest.param(
            "summary",
            ("荣昌区|rongchang", "北碚区|beibei", "渝北区|yubei", "未通过|fail", "oop_health_spending_share"),
            id="summary",
        ),
        # 荣昌's under-five mortality: its values, its warning in 2024, and its worsening direction
        pytest.param(
            "trend", ("荣昌区|rongchang", "under5_mortality", "3.9", "4.6", "警告|warn", "恶化|worsening"), id="trend"
        ),
    ],
)
def test_each_view_comes_out_in_each_format_with_its_content(
    cli: Cli, view: str, expected: tuple[str, ...], fmt: str
) -> None:
    text = text_of(output(cli, view, fmt))
    for alternatives in expected:
        assert re.search(alternatives, text), (fmt, alternatives)
    if fmt == "json":
        assert json.loads(text)["illustrative"] is True
    else:
        assert ZH_BANNER in text  # the bundled 2024 figures are illustrative: said in every format people read


@pytest.mark.parametrize("fmt", ("markdown", "html", "xlsx"))
@pytest.mark.parametrize(
    ("view", "chinese", "english"),
    [
        pytest.param(
            "summary",
            ("区县 × 指标判定汇总", "未通过", "荣昌区"),
            ("Verdicts by district and indicator", "fail"),
            id="summary",
        ),
        pytest.param(
            "trend", ("指标逐年走向", "恶化", "改善"), ("Indicators year by year", "worsening", "improving"), id="trend"
        ),
    ],
)
def test_people_formats_are_chinese_by_default_and_english_on_request(
    cli: Cli, view: str, chinese: tuple[str, ...], english: tuple[str, ...], fmt: str
) -> None:
    zh, en = text_of(output(cli, view, fmt)), text_of(output(cli, view, fmt, "en"))
    assert all(word in zh for word in chinese)
    assert all(word in en for word in english) and EN_BANNER in en
    assert "未通过" not in en and "恶化" not in en and ZH_BANNER not in en


# --- HTML -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ("summary", "trend"))
def test_html_is_self_contained(cli: Cli, view: str) -> None:
    page = output(cli, view, "html")
    assert isinstance(page, str) and page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched from a network
    assert "url(" not in page and "@import" not in page
    body = page[page.index("<body>") :]
    assert body.index(ZH_BANNER) < body.index("<h1>")  # said at the top
    assert "@page { size: A4" in page  # the run report's print style


def test_html_summary_has_a_header_district_counts_and_a_coloured_matrix(cli: Cli) -> None:
    page = output(cli, "summary", "html")
    assert isinstance(page, str)
    header = page[page.index("<header>") : page.index("</header>")]
    assert "北碚区、荣昌区、渝北区" in header and "2024" in header
    assert "data/2024/rongchang.yaml" in header and "[示例数据]" in header
    rows = parse(page).rows
    assert ["荣昌区", "rongchang", "未通过", "2", "20", "2", "82", "4"] in rows  # per district: info … fail
    oop = next(r for r in rows if r[1:2] == ["oop_health_spending_share"])
    assert oop == [
        "个人卫生支出占卫生总费用的比重",
        "oop_health_spending_share",
        "%",
        "未通过",
        "未通过",
        "—",
        "未通过 2",
    ]
    matrix = page[page.index('id="indicator-oop_health_spending_share"') :]
    assert matrix.index('<td class="verdict v-fail"><span class="badge s-fail">未通过</span>') < matrix.index("</tr>")
    assert f"td.v-fail {{ background: {tint('#c62828')}; }}" in page  # a pale tint of the report's fail colour


def test_html_trend_shows_values_verdicts_arrows_and_sparklines(cli: Cli) -> None:
    page = output(cli, "trend", "html")
    assert isinstance(page, str)
    rows = parse(page).rows
    assert rows[0][:6] == ["指标", "单位", "2021", "2022", "2023", "2024"]
    u5 = next(r for r in rows if "(under5_mortality)" in r[0])
    assert u5[1:7] == ["‰", "3.9 通过", "4.1 通过↓", "4.3 通过↓", "4.6 警告↓", "↓ 恶化"]
    sparkline = re.search(r'id="indicator-under5_mortality".*?(<svg .*?</svg>)', page, re.S)
    assert sparkline is not None
    svg = sparkline.group(1)
    assert svg.count('class="value value-pass"') == 3 and svg.count('class="value value-warn"') == 1
    assert "<title>2024: 4.6</title>" in svg
    # an indicator with a 序时进度 path draws it; one reported in a single year has no line to draw
    physicians = re.search(r'id="indicator-physicians_per_1000".*?</tr>', page, re.S)
    assert physicians is not None and 'class="milestones"' in physicians.group(0)
    healthy = re.search(r'id="indicator-healthy_life_expectancy".*?</tr>', page, re.S)
    assert healthy is not None and "<svg" not in healthy.group(0)
    assert str(escape(ZH["trend.rule"])) in page  # the direction rule, in the page's language


def test_summary_html_renders_in_headless_chromium(cli: Cli, tmp_path: Path) -> None:
    page = output(cli, "summary", "html")
    assert isinstance(page, str)
    assert_screenshot_not_blank(page, tmp_path, 1600)


# --- xlsx -----------------------------------------------------------------------------------------------------


def test_xlsx_summary_matrix_has_coloured_verdicts_and_numeric_counts(cli: Cli) -> None:
    book = worksheets(output(cli, "summary", "xlsx"))
    assert list(book) == ["判定矩阵", "区县计数"]
    matrix = book["判定矩阵"]
    assert matrix["A2"].value == ZH_BANNER
    col = header_columns(matrix, 5)
    assert list(col)[:6] == ["指标", "编号", "单位", "北碚区", "荣昌区", "渝北区"]
    row = find_row(matrix, col["编号"], "oop_health_spending_share", 6)
    assert row == 6  # failing in most districts: first
    cell = matrix.cell(row=row, column=col["荣昌区"])
    assert cell.value == "未通过" and cell.fill.fgColor.rgb == FILL["fail"]
    assert matrix.cell(row=row, column=col["渝北区"]).value is None  # not in 渝北's report
    fails = matrix.cell(row=row, column=col["判定该指标的区县数：未通过"])
    assert fails.value == 2 and fails.data_type == "n"
    warn = matrix.cell(row=find_row(matrix, col["编号"], "under5_mortality", 6), column=col["荣昌区"])
    assert warn.value == "警告" and warn.fill.fgColor.rgb == FILL["warn"]
    districts = book["区县计数"]
    dcol = header_columns(districts, 4)
    row = find_row(districts, dcol["编号"], "rongchang", 5)
    values = {name: districts.cell(row=row, column=c) for name, c in dcol.items()}
    assert [values[s].value for s in ("信息", "通过", "无法评估", "警告", "未通过")] == [2, 20, 2, 82, 4]
    assert all(values[s].data_type == "n" for s in ("通过", "未通过"))
    assert values["判定"].value == "未通过" and values["判定"].fill.fgColor.rgb == FILL["fail"]
    assert values["示例数据"].value == "是"


def test_xlsx_trend_has_numeric_values_coloured_verdicts_and_directions(cli: Cli) -> None:
    book = worksheets(output(cli, "trend", "xlsx"))
    assert list(book) == ["走向", "逐年明细"]
    wide = book["走向"]
    assert wide["A2"].value == ZH_BANNER
    col = header_columns(wide, 5)
    row = find_row(wide, col["编号"], "under5_mortality", 6)

    def at(name: str) -> Any:
        return wide.cell(row=row, column=col[name])

    assert [at(f"{y} 数值").value for y in (2021, 2022, 2023, 2024)] == [3.9, 4.1, 4.3, 4.6]
    assert all(at(f"{y} 数值").data_type == "n" for y in (2021, 2024))
    assert at("2024 判定").value == "警告" and at("2024 判定").fill.fgColor.rgb == FILL["warn"]
    assert at("2021 判定").fill.fgColor.rgb == FILL["pass"]
    assert at("2024 走向").value == "↓ 恶化" and at("2021 走向").value is None and at("总体走向").value == "↓ 恶化"
    rows = book["逐年明细"]
    lcol = header_columns(rows, 4)
    row = next(
        r
        for r in range(5, rows.max_row + 1)
        if rows.cell(row=r, column=lcol["编号"]).value == "physicians_per_1000"
        and rows.cell(row=r, column=lcol["年度"]).value == 2023
    )
    milestone = rows.cell(row=row, column=lcol["序时进度"])
    assert milestone.value == pytest.approx(3.38) and milestone.data_type == "n"  # 3.05 + 0.55 × 3/5
    assert rows.cell(row=row, column=lcol["判定"]).fill.fgColor.rgb == FILL["fail"]  # 3.36 < 3.38


@pytest.mark.parametrize("command", [pytest.param(SUMMARY, id="summary"), pytest.param(TREND, id="trend")])
def test_xlsx_needs_an_output_file(cli: Cli, command: tuple[str, ...]) -> None:
    result = cli(*command, "--format", "xlsx")
    assert result.exit_code == 2 and "binary" in result.stderr and "--output" in result.stderr


# --- text from data files is neutralised and escaped -----------------------------------------------------------

SOURCE = '=HYPERLINK("http://example.invalid","x") <script>alert(1)</script>'


@pytest.fixture
def hostile_data(tmp_path: Path) -> Path:
    """A real (not illustrative) data folder whose source text is a formula and a script."""
    path = tmp_path / "data" / "2024" / "rongchang.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        textwrap.dedent(
            f"""\
            district: rongchang
            year: 2024
            illustrative: false
            source: '{SOURCE}'
            values:
              physicians_per_1000: {{value: 3.5}}
            """
        ),
        encoding="utf-8",
    )
    return tmp_path / "data"


@pytest.mark.parametrize("command", ["summary", "trend"])
def test_xlsx_neutralises_formulas_from_data_files(cli: Cli, command: str, hostile_data: Path, tmp_path: Path) -> None:
    args = ["--year", "2024", "rongchang"] if command == "summary" else ["rongchang", "--from", "2024", "--to", "2024"]
    out = tmp_path / "view.xlsx"
    result = cli(command, *args, "--data", str(hostile_data), "--format", "xlsx", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    cells = [c for ws in worksheets(out.read_bytes()).values() for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [v for v in texts if v.startswith(FORMULA_PREFIXES)]
    assert "'" + SOURCE in texts  # kept, as text
    assert ZH_BANNER not in texts  # real data: no banner


@pytest.mark.parametrize("command", ["summary", "trend"])
def test_html_escapes_text_from_data_files(cli: Cli, command: str, hostile_data: Path, tmp_path: Path) -> None:
    args = ["--year", "2024", "rongchang"] if command == "summary" else ["rongchang", "--from", "2024", "--to", "2024"]
    out = tmp_path / "view.html"
    result = cli(command, *args, "--data", str(hostile_data), "--format", "html", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert ZH_BANNER not in page


# --- diff -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """荣昌's 2023 and 2024 JSON reports: 2024 resolves some failures and worsens other targets."""
    registry = PlanRegistry.load()
    folder = tmp_path_factory.mktemp("reports")
    paths = []
    for year in (2023, 2024):
        path = folder / f"{year}.json"
        data = run_data(run_check(RunRequest(year=year, districts=("rongchang",)), registry))
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def md_cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


@pytest.mark.parametrize(
    ("lang", "title", "resolved", "worse"),
    [
        # Markdown: Chinese by default
        pytest.param(None, "# 两次检查结果对比", "## 已解决的未通过", "有情况变差", id="default"),
        pytest.param("en", "# Changes between two reports", "## resolved", "something got worse", id="en"),
    ],
)
def test_diff_in_markdown(
    cli: Cli, reports: tuple[Path, Path], lang: str | None, title: str, resolved: str, worse: str
) -> None:
    a, b = reports
    args = [str(a), str(b), "--format", "markdown", *(["--lang", lang] if lang else [])]
    result = cli("diff", *args)
    assert result.exit_code == 1, result.stderr  # something got worse
    lines = result.stdout.splitlines()
    assert lines[0] == title and lines[2] == f"> **{t('illustrative_banner', lang or 'zh')}**"
    assert f"- **{worse}**" in lines
    section = next(line for line in lines if line.startswith(resolved))
    start = lines.index(section)
    rows = [md_cells(line) for line in lines[start + 2 :] if line.startswith("|")]
    physicians = next(r for r in rows if "(physicians_per_1000)" in r[1])
    status = {"zh": ("**✗ 未通过**", "✓ 通过"), "en": ("**✗ fail**", "✓ pass")}[lang or "zh"]
    assert physicians[0] == "rongchang" and (physicians[4], physicians[5]) == status
    assert (physicians[6], physicians[7]) == ("3.36", "3.49")


def test_diff_table_in_chinese_by_default_and_in_english(cli: Cli, reports: tuple[Path, Path]) -> None:
    """One default-language rule for every output people read: Chinese, the table of check diff included."""
    a, b = reports
    chinese = cli("diff", str(a), str(b), "--no-color")
    assert chinese.exit_code == 1 and "已解决的未通过 (" in chinese.stdout and "有情况变差" in chinese.stdout
    assert cli("diff", str(a), str(b), "--no-color", "--lang", "zh").stdout == chinese.stdout
    english = cli("diff", str(a), str(b), "--no-color", "--lang", "en")
    assert english.exit_code == 1 and "resolved (" in english.stdout and "something got worse" in english.stdout
    same = cli("diff", str(a), str(a), "--format", "markdown", "--lang", "en")
    assert same.exit_code == 0 and "- **nothing got worse**" in same.stdout and "## new (0)" in same.stdout


# --- the engine's sentences (skipped districts, notes on a district or a year) in the output's language --------


@cache
def _engine_sentences() -> dict[str, list[str]]:
    """The sentences the engine says in the bundled cases the views show: 渝北 skipped in 2021 (no data, its plan
    is 2025's), and its 2023 and 2024 runs noted as outside its plan's period."""
    registry = PlanRegistry.load()
    skipped = run_check(RunRequest(2021, ("all",)), registry).skipped
    noted = [
        note for year in (2023, 2024) for note in run_check(RunRequest(year, ("yubei",)), registry).districts[0].notes
    ]
    assert skipped and all(isinstance(m, Message) for m in skipped)
    assert len(noted) == 2 and all(isinstance(m, Message) for m in noted)
    return {
        "summary-2021": list(skipped),
        "summary-2024": [noted[1]],
        "trend-yubei": noted,
    }


MESSAGE_CASES = {
    "summary-2021": ("summary", "--year", "2021"),
    "summary-2024": ("summary", "--year", "2024"),
    "trend-yubei": ("trend", "yubei", "--from", "2023", "--to", "2025"),
}


def _file_text(path: Path, fmt: str) -> str:
    if fmt == "xlsx":
        book = load_workbook(path)
        return "\n".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(MESSAGE_CASES))
@pytest.mark.parametrize("fmt", ["html", "markdown", "xlsx", "table"])
def test_the_engines_sentences_are_in_the_outputs_language(cli: Cli, case: str, fmt: str, tmp_path: Path) -> None:
    args = MESSAGE_CASES[case]
    texts = {}
    for lang in ("zh", "en"):
        out = tmp_path / f"{lang}.{fmt}"
        result = cli(*args, "--format", fmt, "--lang", lang, "--output", str(out), env={"COLUMNS": "400"})  # no wrap
        assert result.exit_code == 0, result.stderr
        texts[lang] = _file_text(out, fmt)

    def shown(sentence: str) -> str:
        return str(escape(sentence)) if fmt == "html" else sentence

    for message in _engine_sentences()[case]:
        english, chinese = str(message), render(message, "zh")
        assert english != chinese
        assert shown(english) in texts["en"]
        assert shown(english) not in texts["zh"]
        assert shown(chinese) in texts["zh"]
    # no sentence of the engine's English is left in the Chinese output: not even a fragment of one
    assert not re.search(r"\b(plan covers|no data for|do not apply|higher-level floors)\b", texts["zh"])


def test_json_keeps_the_engines_english(cli: Cli) -> None:
    result = cli("summary", "--year", "2021", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["skipped"] == [str(m) for m in _engine_sentences()["summary-2021"]]
    result = cli("trend", "yubei", "--from", "2023", "--to", "2025", "--format", "json", "--lang", "zh")
    notes = result.json()["notes"]
    assert notes == {
        "2023": [str(_engine_sentences()["trend-yubei"][0])],
        "2024": [str(_engine_sentences()["trend-yubei"][1])],
    }
