"""The report files of checker/cli/files.py: their names, and a write that leaves the old file if interrupted.
(--output and --output-dir through the command line: tests/cli/test_output_dir.py, test_views_output_dir.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.cli.files import report_name
from checker.domain.errors import CheckerError


def test_report_name_for_views() -> None:
    assert report_name(["beibei", "rongchang"], True, 2024, "html", view="summary") == "summary-all-2024.html"
    assert report_name(["rongchang"], False, 2021, "xlsx", view="trend", last=2024) == (
        "trend-rongchang-2021-2024.xlsx"
    )
    assert report_name(list("abcde"), False, 2024, "markdown", view="summary") == "summary-5-districts-2024.md"
    assert report_name(["rongchang"], False, 2024, "html") == "rongchang-2024.html"  # the run's names unchanged
    with pytest.raises(CheckerError, match="cannot be used in a file name"):
        report_name(["../etc"], False, 2021, "html", view="trend", last=2024)
    with pytest.raises(CheckerError, match="year -1 cannot be used"):
        report_name(["rongchang"], False, -1, "html", view="trend", last=2024)
    with pytest.raises(ValueError, match="no such view"):
        report_name(["rongchang"], False, 2024, "html", view="../x")


def test_an_interrupted_write_leaves_the_old_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from checker.cli import files as output

    target = tmp_path / "report.json"
    target.write_text("the good old report")

    def fail(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", fail)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomically(target, "half a new rep")
    assert target.read_text() == "the good old report"
    assert os.listdir(tmp_path) == ["report.json"]
