"""``check indicators``: a plan's indicators as a table or JSON (the plan itself, nothing evaluated)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table

from checker.domain.numbers import decimal_text, format_number
from checker.domain.results import value_data
from checker.inputs.loading import IndicatorIndex, LoadedPlan


def plan_indicators_data(plan: LoadedPlan, index: IndicatorIndex) -> list[dict[str, Any]]:
    rows = []
    for entry in plan.plan.indicators:
        ind = index.get(entry.indicator)
        assert ind is not None
        rows.append(
            {
                "id": ind.id,
                "name": ind.name,
                "name_en": ind.name_en,
                "printed_name": entry.printed_name,
                "category": entry.category,
                "unit": ind.unit,
                "direction": ind.direction.value,
                "baseline": None
                if entry.baseline is None
                else {"year": entry.baseline.year, "value": decimal_text(entry.baseline.value)},
                "targets": [
                    {
                        "year": t.year,
                        "op": None if t.op is None else t.op.value,
                        "value": value_data(t.value),
                        "low": decimal_text(t.low),
                        "high": decimal_text(t.high),
                        "printed": t.printed,
                        "nature": t.nature.value,
                        "kind": t.kind.value,
                        "source": t.source.as_dict(),
                    }
                    for t in entry.targets
                ],
                "notes": list(entry.notes) + [t.note for t in entry.targets if t.note],
            }
        )
    return rows


def write_indicators(plan: LoadedPlan, index: IndicatorIndex, fmt: str, stream: TextIO) -> None:
    rows = plan_indicators_data(plan, index)
    if fmt == "json":
        json.dump({"district": plan.id, "indicators": rows}, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    meta = plan.plan.plan
    table = Table(title=f"{meta.name} ({meta.id}): {meta.title}", box=box.SIMPLE_HEAD, title_justify="left")
    for column in ("#", "id", "Indicator", "Unit", "Dir", "Baseline", "Target", "Nature", "Kind"):
        table.add_column(column)
    for entry, row in zip(plan.plan.indicators, rows, strict=True):
        base = "—" if entry.baseline is None else f"{format_number(entry.baseline.value)} ({entry.baseline.year})"
        for n, t in enumerate(entry.targets):
            goal = (
                t.printed
                if t.op is None or not isinstance(t.value, Decimal)
                else f"{t.op.symbol} {format_number(t.value)}"
            )
            table.add_row(
                t.source.item or "",
                row["id"] if n == 0 else "",
                row["name"] if n == 0 else "",
                row["unit"] if n == 0 else "",
                row["direction"] if n == 0 else "",
                base if n == 0 else "",
                f"{goal} ({t.year})",
                t.nature.value,
                t.kind.value,
            )
    Console(file=stream, width=160, no_color=True, highlight=False).print(table)
