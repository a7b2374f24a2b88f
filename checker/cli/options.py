"""What every command shares: user-facing errors become a message and an exit code; output goes to standard
output or, written atomically, to a file; and the options that say where plans come from and where reports go.
Kept apart from checker.cli.main so that command modules (lint, views) can use it without importing the CLI that
registers them.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from checker.cli.files import write_atomically
from checker.domain.errors import CheckerError


def handle_errors(func: Callable[..., int]) -> Callable[..., None]:
    """Turn user-facing errors into a message on stderr and exit code 2, never a traceback; else exit with the
    command's own code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            code = func(*args, **kwargs)
        except CheckerError as exc:
            click.echo(exc.format(), err=True)
            sys.exit(exc.exit_code)
        sys.exit(code)

    return wrapper


def emit(content: str | bytes, output: Path | None) -> None:
    """Standard output, or a file written atomically."""
    if output is not None:
        write_atomically(output, content)
    else:
        assert isinstance(content, str)
        click.echo(content, nl=False)


def plan_options(func: Callable[..., Any]) -> Callable[..., Any]:
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


def output_dir_options(named_for: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--output-dir [DIR] and --force (checker.cli.files's rules for which files may be overwritten)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
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
