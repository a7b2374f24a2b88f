"""The guards on text from plans and data files that office formats write: no formula injection in a CSV or Excel
cell, and no character an XML part (xlsx, docx) cannot carry."""

from __future__ import annotations

import re

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A cell that starts like a formula is written as text (OWASP's advice): a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # characters XML 1.0 cannot carry


def xml_safe(text: str) -> str:
    """Text an XML part can hold: a control character from a data file becomes U+FFFD rather than an error."""
    return _NOT_XML.sub("\ufffd", text)
