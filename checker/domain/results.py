"""Result records: everything a reporter needs, so reporters only format and never re-evaluate."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from functools import cached_property
from typing import Literal

from checker.domain.models import Baseline, Indicator, Nature, Op, PlanMeta, Target
from checker.domain.models import Value as Value  # re-exported: the run reports import it with the results
from checker.domain.numbers import Number, decimal_text
from checker.domain.provenance import Provenance
from checker.domain.uncertainty import Interval


class Status(str, Enum):
    """Outcome of one target, from best to worst; an indicator or district takes its worst."""

    INFO = "info"  # shown for information: a reported figure no target applies to, a target not yet due
    WAIVED = "waived"  # excused by a target waiver (waivers.yaml) in force: its verdict does not count against a row
    PASS = "pass"
    NOT_EVALUABLE = "not_evaluable"
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        """Position from best (info, 0) to worst (fail); a verdict is the highest rank."""
        return _RANK[self]


_RANK = {s: i for i, s in enumerate(Status)}


class Reason(str, Enum):
    """Why a target got its status; the vocabulary is documented in docs/evaluation.md."""

    MET = "met"  # the value satisfies the target itself
    ON_TRACK = "on_track"  # not yet the target, but at or past the 序时进度 milestone
    IN_PROGRESS = "in_progress"  # a project started, before its due year
    MISSED = "missed"  # target year reached (or a bound already held at baseline) and not satisfied
    BEHIND_SCHEDULE = "behind_schedule"  # before the target year and short of the milestone
    NOT_STARTED = "not_started"  # a project not started although its period has begun
    MISSING_VALUE = "missing_value"  # no value reported
    NO_BASELINE = "no_baseline"  # before the target year, not met, and no baseline to draw a trajectory
    BASELINE_REQUIRED = "baseline_required"  # the kind compares with a baseline the plan does not give
    MISSING_PREVIOUS_VALUE = "missing_previous_value"  # the kind needs last year's value, not in the data
    UNRESOLVED_REFERENCE = "unresolved_reference"  # a higher level's figure that no rule set or data file gives
    FLOOR_BREACHED = "floor_breached"  # worse than a national or municipal target for the same indicator
    NO_TARGET = "no_target"  # a reported figure that no target of the year applies to
    NOT_YET_DUE = "not_yet_due"  # a deliverable or project whose year has not come
    WITHIN_UNCERTAINTY = "within_uncertainty"  # a shortfall the confidence interval may explain (--significance)


_SHORTFALLS = {Reason.MISSED, Reason.BEHIND_SCHEDULE, Reason.MISSING_VALUE, Reason.NOT_STARTED}
_FIXED: dict[Reason, Status] = {
    Reason.MET: Status.PASS,
    Reason.ON_TRACK: Status.PASS,
    Reason.IN_PROGRESS: Status.PASS,
    Reason.NO_BASELINE: Status.WARN,
    Reason.BASELINE_REQUIRED: Status.NOT_EVALUABLE,
    Reason.MISSING_PREVIOUS_VALUE: Status.NOT_EVALUABLE,
    Reason.UNRESOLVED_REFERENCE: Status.NOT_EVALUABLE,
    Reason.FLOOR_BREACHED: Status.FAIL,
    Reason.NO_TARGET: Status.INFO,
    Reason.NOT_YET_DUE: Status.INFO,
    Reason.WITHIN_UNCERTAINTY: Status.WARN,
}
# How severe a shortfall is, by the target's nature. A blank nature is treated as expected.
SHORTFALL_STATUS: dict[Nature, Status] = {
    Nature.BINDING: Status.FAIL,
    Nature.EXPECTED: Status.WARN,
    Nature.UNSPECIFIED: Status.WARN,
}


def is_shortfall(reason: Reason) -> bool:
    """Whether the reason is a shortfall, whose severity the target's nature decides (SHORTFALL_STATUS)."""
    return reason in _SHORTFALLS


def status_for(reason: Reason, nature: Nature) -> Status:
    """The one place where a reason and a target's nature decide pass, warn or fail."""
    return SHORTFALL_STATUS[nature] if reason in _SHORTFALLS else _FIXED[reason]


def progress_class(reason: Reason, progress: Fraction | None) -> str | None:
    """ESCAP/Eurostat-style class of the progress ratio (docs/evaluation.md)."""
    if reason is Reason.MET:
        return "achieved"
    if progress is None:
        return None
    if progress >= Fraction(95, 100):
        return "on_track"
    if progress >= Fraction(60, 100):
        return "needs_acceleration"
    if progress >= 0:
        return "limited_progress"
    return "moving_away"


_OWNER_SEPARATORS = re.compile(r"\s*[、，,；;/]\s*")


