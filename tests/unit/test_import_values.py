"""check import values: figures of a reply matched to the catalogue by the words around them (sentences of the
渝北 replies 000 and 002, as printed), units converted into the catalogue's, doubts marked for review."""

from __future__ import annotations

from typing import Any

import pytest

from checker.inputs.documents import Paragraph, SourceDocument
from checker.inputs.drafting.values import draft_values


@pytest.fixture(scope="module")
def catalogue() -> Any:
    from checker.inputs.loading import load_catalogue

    return load_catalogue().catalogue.indicators


def drafted(catalogue: Any, *sentences: str, year: int = 2024) -> dict[str, tuple[str, str | None]]:
    blocks = tuple(Paragraph(text, n) for n, text in enumerate(sentences, start=1))
    draft = draft_values(SourceDocument("reply.txt", "reply.txt", "text", blocks), catalogue, "yubei", year)
    return {v.indicator: (str(v.value), v.unit) for v in draft.values}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (  # a clause names it
            "2024年，生物医药规上企业产值54.3亿元，同比增长15.8%。",
            {"biomedical_above_scale_output": ("54.3", "亿元"), "biomedical_above_scale_output_growth": ("15.8", "%")},
        ),
        (  # figures in parallel go to the names listed, in order
            "2024 年，全区医疗机构门诊、出院人次同比增长 14.5%、9.1%。",
            {"outpatient_visits_growth": ("14.5", "%"), "discharges_growth": ("9.1", "%")},
        ),
        (  # 各: one figure for each name listed
            "打造国家级、市级名老中医传承工作室各 1 个、中医博士工作站 1 个、博士后科研站 2 个。",
            {
                "national_famous_tcm_doctor_studios": ("1", "个"),
                "municipal_famous_tcm_doctor_studios": ("1", "个"),
                "tcm_doctoral_workstations": ("1", "个"),
                "postdoctoral_research_stations": ("2", "个"),
            },
        ),
        (  # 148万 居民: converted into the catalogue's 人; 33.35万余人次 into 人次
            "建立覆盖148万居民的电子健康档案，家庭医生签约率达48.5%。",
            {"ehr_residents": ("1480000", "人"), "family_doctor_signing_rate": ("48.5", "%")},
        ),
        (
            "开展“渝北健康之声”健康科普直播活动，107期直播累计观看人数33.35万余人次。",
            {"health_livestream_episodes": ("107", "期"), "health_livestream_views": ("333500", "人次")},
        ),
    ],
)
def test_figures_of_a_reply(catalogue: Any, sentence: str, expected: dict[str, tuple[str, str]]) -> None:
    assert drafted(catalogue, sentence) == expected


def test_a_lower_bound_and_a_missing_year_are_marked(catalogue: Any) -> None:
    blocks = (Paragraph("新增托位超 6600 个，建成全国首批医养结合示范区。", 1),)
    draft = draft_values(SourceDocument("r.txt", "r.txt", "text", blocks), catalogue, "yubei", 2024)
    (value,) = draft.values
    assert value.indicator == "childcare_places_added"
    assert any("more than" in r for r in value.reviews) and any("no year" in r for r in value.reviews)


def test_dates_phone_numbers_and_figures_nobody_names_are_not_values(catalogue: Any) -> None:
    assert drafted(catalogue, "2022 年 8 月 4 日，副区长就选址进行专题研究。联系电话：67274224。") == {}
