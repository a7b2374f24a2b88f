"""Markdown: the run report and the views as tables, for pasting into a document or a merge request.

The cell texts come from checker.formats.wording, shared with the terminal, HTML and Excel formats.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checker.domain.i18n import t
from checker.domain.results import DistrictResult, RunResult, Status
from checker.domain.summary_view import SummaryView
from checker.engine.rules import fmt
from checker.formats.registry import RenderOptions
from checker.formats.wording import (
    DASH,
    SECTIONS,
    STATUSES,
    SYMBOL,
    counts_text,
    data_text,
    diff_statuses,
    diff_values,
    direction_label,
    district_label,
    footer_text,
    has_unverified,
    history_text,
    indicator_label,
    indicator_name,
    indicator_notes,
    legend,
    listed_text,
    milestone_text,
    nature_text,
    notes_text,
    plan_text,
    reason_text,
    reported_text,
    source_cell,
    source_text,
    status_text,
    summary_notes,
    target_cell,
    trend_cell_text,
    trend_notes,
    value_label,
    year_range,
)
from checker.views.diff import DiffView
from checker.views.grouping import Group, grouping_note, listed_groups
from checker.views.trend import TrendView, TrendYear

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


@dataclass(frozen=True)
class _RunReport:
    """The run report, rendered with one set of options."""

    options: RenderOptions

    def render(self, run: RunResult) -> str:
        return "\n".join(self.lines(run)) + "\n"

    def lines(self, run: RunResult) -> Iterator[str]:
        lang, colon = self.options.lang, t("colon", self.options.lang)
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
        yield "---"
        yield ""
        yield f"*{md(footer_text(run, lang))}*"

    def _district(self, d: DistrictResult) -> Iterator[str]:
        lang, meta, colon = self.options.lang, d.plan, t("colon", self.options.lang)
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
        grouping = grouping_note(d, self.options.group_by, lang)
        for note in ((grouping,) if grouping else ()) + notes_text(d.notes, lang):
            yield f"- {t('notes', lang)}{colon}{md(note)}"
        selection = self.options.selection
        listed = selection.rows(d.indicators)
        if selection.active:  # --only, --indicator: say what is left out
            shown, total = (sum(len(i.targets) for i in rows) for rows in (listed, d.indicators))
            yield f"- {md(listed_text(selection.statuses, selection.names, shown, total, lang))}"
        yield ""
        for group in listed_groups(d, lang, self.options.group_by, selection):
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
        noted = [i for i in listed if indicator_notes(i)]
        if noted:
            yield f"**{t('notes', lang)} (\\*)**"
            yield ""
            for ind in noted:
                for note in indicator_notes(ind, lang):
                    yield f"- {md(ind.item or '')} {md(indicator_name(ind, lang))}: {md(note)}"
            yield ""

    def _table(self, d: DistrictResult, group: Group) -> Iterator[str]:
        lang, meta = self.options.lang, d.plan
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


def run(report: RunResult, options: RenderOptions) -> str:
    return _RunReport(options).render(report)


# --- the views: summary, trend, diff -------------------------------------------------------------------------------


def _banner(illustrative: bool, lang: str) -> Iterator[str]:
    if illustrative:
        yield f"> **{md(t('illustrative_banner', lang))}**"
        yield ""


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _sources(data: SummaryView, lang: str) -> Iterator[str]:
    colon = t("colon", lang)
    for info in data.get("district_info", []):
        mark = f" *[{t('illustrative_short', lang)}]*" if info["illustrative"] else ""
        yield f"- {t('data_source', lang)} ({md(district_label(info, lang))}){colon}{md(source_text(info))}{mark}"


def _cell(status: str | None, lang: str) -> str:
    if status is None:
        return DASH
    label = f"{SYMBOL[status]} {status_text(status, lang)}"
    return f"**{label}**" if status == "fail" else label


def summary(data: SummaryView, options: RenderOptions) -> str:
    lang = options.lang
    colon = t("colon", lang)
    lines = [f"# {md(t('view.summary_title', lang))} — {t('year', lang)} {data['year']}", ""]
    lines += _banner(data["illustrative"], lang)
    names = {info["id"]: district_label(info, lang) for info in data.get("district_info", [])}
    districts = data["districts"]
    lines.append(f"- {t('year', lang)}{colon}{data['year']}")
    lines.append(f"- {t('districts', lang)}{colon}" + md(("、" if lang == "zh" else ", ").join(names.values())))
    lines += _sources(data, lang)
    lines += [f"- {md(label)}{colon}{md(text)}" for label, text in summary_notes(data, lang)]
    lines += ["", f"## {md(t('view.matrix', lang))}", "", md(t("view.matrix_note", lang)), ""]
    sep = "、" if lang == "zh" else ", "
    lines += [f"{t('view.by_indicator', lang)}{colon}{sep.join(status_text(s, lang) for s in STATUSES)}", ""]
    header = [t("col.name", lang), t("col.unit", lang), *(md(names.get(d, d)) for d in districts)]
    header += [status_text(s, lang) for s in STATUSES]
    lines.append(_row(header))
    lines.append("|---|---|" + "---|" * len(districts) + "---:|" * len(STATUSES))
    for row in data["indicators"]:
        cells = [f"{md(row['name'])} (`{row['id']}`)", md(row.get("unit", ""))]
        cells += [_cell(row["verdicts"].get(d), lang) for d in districts]
        cells += [str(row["counts"][s]) for s in STATUSES]
        lines.append(_row(cells))
    lines += ["", f"## {md(t('view.by_district', lang))}", ""]
    lines.append(_row([t("district", lang), t("verdict", lang), *(status_text(s, lang) for s in STATUSES)]))
    lines.append("|---|---|" + "---:|" * len(STATUSES))
    verdicts = {info["id"]: info["verdict"] for info in data.get("district_info", [])}
    for d in districts:
        counts = data["district_counts"][d]
        lines.append(_row([md(names.get(d, d)), _cell(verdicts.get(d), lang), *(str(counts[s]) for s in STATUSES)]))
    lines += ["", legend(lang), ""]
    return "\n".join(lines)


def trend_cell(cell: TrendYear, lang: str) -> str:
    """The shared cell text, escaped; a failing year in bold."""
    text = md(trend_cell_text(cell, lang))
    return f"**{text}**" if cell["verdict"] == "fail" else text


def trend(data: TrendView, options: RenderOptions) -> str:
    lang = options.lang
    colon = t("colon", lang)
    name = district_label(data, lang)
    lines = [f"# {md(name)} ({data['district']}) · {md(t('view.trend_title', lang))} · {year_range(data)}", ""]
    lines += _banner(data["illustrative"], lang)
    lines.append(f"- {t('view.years_evaluated', lang)}{colon}" + ", ".join(str(y) for y in data["evaluated"]))
    lines.append(f"- {t('view.plan_period', lang)}{colon}{data['plan_period'][0]}–{data['plan_period'][1]}")
    for year, source in data.get("sources", {}).items():
        mark = f" *[{t('illustrative_short', lang)}]*" if source["illustrative"] else ""
        lines.append(f"- {t('data_source', lang)} ({year}){colon}{md(source_text(source))}{mark}")
    lines += [f"- {md(label)}{colon}{md(text)}" for label, text in trend_notes(data, lang)]
    lines.append("")
    years = [str(y) for y in data["years"]]
    lines.append(_row([t("col.name", lang), t("col.unit", lang), *years, t("view.col.overall", lang)]))
    lines.append("|---|---|" + "---:|" * len(years) + "---|")
    for row in data["indicators"]:
        cells = [f"{md(row['name'])} (`{row['id']}`)", md(row["unit"])]
        cells += [trend_cell(row["years"][y], lang) for y in years]
        cells.append(direction_label(row["overall"], lang))
        lines.append(_row(cells))
    lines += ["", f"{legend(lang)}  {t('trend.legend', lang)}", "", md(t("trend.rule", lang)), ""]
    return "\n".join(lines)


def diff(data: DiffView, options: RenderOptions) -> str:
    lang = options.lang
    colon = t("colon", lang)
    lines = [f"# {md(t('view.diff_title', lang))}", ""]
    lines += _banner(data["illustrative"], lang)
    lines.append(f"- {t('diff.a', lang)}{colon}{t('year', lang)} {data['a']['year']}")
    lines.append(f"- {t('diff.b', lang)}{colon}{t('year', lang)} {data['b']['year']}")
    lines.append(f"- **{t('diff.worse' if data['worse'] else 'diff.not_worse', lang)}**")
    lines.append("")
    header = [
        t("diff." + key, lang)
        for key in ("district", "indicator", "source", "year", "status_a", "status_b", "value_a", "value_b")
    ]
    for section in SECTIONS:
        rows = data[section]
        lines += [f"## {md(t('diff.' + section, lang))} ({len(rows)})", ""]
        if not rows:
            lines += [t("diff.none", lang), ""]
            continue
        lines.append(_row(header))
        lines.append("|---|---|---|---:|---|---|---:|---:|")
        for row in rows:
            a, b = diff_statuses(row, section)
            value_a, value_b = diff_values(row, section)
            indicator = md(str(row["indicator"]))
            if row.get("name"):
                indicator = f"{md(str(row['name']))} ({indicator})"
            lines.append(
                _row(
                    [
                        md(str(row["district"])),
                        indicator,
                        md(str(row["source"])),
                        DASH if row["target_year"] is None else str(row["target_year"]),
                        _cell(a, lang),
                        _cell(b, lang),
                        md(value_label(value_a, lang)),
                        md(value_label(value_b, lang)),
                    ]
                )
            )
        lines.append("")
    return "\n".join(lines)
