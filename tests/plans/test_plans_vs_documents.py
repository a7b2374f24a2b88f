"""The encoded plans match 专栏1 as printed in the seed documents.

An independent check: the tables are parsed straight out of the seed text files and compared with the plan
YAML read by ``yaml.safe_load`` (not the project's loader), so a slip in either the YAML or the loader's
reading of it cannot hide behind the other. Numbers are compared as ``Decimal(str(x))``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from seeds import SEEDS, require_seeds
from support.paths import ROOT

CATALOGUE = ROOT / "rules" / "indicators.yaml"
PLANS = ROOT / "plans"

UNITS = {"岁", "/10万", "‰", "%", "张/千人", "人/千人", "个/千人", "人/万人", "人/百床", "元", "亿元", "个"}
DASHES = {"—", "——", "-", "--"}
NATURE = {"约束性": "binding", "预期性": "expected", "": "unspecified"}
PRINTED_OP = {"≤": "<=", "≥": ">=", "<": "<", ">": ">"}
PROPORTIONAL = {"同比例提高"}
REFERENCE = {"达到市级要求比例", "市级下达"}
NUMBER = re.compile(r"\d+(?:\.\d+)?")
HEADING = re.compile(r"^#*\s*专栏\s*1(?!\d)")  # "## 专栏 1 …" (荣昌), "专栏1 …" (北碚)


@dataclass(frozen=True)
class Row:
    """One row or sub-row of 专栏1, every cell as printed ("" for a blank cell)."""

    item: str
    printed_name: str
    category: str
    baseline: str
    target: str
    nature: str


@dataclass(frozen=True)
class Document:
    plan_id: str
    file: str
    numbered_rows: int  # rows with a 序号
    entries: int  # rows plus sub-rows: one plan indicator each


DOCUMENTS = {
    "rongchang": Document("rongchang", "004_55ced2cde3b8db9d.txt", 29, 31),
    "beibei": Document("beibei", "003_2557debb93cc6d87.txt", 23, 25),
}


# --- reading the seed documents ------------------------------------------------------------------------------


def _is_sub_label(cell: str) -> bool:
    """A sub-row label such as 门诊 or 城镇职工医保 stands where the 2020 value would be."""
    return bool(cell) and cell not in DASHES and not NUMBER.fullmatch(cell)


def _table_start(lines: list[str]) -> int:
    starts = [n for n, line in enumerate(lines) if HEADING.match(line)]
    assert len(starts) == 1, f"expected one 专栏1 heading, found {len(starts)}"
    return starts[0] + 1


def _parse_rongchang(lines: list[str]) -> list[Row]:
    """荣昌: one row per line, cells separated by tabs; sub-rows continue on the next line."""
    rows: list[Row] = []
    category = ""
    parent: tuple[str, str] | None = None  # (序号, 指标) of the row that has sub-rows
    subs = 0
    for line in lines[_table_start(lines) :]:
        if not line.strip():
            if rows:
                break
            continue
        cells = line.split("\t")
        if cells[0] == "类别":
            assert cells[3:6] == ["2020年", "2025年", "指标性质"], cells
            continue
        if cells[1].isdigit():
            category = cells[0] or category
            number, name = cells[1], cells[2]
            if _is_sub_label(cells[3]):
                parent, subs = (number, name), 1
                rows.append(Row(number + "a", f"{name} {cells[3]}", category, cells[4], cells[5], cells[6]))
            else:
                parent = None
                rows.append(Row(number, name, category, cells[3], cells[4], cells[5]))
        else:
            # A sub-row line: its cells sit in shifted columns; the filled ones are label, 2020, 2025[, 性质].
            assert parent is not None, f"sub-row without a parent row: {line!r}"
            filled = [cell for cell in cells if cell]
            assert 3 <= len(filled) <= 4, f"unexpected sub-row layout: {line!r}"
            label, baseline, target, *nature = filled
            item = parent[0] + "abcdefgh"[subs]
            subs += 1
            rows.append(Row(item, f"{parent[1]} {label}", category, baseline, target, nature[0] if nature else ""))
    return rows


def _parse_beibei(lines: list[str]) -> list[Row]:
    """北碚: one cell per tab-indented line (a line without a tab continues the cell); a blank line ends a row."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines[_table_start(lines) :]:
        if not line:
            if current:
                groups.append(current)
                current = []
            continue
        if not current and not line.startswith("\t"):
            break  # the next heading: the table is over
        if line.startswith("\t") or not current:
            current.append(line.removeprefix("\t"))
        else:
            current[-1] += line
    header, *body = groups
    assert header == ["类别", "序号", "主要指标", "2020年实际值", "2025年目标值", "指标性质"], header
    rows: list[Row] = []
    category = ""
    parent: tuple[str, str] | None = None
    subs = 0
    for cells in body:
        category = cells[0] or category
        if len(cells) == 6:
            parent = None
            rows.append(Row(cells[1], cells[2], category, cells[3], cells[4], cells[5]))
            continue
        assert len(cells) == 7, f"unexpected row layout: {cells}"
        if cells[1]:
            parent, subs = (cells[1], cells[2]), 0
        assert parent is not None, f"sub-row without a parent row: {cells}"
        name = cells[2] or parent[1]
        rows.append(Row(parent[0] + "abcdefgh"[subs], f"{name} {cells[3]}", category, cells[4], cells[5], cells[6]))
        subs += 1
    return rows


