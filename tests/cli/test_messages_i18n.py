"""Reports in Chinese say the engine's sentences in Chinese, while JSON keeps the English text: the reports as the
command line writes them. (The messages and their two languages: tests/unit/test_messages_i18n.py.)"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support.cli import Cli
from support.messages import engine_messages

from checker.domain.results import RunResult
from checker.engine.run import RunRequest, run_check
from checker.inputs.loading import PlanRegistry


@pytest.fixture(scope="module")
def rongchang() -> RunResult:
    return run_check(RunRequest(year=2024, districts=("rongchang",), history=True), PlanRegistry.load())


def english(run: RunResult) -> set[str]:
    """The English sentences of the run's messages (only those with English words in them)."""
    return {str(m) for m in engine_messages(run) if re.search(r"[a-z]{3,}", m)}


def test_a_chinese_html_report_has_no_english_sentence_from_the_engine(cli: Cli, rongchang: RunResult) -> None:
    result = cli("--year", "2024", "rongchang", "--format", "html")
    page = result.stdout
    assert result.exit_code == 1 and '<html lang="zh-CN">' in page
    sentences = english(rongchang)
    assert len(sentences) > 50
    assert not [s for s in sentences if s in page or html.escape(s) in page]
    for fragment in ("meets the target", "behind schedule:", "is on track", "no value reported", " floor: "):
        assert fragment not in page
    assert 'title="3.49 人/千人 符合序时进度：2024年序时进度 ≥ 3.49 人/千人；目标 ≥ 3.6 人/千人（2025年）"' in page
    english_page = cli("--year", "2024", "rongchang", "--format", "html", "--lang", "en")
    assert (
        'title="3.49 人/千人 is on track: 2024 milestone (序时进度) ≥ 3.49 人/千人; target ≥ 3.6 人/千人 by 2025"'
        in english_page.stdout
    )


def test_chinese_markdown_and_xlsx_say_the_engine_notes_and_messages_in_chinese(cli: Cli, tmp_path: Path) -> None:
    text = cli("--year", "2024", "yubei", "--format", "markdown").stdout
    assert "- 说明：规划期为2025–2025年：本规划的目标不适用于2024年" in text
    assert "the plan covers" not in text
    rongchang = cli("--year", "2024", "rongchang", "--format", "markdown").stdout
    assert not re.search(r"status in the plan|no target applies|meets the target", rongchang)
    out = tmp_path / "r.xlsx"
    cli("--year", "2024", "rongchang", "--format", "xlsx", "--output", str(out))
    sheet = load_workbook(io.BytesIO(out.read_bytes()))["荣昌区"]
    header = [c.value for c in sheet[5]]
    messages = [row[header.index("详情")] for row in sheet.iter_rows(min_row=6, values_only=True)]
    assert "3.49 人/千人 符合序时进度：2024年序时进度 ≥ 3.49 人/千人；目标 ≥ 3.6 人/千人（2025年）" in messages
    assert not [m for m in messages if isinstance(m, str) and re.search(r"\b(meets|misses|target|reported)\b", m)]


def test_json_keeps_the_english_message(cli: Cli) -> None:
    data = cli("--year", "2024", "rongchang", "--format", "json").json()
    physicians = next(i for i in data["districts"][0]["indicators"] if i["id"] == "physicians_per_1000")
    assert physicians["targets"][0]["message"] == (
        "3.49 人/千人 is on track: 2024 milestone (序时进度) ≥ 3.49 人/千人; target ≥ 3.6 人/千人 by 2025"
    )
