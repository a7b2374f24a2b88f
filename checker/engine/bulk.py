"""The columnar path: ``check summary`` over a plan table and a long-form data table, evaluated in polars.

Why: at national scale (every county, 60 indicators) building a model object per target and a result object per
verdict costs seconds that a columnar evaluation does not. This path gives the same summary as the engine (the
records of checker.domain.summary_view), with the same rule semantics (engine/rules.py, results.status_for, the
engine's floors), for the inputs it is sure of: the four kinds threshold, range, change and milestone; plain decimal
figures in the indicator's unit; exact indicator ids. Anything else (another kind, a unit to convert, a name or
alias as a key, a figure the pure path would reject, a file it cannot read) returns None, and the caller runs the
engine, which evaluates or reports the problem at its file:line:column. That the two paths agree is a property
test (tests/unit/test_bulk.py).

Exact arithmetic: every figure becomes an integer scaled by 10^6 (Int128) and every comparison with the 序时进度
milestone is cross-multiplied (v·n ≥ b·n + (t−b)·k), so no float and no rounding enters a verdict.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from checker.domain.models import STATUSES, Nature, TargetKind
from checker.domain.plausibility import Reference, doubt
from checker.domain.results import REPORT_SCHEMA_VERSION, SHORTFALL_STATUS, Reason, Status, status_for
from checker.domain.summary_view import Counts, DistrictInfo, SummaryRow, SummaryView
from checker.inputs.loading import IndicatorIndex, LoadedPlan, load_catalogue, load_plan, rule_set_files
from checker.inputs.plan_table import COLUMNS
from checker.inputs.resources import display_path
from checker.inputs.yamlio import MAX_TABLE_BYTES

if TYPE_CHECKING:
    import polars as pl

SCALE = 10**6
PLACES = 6
KINDS = ("threshold", "range", "change", "milestone")
OPS = (">=", ">", "<=", "<")
NATURES = tuple(n.value for n in SHORTFALL_STATUS)
DATA_COLUMNS = ("district", "year", "indicator", "value", "unit", "source", "note", "illustrative", "verified")
NUMBER = r"^-?[0-9]+(\.[0-9]{1,6})?$"
IDENTIFIER = r"^[a-z][a-z0-9_]{0,63}$"
YEAR = r"^[0-9]{4}$"
SHORTFALLS = ("missed", "behind_schedule", "missing_value", "not_started")
UPPER = {"%": 100, "‰": 1000, "/10万": 100_000}


class NotApplicable(Exception):
    """The columnar path is not sure of this input: the engine takes it."""


def summary(year: int, plans: Path | None, rules_dir: Path | None, data: Path | None, lang: str) -> SummaryView | None:
    """``check summary --year Y all`` as the views' summary_of would give it, or None (see the module)."""
    if plans is None or data is None or not (_is_csv(plans) and _is_csv(data)):
        return None
    try:
        import polars  # noqa: F401  (optional: pip install 'health-plan-checker[scale]')
    except ImportError:
        return None
    try:
        return _summary(year, plans, rules_dir, data, lang)
    except NotApplicable:
        return None


def _is_csv(path: Path) -> bool:
    return path.suffix.lower() == ".csv" and path.is_file() and path.stat().st_size <= MAX_TABLE_BYTES


def _summary(year: int, plans: Path, rules_dir: Path | None, data: Path, lang: str) -> SummaryView:
    import polars as pl

    index = load_catalogue(rules_dir)
    rule_sets = {p.id: p for p in (load_plan(f, index) for f in rule_set_files(rules_dir or _bundled_rules()))}
    table = _plan_table(plans, index, rule_sets)
    districts = table.select("district").unique(maintain_order=True).to_series().to_list()
    values = _values(data, year, table, index, districts)
    reported = values.select("district").unique().to_series().to_list()
    meta = table.group_by("district", maintain_order=True).agg(
        pl.col("district_name").first(),
        pl.col("district_name_en").first(),
        pl.col("parent").first(),
        pl.col("period_start").first().cast(pl.Int32),
        pl.col("period_end").first().cast(pl.Int32),
    )
    # A district the file holds no values for (run_check skips it) or a year outside a plan's period (only floors
    # apply): the engine says so in sentences of its own, so such a run is the engine's.
    _require(meta.filter(~pl.col("district").is_in(reported)).height == 0)
    _require(meta.filter((pl.col("period_start") > year) | (pl.col("period_end") < year)).height == 0)
    order = sorted(meta.get_column("district").to_list())  # the registry's order: level, then id
    rows = _rows(table, values, year)
    floors = _floors(values, rule_sets, meta, year)
    results = pl.concat([_own(rows, year), floors], how="diagonal_relaxed")
    verdicts = _verdicts(table, values, results)
    illustrative = dict(values.group_by("district").agg(pl.col("illustrative").first()).iter_rows())
    return _view(year, order, meta, verdicts, table, index, data, illustrative, lang)


