"""Plan and data tables (CSV) written from rows, for the columnar path's tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def write_csv(path: Path, columns: list[str] | tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    rows = [{"illustrative": "true"} | r if "year" in columns else r for r in rows]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path
