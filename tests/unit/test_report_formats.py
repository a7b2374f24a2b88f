"""The reports people read: HTML (with charts, printable), Markdown and Excel, in Chinese and English.

The browser tests render the HTML in headless Chromium; they skip on a machine without it and fail in CI (CI installs
it: apt-get install -y chromium fonts-noto-cjk).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl.worksheet.worksheet import Worksheet
from support.html_rows import parse
from support.screenshots import assert_screenshot_not_blank, chromium, headless
from support.workbooks import worksheets

from checker.domain.i18n import EN, ZH, t
from checker.domain.results import DistrictResult, IndicatorResult, Reason, RunResult, Status
from checker.engine.run import RunRequest, run_check
from checker.formats.charts import COLOURS, HISTORY_COLOUR, indicator_path, svg
from checker.formats.formulas import FORMULA_PREFIXES
from checker.formats.markdown import md
from checker.formats.registry import FORMATS, RenderOptions, render
from checker.formats.table import ILLUSTRATIVE_BANNER
from checker.inputs.loading import PlanRegistry

ZH_BANNER = ZH["illustrative_banner"]


@pytest.fixture(scope="module")
def run(registry: PlanRegistry) -> RunResult:
    """荣昌 and 北碚 2024 from the bundled illustrative data, with the other years' values for the charts."""
    return run_check(RunRequest(year=2024, districts=("rongchang", "beibei"), history=True), registry)


@pytest.fixture(scope="module")
def page(run: RunResult) -> str:
    return render("run", "html", run, RenderOptions(lang="zh"))  # type: ignore[return-value]


def indicator(run: RunResult, district: str, indicator_id: str) -> IndicatorResult:
    d = next(d for d in run.districts if d.plan.id == district)
    return next(i for i in d.indicators if i.indicator.id == indicator_id)


def write_data(root: Path, text: str) -> Path:
    path = root / "2024" / "rongchang.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


# --- labels ---------------------------------------------------------------------------------------------------


def test_every_label_exists_in_both_languages_including_reasons_and_statuses() -> None:
    assert ZH.keys() == EN.keys()
    for lang in ("zh", "en"):
        for reason in Reason:
            assert t(f"reason.{reason.value}", lang)
        for status in Status:
            assert t(f"status.{status.value}", lang)
    assert t("reason.behind_schedule", "zh") == "落后于序时进度" and t("status.fail", "en") == "fail"
    assert t("illustrative_banner", "en") == ILLUSTRATIVE_BANNER
    with pytest.raises(ValueError, match="no such language"):
        t("title", "fr")


def test_the_formats_people_read_chart_history_and_default_to_chinese() -> None:
    for name in ("html", "markdown", "xlsx"):
        assert FORMATS[name].charts and FORMATS[name].default_lang("run") == "zh"
    for name in ("json", "junit", "sarif", "github"):
        assert not FORMATS[name].charts and FORMATS[name].default_lang("run") == "en"


def test_every_registered_format_has_its_renderers() -> None:
    for name, fmt in FORMATS.items():
        assert fmt.name == name and fmt.renderers
        for subject in fmt.renderers:
            assert callable(fmt.renderer(subject)), (name, subject)


# --- HTML -----------------------------------------------------------------------------------------------------


def test_html_starts_with_the_banner_and_a_header_of_districts_year_sources_and_counts(page: str) -> None:
    body = page[page.index("<body>") :]
    assert body.index(ZH_BANNER) < body.index("<h1>")  # said at the top, before anything else
    header = body[: body.index("</header>")]
    assert "荣昌区、北碚区" in header and "2024" in header
    # the data file as displayed: <bundled>/data/… (escaped) from a package, data/… from a checkout's ./data
    assert "data/2024/rongchang.yaml" in header and "data/2024/beibei.yaml" in header
    assert "警告 145" in header and "未通过 7" in header  # indicators by verdict over both districts
    assert page.count(ZH_BANNER) == 3  # the page's header and each district's


