"""``check import plan|values DOCUMENT``: draft a plan, or a year's reported values, from a document (text or .docx).

The drafts are YAML in the formats of plans/ and data/, every target citing its place in the document and every
guess marked ``# review: <reason>`` (checker.inputs.drafting, written by checker.formats.drafts). The plan draft is
linted before it is written: what ``check lint`` finds is marked for review on its line, so that the draft lints
without errors other than on lines a person is told to check. checker.cli.main loads this module on first use.

Exit codes: 0 a draft was written; 2 usage or input error (an unreadable document, a bad id); 3 internal error.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

import click

from checker.cli.options import emit, handle_errors, output_option
from checker.domain.errors import EXIT_OK, CheckerError, UsageError
from checker.formats.drafts import (
    mark_lines,
    render_catalogue,
    render_plan,
    render_values,
    values_summary,
)
from checker.inputs.documents import read_document
from checker.inputs.drafting.model import DraftPlan
from checker.inputs.drafting.plan import PlanOptions, draft_plan
from checker.inputs.drafting.values import draft_values
from checker.inputs.loading import PlanRegistry, load_catalogue

T = TypeVar("T")


class Step(Protocol):
    """Run one step of a draft under its label."""

    def __call__(self, label: str, work: Callable[[], T]) -> T: ...


IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
EXIT_CODES_HELP = """\b
Exit codes:
  0  a draft was written
  2  usage or input error (a document that cannot be read, a bad id, ...)
  3  internal error: a bug in the checker (--debug shows the traceback)"""


@click.group("import", epilog=EXIT_CODES_HELP)
def import_group() -> None:
    """Draft a plan or reported values from the documents themselves (text or Word .docx).

    Every target or value cites the section, item, sentence or table row and line it comes from; whatever the
    draft is unsure of is marked '# review: <reason>'. A summary goes to standard error.
    """


def _rules_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--rules",
        "rules_dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder of the indicator catalogue (and rule sets) to match names against (default: the bundled rules).",
    )(func)


@import_group.command("plan", epilog=EXIT_CODES_HELP)
@click.argument("document", type=click.Path(path_type=Path))
@click.option("--id", "plan_id", required=True, help="The plan's id: lower-case ASCII, e.g. rongchang.")
@click.option("--name", help="The district's name as printed (default: found in the document).")
@click.option(
    "--parent",
    default="chongqing",
    show_default=True,
    help="The plan whose targets are floors for this one (its 达到市级要求 targets refer to it).",
)
@output_option("Write the draft plan to this file (atomically) instead of standard output.")
@click.option(
    "--catalogue-output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the catalogue entries proposed for names the catalogue does not know to this file.",
)
@_rules_option
@click.option("--quiet", is_flag=True, help="No summary on standard error.")
@handle_errors
def import_plan(
    document: Path,
    plan_id: str,
    name: str | None,
    parent: str | None,
    output: Path | None,
    catalogue_output: Path | None,
    rules_dir: Path | None,
    quiet: bool,
) -> int:
    """Draft a plan from DOCUMENT: its 专栏 indicator tables, project tables and the targets of its running text.

    Names are matched to the catalogue (ids, names, aliases) with a confidence; a name it does not know gets a
    proposed catalogue entry (--catalogue-output) and its targets are written commented out. The draft is in the
    plans/ format (docs/plan-format.md) and loads as it is; check the lines marked '# review:'.
    """
    if not IDENTIFIER.match(plan_id):
        raise UsageError(
            f"--id {plan_id!r} is not a plan id", "use lower-case ASCII letters, digits and _, e.g. rongchang"
        )
    with _progress(quiet) as step:
        source = step("reading the document", lambda: read_document(document))
        catalogue = step("loading the catalogue", lambda: load_catalogue(rules_dir))
        options = PlanOptions(plan_id, name, parent or None)
        draft = step("drafting", lambda: draft_plan(source, catalogue.catalogue.indicators, options))
        shown = str(catalogue_output) if catalogue_output else None
        text = render_plan(draft, shown)
        text, marked = step("linting the draft", lambda: _lint_marks(text, rules_dir))
    emit(text, output)
    if catalogue_output is not None:
        emit(render_catalogue(draft), catalogue_output)
    if not quiet:
        _plan_summary(draft, marked, catalogue_output, output)
    return EXIT_OK


@import_group.command("values", epilog=EXIT_CODES_HELP)
@click.argument("document", type=click.Path(path_type=Path))
@click.option("--district", required=True, help="The district the values are for (a plan id, e.g. yubei).")
@click.option("--year", type=click.IntRange(1900, 2100), required=True, help="The year the values are for.")
@output_option("Write the draft data file to this file (atomically) instead of standard output.")
@_rules_option
@click.option("--quiet", is_flag=True, help="No summary on standard error.")
@handle_errors
def import_values(
    document: Path, district: str, year: int, output: Path | None, rules_dir: Path | None, quiet: bool
) -> int:
    """Draft a data file of DISTRICT's reported values for YEAR from a work summary or a reply (DOCUMENT).

    Every figure with a unit is matched to the catalogue by the words around it and cites its sentence; units are
    converted into the catalogue's. Figures it cannot match are listed at the end of the draft.
    """
    if not IDENTIFIER.match(district):
        raise UsageError(f"--district {district!r} is not a district id", "use the plan id, e.g. yubei")
    with _progress(quiet) as step:
        source = step("reading the document", lambda: read_document(document))
        catalogue = step("loading the catalogue", lambda: load_catalogue(rules_dir))
        draft = step("drafting", lambda: draft_values(source, catalogue.catalogue.indicators, district, year))
    emit(render_values(draft), output)
    if not quiet:
        click.echo(f"{draft.document}: {values_summary(draft)}", err=True)
        if output is not None:
            click.echo(f"wrote {output}; check the values marked '# review:', then 'check validate {output}'", err=True)
    return EXIT_OK


def _lint_marks(text: str, rules_dir: Path | None) -> tuple[str, int]:
    """The draft with what ``check lint`` finds on it marked for review on its line, and how many lines were."""
    from checker.lint.runner import Severity, lint_paths  # only this command needs the linter

    with tempfile.TemporaryDirectory(prefix="check-import-") as folder:
        path = Path(folder) / "draft.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            result = lint_paths([path], bundled=PlanRegistry.load(rules_dir=rules_dir))
        except CheckerError as exc:  # a draft that does not load: written all the same, and said so
            reason = " ".join(exc.format().replace(str(path), "the draft").split())
            click.echo(f"warning: the draft does not load, so it was not linted: {reason}", err=True)
            return f"# review: the draft does not load: {reason}\n{text}", 1
    reasons: dict[int, list[str]] = {}
    for finding in result.unwaived(Severity.WARNING):
        reasons.setdefault(finding.line, []).append(f"check lint {finding.code}: {finding.message}")
    return mark_lines(text, reasons), len(reasons)


def _plan_summary(draft: DraftPlan, marked: int, catalogue_output: Path | None, output: Path | None) -> None:
    stats = draft.stats
    lines = [
        f"{draft.document}: {stats.tables} tables ({stats.indicator_tables} of indicators, "
        f"{stats.project_tables} of projects), {stats.rows} rows",
        f"  targets found: {stats.table_targets} in tables, {stats.text_targets} in the running text, "
        f"{stats.project_targets} for {stats.projects} projects",
        f"  matched to the catalogue: {stats.matched} targets; not: {stats.unknown} "
        f"({_count(len(draft.proposed), 'name')})",
        f"  marked for review: {stats.reviews} places",
    ]
    click.echo("\n".join(lines), err=True)
    if marked:
        click.echo(f"  check lint found something on {marked} lines of the draft: marked for review there", err=True)
    if draft.skipped:
        click.echo(f"  {len(draft.skipped)} table rows could not be read: listed at the end of the draft", err=True)
    if draft.proposed and catalogue_output is None:
        click.echo(
            f"  {_count(len(draft.proposed), 'name')} not in the catalogue: their targets are commented out; give "
            "--catalogue-output FILE for the proposed entries",
            err=True,
        )
    if output is not None:
        click.echo(f"wrote {output}; check the lines marked '# review:', then 'check lint {output}'", err=True)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@contextmanager
def _progress(quiet: bool) -> Iterator[Step]:
    """Run the steps of a draft, showing which on a terminal (rich), silently elsewhere."""
    if quiet or not sys.stderr.isatty():
        yield _Plain()
        return
    from rich.console import Console

    console = Console(stderr=True)
    with console.status("") as status:
        yield _Shown(status)


class _Plain:
    def __call__(self, label: str, work: Callable[[], T]) -> T:
        return work()


class _Shown:
    """A step shown on the terminal's status line while it runs."""

    def __init__(self, status: Any) -> None:
        self.status = status

    def __call__(self, label: str, work: Callable[[], T]) -> T:
        self.status.update(f"check import: {label}…")
        return work()
