"""check summary, trend and diff (checker/views, checker/cli/views.py) on the bundled data, through the command line."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from support.cli import Cli

from checker.engine.run import RunRequest, run_check
from checker.formats.json import run_data
from checker.inputs.loading import PlanRegistry
from checker.views.trend import IMPROVING, STAGNATING, WORSENING


def _report(registry: PlanRegistry, year: int, path: Path) -> dict[str, Any]:
    data = run_data(run_check(RunRequest(year=year, districts=("rongchang",)), registry))
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data


# ----------------------------------------------------------------------------------------------------- summary


def test_summary_json_matrix_and_order(cli: Cli) -> None:
    result = cli("summary", "--year", "2024", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["schema_version"] == 2 and data["year"] == 2024 and data["illustrative"] is True
    assert data["districts"] == ["beibei", "rongchang", "yubei"]
    rows = {r["id"]: r for r in data["indicators"]}
    assert rows["oop_health_spending_share"]["verdicts"] == {"beibei": "fail", "rongchang": "fail"}
    assert rows["oop_health_spending_share"]["counts"]["fail"] == 2
    assert rows["under5_mortality"]["verdicts"]["rongchang"] == "warn"
    # failing in both districts comes first; then by districts failing, then warning; single-district rows last
    assert data["indicators"][0]["id"] == "oop_health_spending_share"
    ids = [r["id"] for r in data["indicators"]]
    assert ids.index("smoking_rate_15plus") < ids.index("fitness_standard_pass_share")
    keys = [(len(r["verdicts"]) < 2, -r["counts"]["fail"], -r["counts"]["warn"]) for r in data["indicators"]]
    assert keys == sorted(keys)
    assert rows["nurses_per_1000"]["verdicts"] == {"rongchang": "fail"}
    assert ids.index("nurses_per_1000") > ids.index("national_hygienic_towns")  # in one district only
    assert "yubei" in rows["national_hygienic_towns"]["verdicts"]  # yubei's reported figures are in the matrix
    counts = data["district_counts"]["rongchang"]
    assert counts["fail"] == sum(1 for r in data["indicators"] if r["verdicts"].get("rongchang") == "fail")


def test_summary_table_and_markdown(cli: Cli, tmp_path: Path) -> None:
    table = cli("summary", "--year", "2024", "rongchang", "beibei", "--no-color")
    assert table.exit_code == 0, table.stderr
    assert table.stdout.startswith("示例数据（ILLUSTRATIVE DATA）")
    assert "oop_health_spending_share" in table.stdout and "✗" in table.stdout
    out = tmp_path / "summary.md"
    md = cli("summary", "--year", "2024", "all", "--format", "markdown", "--lang", "en", "--output", str(out))
    assert md.exit_code == 0 and md.stdout == "" and md.stderr == ""
    text = out.read_text(encoding="utf-8")
    assert "ILLUSTRATIVE DATA" in text.splitlines()[2]
    header = "| Indicator | Unit | Beibei District (北碚区) | Rongchang District (荣昌区) | Yubei District (渝北区) |"
    assert header in text
    assert "(`oop_health_spending_share`) | % | **✗ fail** | **✗ fail** | — | 0 | 0 | 0 | 0 | 2 |" in text


def test_summary_unknown_district_is_exit_2(cli: Cli) -> None:
    result = cli("summary", "--year", "2024", "nowhere")
    assert result.exit_code == 2
    assert "error:" in result.stderr


# ------------------------------------------------------------------------------------------------------- trend


def test_trend_rongchang_json(cli: Cli) -> None:
    result = cli("trend", "荣昌", "--from", "2020", "--to", "2024", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["district"] == "rongchang" and data["illustrative"] is True
    assert data["years"] == [2020, 2021, 2022, 2023, 2024] and data["evaluated"] == [2021, 2022, 2023, 2024]
    rows = {r["id"]: r for r in data["indicators"]}
    u5 = rows["under5_mortality"]
    assert [u5["years"][y]["value"] for y in ("2021", "2022", "2023", "2024")] == ["3.9", "4.1", "4.3", "4.6"]
    assert [u5["years"][y]["direction"] for y in ("2022", "2023", "2024")] == [WORSENING] * 3
    assert u5["years"]["2024"]["verdict"] == "warn" and u5["overall"] == WORSENING
    assert u5["years"]["2020"] == {"verdict": None, "value": None, "milestone": None, "direction": None}  # no data
    physicians = rows["physicians_per_1000"]["years"]
    assert [physicians[y]["milestone"] for y in ("2021", "2022", "2023", "2024")] == ["3.16", "3.27", "3.38", "3.49"]
    assert data["sources"]["2021"]["data_path"].endswith("data/2021/rongchang.yaml")
    assert "2020" not in data["sources"] and data["sources"]["2024"]["illustrative"] is True
    life = rows["life_expectancy"]
    assert life["overall"] == IMPROVING
    assert [life["years"][y]["direction"] for y in ("2022", "2023", "2024")] == [IMPROVING] * 3
    assert rows["nurses_per_1000"]["overall"] == STAGNATING  # rising, but falling further behind the 序时进度


def test_trend_table_and_markdown(cli: Cli) -> None:
    table = cli("trend", "rongchang", "--from", "2021", "--to", "2024", "--no-color", "--lang", "en")
    assert table.exit_code == 0, table.stderr
    assert table.stdout.startswith("ILLUSTRATIVE DATA")
    assert "4.6 ! ↓" in table.stdout and "worsening" in table.stdout
    md = cli("trend", "rongchang", "--from", "2020", "--to", "2024", "--format", "markdown")
    assert md.exit_code == 0, md.stderr
    line = next(x for x in md.stdout.splitlines() if "`under5_mortality`" in x)
    assert line.endswith("| — | 3.9 ✓ | 4.1 ✓ ↓ | 4.3 ✓ ↓ | 4.6 ! ↓ | 恶化 |")  # Chinese by default


def test_trend_help_documents_the_rule(cli: Cli) -> None:
    result = cli("trend", "--help")
    assert "worsening when m < 0" in result.stdout


def test_trend_without_any_data_is_exit_2(cli: Cli) -> None:
    result = cli("trend", "yubei", "--from", "2019", "--to", "2021")
    assert result.exit_code == 2
    assert "no data for any year" in result.stderr
    reversed_years = cli("trend", "yubei", "--from", "2024", "--to", "2023")
    assert reversed_years.exit_code == 2


# -------------------------------------------------------------------------------------------------------- diff


def test_diff_same_report_is_exit_0(cli: Cli, registry: PlanRegistry, tmp_path: Path) -> None:
    a = tmp_path / "a.json"
    _report(registry, 2024, a)
    result = cli("diff", str(a), str(a), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["worse"] is False and data["illustrative"] is True
    assert all(data[k] == [] for k in ("new", "resolved", "changed", "added", "removed"))


def test_diff_2023_to_2024(cli: Cli, registry: PlanRegistry, tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    _report(registry, 2023, a)
    _report(registry, 2024, b)
    result = cli("diff", str(a), str(b), "--format", "json")
    assert result.exit_code == 1, result.stderr
    data = result.json()
    resolved = {(r["indicator"], r["status_a"], r["status_b"]) for r in data["resolved"]}
    assert ("physicians_per_1000", "fail", "pass") in resolved
    worse = [r for r in data["changed"] if r["worse"]]
    assert any(
        r["indicator"] == "under5_mortality" and (r["status_a"], r["status_b"]) == ("pass", "warn") for r in worse
    )
    back = cli("diff", str(b), str(a), "--lang", "en")
    assert back.exit_code == 1  # 2024 → 2023 has new failures
    assert "new (" in back.stdout and "physicians_per_1000" in back.stdout


def test_diff_hand_edited_copy(cli: Cli, registry: PlanRegistry, tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    data = _report(registry, 2024, a)
    edited = json.loads(json.dumps(data))
    rows = {i["id"]: i for i in edited["districts"][0]["indicators"]}
    rows["nurses_per_1000"]["targets"][0]["status"] = "pass"  # a failure resolved
    rows["life_expectancy"]["targets"][0]["status"] = "fail"  # a new failure
    rows["life_expectancy"]["value"] = "79.10"  # the same number written differently
    removed = rows["gps_per_10000"]["targets"].pop()
    b.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    result = cli("diff", str(a), str(b), "--format", "json")
    assert result.exit_code == 1
    out = result.json()
    assert [r["indicator"] for r in out["new"]] == ["life_expectancy"]
    assert out["new"][0]["value_changed"] is False  # compared as Decimal
    assert [r["indicator"] for r in out["resolved"]] == ["nurses_per_1000"]
    assert [(r["indicator"], r["target_year"]) for r in out["removed"]] == [("gps_per_10000", removed["target_year"])]
    # only the resolution: nothing got worse
    improved = json.loads(json.dumps(data))
    {i["id"]: i for i in improved["districts"][0]["indicators"]}["nurses_per_1000"]["targets"][0]["status"] = "pass"
    b.write_text(json.dumps(improved, ensure_ascii=False), encoding="utf-8")
    assert cli("diff", str(a), str(b)).exit_code == 0
    assert Decimal(rows["life_expectancy"]["value"]) == Decimal("79.1")


def test_diff_input_errors_are_exit_2(cli: Cli, registry: PlanRegistry, tmp_path: Path) -> None:
    a = tmp_path / "a.json"
    _report(registry, 2024, a)
    missing = cli("diff", str(a), str(tmp_path / "nope.json"))
    assert missing.exit_code == 2 and "cannot read" in missing.stderr
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json", encoding="utf-8")
    assert cli("diff", str(a), str(garbage)).exit_code == 2
    not_report = tmp_path / "other.json"
    not_report.write_text('{"districts": []}', encoding="utf-8")
    result = cli("diff", str(not_report), str(a))
    assert result.exit_code == 2 and "not a JSON report" in result.stderr
    future = tmp_path / "future.json"
    future.write_text(json.dumps({"schema_version": 99, "districts": []}), encoding="utf-8")
    result = cli("diff", str(a), str(future))
    assert result.exit_code == 2 and "schema version 99" in result.stderr