def _bundled_rules() -> Path:
    from checker.inputs.resources import bundled_dir

    return bundled_dir("rules")


# --- reading and checking the two tables ----------------------------------------------------------------------


def _strings(path: Path) -> pl.DataFrame:
    import polars as pl

    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
    except Exception as exc:  # any reading problem: the engine's reader reports it properly
        raise NotApplicable from exc
    return frame.with_columns(pl.all().fill_null("").str.strip_chars())


def _require(condition: bool) -> None:
    if not condition:
        raise NotApplicable


def _plan_table(path: Path, index: IndicatorIndex, rule_sets: dict[str, LoadedPlan]) -> pl.DataFrame:
    import polars as pl

    frame = _strings(path)
    columns = [c.lower() for c in frame.columns]
    _require(set(columns) <= set(COLUMNS) and len(set(columns)) == len(columns))
    frame.columns = columns
    for column in COLUMNS:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit("").alias(column))
    frame = frame.filter(pl.any_horizontal(pl.all() != ""))
    _require(frame.height > 0)
    catalogue = [i.id for i in index.catalogue.indicators]
    project = pl.col("project_name") != ""
    c = pl.col
    ok = pl.all_horizontal(
        c("district").str.contains(IDENTIFIER),
        ~c("district").is_in(list(rule_sets)),
        c("district_name") != "",
        c("parent").is_in(list(rule_sets)),
        c("period_start").str.contains(YEAR),
        c("period_end").str.contains(YEAR),
        c("target_year").str.contains(YEAR),
        c("kind").is_in(KINDS),
        c("nature").is_in(NATURES),
        c("document") != "",
        c("section") != "",
        c("unit") == "",
        c("relative").is_in(["", "true", "false"]),
        c("verified").is_in(["", "true", "false"]),
        pl.when(project)
        .then((c("kind") == "milestone") & c("indicator").str.contains(IDENTIFIER) & ~c("indicator").is_in(catalogue))
        .otherwise((c("kind") != "milestone") & c("indicator").is_in(catalogue)),
        pl.when(c("kind") == "milestone")
        .then(c("value").is_in(list(STATUSES)) & c("op").is_in(["", ">="]))
        .when(c("kind") == "range")
        .then(c("low").str.contains(NUMBER) & c("high").str.contains(NUMBER) & (c("op") == "") & (c("value") == ""))
        .otherwise(c("op").is_in(OPS) & c("value").str.contains(NUMBER)),
        (c("baseline_value") == "") | c("baseline_value").str.contains(NUMBER),
        (c("baseline_year") == "") | c("baseline_year").str.contains(YEAR),
        (c("baseline_year") == "") == (c("baseline_value") == ""),
        (c("project_start") == "") | c("project_start").str.contains(YEAR),
        c("project_end") == "",
    )
    _require(bool(frame.select(ok.all()).item()))
    frame = frame.with_columns(
        *(_scaled(name) for name in ("value", "low", "high", "baseline_value")),
        *(c(name).replace("", None).cast(pl.Int32).alias(name) for name in ("target_year", "baseline_year")),
        c("project_start").replace("", None).cast(pl.Int32),
        (c("relative") == "true").alias("relative"),
        project.alias("is_project"),
        pl.int_range(pl.len()).alias("row"),
    )
    # what the engine's models refuse: a range upside down, metadata or baselines that differ between rows
    _require(bool(frame.select(((c("low_i") <= c("high_i")) | (c("kind") != "range")).all()).item()))
    for keys, same in (
        (["district"], ["district_name", "district_name_en", "parent", "period_start", "period_end", "title"]),
        (["district", "indicator"], ["baseline_year", "baseline_value", "project_name", "project_start"]),
    ):
        distinct = frame.group_by(keys).agg(*(c(s).n_unique() for s in same))
        _require(bool(distinct.select(pl.all_horizontal(*(c(s) == 1 for s in same)).all()).item()))
    return frame


