"""A target waiver's place, years and expiry (checker.engine.target_waivers, checker.domain.models.TargetWaiver)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from checker.domain.models import Source, TargetWaiver
from checker.engine.target_waivers import Place, in_force

TRAIL = {"reason": "r", "approved_by": "a", "approved_on": "2024-03-15", "expires": "2025-12-31"}


@pytest.mark.parametrize(
    ("text", "section", "item"),
    [
        ("专栏1 序号16", "专栏1", "16"),
        ("专栏1序号16", "专栏1", "16"),
        ("专栏1 16", "专栏1", "16"),
        ("16", None, "16"),
        ("序号18a", None, "18a"),
        ("第三章第十七节 第48项", "第三章第十七节", "48"),
        ("第二章第五节", "第二章第五节", None),
        ("专栏1", "专栏1", None),
        ("004_55ced2cde3b8db9d.txt 专栏1 序号16", "专栏1", "16"),  # as a report cites it
    ],
)
def test_a_place_is_read_as_the_reports_cite_it(text: str, section: str | None, item: str | None) -> None:
    assert Place.parse(text) == Place(section, item)


@pytest.mark.parametrize(
    ("text", "source", "names"),
    [
        ("专栏1 序号16", ("专栏1", "16"), True),
        ("16", ("专栏1", "16"), True),
        ("16", ("专栏2", "16"), True),  # the item alone: any section (the indicator or project says which)
        ("专栏1 序号16", ("专栏1", "17"), False),
        ("专栏2 序号16", ("专栏1", "16"), False),
        ("第二章第五节", ("第二章第五节", None), True),
        ("第二章第五节", ("第二章第四节", None), False),
        ("专栏1", ("专栏1", "3"), True),  # a section alone: every target written in it
    ],
)
def test_a_place_names_a_target_by_its_source(text: str, source: tuple[str, str | None], names: bool) -> None:
    assert Place.parse(text).names(Source(document="d.txt", section=source[0], item=source[1])) is names


@pytest.mark.parametrize(
    ("expires", "year", "holds"),
    [
        ("2024-12-31", 2024, True),
        ("2025-01-01", 2024, True),
        ("2024-12-30", 2024, False),
        ("2024-06-30", 2024, False),
        ("2024-06-30", 2023, True),
    ],
)
def test_a_waiver_holds_for_a_year_whose_last_day_it_reaches(expires: str, year: int, holds: bool) -> None:
    waiver = waiver_of(years=year, expires=expires)
    assert in_force(waiver, year) is holds


def waiver_of(**fields: Any) -> TargetWaiver:
    base = {"district": "rongchang", "indicator": "nurses_per_1000", "target": "16", "years": 2024, **TRAIL}
    return TargetWaiver.model_validate({**base, **fields})


@pytest.mark.parametrize(
    ("years", "read"),
    [
        (2024, (2024,)),
        ("2024", (2024,)),
        ("2023-2025", (2023, 2024, 2025)),
        ("2023–2024", (2023, 2024)),
        ([2025, 2024, 2025], (2024, 2025)),
    ],
)
def test_years_are_a_year_a_list_or_a_range(years: Any, read: tuple[int, ...]) -> None:
    assert waiver_of(years=years).years == read


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"years": "2025-2024"}, "runs backwards"),
        ({"years": []}, "no year given"),
        ({"years": "soon"}, "not a year"),
        ({"expires": "31/12/2025"}, "not a date written YYYY-MM-DD"),
        ({"project": "rongchang_p04"}, "either an indicator or a project"),
        ({"approved_on": "2026-01-01"}, "after it expires"),
        ({"level": "city"}, "'municipal' or 'national'"),
    ],
)
def test_a_malformed_waiver_is_refused(fields: dict[str, Any], said: str) -> None:
    with pytest.raises(ValidationError, match=said):
        waiver_of(**fields)


def test_a_waiver_without_its_trail_loads_and_says_what_it_lacks() -> None:
    waiver = waiver_of(reason=" ", approved_by=None, expires=None)
    assert waiver.missing == ("reason", "approved_by", "expires")
    assert waiver_of().missing == () and waiver_of().approved_on == date(2024, 3, 15)
