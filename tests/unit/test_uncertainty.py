"""Confidence intervals (checker/domain/uncertainty.py), checked against an independent computation (scipy: the χ²
quantiles for the exact Poisson limits, the normal quantile in Byar's and Wilson's formulas) and published tables; the
counts' checks and the limits as reports show them."""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from fractions import Fraction

import pytest
from pydantic import ValidationError
from scipy.stats import chi2, norm

from checker.domain.models import Indicator
from checker.domain.uncertainty import (
    BYAR_FROM,
    SIGNIFICANT,
    TAIL,
    Counts,
    Level,
    Z,
    agrees,
    byar,
    counts_problem,
    interval,
    poisson_exact,
    scale_of,
    shown_bounds,
    wilson,
)

ALPHA = {"95": 0.05, "99.8": 0.002}
LEVELS: tuple[Level, ...] = ("95", "99.8")
CLOSE = 1e-9  # relative: scipy's quantiles are doubles; ours have 20 significant digits


def close(ours: Decimal, theirs: float) -> bool:
    return math.isclose(float(ours), theirs, rel_tol=CLOSE, abs_tol=1e-300)


# --- the normal quantiles ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
def test_the_normal_quantiles_are_scipys(level: Level) -> None:
    assert math.isclose(float(Z[level]), norm.ppf(1 - ALPHA[level] / 2), rel_tol=1e-15)
    assert float(TAIL[level]) == ALPHA[level] / 2


# --- exact Poisson limits: χ²(α/2; 2O)/2 and χ²(1 − α/2; 2O + 2)/2 --------------------------------------------------


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("count", [*range(0, 31), 50, 100, 388])
def test_exact_poisson_limits_are_the_chi_square_quantiles(count: int, level: Level) -> None:
    alpha = ALPHA[level]
    lower, upper = poisson_exact(count, level)
    expected_lower = chi2.ppf(alpha / 2, 2 * count) / 2 if count else 0.0
    assert close(lower, expected_lower) and close(upper, chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2)


@pytest.mark.parametrize(
    ("count", "lower", "upper"),
    [  # the classic table of exact 95 % limits for a Poisson count (e.g. Documenta Geigy; Daly 1992, table 2)
        (0, "0", "3.689"),
        (1, "0.0253", "5.572"),
        (2, "0.242", "7.225"),
        (5, "1.623", "11.668"),
        (10, "4.795", "18.390"),
    ],
)
def test_exact_poisson_limits_match_the_published_table(count: int, lower: str, upper: str) -> None:
    low, high = poisson_exact(count)
    places = Decimal(lower).as_tuple().exponent, Decimal(upper).as_tuple().exponent
    assert low.quantize(Decimal(1).scaleb(places[0])) == Decimal(lower)
    assert high.quantize(Decimal(1).scaleb(places[1])) == Decimal(upper)


def test_the_limits_of_one_event_have_closed_forms() -> None:
    """P(X ≥ 1) = 1 − e^(−μ) = 0.025 and, for 0 events, P(X = 0) = e^(−μ) = 0.025."""
    lower, _ = poisson_exact(1)
    _, upper_of_none = poisson_exact(0)
    with localcontext() as ctx:
        ctx.prec = 50
        assert abs(lower - (-Decimal("0.975").ln())) < Decimal("1e-40")
        assert abs(upper_of_none - (-Decimal("0.025").ln())) < Decimal("1e-40")


# --- Byar's approximation, and Wilson's score limits -----------------------------------------------------------------


def byar_float(count: int, z: float) -> tuple[float, float]:
    o, above = count, count + 1
    lower = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    upper = above * (1 - 1 / (9 * above) + z / (3 * math.sqrt(above))) ** 3
    return lower, upper


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("count", [10, 11, 25, 46, 100, 389, 1000, 123456])
def test_byar_is_the_formula_with_scipys_quantile(count: int, level: Level) -> None:
    lower, upper = byar(count, level)
    expected = byar_float(count, norm.ppf(1 - ALPHA[level] / 2))
    assert close(lower, expected[0]) and close(upper, expected[1])


@pytest.mark.parametrize("count", [10, 20, 50, 200, 1000])
def test_byar_is_within_a_fifth_of_a_per_cent_of_the_exact_limits_from_ten(count: int) -> None:
    """Why PHOF switches at 10 (its technical guide: within 0.2 % of the exact value for 95 % limits)."""
    lower, upper = byar(count)
    assert math.isclose(float(lower), chi2.ppf(0.025, 2 * count) / 2, rel_tol=0.002)
    assert math.isclose(float(upper), chi2.ppf(0.975, 2 * count + 2) / 2, rel_tol=0.002)