def _values(path: Path, year: int, table: pl.DataFrame, index: IndicatorIndex, districts: list[str]) -> pl.DataFrame:
    """The year's values of the table's districts; None-tolerant checks the engine's data loader would make."""
    import polars as pl

    frame = _strings(path)
    _require(
        set(frame.columns) <= set(DATA_COLUMNS) and {"district", "year", "indicator", "value"} <= set(frame.columns)
    )
    for column in DATA_COLUMNS:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit("").alias(column))
    c = pl.col
    frame = frame.filter(pl.any_horizontal(pl.all() != ""))
    # what the reader refuses anywhere in the file, whichever year is asked: a row without an indicator, and an
    # indicator given twice for one district and year
    _require(bool(frame.select((c("year").str.contains(YEAR) & (c("indicator") != "")).all()).item()))
    _require(not frame.select(pl.struct("district", "year", "indicator").is_duplicated().any()).item())
    # rows naming a district by its name rather than its id: the engine matches names; leave them to it
    names = table.select(pl.concat_list("district_name", "district_name_en").explode().unique()).to_series()
    _require(not frame.select((c("district").is_in(names) & ~c("district").is_in(districts)).any()).item())
    last_year = frame.filter((c("year") == str(year - 1)) & c("district").is_in(districts))
    frame = frame.filter((c("year") == str(year)) & c("district").is_in(districts)).with_row_index("position")
    projects = table.filter(c("is_project")).select("district", "indicator").unique()
    catalogue = pl.DataFrame(
        {
            "indicator": [i.id for i in index.catalogue.indicators],
            "unit_of": [i.unit for i in index.catalogue.indicators],
            "signed": [i.signed for i in index.catalogue.indicators],
        }
    )
    frame = (
        frame.join(projects.with_columns(pl.lit(True).alias("is_project")), on=["district", "indicator"], how="left")
        .with_columns(c("is_project").fill_null(False))
        .join(catalogue, on="indicator", how="left")
    )
    _require(bool(frame.select(c("illustrative").is_in(["true", "false"]).all()).item()))
    illustrative = frame.group_by("district").agg(c("illustrative").first(), c("illustrative").n_unique().alias("n"))
    _require(bool(illustrative.select((c("n") == 1).all()).item()))
    number = c("value").str.contains(NUMBER)
    ok = pl.all_horizontal(
        c("unit") == "",
        c("verified") == "",
        pl.when(c("is_project"))
        .then((c("value") == "") | c("value").is_in(list(STATUSES)))
        .otherwise(c("unit_of").is_not_null() & ((c("value") == "") | number)),
    )
    _require(bool(frame.select(ok.all()).item()))
    _require(frame.select(pl.struct("district", "indicator").is_duplicated().any()).item() is False)
    frame = frame.with_columns(_scaled("value"), (c("illustrative") == "true").alias("illustrative"))
    # what the data loader refuses as impossible: a negative rate, a share above 100 %
    limits = pl.DataFrame({"unit_of": list(UPPER), "upper": [v * SCALE for v in UPPER.values()]}).with_columns(
        c("upper").cast(pl.Int128)
    )
    checked = frame.join(limits, on="unit_of", how="left").filter(c("value_i").is_not_null() & ~c("signed"))
    _require(
        bool(
            checked.select(((c("value_i") >= 0) & ((c("upper").is_null()) | (c("value_i") <= c("upper")))).all()).item()
        )
    )
    _require(not _doubtful(frame, table, index))
    _require(not _far_from_last_year(frame, last_year))
    return frame


def _far_from_last_year(values: pl.DataFrame, last_year: pl.DataFrame) -> bool:
    """Whether a value may be a power of ten off last year's, which the data loader holds it against
    (data_store.against_last_year): a figure a factor 5 or more from last year's. Within it no power of ten can be
    found, whatever the plan's figures: plausibility.off_by_power_of_ten finds one only for a figure at most a fifth
    of the smallest reference or at least 5 times the largest (its smallest power, 10, halved), and last year's value
    is one of the references. Beyond it the engine judges (a table's years rarely differ so much; a factor 2, the
    bound before, sent every national table with one noisy figure to the engine, 15× slower)."""
    import polars as pl

    c = pl.col
    keys = ["district", "indicator"]
    last = last_year.select(*keys, _scaled("value").alias("last_i")).filter(c("last_i") > 0)
    v = c("value_i")
    pairs = values.filter(v.is_not_null() & (v > 0) & ~c("signed") & ~c("is_project")).join(last, on=keys)
    return bool(pairs.select(((v * 5 <= c("last_i")) | (v >= c("last_i") * 5)).any()).item())


