"""A national CSV table held as its rows' text (checker.inputs.table_index): each district-year's documents built
when asked for are those reading the whole file builds, at the same lines, whatever the table looks like; a problem
anywhere stops the read; a run over every county reads through it (issue 17: its memory bounded)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.domain.errors import InputError
from checker.engine.run import RunRequest, run_check
from checker.inputs import data_store
from checker.inputs.data_store import DataStore, HeldDocuments
from checker.inputs.loading import PlanRegistry
from checker.inputs.readers import read_data_file
from checker.inputs.table_index import TableIndex


def written(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def every_district_year(path: Path) -> tuple[dict, dict]:
    """(district, year) → [(place, data, positions, key positions)] from the index and from the whole read."""
    index, held = TableIndex(path), HeldDocuments(read_data_file(path))

    def seen(found: HeldDocuments | TableIndex) -> dict:
        return {
            key: [(n, d.data, d.positions, d.key_positions) for n, d in found.documents(*key)]
            for key in found.district_years()
        }

    return seen(index), seen(held)


SCATTERED = """district,year,indicator,value,unit,source,note
rongchang,2024,physicians_per_1000,3.41,,区卫健委年报,
beibei,2024,physicians_per_1000,2.9,,,
荣昌区,2024,health_literacy,28.5%,,,
rongchang,2023,physicians_per_1000,3.3,,,"two
lines"

rongchang,2024,nurses_per_1000,4.2,人/千人,,
beibei,2023,health_literacy,27,,,
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_the_documents_built_again_are_those_of_the_whole_read(tmp_path: Path, encoding: str) -> None:
    """Rows of one district-year far apart, a district under two names, a quoted cell over two lines, a blank line,
    a byte-order mark, a GB18030 file."""
    index, held = every_district_year(written(tmp_path / "t.csv", SCATTERED, encoding))
    assert index == held
    assert len(index[("rongchang", "2024")]) == len(index[("荣昌区", "2024")]) == 1
    assert index[("rongchang", "2024")][0][2][("values", "nurses_per_1000")] == (8, 4)  # its line, past the others


def test_a_wide_table_too(tmp_path: Path) -> None:
    text = "区县,年份,physicians_per_1000,health_literacy\nrongchang,2024,3.41,28.5\nbeibei,2024,2.9,\n"
    index, held = every_district_year(written(tmp_path / "wide.csv", text))
    assert index == held and set(index) == {("rongchang", "2024"), ("beibei", "2024")}


def test_a_problem_anywhere_in_the_table_stops_the_read(tmp_path: Path) -> None:
    path = written(tmp_path / "t.csv", "district,year,indicator,value\nrongchang,2024,,3.41\nbeibei,2024,x,1\n")
    with pytest.raises(InputError) as caught:
        TableIndex(path)
    assert [(p.line, p.message) for p in caught.value.problems] == [(2, "row has a value but no indicator")]


_cells = st.sampled_from(["u1", "u2", "2024", "2023", "i1", "i2", "", "3.5", "a\nb", '"q"', "年报"])


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.lists(_cells, min_size=3, max_size=5), max_size=20))
def test_any_long_table_is_built_again_as_it_is_read_whole(
    rows: list[list[str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([["district", "year", "indicator", "value", "note"], *rows])
    path = written(tmp_path_factory.mktemp("csv") / "t.csv", buffer.getvalue())
    try:
        whole = read_data_file(path)
    except InputError:
        whole = None
    if whole is None or whole.problems:  # a malformed table, or rows the reader refuses: refused alike
        with pytest.raises(InputError):
            TableIndex(path)
        return
    held, index = HeldDocuments(whole), TableIndex(path)
    assert list(index.district_years()) == list(held.district_years())
    for key in held.district_years():
        assert [(n, d.data, d.positions) for n, d in index.documents(*key)] == [
            (n, d.data, d.positions) for n, d in held.documents(*key)
        ]


def test_a_run_over_a_table_keeps_few_district_years_and_reads_them_again_alike(
    registry: PlanRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store keeps the latest district-years it read (KEEP_READ): one asked for again is read again, the same."""
    text = "district,year,indicator,value\n" + "".join(
        f"{d},{y},physicians_per_1000,{v}\n"
        for d, v in (("rongchang", "3.41"), ("beibei", "2.9"), ("yubei", "3.1"))
        for y in (2023, 2024)
    )
    path = written(tmp_path / "t.csv", text)
    kept = run_check(RunRequest(2024, ("all",), path), registry)
    monkeypatch.setattr(data_store, "KEEP_READ", 1)
    store = DataStore(registry, path)
    again = run_check(RunRequest(2024, ("all",), path), registry, store)
    assert again == kept and len(store._cache) == 1
    rongchang = registry.resolve("rongchang")
    assert store.get(rongchang, 2024) == store.get(rongchang, 2024) is not None
    assert store.years(rongchang) == [2023, 2024]
