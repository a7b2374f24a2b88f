"""Reported-data files: what they may contain, and a positioned error for everything they must not."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from support.paths import FIXTURES, ROOT

from checker.domain.errors import InputError
from checker.inputs.data_store import load_data_file
from checker.inputs.loading import PlanRegistry

Write = Callable[[str, str], Path]


def load(registry: PlanRegistry, path: Path, district: str = "rongchang", year: int = 2024):  # type: ignore[no-untyped-def]
    return load_data_file(path, registry.resolve(district), registry, year)


def test_values_by_id_name_alias_and_printed_name(registry: PlanRegistry, write: Write) -> None:
    path = write(
        "r.yaml",
        """
        district: 荣昌区
        year: 2024
        illustrative: false
        source: 测试
        values:
          physicians_per_1000: 3.41
          人均预期寿命: 79
          婴儿死亡率（‰）: "2.1"
          每千常住人口注册护士数(人): {value: 4.2, unit: 人/千人, source: 某文件第3段}
          childcare_places_per_1000: null
    """,
    )
    reported = load(registry, path)
    assert reported.values == {
        "physicians_per_1000": Decimal("3.41"),
        "life_expectancy": Decimal(79),
        "infant_mortality": Decimal("2.1"),
        "nurses_per_1000": Decimal("4.2"),
        "childcare_places_per_1000": None,
    }
    assert reported.sources["nurses_per_1000"] == "某文件第3段"


# (file body after the header, message, line, column); the header takes lines 1-4
BAD_VALUES = [
    pytest.param("  physicians_per_100: 3.4\n", "unknown indicator 'physicians_per_100'", 5, 3, id="unknown-indicator"),
    pytest.param("  physicians_per_1000: abc\n", "'abc' is not a number", 5, 24, id="not-a-number"),
    pytest.param("  physicians_per_1000: true\n", "a yes/no value is not a number", 5, 24, id="yes-no"),
    pytest.param(
        "  physicians_per_1000: {value: 3.4, unit: '%'}\n",
        "unit '%' does not convert to '人/千人'",
        5,
        24,
        id="unit-does-not-convert",
    ),
    pytest.param(
        "  physicians_per_1000: {valu: 3.4}\n",
        "unknown field 'valu'; allowed: value, unit, source, note, verified",
        5,
        25,
        id="unknown-field",
    ),
    pytest.param(
        "  physicians_per_1000: 3.4\n  每千人口执业（助理）医师数: 3.5\n", "given twice", 6, 3, id="given-twice-by-name"
    ),
    pytest.param("  physicians_per_1000: 3.4\n  physicians_per_1000: 3.5\n", "duplicate key", 6, 3, id="duplicate-key"),
]


@pytest.mark.parametrize(("body", "message", "line", "column"), BAD_VALUES)
def test_bad_values_are_positioned_errors(
    registry: PlanRegistry, write: Write, body: str, message: str, line: int, column: int
) -> None:
    path = write("r.yaml", "district: rongchang\nyear: 2024\nillustrative: false\nvalues:\n" + body)
    with pytest.raises(InputError) as info:
        load(registry, path)
    problem = info.value.problems[0]
    assert message in problem.message
    assert (problem.line, problem.column) == (line, column)


def test_did_you_mean_for_a_near_miss(registry: PlanRegistry, write: Write) -> None:
    path = write("r.yaml", "district: rongchang\nyear: 2024\nillustrative: false\nvalues:\n  physicians_per_100: 3\n")
    with pytest.raises(InputError) as info:
        load(registry, path)
    assert (info.value.problems[0].hint or "").startswith("did you mean 'physicians_per_1000'")


def test_all_problems_in_a_file_are_reported_together(registry: PlanRegistry, write: Write) -> None:
    path = write(
        "r.yaml", "district: beibei\nyear: 2023\nillustrative: false\nvalues:\n  nope: 1\n  gps_per_10000: x\n"
    )
    with pytest.raises(InputError) as info:
        load(registry, path)
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 4
    assert any("year 2023, but year 2024" in m for m in messages)
    assert any("district 'beibei'" in m for m in messages)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "district: rongchang\nyear: 2024\nvalues: {}\n",
            "missing required field 'illustrative'",
            id="no-illustrative",
        ),
        pytest.param(
            "district: rongchang\nyear: 2024\nillustrative: false\nvalues: {}\nextra: 1\n",
            "unknown field 'extra'; allowed: district, year",
            id="unknown-field",
        ),
        pytest.param("- just\n- a list\n", "expected a mapping at the top of the file", id="not-a-mapping"),
    ],
)
def test_structure_errors(registry: PlanRegistry, write: Write, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load(registry, write("r.yaml", text))


def test_verified_flag_defaults_to_the_files_and_can_be_set_per_value(registry: PlanRegistry, write: Write) -> None:
    path = write(
        "r.yaml",
        """
        district: rongchang
        year: 2024
        illustrative: false
        verified: false
        values:
          physicians_per_1000: 3.41
          nurses_per_1000: {value: 4.2, verified: true, source: checked against the printed yearbook}
    """,
    )
    reported = load(registry, path)
    assert reported.verified == {"physicians_per_1000": False, "nurses_per_1000": True}
    bad = write(
        "b.yaml",
        "district: rongchang\nyear: 2024\nillustrative: false\nvalues:\n"
        "  nurses_per_1000: {value: 4.2, verified: maybe}\n",
    )
    with pytest.raises(InputError, match="'maybe' is not true or false or null"):
        load(registry, bad)


# --- the shortcut past the schema: plainly_valid must never call valid what the schema refuses ----------------

_scalars = st.none() | st.booleans() | st.integers(-5, 3000) | st.text(max_size=3) | st.decimals(allow_nan=False)
_entries = _scalars | st.dictionaries(
    st.sampled_from(["value", "unit", "source", "note", "verified", "other"]), _scalars, max_size=4
)
_valid_entries = (
    st.none()
    | st.booleans()
    | st.integers(-5, 3000)
    | st.text(max_size=3)
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.fixed_dictionaries(
        {"value": st.none() | st.decimals(allow_nan=False, allow_infinity=False) | st.text(max_size=2)},
        optional={"unit": st.text(max_size=2), "source": st.none() | st.text(max_size=2), "verified": st.booleans()},
    )
)


@st.composite
def _near_valid(draw: st.DrawFn) -> dict[str, object]:
    """A document of the right shape, with now and then one field or entry of the wrong type or an unknown key."""
    document: dict[str, object] = {
        "district": draw(st.text(min_size=1, max_size=3)),
        "year": draw(st.integers(1949, 2100)),
        "illustrative": draw(st.booleans()),
        "values": draw(st.dictionaries(st.text(max_size=3), _valid_entries, max_size=4)),
    }
    for key in draw(st.lists(st.sampled_from(["verified", "source", "note"]), unique=True)):
        document[key] = draw(st.none() | (st.booleans() if key == "verified" else st.text(max_size=3)))
    if draw(st.booleans()):  # spoil one thing
        key = draw(st.sampled_from([*document, "extra"]))
        document[key] = draw(_scalars | _entries)
    return document


_documents = _near_valid() | st.fixed_dictionaries(
    {},
    optional={
        "district": _scalars,
        "year": st.integers(1900, 2200) | _scalars,
        "illustrative": _scalars,
        "verified": _scalars,
        "source": _scalars,
        "note": _scalars,
        "values": st.dictionaries(st.text(max_size=3) | st.integers(0, 3), _entries, max_size=4) | _scalars,
        "extra": _scalars,
    },
)


@settings(max_examples=400)
@given(document=_documents)
def test_plainly_valid_implies_the_schema_accepts(document: dict[str, object]) -> None:
    from checker.inputs.data_store import _data_schema, plainly_valid

    shortcut = plainly_valid(document)
    event(f"plainly valid: {shortcut}")
    if shortcut:
        assert not list(_data_schema().iter_errors(document)), document


@pytest.mark.parametrize("year", ["2022", "2023", "2024"])
def test_plainly_valid_takes_the_bundled_files(year: str) -> None:
    """The shortcut must be the common case: every bundled data file is plainly valid."""
    from checker.inputs.data_store import plainly_valid
    from checker.inputs.yamlio import load_yaml_file

    files = sorted((ROOT / "data" / year).glob("*.yaml"))
    assert files and all(plainly_valid(load_yaml_file(f).data) for f in files)


# --- a run for some districts of a table reads their rows only ------------------------------------------------


def test_a_table_read_for_some_districts_keeps_their_rows_and_line_numbers() -> None:
    from checker.inputs.readers import read_data_file

    path = FIXTURES / "two_districts.csv"  # rongchang's two rows, and beibei's one row given twice
    every = read_data_file(path)
    assert {d.data["district"] for d in every.documents} == {"rongchang", "beibei"}
    assert any("given twice" in p.message for p in every.problems)  # beibei's row 4
    some = read_data_file(path, frozenset({"rongchang", "荣昌区"}))
    assert [d.data["district"] for d in some.documents] == ["rongchang"] and not some.problems
    assert some.documents[0].where(("values", "physicians_per_1000")) == (5, 4)  # line 5 of the file, column D
