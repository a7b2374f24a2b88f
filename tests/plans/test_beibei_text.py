"""北碚: the targets encoded from the running text, 专栏2–6 and 附件1, and the 附件2 projects, against the document.

The plan YAML and the catalogue are read with ``yaml.safe_load`` (not the project's loader), and the document is
parsed straight from the seed text, so a slip in the YAML cannot hide behind the loader. Text is compared with all
whitespace removed from both sides (the seed wraps and indents freely). Numbers are compared as
``Decimal(str(x))``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
import yaml
from seeds import SEEDS, STATUSES, require_seeds, squash
from support.paths import ROOT

DOCUMENT = "003_2557debb93cc6d87.txt"
PLAN = ROOT / "plans" / "beibei.yaml"
CATALOGUES = [ROOT / "rules" / "indicators.yaml", *sorted((ROOT / "rules" / "catalogue").glob("*.yaml"))]

NUMBER = re.compile(r"\d+(?:\.\d+)?")
NATURES = {"binding", "expected", "unspecified"}

# 附件2 as printed: 23 rows; the table states no total, so the expected figures are the sums of its rows, written
# out here so that a changed figure in the YAML (or in the seed) shows up.
ANNEX2_ROWS = 23
ANNEX2_TOTAL = Decimal("449327.46")  # 万元, the sum of the 23 项目金额
ANNEX2_NATURE_COUNTS = {"新建": 12, "改扩建": 7, "在建": 4}
# The one total the rows can be checked against: 序号1's cell says 总投资185384.06万元, its 项目金额 is 185384.
P01_STATED_TOTAL = Decimal("185384.06")
P01_AMOUNT = Decimal("185384")
# 序号16: 总建筑面积约105543.53㎡ against its listed buildings; 序号13: 68000㎡ against 约6万平方米 in the text.
P16_STATED_AREA = Decimal("105543.53")
P16_PARTS_AREA = Decimal("105389.51")
P13_TABLE_AREA = "68000㎡"
P13_TEXT_AREA = "约6万平方米"
# Goals given for 附件2 projects (第十二章第一节 建成/完成 → 竣工, 启动; 第三章第三节 and 专栏2/专栏3 启动), by 序号.
MILESTONES = {1: ["竣工"], 6: ["启动", "启动", "竣工"], 11: ["竣工"], 13: ["启动", "启动"], 16: ["竣工"]}


@cache
def _text() -> str:
    path = SEEDS / DOCUMENT
    require_seeds(path)
    return path.read_text(encoding="utf-8")


def _lines() -> list[str]:
    return _text().split("\n")


@cache
def plan() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    return data


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    indicators: dict[str, dict[str, Any]] = {}
    for path in CATALOGUES:
        for ind in yaml.safe_load(path.read_text(encoding="utf-8"))["indicators"]:
            indicators[ind["id"]] = ind
    return indicators


def _dec(x: Any) -> Decimal:
    return Decimal(str(x))


def _is_table_target(target: dict[str, Any]) -> bool:
    return target["source"]["section"] == "专栏1"


def all_targets() -> list[tuple[str, dict[str, Any]]]:
    """(indicator id or project id, target) for every target of the plan."""
    data = plan()
    found = [(e["indicator"], t) for e in data["indicators"] for t in e["targets"]]
    found += [(p["id"], t) for p in data.get("projects", []) for t in p.get("targets", [])]
    return found


def text_targets() -> list[tuple[str, dict[str, Any]]]:
    return [(owner, t) for owner, t in all_targets() if not _is_table_target(t)]


# --- the document's structure ----------------------------------------------------------------------------------

CHAPTER = re.compile(r"^第[一二三四五六七八九十]+章")
SECTION = re.compile(r"^第[一二三四五六七八九十]+节")
BOX = re.compile(r"^专栏\d+")
ANNEX = re.compile(r"^附件\d+\s*$")


def _unnumbered_chapter(line: str) -> bool:
    """Chapter headings printed without their number (' 强化基础网络支撑与人力资源保障')."""
    return line.startswith(" ") and 0 < len(line.strip()) < 30 and "。" not in line


def _is_chapter(line: str) -> bool:
    return bool(CHAPTER.match(line) or ANNEX.match(line) or _unnumbered_chapter(line))


def _is_heading(line: str) -> bool:
    return _is_chapter(line) or bool(SECTION.match(line) or BOX.match(line))


def section_text(section: str) -> str:
    """The text of a cited section: 专栏N, 第X章第Y节, '<unnumbered chapter heading> 第Y节' or 附件N."""
    lines = _lines()
    box = re.fullmatch(r"专栏(\d+)", section)
    if box:
        starts = [n for n, line in enumerate(lines) if re.match(rf"^专栏{box.group(1)}(?!\d)", line)]
        assert len(starts) == 1, f"{section}: {len(starts)} headings"
        start = starts[0]
        end = next((n for n in range(start + 1, len(lines)) if _is_heading(lines[n])), len(lines))
        return "\n".join(lines[start:end])
    if ANNEX.match(section):
        starts = [n for n, line in enumerate(lines) if line.strip() == section]
        assert len(starts) == 1, f"{section}: {len(starts)} headings"
        end = next((n for n in range(starts[0] + 1, len(lines)) if ANNEX.match(lines[n])), len(lines))
        return "\n".join(lines[starts[0] : end])
    match = re.fullmatch(r"(第[一二三四五六七八九十]+章|.+? )(第[一二三四五六七八九十]+节)", section)
    assert match, f"unrecognised section {section!r}"
    chapter, sub = match.group(1).strip(), match.group(2)
    starts = [
        n
        for n, line in enumerate(lines)
        if (CHAPTER.match(chapter) and line.startswith(chapter))
        or (_unnumbered_chapter(line) and line.strip() == chapter)
    ]
    assert len(starts) == 1, f"{section}: {len(starts)} chapter headings"
    chapter_end = next((n for n in range(starts[0] + 1, len(lines)) if _is_chapter(lines[n])), len(lines))
    subs = [n for n in range(starts[0], chapter_end) if lines[n].startswith(sub)]
    assert len(subs) == 1, f"{section}: {len(subs)} section headings"
    end = next((n for n in range(subs[0] + 1, chapter_end) if _is_heading(lines[n])), chapter_end)
    return "\n".join(lines[subs[0] : end])


@cache
def annex2_rows() -> tuple[tuple[str, ...], ...]:
    """附件2 as printed: one tab-indented line per cell (a line without a tab continues the cell), rows end blank."""
    lines = _lines()
    start = next(n for n, line in enumerate(lines) if line.strip() == "附件2")
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines[start + 1 :]:
        if not line.strip():
            if current:
                groups.append(current)
                current = []
            continue
        if line.startswith("\t"):
            current.append(line[1:])
        elif current:
            current[-1] += line
    if current:
        groups.append(current)
    header, *rows = groups
    assert header == [
        "序号",
        "项目名称",
        "业主单位",
        "主要建设内容及规模",
        "建设性质",
        "项目金额（万元）",
        "责任单位",
    ], header
    assert all(len(row) == 7 for row in rows), [row[:2] for row in rows if len(row) != 7]
    return tuple(tuple(cell.strip() for cell in row) for row in rows)


# --- quotes, printed phrases and figures ----------------------------------------------------------------------


def _target_id(case: tuple[str, dict[str, Any]]) -> str:
    owner, target = case
    return f"{owner}-{target['source']['section']}"


@pytest.mark.parametrize("case", text_targets(), ids=_target_id)
def test_quote_is_verbatim_in_its_section(case: tuple[str, dict[str, Any]]) -> None:
    owner, target = case
    source = target["source"]
    assert source["document"] == DOCUMENT
    assert "item" in source and (source["item"] is None or isinstance(source["item"], str))
    quote = source.get("quote")
    assert quote, f"{owner}: a target from the running text needs its quote"
    assert squash(quote) in squash(_text()), f"{owner}: quote not in the document: {quote!r}"
    assert squash(quote) in squash(section_text(source["section"])), f"{owner}: quote not in {source['section']}"


@pytest.mark.parametrize("case", text_targets(), ids=_target_id)
def test_printed_phrase_is_in_the_quote(case: tuple[str, dict[str, Any]]) -> None:
    """`printed` is the phrase as printed; an ellipsis (…) marks words left out of it."""
    owner, target = case
    quote = squash(target["source"]["quote"])
    for part in target["printed"].split("…"):
        assert squash(part) in quote, f"{owner}: printed {part!r} is not in the quote"


@pytest.mark.parametrize("case", all_targets(), ids=_target_id)
def test_every_figure_is_in_the_printed_text(case: tuple[str, dict[str, Any]]) -> None:
    owner, target = case
    printed = {Decimal(n) for n in NUMBER.findall(target["printed"])}
    figures = [target[k] for k in ("value", "low", "high") if k in target]
    for figure in figures:
        if isinstance(figure, (int, float)) and not isinstance(figure, bool):
            assert _dec(figure) in printed, f"{owner}: {figure} is not in {target['printed']!r}"
    assert target["year"] == 2025
    assert target["nature"] in NATURES


FLOOR_WORDS = ("≥", "不低于", "不少于", "至少", "达到", "提升至", "提升到", "提高到")  # before the figure


@pytest.mark.parametrize("case", [c for c in text_targets() if c[1]["kind"] == "threshold"], ids=_target_id)
def test_operator_follows_the_printed_phrase(case: tuple[str, dict[str, Any]]) -> None:
    """The words next to the figure decide the operator (docs/plan-format.md); none: from the direction, inferred."""
    owner, target = case
    printed = squash(target["printed"])
    figure = next(m for m in NUMBER.finditer(printed) if Decimal(m.group()) == _dec(target["value"]))
    before, after = printed[: figure.start()][-6:], printed[figure.end() :][:4]
    if "以下" in after:
        expected, inferred = "<", False
    elif before.endswith("≤"):
        expected, inferred = "<=", False
    elif "以上" in after or any(word in before for word in FLOOR_WORDS):
        expected, inferred = ">=", False
    else:
        expected, inferred = {"higher": ">=", "lower": "<="}[catalogue()[owner]["direction"]], True
    assert target["op"] == expected, f"{owner}: {printed!r}"
    assert bool(target.get("op_inferred", False)) is inferred, f"{owner}: {printed!r}"


@pytest.mark.parametrize("case", text_targets(), ids=_target_id)
def test_nature_is_unspecified_unless_striven_for(case: tuple[str, dict[str, Any]]) -> None:
    """The running text never says 约束性/预期性; 力争/争创 is expected (docs/plan-format.md)."""
    owner, target = case
    striven = "力争" in target["printed"] or "争创" in target["printed"]
    assert target["nature"] == ("expected" if striven else "unspecified"), owner


def test_every_indicator_is_in_the_catalogue() -> None:
    used = [e["indicator"] for e in plan()["indicators"]]
    assert not set(used) - set(catalogue()), sorted(set(used) - set(catalogue()))
    assert len(used) == len(set(used)), "an indicator is listed twice"
    for target in (t for _, t in all_targets()):
        if target.get("of"):
            assert target["of"] in catalogue()
        if target.get("ref"):
            assert target["ref"]["indicator"] in catalogue()


def test_catalogue_names_are_unique_across_files() -> None:
    owner: dict[str, str] = {}
    for path in CATALOGUES:
        for ind in yaml.safe_load(path.read_text(encoding="utf-8"))["indicators"]:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", ind["id"]), ind["id"]
            assert ind["direction"] in {"higher", "lower"}
            for name in dict.fromkeys((ind["id"], ind["name"], *ind.get("aliases", []))):
                assert name not in owner, f"{name!r} names both {owner.get(name)} and {ind['id']} ({path.name})"
                owner[name] = ind["id"]


def test_printed_names_name_their_indicator() -> None:
    names = {n: i["id"] for i in catalogue().values() for n in (i["name"], *i.get("aliases", []))}
    for entry in plan()["indicators"]:
        if "printed_unit" not in entry:
            assert names.get(entry["printed_name"]) == entry["indicator"], entry["printed_name"]


# --- the known conflict ----------------------------------------------------------------------------------------


def test_geriatric_department_conflict_is_kept_as_two_targets() -> None:
    _text()
    entry = next(e for e in plan()["indicators"] if e["indicator"] == "geriatric_dept_share")
    table = [t for t in entry["targets"] if _is_table_target(t)]
    text = [t for t in entry["targets"] if not _is_table_target(t)]
    assert [(t["op"], _dec(t["value"]), t["printed"]) for t in table] == [(">=", Decimal(60), "≥60")]
    assert [(t["op"], _dec(t["value"]), t["source"]["section"]) for t in text] == [(">=", Decimal(55), "专栏4")]
    assert "不低于55%" in text[0]["printed"]
    assert "专栏1" in text[0]["note"] and "≥60" in text[0]["note"] and "onflict" in text[0]["note"]
    assert "不低于55%" in section_text("专栏4") and "不低于55%" in section_text("附件1")


# --- 附件2 projects ---------------------------------------------------------------------------------------------


def test_annex2_has_23_projects_in_table_order() -> None:
    rows = annex2_rows()
    assert len(rows) == ANNEX2_ROWS
    assert [row[0] for row in rows] == [str(n) for n in range(1, ANNEX2_ROWS + 1)]
    projects = plan()["projects"]
    assert [p["id"] for p in projects] == [f"beibei_p{n:02d}" for n in range(1, ANNEX2_ROWS + 1)]


@pytest.mark.parametrize("number", range(1, ANNEX2_ROWS + 1))
def test_project_matches_its_row(number: int) -> None:
    seq, name, client, content, nature, amount, responsible = annex2_rows()[number - 1]
    project = plan()["projects"][number - 1]
    assert project["id"] == f"beibei_p{number:02d}"
    assert project["name"] == name
    assert project["category"] is None and project["period"] is None  # the table prints neither
    assert project["investment"]["unit"] == "万元"
    assert _dec(project["investment"]["value"]) == Decimal(amount)
    assert project["owner"] == responsible
    assert project["status"] == ("在建" if nature == "在建" else None)
    assert project["notes"][0].startswith(f"附件2 序号{seq}: 业主单位 {client}; 建设性质 {nature}")
    for part in project["scale"].split("…"):
        assert squash(part) in squash(content), f"{project['id']}: scale {part!r} not in its row"
    for part in NUMBER.findall(project["scale"]):
        assert part in content


@pytest.mark.parametrize("number", range(1, ANNEX2_ROWS + 1))
def test_project_goals(number: int) -> None:
    project = plan()["projects"][number - 1]
    targets = project.get("targets", [])
    assert [t["value"] for t in targets] == MILESTONES.get(number, [])
    for target in targets:
        assert target["kind"] == "milestone" and target["op"] == ">=" and target["value"] in STATUSES
    if not targets:
        assert any("no target" in note for note in project["notes"]), project["id"]


def test_annex2_investment_total() -> None:
    rows = annex2_rows()
    annex = squash(section_text("附件2"))
    assert not re.search(r"合计|小计|总计(?!容)", annex), (
        "附件2 now states a total: check it"
    )  # 总计容面积 is floor area
    document_sum = sum((Decimal(row[5]) for row in rows), Decimal(0))
    yaml_sum = sum((_dec(p["investment"]["value"]) for p in plan()["projects"]), Decimal(0))
    assert document_sum == ANNEX2_TOTAL
    assert yaml_sum == ANNEX2_TOTAL
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[4]] = counts.get(row[4], 0) + 1
    assert counts == ANNEX2_NATURE_COUNTS
    notes = " ".join(plan()["plan"]["notes"])
    assert str(ANNEX2_TOTAL) in notes


def test_stated_totals_against_their_parts() -> None:
    rows = annex2_rows()
    notes = " ".join(plan()["plan"]["notes"])
    # 序号1: 总投资 in the cell against the 项目金额 column.
    assert f"总投资{P01_STATED_TOTAL}万元" in rows[0][3]
    assert Decimal(rows[0][5]) == P01_AMOUNT == _dec(plan()["projects"][0]["investment"]["value"])
    assert P01_STATED_TOTAL != P01_AMOUNT
    assert str(P01_STATED_TOTAL) in notes and str(P01_AMOUNT) in notes
    # 序号16: 总建筑面积 against the buildings it lists (parenthesised 其中 figures are parts of parts).
    content = rows[15][3]
    assert f"总建筑面积约{P16_STATED_AREA}㎡" in content
    listed = re.sub(r"（[^）]*）", "", content.split("项目主要由", 1)[1].split("组成", 1)[0])
    parts = sum((Decimal(n) for n in re.findall(r"(\d+(?:\.\d+)?)㎡", listed)), Decimal(0))
    assert parts == P16_PARTS_AREA != P16_STATED_AREA
    assert str(P16_STATED_AREA) in notes and str(P16_PARTS_AREA) in notes
    # 序号13: the table's area against the text's.
    assert P13_TABLE_AREA in rows[12][3] and P13_TEXT_AREA in section_text("专栏3")
    assert P13_TABLE_AREA in notes and P13_TEXT_AREA in notes


def test_demonstration_institutions_add_up() -> None:
    """第十二章第二节: 西部基层医疗卫生服务示范机构5个 = 确定1个农村区域医疗卫生中心 + 创建4个社区医院 (four named)."""
    text = squash(section_text("第十二章第二节"))
    match = re.search(
        r"示范机构(\d+)个。即确定(\d+)个农村区域医疗卫生中心（[^）]+）、创建(\d+)个社区医院建设（([^）]+)）", text
    )
    assert match, "the sentence has changed"
    total, centres, hospitals, names = int(match[1]), int(match[2]), int(match[3]), match[4].split("、")
    assert total == centres + hospitals and hospitals == len(names)

    def value(indicator: str, section: str) -> Decimal:
        entry = next(e for e in plan()["indicators"] if e["indicator"] == indicator)
        return next(_dec(t["value"]) for t in entry["targets"] if t["source"]["section"] == section)

    assert value("western_primary_care_demo_institutions", "第十二章第二节") == total
    assert value("rural_regional_medical_centres_designated_plan_period", "第十二章第二节") == centres
    assert value("community_hospitals_created_plan_period", "第十二章第二节") == hospitals
