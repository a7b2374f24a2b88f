"""Terminal report: one table per district, coloured verdicts, notes and counts underneath."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from checker.domain.messages import render
from checker.domain.numbers import format_number
from checker.domain.results import DistrictResult, IndicatorResult, RunResult, Status, TargetResult
from checker.engine.rules import fmt
from checker.reporters.base import Reporter
from checker.views.grouping import grouping_note, names_owners, owner_groups
from checker.views.target_text import UNVERIFIED, target_text

STYLE = {
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


class TableReporter(Reporter):
    name = "table"
    description = "readable tables for a terminal (the default)"

    def write(self, run: RunResult, stream: TextIO) -> None:
        console = Console(
            file=stream,
            force_terminal=self.color,
            no_color=not self.color,
            width=None if self.color else 160,
            highlight=False,
            soft_wrap=False,
        )
        for district in run.districts:
            self._district(console, district)
        for message in run.skipped:
            console.print(Text(f"skipped: {render(message, self.lang)}", style="dim"))
        if len(run.districts) > 1:
            console.print(Text("All districts: ", style="bold") + counts_line(run.counts))

    def _district(self, console: Console, d: DistrictResult) -> None:
        meta = d.plan
        if d.illustrative:
            console.print(Text(f" {ILLUSTRATIVE_BANNER} ", style="bold black on yellow"))
        console.print(Text(f"{meta.name} ({meta.id}) — {d.year}", style="bold"))
        doc = f"{meta.title}"
        if meta.number:
            doc += f" {meta.number}"
        console.print(Text(f"Plan: {doc}  [{meta.document}; # = 专栏1 序号]", style="dim"))
        console.print(Text(f"Data: {d.data_path}" + (f" — {d.data_source}" if d.data_source else ""), style="dim"))

        grouping = grouping_note(d, self.group_by, self.lang)
        for note in ((grouping,) if grouping else ()) + tuple(render(n, self.lang) for n in d.notes):
            console.print(Text(f"Note: {note}", style="yellow"))
        # The plan's own 专栏1 and end year are the common case: say them once, in the header, not per row.
        own = (meta.document, "专栏1")
        show_source = any(
            t.target is not None and (t.target.source.document, t.target.source.section) != own
            for i in d.indicators
            for t in i.targets
        )
        if self.group_by == "owner" and names_owners(d):
            for group in owner_groups(d, self.lang):
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
            marker = " *" if ind.notes else ""
            for n, t in enumerate(ind.targets):
                first = n == 0
                row: list[str | Text] = [
                    (ind.item or "") if first else "",
                    f"{ind.indicator.name} ({ind.indicator.unit}){marker}" if first else "",
                    (fmt(ind.value) + (f" {UNVERIFIED}" if ind.value_verified is False else "")) if first else "",
                    target_text(t, meta.period.end),
                    "" if t.milestone is None else format_number(t.milestone),
                    "" if t.target is None else NATURE[t.target.nature.value],
                    verdict_text(t.status),
                    t.reason.value,
                ]
                if show_source:
                    row.append("" if t.target is None else source_text(t, meta.document))
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
        noted = [ind for ind in d.indicators if ind.notes]
        if noted:
            console.print(Text("Notes (*):", style="bold"))
            for ind in noted:
                for note in (render(n, self.lang) for n in ind.notes):
                    console.print(Text(f"  {ind.item or ''} {ind.indicator.name}: {note}"))
        console.print(
            Text(f"{meta.name} verdict: ", style="bold")
            + verdict_text(d.verdict)
            + Text("   indicators: ")
            + counts_line(d.counts)
        )
        console.print()
