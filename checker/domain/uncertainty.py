"""Chance in a reported rate or share: its confidence interval from its numerator and denominator.

A maternal mortality of 20 /10万 may be one death in 5,000 births: a second or no death moves it by the whole target.
The catalogue says which indicators vary by chance (``uncertainty``: ``poisson`` for events counted in a population,
``binomial`` for a share of a sample, ``none`` for administrative counts); a value that carries its numerator and
denominator gets the interval here, by the methods of the English Public Health Outcomes Framework (Fingertips):

- a Poisson count O below 10: the exact limits (Garwood), from the Poisson distribution's link with χ²:
  ``O_lower = χ²(α/2; 2O)/2``, ``O_upper = χ²(1−α/2; 2O+2)/2``, found here as the means at which P(X ≥ O) and
  P(X ≤ O) are α/2, by bisection on the Poisson distribution function;
- a Poisson count of 10 or more: Byar's approximation, ``O_lower = O(1 − 1/(9O) − z/(3√O))³``,
  ``O_upper = (O+1)(1 − 1/(9(O+1)) + z/(3√(O+1)))³``;
- a binomial share: Wilson's score limits, ``(2O + z² ∓ z√(z² + 4Oq)) / (2(n + z²))`` with ``q = 1 − O/n``.

A count's limits are divided by the denominator, and every limit is scaled to the indicator's unit (% → 100,
‰ → 1000, /10万 → 100000, per 千人 → 1000, per 万人 → 10000). The limits are irrational: they are computed in Decimal
with WORKING digits and given to SIGNIFICANT significant digits rounded outwards (the lower limit down, the upper up),
so that the interval stated contains the true one; a target is then compared with them exactly. No float and no
statistics library is involved (the tests check the limits against scipy and published tables).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BeforeValidator

from checker.domain.numbers import Number, to_fraction
from checker.domain.units import POPULATIONS, RATES

Uncertainty = Literal["poisson", "binomial", "none"]
Method = Literal["exact_poisson", "byar", "wilson"]
Level = Literal["95", "99.8"]
LEVELS: tuple[Level, ...] = ("95", "99.8")
DEFAULT_LEVEL: Level = "95"

# The standard normal's quantile z = Φ⁻¹(1 − α/2) for each level, to 40 digits (mpmath; tests/unit/test_uncertainty.py
# checks them against scipy), and the tail α/2 each side.
Z: dict[Level, Decimal] = {
    "95": Decimal("1.959963984540054235524594430520551527956"),
    "99.8": Decimal("3.090232306167813541540399830107379205491"),
}
TAIL: dict[Level, Decimal] = {"95": Decimal("0.025"), "99.8": Decimal("0.001")}

BYAR_FROM = 10  # PHOF: Byar's approximation for counts of 10 or more, the exact limits below
SIGNIFICANT = 20  # digits of a limit as stated and compared
WORKING = 50  # digits the limits are computed with


def _level(raw: object) -> object:
    """95, 99.8, "95 %" or 99.80 as written in a plan: the level's text ("95", "99.8"); anything else as it is, for
    the model to refuse."""
    text = str(raw).strip().removesuffix("%").strip()
    try:
        return format(Decimal(text).normalize(), "f")
    except ArithmeticError:
        return raw


ConfidenceLevel = Annotated[Level, BeforeValidator(_level)]


@dataclass(frozen=True)
class Counts:
    """A value's numerator and denominator as reported: deaths and live births, cases and population, respondents
    with the trait and the sample size."""

    numerator: Decimal
    denominator: Decimal


@dataclass(frozen=True)
class Interval:
    """A value's confidence interval, in the indicator's unit, with how it was made."""

    lower: Decimal
    upper: Decimal
    level: Level
    method: Method
    numerator: Decimal
    denominator: Decimal

    def contains(self, figure: Number) -> bool:
        """``lower ≤ figure ≤ upper``, exactly."""
        f = to_fraction(figure)
        return Fraction(self.lower) <= f <= Fraction(self.upper)


def scale_of(unit: str) -> int | None:
    """What a ratio is multiplied by to be given in ``unit``: 100 for %, 1000 for ‰ and per 千人, 100000 for /10万,
    10000 per 万人; None for a unit that is no ratio (岁, 个, 万元)."""
    if unit in RATES:
        return int(1 / RATES[unit])
    _, _, per = unit.partition("/")
    return POPULATIONS.get(per)


def ratio(counts: Counts, scale: int) -> Fraction:
    """numerator / denominator in the unit whose scale is given, exactly."""
    return Fraction(counts.numerator) / Fraction(counts.denominator) * scale


def agrees(value: Decimal, counts: Counts, scale: int) -> bool:
    """Whether ``value`` is numerator/denominator × scale to the digits it is stated with: within half a unit of its
    last digit (20 for 1/4987 × 100000 = 20.05…; 20.1 is not)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # a finite value
    half = Fraction(10) ** exponent / 2
    return abs(Fraction(value) - ratio(counts, scale)) <= half