PARSERS = {"rongchang": _parse_rongchang, "beibei": _parse_beibei}


@cache
def document_rows(plan_id: str) -> tuple[Row, ...] | None:
    """The rows of a plan's 专栏1, or None when the seed file is not there."""
    path = SEEDS / DOCUMENTS[plan_id].file
    if not path.is_file():
        return None
    return tuple(PARSERS[plan_id](path.read_text(encoding="utf-8").split("\n")))


def _rows_or_skip(plan_id: str) -> tuple[Row, ...]:
    require_seeds(SEEDS / DOCUMENTS[plan_id].file)
    rows = document_rows(plan_id)
    assert rows is not None
    return rows


def _row_cases() -> list[Any]:
    cases = []
    for plan_id in DOCUMENTS:
        rows = document_rows(plan_id)
        if rows is None:
            cases.append(pytest.param(plan_id, None, id=f"{plan_id}-seed-missing"))
        else:
            cases += [pytest.param(plan_id, row, id=f"{plan_id}-{row.item}") for row in rows]
    return cases


# --- reading the YAML ----------------------------------------------------------------------------------------


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    """rules/indicators.yaml and rules/catalogue/*.yaml, as the checker reads them."""
    files = [CATALOGUE, *sorted((CATALOGUE.parent / "catalogue").glob("*.yaml"))]
    return {ind["id"]: ind for f in files for ind in yaml.safe_load(f.read_text(encoding="utf-8"))["indicators"]}


