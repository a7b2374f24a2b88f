"""Tables: which are indicator tables (专栏1: 序号, 指标, 单位, 基期值, 目标值, 指标性质) and which project tables
(序号, 项目名称, 建设内容, 规模, 投资, 建设期, 目标), and their rows read into plain records.

The header names the columns (in any order and with any of the usual wordings). A row is read by position when
its cells fit the header; otherwise (a text copy shifts cells, a sub-row has fewer) by what each cell is: the
序号 (a whole number), the name (the first words after it), a sub-row label (门诊, 城镇职工医保: words before the
figures), the figures (baseline and target, in the header's order), the nature (预期性/约束性), the unit. A row with
no 序号, or the 序号 of the row above (a merged cell repeated), is a sub-row of the indicator above: ``24a``,
``24b``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.inputs.drafting.layout import LaidTable
from checker.inputs.drafting.phrases import UNITS, Figure, parse_cell

ROLE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("seq", re.compile(r"^(?:序号|编号|序)$")),
    ("project_nature", re.compile(r"^建设性质$")),
    ("nature", re.compile(r"性质$|属性$")),
    ("unit", re.compile(r"^(?:计量)?单位$")),
    ("owner", re.compile(r"业主|建设单位|实施单位")),
    ("responsible", re.compile(r"责任单位|牵头单位|责任部门|牵头部门")),
    ("investment", re.compile(r"投资|金额|资金")),
    ("period", re.compile(r"建设期|年限|周期|起止|工期")),
    ("content", re.compile(r"内容")),
    ("scale", re.compile(r"规模|面积")),
    ("goal", re.compile(r"\d{4}年?目标$|目标状态|建设目标|^目标$")),
    ("status", re.compile(r"状态|进展|进度")),
    ("baseline", re.compile(r"基期|基数|现状|实际|基准|\d{4}年?(?:值)?$")),
    ("target", re.compile(r"目标|规划值|预期值|\d{4}年?")),
    ("notes", re.compile(r"备注|说明")),
    ("category", re.compile(r"类别|领域|分类|类型|项目类别")),
    ("name", re.compile(r"指标|名称|^项目$|项目名")),
)
NATURES = {"预期性": "expected", "约束性": "binding", "预期": "expected", "约束": "binding"}
SEQ = re.compile(r"^\d{1,3}$")
_YEAR = re.compile(r"(20\d\d)")
_HEADER_UNIT = re.compile(r"[（(]\s*([^）)]+?)\s*[）)]")
_NAME_UNIT = re.compile(r"[（(]\s*(%|‰|/10万|[^）)]{1,4}?)\s*[）)]$|(%|‰)$")


@dataclass(frozen=True)
class Column:
    role: str
    index: int
    header: str
    year: int | None = None
    unit: str | None = None  # a unit in the header: 总投资（亿元）, 规模（平方米）


@dataclass
class Header:
    """The header row of a table: the role of each column."""

    columns: list[Column]
    row: int  # index of the header row

    def get(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)

    def has(self, *roles: str) -> bool:
        return any(self.get(r) is not None for r in roles)

    @property
    def kind(self) -> str:
        """indicator, project, or other (a table read as text)."""
        name = self.get("name")
        if name is not None and self.has("investment", "period", "goal", "status", "project_nature"):
            return "project"
        if name is not None and "指标" in name.header and self.has("baseline", "target"):
            return "indicator"
        if name is not None and self.has("baseline", "target") and not self.has("content"):
            return "indicator"
        return "other"


def read_header(table: LaidTable) -> Header | None:
    """The first row that names at least two columns (序号 and a name, or a name and a figure)."""
    for n, row in enumerate(table.rows[:3]):
        columns = [_column(i, cell) for i, cell in enumerate(row.cells)]
        found = [c for c in columns if c is not None]
        roles = {c.role for c in found}
        if "name" in roles and len(roles) >= 2:
            return Header(_distinct(found), n)
    return None


def _column(index: int, cell: str) -> Column | None:
    text = re.sub(r"\s+", "", cell)
    if not text:
        return None
    bare = _HEADER_UNIT.sub("", text)
    unit_match = _HEADER_UNIT.search(text)
    year = _YEAR.search(text)
    for role, pattern in ROLE_WORDS:
        if pattern.search(bare):
            return Column(
                role, index, text, int(year.group(1)) if year else None, unit_match.group(1) if unit_match else None
            )
    return None


def _distinct(columns: list[Column]) -> list[Column]:
    """Two year columns (2020年, 2025年): the earlier is the baseline, the later the target."""
    years = [c for c in columns if c.role in ("baseline", "target") and c.year is not None]
    if len(years) >= 2:
        first, last = min(years, key=lambda c: c.year or 0), max(years, key=lambda c: c.year or 0)
        columns = [
            Column("baseline", c.index, c.header, c.year, c.unit)
            if c is first
            else Column("target", c.index, c.header, c.year, c.unit)
            if c is last
            else c
            for c in columns
        ]
    seen: set[str] = set()
    result = []
    for c in columns:
        if c.role in seen and c.role not in ("notes",):
            continue
        seen.add(c.role)
        result.append(c)
    return result


# --- indicator tables ----------------------------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    """A row of an indicator table, read."""

    seq: str | None
    name: str
    sublabel: str | None
    category: str | None
    unit: str | None
    baseline: Figure | None
    target: Figure
    nature: str | None  # expected, binding, or None (blank)
    line: int
    printed: str  # the row as printed, cells apart by spaces
    item: str = ""
    reviews: list[str] = field(default_factory=list)


def indicator_rows(table: LaidTable, header: Header) -> list[IndicatorRow]:
    """The rows of an indicator table, sub-rows numbered 24a, 24b."""
    rows: list[IndicatorRow] = []
    previous: IndicatorRow | None = None
    category: str | None = None
    width = max(c.index for c in header.columns) + 1
    header_cells = table.rows[header.row].cells
    for row in table.rows[header.row + 1 :]:
        cells = list(row.cells)
        while cells and not cells[-1]:
            cells.pop()
        if not cells or tuple(row.cells) == header_cells:
            continue
        read = _positional(cells, header, width) or _semantic(cells, header)
        if read is None:
            continue
        seq, name, sublabel, row_category, unit, baseline, target, nature = read
        if row_category:
            category = row_category
        if target is None:
            continue
        if previous is not None and (seq is None or seq == previous.seq) and (not name or name == previous.name):
            seq, name = previous.seq, previous.name
            if sublabel is None:
                continue  # a row that repeats the one above
        if not name:
            continue
        printed = " ".join(c for c in row.cells if c)
        current = IndicatorRow(seq, name, sublabel, category, unit, baseline, target, nature, row.line, printed)
        rows.append(current)
        previous = current
    _number_subrows(rows)
    return rows


Read = tuple[str | None, str, str | None, str | None, str | None, Figure | None, Figure | None, str | None]


def _positional(cells: list[str], header: Header, width: int) -> Read | None:
    """The row read by the header's columns, if every cell fits its column."""
    if len(cells) > width:
        return None

    def cell(role: str) -> str:
        column = header.get(role)
        return cells[column.index] if column is not None and column.index < len(cells) else ""

    seq, name, nature = cell("seq"), cell("name"), cell("nature")
    if seq and not SEQ.match(seq):
        return None
    if nature and nature not in NATURES:
        return None
    baseline = parse_cell(cell("baseline")) if header.has("baseline") else None
    target = parse_cell(cell("target"))
    if (baseline is not None and baseline.kind == "unread") or target.kind in ("unread", "missing"):
        return None
    if name and parse_cell(name).kind not in ("unread",):
        return None  # a figure where the name should be: the cells are shifted
    known = {c.index for c in header.columns}
    extra = [c for i, c in enumerate(cells) if c and i not in known]
    if extra:
        return None
    if not seq and not name:
        return None  # a sub-row: its label is in some other column
    unit = cell("unit") or None
    return seq or None, name, None, cell("category") or None, unit, baseline, target, NATURES.get(nature)


