"""Excel report: a summary sheet first, then one sheet per district with a row per target.

Figures are numeric cells written from their Decimals (openpyxl stores their exact decimal text); verdict cells are
coloured; every text cell goes through ``neutralise`` so that no text from a plan or data file becomes a formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from checker.domain.i18n import t
from checker.domain.messages import render
from checker.domain.models import TargetKind
from checker.domain.numbers import is_terminating
from checker.domain.provenance import Provenance
from checker.domain.results import DistrictResult, IndicatorResult, RunResult, Status, TargetResult
from checker.domain.summary_view import SummaryView
from checker.domain.units import convert, convertible
from checker.engine.rules import fmt
from checker.formats.formulas import neutralise, xml_safe
from checker.formats.registry import RenderOptions
from checker.formats.wording import (
    ARROW,
    BANNER_COLOURS,
    FILLS,
    FONTS,
    HEADER_COLOUR,
    STATUSES,
    counted,
    counts_text,
    direction_label,
    district_label,
    footer_text,
    indicator_name,
    indicator_notes,
    listed_text,
    nature_text,
    notes_text,
    number,
    provenance_rows,
    reason_text,
    status_text,
    summary_notes,
    target_cell,
    trend_notes,
    value_label,
    value_text,
    year_range,
)
from checker.views.grouping import category_title, grouping_note, names_owners, office_name, owner_groups
from checker.views.template import VALUE_COLUMN, Template
from checker.views.trend import TrendView

Cell = str | int | Decimal | None

BANNER_FILL = PatternFill("solid", fgColor=BANNER_COLOURS[0])
HEADER_FILL = PatternFill("solid", fgColor=HEADER_COLOUR)
_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
TARGET_COLUMNS = (  # per target, after the indicator's columns; the note comes last
    "col.target",
    "col.target_value",
    "col.target_year",
    "col.milestone",
    "col.progress",
    "col.progress_class",
    "col.nature",
    "col.level",
    "col.verdict",
    "col.reason",
    "col.message",
    "document",
    "col.section",
    "col.source_item",
    "col.verified",
)


def exact(value: Fraction | None, places: int = 6) -> Decimal | None:
    """A derived figure as a numeric cell: exact when it has a finite decimal form, else rounded to ``places``."""
    if value is None:
        return None
    quotient = Decimal(value.numerator) / Decimal(value.denominator)
    return quotient if is_terminating(value) else round(quotient, places)


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\."""
    base = _SHEET_CHARS.sub("_", name)[:31] or "sheet"
    title, n = base, 2
    while title in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


class Sheet:
    """One worksheet and the one way its cells are written: text neutralised, numbers kept numbers."""

    def __init__(self, ws: Worksheet, lang: str) -> None:
        self.ws = ws
        self.lang = lang

    def put(self, row: int, column: int, value: Cell) -> None:
        self.ws.cell(row=row, column=column).value = neutralise(xml_safe(value)) if isinstance(value, str) else value

    def row(self, row: int, values: Sequence[Cell], start: int = 1) -> None:
        for column, value in enumerate(values, start=start):
            self.put(row, column, value)

    def title(self, text: str) -> None:
        self.put(1, 1, text)
        self.ws.cell(row=1, column=1).font = Font(bold=True, size=14)

    def banner(self, row: int, columns: int) -> None:
        self.put(row, 1, t("illustrative_banner", self.lang))
        self.ws.cell(row=row, column=1).font = Font(bold=True, color=BANNER_COLOURS[1])
        for column in range(1, columns + 1):
            self.ws.cell(row=row, column=column).fill = BANNER_FILL

    def header(self, row: int, labels: Sequence[str]) -> None:
        self.row(row, labels)
        for column in range(1, len(labels) + 1):
            cell = self.ws.cell(row=row, column=column)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    def head(self, title: str, illustrative: bool, header: Sequence[str], lines: Sequence[str] = ()) -> int:
        """Title, the illustrative banner where it applies, a few lines of text, and the header row; the first
        data row."""
        self.title(title)
        if illustrative:
            self.banner(2, len(header))
        for n, line in enumerate(lines, start=3):
            self.put(n, 1, line)
        self.header(3 + len(lines), header)
        return 4 + len(lines)

    def verdict(self, row: int, column: int, status: str | None, centre: bool = True) -> None:
        """A verdict as its coloured label; an empty cell for none."""
        if status is None:
            return
        state = Status(status)
        self.put(row, column, status_text(state, self.lang))
        cell = self.ws.cell(row=row, column=column)
        cell.fill = PatternFill("solid", fgColor=FILLS[state])
        cell.font = Font(bold=True, color=FONTS[state])
        if centre:
            cell.alignment = Alignment(horizontal="center")

    def widths(self, widths: Sequence[int], default: int = 12, columns: int = 0) -> None:
        for column in range(1, max(columns, len(widths)) + 1):
            width = widths[column - 1] if column <= len(widths) else default
            self.ws.column_dimensions[get_column_letter(column)].width = width

    def finish(self, header_row: int, last_row: int, columns: int, freeze: str) -> None:
        self.ws.freeze_panes = freeze
        self.ws.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{max(last_row, header_row)}"


