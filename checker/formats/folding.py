"""A terminal table that fits its width: the columns that do not fit fold into a line under the row.

The first ``Column``s of a table are always columns; of the others (``extra``, most important first) as many stay
columns as make the table shortest, and the rest are written as ``label value · label value`` on a line of their
own under the row, from the second column to the table's right edge. The widths are computed here, not left to
rich, so that a table is the same on every machine and no line is wider than the width.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from rich.cells import cell_len
from rich.console import Console, Group
from rich.text import Text

R = TypeVar("R")
GAP = 2  # spaces between two columns
NARROWEST = 6  # a column that may wrap gives up width down to this, on a very narrow terminal
FOLDED_STYLE = "dim"
HEADER_STYLE = "bold"


@dataclass(frozen=True)
class Column(Generic[R]):
    """A column: its header, the cell of a row, and how it folds (``label value``; the value alone without label)."""

    header: str
    cell: Callable[[R], str | Text]
    label: str = ""
    justify: Literal["left", "right"] = "left"
    cap: int = 0  # the widest it grows as a column (0: as wide as its widest cell)
    whole: bool = False  # never narrowed below its widest cell: ids people type


def _text(value: str | Text) -> Text:
    return Text(value) if isinstance(value, str) else value  # plain Text: no markup read from the data


def _natural(column: Column[R], cells: Sequence[Text]) -> int:
    widest = max((cell_len(line) for c in cells for line in c.plain.splitlines()), default=0)
    widest = max(widest, cell_len(column.header))
    return widest if column.whole or not column.cap else min(widest, column.cap)


def _height(text: Text, width: int) -> int:
    """About how many lines a cell takes at ``width`` (rich wraps at spaces and folds what has none)."""
    return sum(max(1, -(-cell_len(line) // max(width, 1))) for line in text.plain.splitlines() or [""])


def _folded(labels: Sequence[str], values: Sequence[Text]) -> Text | None:
    """``label value · label value`` for the cells that are not empty, the labels dimmed."""
    parts = [
        Text(f"{label} ", style=FOLDED_STYLE) + value if label else value
        for label, value in zip(labels, values, strict=True)
        if value.plain
    ]
    return Text(" · ", style=FOLDED_STYLE).join(parts) if parts else None


@dataclass(frozen=True)
class _Layout:
    """The number of extras shown as columns, the width of every column, and about how many lines it takes."""

    shown: int
    widths: tuple[int, ...]
    lines: int


@dataclass(frozen=True)
class _Grid:
    """The cells of a table: its columns' (``main``), then its extras' (``more``), each a list by row."""

    main: list[list[Text]]
    more: list[list[Text]]
    naturals: list[int]
    extra_naturals: list[int]
    labels: list[str]
    flexible: int
    rigid: list[bool]  # by column: never narrowed below its widest cell (Column.whole)

    @property
    def whole(self) -> bool:
        return self.rigid[self.flexible]

    def layout(self, shown: int, width: int, flexible_min: int) -> _Layout | None:
        """The first ``shown`` extras as columns and the others folded; None when the columns do not fit."""
        widths = [*self.naturals, *self.extra_naturals[:shown]]
        fixed = sum(w for n, w in enumerate(widths) if n != self.flexible) + GAP * (len(widths) - 1)
        room = width - fixed
        natural = self.naturals[self.flexible]
        least = natural if self.whole else min(flexible_min, natural)
        if shown and room < least:
            return None
        while room < least:  # very narrow: the widest other column that may wrap gives a cell, down to NARROWEST
            narrowable = [n for n in range(len(self.main)) if n != self.flexible and not self.rigid[n]]
            widest = max(narrowable, key=lambda n: widths[n], default=None)
            if widest is None or widths[widest] <= NARROWEST:
                break
            widths[widest] -= 1
            room += 1
        widths[self.flexible] = max(1, room if shown < len(self.more) else min(natural, room))  # folded: all of it
        span = max(1, sum(widths[1:]) + GAP * (len(widths) - 2))  # a folded line: from the second column on
        lines = 1
        for r in range(len(self.main[0])):
            cells = [column[r] for column in self.main] + [column[r] for column in self.more[:shown]]
            if any(cell.plain for cell in cells):
                lines += max(_height(cell, w) for cell, w in zip(cells, widths, strict=True))
            folded = _folded(self.labels[shown:], [column[r] for column in self.more[shown:]])
            lines += 0 if folded is None else _height(folded, span)
        return _Layout(shown, tuple(widths), lines)


def _line(console: Console, cells: Sequence[Text], widths: Sequence[int], justify: Sequence[str]) -> list[Text]:
    """One row of cells, each wrapped to its width, as lines of the table."""
    wrapped = [
        cell.wrap(console, w, justify="left", overflow="fold", no_wrap=False)
        for cell, w in zip(cells, widths, strict=True)
    ]
    lines = []
    for n in range(max(len(w) for w in wrapped)):
        line = Text()
        for k, (column, w) in enumerate(zip(wrapped, widths, strict=True)):
            part = column[n].copy() if n < len(column) else Text()
            part.rstrip()
            pad = max(0, w - part.cell_len)
            if k:
                line.append(" " * GAP)
            if justify[k] == "right":
                line.append(" " * pad)
                line.append_text(part)
            else:
                line.append_text(part)
                line.append(" " * pad)
        line.rstrip()
        lines.append(line)
    return lines


def fold_table(
    console: Console,
    rows: Sequence[R],
    columns: Sequence[Column[R]],
    extra: Sequence[Column[R]],
    flexible: int = 1,
    flexible_min: int = 20,
) -> Group:
    """``rows`` in ``columns`` and as many of ``extra`` (in order) as make the table shortest within the console's
    width; ``columns[flexible]`` takes the width left over (at least ``flexible_min``). The extras that are not
    columns are written under each row, from the second column on."""
    main = [[_text(c.cell(r)) for r in rows] for c in columns]
    more = [[_text(c.cell(r)) for r in rows] for c in extra]
    grid = _Grid(
        main,
        more,
        [_natural(c, cells) for c, cells in zip(columns, main, strict=True)],
        [_natural(c, cells) for c, cells in zip(extra, more, strict=True)],
        [c.label for c in extra],
        flexible,
        [c.whole for c in columns],
    )
    width = console.width
    layouts = [found for shown in range(len(extra) + 1) if (found := grid.layout(shown, width, flexible_min))]
    best = min(layouts, key=lambda found: (found.lines, -found.shown))  # the fewest lines; then the most columns
    shown = [*columns, *extra[: best.shown]]
    justify = [c.justify for c in shown]
    widths = best.widths
    total = sum(widths) + GAP * (len(widths) - 1)
    indent = widths[0] + GAP
    lines = _line(console, [Text(c.header, style=HEADER_STYLE) for c in shown], widths, justify)
    lines.append(Text("─" * min(total, width)))
    for r in range(len(rows)):
        cells = [column[r] for column in main] + [column[r] for column in more[: best.shown]]
        if any(cell.plain for cell in cells):  # a row of a second target may have nothing but folded cells
            lines += _line(console, cells, widths, justify)
        folded = _folded(grid.labels[best.shown :], [column[r] for column in more[best.shown :]])
        if folded is not None:
            for part in folded.wrap(console, max(1, min(total, width) - indent), overflow="fold"):
                part.rstrip()
                lines.append(Text(" " * indent) + part)
    for line in lines:
        line.no_wrap = True
        line.overflow = "crop"
    return Group(*lines)


__all__ = ["Column", "fold_table"]
