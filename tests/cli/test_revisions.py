"""Revised targets (中期调整): a target may carry revisions; a year's figures are judged by the version in force at
the year's end, and every report says from what to what, by which document, from when. Lint checks revisions."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli import Cli
from support.plans import one_district_plan

PLAN = one_district_plan(
    """  - indicator: nurses_per_1000
    printed_name: 每千人口注册护士数
    baseline: {year: 2020, value: 3.5}
    targets:
      - year: 2025
        op: ">="
        value: 4.7
        printed: "4.7"
        nature: binding
        source: {document: plan.txt, section: 专栏1, item: "16"}
        revisions:
REVISIONS""",
    document="plan.txt",
)

ONE = """          - effective: 2023-06-30
            value: 4.5
            printed: "4.5"
            source: {document: 中期调整通知.txt, section: 二, item: "3"}
"""


def _world(tmp_path: Path, revisions: str = ONE) -> list[str]:
    plans = tmp_path / "plans"
    plans.mkdir(exist_ok=True)
    (plans / "one.yaml").write_text(PLAN.replace("REVISIONS", revisions), encoding="utf-8")
    for year, value in ((2022, "4.0"), (2025, "4.6")):
        folder = tmp_path / "data" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "one.yaml").write_text(
            f"district: one\nyear: {year}\nillustrative: true\nvalues: {{nurses_per_1000: {value}}}\n", encoding="utf-8"
        )
    return ["--plans", str(plans), "--data", str(tmp_path / "data")]


def _target(cli: Cli, year: int, where: list[str]) -> tuple[dict, dict]:
    report = cli("--year", str(year), "one", *where, "--format", "json").json()
    (indicator,) = report["districts"][0]["indicators"]
    (target,) = indicator["targets"]
    return indicator, target


def test_the_version_in_force_judges_the_year(cli: Cli, tmp_path: Path) -> None:
    where = _world(tmp_path)
    indicator, target = _target(cli, 2025, where)
    assert (target["target"], target["status"]) == ("4.5", "pass")  # 4.6 misses 4.7, meets the revised 4.5
    assert target["revision"] == {
        "effective": "2023-06-30",
        "from": "≥ 4.7",
        "to": "≥ 4.5",
        "source": {"document": "中期调整通知.txt", "section": "二", "item": "3"},
        "note": None,
    }
    assert (
        "每千人口注册护士数: target revised from ≥ 4.7 to ≥ 4.5 by 中期调整通知.txt 二 第3项 on 2023-06-30"
        in indicator["notes"]
    )
    before, early = _target(cli, 2022, where)  # before the revision: the plan's own figure
    assert (early["target"], early["revision"]) == ("4.7", None) and before["notes"] == []


def test_every_report_says_the_target_was_revised(cli: Cli, tmp_path: Path) -> None:
    where = _world(tmp_path)
    table = cli("--year", "2025", "one", *where, "--show", "all", "--notes").stdout
    said = "每千人口注册护士数：目标由 ≥ 4.7 调整为 ≥ 4.5（中期调整通知.txt 二 第3项，2023-06-30）"
    assert "".join(said.split()) in "".join(table.split())  # folded to the terminal's width
    trend = cli("trend", "one", "--from", "2022", "--to", "2025", *where).stdout
    summary = cli("summary", "--year", "2025", "one", *where).stdout
    assert all("".join(said.split()) in "".join(view.split()) for view in (trend, summary))
    markdown = cli("--year", "2025", "one", *where, "--format", "markdown").stdout
    assert "目标由 ≥ 4.7 调整为 ≥ 4.5" in markdown


def test_the_checker_s_own_fields_are_refused_in_a_plan(cli: Cli, tmp_path: Path) -> None:
    where = _world(tmp_path, "          []\n        revised_from: '≥ 9'\n")
    result = cli("--year", "2025", "one", *where)
    assert result.exit_code == 2 and "the checker's own" in result.stderr


@pytest.mark.parametrize(
    ("revisions", "code"),
    [
        pytest.param(
            "          - {effective: 2023-06-30, source: {document: n.txt, section: 二}}\n", "R801", id="no-change"
        ),
        pytest.param(ONE + ONE.replace("4.5", "4.4"), "R802", id="same-date"),
        pytest.param(ONE.replace("2023-06-30", "2026-01-01"), "R803", id="after-due"),
        pytest.param(ONE.replace("中期调整通知.txt", "plan.txt"), "R804", id="cites-the-plan"),
    ],
)
def test_lint_checks_revisions(cli: Cli, tmp_path: Path, revisions: str, code: str) -> None:
    _world(tmp_path, revisions)
    result = cli("lint", str(tmp_path / "plans" / "one.yaml"), "--fail-on", "warning", "--format", "json")
    assert result.exit_code == 1
    assert code in {finding["code"] for finding in result.json()}


def test_a_plan_with_a_good_revision_lints_clean(cli: Cli, tmp_path: Path) -> None:
    _world(tmp_path)
    result = cli("lint", str(tmp_path / "plans" / "one.yaml"), "--fail-on", "warning")
    assert result.exit_code == 0, result.stdout
