"""荣昌: the targets of the running text and the projects of 专栏2 against the seed document.

Independent of the checker: the plan and the catalogue are read with ``yaml.safe_load`` and the document is read
as text. Quotes are compared with all whitespace removed from both sides (the text breaks lines and puts spaces in
odd places). The 专栏2 figures that the running text restates (第三章第六节 items 1–3) are written out below as
printed and compared with sums computed from the plan's projects; where they disagree the test pins the known
difference, and the plan's notes must name it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from seeds import KINDS, SEEDS, STATUSES, require_seeds, squash
from support.paths import ROOT

DOCUMENT = "004_55ced2cde3b8db9d.txt"
PLAN = ROOT / "plans" / "rongchang.yaml"
RULES = ROOT / "rules"
OWN_CATALOGUE = RULES / "catalogue" / "rongchang.yaml"

NUMBER = re.compile(r"\d+(?:\.\d+)?")
SECTION = re.compile(r"^第[一二三四]章第[一二三四五六七八九十]+节$")
UNITS = {
    "%",
    "‰",
    "/10万",
    "岁",
    "个",
    "人",
    "名",
    "人次",
    "U",
    "元",
    "万元",
    "亿元",
    "分钟",
    "张",
    "人/千人",
    "张/千人",
    "个/千人",
    "人/万人",
    "辆/万人",
    "人/百床",
}  # docs/plan-format.md, Units
# Operator phrases (docs/plan-format.md): before the figure, or right after it (after its unit).
OP_BEFORE = {
    "达到": ">=",
    "提升到": ">=",
    "提升至": ">=",
    "至少": ">=",
    "不低于": ">=",
    "≥": ">=",
    "不超过": "<=",
    "≤": "<=",
    "低于": "<",
    "<": "<",
    "超过": ">",
    "高于": ">",
    ">": ">",
}
OP_AFTER = {"以上": ">=", "以内": "<=", "以下": "<"}
_BEFORE = re.compile("(" + "|".join(sorted(OP_BEFORE, key=len, reverse=True)) + r")(?:[^\d]{0,3}|\d+:)$")
_AFTER = re.compile(r"^[^\d\s]{0,2}(" + "|".join(OP_AFTER) + ")")

# --- the figures of 第三章第六节 items 1–3 and of 专栏2's subtotal rows, as printed --------------------------------
DISTRICT = {"count": 8, "area": 448231, "investment": Decimal("42.17"), "in_use": 6}
PRIMARY = {
    "count": 17,
    "area": 161798,
    "investment": Decimal("10.48"),
    "hubs": 6,
    "started_count": 8,
    "started_area": 30700,
    "started_investment": Decimal("2.112"),
}
VILLAGE_CLINICS = {"count": 60, "area": 7200, "investment_wan": 1800}  # 村卫生室
STATIONS = {"count": 23, "area": 4600, "investment_wan": 1400}  # 社区卫生服务站
VILLAGE_SUBTOTAL = {"area": 8800, "investment": Decimal("0.32")}  # 专栏2 三、村级建设项目
TOTAL = {"area": 618829, "investment": Decimal("52.97")}  # 专栏2 合计
PRINTED = [  # where the figures above are printed (whitespace removed)
    "建设项目8个，建设规模448231平方米，计划投资42.17亿元，到2025年计划投入使用建设项目6个",
    "其中：建设片区中心6个。拟分步实施基层医疗机构建设项目17个，建设规模161798平方米，计划投资10.48亿元，"
    "其中：启动项目8个，建设规模30700平方米，计划投资2.112亿元",
    "实施村卫生室建设项目60个，建设规模7200平方米，计划投资1800万元；"
    "社区卫生服务站建设项目23个，建设规模4600平方米，计划投资1400万元",
    "\t合计\t\t618829\t52.97\t",
    "\t一、区级重大项目\t\t448231\t42.17\t",
    "\t二、基层医疗卫生机构建设项目\t\t161798\t10.48\t",
    "\t三、村级建设项目\t\t8800\t0.32\t",
]
# The known disagreements (row sums minus the printed figure); plan.notes must state each row sum.
KNOWN_DIFFERENCES = {
    "基层 investment (10.48亿元)": (Decimal("0.104"), "10.584"),
    "启动 investment (2.112亿元)": (Decimal("0.104"), "2.216"),
    "社区卫生服务站 investment (1400万元)": (Decimal("-20"), "1380万元"),
    "村级 area (8800平方米)": (Decimal("3000"), "11800"),
    "村级 investment (0.32亿元)": (Decimal("-0.002"), "0.318"),
    "合计 area (618829平方米)": (Decimal("3000"), "621829"),
    "合计 investment (52.97亿元)": (Decimal("0.102"), "53.072"),
}
BORDER_CENTRES = ("吴家", "盘龙", "安富", "双河", "河包", "峰高")  # 第三章第九节 item 17


# --- reading -----------------------------------------------------------------------------------------------------


@cache
def document_text() -> str:
    path = SEEDS / DOCUMENT
    require_seeds(path)
    return path.read_text(encoding="utf-8")


@cache
def plan() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    return data


def catalogue_files() -> list[Path]:
    return [RULES / "indicators.yaml", *sorted((RULES / "catalogue").glob("*.yaml"))]


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    """Every indicator of rules/indicators.yaml and rules/catalogue/*.yaml, by id."""
    found: dict[str, dict[str, Any]] = {}
    for path in catalogue_files():
        for ind in yaml.safe_load(path.read_text(encoding="utf-8"))["indicators"]:
            found.setdefault(ind["id"], ind)
    return found


def _dec(x: Any) -> Decimal:
    return Decimal(str(x))


def all_targets() -> list[tuple[str, dict[str, Any]]]:
    """(where, target) for every target of every indicator entry and project."""
    found = []
    for entry in plan()["indicators"]:
        found += [(f"{entry['indicator']}[{k}]", t) for k, t in enumerate(entry["targets"])]
    for project in plan().get("projects", []):
        found += [(f"{project['id']}[{k}]", t) for k, t in enumerate(project["targets"])]
    return found


def running_text_targets() -> list[tuple[str, dict[str, Any]]]:
    return [(w, t) for w, t in all_targets() if not t["source"]["section"].startswith("专栏")]


def figures(target: dict[str, Any]) -> list[Decimal]:
    """The numbers a target sets (a milestone's status and a deliverable's true are not numbers)."""
    return [
        _dec(target[f])
        for f in ("value", "low", "high")
        if isinstance(target.get(f), (int, float)) and not isinstance(target.get(f), bool)
    ]


def explicit_op(printed: str, value: Decimal) -> str | None:
    """The operator the printed phrase gives the figure (达到90, 95%以上, ≤10), or None for a bare figure."""
    for m in NUMBER.finditer(printed):
        if Decimal(m.group()) != value:
            continue
        before, after = _BEFORE.search(printed[: m.start()]), _AFTER.match(printed[m.end() :])
        if after:
            return OP_AFTER[after.group(1)]
        if before:
            return OP_BEFORE[before.group(1)]
    return None


# --- the 专栏2 table as printed --------------------------------------------------------------------------------


def table_rows() -> list[dict[str, str]]:
    """Rows of 专栏2: one line per row, tab-separated; a row's name may continue after a page break."""
    lines = document_text().split("\n")
    start = next(n for n, line in enumerate(lines) if re.match(r"^#*\s*专栏\s*2(?!\d)", line))
    rows: list[dict[str, str]] = []
    category = ""
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        cells = line.split("\t")
        if not line.strip() or cells[0] == "序号":
            continue
        if cells[0].isdigit():
            keys = ("item", "name", "content", "area", "investment", "period", "goal", "remark")
            rows.append({**dict(zip(keys, cells, strict=False)), "category": category})
        elif m := re.fullmatch(r"[一二三四五六七八九十]+、(.+)", cells[1]):
            category = m.group(1)
        elif cells[1] != "合计":
            rows[-1]["name"] += cells[1]  # 整体迁 / 建项目
    return rows


# --- tests: running-text targets ----------------------------------------------------------------------------------


def test_quotes_are_verbatim() -> None:
    text = squash(document_text())
    for where, target in all_targets():
        source = target["source"]
        assert source["document"] == DOCUMENT, where
        if source.get("quote") is None:
            continue
        quote = squash(source["quote"])
        assert quote in text, f"{where}: quote not in the document: {source['quote']!r}"
        assert squash(target["printed"]) in quote, f"{where}: printed {target['printed']!r} is not in its quote"


def test_running_text_targets_cite_section_and_quote() -> None:
    targets = running_text_targets()
    assert len(targets) >= 50
    for where, target in targets:
        source = target["source"]
        assert SECTION.match(source["section"]), f"{where}: section {source['section']!r}"
        assert source["quote"], f"{where}: a running-text target needs a quote"
        assert source["item"] is None or source["item"].isdigit(), where
        assert target["year"] == 2025, where
        assert target["kind"] in KINDS, where
        # The text never says 约束性/预期性; 力争 makes a target expected (docs/plan-format.md).
        assert target["nature"] == ("expected" if "力争" in target["printed"] else "unspecified"), where


def missing_numbers(target: dict[str, Any]) -> list[Decimal]:
    """The target's figures that its printed text does not contain."""
    printed = {Decimal(n) for n in NUMBER.findall(target["printed"])}
    return [value for value in figures(target) if value not in printed]


def test_numbers_appear_in_printed() -> None:
    for where, target in all_targets():
        assert not missing_numbers(target), f"{where}: {missing_numbers(target)} not in {target['printed']!r}"


def test_threshold_operators_follow_the_printed_phrase() -> None:
    for where, target in all_targets():
        if target.get("kind", "threshold") != "threshold":
            continue
        value = _dec(target["value"])
        op = explicit_op(target["printed"], value)
        if op is None:
            indicator = catalogue()[where.split("[")[0]]
            assert target.get("op_inferred") is True, f"{where}: {target['printed']!r} has no operator phrase"
            assert target["op"] == {"higher": ">=", "lower": "<="}[indicator["direction"]], where
        else:
            assert not target.get("op_inferred", False), f"{where}: {target['printed']!r} prints its operator"
            assert target["op"] == op, f"{where}: {target['printed']!r} gives {op}, not {target['op']}"


def test_kind_fields() -> None:
    for where, target in all_targets():
        kind = target.get("kind", "threshold")
        if kind == "range":
            assert _dec(target["low"]) <= _dec(target["high"]), where
        elif kind == "maintain":
            assert target["against"] in {"baseline", "previous_year"} and target["op"] in {">=", "<=", ">", "<"}
        elif kind == "deliverable":
            assert target["value"] is True, where
        elif kind == "milestone":
            assert target["value"] in STATUSES and target["op"] == ">=", where


def test_second_targets_of_zhuanlan1_indicators() -> None:
    """A running-text target of a 专栏1 indicator sits under the same entry, after the 专栏1 target."""
    expected = {  # indicator: (section of the running-text target, its figure or None)
        "life_expectancy": [("第二章第五节", Decimal("79.3"))],
        "health_literacy": [("第二章第五节", Decimal("30")), ("第二章第五节", None)],
        "smoking_rate_15plus": [("第三章第十七节", Decimal("22"))],
        "national_hygienic_towns": [("第三章第十七节", Decimal("1"))],
        "municipal_hygienic_towns_share": [("第三章第十七节", Decimal("80"))],
        "childcare_places_per_1000": [("第三章第八节", Decimal("4.5"))],
        "geriatric_dept_share": [("第三章第八节", Decimal("100"))],
    }
    entries = {e["indicator"]: e for e in plan()["indicators"]}
    for indicator, seconds in expected.items():
        first, *rest = entries[indicator]["targets"]
        assert first["source"]["section"] == "专栏1", indicator
        assert [(t["source"]["section"], figures(t)[0] if figures(t) else None) for t in rest] == seconds, indicator
        for target in rest:
            same = not figures(target) or figures(target) == figures(first)
            assert same or target.get("note"), f"{indicator}: a figure other than 专栏1's needs a note"
    # 专栏1's nature 约束性 against the text's 预期数 is noted.
    assert "预期数" in entries["childcare_places_per_1000"]["targets"][1]["note"]


def test_running_text_figures() -> None:
    """Spot checks of the figures against the brief's reading of the text."""
    expected = {
        "tertiary_hospitals": (">=", Decimal("3")),
        "tertiary_grade_a_hospitals": (">=", Decimal("1")),
        "regional_visit_rate": (">=", Decimal("90")),
        "primary_care_visit_share": (">=", Decimal("65")),
        "gov_primary_outpatient_share": (">=", Decimal("40")),
        "five_star_village_clinic_share": (">=", Decimal("30")),
        "psychiatrists_per_100k": (">=", Decimal("6")),
        "mental_health_literacy": (">=", Decimal("40")),
        "severe_mental_disorder_management_rate": (">=", Decimal("95")),
        "community_integrated_eldercare_institutions": (">=", Decimal("5")),
        "nurse_physician_ratio": (">=", Decimal("2")),
        "primary_institutions_treating_66_diseases": (">=", Decimal("21")),
        "fulltime_high_level_medical_talent_recruits": (">=", Decimal("55")),
        "smart_hospitals": (">=", Decimal("2")),
    }
    entries = {e["indicator"]: e for e in plan()["indicators"]}
    for indicator, (op, value) in expected.items():
        (target,) = entries[indicator]["targets"]
        assert (target["op"], _dec(target["value"])) == (op, value), indicator
    ranges = {
        "boutique_tcm_clinics": (5, 8),
        "national_featured_or_municipal_key_clinical_specialties": (1, 3),
        "primary_featured_depts": (4, 6),
        "tcm_municipal_key_specialties_created": (1, 2),
    }
    for indicator, (low, high) in ranges.items():
        (target,) = entries[indicator]["targets"]
        assert (target["kind"], target["low"], target["high"]) == ("range", low, high), indicator
    # the two parts of the full-time recruits add up to the whole
    parts = [
        _dec(entries[i]["targets"][0]["value"])
        for i in ("fulltime_medical_doctorate_recruits", "fulltime_medical_master_or_associate_chief_recruits")
    ]
    assert sum(parts) == _dec(entries["fulltime_high_level_medical_talent_recruits"]["targets"][0]["value"])


def test_health_indicators_above_city_average_is_a_plan_note() -> None:
    """高于全市平均水平 does not say which indicators: one plan note, no per-indicator reference target."""
    assert any("主要健康指标高于全市平均水平" in note for note in plan()["plan"]["notes"])
    assert not any(t.get("kind") == "reference" and t["source"]["section"] == "第二章第五节" for _, t in all_targets())


# --- tests: catalogue ---------------------------------------------------------------------------------------------


def test_indicator_ids_exist_in_catalogue() -> None:
    ids = [entry["indicator"] for entry in plan()["indicators"]]
    missing = sorted(set(ids) - set(catalogue()))
    assert not missing, f"not in rules/indicators.yaml or rules/catalogue/*.yaml: {missing}"
    assert len(ids) == len(set(ids)), "an indicator is listed twice: put all its targets under one entry"


def test_own_catalogue_entries() -> None:
    own = yaml.safe_load(OWN_CATALOGUE.read_text(encoding="utf-8"))["indicators"]
    used = {entry["indicator"] for entry in plan()["indicators"]}
    for ind in own:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", ind["id"]) and len(ind["id"]) <= 64, ind["id"]
        assert ind["name"] and ind["name_en"], ind["id"]
        assert ind["unit"] in UNITS, f"{ind['id']}: unit {ind['unit']!r} is not one of docs/plan-format.md"
        assert ind["direction"] in {"higher", "lower"}, ind["id"]
        assert ind.get("parent") is None or ind["parent"] in catalogue(), ind["id"]
        assert ind["id"] in used, f"{ind['id']} is defined but no plan entry uses it"


def test_catalogue_names_are_unique_across_files() -> None:
    """As the loader requires: an id, name or alias names one indicator in all catalogue files together."""
    owner: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in catalogue_files():
        for ind in yaml.safe_load(path.read_text(encoding="utf-8"))["indicators"]:
            for name in dict.fromkeys((ind["id"], ind["name"], *ind.get("aliases", []))):
                if name in owner and OWN_CATALOGUE.name in (path.name, owner[name][1]):
                    clashes.append(f"{name!r}: {ind['id']} ({path.name}) and {owner[name][0]} ({owner[name][1]})")
                owner.setdefault(name, (ind["id"], path.name))
    assert not clashes


# --- tests: projects (专栏2) --------------------------------------------------------------------------------------


def projects() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = plan()["projects"]
    return found


def test_27_projects_in_table_order() -> None:
    assert [p["id"] for p in projects()] == [f"rongchang_p{n:02d}" for n in range(1, 28)]
    for n, project in enumerate(projects(), start=1):
        (target,) = project["targets"]
        assert target["source"] == {"document": DOCUMENT, "section": "专栏2", "item": str(n)}
        assert target["kind"] == "milestone" and target["op"] == ">=" and target["year"] == 2025
        assert target["value"] == target["printed"] and target["value"] in STATUSES
        assert target["nature"] == "unspecified"
        assert project["investment"]["unit"] == "亿元" and project["scale"].endswith("平方米")


def test_projects_match_the_table() -> None:
    rows = table_rows()
    assert [row["item"] for row in rows] == [str(n) for n in range(1, 28)]
    for project, row in zip(projects(), rows, strict=True):
        where = project["id"]
        assert project["name"] == squash(row["name"]), where
        assert project["category"] == row["category"], where
        assert project["scale"] == f"{row['area']}平方米", where
        assert _dec(project["investment"]["value"]) == Decimal(row["investment"]), where
        start, _, end = squash(row["period"]).partition("—")
        assert project["period"] == {"start": int(start), "end": int(end or start)}, where
        assert project["targets"][0]["printed"] == squash(row["goal"]), where


def _area(project: dict[str, Any]) -> int:
    return int(project["scale"].removesuffix("平方米"))


def _investment(group: list[dict[str, Any]]) -> Decimal:
    return sum((_dec(p["investment"]["value"]) for p in group), Decimal(0))


def test_project_totals_against_the_text() -> None:
    raw, text = document_text(), squash(document_text())
    for phrase in PRINTED:  # table cells keep their tabs; running text is compared without whitespace
        assert (phrase in raw) if "\t" in phrase else (phrase in text), f"not printed: {phrase!r}"

    by_category: dict[str, list[dict[str, Any]]] = {}
    for p in projects():
        by_category.setdefault(p["category"], []).append(p)
    district, primary, village = (by_category[c] for c in ("区级重大项目", "基层医疗卫生机构建设项目", "村级建设项目"))

    def goal(p: dict[str, Any]) -> str:
        return str(p["targets"][0]["value"])

    # 第三章第六节 item 1 and 专栏2 一、: all agree.
    assert len(district) == DISTRICT["count"]
    assert sum(map(_area, district)) == DISTRICT["area"]
    assert _investment(district) == DISTRICT["investment"]
    assert sum(goal(p) == "投入使用" for p in district) == DISTRICT["in_use"]

    # item 2 and 专栏2 二、: counts and areas agree; both investments are 0.104亿元 short of the rows.
    assert len(primary) == PRIMARY["count"]
    assert sum(map(_area, primary)) == PRIMARY["area"]
    assert _investment(primary) == PRIMARY["investment"] + Decimal("0.104")  # rows: 10.584
    hubs = [p for p in primary if "(片区中心)" in p["name"]]
    assert len(hubs) == PRIMARY["hubs"]
    assert sorted(town for town in BORDER_CENTRES if any(town in p["name"] for p in hubs)) == sorted(BORDER_CENTRES)
    started = [p for p in primary if goal(p) == "启动"]
    assert len(started) == PRIMARY["started_count"]
    assert sum(map(_area, started)) == PRIMARY["started_area"]
    assert _investment(started) == PRIMARY["started_investment"] + Decimal("0.104")  # rows: 2.216

    # item 3 and 专栏2 三、: 村卫生室 agrees; the 社区卫生服务站 is 1380万元 in the table, 1400万元 in the text;
    # the 村级 subtotal's area is 3000平方米 short of its rows.
    clinics, stations = village
    assert table_rows()[25]["content"] == f"分步实施{VILLAGE_CLINICS['count']}个"
    assert table_rows()[26]["content"] == f"分步实施{STATIONS['count']}个"
    assert _area(clinics) == VILLAGE_CLINICS["area"]
    assert _investment([clinics]) * 10000 == VILLAGE_CLINICS["investment_wan"]
    assert _area(stations) == STATIONS["area"]
    assert _investment([stations]) * 10000 == STATIONS["investment_wan"] - 20  # 0.138亿元 = 1380万元
    assert sum(map(_area, village)) == VILLAGE_SUBTOTAL["area"] + 3000  # rows: 11800
    assert _investment(village) == VILLAGE_SUBTOTAL["investment"] - Decimal("0.002")  # rows: 0.318
    text_village_investment = Decimal(VILLAGE_CLINICS["investment_wan"] + STATIONS["investment_wan"]) / 10000
    assert text_village_investment == VILLAGE_SUBTOTAL["investment"]  # the subtotal follows the text

    # 合计 is the sum of the printed subtotals, not of the rows.
    assert DISTRICT["area"] + PRIMARY["area"] + VILLAGE_SUBTOTAL["area"] == TOTAL["area"]
    assert DISTRICT["investment"] + PRIMARY["investment"] + VILLAGE_SUBTOTAL["investment"] == TOTAL["investment"]
    assert sum(map(_area, projects())) == TOTAL["area"] + 3000  # rows: 621829
    assert _investment(projects()) == TOTAL["investment"] + Decimal("0.102")  # rows: 53.072


def test_known_differences_are_noted() -> None:
    notes = " ".join(plan()["plan"]["notes"])
    for what, (_, row_sum) in KNOWN_DIFFERENCES.items():
        assert row_sum in notes, f"plan.notes must give the row sum {row_sum} for {what}"


# --- the checks themselves catch a broken figure --------------------------------------------------------------------


def test_a_broken_figure_is_caught() -> None:
    target = {"kind": "threshold", "op": ">=", "value": 95, "printed": "严重精神障碍管理率达到95%以上"}
    assert missing_numbers(target) == []
    assert missing_numbers({**target, "value": 96}) == [Decimal(96)]
    assert missing_numbers({"kind": "range", "low": 5, "high": 9, "printed": "力争打造精品中医馆5—8个"}) == [9]
    assert missing_numbers({"kind": "deliverable", "value": True, "printed": "建立综合监管信息平台"}) == []
    assert explicit_op("区域内就诊率达90%以上", Decimal(90)) == ">="
    assert explicit_op("力争15岁以上人群吸烟率控制在22%", Decimal(22)) is None
    assert explicit_op("逐步使医护比达到1:2左右", Decimal(2)) == ">="
    assert explicit_op("≤10", Decimal(10)) == "<="
