"""Every sentence the engine says has a Chinese and an English form; reports in Chinese say them in Chinese, while
JSON and the CI outputs keep the English text."""

from __future__ import annotations

import ast
import copy
import html
import io
import json
import pickle
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import checker
from checker.cli.main import main
from checker.domain.messages import TEMPLATES, Message, placeholders, render
from checker.domain.results import RunResult
from checker.engine.run import RunRequest, run_check
from checker.inputs.loading import PlanRegistry

PACKAGE = Path(checker.__file__).parent
SOURCES = ["engine/rules.py", "engine/engine.py", "engine/run.py"]  # where the engine's sentences are made


def choices(node: ast.expr) -> set[str]:
    """The strings an argument can be: a constant, or either branch of 'a if … else b'."""
    if isinstance(node, ast.IfExp):
        return choices(node.body) | choices(node.orelse)
    assert isinstance(node, ast.Constant) and isinstance(node.value, str), ast.dump(node)
    return {node.value}


def codes_used() -> set[str]:
    """The codes of every Message(...) in the engine's source."""
    found: set[str] = set()
    for name in SOURCES:
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Message":
                found |= choices(node.args[0])
    return found


def test_every_message_code_has_both_languages_with_the_same_placeholders() -> None:
    assert len(TEMPLATES) > 40
    for code, forms in TEMPLATES.items():
        assert set(forms) == {"zh", "en"}, code
        assert forms["zh"].strip() and forms["en"].strip(), code
        assert placeholders(forms["zh"]) == placeholders(forms["en"]), code


def test_the_chinese_forms_are_chinese() -> None:
    for code, forms in TEMPLATES.items():
        words = set(re.findall(r"[A-Za-z]{2,}", re.sub(r"\{\w+\}", "", forms["zh"])))
        assert words <= {"data"}, (code, words)  # only the option's name, --data


def test_every_code_the_engine_uses_is_defined_and_every_template_is_used() -> None:
    assert codes_used() == set(TEMPLATES)


def test_a_message_is_its_english_text_and_renders_in_chinese() -> None:
    goal = Message("goal.op", op="≥", value="3.6", year=2025)
    message = Message("behind_schedule", shown="3.379", year=2023, op="≥", milestone="3.38", goal=goal)
    assert message == "3.379 is behind schedule: 2023 milestone (序时进度) ≥ 3.38; target ≥ 3.6 by 2025"
    assert render(message, "zh") == "3.379 落后于序时进度：2023年序时进度 ≥ 3.38；目标 ≥ 3.6（2025年）"
    assert render("a note from a plan file", "zh") == "a note from a plan file"
    for clone in (copy.deepcopy(message), pickle.loads(pickle.dumps(message))):
        assert isinstance(clone, Message) and render(clone, "zh") == render(message, "zh")


@pytest.fixture(scope="module")
def runs() -> list[RunResult]:
    """Every bundled district in every bundled year: the messages the engine actually produces."""
    registry = PlanRegistry.load()
    found = []
    for year in range(2021, 2026):
        found.append(run_check(RunRequest(year=year, districts=("all",), history=True), registry))
    found.append(run_check(RunRequest(year=2023, districts=("national",)), registry))
    return found


def engine_messages(run: RunResult) -> list[Message]:
    texts: list[str] = [*run.skipped]
    for d in run.districts:
        texts += d.notes
        for i in d.indicators:
            texts += i.notes
            texts += [r.message for r in i.targets]
    return [m for m in texts if isinstance(m, Message)]


def test_every_message_of_every_bundled_run_is_a_message_with_a_chinese_form(runs: list[RunResult]) -> None:
    messages = [m for run in runs for m in engine_messages(run)]
    targets = [r for run in runs for d in run.districts for i in d.indicators for r in i.targets]
    assert all(isinstance(r.message, Message) for r in targets)
    assert len({m.code for m in messages}) >= 15
    for m in messages:
        zh = render(m, "zh")
        assert zh != m or not re.search(r"[a-z]{4,}", m), (m.code, m)


@pytest.fixture(scope="module")
def rongchang() -> RunResult:
    return run_check(RunRequest(year=2024, districts=("rongchang",), history=True), PlanRegistry.load())


def english(run: RunResult) -> set[str]:
    """The English sentences of the run's messages (only those with English words in them)."""
    return {str(m) for m in engine_messages(run) if re.search(r"[a-z]{3,}", m)}


def test_a_chinese_html_report_has_no_english_sentence_from_the_engine(rongchang: RunResult) -> None:
    result = CliRunner().invoke(main, ["--year", "2024", "rongchang", "--format", "html"])
    page = result.stdout
    assert result.exit_code == 1 and '<html lang="zh-CN">' in page
    sentences = english(rongchang)
    assert len(sentences) > 50
    assert not [s for s in sentences if s in page or html.escape(s) in page]
    for fragment in ("meets the target", "behind schedule:", "is on track", "no value reported", " floor: "):
        assert fragment not in page
    assert 'title="3.49 符合序时进度：2024年序时进度 ≥ 3.49；目标 ≥ 3.6（2025年）"' in page
    english_page = CliRunner().invoke(main, ["--year", "2024", "rongchang", "--format", "html", "--lang", "en"])
    assert 'title="3.49 is on track: 2024 milestone (序时进度) ≥ 3.49; target ≥ 3.6 by 2025"' in english_page.stdout


def test_chinese_markdown_and_xlsx_say_the_engine_notes_and_messages_in_chinese(tmp_path: Path) -> None:
    text = CliRunner().invoke(main, ["--year", "2024", "yubei", "--format", "markdown"]).stdout
    assert "- 说明：规划期为2025–2025年：本规划的目标不适用于2024年" in text
    assert "the plan covers" not in text
    rongchang = CliRunner().invoke(main, ["--year", "2024", "rongchang", "--format", "markdown"]).stdout
    assert not re.search(r"status in the plan|no target applies|meets the target", rongchang)
    out = tmp_path / "r.xlsx"
    CliRunner().invoke(main, ["--year", "2024", "rongchang", "--format", "xlsx", "--output", str(out)])
    sheet = load_workbook(io.BytesIO(out.read_bytes()))["荣昌区"]
    header = [c.value for c in sheet[5]]
    messages = [row[header.index("详情")] for row in sheet.iter_rows(min_row=6, values_only=True)]
    assert "3.49 符合序时进度：2024年序时进度 ≥ 3.49；目标 ≥ 3.6（2025年）" in messages
    assert not [m for m in messages if isinstance(m, str) and re.search(r"\b(meets|misses|target|reported)\b", m)]


def test_json_keeps_the_english_message() -> None:
    data = json.loads(CliRunner().invoke(main, ["--year", "2024", "rongchang", "--format", "json"]).stdout)
    physicians = next(i for i in data["districts"][0]["indicators"] if i["id"] == "physicians_per_1000")
    assert physicians["targets"][0]["message"] == (
        "3.49 is on track: 2024 milestone (序时进度) ≥ 3.49; target ≥ 3.6 by 2025"
    )
