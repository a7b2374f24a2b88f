"""JSON: the run report (versioned, described by checker/schemas/report.schema.json), the views, lint findings,
validation results and a plan's indicators.

Numbers are decimal strings so that no figure is ever rounded through a float; messages stay in English, whatever
--lang says, so that scripts can match them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from checker import __version__
from checker.domain.numbers import decimal_text, fraction_text
from checker.domain.provenance import Provenance, Role
from checker.domain.results import (
    REPORT_SCHEMA_VERSION,
    AppliedWaiver,
    DistrictResult,
    IndicatorResult,
    RunHead,
    RunResult,
    TargetResult,
    value_data,
)
from checker.engine.chance import judged_against
from checker.formats.registry import RenderOptions
from checker.formats.streamed import whole

if TYPE_CHECKING:  # annotations only: importing lint and validation would cost a run report ~40 ms of its cold start
    from checker.inputs.validate import FileResult
    from checker.lint.runner import LintResult
    from checker.views.explain import Explanation, TargetExplanation
    from checker.views.indicators import IndicatorListing
    from checker.views.verify import FileChange, TargetChange, Verification

VALIDATE_SCHEMA_VERSION = 1


def dump(data: Any) -> str:
    """Indented JSON that keeps Chinese readable, ending in a newline: byte for byte what
    ``json.dumps(data, ensure_ascii=False, indent=2)`` writes for the data a report holds (text, integers, booleans,
    null, never a float: figures are decimal strings; a property test holds the two equal), from msgspec's encoder.
    The standard library indents in pure Python: a report of every county (330 MB) took it 13 s and 2 GiB of
    pieces of text; msgspec, 1 s."""
    return _indented(data).decode() + "\n"


def _indented(data: Any) -> bytes:
    import msgspec

    return msgspec.json.format(msgspec.json.encode(data, enc_hook=_text), indent=2)


def _text(value: Any) -> str:
    """A sentence (checker.domain.messages.Message, a str with its code and parameters) as its English text;
    anything else is not JSON a report holds."""
    if isinstance(value, str):
        return str.__str__(value)
    raise TypeError(f"{type(value).__name__} is not JSON a report holds")


def run(report: RunResult, options: RenderOptions) -> bytes:
    """dump(run_data(report)) as the UTF-8 bytes written (written district by district: RunStream)."""
    return whole(RunStream(options), report)


class StreamedList:
    """A JSON document written in pieces: the items of one of its lists one at a time, then the rest around them,
    byte for byte what dump() writes for the whole (tests hold the two equal).

    The list stands at ``depth`` (its items indented by two spaces a level) and is the document's last text: the
    frame finds its place as the last occurrence of a marker, which no text written before it can then displace."""

    _MARKER = "\x1fitems\x1f"  # a control character: JSON escapes it, wherever it appears

    def __init__(self, depth: int) -> None:
        self._indent = b"\n" + b"  " * depth
        self._count = 0

    def item(self, data: Any) -> bytes:
        """One item, with the comma that separates it from the one before."""
        text = _indented(data).replace(b"\n", self._indent)  # a newline in JSON is always between its tokens
        self._count += 1
        return text if self._count == 1 else b"," + self._indent + text

    def frame(self, document: Any) -> tuple[bytes, bytes]:
        """``document`` with the streamed list given as ``StreamedList.SLOT``: the bytes before its items and
        after them (``[]`` when there were none)."""
        text = _indented(document) + b"\n"
        marker = _indented(self._MARKER)
        at = text.rindex(marker)
        before, after = text[:at], text[at + len(marker) :]
        closing = self._indent[:-2] + b"]"
        if not before.endswith(b"[" + self._indent) or not after.startswith(closing):
            raise AssertionError(f"the streamed list is not at depth {len(self._indent) // 2}")
        if self._count == 0:
            return before[: -len(self._indent)], after[len(closing) - 1 :]
        return before, after

    SLOT = (_MARKER,)


class RunStream:
    """The JSON run report, a district at a time (checker.formats.streamed)."""

    def __init__(self, options: RenderOptions) -> None:
        self._districts = StreamedList(depth=2)

    def district(self, district: DistrictResult) -> bytes:
        return self._districts.item(_district(district))

    def frame(self, head: RunHead) -> tuple[bytes, bytes]:
        return self._districts.frame(_run_head(head, StreamedList.SLOT))


def view(data: Any, options: RenderOptions) -> str:
    """A summary, trend or diff: its figures are already decimal strings."""
    return dump(data)


def lint(result: LintResult, options: RenderOptions) -> str:
    """Every finding, waived ones included (``waived``, ``waiver_reason``)."""
    return dump(result.as_records())


def validate(results: list[FileResult], options: RenderOptions) -> str:
    return dump(
        {
            "schema_version": VALIDATE_SCHEMA_VERSION,
            "valid": all(r.valid for r in results),
            "files": [
                {
                    "path": r.path,
                    "valid": r.valid,
                    "documents": r.documents,
                    **({"skipped": True} if r.skipped else {}),  # passed over, not read as data: see its note
                    "notes": r.notes,
                    "problems": [
                        {"line": p.line, "column": p.column, "message": p.message, "hint": p.hint} for p in r.problems
                    ],
                }
                for r in results
            ],
        }
    )


def run_data(run: RunResult) -> dict[str, Any]:
    """The run report as JSON-ready data (checker/schemas/report.schema.json); figures as decimal strings."""
    return _run_head(run.head, [_district(d) for d in run.districts])


def _run_head(head: RunHead, districts: Sequence[Any]) -> dict[str, Any]:
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool": {"name": "health-plan-checker", "version": __version__},
        "year": head.year,
        "illustrative": head.illustrative,
        "verdict": head.verdict.value,
        "counts": head.counts,
        "skipped": list(head.skipped),
        **({} if head.provenance is None else {"provenance": provenance_data(head.provenance)}),
        "districts": list(districts),
    }


def provenance_data(p: Provenance) -> dict[str, Any]:
    """A run's provenance as JSON: the tool, Python, the time, the options, where the inputs came from, and each
    file read with its SHA-256 (by role: plans, rule sets, catalogue, data), and one digest of them all."""

    def files(role: Role) -> list[dict[str, Any]]:
        return [
            {"id": f.id, "path": f.path, "sha256": f.sha256} if f.id else {"path": f.path, "sha256": f.sha256}
            for f in p.of_role(role)
        ]

    return {
        "tool": {"name": p.tool, "version": p.version},
        "python": p.python,
        "generated_at": p.generated_at,
        "options": dict(p.options),
        "sources": dict(p.sources),
        "plans": files("plan"),
        "rule_sets": files("rule_set"),
        "catalogue": files("catalogue"),
        "data": files("data"),
        "inputs_digest": p.inputs_digest,
    }


def _district(d: DistrictResult) -> dict[str, Any]:
    meta = d.plan
    return {
        "district": meta.id,
        "name": meta.name,
        "name_en": meta.name_en,
        "level": meta.level,
        "plan": {
            "title": meta.title,
            "issuer": meta.issuer,
            "number": meta.number,
            "date": meta.date,
            "document": meta.document,
            "period": [meta.period.start, meta.period.end],
        },
        "data": {"path": d.data_path, "source": d.data_source, "illustrative": d.illustrative},
        "verdict": d.verdict.value,
        "counts": d.counts,
        "target_counts": d.target_counts,
        "notes": list(d.notes),
        "indicators": [_indicator(i) for i in d.indicators],
    }


def _indicator(i: IndicatorResult) -> dict[str, Any]:
    project_owner = "、".join(i.owners) if i.kind == "project" and i.owners else None
    return {
        "id": i.indicator.id,
        "kind": i.kind,
        "name": i.indicator.name,
        "name_en": i.indicator.name_en,
        "printed_name": i.printed_name,
        "category": i.category,
        "item": i.item,
        "unit": i.indicator.unit,
        "direction": i.indicator.direction.value,
        "baseline": None if i.baseline is None else {"year": i.baseline.year, "value": decimal_text(i.baseline.value)},
        "value": value_data(i.value),
        "value_source": i.value_source,
        "value_note": i.value_note,
        "value_verified": i.value_verified,
        "value_confirmed": i.value_confirmed,
        "verdict": i.verdict.value,
        "notes": list(i.notes),
        "targets": [_target(t, project_owner, None if i.kind == "project" else i.indicator.unit) for t in i.targets],
    }


def _revision(t: TargetResult) -> dict[str, Any] | None:
    """The mid-term revision a target was judged by: from when, what it replaced, and the revising document."""
    target = t.target
    if target is None or target.revision is None:
        return None
    revision = target.revision
    return {
        "effective": revision.effective.isoformat(),
        "from": target.revised_from,
        "to": target.figure_text(),
        "source": revision.source.as_dict(),
        "note": revision.note,
    }


def _target(t: TargetResult, owner: str | None = None, unit: str | None = None) -> dict[str, Any]:
    """One target; ``owner`` is the project's, for a project target that names none of its own; ``unit`` the
    indicator's, in which a target states its figures unless it names its own (3 万人次 for an indicator in 人次)."""
    target = t.target
    common = {
        "status": t.status.value,
        "reason": t.reason.value,
        "message": t.message,
        "milestone": fraction_text(t.milestone),
        "milestone_exact": None if t.milestone is None else str(t.milestone),
        "progress": fraction_text(t.progress, 4),
        "progress_class": t.progress_class,
        "waiver": _waiver(t.waiver),
        "comparison": t.comparison,
        "rounded_value": decimal_text(t.rounded),
        "revision": _revision(t),
        "interval": _interval(t, unit),
    }
    if target is None:
        return {
            "source": None,
            "plan": None,
            "level": None,
            "floor": False,
            "kind": None,
            "op": None,
            "target": None,
            "low": None,
            "high": None,
            "unit": None,
            "printed": None,
            "target_year": None,
            "nature": None,
            "owner": None,
            "owners": list(t.owners),
            **common,
        }
    return {
        "source": target.source.as_dict(),
        "plan": t.plan_id,
        "level": t.level,
        "floor": t.floor,
        "kind": target.kind.value,
        "op": None if target.op is None else target.op.value,
        "target": value_data(target.value),
        "low": decimal_text(target.low),
        "high": decimal_text(target.high),
        "unit": target.unit or unit,
        "printed": target.printed,
        "target_year": target.year,
        "nature": target.nature.value,
        "owner": target.owner or owner,
        "owners": list(t.owners),
        **common,
    }