@cache
def plan(plan_id: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((PLANS / f"{plan_id}.yaml").read_text(encoding="utf-8"))
    return data


def all_plan_files() -> list[Path]:
    return sorted(PLANS.glob("*.yaml"))


def _table_targets(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The entry's targets from 专栏1 (running-text targets for the same indicator are checked elsewhere)."""
    return [t for t in entry["targets"] if t["source"]["section"] == "专栏1"]


def _item(entry: dict[str, Any]) -> str | None:
    table = _table_targets(entry)
    return str(table[0]["source"]["item"]) if table else None


def _dec(x: Any) -> Decimal:
    return Decimal(str(x))


# --- tests: every row against the document --------------------------------------------------------------------


@pytest.mark.parametrize(("plan_id", "row"), _row_cases())
def test_row_matches_document(plan_id: str, row: Row | None) -> None:
    if row is None:
        require_seeds(SEEDS / DOCUMENTS[plan_id].file)
        return
    entries = [e for e in plan(plan_id)["indicators"] if _item(e) == row.item]
    assert len(entries) == 1, f"{plan_id} 专栏1 item {row.item}: {len(entries)} plan entries"
    entry = entries[0]
    indicator = catalogue().get(entry["indicator"])
    assert indicator is not None, f"{entry['indicator']} is not in the catalogue"

    assert entry["printed_name"] == row.printed_name
    assert entry["category"] == row.category

    if row.baseline in DASHES:
        assert entry["baseline"] is None
    else:
        assert entry["baseline"]["year"] == 2020
        assert _dec(entry["baseline"]["value"]) == Decimal(row.baseline)

    assert len(_table_targets(entry)) == 1
    target = _table_targets(entry)[0]
    assert target["year"] == 2025
    assert target["printed"] == row.target
    assert target["source"]["document"] == DOCUMENTS[plan_id].file
    assert target["source"]["section"] == "专栏1"
    assert target["nature"] == NATURE[row.nature]
    if not row.nature:
        assert entry.get("notes"), "a blank 指标性质 cell needs a note"

    cell = row.target
    if cell[:1] in PRINTED_OP and NUMBER.fullmatch(cell[1:]):
        assert target["kind"] == "threshold"
        assert target["op"] == PRINTED_OP[cell[:1]]
        assert not target.get("op_inferred", False), "the printed cell has its own operator"
        assert _dec(target["value"]) == Decimal(cell[1:])
    elif NUMBER.fullmatch(cell):
        assert target["kind"] == "threshold"
        assert target.get("op_inferred") is True
        assert target["op"] == {"higher": ">=", "lower": "<="}[indicator["direction"]]
        assert _dec(target["value"]) == Decimal(cell)
    elif cell in PROPORTIONAL:
        assert target["kind"] == "proportional"
        assert target["of"] == "life_expectancy"  # 同比例提高 follows 人均预期寿命, row 1 of both tables
        assert target.get("value") is None
        assert target.get("note"), "say what the value depends on"
    elif cell in REFERENCE:
        assert target["kind"] == "reference"
        assert target["op"] == {"higher": ">=", "lower": "<="}[indicator["direction"]]
        assert target["ref"] == {"plan": "chongqing", "indicator": entry["indicator"], "use": "target"}
        assert target.get("value") is None
        assert target.get("note"), "say what the value depends on"
    else:
        pytest.fail(f"unrecognised 2025 cell {cell!r}")


@pytest.mark.parametrize("plan_id", DOCUMENTS)
def test_row_counts_and_order(plan_id: str) -> None:
    rows = _rows_or_skip(plan_id)
    document = DOCUMENTS[plan_id]
    numbered = {row.item.rstrip("abcdefgh") for row in rows}
    assert len(numbered) == document.numbered_rows
    assert numbered == {str(n) for n in range(1, document.numbered_rows + 1)}
    assert len(rows) == document.entries
    table_items = [_item(e) for e in plan(plan_id)["indicators"] if _item(e) is not None]
    assert table_items == [row.item for row in rows]  # every 专栏1 row once, in the printed order


@pytest.mark.parametrize("plan_id", DOCUMENTS)
def test_plan_header(plan_id: str) -> None:
    meta = plan(plan_id)["plan"]
    assert meta["id"] == plan_id
    assert meta["document"] == DOCUMENTS[plan_id].file
    assert meta["period"] == {"start": 2021, "end": 2025}
    assert meta["level"] == "district"
    assert meta["kind"] == "five_year"


def test_rongchang_header_as_printed() -> None:
    path = SEEDS / DOCUMENTS["rongchang"].file
    require_seeds(path)
    text = path.read_text(encoding="utf-8")
    meta = plan("rongchang")["plan"]
    assert meta["number"] in text
    assert f"# {meta['title']}" in text
    assert "2022年3月31日" in text and meta["date"] == "2022-03-31"
    assert meta["population_note"] in text


def test_beibei_header_has_no_invented_number_or_date() -> None:
    """The 北碚 text prints no document number or date, so the plan must not carry one."""
    path = SEEDS / DOCUMENTS["beibei"].file
    require_seeds(path)
    text = path.read_text(encoding="utf-8")
    assert "〔" not in text and not re.search(r"20\d\d年\d{1,2}月\d{1,2}日", text)
    meta = plan("beibei")["plan"]
    assert meta["number"] is None and meta["date"] is None


# --- tests: catalogue and references ---------------------------------------------------------------------------


def test_catalogue_ids_names_and_aliases_are_unique() -> None:
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    ids = [ind["id"] for ind in data["indicators"]]
    assert len(ids) == len(set(ids)), "duplicate ids"
    owner: dict[str, str] = {}
    for ind in data["indicators"]:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", ind["id"]), ind["id"]
        assert ind["unit"] in UNITS, f"{ind['id']}: unknown unit {ind['unit']!r}"
        assert ind["direction"] in {"higher", "lower"}
        assert ind.get("parent") is None or ind["parent"] in ids
        for name in (ind["name"], *ind.get("aliases", [])):
            assert name not in owner, f"{name!r} names both {owner.get(name)} and {ind['id']}"
            owner[name] = ind["id"]


@pytest.mark.parametrize("path", all_plan_files(), ids=lambda p: p.stem)
def test_plan_indicators_exist_in_catalogue(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ids = [entry["indicator"] for entry in data["indicators"]]
    assert not set(ids) - set(catalogue()), f"not in the catalogue: {sorted(set(ids) - set(catalogue()))}"
    assert len(ids) == len(set(ids)), "an indicator is listed twice"


@pytest.mark.parametrize("path", all_plan_files(), ids=lambda p: p.stem)
def test_sources_name_existing_seed_files(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    documents = {data["plan"]["document"]}
    documents |= {t["source"]["document"] for entry in data["indicators"] for t in entry["targets"]}
    for document in sorted(documents):
        require_seeds(SEEDS / document)


@pytest.mark.parametrize("plan_id", DOCUMENTS)
def test_printed_units_match_catalogue(plan_id: str) -> None:
    """A printed unit either agrees with the catalogue unit or is recorded as printed_unit with a note."""
    for entry in plan(plan_id)["indicators"]:
        name = entry["printed_name"].split(" ")[0]
        match = re.search(r"[(（]([^()（）]+)[)）]$", name) or re.search(r"(%)$", name)
        printed = match.group(1) if match else None
        unit = catalogue()[entry["indicator"]]["unit"]
        agrees = printed is None or unit == printed or unit.startswith(printed + "/")
        where = f"{plan_id} item {_item(entry)}"
        if agrees:
            assert "printed_unit" not in entry, f"{where}: printed_unit given but the printed unit agrees"
        else:
            assert entry.get("printed_unit") == printed, f"{where}: printed {printed!r}, catalogue {unit!r}"
            assert entry.get("notes"), f"{where}: a unit correction needs a note"


@pytest.mark.parametrize("plan_id", DOCUMENTS)
def test_printed_names_are_catalogue_names(plan_id: str) -> None:
    """Reported data may use a plan's printed names, except those printed with a wrong unit."""
    for entry in plan(plan_id)["indicators"]:
        indicator = catalogue()[entry["indicator"]]
        names = {indicator["name"], *indicator.get("aliases", [])}
        known = entry["printed_name"] in names
        assert known != ("printed_unit" in entry), f"{plan_id} item {_item(entry)}: {entry['printed_name']!r}"
