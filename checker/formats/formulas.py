"""The guard against spreadsheet formula injection, for every cell the CSV and Excel formats write."""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A cell that starts like a formula is written as text (OWASP's advice): a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