@dataclass(frozen=True)
class _RunReport:
    """The run report, rendered with one set of options."""

    options: RenderOptions

    def render(self, run: RunResult) -> bytes:
        book = Workbook()
        summary = book.active
        assert summary is not None
        taken: set[str] = set()
        summary.title = sheet_title(t("sheet.summary", self.options.lang), taken)
        self._summary(Sheet(summary, self.options.lang), run)
        for d in run.districts:
            self._district(Sheet(book.create_sheet(sheet_title(d.plan.name, taken)), self.options.lang), d)
        if run.provenance is not None:
            title = sheet_title(t("sheet.provenance", self.options.lang), taken)
            self._provenance(Sheet(book.create_sheet(title), self.options.lang), run, run.provenance)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    # --- sheets ---------------------------------------------------------------------------------------------

    def _summary(self, sheet: Sheet, run: RunResult) -> None:
        lang = self.options.lang
        statuses = counted(run.counts)  # waived only in a run that waived a row
        sheet.put(1, 1, f"{t('title', lang)} · {run.year}")
        sheet.ws.cell(row=1, column=1).font = Font(bold=True, size=14)
        header = [
            t("district", lang),
            "id",
            t("year", lang),
            t("verdict", lang),
            *(status_text(s, lang) for s in statuses),
            t("col.indicators", lang),
            t("illustrative_short", lang),
            t("col.data_file", lang),
            t("data_source", lang),
        ]
        if run.illustrative:
            sheet.banner(2, len(header))
        sheet.header(4, header)
        row = 5
        for d in run.districts:
            counts = d.counts
            sheet.row(
                row,
                [
                    d.plan.name if lang == "zh" else d.plan.name_en,
                    d.plan.id,
                    d.year,
                    None,
                    *(counts.get(s.value, 0) for s in statuses),
                    len(d.indicators),
                    t("yes" if d.illustrative else "no", lang),
                    d.data_path,
                    d.data_source,
                ],
            )
            sheet.verdict(row, 4, d.verdict, centre=False)
            row += 1
        if len(run.districts) > 1:
            sheet.row(
                row,
                [t("all_districts", lang), None, run.year, None, *(run.counts[s.value] for s in statuses)],
            )
            sheet.verdict(row, 4, run.verdict, centre=False)
            sheet.ws.cell(row=row, column=1).font = Font(bold=True)
            row += 1
        for message in notes_text(run.skipped, lang):
            row += 1
            sheet.put(row, 1, f"{t('skipped', lang)}{t('colon', lang)}{message}")
        if self.options.group_by == "owner":
            self._owner_counts(sheet, row + 2, run)
        sheet.ws.freeze_panes = "A5"
        for column, width in enumerate([14, 12, 7, 10, 8, 8, 10, 8, 8, 8, 10, 40, 60], start=1):
            sheet.ws.column_dimensions[get_column_letter(column)].width = width

    def _provenance(self, sheet: Sheet, run: RunResult, p: Provenance) -> None:
        """The footer's line, the options and where the inputs came from, then every file read with its SHA-256."""
        lang = self.options.lang
        sheet.title(t("provenance.title", lang))
        sheet.put(2, 1, footer_text(run, lang))
        row = 3
        for label, facts in (("provenance.options", p.options), ("provenance.sources", p.sources)):
            for key, value in facts.items():
                row += 1
                shown = ", ".join(map(str, value)) if isinstance(value, list | tuple) else value
                sheet.row(row, [t(label, lang), key, None if shown is None else str(shown)])
        row += 2
        sheet.header(row, [t(f"provenance.col.{c}", lang) for c in ("role", "id", "path")] + ["SHA-256"])
        for line in provenance_rows(p, lang):
            row += 1
            sheet.row(row, list(line))
        sheet.widths([12, 14, 48, 68])

    def _owner_counts(self, sheet: Sheet, row: int, run: RunResult) -> None:
        """Each office's targets by verdict, district by district (--group-by owner)."""
        lang = self.options.lang
        statuses = counted({key: 1 for d in run.districts for key in d.target_counts})
        sheet.header(row, [t("district", lang), t("col.owner", lang), *(status_text(s, lang) for s in statuses)])
        for d in run.districts:
            note = grouping_note(d, self.options.group_by, lang)
            name = d.plan.name if lang == "zh" else d.plan.name_en
            lines: list[list[Cell]] = [[name, note]] if note else []
            for group in [] if note else owner_groups(d, lang):
                counts = group.target_counts
                lines.append([name, office_name(group, lang), *(counts.get(s.value, 0) for s in statuses)])
            for line in lines:
                row += 1
                sheet.row(row, line)

    def _district(self, sheet: Sheet, d: DistrictResult) -> None:
        lang = self.options.lang
        years = sorted({y for i in d.indicators for y, _ in i.history})
        by_owner = self.options.group_by == "owner" and names_owners(d)
        selection = self.options.selection  # --only, --indicator: the rows listed; the counts stay the run's
        rows: list[tuple[str | None, IndicatorResult]] = (
            [(office_name(g, lang), i) for g in owner_groups(d, lang) for i in selection.rows(g.indicators)]
            if by_owner
            else [(None, i) for i in selection.rows(d.indicators)]
        )
        lead: list[str] = [t("col.owner", lang)] if by_owner else []
        header = [
            *lead,
            t("col.item", lang),
            t("col.category", lang),
            t("col.name", lang),
            t("col.name_other", lang),
            t("col.unit", lang),
            t("col.baseline_year", lang),
            t("col.baseline", lang),
            *(str(y) for y in years),
            f"{t('col.value', lang)} {d.year}",
            *(t(key, lang) for key in TARGET_COLUMNS),
            t("col.note", lang),
        ]
        verdict = t("verdict", lang) + t("colon", lang) + status_text(d.verdict, lang)
        title = f"{d.plan.name} ({d.plan.id}) · {d.year} · {verdict}"
        sheet.put(1, 1, title)
        sheet.ws.cell(row=1, column=1).font = Font(bold=True, size=13)
        if d.illustrative:
            sheet.banner(2, len(header))
        sheet.put(
            3,
            1,
            f"{t('data', lang)}{t('colon', lang)}{d.data_path or '—'}"
            + (f" — {d.data_source}" if d.data_source else ""),
        )
        note = grouping_note(d, self.options.group_by, lang)
        counts = f"{t('counts', lang)}{t('colon', lang)}{counts_text(d.counts, lang)}"
        if selection.active:
            shown = sum(len(i.targets) for _, i in rows)
            total = sum(len(i.targets) for i in d.indicators)
            note = " · ".join(
                filter(None, (note, listed_text(selection.statuses, selection.names, shown, total, lang)))
            )
        sheet.put(4, 1, counts + (f" · {note}" if note else ""))
        sheet.header(5, header)
        verdict_column = header.index(t("col.verdict", lang)) + 1
        row = 6
        for owner, ind in rows:
            for result in ind.targets or (None,):
                sheet.row(row, ([owner] if by_owner else []) + self._cells(d, ind, result, years))
                if result is not None:
                    sheet.verdict(row, verdict_column, result.status, centre=False)
                row += 1
        sheet.ws.freeze_panes = "E6" if by_owner else "D6"
        sheet.ws.auto_filter.ref = f"A5:{get_column_letter(len(header))}{max(row - 1, 5)}"
        widths = {1: 6, 2: 14, 3: 36, 4: 36, 5: 9, 6: 8, 7: 9}
        shift = len(lead)
        for column in range(1, len(header) + 1):
            width = 18 if column <= shift else widths.get(column - shift, 12)
            sheet.ws.column_dimensions[get_column_letter(column)].width = width

    def _cells(
        self, d: DistrictResult, ind: IndicatorResult, result: TargetResult | None, years: list[int]
    ) -> list[Cell]:
        lang, meta = self.options.lang, d.plan
        other_lang = "en" if lang == "zh" else "zh"
        history = dict(ind.history)
        cells: list[Cell] = [
            ind.item,
            None if ind.category is None else category_title(ind.category, lang),
            indicator_name(ind, lang),
            indicator_name(ind, other_lang),
            ind.indicator.unit,
            None if ind.baseline is None else ind.baseline.year,
            None if ind.baseline is None else ind.baseline.value,
            *(self._value(history.get(y)) for y in years),
            self._value(ind.value),
        ]
        notes = "; ".join(indicator_notes(ind, lang)) or None
        if result is None:
            return [*cells, *([None] * len(TARGET_COLUMNS)), notes]
        target = result.target
        cells += [
            target_cell(result, meta.period.end, lang),
            self._target_value(ind, result),
            None if target is None else target.year,
            exact(result.milestone),
            exact(result.progress, 4),
            None if result.progress_class is None else t(f"progress.{result.progress_class}", lang),
            nature_text(result, lang) or None,
            t(f"level.{result.level}", lang) if result.level in ("national", "municipal", "district") else None,
            None,  # the verdict, written coloured by _verdict
            reason_text(result, lang),
            render(result.message, lang),
            None if target is None else target.source.document,
            None if target is None else target.source.section,
            None if target is None else target.source.item,
            self._verified(ind, result),
            notes,
        ]
        return cells

    @staticmethod
    def _target_value(ind: IndicatorResult, result: TargetResult) -> Decimal | None:
        """A threshold's figure in the indicator's unit (the unit column's), as a number; else empty."""
        target = result.target
        if target is None or target.kind is not TargetKind.THRESHOLD or not isinstance(target.value, Decimal):
            return None
        if target.unit and target.unit != ind.indicator.unit:
            if not convertible(target.unit, ind.indicator.unit):
                return None
            return convert(target.value, target.unit, ind.indicator.unit)
        return target.value

    def _value(self, value: object) -> Cell:
        """A reported value: a number stays a number; a status or yes/no becomes its text."""
        if value is None or isinstance(value, Decimal):
            return value
        if isinstance(value, bool | str):
            return value_text(value, self.options.lang)
        return fmt(None)

    def _verified(self, ind: IndicatorResult, result: TargetResult) -> str | None:
        """'no' when the value or the target's source is marked unverified; empty when nothing says either way."""
        flags = [ind.value_verified, None if result.target is None else result.target.source.verified]
        if False in flags:
            return t("no", self.options.lang)
        return t("yes", self.options.lang) if True in flags else None