def owners_of(text: str | None) -> tuple[str, ...]:
    """The offices a 牵头科室 cell names, as printed and in order: '疾控科、公卫科' -> ('疾控科', '公卫科')."""
    if not text:
        return ()
    return tuple(dict.fromkeys(part for part in _OWNER_SEPARATORS.split(text.strip()) if part))


def worst(statuses: list[Status]) -> Status:
    """The highest-ranked status; info when there is none."""
    return max(statuses, key=lambda s: s.rank, default=Status.INFO)


def count(statuses: list[Status] | Counter[Status]) -> dict[str, int]:
    """How many of each status, keyed by every Status value in order (zeros included), ``waived`` only when some
    target is: a run without target waivers counts as it always has."""
    counter = statuses if isinstance(statuses, Counter) else Counter(statuses)
    return {s.value: counter.get(s, 0) for s in Status if s is not Status.WAIVED or counter.get(s)}


@dataclass(frozen=True)
class Trajectory:
    """The 序时进度 line a threshold was judged on, with the figures the engine used (docs/evaluation.md): from
    ``baseline`` in ``baseline_year`` to ``target`` in ``target_year``, standing at ``milestone`` in ``year``
    (``b + (t − b)·(y − y0)/(Y − y0)``; ``t`` once the target year has come, ``b`` up to the baseline year).
    ``value`` is the figure held against it and ``op`` the comparison with the milestone. For a change target the
    line runs on the change (from 0), in the change's unit; a range's runs to its nearer end."""

    baseline_year: int
    baseline: Decimal
    target: Decimal  # in the indicator's unit
    target_year: int
    year: int
    milestone: Fraction
    value: Number
    op: Op
    compared: bool  # whether the verdict was the comparison with the milestone (on_track / behind_schedule)


@dataclass(frozen=True)
class AppliedWaiver:
    """A target waiver (waivers.yaml) that names a target which falls short in the run's year: the audit trail, the
    verdict the target has without it, and whether it had expired by the year's end (then that verdict stands)."""

    reason: str
    approved_by: str
    approved_on: date
    expires: date
    status: Status  # the target's own verdict: what the waiver excuses (or, expired, what stands)
    expired: bool
    path: str  # the waivers file, as shown to the user
    line: int | None = None  # of the waiver's entry in it


@dataclass(frozen=True)
class TargetResult:
    """The verdict on one target (the plan's own, or a higher level's floor) for one indicator and year."""

    target: Target | None  # None on a row that only shows a reported figure (reason no_target)
    plan_id: str  # the plan the target comes from: the district's own, or a higher level's
    level: str  # that plan's level: district, municipal, national
    status: Status
    reason: Reason
    message: str
    milestone: Fraction | None = None
    progress: Fraction | None = None
    floor: bool = False  # a higher level's target applied to this plan's figure
    owners: tuple[str, ...] = ()  # the offices that lead it (牵头科室): the target's own, else its row's
    baseline: Baseline | None = None  # the baseline it was judged against: its own plan's (a floor: the higher level's)
    trajectory: Trajectory | None = None  # the 序时进度 line behind its milestone and progress ratio, where drawn
    waiver: AppliedWaiver | None = None  # a target waiver naming it: status waived, or (expired) its own
    comparison: str = "full"  # GB/T 8170: full (全数值比较法) or rounded (修约值比较法), as applied to this target
    rounded: Decimal | None = None  # with rounded: the value as rounded to the target's digits, in the indicator's unit
    interval: Interval | None = None  # the value's confidence interval, from its numerator and denominator
    within_interval: bool | None = None  # whether it holds the figure judged against (target, milestone, a range's end)
    unadjusted: Status | None = None  # with --significance: the plan's own verdict that within_uncertainty replaced

    @property
    def progress_class(self) -> str | None:
        """The progress class (achieved, on_track, …) of this target's reason and progress ratio."""
        return progress_class(self.reason, self.progress)


REPORT_SCHEMA_VERSION = 2  # of the JSON report (schemas/report.schema.json; 2: each target has its unit); views, bulk


@dataclass(frozen=True)
class IndicatorResult:
    """One row group of a report: a plan indicator, a project, or a reported figure no plan row names."""

    indicator: Indicator
    kind: Literal["indicator", "project", "reported"]
    printed_name: str
    category: str | None
    item: str | None  # the row number to show (专栏 序号 or project number)
    baseline: Baseline | None
    value: Value | None
    value_source: str | None
    value_note: str | None
    value_verified: bool | None  # false: a figure from outside the seeds not checked against its source
    targets: tuple[TargetResult, ...]
    notes: tuple[str, ...] = ()
    value_position: tuple[int | None, int | None] = (None, None)  # line and column of the value in the data file
    history: tuple[tuple[int, Value], ...] = ()  # the values of the other years in the data folder, for charts
    history_verdicts: tuple[tuple[int, Status], ...] = ()  # the verdict each of those years' values gets
    owners: tuple[str, ...] = ()  # the offices the plan names for the row's targets (or the project), in order
    value_confirmed: str | None = None  # the submitter's reason a figure the checks found implausible is right

    @property
    def verdict(self) -> Status:
        """The worst status of the row's targets."""
        return worst([t.status for t in self.targets])


