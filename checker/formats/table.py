"""Terminal output: a run's verdicts (verdict and counts first, then the targets that need attention, in columns
that fold to fit the terminal), a plan's indicators (check indicators), and the views (summary, trend, diff).

Everything is in the user's language (--lang, Chinese by default) and no line is wider than RenderOptions.width.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from checker.domain.i18n import t
from checker.domain.models import Project, Target
from checker.domain.results import DistrictResult, IndicatorResult, Reason, RunResult, Status, TargetResult, owners_of
from checker.domain.summary_view import SummaryView
from checker.formats.folding import Column, fold_table
from checker.formats.registry import RenderOptions
from checker.formats.wording import (
    DASH,
    SECTIONS,
    SYMBOL,
    baseline_text,
    counted,
    counts_text,
    data_text,
    diff_statuses,
    diff_values,
    direction_label,
    indicator_label,
    indicator_name,
    indicator_notes,
    interval_cell,
    legend,
    listed_text,
    milestone_text,
    nature_text,
    notes_text,
    owners_text,
    plan_target_text,
    plan_text,
    reason_words,
    reported_text,
    source_cell,
    source_place,
    status_text,
    summary_notes,
    target_cell,
    trend_cell_text,
    trend_notes,
    value_label,
    waiver_place,
    waiver_trail,
    year_note,
    year_range,
)
from checker.views.diff import DiffView
from checker.views.grouping import grouping_note, names_owners, owner_groups
from checker.views.indicators import IndicatorListing
from checker.views.selection import ATTENTION, Selection
from checker.views.trend import TrendView

STYLE: dict[str, str] = {  # by Status, or by its value in the views' data
    Status.INFO: "dim",
    Status.WAIVED: "bold magenta",
    Status.PASS: "bold green",
    Status.NOT_EVALUABLE: "bold blue",
    Status.WARN: "bold yellow",
    Status.FAIL: "bold red",
}
BANNER_STYLE = "bold black on yellow"
ILLUSTRATIVE_BANNER = t("illustrative_banner", "en")


def console_for(stream: io.StringIO, options: RenderOptions) -> Console:
    """A console as wide as RenderOptions.width (the CLI's: COLUMNS, the terminal's, or a fixed width on a pipe)."""
    return Console(
        file=stream,
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        highlight=False,
        soft_wrap=False,
        emoji=False,
    )


def finished(stream: io.StringIO, options: RenderOptions) -> str:
    """What was drawn, without the spaces rich pads lines with (kept when coloured: they may carry a style)."""
    text = stream.getvalue()
    return text if options.color else "".join(line.rstrip() + "\n" for line in text.splitlines())


def verdict_text(status: Status, lang: str) -> Text:
    return Text(status_text(status, lang), style=STYLE[status])


def counts_line(counts: dict[str, int], lang: str) -> Text:
    """Counts by verdict, worst first, each coloured when not zero: "未通过 4 · 警告 82 · …"."""
    parts = [
        Text(f"{status_text(s, lang)} {counts.get(s.value, 0)}", style=STYLE[s] if counts.get(s.value) else "dim")
        for s in counted(counts, worst_first=True)
    ]
    return Text(" · ").join(parts)


# --- a run ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """A target as the table lists it, with its row; ``first``: the first target listed for the row."""

    ind: IndicatorResult
    result: TargetResult
    first: bool


def _missing(ind: IndicatorResult) -> bool:
    return all(r.reason is Reason.MISSING_VALUE for r in ind.targets)


@dataclass(frozen=True)
class _RunReport:
    """The run's terminal view, rendered with one set of options."""

    options: RenderOptions

    @property
    def lang(self) -> str:
        return self.options.lang

    @property
    def attention(self) -> bool:
        """Whether the shortfalls come first (--show attention), else every target in the plan's order."""
        return self.options.show == "attention"

    @property
    def selection(self) -> Selection:
        """--only and --indicator; without --only, --show attention lists the statuses that need attention."""
        chosen = self.options.selection
        statuses = chosen.statuses or (ATTENTION if self.attention else frozenset())
        return Selection(statuses, chosen.indicators, chosen.names)

    def render(self, run: RunResult) -> str:
        stream = io.StringIO()
        console = console_for(stream, self.options)
        lang, colon = self.lang, t("colon", self.lang)
        if len(run.districts) > 1:
            head = t("run.all_header", lang, n=str(len(run.districts)), year=str(run.year))
            console.print(Text(head, style="bold") + verdict_text(run.verdict, lang))
            total = sum(len(d.indicators) for d in run.districts)
            console.print(Text("  " + t("run.indicator_counts", lang, n=str(total))) + counts_line(run.counts, lang))
            console.print()
        for d in run.districts:
            self._district(console, d)
        for message in notes_text(run.skipped, lang):
            console.print(Text(f"{t('skipped', lang)}{colon}{message}", style="dim"))
        listed = [i for d in run.districts for i in self.selection.rows(d.indicators)]
        if listed:
            console.print(Text(t("run.legend.milestone", lang), style="dim"))
        if any(self._unverified(i) for i in listed):
            console.print(Text(t("unverified_legend", lang), style="dim"))
        return finished(stream, self.options)

    @staticmethod
    def _unverified(ind: IndicatorResult) -> bool:
        return ind.value_verified is False or any(
            r.target is not None and r.target.source.verified is False for r in ind.targets
        )

    def _district(self, console: Console, d: DistrictResult) -> None:
        lang, meta, colon = self.lang, d.plan, t("colon", self.lang)
        name = f"{meta.name}（{meta.id}）" if lang == "zh" else f"{meta.name_en} ({meta.name}, {meta.id})"
        head = Text(t("run.header", lang, district=name, year=str(d.year)), style="bold") + verdict_text(
            d.verdict, lang
        )
        if d.illustrative:
            head += Text("  ") + Text(f" {t('illustrative_short', lang)} ", style=BANNER_STYLE)
        console.print(head)
        targets = [r for i in d.indicators for r in i.targets]
        missing = sum(r.reason is Reason.MISSING_VALUE for r in targets)
        console.print(
            Text("  " + t("run.indicator_counts", lang, n=str(len(d.indicators)))) + counts_line(d.counts, lang)
        )
        console.print(
            Text("  " + t("run.target_counts", lang, n=str(len(targets))))
            + counts_line(d.target_counts, lang)
            + Text(t("run.missing_part", lang, n=str(missing)) if missing else "")
        )
        if d.illustrative:
            console.print(Text(f" {t('illustrative_banner', lang)} ", style=BANNER_STYLE))
        console.print(Text(f"{t('plan', lang)}{colon}{plan_text(d)}", style="dim"))
        console.print(Text(f"{t('data', lang)}{colon}{data_text(d)}", style="dim"))
        grouping = grouping_note(d, self.options.group_by, lang)
        for note in ((grouping,) if grouping else ()) + notes_text(d.notes, lang):
            console.print(Text(f"{t('notes', lang)}{colon}{note}", style="yellow"))

        listed = self.selection.rows(d.indicators)
        shown = sum(len(i.targets) for i in listed)
        if not listed:
            none = "run.none.attention" if not self.options.selection.active and self.attention else "run.none.filtered"
            console.print(t(none, lang, total=str(len(targets))))
        else:
            console.print(Text(self._listed_line(shown, len(targets)), style="dim"))
        if listed and self.options.group_by == "owner" and names_owners(d):
            for group in owner_groups(d, lang):
                rows = self.selection.rows(group.indicators)
                if rows:
                    console.print()
                    counts = Text(f"  {t('group.target_counts', lang)}{colon}") + counts_line(group.target_counts, lang)
                    console.print(Text(group.title, style="bold") + counts)
                    self._tables(console, d, rows)
        elif listed:
            self._tables(console, d, listed)
        self._waivers(console, d)
        self._notes(console, listed)
        console.print()

    def _waivers(self, console: Console, d: DistrictResult) -> None:
        """Every target waiver on the district's targets, whatever is listed: what it excuses (or, expired, no longer
        excuses), why, who approved it, when, and until when. The header's counts depend on them."""
        lang = self.lang
        waived = [(ind, r) for ind in d.indicators for r in ind.targets if r.waiver is not None]
        if not waived:
            return
        console.print()
        console.print(Text(t("run.section.waivers", lang, n=str(len(waived))), style="bold"))
        for ind, result in waived:
            item = f"{ind.item} " if ind.item else ""
            label = f"  {item}{indicator_label(ind, lang)} · {waiver_place(result, lang)}"
            console.print(Text(label) + Text(" ") + verdict_text(result.status, lang))
            console.print(Padding(Text(waiver_trail(result, lang) or ""), (0, 0, 0, 4)))

    def _listed_line(self, shown: int, total: int) -> str:
        """What the table lists: the targets that need attention, every target, or those of --only/--indicator."""
        lang, chosen = self.lang, self.options.selection
        if chosen.active:
            return listed_text(self.selection.statuses, chosen.names, shown, total, lang)
        if self.attention:
            return t("run.listed.attention", lang, n=str(shown), total=str(total))
        return t("run.listed.all", lang, n=str(total))

    def _tables(self, console: Console, d: DistrictResult, rows: tuple[IndicatorResult, ...]) -> None:
        """The rows in the plan's order (--show all), or the shortfalls worst first and then the missing values."""
        lang = self.lang
        if not self.attention:
            console.print()
            console.print(self._table(console, rows, self._columns(d), self._extra(d)))
            return
        order = {id(ind): n for n, ind in enumerate(rows)}

        def worst_first(ind: IndicatorResult) -> tuple[int, int]:
            return (-max(r.status.rank for r in ind.targets), order[id(ind)])

        evaluated = sorted((i for i in rows if not _missing(i)), key=worst_first)
        missing = sorted((i for i in rows if _missing(i)), key=worst_first)
        title = "run.section.attention" if self.selection.statuses == ATTENTION else "run.section.listed"
        for key, part, columns, extra in (
            (title, evaluated, self._columns(d), self._extra(d)),
            ("run.section.missing", missing, self._missing_columns(), self._missing_extra(d)),
        ):
            if part:
                count = sum(len(i.targets) for i in part)
                console.print()
                console.print(Text(t(key, lang, n=str(count)), style="bold"))
                console.print(self._table(console, part, columns, extra))

    @staticmethod
    def _table(
        console: Console,
        rows: Iterable[IndicatorResult],
        columns: list[Column[_Line]],
        extra: list[Column[_Line]],
    ) -> Group:
        lines = [_Line(ind, r, n == 0) for ind in rows for n, r in enumerate(ind.targets)]
        return fold_table(console, lines, columns, extra)

    # The columns: always shown first, then those that fold under the row when the terminal is narrow.

    def _item(self) -> Column[_Line]:
        return Column(
            t("col.item", self.lang), lambda x: (x.ind.item or "") if x.first else "", justify="right", whole=True
        )

    def _indicator(self) -> Column[_Line]:
        lang = self.lang

        def cell(x: _Line) -> str:
            noted = indicator_notes(x.ind, waivers=False, intervals=False)  # waivers, intervals: shown elsewhere
            return indicator_label(x.ind, lang) + (" *" if noted else "") if x.first else ""

        return Column(t("col.indicator", lang), cell)

    def _verdict(self) -> Column[_Line]:
        return Column(t("col.verdict", self.lang), lambda x: verdict_text(x.result.status, self.lang), whole=True)

    def _columns(self, d: DistrictResult) -> list[Column[_Line]]:
        lang = self.lang
        return [
            self._item(),
            self._indicator(),
            Column(t("col.value", lang), lambda x: reported_text(x.ind, lang) if x.first else "", justify="right"),
            self._verdict(),
            Column(t("col.reason", lang), lambda x: reason_words(x.result, lang), cap=28),
        ]

    def _target(self, d: DistrictResult) -> Column[_Line]:
        label = t("col.target", self.lang)
        end = d.plan.period.end
        header = label + year_note(end, self.lang)
        return Column(header, lambda x: target_cell(x.result, end, self.lang), label=label, cap=18)

    def _nature(self) -> Column[_Line]:
        return Column(t("col.nature", self.lang), lambda x: nature_text(x.result, self.lang))

    def _source(self, d: DistrictResult) -> Column[_Line]:
        label = t("col.source", self.lang)
        return Column(label, lambda x: source_cell(x.result, d.plan.document, self.lang), label=label, cap=24)

    def _extra(self, d: DistrictResult) -> list[Column[_Line]]:
        lang = self.lang
        milestone, baseline = t("col.milestone", lang), t("col.baseline", lang)
        return [
            self._target(d),
            Column(milestone, lambda x: milestone_text(x.result), label=milestone, justify="right"),
            *self._interval(d),
            Column(baseline, lambda x: baseline_text(x.ind.baseline, lang) if x.first else "", label=baseline),
            self._nature(),
            self._source(d),
        ]

    def _interval(self, d: DistrictResult) -> list[Column[_Line]]:
        """The confidence interval of a value reported with its numerator and denominator, and whether it holds the
        figure judged against; no column in a report without one."""
        if not any(r.interval is not None for i in d.indicators for r in i.targets):
            return []
        label = t("col.interval", self.lang)
        return [Column(label, lambda x: interval_cell(x.ind, x.result, self.lang), label=label, cap=30)]

    def _missing_columns(self) -> list[Column[_Line]]:
        return [self._item(), self._indicator(), self._verdict()]

    def _missing_extra(self, d: DistrictResult) -> list[Column[_Line]]:
        return [self._target(d), self._nature(), self._source(d)]

    def _notes(self, console: Console, listed: tuple[IndicatorResult, ...]) -> None:
        """The notes on the rows listed (--notes), or how many there are and how to see them."""
        lang, colon = self.lang, t("colon", self.lang)
        notes = [(ind, note) for ind in listed for note in indicator_notes(ind, lang, waivers=False, intervals=False)]
        if not notes:
            return
        if not self.options.notes:
            console.print(Text(t("run.notes_hint", lang, n=str(len(notes))), style="dim"))
            return
        console.print()
        console.print(Text(t("run.notes_title", lang), style="bold"))
        for ind, note in notes:
            where = f"{ind.item} " if ind.item else ""
            console.print(Text(f"  {where}{indicator_name(ind, lang)}{colon}{note}"))


