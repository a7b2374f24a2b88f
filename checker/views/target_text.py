"""A target as one short text (``≥ 80 %``, ``3.05–3.6 (2023)``, ``[national] ≤ 16 †``): the same words in the
terminal, the reports, the CI outputs and the template a district fills in."""

from __future__ import annotations

from checker.domain.models import TargetKind
from checker.domain.results import TargetResult
from checker.engine.rules import fmt

UNVERIFIED = "†"  # marks a target whose source outside the seeds is not verified


def target_text(t: TargetResult, plan_end: int) -> str:
    """The target in symbols where it has them, else as printed; its year when not the plan's last."""
    target = t.target
    if target is None:
        return "—"
    if target.kind is TargetKind.RANGE:
        text = f"{fmt(target.low)}–{fmt(target.high)}"
    elif target.kind is TargetKind.THRESHOLD and target.op is not None:
        text = f"{target.op.symbol} {fmt(target.value)}"
    else:
        text = target.printed
    if target.unit and target.kind in (TargetKind.THRESHOLD, TargetKind.RANGE):
        text += f" {target.unit}"
    if target.year != plan_end:
        text += f" ({target.year})"
    if t.floor:
        text = f"[{t.plan_id}] {text}"
    if target.source.verified is False:
        text += f" {UNVERIFIED}"
    return text
