"""The views as Markdown, for a document or a merge request: a banner line when the data is illustrative, a header
of what was compared, then tables. Every text from a plan, data file or report goes through ``md``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checker.domain.i18n import t
from checker.reporters.markdown import md
from checker.view_formats.common import (
    ARROW,
    DASH,
    SECTIONS,
    STATUSES,
    SYMBOL,
    diff_statuses,
    diff_values,
    direction_label,
    district_label,
    legend,
    source_text,
    status_label,
    summary_notes,
    trend_notes,
    value_label,
    year_range,
)


def _banner(illustrative: bool, lang: str) -> Iterator[str]:
    if illustrative:
        yield f"> **{md(t('illustrative_banner', lang))}**"
        yield ""


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _sources(data: dict[str, Any], lang: str) -> Iterator[str]:
    colon = t("colon", lang)
    for info in data.get("district_info", []):
        mark = f" *[{t('illustrative_short', lang)}]*" if info["illustrative"] else ""
        yield f"- {t('data_source', lang)} ({md(district_label(info, lang))}){colon}{md(source_text(info))}{mark}"


def _cell(status: str | None, lang: str) -> str:
    if status is None:
        return DASH
    label = f"{SYMBOL[status]} {status_label(status, lang)}"
    return f"**{label}**" if status == "fail" else label


def summary(data: dict[str, Any], lang: str, color: bool = False) -> str:
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
    lines += [f"{t('view.by_indicator', lang)}{colon}{sep.join(status_label(s, lang) for s in STATUSES)}", ""]
    header = [t("col.name", lang), t("col.unit", lang), *(md(names.get(d, d)) for d in districts)]
    header += [status_label(s, lang) for s in STATUSES]
    lines.append(_row(header))
    lines.append("|---|---|" + "---|" * len(districts) + "---:|" * len(STATUSES))
    for row in data["indicators"]:
        cells = [f"{md(row['name'])} (`{row['id']}`)", md(row.get("unit", ""))]
        cells += [_cell(row["verdicts"].get(d), lang) for d in districts]
        cells += [str(row["counts"][s]) for s in STATUSES]
        lines.append(_row(cells))
    lines += ["", f"## {md(t('view.by_district', lang))}", ""]
    lines.append(_row([t("district", lang), t("verdict", lang), *(status_label(s, lang) for s in STATUSES)]))
    lines.append("|---|---|" + "---:|" * len(STATUSES))
    verdicts = {info["id"]: info["verdict"] for info in data.get("district_info", [])}
    for d in districts:
        counts = data["district_counts"][d]
        lines.append(_row([md(names.get(d, d)), _cell(verdicts.get(d), lang), *(str(counts[s]) for s in STATUSES)]))
    lines += ["", legend(lang), ""]
    return "\n".join(lines)


def trend_cell(cell: dict[str, Any], lang: str) -> str:
    if cell["verdict"] is None:
        return DASH
    text = f"{md(value_label(cell['value'], lang))} {SYMBOL[cell['verdict']]}"
    if cell["direction"]:
        text += f" {ARROW[cell['direction']]}"
    return f"**{text}**" if cell["verdict"] == "fail" else text


def trend(data: dict[str, Any], lang: str, color: bool = False) -> str:
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


def diff(data: dict[str, Any], lang: str, color: bool = False) -> str:
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
