"""The data model: indicator catalogue, plans with their targets, and reported values.

Plans and rules are data (YAML files under ``rules/`` and ``plans/``); these models only say what a
valid file looks like. Every number is a Decimal exactly as written in the file.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from checker.numbers import to_decimal

ExactNumber = Annotated[Decimal, BeforeValidator(to_decimal)]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


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
        return {"<=": "≤", ">=": "≥", "<": "<", ">": ">", "==": "="}[self.value]


class Nature(str, Enum):
    """The nature the plan gives a target: 约束性 (binding), 预期性 (expected), or a blank cell."""

    BINDING = "binding"
    EXPECTED = "expected"
    UNSPECIFIED = "unspecified"


class TargetKind(str, Enum):
    """How a target is stated. Only thresholds are evaluable so far; the others say why not."""

    THRESHOLD = "threshold"
    PROPORTIONAL = "proportional"  # 同比例提高: grows in proportion to another indicator
    REFERENCE = "reference"  # 达到市级要求 / 市级下达: a value set by a higher level


class Indicator(_Model):
    """One catalogue entry: the same id means the same indicator in every plan."""

    id: Identifier
    name: str
    name_en: str
    unit: str
    direction: Direction
    aliases: tuple[str, ...] = ()
    parent: Identifier | None = None


class Catalogue(_Model):
    schema_version: Literal[1]
    indicators: tuple[Indicator, ...]


class Source(_Model):
    """Where a target is written: document file name plus 专栏/序号 or chapter and item."""

    document: str
    section: str
    item: str | None = None
    quote: str | None = None

    def cite(self) -> str:
        text = f"{self.document} {self.section}"
        if self.item:
            text += f" 序号{self.item}" if self.section.startswith("专栏") else f" {self.item}"
        return text


class Baseline(_Model):
    year: int
    value: ExactNumber


class Target(_Model):
    year: int
    op: Op | None = None
    value: ExactNumber | None = None
    op_inferred: bool = False
    printed: str
    nature: Nature
    kind: TargetKind = TargetKind.THRESHOLD
    source: Source
    note: str | None = None

    @model_validator(mode="after")
    def _threshold_has_op_and_value(self) -> Target:
        if self.kind is TargetKind.THRESHOLD and (self.op is None or self.value is None):
            raise ValueError("a threshold target needs both 'op' and 'value'")
        return self


class PlanIndicator(_Model):
    """An indicator as one plan uses it: its printed name, baseline and targets."""

    indicator: Identifier
    printed_name: str
    category: str | None = None
    baseline: Baseline | None = None
    targets: tuple[Target, ...] = Field(min_length=1)
    printed_unit: str | None = None
    notes: tuple[str, ...] = ()


class Period(_Model):
    start: int
    end: int


class PlanMeta(_Model):
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
    population_note: str | None = None
    notes: tuple[str, ...] = ()


class Plan(_Model):
    schema_version: Literal[1]
    plan: PlanMeta
    indicators: tuple[PlanIndicator, ...]


class DataFile(_Model):
    """One district's reported values for one year, keyed by indicator id, name or alias."""

    district: str
    year: int
    illustrative: bool
    source: str | None = None
    note: str | None = None
    values: dict[str, Any]  # number, null, or {value, unit, source, note}: parsed in checker.loading
