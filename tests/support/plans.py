"""A plan of one district for a test: 'one' (测试区, Test District), a five-year plan for 2021–2025, with the plan
settings and indicator rows a test gives (the plan header was written out in four test files)."""

from __future__ import annotations

_HEAD = """schema_version: 1
plan:
  id: one
  name: 测试区
  name_en: Test District
  level: district
  kind: five_year
  title: 测试规划
  issuer: 测试
  document: DOCUMENT
  period: {start: 2021, end: 2025}
"""


def one_district_plan(indicators: str, settings: str = "", document: str = "test.txt") -> str:
    """The plan's YAML: ``settings`` are more lines of ``plan:`` (indented two spaces), ``indicators`` the lines
    under ``indicators:`` (indented two spaces); its document is ``document``."""
    return _HEAD.replace("DOCUMENT", document) + settings + "indicators:\n" + indicators
