"""Messages people can act on: each kind of mistake in a data file gets its own hint, in the words of the file's
format (a CSV or Excel table is never told of the YAML {value: …} form)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli import Cli

YAML_HEAD = "district: rongchang\nyear: 2024\nillustrative: true\nvalues:\n"


@pytest.mark.parametrize(
    ("name", "body", "message", "hint"),
    [
        pytest.param(
            "a.yaml",
            YAML_HEAD + "  physicians_per_1000: 3,41\n",
            "'3,41' is not a number",
            "use a decimal point: 3.41",
            id="yaml-decimal-comma",
        ),
        pytest.param(
            "a.csv",
            'district,year,indicator,value\nrongchang,2024,physicians_per_1000,"3,41"\n',
            "'3,41' is not a number",
            "use a decimal point: 3.41",
            id="csv-decimal-comma",
        ),
        pytest.param(
            "a.csv",
            "district,year,indicator,value\nrongchang,2024,physicians_per_1000,about three\n",
            "'about three' is not a number",
            "write a number in the value cell (a unit may follow it: 48.5%), or leave it blank if not known",
            id="csv-not-a-number",
        ),
        pytest.param(
            "a.yaml",
            YAML_HEAD + "  physicians_per_1000: about three\n",
            "'about three' is not a number",
            "write a number, or {value: 3.41, unit: ..., source: ...}",
            id="yaml-not-a-number",
        ),
        pytest.param(
            "a.yaml",
            YAML_HEAD + "  rongchang_p01: 快完成了\n",
            "'快完成了' is not a project status",
            "write one of: ",
            id="status",
        ),
        pytest.param(
            "a.yaml",
            YAML_HEAD + "  cdc_tertiary_grade: maybe\n",
            "is not done/not done",
            "write true or false (是 or 否)",
            id="deliverable",
        ),
        pytest.param(
            "a.csv",
            "district,year,indicator,name,value\nrongchang,2024,,医师数,3.41\n",
            "row has a value but no indicator",
            "fill the 'indicator' (指标) column with the indicator's id or name; a 'name' column is only for reading",
            id="no-indicator",
        ),
    ],
)
def test_each_mistake_gets_its_own_hint(
    cli: Cli, tmp_path: Path, name: str, body: str, message: str, hint: str
) -> None:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if message in line)
    assert lines[at + 1].strip().startswith(f"hint: {hint}"), lines[at : at + 2]
    if name.endswith(".csv"):
        assert "{value:" not in result.stdout


def test_a_did_you_mean_never_repeats_a_name(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    body = "  Physicians_Per_1000: 3.41\n  physcians_per_1000: 3.41\n  每千人口执业医师: 3\n"
    path.write_text(YAML_HEAD + body, encoding="utf-8")
    result = cli("validate", str(path))
    hints = [line for line in result.stdout.splitlines() if "did you mean" in line]
    assert len(hints) == 3
    # 每千人口执业（助理）医师数, its ASCII-bracket spelling and 每千常住人口… all name physicians_per_1000: one of them
    assert (
        hints[2].strip() == "hint: did you mean '每千人口执业（助理）医师数' or '每千人口中医类别执业（助理）医师数'?"
    )
    for line in hints:
        names = line.split("did you mean ", 1)[1].rstrip("?").split(" or ")
        folded = [name.strip("'").casefold() for name in names]
        assert len(folded) == len(set(folded)), line


def test_problems_in_a_table_come_in_the_file_s_order(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        'district,year,indicator,value\nrongchang,2024,physicians_per_1000,"3,41"\nrongchang,2024,,5\n',
        encoding="utf-8",
    )
    lines = [line for line in cli("validate", str(path)).stdout.splitlines() if ": error: " in line]
    assert [line.split(":")[1] for line in lines] == ["2", "3"]
