"""Text that a spreadsheet would read as a formula is written as text (checker.formats.formulas); the templates and
reports that use it: tests/cli/test_validate.py, tests/unit/test_report_formats.py, tests/cli/test_view_formats.py."""

from __future__ import annotations

import pytest

from checker.formats.formulas import neutralise


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        pytest.param('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")', id="equals"),
        pytest.param("+1", "'+1", id="plus"),
        pytest.param("-0.5 a year", "'-0.5 a year", id="minus"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("≥ 79.3", "≥ 79.3", id="not-a-formula"),
    ],
)
def test_formula_injection_is_neutralised(cell: str, written: str) -> None:
    assert neutralise(cell) == written
