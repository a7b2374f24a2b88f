"""check import: how the figures of a table cell and the target phrases of a sentence are read (phrases), and how
printed names are matched to the catalogue (matching). The cases are phrases of the seed documents, as printed."""

from __future__ import annotations

import pytest

from checker.inputs.drafting.layout import squeeze
from checker.inputs.drafting.matching import Matcher, normal
from checker.inputs.drafting.phrases import (
    is_past,
    parse_cell,
    split_subjects,
    target_phrases,
    year_of,
)

# (cell, kind, op, value, high) — 专栏1 cells of 荣昌 (004) and 北碚 (003)
CELLS = [
    ("≤10", "threshold", "<=", "10", None),
    ("≥93.5", "threshold", ">=", "93.5", None),
    ("79.3", "threshold", None, "79.3", None),  # a bare figure: the operator comes from the direction
    ("8.0", "threshold", None, "8.0", None),  # kept as printed
    ("同比例提高", "proportional", None, None, None),
    ("达到市级要求比例", "reference", ">=", None, None),
    ("市级下达", "reference", ">=", None, None),
    ("—", "missing", None, None, None),
    ("——", "missing", None, None, None),
    ("1—3", "range", None, "1", "3"),
    ("1-1.5", "range", None, "1", "1.5"),
    ("提高1岁", "change", ">=", "1", None),
    ("90%以上", "threshold", ">=", "90", None),
    ("0.30%以下", "threshold", "<", "0.30", None),
    ("7.9张以内", "threshold", "<=", "7.9", None),
]


@pytest.mark.parametrize(("cell", "kind", "op", "value", "high"), CELLS)
def test_a_table_cell(cell: str, kind: str, op: str | None, value: str | None, high: str | None) -> None:
    figure = parse_cell(cell)
    assert (figure.kind, figure.op, figure.value, figure.high) == (kind, op, value, high)


def test_an_unreadable_cell_asks_for_review() -> None:
    figure = parse_cell("视情况而定")
    assert figure.kind == "unread" and figure.reviews


