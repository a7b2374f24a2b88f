"""The drafts of ``check import`` as YAML: a plan in the plans/ format, the catalogue entries it proposes, and a data
file in the data/ format. Every line a person must check carries ``# review: <reason>``; every target's source
line says where in the document it comes from (``# line 140``, ``# paragraph 12`` for a .docx).

A target whose indicator the catalogue does not know is written commented out, under the proposed entry's id, so
that the draft loads and lints as it is: add the proposed entry to the catalogue, then remove the ``#``.
Strings are written as JSON strings, which YAML reads as double-quoted scalars; figures as printed (``8.0``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from checker.inputs.drafting.model import (
    DraftIndicator,
    DraftPlan,
    DraftProject,
    DraftStats,
    DraftTarget,
    DraftValue,
    DraftValues,
    ProposedIndicator,
)

TOOL = "check import"


def q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split()).replace("#", "＃")


def _review(reasons: Iterable[str]) -> str:
    reasons = [r for r in reasons if r]
    return f"  # review: {_comment('; '.join(reasons))}" if reasons else ""


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return q(str(value))


def _number(text: str) -> str:
    return text  # as printed: the loader reads it exactly


# --- plan ----------------------------------------------------------------------------------------------------------


def render_plan(plan: DraftPlan, catalogue_file: str | None = None) -> str:
    """The draft plan as YAML."""
    lines = [
        f"# Draft plan, written by `{TOOL} plan` from {plan.document}. Check every line marked `# review:` against",
        f"# the document (each target's source names its {plan.line_word}), correct it, then remove the mark.",
        f"# {summary_line(plan.stats)}",
        "schema_version: 1",
        "plan:",
    ]
    for key, value in plan.meta.items():
        review = _review([plan.meta_reviews.get(key, "")])
        if key == "period" and isinstance(value, dict):
            lines.append(f"  period: {{start: {value['start']}, end: {value['end']}}}{review}")
        elif key == "aliases" and isinstance(value, list):
            lines.append(f"  aliases: [{', '.join(q(a) for a in value)}]{review}")
        else:
            lines.append(f"  {key}: {_scalar(value)}{review}")
    known = [ind for ind in plan.indicators if ind.known]
    unknown = [ind for ind in plan.indicators if not ind.known]
    lines.append("indicators:" if known else "indicators: []")
    for ind in known:
        lines += _indicator(ind, plan)
    if plan.projects:
        lines.append("projects:")
        for project in plan.projects:
            lines += _project(project, plan)
    if unknown:
        where = catalogue_file or "the catalogue draft (--catalogue-output)"
        lines += [
            "",
            "# ---- Not in the catalogue: add the entries proposed in "
            f"{where} to rules/catalogue/, then remove the '# ' before these lines (under indicators:).",
        ]
        for ind in unknown:
            lines += ["# " + line for line in _indicator(ind, plan)]
    if plan.skipped:
        lines += ["", "# ---- Rows the draft could not read: encode them by hand."]
        lines += [f"# {plan.line_word} {line}: {_comment(text)}" for line, text in plan.skipped]
    return "\n".join(lines) + "\n"


def _indicator(ind: DraftIndicator, plan: DraftPlan) -> list[str]:
    comment = _review(ind.reviews) if ind.reviews else _matched(ind)
    lines = [f"  - indicator: {ind.indicator}{comment}", f"    printed_name: {q(ind.printed_name)}"]
    if ind.category:
        lines.append(f"    category: {q(ind.category)}")
    if ind.baseline is not None:
        year, value = ind.baseline
        lines.append(f"    baseline: {{year: {year}, value: {_number(value)}}}")
    else:
        lines.append("    baseline: null")
    if ind.printed_unit:
        lines.append(f"    printed_unit: {q(ind.printed_unit)}")
    lines.append("    targets:")
    for target in ind.targets:
        lines += _target(target, plan, "      ")
    if ind.notes:
        lines.append("    notes:")
        lines += [f"      - {q(note)}" for note in ind.notes]
    return lines


def _matched(ind: DraftIndicator) -> str:
    """How a certain match was made, for the reader: ``# matched: alias 人均预期寿命(岁), confidence 1.00``."""
    if not ind.known or not ind.matched:
        return ""
    return f"  # matched: {_comment(ind.matched)}, confidence {ind.confidence:.2f}"


