"""``check explain --year Y DISTRICT INDICATOR``: how each verdict on one indicator was reached (checker/views/
explain.py, rendered by checker/formats/text.py and json.py), on the bundled data and the test world."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from support.cli import Cli, CliResult

from checker.domain.models import TargetKind
from checker.engine.run import RunRequest, run_check
from checker.formats.text import wrap
from checker.inputs.loading import PlanRegistry

WIDE = {"COLUMNS": "400"}  # no wrapping: a sentence is found whole


def explain(cli: Cli, *args: str, env: dict[str, str] | None = None) -> CliResult:
    result = cli("explain", *args, env=env or WIDE)
    assert result.exit_code == 0, result.stderr
    return result


# Each case: what is typed, and lines (or parts of lines) the explanation holds, in order.
CASES = {
    "milestone": (
        ("--year", "2024", "rongchang", "nurses_per_1000"),
        (
            "荣昌区（rongchang）2024年　每千人口注册护士数（人/千人）",
            "判定：未通过",
            "数值：4.2",
            "数据文件：<bundled>/data/2024/rongchang.yaml:23:19",  # the data file and line of the value
            "基线：3.41（2020）",
            "目标 1/1：≥ 4.7（2025） · 约束性 → 未通过",
            "出处：004_55ced2cde3b8db9d.txt 专栏1 序号16",
            "原文：表中“每千常住人口注册护士数(人)”一行，目标栏印作“4.7”",
            "读法：只印数字，运算符按指标方向（越高越好）取 ≥",
            "序时进度：m = b + (t − b) × (y − y₀)/(Y − y₀)",
            "= 3.41 + (4.7 − 3.41) × (2024 − 2020)/(2025 − 2020)",
            "= 3.41 + (4.7 − 3.41) × 4/5 = 4.442",
            "判断：2024年早于目标年份2025年，尚未达到目标，故与序时进度比较：4.2 < 4.442（序时进度） → 落后于序时进度",
            "进度比：(v − b)/(m − b) = (4.2 − 3.41) / (4.442 − 3.41) ≈ 0.7655 → 需加快",
            "性质：“落后于序时进度”属于不足；约束性目标的不足判为未通过",
        ),
    ),
    "worked-example": (  # docs/evaluation.md's: 3.05 → 3.6, the 2023 milestone exactly 3.38
        ("--year", "2023", "rongchang", "physicians_per_1000"),
        ("= 3.05 + (3.6 − 3.05) × 3/5 = 3.38", "3.36 < 3.38（序时进度） → 落后于序时进度"),
    ),
    "on-the-milestone": (
        ("--year", "2024", "rongchang", "physicians_per_1000"),
        ("= 3.05 + (3.6 − 3.05) × 4/5 = 3.49", "3.49 ≥ 3.49（序时进度） → 符合序时进度", "= 1 → 进度正常"),
    ),
    "national-floor": (
        ("--year", "2024", "荣昌", "吸烟率"),
        (
            "目标 1/3：≤ 22（2025） · 预期性 → 警告",
            "= 29.2 + (22 − 29.2) × 4/5 = 23.44",
            "性质：“落后于序时进度”属于不足；预期性目标的不足判为警告",
            "目标 2/3：≤ 22（2025） · 预期性 → 警告",
            "出处：004_55ced2cde3b8db9d.txt 第三章第十七节 第48项",
            "原文：“加大实施控烟行动，到2025年，力争15岁以上人群吸烟率控制在22%”",  # the source sentence
            "编码说明：力争: nature expected.",
            "目标 3/3：上级底线（国家）≤ 23.3（2025） · 预期性 → 未通过",
            '上级规划：全国 "十四五"国民健康规划 国办发〔2022〕11号（本区的数值按国家规划自己的基线和序时进度判断）',
            "专栏1 序号9（未核实",
            "基线：25.8（2020），国家规划的基线",
            "= 25.8 + (23.3 − 25.8) × 4/5 = 23.8",
            "24.1 > 23.8（序时进度） → 落后于序时进度，即未达上级目标",
            "(v − b)/(m − b) = (24.1 − 25.8) / (23.8 − 25.8) = 0.85 → 需加快",
            "性质：上级目标（底线）的不足一律判为未通过（未达上级目标），不论性质",
        ),
    ),
    "floor-passed": (
        ("--year", "2024", "rongchang", "oop_health_spending_share"),
        (
            "目标 1/2：≤ 27（2025） · 约束性 → 未通过",
            "27.05 > 27.034（序时进度） → 落后于序时进度",
            "目标 2/2：上级底线（国家）≤ 27（2025） · 约束性 → 通过",
            "27.05 ≤ 27.14（序时进度） → 符合序时进度",
            "性质：“符合序时进度”判为通过，不论性质",
        ),
    ),
    "met": (
        ("--year", "2024", "rongchang", "regular_exercise_share"),
        ("50.8 ≥ 50.7（目标）：目标本身已达到 → 已达标", "性质：“已达标”判为通过，不论性质"),
    ),
    "bound": (  # the baseline already met the target: a bound to hold every year
        ("--year", "2024", "rongchang", "under5_mortality"),
        ("基线 3.85（2020年）已满足目标，目标是每年都须守住的界限：4.6 > 4.5（界限） → 未达标",),
    ),
    "no-baseline": (
        ("--year", "2024", "rongchang", "psychiatrists_per_100k"),
        ("基线：无（规划未给出）", "且没有基线，画不出序时进度线 → 无基线，无法判断进度"),
    ),
    "value-null": (
        ("--year", "2024", "rongchang", "childcare_places_per_1000"),
        (
            "数值：未报告（数据文件在 <bundled>/data/2024/rongchang.yaml:24:30 将此项写为空 null）",
            "判断：2024年未报告数值 → 缺少数值",
            "性质：“缺少数值”属于不足；约束性目标的不足判为未通过",
            "性质：“缺少数值”属于不足；预期性目标的不足判为警告（性质未注明，按预期性处理）",
        ),
    ),
    "value-absent": (  # names the data file read and what to add
        ("--year", "2024", "rongchang", "tertiary_hospitals"),
        (
            "数值：未报告（数据文件 <bundled>/data/2024/rongchang.yaml 中没有此项；"
            "可在 values 下加一行“tertiary_hospitals: 数值”）",
        ),
    ),
    "no-data-file": (  # names the file it looked for
        ("--year", "2025", "rongchang", "nurses_per_1000"),
        ("数值：未报告（没有2025年的数据文件；查找位置：<bundled>/data/2025/rongchang.yaml）",),
    ),
    "project-by-name": (
        ("--year", "2024", "rongchang", "荣昌区妇女儿童健康服务大楼"),
        (
            "荣昌区（rongchang）2024年　荣昌区妇女儿童健康服务大楼",
            "重点项目 rongchang_p04 · 区级重大项目 · 专栏2 序号4",
            "数值：未启动",
            "项目周期：2023–2025",
            "状态顺序：未启动 < 启动 < 在建 < 竣工 < 投入使用",
            "目标 1/1：投入使用（2025） · （未注明） → 警告",
            "原文：表中“荣昌区妇女儿童健康服务大楼”一行，目标栏印作“投入使用”",
            "→ 未启动",
        ),
    ),
    "project-by-id": (("--year", "2024", "rongchang", "rongchang_p01"), ("目标 1/1：投入使用（2025）", "→ 进行中")),
    "by-chinese-name": (("--year", "2024", "荣昌区", "每千人口注册护士数"), ("编号 nurses_per_1000",)),
    "by-alias": (("--year", "2024", "rongchang", "婴儿死亡率(‰)"), ("编号 infant_mortality",)),
    "by-part-of-a-name": (("--year", "2024", "rongchang", "注册护士"), ("编号 nurses_per_1000",)),
    "reported-without-target": (
        ("--year", "2024", "yubei", "outpatient_visits_growth"),
        ("数据文件：<bundled>/data/2024/yubei.yaml:", "本年度没有适用于此项的目标。", "规划期为2025–2025年"),
    ),
    "english": (
        ("--year", "2024", "rongchang", "nurses_per_1000", "--lang", "en"),
        (
            "Rongchang District (荣昌区, rongchang) 2024 · Registered nurses per 1,000 population (人/千人)",
            "Verdict: fail (the worst of its targets' verdicts)",
            "Data file: <bundled>/data/2024/rongchang.yaml:23:19",
            "Target 1 of 1: ≥ 4.7 (2025) · binding (约束性) → fail",
            "Text: the table's row “每千常住人口注册护士数(人)”, target cell printed “4.7”",
            "Milestone: m = b + (t − b) × (y − y₀)/(Y − y₀)",
            "= 3.41 + (4.7 − 3.41) × 4/5 = 4.442",
            "so the value is held against the milestone: 4.2 < 4.442 (milestone) → behind schedule",
            "Progress ratio: (v − b)/(m − b) = (4.2 − 3.41) / (4.442 − 3.41) ≈ 0.7655 → needs acceleration",
            "Nature: behind schedule is a shortfall; a shortfall is fail when the target is binding (约束性)",
        ),
    ),
    "english-floor": (
        ("--year", "2024", "rongchang", "smoking_rate_15plus", "--lang", "en"),
        (
            "Target 3 of 3: higher-level floor (national): ≤ 23.3 (2025) · expected (预期性) → fail",
            "Baseline: 25.8 (2020), the national plan's",
            "24.1 > 23.8 (milestone) → behind schedule, so floor breached",
            "a shortfall against a higher level's target (a floor) is always fail (floor breached)",
        ),
    ),
}


@pytest.mark.parametrize(("args", "expected"), CASES.values(), ids=CASES.keys())
def test_the_derivation_of_each_verdict(cli: Cli, args: tuple[str, ...], expected: tuple[str, ...]) -> None:
    out = explain(cli, *args).stdout
    lines = [line.strip() for line in out.splitlines()]
    position = 0
    for text in expected:  # each in order, within one line
        found = next((n for n in range(position, len(lines)) if text in lines[n]), None)
        assert found is not None, f"{text!r} not found after line {position} in:\n{out}"
        position = found


def test_the_exit_code_is_0_whatever_the_verdict(cli: Cli) -> None:
    for indicator in ("nurses_per_1000", "smoking_rate_15plus", "physicians_per_1000", "childcare_places_per_1000"):
        assert cli("explain", "--year", "2024", "rongchang", indicator).exit_code == 0


WIDTH_CASES = [
    ("rongchang", "smoking_rate_15plus"),  # a quoted sentence, a floor with a long note
    ("rongchang", "childcare_places_per_1000"),  # a missing value, a long path
    ("rongchang", "rongchang_p04"),  # a project
    ("beibei", "geriatric_dept_share"),  # long notes
]


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("district", "indicator"), WIDTH_CASES, ids=[i for _, i in WIDTH_CASES])
def test_no_line_is_wider_than_the_terminal(cli: Cli, district: str, indicator: str, lang: str, width: int) -> None:
    out = explain(cli, "--year", "2024", district, indicator, "--lang", lang, env={"COLUMNS": str(width)}).stdout
    widest = max(cell_len(line) for line in out.splitlines())
    assert widest <= width
    if width == 80:  # the long source sentences were wrapped, not cut: every word is still there
        wide = explain(cli, "--year", "2024", district, indicator, "--lang", lang).stdout
        assert "".join(out.split()) == "".join(wide.split())


def test_wrapping_breaks_at_spaces_and_between_chinese_characters_and_keeps_punctuation() -> None:
    lines = wrap("数据说明：这是一段很长的中文句子，用来检查折行。then some English words here", 20, "  ", "    ")
    assert all(cell_len(line) <= 20 for line in lines)
    assert not any(line.strip()[0] in "，。：" for line in lines)  # closing punctuation never starts a line
    assert "".join("".join(lines).split()) == "数据说明：这是一段很长的中文句子，用来检查折行。thensomeEnglishwordshere"
    assert wrap("x" * 30, 12) == ["x" * 12, "x" * 12, "x" * 6]  # a piece wider than a line is cut


def test_json_gives_each_target_its_derivation(cli: Cli) -> None:
    data = explain(cli, "--year", "2024", "rongchang", "smoking_rate_15plus", "--format", "json").json()
    head = (data["schema_version"], data["year"], data["district"], data["illustrative"])
    assert head == (1, 2024, "rongchang", True)
    assert data["data"] == {
        "path": "<bundled>/data/2024/rongchang.yaml",
        "line": 17,
        "column": 24,
        "expected_path": "<bundled>/data/2024/rongchang.yaml",
        "source": data["data"]["source"],
        "entry": True,
    }
    indicator = data["indicator"]
    assert (indicator["id"], indicator["value"], indicator["verdict"]) == ("smoking_rate_15plus", "24.1", "fail")
    own, sentence, floor = indicator["targets"]
    assert own["derivation"] == {
        "plan_name": "荣昌区",
        "printed_name": "15岁以上人群吸烟率(%)",
        "baseline": {"year": 2020, "value": "29.2"},
        "milestone": {
            "case": "interpolated",
            "baseline_year": 2020,
            "baseline": "29.2",
            "target": "22",
            "target_year": 2025,
            "year": 2024,
            "value": "23.44",
            "value_exact": "586/25",
            "op": "<=",
            "compared": True,
            "formula": "29.2 + (22 − 29.2) × 4/5 = 23.44",
            "as_value": None,
        },
        "rule": "behind_schedule",
        "due": False,
        "comparison": {"value": "24.1", "op": ">", "figure": "23.44", "against": "milestone", "holds": False},
        "progress": {
            "formula": "(24.1 − 29.2) / (23.44 − 29.2) ≈ 0.8854",
            "value": "0.8854",
            "value_exact": "85/96",
            "class": "needs_acceleration",
        },
        "nature_rule": "shortfall",
        "shortfall_status": "warn",
    }
    # the engine's figures, the same as the run report's
    assert (own["milestone"], own["milestone_exact"], own["progress"]) == ("23.44", "586/25", "0.8854")
    assert sentence["source"]["quote"] == "加大实施控烟行动，到2025年，力争15岁以上人群吸烟率控制在22%"
    assert (floor["plan"], floor["level"], floor["floor"], floor["reason"]) == (
        "national",
        "national",
        True,
        "floor_breached",
    )
    derivation = floor["derivation"]
    assert derivation["baseline"] == {"year": 2020, "value": "25.8"}
    assert derivation["milestone"]["formula"] == "25.8 + (23.3 − 25.8) × 4/5 = 23.8"
    assert (derivation["rule"], derivation["nature_rule"], derivation["shortfall_status"]) == (
        "behind_schedule",
        "floor",
        None,
    )
    assert floor["message"].startswith("全国 floor: 24.1 % is behind schedule")  # English, whatever --lang says
    assert data["unapplied_floors"] == [] and data["project"] is None


def test_json_of_a_missing_value_and_a_project(cli: Cli) -> None:
    missing = explain(cli, "--year", "2025", "rongchang", "nurses_per_1000", "--format", "json").json()
    assert missing["data"]["path"] is None
    assert missing["data"]["expected_path"] == "<bundled>/data/2025/rongchang.yaml"
    target = missing["indicator"]["targets"][0]
    assert (target["reason"], target["derivation"]["rule"], target["derivation"]["milestone"]) == (
        "missing_value",
        "missing_value",
        None,
    )
    project = explain(cli, "--year", "2024", "rongchang", "rongchang_p04", "--format", "json").json()
    assert project["project"] == {"period": [2023, 2025], "status": None}
    assert project["indicator"]["kind"] == "project"
    assert project["indicator"]["targets"][0]["derivation"]["rule"] == "engine"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("rongchang", "nurse_per_1000"), "did you mean nurses_per_1000", id="unknown-indicator"),
        pytest.param(("rongchnag", "nurses_per_1000"), "did you mean 'rongchang'", id="unknown-district"),
        pytest.param(("all", "nurses_per_1000"), "explain takes one district, not 'all'", id="all"),
        pytest.param(("rongchang", "率"), "'率' names 12 rows of rongchang", id="ambiguous"),
        pytest.param(
            ("rongchang", "outpatient_visits_growth"),
            "荣昌区 (rongchang) has no target and no reported value for 'outpatient_visits_growth' in 2024",
            id="not-in-the-district",
        ),
    ],
)
def test_usage_errors_exit_2(cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli("explain", "--year", "2024", *args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stdout == ""


def test_a_target_in_another_unit_and_a_change_target(cli: Cli, world_copy: Path) -> None:
    plan = world_copy / "plans" / "town.yaml"
    text = plan.read_text(encoding="utf-8")
    anchor = '         source: {document: test.txt, section: 专栏1, item: "1"}}\n'
    change = (
        '      - {year: 2025, kind: change, op: ">=", value: 1, printed: "提高1岁", nature: binding,\n'
        '         source: {document: test.txt, section: 第二章, item: "1", quote: "人均预期寿命提高1岁"}}\n'
    )
    plan.write_text(text.replace(anchor, anchor + change, 1), encoding="utf-8")
    where = ("--plans", str(world_copy / "plans"), "--rules", str(world_copy / "rules"))
    where += ("--data", str(world_copy / "data"))
    blood = explain(cli, "--year", "2024", "town", "blood", *where).stdout
    assert "读法：目标以 万U 书写，按指标单位 U 计为 14000" in blood
    life = explain(cli, "--year", "2024", "town", "life_expectancy", *where, "--lang", "en").stdout
    lines = [line.strip() for line in life.splitlines()]
    assert "Milestone of the change: m = b + (t − b) × (y − y₀)/(Y − y₀)" in lines
    assert "= 0 + (1 − 0) × 4/5 = 0.8" in lines and "as a value: 79.8" in lines  # 79.0 + 0.8, the engine's
    assert "Progress ratio: (v − b)/(m − b) = (−0.5 − 0) / (0.8 − 0) = −0.625 → moving away" in lines


def test_the_line_on_the_results_is_the_one_the_verdicts_used(registry: PlanRegistry) -> None:
    """Every milestone and progress ratio of the bundled 2024 runs is the value of the line the result carries."""
    checked = 0
    for district in ("rongchang", "beibei", "yubei"):
        run = run_check(RunRequest(year=2024, districts=(district,)), registry)
        for row in run.districts[0].indicators:
            for result in row.targets:
                line = result.trajectory
                if line is None:
                    assert result.milestone is None
                    continue
                checked += 1
                assert line.year == 2024 and result.baseline is not None
                kind = result.target.kind if result.target is not None else None
                if kind is not TargetKind.CHANGE:  # a change's line runs on the change, from 0
                    assert (line.baseline_year, line.baseline) == (result.baseline.year, result.baseline.value)
                if line.compared and kind is not TargetKind.CHANGE:
                    assert result.milestone == line.milestone
                if not line.compared:
                    assert result.milestone is None
    assert checked > 50


def test_every_row_of_the_bundled_runs_fits_80_columns(registry: PlanRegistry) -> None:
    """Each indicator and project of the three districts in 2024, in both languages: no line wider than 80 (the
    renderer through the registry, as the command calls it)."""
    from checker.formats.registry import RenderOptions, render
    from checker.views.explain import explain_data

    too_wide = []
    for district in ("rongchang", "beibei", "yubei"):
        run = run_check(RunRequest(year=2024, districts=(district,)), registry)
        for row in run.districts[0].indicators:
            data = explain_data(registry, 2024, district, row.indicator.id)
            for lang in ("zh", "en"):
                out = render("explain", "text", data, RenderOptions(lang=lang, width=80))
                assert isinstance(out, str)
                too_wide += [(district, row.indicator.id, line) for line in out.splitlines() if cell_len(line) > 80]
    assert too_wide == []
