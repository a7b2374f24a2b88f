"""The benchmark's baseline: the checker's rules for one year, hand-written as vectorised polars expressions.

    python benchmarks/polars_baseline.py OUT --year 2024 [--output verdicts.json]

Why: issue 7 asks how far the checker is from a straightforward columnar evaluation of the same rules, and the
comparison only means something if both give the same verdicts; run.py checks that they agree. OUT is a world
written by generate.py: ``plans.csv`` (the plan table), ``rules/*.yaml`` (rule sets: their threshold and range
targets are floors) and ``data.csv`` (long-form values).

The semantics are those of checker/engine/rules.py (threshold with the 序时进度 trajectory, range, change absolute and
relative, milestone), checker/engine/engine.py (applicable targets, floors) and checker/domain/results.py
(status_for), for the kinds the plan table carries. Arithmetic is exact: every figure is read as text and held as a
scaled integer (Int128, ×10^6); a ratio is a pair of integers and comparisons are cross-multiplied, so no figure ever
passes through a binary float.

Output: ``{"year", "districts", "indicators": [{"id", "verdicts": {district: status}}], "reasons": {…}}``, the
matrix of ``check summary --format json`` (each row's verdict: the worst status of its own targets and floors).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import yaml

SCALE = 10**6  # figures carry at most 6 decimals
MAX_SCALED = 10**15  # |figure| < 10^9 and year spans < 100: every cross-multiplied product stays below 10^33
STATUSES = ("未启动", "启动", "在建", "竣工", "投入使用")
SHORTFALLS = ("missed", "behind_schedule", "missing_value", "not_started")
FIXED = {
    "met": "pass",
    "on_track": "pass",
    "in_progress": "pass",
    "no_baseline": "warn",
    "baseline_required": "not_evaluable",
    "missing_previous_value": "not_evaluable",
    "unresolved_reference": "not_evaluable",
    "floor_breached": "fail",
    "no_target": "info",
    "not_yet_due": "info",
}
RANK = {"info": 0, "pass": 1, "not_evaluable": 2, "warn": 3, "fail": 4}
NUMBER = r"^[+-]?[0-9]+(\.[0-9]{1,6})?$"
I128 = pl.Int128


# --- exact figures --------------------------------------------------------------------------------------------


def scaled(column: str) -> pl.Expr:
    """A decimal string column as an Int128 of millionths (null stays null; a non-number becomes null)."""
    text = pl.col(column).str.strip_chars()
    number = text.str.contains(NUMBER)
    body = text.str.strip_prefix("-").str.strip_prefix("+")
    parts = body.str.split_exact(".", 1)
    whole = parts.struct.field("field_0").cast(I128, strict=False)
    frac = parts.struct.field("field_1").fill_null("").str.pad_end(6, "0").cast(I128, strict=False)
    magnitude = whole * SCALE + frac
    signed = pl.when(text.str.starts_with("-")).then(pl.lit(0, I128) - magnitude).otherwise(magnitude)
    return pl.when(number).then(signed).otherwise(pl.lit(None, I128))


@dataclass(frozen=True)
class Q:
    """A rational figure as two integer expressions, the denominator positive."""

    n: pl.Expr
    d: pl.Expr


def whole(expr: pl.Expr) -> Q:
    """A scaled figure: n / SCALE."""
    return Q(expr, pl.lit(SCALE, I128))


def satisfies(a: Q, op: pl.Expr, c: Q) -> pl.Expr:
    """``a op c`` exactly (cross-multiplied); null operands give False."""
    left, right = a.n * c.d, c.n * a.d
    return _compare(left, op, right)


def _compare(left: pl.Expr, op: pl.Expr, right: pl.Expr) -> pl.Expr:
    return (
        pl.when(op == ">=")
        .then(left >= right)
        .when(op == ">")
        .then(left > right)
        .when(op == "<=")
        .then(left <= right)
        .when(op == "<")
        .then(left < right)
        .when(op == "==")
        .then(left == right)
        .otherwise(False)
        .fill_null(False)
    )


def trajectory(op: pl.Expr, t: Q, b: Q, v: Q, has_baseline: pl.Expr) -> pl.Expr:
    """rules._trajectory: met; missed once due; no baseline; a bound the baseline held; milestone m.

    m = b + (t − b)·N/D with N = year − baseline year, D = target year − baseline year (m = b when the target or
    the year is not after the baseline year); ``v op m`` ⇔ v·D op b·D + (t − b)·N, all over one denominator.
    """
    year, ty, by = pl.col("year"), pl.col("target_year"), pl.col("baseline_year")
    early = (ty <= by) | (year <= by)
    n = pl.when(early).then(0).otherwise(year - by).cast(I128)
    d = pl.when(early).then(1).otherwise(ty - by).cast(I128)
    # over the common denominator v.d·b.d·t.d
    common_v = v.n * b.d * t.d * d
    common_m = b.n * v.d * t.d * d + (t.n * b.d - b.n * t.d) * v.d * n
    t_above_b = satisfies(t, pl.lit(">"), b)
    m_op = pl.when(op == "==").then(pl.when(t_above_b).then(pl.lit(">=")).otherwise(pl.lit("<="))).otherwise(op)
    return (
        pl.when(satisfies(v, op, t))
        .then(pl.lit("met"))
        .when(year >= ty)
        .then(pl.lit("missed"))
        .when(~has_baseline)
        .then(pl.lit("no_baseline"))
        .when(satisfies(b, op, t))
        .then(pl.lit("missed"))
        .when(_compare(common_v, m_op, common_m))
        .then(pl.lit("on_track"))
        .otherwise(pl.lit("behind_schedule"))
    )


def reason() -> pl.Expr:
    """The reason of one target for one value: checker.engine.rules.evaluate for threshold, range, change, milestone."""
    kind, op = pl.col("kind"), pl.col("op")
    v, b = pl.col("v"), pl.col("b")
    has_b = b.is_not_null()
    year, ty = pl.col("year"), pl.col("target_year")

    threshold = trajectory(op, whole(pl.col("t")), whole(b), whole(v), has_b)

    low, high = pl.col("low_s"), pl.col("high_s")
    below = v < low
    direct = (year >= ty) | ~has_b | ((low <= b) & (b <= high)).fill_null(False) | ((b < low) != below).fill_null(False)
    nearer = pl.when(below).then(low).otherwise(high)
    in_range = (
        pl.when((low <= v) & (v <= high))
        .then(pl.lit("met"))
        .when(direct & (year < ty) & ~has_b)
        .then(pl.lit("no_baseline"))
        .when(direct)
        .then(pl.lit("missed"))
        .otherwise(
            trajectory(
                pl.when(below).then(pl.lit(">=")).otherwise(pl.lit("<=")), whole(nearer), whole(b), whole(v), has_b
            )
        )
    )

    zero = Q(pl.lit(0, I128), pl.lit(1, I128))
    relative = pl.col("relative")
    # relative change (v − b)·100 / b, kept as a fraction with a positive denominator |b|
    rel = Q((v - b) * 100 * b.sign(), b.abs())
    change = (
        pl.when(~has_b)
        .then(pl.lit("baseline_required"))
        .when(relative & (b == 0))
        .then(pl.lit("baseline_required"))
        .when(relative)
        .then(trajectory(op, whole(pl.col("t")), zero, rel, pl.lit(True)))
        .otherwise(trajectory(op, whole(pl.col("t")), zero, whole(v - b), pl.lit(True)))
    )

    reached, wanted = pl.col("reached"), pl.col("wanted")
    milestone = (
        pl.when(reached >= wanted)
        .then(pl.lit("met"))
        .when(year >= ty)
        .then(pl.lit("missed"))
        .when(reached > 0)
        .then(pl.lit("in_progress"))
        .when(pl.col("starts").is_not_null() & (year < pl.col("starts")))
        .then(pl.lit("not_yet_due"))
        .otherwise(pl.lit("not_started"))
    )
    return (
        pl.when(pl.col("value").is_null())
        .then(pl.lit("missing_value"))
        .when(kind == "threshold")
        .then(threshold)
        .when(kind == "range")
        .then(in_range)
        .when(kind == "change")
        .then(change)
        .when(kind == "milestone")
        .then(milestone)
        .otherwise(pl.lit(None, pl.String))
    )


def status(reason_col: str = "reason") -> pl.Expr:
    """results.status_for: a shortfall is fail when binding, else warn; other reasons have a fixed status."""
    r = pl.col(reason_col)
    return (
        pl.when(r.is_in(SHORTFALLS))
        .then(pl.when(pl.col("nature") == "binding").then(pl.lit("fail")).otherwise(pl.lit("warn")))
        .otherwise(r.replace_strict(FIXED, default=None, return_dtype=pl.String))
    )


# --- inputs ---------------------------------------------------------------------------------------------------


class _ExactLoader(yaml.SafeLoader):
    """PyYAML's safe loader with numbers kept as their text (a float would not be exact)."""


