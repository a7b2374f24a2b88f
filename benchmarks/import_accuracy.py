"""How well ``check import`` drafts the seed documents: precision and recall against the hand-encoded plans and data.

    python benchmarks/import_accuracy.py [--seeds ../shared/seeds] [--json reports/import_accuracy.json] [--verdicts]

Issue 16 asks for figures, not hopes. Each seed plan (荣昌 004, 北碚 003, 渝北 001) is drafted with
checker.inputs.drafting and compared with plans/<id>.yaml; the 渝北 replies (000 for 2024, 002 for 2023) are
drafted as values and compared with data/<year>/yubei.yaml. A target is the tuple (indicator, kind, figure,
operator, year, nature, unit): the indicator (or the project, matched by its name), the figure (value, low–high,
the reference's use, the indicator a proportional target follows, a status), the operator, the year, the nature and
the unit a target gives when it is not the catalogue's. A draft target counts as found when the hand-encoded plan
has the same tuple (as a multiset: twice only if twice). A reported value counts when the indicator and the figure,
in the catalogue's unit, agree.

Parts, as the hand-encoded plans cite them:
- tables: targets citing a 专栏 with a 序号 (the indicator tables);
- projects: the targets of projects citing a table row (专栏2 of 荣昌; 北碚's 附件2 has no goal column);
- project rows: the rows of the project tables themselves (name, investment, period), that is the hand-encoded
  projects with an investment or a period (渝北's projects come from its text and have neither);
- running text: every other indicator target (figures, and the deliverables and directions the drafts do not read);
- project targets in running text (建成…, 投用…, 出台《…》: 北碚 第十二章, 渝北's items): reported, no goal;
- values: the figures of the two replies.

The catalogue was written from these same documents, and the matching was tuned on them: the figures are the best
case. To show how much they owe to that, the tables and running text are drafted again against the catalogue without
its aliases (names only).

``--verdicts`` also runs ``check --year 2024`` on each draft and on the hand-encoded plan and compares the verdict
of every draft target that the hand-encoded plan has (issue 16's "done when"). The figures are printed with the
issue's goals, met or missed; README's "Importing plans from documents" quotes them.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.domain.units import convert, convertible  # noqa: E402
from checker.formats.drafts import render_plan  # noqa: E402
from checker.inputs.documents import read_document  # noqa: E402
from checker.inputs.drafting.model import DraftPlan, DraftTarget  # noqa: E402
from checker.inputs.drafting.plan import PlanOptions, draft_plan  # noqa: E402
from checker.inputs.drafting.values import draft_values  # noqa: E402
from checker.inputs.loading import load_catalogue  # noqa: E402

PLANS = (
    ("rongchang", "004_55ced2cde3b8db9d.txt"),
    ("beibei", "003_2557debb93cc6d87.txt"),
    ("yubei", "001_8269fc573df6d901.txt"),
)
VALUES = ((2024, "000_c18186f6328144cd.txt"), (2023, "002_298c4e071ede4dc7.txt"))
# issue 16: (part, recall goal, precision goal)
GOALS = {
    "tables": (0.98, 0.99),
    "projects": (0.95, 0.95),
    "project rows": (0.95, 0.95),
    "running text": (0.80, 0.90),
    "values": (0.90, None),
}
TABLE_ITEM = re.compile(r"^\d+[a-z]?$")


@dataclass
class Score:
    """Targets found by hand and by the draft, and those both have."""

    hand: Counter[tuple[Any, ...]] = field(default_factory=Counter)
    draft: Counter[tuple[Any, ...]] = field(default_factory=Counter)

    @property
    def matched(self) -> int:
        return sum((self.hand & self.draft).values())

    @property
    def precision(self) -> float | None:
        total = sum(self.draft.values())
        return self.matched / total if total else None

    @property
    def recall(self) -> float | None:
        total = sum(self.hand.values())
        return self.matched / total if total else None

    def add(self, other: Score) -> None:
        self.hand.update(other.hand)
        self.draft.update(other.draft)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def target_key(owner: str, target: dict[str, Any]) -> tuple[Any, ...]:
    """The tuple a target is compared by."""
    kind = target.get("kind", "threshold")
    if kind == "range":
        figure: Any = (_number(target.get("low")), _number(target.get("high")))
    elif kind == "reference":
        figure = (target.get("ref") or {}).get("use", "target")
    elif kind == "proportional":
        figure = target.get("of")
    elif kind == "maintain":
        figure = target.get("against")
    elif kind in ("milestone", "deliverable"):
        figure = target.get("value", True)
    else:
        figure = _number(target.get("value"))
    return (owner, kind, figure, target.get("op"), int(target["year"]), target.get("nature"), target.get("unit"))


def draft_dict(target: DraftTarget) -> dict[str, Any]:
    return {
        "kind": target.kind,
        "low": target.low,
        "high": target.high,
        "ref": target.ref,
        "of": target.of,
        "against": target.against,
        "value": target.value,
        "op": target.op,
        "year": target.year,
        "nature": target.nature,
        "unit": target.unit,
    }


def hand_part(target: dict[str, Any], project: bool) -> str:
    source = target.get("source") or {}
    section, item = str(source.get("section") or ""), source.get("item")
    in_table = bool(re.match(r"^(专栏|附件)\d+$", section)) and item is not None and bool(TABLE_ITEM.match(str(item)))
    if project:
        return "projects" if in_table else "project targets in running text"
    return "tables" if in_table and section.startswith("专栏") else "running text"


def draft_part(target: DraftTarget, project: bool) -> str:
    if project:
        return "projects" if target.part == "project" else "project targets in running text"
    return "tables" if target.part == "table" else "running text"


def compare_plan(plan_id: str, hand: dict[str, Any], draft: DraftPlan) -> dict[str, Score]:
    scores: dict[str, Score] = {}

    def score(part: str) -> Score:
        return scores.setdefault(part, Score())

    for ind in hand.get("indicators") or []:
        for target in ind["targets"]:
            score(hand_part(target, False)).hand[target_key(ind["indicator"], target)] += 1
    names = {squash(p["name"]): p["id"] for p in hand.get("projects") or []}
    for project in hand.get("projects") or []:
        for target in project.get("targets") or []:
            score(hand_part(target, True)).hand[target_key(project["id"], target)] += 1
        if project.get("investment") or project.get("period"):  # a table's row (渝北's projects are from its text)
            row = (squash(project["name"]), _quantity(project.get("investment")), _period(project.get("period")))
            score("project rows").hand[row] += 1
    for ind in draft.indicators:
        if not ind.known:
            for target in ind.targets:  # proposed entries: never the hand-encoded id
                score(draft_part(target, False)).draft[target_key(ind.indicator, draft_dict(target))] += 1
            continue
        for target in ind.targets:
            score(draft_part(target, False)).draft[target_key(ind.indicator, draft_dict(target))] += 1
    for project in draft.projects:
        owner = names.get(squash(project.name), f"{plan_id}:{squash(project.name)}")
        for target in project.targets:
            score(draft_part(target, True)).draft[target_key(owner, draft_dict(target))] += 1
        money = {"value": project.investment[0], "unit": project.investment[1]} if project.investment else None
        period = {"start": project.period[0], "end": project.period[1]} if project.period else None
        score("project rows").draft[(squash(project.name), _quantity(money), _period(period))] += 1
    return scores


def _quantity(money: dict[str, Any] | None) -> tuple[Any, ...] | None:
    return (Decimal(str(money["value"])), money["unit"]) if money else None


def _period(period: dict[str, Any] | None) -> tuple[int, int] | None:
    return (int(period["start"]), int(period["end"])) if period else None


def compare_values(year: int, hand: dict[str, Any], draft: Any, units: dict[str, str]) -> Score:
    score = Score()
    for key, entry in (hand.get("values") or {}).items():
        if isinstance(entry, dict):
            score.hand[(key, _in_unit(entry.get("value"), entry.get("unit"), units.get(key)))] += 1
        else:
            score.hand[(key, _in_unit(entry, None, units.get(key)))] += 1
    for value in draft.values:
        score.draft[(value.indicator, _in_unit(value.value, value.unit, units.get(value.indicator)))] += 1
    del year
    return score


def _in_unit(value: Any, unit: str | None, catalogue: str | None) -> Any:
    if isinstance(value, bool) or value is None or not re.fullmatch(r"-?\d+(?:\.\d+)?", str(value)):
        return value
    number = Decimal(str(value))
    if unit and catalogue and unit != catalogue and convertible(unit, catalogue):
        number = convert(number, unit, catalogue)
    return number.normalize()


# --- verdicts ------------------------------------------------------------------------------------------------------


def verdicts(plan_id: str, plans_dir: Path | None) -> Counter[tuple[Any, ...]]:
    """(target tuple, status, reason) of every non-floor target of a run for 2024."""
    command = [sys.executable, "-m", "checker", "--year", "2024", plan_id, "--format", "json", "--fail-on", "never"]
    if plans_dir is not None:
        command += ["--plans", str(plans_dir)]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if run.returncode not in (0, 1):
        raise SystemExit(f"check --year 2024 {plan_id} failed: {run.stderr.strip()}")
    found: Counter[tuple[Any, ...]] = Counter()
    for district in json.loads(run.stdout)["districts"]:
        for indicator in district["indicators"]:
            for target in indicator["targets"]:
                if target.get("floor"):
                    continue
                key = (
                    indicator["id"],
                    target["kind"],
                    target.get("target") or (target.get("low"), target.get("high")),
                    target.get("op"),
                    target.get("target_year"),
                    target.get("nature"),
                )
                found[(*key, target["status"], target.get("reason"))] += 1
    return found


def compare_verdicts(plan_id: str, draft: DraftPlan) -> tuple[int, int, list[str]]:
    """How many draft targets the hand-encoded plan also has, how many of those get the same verdict, and which
    do not."""
    with tempfile.TemporaryDirectory() as folder:
        for plan in (ROOT / "plans").glob("*.yaml"):  # the other districts, whose data the data folder holds
            (Path(folder) / plan.name).write_bytes(plan.read_bytes())
        (Path(folder) / f"{plan_id}.yaml").write_text(render_plan(draft), encoding="utf-8")
        drafted = verdicts(plan_id, Path(folder))
    hand = verdicts(plan_id, None)
    by_key_hand: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for key, count in hand.items():
        by_key_hand.setdefault(key[:6], []).extend([key[6:]] * count)
    compared = same = 0
    differ: list[str] = []
    for key, count in drafted.items():
        outcomes = by_key_hand.get(key[:6], [])
        for _ in range(count):
            if not outcomes:
                break
            compared += 1
            outcome = key[6:]
            if outcome in outcomes:
                outcomes.remove(outcome)
                same += 1
            else:
                differ.append(f"{key[0]} {key[2]}: draft {outcome}, hand {outcomes.pop(0)}")
    return compared, same, differ


# --- report --------------------------------------------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def goal_text(part: str, score: Score) -> str:
    goal = GOALS.get(part)
    if goal is None:
        return "no goal"
    recall_goal, precision_goal = goal
    met = (score.recall or 0) >= recall_goal and (precision_goal is None or (score.precision or 0) >= precision_goal)
    wanted = f"recall ≥ {recall_goal:.0%}" + (f", precision ≥ {precision_goal:.0%}" if precision_goal else "")
    return f"{'met' if met else 'MISSED'} ({wanted})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--json", type=Path, help="Also write the figures as JSON to this file.")
    parser.add_argument("--verdicts", action="store_true", help="Also compare check --year 2024 verdicts.")
    parser.add_argument("--details", action="store_true", help="List the targets missed and the extra ones.")
    args = parser.parse_args(argv)
    if not (args.seeds / PLANS[0][1]).is_file():
        print(f"seed documents not found in {args.seeds}: give --seeds", file=sys.stderr)
        return 2
    catalogue = load_catalogue().catalogue.indicators
    units = {ind.id: ind.unit for ind in catalogue}
    total: dict[str, Score] = {}
    per_plan: dict[str, dict[str, Score]] = {}
    drafts: dict[str, DraftPlan] = {}
    for plan_id, name in PLANS:
        draft = draft_plan(read_document(args.seeds / name), catalogue, PlanOptions(plan_id))
        drafts[plan_id] = draft
        hand = yaml.safe_load((ROOT / "plans" / f"{plan_id}.yaml").read_text(encoding="utf-8"))
        per_plan[plan_id] = compare_plan(plan_id, hand, draft)
        for part, score in per_plan[plan_id].items():
            total.setdefault(part, Score()).add(score)
    values = Score()
    for year, name in VALUES:
        drafted = draft_values(read_document(args.seeds / name), catalogue, "yubei", year)
        hand = yaml.safe_load((ROOT / "data" / str(year) / "yubei.yaml").read_text(encoding="utf-8"))
        values.add(compare_values(year, hand, drafted, units))
    total["values"] = values
    order = ["tables", "projects", "project rows", "running text", "project targets in running text", "values"]
    print(f"{'part':32} {'hand':>5} {'draft':>6} {'found':>6} {'precision':>10} {'recall':>8}  goal")
    report: dict[str, Any] = {"parts": {}, "plans": {}}
    for part in order:
        score = total.get(part, Score())
        hand_n, draft_n = sum(score.hand.values()), sum(score.draft.values())
        print(
            f"{part:32} {hand_n:5} {draft_n:6} {score.matched:6} {percent(score.precision):>10} "
            f"{percent(score.recall):>8}  {goal_text(part, score)}"
        )
        report["parts"][part] = {
            "hand": hand_n,
            "draft": draft_n,
            "matched": score.matched,
            "precision": score.precision,
            "recall": score.recall,
            "goal": goal_text(part, score),
        }
    print()
    for plan_id, scores in per_plan.items():
        cells = [
            f"{part} {s.matched}/{sum(s.hand.values())} found, {s.matched}/{sum(s.draft.values())} right"
            for part, s in scores.items()
        ]
        print(f"{plan_id}: " + "; ".join(cells))
        report["plans"][plan_id] = {
            part: {"hand": sum(s.hand.values()), "draft": sum(s.draft.values()), "matched": s.matched}
            for part, s in scores.items()
        }
    if args.details:
        for part in order:
            score = total.get(part, Score())
            for key in sorted((score.hand - score.draft).elements(), key=str):
                print(f"  missed  [{part}] {key}")
            for key in sorted((score.draft - score.hand).elements(), key=str):
                print(f"  extra   [{part}] {key}")
    print()
    print(
        "Without the catalogue's aliases (names only): how much the matching owes to aliases taken from these documents"
    )
    bare = [ind.model_copy(update={"aliases": ()}) for ind in catalogue]
    report["names_only"] = {}
    for part in ("tables", "running text"):
        score = Score()
        for plan_id, name in PLANS:
            draft = draft_plan(read_document(args.seeds / name), bare, PlanOptions(plan_id))
            hand = yaml.safe_load((ROOT / "plans" / f"{plan_id}.yaml").read_text(encoding="utf-8"))
            score.add(compare_plan(plan_id, hand, draft).get(part, Score()))
        print(
            f"{part:32} {sum(score.hand.values()):5} {sum(score.draft.values()):6} {score.matched:6} "
            f"{percent(score.precision):>10} {percent(score.recall):>8}"
        )
        report["names_only"][part] = {"precision": score.precision, "recall": score.recall}
    if args.verdicts:
        print()
        report["verdicts"] = {}
        for plan_id, draft in drafts.items():
            compared, same, differ = compare_verdicts(plan_id, draft)
            print(f"check --year 2024 {plan_id}: {same} of {compared} draft targets found by hand get the same verdict")
            for line in differ:
                print(f"  differs: {line}")
            report["verdicts"][plan_id] = {"compared": compared, "same": same, "differ": differ}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
