"""A small inline SVG line of one indicator's values over the years of a trend, with each year's 序时进度 milestone.

Figures stay exact (Fraction) up to the drawing; only the printed coordinates are floats, as in checker.formats.charts,
whose colours it uses. A year's point takes the colour of that year's verdict: each year was evaluated in the trend.
"""

from __future__ import annotations

from fractions import Fraction

from markupsafe import Markup, escape

from checker.domain.i18n import t
from checker.domain.numbers import format_number
from checker.domain.results import Status
from checker.formats.charts import COLOURS, HISTORY_COLOUR, LINE_COLOUR
from checker.formats.wording import number
from checker.views.trend import TrendYear

WIDTH, HEIGHT = 160, 40
PAD_X, PAD_Y = 6, 5


def _coord(value: Fraction) -> str:
    return f"{float(value):.1f}"


def sparkline(years: list[str], cells: dict[str, TrendYear], name: str, lang: str) -> Markup | None:
    """The line of the numeric values in ``cells`` (year -> trend cell); None with fewer than two of them."""
    values = {y: Fraction(v) for y in years if (v := number(cells[y]["value"])) is not None}
    milestones = {y: Fraction(m) for y in years if (m := number(cells[y].get("milestone"))) is not None}
    if len(values) < 2:
        return None
    every = [*values.values(), *milestones.values()]
    lo, hi = min(every), max(every)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    span_x = Fraction(WIDTH - 2 * PAD_X, max(len(years) - 1, 1))
    plot_h = Fraction(HEIGHT - 2 * PAD_Y)

    def x(year: str) -> str:
        return _coord(PAD_X + span_x * years.index(year))

    def y(value: Fraction) -> str:
        return _coord(PAD_Y + plot_h * (hi - value) / (hi - lo))

    shown = ", ".join(f"{year} {format_number(v)}" for year, v in values.items())
    summary = f"{name}: {t('chart.value', lang)} {shown}"
    if milestones:
        summary += f"; {t('chart.milestone', lang)} " + ", ".join(
            f"{year} {format_number(m)}" for year, m in milestones.items()
        )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(summary)}">',
        f"<title>{escape(summary)}</title>",
    ]
    if len(milestones) >= 2:
        coords = " ".join(f"{x(yr)},{y(m)}" for yr, m in milestones.items())
        parts.append(
            f'<polyline class="milestones" points="{coords}" fill="none" stroke="{LINE_COLOUR}" '
            f'stroke-width="1" stroke-dasharray="3 2"/>'
        )
    elif milestones:
        ((only_year, only),) = milestones.items()
        parts.append(
            f'<circle class="milestones" cx="{x(only_year)}" cy="{y(only)}" r="3" fill="none" stroke="{LINE_COLOUR}"/>'
        )
    coords = " ".join(f"{x(yr)},{y(v)}" for yr, v in values.items())
    parts.append(f'<polyline points="{coords}" fill="none" stroke="{HISTORY_COLOUR}" stroke-width="1.2"/>')
    for year, value in values.items():
        status = Status(cells[year]["verdict"])
        parts.append(
            f'<circle class="value value-{status.value}" cx="{x(year)}" cy="{y(value)}" r="3" '
            f'fill="{COLOURS[status]}" stroke="#fff" stroke-width="0.8"><title>{year}: '
            f"{escape(format_number(value))}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
