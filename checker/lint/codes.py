"""What a lint code is: a stable id, a name, a default severity and the texts that explain it.

A code is declared next to the check that reports it (checker.lint.units … checker.lint.catalogue; the waiver codes
in checker.lint.waivers, the target waivers' in checker.lint.target_waivers) and joins CODES when its module is
imported; the package's __init__ imports them all (checker.lint.registry), so CODES is complete whichever module is
imported first.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    """How much a finding matters: ``--fail-on`` and the configuration's ``severity`` compare these."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True)
class Code:
    """One code's record: everything the reporters (SARIF's rules) and docs/lint.md's table say about it."""

    id: str
    name: str
    severity: Severity
    description: str  # one sentence: SARIF's shortDescription
    passing: str  # a form that does not report it (Markdown, as are the others)
    failing: str  # a form that does
    details: str = ""  # what it finds in full, where the one sentence leaves something out

    @property
    def explanation(self) -> str:
        """What the code finds, as docs/lint.md's codes table says it."""
        return self.details or self.description


# units, direction, consistency, arithmetic, hierarchy, catalogue, revisions, waivers, target waivers
FAMILIES = "UDCAHKRLW"

CODES: dict[str, Code] = {}  # every declared code by id, in listing order (SARIF's ruleIndex counts on it)


def declare(*codes: Code) -> None:
    """Add codes to CODES, kept in listing order whichever module is imported first; an id is declared once."""
    for code in codes:
        if CODES.setdefault(code.id, code) != code:
            raise ValueError(f"lint code {code.id} is declared twice")
    ordered = sorted(CODES.values(), key=lambda c: (FAMILIES.index(c.id[0]), c.id))
    CODES.clear()
    CODES.update((c.id, c) for c in ordered)
