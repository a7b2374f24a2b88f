"""The parser's short-cut tag resolution (checker.inputs.yaml_parser._Loader) gives the safe resolver's tag for every
scalar: the same words are booleans and nulls, the same texts numbers, dates and strings."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from checker.inputs.yaml_parser import _Loader, parse

SAFE = yaml.SafeLoader("")
FAST = _Loader("")
WORDS = [
    "yes",
    "Yes",
    "YES",
    "yEs",
    "no",
    "NO",
    "No",
    "true",
    "True",
    "TRUE",
    "tRue",
    "false",
    "off",
    "Off",
    "OFF",
    "on",
    "ON",
    "y",
    "n",
    "Y",
    "null",
    "Null",
    "NULL",
    "nULL",
    "~",
    "~x",
    "",
    "nan",
    ".nan",
    ".inf",
    "-.inf",
    "0x1F",
    "010",
    "0",
    "1_000",
    "1:30",
    "3.05",
    "-3",
    "+4",
    ".5",
    "2024-01-01",
    "2024-01-01 10:00:00",
    "<<",
    "=",
    "!x",
    "&a",
    "*b",
    "荣昌",
    "name",
    "target",
    "oneof",
    "offset",
    "n/a",
    "≥4.5",
    "１２",
    "٣",
]


def tags(value: str) -> tuple[str, str, str, str]:
    plain, quoted = (True, False), (False, True)
    return (
        SAFE.resolve(yaml.ScalarNode, value, plain),
        FAST.resolve(yaml.ScalarNode, value, plain),
        SAFE.resolve(yaml.ScalarNode, value, quoted),
        FAST.resolve(yaml.ScalarNode, value, quoted),
    )


@pytest.mark.parametrize("value", WORDS)
def test_the_words_the_safe_resolver_knows_resolve_alike(value: str) -> None:
    safe_plain, fast_plain, safe_quoted, fast_quoted = tags(value)
    assert fast_plain == safe_plain
    assert fast_quoted == safe_quoted == "tag:yaml.org,2002:str"


@given(
    st.one_of(
        st.text(max_size=12),
        st.sampled_from(WORDS).map(lambda w: w + "x"),
        st.from_regex(r"[-+.0-9a-zA-Z~_:]{0,8}", fullmatch=True),
    )
)
def test_any_text_resolves_as_the_safe_resolver_resolves_it(value: str) -> None:
    safe_plain, fast_plain, safe_quoted, fast_quoted = tags(value)
    assert (fast_plain, fast_quoted) == (safe_plain, safe_quoted)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: [yes, No, ~, null, 0x1F, 1_000, 010, '7', 2024-01-01, 中文, -3, +4, 1:30]",
            [True, False, None, None, 31, 1000, 8, "7", "2024-01-01", "中文", -3, 4, 90],
        ),
        ("a: [on, OFF, Null, '', nULL]", [True, False, None, "", "nULL"]),
    ],
)
def test_values_are_built_as_yaml_1_1_reads_them(text: str, expected: list[object]) -> None:
    assert parse(text, "x.yaml").data == {"a": expected}


@pytest.mark.parametrize(
    ("text", "message"),
    [("a: !!int abc", "'abc' is not a valid int"), ("a: !!bool maybe", "'maybe' is not a valid bool")],
)
def test_an_explicit_tag_on_a_value_it_cannot_take_is_a_problem_at_its_place(text: str, message: str) -> None:
    from checker.domain.errors import InputError

    with pytest.raises(InputError) as caught:
        parse(text, "x.yaml")
    (problem,) = caught.value.problems
    assert (problem.message, problem.line, problem.column) == (message, 1, 4)
