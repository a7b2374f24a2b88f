"""The data-file formats a district fills in: ``check template`` as YAML (with a comment per value saying what it
is and the target it meets) or as a long-form CSV table. Excel's is in checker.formats.xlsx.
"""

from __future__ import annotations

import csv
import io
import json
import re

import yaml

from checker.domain.i18n import t
from checker.formats.formulas import neutralise
from checker.formats.registry import RenderOptions
from checker.views.template import Template

_SAFE_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")  # line breaks and other control characters


def comment(text: str) -> str:
    """Text safe in a YAML comment: on one line, whatever a plan file says (a line break would end the comment
    and the rest would be read as YAML: a crafted plan text could inject a value)."""
    return _BREAKS.sub(" ", text)


def key(text: str) -> str:
    """A mapping key as written: a plain identifier as it is, anything else quoted (JSON strings are YAML)."""
    return text if _SAFE_KEY.match(text) else json.dumps(text, ensure_ascii=False)


def yaml_template(template: Template, options: RenderOptions) -> str:
    """Every value ``null`` with its name, unit, target and source in a comment; itself valid YAML, checked by
    reading it back: exactly the district, the year and a null for each indicator and project."""
    lang = options.lang
    title = t("template.title", lang, name=template.name, district=template.district, year=str(template.year))
    out = [
        f"# {comment(title)}",
        f"# {comment(t('template.check', lang, title=template.title))}",
        f"district: {key(template.district)}",
        f"year: {template.year}",
        "illustrative: false",
        f"source: null               # {comment(t('template.source', lang))}",
        "values:",
    ]
    target_word = t("template.col.target", lang)
    for row in template.rows:
        note = f"{row.name} ({row.unit})" + (f"; {target_word} {row.target}" if row.target else "")
        if row.expected != "number":
            note += f"; {row.write(lang)}"
        if row.target_source:
            note += f" [{row.target_source}]"
        out.append(f"  {key(row.indicator)}: null{' ' * max(1, 40 - len(row.indicator))}# {comment(note)}")
    text = "\n".join(out) + "\n"
    read_back = yaml.safe_load(text)
    expected = {row.indicator: None for row in template.rows}
    if (read_back.get("values") or {}) != expected or str(read_back.get("district")) != template.district:
        raise AssertionError("the YAML template does not read back as written")  # a bug: exit code 3
    return text


def csv_template(template: Template, options: RenderOptions) -> str:
    """The long-form table, every cell neutralised; a BOM so that spreadsheet software reads the Chinese as UTF-8."""
    buffer = io.StringIO()
    rows = [[neutralise(cell) for cell in row] for row in template.table(options.lang)]
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return "\ufeff" + buffer.getvalue()
