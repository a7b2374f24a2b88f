"""The data model: indicator catalogue, plans with their targets, and reported values.

Plans and rules are data (YAML files under ``rules/`` and ``plans/``); these models only say what a
valid file looks like. Every number is a Decimal exactly as written in the file.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from checker.domain.numbers import format_number, to_decimal
from checker.domain.uncertainty import DEFAULT_LEVEL, ConfidenceLevel, Uncertainty, scale_of

ExactNumber = Annotated[Decimal, BeforeValidator(to_decimal)]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Direction(str, Enum):
    """Which way is better for an indicator."""

    HIGHER = "higher"
    LOWER = "lower"


class Op(str, Enum):
    """A comparison a target sets; the Chinese phrases map as documented in docs/rules.md."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="

    @property
    def symbol(self) -> str:
        """The operator as printed in reports: ≥, ≤, <, >, =."""
        return {"<=": "≤", ">=": "≥", "<": "<", ">": ">", "==": "="}[self.value]


class Nature(str, Enum):
    """The nature the plan gives a target: 约束性 (binding), 预期性 (expected), or a blank cell."""

    BINDING = "binding"
    EXPECTED = "expected"
    UNSPECIFIED = "unspecified"


class TargetKind(str, Enum):
    """How a target is stated; each kind is defined in docs/plan-format.md and evaluated in checker.engine.rules."""

    THRESHOLD = "threshold"  # v op value
    RANGE = "range"  # low <= v <= high
    CHANGE = "change"  # (v - baseline) op value
    YOY_CHANGE = "yoy_change"  # (v - previous year's v) op value
    PROPORTIONAL = "proportional"  # 同比例提高: relative growth at least that of another indicator
    MAINTAIN = "maintain"  # 保持/不降低/持续提升: v op baseline or previous year
    REFERENCE = "reference"  # 达到市级要求 / 高于全市平均: v op a higher level's target or value
    MILESTONE = "milestone"  # a project status, 未启动 < 启动 < 在建 < 竣工 < 投入使用
    DELIVERABLE = "deliverable"  # 建成/出台/创建: done or not


# Project statuses in order; reported statuses must be one of these.
STATUSES: tuple[str, ...] = ("未启动", "启动", "在建", "竣工", "投入使用")

Value = Decimal | str | bool  # a reported value or a target's: a figure, a project status, or done / not done

# Yes and no as plans and data write them (compared stripped and lower-cased), each word once. Every input takes
# true/false and 是/否; a table cell also takes 1/0, a plan table's also yes/no; a deliverable's reported value
# takes yes/no and done/not done (完成, 已完成, 未完成) but no digits.
_TRUE_FALSE = {"true": True, "false": False, "是": True, "否": False}
_DIGITS = {"1": True, "0": False}
_YES_NO = {"yes": True, "no": False}
_DONE = {"完成": True, "已完成": True, "done": True, "未完成": False, "not done": False}
DATA_TABLE_FLAGS: dict[str, bool] = _TRUE_FALSE | _DIGITS  # a data table's illustrative and verified cells
PLAN_TABLE_FLAGS: dict[str, bool] = DATA_TABLE_FLAGS | _YES_NO  # a plan table's relative, verified, value cells
DELIVERABLE_FLAGS: dict[str, bool] = _TRUE_FALSE | _YES_NO | _DONE  # a deliverable's value in a data file


class PlausibleRange(_Model):
    """The figures an indicator can sensibly take, in its unit (人均预期寿命 40–100 岁): a reported figure outside is
    an error unless confirmed, because it is far likelier a slip (7.9 for 79) than a fact."""

    min: ExactNumber
    max: ExactNumber

    @model_validator(mode="after")
    def _ordered(self) -> PlausibleRange:
        if self.min > self.max:
            raise ValueError(f"plausible min {self.min} is above max {self.max}")
        return self


class Indicator(_Model):
    """One catalogue entry: the same id means the same indicator in every plan."""

    id: Identifier
    name: str
    name_en: str
    unit: str
    direction: Direction
    aliases: tuple[str, ...] = ()
    parent: Identifier | None = None
    signed: bool = False  # a rate of change: may be negative, or above 100 %; exempt from plausibility bounds
    plausible: PlausibleRange | None = None  # where the meaning is unambiguous (checker/domain/plausibility.py)
    uncertainty: Uncertainty = "none"  # poisson, binomial: the figure varies by chance (checker/domain/uncertainty.py)

    @model_validator(mode="after")
    def _chance_needs_a_ratio(self) -> Indicator:
        """A figure that varies by chance is a ratio: a rate (poisson) or a share of a whole (binomial)."""
        if self.uncertainty == "binomial" and self.unit not in ("%", "‰", "/10万"):
            raise ValueError(f"uncertainty binomial is for a share (%, ‰, /10万), not {self.unit!r}")
        if self.uncertainty == "poisson" and scale_of(self.unit) is None:
            raise ValueError(f"uncertainty poisson is for a rate (%, ‰, /10万, per 千人 or 万人), not {self.unit!r}")
        return self

    def name_in(self, lang: str) -> str:
        """The name a view shows: the English one in English when the catalogue has it, else the Chinese."""
        return self.name_en if lang == "en" and self.name_en else self.name