def _doubtful(values: pl.DataFrame, table: pl.DataFrame, index: IndicatorIndex) -> bool:
    """Whether the data loader would refuse a value as implausible (checker/domain/plausibility.py; a table here has
    no confirmations). A columnar test clears nearly every row; the few it cannot (outside their plausible range, or
    more than a factor 2 outside the span of their plan's figures) are judged one by one as the loader judges them."""
    import polars as pl

    c = pl.col
    plan = table.filter(~c("is_project"))
    keys = ["district", "indicator"]
    figures = pl.concat(
        [
            plan.filter(c("kind") == "threshold").select(*keys, c("value_i").alias("figure")),
            plan.filter(c("kind") == "range").select(*keys, c("low_i").alias("figure")),
            plan.filter(c("kind") == "range").select(*keys, c("high_i").alias("figure")),
            plan.select(*keys, c("baseline_value_i").alias("figure")),
        ]
    ).filter(c("figure") > 0)
    spans = figures.group_by(keys).agg(c("figure").min().alias("lo"), c("figure").max().alias("hi"))
    bounded = [(i.id, i.plausible) for i in index.catalogue.indicators if i.plausible is not None]
    ranges = pl.DataFrame(
        {
            "indicator": [id_ for id_, _ in bounded],
            "min_i": [math.ceil(Fraction(r.min) * SCALE) for _, r in bounded],  # v < min ⇔ v·10⁶ < ⌈min·10⁶⌉
            "max_i": [math.floor(Fraction(r.max) * SCALE) for _, r in bounded],
        },
        schema={"indicator": pl.String, "min_i": pl.Int128, "max_i": pl.Int128},
    )
    v = c("value_i")
    suspects = (
        values.filter(v.is_not_null() & ~c("signed") & ~c("is_project"))
        .join(spans, on=keys, how="left")
        .join(ranges, on="indicator", how="left")
        .filter(
            ((v > 0) & c("lo").is_not_null() & ((v * 2 < c("lo")) | (v > c("hi") * 2)))
            | (c("min_i").is_not_null() & ((v < c("min_i")) | (v > c("max_i"))))
        )
        .select(*keys, "value")
    )
    if suspects.is_empty():
        return False
    texts = plan.join(suspects.select(keys).unique(), on=keys)
    texts = texts.select(*keys, "kind", "value", "low", "high", "baseline_value")
    references: dict[tuple[str, str], list[Reference]] = {}
    for district, indicator, kind, value, low, high, baseline in texts.iter_rows():
        shown = [baseline, *({"threshold": [value], "range": [low, high]}.get(kind, []))]
        references.setdefault((district, indicator), []).extend(Reference(Decimal(t), "target", 0) for t in shown if t)
    for district, indicator, value in suspects.iter_rows():
        catalogued = index.get(indicator)
        assert catalogued is not None  # rows of indicators outside the catalogue were refused above
        if doubt(Decimal(value), catalogued, references.get((district, indicator), [])) is not None:
            return True
    return False


def _scaled(name: str) -> pl.Expr:
    """A decimal text as an integer of millionths (Int128): exact, and comparable by cross-multiplication."""
    import polars as pl

    text = pl.col(name)
    body = text.str.strip_prefix("-")
    parts = body.str.split_exact(".", 1)
    whole = parts.struct.field("field_0").cast(pl.Int128, strict=False)
    fraction = parts.struct.field("field_1").fill_null("").str.pad_end(PLACES, "0").cast(pl.Int128, strict=False)
    magnitude = whole * SCALE + fraction
    return (
        pl.when(text.str.contains(NUMBER))
        .then(pl.when(text.str.starts_with("-")).then(magnitude * -1).otherwise(magnitude))
        .otherwise(None)
        .alias(f"{name}_i")
    )


# --- evaluation ---------------------------------------------------------------------------------------------


