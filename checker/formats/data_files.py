"""The data-file formats a district fills in: ``check template`` as YAML (with a comment per value saying what it
is and the target it meets) or as a long-form CSV table. Excel's is in checker.formats.xlsx.
"""

from __future__ import annotations

import csv
import io

import yaml

from checker.formats.formulas import neutralise
from checker.formats.registry import RenderOptions
from checker.views.template import Template


def yaml_template(template: Template, options: RenderOptions) -> str:
    """Every value ``null`` with its name, unit, target and source in a comment; itself valid YAML."""
    out = [
        f"# Reported values for {template.name} ({template.district}), {template.year}: fill in each value, "
        "or leave null if not reported.",
        f"# Plan: {template.title}. Check the file with: check validate <this file>",
        f"district: {template.district}",
        f"year: {template.year}",
        "illustrative: false",
        "source: null               # where the figures come from (document, date)",
        "values:",
    ]
    for row in template.rows:
        comment = f"{row.name} ({row.unit})" + (f"; target {row.target}" if row.target else "")
        if row.target_source:
            comment += f" [{row.target_source}]"
        out.append(f"  {row.indicator}: null{' ' * max(1, 40 - len(row.indicator))}# {comment}")
    text = "\n".join(out) + "\n"
    yaml.safe_load(text)  # the template must itself be valid YAML
    return text


def csv_template(template: Template, options: RenderOptions) -> str:
    """The long-form table, every cell neutralised; a BOM so that spreadsheet software reads the Chinese as UTF-8."""
    buffer = io.StringIO()
    rows = [[neutralise(cell) for cell in row] for row in template.table()]
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return "\ufeff" + buffer.getvalue()