_ExactLoader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: loader.construct_scalar(node))
_ExactLoader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: loader.construct_scalar(node))

TARGET_COLUMNS = ("kind", "op", "value", "low", "high", "relative", "baseline_year", "baseline_value", "target_year")


def rule_sets(rules_dir: Path) -> tuple[pl.DataFrame, dict[str, str | None]]:
    """Threshold and range targets of every rule set (rules/*.yaml), and each rule set's parent."""
    rows: list[dict[str, Any]] = []
    parents: dict[str, str | None] = {}
    for path in sorted(rules_dir.glob("*.yaml")):
        if path.name == "indicators.yaml":
            continue
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_ExactLoader)  # a SafeLoader subclass
        meta = doc["plan"]
        parents[meta["id"]] = meta.get("parent")
        for entry in doc.get("indicators") or ():
            base = entry.get("baseline")
            for t in entry["targets"]:
                kind = t.get("kind", "threshold")
                if kind not in ("threshold", "range"):
                    continue  # only these are floors (engine._floors)
                if t.get("unit"):
                    raise SystemExit(f"{path}: targets in another unit than the indicator's are not supported here")
                rows.append(
                    {
                        "floor_plan": meta["id"],
                        "indicator": entry["indicator"],
                        "kind": kind,
                        "op": t.get("op"),
                        "value": None if t.get("value") is None else str(t["value"]),
                        "low": None if t.get("low") is None else str(t["low"]),
                        "high": None if t.get("high") is None else str(t["high"]),
                        "relative": "",
                        "baseline_year": None if base is None else str(base["year"]),
                        "baseline_value": None if base is None else str(base["value"]),
                        "target_year": str(t["year"]),
                        "nature": t["nature"],
                    }
                )
    schema = {name: pl.String for name in ("floor_plan", "indicator", *TARGET_COLUMNS, "nature")}
    return pl.DataFrame(rows, schema=schema), parents