class Catalogue(_Model):
    """rules/indicators.yaml and rules/catalogue/*.yaml: every indicator a plan may name."""

    schema_version: Literal[1]
    indicators: tuple[Indicator, ...]


class Source(_Model):
    """Where a target is written: document file name plus 专栏/序号 or chapter and item.

    ``verified`` is False for figures from outside the seed documents that have not been checked against the
    published text; reports show the mark next to the result.
    """

    document: str
    section: str
    item: str | None = None
    quote: str | None = None
    verified: bool | None = None

    def as_dict(self) -> dict[str, str | bool]:
        """The fields that are set, as plain values (what model_dump(exclude_none=True) gives, without building a
        serializer: reports pay nothing for it)."""
        fields = {"document": self.document, "section": self.section, "item": self.item, "quote": self.quote}
        shown: dict[str, str | bool] = {k: v for k, v in fields.items() if v is not None}
        if self.verified is not None:
            shown["verified"] = self.verified
        return shown

    def cite(self) -> str:
        """The source as the run reports cite it: document, section and 序号 or 第…项, marked when unverified."""
        text = f"{self.document} {self.section}"
        if self.item:
            text += f" 序号{self.item}" if self.section.startswith("专栏") else f" 第{self.item}项"
        if self.verified is False:
            text += " (unverified)"
        return text


class Baseline(_Model):
    """The plan's starting value and its year: the start of the 序时进度 line."""

    year: int
    value: ExactNumber


class Reference(_Model):
    """A value taken from another plan: its target for the same year, or its reported value."""

    plan: Identifier
    indicator: Identifier
    use: Literal["target", "value"] = "target"


_NEEDS: dict[TargetKind, tuple[str, ...]] = {
    TargetKind.THRESHOLD: ("op", "value"),
    TargetKind.RANGE: ("low", "high"),
    TargetKind.CHANGE: ("op", "value"),
    TargetKind.YOY_CHANGE: ("op", "value"),
    TargetKind.PROPORTIONAL: ("of",),
    TargetKind.MAINTAIN: ("op", "against"),
    TargetKind.REFERENCE: ("op", "ref"),
    TargetKind.MILESTONE: ("value",),
    TargetKind.DELIVERABLE: (),
}


class Revision(_Model):
    """A mid-term revision (中期调整) of a target: the figures it changes, from when, and the document that revised
    it (its place: section and item, as for any target). Figures it leaves out stay as the plan set them."""

    effective: date  # from this date; a year's figures are judged by the version in force at the year's end
    op: Op | None = None
    value: ExactNumber | None = None
    low: ExactNumber | None = None
    high: ExactNumber | None = None
    printed: str | None = None  # the revised target as the revising document prints it
    source: Source
    note: str | None = None

    def changes(self) -> dict[str, Any]:
        """The target's fields this revision sets."""
        fields = {"op": self.op, "value": self.value, "low": self.low, "high": self.high, "printed": self.printed}
        return {name: value for name, value in fields.items() if value is not None}


# GB/T 8170-2008: 全数值比较法 (the figure as given), 修约值比较法 (rounded first)
Comparison = Literal["full", "rounded"]


