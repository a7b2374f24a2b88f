"""A summary computed in worker processes, a share of the plan files each (checker.views.shares): the summary one
process computes, or None wherever it might not be (and the one-process run then answers)."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from support.benchmarks import generated_world, present

from checker.domain.errors import UsageError
from checker.engine.run import RunRequest
from checker.inputs.loading import PlanRegistry
from checker.views import shares
from checker.views.summary import summary_of_run

if not present():  # an sdist without the benchmarks folder
    pytest.skip("benchmarks/ is not in this tree", allow_module_level=True)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_world(tmp_path_factory, 7, 5)


def in_one_process(world: Path, year: int, lang: str) -> dict:  # type: ignore[type-arg]
    registry = PlanRegistry.load(world / "plans", world / "rules")
    return dict(summary_of_run(RunRequest(year=year, districts=("all",), data=world / "data"), registry, lang))


def in_shares(world: Path, year: int, lang: str, count: int = 2) -> dict | None:  # type: ignore[type-arg]
    found = shares.summary_in_shares(world / "plans", world / "rules", world / "data", year, lang, count, min_plans=2)
    return None if found is None else dict(found)


@pytest.mark.parametrize(("year", "lang", "count"), [(2024, "zh", 2), (2023, "en", 3), (2021, "zh", 2)])
def test_shares_give_the_summary_of_one_process(world: Path, year: int, lang: str, count: int) -> None:
    assert in_shares(world, year, lang, count) == in_one_process(world, year, lang)


def test_districts_left_out_are_said_in_order_and_nothing_to_check_is_the_same_error(world: Path) -> None:
    copy = world.parent / "gaps"
    shutil.copytree(world, copy)
    for unit in ("u0002", "u0005"):
        (copy / "data" / "2024" / f"{unit}.yaml").unlink()
    found = in_shares(copy, 2024, "en")
    assert found is not None and [str(m) for m in found["skipped"]] == [
        str(m) for m in in_one_process(copy, 2024, "en")["skipped"]
    ]
    assert found == in_one_process(copy, 2024, "en")
    with pytest.raises(UsageError) as one:
        in_one_process(copy, 2019, "en")
    with pytest.raises(UsageError) as both:
        in_shares(copy, 2019, "en")
    assert both.value.message == one.value.message


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda w: (w / "plans" / "u0003.yaml").rename(w / "plans" / "county3.yaml"), id="a-file-named-otherwise"
        ),
        pytest.param(lambda w: (w / "data" / "2024" / "notes.yaml").write_text("x: 1\n"), id="a-data-file-of-no-plan"),
        pytest.param(lambda w: (w / "plans" / "u0004.yaml").write_text("id: [\n"), id="a-broken-plan"),
    ],
)
def test_where_shares_might_differ_the_one_process_run_answers(world: Path, tmp_path: Path, change) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "world"
    shutil.copytree(world, copy)
    change(copy)
    assert in_shares(copy, 2024, "zh") is None
    assert in_shares(world, 2024, "zh", count=1) is None  # one process: nothing to share


def test_batches_come_back_as_the_plans_of_each_are_done(world: Path) -> None:
    told: list[tuple[int, int]] = []
    found = shares.summary_in_shares(
        world / "plans", world / "rules", world / "data", 2024, "en", 2, min_plans=2, progress=lambda *a: told.append(a)
    )
    assert found == in_one_process(world, 2024, "en")
    assert told == [(4, 7), (7, 7)] or told == [(3, 7), (7, 7)]  # two batches, of 4 and 3


@pytest.mark.parametrize(("plans", "count"), [(7, 2), (2844, 2), (2844, 4), (400, 3), (26, 2)])
def test_batches_cover_every_plan_once_and_shrink_towards_the_end(plans: int, count: int) -> None:
    stems = [f"u{n:04d}" for n in range(plans)]
    batches = shares._batches(stems, count)
    assert [s for batch in batches for s in batch] == stems
    sizes = [len(b) for b in batches]
    assert len(batches) >= count and max(sizes) <= shares.BATCH
    assert all(a >= b for a, b in itertools.pairwise(sizes))  # smaller towards the end
    if plans >= count * shares.MIN_BATCH:
        assert all(size >= shares.MIN_BATCH for size in sizes[:-1])


def test_check_summary_uses_shares_and_says_what_one_process_says(
    world: Path,
    cli,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    args = ["summary", "--year", "2023", "--plans", str(world / "plans"), "--rules", str(world / "rules")]
    args += ["--data", str(world / "data"), "--format", "markdown", "--lang", "zh"]
    monkeypatch.setenv("HEALTH_PLAN_CHECKER_CACHE", "off")  # computed both times, not remembered
    one = cli(*args)
    used: list[int] = []
    real = shares.summary_in_shares

    def counted(*a, **k):  # type: ignore[no-untyped-def]
        found = real(*a, **k)
        used.append(found is not None)
        return found

    monkeypatch.setattr(shares, "MIN_PLANS", 2)
    monkeypatch.setattr(shares, "workers", lambda: 2)
    monkeypatch.setattr("checker.cli.views.summary_in_shares", counted)
    shared = cli(*args)
    assert used == [True] and shared.exit_code == one.exit_code == 0 and shared.stdout == one.stdout