def _target(target: DraftTarget, plan: DraftPlan, pad: str) -> list[str]:
    lines = [f"{pad}- year: {target.year}{_review(target.reviews)}", f"{pad}  kind: {target.kind}"]
    if target.op is not None:
        lines.append(f'{pad}  op: "{target.op}"')
    if target.kind in ("milestone", "deliverable"):
        if target.value is not None:
            lines.append(f"{pad}  value: {_scalar(target.value)}")
    elif target.value is not None:
        lines.append(f"{pad}  value: {_number(str(target.value))}")
    if target.low is not None and target.high is not None:
        lines += [f"{pad}  low: {_number(target.low)}", f"{pad}  high: {_number(target.high)}"]
    if target.of:
        lines.append(f"{pad}  of: {target.of}")
    if target.against:
        lines.append(f"{pad}  against: {target.against}")
    if target.ref:
        ref = target.ref
        lines.append(f"{pad}  ref: {{plan: {ref['plan']}, indicator: {ref['indicator']}, use: {ref['use']}}}")
    if target.unit:
        lines.append(f"{pad}  unit: {q(target.unit)}")
    if target.op_inferred:
        lines.append(f"{pad}  op_inferred: true")
    lines.append(f"{pad}  printed: {q(target.printed)}")
    lines.append(f"{pad}  nature: {target.nature}")
    source = f"document: {q(plan.document)}, section: {q(target.section)}, item: {_scalar(target.item)}"
    if target.quote:
        source += f", quote: {q(target.quote)}"
    lines.append(f"{pad}  source: {{{source}}}  # {plan.line_word} {target.line}")
    if target.owner:
        lines.append(f"{pad}  owner: {q(target.owner)}")
    if target.responsible:
        lines.append(f"{pad}  responsible: {q(target.responsible)}")
    if target.note:
        lines.append(f"{pad}  note: {q(target.note)}")
    return lines


def _project(project: DraftProject, plan: DraftPlan) -> list[str]:
    lines = [
        f"  - id: {project.id}{_review(project.reviews)}",
        f"    name: {q(project.name)}  # {plan.line_word} {project.line}, {project.section} 序号{project.item}",
        f"    category: {_scalar(project.category)}",
    ]
    period = project.period
    lines.append(f"    period: {{start: {period[0]}, end: {period[1]}}}" if period else "    period: null")
    money = project.investment
    lines.append(
        f"    investment: {{value: {_number(money[0])}, unit: {q(money[1])}}}" if money else "    investment: null"
    )
    lines.append(f"    scale: {_scalar(project.scale)}")
    lines.append(f"    status: {_scalar(project.status)}")
    lines.append(f"    owner: {_scalar(project.owner)}")
    if project.targets:
        lines.append("    targets:")
        for target in project.targets:
            lines += _target(target, plan, "      ")
    else:
        lines.append("    targets: []")
    if project.notes:
        lines.append("    notes:")
        lines += [f"      - {q(note)}" for note in project.notes]
    return lines


def render_catalogue(plan: DraftPlan) -> str:
    """The catalogue entries the draft proposes, in the format of rules/catalogue/*.yaml."""
    lines = [
        f"# Catalogue entries proposed by `{TOOL} plan` for names in {plan.document} that the catalogue does not know.",
        "# Check each (id, English name, unit, direction: reuse an existing id when it is the same indicator), then",
        "# add it to a file of rules/catalogue/ and uncomment the plan draft's targets that use it.",
        "schema_version: 1",
    ]
    if not plan.proposed:
        return "\n".join([*lines, "indicators: []"]) + "\n"
    lines.append("indicators:")
    for entry in plan.proposed:
        lines += _proposal(entry, plan)
    return "\n".join(lines) + "\n"