def run(report: RunResult, options: RenderOptions) -> str:
    return _RunReport(options).render(report)


# --- check indicators ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """A target of a plan as check indicators lists it, with its indicator's or project's fields on its first line."""

    item: str
    id: str
    name: str
    direction: str
    baseline: str
    target: Target
    owners: tuple[str, ...]
    first: bool


def _project_entries(project: Project) -> list[_Entry]:
    return [
        _Entry(
            target.source.item or "",
            project.id,
            project.name,
            "",
            "",
            target,
            tuple(dict.fromkeys((*owners_of(project.owner), *owners_of(target.owner)))),
            n == 0,
        )
        for n, target in enumerate(project.targets)
    ]


def indicators(listing: IndicatorListing, options: RenderOptions) -> str:
    """A plan's indicators and projects: a line per target, the id whole (it is what --indicator and data files
    take), the baseline, the target with its year, nature, kind, source and the office that leads it (牵头科室)."""
    lang, colon = options.lang, t("colon", options.lang)
    plan = listing.plan
    meta = plan.plan.plan
    entries = [
        _Entry(
            target.source.item or "",
            row["id"],
            f"{row['name']}（{row['unit']}）" if lang == "zh" else f"{row['name_en'] or row['name']} ({row['unit']})",
            t(f"direction.{row['direction']}", lang),
            baseline_text(entry.baseline, lang),
            target,
            owners_of(target.owner),
            n == 0,
        )
        for entry, row in zip(plan.plan.indicators, listing.rows, strict=True)
        for n, target in enumerate(entry.targets)
    ]
    projects = [e for project in plan.plan.projects for e in _project_entries(project)]
    owned = any(e.owners for e in (*entries, *projects))

    def column(key: str, cell: Callable[[_Entry], str], cap: int = 0) -> Column[_Entry]:
        return Column(t(key, lang), cell, label=t(key, lang), cap=cap)

    columns: list[Column[_Entry]] = [
        Column(t("col.item", lang), lambda e: e.item, justify="right", whole=True),
        Column(t("view.col.id", lang), lambda e: e.id if e.first else "", whole=True),
    ]
    extra = [  # the name folds first: an id is what people type, and it is whole in every width
        Column(t("col.name", lang), lambda e: e.name if e.first else "", cap=30),
        column("col.target", lambda e: plan_target_text(e.target, lang), cap=22),
        column("col.baseline", lambda e: e.baseline if e.first else ""),
        Column(t("col.nature", lang), lambda e: t(f"nature.{e.target.nature.value}", lang)),
        column("col.source", lambda e: source_place(e.target.source, meta.document, lang), cap=24),
        *([column("col.owner", lambda e: owners_text(e.owners, lang), cap=16)] if owned else []),
        column("col.kind", lambda e: t(f"kind.{e.target.kind.value}", lang)),
        column("col.better", lambda e: e.direction if e.first else ""),
    ]
    stream = io.StringIO()
    console = console_for(stream, options)
    name = f"{meta.name}（{meta.id}）" if lang == "zh" else f"{meta.name_en} ({meta.name}, {meta.id})"
    console.print(Text(f"{name}{colon}{meta.title}", style="bold"))
    console.print(Text(f"{t('document', lang)}{colon}{meta.document}", style="dim"))
    for key, part, count in (
        ("listing.indicators", entries, len(plan.plan.indicators)),
        ("listing.projects", projects, len(plan.plan.projects)),
    ):
        if part:
            console.print()
            console.print(Text(t(key, lang, n=str(count)), style="bold"))
            console.print(fold_table(console, part, columns, extra))
    return finished(stream, options)


