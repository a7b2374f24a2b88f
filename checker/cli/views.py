"""``check summary``, ``check trend``, ``check diff``: the commands. checker.views builds each view's data and the
format registry renders it (a format's module imported only when used); checker.cli.main loads them on first use.

Exit codes: summary and trend 0; diff 0 nothing got worse, 1 something did; all 2 on a usage, input or environment
error and 3 on an internal error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from checker.cli.files import report_name
from checker.cli.options import (
    chosen_formats,
    color_option,
    data_option,
    format_option,
    handle_errors,
    lang_option,
    output_dir_options,
    output_option,
    plan_options,
    write_outputs,
)
from checker.domain.errors import EXIT_FINDINGS, EXIT_OK
from checker.domain.summary_view import SummaryView
from checker.engine.run import RunRequest, means_all
from checker.formats.registry import FORMATS, Format
from checker.inputs.data_store import default_data_dir
from checker.inputs.loading import PlanRegistry
from checker.inputs.resources import bundled_dir
from checker.views.diff import ReportError, check_report, diff_data
from checker.views.remembered import remembered_summary
from checker.views.shares import summary_in_shares
from checker.views.summary import summary_of_run
from checker.views.trend import TREND_RULE, trend_data

# ----------------------------------------------------------------------------------------------------- summary


@click.command("summary")
@click.option("--year", type=int, required=True, help="The year whose reported values are checked.")
@click.argument("districts", nargs=-1)
@format_option("summary", multiple=True)
@lang_option
@output_option()
@output_dir_options("the view, districts, years and format (summary-all-2024.html)")
@data_option
@plan_options
@color_option
@handle_errors
def summary(
    year: int,
    districts: tuple[str, ...],
    fmt: tuple[str, ...],
    lang: str | None,
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

    formats = chosen_formats("summary", fmt, output, output_dir)
    lang = lang or formats[0].default_lang("summary")  # the view's names are in it, whatever the format
    view = None
    if not districts or districts == ("all",):  # a plan table and a data table: the columnar path (checker.engine.bulk)
        from checker.engine import bulk

        view = bulk.summary(year, plans_dir, rules_dir, data, lang)
    if view is None:
        request = RunRequest(year=year, districts=districts or ("all",), data=data)

        plans, rules = plans_dir or bundled_dir("plans"), rules_dir or bundled_dir("rules")
        data_root = data or default_data_dir()

        def compute() -> SummaryView:
            with districts_progress(f"check summary --year {year}") as progress:
                if request.districts == ("all",):  # many districts' files: shares of them in worker processes
                    shared = summary_in_shares(plans, rules, data_root, year, lang, progress=progress)
                    if shared is not None:
                        return shared
                return summary_of_run(request, PlanRegistry.load(plans_dir, rules_dir), lang, progress)

        view = remembered_summary([plans, rules, data_root], [str(year), lang, *request.districts], compute)
    everything = not districts or means_all(districts)  # only the word "all" reaches the file name
    ids = list(view["districts"])

    def name(f: Format) -> str:
        return report_name(ids, everything, year, f.name, view="summary")

    write_outputs("summary", formats, view, output, output_dir, force, name, lang, color)
    return EXIT_OK


PROGRESS_FROM = 50  # districts: fewer are checked in a blink, and no bar flickers past


@contextmanager
def districts_progress(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A bar on standard error while many districts are checked (``advance(done, total)``), on a terminal only:
    never on a pipe or into a file, and gone when the work is done."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        tasks: list[Any] = []

        def advance(done: int, total: int) -> None:
            if total < PROGRESS_FROM:
                return
            if not tasks:
                tasks.append(bar.add_task(label, total=total))
            bar.update(tasks[0], completed=done)

        yield advance


# ------------------------------------------------------------------------------------------------------- trend


@click.command(
    "trend",
    help="Each indicator's verdict and value year by year for DISTRICT, --from to --to.\n\n"
    + "Years without a data file show as '—' (an error only when no year has data).\n\n"
    + TREND_RULE,
)
@click.argument("district")
@click.option("--from", "first", type=int, required=True, help="The first year.")
@click.option("--to", "last", type=int, required=True, help="The last year.")
@format_option("trend", multiple=True)
@lang_option
@output_option()
@output_dir_options("the view, districts, years and format (summary-all-2024.html)")
@data_option
@plan_options
@color_option
@handle_errors
def trend(
    district: str,
    first: int,
    last: int,
    fmt: tuple[str, ...],
    lang: str | None,
    output: Path | None,
    output_dir: Path | None,
    force: bool,
    data: Path | None,
    plans_dir: Path | None,
    rules_dir: Path | None,
    color: bool | None,
) -> int:
    """Trend of DISTRICT's indicators; the direction rule is checker.views.trend.TREND_RULE."""

    formats = chosen_formats("trend", fmt, output, output_dir)
    lang = lang or formats[0].default_lang("trend")  # the view's names are in it, whatever the format
    registry = PlanRegistry.load(plans_dir, rules_dir)
    view = trend_data(registry, district, first, last, data, lang)
    plan_id = str(view["district"])  # the plan's id, resolved from what was typed

    def name(f: Format) -> str:
        return report_name([plan_id], False, first, f.name, view="trend", last=last)

    write_outputs("trend", formats, view, output, output_dir, force, name, lang, color)
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
@format_option("diff")
@lang_option
@output_option()
@color_option
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
      3  internal error: a bug in the checker (--debug shows the traceback)
    """

    view = diff_data(_load_report(report_a), _load_report(report_b))
    write_outputs("diff", (FORMATS[fmt],), view, output, None, False, lambda f: "", lang, color)
    return EXIT_FINDINGS if view["worse"] else EXIT_OK
