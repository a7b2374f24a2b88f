"""``check validate`` tells what a run would do: for every data file of the test data (the bundled data, the test
world, the fixture tables, and files broken on purpose here), a file that validates is read by a run of every
district-year it holds, and a file that does not is refused by the run of the district-year at fault (a run reads a
table's rows of the districts it checks, so another district's mistake stops only that district's run)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from support.cli import Cli
from support.paths import FIXTURES, WORLD

from checker.inputs.resources import bundled_dir

BUNDLED = bundled_dir("data")
WORLD_PLANS = ["--plans", str(WORLD / "plans"), "--rules", str(WORLD / "rules")]


def _broken(folder: Path) -> list[Path]:
    """Copies of a bundled file with one mistake each: a value off by 100, a unit contradicting its column, a
    district-year twice with two figures, an unknown indicator."""
    source = BUNDLED / "2024" / "rongchang.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    made = []
    fraction = dict(data, values=dict(data["values"], life_expectancy=0.791))
    (folder / "fraction.yaml").write_text(yaml.safe_dump(fraction, allow_unicode=True), encoding="utf-8")
    made.append(folder / "fraction.yaml")
    unknown = dict(data, values=dict(data["values"], no_such_indicator=1))
    (folder / "unknown.yaml").write_text(yaml.safe_dump(unknown, allow_unicode=True), encoding="utf-8")
    made.append(folder / "unknown.yaml")
    head = "district,year,indicator,value\n"
    tables = {
        "unit.csv": "district,year,indicator,value,unit\nrongchang,2024,life_expectancy,79.1%,岁\n",
        "twice.csv": head + "荣昌,2024,life_expectancy,79.1\n荣昌区,2024,life_expectancy,79.3\n",
        "fine.csv": head + "荣昌,2024,life_expectancy,79.1\n荣昌区,2024,life_expectancy,79.10\n",
    }
    for name, text in tables.items():
        (folder / name).write_text(text, encoding="utf-8")
        made.append(folder / name)
    return made


def _district_years(path: Path) -> list[tuple[str, int]]:
    """The district-years a file says it holds, read plainly (not through the checker under test)."""
    if path.suffix == ".csv":
        rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line]
        return sorted({(row[0], int(row[1])) for row in rows})
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(str(data["district"]), int(data["year"]))]


def _cases(tmp: Path) -> list[tuple[Path, list[str]]]:
    cases = [(p, []) for p in sorted(BUNDLED.rglob("*.yaml"))]
    cases += [(p, WORLD_PLANS) for p in sorted((WORLD / "data").rglob("*.yaml"))]
    cases += [(p, []) for p in sorted(FIXTURES.glob("*.csv"))]
    cases += [(p, []) for p in _broken(tmp)]
    return cases


def test_validate_and_the_run_agree_on_every_file(cli: Cli, tmp_path: Path) -> None:
    outcomes = []
    for path, plans in _cases(tmp_path):
        valid = cli("validate", str(path), *plans).exit_code == 0
        reads = []
        for district, year in _district_years(path):
            run = cli("--year", str(year), district, "--data", str(path), "--format", "json", *plans)
            assert run.exit_code in (0, 1, 2), run.stderr
            reads.append(run.exit_code != 2)
            outcomes.append((path.name, district, year, valid, reads[-1]))
        assert all(reads) if valid else not all(reads), (path, valid, reads)
    names = {name for name, *_ in outcomes}
    assert {"fraction.yaml", "unit.csv", "twice.csv", "fine.csv", "two_districts.csv"} <= names
    assert any(valid for *_, valid, _ in outcomes) and any(not valid for *_, valid, _ in outcomes)


@pytest.mark.parametrize("name", ["2024", "2023"])
def test_validate_and_the_run_agree_on_a_folder(cli: Cli, tmp_path: Path, name: str) -> None:
    """A folder with every bundled file of a year and one broken table: invalid for both."""
    folder = tmp_path / "data"
    shutil.copytree(BUNDLED / name, folder / name)
    assert cli("validate", str(folder)).exit_code == 0
    assert cli("--year", name, "all", "--data", str(folder), "--format", "json").exit_code in (0, 1)
    (folder / "extra.csv").write_text(
        f"district,year,indicator,value,unit\nrongchang,{name},life_expectancy,79.1%,岁\n", encoding="utf-8"
    )
    assert cli("validate", str(folder)).exit_code == 1
    assert cli("--year", name, "all", "--data", str(folder), "--format", "json").exit_code == 2