def test_html_tables_are_grouped_by_the_plan_categories(page: str) -> None:
    headings = re.findall(r"<h3>([^<]*)</h3>", page)
    rongchang = headings[: headings.index("说明 (*)")]
    assert rongchang == [
        "健康水平",
        "健康生活",
        "健康服务",
        "健康环境",
        "健康保障",
        "健康产业",
        "规划正文目标",
        "重点项目 · 区级重大项目",
        "重点项目 · 基层医疗卫生机构建设项目",
        "重点项目 · 村级建设项目",
    ]


def test_html_rows_give_value_target_milestone_verdict_reason_and_source(page: str) -> None:
    rows = parse(page).rows
    assert [
        "14",
        "每千人口执业（助理）医师数（人/千人）",
        "3.05 (2020)",
        "3.49",
        "≥ 3.6",
        "3.49",
        "约束性",
        "通过",
        "符合序时进度",
        "专栏1 序号14",
        "",  # the chart's cell: its text is in the <svg>
    ] in rows
    # a higher level's floor: the level named, the figure marked unverified (†), its document cited
    assert [
        "[国家] ≤ 14.5 †",
        "",
        "预期性",
        "通过",
        "已达标",
        '国办发〔2022〕11号《"十四五"国民健康规划》 专栏1 序号3 †',
    ] in rows
    # a running-text target cites its chapter and item; a project its 专栏2 row
    assert any(r[-4:-1] == ["警告", "缺少数值", "第三章第七节 第11项"] for r in rows)  # then the chart's cell
    assert any(r[:2] == ["1", "荣昌区人民医院门急诊住院综合楼建设工程"] and "专栏2 序号1" in r for r in rows)
    assert "† = 数值来自种子文件以外" in page


def test_html_has_one_chart_per_indicator_with_a_baseline(run: RunResult, page: str) -> None:
    with_baseline = sum(1 for d in run.districts for i in d.indicators if i.baseline is not None)
    assert with_baseline == 50
    assert parse(page).svgs == page.count("<svg ") == with_baseline


def test_html_is_self_contained_and_printable(page: str) -> None:
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched from a network
    assert "url(" not in page and "@import" not in page
    assert "@page { size: A4" in page
    assert "section.district + section.district { break-before: page;" in page


def test_chart_draws_the_exact_path_baseline_trajectory_milestone_and_history(run: RunResult) -> None:
    physicians = indicator(run, "rongchang", "physicians_per_1000")
    path = indicator_path(physicians, 2024)
    assert path is not None
    assert (path.baseline_year, path.baseline, path.target_year, path.target) == (
        2020,
        Fraction("3.05"),
        2025,
        Fraction("3.6"),
    )
    assert path.milestone == Fraction("3.49") and not path.bound  # 3.05 + 0.55 × 4/5, exactly
    assert path.points == (
        (2021, Fraction("3.18")),
        (2022, Fraction("3.27")),
        (2023, Fraction("3.36")),
        (2024, Fraction("3.49")),
    )
    chart = str(svg(path, "每千人口执业（助理）医师数", "zh"))
    for part in ('class="trajectory"', 'class="target"', 'class="milestone"', 'class="baseline"'):
        assert chart.count(part) == 1, part
    # every year's point in its own verdict's colour: 3.36 was short of the 2023 milestone 3.38 (a fail that year)
    assert chart.count('class="value history value-pass"') == 2 and chart.count('class="value value-pass"') == 1
    assert chart.count('class="value history value-fail"') == 1
    assert "<title>2023: 3.36 (未通过)</title>" in chart and "序时进度 2024: 3.49" in chart
    # the reported 3.49 sits exactly on the milestone: same height
    milestone_y = re.search(r'class="milestone" cx="[\d.]+" cy="([\d.]+)"', chart)
    value_y = re.search(r'class="value value-pass" cx="[\d.]+" cy="([\d.]+)"', chart)
    assert milestone_y and value_y and milestone_y.group(1) == value_y.group(1)


