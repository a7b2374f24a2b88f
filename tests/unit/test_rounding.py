"""GB/T 8170-2008 《数值修约规则与极限数值的表示和判定》: the rounded-value comparison (修约值比较法) next to the
full-value comparison (全数值比较法, the default). The rounding rule on the standard's own cases, then the engine's
verdicts both ways."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from checker.domain.models import Target
from checker.domain.numbers import round_like
from checker.domain.results import Reason
from checker.engine.rules import Facts, evaluate

D = Decimal


@pytest.mark.parametrize(
    ("value", "limit", "rounded"),
    [
        pytest.param("12.1498", "0.1", "12.1", id="below-half-dropped"),  # GB/T 8170 3.2.1
        pytest.param("1268", "1E+2", "1.3E+3", id="above-half-up"),  # 3.2.2: to hundreds, 13×100
        pytest.param("10.5002", "10", "11", id="5-then-digits-up"),  # 3.2.3
        pytest.param("0.35", "0.5", "0.4", id="5-exactly-odd-up"),  # 3.2.4: 0.35 → 0.4
        pytest.param("0.45", "0.5", "0.4", id="5-exactly-even-stays"),  # 0.45 → 0.4
        pytest.param("1.050", "1.0", "1.0", id="5-then-zeros-even"),  # 1.050 → 1.0
        pytest.param("2.5", "3", "2", id="half-to-even-2"),
        pytest.param("3.5", "3", "4", id="half-to-even-4"),
        pytest.param("-355", "1E+1", "-3.6E+2", id="negative-tens"),  # 3.2.5: -355 → -36×10
        pytest.param("-325", "1E+1", "-3.2E+2", id="negative-even"),  # -325 → -32×10
        pytest.param("-0.0365", "0.001", "-0.036", id="negative-thousandths"),  # -0.0365 → -0.036
        pytest.param("79.25", "79.3", "79.2", id="life-expectancy"),
    ],
)
def test_the_standard_s_rounding_rule(value: str, limit: str, rounded: str) -> None:
    result = round_like(D(value), D(limit))
    assert result == D(rounded) and str(result) == rounded


SRC = {"document": "doc.txt", "section": "专栏1", "item": "1"}


def _target(**fields: Any) -> Target:
    return Target.model_validate({"year": 2025, "printed": "…", "nature": "binding", "source": SRC, **fields})


def _facts(value: str, comparison: str = "full", unit: str = "人/千人") -> Facts:
    return Facts(year=2025, unit=unit, direction="higher", baseline=None, value=D(value), comparison=comparison)


@pytest.mark.parametrize(
    ("target", "value", "plan", "reason", "rounded"),
    [
        pytest.param({"op": ">=", "value": "3.6"}, "3.55", "full", Reason.MISSED, None, id="full-default-misses"),
        pytest.param({"op": ">=", "value": "3.6"}, "3.55", "rounded", Reason.MET, "3.6", id="plan-rounded-meets"),
        pytest.param(
            {"op": ">=", "value": "3.6", "comparison": "rounded"}, "3.55", "full", Reason.MET, "3.6", id="target-says"
        ),
        pytest.param(
            {"op": ">=", "value": "3.6", "comparison": "full"}, "3.55", "rounded", Reason.MISSED, None, id="target-full"
        ),
        pytest.param({"op": ">=", "value": "3.6"}, "3.549", "rounded", Reason.MISSED, "3.5", id="just-below-half"),
        pytest.param({"op": "<=", "value": "10"}, "10.5", "rounded", Reason.MET, "10", id="half-to-even-down"),
        pytest.param({"op": "<=", "value": "10"}, "11.5", "rounded", Reason.MISSED, "12", id="half-to-even-up"),
        pytest.param({"op": "<", "value": "10"}, "9.5", "rounded", Reason.MISSED, "10", id="strict-equal-fails"),
        pytest.param(
            {"kind": "range", "low": "5", "high": "8"}, "8.4", "rounded", Reason.MET, "8", id="range-high-rounded"
        ),
        pytest.param({"kind": "range", "low": "5", "high": "8"}, "8.4", "full", Reason.MISSED, None, id="range-full"),
        pytest.param(
            {"kind": "range", "low": "5", "high": "8.0"}, "8.04", "rounded", Reason.MET, "8.0", id="range-end-digits"
        ),
    ],
)
def test_verdicts_under_each_comparison(
    target: dict[str, Any], value: str, plan: str, reason: Reason, rounded: str | None
) -> None:
    outcome = evaluate(_target(**target), _facts(value, plan))
    assert outcome.reason is reason
    assert outcome.rounded == (None if rounded is None else D(rounded))


def test_a_target_in_another_unit_is_rounded_in_that_unit() -> None:
    """救护培训 3 万人次: 25000 人次 is 2.5 万人次, rounded to whole 万人次 (the target's digits) → 2 (五成双)."""
    target = _target(op=">=", value="3", unit="万人次")
    outcome = evaluate(target, _facts("25000", "rounded", unit="人次"))
    assert outcome.reason is Reason.MISSED and outcome.rounded == D("2E+4")
    met = evaluate(target, _facts("25001", "rounded", unit="人次"))
    assert met.reason is Reason.MET and met.rounded == D("3E+4")


def test_the_message_shows_the_rounded_value() -> None:
    outcome = evaluate(_target(op=">=", value="3.6"), _facts("3.55", "rounded"))
    assert (
        str(outcome.message)
        == "3.55 人/千人 (rounded to 3.6 人/千人 under GB/T 8170) meets the target ≥ 3.6 人/千人 by 2025"
    )
