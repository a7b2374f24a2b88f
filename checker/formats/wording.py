"""The words every report people read shares (terminal, Markdown, HTML, Excel, Word): the texts of values, targets,
statuses, reasons, sources, counts, directions and notes in the report's language, defined once so that every
format says the same thing in the same words; and the colours the office documents (Excel, Word) give a verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from checker import __version__
from checker.domain.i18n import t, t_or
from checker.domain.messages import Message, plain_figure, render
from checker.domain.models import Baseline, Source, Target
from checker.domain.numbers import format_number
from checker.domain.provenance import SHORT_DIGEST, Provenance
from checker.domain.results import DistrictResult, IndicatorResult, Reason, RunResult, Status, TargetResult, Value
from checker.domain.summary_view import DataSource, DistrictInfo, SummaryView
from checker.domain.uncertainty import shown_bounds
from checker.engine.chance import judged_against, method_name
from checker.engine.rules import fmt, with_unit
from checker.views.diff import DiffRow, Section
from checker.views.target_text import UNVERIFIED, target_text
from checker.views.trend import TrendView, TrendYear

DASH = "—"  # a value, file or verdict that is not there

# The office documents' colours (RGB hex): a verdict cell's fill and text, the illustrative banner, a header row.
FILLS: dict[Status, str] = {  # Excel's own "good / neutral / bad" palette, and blue, grey and violet for the others
    Status.INFO: "EDEDED",
    Status.WAIVED: "E4DFEC",
    Status.PASS: "C6EFCE",
    Status.NOT_EVALUABLE: "BDD7EE",
    Status.WARN: "FFEB9C",
    Status.FAIL: "FFC7CE",
}
FONTS: dict[Status, str] = {
    Status.INFO: "595959",
    Status.WAIVED: "5B3F86",
    Status.PASS: "006100",
    Status.NOT_EVALUABLE: "1F4E78",
    Status.WARN: "9C5700",
    Status.FAIL: "9C0006",
}
BANNER_COLOURS = ("FFF3B0", "5C4400")  # fill, text
HEADER_COLOUR = "EEF1F5"


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


_SHORT_OF = {"≥": "<", ">": "≤", "≤": ">", "<": "≥", "=": "≠"}  # a value that misses "op figure" is "SHORT_OF[op]"


def reason_words(result: TargetResult, lang: str) -> str:
    """Why, in figures where a comparison says it: "4.2 < 4.442（序时进度）", "4.6 > 4.5（目标）", "8.5 ≤ 10（目标）";
    "未报告" for a missing value; else the engine's sentence in ``lang`` (a range, a project, a deliverable…)."""
    if result.reason is Reason.MISSING_VALUE:
        return t("value.not_reported", lang)
    message: str | int = result.message
    if isinstance(message, Message) and message.code == "within_uncertainty":  # the comparison, marked as chance
        inner = message.params["message"]
        words = reason_words(replace(result, message=inner if isinstance(inner, str) else str(inner)), lang)
        return words + t("mark.chance", lang)
    if isinstance(message, Message) and message.code == "floor":
        message = message.params["message"]  # a higher level's target: the column says whose
    if not isinstance(message, Message):
        return reason_text(result, lang)
    params, code = message.params, message.code

    def param(key: str) -> str:  # a figure without the unit the message gives it: the table's column has it
        value = params[key]
        text = render(value, lang) if isinstance(value, str) else str(value)
        return plain_figure(text)

    if code in ("on_track", "behind_schedule"):
        op = param("op") if code == "on_track" else _SHORT_OF[param("op")]
        return f"{param('shown')} {op} {param('milestone')}{t('mark.milestone', lang)}"
    if code == "bound_broken":
        return f"{param('shown')} {_SHORT_OF[param('op')]} {param('bound')}{t('mark.bound', lang)}"
    goal = params.get("goal")
    if code in ("met", "missed", "no_baseline") and isinstance(goal, Message) and goal.code == "goal.op":
        op = str(goal.params["op"])
        mark = "mark.no_baseline" if code == "no_baseline" else "mark.target"
        unit = result.target.unit if result.target is not None else None  # a target in 万人次 for a 人次 figure
        figure = plain_figure(str(goal.params["value"])) + (f" {unit}" if unit else "")
        return f"{param('shown')} {op if code == 'met' else _SHORT_OF[op]} {figure}{t(mark, lang)}"
    return render(message, lang)


def baseline_text(baseline: Baseline | None, lang: str) -> str:
    """The plan's baseline and its year: "3.12（2020）", "3.12 (2020)"; empty when the plan gives none."""
    if baseline is None:
        return ""
    return format_number(baseline.value) + year_note(baseline.year, lang)


def year_note(year: int, lang: str) -> str:
    """A year after a figure: "（2025）" in Chinese, " (2025)" in English."""
    return f"（{year}）" if lang == "zh" else f" ({year})"


def plan_target_text(target: Target, lang: str) -> str:
    """A target as the plan sets it, for a listing: "≥ 4.7（2025）", "5–8（2025）", or its printed words."""
    return target.figure_text() + year_note(target.year, lang)


