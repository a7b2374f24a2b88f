"""The terminal view of a run and of ``check indicators``: the verdict and counts first, the targets that need
attention, columns that fold to fit the terminal, the reasons in words, and --show, --only, --indicator, --notes
and --lang."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from support.cli import Cli, CliResult

from checker.formats.registry import FORMATS

WIDTHS = (80, 100, 120, 160)
DISTRICTS = ("rongchang", "yubei", "beibei")
# The first lines of each district's 2024 view: the district and its verdict, then counts by indicator and target.
HEADERS = {
    "rongchang": (
        "荣昌区（rongchang）2024年　判定：未通过",
        "  指标 110 个：未通过 4 · ",
        "  目标 128 项：未通过 4 · ",
    ),
    "yubei": ("渝北区（yubei）2024年　判定：信息", "  指标 35 个：未通过 0 · ", "  目标 35 项：未通过 0 · "),
    "beibei": ("北碚区（beibei）2024年　判定：未通过", "  指标 99 个：未通过 3 · ", "  目标 120 项：未通过 3 · "),
}


def run(cli: Cli, *args: str, width: int = 100) -> CliResult:
    result = cli(*args, env={"COLUMNS": str(width)})
    assert result.exit_code in (0, 1), result.stderr
    return result


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("district", DISTRICTS)
@pytest.mark.parametrize("extra", [(), ("--show", "all", "--lang", "en", "--notes")], ids=["default", "all-en"])
def test_no_line_is_wider_than_the_terminal(cli: Cli, district: str, width: int, extra: tuple[str, ...]) -> None:
    out = run(cli, "--year", "2024", district, *extra, width=width).stdout
    assert widest(out) <= width
    if not extra:  # the district's verdict and counts come first
        lines = out.splitlines()[:3]
        assert [line.startswith(head) for line, head in zip(lines, HEADERS[district], strict=True)] == [True] * 3


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("district", DISTRICTS)
def test_check_indicators_fits_and_shows_every_id_whole(cli: Cli, district: str, width: int) -> None:
    out = run(cli, "indicators", district, width=width).stdout
    assert widest(out) <= width
    ids = [row["id"] for row in cli("indicators", district, "--format", "json").json()["indicators"]]
    words = set(out.split())
    assert [i for i in ids if i not in words] == []  # each id on one line, never cut or folded


def test_a_pipe_without_columns_gets_100(cli: Cli) -> None:
    out = cli("--year", "2024", "rongchang", env={"COLUMNS": None}).stdout
    assert 80 < widest(out) <= 100


def test_the_table_and_the_listing_speak_chinese_by_default_and_english_on_request() -> None:
    assert FORMATS["table"].default_lang("run") == "zh" and FORMATS["table"].default_lang("indicators") == "zh"
    assert FORMATS["json"].default_lang("run") == "en"


LISTED = [  # (arguments, in the output, not in it)
    (
        (),
        ["未通过", "4.2 < 4.442（序时进度）", "需关注（20 项）", "未报告数值（72 项）"],
        ["每千人口执业（助理）医师数"],
    ),
    (("--show", "all"), ["每千人口执业（助理）医师数", "以下列出全部目标 128 项"], ["需关注（"]),
    (("--only", "fail"), ["每千人口注册护士数", "判定为未通过的目标 4 项"], ["万元收入能耗支出"]),
    (("--only", "pass"), ["3.49 ≥ 3.49（序时进度）"], ["每千人口注册护士数"]),
    (("--only", "not_evaluable", "--only", "fail"), ["判定为未通过或无法评估", "健康预期寿命"], ["万元收入能耗支出"]),
    (("--indicator", "nurses_per_1000"), ["每千人口注册护士数", "目标 1 项"], ["万元收入能耗支出"]),
    (("--indicator", "吸烟率"), ["15岁以上人群吸烟率", "24.1 > 23.8（序时进度）"], ["每千人口注册护士数"]),
    (("--indicator", "Registered nurses per 1,000 population"), ["每千人口注册护士数"], ["吸烟率"]),
    (("--indicator", "荣昌区妇女儿童健康服务大楼"), ["2024年状态为 未启动"], ["每千人口注册护士数"]),
    (("--indicator", "physicians_per_1000"), ["没有符合筛选条件的目标。"], ["每千人口执业"]),  # on track
    (("--indicator", "physicians_per_1000", "--show", "all"), ["3.49 ≥ 3.49（序时进度）"], ["没有符合"]),
]


@pytest.mark.parametrize(("args", "present", "absent"), LISTED, ids=[" ".join(a) or "default" for a, _, _ in LISTED])
def test_what_is_listed(cli: Cli, args: tuple[str, ...], present: list[str], absent: list[str]) -> None:
    result = run(cli, "--year", "2024", "rongchang", *args, width=160)
    assert result.exit_code == 1  # a filter never changes the exit code
    head = result.stdout.splitlines()[:3]
    assert head == run(cli, "--year", "2024", "rongchang", width=160).stdout.splitlines()[:3]  # nor the counts
    assert [p for p in present if p not in result.stdout] == []
    assert [a for a in absent if a in result.stdout] == []


def test_the_shortfalls_come_worst_first_then_the_missing_values(cli: Cli) -> None:
    out = run(cli, "--year", "2024", "rongchang", "--lang", "en", width=160).stdout
    attention, missing = out.split("Needing attention (20)")[1].split("No value reported (72)")
    failing = ("Smoking rate", "Registered nurses", "Out-of-pocket share")  # a fail among their targets
    warning = ("Under-five mortality", "Total size of the health services")  # warnings only
    not_evaluable = ("Healthy life expectancy",)
    places = [[attention.index(name) for name in names] for names in (failing, warning, not_evaluable)]
    assert max(places[0]) < min(places[1]) and max(places[1]) < min(places[2])
    assert "not reported" not in attention and "Value" not in missing.splitlines()[1]


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("吸烟率x", "did you mean smoking_rate_15plus (15岁以上人群吸烟率)?"),
        ("smokng", "smoking_rate_15plus"),
        ("zzzz", "'check indicators DISTRICT' lists"),
    ],
)
def test_an_unknown_indicator_is_a_usage_error_with_the_nearest_names(cli: Cli, typed: str, error: str) -> None:
    result = cli("--year", "2024", "rongchang", "--indicator", typed)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"error: no indicator or project called '{typed}'" in result.stderr and error in result.stderr


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "zh",
            ["序时进度：从基线到目标", "基线", "3.41（2020）", "（未注明）", "* 所列指标有说明 61 条：加 --notes 显示"],
        ),
        (
            "en",
            [
                "Milestone (序时进度): where",
                "Baseline",
                "3.41 (2020)",
                "(not stated)",
                "* notes on the indicators listed: 61",
            ],
        ),
    ],
)
def test_the_view_explains_itself(cli: Cli, lang: str, words: list[str]) -> None:
    out = run(cli, "--year", "2024", "rongchang", "--lang", lang, width=160).stdout
    assert [w for w in words if w not in out] == []
    assert "(blank)" not in out and "behind_schedule" not in out and "Unit corrected" not in out


def test_notes_are_counted_and_shown_with_notes(cli: Cli) -> None:
    out = run(cli, "--year", "2024", "rongchang", "--lang", "en", "--notes", width=120).stdout
    assert "Notes (*)" in out and "Unit corrected to ‰" in out and "add --notes" not in out


def test_every_listed_indicator_is_counted_when_a_plan_has_no_value(cli: Cli) -> None:
    out = run(cli, "--year", "2024", "yubei", "--lang", "en").stdout
    assert "No target needs attention; --show all lists all 35." in out


def test_the_filters_apply_to_the_reports_people_read_but_not_to_json(cli: Cli) -> None:
    args = ("--year", "2024", "rongchang", "--only", "fail")
    markdown = cli(*args, "--format", "markdown").stdout
    assert "每千人口注册护士数" in markdown and "万元收入能耗支出" not in markdown
    assert "判定为未通过的目标 4 项，共 128 项" in markdown
    assert "信息 2 · 通过 20 · 无法评估 2 · 警告 82 · 未通过 4" in markdown  # the counts of every indicator
    assert cli(*args, "--format", "json").stdout == cli(*args[:3], "--format", "json").stdout


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["序号  编号", "牵头科室 ", "疾控科、公卫科", "一 第4项", "越低越好"]),
        ("en", ["#  id", "Lead office (牵头科室) ", "疾控科, 公卫科", "一 item 4", "lower"]),
    ],
)
def test_check_indicators_shows_sources_owners_and_the_language(cli: Cli, lang: str, words: list[str]) -> None:
    out = run(cli, "indicators", "yubei", "--lang", lang, width=160).stdout
    assert [w for w in words if w not in out] == []


def test_check_indicators_lists_the_projects(cli: Cli) -> None:
    out = run(cli, "indicators", "rongchang").stdout
    assert "重点项目（27 个）" in out and "rongchang_p02" in out and "专栏2 序号2" in out


@pytest.mark.parametrize("width", [60, *WIDTHS])
def test_a_renderer_takes_its_width_from_the_render_options(width: int) -> None:
    from checker.engine.run import RunRequest, run_check
    from checker.formats.registry import RenderOptions, render
    from checker.inputs.loading import PlanRegistry
    from checker.inputs.resources import bundled_dir

    result = run_check(RunRequest(year=2024, districts=("all",), data=bundled_dir("data")), PlanRegistry.load())
    for lang in ("zh", "en"):
        text = render("run", "table", result, RenderOptions(lang=lang, width=width, show="all", notes=True))
        assert isinstance(text, str) and widest(text) <= width


@pytest.mark.parametrize(
    "command",
    ["", "run", "validate", "lint", "explain", "import", "verify", "summary", "trend", "template", "indicators"],
)
def test_every_help_fits_80_columns(command: str) -> None:
    """Click counts characters; a Chinese word in a help line takes two cells each, hence max_content_width. A real
    process: click's test runner forces its own width."""
    import os
    import subprocess
    import sys

    from rich.cells import cell_len

    args = [sys.executable, "-m", "checker", *([command] if command else []), "--help"]
    env = {**os.environ, "COLUMNS": "80"}
    shown = subprocess.run(args, capture_output=True, text=True, env=env, check=True, timeout=60).stdout
    assert max(cell_len(line) for line in shown.splitlines()) <= 80