def _rows(table: pl.DataFrame, values: pl.DataFrame, year: int) -> pl.DataFrame:
    """One row per target of the year (the engine's applicable_targets), with its district's value. Every plan
    covers the year (_summary leaves other runs to the engine)."""
    import polars as pl

    c = pl.col
    own = table
    latest = own.group_by("district", "indicator").agg(
        c("target_year").filter(c("target_year") >= year).min().alias("ahead"), c("target_year").max().alias("last")
    )
    own = own.join(latest, on=["district", "indicator"]).filter(
        pl.when(c("ahead").is_not_null()).then(c("target_year") >= year).otherwise(c("target_year") == c("last"))
    )
    own = own.rename({"value": "target_value", "value_i": "target_i"})
    return own.join(
        values.select("district", "indicator", "value", "value_i"), on=["district", "indicator"], how="left"
    ).with_columns(c("value").fill_null(""))


def _trajectory(v: pl.Expr, t: pl.Expr, b: pl.Expr, by: pl.Expr, ty: pl.Expr, op: pl.Expr, year: int) -> pl.Expr:
    """rules._trajectory: met; missed at or after the target year; no baseline; missed when the baseline already
    held the bound; else on track or behind the straight line from the baseline to the target."""
    import polars as pl

    n, k = (ty - by).cast(pl.Int128), (pl.lit(year) - by).cast(pl.Int128)
    flat = (ty <= by) | (pl.lit(year) <= by)
    milestone_rhs = pl.when(flat).then(b).otherwise(b * n + (t - b) * k)
    lhs = pl.when(flat).then(v).otherwise(v * n)
    return (
        pl.when(_compare(v, op, t))
        .then(pl.lit("met"))
        .when(pl.lit(year) >= ty)
        .then(pl.lit("missed"))
        .when(b.is_null())
        .then(pl.lit("no_baseline"))
        .when(_compare(b, op, t))
        .then(pl.lit("missed"))
        .when(_compare(lhs, op, milestone_rhs))
        .then(pl.lit("on_track"))
        .otherwise(pl.lit("behind_schedule"))
    )


def _compare(a: pl.Expr, op: pl.Expr, b: pl.Expr) -> pl.Expr:
    import polars as pl

    return pl.when(op == ">=").then(a >= b).when(op == ">").then(a > b).when(op == "<=").then(a <= b).otherwise(a < b)


def _reason(year: int) -> pl.Expr:
    """The reason of each target row, per kind (checker/engine/rules.py)."""
    import polars as pl

    c = pl.col
    v, b, by, ty, op = c("value_i"), c("baseline_value_i"), c("baseline_year"), c("target_year"), c("op")
    low, high = c("low_i"), c("high_i")
    below = v < low
    range_reason = (
        pl.when((low <= v) & (v <= high))
        .then(pl.lit("met"))
        .when((pl.lit(year) >= ty) | b.is_null() | ((low <= b) & (b <= high)) | ((b < low) != below))
        .then(pl.when((pl.lit(year) < ty) & b.is_null()).then(pl.lit("no_baseline")).otherwise(pl.lit("missed")))
        .otherwise(
            _trajectory(
                v,
                pl.when(below).then(low).otherwise(high),
                b,
                by,
                ty,
                pl.when(below).then(pl.lit(">=")).otherwise(pl.lit("<=")),
                year,
            )
        )
    )
    # change: the trajectory of the change from 0; relative changes compare (v−b)·100 with t·b (flipped when b < 0)
    relative = c("relative")
    flip = relative & (b < 0)
    op_flipped = pl.when(~flip).then(op).otherwise(op.replace({">=": "<=", ">": "<", "<=": ">=", "<": ">"}))
    delta = pl.when(relative).then((v - b) * 100 * SCALE).otherwise(v - b)
    goal = pl.when(relative).then(c("target_i") * b).otherwise(c("target_i"))
    zero = pl.lit(0, dtype=pl.Int128)
    change_reason = (
        pl.when(b.is_null() | (relative & (b == 0)))
        .then(pl.lit("baseline_required"))
        .otherwise(_trajectory(delta, goal, zero, by, ty, op_flipped, year))
    )
    rank = {status: n for n, status in enumerate(STATUSES)}
    reached = c("value").replace_strict(rank, default=None, return_dtype=pl.Int32)
    wanted = c("target_value").replace_strict(rank, default=None, return_dtype=pl.Int32)
    milestone_reason = (
        pl.when(reached >= wanted)
        .then(pl.lit("met"))
        .when(pl.lit(year) >= ty)
        .then(pl.lit("missed"))
        .when(reached > 0)
        .then(pl.lit("in_progress"))
        .when(c("project_start").is_not_null() & (pl.lit(year) < c("project_start")))
        .then(pl.lit("not_yet_due"))
        .otherwise(pl.lit("not_started"))
    )
    return (
        pl.when(c("value") == "")
        .then(pl.lit("missing_value"))
        .when(c("kind") == "threshold")
        .then(_trajectory(v, c("target_i"), b, by, ty, op, year))
        .when(c("kind") == "range")
        .then(range_reason)
        .when(c("kind") == "change")
        .then(change_reason)
        .otherwise(milestone_reason)
        .alias("reason")
    )


