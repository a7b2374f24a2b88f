"""The words every report people read shares (terminal, Markdown, HTML, Excel): the texts of values, targets,
statuses, reasons, sources, counts, directions and notes in the report's language, defined once so that every
format says the same thing in the same words.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from checker.domain.i18n import t, t_or
from checker.domain.messages import render
from checker.domain.models import Source
from checker.domain.numbers import format_number
from checker.domain.results import DistrictResult, IndicatorResult, Status, TargetResult, Value
from checker.domain.summary_view import DataSource, DistrictInfo, SummaryView
from checker.engine.rules import fmt
from checker.views.diff import DiffRow, Section
from checker.views.target_text import UNVERIFIED, target_text
from checker.views.trend import TrendView, TrendYear

DASH = "—"  # a value, file or verdict that is not there


def indicator_name(ind: IndicatorResult, lang: str) -> str:
    """The catalogue name in the report's language; a project by its name (it has no English one)."""
    return ind.indicator.name if lang == "zh" else ind.indicator.name_en


def indicator_label(ind: IndicatorResult, lang: str) -> str:
    """Name and unit, as in the terminal table; projects have no unit to show."""
    name = indicator_name(ind, lang)
    if ind.kind == "project":
        return name
    return f"{name}（{ind.indicator.unit}）" if lang == "zh" else f"{name} ({ind.indicator.unit})"


def value_text(value: Value | None, lang: str) -> str:
    """A reported value as people read it: the decimal as written, a project status, done or not done."""
    if isinstance(value, bool):
        return t("value.done" if value else "value.not_done", lang)
    if isinstance(value, str):
        return t_or(f"project.{value}", lang, value)
    return fmt(value)


def reported_text(ind: IndicatorResult, lang: str) -> str:
    return value_text(ind.value, lang) + (f" {UNVERIFIED}" if ind.value_verified is False else "")


def target_cell(result: TargetResult, plan_end: int, lang: str) -> str:
    """The target as the terminal table writes it, with a higher level's floor named in the report's language."""
    if not result.floor:
        return target_text(result, plan_end)
    level = t_or(f"level.{result.level}", lang, result.plan_id)
    return f"[{level}] " + target_text(replace(result, floor=False), plan_end)


def milestone_text(result: TargetResult) -> str:
    return "" if result.milestone is None else format_number(result.milestone)


def nature_text(result: TargetResult, lang: str) -> str:
    return "" if result.target is None else t(f"nature.{result.target.nature.value}", lang)


def status_text(status: Status | str, lang: str) -> str:
    """A verdict in the report's language, from a result's Status or a view's status value ("fail")."""
    return t(f"status.{Status(status).value}", lang)


def reason_text(result: TargetResult, lang: str) -> str:
    return t(f"reason.{result.reason.value}", lang)


def place_text(source: Source, lang: str) -> str:
    """Section and item: 专栏1 序号14, 第三章第七节 第4项 (or 'row 14', 'item 4' in English)."""
    text = source.section
    if source.item:
        key = "source.item_table" if source.section.startswith("专栏") else "source.item_text"
        text += " " + t(key, lang, item=source.item)
    return text


def source_cell(result: TargetResult, own_document: str, lang: str) -> str:
    """Where the target is written; the document is named when it is not the plan's own (given in the header)."""
    if result.target is None:
        return ""
    source = result.target.source
    place = place_text(source, lang)
    text = place if source.document == own_document else f"{source.document} {place}"
    return text + (f" {UNVERIFIED}" if source.verified is False else "")


def history_text(ind: IndicatorResult, lang: str) -> str:
    """The other years' values in the data folder, oldest first: '2021: 78.45; 2023: 78.9'."""
    return "; ".join(f"{y}: {value_text(v, lang)}" for y, v in sorted(ind.history, key=lambda p: p[0]))


def has_unverified(d: DistrictResult) -> bool:
    return any(
        i.value_verified is False or any(r.target is not None and r.target.source.verified is False for r in i.targets)
        for i in d.indicators
    )


def indicator_notes(ind: IndicatorResult, lang: str = "en") -> tuple[str, ...]:
    """The plan's notes on the row, the data file's note on the value and the submitter's confirmation of an
    unusual figure (the engine's own in ``lang``)."""
    notes = tuple(render(note, lang) for note in ind.notes) + ((ind.value_note,) if ind.value_note else ())
    confirmed = confirmation_note(ind, lang)
    return notes + ((confirmed,) if confirmed else ())


def confirmation_note(ind: IndicatorResult, lang: str = "en") -> str | None:
    """'confirmed: reason' when the submitter confirmed a figure the checks found implausible: a reader must see
    that the figure was questioned and why it stands."""
    return t("value_confirmed", lang, reason=ind.value_confirmed) if ind.value_confirmed else None


