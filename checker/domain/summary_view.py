"""The records of the summary view (``check summary``): a district × indicator matrix of verdicts.

Two paths build the same records: the views over a run (checker.views.summary) and the columnar path over a plan
table and a data table (checker.engine.bulk), and they must stay equal. The engine sits below the views, so the
shape both build is defined here, at the bottom, where both may import it. They are TypedDicts: plain dicts at run
time, written to JSON as they are (``--format json``), in the order their builders put the keys.
"""

from __future__ import annotations

from typing import TypedDict

Counts = dict[str, int]  # rows per verdict, every Status value in Status order (checker.domain.results.count)


class DataSource(TypedDict):
    """Where a district's figures come from, as its run report shows it."""

    data_path: str | None
    data_source: str | None
    illustrative: bool


class DistrictInfo(TypedDict):
    """A district in the header of a summary: its names, verdict and data file."""

    id: str
    name: str
    name_en: str
    verdict: str
    data_path: str | None
    data_source: str | None
    illustrative: bool


class SummaryRow(TypedDict):
    """One indicator (or project, or reported figure) of the matrix: its verdict in each district that has it."""

    id: str
    name: str
    unit: str
    verdicts: dict[str, str]  # district id: verdict
    counts: Counts  # districts per verdict


class RunNotes(TypedDict, total=False):
    """What a run says besides its verdicts (checker.views.summary.Summary.notes); a key only when it has something."""

    skipped: list[str]  # the engine's sentences (checker.domain.messages.Message) on the districts left out
    notes: dict[str, list[str]]  # district id: the engine's notes on it


class SummaryView(RunNotes):
    """The summary: these keys, then ``skipped`` and ``notes`` when the run has them."""

    schema_version: int
    year: int
    illustrative: bool
    districts: list[str]
    district_info: list[DistrictInfo]
    indicators: list[SummaryRow]
    district_counts: dict[str, Counts]
