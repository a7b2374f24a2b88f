"""A summary remembered by the content of every file below its plans, rules and data (checker.views.remembered):
given back while no byte, name or file changes below them, computed again once anything does, and the same in
every format and language as a summary computed afresh."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.cli import Cli

from checker.domain.messages import Message, render
from checker.inputs import cache
from checker.views.remembered import from_plain, to_plain, tree_digest


def summary(world: Path, *more: str, year: int = 2024) -> list[str]:
    folders = ["--plans", str(world / "plans"), "--rules", str(world / "rules"), "--data", str(world / "data")]
    return ["summary", "--year", str(year), *folders, *more]


def remembered(world: Path) -> list[Path]:
    return sorted((world.parent / "cache").glob("summary-*.json"))


def verdict(cli: Cli, world: Path, indicator: str) -> str:
    view = cli(*summary(world, "--format", "json")).json()
    return next(row["verdicts"]["town"] for row in view["indicators"] if row["id"] == indicator)


def plant(entry: Path, indicator: str, status: str) -> None:
    """Change one verdict in a remembered summary, to tell a summary given back from one computed."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    row = next(r for r in data["value"]["indicators"] if r["id"] == indicator)
    row["verdicts"]["town"] = status
    entry.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_an_unchanged_world_gets_its_summary_back(cli: Cli, world_copy: Path) -> None:
    first = verdict(cli, world_copy, "myopia")
    (entry,) = remembered(world_copy)
    plant(entry, "myopia", "info" if first != "info" else "pass")
    assert verdict(cli, world_copy, "myopia") != first  # given back: nothing was evaluated


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda w: (w / "data/2024/town.yaml").write_text(
                (w / "data/2024/town.yaml").read_text(encoding="utf-8").replace("myopia: 44.0", "myopia: 44.1"),
                encoding="utf-8",
            ),
            id="a-figure-edited",
        ),
        pytest.param(lambda w: (w / "data/2024/notes.txt").write_text("x", encoding="utf-8"), id="a-file-added"),
        pytest.param(lambda w: (w / "data/2023/town.yaml").unlink(), id="last-year-removed"),
        pytest.param(
            lambda w: (w / "rules/national.yaml").write_text(
                (w / "rules/national.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
            ),
            id="a-rule-set-touched",
        ),
        pytest.param(lambda w: shutil.move(w / "data/2023", w / "data/2022"), id="a-folder-renamed"),
    ],
)
def test_any_change_below_the_inputs_computes_it_again(cli: Cli, world_copy: Path, change) -> None:  # type: ignore[no-untyped-def]
    first = verdict(cli, world_copy, "myopia")
    (entry,) = remembered(world_copy)
    planted = "info" if first != "info" else "pass"  # myopia has a target: a computed summary never says info
    plant(entry, "myopia", planted)
    change(world_copy)
    assert verdict(cli, world_copy, "myopia") not in (planted, "info")  # computed, not given back
    assert len(remembered(world_copy)) == 2


@pytest.mark.parametrize("fmt", ["markdown", "table", "json", "html"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_summary_given_back_reads_as_one_computed_in_every_format(
    cli: Cli, world_copy: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, lang: str
) -> None:
    args = summary(world_copy, "--format", fmt, "--lang", lang, year=2023)  # 2023: notes and skipped districts
    computed, given_back = cli(*args), cli(*args)
    with monkeypatch.context() as patch:
        patch.setenv(cache.CACHE_ENV, "off")
        afresh = cli(*args)
    assert computed.exit_code == given_back.exit_code == afresh.exit_code == 0
    assert given_back.stdout == computed.stdout == afresh.stdout
    assert len(remembered(world_copy)) == 1


def test_a_linked_folder_below_the_inputs_is_never_remembered(cli: Cli, world_copy: Path) -> None:
    shutil.move(world_copy / "data" / "2023", world_copy / "elsewhere")
    (world_copy / "data" / "2023").symlink_to(world_copy / "elsewhere")
    assert tree_digest(world_copy / "data") == ""
    assert cli(*summary(world_copy, "--format", "json")).exit_code == 0
    assert remembered(world_copy) == []


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)


@given(_text, st.integers(1900, 2100), _text, st.lists(_text, max_size=3))
def test_sentences_come_back_as_sentences_in_both_languages(plan: str, year: int, path: str, notes: list[str]) -> None:
    skipped = Message("skipped.no_data", plan=plan, year=year, path=path)
    goal = Message("goal.op", op="≥", value=path, year=year)
    nested = Message("floor", plan=plan, message=Message("met", shown=plan, goal=goal))
    view = {"skipped": [skipped], "notes": {"town": [nested, *notes]}, "n": year, "flag": True, "none": None}
    back = from_plain(json.loads(json.dumps(to_plain(view))))
    assert back == view
    for original, again in ((skipped, back["skipped"][0]), (nested, back["notes"]["town"][0])):
        assert type(again) is Message and again.code == original.code
        assert render(again, "zh") == render(original, "zh") and render(again, "en") == str(original)


@pytest.mark.parametrize("held", [{"$message": "x"}, {1: "a"}, Path("x"), 1.5, {"a": {"b"}}])
def test_what_a_summary_does_not_hold_is_not_remembered(held: object) -> None:
    with pytest.raises(TypeError):
        to_plain({"view": held})