def _interval(t: TargetResult, unit: str | None) -> dict[str, Any] | None:
    """The value's confidence interval (docs/evaluation.md, "Chance"): its limits in the indicator's unit to 20
    significant digits (rounded outwards), level, method and counts; the figures the value was judged against and
    whether the interval holds one; the plan's own status where --significance made the shortfall a warn."""
    found = t.interval
    if found is None:
        return None
    figures = None if unit is None else judged_against(t, unit)
    return {
        "lower": decimal_text(found.lower),
        "upper": decimal_text(found.upper),
        "level": found.level,
        "method": found.method,
        "numerator": decimal_text(found.numerator),
        "denominator": decimal_text(found.denominator),
        "judged_against": None
        if figures is None
        else [decimal_text(f) if isinstance(f, Decimal) else fraction_text(f) for f in figures],
        "contains": t.within_interval,
        "unadjusted_status": None if t.unadjusted is None else t.unadjusted.value,
    }


def _waiver(w: AppliedWaiver | None) -> dict[str, Any] | None:
    """The target waiver naming a target: its trail, the target's own status, and whether it had expired (that
    status then stands: ``status`` is it; else ``status`` is waived)."""
    if w is None:
        return None
    return {
        "reason": w.reason,
        "approved_by": w.approved_by,
        "approved_on": w.approved_on.isoformat(),
        "expires": w.expires.isoformat(),
        "expired": w.expired,
        "original_status": w.status.value,
        "file": w.path,
        "line": w.line,
    }


