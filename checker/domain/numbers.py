"""Exact numbers: every figure is a Decimal as written, every derived figure a Fraction.

Floats never appear: 3.05 + (3.6 - 3.05) * 3/5 must be exactly 3.38, not 3.3799999.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext
from fractions import Fraction

Number = Decimal | Fraction


def to_decimal(value: object) -> Decimal:
    """Parse an int, Decimal or numeric string exactly; bools and floats are refused."""
    if isinstance(value, bool):
        raise ValueError("a yes/no value is not a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    else:
        raise ValueError(f"{value!r} is not a number")
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return result


def is_terminating(value: Fraction) -> bool:
    """True when the fraction has an exact decimal expansion (denominator 2^a * 5^b)."""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def format_number(value: Number, places: int = 4) -> str:
    """Show a number exactly when it has a finite decimal form, else rounded with a leading ≈."""
    if isinstance(value, Decimal):
        return format(value, "f")  # as written: 8.0 stays 8.0
    if is_terminating(value):
        return _plain(Decimal(value.numerator) / Decimal(value.denominator))
    rounded = round(Decimal(value.numerator) / Decimal(value.denominator), places)
    return "≈" + _plain(rounded)


def _plain(value: Decimal) -> str:
    """Decimal without exponent notation, trailing zeros of a computed value removed."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def to_fraction(value: Number) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value)


def decimal_text(value: Decimal | None) -> str | None:
    """A figure as JSON carries it: the decimal string as written (no exponent), None as None."""
    return None if value is None else format(value, "f")


def fraction_text(value: Fraction | None, places: int = 6) -> str | None:
    """Exact when the fraction has a finite decimal form, else rounded to ``places`` decimals."""
    if value is None:
        return None
    if is_terminating(value):
        return format_number(value)
    return format(round(Decimal(value.numerator) / Decimal(value.denominator), places), "f")


def round_like(value: Decimal, limit: Decimal) -> Decimal:
    """``value`` rounded to the digits ``limit`` is stated with, by GB/T 8170-2008's rule (四舍六入五成双): a dropped
    part below half goes, above half (5 followed by any non-zero digit) rounds up, exactly half rounds to the even
    last digit; a negative value is rounded as its absolute value, the sign kept. 0.35 → 0.4 and 0.45 → 0.4 against
    a limit of 0.5; 10.5002 → 11 against 10; -0.0365 → -0.036 against 0.001. Decimal's ROUND_HALF_EVEN is this rule.
    """
    exponent = limit.as_tuple().exponent
    assert isinstance(exponent, int), "a limit is a finite number"
    with localcontext() as context:
        context.prec = max(28, len(value.as_tuple().digits) + 2)
        return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_EVEN)
