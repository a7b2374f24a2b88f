"""Terminal report: one table per district, coloured verdicts, notes and counts underneath."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.domain.i18n import t
from checker.domain.messages import render
from checker.domain.numbers import format_number
from checker.domain.results import DistrictResult, IndicatorResult, RunResult, Status, TargetResult
from checker.domain.summary_view import SummaryView
from checker.engine.rules import fmt
from checker.formats.registry import RenderOptions
from checker.formats.wording import (
    DASH,
    SECTIONS,
    SYMBOL,
    confirmation_note,
    counts_text,
    diff_statuses,
    diff_values,
    direction_label,
    legend,
    status_text,
    summary_notes,
    trend_cell_text,
    trend_notes,
    value_label,
    year_range,
)
from checker.views.diff import DiffView
from checker.views.grouping import grouping_note, names_owners, owner_groups
from checker.views.indicators import IndicatorListing
from checker.views.target_text import UNVERIFIED, target_text
from checker.views.trend import TrendView

STYLE: dict[str, str] = {  # by Status, or by its value in the views' data
    Status.INFO: "dim",
    Status.PASS: "bold green",
    Status.NOT_EVALUABLE: "bold blue",
    Status.WARN: "bold yellow",
    Status.FAIL: "bold red",
}
NATURE = {"binding": "约束性", "expected": "预期性", "unspecified": "(blank)"}
ILLUSTRATIVE_BANNER = "ILLUSTRATIVE DATA: sample values for demonstration, not real reported figures"


LABEL = {
    Status.INFO: "info",
    Status.PASS: "PASS",
    Status.NOT_EVALUABLE: "N/E",
    Status.WARN: "WARN",
    Status.FAIL: "FAIL",
}


def source_text(t: TargetResult, own_document: str) -> str:
    assert t.target is not None
    source = t.target.source
    if source.document == own_document:
        return source.section + (f" {source.item}" if source.item else "")
    return source.cite()


def verdict_text(status: Status) -> Text:
    return Text(LABEL[status], style=STYLE[status])


def counts_line(counts: dict[str, int]) -> Text:
    line = Text()
    for status in Status:
        if line:
            line.append("  ")
        line.append(f"{status.value} {counts[status.value]}", style=STYLE[status] if counts[status.value] else "dim")
    return line


@dataclass(frozen=True)
class _RunReport:
    """The run report, rendered with one set of options."""

    options: RenderOptions

    def render(self, run: RunResult) -> str:
        stream = io.StringIO()
        console = Console(
            file=stream,
            force_terminal=self.options.color,
            no_color=not self.options.color,
            width=None if self.options.color else 160,
            highlight=False,
            soft_wrap=False,
        )
        for district in run.districts:
            self._district(console, district)
        for message in run.skipped:
            console.print(Text(f"skipped: {render(message, self.options.lang)}", style="dim"))
        if len(run.districts) > 1:
            console.print(Text("All districts: ", style="bold") + counts_line(run.counts))
        return stream.getvalue()

    def _district(self, console: Console, d: DistrictResult) -> None:
        meta = d.plan
        if d.illustrative:
            console.print(Text(f" {ILLUSTRATIVE_BANNER} ", style="bold black on yellow"))
        console.print(Text(f"{meta.name} ({meta.id}) — {d.year}", style="bold"))
        doc = f"{meta.title}"
        if meta.number:
            doc += f" {meta.number}"
        console.print(Text(f"Plan: {doc}  [{meta.document}; # = 专栏1 序号]", style="dim"))
        console.print(
            Text(f"Data: {d.data_path or '—'}" + (f" — {d.data_source}" if d.data_source else ""), style="dim")
        )

        grouping = grouping_note(d, self.options.group_by, self.options.lang)
        for note in ((grouping,) if grouping else ()) + tuple(render(n, self.options.lang) for n in d.notes):
            console.print(Text(f"Note: {note}", style="yellow"))
        # The plan's own 专栏1 and end year are the common case: say them once, in the header, not per row.
        own = (meta.document, "专栏1")
        show_source = any(
            t.target is not None and (t.target.source.document, t.target.source.section) != own
            for i in d.indicators
            for t in i.targets
        )
        if self.options.group_by == "owner" and names_owners(d):
            for group in owner_groups(d, self.options.lang):
                console.print(Text(group.title, style="bold") + Text("   targets: ") + counts_line(group.target_counts))
                console.print(self._table(d, group.indicators, show_source))
        else:
            console.print(self._table(d, d.indicators, show_source))
        self._footer(console, d)

    def _table(self, d: DistrictResult, indicators: tuple[IndicatorResult, ...], show_source: bool) -> Table:
        meta = d.plan
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("Indicator (unit)", min_width=14, ratio=1, overflow="fold")
        table.add_column("Value", justify="right", no_wrap=True)
        table.add_column(f"Target ({meta.period.end})", max_width=20, overflow="fold")
        table.add_column("Milestone", justify="right", no_wrap=True)
        table.add_column("Nature", no_wrap=True)
        table.add_column("Verdict", no_wrap=True)
        table.add_column("Reason", min_width=len("behind_schedule"), overflow="fold")
        if show_source:
            table.add_column("Source", max_width=30, overflow="fold")
        for ind in indicators:
            marker = " *" if ind.notes or ind.value_confirmed else ""
            for n, target in enumerate(ind.targets):
                first = n == 0
                row: list[str | Text] = [
                    (ind.item or "") if first else "",
                    f"{ind.indicator.name} ({ind.indicator.unit}){marker}" if first else "",
                    (fmt(ind.value) + (f" {UNVERIFIED}" if ind.value_verified is False else "")) if first else "",
                    target_text(target, meta.period.end),
                    "" if target.milestone is None else format_number(target.milestone),
                    "" if target.target is None else NATURE[target.target.nature.value],
                    verdict_text(target.status),
                    target.reason.value,
                ]
                if show_source:
                    row.append("" if target.target is None else source_text(target, meta.document))
                table.add_row(*(Text(c) if isinstance(c, str) else c for c in row))  # no markup from data
        return table

    def _footer(self, console: Console, d: DistrictResult) -> None:
        meta = d.plan
        if any(
            i.value_verified is False
            or any(t.target is not None and t.target.source.verified is False for t in i.targets)
            for i in d.indicators
        ):
            console.print(
                Text(
                    f"{UNVERIFIED} = the figure comes from outside the seed documents and is not verified "
                    "against the published text",
                    style="dim",
                )
            )
        if any(i.verdict is Status.NOT_EVALUABLE for i in d.indicators):
            console.print(
                Text("N/E = not evaluable: see the reason; the JSON report has the full message", style="dim")
            )
        noted = [ind for ind in d.indicators if ind.notes or ind.value_confirmed]
        if noted:
            console.print(Text("Notes (*):", style="bold"))
            for ind in noted:
                confirmed = confirmation_note(ind, self.options.lang)
                for note in (*(render(n, self.options.lang) for n in ind.notes), *((confirmed,) if confirmed else ())):
                    console.print(Text(f"  {ind.item or ''} {ind.indicator.name}: {note}"))
        console.print(
            Text(f"{meta.name} verdict: ", style="bold")
            + verdict_text(d.verdict)
            + Text("   indicators: ")
            + counts_line(d.counts)
        )
        console.print()


def run(report: RunResult, options: RenderOptions) -> str:
    return _RunReport(options).render(report)


def indicators(listing: IndicatorListing, options: RenderOptions) -> str:
    """A plan's indicators: a row per target, with the indicator's baseline on its first row."""
    plan = listing.plan
    meta = plan.plan.plan
    table = Table(title=f"{meta.name} ({meta.id}): {meta.title}", box=box.SIMPLE_HEAD, title_justify="left")
    for column in ("#", "id", "Indicator", "Unit", "Dir", "Baseline", "Target", "Nature", "Kind"):
        table.add_column(column)
    for entry, row in zip(plan.plan.indicators, listing.rows, strict=True):
        base = "—" if entry.baseline is None else f"{format_number(entry.baseline.value)} ({entry.baseline.year})"
        for n, target in enumerate(entry.targets):
            goal = (
                target.printed
                if target.op is None or not isinstance(target.value, Decimal)
                else f"{target.op.symbol} {format_number(target.value)}"
            )
            table.add_row(
                target.source.item or "",
                row["id"] if n == 0 else "",
                row["name"] if n == 0 else "",
                row["unit"] if n == 0 else "",
                row["direction"] if n == 0 else "",
                base if n == 0 else "",
                f"{goal} ({target.year})",
                target.nature.value,
                target.kind.value,
            )
    stream = io.StringIO()
    Console(file=stream, width=160, no_color=True, highlight=False).print(table)
    return stream.getvalue()


# --- the views: summary, trend, diff -------------------------------------------------------------------------------

DIRECTION_STYLE = {"improving": "green", "worsening": "red"}


def draw(build: Callable[[Console], None], color: bool, illustrative: bool, lang: str) -> str:
    """Draw with rich into a string; every view made from illustrative data starts with the banner."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, force_terminal=color, no_color=not color, highlight=False)
    if illustrative:
        console.print(Text(t("illustrative_banner", lang), style="bold reverse yellow"))
    build(console)
    return buffer.getvalue()


def summary(data: SummaryView, options: RenderOptions) -> str:
    lang, color = options.lang, options.color

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
            console.print(f"{d}: {counts_text(data['district_counts'][d], lang, zeros=False)}")
        colon = t("colon", lang)
        for label, text in summary_notes(data, lang):
            console.print(Text(f"{label}{colon}{text}"))
        console.print(legend(lang), style="dim")

    return draw(build, color, data["illustrative"], lang)


def trend(data: TrendView, options: RenderOptions) -> str:
    lang, color = options.lang, options.color

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
                cells.append(Text(trend_cell_text(cell, lang), style=style))
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


def diff(data: DiffView, options: RenderOptions) -> str:
    lang, color = options.lang, options.color

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
                    Text(DASH if a is None else status_text(a, lang), style=STYLE.get(a or "", "")),
                    Text(DASH if b is None else status_text(b, lang), style=STYLE.get(b or "", "")),
                    *(value_label(v, lang) for v in diff_values(row, section)),
                )
            if rows:
                console.print(table)
            else:
                console.print(f"{t('diff.' + section, lang)}: {t('diff.none', lang)}")
        console.print(t("diff.worse" if data["worse"] else "diff.not_worse", lang))

    return draw(build, color, data["illustrative"], lang)