def ancestors(parent: str | None, parents: dict[str, str | None]) -> list[str]:
    """The rule sets above a plan whose parent is ``parent`` (registry.ancestors)."""
    chain: list[str] = []
    while parent is not None and parent in parents and parent not in chain:
        chain.append(parent)
        parent = parents[parent]
    return chain


def applicable(frame: pl.DataFrame, keys: list[str], year: int) -> pl.DataFrame:
    """engine.applicable_targets: due in ``year`` or later; once all are past, the latest ones."""
    latest = pl.col("target_year").max().over(keys)
    return frame.filter((pl.col("target_year") >= year) | ((latest < year) & (pl.col("target_year") == latest)))


def prepared(frame: pl.DataFrame, year: int) -> pl.DataFrame:
    """Typed columns for reason(): scaled figures, years as integers, project statuses as their rank."""
    order = {s: i for i, s in enumerate(STATUSES)}
    numeric = pl.col("kind") != "milestone"
    frame = frame.with_columns(
        pl.lit(year).alias("year"),
        pl.col("target_year").cast(pl.Int64),
        pl.col("baseline_year").cast(pl.Int64),
        pl.when(numeric).then(scaled("value_reported")).alias("v"),
        scaled("baseline_value").alias("b"),
        pl.when(numeric).then(scaled("value")).alias("t"),
        scaled("low").alias("low_s"),
        scaled("high").alias("high_s"),
        (pl.col("relative").fill_null("") == "true").alias("relative"),
        pl.when(~numeric).then(pl.col("value_reported").replace_strict(order, default=-1)).alias("reached"),
        pl.when(~numeric).then(pl.col("value").replace_strict(order, default=-1)).alias("wanted"),
    ).rename({"value": "target_value"})
    _refuse_unreadable(frame)
    return frame.rename({"value_reported": "value"})


def _refuse_unreadable(frame: pl.DataFrame) -> None:
    """Figures this baseline cannot hold exactly are an error, not a silent null."""
    numeric = frame.filter(pl.col("kind") != "milestone")
    checks = {
        "value": pl.col("value_reported").is_not_null() & pl.col("v").is_null(),
        "target": pl.col("target_value").is_not_null() & pl.col("t").is_null(),
        "baseline": pl.col("baseline_value").is_not_null() & pl.col("b").is_null(),
        "range": (pl.col("low").is_not_null() & pl.col("low_s").is_null())
        | (pl.col("high").is_not_null() & pl.col("high_s").is_null()),
        "figure": pl.any_horizontal(
            (pl.col(c).abs() >= MAX_SCALED).fill_null(False) for c in ("v", "t", "b", "low_s", "high_s")
        )
        | ((pl.col("target_year") - pl.col("baseline_year")).abs() >= 100).fill_null(False),
    }
    for what, bad in checks.items():
        found = numeric.filter(bad)
        if found.height:
            raise SystemExit(f"cannot read {what} exactly (at most 6 decimals, below 10^9): {found.row(0, named=True)}")
    statuses = frame.filter((pl.col("kind") == "milestone") & pl.col("value_reported").is_not_null())
    bad_status = statuses.filter((pl.col("reached") < 0) | (pl.col("wanted") < 0))
    if bad_status.height:
        raise SystemExit(f"unknown project status: {bad_status.row(0, named=True)}")


