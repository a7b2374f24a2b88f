"""A target as one short text (``≥ 80 %``, ``3.05–3.6 (2023)``, ``[national] ≤ 16 †``): the same words in the
terminal, the reports, the CI outputs and the template a district fills in."""

from __future__ import annotations

from checker.domain.results import TargetResult

UNVERIFIED = "†"  # marks a target whose source outside the seeds is not verified


def target_text(t: TargetResult, plan_end: int) -> str:
    """The target in symbols where it has them, else as printed; its year when not the plan's last."""
    target = t.target
    if target is None:
        return "—"
    text = target.figure_text()
    if target.year != plan_end:
        text += f" ({target.year})"
    if t.floor:
        text = f"[{t.plan_id}] {text}"
    if target.source.verified is False:
        text += f" {UNVERIFIED}"
    return text
