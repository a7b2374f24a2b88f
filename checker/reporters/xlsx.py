"""Excel report: a summary sheet first, then one sheet per district with a row per target.

Figures are numeric cells written from their Decimals (openpyxl stores their exact decimal text); verdict cells are
coloured; every text cell goes through ``neutralise`` so that no text from a plan or data file becomes a formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TextIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from checker.domain.errors import CheckerError
from checker.domain.i18n import t
from checker.domain.messages import render
from checker.domain.models import TargetKind
from checker.domain.numbers import is_terminating
from checker.domain.results import DistrictResult, IndicatorResult, RunResult, Status, TargetResult
from checker.domain.units import convert, convertible
from checker.engine.rules import fmt
from checker.reporters.base import Reporter
from checker.reporters.markdown import (
    category_title,
    counts_text,
    indicator_name,
    indicator_notes,
    nature_text,
    notes_text,
    reason_text,
    status_text,
    target_cell,
    value_text,
)
from checker.views.grouping import grouping_note, names_owners, office_name, owner_groups

Cell = str | int | Decimal | None

FILLS: dict[Status, str] = {  # Excel's own "good / neutral / bad" palette, and blue and grey for the others
    Status.INFO: "EDEDED",
    Status.PASS: "C6EFCE",
    Status.NOT_EVALUABLE: "BDD7EE",
    Status.WARN: "FFEB9C",
    Status.FAIL: "FFC7CE",
}
FONTS: dict[Status, str] = {
    Status.INFO: "595959",
    Status.PASS: "006100",
    Status.NOT_EVALUABLE: "1F4E78",
    Status.WARN: "9C5700",
    Status.FAIL: "9C0006",
}
BANNER_FILL = PatternFill("solid", fgColor="FFF3B0")
HEADER_FILL = PatternFill("solid", fgColor="EEF1F5")
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


def _neutralise(text: str) -> str:
    """checker.views.template's guard against formula injection."""
    from checker.views.template import neutralise

    return neutralise(text)


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


