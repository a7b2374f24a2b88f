"""The parse cache (checker.inputs.cache) under the command line: a run from cached plans and data says exactly what
a run from the files says, an edited file is read again, a broken or unwritable cache is only a slower run, and
whatever is planted in the cache folder (a pickle that would run code, JSON of another shape, a FIFO, a link to
/dev/zero, a folder others can write) never runs, never blocks and never changes a verdict."""

from __future__ import annotations

import json
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support.cli import Cli, CliResult

from checker.inputs import cache

SECONDS = 5  # far above the real time of a run (well under a second): the point is that nothing blocks


def town(world: Path, year: int = 2024) -> list[str]:
    """The arguments of a JSON run of the copied world's district."""
    args = ["--year", str(year), "town", "--format", "json", "--data", str(world / "data")]
    return [*args, "--plans", str(world / "plans"), "--rules", str(world / "rules")]


def folder_of(world: Path) -> Path:
    return world.parent / "cache"  # the world_copy fixture's cache folder


def entries(world: Path) -> list[str]:
    folder = folder_of(world)
    return sorted(p.name.split("-")[0] for p in folder.glob("*.json")) if folder.is_dir() else []


def without_time(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k not in ("generated_at",)}


def uncached(cli: Cli, world: Path, monkeypatch: pytest.MonkeyPatch) -> CliResult:
    with monkeypatch.context() as patch:
        patch.setenv(cache.CACHE_ENV, "off")
        return cli(*town(world))


def test_a_cached_run_reports_exactly_what_a_parsing_run_reports(cli: Cli, world_copy: Path) -> None:
    first = cli(*town(world_copy))
    kinds = entries(world_copy)
    assert {"catalogue", "plan", "data", "lint"} <= set(kinds) and kinds.count("plan") == 3  # town, city, national
    second = cli(*town(world_copy))
    assert (first.exit_code, without_time(first.json())) == (second.exit_code, without_time(second.json()))
    assert (first.stderr, second.stderr) == ("", "")
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
    assert "running without the cache" in result.stderr


def test_the_lint_note_comes_out_the_same_from_the_cache(cli: Cli, world_copy: Path) -> None:
    """The world's plan has no lint error; a plan given one prints the note on both runs."""
    path = world_copy / "plans" / "town.yaml"
    text = path.read_text(encoding="utf-8")
    # a higher-is-better indicator whose 2025 target is below its baseline: lint D201, an error
    path.write_text(text.replace('value: 79.5, printed: "79.5"', 'value: 78.5, printed: "78.5"'), encoding="utf-8")
    runs = [cli(*town(world_copy)) for _ in range(2)]
    notes = [(run.stdout + run.stderr).count("unwaived lint error") for run in runs]
    assert notes == [1, 1]


# --- planted entries: under the exact keys of a run, filled by a first run ------------------------------------------


