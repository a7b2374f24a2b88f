"""The summary and trend views as Excel workbooks, in the run report's style (checker/reporters/xlsx.py): verdict
cells coloured with its palette, figures as numeric cells, every text through ``neutralise`` so that nothing from a
plan, data file or report becomes a formula. Binary: the command writes it to --output (atomically).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from checker.domain.i18n import t
from checker.domain.results import Status
from checker.reporters.xlsx import BANNER_FILL, FILLS, FONTS, HEADER_FILL, sheet_title
from checker.view_formats.common import (
    ARROW,
    STATUSES,
    direction_label,
    district_label,
    number,
    status_label,
    summary_notes,
    trend_notes,
    value_label,
    year_range,
)
from checker.views.template import neutralise

Cell = str | int | Decimal | None


class Sheet:
    """One worksheet and the one way its cells are written: text neutralised, numbers kept numbers."""

    def __init__(self, ws: Worksheet, lang: str) -> None:
        self.ws = ws
        self.lang = lang

    def put(self, row: int, column: int, value: Cell) -> None:
        self.ws.cell(row=row, column=column).value = neutralise(value) if isinstance(value, str) else value

    def row(self, row: int, values: Sequence[Cell], start: int = 1) -> None:
        for column, value in enumerate(values, start=start):
            self.put(row, column, value)

    def title(self, text: str) -> None:
        self.put(1, 1, text)
        self.ws.cell(row=1, column=1).font = Font(bold=True, size=14)

    def banner(self, row: int, columns: int) -> None:
        self.put(row, 1, t("illustrative_banner", self.lang))
        self.ws.cell(row=row, column=1).font = Font(bold=True, color="5C4400")
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

    def verdict(self, row: int, column: int, status: str | None) -> None:
        """A verdict as its coloured label; an empty cell for none."""
        if status is None:
            return
        self.put(row, column, status_label(status, self.lang))
        cell = self.ws.cell(row=row, column=column)
        cell.fill = PatternFill("solid", fgColor=FILLS[Status(status)])
        cell.font = Font(bold=True, color=FONTS[Status(status)])
        cell.alignment = Alignment(horizontal="center")

    def widths(self, widths: Sequence[int], default: int = 12, columns: int = 0) -> None:
        for column in range(1, max(columns, len(widths)) + 1):
            width = widths[column - 1] if column <= len(widths) else default
            self.ws.column_dimensions[get_column_letter(column)].width = width

    def finish(self, header_row: int, last_row: int, columns: int, freeze: str) -> None:
        self.ws.freeze_panes = freeze
        self.ws.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{max(last_row, header_row)}"


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


def summary(data: dict[str, Any], lang: str, color: bool = False) -> bytes:
    book = Workbook()
    matrix, by_district = _sheets(book, lang, "sheet.matrix", "sheet.by_district")
    infos = {info["id"]: info for info in data["district_info"]}
    districts = data["districts"]
    names = [district_label(infos[d], lang) for d in districts]
    title = f"{t('view.summary_title', lang)} · {data['year']}"
    meta = f"{t('year', lang)}{t('colon', lang)}{data['year']} · {t('districts', lang)}{t('colon', lang)}"
    meta += ("、" if lang == "zh" else ", ").join(names)

    header = [t("col.name", lang), t("view.col.id", lang), t("col.unit", lang), *names]
    header += [f"{t('view.by_indicator', lang)}{t('colon', lang)}{status_label(s, lang)}" for s in STATUSES]
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
        *(status_label(s, lang) for s in STATUSES),
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


def trend(data: dict[str, Any], lang: str, color: bool = False) -> bytes:
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
    sources = data.get("sources", {})
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
