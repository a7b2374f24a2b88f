"""What every command shares: user-facing errors become a message and an exit code; the options that more than one
command takes, each declared once here; and where rendered output goes (standard output, --output, --output-dir).
Kept apart from checker.cli.main so that command modules (lint, views) can use it without importing the CLI that
registers them.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

import click

from checker.cli.files import write_atomically, write_reports
from checker.domain.errors import EXIT_INTERNAL, EXIT_USAGE, CheckerError, UsageError
from checker.domain.i18n import LANGS
from checker.domain.results import Status
from checker.domain.uncertainty import LEVELS
from checker.formats.registry import (
    DEFAULT_FORMAT,
    DEFAULT_WIDTH,
    FORMATS,
    Format,
    RenderOptions,
    Subject,
    formats_for,
    help_for,
    render,
)
from checker.formats.streamed import Chunks, Content
from checker.inputs.data_store import local_data_dir
from checker.inputs.target_waivers import LOCAL_WAIVERS, local_waivers_file
from checker.views.grouping import GROUP_BY
from checker.views.selection import SHOW

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]


DEBUG_ENV = "HEALTH_PLAN_CHECKER_DEBUG"  # set (or `check --debug …`): an internal error shows its traceback


def debugging() -> bool:
    """Whether ``--debug`` was given (anywhere on the command line) or HEALTH_PLAN_CHECKER_DEBUG is set."""
    context = click.get_current_context(silent=True)
    asked = bool(context and context.find_root().meta.get("debug"))
    return asked or os.environ.get(DEBUG_ENV, "").strip().lower() not in ("", "0", "no", "false", "off")


def exit_code_for(exc: BaseException) -> int:
    """One line on stderr for an error that stops a command, and its exit code: 2 for what the user or the
    machine can fix (a bad input, a folder that cannot be written, a full disk, not enough memory), 3 for a bug
    in the checker (its traceback only with --debug). Never a traceback and exit 1, which CI reads as findings."""
    if isinstance(exc, CheckerError):
        click.echo(exc.format(), err=True)
        return exc.exit_code
    if isinstance(exc, BrokenPipeError):  # the reader stopped early (check … | head): nothing to tell it
        _discard_standard_output()
        return EXIT_USAGE
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        reason = exc.strerror or str(exc)
        click.echo(f"error: {reason}{where}", err=True)
        click.echo(f"  hint: {_os_hint(exc)}", err=True)
        return EXIT_USAGE
    if isinstance(exc, MemoryError):
        click.echo("error: out of memory", err=True)
        click.echo("  hint: give smaller files, or run on a machine with more memory", err=True)
        return EXIT_USAGE
    if debugging():
        import traceback

        click.echo("".join(traceback.format_exception(exc)), err=True, nl=False)
    message = str(exc).splitlines()[0] if str(exc) else ""
    click.echo(f"internal error: {type(exc).__name__}{': ' + message if message else ''}", err=True)
    click.echo(
        "  hint: this is a bug in health-plan-checker; please report it with the command you ran"
        + ("" if debugging() else " (run it again with --debug for the traceback)"),
        err=True,
    )
    return EXIT_INTERNAL


def _discard_standard_output() -> None:
    """Standard output to the null device, so that the interpreter's last flush does not fail on the closed pipe
    with a message of its own (Python's documented way, "Note on SIGPIPE")."""
    with suppress(OSError, ValueError):  # no descriptor (a test runner's capture): nothing to flush there
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _os_hint(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some disk space, or write somewhere else"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "check the permissions of the file or folder, or write somewhere else"
    if exc.errno == errno.ENOENT:
        return "check the path"
    return "check the file or folder named"


def handle_errors(func: Callable[..., int]) -> Callable[..., None]:
    """Run a command and exit with its code; an error becomes one clear line and a stable code (exit_code_for)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            code = func(*args, **kwargs)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, KeyboardInterrupt):
            raise  # click's own: its usage errors exit 2, an interrupt is not an error of ours
        except Exception as exc:  # every other error, MemoryError included: a clear line and a stable code
            sys.exit(exit_code_for(exc))
        sys.exit(code)

    return wrapper


def emit(content: Content, output: Path | None) -> None:
    """Standard output, or a file written atomically. Bytes are UTF-8 text (a binary format never comes here
    without --output: chosen_formats refuses it)."""
    if output is not None:
        write_atomically(output, content)
    elif isinstance(content, Chunks):
        for part in content.parts:
            click.echo(part, nl=False)
    else:
        click.echo(content, nl=False)


# --- options -------------------------------------------------------------------------------------------------------


def plan_options(func: F) -> F:
    """--plans and --rules: where plans, rule sets and the catalogue come from (default: the bundled ones)."""
    func = click.option(
        "--rules",
        "rules_dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder of rule sets and the indicator catalogue (default: the bundled rules).",
    )(func)
    return click.option(
        "--plans",
        "plans_dir",
        type=click.Path(path_type=Path),
        help="Folder of plan files, or a plan table (a .csv file, one row per target; default: the bundled plans).",
    )(func)


def format_option(subject: Subject, multiple: bool = False) -> Decorator[Any]:
    """--format with the formats the registry has for ``subject``; repeatable (with --output-dir) if ``multiple``."""
    default = DEFAULT_FORMAT[subject]
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(formats_for(subject)),
        multiple=multiple,
        default=(default,) if multiple else default,
        show_default=True,
        help=("Output format (several, with --output-dir). " if multiple else "Output format. ") + help_for(subject),
    )


lang_option = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=None,
    help="Language of the output people read: the terminal's tables, html, markdown and xlsx (default: Chinese). "
    "JSON and the CI formats keep their English messages whatever --lang says.",
)

color_option = click.option("--color/--no-color", default=None, help="Colour the table (default: on a terminal).")

group_by_option = click.option(
    "--group-by",
    type=click.Choice(GROUP_BY),
    default=GROUP_BY[0],
    show_default=True,
    help="Group the targets of table, markdown, html and xlsx reports by the plan's categories, or by owning office "
    "(牵头科室; a plan that names none is grouped by category, with a note).",
)


def selection_options(func: F) -> F:
    """--show, --only, --indicator and --notes: which targets a run's reports list. They never change a verdict, a
    count or the exit code; --only and --indicator apply to the reports people read (table, markdown, html, xlsx),
    --show and --notes to the terminal's table."""
    func = click.option(
        "--notes",
        is_flag=True,
        help="Print the notes on the indicators listed (known defects of the documents, how a target was read); "
        "the table says how many there are.",
    )(func)
    func = click.option(
        "--indicator",
        "indicators",
        multiple=True,
        metavar="ID|NAME",
        help="List only this indicator or project: its id, name or an alias, or a part of one (repeatable; "
        "'check indicators DISTRICT' lists them). Table, markdown, html and xlsx.",
    )(func)
    func = click.option(
        "--only",
        type=click.Choice([s.value for s in reversed(Status)]),
        multiple=True,
        help="List only the targets with this verdict (repeatable); in the table it replaces --show. Table, "
        "markdown, html and xlsx.",
    )(func)
    return click.option(
        "--show",
        type=click.Choice(SHOW),
        default=SHOW[0],
        show_default=True,
        help="The table lists the targets that need attention (fail, warn, not evaluable; the shortfalls worst "
        "first, then those with no value reported), or all of them in the plan's order. The header always counts "
        "every target.",
    )(func)


def _announce_local_data(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """A ./data folder that happens to be here is read instead of the bundled data: say so, on stderr."""
    if value is None and local_data_dir() is not None and not ctx.resilient_parsing:
        click.echo("note: reading reported values from ./data (a folder here); --data DIR to choose", err=True)
    return value


data_option = click.option(
    "--data",
    type=click.Path(path_type=Path),
    callback=_announce_local_data,
    help="A data file, or a folder of data files: <year>/<district>.<ext> files and any other data file (a table "
    "of many districts), as 'check validate' reads it (default: ./data if it exists, else the bundled data).",
)


def _local_waivers(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """--waivers FILE, else a ./waivers.yaml that happens to be here, announced on stderr as ./data is."""
    if value is None and not ctx.resilient_parsing:
        value = local_waivers_file()
        if value is not None:
            click.echo(
                f"note: reading target waivers from ./{LOCAL_WAIVERS} (a file here); --waivers FILE to choose", err=True
            )
    return value


waivers_option = click.option(
    "--waivers",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=_local_waivers,
    help="Target waivers: targets an auditor excused, with the reason, who approved it, when, and until when "
    f"(README: Waiving a target; default: ./{LOCAL_WAIVERS} if it exists, else none).",
)


def chance_options(func: F) -> F:
    """--significance/--no-significance and --confidence: how a verdict treats chance in a rate or share reported
    with its numerator and denominator (README: Small numbers; docs/evaluation.md, "Chance")."""
    func = click.option(
        "--confidence",
        type=click.Choice(LEVELS),
        default=None,
        help="Level of the confidence intervals, in per cent (default: the plan's 'confidence', else 95).",
    )(func)
    return click.option(
        "--significance/--no-significance",
        default=None,
        help="Make a shortfall whose confidence interval holds the figure it was judged against a warn (reason "
        "within_uncertainty): the miss may be chance. Default: the plan's 'significance' (off unless it says so); "
        "either way the report gives each interval.",
    )(func)


FAIL_ON_ALIASES = {"fail": "error", "warn": "warning"}  # a run's verdict words for the levels every command takes


def fail_on_option(what: str, levels: Sequence[str] = ("error", "warning", "never")) -> Decorator[Any]:
    """--fail-on with the same words in run, validate and lint: the lowest level that makes the exit code 1 (the
    first is the default); error (or fail) and warning (or warn) everywhere, never for a step that only reports.
    The value reaches the command as the level's own word (fail → error)."""
    choices = [*levels, *(alias for alias, level in FAIL_ON_ALIASES.items() if level in levels)]
    return click.option(
        "--fail-on",
        type=click.Choice(choices),
        default=levels[0],
        show_default=True,
        callback=lambda _ctx, _param, value: FAIL_ON_ALIASES.get(value, value),
        help=f"The lowest {what} that makes the exit code 1; never: exit 0 whatever is found (fail = error, warn "
        "= warning).",
    )


def output_option(help_text: str = "Write to this file (atomically) instead of standard output.") -> Decorator[Any]:
    return click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help=help_text)


def output_dir_options(named_for: str) -> Decorator[Any]:
    """--output-dir [DIR] and --force (checker.cli.files's rules for which files may be overwritten)."""

    def decorate(func: F) -> F:
        func = click.option(
            "--force", is_flag=True, help="With --output-dir: overwrite existing files whoever wrote them."
        )(func)
        return click.option(
            "--output-dir",
            type=click.Path(file_okay=False, path_type=Path),
            is_flag=False,
            flag_value="reports",
            help=f"Write one file per --format into this folder (given alone: reports/), named for {named_for}. A "
            "file is overwritten only if this tool wrote it and it is unchanged since (the folder's "
            ".health-plan-checker.json lists them), else nothing is written and the exit code is 2.",
        )(func)

    return decorate


# --- where output goes ---------------------------------------------------------------------------------------------


def chosen_formats(
    subject: Subject, names: Sequence[str], output: Path | None, output_dir: Path | None, has_output_dir: bool = True
) -> tuple[Format, ...]:
    """The formats asked for, once each, with where they may go checked before any work is done: several formats
    need --output-dir, --output and --output-dir exclude each other, a binary format (xlsx) goes to a file only."""
    formats = tuple(FORMATS[name] for name in dict.fromkeys(names))
    if output is not None and output_dir is not None:
        raise UsageError("--output and --output-dir exclude each other", "give one of them")
    if len(formats) > 1 and output_dir is None:
        raise UsageError("several --format values need --output-dir", "give --output-dir DIR, or one --format")
    if output_dir is None and output is None:
        for f in formats:
            if f.binary:
                where = f"--output FILE.{f.extension}" + (" or --output-dir" if has_output_dir else "")
                raise UsageError(f"the {f.name} output is a binary file", f"give {where}")
    return formats


def output_width(to_terminal: bool) -> int:
    """How wide a table may be: COLUMNS when it is set, else the terminal's width on a terminal, else DEFAULT_WIDTH
    (a pipe, a file)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if to_terminal:
        import shutil  # with its compression modules: only on a terminal

        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return DEFAULT_WIDTH


def render_options(
    subject: Subject,
    fmt: Format,
    lang: str | None,
    color: bool | None = None,
    to_stdout: bool = False,
    **others: Any,
) -> RenderOptions:
    """The options of one rendering: --lang or the format's default; colour only on standard output, by default
    when it is a terminal; the width of the terminal, or of COLUMNS, or DEFAULT_WIDTH."""
    terminal = to_stdout and sys.stdout.isatty()
    use_color = terminal if color is None else color
    return RenderOptions(
        lang=lang or fmt.default_lang(subject),
        color=use_color and to_stdout,
        width=output_width(terminal),
        **others,
    )


def write_outputs(
    subject: Subject,
    formats: Sequence[Format],
    data: Any,
    output: Path | None,
    output_dir: Path | None,
    force: bool,
    name: Callable[[Format], str],
    lang: str | None,
    color: bool | None,
    **others: Any,
) -> None:
    """Each format of ``subject`` to standard output, --output, or --output-dir (a file per format, called
    ``name(format)``, never over a file the tool did not write, unless ``force``); ``others`` for RenderOptions."""
    jobs = output_jobs(subject, formats, output, output_dir, lang, color, **others)
    deliver([render(subject, f.name, data, options) for f, options in jobs], formats, output, output_dir, force, name)


def output_jobs(
    subject: Subject,
    formats: Sequence[Format],
    output: Path | None,
    output_dir: Path | None,
    lang: str | None,
    color: bool | None,
    **others: Any,
) -> list[tuple[Format, RenderOptions]]:
    """The formats to render, each with its options: only the first without --output-dir (chosen_formats allows
    no more), on standard output when there is no --output either."""
    to_stdout = output is None and output_dir is None
    chosen = formats if output_dir is not None else formats[:1]
    return [(f, render_options(subject, f, lang, color, to_stdout=to_stdout, **others)) for f in chosen]


def deliver(
    contents: Sequence[Content],
    formats: Sequence[Format],
    output: Path | None,
    output_dir: Path | None,
    force: bool,
    name: Callable[[Format], str],
) -> None:
    """The reports output_jobs asked for, rendered, to where they go."""
    if output_dir is None:
        emit(contents[0], output)
    else:
        write_to_dir(output_dir, [(name(f), c) for f, c in zip(formats, contents, strict=True)], force)


def write_to_dir(output_dir: Path, reports: Sequence[tuple[str, Content]], force: bool) -> None:
    """Files into --output-dir (never over one the tool did not write, unless ``force``), each announced."""
    for written in write_reports(output_dir, reports, force):
        click.echo(f"wrote {written}", err=True)
