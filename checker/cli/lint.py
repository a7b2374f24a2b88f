"""``check lint [PATH…]``: the command; its formats are in the registry. checker.cli.main loads it on first use.

Exit codes as for the other commands: 0 no unwaived finding at or above ``--fail-on`` (default: error), 1 at least
one, 2 usage or input error (a plan or configuration that does not load).
"""

from __future__ import annotations

from pathlib import Path

import click

from checker.cli.options import emit, fail_on_option, format_option, handle_errors, output_option, waivers_option
from checker.domain.errors import EXIT_FINDINGS, EXIT_OK
from checker.formats.registry import RenderOptions, render
from checker.inputs.target_waivers import load_target_waivers
from checker.lint.runner import Severity, lint_bundled, lint_paths, load_config

EXIT_CODES_HELP = """\b
Exit codes:
  0  no unwaived finding at or above the --fail-on level
  1  at least one
  2  usage or input error (a plan or config file that does not load, ...)
  3  internal error: a bug in the checker (--debug shows the traceback)"""


@click.command("lint", epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@format_option("lint")
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A lint configuration to use instead of the project's (rules/lint/lint.yaml).",
)
@fail_on_option("unwaived severity", ("error", "warning", "info", "never"))
@click.option("--show-waived", is_flag=True, help="Also list waived findings, with their reasons (text format).")
@output_option("Write the findings to this file (atomically) instead of standard output.")
@waivers_option
@handle_errors
def lint(
    paths: tuple[Path, ...],
    fmt: str,
    config_path: Path | None,
    fail_on: str,
    show_waived: bool,
    output: Path | None,
    waivers: Path | None,
) -> int:
    """Find mistakes in plan files: units, directions, conflicts, arithmetic, floors, the catalogue.

    With no PATH, lints the bundled plans, rule sets and catalogue. PATHs are plan files or folders of them,
    loaded against the bundled catalogue and rule sets (so higher-level floors apply). A finding is waived by
    '# noqa: CODE reason' on its line. With --waivers (or a ./waivers.yaml here), also the target waivers: each must
    give its reason, approver, approval date and expiry, and name a target of the plans. The codes: docs/lint.md.
    """
    config = load_config(config_path)
    waived = load_target_waivers(waivers) if waivers else None
    result = lint_paths(paths, config, waivers=waived) if paths else lint_bundled(config, waivers=waived)
    emit(render("lint", fmt, result, RenderOptions(show_waived=show_waived)), output)
    return EXIT_FINDINGS if fail_on != "never" and result.fails_at(Severity(fail_on)) else EXIT_OK
