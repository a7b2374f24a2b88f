"""Whether a reported figure is believable for its indicator, before any target judges it.

Why: a wrong figure must never pass silently. 0.85 given for a share whose baseline is 85 % would otherwise be
judged as a share of 0.85 % (``missed``), and 12000000 元 given for 1200 万元 would look like a record. Three checks,
in this order, all in exact arithmetic (Fraction):

1. impossible for the unit: negative, or a share above 100 % (1000 ‰, 100000 /10万). Never accepted.
2. outside the catalogue's plausible range for the indicator (人均预期寿命 40–100 岁).
3. off by a power of ten (10 to 10⁴) from the figures the plan gives for the indicator (its baseline and target
   figures) and, when known, last year's reported value: the rule is ``off_by_power_of_ten``.

A figure that fails 2 or 3 may be confirmed by its submitter (``confirmed: "reason"``); the caller decides. Each
doubt names the figure a power of ten would make of it ("did you mean 85 (%)?") and, where a known slip explains
the power, the slip ("a share given as a fraction", "元 given for 万元"). Indicators marked ``signed`` (rates of
change, which may swing by any factor) are exempt. docs/evaluation.md has the rule with examples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from checker.domain.models import Indicator
from checker.domain.numbers import format_number
from checker.domain.units import POPULATIONS, PREFIXES, RATES, dimension

POWERS = (1, 2, 3, 4)  # 10 … 10⁴: a share as a fraction (100), 万 for 亿 or 元 for 万元 (10⁴), a decimal comma (1000)
TOLERANCE = Fraction(1, 10)  # the shifted figure must land within 10 % of the references' span
UPPER = {"%": 100, "‰": 1000, "/10万": 100_000}  # a share or rate cannot exceed the whole
COUNTED = frozenset({"个", "人", "名", "人次", "张", "家", "所", "台", "次", "项", "种", "期", "U", "辆", "床"})


@dataclass(frozen=True)
class Reference:
    """A figure given elsewhere for the same indicator, in its unit: the plan's baseline or a target's figure, or
    last year's reported value."""

    figure: Decimal
    kind: Literal["baseline", "target", "previous"]
    year: int

    def text(self, unit: str) -> str:
        """How a message names it: 'the baseline (85 % in 2020)', 'the 2025 target (90 %)'."""
        figure = f"{self.figure} {unit}"
        if self.kind == "baseline":
            return f"the baseline ({figure} in {self.year})"
        if self.kind == "target":
            return f"the {self.year} target ({figure})"
        return f"the {self.year} value ({figure})"


@dataclass(frozen=True)
class Doubt:
    """Why a figure is not believable, the figure a power of ten makes of it, and whether a confirmation can
    accept it (an impossible figure cannot be confirmed)."""

    value: Decimal
    unit: str
    reason: str
    suggestion: Fraction | None = None
    slip: str | None = None  # the known slip the power of ten points to
    confirmable: bool = True

    @property
    def message(self) -> str:
        """'0.85 % is off by a factor of 100 from the baseline (85 % in 2020): did you mean 85 (%)? 0.85 looks like
        a share given as a fraction'."""
        text = self.reason
        if self.suggestion is not None:
            text += f": did you mean {format_number(self.suggestion)} ({self.unit})?"
            if self.slip:
                text += f" {self.value} looks like {self.slip}"
        return text


def doubt(value: Decimal, indicator: Indicator, references: Sequence[Reference] = ()) -> Doubt | None:
    """The first doubt about ``value`` for ``indicator`` (impossible, outside the plausible range, off by a power
    of ten from ``references``), or None when the figure is believable."""
    if indicator.signed:
        return None
    unit = indicator.unit
    scaled = off_by_power_of_ten(value, unit, references)
    upper = UPPER.get(unit)
    if value < 0:
        return Doubt(value, unit, f"{value} is negative, which a {unit} figure cannot be", confirmable=False)
    if upper is not None and value > upper:
        reason = f"{value} {unit} is above {upper} {unit}"
        return _outside(value, unit, reason, (Fraction(0), Fraction(upper)), scaled, confirmable=False)
    plausible = indicator.plausible
    if plausible is not None and not plausible.min <= value <= plausible.max:
        reason = (
            f"{value} {unit} is outside the plausible range for {indicator.name} "
            f"({plausible.min}–{plausible.max} {unit})"
        )
        bounds = (Fraction(plausible.min), Fraction(plausible.max))
        return _outside(value, unit, reason, bounds, scaled, confirmable=True)
    return scaled


