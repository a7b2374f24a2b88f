"""``check verify REPORT.json``: make a JSON run report's run again from the inputs it records and say whether every
verdict is the same, and which inputs changed since.

The report's provenance gives the year, the districts, the options and where the plans, rules and data were read;
``--plans``, ``--rules`` and ``--data`` say where they are now (a copy elsewhere: its files are matched to the
report's by their place in it). checker.views.verify compares; the format registry renders (text in --lang, json).

Exit codes: 0 every verdict identical (inputs may have changed without changing one); 1 a verdict differs; 2 the
report is unreadable or not a report with provenance, or an input it records is missing; 3 an internal error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from checker.cli.options import (
    Decorator,
    chosen_formats,
    emit,
    format_option,
    handle_errors,
    lang_option,
    output_option,
    render_options,
)
from checker.domain.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from checker.domain.provenance import SOURCE_OF, InputFile, Provenance
from checker.engine.run import RunRequest, means_all, run_check
from checker.formats.json import run_data
from checker.formats.registry import render
from checker.inputs import cache
from checker.inputs.loading import PlanRegistry
from checker.inputs.provenance import locate, recorded_path, sha256_file
from checker.inputs.regular_files import read_regular_file
from checker.inputs.resources import bundled_dir
from checker.inputs.target_waivers import WaiverFile
from checker.inputs.yamlio import MAX_TABLE_BYTES
from checker.views.diff import ReportError
from checker.views.verify import verifiable, verification

EXIT_CODES = """\b
Exit codes:
  0  every verdict is as the report gives it
  1  a verdict differs (each is listed, with the inputs changed since)
  2  the report cannot be read, is not a JSON run report with provenance,
     or an input it records is missing
  3  internal error: a bug in the checker (--debug shows the traceback)"""

APPLIED = frozenset({"year", "districts", "fail_on", "significance", "confidence", "waivers"})  # honoured again


def _where(name: str) -> Decorator[Any]:
    return click.option(
        f"--{name}",
        f"{name}_path",
        type=click.Path(path_type=Path),
        help=f"Where the {name} are now (default: where the report says they were read).",
    )


@click.command("verify", epilog=EXIT_CODES)
@click.argument("report_path", metavar="REPORT.json", type=click.Path(path_type=Path))
@_where("data")
@_where("plans")
@_where("rules")
@_where("waivers")
@format_option("verify")
@output_option()
@lang_option
@handle_errors
def verify(
    report_path: Path,
    data_path: Path | None,
    plans_path: Path | None,
    rules_path: Path | None,
    waivers_path: Path | None,
    fmt: str,
    output: Path | None,
    lang: str | None,
) -> int:
    """Make REPORT.json's run again and compare every target's status, reason and value with the report's.

    The year, districts and options are the report's; the plans, rules and data are read where the report says
    they were (or where --plans, --rules and --data say they are now). Lists each target whose verdict differs,
    and each input whose SHA-256 is not the one the report records (a data file changed, a plan edited).
    """
    formats = chosen_formats("verify", [fmt], output, None, has_output_dir=False)
    cache.hash_by_content_only()  # the files' bytes themselves, not a digest remembered by their stat
    report, recorded = verifiable(_load(report_path), str(report_path))
    roots = _roots(recorded, {"plans": plans_path, "rules": rules_path, "data": data_path})
    located = _located(recorded, roots)
    for option in sorted(set(recorded.options) - APPLIED):
        click.echo(f"note: the report records --{option.replace('_', '-')}, which verify does not apply", err=True)
    districts = tuple(recorded.options["districts"])
    registry = PlanRegistry.load(roots["plans"], roots["rules"], None if means_all(districts) else districts)
    record = {k: v for k, v in recorded.options.items() if k not in ("year", "districts")}
    request = RunRequest(
        year=int(recorded.options["year"]),
        districts=districts,
        data=roots["data"],
        record=record,
        waivers=_waivers(recorded.options.get("waivers"), waivers_path),
        significance=recorded.options.get("significance"),
        confidence=recorded.options.get("confidence"),
    )
    result = run_check(request, registry)
    assert result.provenance is not None  # asked for with record
    digests = _digests(recorded, result.provenance, located)
    view = verification(str(report_path), report, recorded, run_data(result), result.provenance, digests)
    emit(render("verify", fmt, view, render_options("verify", formats[0], lang, to_stdout=output is None)), output)
    return EXIT_OK if view.identical else EXIT_FINDINGS


def _waivers(recorded: object, given: Path | None) -> WaiverFile | None:
    """The target waivers the report's run applied, read again: from --waivers, else where the report says; the
    run is made again with them, and a waivers file changed since shows as differing verdicts."""
    if given is None and recorded is None:
        return None
    from checker.inputs.target_waivers import load_target_waivers

    if given is None:
        shown = recorded.get("path") if isinstance(recorded, dict) else None
        if not isinstance(shown, str):
            raise UsageError("the report's waivers option is not a file record", "give --waivers FILE")
        given = recorded_path(shown)
    if not given.is_file():
        raise UsageError(f"waivers file {given}: no such file", "give --waivers FILE: where the waivers are now")
    return load_target_waivers(given)


def _load(path: Path) -> object:
    """The report's JSON, read as any input is (a regular file, at most MAX_TABLE_BYTES)."""
    content = read_regular_file(path, MAX_TABLE_BYTES)
    try:
        return json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(
            f"{path} is not JSON: {exc}", "give a report from 'check --year YEAR DISTRICT --format json'"
        ) from exc


def _roots(recorded: Provenance, given: Mapping[str, Path | None]) -> dict[str, Path]:
    """The plans, rules and data to read: as given, else where the report read them (the bundled ones when it
    names none); each must be there."""
    roots: dict[str, Path] = {}
    for name, path in given.items():
        shown = recorded.sources.get(name)
        root = path if path is not None else bundled_dir(name) if shown is None else recorded_path(shown)
        if not root.exists():
            said = f"--{name} {path}" if path is not None else f"the report's {name} ({shown})"
            raise UsageError(f"{said}: no such file or folder", f"give --{name} PATH: where the {name} are now")
        roots[name] = root
    return roots


def _located(recorded: Provenance, roots: Mapping[str, Path]) -> dict[InputFile, Path]:
    """Where each file the report records is now; a UsageError naming those that are missing."""
    located = {f: locate(recorded, f, roots) for f in recorded.files}
    missing = sorted(
        {
            f.path + ("" if str(path) == f.path else f" (looked for {path})")
            for f, path in located.items()
            if not path.is_file()
        }
    )
    if missing:
        options = sorted({f"--{SOURCE_OF[f.role]}" for f, path in located.items() if not path.is_file()})
        raise UsageError(
            f"{len(missing)} input{'s' if len(missing) > 1 else ''} the report records "
            f"{'are' if len(missing) > 1 else 'is'} missing: " + "; ".join(missing),
            f"give {' and '.join(options)} where the inputs are now",
        )
    return located


def _digests(recorded: Provenance, now: Provenance, located: Mapping[InputFile, Path]) -> dict[InputFile, str]:
    """Each recorded file's SHA-256 now: the run's own where it read the file again, else hashed where it is."""
    read_now = {now.key(f): f.sha256 for f in now.files}
    digests: dict[InputFile, str] = {}
    for f, path in located.items():
        found = read_now.get(recorded.key(f))
        digests[f] = found if found is not None else sha256_file(path)
    return digests
