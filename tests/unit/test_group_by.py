"""--group-by owner's split of a 牵头科室 cell into offices, as printed (the reports: tests/cli/test_group_by.py)."""

from __future__ import annotations

from checker.domain.results import owners_of


def test_owners_are_split_as_printed() -> None:
    assert owners_of("规财科、疾控科、公卫科（爱卫办）") == ("规财科", "疾控科", "公卫科（爱卫办）")
    assert owners_of("疾控科，公卫科; 疾控科") == ("疾控科", "公卫科")
    assert owners_of(None) == () and owners_of(" ") == ()