class Target(_Model):
    """One target of a plan row: its kind and the fields that kind needs (_NEEDS), its nature and source."""

    year: int
    kind: TargetKind = TargetKind.THRESHOLD
    op: Op | None = None
    value: Value | None = None  # a number; a status for milestones; true for deliverables
    low: ExactNumber | None = None
    high: ExactNumber | None = None
    relative: bool = False
    of: Identifier | None = None
    against: Literal["baseline", "previous_year"] | None = None
    ref: Reference | None = None
    unit: str | None = None
    op_inferred: bool = False
    comparison: Comparison | None = None  # GB/T 8170: how a value is judged against the figure; None: the plan's
    printed: str
    nature: Nature
    source: Source
    owner: str | None = None
    responsible: str | None = None
    note: str | None = None
    revisions: tuple[Revision, ...] = ()  # mid-term revisions, each from its effective date
    revision: Revision | None = None  # set by in_force on the version a year is judged by, never in a plan file
    revised_from: str | None = None  # likewise: the figure that revision replaced ("≥ 4.7")

    @model_validator(mode="before")
    @classmethod
    def _read_value(cls, data: Any) -> Any:
        """Numbers become exact Decimals; a milestone's status and a deliverable's flag stay as they are."""
        if isinstance(data, dict) and data.get("kind") not in ("milestone", "deliverable"):
            value = data.get("value")
            if value is not None and not isinstance(value, Decimal):
                data = {**data, "value": to_decimal(value)}
        return data

    @model_validator(mode="after")
    def _fields_of_kind(self) -> Target:
        missing = [f for f in _NEEDS[self.kind] if getattr(self, f) is None]
        if missing:
            raise ValueError(f"a {self.kind.value} target needs {' and '.join(repr(f) for f in missing)}")
        if self.kind is TargetKind.RANGE and self.low > self.high:  # type: ignore[operator]
            raise ValueError(f"range low {self.low} is above high {self.high}")
        if self.kind is TargetKind.MILESTONE and self.value not in STATUSES:
            raise ValueError(f"milestone value must be one of {', '.join(STATUSES)}, not {self.value!r}")
        if self.kind is TargetKind.DELIVERABLE and self.value not in (None, True):
            raise ValueError("a deliverable target's value is true (done by the year), or omitted")
        if self.revision is not None or self.revised_from is not None:
            raise ValueError("'revision' and 'revised_from' are the checker's own: give revisions under 'revisions'")
        if self.revisions and self.kind not in (TargetKind.THRESHOLD, TargetKind.RANGE):
            raise ValueError(f"only threshold and range targets take revisions, not a {self.kind.value} target")
        return self

    @property
    def number(self) -> Decimal:
        """The numeric value of a threshold, change or yoy_change target."""
        assert isinstance(self.value, Decimal), self
        return self.value

    def in_force(self, year: int) -> Target:
        """The target as it stands for ``year``'s figures: the latest revision effective by the end of that year
        applied (with ``revision`` and ``revised_from`` saying so), else the target as the plan set it."""
        due = [r for r in self.revisions if r.effective.year <= year]
        if not due:
            return self
        revision = max(due, key=lambda r: r.effective)
        before = self.figure_text()
        revised = self.model_copy(update={**revision.changes(), "revision": revision})
        return revised.model_copy(update={"revised_from": before})

    def figure_text(self) -> str:
        """The target in symbols where it has them, with its unit when it has its own ("≥ 4.7", "5–8", "≥ 3 万人次"),
        else as printed: the one text of a target for listings, reports and the revision notes."""
        if self.kind is TargetKind.RANGE and self.low is not None and self.high is not None:
            text = f"{format_number(self.low)}–{format_number(self.high)}"
        elif self.kind is TargetKind.THRESHOLD and self.op is not None and isinstance(self.value, Decimal):
            text = f"{self.op.symbol} {format_number(self.value)}"
        else:
            return self.printed
        return text + (f" {self.unit}" if self.unit else "")


class Period(_Model):
    """First and last year, both included."""

    start: int
    end: int


class PlanIndicator(_Model):
    """An indicator as one plan uses it: its printed name, baseline and targets."""

    indicator: Identifier
    printed_name: str
    category: str | None = None
    baseline: Baseline | None = None
    targets: tuple[Target, ...] = Field(min_length=1)
    printed_unit: str | None = None
    notes: tuple[str, ...] = ()


class Quantity(_Model):
    """An exact amount with its unit, as printed (a project's investment)."""

    value: ExactNumber
    unit: str


class Project(_Model):
    """A construction project or other status-tracked item; reported values are statuses (STATUSES)."""

    id: Identifier
    name: str
    category: str | None = None
    period: Period | None = None
    investment: Quantity | None = None
    scale: str | None = None
    status: str | None = None
    owner: str | None = None
    targets: tuple[Target, ...] = ()
    notes: tuple[str, ...] = ()


class PlanMeta(_Model):
    """Who issued a plan, for which district and years: the ``plan`` block of a plan or rule set file."""

    id: Identifier
    name: str
    name_en: str
    aliases: tuple[str, ...] = ()
    level: Literal["national", "municipal", "district"]
    parent: Identifier | None = None
    kind: Literal["five_year", "annual"]
    title: str
    issuer: str
    number: str | None = None
    date: str | None = None
    document: str
    period: Period
    comparison: Comparison = "full"  # GB/T 8170 for its targets: full (全数值比较法) unless a target says otherwise
    significance: bool = False  # a shortfall whose confidence interval holds the figure judged against: warn
    confidence: ConfidenceLevel = DEFAULT_LEVEL  # the intervals' level, 95 or 99.8 (checker/domain/uncertainty.py)
    population_note: str | None = None
    notes: tuple[str, ...] = ()


