"""Command line: parse options, call the run service, render through the format registry, exit with a stable code.

Exit codes: 0 nothing at or above --fail-on; 1 at least one finding at or above it; 2 usage, input or environment
error; 3 internal error (checker.domain.errors).
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from checker import __version__
from checker.cli.files import report_name
from checker.cli.options import (
    F,
    chance_options,
    chosen_formats,
    color_option,
    data_option,
    deliver,
    emit,
    exit_code_for,
    fail_on_option,
    format_option,
    group_by_option,
    handle_errors,
    lang_option,
    output_dir_options,
    output_jobs,
    output_option,
    plan_options,
    render_options,
    selection_options,
    waivers_option,
)
from checker.domain.errors import EXIT_FINDINGS, EXIT_OK
from checker.domain.results import Status
from checker.domain.uncertainty import Level
from checker.engine.run import RunRequest, each_district, means_all
from checker.formats.registry import FORMATS, Format, GroupBy, RenderOptions, Show, formats_for, render
from checker.formats.streamed import RunReports
from checker.inputs.loading import PlanRegistry
from checker.inputs.target_waivers import WaiverFile
from checker.views.selection import Selection, resolve_indicators

if TYPE_CHECKING:  # annotations only: check validate imports it when it runs
    from checker.inputs.validate import FileResult

EXIT_CODES_HELP = """\b
Exit codes:
  0  no indicator at or above the --fail-on level
  1  at least one indicator at or above it
  2  usage, input or environment error (unknown district, bad data file,
     a folder that cannot be written, ...)
  3  internal error: a bug in the checker (--debug shows the traceback)"""


# Commands whose modules are imported only when they run, so that `check --year …` does not pay for them.
LAZY_COMMANDS = {
    "lint": "checker.cli.lint:lint",
    "import": "checker.cli.importing:import_group",
    "summary": "checker.cli.views:summary",
    "trend": "checker.cli.views:trend",
    "diff": "checker.cli.views:diff",
    "explain": "checker.cli.explain:explain",
    "verify": "checker.cli.verify:verify",
}


class DefaultGroup(click.Group):
    """A group whose default command is ``run``: ``check --year 2024 rongchang`` means ``check run …``.

    Some commands live in modules imported on first use (click's documented lazy-loading pattern). ``--debug``
    may stand anywhere before ``--``: an internal error then shows its traceback (checker.cli.options).
    """

    default_command = "run"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        if "--debug" in args[:end]:
            ctx.meta["debug"] = True
            args = [a for a in args[:end] if a != "--debug"] + args[end:]
        known = set(self.commands) | set(LAZY_COMMANDS)
        if args and args[0] not in known and args[0] not in ("--help", "-h", "--version"):
            _year_first(args[:end])
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module, name = LAZY_COMMANDS[cmd_name].split(":")
            try:
                command: click.Command = getattr(importlib.import_module(module), name)
            except Exception as exc:  # a broken install: exit 3 with one line, not a traceback and exit 1
                ctx.exit(exit_code_for(exc))
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


def _year_first(args: list[str]) -> None:
    """``check 2024 rongchang`` or ``check rongchang``: a run without --year. Click would answer "Missing option
    '--year'" for a ``check run`` the user never typed; say instead how to write it, and which years have data."""
    if any(a == "--year" or a.startswith("--year=") for a in args) or any(a in ("--help", "-h") for a in args):
        return
    years = [a for a in args if len(a) == 4 and a.isdigit()]
    rest = " ".join(a for a in args if a not in years) or "DISTRICT"
    if years:
        raise click.UsageError(f"give the year with --year: check --year {years[0]} {rest}")
    from checker.inputs.data_folder import is_year_folder
    from checker.inputs.data_store import default_data_dir
    from checker.inputs.resources import display_path

    root = default_data_dir()
    found = sorted(p.name for p in root.iterdir() if p.is_dir() and is_year_folder(p)) if root.is_dir() else []
    where = f" ({display_path(root).removesuffix('/.')} has values for {', '.join(found)})" if found else ""
    raise click.UsageError(
        f"which year? give it with --year: check --year {found[-1] if found else 2024} {rest}{where}"
    )


@click.group(
    cls=DefaultGroup,
    # click counts characters, a terminal cells: a Chinese word in a help line is twice as wide as click thinks
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 72},
    epilog="Run 'check COMMAND --help' for a command's options.\n\n" + EXIT_CODES_HELP,
)
@click.version_option(__version__, prog_name="health-plan-checker")
def main() -> None:
    """Check reported health-plan figures against the targets the plans set.

    \b
    check --year 2024 rongchang        one district (also 荣昌 or 荣昌区)
    check --year 2024 all              every district with data for that year
    check districts                    the plans the checker knows
    check indicators rongchang         a plan's indicators, targets and sources
    check --debug …                    an internal error shows its traceback
    """


def extra_outputs(func: F) -> F:
    """--output-json FILE, --output-junit FILE, …: more reports from the same run, one per format."""
    for name in sorted(formats_for("run"), reverse=True):
        func = click.option(
            f"--output-{name}",
            f"output_{name}",
            type=click.Path(dir_okay=False, path_type=Path),
            help=f"Also write the {name} report to this file.",
        )(func)
    return func