def evaluate(world: Path, year: int, targets: bool = False) -> dict[str, Any]:
    """The district × indicator verdicts for ``year`` (and the count of every reason, to show what occurred);
    with ``targets``, also every target's reason as [district, indicator, plan of the target, reason], sorted."""
    plans = pl.read_csv(world / "plans.csv", infer_schema=False)
    data = (
        pl.read_csv(world / "data.csv", infer_schema=False)
        .filter(pl.col("year").str.strip_chars() == str(year))
        .select("district", "indicator", pl.col("value").str.strip_chars().replace("", None).alias("value_reported"))
    )
    floors, parents = rule_sets(world / "rules")
    # districts with values for the year, as `check … all` with one --data file evaluates them
    districts = sorted(set(plans["district"].unique()) & set(data["district"].unique()))
    plans = plans.filter(pl.col("district").is_in(districts))
    in_period = (pl.col("period_start").cast(pl.Int64) <= year) & (year <= pl.col("period_end").cast(pl.Int64))
    own = applicable(
        plans.filter(in_period).with_columns(pl.col("target_year").cast(pl.Int64)), ["district", "indicator"], year
    ).with_columns(pl.col("target_year").cast(pl.String))
    own = own.join(data, on=["district", "indicator"], how="left")
    own = prepared(
        own.with_columns(
            pl.when(pl.col("kind") == "milestone").then(pl.col("period_start").cast(pl.Int64)).alias("starts")
        ),
        year,
    )
    own = own.with_columns(reason().alias("reason")).with_columns(status().alias("status"))

    # every row of a district: plan indicators and projects (in period, or with a value), and reported figures
    listed = plans.select("district", "indicator").unique()
    reported = data.filter(pl.col("value_reported").is_not_null()).select("district", "indicator")
    rows = pl.concat(
        [
            plans.filter(in_period).select("district", "indicator"),
            listed.join(reported, on=["district", "indicator"]),
            data.select("district", "indicator").join(listed, on=["district", "indicator"], how="anti"),
        ]
    ).unique()

    # floors: the ancestors' threshold and range targets for the same indicator, on each non-missing value
    chain = pl.DataFrame(
        [
            {"district": d, "floor_plan": a}
            for d, p in plans.select("district", "parent").unique().iter_rows()
            for a in ancestors(p or None, parents)
        ],
        schema={"district": pl.String, "floor_plan": pl.String},
    )
    floors = applicable(floors.with_columns(pl.col("target_year").cast(pl.Int64)), ["floor_plan", "indicator"], year)
    floors = floors.with_columns(pl.col("target_year").cast(pl.String))
    on_floors = (
        rows.join(data.filter(pl.col("value_reported").is_not_null()), on=["district", "indicator"])
        .join(chain, on="district")
        .join(floors, on=["floor_plan", "indicator"])
        .with_columns(pl.lit(None, pl.Int64).alias("starts"))
    )
    on_floors = prepared(on_floors, year).with_columns(reason().alias("reason"))
    on_floors = on_floors.with_columns(
        pl.when(pl.col("reason").is_in(SHORTFALLS)).then(pl.lit("floor_breached")).otherwise("reason").alias("reason")
    ).with_columns(status().alias("status"))

    results = pl.concat(
        [
            own.select("district", "indicator", pl.col("district").alias("plan"), "reason", "status"),
            on_floors.select("district", "indicator", pl.col("floor_plan").alias("plan"), "reason", "status"),
        ]
    )
    verdicts = (
        rows.join(results, on=["district", "indicator"], how="left")
        .with_columns(pl.col("status").fill_null("info").replace_strict(RANK, return_dtype=pl.Int8).alias("rank"))
        .group_by("indicator", "district")
        .agg(pl.col("rank").max())
        .with_columns(pl.col("rank").replace_strict({v: k for k, v in RANK.items()}, return_dtype=pl.String))
        .sort("indicator", "district")
    )
    indicators = [
        {"id": ind, "verdicts": dict(zip(group["district"].to_list(), group["rank"].to_list(), strict=True))}
        for (ind,), group in verdicts.group_by("indicator", maintain_order=True)
    ]
    reasons = results.group_by("reason").len().sort("reason")
    found: dict[str, Any] = {
        "year": year,
        "districts": districts,
        "indicators": indicators,
        "reasons": dict(zip(reasons["reason"].to_list(), reasons["len"].to_list(), strict=True)),
    }
    if targets:
        rows_out = results.select("district", "indicator", "plan", "reason").sort("district", "indicator", "plan")
        found["targets"] = [list(r) for r in rows_out.iter_rows()]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("world", type=Path, help="a folder written by generate.py")
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--output", type=Path, help="write the JSON here (default: standard output)")
    args = parser.parse_args()
    text = json.dumps(evaluate(args.world, args.year), ensure_ascii=False)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