def test_each_history_point_is_coloured_by_the_verdict_its_year_gets(run: RunResult, page: str) -> None:
    physicians = indicator(run, "rongchang", "physicians_per_1000")
    assert physicians.history_verdicts == ((2021, Status.PASS), (2022, Status.PASS), (2023, Status.FAIL))
    # the same verdict as a run for 2023 gives: the engine's rules, not the chart's
    alone = run_check(RunRequest(year=2023, districts=("rongchang",)), PlanRegistry.load())
    assert indicator(alone, "rongchang", "physicians_per_1000").verdict is Status.FAIL
    path = indicator_path(physicians, 2024)
    assert path is not None
    chart = str(svg(path, "physicians", "en"))
    point = re.search(r'<circle class="value history value-fail" cx="[\d.]+" cy="[\d.]+" r="3" fill="([^"]+)"', chart)
    assert point and point.group(1) == COLOURS[Status.FAIL] and "<title>2023: 3.36 (fail)</title>" in chart
    grey = str(svg(replace(path, verdicts=()), "physicians", "en"))  # a year without a verdict stays grey
    assert grey.count('class="value history" cx') == 3 and grey.count(f'fill="{HISTORY_COLOUR}"') == 3
    assert 'class="value history value-fail"' in page and 'class="value history value-warn"' in page


def test_chart_of_a_bound_held_since_the_baseline_has_no_trajectory(run: RunResult) -> None:
    myopia = indicator_path(indicator(run, "rongchang", "child_myopia_rate"), 2024)  # 44.65 in 2020, ≤ 49
    assert myopia is not None and myopia.bound and myopia.milestone is None
    chart = str(svg(myopia, "近视率", "zh"))
    assert 'class="bound"' in chart and 'class="trajectory"' not in chart
    assert indicator_path(indicator(run, "rongchang", "research_funding_per_health_worker"), 2024) is None


def test_chart_text_is_escaped(run: RunResult) -> None:
    path = indicator_path(indicator(run, "beibei", "air_quality_good_days_ratio"), 2024)
    assert path is not None and path.verdict is Status.FAIL
    chart = str(svg(path, '<img src=x onerror="alert(1)">', "en"))
    assert "<img" not in chart and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in chart


def test_html_escapes_every_text_from_plans_and_data(registry: PlanRegistry, tmp_path: Path) -> None:
    data = write_data(
        tmp_path,
        """
        district: rongchang
        year: 2024
        illustrative: false
        source: "<script>alert('source')</script>"
        values:
          physicians_per_1000: {value: 3.5, note: "<b onmouseover=alert(1)>x</b> & more"}
        """,
    )
    result = run_check(RunRequest(year=2024, districts=("rongchang",), data=data, history=True), registry)
    page = render("run", "html", result, RenderOptions(lang="zh"))
    assert isinstance(page, str)
    assert "<script>" not in page and "&lt;script&gt;alert(&#39;source&#39;)&lt;/script&gt;" in page
    assert "<b onmouseover" not in page and "&lt;b onmouseover=alert(1)&gt;x&lt;/b&gt; &amp; more" in page
    assert ZH_BANNER not in page  # real data: no banner


def test_html_in_english_uses_english_labels_and_names(run: RunResult) -> None:
    page = render("run", "html", run, RenderOptions(lang="en"))
    assert isinstance(page, str)
    assert '<html lang="en">' in page and ILLUSTRATIVE_BANNER in page
    assert "<h3>Health outcomes (健康水平)</h3>" in page and "<h3>Running-text targets</h3>" in page
    rows = parse(page).rows
    physicians = next(r for r in rows if r[:1] == ["14"] and "Licensed" in r[1])
    assert physicians[1:10] == [
        "Licensed (assistant) physicians per 1,000 population (人/千人)",
        "3.05 (2020)",
        "3.49",
        "≥ 3.6",
        "3.49",
        "binding (约束性)",
        "pass",
        "on track",
        "专栏1 row 14",
    ]
    assert "behind schedule" in page and "[national] ≤ 14.5 †" in page
    assert "符合序时进度" not in page and "未通过" not in page


