"""The parse cache (checker.inputs.cache) under the command line: a run from cached plans and data says exactly what
a run from the files says, an edited file is read again, and a broken or unwritable cache is only a slower run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.cli import Cli

from checker.inputs import cache


def town(world: Path, year: int = 2024) -> list[str]:
    """The arguments of a JSON run of the copied world's district."""
    args = ["--year", str(year), "town", "--format", "json", "--data", str(world / "data")]
    return [*args, "--plans", str(world / "plans"), "--rules", str(world / "rules")]


def entries(world: Path) -> list[str]:
    folder = world.parent / "cache"
    return sorted(p.name.split("-")[0] for p in folder.glob("*.pickle")) if folder.is_dir() else []


def without_time(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k not in ("generated_at",)}


def test_a_cached_run_reports_exactly_what_a_parsing_run_reports(cli: Cli, world_copy: Path) -> None:
    first = cli(*town(world_copy))
    kinds = entries(world_copy)
    assert {"catalogue", "plan", "data"} <= set(kinds) and kinds.count("plan") == 3  # town, city, national
    second = cli(*town(world_copy))
    assert (first.exit_code, without_time(first.json())) == (second.exit_code, without_time(second.json()))
    assert entries(world_copy) == kinds  # nothing new: every file came from the cache


def target_value(report: dict[str, Any], indicator: str) -> str:
    district = report["districts"][0]
    row = next(i for i in district["indicators"] if i["id"] == indicator)
    return str(row["value"])


def test_an_edited_data_file_is_read_again(cli: Cli, world_copy: Path) -> None:
    before = cli(*town(world_copy)).json()
    assert target_value(before, "life_expectancy") == "78.5"
    path = world_copy / "data" / "2024" / "town.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("78.5 ", "79.9 "), encoding="utf-8")
    after = cli(*town(world_copy)).json()
    assert target_value(after, "life_expectancy") == "79.9"


def test_an_edited_plan_is_read_again_and_its_new_mistake_reported(cli: Cli, world_copy: Path) -> None:
    assert cli(*town(world_copy)).exit_code in (0, 1)
    path = world_copy / "plans" / "town.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("nature: expected", "nature: expectd", 1), encoding="utf-8")
    result = cli(*town(world_copy))
    output = result.stdout + result.stderr
    assert result.exit_code == 2 and "town.yaml:" in output and "nature" in output
    path.write_text(text, encoding="utf-8")
    assert cli(*town(world_copy)).exit_code in (0, 1)


def test_corrupt_entries_are_ignored(cli: Cli, world_copy: Path) -> None:
    first = cli(*town(world_copy)).json()
    for entry in (world_copy.parent / "cache").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    second = cli(*town(world_copy)).json()
    assert without_time(first) == without_time(second)


@pytest.mark.parametrize("setting", ["off", "0", ""])
def test_the_cache_can_be_turned_off(cli: Cli, world_copy: Path, monkeypatch: pytest.MonkeyPatch, setting: str) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, setting)
    assert cli(*town(world_copy)).exit_code in (0, 1)
    assert entries(world_copy) == [] and cache.cache_dir() is None


def test_an_unwritable_cache_is_only_slower(cli: Cli, world_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = world_copy.parent / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker))
    result = cli(*town(world_copy))
    assert result.exit_code in (0, 1) and result.json()["districts"]


def test_the_lint_note_comes_out_the_same_from_the_cache(cli: Cli, world_copy: Path) -> None:
    """The world's plan has no lint error; a plan given one prints the note on both runs."""
    path = world_copy / "plans" / "town.yaml"
    text = path.read_text(encoding="utf-8")
    # a higher-is-better indicator whose 2025 target is below its baseline: lint D201, an error
    path.write_text(text.replace('value: 79.5, printed: "79.5"', 'value: 78.5, printed: "78.5"'), encoding="utf-8")
    runs = [cli(*town(world_copy)) for _ in range(2)]
    notes = [(run.stdout + run.stderr).count("unwaived lint error") for run in runs]
    assert notes == [1, 1]
