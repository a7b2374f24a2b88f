"""What every view format shares: symbols, arrows and the texts of statuses, directions, districts and values."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from checker.domain.i18n import t, t_or
from checker.domain.messages import render
from checker.domain.results import Status

SYMBOL = {"info": "·", "pass": "✓", "not_evaluable": "?", "warn": "!", "fail": "✗"}
ARROW = {"improving": "↑", "stagnating": "→", "worsening": "↓"}
DASH = "—"
SECTIONS = ("new", "resolved", "changed", "added", "removed")  # of a diff, in this order
STATUSES = tuple(s.value for s in Status)  # info, pass, not_evaluable, warn, fail: the order of every count


def status_label(status: str, lang: str) -> str:
    return t(f"status.{status}", lang)


def direction_label(direction: str | None, lang: str) -> str:
    return DASH if direction is None else t(f"trend.{direction}", lang)


def legend(lang: str) -> str:
    return "  ".join(f"{SYMBOL[s]} {status_label(s, lang)}" for s in STATUSES)


def counts_text(counts: dict[str, int], lang: str) -> str:
    """The non-zero counts: "未通过 2, 警告 5"."""
    return ", ".join(f"{status_label(k, lang)} {v}" for k, v in counts.items() if v)


def district_label(info: dict[str, Any], lang: str) -> str:
    """荣昌区 in Chinese; "Rongchang District (荣昌区)" in English."""
    if lang == "zh" or not info.get("name_en"):
        return str(info["name"])
    return f"{info['name_en']} ({info['name']})"


def source_text(source: dict[str, Any]) -> str:
    """A data file as the run reports show it: path — source."""
    text = source.get("data_path") or DASH
    return text + (f" — {source['data_source']}" if source.get("data_source") else "")


def summary_notes(data: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """(label, sentence) for each district a summary skipped and each note on a district (the views' run_notes),
    the engine's sentences in ``lang``: ("已跳过", "yubei：其规划期为2025–2025年，且没有2021年的数据")."""
    names = {info["id"]: district_label(info, lang) for info in data.get("district_info", [])}
    lines = [(t("skipped", lang), render(message, lang)) for message in data.get("skipped", [])]
    for district, notes in data.get("notes", {}).items():
        label = f"{t('notes', lang)} ({names.get(district, district)})"
        lines += [(label, render(note, lang)) for note in notes]
    return lines


def trend_notes(data: dict[str, Any], lang: str) -> list[tuple[str, str]]:
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
    if isinstance(value, bool):
        return t("value.done" if value else "value.not_done", lang)
    if number(value) is not None:
        return str(value)
    return t_or(f"project.{value}", lang, str(value))


def year_range(data: dict[str, Any]) -> str:
    return f"{data['from']}–{data['to']}"


def diff_statuses(row: dict[str, Any], section: str) -> tuple[str | None, str | None]:
    """A diff row's status in A and in B (an added target has none in A, a removed one none in B)."""
    a = row.get("status_a", row["status"] if section == "removed" else None)
    b = row.get("status_b", row["status"] if section == "added" else None)
    return a, b


def diff_values(row: dict[str, Any], section: str) -> tuple[Any, Any]:
    a = row.get("value_a", row["value"] if section == "removed" else None)
    b = row.get("value_b", row["value"] if section == "added" else None)
    return a, b
