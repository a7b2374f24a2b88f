"""The lint checks: every code on a failing and a passing fixture plan, waivers, configuration and the bundled
plans' known defects (../shared/seeds/README.md). The command itself: tests/cli/test_lint.py."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from seeds import SEEDS, require_seeds, squash
from support.cli import Cli
from support.paths import FIXTURES as ALL_FIXTURES
from support.paths import ROOT

from checker.domain.errors import InputError
from checker.domain.models import Direction, Indicator, Source, StatedTotal
from checker.inputs.loading import LoadedPlan, PlanRegistry, load_plan
from checker.inputs.yaml_parser import parse
from checker.lint.arithmetic import stated_totals
from checker.lint.codes import Severity
from checker.lint.config import LintConfig, U103Options, load_config
from checker.lint.context import Context
from checker.lint.registry import CHECKS, CODES, FAMILIES
from checker.lint.runner import LintResult, lint_bundled, lint_note, lint_paths, lint_plan, shown_path, unwaived_errors
from checker.lint.units import catalogue_unit_hits
from checker.lint.waivers import comments, read_waivers

FIXTURES = ALL_FIXTURES / "lint"
Write = Callable[[str, str], Path]


@functools.cache
def bundled_registry() -> PlanRegistry:
    return PlanRegistry.load()


@pytest.fixture
def registry() -> PlanRegistry:
    return bundled_registry()


def fixture(name: str) -> Path:
    return FIXTURES / f"{name}.yaml"


def expected(path: Path) -> list[tuple[int, str]]:
    """The `# expect: CODE, …` comment lines of a fixture, as (line of the next YAML line, code)."""
    found: list[tuple[int, str]] = []
    pending: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("# expect:"):
            pending += [c.strip() for c in stripped.removeprefix("# expect:").split(",")]
        elif stripped and not stripped.startswith("#"):
            found += [(number, code) for code in pending]
            pending = []
    return sorted(found)


@functools.cache
def linted(name: str) -> LintResult:
    return lint_paths([fixture(name)], bundled=bundled_registry())


def unwaived(name: str) -> list[tuple[int, str]]:
    return sorted((f.line, f.code) for f in linted(name).unwaived())


# --- every code on its fixtures --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_fixture_reports_exactly_its_expected_findings(path: Path) -> None:
    result = lint_paths([path], bundled=bundled_registry())
    assert sorted((f.line, f.code) for f in result.unwaived()) == expected(path)
    if path.stem.endswith("_ok"):
        assert result.findings == ()  # nothing waived either: the passing forms are clean


CASES = [  # code, a fixture that must report it, a fixture of its class that must not
    ("U101", "units", "units_ok"),
    ("U102", "units", "units_ok"),
    ("U103", "units", "units_ok"),
    ("D201", "direction", "direction_ok"),
    ("D202", "direction", "direction_ok"),
    ("D203", "direction", "direction_ok"),
    ("C301", "consistency", "consistency_ok"),
    ("C302", "consistency", "consistency_ok"),
    ("C303", "consistency", "consistency_ok"),
    ("C304", "consistency", "consistency_ok"),
    ("R801", "revisions", "revisions_ok"),
    ("R802", "revisions", "revisions_ok"),
    ("R803", "revisions", "revisions_ok"),
    ("R804", "revisions", "revisions_ok"),
    ("A402", "arithmetic", "arithmetic_ok"),
    ("A403", "arithmetic", "arithmetic_ok"),
    ("A404", "arithmetic", "arithmetic_ok"),
    ("H501", "higher", "higher_ok"),
    ("H502", "higher", "higher_ok"),
    ("H503", "higher", "higher_ok"),
    ("H504", "higher_orphan", "higher_ok"),
    ("K601", "catalogue", "catalogue_ok"),
    ("K602", "catalogue", "catalogue_ok"),
    ("K603", "catalogue", "catalogue_ok"),
    ("L001", "waivers", "units_ok"),
    ("L002", "waivers", "units_ok"),
    ("L003", "waivers", "units_ok"),
]


@pytest.mark.parametrize(("code", "failing", "passing"), CASES, ids=[c[0] for c in CASES])
def test_code_fails_on_its_failing_fixture_and_passes_on_its_passing_one(code: str, failing: str, passing: str) -> None:
    assert code in {c for _, c in unwaived(failing)}
    assert code in {c for _, c in expected(fixture(failing))}
    assert code not in {c for _, c in unwaived(passing)}


def test_every_code_is_declared_once_and_tested() -> None:
    target_waivers = {"W701", "W702"}  # on waivers files, not plans: tests/cli/test_target_waivers.py
    assert {c for c, _, _ in CASES} | {"A401", "U103"} | target_waivers == set(CODES)  # A401, U103's catalogue: below
    declared = [code for codes in CHECKS.values() for code in codes]
    assert len(declared) == len(set(declared))
    assert set(declared) | {"L001", "L002", "L003"} | target_waivers == set(CODES)
    assert all(re.fullmatch(r"[UDCAHKRLW]\d{3}", c) for c in CODES)
    assert len({c.name for c in CODES.values()}) == len(CODES)


def test_each_code_is_declared_in_the_module_of_its_family_next_to_its_check() -> None:
    modules = {m.__name__.rsplit(".", 1)[1]: m for m in FAMILIES}
    names = [
        "units", "direction", "consistency", "arithmetic", "hierarchy", "catalogue", "revisions", "waivers",
        "target_waivers",
    ]  # fmt: skip
    assert list(modules) == names
    family = dict(zip("UDCAHKRLW", modules.values(), strict=True))
    for code in CODES.values():
        assert getattr(family[code.id[0]], code.id) is code, code.id
    for check, codes in CHECKS.items():
        assert {family[c[0]].__name__ for c in codes} == {check.__module__}, check.__name__


def test_each_code_has_a_passing_and_a_failing_example_in_the_docs() -> None:
    text = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    for code in CODES.values():
        row = next((line for line in text.split("\n") if line.startswith(f"| {code.id} ")), None)
        assert row is not None, code.id
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1] == code.name and cells[2] == code.severity.value, row
        assert len(cells) == 6 and cells[4] and cells[5], row  # description, passing, failing


# --- A401 on stated totals (the bundled plans' totals: below) and U103 on the catalogue -------------------------

SOURCE = Source(document="lint-fixture.txt", section="专栏2")


@pytest.mark.parametrize(
    ("measure", "value", "unit", "category", "goal", "message"),
    [
        ("investment", "1.87", "亿元", "区级重大项目", None, None),  # 1.42 + 0.45
        ("investment", "1.9", "亿元", "区级重大项目", None, "states 1.9亿元; 2 rows add up to 1.87亿元"),
        ("investment", "20500", "万元", None, None, None),  # 14200 + 4500 + 1800, converted exactly
        ("investment", "2.05", "亿元", None, None, None),
        ("investment", "1800", "万元", "村级建设项目", None, None),
        ("count", "2", None, "区级重大项目", None, None),
        ("count", "3", None, "区级重大项目", None, "states 3; 2 rows"),
        ("count", "2", None, None, "启动", None),  # 启动项目2个
        ("investment", "0.62", "亿元", None, "启动", "states 0.62亿元; 2 rows add up to 0.63亿元"),
    ],
)
def test_a401_stated_totals_against_the_rows(
    registry: PlanRegistry,
    measure: str,
    value: str,
    unit: str | None,
    category: str | None,
    goal: str | None,
    message: str | None,
) -> None:
    base = load_plan(fixture("arithmetic_ok"), registry.index)
    total = StatedTotal(
        printed="计划投资…",
        measure=measure,
        value=Decimal(value),
        unit=unit,
        category=category,
        goal=goal,
        source=SOURCE,
    )
    plan = LoadedPlan(base.plan.model_copy(update={"totals": (total,)}), base.path, base.loaded)
    hits = list(stated_totals(Context(plan, registry, LintConfig().options)))
    assert [h.message.split("' ", 1)[1] for h in hits] == ([message] if message else [])
    assert all(h.code == "A401" and h.loc == ("totals", 0, "value") for h in hits)


def test_a401_is_silent_on_a_plan_without_totals(registry: PlanRegistry) -> None:
    plan = registry.by_id["yubei"]
    assert plan.plan.totals == ()
    assert list(stated_totals(Context(plan, registry, LintConfig().options))) == []


@pytest.mark.parametrize(
    ("name", "unit", "codes"),
    [("婴儿死亡率", "%", ["U103"]), ("婴儿死亡率", "‰", []), ("孕产妇死亡率", "‰", ["U103"]),
     ("5岁以下儿童死亡率", "‰", []), ("重大慢性病过早死亡率", "%", [])],
)  # fmt: skip
def test_u103_catalogue_units_that_do_not_fit_their_quantity(name: str, unit: str, codes: list[str]) -> None:
    indicator = Indicator(id="x", name=name, name_en="x", unit=unit, direction=Direction.LOWER)
    hits = list(catalogue_unit_hits([(("indicators", 0), indicator)], U103Options()))
    assert [h.code for h in hits] == codes
    assert all(h.loc == ("indicators", 0, "unit") for h in hits)


# --- waivers ---------------------------------------------------------------------------------------------------


def test_comments_are_found_after_the_last_token_only() -> None:
    text = 'a: "x # noqa: D202 not a comment"  # noqa: D202 real\nb: |\n  # in a block\n  c # no\n# full line\n'
    assert comments(text, parse(text, "t.yaml").scalar_ends) == {1: (36, "# noqa: D202 real"), 5: (1, "# full line")}


def test_waivers_need_codes_and_a_reason() -> None:
    text = (
        "a: 1  # noqa: d202,C301 the document prints it\n"
        "b: 2  # NOQA:K603 — a reason after a dash\n"
        "c: 3  # noqa: D202\n"
        "d: 4  # noqa\n"
        "e: 5  # noqa: X999 reason\n"
        "f: 6  # a note mentioning # noqa: D202 is not a waiver\n"
    )
    waivers, problems = read_waivers(text, parse(text, "t.yaml").scalar_ends)
    assert {n: (w.codes, w.reason) for n, w in waivers.items()} == {
        1: (("D202", "C301"), "the document prints it"),
        2: (("K603",), "a reason after a dash"),
        5: ((), "reason"),
    }
    assert [(line, code) for line, _, code, _ in problems] == [(3, "L001"), (4, "L002"), (5, "L002")]


def test_a_waived_finding_keeps_its_reason_and_does_not_count() -> None:
    result = linted("waivers")
    waived = {(f.line, f.code): f.waiver_reason for f in result.findings if f.waived}
    assert waived == {
        (22, "D202"): "专栏1 序号1 prints ≤10 against 0 in 2020 (fixture)",
        (38, "H502"): "a floor, as the (fixture) document prints 不低于3",
        (38, "K603"): "a floor, as the (fixture) document prints 不低于3",
    }


# --- configuration ---------------------------------------------------------------------------------------------


def test_the_bundled_configuration_loads() -> None:
    config = load_config()
    assert config.options.D202.margin_percent == 10 and config.options.C302.sections == ("专栏1",)


def test_disable_relevel_and_options(write: Write, registry: PlanRegistry) -> None:
    plan = load_plan(fixture("direction"), registry.index)
    codes = [f.code for f in lint_plan(plan, registry, LintConfig())]
    assert codes.count("D201") == 4 and "D202" in codes and "D203" in codes
    config = load_config(
        write("c.yaml", "disable: [D201]\nseverity: {D203: error}\noptions: {D202: {margin_percent: 50}}\n")
    )
    findings = lint_plan(plan, registry, config)
    assert "D201" not in [f.code for f in findings]
    assert [(f.code, f.severity) for f in findings if f.code.startswith("D")] == [
        ("D203", Severity.ERROR),
        ("D203", Severity.ERROR),  # 35 % is within a 50 % margin
    ]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("disable: [D999]\n", "invalid config: no such code 'D999'", 1),
        ("schema_version: 1\nseverity:\n  C31: warning\n", "invalid config: no such code 'C31'", 3),
        ("severity: {D201: fatal}\n", "invalid config: severity.D201", 1),
        ("options:\n  D202: {margin: 5}\n", "invalid config: unknown field 'margin'", 2),
        ("rules: []\n", "invalid config: unknown field 'rules'", 1),
    ],
)
def test_an_invalid_configuration_is_an_input_error_with_its_position(
    write: Write, text: str, message: str, line: int
) -> None:
    with pytest.raises(InputError) as raised:
        load_config(write("bad.yaml", text))
    problem = raised.value.problems[0]
    assert problem.message.startswith(message) and problem.line == line


# --- the bundled plans -----------------------------------------------------------------------------------------

SEED_DEFECTS = [  # (file, anchor line, text of the line at fault after it, code): ../shared/seeds/README.md
    ("plans/rongchang.yaml", "- indicator: infant_mortality", "printed_unit:", "U101"),  # rows 4–5: ‰ as %
    ("plans/rongchang.yaml", "- indicator: under5_mortality", "printed_unit:", "U101"),
    ("plans/beibei.yaml", "- indicator: geriatric_dept_share", "value: 55", "C301"),  # 15: ≥60 vs 不低于55%
    ("plans/beibei.yaml", "- indicator: energy_cost_per_10k_revenue", "value: 90", "D201"),  # 16: 80 → 90
    ("plans/beibei.yaml", "- indicator: inpatient_reimbursement_resident", "nature: unspecified", "C302"),  # 22
    ("plans/beibei.yaml", "- indicator: child_myopia_rate", "printed_name:", "C303"),  # 14: 全市
]


def in_project(path: str | Path) -> str:
    """plans/x.yaml, whether the bundled file was read from the checkout or from an installed package."""
    return "/".join(Path(path).parts[-2:])


def line_of(path: Path, anchor: str, text: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(n for n, line in enumerate(lines) if line.strip() == anchor)
    return next(n for n in range(start, len(lines)) if lines[n].strip().startswith(text)) + 1


@pytest.fixture(scope="module")
def bundled() -> list[tuple[str, int, str, bool, str | None]]:
    return [
        (f.path, f.line, f.code, f.waived, f.waiver_reason) for f in lint_bundled(registry=bundled_registry()).findings
    ]


@pytest.mark.parametrize(("file", "anchor", "text", "code"), SEED_DEFECTS, ids=[f"{d[0]}-{d[3]}" for d in SEED_DEFECTS])
def test_bundled_lint_reports_every_known_defect_waived_at_its_line(
    bundled: list[tuple[str, int, str, bool, str | None]], file: str, anchor: str, text: str, code: str
) -> None:
    line = line_of(ROOT / file, anchor, text)
    found = [f for f in bundled if in_project(f[0]) == file and f[1] == line and f[2] == code]
    assert len(found) == 1, (file, line, code)
    _, _, _, waived, reason = found[0]
    assert waived and reason and re.search(r"专栏\d|第.章", reason)  # the reason cites the document


def test_every_bundled_finding_is_waived_with_a_reason(bundled: list[tuple[str, int, str, bool, str | None]]) -> None:
    assert [f for f in bundled if not f[3]] == []
    assert all(reason for *_, reason in bundled)
    assert len(bundled) >= len(SEED_DEFECTS)


# The totals, subtotals and counts the documents print (`totals` in the plans) that are not the sum or number of
# their rows: the documents' own inconsistencies, recorded in plan.notes and waived on the total's `value` line.
# (file, the total's `printed`, the message after it)
RONGCHANG, BEIBEI = "plans/rongchang.yaml", "plans/beibei.yaml"
STATED_TOTAL_FINDINGS = [
    (RONGCHANG, "计划投资10.48亿元", "states 10.48亿元; 17 rows add up to 10.584亿元"),  # 第三章第六节 item 2
    (RONGCHANG, "计划投资2.112亿元", "states 2.112亿元; 8 rows add up to 2.216亿元"),  # item 2, 启动项目
    (RONGCHANG, "社区卫生服务站建设项目23个，…计划投资1400万元", "states 1400万元; 1 row adds up to 1380万元"),
    (RONGCHANG, "合计 规模(平方米) 618829", "states 618829平方米; 27 rows add up to 621829平方米"),  # 专栏2
    (RONGCHANG, "合计 总投资(亿元) 52.97", "states 52.97亿元; 27 rows add up to 53.072亿元"),
    (RONGCHANG, "二、基层医疗卫生机构建设项目 总投资(亿元) 10.48", "states 10.48亿元; 17 rows add up to 10.584亿元"),
    (RONGCHANG, "三、村级建设项目 规模(平方米) 8800", "states 8800平方米; 2 rows add up to 11800平方米"),
    (RONGCHANG, "三、村级建设项目 总投资(亿元) 0.32", "states 0.32亿元; 2 rows add up to 0.318亿元"),
    (BEIBEI, "总投资185384.06万元", "states 185384.06万元; 1 row adds up to 185384万元"),  # 附件2 序号1
]
TOTALS_IN = {"rongchang": 23, "beibei": 1}  # 第三章第六节 items 1–3 and 专栏2's subtotal rows; 附件2 序号1


def total_line(file: str, printed: str) -> int:
    """The line of the `value:` of the total whose `printed` is given."""
    return line_of(ROOT / file, f'- printed: "{printed}"', "value:")


def expected_total_findings() -> list[tuple[str, int, str]]:
    return sorted((f, total_line(f, p), f"{p!r} {m}") for f, p, m in STATED_TOTAL_FINDINGS)


def figures_in(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text)


def test_bundled_lint_reports_exactly_the_stated_totals_the_rows_contradict() -> None:
    result = lint_bundled(registry=bundled_registry())
    found = sorted((in_project(f.path), f.line, f.message) for f in result.findings if f.code == "A401")
    assert found == expected_total_findings()
    for f in (f for f in result.findings if f.code == "A401"):
        assert f.waived and f.waiver_reason, (f.path, f.line)
        assert f.waiver_reason.startswith(("004_55ced2cde3b8db9d.txt ", "003_2557debb93cc6d87.txt ")), f.waiver_reason
        assert re.search(r"第.章第.节 item \d|专栏2|附件2 序号\d", f.waiver_reason), f.waiver_reason  # the place
        stated, rows = figures_in(f.message.split("' states ", 1)[1])[0], figures_in(f.message)[-1]
        for figure in (stated, rows):  # both figures, neither as part of a longer number
            assert re.search(rf"(?<![\d.]){re.escape(figure)}(?!\.?\d)", f.waiver_reason), (figure, f.waiver_reason)


def test_every_bundled_total_is_checked_against_its_rows(registry: PlanRegistry) -> None:
    """A total over rows that do not all give its measure is skipped: none of the bundled ones is."""
    assert {p.id: len(p.plan.totals) for p in registry.plans if p.plan.totals} == TOTALS_IN
    for plan_id in TOTALS_IN:
        base = registry.by_id[plan_id]
        for n, total in enumerate(base.plan.totals):
            assert total.source.document == base.meta.document and total.source.quote, (plan_id, n)
            changed = list(base.plan.totals)
            changed[n] = total.model_copy(update={"value": total.value + 1})
            plan = LoadedPlan(base.plan.model_copy(update={"totals": tuple(changed)}), base.path, base.loaded)
            hits = stated_totals(Context(plan, registry, LintConfig().options))
            assert ("totals", n, "value") in [h.loc for h in hits], (plan_id, total.printed)


def test_bundled_totals_quote_their_document(registry: PlanRegistry) -> None:
    for plan_id in TOTALS_IN:
        plan = registry.by_id[plan_id]
        path = SEEDS / plan.meta.document
        require_seeds(path)
        text = squash(path.read_text(encoding="utf-8"))
        for total in plan.plan.totals:
            quote = total.source.quote or ""
            assert squash(quote) in text, (plan_id, total.printed)  # verbatim but for the text's line breaks
            assert str(total.value) in figures_in(quote), (plan_id, total.printed)
            assert str(total.value) in figures_in(total.printed), (plan_id, total.printed)


@pytest.mark.parametrize(
    ("file", "printed"),
    [(f, p) for f, p, _ in STATED_TOTAL_FINDINGS],
    ids=[f"{Path(f).stem}-{n}" for n, (f, _, _) in enumerate(STATED_TOTAL_FINDINGS)],
)
def test_removing_a_stated_total_waiver_makes_lint_fail(cli: Cli, tmp_path: Path, file: str, printed: str) -> None:
    line = total_line(file, printed)
    lines = (ROOT / file).read_text(encoding="utf-8").split("\n")
    assert "  # noqa: A401 " in lines[line - 1]
    lines[line - 1] = lines[line - 1].split("  # noqa: A401 ", 1)[0]
    path = tmp_path / Path(file).name
    path.write_text("\n".join(lines), encoding="utf-8")
    result = cli("lint", str(path))
    code, out = result.exit_code, result.stdout
    assert code == 1
    reported = re.findall(r"^(.+?):(\d+):\d+: (\w\d{3}) ", out, flags=re.MULTILINE)
    assert reported == [(shown_path(path), str(line), "A401")]
    assert f"{printed!r} states " in out


def test_unwaived_errors_and_the_note_for_check_year(registry: PlanRegistry) -> None:
    assert unwaived_errors("beibei", registry) == 0 and lint_note(registry.by_id["beibei"], registry) is None
    plan = load_plan(fixture("direction"), registry.index)
    assert unwaived_errors(plan, registry) == 4  # D201 ×4; D202, D203 and K603 are not errors
    note = lint_note(plan, registry)
    assert note is not None and note.startswith("note: ") and "4 unwaived lint errors" in note