# --- Markdown -------------------------------------------------------------------------------------------------


def cells(line: str) -> list[str]:
    """A Markdown table row's cells, split on the pipes that are not escaped."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def test_markdown_has_the_banner_and_a_table_per_group(run: RunResult) -> None:
    text = render("run", "markdown", run, RenderOptions(lang="zh"))
    assert isinstance(text, str)
    lines = text.splitlines()
    assert lines[0] == "# 卫生健康规划目标检查报告 · 2024"
    assert lines[2] == f"> **{ZH_BANNER}**"
    assert "## 荣昌区 (rongchang) · 2024" in lines and "## 北碚区 (beibei) · 2024" in lines
    start = lines.index("### 健康服务")
    header = lines[start + 2]
    assert cells(header) == [
        "序号",
        "指标（单位）",
        "基线",
        "其他年份数值",
        "数值 2024",
        "目标",
        "序时进度",
        "性质",
        "判定",
        "原因",
        "来源",
    ]
    assert lines[start + 3] == "|---:|---|---:|---|---:|---|---:|---|---|---|---|"
    assert (
        "| 14 | 每千人口执业（助理）医师数（人/千人） | 3.05 (2020) | 2021: 3.18; 2022: 3.27; 2023: 3.36 "
        "| 3.49 | ≥ 3.6 | 3.49 "
        "| 约束性 | 通过 | 符合序时进度 | 专栏1 序号14 |"
    ) in lines
    assert (
        "| 16 | 每千人口注册护士数（人/千人） \\* | 3.41 (2020) | 2021: 3.7; 2022: 3.9; 2023: 4.0 "
        "| 4.2 | ≥ 4.7 | 4.442 " in text
    )
    assert "| **未通过** | 落后于序时进度 | 专栏1 序号16 |" in text
    # every row of every table has as many cells as its header
    width = 0
    for line in lines:
        if line.startswith("|"):
            width = width or len(cells(line))
            assert len(cells(line)) == width, line
        else:
            width = 0


def test_markdown_escapes_table_breaks_links_and_html() -> None:
    assert md("a|b [x](http://e) <i>\n&") == "a\\|b \\[x\\](http://e) &lt;i&gt; &amp;"


def test_markdown_in_english(run: RunResult) -> None:
    text = render("run", "markdown", run, RenderOptions(lang="en"))
    assert isinstance(text, str)
    assert f"> **{ILLUSTRATIVE_BANNER}**" in text and "### Health services (健康服务)" in text
    assert "| # | Indicator (unit) | Baseline | Other years | Value 2024 | Target |" in text


# --- Excel ----------------------------------------------------------------------------------------------------


def columns(ws: Worksheet, header_row: int) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[header_row] if c.value is not None}


def test_xlsx_has_a_summary_sheet_first_then_a_sheet_per_district(run: RunResult) -> None:
    sheets = worksheets(render("run", "xlsx", run, RenderOptions(lang="zh")))
    assert list(sheets) == ["汇总", "荣昌区", "北碚区"]
    summary = sheets["汇总"]
    assert summary["A2"].value == ZH_BANNER
    head = columns(summary, 4)
    rongchang = [c.value for c in summary[5]]
    assert rongchang[:4] == ["荣昌区", "rongchang", 2024, "未通过"]
    assert [rongchang[head[s] - 1] for s in ("信息", "通过", "无法评估", "警告", "未通过")] == [2, 20, 2, 82, 4]
    assert summary.cell(row=7, column=1).value == "全部区县"
    assert summary.cell(row=5, column=head["判定"]).fill.fgColor.rgb == "00FFC7CE"


def test_xlsx_district_sheet_has_numeric_values_and_coloured_verdicts(run: RunResult) -> None:
    ws = worksheets(render("run", "xlsx", run, RenderOptions(lang="zh")))["荣昌区"]
    assert ws["A2"].value == ZH_BANNER
    col = columns(ws, 5)
    assert list(col)[:10] == [
        "序号",
        "分类",
        "指标",
        "指标（英文）",
        "单位",
        "基线年份",
        "基线",
        "2021",
        "2022",
        "2023",
    ]
    row = next(r for r in ws.iter_rows(min_row=6) if r[col["指标"] - 1].value == "每千人口执业（助理）医师数")
    value = {name: row[c - 1] for name, c in col.items()}
    for name, expected in (
        ("基线", "3.05"),
        ("2021", "3.18"),
        ("2022", "3.27"),
        ("2023", "3.36"),
        ("数值 2024", "3.49"),
        ("目标值", "3.6"),
        ("序时进度", "3.49"),
        ("进度比", "1"),
    ):
        assert value[name].data_type == "n", name
        assert Decimal(str(value[name].value)) == Decimal(expected), name
    assert value["指标（英文）"].value == "Licensed (assistant) physicians per 1,000 population"
    assert (value["判定"].value, value["原因"].value, value["章节"].value, value["序号/项"].value) == (
        "通过",
        "符合序时进度",
        "专栏1",
        "14",
    )
    assert value["判定"].fill.fgColor.rgb == "00C6EFCE"
    nurses = next(r for r in ws.iter_rows(min_row=6) if r[col["指标"] - 1].value == "每千人口注册护士数")
    assert nurses[col["判定"] - 1].value == "未通过" and nurses[col["判定"] - 1].fill.fgColor.rgb == "00FFC7CE"
    assert nurses[col["序时进度"] - 1].value == pytest.approx(4.442)


def test_xlsx_neutralises_text_that_would_be_a_formula(registry: PlanRegistry, tmp_path: Path) -> None:
    data = write_data(
        tmp_path,
        """
        district: rongchang
        year: 2024
        illustrative: true
        source: "+SUM(1,2) pasted from a spreadsheet"
        values:
          physicians_per_1000: {value: 3.5, note: '=HYPERLINK("http://example.invalid","click")'}
          nurses_per_1000: {value: 4.5, note: "@cmd"}
        """,
    )
    result = run_check(RunRequest(year=2024, districts=("rongchang",), data=data, history=True), registry)
    sheets = worksheets(render("run", "xlsx", result, RenderOptions(lang="en")))
    assert list(sheets) == ["Summary", "荣昌区"]
    every = [c for ws in sheets.values() for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in every if c.data_type == "f"]  # no formula anywhere
    values = {c.value for c in every if isinstance(c.value, str)}
    assert not [v for v in values if v.startswith(FORMULA_PREFIXES)]
    assert '\'=HYPERLINK("http://example.invalid","click")' in values and "'@cmd" in values
    assert "'+SUM(1,2) pasted from a spreadsheet" in values


def test_xlsx_is_binary_only(run: RunResult) -> None:
    content = render("run", "xlsx", run, RenderOptions())
    assert FORMATS["xlsx"].binary and isinstance(content, bytes) and content.startswith(b"PK")


# --- in a browser ---------------------------------------------------------------------------------------------


def test_html_renders_in_headless_chromium(page: str, tmp_path: Path) -> None:
    assert_screenshot_not_blank(page, tmp_path, 2000)


def test_html_prints_to_a4_pdf_with_a_page_break_between_districts(run: RunResult, tmp_path: Path) -> None:
    browser = chromium()
    # two districts of one short row each fit on one page (1 page without the break); the break makes it 2

    def one_row(d: DistrictResult) -> DistrictResult:
        row = next(i for i in d.indicators if i.baseline is None and len(i.targets) == 1)
        return replace(d, illustrative=False, indicators=(replace(row, notes=(), value_note=None),))

    small = replace(run, districts=tuple(one_row(d) for d in run.districts))
    html = tmp_path / "report.html"
    html.write_text(str(render("run", "html", small, RenderOptions(lang="zh"))), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    headless(browser, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == 2
    boxes = {
        tuple(sorted(round(float(n)) for n in box.split()[2:]))
        for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)
    }
    assert boxes == {(595, 842)}  # A4, in points (landscape or portrait)
