"""A parsed YAML document that remembers where each value came from (line and column), for error messages.

Apart from checker.inputs.yamlio (reading files) and checker.inputs.yaml_parser (PyYAML) so that neither imports
the other at module level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_DEPTH = 64  # nesting deeper than this is refused: no real plan or data file needs it

Path_ = tuple[str | int, ...]
WHOLE_LINE = 1 << 62  # a column past the end of any line


@dataclass
class LoadedYaml:
    """A parsed document and the 1-based (line, column) of every value and mapping key in it."""

    path: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # 0-based line -> the 0-based column after the last scalar holding a '#' (with its tag or anchor) that ends on
    # it, WHOLE_LINE on a line such a scalar runs through: a '#' past it starts a comment (checker.lint.waivers),
    # since no other token holds one. Found while parsing, it spares lint scanning the file's tokens again.
    scalar_ends: dict[int, int] = field(default_factory=dict)

    def where(self, loc: Path_) -> tuple[int | None, int | None]:
        """Position of the deepest known prefix of ``loc`` (pydantic error paths can point below a value)."""
        loc = tuple(loc)
        while True:
            if loc in self.positions:
                return self.positions[loc]
            if not loc:
                return (None, None)
            loc = loc[:-1]

    def key_where(self, loc: Path_) -> tuple[int | None, int | None]:
        """Position of the key of ``loc`` (where a wrong key is reported), else of its value (``where``)."""
        return self.key_positions.get(tuple(loc), self.where(loc))
