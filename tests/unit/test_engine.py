"""The evaluation rules, one table row per case: both directions, equalities, bounds, exactness."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from checker.domain.models import Baseline, Direction, Source, Target
from checker.domain.results import Reason, Status, TargetResult, status_for
from checker.engine.engine import applicable_targets
from checker.engine.rules import Facts, evaluate, milestone

SRC = Source(document="doc.txt", section="专栏1", item="1")


def target(
    op: str | None, value: str | None, nature: str = "binding", year: int = 2025, kind: str = "threshold"
) -> Target:
    return Target(year=year, op=op, value=value, printed=f"{op}{value}", nature=nature, kind=kind, source=SRC)


def base(value: str, year: int = 2020) -> Baseline:
    return Baseline(year=year, value=value)


def evaluate_target(t: Target, baseline: Baseline | None, value: Decimal | None, year: int, plan: str) -> TargetResult:
    """Evaluate as the engine does: the rule's outcome, then the status from the reason and the nature."""
    facts = Facts(year=year, unit="%", direction=Direction.HIGHER, baseline=baseline, value=value)
    outcome = evaluate(t, facts)
    return TargetResult(
        t,
        plan,
        "district",
        status_for(outcome.reason, t.nature),
        outcome.reason,
        outcome.message,
        outcome.milestone,
        outcome.progress,
    )


# (op, target, nature, baseline, value, year) -> (status, reason)
CASES = [
    # target year reached: met or missed, binding fails, expected warns
    (">=", "3.6", "binding", "3.05", "3.6", 2025, Status.PASS, Reason.MET),
    (">=", "3.6", "binding", "3.05", "3.59", 2025, Status.FAIL, Reason.MISSED),
    (">=", "3.6", "expected", "3.05", "3.59", 2025, Status.WARN, Reason.MISSED),
    ("<=", "22", "expected", "29.2", "22", 2025, Status.PASS, Reason.MET),
    ("<=", "22", "binding", "29.2", "22.01", 2025, Status.FAIL, Reason.MISSED),
    ("<=", "22", "binding", "29.2", "21", 2026, Status.PASS, Reason.MET),  # after the target year
    # strict operators, at the boundary
    ("<", "0.30", "binding", None, "0.30", 2025, Status.FAIL, Reason.MISSED),
    ("<", "0.30", "binding", None, "0.29", 2025, Status.PASS, Reason.MET),
    (">", "90", "expected", None, "90", 2025, Status.WARN, Reason.MISSED),
    ("==", "100", "binding", "100", "100", 2025, Status.PASS, Reason.MET),
    ("==", "100", "binding", "100", "99", 2025, Status.FAIL, Reason.MISSED),
    # before the target year: the 序时进度 milestone (荣昌 row 14: 3.05 -> 3.6, 2023 milestone exactly 3.38)
    (">=", "3.6", "binding", "3.05", "3.38", 2023, Status.PASS, Reason.ON_TRACK),
    (">=", "3.6", "binding", "3.05", "3.379", 2023, Status.FAIL, Reason.BEHIND_SCHEDULE),
    (">=", "3.6", "expected", "3.05", "3.379", 2023, Status.WARN, Reason.BEHIND_SCHEDULE),
    (">=", "3.6", "binding", "3.05", "3.7", 2023, Status.PASS, Reason.MET),
    # lower is better: 吸烟率 29.2 -> ≤22, 2024 milestone 23.44
    ("<=", "22", "expected", "29.2", "23.44", 2024, Status.PASS, Reason.ON_TRACK),
    ("<=", "22", "expected", "29.2", "23.45", 2024, Status.WARN, Reason.BEHIND_SCHEDULE),
    ("<=", "22", "binding", "29.2", "21.9", 2024, Status.PASS, Reason.MET),
    # strict target: the milestone is compared strictly too
    ("<", "20", "binding", "30", "22", 2024, Status.FAIL, Reason.BEHIND_SCHEDULE),  # m = 22, not < 22
    ("<", "20", "binding", "30", "21.99", 2024, Status.PASS, Reason.ON_TRACK),
    # an equality target is approached from its side of the baseline
    ("==", "100", "binding", "50", "90", 2024, Status.PASS, Reason.ON_TRACK),
    ("==", "100", "binding", "50", "89", 2024, Status.FAIL, Reason.BEHIND_SCHEDULE),
    # baseline already satisfies the target: a bound to hold every year (近视率 44.65 ≤ 49)
    ("<=", "49", "binding", "44.65", "49", 2023, Status.PASS, Reason.MET),
    ("<=", "49", "binding", "44.65", "49.01", 2023, Status.FAIL, Reason.MISSED),
    (">=", "88", "expected", "92.9", "87.9", 2022, Status.WARN, Reason.MISSED),
    # no baseline: met, or a warning whatever the nature
    (">=", "7000", "binding", None, "7000", 2023, Status.PASS, Reason.MET),
    (">=", "7000", "binding", None, "6999", 2023, Status.WARN, Reason.NO_BASELINE),
    (">=", "7000", "expected", None, "6999", 2023, Status.WARN, Reason.NO_BASELINE),
    # nothing reported
    (">=", "3.6", "binding", "3.05", None, 2023, Status.FAIL, Reason.MISSING_VALUE),
    (">=", "3.6", "expected", "3.05", None, 2023, Status.WARN, Reason.MISSING_VALUE),
    # a blank nature is treated as expected
    (">=", "70", "unspecified", "66.85", "60", 2025, Status.WARN, Reason.MISSED),
    (">=", "70", "unspecified", "66.85", None, 2024, Status.WARN, Reason.MISSING_VALUE),
]


