"""Every sentence the engine says has a Chinese and an English form, with the same placeholders, and every run of
the bundled data says its sentences as messages. (Reports in Chinese say them in Chinese, while JSON and the CI
outputs keep the English text: tests/cli/test_messages_i18n.py.)"""

from __future__ import annotations

import ast
import copy
import pickle
import re
from pathlib import Path

import pytest
from support.messages import engine_messages

import checker
from checker.domain.messages import TEMPLATES, Message, placeholders, render
from checker.domain.results import RunResult
from checker.engine.run import RunRequest, run_check
from checker.inputs.loading import PlanRegistry

PACKAGE = Path(checker.__file__).parent
# where the engine's sentences are made
SOURCES = ["engine/rules.py", "engine/engine.py", "engine/run.py", "engine/chance.py"]


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
        # only the option's name, --data, the standard, GB/T 8170, and the names of Byar's and Wilson's methods
        assert words <= {"data", "GB", "Byar", "Wilson"}, (code, words)


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
    for year in range(2021, 2025):
        found.append(run_check(RunRequest(year=year, districts=("all",), history=True), registry))
    # no district has 2025 data, so 'all' checks none: each by name, every value missing (note.no_data)
    found.append(run_check(RunRequest(year=2025, districts=("beibei", "rongchang", "yubei"), history=True), registry))
    found.append(run_check(RunRequest(year=2023, districts=("national",)), registry))
    return found


def test_every_message_of_every_bundled_run_is_a_message_with_a_chinese_form(runs: list[RunResult]) -> None:
    messages = [m for run in runs for m in engine_messages(run)]
    targets = [r for run in runs for d in run.districts for i in d.indicators for r in i.targets]
    assert all(isinstance(r.message, Message) for r in targets)
    assert len({m.code for m in messages}) >= 15
    for m in messages:
        zh = render(m, "zh")
        assert zh != m or not re.search(r"[a-z]{4,}", m), (m.code, m)
