"""Waivers: ``# noqa: CODE[,CODE…] reason`` on a finding's line waives it, and must say why (L001–L003).

A waiver records that the document says so where the encoding is faithful and the source is wrong; the reason is
what makes it reviewable, so a waiver without one waives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from checker.inputs.loading import did_you_mean
from checker.lint.codes import CODES, Code, Severity, declare

L001 = Code(
    "L001",
    "waiver-without-reason",
    Severity.ERROR,
    "A `# noqa: CODE` waiver gives no reason; it waives nothing until it does.",
    passing="`# noqa: D202 专栏1 序号3 prints ≤10 against 0`",
    failing="`# noqa: D202`",
)
L002 = Code(
    "L002",
    "malformed-waiver",
    Severity.ERROR,
    "A `# noqa` comment names no code, or a code that does not exist.",
    passing="`# noqa: C301,D201 reason`",
    failing="`# noqa`; `# noqa: Z999 reason`",
)
L003 = Code(
    "L003",
    "unused-waiver",
    Severity.WARNING,
    "A waiver names a code that has no finding on its line.",
    details="A waiver names a code that has no finding on its line (the plan was fixed, or the waiver is on the "
    "wrong line).",
    passing="a waiver on the line of its finding",
    failing="`# noqa: D202 …` on a line with no D202",
)
declare(L001, L002, L003)

_NOQA = re.compile(r"#\s*noqa\b(?P<rest>.*)$", re.IGNORECASE)  # a comment that starts with noqa
_NAMED = re.compile(r"\s*:\s*(?P<codes>[A-Za-z]\d{3}(?:\s*,\s*[A-Za-z]\d{3})*)(?P<reason>.*)$")


@dataclass(frozen=True)
class Waiver:
    """A well-formed waiver: the codes it waives on its line, and why (what the document says)."""

    line: int
    column: int
    codes: tuple[str, ...]
    reason: str


class WaiverProblem(NamedTuple):
    """A waiver that is itself a finding (L001–L003), at the waiver's comment."""

    line: int
    column: int
    code: str
    message: str


def comments(text: str, scalar_ends: dict[int, int]) -> dict[int, tuple[int, str]]:
    """Each line's comment (1-based line → 1-based column, text): what follows the last scalar that ends on the
    line, as the parse found them (LoadedYaml.scalar_ends): no other YAML token holds a '#'."""
    found: dict[int, tuple[int, str]] = {}
    for n, text_line in enumerate(text.split("\n")):
        if "#" not in text_line:
            continue
        at = text_line.find("#", scalar_ends.get(n, 0))
        if at >= 0:
            found[n + 1] = (at + 1, text_line[at:])
    return found


def read_waivers(text: str, scalar_ends: dict[int, int]) -> tuple[dict[int, Waiver], list[WaiverProblem]]:
    """The waivers of a file by line, and its malformed ones (L001, L002); ``scalar_ends`` from its parse."""
    waivers: dict[int, Waiver] = {}
    problems: list[WaiverProblem] = []
    if "noqa" not in text.lower():
        return waivers, problems
    for line, (column, comment) in comments(text, scalar_ends).items():
        noqa = _NOQA.match(comment)
        if noqa is None:
            continue
        parsed = _NAMED.match(noqa.group("rest"))
        if parsed is None:
            problems.append(WaiverProblem(line, column, L002.id, "waiver names no code: write '# noqa: CODE reason'"))
            continue
        codes = tuple(c.strip().upper() for c in parsed.group("codes").split(","))
        for code in codes:
            if code not in CODES:
                hint = did_you_mean(code, list(CODES))
                message = f"waiver names no such code {code!r}" + (f"; {hint}" if hint else "")
                problems.append(WaiverProblem(line, column, L002.id, message))
        reason = parsed.group("reason").strip(" \t-—:;,")
        if not reason:
            message = f"waiver of {', '.join(codes)} gives no reason; it waives nothing until it says why"
            problems.append(WaiverProblem(line, column, L001.id, message))
            continue
        waivers[line] = Waiver(line, column, tuple(c for c in codes if c in CODES), reason)
    return waivers, problems


def unused_waivers(
    waivers: dict[int, Waiver], used: set[tuple[int, str]], enabled: Callable[[str], bool]
) -> list[WaiverProblem]:
    """L003 for each code a waiver names that waived no finding on its line (codes switched off excepted)."""
    return [
        WaiverProblem(
            waiver.line, waiver.column, L003.id, f"waiver of {code} is unused: no {code} finding on this line"
        )
        for waiver in waivers.values()
        for code in waiver.codes
        if enabled(code) and (waiver.line, code) not in used
    ]
