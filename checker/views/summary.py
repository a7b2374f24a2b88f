"""``check summary``: a district × indicator matrix of verdicts, built from a run.

Data only (checker.domain.summary_view's records); checker.formats renders it. The columnar path
(checker.engine.bulk) builds the same records from a plan table and a data table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

from checker.domain.results import REPORT_SCHEMA_VERSION, DistrictResult, RunResult, Status, count
from checker.domain.summary_view import DataSource, DistrictInfo, RunNotes, SummaryRow, SummaryView
from checker.engine.run import RunRequest, each_district
from checker.inputs.loading import PlanRegistry
from checker.views.grouping import revisions


def summary_of(run: RunResult, lang: str = "zh") -> SummaryView:
    """The district × indicator matrix of verdicts of a run held whole: every row of each district's report
    (indicators, projects, and reported figures, which higher-level floors may judge), with what the run says
    besides (Summary.notes). ``district_info`` gives each district's names, verdict and data file, for the header
    of a report.

    Indicators are ordered: those in two or more districts first, then by the number of districts failing, then
    warning (most first), then in the order they first appear. Each has its counts per verdict over the districts;
    ``district_counts`` counts each district's verdicts over the same rows.
    """
    summary = Summary(lang)
    for district in run.districts:
        summary.add(district)
    return {**summary.view(run.year), **summary.notes(run.skipped)}


def summary_of_run(
    request: RunRequest,
    registry: PlanRegistry,
    lang: str = "zh",
    progress: Callable[[int, int], object] | None = None,
) -> SummaryView:
    """``summary_of`` the run ``request`` asks for, folded as each district is evaluated:
    only the verdicts are kept, not every district's report (2,844 counties' target results are 0.5 GiB).
    ``progress(done, total)`` is told the districts done, of the registry's."""
    summary = Summary(lang)
    total = sum(1 for plan in registry.plans if plan.meta.level == "district")

    def add(district: DistrictResult) -> None:
        summary.add(district)
        if progress is not None:
            progress(len(summary.districts), total)

    skipped = each_district(request, registry, add).skipped
    return {**summary.view(request.year), **summary.notes(skipped)}


class DistrictSlice(TypedDict):
    """A district's part of a summary: its rows (indicator id, name, unit, verdict), header, and notes."""

    id: str
    rows: list[list[str]]
    info: DistrictInfo
    illustrative: bool
    notes: list[str]


class Summary:
    """A summary as districts arrive: their verdicts by indicator, their header and their notes."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.districts: list[str] = []
        self.heads: dict[str, tuple[str, str]] = {}  # indicator id: name and unit, in the order they first appear
        self.verdicts: dict[str, dict[str, str]] = {}
        self.info: list[DistrictInfo] = []
        self.district_notes: dict[str, list[str]] = {}
        self.illustrative = False

    def add(self, district: DistrictResult) -> None:
        self.add_slice(self.slice_of(district))

    def slice_of(self, district: DistrictResult) -> DistrictSlice:
        """What the summary keeps of a district's report: plain data (a worker process sends it back as it is)."""
        return {
            "id": district.plan.id,
            "rows": [
                [ind.indicator.id, ind.indicator.name_in(self.lang), ind.indicator.unit, ind.verdict.value]
                for ind in district.indicators
            ],
            "info": _district_info(district),
            "illustrative": district.illustrative,
            "notes": list(district.notes) + revisions(district),
        }

    def add_slice(self, district: DistrictSlice) -> None:
        plan_id = district["id"]
        self.districts.append(plan_id)
        for key, name, unit, verdict in district["rows"]:
            if key not in self.heads:
                self.heads[key] = (name, unit)
            self.verdicts.setdefault(key, {})[plan_id] = verdict
        self.info.append(district["info"])
        self.illustrative = self.illustrative or district["illustrative"]
        if district["notes"]:
            self.district_notes[plan_id] = district["notes"]

    def view(self, year: int) -> SummaryView:
        rows: list[SummaryRow] = [
            {
                "id": key,
                "name": name,
                "unit": unit,
                "verdicts": self.verdicts[key],
                "counts": count([Status(v) for v in self.verdicts[key].values()]),
            }
            for key, (name, unit) in self.heads.items()
        ]
        order = {key: n for n, key in enumerate(self.heads)}

        def sort_key(row: SummaryRow) -> tuple[int, int, int, int]:
            many = len(row["verdicts"]) >= 2
            return (0 if many else 1, -row["counts"]["fail"], -row["counts"]["warn"], order[row["id"]])

        indicators = sorted(rows, key=sort_key)
        district_counts = {
            d: count([Status(r["verdicts"][d]) for r in indicators if d in r["verdicts"]]) for d in self.districts
        }
        return {
            "schema_version": REPORT_SCHEMA_VERSION,
            "year": year,
            "illustrative": self.illustrative,
            "districts": list(self.districts),
            "district_info": list(self.info),
            "indicators": indicators,
            "district_counts": district_counts,
        }

    def notes(self, skipped: tuple[str, ...]) -> RunNotes:
        """What a run says besides its verdicts: ``skipped``, the engine's sentences on the districts 'all' left out
        (e.g. a plan period without data for the year), and ``notes``, each district's notes (e.g. a year outside
        its plan's period: only floors apply). The sentences are checker.domain.messages.Message objects, which the
        formats people read say in their language; JSON keeps the English.

        A key is given only when it has something: the columnar path (checker.engine.bulk) gives neither, and its
        summary must stay equal to this one."""
        out: RunNotes = {}
        if skipped:
            out["skipped"] = list(skipped)
        if self.district_notes:
            out["notes"] = dict(self.district_notes)
        return out


def _district_info(d: DistrictResult) -> DistrictInfo:
    """Who and where from: the header of a summary names each district and its data file."""
    return {
        "id": d.plan.id,
        "name": d.plan.name,
        "name_en": d.plan.name_en,
        "verdict": d.verdict.value,
        **data_source_of(d),
    }


def data_source_of(d: DistrictResult) -> DataSource:
    """A district's data file and its source, as the header of a summary or a trend names them."""
    return {"data_path": d.data_path, "data_source": d.data_source, "illustrative": d.illustrative}
