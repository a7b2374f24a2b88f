"""Target waivers: ``waivers.yaml`` (or ``--waivers FILE``), read safely and checked, every problem at its
file:line:column with a hint.

An auditor may excuse a district's target for some years (a 国家卫生城镇 creation the city postponed, a project held
by land acquisition); the file keeps who excused it, why, when and until when. Not the ``# noqa`` waivers of lint
findings in plan files (checker.lint.waivers): these excuse verdicts, not findings. How a waiver changes a verdict:
checker.engine.target_waivers; docs/evaluation.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from checker.domain.errors import InputError, Problem
from checker.domain.models import TargetWaiver, WaiversFile
from checker.inputs.loading import did_you_mean
from checker.inputs.resources import display_path
from checker.inputs.yaml_document import LoadedYaml
from checker.inputs.yamlio import load_yaml_file

LOCAL_WAIVERS = "waivers.yaml"  # read from the working folder when --waivers is not given (and announced)
FIELDS = tuple(TargetWaiver.model_fields)
EXAMPLE = (
    "waivers: [{district: rongchang, indicator: nurses_per_1000, target: 专栏1 序号16, years: 2024-2025, "
    "reason: …, approved_by: …, approved_on: 2024-03-15, expires: 2025-12-31}]"
)
_HINTS = {  # by the field at fault: how to write it
    "waivers": f"a list of waivers, each a mapping: {EXAMPLE}",
    "district": "a district's id or name, as 'check districts' lists them",
    "indicator": "an indicator's id, as 'check indicators DISTRICT' lists them",
    "project": "a project's id, as 'check indicators DISTRICT' lists them",
    "target": "the target's place in its document, as the reports cite it: 专栏1 序号16, 第三章第二节, or 16",
    "level": "municipal or national, for a higher level's target applied as a floor; leave it out for the "
    "district's own",
    "years": "a year (2024), a list of years ([2024, 2025]) or a range (2024-2025)",
    "approved_on": "write the date as YYYY-MM-DD (2024-03-15)",
    "expires": "write the date as YYYY-MM-DD (2025-12-31); the waiver holds for a year whose end it reaches",
}
MISSING_HINT = (
    f"each waiver gives {', '.join(f for f in FIELDS if f not in ('project', 'level'))} (project instead of "
    "indicator for a project)"
)


@dataclass(frozen=True)
class LoadedWaiver:
    """One waiver of the file and where it is (its entry's line and column), for the trail and for errors."""

    waiver: TargetWaiver
    index: int  # its place in the file's list: the YAML path ("waivers", index)
    line: int | None
    column: int | None


@dataclass(frozen=True)
class WaiverFile:
    """A waivers file read and checked: its waivers in order, the parsed document (positions) and how to show it."""

    path: Path
    shown: str  # relative to the working folder when inside it, as the reports cite the waiver
    loaded: LoadedYaml
    waivers: tuple[LoadedWaiver, ...]

    def where(self, waiver: LoadedWaiver, field: str | None = None) -> tuple[int | None, int | None]:
        """The line and column of a waiver's field (a field it leaves out: the waiver's own)."""
        loc: tuple[str | int, ...] = ("waivers", waiver.index)
        return self.loaded.where((*loc, field) if field else loc)


def local_waivers_file() -> Path | None:
    """./waivers.yaml when there is such a file here: read by default (and announced by the CLI)."""
    local = Path(LOCAL_WAIVERS)
    return local if local.is_file() else None


def shown_path(path: Path) -> str:
    """A path as reports cite it: relative to the working folder when inside it, else as given."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return display_path(path)


def load_target_waivers(path: Path) -> WaiverFile:
    """The waivers of ``path``; an InputError (exit 2) listing every problem of a malformed file at its place."""
    loaded = load_yaml_file(path)
    if not isinstance(loaded.data, dict):
        raise InputError.single(
            path, "expected a mapping with a 'waivers' list at the top of the file", 1, 1, hint=EXAMPLE
        )
    try:
        parsed = WaiversFile.model_validate(loaded.data)
    except ValidationError as exc:
        raise InputError(_problems(exc, loaded)) from exc
    waivers = tuple(LoadedWaiver(waiver, n, *loaded.where(("waivers", n))) for n, waiver in enumerate(parsed.waivers))
    return WaiverFile(path, shown_path(path), loaded, waivers)


def _problems(exc: ValidationError, loaded: LoadedYaml) -> list[Problem]:
    """Each validation error at its place, in words and with a hint."""
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        field = loc[-1] if loc else ""
        named = [p for p in loc if isinstance(p, str) and p in _HINTS]
        hint = MISSING_HINT if err["type"] == "missing" else _HINTS.get(named[-1]) if named else None
        if len(loc) == 2 and loc[0] == "waivers":  # the entry itself: not a mapping, or one naming no row
            hint = _HINTS["waivers"] if err["type"].endswith("_type") else _HINTS["indicator"]
        if err["type"] == "extra_forbidden":
            line, column = loaded.key_where(loc)
            names = FIELDS if len(loc) > 2 else tuple(WaiversFile.model_fields)
            hint = did_you_mean(str(field), list(names)) or f"the fields are: {', '.join(names)}"
            message = f"unknown field '{field}'"
        else:
            line, column = loaded.where(loc)
            message = f"{_place(loc, loaded.data)}: {_reason(err)}"
            if err["type"] == "missing" and len(loc) > 2:
                line, column = loaded.where(loc[:-1])
        problems.append(Problem(loaded.path, message, line, column, hint))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _place(loc: tuple[Any, ...], data: Any) -> str:
    """``waiver 2 (rongchang nurses_per_1000): years`` for an error in the second waiver's years."""
    if len(loc) < 2 or loc[0] != "waivers" or not isinstance(loc[1], int):
        return ".".join(str(p) for p in loc) or "the file"
    entries = data.get("waivers") if isinstance(data, dict) else None
    entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
    named = ""
    if isinstance(entry, dict):
        words = [str(entry[k]) for k in ("district", "indicator", "project") if isinstance(entry.get(k), str | int)]
        named = f" ({' '.join(words)})" if words else ""
    rest = ".".join(str(p) for p in loc[2:] if not str(p).startswith("function-"))
    return f"waiver {loc[1] + 1}{named}" + (f": {rest}" if rest else "")


def _reason(err: Any) -> str:
    """pydantic's message, without its "Value error, " prefix; a wrong type of entry said plainly."""
    if err["type"] in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, not {type(err['input']).__name__} {err['input']!r}"
    return str(err["msg"]).removeprefix("Value error, ")
