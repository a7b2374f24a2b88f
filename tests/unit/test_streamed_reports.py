"""Run reports written district by district (checker.formats.streamed): the same bytes as the report of the whole
run, whatever the spool does with them, and no district kept when every report streams (issue 17: a run over every
county in bounded memory)."""

from __future__ import annotations

import gc
import json
import weakref
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support.cli import Cli

from checker.domain.results import DistrictResult, RunHead, RunResult
from checker.engine.run import RunRequest, each_district, run_check
from checker.formats import streamed
from checker.formats.json import StreamedList, run_data
from checker.formats.registry import FORMATS, RenderOptions, render
from checker.formats.streamed import Chunks, RunReports
from checker.inputs.loading import PlanRegistry

STREAMING = [name for name, f in FORMATS.items() if "run" in f.streams]
REQUEST = RunRequest(year=2024, districts=("all",), record={"fail_on": "error"})


def test_the_ci_formats_and_json_stream() -> None:
    assert STREAMING == ["json", "junit", "sarif", "github"]


def joined(content: object) -> bytes:
    assert isinstance(content, Chunks)
    return b"".join(content.parts)


@pytest.mark.parametrize("spill_at", [streamed.SPILL_AT, 1], ids=["in memory", "spilled to a file"])
def test_a_streamed_report_is_the_report_of_the_whole_run(
    registry: PlanRegistry, monkeypatch: pytest.MonkeyPatch, spill_at: int
) -> None:
    monkeypatch.setattr(streamed, "SPILL_AT", spill_at)
    options = RenderOptions()
    reports = RunReports([(FORMATS[name], options) for name in STREAMING])
    head = each_district(REQUEST, registry, reports.add)
    whole = run_check(REQUEST, registry)
    assert len(whole.districts) == 3
    for name, content in zip(STREAMING, reports.contents(head), strict=True):
        assert joined(content) == render("run", name, whole, options), name


def test_the_json_report_is_what_the_standard_library_writes(registry: PlanRegistry) -> None:
    whole = run_check(REQUEST, registry)
    expected = json.dumps(run_data(whole), ensure_ascii=False, indent=2) + "\n"
    assert render("run", "json", whole, RenderOptions()) == expected.encode("utf-8")


def test_a_report_of_no_district_is_well_formed(registry: PlanRegistry) -> None:
    """The engine never hands over none (nothing to check is an error), but the frame must still close."""
    empty = RunResult(2024, ())
    options = RenderOptions()
    report = json.loads(render("run", "json", empty, options))
    assert report["districts"] == [] and report["counts"]["fail"] == 0
    assert (
        render("run", "json", empty, options)
        == (json.dumps(run_data(empty), ensure_ascii=False, indent=2) + "\n").encode()
    )
    assert json.loads(render("run", "sarif", empty, options))["runs"][0]["results"] == []
    junit = ET.fromstring(render("run", "junit", empty, options))
    assert (junit.tag, junit.get("tests"), list(junit)) == ("testsuites", "0", [])
    assert render("run", "github", empty, options) == b""


def test_a_marker_in_the_inputs_text_does_not_move_the_districts(registry: PlanRegistry) -> None:
    """The frame finds the districts' place by a marker: the same text in an option (a path, a reason) written
    before them is not it."""
    planted = RunRequest(year=2024, districts=("rongchang",), record={"note": StreamedList.SLOT[0]})
    whole = run_check(planted, registry)
    text = render("run", "json", whole, RenderOptions())
    assert isinstance(text, bytes)
    report = json.loads(text)
    assert report["provenance"]["options"]["note"] == StreamedList.SLOT[0]
    assert [d["district"] for d in report["districts"]] == ["rongchang"]
    assert text == (json.dumps(run_data(whole), ensure_ascii=False, indent=2) + "\n").encode()


def watched_run(registry: PlanRegistry, reports: RunReports) -> tuple[RunHead, list[DistrictResult | None]]:
    """The run handed to ``reports``, and which of its districts are still alive once it is over."""
    alive: list[weakref.ref[DistrictResult]] = []

    def add(district: DistrictResult) -> None:
        reports.add(district)
        alive.append(weakref.ref(district))

    head = each_district(REQUEST, registry, add)
    gc.collect()
    return head, [ref() for ref in alive]


def test_no_district_is_kept_when_every_report_streams(registry: PlanRegistry) -> None:
    reports = RunReports([(FORMATS["json"], RenderOptions()), (FORMATS["junit"], RenderOptions())])
    head, alive = watched_run(registry, reports)
    assert alive == [None, None, None]
    assert [d["district"] for d in json.loads(joined(reports.contents(head)[0]))["districts"]] == head.totals.plan_ids


def test_a_report_that_needs_the_whole_run_gets_it_beside_streamed_ones(registry: PlanRegistry) -> None:
    zh = RenderOptions(lang="zh")
    reports = RunReports([(FORMATS["json"], RenderOptions()), (FORMATS["markdown"], zh)])
    head, alive = watched_run(registry, reports)
    assert len(alive) == 3 and None not in alive  # Markdown's report reads the whole run
    json_report, markdown = reports.contents(head)
    whole = run_check(REQUEST, registry)
    assert markdown == render("run", "markdown", whole, zh)
    assert joined(json_report) == render("run", "json", whole, RenderOptions())


def test_a_spilled_spool_is_closed_once_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streamed, "SPILL_AT", 4)
    spool = streamed._Spool()
    for part in (b"ab", b"cde", b"f"):
        spool.write(part)
    assert spool._file is not None and not spool._file.closed
    assert b"".join(spool.read()) == b"abcdef"
    assert spool._file.closed


def test_the_command_writes_streamed_and_whole_reports_alike_wherever_they_go(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--output-dir with streamed formats and one that needs the whole run, an --output-FORMAT file, standard
    output: each the bytes of that format's report alone on standard output, the spool spilled to a file."""
    monkeypatch.setattr(streamed, "SPILL_AT", 1)
    run = ("--year", "2024", "all", "--fail-on", "never")
    out = tmp_path / "reports"
    formats = ("json", "junit", "sarif", "github", "table")  # the table needs the whole run
    extra = tmp_path / "extra.json"
    both = cli(
        *run, "--output-dir", str(out), *(a for f in formats for a in ("--format", f)), "--output-json", str(extra)
    )
    assert both.exit_code == 0, both.stderr
    suffix = {f: FORMATS[f].extension for f in formats}
    for name in formats:
        alone = cli(*run, "--format", name)
        assert alone.exit_code == 0
        assert (out / f"all-2024.{suffix[name]}").read_text(encoding="utf-8") == alone.stdout, name
    assert extra.read_text(encoding="utf-8") == cli(*run, "--format", "json").stdout