def _semantic(cells: list[str], header: Header) -> Read | None:
    """The row read by what each cell is, for rows whose cells do not fit the header."""
    seq_at = next((i for i, c in enumerate(cells[:3]) if SEQ.match(c)), None)
    if seq_at is not None and any(parse_cell(c).kind not in ("unread", "missing") for c in cells[:seq_at] if c):
        seq_at = None  # 城乡居民医保 66.85 70: a figure before it, so 70 is not a 序号
    nature: str | None = None
    unit: str | None = None
    texts_before: list[str] = []
    texts_after: list[str] = []
    figures: list[Figure] = []
    for i, cell in enumerate(cells):
        if not cell or i == seq_at:
            continue
        if cell in NATURES:
            nature = NATURES[cell]
            continue
        if cell in UNITS and header.has("unit"):
            unit = cell
            continue
        figure = parse_cell(cell)
        if figure.kind != "unread" and (texts_after or seq_at is None or i > seq_at):
            figures.append(figure)
        elif seq_at is not None and i < seq_at:
            texts_before.append(cell)
        else:
            texts_after.append(cell)
    if not figures:
        return None
    baseline_first = _baseline_first(header)
    if len(figures) == 1:
        baseline, target = None, figures[0]
    else:
        baseline, target = (figures[0], figures[1]) if baseline_first else (figures[1], figures[0])
    seq = cells[seq_at] if seq_at is not None else None
    category = texts_before[0] if texts_before else None
    if seq is None:
        # a sub-row: its words are the label (a repeated name comes first)
        name = texts_after[0] if len(texts_after) > 1 else ""
        sublabel = texts_after[-1] if texts_after else None
        return None, name, sublabel, None, unit, baseline, target, nature
    name = texts_after[0] if texts_after else ""
    sublabel = texts_after[1] if len(texts_after) > 1 else None
    return seq, name, sublabel, category, unit, baseline, target, nature


