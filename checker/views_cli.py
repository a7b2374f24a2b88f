"""``check summary``, ``check trend``, ``check diff``: formatting of checker.views. checker.cli registers them.

Exit codes: summary and trend 0 (2 usage or input error); diff 0 nothing got worse, 1 something did, 2 usage or
input error.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from checker.commands import emit, handle_errors
from checker.errors import EXIT_FINDINGS, EXIT_OK
from checker.i18n import t
from checker.loading import PlanRegistry
from checker.results import Status
from checker.run import RunRequest, run_check
from checker.views import TREND_RULE, ReportError, check_report, diff_data, summary_data, trend_data

if TYPE_CHECKING:
    from rich.console import Console

SYMBOL = {"info": "·", "pass": "✓", "not_evaluable": "?", "warn": "!", "fail": "✗"}
STYLE = {"info": "dim", "pass": "bold green", "not_evaluable": "bold blue", "warn": "bold yellow", "fail": "bold red"}
ARROW = {"improving": "↑", "stagnating": "→", "worsening": "↓"}
DASH = "—"


def _view_text(
    view: dict[str, Any],
    fmt: str,
    lang: str,
    color: bool,
    markdown: Callable[[dict[str, Any], str], str],
    table: Callable[[dict[str, Any], str, bool], str],
) -> str:
    """A view as JSON, Markdown or a terminal table."""
    if fmt == "json":
        return _json(view)
    if fmt == "markdown":
        return markdown(view, lang)
    return table(view, lang, color)


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _render(build: Callable[[Console], None], color: bool, illustrative: bool, lang: str) -> str:
    """Draw with rich into a string; every view made from illustrative data starts with the banner."""
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=200, force_terminal=color, no_color=not color, highlight=False)
    if illustrative:
        console.print(Text(t("illustrative_banner", lang), style="bold reverse yellow"))
    build(console)
    return buffer.getvalue()


def _legend(lang: str) -> str:
    return "  ".join(f"{SYMBOL[s.value]} {t('status.' + s.value, lang)}" for s in Status)


def _md(text: Any) -> str:
    return str(text).replace("|", "\\|")


def _counts_text(counts: dict[str, int], lang: str) -> str:
    return ", ".join(f"{t('status.' + k, lang)} {v}" for k, v in counts.items() if v)


_data_option = click.option(
    "--data",
    type=click.Path(path_type=Path),
    help="A folder laid out as <year>/<district>.<ext> (default: ./data if it exists, else the bundled data).",
)
_plans_option = click.option("--plans", "plans_dir", type=click.Path(file_okay=False, path_type=Path))
_rules_option = click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path))
_lang_option = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
_color_option = click.option("--color/--no-color", default=None, help="Colour the table (default: on a terminal).")
_output_option = click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (atomically)."
)


def _use_color(color: bool | None, output: Path | None) -> bool:
    return (output is None and sys.stdout.isatty()) if color is None else color


# ----------------------------------------------------------------------------------------------------- summary


def summary_markdown(data: dict[str, Any], lang: str) -> str:
    lines = [f"# {t('title', lang)} — {t('year', lang)} {data['year']}", ""]
    if data["illustrative"]:
        lines += [f"> **{t('illustrative_banner', lang)}**", ""]
    districts = data["districts"]
    lines.append(f"| {t('col.name', lang)} | " + " | ".join(districts) + " |")
    lines.append("|---|" + "---|" * len(districts))
    for row in data["indicators"]:
        cells = [_cell_md(row["verdicts"].get(d), lang) for d in districts]
        lines.append(f"| {_md(row['name'])} (`{row['id']}`) | " + " | ".join(cells) + " |")
    lines += ["", f"**{t('counts', lang)}**", ""]
    for d in districts:
        lines.append(f"- {d}: {_counts_text(data['district_counts'][d], lang)}")
    lines += ["", _legend(lang), ""]
    return "\n".join(lines)


def _cell_md(status: str | None, lang: str) -> str:
    return DASH if status is None else f"{SYMBOL[status]} {t('status.' + status, lang)}"


def summary_table(data: dict[str, Any], lang: str, color: bool) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    def build(console: Console) -> None:
        table = Table(title=f"{t('title', lang)} — {t('year', lang)} {data['year']}", box=box.SIMPLE_HEAD)
        table.add_column(t("col.name", lang))
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
            console.print(f"{d}: {_counts_text(data['district_counts'][d], lang)}")
        console.print(_legend(lang), style="dim")

    return _render(build, color, data["illustrative"], lang)


@click.command("summary")
@click.option("--year", type=int, required=True, help="The year whose reported values are checked.")
@click.argument("districts", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
@_lang_option
@_output_option
@_data_option
@_plans_option
@_rules_option
@_color_option
@handle_errors
def summary(
    year: int,
    districts: tuple[str, ...],
    fmt: str,
    lang: str,
    output: Path | None,
    data: Path | None,
    plans_dir: Path | None,
    rules_dir: Path | None,
    color: bool | None,
) -> int:
    """A district × indicator matrix of verdicts for --year (DISTRICTS: ids, names, or 'all', the default).

    Rows in two or more districts come first, ordered by the number of districts failing, then warning.
    """

    registry = PlanRegistry.load(plans_dir, rules_dir)
    run = run_check(RunRequest(year=year, districts=districts or ("all",), data=data), registry)
    view = summary_data(run, lang)
    emit(_view_text(view, fmt, lang, _use_color(color, output), summary_markdown, summary_table), output)
    return EXIT_OK


# ------------------------------------------------------------------------------------------------------- trend


def _trend_cell(cell: dict[str, Any], lang: str, markdown: bool) -> str:
    if cell["verdict"] is None:
        return DASH
    value = DASH if cell["value"] is None else str(cell["value"])
    text = f"{value} {SYMBOL[cell['verdict']]}"
    if cell["direction"]:
        text += f" {ARROW[cell['direction']]}"
    return _md(text) if markdown else text


def trend_markdown(data: dict[str, Any], lang: str) -> str:
    lines = [f"# {data['name']} ({data['district']}) {data['from']}–{data['to']}", ""]
    if data["illustrative"]:
        lines += [f"> **{t('illustrative_banner', lang)}**", ""]
    years = [str(y) for y in data["years"]]
    lines.append(f"| {t('col.name', lang)} | {t('col.unit', lang)} | " + " | ".join(years) + " | trend |")
    lines.append("|---|---|" + "---|" * (len(years) + 1))
    for row in data["indicators"]:
        cells = [_trend_cell(row["years"][y], lang, True) for y in years]
        lines.append(
            f"| {_md(row['name'])} (`{row['id']}`) | {_md(row['unit'])} | "
            + " | ".join(cells)
            + f" | {row['overall'] or DASH} |"
        )
    lines += ["", _legend(lang) + "  ↑ improving  → stagnating  ↓ worsening", "", TREND_RULE.replace("\n", " "), ""]
    return "\n".join(lines)


def trend_table(data: dict[str, Any], lang: str, color: bool) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    def build(console: Console) -> None:
        table = Table(title=f"{data['name']} ({data['district']}) {data['from']}–{data['to']}", box=box.SIMPLE_HEAD)
        table.add_column(t("col.name", lang))
        table.add_column(t("col.unit", lang))
        years = [str(y) for y in data["years"]]
        for y in years:
            table.add_column(y, justify="right")
        table.add_column("trend")
        for row in data["indicators"]:
            cells = []
            for y in years:
                cell = row["years"][y]
                style = "dim" if cell["verdict"] is None else STYLE[cell["verdict"]]
                cells.append(Text(_trend_cell(cell, lang, False), style=style))
            overall = row["overall"]
            style = {"improving": "green", "worsening": "red"}.get(overall or "", "")
            table.add_row(f"{row['name']} ({row['id']})", row["unit"], *cells, Text(overall or DASH, style=style))
        console.print(table)
        console.print(_legend(lang) + "  ↑ improving  → stagnating  ↓ worsening", style="dim")

    return _render(build, color, data["illustrative"], lang)


@click.command(
    "trend",
    help="Each indicator's verdict and value year by year for DISTRICT, --from to --to.\n\n"
    + "Years without a data file show as '—' (an error only when no year has data).\n\n"
    + "\b\n"
    + TREND_RULE,
)
@click.argument("district")
@click.option("--from", "first", type=int, required=True, help="The first year.")
@click.option("--to", "last", type=int, required=True, help="The last year.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
@_lang_option
@_output_option
@_data_option
@_plans_option
@_rules_option
@_color_option
@handle_errors
def trend(
    district: str,
    first: int,
    last: int,
    fmt: str,
    lang: str,
    output: Path | None,
    data: Path | None,
    plans_dir: Path | None,
    rules_dir: Path | None,
    color: bool | None,
) -> int:
    """Trend of DISTRICT's indicators; the direction rule is checker.views.TREND_RULE."""

    registry = PlanRegistry.load(plans_dir, rules_dir)
    view = trend_data(registry, district, first, last, data, lang)
    emit(_view_text(view, fmt, lang, _use_color(color, output), trend_markdown, trend_table), output)
    return EXIT_OK