@dataclass(frozen=True)
class DistrictResult:
    """One district's report for one year: its rows, data file and the engine's notes on it."""

    plan: PlanMeta
    year: int
    illustrative: bool
    data_path: str | None  # for display (bundled files as <bundled>/data/…)
    data_source: str | None
    indicators: tuple[IndicatorResult, ...]
    notes: tuple[str, ...] = ()
    data_file: str | None = None  # the data file's real path, for outputs that link to it (SARIF, annotations)

    @property
    def verdict(self) -> Status:
        """The worst verdict of the district's rows."""
        return worst([i.verdict for i in self.indicators])

    @property
    def counts(self) -> dict[str, int]:
        """Indicators per verdict."""
        return count([i.verdict for i in self.indicators])

    @property
    def target_counts(self) -> dict[str, int]:
        """Targets per status (where counts are rows per verdict)."""
        return count([t.status for i in self.indicators for t in i.targets])


@dataclass
class RunTotals:
    """What a run's reports say of it as a whole, added up one district at a time: the districts' ids, whether any
    data is illustrative, the rows per verdict. A run over every county of a national table hands each district to
    its reports as it is evaluated and keeps these, not its 170,000 target results (docs/scale.md)."""

    plan_ids: list[str] = field(default_factory=list)
    illustrative: bool = False
    rows: Counter[Status] = field(default_factory=Counter)  # indicators per verdict

    def add(self, district: DistrictResult) -> None:
        self.plan_ids.append(district.plan.id)
        self.illustrative = self.illustrative or district.illustrative
        self.rows.update(i.verdict for i in district.indicators)

    @property
    def verdict(self) -> Status:
        """The worst verdict of the districts (the worst of their rows)."""
        return worst([s for s, n in self.rows.items() if n])

    @property
    def counts(self) -> dict[str, int]:
        """Rows per verdict over every district."""
        return count(self.rows)

    def fails_at(self, level: Status) -> bool:
        """True when any indicator is at or above ``level`` (the --fail-on threshold)."""
        return any(n and s.rank >= level.rank for s, n in self.rows.items())


class _WholeRun:
    """What a run says as a whole, from its totals: RunHead and RunResult read them alike."""

    def _totals(self) -> RunTotals:
        raise NotImplementedError

    @property
    def illustrative(self) -> bool:
        """Whether any district's data is illustrative (the reports then carry the banner)."""
        return self._totals().illustrative

    @property
    def verdict(self) -> Status:
        """The worst verdict of the districts."""
        return self._totals().verdict

    @property
    def counts(self) -> dict[str, int]:
        """Rows per verdict over every district."""
        return self._totals().counts

    def fails_at(self, level: Status) -> bool:
        """True when any indicator is at or above ``level`` (the --fail-on threshold)."""
        return self._totals().fails_at(level)


@dataclass(frozen=True)
class RunHead(_WholeRun):
    """A run as a whole, without its districts' results: what a report streamed district by district writes
    around them (checker.formats.streamed), and what decides the exit code."""

    year: int
    totals: RunTotals
    skipped: tuple[str, ...] = field(default=())
    provenance: Provenance | None = None  # what the run read and when (checker.inputs.provenance)

    def _totals(self) -> RunTotals:
        return self.totals


@dataclass(frozen=True)
class RunResult(_WholeRun):
    """A run: the districts evaluated for a year, and the engine's sentences on those it skipped."""

    year: int
    districts: tuple[DistrictResult, ...]
    skipped: tuple[str, ...] = field(default=())
    provenance: Provenance | None = None  # what the run read and when (checker.inputs.provenance)

    @cached_property
    def head(self) -> RunHead:
        """The run as a whole: its totals, added up once."""
        totals = RunTotals()
        for district in self.districts:
            totals.add(district)
        return RunHead(self.year, totals, self.skipped, self.provenance)

    def _totals(self) -> RunTotals:
        return self.head.totals


def value_data(value: Value | None) -> str | bool | None:
    """A reported value as JSON: a decimal string, a project status, or true/false."""
    return decimal_text(value) if isinstance(value, Decimal) else value
