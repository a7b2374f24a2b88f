"""Small inline SVG charts of an indicator's path: baseline, 序时进度 line to the target, the year's milestone, and
the values reported in every year the data folder holds.

Figures stay exact (Decimal, Fraction) up to the drawing: only the SVG coordinates are floats, scaled from Fractions.
The chart draws what the evaluation found and never judges a figure itself: the report year's point takes the
indicator's verdict colour, each other year's point the verdict the engine gave that year's value (the same targets,
that year's 序时进度 milestone); a year without a verdict stays grey.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from markupsafe import Markup, escape

from checker.domain.i18n import t
from checker.domain.models import Op, TargetKind
from checker.domain.numbers import Number, format_number, to_fraction
from checker.domain.results import IndicatorResult, Status
from checker.domain.units import convert, convertible
from checker.engine.rules import milestone, satisfies

COLOURS: dict[Status, str] = {
    Status.INFO: "#757575",
    Status.WAIVED: "#7b5ea7",
    Status.PASS: "#2e7d32",
    Status.NOT_EVALUABLE: "#1565c0",
    Status.WARN: "#d48a00",
    Status.FAIL: "#c62828",
}
HISTORY_COLOUR = "#8a8a8a"
LINE_COLOUR = "#5f6b7a"
WIDTH, HEIGHT = 232, 108
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 10, 20  # margins: y labels on the left, year labels at the bottom
INSET = 8  # the first and last year stand this far inside the frame, clear of the labels


@dataclass(frozen=True)
class Path:
    """What a chart shows, all exact: the baseline, the target (if a threshold gives one), the points."""

    baseline_year: int
    baseline: Fraction
    target_year: int | None
    target: Fraction | None
    year: int
    milestone: Fraction | None  # the 序时进度 point for the report year, before the target year
    bound: bool  # the baseline already meets the target: a bound to hold every year, not a line to follow
    points: tuple[tuple[int, Fraction], ...]  # (year, value), sorted; includes the report year when reported
    verdict: Status
    unit: str
    verdicts: tuple[tuple[int, Status], ...] = ()  # the other years' verdicts, where the engine gave one


def indicator_path(ind: IndicatorResult, year: int) -> Path | None:
    """The chart data of an indicator with a baseline; None without one (nothing to draw a trajectory from)."""
    if ind.baseline is None:
        return None
    points = {y: to_fraction(v) for y, v in ind.history if isinstance(v, Decimal)}
    if isinstance(ind.value, Decimal):
        points[year] = to_fraction(ind.value)
    target_year: int | None = None
    target: Fraction | None = None
    bound = False
    goal = _own_threshold(ind)
    if goal is not None:
        target_year, target, op = goal
        bound = satisfies(ind.baseline.value, op, target)  # drawn as the engine reads it (docs/evaluation.md)
    m = None
    if target is not None and target_year is not None and not bound and ind.baseline.year < year < target_year:
        m = milestone(ind.baseline, target, target_year, year)
    return Path(
        baseline_year=ind.baseline.year,
        baseline=to_fraction(ind.baseline.value),
        target_year=target_year,
        target=target,
        year=year,
        milestone=m,
        bound=bound,
        points=tuple(sorted(points.items())),
        verdict=ind.verdict,
        unit=ind.indicator.unit,
        verdicts=ind.history_verdicts,
    )


def _own_threshold(ind: IndicatorResult) -> tuple[int, Fraction, Op] | None:
    """The plan's own first threshold target, in the indicator's unit: the end of the 序时进度 line."""
    for result in ind.targets:
        target = result.target
        if result.floor or target is None or target.kind is not TargetKind.THRESHOLD:
            continue
        if not isinstance(target.value, Decimal) or target.op is None:
            continue
        value = target.value
        if target.unit and target.unit != ind.indicator.unit:
            if not convertible(target.unit, ind.indicator.unit):
                continue  # a unit the chart cannot place on the indicator's axis: draw no target line
            value = convert(value, target.unit, ind.indicator.unit)
        return target.year, to_fraction(value), target.op
    return None


def _coord(value: Fraction) -> str:
    """An exact coordinate as the one float of the chain, printed with one decimal."""
    return f"{float(value):.1f}"


def svg(path: Path, name: str, lang: str) -> Markup:
    """The chart as inline SVG markup; every text in it is escaped."""
    years = [path.baseline_year, path.year, *(y for y, _ in path.points)]
    if path.target_year is not None:
        years.append(path.target_year)
    x0, x1 = min(years), max(years)
    values: list[Fraction] = [path.baseline, *(v for _, v in path.points)]
    if path.target is not None:
        values.append(path.target)
    if path.milestone is not None:
        values.append(path.milestone)
    lo, hi = min(values), max(values)
    pad = (hi - lo) / 8 if hi != lo else max(abs(hi) / 20, Fraction(1, 2))
    y_lo, y_hi = lo - pad, hi + pad
    plot_w, plot_h = Fraction(WIDTH - LEFT - RIGHT - 2 * INSET), Fraction(HEIGHT - TOP - BOTTOM)

    def x(year: int) -> str:
        span = max(x1 - x0, 1)
        return _coord(LEFT + INSET + plot_w * Fraction(year - x0, span))

    def y(value: Fraction) -> str:
        return _coord(TOP + plot_h * (y_hi - value) / (y_hi - y_lo))

    def num(value: Number) -> str:
        return format_number(value)

    parts: list[str] = []
    summary = _summary(path, name, lang)
    parts.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(summary)}">'
    )
    parts.append(f"<title>{escape(summary)}</title>")
    bottom = HEIGHT - BOTTOM
    # frame, year grid and labels
    parts.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#bbb" stroke-width="1"/>')
    step = 1 if x1 - x0 <= 8 else 2
    for year in range(x0, x1 + 1, step):
        weight = ' font-weight="bold"' if year == path.year else ""
        parts.append(
            f'<line x1="{x(year)}" y1="{TOP}" x2="{x(year)}" y2="{bottom}" stroke="#eee" stroke-width="1"/>'
            f'<text x="{x(year)}" y="{HEIGHT - 6}" font-size="9" text-anchor="middle" fill="#555"{weight}>'
            f"{year}</text>"
        )
    for value in (hi, lo) if hi != lo else (hi,):
        parts.append(
            f'<text x="{LEFT - 4}" y="{y(value)}" font-size="9" text-anchor="end" dominant-baseline="middle" '
            f'fill="#555">{escape(num(value))}</text>'
        )
    # the 序时进度 line from the baseline to the target (or a bound's level), the target and the year's milestone
    if path.target is not None and path.target_year is not None and path.bound:
        parts.append(
            f'<line class="bound" x1="{LEFT}" y1="{y(path.target)}" x2="{WIDTH - RIGHT}" y2="{y(path.target)}" '
            f'stroke="{LINE_COLOUR}" stroke-width="1.2" stroke-dasharray="1 2"/>'
        )
    if path.target is not None and path.target_year is not None and not path.bound:
        parts.append(
            f'<line class="trajectory" x1="{x(path.baseline_year)}" y1="{y(path.baseline)}" '
            f'x2="{x(path.target_year)}" y2="{y(path.target)}" stroke="{LINE_COLOUR}" stroke-width="1.2" '
            f'stroke-dasharray="4 3"/>'
        )
        tx, ty = x(path.target_year), y(path.target)
        parts.append(
            f'<path class="target" d="M {tx} {float(ty) - 5:.1f} l 5 5 l -5 5 l -5 -5 z" fill="#fff" '
            f'stroke="{LINE_COLOUR}" stroke-width="1.5"><title>{escape(t("chart.target", lang))} '
            f"{path.target_year}: {escape(num(path.target))}</title></path>"
        )
    if path.milestone is not None:
        parts.append(
            f'<circle class="milestone" cx="{x(path.year)}" cy="{y(path.milestone)}" r="5" fill="none" '
            f'stroke="{LINE_COLOUR}" stroke-width="1.5"><title>{escape(t("chart.milestone", lang))} {path.year}: '
            f"{escape(num(path.milestone))}</title></circle>"
        )
    bx, by = x(path.baseline_year), y(path.baseline)
    parts.append(
        f'<rect class="baseline" x="{float(bx) - 3.5:.1f}" y="{float(by) - 3.5:.1f}" width="7" height="7" '
        f'fill="{LINE_COLOUR}"><title>{escape(t("chart.baseline", lang))} {path.baseline_year}: '
        f"{escape(num(path.baseline))}</title></rect>"
    )
    # the reported values: a thin line through them, each point in the colour of its year's verdict (the report
    # year's larger), grey where a year has none
    if path.points:
        line = [(path.baseline_year, path.baseline), *path.points]
        coords = " ".join(f"{x(yr)},{y(v)}" for yr, v in line)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{HISTORY_COLOUR}" stroke-width="1"/>')
    verdicts = dict(path.verdicts)
    for year, value in path.points:
        current = year == path.year
        verdict = path.verdict if current else verdicts.get(year)
        colour = HISTORY_COLOUR if verdict is None else COLOURS[verdict]
        radius = "4.5" if current else "3"
        css = "value" + ("" if current else " history") + ("" if verdict is None else f" value-{verdict.value}")
        said = "" if verdict is None else f" ({escape(t(f'status.{verdict.value}', lang))})"
        parts.append(
            f'<circle class="{css}" cx="{x(year)}" cy="{y(value)}" r="{radius}" fill="{colour}" stroke="#fff" '
            f'stroke-width="1"><title>{year}: {escape(num(value))}{said}</title></circle>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _summary(path: Path, name: str, lang: str) -> str:
    """The chart in words, for its title (hover, screen readers) and for text outputs."""
    text = f"{name}: {t('chart.baseline', lang)} {format_number(path.baseline)} ({path.baseline_year})"
    if path.target is not None and path.bound:
        text += f"; {t('chart.bound', lang)} {format_number(path.target)}"
    elif path.target is not None:
        text += f" → {t('chart.target', lang)} {format_number(path.target)} ({path.target_year})"
    if path.milestone is not None:
        text += f"; {path.year} {t('chart.milestone', lang)} {format_number(path.milestone)}"
    if path.points:
        shown = ", ".join(f"{y} {format_number(v)}" for y, v in path.points)
        text += f"; {t('chart.value', lang)}: {shown}"
    return text


def chart(ind: IndicatorResult, year: int, name: str, lang: str) -> Markup | None:
    """The SVG chart of an indicator with a baseline, else None."""
    found = indicator_path(ind, year)
    return None if found is None else svg(found, name, lang)
