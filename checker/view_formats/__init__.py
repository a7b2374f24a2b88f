"""Output formats of the views (``check summary``, ``check trend``, ``check diff``): the views layer builds
the data, the modules here only format it.

A format's module is imported only when it is used (rich for the terminal table, jinja2 for HTML, openpyxl for
xlsx), so that starting ``check`` pays for none of them. Each module defines ``summary``, ``trend`` and, where the
format has one, ``diff``: ``(data, lang, color) -> str | bytes``; only the terminal table uses ``color``.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any

from checker.domain.errors import UsageError

Renderer = Callable[[dict[str, Any], str, bool], "str | bytes"]

# format: module; views a format has no function for are not offered by its command's --format
MODULES: dict[str, str] = {
    "table": "checker.view_formats.table",
    "markdown": "checker.view_formats.markdown",
    "html": "checker.view_formats.html",
    "xlsx": "checker.view_formats.xlsx",
}
BINARY = frozenset({"xlsx"})
SUMMARY_FORMATS = ("table", "json", "markdown", "html", "xlsx")
TREND_FORMATS = SUMMARY_FORMATS
DIFF_FORMATS = ("table", "json", "markdown")


def to_json(data: Any) -> str:
    """Views as JSON: figures are already decimal strings in the data."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(view: str, fmt: str, data: dict[str, Any], lang: str, color: bool = False) -> str | bytes:
    """``view`` ("summary", "trend", "diff") in ``fmt``; importing the format's module only now."""
    if fmt == "json":
        return to_json(data)
    if fmt not in MODULES:
        raise UsageError(f"no such format for check {view}: {fmt}")
    renderer: Renderer | None = getattr(importlib.import_module(MODULES[fmt]), view, None)
    if renderer is None:
        raise UsageError(f"check {view} has no {fmt} output")
    return renderer(data, lang, color)
