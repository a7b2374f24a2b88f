"""What a draft holds: plain records that checker.formats.drafts writes as YAML in the plans/ and data/ formats.

Figures stay the text the document prints (``8.0``, ``0.30``); every record has the line it comes from and the
reasons a person must check it (``reviews``), which the YAML carries as ``# review:`` comments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Part = Literal["table", "text", "project"]


@dataclass
class DraftTarget:
    """One target, in the fields of checker.domain.models.Target (value as printed text)."""

    year: int
    kind: str
    printed: str
    nature: str
    section: str
    item: str | None
    quote: str | None
    line: int
    part: Part
    op: str | None = None
    value: str | bool | None = None
    low: str | None = None
    high: str | None = None
    of: str | None = None
    against: str | None = None
    ref: dict[str, str] | None = None
    unit: str | None = None
    op_inferred: bool = False
    owner: str | None = None
    responsible: str | None = None
    note: str | None = None
    reviews: list[str] = field(default_factory=list)

    def key(self) -> tuple[object, ...]:
        """What two targets share when they say the same thing (the figure, its operator, year and nature)."""
        return (self.kind, self.op, self.value, self.low, self.high, self.year, self.unit)


@dataclass
class DraftIndicator:
    """An indicator of the plan: matched to the catalogue (``known``) or proposed (its id is a new one)."""

    indicator: str
    printed_name: str
    line: int
    known: bool
    confidence: float
    category: str | None = None
    matched: str = ""  # how the printed name was matched: "name 人均预期寿命", "alias …", "contained …"
    baseline: tuple[int, str] | None = None
    printed_unit: str | None = None
    targets: list[DraftTarget] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)


@dataclass
class DraftProject:
    """A row of a project table."""

    id: str
    name: str
    line: int
    section: str
    item: str | None
    category: str | None = None
    period: tuple[int, int] | None = None
    investment: tuple[str, str] | None = None  # (value as printed, unit)
    scale: str | None = None
    status: str | None = None
    owner: str | None = None
    targets: list[DraftTarget] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)


@dataclass
class ProposedIndicator:
    """A catalogue entry the draft proposes for a name the catalogue does not know."""

    id: str
    name: str
    unit: str
    direction: str
    line: int
    aliases: list[str] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)


@dataclass
class DraftStats:
    """What the summary reports: tables, rows and targets found, matched, marked for review."""

    tables: int = 0
    indicator_tables: int = 0
    project_tables: int = 0
    rows: int = 0
    table_targets: int = 0
    text_targets: int = 0
    project_targets: int = 0
    projects: int = 0
    matched: int = 0
    unknown: int = 0
    reviews: int = 0


@dataclass
class DraftPlan:
    """A plan drafted from a document: its metadata (the ``plan`` block), indicators, projects and proposals."""

    meta: dict[str, object]
    document: str
    line_word: str
    indicators: list[DraftIndicator] = field(default_factory=list)
    projects: list[DraftProject] = field(default_factory=list)
    proposed: list[ProposedIndicator] = field(default_factory=list)
    meta_reviews: dict[str, str] = field(default_factory=dict)
    stats: DraftStats = field(default_factory=DraftStats)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, what): rows the draft could not read

    def targets(self) -> list[tuple[DraftIndicator | DraftProject, DraftTarget]]:
        found: list[tuple[DraftIndicator | DraftProject, DraftTarget]] = []
        for ind in self.indicators:
            found += [(ind, t) for t in ind.targets]
        for project in self.projects:
            found += [(project, t) for t in project.targets]
        return found


@dataclass
class DraftValue:
    """A reported value with the sentence it comes from."""

    indicator: str
    value: str | bool
    unit: str | None
    quote: str
    line: int
    confidence: float
    printed: str
    note: str | None = None
    reviews: list[str] = field(default_factory=list)


@dataclass
class DraftValues:
    """A data file drafted from a work summary."""

    district: str
    year: int
    document: str
    line_word: str
    source: str
    values: list[DraftValue] = field(default_factory=list)
    unknown: list[DraftValue] = field(default_factory=list)  # figures whose name the catalogue does not know
    sentences: int = 0
    figures: int = 0