@main.command(epilog=EXIT_CODES_HELP)
@click.option("--year", type=int, required=True, help="The year whose reported values are checked.")
@click.argument("districts", nargs=-1, required=True)
@format_option("run", multiple=True)
@output_option(
    "Write the report to this file (atomically) instead of standard output; an existing file is replaced "
    "(you named it)."
)
@output_dir_options("district, year and format (rongchang-2024.html, all-2024.md)")
@group_by_option
@selection_options
@extra_outputs
@fail_on_option("verdict (error: a target failed; warning: failed or warned)")
@data_option
@waivers_option
@chance_options
@plan_options
@color_option
@lang_option
@handle_errors
def run(
    year: int,
    districts: tuple[str, ...],
    fmt: tuple[str, ...],
    output: Path | None,
    output_dir: Path | None,
    force: bool,
    group_by: GroupBy,
    show: Show,
    only: tuple[str, ...],
    indicators: tuple[str, ...],
    notes: bool,
    fail_on: str,
    data: Path | None,
    waivers: Path | None,
    significance: bool | None,
    confidence: Level | None,
    plans_dir: Path | None,
    rules_dir: Path | None,
    color: bool | None,
    lang: str | None,
    **outputs: Path | None,
) -> int:
    """Check DISTRICTS (ids, Chinese names, or 'all') for --year and report pass/warn/fail per target."""
    formats = chosen_formats("run", fmt, output, output_dir)
    extras = [(FORMATS[key.removeprefix("output_")], path) for key, path in outputs.items() if path]
    named = None if means_all(districts) else districts
    registry = PlanRegistry.load(plans_dir, rules_dir, named, keep_positions=True)  # linted for the note: parsed once
    selection = Selection(frozenset(Status(s) for s in only), resolve_indicators(indicators, registry), indicators)
    charts = any(f.charts for f in formats) or any(f.charts for f, _ in extras)
    waived = _target_waivers(waivers)
    record: dict[str, Any] = {"fail_on": fail_on}  # the report's provenance: what decides its verdicts and exit code
    chance = {"significance": significance, "confidence": confidence}  # given: they change verdicts
    record |= {key: value for key, value in chance.items() if value is not None}
    if waivers is not None:  # they change verdicts too: which file, and its bytes
        from checker.inputs.provenance import sha256_file
        from checker.inputs.resources import display_path

        record["waivers"] = {"path": display_path(waivers), "sha256": sha256_file(waivers)}
    threshold = {"error": Status.FAIL, "warning": Status.WARN}.get(fail_on)  # never: None
    request = RunRequest(
        year=year,
        districts=districts,
        data=data,
        history=charts,
        record=record,
        waivers=waived,
        significance=significance,
        confidence=confidence,
    )
    others: dict[str, Any] = {  # RenderOptions for every format
        "fail_on": threshold or Status.FAIL,  # what the CI formats mark as failing
        "group_by": group_by,
        "show": show,
        "selection": selection,
        "notes": notes,
    }
    asked = output_jobs("run", formats, output, output_dir, lang, color, **others)
    also = [(f, render_options("run", f, lang, color, **others)) for f, _ in extras]  # files, never coloured
    reports = RunReports([*asked, *also])  # the formats that can take each district as it is evaluated
    head = each_district(request, registry, reports.add)
    _lint_notes(head.totals.plan_ids, registry)
    contents = reports.contents(head)
    everything = means_all(districts)  # only the word "all" reaches a file name

    def name(f: Format) -> str:
        return report_name(head.totals.plan_ids, everything, year, f.name)

    deliver(contents[: len(asked)], formats, output, output_dir, force, name)
    for (_, path), content in zip(extras, contents[len(asked) :], strict=True):
        emit(content, path)
    return EXIT_FINDINGS if threshold is not None and head.fails_at(threshold) else EXIT_OK


@main.command()
@plan_options
@handle_errors
def districts(plans_dir: Path | None, rules_dir: Path | None) -> int:
    """List the plans the checker knows."""
    registry = PlanRegistry.load(plans_dir, rules_dir)
    for loaded in registry.plans:
        meta = loaded.plan.plan
        click.echo(
            f"{meta.id:<12} {meta.name}  {meta.level:<9} {meta.period.start}–{meta.period.end}  "
            f"{len(loaded.plan.indicators)} indicators  {meta.title}"
        )
    return EXIT_OK


