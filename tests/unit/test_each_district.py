"""A run's districts one at a time (checker.engine.run.each_district): what run_check collects, handed over as each
is evaluated, so that a summary of every county need not hold every county's report (issue 17)."""

from __future__ import annotations

import pytest

from checker.domain.errors import UsageError
from checker.domain.results import DistrictResult, Status
from checker.engine.run import RunRequest, each_district, run_check
from checker.inputs.loading import PlanRegistry
from checker.inputs.resources import bundled_dir
from checker.views.summary import summary_of, summary_of_run


@pytest.mark.parametrize("year", sorted(int(p.name) for p in bundled_dir("data").iterdir() if p.name.isdigit()))
def test_each_district_hands_over_every_district_and_adds_up_the_run(registry: PlanRegistry, year: int) -> None:
    request = RunRequest(year=year, districts=("all",))
    handed: list[DistrictResult] = []
    head = each_district(request, registry, handed.append)
    rows = [i.verdict for d in handed for i in d.indicators]
    assert head.totals.plan_ids == [d.plan.id for d in handed] != []
    assert head.counts == {s.value: rows.count(s) for s in Status if s is not Status.WAIVED}
    assert head.verdict == max(rows, key=lambda s: s.rank)
    assert head.illustrative == any(d.illustrative for d in handed)
    assert [head.fails_at(s) for s in (Status.WARN, Status.FAIL)] == [
        any(r.rank >= s.rank for r in rows) for s in (Status.WARN, Status.FAIL)
    ]
    run = run_check(request, registry)  # what every whole-run report reads: the same districts and figures
    assert run.districts == tuple(handed) and run.head == head


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_summary_folded_as_districts_arrive_is_the_summary_of_the_whole_run(
    registry: PlanRegistry, lang: str
) -> None:
    request = RunRequest(year=2024, districts=("all",))
    run = run_check(request, registry)
    assert summary_of_run(request, registry, lang) == summary_of(run, lang)


def test_nothing_to_check_is_a_usage_error_before_anything_is_handed_over(registry: PlanRegistry) -> None:
    handed: list[DistrictResult] = []
    with pytest.raises(UsageError) as caught:
        each_district(RunRequest(year=2019, districts=("all",)), registry, handed.append)
    assert handed == []
    first, *reasons = caught.value.message.splitlines()
    assert first == "nothing to check for 2019:"
    assert [r.split(":")[0] for r in reasons] == ["  beibei", "  rongchang", "  yubei"]  # one a line, 80 columns
    assert all(len(r) <= 80 for r in reasons)