class _Payload:
    """Unpickling this writes a file: what a planted pickle could do with any code it likes."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (str(self.marker), "w"))


def _mutated(entry: dict[str, Any], how: str) -> Any:
    value = entry["value"]
    if how == "decimals-as-json-numbers":
        return {**entry, "value": _numbers(value)}
    if how == "an-unknown-field":
        return {**entry, "value": {"unexpected": value}}
    if how == "another-type":
        return {**entry, "value": [value, value] if not isinstance(value, list) else {"a": value}}
    if how == "another-key":
        return {**entry, "key": entry["key"][:-1] + ("0" if entry["key"][-1] != "0" else "1")}
    if how == "an-extra-member":
        return {**entry, "code": "__import__('os').system('true')"}
    raise AssertionError(how)


def _numbers(data: Any) -> Any:
    """Every Decimal as a JSON number (a float once read): the right figures in the wrong shape."""
    if isinstance(data, list):
        return [_numbers(item) for item in data]
    if isinstance(data, dict):
        return {k: _numbers(v) for k, v in data.items()}
    return float(data[1:]) if isinstance(data, str) and data.startswith(cache.DECIMAL_MARK) else data


def _plant(world: Path, write: Callable[[Path, dict[str, Any]], None]) -> list[Path]:
    planted = sorted(folder_of(world).glob("*.json"))
    assert len(planted) >= 5  # catalogue, three plans, data, lint note
    for path in planted:
        entry = json.loads(path.read_text(encoding="utf-8"))
        path.unlink()
        write(path, entry)
    return planted


def test_a_planted_pickle_never_runs_and_changes_nothing(
    cli: Cli, world_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    expected = uncached(cli, world_copy, monkeypatch)
    cli(*town(world_copy))  # fills the cache: its entries' names are the keys
    proof = tmp_path / "the-payload-works"
    pickle.loads(pickle.dumps(_Payload(proof))).close()  # what the planted bytes do when unpickled
    assert proof.exists()
    marker = tmp_path / "code-ran"
    payload = pickle.dumps(_Payload(marker))

    def write(path: Path, entry: dict[str, Any]) -> None:
        path.write_bytes(payload)
        path.with_suffix(".pickle").write_bytes(payload)  # where the pickle cache kept the entry

    planted = _plant(world_copy, write)
    result = cli(*town(world_copy))
    assert not marker.exists()
    assert (result.exit_code, without_time(result.json())) == (expected.exit_code, without_time(expected.json()))
    assert all(json.loads(p.read_bytes())["key"] == p.stem for p in planted)  # written again, as plain data


@pytest.mark.parametrize(
    "how", ["decimals-as-json-numbers", "an-unknown-field", "another-type", "another-key", "an-extra-member"]
)
def test_json_of_another_shape_is_ignored_and_written_again(
    cli: Cli, world_copy: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    expected = uncached(cli, world_copy, monkeypatch)
    cli(*town(world_copy))
    originals: dict[Path, str] = {}

    def write(path: Path, entry: dict[str, Any]) -> None:
        originals[path] = json.dumps(entry)
        path.write_text(json.dumps(_mutated(entry, how)), encoding="utf-8")

    _plant(world_copy, write)
    result = cli(*town(world_copy))
    assert (result.exit_code, without_time(result.json())) == (expected.exit_code, without_time(expected.json()))
    for path, original in originals.items():
        assert json.loads(path.read_text(encoding="utf-8")) == json.loads(original)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda path: os.mkfifo(path), id="fifo"),
        pytest.param(lambda path: path.symlink_to("/dev/zero"), id="symlink-to-dev-zero"),
        pytest.param(lambda path: path.write_text("[" * 1_000_000, encoding="utf-8"), id="nested-a-million-deep"),
    ],
)
def test_a_special_file_under_a_key_never_blocks_a_run(
    cli: Cli, world_copy: Path, monkeypatch: pytest.MonkeyPatch, no_blocking: None, make: Callable[[Path], None]
) -> None:
    expected = uncached(cli, world_copy, monkeypatch)
    cli(*town(world_copy))
    planted = _plant(world_copy, lambda path, entry: make(path))
    start = time.perf_counter()
    result = cli(*town(world_copy))
    assert time.perf_counter() - start < SECONDS
    assert (result.exit_code, without_time(result.json())) == (expected.exit_code, without_time(expected.json()))
    assert all(p.is_file() and not p.is_symlink() for p in planted)  # replaced by entries


def test_a_folder_others_can_write_is_not_read_and_the_run_says_so_once(
    cli: Cli, world_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry there could be anyone's: even a well-formed one that changes a figure is not read."""
    monkeypatch.setattr(cache, "_noted", set())
    expected = uncached(cli, world_copy, monkeypatch)
    cli(*town(world_copy))
    folder = folder_of(world_copy)
    for path in folder.glob("data-*.json"):
        figure = json.dumps(cache.DECIMAL_MARK + "78.5")  # as the entry writes the Decimal
        path.write_text(path.read_text(encoding="utf-8").replace(figure, figure.replace("78.5", "99.9")), "utf-8")
    folder.chmod(0o777)
    runs = [cli(*town(world_copy)) for _ in range(2)]
    for run in runs:
        assert (run.exit_code, without_time(run.json())) == (expected.exit_code, without_time(expected.json()))
    assert runs[0].stderr == f"note: cache folder {folder} is writable by others; running without the cache\n"
    assert runs[1].stderr == ""  # once per process
    folder.chmod(0o700)
    assert target_value(cli(*town(world_copy)).json(), "life_expectancy") == "99.9"  # what the entry says, now read


def test_a_folder_of_another_user_is_not_used(cli: Cli, world_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "_noted", set())
    cli(*town(world_copy))
    before = {p: p.stat().st_mtime_ns for p in folder_of(world_copy).iterdir()}
    monkeypatch.setattr(cache, "current_uid", lambda: os.getuid() + 1)
    result = cli(*town(world_copy))
    assert result.exit_code in (0, 1) and result.json()["districts"]
    assert f"cache folder {folder_of(world_copy)} is not owned by you" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in folder_of(world_copy).iterdir()} == before  # nothing written there
