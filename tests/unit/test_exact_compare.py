"""Two decimals are compared as they are (a decimal comparison never rounds, whatever the context's precision):
the same answer as comparing their fractions, the engine's rule for every other pair."""

from __future__ import annotations

import operator
from decimal import Decimal, localcontext
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from checker.domain.messages import Message, _format, render
from checker.domain.models import Op
from checker.engine.rules import satisfies

OPS = {Op.GE: operator.ge, Op.GT: operator.gt, Op.LE: operator.le, Op.LT: operator.lt, Op.EQ: operator.eq}
DECIMALS = st.decimals(allow_nan=False, allow_infinity=False, places=None, min_value=-(10**30), max_value=10**30)


@given(DECIMALS, DECIMALS, st.sampled_from(list(OPS)))
def test_decimals_compare_as_their_fractions(a: Decimal, b: Decimal, op: Op) -> None:
    with localcontext() as context:
        context.prec = 3  # a comparison does not round to the context's precision
        assert satisfies(a, op, b) is OPS[op](Fraction(a), Fraction(b))


def test_close_decimals_differ_beyond_the_precision() -> None:
    with localcontext() as context:
        context.prec = 2
        assert satisfies(Decimal("3.3799999999999999999999"), Op.LT, Decimal("3.38"))
        assert not satisfies(Decimal("3.38"), Op.LT, Decimal("3.380000"))


def test_a_message_in_english_is_its_own_text() -> None:
    inner = Message("goal.op", op="≥", value="3.6 人/千人", year=2025)
    outer = Message("met", shown="3.7 人/千人", goal=inner)
    assert (
        render(outer, "en")
        == _format("met", outer.params, "en")
        == "3.7 人/千人 meets the target ≥ 3.6 人/千人 by 2025"
    )
    assert type(render(outer, "en")) is str
    assert render(outer, "zh") == "3.7 人/千人 达到目标 ≥ 3.6 人/千人（2025年）"
