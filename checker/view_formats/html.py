"""The summary and trend views as self-contained HTML pages (inline CSS and SVG, no script, nothing fetched).

Laid out by checker/templates/summary.html.j2 and trend.html.j2, which share the run report's look
(_views_style.css.j2) and its jinja2 environment (autoescape on: every text from plans and data is escaped).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from checker import __version__
from checker.domain.i18n import t
from checker.formats.charts import COLOURS
from checker.formats.sparkline import sparkline
from checker.reporters.html import Badge, environment
from checker.view_formats.common import (
    ARROW,
    STATUSES,
    direction_label,
    district_label,
    source_text,
    status_label,
    summary_notes,
    trend_notes,
    value_label,
    year_range,
)


@dataclass(frozen=True)
class TrendCell:
    status: str
    label: str
    value: str
    direction: str | None
    arrow: str
    direction_label: str


def tint(colour: str, white: int = 85) -> str:
    """``colour`` (#rrggbb) mixed with ``white`` per cent of white: the pale background of a verdict cell."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [(c * (100 - white) + 255 * white) // 100 for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _common(lang: str, illustrative: bool) -> dict[str, Any]:
    colours = {s.value: c for s, c in COLOURS.items()}
    return {
        "_": lambda key, **fields: t(key, lang, **fields),
        "lang": lang,
        "html_lang": "zh-CN" if lang == "zh" else "en",
        "version": __version__,
        "illustrative": illustrative,
        "colours": colours,
        "tints": {status: tint(colour) for status, colour in colours.items()},
    }


def _badges(counts: dict[str, int], lang: str, nonzero: bool = False) -> tuple[Badge, ...]:
    return tuple(Badge(s, status_label(s, lang), counts[s]) for s in STATUSES if counts[s] or not nonzero)


def _page(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(**context)


def summary(data: dict[str, Any], lang: str, color: bool = False) -> str:
    infos = {info["id"]: info for info in data["district_info"]}
    districts = [
        {
            "id": d,
            "name": district_label(infos[d], lang),
            "source": source_text(infos[d]),
            "illustrative": infos[d]["illustrative"],
            "verdict": Badge(infos[d]["verdict"], status_label(infos[d]["verdict"], lang)),
            "counts": _badges(data["district_counts"][d], lang),
        }
        for d in data["districts"]
    ]
    totals = {s: sum(c[s] for c in data["district_counts"].values()) for s in STATUSES}
    rows = [
        {
            "id": row["id"],
            "name": row["name"],
            "unit": row.get("unit", ""),
            "cells": [
                None if (s := row["verdicts"].get(d)) is None else Badge(s, status_label(s, lang))
                for d in data["districts"]
            ],
            "counts": _badges(row["counts"], lang, nonzero=True),
        }
        for row in data["indicators"]
    ]
    return _page(
        "summary.html.j2",
        {
            **_common(lang, data["illustrative"]),
            "year": data["year"],
            "districts": districts,
            "counts": _badges(totals, lang),
            "status_labels": [status_label(s, lang) for s in STATUSES],
            "notes": summary_notes(data, lang),
            "rows": rows,
        },
    )


def _trend_cell(cell: dict[str, Any], lang: str) -> TrendCell | None:
    if cell["verdict"] is None:
        return None
    direction = cell["direction"]
    return TrendCell(
        status=cell["verdict"],
        label=status_label(cell["verdict"], lang),
        value=value_label(cell["value"], lang),
        direction=direction,
        arrow=ARROW.get(direction or "", ""),
        direction_label=direction_label(direction, lang),
    )


def trend(data: dict[str, Any], lang: str, color: bool = False) -> str:
    years = [str(y) for y in data["years"]]
    rows = []
    for row in data["indicators"]:
        chart: Markup | None = sparkline(years, row["years"], row["name"], lang)
        rows.append(
            {
                "id": row["id"],
                "name": row["name"],
                "unit": row["unit"],
                "cells": [_trend_cell(row["years"][y], lang) for y in years],
                "overall": row["overall"],
                "overall_arrow": ARROW.get(row["overall"] or "", ""),
                "overall_label": direction_label(row["overall"], lang),
                "chart": chart,
            }
        )
    sources = [(year, source_text(s), s["illustrative"]) for year, s in data.get("sources", {}).items()]
    return _page(
        "trend.html.j2",
        {
            **_common(lang, data["illustrative"]),
            "name": district_label(data, lang),
            "district": data["district"],
            "span": year_range(data),
            "years": years,
            "evaluated": data["evaluated"],
            "period": f"{data['plan_period'][0]}–{data['plan_period'][1]}",
            "sources": sources,
            "notes": trend_notes(data, lang),
            "rows": rows,
        },
    )