# (sentence as printed, [((subject,), op, value, high, unit)]) — running text of the seeds; op None is a bare figure
SENTENCES = [
    (
        "区域内就诊率达90%以上；",  # 004 第二章第五节
        [(("区域内就诊率",), ">=", "90", None, "%")],
    ),
    (
        "城乡居民健康素养水平达 30%，人均预期寿命达到 79.3 岁",  # 004: 达 is bare, 达到 is ≥
        [(("城乡居民健康素养水平",), None, "30", None, "%"), (("人均预期寿命",), ">=", "79.3", None, "岁")],
    ),
    (
        "到2025年，创建3所三级医院，其中：至少1所三级甲等医院；",  # 004: counts whose object follows
        [(("创建三级医院",), None, "3", None, "所"), (("三级甲等医院",), ">=", "1", None, "所")],
    ),
    (
        "艾滋病全人群感染率控制在 0.30%以下，结核病报告发病率控制在 46/10 万以下。",  # 001 item 4: 以下 is strict
        [(("艾滋病全人群感染率",), "<", "0.30", None, "%"), (("结核病报告发病率",), "<", "46", None, "/10万")],
    ),
    (
        "全区每千人拥有医疗机构床位数控制在7.9张以内。",  # 001 item 11
        [(("每千人拥有医疗机构床位数",), "<=", "7.9", None, "张")],
    ),
    (
        "完成团体无偿献血 1.4 万 U（1U=200ml）以上。",  # 001 item 10: 以上 after a note in brackets
        [(("完成团体无偿献血",), ">=", "1.4", None, "万U")],
    ),
    (
        "新增学校红十字会 3—5 个",  # 001 item 10: a range
        [(("新增学校红十字会",), None, "3", "5", "个")],
    ),
    (
        "配备100种以上中药饮片占比达40%以上。",  # 003 第六章第一节: the first figure qualifies the second's subject
        [(("配备100种以上中药饮片占比",), ">=", "40", None, "%")],
    ),
    (
        "急救车辆数量达到每万人0.35辆，急救平均反应时间≤18分钟",  # 003 第三章第二节
        [(("急救车辆数量",), ">=", "0.35", None, "辆"), (("急救平均反应时间",), "<=", "18", None, "分钟")],
    ),
    (
        "逐步使医护比达到1:2左右",  # 004 第三章第十一节: a ratio 1:N is N, 左右 kept for review
        [(("医护比",), ">=", "2", None, None)],
    ),
    (
        "全职引进医学研究生以上高层次人才55人以上（其中医学博士5人以上，硕士研究生含副主任医师以上人员50人以上）",
        [
            (("全职引进医学研究生以上高层次人才",), ">=", "55", None, "人"),
            (("医学博士",), ">=", "5", None, "人"),
            (("硕士研究生含副主任医师以上人员",), ">=", "50", None, "人"),
        ],
    ),
    (
        "为 2000 名初二年级在校女学生接种 HPV 疫苗。",  # 001 item 24
        [(("初二年级在校女学生接种HPV疫苗",), None, "2000", None, "名")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_target_phrases_of_a_sentence(sentence: str, expected: list[tuple[object, ...]]) -> None:
    phrases = target_phrases(squeeze(sentence))
    got = [((p.subject,), p.figure.op, p.figure.value, p.figure.high, p.figure.unit) for p in phrases]
    assert got == expected


def test_about_is_kept_for_review() -> None:
    (phrase,) = target_phrases(squeeze("逐步使医护比达到1:2左右"))
    assert phrase.figure.approx and any("左右" in r for r in phrase.figure.reviews)
    assert any("1:N" in r for r in phrase.reviews)


def test_striving_sets_the_nature_of_its_clause_only() -> None:
    phrases = target_phrases(squeeze("到2025年，力争创建国家卫生镇（街）1个，市级卫生镇达到80%"))
    assert [p.strive for p in phrases] == [True, False]


def test_a_list_of_names_is_split_each_borrowing_what_it_shares() -> None:
    assert split_subjects("信息报告完整率、及时率")[1][:1] == ("信息报告完整及时率",)
    assert "信息报告及时率" in split_subjects("信息报告完整率、及时率")[1]
    assert "高血压患者基层规范化管理率" in split_subjects("高血压、糖尿病患者基层规范化管理率")[0]
    assert split_subjects("人均预期寿命") == (("人均预期寿命",),)


@pytest.mark.parametrize(
    ("sentence", "past"),
    [
        ("截止2020年底，区域内患者就诊率达90.34%", True),
        ("2020 年全区人均预期寿命 78.18 岁", True),
        ("“十三五”期间，全区卫生健康事业按照党的卫生健康工作方针", True),
        ("到2025年，区域内就诊率达90%以上", False),
    ],
)
def test_sentences_that_report_what_was_done_set_no_target(sentence: str, past: bool) -> None:
    assert is_past(squeeze(sentence), 2021) is past


def test_the_year_a_sentence_names() -> None:
    assert year_of(squeeze("到2025年，创建3所三级医院")) == 2025
    assert year_of(squeeze("出台《全民健康素养提升三年行动方案（2024—2027 年）》")) is None


# --- matching ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    from checker.inputs.loading import load_catalogue

    return Matcher(load_catalogue().catalogue.indicators)


@pytest.mark.parametrize(
    ("printed", "indicator", "certain"),
    [
        ("人均预期寿命(岁)", "life_expectancy", True),  # an alias, half-width brackets
        ("每千常住人口执业（助理）医师数（人）", "physicians_per_1000", True),  # 常住 and the unit dropped
        ("全市儿童青少年总体近视率（%）", "child_myopia_rate", True),
        ("三级公立中医医院患者中药饮片使用率(%) 门诊", "tcm_decoction_use_outpatient", True),  # a sub-row
        ("全区创建五星级行政村卫生室占比", "five_star_village_clinic_share", True),  # the name inside a phrase
        ("二级及以上综合性医院设立老年医学科比例", "geriatric_dept_share", False),  # alike, not the same words
        ("信息报告及时率", "phe_information_report_timeliness", True),
    ],
)
def test_names_matched_to_the_catalogue(matcher: Matcher, printed: str, indicator: str, certain: bool) -> None:
    match = matcher.match(printed)
    assert match.indicator is not None and match.indicator.id == indicator
    assert match.accepted and match.certain is certain


def test_a_name_the_catalogue_does_not_know(matcher: Matcher) -> None:
    assert not matcher.match("居民幸福指数").accepted


def test_the_normal_form() -> None:
    assert normal("每千常住人口执业（助理）医师数（人）") == normal("每千人口执业(助理)医师数")
    assert normal("二级及以上综合性医院") == normal("二级以上综合性医院")
