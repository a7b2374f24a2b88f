"""The views' labels in both languages, and the view commands' start-up: no format library imported until a format
is used. (check summary, trend and diff in every output format: tests/cli/test_view_formats.py.)"""

from __future__ import annotations

import subprocess
import sys

from checker.domain.i18n import EN, ZH, t
from checker.views.trend import TREND_RULE


def test_view_labels_exist_in_both_languages_and_the_rule_is_the_same_text() -> None:
    assert ZH.keys() == EN.keys()
    assert t("trend.rule", "en") == " ".join(TREND_RULE.split("\n"))
    for direction in ("improving", "stagnating", "worsening"):
        assert t(f"trend.{direction}", "zh") and t(f"trend.{direction}", "en") == direction


def test_the_view_commands_import_no_format_library_until_a_format_is_used() -> None:
    code = (
        "import sys, checker.cli.views; "
        "print(sorted(m for m in ('rich', 'jinja2', 'openpyxl', 'markupsafe') if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