def off_by_power_of_ten(value: Decimal, unit: str, references: Sequence[Reference]) -> Doubt | None:
    """A doubt when ``value`` is a reference figure shifted by a power of ten, else None.

    The references (non-zero, of the value's sign) span lo…hi. ``value`` v ≠ 0 is off by 10^k (k = 1…4, the
    smallest that fits) when s = v·10^k (or v/10^k) lies within lo−10 % … hi+10 %, v itself lies at least half that
    factor beyond the nearest reference (v ≤ 2·lo/10^k, or v ≥ hi·10^k/2), and, for a count, s is whole.
    0.85 against 85 → 85 (×100); 8500 against 85 → 85; 7.91 against 79 → 79.1; but 25 hospitals against 3 is no
    doubt (2.5 is neither within 10 % of 3 nor a count), and 3000 against 1…1000 neither (only 3× the span).
    """
    if _near_references(value, references):
        return None
    v = Fraction(value)
    figures = [Fraction(r.figure) for r in references]
    usable = [(abs(f), r) for f, r in zip(figures, references, strict=True) if f != 0 and (f > 0) == (v > 0)]
    if v == 0 or not usable:
        return None
    size = abs(v)
    lo = min(f for f, _ in usable)
    hi = max(f for f, _ in usable)
    if lo / 2 <= size <= 2 * hi:
        return None
    below = size < lo
    for power in POWERS:
        factor = 10**power
        shifted = size * factor if below else size / factor
        far = size <= 2 * lo / factor if below else size >= hi * factor / 2
        if not (lo * (1 - TOLERANCE) <= shifted <= hi * (1 + TOLERANCE) and far and _countable(shifted, unit)):
            continue
        nearest = min(usable, key=lambda p: abs(p[0] - shifted) / p[0])[1]
        exponent = power if below else -power
        return Doubt(
            value,
            unit,
            f"{value} {unit} is off by a factor of {factor:,} from {nearest.text(unit)}",
            shifted if v > 0 else -shifted,
            _slip(unit, exponent, value),
        )
    return None


def _near_references(value: Decimal, references: Sequence[Reference]) -> bool:
    """The common case, decided in Decimal without building a Fraction (a national table holds millions of
    figures): ``value`` lies within half the smallest to twice the largest usable reference, so no power of ten
    is in question. Exact: comparisons, and doubling a figure of at most 27 digits, which Decimal does without
    rounding."""
    if not value or not value.is_finite():
        return False
    positive = value > 0
    size = abs(value)
    lo = hi = None
    for reference in references:
        figure = reference.figure
        if not figure or (figure > 0) != positive:
            continue
        figure = abs(figure)
        lo = figure if lo is None or figure < lo else lo
        hi = figure if hi is None or figure > hi else hi
    if lo is None or hi is None or max(_digits(size), _digits(hi)) > _EXACT_DIGITS:
        return False  # a figure too long to double exactly in Decimal's 28 digits: the Fraction path decides
    return lo <= 2 * size and size <= 2 * hi


_EXACT_DIGITS = 27


def _digits(number: Decimal) -> int:
    return len(number.as_tuple().digits)


def _outside(
    value: Decimal, unit: str, reason: str, bounds: tuple[Fraction, Fraction], scaled: Doubt | None, confirmable: bool
) -> Doubt:
    """A figure outside low…high: the reference-based suggestion when it lands inside, else the power of ten
    that brings the figure inside, one a known slip explains first, then the smallest."""
    low, high = bounds
    if scaled is not None and scaled.suggestion is not None and low <= scaled.suggestion <= high:
        return Doubt(value, unit, reason, scaled.suggestion, scaled.slip, confirmable)
    v = Fraction(value)
    fits = []
    for power in POWERS:
        exponent = power if v < low else -power
        shifted = v * Fraction(10) ** exponent
        if low <= shifted <= high and _countable(shifted, unit):
            fits.append((exponent, shifted))
    explained = [(e, s) for e, s in fits if _slip(unit, e, value)]
    if not (explained or fits):
        return Doubt(value, unit, reason, confirmable=confirmable)
    exponent, shifted = (explained or fits)[0]
    return Doubt(value, unit, reason, shifted, _slip(unit, exponent, value), confirmable)


def _countable(figure: Fraction, unit: str) -> bool:
    """A count (个, 人次, 万人次 …) is whole in its base unit: 2.5 hospitals is no one's intended figure."""
    (numerator, per), factor = dimension(unit)
    return per != "" or numerator not in COUNTED or (figure * factor).denominator == 1


def _slip(unit: str, exponent: int, value: Decimal) -> str | None:
    """The mistake that makes a figure 10^exponent times too small (positive) or too large (negative), if a known
    one does: another unit of the same quantity, a share as a fraction, a decimal comma read as thousands."""
    ratio = Fraction(10) ** exponent
    (kind, _), factor = dimension(unit)
    for other in _siblings(unit):
        if dimension(other)[1] / factor == ratio:
            return f"{other} given for {unit}"
    if kind == "rate" and 1 / factor == ratio:
        return "a share given as a fraction" if unit == "%" else f"a fraction given for a {unit} rate"
    if exponent == -3 and value >= 1000 and value == value.to_integral_value():
        return "a decimal comma read as a thousands separator"
    return None


def _siblings(unit: str) -> list[str]:
    """The other units of the same quantity: the rates for a rate; the other population size (人/千人 → 人/万人);
    the 万/亿 prefixes of a count or an amount of money (人次 → 万人次, 万元 → 元, 亿元)."""
    if unit in RATES:
        return [u for u in RATES if u != unit]
    numerator, _, per = unit.partition("/")
    base = numerator[1:] if len(numerator) > 1 and numerator[0] in PREFIXES else numerator
    prefixes = ("", *PREFIXES) if not per and base in COUNTED | {"元"} else ("",)
    pers = list(POPULATIONS) if per in POPULATIONS else [per]
    found = [prefix + base + (f"/{p}" if p else "") for prefix in prefixes for p in pers]
    return [u for u in found if u != unit]
