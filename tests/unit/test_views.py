"""The views' rules (checker/views): a trend's direction from year to year, and the rows of a diff.
(check summary, trend and diff on the bundled data: tests/cli/test_views.py.)"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from checker.views.diff import diff_data
from checker.views.trend import IMPROVING, STAGNATING, WORSENING, _Point, direction


def test_direction_rule() -> None:
    up = 1
    assert direction(_Point(Fraction(1), None, up), _Point(Fraction(2), None, up)) == IMPROVING
    assert direction(_Point(Fraction(2), None, up), _Point(Fraction(2), None, up)) == STAGNATING
    assert direction(_Point(Fraction(2), None, up), _Point(Fraction(1), None, up)) == WORSENING
    # behind the trajectory and losing ground: stagnating; gaining ground: improving
    assert direction(_Point(Fraction(1), Fraction(2), up), _Point(Fraction(2), Fraction(4), up)) == STAGNATING
    assert direction(_Point(Fraction(1), Fraction(2), up), _Point(Fraction(3), Fraction(3), up)) == IMPROVING
    # a lower-is-better target: a fall is improving
    assert direction(_Point(Fraction(5), None, -1), _Point(Fraction(4), None, -1)) == IMPROVING
    assert direction(None, _Point(Fraction(4), None, -1)) is None


def test_diff_data_added_target() -> None:
    def report(statuses: list[str]) -> dict[str, Any]:
        targets = [
            {"source": {"document": "d", "section": "专栏1", "item": "1"}, "target_year": 2025, "status": s}
            for s in statuses
        ]
        return {
            "schema_version": 1,
            "districts": [{"district": "x", "indicators": [{"id": "i", "value": "1", "targets": targets}]}],
        }

    data = diff_data(report(["pass"]), report(["pass", "fail"]))  # the second row of the same key gets #2
    assert [r["source"] for r in data["added"]] == ["d 专栏1 1 #2"]
    assert [r["status_b"] for r in data["new"]] == ["fail"] and data["worse"] is True