def place_text(source: Source, lang: str) -> str:
    """Section and item: 专栏1 序号14, 第三章第七节 第4项 (or 'row 14', 'item 4' in English)."""
    text = source.section
    if source.item:
        key = "source.item_table" if source.section.startswith("专栏") else "source.item_text"
        text += " " + t(key, lang, item=source.item)
    return text


def source_cell(result: TargetResult, own_document: str, lang: str) -> str:
    """Where the target is written; the document is named when it is not the plan's own (given in the header)."""
    return "" if result.target is None else source_place(result.target.source, own_document, lang)


def source_place(source: Source, own_document: str, lang: str) -> str:
    """A source as a report's cell: the place, after the document when it is not the plan's own; † if unverified."""
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


def indicator_notes(
    ind: IndicatorResult, lang: str = "en", waivers: bool = True, intervals: bool = True
) -> tuple[str, ...]:
    """The plan's notes on the row, the data file's note on the value, the submitter's confirmation of an
    unusual figure (the engine's own in ``lang``), with ``waivers`` the trail of each target waiver on it and, with
    ``intervals``, each target's confidence interval (the terminal has a column for them)."""
    notes = tuple(render(note, lang) for note in ind.notes) + ((ind.value_note,) if ind.value_note else ())
    confirmed = confirmation_note(ind, lang)
    notes += (confirmed,) if confirmed else ()
    notes += waiver_notes(ind, lang) if waivers else ()
    interval = interval_note(ind, lang) if intervals else None
    return notes + ((interval,) if interval else ())


def interval_cell(ind: IndicatorResult, result: TargetResult, lang: str) -> str:
    """A target's confidence interval and whether it holds the figure judged against: "95% 0.506–111 /10万（精确泊松法，
    1/5000），包含 10"; empty without one."""
    parts = _interval_parts(ind, result, lang)
    if parts is None:
        return ""
    shown, holds = parts
    return t("interval.cell", lang, range=shown, holds=holds) if holds else shown


def interval_note(ind: IndicatorResult, lang: str = "en") -> str | None:
    """The row's confidence interval and, for each target judged against a figure, whether it holds it (and the
    plan's own verdict where significance made it a warn): '置信区间 95% 0.506–111 /10万（精确泊松法，1/5000）：
    专栏1 序号3 包含 10'; None for a value without one."""
    shown = None
    judged = []
    for result in ind.targets:
        parts = _interval_parts(ind, result, lang)
        if parts is None:
            continue
        shown, holds = parts
        if holds and result.target is not None:
            before = result.unadjusted  # the plan's own verdict, where significance made it a warn
            unadjusted = ""
            if before is not None and before is not result.status:
                unadjusted = t("interval.unadjusted", lang, status=status_text(before, lang))
            judged.append(t("interval.target", lang, place=waiver_place(result, lang), holds=holds + unadjusted))
    if shown is None:
        return None
    colon, sep = (t("colon", lang), "；") if lang == "zh" else (": ", "; ")
    return t("interval.note", lang, range=shown) + (colon + sep.join(judged) if judged else "")


def _interval_parts(ind: IndicatorResult, result: TargetResult, lang: str) -> tuple[str, str] | None:
    """The interval as a report writes it, and whether it holds the figures judged against ("" for a target of
    another kind); None without an interval."""
    found = result.interval
    if found is None:
        return None
    unit = ind.indicator.unit
    figures = judged_against(result, unit) or []
    inside = [f for f in figures if found.contains(f)]
    lower, upper = shown_bounds(found, figures)
    shown = t(
        "interval.range",
        lang,
        level=found.level,
        lower=lower,
        upper=with_unit(upper, unit),
        method=render(method_name(found.method), lang),
        numerator=format_number(found.numerator),
        denominator=format_number(found.denominator),
    )
    if not figures:
        return shown, ""
    figure = ("、" if lang == "zh" else ", ").join(fmt(f) for f in inside or figures)
    return shown, t("interval.holds" if inside else "interval.excludes", lang, figure=figure)


def waiver_notes(ind: IndicatorResult, lang: str = "en") -> tuple[str, ...]:
    """The audit trail of each target waiver on the row's targets: waived, or expired (the verdict stands)."""
    return tuple(note for result in ind.targets if (note := waiver_note(result, lang)))


def waiver_note(result: TargetResult, lang: str = "en") -> str | None:
    """'专栏1 序号16：已豁免，原判定未通过（落后于序时进度）。理由：…；批准：…，2024-03-15；有效期至2025-12-31
    （waivers.yaml:2）', or that the waiver expired and the verdict stands; None for a target no waiver names."""
    trail = waiver_trail(result, lang)
    return None if trail is None else f"{waiver_place(result, lang)}{t('colon', lang)}{trail}"


def waiver_place(result: TargetResult, lang: str) -> str:
    """The place of a waived target in its document, a higher level's marked: '[国家] 专栏1 序号9'."""
    place = "" if result.target is None else place_text(result.target.source, lang)
    return f"[{t_or(f'level.{result.level}', lang, result.plan_id)}] {place}" if result.floor else place


