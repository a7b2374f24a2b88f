"""``check explain --year Y DISTRICT INDICATOR``: how each verdict on one indicator (or project) was reached.

checker.views.explain builds the derivation from the engine's results and the format registry renders it (the text
format on the terminal, in --lang; json); checker.cli.main loads this module on first use.

Exit codes: 0 explained, whatever the verdicts; 2 a usage, input or environment error (an unknown district or
indicator, a bad data file); 3 an internal error.
"""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.options import (
    chance_options,
    chosen_formats,
    data_option,
    emit,
    format_option,
    handle_errors,
    lang_option,
    output_option,
    plan_options,
    render_options,
)
from checker.domain.errors import EXIT_OK
from checker.domain.uncertainty import Level
from checker.formats.registry import render
from checker.inputs.loading import PlanRegistry
from checker.views.explain import explain_data

EXIT_CODES = """\b
Exit codes:
  0  explained (whatever the verdicts)
  2  usage, input or environment error (unknown district or indicator,
     bad data file, ...)
  3  internal error: a bug in the checker (--debug shows the traceback)"""


@click.command("explain", epilog=EXIT_CODES)
@click.option("--year", type=int, required=True, help="The year whose reported value is judged.")
@click.argument("district")
@click.argument("indicator")
@format_option("explain")
@output_option()
@data_option
@chance_options
@plan_options
@lang_option
@handle_errors
def explain(
    year: int,
    district: str,
    indicator: str,
    fmt: str,
    output: Path | None,
    data: Path | None,
    significance: bool | None,
    confidence: Level | None,
    plans_dir: Path | None,
    rules_dir: Path | None,
    lang: str | None,
) -> int:
    """Show how each verdict on INDICATOR of DISTRICT for --year was reached.

    \b
    DISTRICT: an id, a Chinese name or an alias (rongchang, 荣昌, 荣昌区).
    INDICATOR: an indicator's or project's id, name or alias, or a part of
    one naming a single row ('check indicators DISTRICT' lists them).

    For each target, the plan's own and the higher levels' floors: where the plan writes it, its baseline, the
    序时进度 milestone with its numbers, the comparison that decided, the progress ratio, how the target's nature
    made the verdict; and the data file and line of the value.
    """
    formats = chosen_formats("explain", [fmt], output, None, has_output_dir=False)
    registry = PlanRegistry.load(plans_dir, rules_dir)
    view = explain_data(registry, year, district, indicator, data, significance, confidence)
    options = render_options("explain", formats[0], lang, to_stdout=output is None)
    emit(render("explain", fmt, view, options), output)
    return EXIT_OK