def indicators(listing: IndicatorListing, options: RenderOptions) -> str:
    from checker.views.indicators import plan_projects_data

    return dump({"district": listing.plan.id, "indicators": listing.rows, "projects": plan_projects_data(listing.plan)})


def explain(data: Explanation, options: RenderOptions) -> str:
    """How each verdict on one indicator was reached: the row as the run report gives it (its targets with their
    ``derivation``), where the value was read, and the higher levels whose targets were not applied as floors."""
    from checker.views.explain import EXPLAIN_SCHEMA_VERSION

    row = _indicator(data.row)
    derivations = iter(data.targets)
    for target, result in zip(row["targets"], data.row.targets, strict=True):
        if result.target is not None:
            target["derivation"] = _derivation(next(derivations))
    meta = data.district
    value = data.value
    return dump(
        {
            "schema_version": EXPLAIN_SCHEMA_VERSION,
            "tool": {"name": "health-plan-checker", "version": __version__},
            "year": data.year,
            "district": meta.id,
            "name": meta.name,
            "name_en": meta.name_en,
            "illustrative": data.illustrative,
            "data": {
                "path": value.path,
                "line": value.line,
                "column": value.column,
                "expected_path": value.expected_path,
                "source": value.source,
                "entry": value.key_given,
            },
            "project": None
            if data.project is None or data.project.period is None
            else {"period": [data.project.period.start, data.project.period.end], "status": data.project.status},
            "indicator": row,
            "unapplied_floors": [p.id for p in data.unapplied_floors],
            "notes": list(data.notes),
        }
    )