class XlsxReporter(Reporter):
    name = "xlsx"
    description = "Excel workbook: a summary sheet and a sheet per district (binary: give --output; --lang zh|en)"
    needs_history = True
    default_lang = "zh"

    def write(self, run: RunResult, stream: TextIO) -> None:
        raise CheckerError("the xlsx report is a binary file", "give --output FILE.xlsx")

    def render(self, run: RunResult) -> bytes:
        book = Workbook()
        summary = book.active
        assert summary is not None
        taken: set[str] = set()
        summary.title = sheet_title(t("sheet.summary", self.lang), taken)
        self._summary(summary, run)
        for d in run.districts:
            self._district(book.create_sheet(sheet_title(d.plan.name, taken)), d)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    # --- cells ----------------------------------------------------------------------------------------------

    def _put(self, ws: Worksheet, row: int, column: int, value: Cell) -> None:
        """The one way a cell is written: text is neutralised, numbers stay numbers."""
        cell = ws.cell(row=row, column=column)
        cell.value = _neutralise(value) if isinstance(value, str) else value

    def _row(self, ws: Worksheet, row: int, values: Sequence[Cell]) -> None:
        for column, value in enumerate(values, start=1):
            self._put(ws, row, column, value)

    def _verdict(self, ws: Worksheet, row: int, column: int, status: Status) -> None:
        self._put(ws, row, column, status_text(status, self.lang))
        cell = ws.cell(row=row, column=column)
        cell.fill = PatternFill("solid", fgColor=FILLS[status])
        cell.font = Font(bold=True, color=FONTS[status])

    def _header(self, ws: Worksheet, row: int, labels: Sequence[str]) -> None:
        self._row(ws, row, labels)
        for column in range(1, len(labels) + 1):
            cell = ws.cell(row=row, column=column)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    def _banner(self, ws: Worksheet, row: int, columns: int) -> None:
        self._put(ws, row, 1, t("illustrative_banner", self.lang))
        ws.cell(row=row, column=1).font = Font(bold=True, color="5C4400")
        for column in range(1, columns + 1):
            ws.cell(row=row, column=column).fill = BANNER_FILL

    # --- sheets ---------------------------------------------------------------------------------------------

    def _summary(self, ws: Worksheet, run: RunResult) -> None:
        lang = self.lang
        self._put(ws, 1, 1, f"{t('title', lang)} · {run.year}")
        ws.cell(row=1, column=1).font = Font(bold=True, size=14)
        header = [
            t("district", lang),
            "id",
            t("year", lang),
            t("verdict", lang),
            *(status_text(s, lang) for s in Status),
            t("col.indicators", lang),
            t("illustrative_short", lang),
            t("col.data_file", lang),
            t("data_source", lang),
        ]
        if run.illustrative:
            self._banner(ws, 2, len(header))
        self._header(ws, 4, header)
        row = 5
        for d in run.districts:
            counts = d.counts
            self._row(
                ws,
                row,
                [
                    d.plan.name if lang == "zh" else d.plan.name_en,
                    d.plan.id,
                    d.year,
                    None,
                    *(counts[s.value] for s in Status),
                    len(d.indicators),
                    t("yes" if d.illustrative else "no", lang),
                    d.data_path,
                    d.data_source,
                ],
            )
            self._verdict(ws, row, 4, d.verdict)
            row += 1
        if len(run.districts) > 1:
            self._row(
                ws,
                row,
                [t("all_districts", lang), None, run.year, None, *(run.counts[s.value] for s in Status)],
            )
            self._verdict(ws, row, 4, run.verdict)
            ws.cell(row=row, column=1).font = Font(bold=True)
            row += 1
        for message in notes_text(run.skipped, lang):
            row += 1
            self._put(ws, row, 1, f"{t('skipped', lang)}{t('colon', lang)}{message}")
        if self.group_by == "owner":
            self._owner_counts(ws, row + 2, run)
        ws.freeze_panes = "A5"
        for column, width in enumerate([14, 12, 7, 10, 8, 8, 10, 8, 8, 8, 10, 40, 60], start=1):
            ws.column_dimensions[get_column_letter(column)].width = width

    def _owner_counts(self, ws: Worksheet, row: int, run: RunResult) -> None:
        """Each office's targets by verdict, district by district (--group-by owner)."""
        lang = self.lang
        self._header(ws, row, [t("district", lang), t("col.owner", lang), *(status_text(s, lang) for s in Status)])
        for d in run.districts:
            note = grouping_note(d, self.group_by, lang)
            name = d.plan.name if lang == "zh" else d.plan.name_en
            lines: list[list[Cell]] = [[name, note]] if note else []
            for group in [] if note else owner_groups(d, lang):
                lines.append([name, office_name(group, lang), *(group.target_counts[s.value] for s in Status)])
            for line in lines:
                row += 1
                self._row(ws, row, line)

    def _district(self, ws: Worksheet, d: DistrictResult) -> None:
        lang = self.lang
        years = sorted({y for i in d.indicators for y, _ in i.history})
        by_owner = self.group_by == "owner" and names_owners(d)
        rows: list[tuple[str | None, IndicatorResult]] = (
            [(office_name(g, lang), i) for g in owner_groups(d, lang) for i in g.indicators]
            if by_owner
            else [(None, i) for i in d.indicators]
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
        self._put(ws, 1, 1, title)
        ws.cell(row=1, column=1).font = Font(bold=True, size=13)
        if d.illustrative:
            self._banner(ws, 2, len(header))
        self._put(
            ws,
            3,
            1,
            f"{t('data', lang)}{t('colon', lang)}{d.data_path or '—'}"
            + (f" — {d.data_source}" if d.data_source else ""),
        )
        note = grouping_note(d, self.group_by, lang)
        counts = f"{t('counts', lang)}{t('colon', lang)}{counts_text(d.counts, lang)}"
        self._put(ws, 4, 1, counts + (f" · {note}" if note else ""))
        self._header(ws, 5, header)
        verdict_column = header.index(t("col.verdict", lang)) + 1
        row = 6
        for owner, ind in rows:
            for result in ind.targets or (None,):
                self._row(ws, row, ([owner] if by_owner else []) + self._cells(d, ind, result, years))
                if result is not None:
                    self._verdict(ws, row, verdict_column, result.status)
                row += 1
        ws.freeze_panes = "E6" if by_owner else "D6"
        ws.auto_filter.ref = f"A5:{get_column_letter(len(header))}{max(row - 1, 5)}"
        widths = {1: 6, 2: 14, 3: 36, 4: 36, 5: 9, 6: 8, 7: 9}
        shift = len(lead)
        for column in range(1, len(header) + 1):
            width = 18 if column <= shift else widths.get(column - shift, 12)
            ws.column_dimensions[get_column_letter(column)].width = width

    def _cells(
        self, d: DistrictResult, ind: IndicatorResult, result: TargetResult | None, years: list[int]
    ) -> list[Cell]:
        lang, meta = self.lang, d.plan
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
            return value_text(value, self.lang)
        return fmt(None)

    def _verified(self, ind: IndicatorResult, result: TargetResult) -> str | None:
        """'no' when the value or the target's source is marked unverified; empty when nothing says either way."""
        flags = [ind.value_verified, None if result.target is None else result.target.source.verified]
        if False in flags:
            return t("no", self.lang)
        return t("yes", self.lang) if True in flags else None
