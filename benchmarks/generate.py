"""Write a synthetic, national-scale world of plans and reported data for the benchmarks (issue 7).

    python benchmarks/generate.py OUT [--units 2844 | --fraction 1/16] [--seed 1]

Why synthetic: no real data covers every county, and the benchmark must be reproducible from a fresh clone. The
world is seeded and deterministic (same seed and size, byte-identical files), and each unit draws from its own
random stream, so a smaller world is a prefix of a larger one. It is shaped like the real workload: 56 numeric
indicators and 4 projects per county-level unit, threshold, range, change (absolute and relative) and milestone
targets, binding and expected natures, baselines missing now and then, a national rule set whose targets are
floors, values on paths from the baseline towards the target with noise (so that every reason occurs for 2024),
and about 1 % of values missing.

Written under OUT:

    rules/indicators.yaml, rules/national.yaml    the catalogue and the national rule set (floors)
    plans/<unit>.yaml                             one plan per unit (u0001 …)
    plans.csv                                     the same targets as one plan table, one row per target
    data.csv                                      long-form data: district,year,indicator,value,illustrative
    data/<year>/<unit>.yaml                       the same values as per-district data files
    world.json                                    what was generated (seed, units, sizes), for the benchmark's cache

Every number is held as an integer count of thousandths and written as a decimal string, so the YAML and CSV
forms are the same text and nothing passes through a binary float on the way out.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

FULL_UNITS = 2844  # county-level units of the PRC (区, 县, 县级市, 旗 …)
N_INDICATORS = 56
N_PROJECTS = 4
BASE_YEAR, FIRST_YEAR, TARGET_YEAR = 2020, 2021, 2025
DATA_YEARS = tuple(range(2020, 2025))
STATUSES = ("未启动", "启动", "在建", "竣工", "投入使用")
MILLI = 1000  # every number is an int of thousandths
DOCUMENT = "synthetic"
PLAN_HEADER = (
    "district,district_name,parent,period_start,period_end,indicator,project_name,kind,op,value,low,high,relative,"
    "baseline_year,baseline_value,target_year,nature,document,section,item"
)
DATA_HEADER = "district,year,indicator,value,illustrative"
SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}

# unit -> (upper bound in thousandths or None, typical level range, decimals choices)
UNITS: dict[str, tuple[int | None, tuple[float, float], tuple[int, ...]]] = {
    "%": (100 * MILLI, (30.0, 80.0), (1, 2)),
    "‰": (1000 * MILLI, (2.0, 20.0), (2,)),
    "岁": (None, (70.0, 80.0), (2,)),
    "/10万": (100_000 * MILLI, (5.0, 200.0), (1, 2)),
    "人": (None, (50.0, 5000.0), (0,)),
}
HIGHER_FIRST = {"%": 0.8, "‰": 0.15, "岁": 0.95, "/10万": 0.15, "人": 0.85}  # share of higher-is-better


def text(n: int, decimals: int) -> str:
    """An int of thousandths as a decimal string with ``decimals`` places (``n`` must be a multiple)."""
    step = 10 ** (3 - decimals)
    assert n % step == 0, (n, decimals)
    sign, n = ("-" if n < 0 else ""), abs(n) // step
    if decimals == 0:
        return f"{sign}{n}"
    whole, frac = divmod(n, 10**decimals)
    return f"{sign}{whole}.{frac:0{decimals}d}"


def exact_text(value: Fraction) -> str | None:
    """A Fraction written with at most 3 decimals, or None when it has no such form."""
    scaled = value * MILLI
    if scaled.denominator != 1:
        return None
    n = int(scaled)
    for decimals in range(4):
        if n % 10 ** (3 - decimals) == 0:
            return text(n, decimals)
    raise AssertionError  # pragma: no cover - decimals 3 always divides


@dataclass(frozen=True)
class Spec:
    """A catalogue indicator and the level its values typically have."""

    id: str
    unit: str
    higher: bool
    center: float
    decimals: int

    @property
    def upper(self) -> int | None:
        return UNITS[self.unit][0]

    def quantize(self, x: float) -> int:
        """A float as thousandths with the indicator's decimals, inside the unit's plausible range."""
        step = 10 ** (3 - self.decimals)
        n = round(x * MILLI / step) * step
        n = max(n, 0)
        return n if self.upper is None else min(n, self.upper)


def catalogue(seed: int) -> list[Spec]:
    rng = random.Random(f"{seed}:catalogue")
    specs = []
    for k in range(1, N_INDICATORS + 1):
        unit = rng.choice(list(UNITS))
        _, (lo, hi), decimals = UNITS[unit]
        specs.append(
            Spec(f"i{k:02d}", unit, rng.random() < HIGHER_FIRST[unit], rng.uniform(lo, hi), rng.choice(decimals))
        )
    return specs


@dataclass
class Target:
    """One target in the plan-table's terms: every field a string, '' when absent."""

    kind: str
    op: str = ""
    value: str = ""
    low: str = ""
    high: str = ""
    relative: bool = False
    nature: str = "expected"