def _derivation(step: TargetExplanation) -> dict[str, Any]:
    """The steps of one target's verdict: the baseline judged against, the milestone's line and formula, the rule
    that decided with its comparison, the progress ratio's formula, and how the nature gave the status."""
    result = step.result
    milestone = step.milestone
    line = None if milestone is None else milestone.trajectory
    comparison = step.comparison
    return {
        "plan_name": step.plan.name,
        "printed_name": step.printed_name,
        "baseline": None
        if result.baseline is None
        else {"year": result.baseline.year, "value": decimal_text(result.baseline.value)},
        "milestone": None
        if milestone is None or line is None
        else {
            "case": milestone.case,
            "baseline_year": line.baseline_year,
            "baseline": decimal_text(line.baseline),
            "target": decimal_text(line.target),
            "target_year": line.target_year,
            "year": line.year,
            "value": fraction_text(line.milestone),
            "value_exact": str(line.milestone),
            "op": line.op.value,
            "compared": line.compared,
            "formula": milestone.formula,
            "as_value": milestone.absolute,
        },
        "rule": step.rule,
        "due": step.due,
        "comparison": None
        if comparison is None
        else {
            "value": str(comparison.shown),
            "op": comparison.op,
            "figure": comparison.figure,
            "against": comparison.against,
            "holds": comparison.holds,
        },
        "progress": None
        if step.progress is None
        else {
            "formula": step.progress.formula,
            "value": fraction_text(step.progress.value, 4),
            "value_exact": str(step.progress.value),
            "class": step.progress.progress_class,
        },
        "nature_rule": step.nature_rule,
        "shortfall_status": None if step.shortfall_status is None else step.shortfall_status.value,
    }


def verify(data: Verification, options: RenderOptions) -> str:
    """check verify: whether every verdict is the report's, the inputs changed since, the targets that differ."""
    from checker.views.verify import VERIFY_SCHEMA_VERSION

    recorded, now = data.recorded, data.now
    return dump(
        {
            "schema_version": VERIFY_SCHEMA_VERSION,
            "tool": {"name": now.tool, "version": now.version},
            "report": data.report,
            "report_tool": {"name": recorded.tool, "version": recorded.version},
            "generated_at": recorded.generated_at,
            "year": data.year,
            "districts": list(data.districts),
            "sources": dict(now.sources),
            "identical": data.identical,
            "files_compared": data.files_compared,
            "files": [_file_change(f) for f in data.files],
            "targets_compared": data.targets_compared,
            "differences": [_target_change(c) for c in data.targets],
        }
    )


def _file_change(f: FileChange) -> dict[str, Any]:
    return {
        "role": f.role,
        "id": f.id,
        "path": f.path,
        "change": f.change,
        "sha256_report": f.before,
        "sha256_now": f.now,
    }


def _target_change(c: TargetChange) -> dict[str, Any]:
    """A target whose verdict differs: its key (district, indicator, source, target year) and each side's status,
    reason and value (null on the side that lacks it)."""
    row, a, b = c.row, c.before, c.now
    return {
        "district": row["district"],
        "indicator": row["indicator"],
        "name": row["name"],
        "source": row["source"],
        "target_year": row["target_year"],
        "status_report": None if a is None else a["status"],
        "status_now": None if b is None else b["status"],
        "reason_report": None if a is None else a["reason"],
        "reason_now": None if b is None else b["reason"],
        "value_report": None if a is None else a["value"],
        "value_now": None if b is None else b["value"],
    }