def counts_problem(counts: Counts, uncertainty: Uncertainty) -> tuple[str, str] | None:
    """What is wrong with a numerator and denominator for an indicator of this kind of chance, as (the field, the
    sentence), or None."""
    n, d = counts.numerator, counts.denominator
    if d <= 0:
        return "denominator", f"the denominator is {d}: it must be above 0"
    if n < 0:
        return "numerator", f"the numerator is {n}: it cannot be negative"
    if uncertainty != "none" and n != n.to_integral_value():
        return "numerator", f"the numerator is {n}: a count of events or respondents is a whole number"
    if uncertainty == "binomial":
        if d != d.to_integral_value():
            return "denominator", f"the denominator is {d}: a sample size is a whole number"
        if n > d:
            return "numerator", f"the numerator {n} is above the denominator {d}: a share cannot exceed the whole"
    return None


def interval(uncertainty: Uncertainty, counts: Counts, unit: str, level: Level = DEFAULT_LEVEL) -> Interval | None:
    """The value's interval in ``unit`` at ``level``; None for an indicator that does not vary by chance, a unit that
    is no ratio, or counts ``counts_problem`` refuses."""
    scale = scale_of(unit)
    if uncertainty == "none" or scale is None or counts_problem(counts, uncertainty) is not None:
        return None
    count, size = int(counts.numerator), counts.denominator
    method: Method
    if uncertainty == "binomial":
        method = "wilson"
        low, high = wilson(count, int(size), level)
    else:
        method = "exact_poisson" if count < BYAR_FROM else "byar"
        low, high = poisson_exact(count, level) if method == "exact_poisson" else byar(count, level)
        with localcontext() as ctx:
            ctx.prec = WORKING
            low, high = low / size, high / size
    with localcontext() as ctx:
        ctx.prec = WORKING
        low, high = low * scale, high * scale
    return Interval(
        lower=_outwards(low, ROUND_FLOOR),
        upper=_outwards(high, ROUND_CEILING),
        level=level,
        method=method,
        numerator=counts.numerator,
        denominator=counts.denominator,
    )


def _outwards(value: Decimal, rounding: str) -> Decimal:
    """``value`` to SIGNIFICANT significant digits, rounded in the direction given (and never below 0)."""
    if value <= 0:
        return Decimal(0)
    exponent = value.adjusted() - SIGNIFICANT + 1
    with localcontext() as ctx:
        ctx.prec = WORKING
        return value.quantize(Decimal(1).scaleb(exponent), rounding=rounding)


# --- the methods: limits for a count (Poisson) or a proportion (binomial), in WORKING digits ----------------------


def poisson_cdf(count: int, mean: Decimal) -> Decimal:
    """P(X ≤ count) for X Poisson with ``mean``: e^(−mean) Σ mean^i / i!, i = 0 … count (in the caller's context)."""
    term = total = Decimal(1)
    for i in range(1, count + 1):
        term = term * mean / i
        total += term
    return total * (-mean).exp()