@dataclass
class Row:
    """One plan indicator of a unit: baseline, target, and the 2020–2024 values (None: missing)."""

    spec: Spec
    baseline: int | None
    target: Target
    values: list[str | None] = field(default_factory=list)


@dataclass
class ProjectRow:
    id: str
    name: str
    goal: str
    nature: str
    values: list[str | None]


@dataclass
class Unit:
    id: str
    name: str
    rows: list[Row]
    projects: list[ProjectRow]


def _target(rng: random.Random, spec: Spec, b: int) -> tuple[Target, int]:
    """A target for baseline ``b`` and the value (thousandths) the unit's path heads for by the target year."""
    s = 1 if spec.higher else -1
    step = 10 ** (3 - spec.decimals)
    gap = max(step, spec.quantize(abs(b / MILLI) * rng.uniform(0.02, 0.15)))
    nature = "binding" if rng.random() < 0.4 else "expected"
    drift = b - s * round(gap * rng.uniform(0.2, 1.8))  # where a path under a bound drifts: it may break it
    roll = rng.random()
    if roll < 0.5:  # threshold; one in ten a bound the baseline already holds
        bound = rng.random() < 0.1
        t = max(0, b - s * gap if bound else b + s * gap)
        if spec.upper is not None:
            t = min(t, spec.upper)
        op = (">=" if rng.random() < 0.8 else ">") if spec.higher else ("<=" if rng.random() < 0.8 else "<")
        return Target("threshold", op=op, value=text(t, spec.decimals), nature=nature), (drift if bound else t)
    if roll < 0.65:  # range, approached from the baseline's side, or one in five holding the baseline
        width = max(step, gap * rng.randint(1, 3))
        if rng.random() < 0.2:
            low, high = max(0, b - width // 2 // step * step), b + width
            goal = drift
        elif spec.higher:
            low, high = b + gap, b + gap + width
            goal = low
        else:
            high = max(step, b - gap)
            low, goal = max(0, high - width), high
        if spec.upper is not None:
            low, high = min(low, spec.upper - step), min(high, spec.upper)
        return Target("range", low=text(low, spec.decimals), high=text(high, spec.decimals), nature=nature), goal
    if roll < 0.85:  # absolute change since the baseline; one in ten a bound (不降低超过…)
        bound = rng.random() < 0.1
        delta = -s * (gap // 2 // step * step) if bound else s * gap
        op = ">=" if spec.higher else "<="
        return Target("change", op=op, value=text(delta, spec.decimals), nature=nature), drift if bound else b + delta
    # relative change, in % of the baseline
    pct = rng.randint(2, 150) * 100  # 0.2 … 15.0 % in thousandths
    value = s * pct
    op = ">=" if spec.higher else "<="
    goal = b + b * value // (100 * MILLI)
    return Target("change", op=op, value=text(value, 1), relative=True, nature=nature), goal


def _path(rng: random.Random, spec: Spec, b: int, goal: int, target: Target) -> list[str | None]:
    """Values for 2020–2024: the baseline, then a straight-ish line towards ``goal`` at the unit's own speed."""
    speed = rng.uniform(0.55, 1.35)
    spread = abs(goal - b) / MILLI / 5 * 0.35 + 10**-spec.decimals
    values: list[str | None] = []
    for year in DATA_YEARS:
        k = year - BASE_YEAR
        x = b / MILLI + (goal - b) / MILLI * k / 5 * speed + (rng.gauss(0, spread) if k else 0)
        n = spec.quantize(x)
        shown = text(n, spec.decimals)
        if year == 2024 and target.kind == "threshold" and rng.random() < 0.04:
            # now and then exactly on the 序时进度 milestone: exact arithmetic decides
            t = Fraction(target.value)
            m = Fraction(b, MILLI) + (t - Fraction(b, MILLI)) * Fraction(4, 5)
            shown = exact_text(m) or shown
        values.append(None if rng.random() < 0.01 else shown)
    return values


def make_unit(seed: int, n: int, specs: list[Spec]) -> Unit:
    rng = random.Random(f"{seed}:unit:{n}")
    uid = f"u{n:04d}"
    rows = []
    for spec in specs:
        b = spec.quantize(spec.center * rng.uniform(0.8, 1.2))
        target, goal = _target(rng, spec, b)
        if target.relative and spec.unit == "人" and rng.random() < 0.05:
            b = 0  # a relative change from nothing: undefined (baseline_required)
        row = Row(spec, None if rng.random() < 0.05 else b, target)
        row.values = _path(rng, spec, b, goal, target)
        rows.append(row)
    projects = []
    for p in range(1, N_PROJECTS + 1):
        goal = "投入使用" if rng.random() < 0.6 else "竣工"
        pace = rng.uniform(0.2, 0.9)
        level, values = 0, []
        for year in DATA_YEARS:
            if year > BASE_YEAR and rng.random() < pace:
                level = min(level + rng.randint(1, 2), len(STATUSES) - 1)
            values.append(None if rng.random() < 0.01 else STATUSES[level])
        nature = "binding" if rng.random() < 0.4 else "expected"
        projects.append(ProjectRow(f"{uid}_p{p:02d}", f"合成项目{n:04d}-{p:02d}", goal, nature, values))
    return Unit(uid, f"合成县{n:04d}", rows, projects)


# --- writers -------------------------------------------------------------------------------------------------


def _printed(target: Target, unit: str = "") -> str:
    if target.kind == "threshold":
        return f"{SYMBOL[target.op]}{target.value}"
    if target.kind == "range":
        return f"{target.low}—{target.high}"
    if target.kind == "change":
        return f"变化{SYMBOL[target.op]}{target.value}{'%' if target.relative else unit}"
    return f"{target.value}"


def _source(item: int, section: str = "专栏1") -> str:
    return f'{{document: {DOCUMENT}, section: {section}, item: "{item}"}}'


def catalogue_yaml(specs: list[Spec]) -> str:
    lines = ["# Synthetic catalogue written by benchmarks/generate.py: not real indicators.", "schema_version: 1"]
    lines.append("indicators:")
    for spec in specs:
        k = spec.id[1:]
        lines += [
            f"  - id: {spec.id}",
            f"    name: 合成指标{k}",
            f"    name_en: Synthetic indicator {k}",
            f'    unit: "{spec.unit}"',
            f"    direction: {'higher' if spec.higher else 'lower'}",
        ]
    return "\n".join(lines) + "\n"


def national(seed: int, specs: list[Spec]) -> tuple[str, list[dict[str, str]]]:
    """The national rule set: threshold targets (one a range) on 8 indicators, with baselines; they are floors."""
    rng = random.Random(f"{seed}:national")
    chosen = sorted(rng.sample(specs, 8), key=lambda s: s.id)
    lines = [
        "# Synthetic national rule set written by benchmarks/generate.py: its targets are floors for every unit.",
        "schema_version: 1",
        "plan:",
        "  id: national",
        "  name: 全国",
        "  name_en: China (synthetic)",
        "  level: national",
        "  parent: null",
        "  kind: five_year",
        "  title: 合成国家规划",
        "  issuer: 合成",
        f"  document: {DOCUMENT}",
        "  period: {start: 2021, end: 2025}",
        "indicators:",
    ]
    floors = []
    for item, spec in enumerate(chosen, start=1):
        s = 1 if spec.higher else -1
        c = spec.center
        base = spec.quantize(c * (1 - s * 0.15))
        lines += [
            f"  - indicator: {spec.id}",
            f"    printed_name: 合成指标{spec.id[1:]}({spec.unit})",
            f"    baseline: {{year: {BASE_YEAR}, value: {text(base, spec.decimals)}}}",
            "    targets:",
            f"      - year: {TARGET_YEAR}",
        ]
        if item == 1:
            low, high = spec.quantize(c * 0.9), spec.quantize(c * 1.3)
            target = Target("range", low=text(low, spec.decimals), high=text(high, spec.decimals), nature="binding")
            lines += ["        kind: range", f"        low: {target.low}", f"        high: {target.high}"]
        else:
            op = ">=" if spec.higher else "<="
            t = spec.quantize(c * (1 - s * 0.05))
            target = Target(
                "threshold", op=op, value=text(t, spec.decimals), nature=rng.choice(["binding", "expected"])
            )
            lines += [f'        op: "{op}"', f"        value: {target.value}"]
        lines += [
            f'        printed: "{_printed(target)}"',
            f"        nature: {target.nature}",
            f"        source: {_source(item)}",
        ]
        floors.append({"indicator": spec.id, "kind": target.kind})
    return "\n".join(lines) + "\n", floors


def plan_yaml(unit: Unit) -> str:
    lines = [
        "schema_version: 1",
        "plan:",
        f"  id: {unit.id}",
        f"  name: {unit.name}",
        f"  name_en: Synthetic county {unit.id[1:]}",
        "  level: district",
        "  parent: national",
        "  kind: five_year",
        f"  title: {unit.name}“十四五”卫生健康规划（合成）",
        f"  issuer: {unit.name}人民政府",
        f"  document: {DOCUMENT}",
        f"  period: {{start: {FIRST_YEAR}, end: {TARGET_YEAR}}}",
        "indicators:",
    ]
    for item, row in enumerate(unit.rows, start=1):
        spec, t = row.spec, row.target
        baseline = (
            "null" if row.baseline is None else f"{{year: {BASE_YEAR}, value: {text(row.baseline, spec.decimals)}}}"
        )
        lines += [
            f"  - indicator: {spec.id}",
            f"    printed_name: 合成指标{spec.id[1:]}({spec.unit})",
            f"    baseline: {baseline}",
            "    targets:",
            f"      - year: {TARGET_YEAR}",
            f"        kind: {t.kind}",
        ]
        if t.kind == "range":
            lines += [f"        low: {t.low}", f"        high: {t.high}"]
        else:
            lines += [f'        op: "{t.op}"', f"        value: {t.value}"]
        if t.relative:
            lines.append("        relative: true")
        lines += [
            f'        printed: "{_printed(t, spec.unit)}"',
            f"        nature: {t.nature}",
            f"        source: {_source(item)}",
        ]
    lines.append("projects:")
    for item, p in enumerate(unit.projects, start=1):
        lines += [
            f"  - id: {p.id}",
            f"    name: {p.name}",
            f"    period: {{start: {FIRST_YEAR}, end: {TARGET_YEAR}}}",
            "    targets:",
            f"      - year: {TARGET_YEAR}",
            "        kind: milestone",
            '        op: ">="',
            f"        value: {p.goal}",
            f'        printed: "到{TARGET_YEAR}年{p.goal}"',
            f"        nature: {p.nature}",
            f"        source: {_source(item, '专栏2')}",
        ]
    return "\n".join(lines) + "\n"


def plan_csv_rows(unit: Unit) -> list[str]:
    head = f"{unit.id},{unit.name},national,{FIRST_YEAR},{TARGET_YEAR}"
    rows = []
    for item, row in enumerate(unit.rows, start=1):
        t = row.target
        by, bv = ("", "") if row.baseline is None else (str(BASE_YEAR), text(row.baseline, row.spec.decimals))
        rows.append(
            f"{head},{row.spec.id},,{t.kind},{t.op},{t.value},{t.low},{t.high},{'true' if t.relative else ''},"
            f"{by},{bv},{TARGET_YEAR},{t.nature},{DOCUMENT},专栏1,{item}"
        )
    for item, p in enumerate(unit.projects, start=1):
        rows.append(
            f"{head},{p.id},{p.name},milestone,>=,{p.goal},,,,,,{TARGET_YEAR},{p.nature},{DOCUMENT},专栏2,{item}"
        )
    return rows


def data_yaml(unit: Unit, k: int, seed: int) -> str:
    year = DATA_YEARS[k]
    lines = [
        f"district: {unit.id}",
        f"year: {year}",
        "illustrative: true",
        f'source: "synthetic values (benchmarks/generate.py, seed {seed})"',
        "values:",
    ]
    lines += [f"  {r.spec.id}: {'null' if r.values[k] is None else r.values[k]}" for r in unit.rows]
    lines += [f"  {p.id}: {'null' if p.values[k] is None else p.values[k]}" for p in unit.projects]
    return "\n".join(lines) + "\n"


def units_for(fraction: str | None, units: int | None) -> int:
    if units is not None:
        return units
    if fraction is None:
        return FULL_UNITS
    num, _, den = fraction.partition("/")
    return max(1, round(FULL_UNITS * Fraction(int(num), int(den or 1))))


def generate(out: Path, units: int, seed: int, yaml_files: bool = True) -> dict[str, object]:
    """Write the world under ``out`` (replacing what is there) and return its description; without
    ``yaml_files`` only the rules and the two tables (township scale: 38,000 units would be 228,000 small files)."""
    for name in ("rules", "plans", "data", "plans.csv", "data.csv", "world.json"):
        path = out / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    (out / "rules").mkdir(parents=True)
    (out / "plans").mkdir()
    for year in DATA_YEARS:
        (out / "data" / str(year)).mkdir(parents=True)
    specs = catalogue(seed)
    (out / "rules" / "indicators.yaml").write_text(catalogue_yaml(specs), encoding="utf-8")
    rules, floors = national(seed, specs)
    (out / "rules" / "national.yaml").write_text(rules, encoding="utf-8")
    plan_rows = [PLAN_HEADER]
    data_rows = [DATA_HEADER]
    values = missing = 0
    for n in range(1, units + 1):
        unit = make_unit(seed, n, specs)
        if yaml_files:
            (out / "plans" / f"{unit.id}.yaml").write_text(plan_yaml(unit), encoding="utf-8")
        plan_rows += plan_csv_rows(unit)
        for k, year in enumerate(DATA_YEARS):
            if yaml_files:
                (out / "data" / str(year) / f"{unit.id}.yaml").write_text(data_yaml(unit, k, seed), encoding="utf-8")
            for key, value in [(r.spec.id, r.values[k]) for r in unit.rows] + [
                (p.id, p.values[k]) for p in unit.projects
            ]:
                data_rows.append(f"{unit.id},{year},{key},{'' if value is None else value},true")
                values += 1
                missing += value is None
    (out / "plans.csv").write_text("\n".join(plan_rows) + "\n", encoding="utf-8")
    (out / "data.csv").write_text("\n".join(data_rows) + "\n", encoding="utf-8")
    world: dict[str, object] = {
        "generator": "benchmarks/generate.py",
        "seed": seed,
        "units": units,
        "indicators": N_INDICATORS,
        "projects_per_unit": N_PROJECTS,
        "years": list(DATA_YEARS),
        "targets": len(plan_rows) - 1,
        "values": values,
        "missing_values": missing,
        "floors": floors,
        "bytes": {
            "plans.csv": (out / "plans.csv").stat().st_size,
            "data.csv": (out / "data.csv").stat().st_size,
            "data_yaml": sum(p.stat().st_size for p in (out / "data").rglob("*.yaml")),
            "plans_yaml": sum(p.stat().st_size for p in (out / "plans").glob("*.yaml")),
        },
    }
    (out / "world.json").write_text(json.dumps(world, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return world


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--units", type=int, help=f"number of units (default {FULL_UNITS})")
    size.add_argument("--fraction", help="a fraction of the full size, e.g. 1/16")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tables-only", action="store_true", help="no per-unit YAML plans and data files")
    args = parser.parse_args()
    world = generate(args.out, units_for(args.fraction, args.units), args.seed, yaml_files=not args.tables_only)
    print(json.dumps({k: world[k] for k in ("units", "targets", "values", "missing_values", "bytes")}))


if __name__ == "__main__":
    main()