def _status() -> pl.Expr:
    """results.status_for: a shortfall is fail or warn by the target's nature; other reasons fixed."""
    import polars as pl

    c = pl.col
    fixed = {r.value: status_for(r, Nature.EXPECTED).value for r in Reason if r.value not in SHORTFALLS}
    by_nature = {n.value: s.value for n, s in SHORTFALL_STATUS.items()}
    return (
        pl.when(c("reason").is_in(SHORTFALLS))
        .then(c("nature").replace_strict(by_nature))
        .otherwise(c("reason").replace_strict(fixed))
        .alias("status")
    )


def _own(rows: pl.DataFrame, year: int) -> pl.DataFrame:
    """The status of each of the districts' own targets of the year."""
    return rows.with_columns(_reason(year)).with_columns(_status()).select("district", "indicator", "status")


def _floors(values: pl.DataFrame, rule_sets: dict[str, LoadedPlan], meta: pl.DataFrame, year: int) -> pl.DataFrame:
    """Engine._floors: the parent chain's threshold and range targets of the year on each reported value."""
    import polars as pl

    from checker.engine.engine import applicable_targets

    records = []
    for plan in rule_sets.values():
        for entry in plan.plan.indicators:
            for target in applicable_targets(entry.targets, year):
                if target.kind not in (TargetKind.THRESHOLD, TargetKind.RANGE):
                    continue
                _require(target.unit is None and (target.op is None or target.op.value in OPS))
                baseline = entry.baseline
                records.append(
                    {
                        "plan": plan.id,
                        "indicator": entry.indicator,
                        "kind": target.kind.value,
                        "op": target.op.value if target.op else "",
                        "target": _text(target.value),
                        "low": _text(target.low),
                        "high": _text(target.high),
                        "baseline_value": _text(baseline.value if baseline else None),
                        "baseline_year": baseline.year if baseline else None,
                        "target_year": target.year,
                        "nature": target.nature.value,
                    }
                )
    chains = []
    for district, parent in meta.select("district", "parent").iter_rows():
        seen: list[str] = []
        while parent is not None and parent in rule_sets and parent not in seen:
            seen.append(parent)
            parent = rule_sets[parent].meta.parent
        chains += [{"district": district, "plan": p} for p in seen]
    empty = pl.DataFrame(schema={"district": pl.String, "indicator": pl.String, "status": pl.String})
    if not records or not chains:
        return empty
    targets = pl.DataFrame(records, schema_overrides={"baseline_year": pl.Int32, "target_year": pl.Int32})
    targets = targets.with_columns(
        _scaled("target").alias("target_i"),
        _scaled("low"),
        _scaled("high"),
        _scaled("baseline_value"),
        pl.lit(False).alias("relative"),
        pl.lit("").alias("target_value"),
        pl.lit(None, dtype=pl.Int32).alias("project_start"),
    )
    return _floor_values(values, pl.DataFrame(chains), targets, year)


def _floor_values(values: pl.DataFrame, chains: pl.DataFrame, targets: pl.DataFrame, year: int) -> pl.DataFrame:
    import polars as pl

    c = pl.col
    frame = values.select("district", "indicator", "value", "value_i").filter(c("value") != "")
    frame = frame.join(chains, on="district").join(targets, on=["plan", "indicator"])
    frame = frame.with_columns(_reason(year)).with_columns(
        pl.when(c("reason").is_in(SHORTFALLS)).then(pl.lit("floor_breached")).otherwise(c("reason")).alias("reason")
    )
    return frame.with_columns(_status()).select("district", "indicator", "status")


def _text(value: object) -> str:
    return "" if value is None else str(value)


_RANK = {s.value: n for n, s in enumerate(Status)}


