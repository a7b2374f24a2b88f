"""One county of a national table: a run reads that county's plan rows and data rows alone (issue 17), with the
same verdicts as a run over every county, and the same file:line in every message."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.benchmarks import generated_world, present
from support.cli import Cli

from checker.inputs import readers

if not present():  # an sdist without the benchmarks folder
    pytest.skip("benchmarks/ is not in this tree", allow_module_level=True)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_world(tmp_path_factory, 6, 3)


def _districts(report: dict) -> dict[str, dict]:
    return {d["district"]: d for d in report["districts"]}


def test_one_county_gets_the_verdicts_of_a_run_over_all(cli: Cli, world: Path) -> None:
    where = ["--plans", str(world / "plans.csv"), "--rules", str(world / "rules"), "--data", str(world / "data.csv")]
    every = _districts(cli("--year", "2024", "all", *where, "--format", "json").json())
    for name in ("u0002", "合成县0005", "u0006"):
        one = cli("--year", "2024", name, *where, "--format", "json").json()
        (district,) = one["districts"]
        assert district == every[district["district"]]


def test_a_name_the_table_does_not_know_still_gets_its_hint(cli: Cli, world: Path) -> None:
    where = ["--plans", str(world / "plans.csv"), "--rules", str(world / "rules"), "--data", str(world / "data.csv")]
    result = cli("--year", "2024", "u0022", *where)
    assert result.exit_code == 2 and "unknown district 'u0022'" in result.stderr and "did you mean" in result.stderr


def test_a_problem_in_the_county_s_rows_is_at_its_line(cli: Cli, world: Path, tmp_path: Path) -> None:
    lines = (world / "data.csv").read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("u0003,2024,"))
    lines[at] = lines[at].replace(",true", ",maybe")  # the illustrative cell: not a yes/no
    data = tmp_path / "data.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    where = ["--plans", str(world / "plans.csv"), "--rules", str(world / "rules"), "--data", str(data)]
    assert cli("--year", "2024", "u0002", *where, "--format", "json").exit_code in (0, 1)  # not its row
    result = cli("--year", "2024", "u0003", *where, "--format", "json")
    assert result.exit_code == 2 and f"{data}:{at + 1}:" in result.stderr


def test_a_county_s_lines_are_searched_once_per_version_of_the_table(
    cli: Cli, world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lines found for a county are cached by the table's digest: read back while the file is unchanged, and
    searched again once a byte of it changes."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("HEALTH_PLAN_CHECKER_CACHE", str(folder))
    data = tmp_path / "data.csv"
    data.write_bytes((world / "data.csv").read_bytes())
    where = ["--plans", str(world / "plans.csv"), "--rules", str(world / "rules"), "--data", str(data)]

    def value() -> str:
        (district,) = cli("--year", "2024", "u0002", *where, "--format", "json").json()["districts"]
        return next(row["value"] for row in district["indicators"] if row["id"] == "i01")

    first = value()
    (entry,) = [p for p in folder.glob("district-lines-*.json") if "u0002,2024,i01," in p.read_text(encoding="utf-8")]
    row = f"u0002,2024,i01,{first},"
    entry.write_text(entry.read_text(encoding="utf-8").replace(row, "u0002,2024,i01,1.25,"), encoding="utf-8")
    assert value() == "1.25"  # the cached lines, not a new search
    data.write_text(data.read_text(encoding="utf-8").replace(row, "u0002,2024,i01,2.5,"), encoding="utf-8")
    assert value() == "2.5"  # another version of the table: searched again


_cells = st.sampled_from(["u1", "u2", "u12", "x", "", 'a "q"', "two\nlines", "u1\nu2", "3.5", "年报"])


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.lists(_cells, min_size=2, max_size=4), min_size=0, max_size=25),
    block=st.sampled_from([4, 16, 1 << 20]),
)
def test_passing_lines_over_keeps_exactly_the_rows_of_the_districts_asked_for(
    rows: list[list[str]], block: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Against the full parse: the same rows of u1 and u2 with the same line numbers, quoted cells over lines and
    names inside other cells included, whatever the block size."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([["district", "value"], *rows])
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    wanted = frozenset({"u1", "u2"})
    full = [(n, row) for n, row in readers._csv_rows(path, "utf-8") if n == 1 or (row and row[0] in wanted)]
    original = readers._BLOCK
    readers._BLOCK = block
    try:
        kept = [(n, row) for n, row in readers.district_rows(path, wanted, []) if n == 1 or (row and row[0] in wanted)]
    finally:
        readers._BLOCK = original
    assert kept == full


def test_rows_carry_the_line_they_start_on(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('district,note\nu1,"two\nlines"\nu2,x\nu3,"a\nb\nc"\nu1,y\n', encoding="utf-8")
    every = list(readers._csv_rows(path, "utf-8"))
    assert [(n, row[0]) for n, row in every] == [(1, "district"), (2, "u1"), (4, "u2"), (5, "u3"), (8, "u1")]
    kept = [(n, row[0]) for n, row in readers.district_rows(path, frozenset({"u1"}), [])]
    assert kept == [(1, "district"), (2, "u1"), (5, "u3"), (8, "u1")]  # a row with a quote is parsed to tell


def test_a_gb18030_table_is_searched_for_a_chinese_name_too(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("district,value\n荣昌区,1\n北碚区,2\n荣昌区,3\n".encode("gb18030"))
    notes: list[str] = []
    rows = readers.district_rows(path, frozenset({"荣昌区"}), notes)
    assert rows == [(1, ["district", "value"]), (2, ["荣昌区", "1"]), (4, ["荣昌区", "3"])]
    assert notes == ["read as GB18030 (not UTF-8)"]


def test_a_county_whose_parent_is_in_the_table_brings_its_parent(cli: Cli, world: Path, tmp_path: Path) -> None:
    """u0002 under u0001 (a city above its county, in the same table): asked for alone, by id, its plan comes with
    its parent's, whose targets are floors for it, as in a run over all, with the cache empty and then warm."""
    lines = (world / "plans.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    parent = header.index("parent")

    def reparent(line: str) -> str:
        cells = line.split(",")
        if cells[0] == "u0002":
            cells[parent] = "u0001"
        return ",".join(cells)

    plans = tmp_path / "plans.csv"
    plans.write_text("\n".join([lines[0], *map(reparent, lines[1:])]) + "\n", encoding="utf-8")
    where = ["--plans", str(plans), "--rules", str(world / "rules"), "--data", str(world / "data.csv")]
    first = cli("--year", "2024", "u0002", *where, "--format", "json").json()
    again = cli("--year", "2024", "u0002", *where, "--format", "json").json()
    every = _districts(cli("--year", "2024", "all", *where, "--format", "json").json())
    for report in (first, again):
        (district,) = report["districts"]
        assert district == every["u0002"]
        floors = [t for i in district["indicators"] for t in i["targets"] if t["floor"]]
        assert any(t["plan"] == "u0001" for t in floors)


def test_one_county_reads_a_folder_of_every_county_s_files(cli: Cli, world: Path) -> None:
    """Its plan alone is loaded; the other counties' files in the data folder are theirs, not unknown districts."""
    where = ["--plans", str(world / "plans.csv"), "--rules", str(world / "rules"), "--data", str(world / "data")]
    one = cli("--year", "2024", "u0003", *where, "--format", "html", "--output", "r.html")  # charts: other years too
    assert one.exit_code in (0, 1), one.stderr
    (district,) = cli("--year", "2024", "u0003", *where, "--format", "json").json()["districts"]
    every = _districts(cli("--year", "2024", "all", *where, "--format", "json").json())
    assert district == every["u0003"]


@pytest.mark.parametrize("name", ["rongchang", "荣昌"])
def test_a_district_of_the_bundled_plans_by_id_or_name_gets_the_same_report(cli: Cli, name: str) -> None:
    """By its id only its plan file (and those it names) is read; by its name every file: the same report."""
    by_id = cli("--year", "2024", "rongchang", "--format", "json").json()["districts"]
    other = cli("--year", "2024", name, "--format", "json").json()["districts"]
    assert other == by_id
    table = cli("--year", "2024", name, "--show", "all")  # the table charts other years: their files are read
    assert table.exit_code == 1 and "荣昌区" in table.stdout
