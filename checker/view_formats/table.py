"""The views as terminal tables, drawn with rich (imported here, so only when a table is asked for)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.domain.i18n import t
from checker.view_formats.common import (
    ARROW,
    DASH,
    SECTIONS,
    SYMBOL,
    counts_text,
    diff_statuses,
    diff_values,
    direction_label,
    legend,
    status_label,
    summary_notes,
    trend_notes,
    value_label,
    year_range,
)

STYLE = {"info": "dim", "pass": "bold green", "not_evaluable": "bold blue", "warn": "bold yellow", "fail": "bold red"}
DIRECTION_STYLE = {"improving": "green", "worsening": "red"}


def draw(build: Callable[[Console], None], color: bool, illustrative: bool, lang: str) -> str:
    """Draw with rich into a string; every view made from illustrative data starts with the banner."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, force_terminal=color, no_color=not color, highlight=False)
    if illustrative:
        console.print(Text(t("illustrative_banner", lang), style="bold reverse yellow"))
    build(console)
    return buffer.getvalue()


def summary(data: dict[str, Any], lang: str, color: bool) -> str:
    def build(console: Console) -> None:
        table = Table(title=f"{t('title', lang)} — {t('year', lang)} {data['year']}", box=box.SIMPLE_HEAD)
        table.add_column(t("col.name", lang))
        for d in data["districts"]:
            table.add_column(d, justify="center")
        for row in data["indicators"]:
            cells = [
                Text(DASH, style="dim") if s is None else Text(SYMBOL[s], style=STYLE[s])
                for s in (row["verdicts"].get(d) for d in data["districts"])
            ]
            table.add_row(f"{row['name']} ({row['id']})", *cells)
        console.print(table)
        for d in data["districts"]:
            console.print(f"{d}: {counts_text(data['district_counts'][d], lang)}")
        colon = t("colon", lang)
        for label, text in summary_notes(data, lang):
            console.print(Text(f"{label}{colon}{text}"))
        console.print(legend(lang), style="dim")

    return draw(build, color, data["illustrative"], lang)


def trend_cell(cell: dict[str, Any], lang: str) -> str:
    """The cell "4.6 ! ↓": the value, the verdict's symbol and the direction's arrow; "—" for a year without data."""
    if cell["verdict"] is None:
        return DASH
    text = f"{value_label(cell['value'], lang)} {SYMBOL[cell['verdict']]}"
    if cell["direction"]:
        text += f" {ARROW[cell['direction']]}"
    return text


def trend(data: dict[str, Any], lang: str, color: bool) -> str:
    def build(console: Console) -> None:
        table = Table(title=f"{data['name']} ({data['district']}) {year_range(data)}", box=box.SIMPLE_HEAD)
        table.add_column(t("col.name", lang))
        table.add_column(t("col.unit", lang))
        years = [str(y) for y in data["years"]]
        for y in years:
            table.add_column(y, justify="right")
        table.add_column(t("view.col.overall", lang))
        for row in data["indicators"]:
            cells = []
            for y in years:
                cell = row["years"][y]
                style = "dim" if cell["verdict"] is None else STYLE[cell["verdict"]]
                cells.append(Text(trend_cell(cell, lang), style=style))
            overall = row["overall"]
            style = DIRECTION_STYLE.get(overall or "", "")
            table.add_row(
                f"{row['name']} ({row['id']})", row["unit"], *cells, Text(direction_label(overall, lang), style=style)
            )
        console.print(table)
        colon = t("colon", lang)
        for label, text in trend_notes(data, lang):
            console.print(Text(f"{label}{colon}{text}"))
        console.print(f"{legend(lang)}  {t('trend.legend', lang)}", style="dim")

    return draw(build, color, data["illustrative"], lang)


def diff(data: dict[str, Any], lang: str, color: bool) -> str:
    def build(console: Console) -> None:
        console.print(f"A: {data['a']['year']}   B: {data['b']['year']}")
        for section in SECTIONS:
            rows = data[section]
            title = f"{t('diff.' + section, lang)} ({len(rows)})"
            table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
            for key in ("district", "indicator", "source", "year", "status_a", "status_b", "value_a", "value_b"):
                table.add_column(t("diff." + key, lang))
            for row in rows:
                a, b = diff_statuses(row, section)
                table.add_row(
                    row["district"],
                    row["indicator"],
                    row["source"],
                    str(row["target_year"]),
                    Text(DASH if a is None else status_label(a, lang), style=STYLE.get(a or "", "")),
                    Text(DASH if b is None else status_label(b, lang), style=STYLE.get(b or "", "")),
                    *(value_label(v, lang) for v in diff_values(row, section)),
                )
            if rows:
                console.print(table)
            else:
                console.print(f"{t('diff.' + section, lang)}: {t('diff.none', lang)}")
        console.print(t("diff.worse" if data["worse"] else "diff.not_worse", lang))

    return draw(build, color, data["illustrative"], lang)
