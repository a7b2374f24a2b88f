"""An xlsx report's sheets, by title: what the workbook tests read."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet


def worksheets(content: str | bytes) -> dict[str, Worksheet]:
    assert isinstance(content, bytes) and content[:2] == b"PK"
    book = load_workbook(io.BytesIO(content))
    return {ws.title: ws for ws in book.worksheets}