def wilson_float(count: int, size: int, z: float) -> tuple[float, float]:
    q = 1 - count / size
    root = z * math.sqrt(z * z + 4 * count * q)
    return (2 * count + z * z - root) / (2 * (size + z * z)), (2 * count + z * z + root) / (2 * (size + z * z))


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(
    ("count", "size"), [(0, 20), (1, 29), (15, 148), (81, 263), (280, 1000), (999, 1000), (50, 50), (3, 7)]
)
def test_wilson_is_the_formula_with_scipys_quantile(count: int, size: int, level: Level) -> None:
    lower, upper = wilson(count, size, level)
    expected = wilson_float(count, size, norm.ppf(1 - ALPHA[level] / 2))
    assert math.isclose(float(lower), expected[0], rel_tol=CLOSE, abs_tol=1e-15)
    assert math.isclose(float(upper), expected[1], rel_tol=CLOSE, abs_tol=1e-15)


@pytest.mark.parametrize(
    ("count", "size", "lower", "upper"),
    [  # Newcombe (1998), Statistics in Medicine 17:857, table II, method 3 (score, without continuity correction)
        (81, 263, "0.2553", "0.3662"),
        (15, 148, "0.0624", "0.1605"),
        (0, 20, "0.0000", "0.1611"),
        (1, 29, "0.0061", "0.1718"),
    ],
)
def test_wilson_matches_newcombes_published_limits(count: int, size: int, lower: str, upper: str) -> None:
    low, high = wilson(count, size)
    assert (low.quantize(Decimal("0.0001")), high.quantize(Decimal("0.0001"))) == (Decimal(lower), Decimal(upper))


def test_wilson_ends_exactly_at_zero_and_one() -> None:
    assert wilson(0, 20)[0] == 0 and wilson(50, 50)[1] == 1


# --- an interval in the indicator's unit ------------------------------------------------------------------------------


def test_rongchang_maternal_mortality_one_death_in_5000_births() -> None:
    """The issue's case: 20 /10万 against ≤ 10; the exact 95 % interval holds 10 (and the 2024 milestone 14.98)."""
    found = interval("poisson", Counts(Decimal(1), Decimal(5000)), "/10万")
    assert found is not None
    assert (found.method, found.level) == ("exact_poisson", "95")
    assert found.lower == Decimal("0.50635615968579750807") and found.upper == Decimal("111.43286781877797195")
    assert close(found.lower, chi2.ppf(0.025, 2) / 2 * 20) and close(found.upper, chi2.ppf(0.975, 4) / 2 * 20)
    assert found.contains(Decimal(10)) and found.contains(Fraction("14.98")) and not found.contains(Decimal(112))
    wider = interval("poisson", Counts(Decimal(1), Decimal(5000)), "/10万", "99.8")
    assert wider is not None and close(wider.lower, chi2.ppf(0.001, 2) / 2 * 20)


@pytest.mark.parametrize(
    ("uncertainty", "numerator", "denominator", "unit", "method", "scale"),
    [
        ("poisson", 9, 5000, "/10万", "exact_poisson", 100_000 / 5000),
        ("poisson", 10, 5000, "/10万", "byar", 100_000 / 5000),
        ("poisson", 46, 100_000, "/10万", "byar", 1),
        ("poisson", 3, 1200, "‰", "exact_poisson", 1000 / 1200),
        ("poisson", 12, 8000, "人/千人", "byar", 1000 / 8000),
        ("binomial", 280, 1000, "%", "wilson", 100),
    ],
)
def test_the_interval_is_scaled_to_the_unit(
    uncertainty: str, numerator: int, denominator: int, unit: str, method: str, scale: float
) -> None:
    found = interval(uncertainty, Counts(Decimal(numerator), Decimal(denominator)), unit)  # type: ignore[arg-type]
    assert found is not None and found.method == method
    if method == "exact_poisson":
        low = chi2.ppf(0.025, 2 * numerator) / 2
        high = chi2.ppf(0.975, 2 * numerator + 2) / 2
    elif method == "byar":
        low, high = byar_float(numerator, norm.ppf(0.975))
    else:
        low, high = wilson_float(numerator, denominator, norm.ppf(0.975))
    assert close(found.lower, low * scale) and close(found.upper, high * scale)
    assert found.contains(Fraction(numerator, denominator) * (scale_of(unit) or 0))  # the point estimate is inside