def _baseline_first(header: Header) -> bool:
    baseline, target = header.get("baseline"), header.get("target")
    if baseline is None or target is None:
        return True
    return baseline.index < target.index


def _number_subrows(rows: list[IndicatorRow]) -> None:
    """Items: the 序号, with a letter for each sub-row of one 序号 (24a, 24b)."""
    counts: dict[str | None, int] = {}
    for row in rows:
        counts[row.seq] = counts.get(row.seq, 0) + 1
    seen: dict[str | None, int] = {}
    for row in rows:
        n = seen.get(row.seq, 0)
        seen[row.seq] = n + 1
        base = row.seq or ""
        row.item = f"{base}{chr(ord('a') + n)}" if counts[row.seq] > 1 and row.seq is not None else base


def name_unit(name: str) -> str | None:
    """The unit a printed name carries: 人均预期寿命(岁) → 岁, 市级卫生城镇(街道)占比% → %."""
    match = _NAME_UNIT.search(name.strip())
    if not match:
        return None
    unit = (match.group(1) or match.group(2) or "").strip()
    return unit if unit in UNITS or unit in ("%", "‰", "/10万") else None


# --- project tables ------------------------------------------------------------------------------------------------

GOALS = (
    (re.compile(r"投入使用|投用|交付使用|运行|运营"), "投入使用"),
    (re.compile(r"竣工|建成|完工|完成"), "竣工"),
    (re.compile(r"在建|续建|主体|推进建设"), "在建"),
    (re.compile(r"启动|开工|动工"), "启动"),
)
_PERIOD = re.compile(r"(20\d\d)\s*(?:年)?\s*(?:[—\-–~～至到]+\s*(20\d\d))?")
_SUBTOTAL = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）)(.+)$")


@dataclass
class ProjectRow:
    """A row of a project table, read."""

    seq: str
    name: str
    category: str | None
    line: int
    content: str | None = None
    scale: str | None = None
    investment: tuple[str, str] | None = None
    period: tuple[int, int] | None = None
    goal: str | None = None  # a status (STATUSES) the row sets for the target year
    goal_printed: str | None = None
    status: str | None = None
    owner: str | None = None
    responsible: str | None = None
    notes: list[str] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)


def project_rows(table: LaidTable, header: Header) -> list[ProjectRow]:
    """The projects of a project table, with the category of the subtotal row above them (一、区级重大项目)."""
    rows: list[ProjectRow] = []
    category: str | None = None
    header_cells = table.rows[header.row].cells

    def cell(cells: tuple[str, ...], role: str) -> str:
        column = header.get(role)
        return cells[column.index] if column is not None and column.index < len(cells) else ""

    for row in table.rows[header.row + 1 :]:
        cells = row.cells
        if cells == header_cells or not any(cells):
            continue
        seq, name = cell(cells, "seq"), cell(cells, "name")
        if not SEQ.match(seq):
            filled = [c for c in cells if c]
            subtotal = _SUBTOTAL.match(name or (filled[0] if filled else ""))
            if subtotal:
                category = subtotal.group(1)
            elif rows and name and len(filled) == 1:
                rows[-1].name += name  # a name run over a page break: 整体迁 / 建项目
            continue
        project = ProjectRow(seq, name, category, row.line)
        project.content = cell(cells, "content") or None
        scale = cell(cells, "scale")
        scale_column = header.get("scale")
        scale_unit = scale_column.unit if scale_column is not None and scale_column.unit else ""
        if scale:
            project.scale = scale + (scale_unit if re.fullmatch(r"[\d.]+", scale) else "")
        money = cell(cells, "investment")
        column = header.get("investment")
        if money and re.fullmatch(r"\d+(?:\.\d+)?", money):
            unit = column.unit if column and column.unit else "万元"
            project.investment = (money, unit)
            if not (column and column.unit):
                project.reviews.append("the investment column names no unit: 万元 assumed")
        elif money:
            project.reviews.append(f"investment {money!r} is not a figure")
        period = _PERIOD.fullmatch(cell(cells, "period").replace(" ", ""))
        if period:
            start = int(period.group(1))
            project.period = (start, int(period.group(2) or start))
        goal = cell(cells, "goal") or cell(cells, "status")
        if goal:
            status = next((s for pattern, s in GOALS if pattern.search(goal)), None)
            if header.get("goal") is not None and cell(cells, "goal"):
                project.goal, project.goal_printed = status, goal
                if status is None:
                    project.reviews.append(f"the goal {goal!r} is not a status the checker knows")
            elif status is not None:
                project.status = status
        nature = cell(cells, "project_nature")
        if nature:
            if nature == "在建":
                project.status = "在建"
            nature_column = header.get("project_nature")
            project.notes.append(f"{nature_column.header if nature_column else '建设性质'}: {nature}")
        owner = cell(cells, "owner")
        if owner:
            project.notes.append(f"业主单位: {owner}")
        project.owner = cell(cells, "responsible") or None
        remark = cell(cells, "notes")
        if remark:
            project.notes.append(f"备注: {remark}")
        rows.append(project)
    return rows
