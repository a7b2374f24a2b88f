"""The JSON outputs' encoder (checker.formats.json.dump, msgspec's) writes byte for byte what the standard library
writes with ensure_ascii=False and indent=2, for everything a report holds: text of any kind (Chinese, control
characters, line separators, surrogate-free), integers of any size, booleans, null, lists and objects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.domain.messages import Message
from checker.domain.results import Status
from checker.formats.json import dump

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
LEAVES = st.none() | st.booleans() | st.integers(min_value=-(10**40), max_value=10**40) | TEXT
DATA = st.recursive(
    LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4), max_leaves=30
)


@settings(max_examples=300)
@given(DATA)
def test_dump_is_the_standard_library_s_indented_json(data: Any) -> None:
    assert dump(data) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_sentences_and_verdicts_are_their_text() -> None:
    message = Message("met", shown="4.8 人/千人", goal=Message("goal.op", op="≥", value="4.7", year=2025))
    data = {"message": message, "status": Status.FAIL, "list": [message, "\u2028\x00\x7f"]}
    assert dump(data) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("value", [object(), Path("data.csv"), Exception("x")])
def test_what_a_report_does_not_hold_is_an_error(value: object) -> None:
    with pytest.raises(TypeError):
        dump({"value": value})


def test_the_run_report_is_its_utf8_bytes(registry) -> None:  # type: ignore[no-untyped-def]
    from checker.engine.run import RunRequest, run_check
    from checker.formats.json import run, run_data
    from checker.formats.registry import RenderOptions

    report = run_check(RunRequest(year=2024, districts=("all",)), registry)
    written = run(report, RenderOptions())
    assert isinstance(written, bytes) and written == dump(run_data(report)).encode("utf-8")
