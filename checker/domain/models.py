"""The data model: indicator catalogue, plans with their targets, and reported values.

Plans and rules are data (YAML files under ``rules/`` and ``plans/``); these models only say what a
valid file looks like. Every number is a Decimal exactly as written in the file.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from checker.domain.numbers import to_decimal

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
        return self

    @property
    def number(self) -> Decimal:
        """The numeric value of a threshold, change or yoy_change target."""
        assert isinstance(self.value, Decimal), self
        return self.value


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
