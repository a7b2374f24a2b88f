"""``check diff``: what changed from one JSON run report to another, target by target.

Data only (the TypedDicts below); checker.formats renders it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Literal, TypedDict

from checker.domain.errors import UsageError
from checker.domain.results import REPORT_SCHEMA_VERSION, Status

READABLE_VERSIONS = (1, REPORT_SCHEMA_VERSION)  # 2 added each target's unit, which a diff does not compare

Report = dict[str, Any]  # a JSON run report as read, of the schema version this checker writes (check_report)
Section = Literal["new", "resolved", "changed", "added", "removed"]
_Key = tuple[str, str, str, str, int | None]  # district, indicator id, "#2" or "", cite, target year


class _Comparison(TypedDict, total=False):
    """What a row of ``new``, ``resolved`` or ``changed`` adds: the status in A and in B, whether it got worse,
    and, for a target in both reports, the value in each and whether it changed."""

    status_a: str | None
    status_b: str | None
    value_a: str | bool | None
    value_b: str | bool | None
    value_changed: bool
    worse: bool


class DiffRow(_Comparison):
    """One target of a report, as the report gives it (B's, or A's for one only in A)."""

    district: str
    indicator: str
    name: str | None
    source: str  # the cite, with "#2", "#3" … for a second row of the same key
    target_year: int | None
    status: str | None
    reason: str | None
    value: str | bool | None
    target: str | None


class Side(TypedDict):
    """One of the two reports compared."""

    year: int | None
    illustrative: bool


class DiffView(TypedDict):
    """The diff: the two reports, whether anything got worse, and the target rows of each section."""

    schema_version: int
    a: Side
    b: Side
    illustrative: bool
    worse: bool  # a new failure or a status worsening: ``check diff`` exits 1
    new: list[DiffRow]
    resolved: list[DiffRow]
    changed: list[DiffRow]
    added: list[DiffRow]
    removed: list[DiffRow]


class ReportError(UsageError):
    """A file given to diff is not a JSON report this checker can read."""


def check_report(data: Any, name: str) -> Report:
    """``data`` if it is a JSON report of the schema version this checker writes, else a ReportError."""
    if not isinstance(data, dict) or "schema_version" not in data or not isinstance(data.get("districts"), list):
        raise ReportError(f"{name} is not a JSON report", "make one with 'check --year YEAR DISTRICT --format json'")
    if data["schema_version"] not in READABLE_VERSIONS:
        raise ReportError(
            f"{name} is a report of schema version {data['schema_version']!r}; "
            f"this checker reads {' and '.join(map(str, READABLE_VERSIONS))}",
            "make both reports with this version of the checker",
        )
    return data


def _cite(source: dict[str, Any] | None) -> str:
    if not source:
        return "—"
    text = f"{source.get('document', '')} {source.get('section', '')}"
    if source.get("item"):
        text += f" {source['item']}"
    return text


def _decimal(text: Any) -> Decimal | None:
    if not isinstance(text, str):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def target_rows(report: Report) -> dict[_Key, DiffRow]:
    """Every target row keyed by district, indicator id, source cite and target year (+ the plan when a floor).

    A second row with the same key in one report (e.g. a threshold and a maintain target from the same 节) gets
    ``#2``, ``#3`` … appended to its cite, in report order.
    """
    out: dict[_Key, DiffRow] = {}
    for district in report["districts"]:
        for ind in district.get("indicators", []):
            for target in ind.get("targets", []):
                if target.get("source") is None:
                    continue  # a reported figure no target applies to
                cite = _cite(target["source"])
                if target.get("floor"):
                    cite = f"[{target.get('plan')}] {cite}"
                base = (district["district"], ind["id"], cite, target.get("target_year"))
                key: _Key = (base[0], base[1], "", base[2], base[3])
                n = 1
                while key in out:
                    n += 1
                    key = (base[0], base[1], f"#{n}", base[2], base[3])
                out[key] = {
                    "district": district["district"],
                    "indicator": ind["id"],
                    "name": ind.get("name"),
                    "source": cite + (f" {key[2]}" if key[2] else ""),
                    "target_year": target.get("target_year"),
                    "status": target.get("status"),
                    "reason": target.get("reason"),
                    "value": ind.get("value"),
                    "target": target.get("target"),
                }
    return out


def _rank(status: Any) -> int:
    try:
        return Status(status).rank
    except ValueError:
        return -1


def same_value(a: Any, b: Any) -> bool:
    """Whether two reported values are the same: figures as Decimals ("4.10" is "4.1"), others as they are."""
    da, db = _decimal(a), _decimal(b)
    if da is not None and db is not None:
        return da == db
    return bool(a == b)


def diff_data(a: Report, b: Report) -> DiffView:
    """What changed from report A to report B, target by target.

    ``new``: failing in B and not failing (or absent) in A; ``resolved``: failing in A and not failing (or absent)
    in B; ``changed``: another status change (``worse`` tells its direction by Status order); ``added`` and
    ``removed``: targets only in B or only in A. ``worse`` overall: a new failure or a status worsening. Values
    are compared as Decimals, so "4.10" and "4.1" are the same.
    """
    ta, tb = target_rows(a), target_rows(b)
    new: list[DiffRow] = []
    resolved: list[DiffRow] = []
    changed: list[DiffRow] = []
    fail = Status.FAIL.value
    for key in sorted(set(ta) | set(tb), key=lambda k: tuple(str(x) for x in k)):
        old, cur = ta.get(key), tb.get(key)
        if old is not None and cur is not None:
            row: DiffRow = {
                **cur,
                "status_a": old["status"],
                "status_b": cur["status"],
                "value_a": old["value"],
                "value_b": cur["value"],
                "value_changed": not same_value(old["value"], cur["value"]),
                "worse": _rank(cur["status"]) > _rank(old["status"]),
            }
            if cur["status"] == fail and old["status"] != fail:
                new.append(row)
            elif old["status"] == fail and cur["status"] != fail:
                resolved.append(row)
            elif old["status"] != cur["status"]:
                changed.append(row)
        elif cur is not None and cur["status"] == fail:
            new.append({**cur, "status_a": None, "status_b": cur["status"], "worse": True})
        elif old is not None and old["status"] == fail:
            resolved.append({**old, "status_a": old["status"], "status_b": None, "worse": False})
    added = [tb[k] for k in tb if k not in ta]
    removed = [ta[k] for k in ta if k not in tb]
    worse = bool(new) or any(row["worse"] for row in changed)
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "a": {"year": a.get("year"), "illustrative": bool(a.get("illustrative"))},
        "b": {"year": b.get("year"), "illustrative": bool(b.get("illustrative"))},
        "illustrative": bool(a.get("illustrative")) or bool(b.get("illustrative")),
        "worse": worse,
        "new": new,
        "resolved": resolved,
        "changed": changed,
        "added": added,
        "removed": removed,
    }
