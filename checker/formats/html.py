"""HTML report: one self-contained page (inline CSS and SVG, no script, no network), printable on A4.

The run report is laid out by templates/report.html.j2, the views by summary.html.j2 and trend.html.j2 (sharing
_views_style.css.j2), all with autoescape on; this module turns results and views into plain records of already
formatted text (checker.formats.wording) and the SVG charts of checker.formats.charts and .sparkline.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from checker import __version__
from checker.domain.i18n import t
from checker.domain.messages import render
from checker.domain.results import DistrictResult, IndicatorResult, RunResult
from checker.domain.summary_view import SummaryView
from checker.engine.rules import fmt
from checker.formats.charts import COLOURS, chart
from checker.formats.registry import RenderOptions
from checker.formats.sparkline import sparkline
from checker.formats.wording import (
    ARROW,
    STATUSES,
    counted,
    counts_text,
    data_text,
    direction_label,
    district_label,
    footer_text,
    has_unverified,
    indicator_label,
    indicator_name,
    indicator_notes,
    listed_text,
    milestone_text,
    nature_text,
    notes_text,
    plan_text,
    reason_text,
    reported_text,
    source_cell,
    source_text,
    status_text,
    summary_notes,
    target_cell,
    trend_notes,
    value_label,
    year_range,
)
from checker.views.grouping import grouping_note, listed_groups
from checker.views.trend import TrendView, TrendYear


def narrow(text: str, columns: int = 20) -> bool:
    """True when ``text`` fits in ``columns`` monospace columns (a Chinese character takes two): kept on one line."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text) <= columns


@dataclass(frozen=True)
class Badge:
    status: str  # the status value, for the CSS class
    label: str
    count: int | None = None


@dataclass(frozen=True)
class TargetRow:
    target: str
    short: bool  # a target short enough to keep on one line ("[national] ≤ 14.5 †")
    milestone: str
    nature: str
    verdict: Badge
    reason: str
    message: str
    source: str


@dataclass(frozen=True)
class IndicatorRows:
    item: str
    label: str
    noted: bool
    baseline: str
    value: str
    verdict: str
    chart: Markup | None
    targets: tuple[TargetRow, ...]


@dataclass(frozen=True)
class GroupView:
    title: str
    charts: bool
    indicators: tuple[IndicatorRows, ...]
    counts: tuple[Badge, ...] = ()  # an office's targets by verdict (--group-by owner)


@dataclass(frozen=True)
class DistrictView:
    id: str
    name: str
    year: int
    illustrative: bool
    plan: str
    document: str
    data: str
    verdict: Badge
    counts: tuple[Badge, ...]
    notes: tuple[str, ...]
    groups: tuple[GroupView, ...]
    unverified: bool
    row_notes: tuple[tuple[str, str, str], ...]  # item, indicator, note


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("checker.formats", "templates"),
        autoescape=True,  # every text from plans and data files is escaped; only the charts are Markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def badges(counts: dict[str, int], lang: str) -> tuple[Badge, ...]:
    return tuple(Badge(s.value, status_text(s, lang), counts[s.value]) for s in counted(counts))


def district_name(d: DistrictResult, lang: str) -> str:
    return d.plan.name if lang == "zh" else f"{d.plan.name_en} ({d.plan.name})"


