"""The reports people read (HTML, Markdown, Excel) as the command line writes them: each format in the language asked
for, Chinese by default, an xlsx beside the table, and no binary workbook on standard output.
(The reports themselves: tests/unit/test_report_formats.py.)"""

from __future__ import annotations

from pathlib import Path

from support.cli import Cli
from support.workbooks import worksheets


def test_cli_writes_each_format_in_the_language_asked_for(cli: Cli, tmp_path: Path) -> None:
    for fmt, lang, expected in (
        ("html", "zh", "<h1>卫生健康规划目标检查报告 · 2024</h1>"),
        ("html", "en", "<h1>Health plan target check · 2024</h1>"),
        ("markdown", "zh", "# 卫生健康规划目标检查报告 · 2024"),
    ):
        out = tmp_path / f"r.{fmt}.{lang}"
        result = cli("--year", "2024", "rongchang", "--format", fmt, "--lang", lang, "--output", str(out))
        assert result.exit_code == 1, result.stderr  # the bundled 2024 data has binding targets behind schedule
        assert expected in out.read_text(encoding="utf-8")
    markdown = cli("--year", "2024", "beibei", "--format", "markdown")
    assert markdown.stdout.startswith("# 卫生健康规划目标检查报告 · 2024")  # Chinese by default
    out = tmp_path / "r.xlsx"
    result = cli("--year", "2024", "all", "--format", "table", "--output-xlsx", str(out))
    sheets = ["汇总", "北碚区", "荣昌区", "渝北区", "来源与复核"]  # the last: what the report was made from
    assert result.exit_code == 1 and list(worksheets(out.read_bytes())) == sheets
    binary = cli("--year", "2024", "rongchang", "--format", "xlsx")
    assert binary.exit_code == 2 and "binary" in binary.stderr