# -------------------------------------------------------------------------------------------------------- diff


def _load_report(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"cannot read {path}: {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path} is not JSON: {exc}", "give two reports from 'check --format json'") from exc
    return check_report(data, str(path))


SECTIONS = ("new", "resolved", "changed", "added", "removed")


def diff_text(data: dict[str, Any], color: bool) -> str:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    def build(console: Console) -> None:
        console.print(f"A: {data['a']['year']}   B: {data['b']['year']}")
        for section in SECTIONS:
            rows = data[section]
            table = Table(title=f"{section} ({len(rows)})", box=box.SIMPLE_HEAD, title_justify="left")
            for name in ("district", "indicator", "source", "year", "A", "B", "value A", "value B"):
                table.add_column(name)
            for row in rows:
                status_a = row.get("status_a", row["status"] if section == "removed" else None)
                status_b = row.get("status_b", row["status"] if section == "added" else None)
                table.add_row(
                    row["district"],
                    row["indicator"],
                    row["source"],
                    str(row["target_year"]),
                    Text(status_a or DASH, style=STYLE.get(status_a or "", "")),
                    Text(status_b or DASH, style=STYLE.get(status_b or "", "")),
                    _plain(row.get("value_a", row["value"] if section == "removed" else None)),
                    _plain(row.get("value_b", row["value"] if section == "added" else None)),
                )
            if rows:
                console.print(table)
            else:
                console.print(f"{section}: none")
        console.print("something got worse" if data["worse"] else "nothing got worse")

    return _render(build, color, data["illustrative"], "en")


def _plain(value: Any) -> str:
    return DASH if value is None else str(value)


@click.command("diff")
@click.argument("report_a", type=click.Path(path_type=Path))
@click.argument("report_b", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_output_option
@_color_option
@handle_errors
def diff(report_a: Path, report_b: Path, fmt: str, output: Path | None, color: bool | None) -> int:
    """Compare two JSON reports (from 'check --format json'), target by target.

    A target is keyed by district, indicator id, source cite and target year. Lists what is new (failing in B, not
    in A), resolved (failing in A, not in B), changed status, and targets added or removed.

    \b
    Exit codes:
      0  nothing got worse
      1  a new failure or a status worsening
      2  usage or input error (unreadable file, not a report)
    """

    view = diff_data(_load_report(report_a), _load_report(report_b))
    content = _json(view) if fmt == "json" else diff_text(view, _use_color(color, output))
    emit(content, output)
    return EXIT_FINDINGS if view["worse"] else EXIT_OK