def notes_text(notes: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """Notes on a district or skipped districts: the engine's in ``lang``, a plan file's as written."""
    return tuple(render(note, lang) for note in notes)


def counts_text(counts: dict[str, int], lang: str, zeros: bool = True) -> str:
    """The counts by verdict in the verdicts' order: "通过 20 · 警告 5 · …" (a run's, every verdict), or only the
    non-zero ones, "未通过 2, 警告 5" (a view's)."""
    sep = " · " if zeros else ", "
    return sep.join(f"{status_text(s, lang)} {counts.get(s.value, 0)}" for s in Status if zeros or counts.get(s.value))


def plan_text(d: DistrictResult) -> str:
    meta = d.plan
    return meta.title + (f" {meta.number}" if meta.number else "") + f" ({meta.document})"


def data_text(d: DistrictResult) -> str:
    return source_line(d.data_path, d.data_source)


def source_line(path: str | None, source: str | None) -> str:
    """A data file as the reports show it: ``path — source``, a dash for no file."""
    return (path or DASH) + (f" — {source}" if source else "")


# --- the views (summary, trend, diff): their data are JSON-ready records ----------------------------------------

SYMBOL = {"info": "·", "pass": "✓", "not_evaluable": "?", "warn": "!", "fail": "✗"}
ARROW = {"improving": "↑", "stagnating": "→", "worsening": "↓"}
SECTIONS: tuple[Section, ...] = ("new", "resolved", "changed", "added", "removed")  # of a diff, in this order
STATUSES = tuple(s.value for s in Status)  # info, pass, not_evaluable, warn, fail: the order of every count


def direction_label(direction: str | None, lang: str) -> str:
    return DASH if direction is None else t(f"trend.{direction}", lang)


def legend(lang: str) -> str:
    return "  ".join(f"{SYMBOL[s]} {status_text(s, lang)}" for s in STATUSES)


def district_label(info: DistrictInfo | TrendView, lang: str) -> str:
    """荣昌区 in Chinese; "Rongchang District (荣昌区)" in English."""
    if lang == "zh" or not info.get("name_en"):
        return str(info["name"])
    return f"{info['name_en']} ({info['name']})"


def source_text(source: DataSource) -> str:
    """A view's data file as the run reports show it: path — source."""
    return source_line(source.get("data_path"), source.get("data_source"))


def summary_notes(data: SummaryView, lang: str) -> list[tuple[str, str]]:
    """(label, sentence) for each district a summary skipped and each note on a district (the views' run_notes),
    the engine's sentences in ``lang``: ("已跳过", "yubei：其规划期为2025–2025年，且没有2021年的数据")."""
    names = {info["id"]: district_label(info, lang) for info in data.get("district_info", [])}
    lines = [(t("skipped", lang), render(message, lang)) for message in data.get("skipped", [])]
    for district, notes in data.get("notes", {}).items():
        label = f"{t('notes', lang)} ({names.get(district, district)})"
        lines += [(label, render(note, lang)) for note in notes]
    return lines


def trend_notes(data: TrendView, lang: str) -> list[tuple[str, str]]:
    """(label, sentence) for each note on a year of a trend, the engine's sentences in ``lang``."""
    return [
        (f"{t('notes', lang)} ({year})", render(note, lang))
        for year, notes in data.get("notes", {}).items()
        for note in notes
    ]


def number(value: Any) -> Decimal | None:
    """A view's value as a Decimal when it is a figure (decimal string), else None (project status, yes/no, none)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = Decimal(value)
    except InvalidOperation:
        return None
    return parsed if parsed.is_finite() else None


def value_label(value: Any, lang: str) -> str:
    """A view's value as people read it: the figure as written, a project status, done or not done."""
    if value is None:
        return DASH
    if number(value) is not None:
        return str(value)  # the figure as written in the view: "8.0" stays "8.0"
    return value_text(value if isinstance(value, bool) else str(value), lang)


def year_range(data: TrendView) -> str:
    return f"{data['from']}–{data['to']}"


def diff_statuses(row: DiffRow, section: str) -> tuple[str | None, str | None]:
    """A diff row's status in A and in B (an added target has none in A, a removed one none in B)."""
    a = row.get("status_a", row["status"] if section == "removed" else None)
    b = row.get("status_b", row["status"] if section == "added" else None)
    return a, b


def diff_values(row: DiffRow, section: str) -> tuple[Any, Any]:
    a = row.get("value_a", row["value"] if section == "removed" else None)
    b = row.get("value_b", row["value"] if section == "added" else None)
    return a, b


def trend_cell_text(cell: TrendYear, lang: str) -> str:
    """A trend's cell "4.6 ! ↓": the value, the verdict's symbol and the direction's arrow; "—" for a year without
    data. Markdown bolds a failing one, after escaping the value."""
    if cell["verdict"] is None:
        return DASH
    text = f"{value_label(cell['value'], lang)} {SYMBOL[cell['verdict']]}"
    if cell["direction"]:
        text += f" {ARROW[cell['direction']]}"
    return text
