"""The parse cache (checker.inputs.cache): a run from cached plans and data says exactly what a run from the files says,
an edited file is read again, and a broken or unwritable cache is only a slower run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli.main import main
from checker.inputs import cache

WORLD = Path(__file__).parent / "fixtures" / "world"


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the test world, and an empty cache of this test's own."""
    shutil.copytree(WORLD, tmp_path / "world")
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "world"


def run(world: Path, year: int = 2024) -> tuple[int, dict[str, object], str]:
    args = ["--year", str(year), "town", "--format", "json", "--data", str(world / "data")]
    args += ["--plans", str(world / "plans"), "--rules", str(world / "rules")]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    data = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.exit_code, data, result.stdout + result.stderr


def entries(world: Path) -> list[str]:
    folder = world.parent / "cache"
    return sorted(p.name.split("-")[0] for p in folder.glob("*.pickle")) if folder.is_dir() else []


def without_time(report: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in report.items() if k not in ("generated_at",)}


def test_a_cached_run_reports_exactly_what_a_parsing_run_reports(world: Path) -> None:
    code1, first, _ = run(world)
    kinds = entries(world)
    assert {"catalogue", "plan", "data"} <= set(kinds) and kinds.count("plan") == 3  # town, city, national
    code2, second, _ = run(world)
    assert (code1, without_time(first)) == (code2, without_time(second))
    assert entries(world) == kinds  # nothing new: every file came from the cache


def target_value(report: dict[str, object], indicator: str) -> str:
    district = report["districts"][0]  # type: ignore[index]
    row = next(i for i in district["indicators"] if i["id"] == indicator)
    return str(row["value"])


def test_an_edited_data_file_is_read_again(world: Path) -> None:
    _, before, _ = run(world)
    assert target_value(before, "life_expectancy") == "78.5"
    path = world / "data" / "2024" / "town.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("78.5 ", "79.9 "), encoding="utf-8")
    _, after, _ = run(world)
    assert target_value(after, "life_expectancy") == "79.9"


def test_an_edited_plan_is_read_again_and_its_new_mistake_reported(world: Path) -> None:
    assert run(world)[0] in (0, 1)
    path = world / "plans" / "town.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("nature: expected", "nature: expectd", 1), encoding="utf-8")
    code, _, output = run(world)
    assert code == 2 and "town.yaml:" in output and "nature" in output
    path.write_text(text, encoding="utf-8")
    assert run(world)[0] in (0, 1)


def test_corrupt_entries_are_ignored(world: Path) -> None:
    _, first, _ = run(world)
    for entry in (world.parent / "cache").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    _, second, _ = run(world)
    assert without_time(first) == without_time(second)


def test_an_entry_of_the_wrong_shape_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    cache.store("k", "a bare value, not the 1-tuple cached() writes")
    assert cache.cached("k", lambda: 42) == 42
    assert cache.cached("k", lambda: 0) == 42  # stored by the first call
    assert cache.cached("none", lambda: None) is None
    assert cache.cached("none", lambda: 1) is None  # None is a result too, not a miss


@pytest.mark.parametrize("setting", ["off", "0", ""])
def test_the_cache_can_be_turned_off(world: Path, monkeypatch: pytest.MonkeyPatch, setting: str) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, setting)
    assert run(world)[0] in (0, 1)
    assert entries(world) == [] and cache.cache_dir() is None


def test_an_unwritable_cache_is_only_slower(world: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = world.parent / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker))
    code, report, _ = run(world)
    assert code in (0, 1) and report["districts"]


def test_keys_change_with_every_byte_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    first = cache.make_key("plan", [cache.file_digest(path)])
    path.write_text("a: 2\n", encoding="utf-8")
    assert cache.make_key("plan", [cache.file_digest(path)]) != first
    assert cache.file_digest(tmp_path / "missing.yaml") == ""


def test_the_lint_note_comes_out_the_same_from_the_cache(world: Path) -> None:
    """The world's plan has no lint error; a plan given one prints the note on both runs."""
    path = world / "plans" / "town.yaml"
    text = path.read_text(encoding="utf-8")
    # a higher-is-better indicator whose 2025 target is below its baseline: lint D201, an error
    path.write_text(text.replace('value: 79.5, printed: "79.5"', 'value: 78.5, printed: "78.5"'), encoding="utf-8")
    notes = [run(world)[2].count("unwaived lint error") for _ in range(2)]
    assert notes == [1, 1]


def test_a_cached_plan_reads_its_positions_again_when_a_message_needs_them(world: Path) -> None:
    """Cached plans leave their positions out (most of their bytes); a message still points at line and column."""
    from checker.inputs.loading import PlanRegistry

    plans, rules = world / "plans", world / "rules"
    PlanRegistry.load(plans, rules)  # fills the cache
    registry = PlanRegistry.load(plans, rules)  # from the cache
    town = registry.by_id["town"]
    assert town._loaded is None  # the point of the test
    line, column = town.loaded.where(("plan", "parent"))
    assert line is not None and column is not None
    text = (plans / "town.yaml").read_text(encoding="utf-8").splitlines()[line - 1]
    assert text[column - 1 :].startswith("city")


def test_entries_of_other_code_are_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    key = cache.make_key("plan", ["same file"])
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another version of the package")
    assert cache.make_key("plan", ["same file"]) != key