@dataclass(frozen=True)
class _RunReport:
    """The run report, rendered with one set of options."""

    options: RenderOptions

    def render(self, run: RunResult) -> str:
        lang = self.options.lang
        page = (
            environment()
            .get_template("report.html.j2")
            .render(
                _=lambda key, **fields: t(key, lang, **fields),
                lang=lang,
                html_lang="zh-CN" if lang == "zh" else "en",
                version=__version__,
                year=run.year,
                illustrative=run.illustrative,
                names=[district_name(d, lang) for d in run.districts],
                sources=[(district_name(d, lang), data_text(d), d.illustrative) for d in run.districts],
                verdict=Badge(run.verdict.value, status_text(run.verdict, lang)),
                counts=badges(run.counts, lang),
                counts_line=counts_text(run.counts, lang),
                skipped=notes_text(run.skipped, lang),
                districts=[self._district(d) for d in run.districts],
                colours={s.value: c for s, c in COLOURS.items()},
                footer=footer_text(run, lang),
            )
        )
        return page

    def _district(self, d: DistrictResult) -> DistrictView:
        lang, selection = self.options.lang, self.options.selection
        grouping = grouping_note(d, self.options.group_by, lang)
        listed = selection.rows(d.indicators)
        notes = ((grouping,) if grouping else ()) + notes_text(d.notes, lang)
        if selection.active:  # --only, --indicator: say what is left out
            shown, total = (sum(len(i.targets) for i in rows) for rows in (listed, d.indicators))
            notes += (listed_text(selection.statuses, selection.names, shown, total, lang),)
        return DistrictView(
            id=d.plan.id,
            name=district_name(d, lang),
            year=d.year,
            illustrative=d.illustrative,
            plan=plan_text(d),
            document=d.plan.document,
            data=data_text(d),
            verdict=Badge(d.verdict.value, status_text(d.verdict, lang)),
            counts=badges(d.counts, lang),
            notes=notes,
            groups=tuple(
                GroupView(
                    g.title,
                    g.has_baseline,
                    tuple(self._rows(d, i) for i in g.indicators),
                    () if g.owner is None else badges(g.target_counts, lang),
                )
                for g in listed_groups(d, lang, self.options.group_by, selection)
            ),
            unverified=has_unverified(d),
            row_notes=tuple(
                (i.item or "", indicator_name(i, lang), note) for i in listed for note in indicator_notes(i, lang)
            ),
        )

    def _rows(self, d: DistrictResult, ind: IndicatorResult) -> IndicatorRows:
        lang, meta = self.options.lang, d.plan
        return IndicatorRows(
            item=ind.item or "",
            label=indicator_label(ind, lang),
            noted=bool(indicator_notes(ind)),
            baseline="" if ind.baseline is None else f"{fmt(ind.baseline.value)} ({ind.baseline.year})",
            value=reported_text(ind, lang),
            verdict=ind.verdict.value,
            chart=chart(ind, d.year, indicator_name(ind, lang), lang),
            targets=tuple(
                TargetRow(
                    target=target_cell(r, meta.period.end, lang),
                    short=narrow(target_cell(r, meta.period.end, lang)),
                    milestone=milestone_text(r),
                    nature=nature_text(r, lang),
                    verdict=Badge(r.status.value, status_text(r.status, lang)),
                    reason=reason_text(r, lang),
                    message=render(r.message, lang),
                    source=source_cell(r, meta.document, lang),
                )
                for r in ind.targets
            ),
        )


def run(report: RunResult, options: RenderOptions) -> str:
    return _RunReport(options).render(report)


# --- the views: summary, trend, diff -------------------------------------------------------------------------------


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
    colours = {s.value: c for s, c in COLOURS.items() if s.value in STATUSES}  # a view judges without waivers
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
    return tuple(Badge(s, status_text(s, lang), counts[s]) for s in STATUSES if counts[s] or not nonzero)


def _page(template: str, context: dict[str, Any]) -> str:
    return environment().get_template(template).render(**context)


def summary(data: SummaryView, options: RenderOptions) -> str:
    lang = options.lang
    infos = {info["id"]: info for info in data["district_info"]}
    districts = [
        {
            "id": d,
            "name": district_label(infos[d], lang),
            "source": source_text(infos[d]),
            "illustrative": infos[d]["illustrative"],
            "verdict": Badge(infos[d]["verdict"], status_text(infos[d]["verdict"], lang)),
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
                None if (s := row["verdicts"].get(d)) is None else Badge(s, status_text(s, lang))
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
            "status_labels": [status_text(s, lang) for s in STATUSES],
            "notes": summary_notes(data, lang),
            "rows": rows,
        },
    )


def _trend_cell(cell: TrendYear, lang: str) -> TrendCell | None:
    if cell["verdict"] is None:
        return None
    direction = cell["direction"]
    return TrendCell(
        status=cell["verdict"],
        label=status_text(cell["verdict"], lang),
        value=value_label(cell["value"], lang),
        direction=direction,
        arrow=ARROW.get(direction or "", ""),
        direction_label=direction_label(direction, lang),
    )


def trend(data: TrendView, options: RenderOptions) -> str:
    lang = options.lang
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
