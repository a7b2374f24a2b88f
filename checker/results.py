"""Result records: everything a reporter needs, so reporters only format and never re-evaluate."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from fractions import Fraction

from checker.models import Indicator, Nature, PlanIndicator, PlanMeta, Target


class Status(str, Enum):
    """Outcome of one target, from best to worst; an indicator or district takes its worst."""

    PASS = "pass"
    NOT_EVALUABLE = "not_evaluable"
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {s: i for i, s in enumerate(Status)}


class Reason(str, Enum):
    """Why a target got its status; the vocabulary is documented in docs/evaluation.md."""

    MET = "met"  # the value satisfies the target itself
    ON_TRACK = "on_track"  # not yet the target, but at or past the 序时进度 milestone
    MISSED = "missed"  # target year reached (or a bound already held at baseline) and not satisfied
    BEHIND_SCHEDULE = "behind_schedule"  # before the target year and short of the milestone
    NO_BASELINE = "no_baseline"  # before the target year, not met, and no baseline to draw a trajectory
    MISSING_VALUE = "missing_value"  # no value reported
    KIND_NOT_EVALUABLE = "kind_not_evaluable"  # a target kind the engine cannot evaluate yet


# Which status a shortfall gets, by the target's nature: the one place severity is decided.
SHORTFALL_STATUS: dict[Nature, Status] = {
    Nature.BINDING: Status.FAIL,
    Nature.EXPECTED: Status.WARN,
    Nature.UNSPECIFIED: Status.WARN,
}


def worst(statuses: list[Status]) -> Status:
    return max(statuses, key=lambda s: s.rank, default=Status.PASS)


def count(statuses: list[Status]) -> dict[str, int]:
    counter = Counter(statuses)
    return {s.value: counter.get(s, 0) for s in Status}


@dataclass(frozen=True)
class TargetResult:
    target: Target
    plan_id: str  # the plan the target comes from (a district's own, or a higher level's)
    status: Status
    reason: Reason
    message: str
    milestone: Fraction | None = None


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    entry: PlanIndicator
    value: Decimal | None
    value_source: str | None
    value_note: str | None
    targets: tuple[TargetResult, ...]

    @property
    def verdict(self) -> Status:
        return worst([t.status for t in self.targets])

    @property
    def notes(self) -> tuple[str, ...]:
        return self.entry.notes + tuple(t.target.note for t in self.targets if t.target.note)


@dataclass(frozen=True)
class DistrictResult:
    plan: PlanMeta
    year: int
    illustrative: bool
    data_path: str | None
    data_source: str | None
    indicators: tuple[IndicatorResult, ...]
    notes: tuple[str, ...] = ()

    @property
    def verdict(self) -> Status:
        return worst([i.verdict for i in self.indicators])

    @property
    def counts(self) -> dict[str, int]:
        """Indicators per verdict."""
        return count([i.verdict for i in self.indicators])

    @property
    def target_counts(self) -> dict[str, int]:
        return count([t.status for i in self.indicators for t in i.targets])


@dataclass(frozen=True)
class RunResult:
    year: int
    districts: tuple[DistrictResult, ...]
    skipped: tuple[str, ...] = field(default=())

    @property
    def illustrative(self) -> bool:
        return any(d.illustrative for d in self.districts)

    @property
    def verdict(self) -> Status:
        return worst([d.verdict for d in self.districts])

    @property
    def counts(self) -> dict[str, int]:
        return count([i.verdict for d in self.districts for i in d.indicators])

    def fails_at(self, level: Status) -> bool:
        """True when any indicator is at or above ``level`` (the --fail-on threshold)."""
        return any(i.verdict.rank >= level.rank for d in self.districts for i in d.indicators)