def _proposal(entry: ProposedIndicator, plan: DraftPlan) -> list[str]:
    lines = [
        f"  - id: {entry.id}{_review(entry.reviews)}",
        f"    name: {q(entry.name)}  # {plan.line_word} {entry.line}",
        '    name_en: ""',
        f"    unit: {q(entry.unit)}",
        f"    direction: {entry.direction}",
    ]
    if entry.aliases:
        lines.append("    aliases:")
        lines += [f"      - {q(alias)}" for alias in entry.aliases]
    return lines


def summary_line(stats: DraftStats) -> str:
    """One line: what was found, matched and marked."""
    return (
        f"{stats.tables} tables ({stats.indicator_tables} of indicators, {stats.project_tables} of projects), "
        f"{stats.rows} rows; {stats.table_targets} table targets, {stats.text_targets} running-text targets, "
        f"{stats.projects} projects ({stats.project_targets} targets); {stats.matched} targets matched to the "
        f"catalogue, {stats.unknown} not; {stats.reviews} places marked for review"
    )


# --- values --------------------------------------------------------------------------------------------------------


def render_values(draft: DraftValues) -> str:
    """The draft data file as YAML."""
    lines = [
        f"# Draft data file, written by `{TOOL} values` from {draft.document}. Check every value marked `# review:`",
        f"# against its sentence (the source names its {draft.line_word}), correct it, then remove the mark.",
        f"# {values_summary(draft)}",
        f"district: {draft.district}",
        f"year: {draft.year}",
        "illustrative: false",
        f"source: {q(draft.source)}",
    ]
    lines.append("values:" if draft.values else "values: {}")
    for value in draft.values:
        lines += _value(value, draft)
    if draft.unknown:
        lines += [
            "",
            "# ---- Figures not matched to the catalogue (or already given above): add them by hand if needed.",
        ]
        for value in draft.unknown:
            lines.append(f"# {draft.line_word} {value.line}: {value.printed} — {_comment(value.quote)}")
    return "\n".join(lines) + "\n"


def _value(value: DraftValue, draft: DraftValues) -> list[str]:
    lines = [f"  {value.indicator}:{_review(value.reviews)}", f"    value: {_value_scalar(value.value)}"]
    if value.unit:
        lines.append(f"    unit: {q(value.unit)}")
    lines.append(f"    source: {q(value.quote)}  # {draft.line_word} {value.line}")
    if value.note:
        lines.append(f"    note: {q(value.note)}")
    return lines


def _value_scalar(value: str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def values_summary(draft: DraftValues) -> str:
    reviewed = sum(1 for v in draft.values if v.reviews)
    return (
        f"{draft.sentences} sentences with figures, {draft.figures} figures; {len(draft.values)} values matched to "
        f"the catalogue, {len(draft.unknown)} not; {reviewed} marked for review"
    )


def mark_lines(text: str, reasons: dict[int, list[str]]) -> str:
    """``text`` with more reasons for review at the given (1-based) lines: added to the line's review comment, or
    to its other comment (``# line 140; review: …``), or as a new comment."""
    if not reasons:
        return text
    lines = text.split("\n")
    for number, found in reasons.items():
        if not 1 <= number <= len(lines):
            continue
        line = lines[number - 1]
        extra = _comment("; ".join(found))
        if "# review: " in line:
            lines[number - 1] = f"{line}; {extra}"
        elif _has_comment(line):
            lines[number - 1] = f"{line}; review: {extra}"
        else:
            lines[number - 1] = f"{line}  # review: {extra}"
    return "\n".join(lines)


def _has_comment(line: str) -> bool:
    """Whether a line of the drafts ends with a comment (# outside the JSON strings they are written with)."""
    quoted = False
    escaped = False
    for char in line:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "#" and not quoted:
            return True
    return False