def poisson_exact(count: int, level: Level = DEFAULT_LEVEL) -> tuple[Decimal, Decimal]:
    """The exact (Garwood) limits of a Poisson count: the means at which P(X ≥ count) = α/2 (lower; 0 for a count of
    0) and P(X ≤ count) = α/2 (upper)."""
    tail = TAIL[level]
    with localcontext() as ctx:
        ctx.prec = WORKING
        lower = Decimal(0) if count == 0 else _solve(lambda m: poisson_cdf(count - 1, m) - (1 - tail), count)
        upper = _solve(lambda m: poisson_cdf(count, m) - tail, count)
    return lower, upper


def _solve(falling: Callable[[Decimal], Decimal], count: int) -> Decimal:
    """The root of a function falling from positive to negative over the means above 0 (a Poisson distribution
    function minus a probability), by bisection to WORKING − 5 significant digits."""
    low, high = Decimal(0), Decimal(count + 10)
    while falling(high) > 0:
        low, high = high, high * 2
    tolerance = Decimal(10) ** (5 - WORKING)
    for _ in range(4 * WORKING):
        middle = (low + high) / 2
        if falling(middle) > 0:
            low = middle
        else:
            high = middle
        if high - low <= tolerance * high:
            break
    return (low + high) / 2


def byar(count: int, level: Level = DEFAULT_LEVEL) -> tuple[Decimal, Decimal]:
    """Byar's approximation to a Poisson count's limits (Breslow and Day 1987), for counts of 10 or more."""
    z = Z[level]
    with localcontext() as ctx:
        ctx.prec = WORKING
        o, above = Decimal(count), Decimal(count + 1)
        lower = o * (1 - 1 / (9 * o) - z / (3 * o.sqrt())) ** 3
        upper = above * (1 - 1 / (9 * above) + z / (3 * above.sqrt())) ** 3
    return lower, upper


def wilson(count: int, size: int, level: Level = DEFAULT_LEVEL) -> tuple[Decimal, Decimal]:
    """Wilson's score limits of a proportion count/size (Wilson 1927; Newcombe 1998), 0 and 1 exactly at the ends."""
    z = Z[level]
    with localcontext() as ctx:
        ctx.prec = WORKING
        o, n = Decimal(count), Decimal(size)
        q = 1 - o / n
        root = z * (z * z + 4 * o * q).sqrt()
        lower = Decimal(0) if count == 0 else (2 * o + z * z - root) / (2 * (n + z * z))
        upper = Decimal(1) if count == size else (2 * o + z * z + root) / (2 * (n + z * z))
    return max(lower, Decimal(0)), min(upper, Decimal(1))


# --- as people read it ---------------------------------------------------------------------------------------------


def shown_bounds(found: Interval, figures: Sequence[Number] = (), digits: int = 3) -> tuple[str, str]:
    """The limits as a report shows them: ``digits`` significant digits (0.506–111), more where fewer would put a
    figure judged against on the other side of a limit than the exact comparison does."""
    exact = Fraction(found.lower), Fraction(found.upper)
    wanted = [to_fraction(f) for f in figures]
    low, high = found.lower, found.upper
    for places in range(digits, SIGNIFICANT + 1):
        low, high = _significant(found.lower, places), _significant(found.upper, places)
        if all((Fraction(low) <= f) == (exact[0] <= f) and (f <= Fraction(high)) == (f <= exact[1]) for f in wanted):
            break
    return _plain(low), _plain(high)


def _significant(value: Decimal, places: int) -> Decimal:
    if value == 0:
        return value
    with localcontext() as ctx:
        ctx.prec = WORKING
        return value.quantize(Decimal(1).scaleb(value.adjusted() - places + 1), rounding=ROUND_HALF_EVEN)


def _plain(value: Decimal) -> str:
    """Without exponent: 1.63E+3 is 1630."""
    return format(value, "f")
