"""--group-by owner: each office (牵头科室) sees its own targets, with counts; plans that name none say so and keep
the plan's categories."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.cli import Cli

from checker.domain.results import owners_of

YUBEI_OFFICES = 15  # the distinct offices the 2025 work plan's 牵头科室 cells name


@pytest.fixture(scope="module")
def yubei_md(cli: Cli) -> str:
    result = cli("--year", "2025", "yubei", "--group-by", "owner", "--format", "markdown")
    assert result.exit_code == 0, result.stderr  # no 2025 data: every target warns (missing value)
    return result.stdout


def test_markdown_has_a_section_per_office_with_its_own_targets_and_counts(yubei_md: str) -> None:
    headings = re.findall(r"^### 牵头科室：(.+)$", yubei_md, flags=re.M)
    assert len(headings) == len(set(headings)) == YUBEI_OFFICES
    assert headings[:3] == ["健康促进中心", "区红十字会办公室", "疾控科"]  # in the order the plan names them
    assert "公卫科" in headings and "公卫科（爱卫办）" in headings  # as printed, not merged
    section = yubei_md.split("### 牵头科室：卫生监督科")[1].split("\n### ")[0]
    assert "目标判定计数：信息 0 · 通过 0 · 无法评估 0 · 警告 2 · 未通过 0" in section
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 2  # the two targets 卫生监督科 leads, and nothing else
    # the document's own counts are those of the whole plan, not of an office
    assert "指标判定计数：信息 2 · 通过 0 · 无法评估 0 · 警告 52 · 未通过 0" in yubei_md


def test_a_target_led_by_several_offices_is_shown_to_each(yubei_md: str) -> None:
    sections = yubei_md.split("\n### ")
    literacy = [s.split("\n")[0] for s in sections if "居民健康素养水平" in s]
    offices = owners_of("健康促进中心、区红十字会办公室、疾控科、公卫科、公卫科（爱卫办）")
    assert literacy == [f"牵头科室：{o}" for o in offices]


def test_html_and_table_group_by_office_too(cli: Cli) -> None:
    html = cli("--year", "2025", "yubei", "--group-by", "owner", "--format", "html").stdout
    assert len(re.findall(r"<h3>牵头科室：", html)) == YUBEI_OFFICES
    assert html.count('class="counts group-counts"') == YUBEI_OFFICES
    table = cli("--year", "2025", "yubei", "--group-by", "owner", "--lang", "en").stdout
    assert len(re.findall(r"^Lead office: ", table, flags=re.M)) == YUBEI_OFFICES  # every target is missing
    assert "Lead office: 卫生监督科  Targets by verdict: fail 0 · warn 2 · not evaluable 0 · pass 0 · info 0" in table


def test_projects_fall_back_to_the_project_owner_and_unowned_rows_are_grouped_last(cli: Cli) -> None:
    text = cli("--year", "2024", "beibei", "--group-by", "owner", "--format", "markdown", "--lang", "en").stdout
    headings = re.findall(r"^### (.+)$", text, flags=re.M)
    assert headings[-1] == "No lead office named"  # 北碚's indicators: only its projects name a 责任单位
    assert "Lead office: 区卫生健康委" in headings
    data = cli("--year", "2024", "beibei", "--format", "json").json()
    projects = {i["id"]: i for i in data["districts"][0]["indicators"] if i["kind"] == "project"}
    built = projects["beibei_p01"]["targets"][0]  # the target names no owner: its project's
    assert (built["owner"], built["owners"]) == ("蔡家智慧新城（蔡家公司）", ["蔡家智慧新城（蔡家公司）"])
    listed = projects["beibei_p02"]["targets"][0]  # no target: a row for information, filed under its owners
    assert (listed["owner"], listed["owners"]) == (None, ["缙云人文科技城（新城公司）", "区卫生健康委"])


def test_json_carries_the_owners_of_every_target(cli: Cli) -> None:
    data = cli("--year", "2025", "yubei", "--format", "json").json()
    targets = [t for i in data["districts"][0]["indicators"] for t in i["targets"]]
    supervision = [t for t in targets if t["owner"] == "卫生监督科"]
    assert len(supervision) == 2 and all(t["owners"] == ["卫生监督科"] for t in supervision)
    assert all(t["owners"] for t in targets if t["target"] is not None)


def test_a_plan_without_owners_says_so_and_keeps_its_categories(cli: Cli) -> None:
    owner = cli("--year", "2024", "rongchang", "--group-by", "owner", "--format", "markdown").stdout
    category = cli("--year", "2024", "rongchang", "--format", "markdown").stdout
    note = "- 说明：本报告中没有目标注明牵头科室（或责任单位），按规划分类分组\n"
    assert note in owner and note not in category
    assert owner.replace(note, "") == category
    table = cli("--year", "2024", "rongchang", "--group-by", "owner", "--lang", "en")
    assert table.exit_code == 1 and "Notes: No target in this report names an owner" in table.stdout


def test_xlsx_has_an_office_column_and_counts_per_office(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    result = cli("--year", "2025", "yubei", "--group-by", "owner", "--format", "xlsx", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    book = load_workbook(io.BytesIO(out.read_bytes()))
    sheet = book["渝北区"]
    assert sheet.cell(row=5, column=1).value == "牵头科室"
    offices = [sheet.cell(row=r, column=1).value for r in range(6, sheet.max_row + 1)]
    assert offices.count("卫生监督科") == 2 and len(set(offices)) == YUBEI_OFFICES
    summary = [row for row in book["汇总"].iter_rows(values_only=True) if row[0] == "渝北区"]
    assert ("渝北区", "卫生监督科", 0, 0, 0, 2, 0) in [r[:7] for r in summary]
