"""check summary over a plan table and a data table gives the same JSON by the columnar path (engine.bulk) as by the
engine alone. (The columnar path against the engine on random plans and values: tests/unit/test_bulk.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli import Cli
from support.tables import write_csv

from checker.inputs.plan_table import COLUMNS

pytest.importorskip("polars")
from checker.engine import bulk  # after the skip: it needs polars


def test_check_summary_on_a_plan_table_same_json_either_path(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        {
            "district": f"d{n}",
            "district_name": f"合成{n}",
            "parent": "national",
            "period_start": "2021",
            "period_end": "2025",
            "indicator": "life_expectancy",
            "kind": "threshold",
            "op": ">=",
            "value": "80",
            "baseline_year": "2020",
            "baseline_value": "78",
            "target_year": "2025",
            "nature": "expected",
            "document": "synthetic",
            "section": "专栏1",
        }
        for n in range(3)
    ]
    plans = write_csv(tmp_path / "plans.csv", COLUMNS, rows)
    data = write_csv(
        tmp_path / "data.csv",
        ["district", "year", "indicator", "value", "illustrative"],
        [
            {"district": f"d{n}", "year": "2024", "indicator": "life_expectancy", "value": v, "illustrative": "true"}
            for n, v in enumerate(["79.7", "78.1", ""])
        ],
    )
    args = ["summary", "--year", "2024", "all", "--plans", str(plans), "--data", str(data), "--format", "json"]
    assert bulk.summary(2024, plans, None, data, "zh") is not None  # the columnar path takes this one
    fast = cli(*args)
    monkeypatch.setattr(bulk, "summary", lambda *a, **k: None)  # the engine alone
    slow = cli(*args)
    assert fast.exit_code == slow.exit_code == 0
    assert fast.json() == slow.json()
    verdicts = fast.json()["indicators"][0]["verdicts"]
    # 2024 milestone on 78 → 80 over 2020–2025: 79.6. 79.7 on track; 78.1 behind (expected: warn); blank missing
    assert verdicts == {"d0": "pass", "d1": "warn", "d2": "warn"}
