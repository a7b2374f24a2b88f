"""Markdown report: the HTML report's content as tables, for pasting into a document or a merge request.

The cell texts and the grouping by the plan's categories are defined here once and shared with the html and xlsx
reporters, so the three human-readable formats say the same thing in the same words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from typing import TextIO

from checker.domain.i18n import t, t_or
from checker.domain.messages import render
from checker.domain.models import Source
from checker.domain.numbers import format_number
from checker.domain.results import DistrictResult, IndicatorResult, RunResult, Status, TargetResult, Value
from checker.engine.rules import fmt
from checker.reporters.base import Reporter
from checker.views.grouping import Group, category_title, grouping_note, groups
from checker.views.target_text import UNVERIFIED, target_text

# --- shared with the html and xlsx reporters ----------------------------------------------------------------

__all__ = ["Group", "category_title", "groups"]  # defined in checker.views.grouping, used from here too


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


def status_text(status: Status, lang: str) -> str:
    return t(f"status.{status.value}", lang)


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
    """The plan's notes on the row and the data file's note on the value (the engine's own in ``lang``)."""
    return tuple(render(note, lang) for note in ind.notes) + ((ind.value_note,) if ind.value_note else ())


def notes_text(notes: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """Notes on a district or skipped districts: the engine's in ``lang``, a plan file's as written."""
    return tuple(render(note, lang) for note in notes)


def counts_text(counts: dict[str, int], lang: str, sep: str = " · ") -> str:
    return sep.join(f"{status_text(s, lang)} {counts[s.value]}" for s in Status)


def plan_text(d: DistrictResult) -> str:
    meta = d.plan
    return meta.title + (f" {meta.number}" if meta.number else "") + f" ({meta.document})"


def data_text(d: DistrictResult) -> str:
    return (d.data_path or "—") + (f" — {d.data_source}" if d.data_source else "")


def is_number(value: Value | None) -> bool:
    return isinstance(value, Decimal)


# --- the Markdown report ------------------------------------------------------------------------------------

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "[": "\\[",
        "]": "\\]",
        "`": "\\`",
        "*": "\\*",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\n": " ",
        "\r": " ",
    }
)


def md(text: str) -> str:
    """Text safe in a Markdown table cell or line: no table breaks, links, HTML or code spans from the data."""
    return text.translate(_ESCAPES)


class MarkdownReporter(Reporter):
    name = "markdown"
    description = "Markdown tables, for a document or a merge request (--lang zh|en, default zh)"
    needs_history = True
    default_lang = "zh"

    def write(self, run: RunResult, stream: TextIO) -> None:
        stream.write("\n".join(self.lines(run)) + "\n")

    def lines(self, run: RunResult) -> Iterator[str]:
        lang, colon = self.lang, t("colon", self.lang)
        yield f"# {md(t('title', lang))} · {run.year}"
        yield ""
        if run.illustrative:
            yield f"> **{md(t('illustrative_banner', lang))}**"
            yield ""
        names = (
            "、".join(d.plan.name for d in run.districts)
            if lang == "zh"
            else ", ".join(d.plan.name_en for d in run.districts)
        )
        yield f"- {t('districts', lang)}{colon}{md(names)}"
        yield f"- {t('year', lang)}{colon}{run.year}"
        yield f"- {t('verdict', lang)}{colon}**{status_text(run.verdict, lang)}**"
        yield f"- {t('counts', lang)}{colon}{counts_text(run.counts, lang)}"
        for message in notes_text(run.skipped, lang):
            yield f"- {t('skipped', lang)}{colon}{md(message)}"
        yield ""
        for d in run.districts:
            yield from self._district(d)

    def _district(self, d: DistrictResult) -> Iterator[str]:
        lang, meta, colon = self.lang, d.plan, t("colon", self.lang)
        name = meta.name if lang == "zh" else f"{meta.name_en} {meta.name}"
        yield f"## {md(name)} ({meta.id}) · {d.year}"
        yield ""
        if d.illustrative:
            yield f"> **{md(t('illustrative_banner', lang))}**"
            yield ""
        yield f"- {t('plan', lang)}{colon}{md(plan_text(d))}"
        yield f"- {t('data', lang)}{colon}{md(data_text(d))}"
        yield (
            f"- {t('verdict', lang)}{colon}**{status_text(d.verdict, lang)}** · {t('counts', lang)}{colon}"
            + counts_text(d.counts, lang)
        )
        yield f"- {md(t('own_document', lang, document=meta.document))}"
        grouping = grouping_note(d, self.group_by, lang)
        for note in ((grouping,) if grouping else ()) + notes_text(d.notes, lang):
            yield f"- {t('notes', lang)}{colon}{md(note)}"
        yield ""
        for group in groups(d, lang, self.group_by):
            yield f"### {md(group.title)}"
            yield ""
            if group.owner is not None:
                yield f"{t('group.target_counts', lang)}{colon}{counts_text(group.target_counts, lang)}"
                yield ""
            yield from self._table(d, group)
            yield ""
        if has_unverified(d):
            yield md(t("unverified_legend", lang))
            yield ""
        noted = [i for i in d.indicators if indicator_notes(i)]
        if noted:
            yield f"**{t('notes', lang)} (\\*)**"
            yield ""
            for ind in noted:
                for note in indicator_notes(ind, lang):
                    yield f"- {md(ind.item or '')} {md(indicator_name(ind, lang))}: {md(note)}"
            yield ""

    def _table(self, d: DistrictResult, group: Group) -> Iterator[str]:
        lang, meta = self.lang, d.plan
        header = [
            t("col.item", lang),
            t("col.indicator", lang),
            t("col.baseline", lang),
            t("col.value", lang) + f" {d.year}",
            t("col.target", lang),
            t("col.milestone", lang),
            t("col.nature", lang),
            t("col.verdict", lang),
            t("col.reason", lang),
            t("col.source", lang),
        ]
        align = ["---:", "---", "---:", "---:", "---", "---:", "---", "---", "---", "---"]
        if group.has_history:
            header.insert(3, t("col.history", lang))
            align.insert(3, "---")
        yield "| " + " | ".join(md(h) for h in header) + " |"
        yield "|" + "|".join(align) + "|"
        for ind in group.indicators:
            marker = " \\*" if indicator_notes(ind) else ""
            for n, result in enumerate(ind.targets):
                first = n == 0
                baseline = "" if ind.baseline is None else f"{fmt(ind.baseline.value)} ({ind.baseline.year})"
                verdict = status_text(result.status, lang)
                if result.status is Status.FAIL:
                    verdict = f"**{verdict}**"
                cells = [
                    md(ind.item or "") if first else "",
                    md(indicator_label(ind, lang)) + marker if first else "",
                    md(baseline) if first else "",
                    md(reported_text(ind, lang)) if first else "",
                    md(target_cell(result, meta.period.end, lang)),
                    md(milestone_text(result)),
                    md(nature_text(result, lang)),
                    verdict,
                    md(reason_text(result, lang)),
                    md(source_cell(result, meta.document, lang)),
                ]
                if group.has_history:
                    cells.insert(3, md(history_text(ind, lang)) if first else "")
                yield "| " + " | ".join(cells) + " |"