def _verdicts(table: pl.DataFrame, values: pl.DataFrame, results: pl.DataFrame) -> pl.DataFrame:
    """Every row of each district's report, in the engine's order, with its verdict (worst status; info if none).

    Rows: the plan's indicators, then its projects, then the reported figures no plan row names, in the data file's
    order.
    """
    import polars as pl

    c = pl.col
    listed = table.group_by("district", "indicator").agg(c("row").min(), c("is_project").first())
    planned = listed.select(
        "district",
        "indicator",
        pl.when(c("is_project")).then(1).otherwise(0).alias("group"),
        c("row").alias("position"),
    )
    extra = values.join(listed, on=["district", "indicator"], how="anti").select(
        "district", "indicator", pl.lit(2).alias("group"), c("position").cast(pl.Int64)
    )
    rows = pl.concat([planned.with_columns(c("position").cast(pl.Int64)), extra], how="vertical_relaxed")
    worst = (
        results.with_columns(c("status").replace_strict(_RANK, return_dtype=pl.Int32).alias("rank"))
        .group_by("district", "indicator")
        .agg(c("rank").max())
    )
    names = {n: s for s, n in _RANK.items()}
    return (
        rows.join(worst, on=["district", "indicator"], how="left")
        .with_columns(c("rank").fill_null(_RANK["info"]).replace_strict(names, return_dtype=pl.String).alias("verdict"))
        .sort("group", "position")
    )


def _view(
    year: int,
    order: list[str],
    meta: pl.DataFrame,
    verdicts: pl.DataFrame,
    table: pl.DataFrame,
    index: IndicatorIndex,
    data: Path,
    illustrative: dict[str, bool],
    lang: str,
) -> SummaryView:
    """The records the views' summary_of builds from a run, built from the verdict table (counts in polars)."""
    import polars as pl

    from checker.engine.engine import PROJECT_UNIT

    c = pl.col
    statuses = [s.value for s in Status if s is not Status.WAIVED]  # a summary judges without waivers
    rank = pl.DataFrame({"district": order, "district_rank": list(range(len(order)))})
    ordered = verdicts.join(rank, on="district").sort("district_rank", "group", "position").with_row_index("appearance")
    projects = dict(table.filter(c("is_project")).group_by("indicator").agg(c("project_name").first()).iter_rows())
    counts = ordered.group_by("indicator").agg(
        c("appearance").min(),
        c("district").len().alias("districts"),
        *((c("verdict") == s).sum().alias(s) for s in statuses),
    )
    # summary_of's order: in two or more districts first, then most failing, most warning, first appearance
    counts = counts.sort(c("districts") < 2, -c("fail").cast(pl.Int64), -c("warn").cast(pl.Int64), "appearance")
    rows: dict[str, SummaryRow] = {}
    for record in counts.iter_rows(named=True):
        indicator_id = record["indicator"]
        found = index.get(indicator_id)
        if found is None:
            name, unit = projects[indicator_id], PROJECT_UNIT
        else:
            name, unit = found.name_in(lang), found.unit
        rows[indicator_id] = {
            "id": indicator_id,
            "name": name,
            "unit": unit,
            "verdicts": {},
            "counts": {s: record[s] for s in statuses},
        }
    for district, indicator_id, verdict in ordered.select("district", "indicator", "verdict").iter_rows():
        rows[indicator_id]["verdicts"][district] = verdict
    per_district = ordered.group_by("district").agg(*((c("verdict") == s).sum().alias(s) for s in statuses))
    district_counts: dict[str, Counts] = {d: dict.fromkeys(statuses, 0) for d in order}  # a district may have no row
    district_counts |= {r["district"]: {s: r[s] for s in statuses} for r in per_district.iter_rows(named=True)}
    shown = display_path(data)
    info: dict[str, DistrictInfo] = {}
    for district, name, name_en in meta.select("district", "district_name", "district_name_en").iter_rows():
        tally = district_counts[district]
        worst = max((Status(s) for s in statuses if tally[s]), key=lambda s: s.rank, default=Status.INFO)
        info[district] = {
            "id": district,
            "name": name,
            "name_en": name_en or district,
            "verdict": worst.value,
            "data_path": shown,
            "data_source": None,
            "illustrative": illustrative.get(district, False),
        }
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "year": year,
        "illustrative": any(illustrative.get(d, False) for d in order),
        "districts": order,
        "district_info": [info[d] for d in order],
        "indicators": list(rows.values()),
        "district_counts": {d: district_counts[d] for d in order},
    }
