"""The national and municipal rule sets, their catalogue entries and the 2023 national figures, read as plain YAML.

These checks use yaml.safe_load only, so they hold whatever the checker's loader accepts at the moment:
every indicator is in the catalogue, every target says whether its figure was checked (``verified``), a checked
figure is in its quote, and every municipal figure cited from a seed document is quoted verbatim from it.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from seeds import SEEDS
from support.paths import ROOT

RULES = ROOT / "rules"
RULE_SETS = {"national": RULES / "national.yaml", "chongqing": RULES / "chongqing.yaml"}
NATIONAL_CATALOGUE = RULES / "catalogue" / "national.yaml"
NATIONAL_2023 = ROOT / "data" / "2023" / "national.yaml"
SEED_NAME = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
NUMBER = re.compile(r"\d+(?:\.\d+)?")

# The ten national 2023 figures, with the catalogue unit of each: eight from 《2023年我国卫生健康事业发展统计公报》, two
# published elsewhere (NATIONAL_2023_ELSEWHERE).
NATIONAL_2023_FIGURES = {
    "life_expectancy": ("78.6", "岁"),
    "maternal_mortality": ("15.1", "/10万"),
    "infant_mortality": ("4.5", "‰"),
    "premature_ncd_mortality": ("15.0", "%"),
    "health_literacy": ("29.70", "%"),
    "oop_health_spending_share": ("27.3", "%"),
    "physicians_per_1000": ("3.40", "人/千人"),
    "nurses_per_1000": ("4.00", "人/千人"),
    "gps_per_10000": ("3.99", "人/万人"),
    "beds_per_1000": ("7.23", "张/千人"),
}

# Figures not in the bulletin, each cited where it was published (issue 16).
NATIONAL_2023_ELSEWHERE = {
    "premature_ncd_mortality": ("国务院新闻办公室", "2024-09-12"),
    "health_literacy": ("健康素养监测结果", "2024-04-24"),
}

# Municipal (全市) figures the seeds state, each with the seed file and a verbatim phrase of its sentence.
SEED_MUNICIPAL_FIGURES = [
    ("1.03", "004_55ced2cde3b8db9d.txt", "每千常住人口拥有3岁以下婴幼儿托位数仅0.66个，远低于全市平均水平1.03个"),
    ("20.8", "004_55ced2cde3b8db9d.txt", "全区60岁以上老年人口比例达到25.08%，超过全市水平（20.8%）"),
]


def load(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def catalogue() -> dict[str, dict[str, Any]]:
    """Every catalogue indicator by id: rules/indicators.yaml and rules/catalogue/*.yaml."""
    entries: dict[str, dict[str, Any]] = {}
    for path in [RULES / "indicators.yaml", *sorted((RULES / "catalogue").glob("*.yaml"))]:
        for ind in load(path)["indicators"]:
            entries.setdefault(ind["id"], ind)
    return entries


def targets(plan: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = [(e["indicator"], t) for e in plan.get("indicators") or [] for t in e["targets"]]
    found += [(p["id"], t) for p in plan.get("projects") or [] for t in p.get("targets") or []]
    return found


@pytest.fixture(scope="module")
def seeds() -> Path:
    if not SEEDS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"seed documents not found at {SEEDS}")
        pytest.skip(f"seed documents not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="module")
def plans() -> dict[str, dict[str, Any]]:
    return {name: load(path) for name, path in RULE_SETS.items()}


def test_rule_set_metadata(plans: dict[str, dict[str, Any]]) -> None:
    national, chongqing = plans["national"]["plan"], plans["chongqing"]["plan"]
    assert (national["id"], national["name"], national["name_en"]) == ("national", "全国", "China (national)")
    assert (national["level"], national["parent"], national["kind"]) == ("national", None, "five_year")
    assert national["period"] == {"start": 2021, "end": 2025}
    assert national["document"] == '国办发〔2022〕11号《"十四五"国民健康规划》'
    assert (chongqing["id"], chongqing["name"], chongqing["level"], chongqing["parent"]) == (
        "chongqing",
        "重庆市",
        "municipal",
        "national",
    )


def test_every_indicator_is_in_the_catalogue(plans: dict[str, dict[str, Any]]) -> None:
    known = catalogue()
    for name, plan in plans.items():
        for entry in plan.get("indicators") or []:
            assert entry["indicator"] in known, f"{name}: {entry['indicator']} is not in the catalogue"
            for target in entry["targets"]:
                for other in (target.get("of"), (target.get("ref") or {}).get("indicator")):
                    assert other is None or other in known, f"{name}: {other} is not in the catalogue"
    for key in load(NATIONAL_2023)["values"]:
        assert key in known, f"data/2023/national.yaml: {key} is not in the catalogue"


def test_new_catalogue_entries_are_well_formed_and_do_not_clash() -> None:
    mine = load(NATIONAL_CATALOGUE)["indicators"]
    others: dict[str, str] = {}
    for path in [RULES / "indicators.yaml", *sorted((RULES / "catalogue").glob("*.yaml"))]:
        if path != NATIONAL_CATALOGUE:
            for ind in load(path)["indicators"]:
                for name in (ind["id"], ind["name"], *ind.get("aliases", [])):
                    others[name] = f"{ind['id']} in {path.name}"
    for ind in mine:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", ind["id"]), ind["id"]
        assert ind["name"] and ind["name_en"] and ind["unit"] and ind["direction"] in ("higher", "lower")
        for name in (ind["id"], ind["name"], *ind.get("aliases", [])):
            assert name not in others, f"{name!r} of {ind['id']} is already used by {others[name]}"
    # National beds are all beds of health institutions, not 荣昌's 编制床位 (authorized_beds_per_1000).
    assert {i["id"] for i in mine} >= {"beds_per_1000"}


def test_every_target_says_whether_it_was_verified(plans: dict[str, dict[str, Any]]) -> None:
    for name, plan in plans.items():
        for item, target in targets(plan):
            source = target.get("source")
            assert isinstance(source, dict) and source.get("document"), f"{name} {item}: no source"
            assert isinstance(source.get("verified"), bool), f"{name} {item}: source.verified must be true or false"
            if not source["verified"]:
                assert target.get("note"), f"{name} {item}: an unverified target needs a note saying why"


def test_verified_targets_quote_their_numbers(plans: dict[str, dict[str, Any]]) -> None:
    for name, plan in plans.items():
        for item, target in targets(plan):
            source = target["source"]
            if not source["verified"]:
                continue
            quote = source.get("quote")
            assert quote, f"{name} {item}: a verified target needs the quote it was verified against"
            in_quote = {decimal(n) for n in NUMBER.findall(quote)}
            for field in ("value", "low", "high"):
                number = target.get(field)
                if isinstance(number, (int, float)) and not isinstance(number, bool):
                    assert abs(decimal(number)) in in_quote, f"{name} {item}: {number} is not in the quote {quote!r}"


def test_seed_citations_are_verbatim(plans: dict[str, dict[str, Any]], seeds: Path) -> None:
    """Every quote from a seed document, in a target or in a note, is in that document (whitespace removed)."""
    texts = {p.name: squeeze(p.read_text(encoding="utf-8")) for p in seeds.glob("*.txt")}
    cited = 0
    for name, plan in plans.items():
        for item, target in targets(plan):
            source = target["source"]
            if source["document"] in texts and source.get("quote"):
                assert squeeze(source["quote"]) in texts[source["document"]], f"{name} {item}: quote not in seed"
                cited += 1
        for note in plan["plan"].get("notes") or []:
            for document, quote in re.findall(r"(" + SEED_NAME.pattern + r")[^\"]*\"([^\"]+)\"", note):
                assert document in texts, f"{name}: note cites unknown seed {document}"
                assert squeeze(quote) in texts[document], f"{name}: {quote!r} is not in {document}"
                cited += 1
    assert cited >= len(SEED_MUNICIPAL_FIGURES)


def test_seed_municipal_figures(plans: dict[str, dict[str, Any]], seeds: Path) -> None:
    """The 全市 figures the seeds state are quoted verbatim, and the municipal rule set records each one."""
    notes = " ".join(plans["chongqing"]["plan"].get("notes") or [])
    for figure, document, quote in SEED_MUNICIPAL_FIGURES:
        text = squeeze((seeds / document).read_text(encoding="utf-8"))
        assert squeeze(quote) in text, f"{quote!r} is not in {document}"
        assert figure in quote and "全市" in quote
        assert squeeze(quote) in squeeze(notes), f"rules/chongqing.yaml does not record {figure} ({quote!r})"


def test_national_2023_figures() -> None:
    data = load(NATIONAL_2023)
    assert (data["district"], data["year"], data["illustrative"]) == ("national", 2023, False)
    assert set(data["values"]) == set(NATIONAL_2023_FIGURES)
    known = catalogue()
    for key, (figure, unit) in NATIONAL_2023_FIGURES.items():
        entry = data["values"][key]
        assert isinstance(entry, dict) and set(entry) == {"value", "unit", "source", "note"}, key
        assert decimal(entry["value"]) == Decimal(figure), f"{key}: {entry['value']} != {figure}"
        assert entry["unit"] == unit == known[key]["unit"], key
        if key in NATIONAL_2023_ELSEWHERE:
            publication, date = NATIONAL_2023_ELSEWHERE[key]
            assert publication in entry["source"] and date in entry["source"], key
            assert "统计公报》;" not in entry["source"] and not entry["source"].startswith("《"), key
        else:
            assert "2023年我国卫生健康事业发展统计公报" in entry["source"], key
        assert "verified: false" in entry["note"] or "checked against" in entry["note"], key
