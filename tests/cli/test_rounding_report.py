"""A plan or target that asks for GB/T 8170's rounded-value comparison (修约值比较法): the report says which comparison
applied and shows the rounded value (the rule itself: tests/unit/test_rounding.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli import Cli
from support.plans import one_district_plan

PLAN = one_district_plan(
    """  - indicator: physicians_per_1000
    printed_name: 每千常住人口执业(助理)医师数(人)
    baseline: {year: 2020, value: 3.0}
    targets:
      - {year: 2025, op: ">=", value: 3.6, printed: "3.6", nature: binding,
         source: {document: test.txt, section: 专栏1, item: "1"}}
""",
    settings="  comparison: rounded\n",
)


@pytest.mark.parametrize(("setting", "status", "rounded"), [("rounded", "pass", "3.6"), ("full", "fail", None)])
def test_the_report_says_which_comparison_applied(
    cli: Cli, tmp_path: Path, setting: str, status: str, rounded: str | None
) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "one.yaml").write_text(PLAN.replace("comparison: rounded", f"comparison: {setting}"), encoding="utf-8")
    data = tmp_path / "one.yaml"
    data.write_text("district: one\nyear: 2025\nillustrative: true\nvalues: {physicians_per_1000: 3.55}\n", "utf-8")
    where = ["--plans", str(plans), "--data", str(data)]
    report = cli("--year", "2025", "one", *where, "--format", "json").json()
    (target,) = report["districts"][0]["indicators"][0]["targets"]
    assert (target["status"], target["comparison"], target["rounded_value"]) == (status, setting, rounded)
    table = cli("--year", "2025", "one", *where, "--lang", "en", "--show", "all").stdout
    assert ("rounded to 3.6" in table) is (setting == "rounded")