class StatedTotal(_Model):
    """A total, subtotal or count the document prints for its project table; ``check lint`` (A401) sums the rows.

    The rows it covers: every project, or those of one ``category``, those whose milestone is ``goal``, or the
    ``projects`` named; ``measure`` says what is summed (investments converted into ``unit``, areas in 平方米 read from
    ``scale``) or counted.
    """

    printed: str
    measure: Literal["investment", "area", "count"]
    value: ExactNumber
    unit: str | None = None  # an investment's unit (万元, 亿元); 平方米 for an area; none for a count
    category: str | None = None
    goal: str | None = None
    projects: tuple[str, ...] | None = None
    source: Source


class Plan(_Model):
    """A district plan or a national or municipal rule set: one file under plans/ or rules/."""

    schema_version: Literal[1]
    plan: PlanMeta
    indicators: tuple[PlanIndicator, ...] = ()
    projects: tuple[Project, ...] = ()
    totals: tuple[StatedTotal, ...] = ()  # totals and counts the document prints for its tables


class DataFile(_Model):
    """One district's reported values for one year, keyed by indicator id, name or alias."""

    district: str
    year: int
    illustrative: bool
    verified: bool | None = None  # false: figures from outside the seeds not yet checked against their source
    source: str | None = None
    note: str | None = None
    values: dict[str, Any]  # number, null, or {value, unit, source, note}: parsed in checker.inputs.loading


# --- target waivers (waivers.yaml): an auditor excuses a district's target for some years --------------------------

_YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*(?:[-–—~]\s*(\d{4})\s*)?$")


def _years(raw: Any) -> Any:
    """A year (2024), a list of years ([2024, 2025]) or a range ("2024-2025", "2024–2025"): the years, in order."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return (raw,)
    if isinstance(raw, str):
        found = _YEAR_RANGE.match(raw)
        if found is None:
            raise ValueError(f"{raw!r} is not a year, a list of years or a range such as 2024-2025")
        first, last = int(found[1]), int(found[2] or found[1])
        if first > last:
            raise ValueError(f"the range {raw} runs backwards: write {last}-{first}")
        return tuple(range(first, last + 1))
    if isinstance(raw, list | tuple):
        if not raw:
            raise ValueError("no year given: write a year, a list of years or a range such as 2024-2025")
        return tuple(sorted(set(raw))) if all(isinstance(y, int) and not isinstance(y, bool) for y in raw) else raw
    return raw


def _iso_date(raw: Any) -> Any:
    """A date written YYYY-MM-DD (YAML leaves it as written); anything else is refused, not guessed."""
    if isinstance(raw, date) or raw is None:
        return raw
    if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
        return date.fromisoformat(raw.strip())
    raise ValueError(f"{raw!r} is not a date written YYYY-MM-DD")


def _text(raw: Any) -> Any:
    """A free text; a blank one is no text at all (a waiver's reason of spaces gives no reason)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return (raw.strip() or None) if isinstance(raw, str) else raw


Years = Annotated[tuple[int, ...], BeforeValidator(_years)]
IsoDate = Annotated[date | None, BeforeValidator(_iso_date)]
Text = Annotated[str | None, BeforeValidator(_text)]


class TargetWaiver(_Model):
    """One waiver of waivers.yaml: a district's target excused for some years, with the audit trail (why, who
    approved it and when, until when). Reason, approver, approval date and expiry are optional here so that a
    waiver missing one loads and is reported (``check lint``, ``check validate``); such a waiver waives nothing."""

    district: str  # id, name or alias, as the command line takes it
    indicator: Identifier | None = None
    project: Identifier | None = None
    target: Annotated[str, BeforeValidator(_text)]  # the target's place in its document: 专栏1 序号11, 11, 第三章第二节
    level: Literal["municipal", "national"] | None = None  # a higher level's target applied as a floor; none: own
    years: Years
    reason: Text = None
    approved_by: Text = None
    approved_on: IsoDate = None
    expires: IsoDate = None

    @model_validator(mode="after")
    def _names_one_row(self) -> TargetWaiver:
        if (self.indicator is None) == (self.project is None):
            raise ValueError("a waiver names either an indicator or a project (one of them)")
        if self.approved_on is not None and self.expires is not None and self.approved_on > self.expires:
            raise ValueError(f"approved on {self.approved_on}, after it expires ({self.expires})")
        return self

    @property
    def row(self) -> str:
        """The indicator or project id the waiver names."""
        return self.indicator or self.project or ""

    @property
    def missing(self) -> tuple[str, ...]:
        """The fields of the audit trail the waiver leaves out: it waives nothing until it gives them."""
        trail = {
            "reason": self.reason,
            "approved_by": self.approved_by,
            "approved_on": self.approved_on,
            "expires": self.expires,
        }
        return tuple(name for name, value in trail.items() if value is None)


class WaiversFile(_Model):
    """waivers.yaml (or ``--waivers FILE``): the target waivers of a run, ``check lint`` and ``check validate``."""

    schema_version: Literal[1] = 1
    waivers: tuple[TargetWaiver, ...] = ()