# --- the views: summary, trend, diff -------------------------------------------------------------------------------

DIRECTION_STYLE = {"improving": "green", "worsening": "red"}


def draw(build: Callable[[Console], None], options: RenderOptions, illustrative: bool) -> str:
    """Draw with rich into a string; every view made from illustrative data starts with the banner."""
    buffer = io.StringIO()
    console = console_for(buffer, options)
    if illustrative:
        console.print(Text(t("illustrative_banner", options.lang), style="bold reverse yellow"))
    build(console)
    return finished(buffer, options)


def summary(data: SummaryView, options: RenderOptions) -> str:
    lang = options.lang

    def build(console: Console) -> None:
        table = Table(title=f"{t('title', lang)} — {t('year', lang)} {data['year']}", box=box.SIMPLE_HEAD)
        table.add_column(t("col.name", lang), overflow="fold", min_width=16)  # the name wraps, never cut
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

    return draw(build, options, data["illustrative"])


def trend(data: TrendView, options: RenderOptions) -> str:
    lang = options.lang

    def build(console: Console) -> None:
        table = Table(title=f"{data['name']} ({data['district']}) {year_range(data)}", box=box.SIMPLE_HEAD)
        table.add_column(t("col.name", lang), overflow="fold", min_width=16)  # the name wraps, never cut
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

    return draw(build, options, data["illustrative"])


def diff(data: DiffView, options: RenderOptions) -> str:
    lang = options.lang

    def build(console: Console) -> None:
        console.print(f"A: {data['a']['year']}   B: {data['b']['year']}")
        for section in SECTIONS:
            rows = data[section]
            title = f"{t('diff.' + section, lang)} ({len(rows)})"
            table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
            for key in ("district", "indicator", "source", "year", "status_a", "status_b", "value_a", "value_b"):
                whole = key in ("district", "indicator")  # ids people type: never cut; the source wraps
                table.add_column(t("diff." + key, lang), overflow="fold", no_wrap=whole)
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

    return draw(build, options, data["illustrative"])
