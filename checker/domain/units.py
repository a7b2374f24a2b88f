"""Unit codes and the conversions between them, exact.

A unit is ``[万|亿]<base>[/<per>]``, or one of the rates ``%``, ``‰``, ``/10万``. Two units convert when they
share a dimension: the rates with each other, the same base with another 万/亿 prefix (万人次 → 人次), and
per-population figures with another population size (人/万人 → 人/千人). Anything else is an error that
names both units.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from checker.domain.errors import CheckerError

RATES = {"%": Fraction(1, 100), "‰": Fraction(1, 1000), "/10万": Fraction(1, 100_000)}
PREFIXES = {"万": 10_000, "亿": 100_000_000}
POPULATIONS = {"千人": 1_000, "万人": 10_000}


class UnitError(CheckerError):
    """Two units that do not convert into each other."""


def dimension(unit: str) -> tuple[tuple[str, str], Fraction]:
    """The unit's dimension (what it measures) and its factor relative to that dimension's base."""
    if unit in RATES:
        return ("rate", ""), RATES[unit]
    numerator, _, per = unit.partition("/")
    factor = Fraction(1)
    if len(numerator) > 1 and numerator[0] in PREFIXES:
        factor *= PREFIXES[numerator[0]]
        numerator = numerator[1:]
    if per in POPULATIONS:
        factor /= POPULATIONS[per]
        per = "人"
    return (numerator, per), factor


def convertible(source: str, target: str) -> bool:
    """Whether a value in ``source`` units can be given in ``target`` units (same dimension; convert does it)."""
    return source == target or dimension(source)[0] == dimension(target)[0]


def convert(value: Decimal, source: str, target: str) -> Decimal:
    """``value`` in ``source`` units expressed in ``target`` units, exactly."""
    if source == target:
        return value
    (dim_from, f_from), (dim_to, f_to) = dimension(source), dimension(target)
    if dim_from != dim_to:
        raise UnitError(f"unit {source!r} does not convert to {target!r}", f"give the value in {target!r}")
    result = Fraction(value) * f_from / f_to
    # Every factor is a power of ten, so the result has a finite decimal form.
    return Decimal(result.numerator) / Decimal(result.denominator)