@main.command()
@click.argument("district")
@format_option("indicators")
@plan_options
@color_option
@lang_option
@handle_errors
def indicators(
    district: str, fmt: str, plans_dir: Path | None, rules_dir: Path | None, color: bool | None, lang: str | None
) -> int:
    """List a plan's indicators and projects: ids, baselines, targets, natures, sources and lead offices."""
    from checker.views.indicators import indicator_listing

    registry = PlanRegistry.load(plans_dir, rules_dir)
    listing = indicator_listing(registry.resolve(district), registry.index)
    options = render_options("indicators", FORMATS[fmt], lang, color, to_stdout=True)
    emit(render("indicators", fmt, listing, options), None)
    return EXIT_OK


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option("validate")
@click.option("--require-complete", is_flag=True, help="A value left missing is an error, not a note.")
@fail_on_option("finding (error: a problem; warning: a problem or a note)")
@output_option("Write the result to this file.")
@waivers_option
@plan_options
@handle_errors
def validate(
    paths: tuple[Path, ...],
    fmt: str,
    require_complete: bool,
    fail_on: str,
    output: Path | None,
    waivers: Path | None,
    plans_dir: Path | None,
    rules_dir: Path | None,
) -> int:
    """Check reported-value files (YAML, JSON, CSV, XLSX; files or folders) without evaluating targets; with
    --waivers (or a ./waivers.yaml here), also the target waivers (each gives its trail and names a target).

    \b
    Exit codes: 0 every file valid; 1 at least one invalid (or, with --fail-on
    warning, a note; never with --fail-on never); 2 usage error; 3 internal
    error.
    """
    from checker.inputs.validate import validate_paths

    registry = PlanRegistry.load(plans_dir, rules_dir)
    results = validate_paths(list(paths), registry, require_complete)
    if waivers is not None:
        results.append(_validate_waivers(waivers, registry))
    emit(render("validate", fmt, results, RenderOptions()), output)
    failing = {"error": lambda r: not r.valid, "warning": lambda r: not r.valid or bool(r.notes and not r.skipped)}
    found = fail_on in failing and any(failing[fail_on](r) for r in results)
    return EXIT_FINDINGS if found else EXIT_OK


@main.command()
@click.argument("which", type=click.Choice(["data", "report"]))
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the schema to this file.")
@handle_errors
def schema(which: str, output: Path | None) -> int:
    """Print the JSON Schema (draft 2020-12) of data files or of the JSON report."""
    from checker.inputs.resources import schema_path

    emit(schema_path(f"{which}.schema.json").read_text(encoding="utf-8"), output)
    return EXIT_OK


@main.command()
@click.argument("district")
@click.option("--year", type=int, required=True, help="The year the values will be for.")
@format_option("template")
@output_option("Write the template here (default: standard output; xlsx needs --output).")
@plan_options
@lang_option
@handle_errors
def template(
    district: str,
    year: int,
    fmt: str,
    output: Path | None,
    plans_dir: Path | None,
    rules_dir: Path | None,
    lang: str | None,
) -> int:
    """Write a file for DISTRICT to fill in: every indicator and project, with unit, target, source and what to
    write (a project's statuses, 是/否 for a deliverable: an Excel template offers them in a drop-down list)."""
    from checker.views.template import template_data

    chosen_formats("template", [fmt], output, None, has_output_dir=False)
    registry = PlanRegistry.load(plans_dir, rules_dir)
    data = template_data(registry.resolve(district), registry, year)
    emit(render("template", fmt, data, render_options("template", FORMATS[fmt], lang, None)), output)
    return EXIT_OK


def _validate_waivers(path: Path, registry: PlanRegistry) -> FileResult:
    """The target waivers as one more file of ``check validate``: each that waives nothing is a problem in it."""
    from checker.engine.target_waivers import waiver_problems
    from checker.inputs.target_waivers import load_target_waivers
    from checker.inputs.validate import FileResult

    waivers = load_target_waivers(path)
    problems = waiver_problems(waivers, registry)
    return FileResult(waivers.shown, problems, documents=len(waivers.waivers), counts="target waiver")


def _target_waivers(path: Path | None) -> WaiverFile | None:
    """The target waivers of a run (an input error, exit 2, when the file is malformed), each that waives nothing for
    want of its trail said on stderr."""
    if path is None:
        return None
    from checker.engine.target_waivers import run_notes
    from checker.inputs.target_waivers import load_target_waivers

    waivers = load_target_waivers(path)
    for note in run_notes(waivers):
        click.echo(note, err=True)
    return waivers


def _lint_notes(plan_ids: list[str], registry: PlanRegistry) -> None:
    """One line on standard error per plan in the run that has unwaived lint errors (see 'check lint')."""
    from checker.inputs import cache
    from checker.inputs.resources import bundled_dir

    def note_for(plan_id: str) -> str | None:
        from checker.lint.runner import lint_note  # imported only on a cache miss: linting costs more than the run

        return lint_note(registry.by_id[plan_id], registry)

    config = cache.file_digest(bundled_dir("rules").joinpath("lint", "lint.yaml"))
    for plan_id in plan_ids:
        if registry.by_id[plan_id].path.lower().endswith(".csv"):
            continue  # a plan table's row: check lint reads YAML plan files, not tables
        if registry.digest and config:
            key = cache.make_key("lint-note", [registry.digest, config, plan_id])
            note = cache.cached(key, functools.partial(note_for, plan_id), str | None)
        else:
            note = note_for(plan_id)
        if note:
            click.echo(note, err=True)  # lint_note's text starts with 'note: '
