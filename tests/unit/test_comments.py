"""Where a YAML file's comments are (checker.lint.waivers.comments), from where its parse found each scalar to end:
the same as scanning every token of the file, as lint did before (a reference kept here), on every YAML file of
the project and on generated documents with '#' in keys, values, quoted text and block scalars."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.domain.errors import InputError
from checker.inputs.yaml_parser import parse
from checker.lint.waivers import comments

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    p
    for folder in ("plans", "rules", "data", "tests")
    for p in (ROOT / folder).rglob("*.yaml")
    if p.stat().st_size < 1_000_000
)


def by_tokens(text: str) -> dict[int, tuple[int, str]]:
    """Each line's comment: what follows the line's last YAML token, by libyaml's scanner (a block scalar's
    tokens begin at its | or >, which a comment may follow on that line: its text starts on the next)."""
    lines = text.split("\n")
    covered: dict[int, int] = {}
    for token in yaml.scan(text, Loader=yaml.CSafeLoader):
        start, end = token.start_mark, token.end_mark
        first = start.line
        if getattr(token, "style", None) in ("|", ">"):
            first += 1
            covered[start.line] = max(covered.get(start.line, 0), start.column + 1)
        for number in range(first, end.line):
            covered[number] = len(lines[number])
        covered[end.line] = max(covered.get(end.line, 0), end.column)
    found: dict[int, tuple[int, str]] = {}
    for n, line in enumerate(lines):
        at = line.find("#", covered.get(n, 0))
        if at >= 0:
            found[n + 1] = (at + 1, line[at:])
    return found


def same_as_tokens(text: str) -> None:
    try:
        loaded = parse(text, "t.yaml")
    except InputError:
        return  # a file the parser refuses is never linted
    assert comments(text, loaded.scalar_ends) == by_tokens(text)


def test_a_waiver_after_a_block_scalar_s_bar_is_a_comment() -> None:
    text = "a: |  # noqa: D202 the document prints it\n  # not a comment\n  text\nb: 1  # c\n"
    found = comments(text, parse(text, "t.yaml").scalar_ends)
    assert found == {1: (7, "# noqa: D202 the document prints it"), 4: (7, "# c")}


def test_the_project_has_yaml_files_with_waivers() -> None:
    assert len(FILES) > 20 and any("# noqa" in p.read_text(encoding="utf-8") for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_of_the_project(path: Path) -> None:
    same_as_tokens(path.read_text(encoding="utf-8"))


_WORDS = ["a", "b # c", "#x", "'q # r'", '"s # t"', "u#v", "w", "# note", "|", ">", "|-", "-", ""]
_words = st.sampled_from([*_WORDS, "[a, '#b']", "{x: '#'}", "&n a#"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), _words, _words, st.sampled_from(["", "  # noqa: D202 why"])), max_size=8))
def test_generated_documents(lines: list[tuple[int, str, str, str]]) -> None:
    text = "\n".join(f"{'  ' * depth}{key}: {value}{comment}" for depth, key, value, comment in lines) + "\n"
    same_as_tokens(text)