def test_the_limits_are_stated_to_20_digits_rounded_outwards() -> None:
    found = interval("poisson", Counts(Decimal(7), Decimal(3)), "%")
    assert found is not None
    low, high = poisson_exact(7)  # 50 working digits
    exact_low, exact_high = low / 3 * 100, high / 3 * 100
    for limit in (found.lower, found.upper):
        assert len(limit.as_tuple().digits) == SIGNIFICANT
    assert exact_low - Decimal("1e-17") < found.lower <= exact_low
    assert exact_high <= found.upper < exact_high + Decimal("1e-17")


@pytest.mark.parametrize(
    ("uncertainty", "unit"),
    [("none", "/10万"), ("poisson", "岁"), ("binomial", "个")],
)
def test_no_interval_without_chance_or_a_ratio(uncertainty: str, unit: str) -> None:
    assert interval(uncertainty, Counts(Decimal(1), Decimal(10)), unit) is None  # type: ignore[arg-type]


# --- the counts ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "scale"),
    [("%", 100), ("‰", 1000), ("/10万", 100_000), ("人/千人", 1000), ("人/万人", 10_000), ("岁", None)],
)
def test_scale_of_a_unit(unit: str, scale: int | None) -> None:
    assert scale_of(unit) == scale


@pytest.mark.parametrize(
    ("value", "numerator", "denominator", "agreed"),
    [
        ("20", 1, 5000, True),
        ("20", 1, 4987, True),  # 20.052…: 20 to the unit
        ("20.0", 1, 4987, False),  # to one decimal it is 20.1
        ("20.05", 1, 4987, True),
        ("0", 1, 5000, False),
        ("20", 2, 5000, False),
        ("40", 2, 5000, True),
        ("2E+1", 1, 5000, True),
    ],
)
def test_the_value_agrees_with_its_counts_to_its_stated_digits(
    value: str, numerator: int, denominator: int, agreed: bool
) -> None:
    assert agrees(Decimal(value), Counts(Decimal(numerator), Decimal(denominator)), 100_000) is agreed


@pytest.mark.parametrize(
    ("uncertainty", "numerator", "denominator", "problem"),
    [
        ("poisson", "1", "5000", None),
        ("poisson", "1", "0", "denominator"),
        ("poisson", "-1", "5000", "numerator"),
        ("poisson", "1.5", "5000", "numerator"),
        ("poisson", "1", "4800.5", None),  # person-years need not be whole
        ("binomial", "3", "2", "numerator"),
        ("binomial", "1", "2.5", "denominator"),
        ("none", "1.5", "2.5", None),
    ],
)
def test_counts_problems(uncertainty: str, numerator: str, denominator: str, problem: str | None) -> None:
    found = counts_problem(Counts(Decimal(numerator), Decimal(denominator)), uncertainty)  # type: ignore[arg-type]
    assert (found[0] if found else None) == problem


def test_an_indicator_that_varies_by_chance_has_a_ratios_unit() -> None:
    base = {"id": "x", "name": "x", "name_en": "x", "direction": "lower"}
    assert Indicator.model_validate({**base, "unit": "/10万", "uncertainty": "poisson"}).uncertainty == "poisson"
    with pytest.raises(ValidationError, match="binomial is for a share"):
        Indicator.model_validate({**base, "unit": "人/千人", "uncertainty": "binomial"})
    with pytest.raises(ValidationError, match="poisson is for a rate"):
        Indicator.model_validate({**base, "unit": "岁", "uncertainty": "poisson"})


# --- as reports show them -------------------------------------------------------------------------------------------


def test_reports_show_three_significant_digits_more_where_a_figure_needs_them() -> None:
    found = interval("poisson", Counts(Decimal(1), Decimal(5000)), "/10万")
    assert found is not None
    assert shown_bounds(found) == ("0.506", "111")
    assert shown_bounds(found, [Decimal(10)]) == ("0.506", "111")
    assert shown_bounds(found, [Decimal("111.43")]) == ("0.50636", "111.43")  # 111 would leave 111.43 outside
    byar_found = interval("poisson", Counts(Decimal(100), Decimal(5000)), "/10万")
    assert byar_found is not None and shown_bounds(byar_found) == ("1630", "2430")
    assert BYAR_FROM == 10
