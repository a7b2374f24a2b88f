"""Plans as a table (inputs.plan_table): the same models as a YAML plan, and every mistake at its row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.domain.errors import InputError
from checker.domain.models import TargetKind
from checker.inputs.loading import PlanRegistry

HEADER = (
    "district,district_name,parent,period_start,period_end,indicator,project_name,kind,op,value,low,high,relative,"
    "baseline_year,baseline_value,target_year,nature,document,section,item"
)
ROWS = [
    "t1,合成一,national,2021,2025,life_expectancy,,threshold,>=,79.5,,,,2020,78.2,2025,expected,doc.txt,专栏1,1",
    "t1,合成一,national,2021,2025,physicians_per_1000,,range,,,2.5,3.5,,2020,2.4,2025,binding,doc.txt,专栏1,2",
    "t1,合成一,national,2021,2025,t1_p01,县医院,milestone,>=,投入使用,,,,,,2025,binding,doc.txt,专栏2,1",
    "t2,合成二,national,2021,2025,life_expectancy,,change,>=,1,,,,2020,78.0,2025,binding,doc.txt,专栏1,1",
    "t2,合成二,national,2021,2025,health_literacy,,change,>=,20,,,true,2020,25,2025,expected,doc.txt,第三章,4",
]


def table(tmp_path: Path, rows: list[str], header: str = HEADER) -> Path:
    path = tmp_path / "plans.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_table_gives_one_plan_per_district_with_its_targets(tmp_path: Path) -> None:
    registry = PlanRegistry.load(table(tmp_path, ROWS))
    t1, t2 = registry.by_id["t1"], registry.by_id["t2"]
    assert (t1.meta.name, t1.meta.parent, t1.meta.period.start, t1.meta.level) == (
        "合成一",
        "national",
        2021,
        "district",
    )
    assert [e.indicator for e in t1.plan.indicators] == ["life_expectancy", "physicians_per_1000"]
    first = t1.entries["life_expectancy"]
    assert first.baseline is not None and str(first.baseline.value) == "78.2"
    assert first.targets[0].kind is TargetKind.THRESHOLD and str(first.targets[0].value) == "79.5"
    assert first.targets[0].source.cite() == "doc.txt 专栏1 序号1"
    assert [(p.id, p.name, p.targets[0].value) for p in t1.plan.projects] == [("t1_p01", "县医院", "投入使用")]
    relative = t2.entries["health_literacy"].targets[0]
    assert relative.kind is TargetKind.CHANGE and relative.relative is True
    assert registry.resolve("合成二") is t2  # names work on the command line as for YAML plans


@pytest.mark.parametrize(
    ("rows", "header", "where", "words"),
    [
        pytest.param(
            [ROWS[0].replace(",79.5,", ",7x,")], HEADER, (2, 10), "value '7x' is not a number", id="value-not-a-number"
        ),
        pytest.param([ROWS[0].replace("expected", "expectd")], HEADER, (2, 17), "nature", id="nature"),
        pytest.param([ROWS[0].replace(",>=,", ",=>,")], HEADER, (2, 9), "op", id="op"),
        pytest.param(
            [ROWS[0].replace("life_expectancy", "life_expectance")],
            HEADER,
            (2, 6),
            "not in the catalogue",
            id="not-in-catalogue",
        ),
        pytest.param([ROWS[0], ROWS[1].replace("合成一", "合成1")], HEADER, (3, 2), "differs", id="name-differs"),
        pytest.param(
            [ROWS[0].replace(",national,", ",nowhere,")], HEADER, (2, 3), "parent plan 'nowhere'", id="unknown-parent"
        ),
        pytest.param([ROWS[0]], HEADER + ",colour", (1, 21), "unknown column 'colour'", id="unknown-column"),
        pytest.param([ROWS[0]], HEADER.replace("nature,", ""), (1, 1), "missing column(s) nature", id="missing-column"),
        pytest.param([ROWS[0] + ",extra"], HEADER, (2, 1), "row has 21 cells", id="extra-cell"),
    ],
)
def test_mistakes_are_reported_at_row_and_column(
    tmp_path: Path, rows: list[str], header: str, where: tuple[int, int], words: str
) -> None:
    with pytest.raises(InputError) as caught:
        PlanRegistry.load(table(tmp_path, rows, header))
    found = [(p.line, p.column, p.message) for p in caught.value.problems]
    assert any((line, col) == where and words in message for line, col, message in found), found
