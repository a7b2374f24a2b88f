"""What every check shares: the Hit it yields, the Context it reads, the decorator that registers it with its codes,
and the few exact-arithmetic helpers more than one family needs.

A check looks at one loaded plan (with the registry for its higher levels and the catalogue) and says what is
wrong and where (a YAML path); checker.lint.runner turns Hits into findings with positions, severities and waivers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from checker.domain.models import Direction, Indicator, Op, Target
from checker.domain.units import convert
from checker.inputs.loading import LoadedPlan, PlanRegistry
from checker.lint.codes import Code, declare
from checker.lint.config import Options

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Hit:
    """One problem a check found: the code, the YAML path at fault, and a one-line explanation."""

    code: str
    loc: Loc
    message: str
    indicator: str | None = None
    citation: str | None = None


@dataclass(frozen=True)
class Context:
    """One plan as the checks see it: the plan, the registry it is judged against, and the configured options."""

    plan: LoadedPlan
    registry: PlanRegistry
    options: Options

    def indicator(self, indicator_id: str) -> Indicator:
        found = self.registry.index.get(indicator_id)
        assert found is not None, indicator_id  # unknown ids are load errors
        return found

    def targets(self) -> Iterator[tuple[int, int, Indicator, Target]]:
        """(entry index, target index, indicator, target) for every indicator target of the plan."""
        for n, entry in enumerate(self.plan.plan.indicators):
            indicator = self.indicator(entry.indicator)
            for k, target in enumerate(entry.targets):
                yield n, k, indicator, target

    def entry_cite(self, n: int) -> str:
        """The citation of an indicator entry as a whole: its first target's source."""
        return self.plan.plan.indicators[n].targets[0].source.cite()


Check = Callable[[Context], Iterator[Hit]]
CHECKS: dict[Check, tuple[str, ...]] = {}  # every registered check → the ids of the codes it may report


def check(*codes: Code) -> Callable[[Check], Check]:
    """Register a check with the codes it may report, and declare those codes (checker.lint.codes.CODES)."""
    declare(*codes)

    def register(func: Check) -> Check:
        CHECKS[func] = tuple(c.id for c in codes)
        return func

    return register


def target_loc(n: int, k: int, field: str) -> Loc:
    """The YAML path of a field of an indicator target."""
    return ("indicators", n, "targets", k, field)


def figure(raw: Decimal | None, target: Target, indicator: Indicator) -> Fraction:
    """A target's figure in the indicator's catalogue unit, exactly."""
    assert raw is not None
    return Fraction(convert(raw, target.unit, indicator.unit) if target.unit else raw)


def orientation(op: Op) -> int:
    """1: a floor (≥ >), -1: a ceiling (≤ <), 0: an equality."""
    return {Op.GE: 1, Op.GT: 1, Op.LE: -1, Op.LT: -1, Op.EQ: 0}[op]


def aligned(op: Op, direction: Direction) -> bool:
    """A floor on a higher-is-better indicator, or a ceiling on a lower-is-better one."""
    return orientation(op) == (1 if direction is Direction.HIGHER else -1)