def waiver_trail(result: TargetResult, lang: str = "en") -> str | None:
    """What a target waiver did to the target, why, who approved it, when and until when (waiver_note without the
    place); None for a target no waiver names."""
    waiver = result.waiver
    if waiver is None:
        return None
    return t(
        "waiver.expired" if waiver.expired else "waiver.applied",
        lang,
        status=status_text(waiver.status, lang),
        reason=reason_text(result, lang),
        why=waiver.reason,
        by=waiver.approved_by,
        on=waiver.approved_on.isoformat(),
        expires=waiver.expires.isoformat(),
        where=waiver.path + (f":{waiver.line}" if waiver.line else ""),
    )


def confirmation_note(ind: IndicatorResult, lang: str = "en") -> str | None:
    """'confirmed: reason' when the submitter confirmed a figure the checks found implausible: a reader must see
    that the figure was questioned and why it stands."""
    return t("value_confirmed", lang, reason=ind.value_confirmed) if ind.value_confirmed else None


def notes_text(notes: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """Notes on a district or skipped districts: the engine's in ``lang``, a plan file's as written."""
    return tuple(render(note, lang) for note in notes)


def counts_text(counts: dict[str, int], lang: str, zeros: bool = True, worst_first: bool = False) -> str:
    """The counts by verdict in the verdicts' order: "通过 20 · 警告 5 · …" (a run's, every verdict), or only the
    non-zero ones, "未通过 2, 警告 5" (a view's); the terminal's header puts the worst first."""
    sep = " · " if zeros else ", "
    order = counted(counts, worst_first)
    return sep.join(f"{status_text(s, lang)} {counts.get(s.value, 0)}" for s in order if zeros or counts.get(s.value))


def counted(counts: dict[str, int], worst_first: bool = False) -> list[Status]:
    """The statuses a count by verdict shows, in order: every one, ``waived`` only when the counts have it (a run
    with a target waived; checker.domain.results.count)."""
    order = reversed(Status) if worst_first else iter(Status)
    return [s for s in order if s is not Status.WAIVED or s.value in counts]


def owners_text(owners: tuple[str, ...], lang: str) -> str:
    """The offices that lead a target (牵头科室), as the plan names them."""
    return ("、" if lang == "zh" else ", ").join(owners)


def listed_text(statuses: Iterable[Status], names: Sequence[str], shown: int, total: int, lang: str) -> str:
    """What a filtered report lists: "以下列出判定为未通过且指标为吸烟率的目标 1 项，共 128 项"."""
    filters = []
    chosen = set(statuses)
    if chosen:
        words = [status_text(s, lang) for s in reversed(Status) if s in chosen]
        filters.append(t("run.filter.only", lang, statuses=t("run.filter.or", lang).join(words)))
    if names:
        filters.append(t("run.filter.indicator", lang, names=("、" if lang == "zh" else ", ").join(names)))
    joined = t("run.filter.and", lang).join(filters)
    return t("run.listed.filtered", lang, filters=joined, n=str(shown), total=str(total))


def plan_text(d: DistrictResult) -> str:
    meta = d.plan
    return meta.title + (f" {meta.number}" if meta.number else "") + f" ({meta.document})"


def data_text(d: DistrictResult) -> str:
    return source_line(d.data_path, d.data_source)


def source_line(path: str | None, source: str | None) -> str:
    """A data file as the reports show it: ``path — source``, a dash for no file."""
    return (path or DASH) + (f" — {source}" if source else "")


# --- the views (summary, trend, diff): their data are JSON-ready records ----------------------------------------

SYMBOL = {"info": "·", "waived": "~", "pass": "✓", "not_evaluable": "?", "warn": "!", "fail": "✗"}
ARROW = {"improving": "↑", "stagnating": "→", "worsening": "↓"}
SECTIONS: tuple[Section, ...] = ("new", "resolved", "changed", "added", "removed")  # of a diff, in this order
# info, pass, not_evaluable, warn, fail: the order of the views' counts (a view judges the plans without waivers)
STATUSES = tuple(s.value for s in Status if s is not Status.WAIVED)


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
    """(label, sentence) for each district a summary skipped and each note on a district (the views' Summary.notes),
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


def footer_text(run: RunResult, lang: str) -> str:
    """A run report's last line: the tool and version and, for a run that recorded them, the time, the number of
    input files read and the first digits of their digest (the JSON report's provenance has every file)."""
    p = run.provenance
    if p is None:
        return f"{t('generated_by', lang)} {__version__}"
    files, digest = str(p.file_count), p.inputs_digest[:SHORT_DIGEST]
    return t("provenance.footer", lang, version=p.version, time=p.generated_at, files=files, digest=digest)


def provenance_rows(p: Provenance, lang: str) -> list[tuple[str, str, str, str]]:
    """Each file a run read: its role in the report's language, the plan's id, its path and its SHA-256."""
    return [(t(f"provenance.role.{f.role}", lang), f.id or "", f.path, f.sha256) for f in p.files]