def case_id(case: tuple[object, ...]) -> str:
    """``2023-3.379>=3.6-expected``: the year, the value against the target, the nature; and no baseline if none."""
    op, t, nature, b, v, year = case[:6]
    return f"{year}-{'missing' if v is None else v}{op}{t}-{nature}" + ("-no-baseline" if b is None else "")


@pytest.mark.parametrize(
    ("op", "t", "nature", "b", "v", "year", "status", "reason"), CASES, ids=[case_id(c) for c in CASES]
)
def test_threshold_rules(
    op: str, t: str, nature: str, b: str | None, v: str | None, year: int, status: Status, reason: Reason
) -> None:
    result = evaluate_target(
        target(op, t, nature), None if b is None else base(b), None if v is None else Decimal(v), year, "plan"
    )
    assert (result.status, result.reason) == (status, reason), result.message


def test_milestone_is_exact() -> None:
    m = milestone(base("3.05"), Decimal("3.6"), 2025, 2023)
    assert m == Fraction("3.38")
    assert isinstance(m, Fraction)
    # a milestone with no finite decimal form stays exact
    assert milestone(base("1"), Decimal("2"), 2023, 2021) == Fraction(4, 3)


def test_milestone_is_reported_with_the_result() -> None:
    result = evaluate_target(target(">=", "3.6"), base("3.05"), Decimal("3.4"), 2023, "p")
    assert result.milestone == Fraction("3.38")
    assert "3.38" in result.message
    assert evaluate_target(target(">=", "3.6"), base("3.05"), Decimal("3.7"), 2023, "p").milestone is None


def test_threshold_target_needs_op_and_value() -> None:
    with pytest.raises(ValueError, match="a threshold target needs 'value'"):
        Target(year=2025, op=">=", printed="x", nature="binding", source=SRC)


def test_applicable_targets_drop_past_ones_until_all_are_past() -> None:
    t23, t25 = target(">=", "1", year=2023), target(">=", "2", year=2025)
    assert applicable_targets((t23, t25), 2024) == [t25]
    assert applicable_targets((t23, t25), 2023) == [t23, t25]
    assert applicable_targets((t23, t25), 2026) == [t25]


def test_source_as_dict_is_model_dump_without_none() -> None:
    """Reports use Source.as_dict() (no serializer build at run time); it must say what model_dump says."""
    from checker.domain.models import Source

    for source in (
        Source(document="a.md", section="专栏1"),
        Source(document="a.md", section="第三章", item="2", quote="达到", verified=False),
    ):
        assert source.as_dict() == source.model_dump(exclude_none=True)
