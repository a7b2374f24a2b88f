"""What every command shares: user-facing errors become a message and an exit code, and output goes to standard
output or, written atomically, to a file. Kept apart from checker.cli so that command modules (lint, views) can use
it without importing the CLI that registers them.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from checker.errors import CheckerError
from checker.output import write_atomically


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