def run(report: RunResult, options: RenderOptions) -> bytes:
    return _RunReport(options).render(report)


def template(data: Template, options: RenderOptions) -> bytes:
    """The long-form table on one sheet, the value column tinted, every text cell neutralised; a project's value
    cell offers its statuses in a drop-down list, a deliverable's 是/否, and refuses anything else."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "数据" if options.lang == "zh" else "data"
    for line in data.table(options.lang):
        sheet.append([neutralise(xml_safe(cell)) for cell in line])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    value_column = get_column_letter(VALUE_COLUMN + 1)
    for cell in sheet[value_column][1:]:
        cell.fill = PatternFill("solid", fgColor="FFF2CC")  # the column to fill in
    lists: dict[tuple[str, ...], DataValidation] = {}
    for n, row in enumerate(data.rows, start=2):
        allowed = row.allowed()
        if not allowed:
            continue
        if allowed not in lists:
            lists[allowed] = DataValidation(
                type="list",
                formula1='"' + ",".join(allowed) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=t("template.col.write", options.lang),
                error=row.write(options.lang),
            )
            sheet.add_data_validation(lists[allowed])
        lists[allowed].add(f"{value_column}{n}")
    widths = (12, 6, 34, 40, 10, 24, 44, 30, 12, 30, 20, 30)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the views: summary, trend, diff -------------------------------------------------------------------------------


def _value(value: Any, lang: str) -> Cell:
    """A figure as a number; a project status or yes/no as its text; nothing as an empty cell."""
    if value is None:
        return None
    figure = number(value)
    return figure if figure is not None else value_label(value, lang)


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheets(book: Workbook, lang: str, *keys: str) -> list[Sheet]:
    first = book.active
    assert first is not None
    taken: set[str] = set()
    first.title = sheet_title(t(keys[0], lang), taken)
    sheets = [first] + [book.create_sheet(sheet_title(t(key, lang), taken)) for key in keys[1:]]
    return [Sheet(ws, lang) for ws in sheets]


# ----------------------------------------------------------------------------------------------------- summary


def summary(data: SummaryView, options: RenderOptions) -> bytes:
    lang = options.lang
    book = Workbook()
    matrix, by_district = _sheets(book, lang, "sheet.matrix", "sheet.by_district")
    infos = {info["id"]: info for info in data["district_info"]}
    districts = data["districts"]
    names = [district_label(infos[d], lang) for d in districts]
    title = f"{t('view.summary_title', lang)} · {data['year']}"
    meta = f"{t('year', lang)}{t('colon', lang)}{data['year']} · {t('districts', lang)}{t('colon', lang)}"
    meta += ("、" if lang == "zh" else ", ").join(names)

    header = [t("col.name", lang), t("view.col.id", lang), t("col.unit", lang), *names]
    header += [f"{t('view.by_indicator', lang)}{t('colon', lang)}{status_text(s, lang)}" for s in STATUSES]
    row = matrix.head(title, data["illustrative"], header, [meta, t("view.matrix_note", lang)])
    for indicator in data["indicators"]:
        matrix.row(row, [indicator["name"], indicator["id"], indicator.get("unit")])
        for column, d in enumerate(districts, start=4):
            matrix.verdict(row, column, indicator["verdicts"].get(d))
        matrix.row(row, [indicator["counts"][s] for s in STATUSES], start=4 + len(districts))
        row += 1
    matrix.finish(5, row - 1, len(header), "D6")
    matrix.widths([40, 30, 9, *([11] * len(districts))], default=10, columns=len(header))

    header = [
        t("district", lang),
        t("view.col.id", lang),
        t("verdict", lang),
        *(status_text(s, lang) for s in STATUSES),
        t("illustrative_short", lang),
        t("col.data_file", lang),
        t("data_source", lang),
    ]
    by_district.title(f"{t('view.by_district', lang)} · {data['year']}")
    if data["illustrative"]:
        by_district.banner(2, len(header))
    by_district.header(4, header)
    row = 5
    for d, name in zip(districts, names, strict=True):
        info, counts = infos[d], data["district_counts"][d]
        by_district.row(row, [name, d, None, *(counts[s] for s in STATUSES)])
        by_district.row(
            row,
            [t("yes" if info["illustrative"] else "no", lang), info["data_path"], info["data_source"]],
            start=4 + len(STATUSES),
        )
        by_district.verdict(row, 3, info["verdict"])
        row += 1
    for n, (label, text) in enumerate(summary_notes(data, lang), start=row + 1):
        by_district.put(n, 1, f"{label}{t('colon', lang)}{text}")
    by_district.finish(4, row - 1, len(header), "A5")
    by_district.widths([16, 12, 10, *([9] * len(STATUSES)), 10, 40, 60])
    return _save(book)


# ------------------------------------------------------------------------------------------------------- trend


def _direction(direction: str | None, lang: str) -> str | None:
    return None if direction is None else f"{ARROW[direction]} {direction_label(direction, lang)}"


def trend(data: TrendView, options: RenderOptions) -> bytes:
    lang = options.lang
    book = Workbook()
    wide, long = _sheets(book, lang, "sheet.trend", "sheet.trend_rows")
    years = [str(y) for y in data["years"]]
    name = district_label(data, lang)
    title = f"{name} ({data['district']}) · {t('view.trend_title', lang)} · {year_range(data)}"
    colon = t("colon", lang)
    meta = (
        f"{t('view.years_evaluated', lang)}{colon}{', '.join(str(y) for y in data['evaluated'])} · "
        f"{t('view.plan_period', lang)}{colon}{data['plan_period'][0]}–{data['plan_period'][1]}"
    )

    header = [t("col.name", lang), t("view.col.id", lang), t("col.unit", lang)]
    for y in years:
        header += [
            f"{y} {t('col.value', lang)}",
            f"{y} {t('col.verdict', lang)}",
            f"{y} {t('view.col.direction', lang)}",
        ]
    header.append(t("view.col.overall", lang))
    row = wide.head(title, data["illustrative"], header, [meta, t("trend.legend", lang)])
    for indicator in data["indicators"]:
        wide.row(row, [indicator["name"], indicator["id"], indicator["unit"]])
        for n, y in enumerate(years):
            cell = indicator["years"][y]
            column = 4 + 3 * n
            wide.put(row, column, _value(cell["value"], lang))
            wide.verdict(row, column + 1, cell["verdict"])
            wide.put(row, column + 2, _direction(cell["direction"], lang))
        wide.put(row, len(header), _direction(indicator["overall"], lang))
        row += 1
    notes = trend_notes(data, lang)
    for n, (label, text) in enumerate(notes, start=row + 1):
        wide.put(n, 1, f"{label}{colon}{text}")
    wide.put(row + 1 + len(notes), 1, t("trend.rule", lang))
    wide.finish(5, row - 1, len(header), "D6")
    wide.widths([40, 30, 9, *([9, 10, 10] * len(years)), 12])

    header = [
        t("col.name", lang),
        t("view.col.id", lang),
        t("col.unit", lang),
        t("year", lang),
        t("col.value", lang),
        t("col.milestone", lang),
        t("col.verdict", lang),
        t("view.col.direction", lang),
        t("col.data_file", lang),
        t("data_source", lang),
    ]
    long.title(title)
    if data["illustrative"]:
        long.banner(2, len(header))
    long.header(4, header)  # row 3 stays empty
    row = 5
    sources: Mapping[str, Mapping[str, Any]] = data.get("sources", {})
    for indicator in data["indicators"]:
        for y in years:
            cell = indicator["years"][y]
            if cell["verdict"] is None:
                continue  # a year without a data file
            long.row(
                row,
                [
                    indicator["name"],
                    indicator["id"],
                    indicator["unit"],
                    int(y),
                    _value(cell["value"], lang),
                    number(cell.get("milestone")),
                    None,
                    _direction(cell["direction"], lang),
                    sources.get(y, {}).get("data_path"),
                    sources.get(y, {}).get("data_source"),
                ],
            )
            long.verdict(row, 7, cell["verdict"])
            row += 1
    long.finish(4, row - 1, len(header), "D5")
    long.widths([40, 30, 9, 7, 10, 10, 10, 12, 40, 60])
    return _save(book)
