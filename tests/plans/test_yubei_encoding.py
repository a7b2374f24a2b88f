"""The 渝北 2025 work plan and 渝北's reported figures, checked against the seed documents they are encoded from.

plans/yubei.yaml encodes 《2025年全区卫生健康工作要点》 (001_8269fc573df6d901.txt); data/2024/yubei.yaml and
data/2023/yubei.yaml hold the figures of two replies (000_c18186f6328144cd.txt, 002_298c4e071ede4dc7.txt).
The files are read with yaml.safe_load, not with the checker's loader, so that these checks do not depend on it.
Quotes are compared with the documents after removing all whitespace from both: the seed text breaks lines in
the middle of sentences.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from seeds import KINDS, SEEDS, STATUSES, squash
from support.paths import ROOT

PLAN_DOC = "001_8269fc573df6d901.txt"
DATA_FILES = {
    2024: ("data/2024/yubei.yaml", "000_c18186f6328144cd.txt"),
    2023: ("data/2023/yubei.yaml", "002_298c4e071ede4dc7.txt"),
}
ITEMS = range(1, 40)
CHAPTERS = "一二三四五六七八"

# Items judged to have no numeric or checkable target, with the reason. Every other item must have at least one
# target in plans/yubei.yaml, and none of these may have one.
NO_TARGET_ITEMS: dict[int, str] = {
    1: "epidemic monitoring: 推进/完善/加强/开展 activities only, no figure or end state",
    2: "emergency teams, plans and drills: 加强/优化/开展, no figure or end state",
    13: "training of medical staff (三基三严): no figure, no count of trainees",
    15: "Chengdu-Chongqing integration and joint drills with 邻水: activities only",
    18: "TCM staff exams and training: 做好/强化/鼓励, no figure",
    19: "TCM culture (神农尝百草, studios, free clinics): activities only",
    20: "reform pilots (三医, 一件事): 推进/争取, no figure or end state",
    22: "public-hospital pay reform: rules (不得/严禁) that set no figure",
    27: "rolling out city-wide digital applications: 推广, no figure",
    28: "recruitment of talent: 一批 (a batch), no figure",
    29: "training and fostering of leading talent: 一批, no figure",
    31: "public-hospital debt risk: 严控/化解, no figure",
    32: "safety hazards and hospital security (应检尽检): no figure",
    33: "petitions and disputes: mechanisms only, no figure",
    34: "Party-building 885 mechanism: 885 is the mechanism's name, not a target; 一批 cases, no figure",
    35: "political education: no figure",
    36: "ideology work (三审三校): no figure",
    37: "Party organisation; 2024—2028 is the title of a national training plan, not a target",
    38: "conduct and anti-corruption campaigns: no figure",
}

# A figure with a unit in an item's text: what a checkable numeric target looks like in this document.
FIGURE = re.compile(r"\d+(?:\.\d+)?(?:%|‰|/10万|万|个|名|张|台|家|项|所|人次)")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_in(text: str) -> set[Decimal]:
    return {Decimal(n) for n in NUMBER.findall(squash(text))}


def as_decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def load(relative: str) -> Any:
    with open(ROOT / relative, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def seeds() -> Path:
    if not (SEEDS / PLAN_DOC).is_file():
        message = f"seed documents not found at {SEEDS}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return SEEDS


@pytest.fixture(scope="module")
def document(seeds: Path) -> str:
    return squash((seeds / PLAN_DOC).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def items(document: str) -> dict[int, tuple[str, str]]:
    """Item number -> (chapter, the item's text without whitespace, cut before the next heading)."""
    starts: list[tuple[int, int]] = []
    pos = 0
    for n in ITEMS:
        match = re.compile(rf"(?<![\d.]){n}\.(?!\d)").search(document, pos)
        assert match, f"item {n} not found in {PLAN_DOC}"
        starts.append((n, match.start()))
        pos = match.end()
    headings = [(m.start(), m.group(1)) for m in re.finditer(rf"([{CHAPTERS}])、(?:坚持|全面)", document)]
    assert [h for _, h in headings] == list(CHAPTERS)
    end_of_text = document.index("重庆市渝北区卫生健康委员会办公室")
    result: dict[int, tuple[str, str]] = {}
    for k, (n, start) in enumerate(starts):
        end = starts[k + 1][1] if k + 1 < len(starts) else end_of_text
        end = min([end, *(h for h, _ in headings if start < h < end)])
        chapter = [c for h, c in headings if h < start][-1]
        result[n] = (chapter, document[start:end])
    return result


@pytest.fixture(scope="module")
def plan() -> dict[str, Any]:
    return load("plans/yubei.yaml")


def all_targets(plan: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(indicator or project id, target) for every target of the plan."""
    found = [(e["indicator"], t) for e in plan["indicators"] for t in e["targets"]]
    found += [(p["id"], t) for p in plan.get("projects") or [] for t in p.get("targets") or []]
    return found


def catalogue() -> dict[str, dict[str, Any]]:
    """Every catalogue indicator by id: rules/indicators.yaml and rules/catalogue/*.yaml."""
    files = [ROOT / "rules" / "indicators.yaml", *sorted((ROOT / "rules" / "catalogue").glob("*.yaml"))]
    result: dict[str, dict[str, Any]] = {}
    for path in files:
        for ind in yaml.safe_load(path.read_text(encoding="utf-8"))["indicators"]:
            result[ind["id"]] = {**ind, "_file": path.name}
    return result


def target_label(key: str, target: dict[str, Any]) -> str:
    return f"{key} (item {target.get('source', {}).get('item')}: {target.get('printed')})"


# ---------------------------------------------------------------------------------------------------- the plan


def test_plan_header(plan: dict[str, Any]) -> None:
    meta = plan["plan"]
    assert plan["schema_version"] == 1
    assert (meta["id"], meta["name"], meta["aliases"], meta["level"], meta["parent"], meta["kind"]) == (
        "yubei",
        "渝北区",
        ["渝北"],
        "district",
        "chongqing",
        "annual",
    )
    assert meta["period"] == {"start": 2025, "end": 2025}
    assert (meta["number"], meta["date"], meta["document"]) == ("渝北卫健〔2025〕54号", "2025-03-08", PLAN_DOC)


def test_every_target_is_well_formed(plan: dict[str, Any]) -> None:
    for key, target in all_targets(plan):
        label = target_label(key, target)
        assert target["year"] == 2025, label
        assert target.get("kind", "threshold") in KINDS, label
        assert target["nature"] in ("binding", "expected", "unspecified"), label
        assert target["printed"], label
        assert target.get("owner"), f"{label}: no owner (牵头科室)"
        assert target.get("responsible"), f"{label}: no responsible (责任单位)"
        source = target["source"]
        assert source["document"] == PLAN_DOC, label
        assert source.get("item"), f"{label}: no source.item"
        assert int(source["item"]) in ITEMS, f"{label}: item {source['item']} is not one of 1-39"
        assert source.get("quote"), f"{label}: no quote"
        if target["nature"] == "expected":
            assert "力争" in target["printed"], f"{label}: expected (力争) but printed does not say 力争"
        kind = target.get("kind", "threshold")
        if kind == "milestone":
            assert target["value"] in STATUSES and target["op"] == ">=", label
        if kind == "deliverable":
            assert target["value"] is True, label


def test_quotes_are_verbatim_in_their_item(
    plan: dict[str, Any], document: str, items: dict[int, tuple[str, str]]
) -> None:
    for key, target in all_targets(plan):
        label = target_label(key, target)
        quote = squash(target["source"]["quote"])
        assert quote in document, f"{label}: quote is not in {PLAN_DOC}: {quote}"
        chapter, text = items[int(target["source"]["item"])]
        assert quote in text, f"{label}: quote is not in item {target['source']['item']}"
        assert target["source"]["section"] == chapter, f"{label}: item is in chapter {chapter}"


def test_owner_and_responsible_as_printed(plan: dict[str, Any], items: dict[int, tuple[str, str]]) -> None:
    for key, target in all_targets(plan):
        _, text = items[int(target["source"]["item"])]
        match = re.search(r"（牵头科室：(.+?)[，；]责任单位：(.+)）$", text)
        assert match, f"item {target['source']['item']} has no 牵头科室/责任单位"
        assert squash(target["owner"]) == match.group(1), target_label(key, target)
        assert squash(target["responsible"]) == match.group(2), target_label(key, target)


def test_every_number_of_a_target_is_in_its_quote(plan: dict[str, Any]) -> None:
    for key, target in all_targets(plan):
        label = target_label(key, target)
        figures = [
            target[f]
            for f in ("value", "low", "high")
            if isinstance(target.get(f), (int, float)) and not isinstance(target.get(f), bool)
        ]
        if target.get("kind", "threshold") in ("threshold", "range", "change", "yoy_change"):
            assert figures, f"{label}: a numeric target without a number"
        for figure in figures:
            assert as_decimal(figure) in numbers_in(target["source"]["quote"]), f"{label}: {figure} not in quote"
            assert as_decimal(figure) in numbers_in(target["printed"]), f"{label}: {figure} not in printed"


def test_items_with_figures_are_represented(plan: dict[str, Any], items: dict[int, tuple[str, str]]) -> None:
    represented = {int(t["source"]["item"]) for _, t in all_targets(plan)}
    listed = set(NO_TARGET_ITEMS)
    assert listed <= set(ITEMS)
    assert not represented & listed, f"items listed as without target have one: {sorted(represented & listed)}"
    missing = sorted(set(ITEMS) - represented - listed)
    assert not missing, f"items neither encoded nor listed: {missing}"
    with_figures = {n for n, (_, text) in items.items() if FIGURE.search(text)}
    assert with_figures <= represented, f"items with a figure but no target: {sorted(with_figures - represented)}"


def test_plan_indicators_are_in_the_catalogue(plan: dict[str, Any]) -> None:
    known = catalogue()
    for entry in plan["indicators"]:
        assert entry["indicator"] in known, f"{entry['indicator']} is not in rules/indicators.yaml or rules/catalogue/"
        for target in entry["targets"]:
            if target.get("unit"):
                unit, base = target["unit"], known[entry["indicator"]]["unit"]
                assert unit == base or unit.lstrip("万亿") == base, f"{entry['indicator']}: {unit} vs {base}"
    ids = [e["indicator"] for e in plan["indicators"]]
    assert len(ids) == len(set(ids)), "an indicator is listed twice"
    projects = [p["id"] for p in plan.get("projects") or []]
    assert projects == [f"yubei_p{n:02d}" for n in range(1, len(projects) + 1)]
    assert not set(projects) & set(known)


def test_yubei_catalogue_is_well_formed() -> None:
    own = yaml.safe_load((ROOT / "rules" / "catalogue" / "yubei.yaml").read_text(encoding="utf-8"))
    assert own["schema_version"] == 1
    others: dict[str, str] = {}
    for ind in catalogue().values():
        if ind["_file"] != "yubei.yaml":
            for name in (ind["id"], ind["name"], *(ind.get("aliases") or [])):
                others[name] = ind["id"]
    seen: set[str] = set()
    for ind in own["indicators"]:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", ind["id"]), ind["id"]
        assert ind["name"] and ind["name_en"] and ind["unit"], ind["id"]
        assert ind["direction"] in ("higher", "lower"), ind["id"]
        for name in (ind["id"], ind["name"], *(ind.get("aliases") or [])):
            assert name not in others, f"{name!r} of {ind['id']} is already used by {others[name]}"
            assert name not in seen, f"{name!r} is given twice in rules/catalogue/yubei.yaml"
            seen.add(name)


# ---------------------------------------------------------------------------------------------------- the data


@pytest.mark.parametrize("year", sorted(DATA_FILES))
def test_data_values_cite_their_document(year: int, seeds: Path, plan: dict[str, Any]) -> None:
    relative, doc_name = DATA_FILES[year]
    data = load(relative)
    text = squash((seeds / doc_name).read_text(encoding="utf-8"))
    assert (data["district"], data["year"], data["illustrative"]) == ("yubei", year, False)
    known = catalogue()
    projects = {p["id"] for p in plan.get("projects") or []}
    assert data["values"]
    for key, entry in data["values"].items():
        assert isinstance(entry, dict) and {"value", "source"} <= set(entry), f"{key}: use the long form"
        assert key in known or key in projects, f"{key}: not a catalogue indicator or a project of the plan"
        prefix, _, sentence = entry["source"].partition(": ")
        assert prefix == doc_name, f"{key}: source must start with '{doc_name}: '"
        assert squash(sentence) in text, f"{key}: source sentence is not in {doc_name}: {sentence}"
        if key in projects:
            assert entry["value"] in STATUSES, key
            continue
        unit, base = entry.get("unit"), known[key]["unit"]
        assert unit == base or (unit or "").lstrip("万亿") == base, f"{key}: unit {unit} vs {base}"
        assert as_decimal(entry["value"]) in numbers_in(sentence), f"{key}: {entry['value']} not in its sentence"
