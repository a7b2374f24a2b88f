"""check import: the same 专栏 tables give the same targets from a Word .docx as from the seed text, whatever the
column order, the header wording and the merged cells (issue 16). The .docx files are built here, with python-docx,
from the rows of the seed document 004 (荣昌): 专栏1 (29 indicators, two with sub-rows) and 专栏2 (27 projects)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from seeds import SEEDS, require_seeds

from checker.inputs.documents import read_document
from checker.inputs.drafting.model import DraftPlan
from checker.inputs.drafting.plan import PlanOptions, draft_plan

DOCUMENT = SEEDS / "004_55ced2cde3b8db9d.txt"

Row = dict[str, str]


@pytest.fixture(scope="module")
def catalogue() -> Any:
    from checker.inputs.loading import load_catalogue

    return load_catalogue().catalogue.indicators


def _lines_between(start: str, end: str) -> list[str]:
    require_seeds(DOCUMENT)
    lines = DOCUMENT.read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith(start))
    last = next(n for n in range(first + 1, len(lines)) if lines[n].startswith(end))
    return [line for line in lines[first + 1 : last] if "\t" in line]


def indicator_rows() -> list[Row]:
    """专栏1 as printed: one row per indicator or sub-row (category, 序号, name, sub-label, 2020, 2025, nature),
    read here on their own from the tab-separated lines (not with the code under test)."""
    rows: list[Row] = []
    category = ""
    for line in _lines_between("## 专栏 1", "注:")[1:]:
        cells = line.split("\t")
        if len(cells) > 1 and cells[1].isdigit():
            category = cells[0] or category
            if len(cells) >= 7 and cells[6]:  # a row with a sub-label: name, label, 2020, 2025, nature
                name, label, base, target, nature = cells[2:7]
            else:
                (name, base, target, nature), label = cells[2:6], ""
            rows.append(
                {"category": category, "seq": cells[1], "name": name, "label": label, "base": base}
                | {"target": target, "nature": nature}
            )
        else:  # a sub-row: 住院 — ≥60 预期性, or 城乡居民医保 66.85 70 (nature blank)
            filled = [c for c in cells if c]
            label, figures = filled[0], filled[1:]
            nature = figures.pop() if figures and figures[-1].endswith("性") else ""
            previous = rows[-1]
            rows.append(previous | {"label": label, "base": figures[0], "target": figures[1], "nature": nature})
    return rows


def project_rows() -> list[Row]:
    """专栏2 as printed: the 27 projects (序号, name, content, 规模, 总投资, 建设期, 2025年目标) and the group rows."""
    rows: list[Row] = []
    for line in _lines_between("## 专栏 2", "## 第七节"):
        cells = [re.sub(r"\s+", "", c) for c in line.split("\t")]
        if cells[0] == "序号":
            continue
        if not cells[0] and rows and len([c for c in cells if c]) == 1:
            rows[-1]["name"] += cells[1]  # 整体迁 / 建项目 over a page break
            continue
        keys = ("seq", "name", "content", "scale", "money", "period", "goal")
        rows.append(dict(zip(keys, cells[:7], strict=True)))
    return rows


# --- documents built from the rows --------------------------------------------------------------------------------


def _write(
    path: Path, title: str, header: list[str], body: list[list[str]], merges: list[tuple[int, int, int, int]]
) -> None:
    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=len(body) + 1, cols=len(header))
    for c, text in enumerate(header):
        table.cell(0, c).text = text
    for r, row in enumerate(body, start=1):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    for top, left, bottom, right in merges:
        merged = table.cell(top, left).merge(table.cell(bottom, right))
        first = merged.paragraphs[0].text
        for paragraph in merged.paragraphs[1:]:  # python-docx keeps each merged cell's paragraphs: keep one text
            paragraph._element.getparent().remove(paragraph._element)
        merged.paragraphs[0].text = first
    document.save(path)


def reordered_with_merges(path: Path) -> None:
    """Columns in another order and wording (序号, 指标名称 spanning a sub-label column, 属性, 目标值, 基期值, 类别);
    序号 and 指标名称 merged down over each sub-row, 属性 too where both sub-rows share it, 类别 over its group."""
    rows = indicator_rows()
    header = ["序号", "指标名称", "", "属性", "目标值（2025年）", "基期值（2020年）", "类别"]
    body: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = [(0, 1, 0, 2)]
    for n, row in enumerate(rows, start=1):
        first = n == 1 or rows[n - 2]["seq"] != row["seq"]
        body.append(
            [
                row["seq"] if first else "",
                row["name"] if first else "",
                row["label"],
                row["nature"] if first or row["nature"] != rows[n - 2]["nature"] else "",
                row["target"],
                row["base"],
                row["category"] if n == 1 or rows[n - 2]["category"] != row["category"] else "",
            ]
        )
        if not row["label"]:
            merges.append((n, 1, n, 2))  # the name spans the sub-label column
        elif not first:
            merges += [(n - 1, 0, n, 0), (n - 1, 1, n, 1)]
            if row["nature"] == rows[n - 2]["nature"]:
                merges.append((n - 1, 3, n, 3))
    starts = [n for n in range(1, len(rows) + 1) if body[n - 1][6]]
    for k, start in enumerate(starts):
        end = (starts[k + 1] - 1) if k + 1 < len(starts) else len(rows)
        if end > start:
            merges.append((start, 6, end, 6))
    _write(path, "专栏1 重庆市荣昌区卫生健康发展“十四五”指标", header, body, merges)


def unit_column_and_sublabels(path: Path) -> None:
    """Another wording and layout: 单位 in a column of its own (not in the name), a 分项 column, no merged cells
    (each sub-row repeats its 序号 and name)."""
    rows = indicator_rows()
    header = ["领域", "序号", "主要指标", "分项", "单位", "基期值", "目标值", "指标性质"]
    body = []
    for row in rows:
        name, unit = row["name"], ""
        found = re.search(r"\(([^()]*)\)$|(%)$", name)
        if found:
            unit = found.group(1) or found.group(2)
            name = name[: found.start()]
        body.append([row["category"], row["seq"], name, row["label"], unit, row["base"], row["target"], row["nature"]])
    _write(path, "专栏1 主要指标", header, body, [])


def projects_reordered(path: Path) -> None:
    """专栏2 with columns in another order and wording: 名称, 目标状态, 建设年限, 总投资（亿元）, 序号,
    建设规模（平方米）."""
    header = ["名称", "目标状态", "建设年限", "总投资（亿元）", "序号", "建设规模（平方米）", "主要建设内容"]
    body = [[r["name"], r["goal"], r["period"], r["money"], r["seq"], r["scale"], r["content"]] for r in project_rows()]
    _write(path, "专栏2 重大建设项目表", header, body, [])


# --- the comparison ------------------------------------------------------------------------------------------------


def table_targets(plan: DraftPlan) -> list[tuple[Any, ...]]:
    return sorted(
        (
            ind.indicator,
            ind.baseline,
            ind.printed_unit,
            t.kind,
            t.op,
            t.value,
            t.low,
            t.high,
            t.of,
            str(t.ref),
            t.year,
            t.nature,
            t.unit,
            t.item,
        )
        for ind in plan.indicators
        for t in ind.targets
        if t.part == "table"
    )


def projects(plan: DraftPlan) -> list[tuple[Any, ...]]:
    return [
        (p.name, p.period, p.investment, [(t.kind, t.op, t.value, t.year) for t in p.targets]) for p in plan.projects
    ]


@pytest.fixture(scope="module")
def from_text(catalogue: Any) -> DraftPlan:
    require_seeds(DOCUMENT)
    return draft_plan(read_document(DOCUMENT), catalogue, PlanOptions("rongchang"))


def test_the_seed_rows_are_read_as_printed() -> None:
    rows = indicator_rows()
    assert len(rows) == 31 and rows[-1]["seq"] == "29"
    assert [(r["seq"], r["label"]) for r in rows if r["label"]] == [
        ("24", "门诊"),
        ("24", "住院"),
        ("28", "城镇职工医保"),
        ("28", "城乡居民医保"),
    ]
    assert len([r for r in project_rows() if r["seq"]]) == 27  # and the 合计 and group rows (一、区级重大项目 …)


@pytest.mark.parametrize("build", [reordered_with_merges, unit_column_and_sublabels], ids=["merged", "unit-column"])
def test_a_docx_indicator_table_gives_the_targets_of_the_text(
    tmp_path: Path, catalogue: Any, from_text: DraftPlan, build: Callable[[Path], None]
) -> None:
    path = tmp_path / "plan.docx"
    build(path)
    drafted = draft_plan(read_document(path), catalogue, PlanOptions("rongchang"))
    expected = table_targets(from_text)
    assert len(expected) == 31
    assert table_targets(drafted) == expected
    items = {t.item for ind in drafted.indicators for t in ind.targets}
    assert {"24a", "24b", "28a", "28b"} <= items


def test_a_docx_project_table_gives_the_projects_of_the_text(
    tmp_path: Path, catalogue: Any, from_text: DraftPlan
) -> None:
    path = tmp_path / "projects.docx"
    projects_reordered(path)
    drafted = draft_plan(read_document(path), catalogue, PlanOptions("rongchang"))
    assert projects(drafted) == projects(from_text)
    assert len(drafted.projects) == 27
