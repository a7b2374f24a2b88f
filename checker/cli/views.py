"""``check summary``, ``check trend``, ``check diff``: the commands. the views layer builds each view's
data and checker.view_formats formats it (a format's module imported only when used); checker.cli.main registers them.

Exit codes: summary and trend 0 (2 usage or input error); diff 0 nothing got worse, 1 something did, 2 usage or
input error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from checker.cli.files import report_name, write_reports
from checker.cli.options import emit, handle_errors, output_dir_options, plan_options
from checker.domain.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from checker.engine.run import RunRequest, run_check
from checker.inputs.loading import PlanRegistry
from checker.view_formats import BINARY, DIFF_FORMATS, SUMMARY_FORMATS, TREND_FORMATS, render
from checker.views.report_views import (
    TREND_RULE,
    ReportError,
    check_report,
    diff_data,
    run_notes,
    summary_data,
    trend_data,
)


def _formats(fmt: tuple[str, ...], output: Path | None, output_dir: Path | None) -> tuple[str, ...]:
    """The formats asked for, once each, with where they may go checked before any work is done: several formats
    need --output-dir, --output and --output-dir exclude each other, a binary format (xlsx) goes to a file only."""
    formats = tuple(dict.fromkeys(fmt))
    if output is not None and output_dir is not None:
        raise UsageError("--output and --output-dir exclude each other", "give one of them")
    if len(formats) > 1 and output_dir is None:
        raise UsageError("several --format values need --output-dir", "give --output-dir DIR, or one --format")
    if output_dir is None:
        for name in formats:
            if name in BINARY and output is None:
                raise UsageError(f"the {name} output is a binary file", f"give --output FILE.{name} or --output-dir")
    return formats


def _view(
    view: str,
    formats: tuple[str, ...],
    data: dict[str, Any],
    lang: str,
    color: bool | None,
    output: Path | None,
    output_dir: Path | None,
    force: bool,
    name: Callable[[str], str],
) -> None:
    """Each format of ``view`` to standard output, --output, or --output-dir (a file per format, called ``name(fmt)``,
    written by checker.cli.files.write_reports: never over a file the tool did not write, unless ``force``)."""
    use_color = (output is None and output_dir is None and sys.stdout.isatty()) if color is None else color
    if output_dir is None:
        emit(render(view, formats[0], data, lang, use_color), output)
        return
    reports = [(name(fmt), render(view, fmt, data, lang, use_color)) for fmt in formats]
    for written in write_reports(output_dir, reports, force):
        click.echo(f"wrote {written}", err=True)


_data_option = click.option(
    "--data",
    type=click.Path(path_type=Path),
    help="A folder laid out as <year>/<district>.<ext> (default: ./data if it exists, else the bundled data).",
)
_lang_option = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
_color_option = click.option("--color/--no-color", default=None, help="Colour the table (default: on a terminal).")
_output_option = click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (atomically)."
)


def _format_option(formats: tuple[str, ...]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(formats),
        multiple=True,
        default=("table",),
        show_default=True,
        help="Output format (several, with --output-dir). xlsx is binary: give --output or --output-dir.",
    )


# ----------------------------------------------------------------------------------------------------- summary


@click.command("summary")
@click.option("--year", type=int, required=True, help="The year whose reported values are checked.")
@click.argument("districts", nargs=-1)
@_format_option(SUMMARY_FORMATS)
@_lang_option
@_output_option
@output_dir_options("the view, districts, years and format (summary-all-2024.html)")
@_data_option
@plan_options
@_color_option
@handle_errors
def summary(
    year: int,
    districts: tuple[str, ...],
    fmt: tuple[str, ...],
    lang: str,
    output: Path | None,
    output_dir: Path | None,
    force: bool,
    data: Path | None,
    plans_dir: Path | None,
    rules_dir: Path | None,
    color: bool | None,
) -> int:
    """A district × indicator matrix of verdicts for --year (DISTRICTS: ids, names, or 'all', the default).

    Rows in two or more districts come first, ordered by the number of districts failing, then warning.
    """

    formats = _formats(fmt, output, output_dir)
    view = None
    if not districts or districts == ("all",):  # a plan table and a data table: the columnar path (checker.engine.bulk)
        from checker.engine import bulk

        view = bulk.summary(year, plans_dir, rules_dir, data, lang)
    if view is None:
        registry = PlanRegistry.load(plans_dir, rules_dir)
        run = run_check(RunRequest(year=year, districts=districts or ("all",), data=data), registry)
        view = {**summary_data(run, lang), **run_notes(run)}
    everything = not districts or any(name.lower() == "all" for name in districts)  # only "all" reaches the name
    ids = list(view["districts"])

    def name(fmt: str) -> str:
        return report_name(ids, everything, year, fmt, view="summary")

    _view("summary", formats, view, lang, color, output, output_dir, force, name)
    return EXIT_OK


# ------------------------------------------------------------------------------------------------------- trend


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
@_format_option(TREND_FORMATS)
@_lang_option
@_output_option
@output_dir_options("the view, districts, years and format (summary-all-2024.html)")
@_data_option
@plan_options
@_color_option
@handle_errors
def trend(
    district: str,
    first: int,
    last: int,
    fmt: tuple[str, ...],
    lang: str,
    output: Path | None,
    output_dir: Path | None,
    force: bool,
    data: Path | None,
    plans_dir: Path | None,
    rules_dir: Path | None,
    color: bool | None,
) -> int:
    """Trend of DISTRICT's indicators; the direction rule is checker.views.report_views.TREND_RULE."""

    formats = _formats(fmt, output, output_dir)
    registry = PlanRegistry.load(plans_dir, rules_dir)
    view = trend_data(registry, district, first, last, data, lang)
    plan_id = str(view["district"])  # the plan's id, resolved from what was typed

    def name(fmt: str) -> str:
        return report_name([plan_id], False, first, fmt, view="trend", last=last)

    _view("trend", formats, view, lang, color, output, output_dir, force, name)
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


@click.command("diff")
@click.argument("report_a", type=click.Path(path_type=Path))
@click.argument("report_b", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="table", show_default=True)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of the labels (default: zh for markdown, en for the table, as for run reports).",
)
@_output_option
@_color_option
@handle_errors
def diff(report_a: Path, report_b: Path, fmt: str, lang: str | None, output: Path | None, color: bool | None) -> int:
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
    use_color = (output is None and sys.stdout.isatty()) if color is None else color
    emit(render("diff", fmt, view, lang or ("zh" if fmt == "markdown" else "en"), use_color), output)
    return EXIT_FINDINGS if view["worse"] else EXIT_OK
