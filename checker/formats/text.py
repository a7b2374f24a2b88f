"""Plain text like a compiler's or linter's: one line per problem, ``path:line:column:`` first, then a summary.

Renders lint findings and validation results; editors and terminals make the locations clickable. Also ``check
explain``'s derivation of a verdict, step by step, in the user's language and wrapped to the terminal's width.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from checker.formats.registry import RenderOptions
from checker.inputs.validate import FileResult
from checker.lint.runner import Finding, LintResult, Severity

if TYPE_CHECKING:
    from checker.views.diff import DiffRow
    from checker.views.explain import Explanation, TargetExplanation
    from checker.views.verify import TargetChange, Verification


def plural(count: int, word: str) -> str:
    """``1 file``, ``2 files``; ``info`` has no plural."""
    return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"


def lint_summary(result: LintResult) -> str:
    """``2 errors, 1 warning, 0 info in 5 files (27 waived)``, or ``no problems in 5 files``."""
    unwaived = result.unwaived()
    counts = [sum(1 for f in unwaived if f.severity is s) for s in Severity]
    waived = sum(1 for f in result.findings if f.waived)
    text = ", ".join(plural(c, s.value) for c, s in zip(counts, Severity, strict=True)) if unwaived else "no problems"
    return f"{text} in {plural(len(result.files), 'file')}" + (f" ({waived} waived)" if waived else "")


def lint(result: LintResult, options: RenderOptions) -> str:
    """``path:line:col: CODE severity message [citation]``, grouped by file, then the summary."""
    by_file: dict[str, list[Finding]] = {}
    for finding in result.shown(options.show_waived):
        by_file.setdefault(finding.path, []).append(finding)
    out: list[str] = []
    for n, findings in enumerate(by_file.values()):
        if n:
            out.append("\n")
        for f in findings:
            line = f"{f.path}:{f.line}:{f.column}: {f.code} {f.severity.value} {f.message}"
            if f.citation:
                line += f" [{f.citation}]"
            if f.waived:
                line += f" (waived: {f.waiver_reason})"
            out.append(line + "\n")
    out.append(("\n" if by_file else "") + lint_summary(result) + "\n")
    return "".join(out)


def validate(results: list[FileResult], options: RenderOptions) -> str:
    """Each problem with its hint, each note, ``ok`` for a valid file, then the counts (what was passed over too)."""
    out: list[str] = []
    for result in results:
        for problem in result.problems:
            out.append(f"{problem.location()}: error: {problem.message}\n")
            if problem.hint:
                out.append(f"  hint: {problem.hint}\n")
        for note in result.notes:
            out.append(f"{result.path}: note: {note}\n")
        if result.valid and not result.skipped:
            out.append(f"{result.path}: ok ({plural(result.documents, result.counts)})\n")
    checked = [r for r in results if not r.skipped]
    invalid = sum(not r.valid for r in checked)
    problems = sum(len(r.problems) for r in checked)
    skipped = len(results) - len(checked)
    out.append(
        f"{plural(len(checked), 'file')} checked: {len(checked) - invalid} valid, "
        f"{invalid} invalid ({plural(problems, 'problem')})" + (f"; {skipped} passed over" if skipped else "") + "\n"
    )
    return "".join(out)


# --- check explain -------------------------------------------------------------------------------------------------

_CLOSING = frozenset("，。、；：？！）》」』”’〕】〉,.;:?!)]%")  # never at the start of a line: kept with what precedes
_OPENING = frozenset("（《「『“‘〔【〈([")  # never at the end of a line: kept with what follows
_HANG = 16  # a wrapped line goes under its text when the label is at most this wide, else 4 in from the label


def _cells(text: str) -> int:
    from rich.cells import cell_len  # the terminal's idea of a character's width: a CJK character takes two

    return cell_len(text)


def _tokens(text: str) -> list[str]:
    """The pieces a line may break between: runs of spaces, words of Latin letters and figures, single wide (CJK)
    characters; punctuation stays with its neighbour."""
    import unicodedata

    pieces: list[str] = []
    word = ""
    for char in text:
        if char != " " and unicodedata.east_asian_width(char) not in ("W", "F"):
            if char in _CLOSING and not word and pieces and not pieces[-1].isspace():
                pieces[-1] += char
            else:
                word += char
            continue
        if word:
            pieces.append(word)
            word = ""
        after_space = bool(pieces) and pieces[-1].isspace()
        if pieces and (char == " ") == after_space and (char == " " or char in _CLOSING):
            pieces[-1] += char  # a space after spaces, closing punctuation after what it closes
        else:
            pieces.append(char)
    if word:
        pieces.append(word)
    joined: list[str] = []
    for piece in pieces:
        if joined and joined[-1][-1] in _OPENING and not piece.isspace():
            joined[-1] += piece
        else:
            joined.append(piece)
    return joined


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` in lines at most ``width`` cells wide, the first after ``first`` and the others after ``rest``;
    broken at spaces (which the break drops) and between wide characters, a piece longer than a whole line cut."""
    lines: list[str] = []
    line, used, space = first, _cells(first), ""
    room = max(width, _cells(rest) + 10)
    for piece in _tokens(text):
        if piece.isspace():
            space = piece if line.strip() else ""
            continue
        size = _cells(piece)
        if used + _cells(space) + size > room and line.strip():
            lines.append(line)
            line, used, space = rest, _cells(rest), ""
        line, used, space = line + space, used + _cells(space), ""
        while used + size > room:  # wider than a whole line: cut
            cut = ""
            for char in piece:
                if used + _cells(cut + char) > room:
                    break
                cut += char
            lines.append(line + cut)
            piece = piece[len(cut) :]
            size = _cells(piece)
            line, used = rest, _cells(rest)
        line, used = line + piece, used + size
    lines.append(line)
    return [text.rstrip() for text in lines]


class _Page:
    """Lines of text in one language, none wider than the width."""

    def __init__(self, lang: str, width: int) -> None:
        from checker.domain.i18n import t

        self.lang, self.width = lang, width
        self.colon = t("colon", lang)
        self.lines: list[str] = []

    def text(self, text: str, indent: int = 0) -> None:
        self.lines.extend(wrap(text, self.width, " " * indent, " " * (indent + 2)))

    def blank(self) -> None:
        self.lines.append("")

    def field(self, label: str, text: str, indent: int = 0, more: Sequence[str] = ()) -> None:
        """``label：text``, wrapped under the text; ``more`` lines under it, each starting two cells further in
        (a formula's ``= …`` lines under its ``m = …``)."""
        head = " " * indent + label + self.colon
        hang = _cells(head) if _cells(head) <= _HANG + indent else indent + 4
        self.lines.extend(wrap(text, self.width, head, " " * hang))
        for extra in more:
            self.lines.extend(wrap(extra, self.width, " " * (hang + 2), " " * (hang + 4)))


def explain(data: Explanation, options: RenderOptions) -> str:
    """How each verdict on one indicator was reached, in the report's language, no line wider than the width."""
    from checker.domain.i18n import t, t_or
    from checker.domain.messages import render
    from checker.domain.models import STATUSES, TargetKind
    from checker.formats import wording

    lang = options.lang
    page = _Page(lang, options.width)
    row, meta = data.row, data.district
    district = f"{meta.name}（{meta.id}）" if lang == "zh" else f"{meta.name_en} ({meta.name}, {meta.id})"
    page.text(
        t("explain.title", lang, district=district, year=str(data.year), indicator=wording.indicator_label(row, lang))
    )
    facts = [t("explain.project" if row.kind == "project" else "explain.id", lang, id=row.indicator.id)]
    if row.category:
        facts.append(t_or(f"category.{row.category}", lang, row.category))
    own = next((r.target for r in row.targets if r.target is not None and not r.floor), None)
    if own is not None and row.item:
        facts.append(wording.place_text(own.source, lang))
    if row.kind != "project":
        direction = t(f"direction.{row.indicator.direction.value}", lang)
        facts.append(t("explain.better", lang, direction=direction))
    page.text(" · ".join(facts))
    page.field(t("explain.verdict", lang), wording.status_text(row.verdict, lang) + t("explain.verdict_rule", lang))
    if data.illustrative:
        page.text(t("illustrative_banner", lang))
    page.blank()
    _value(page, data)
    if data.project is not None:
        if data.project.period is not None:
            page.field(t("explain.period", lang), f"{data.project.period.start}–{data.project.period.end}")
        if any(r.target is not None and r.target.kind is TargetKind.MILESTONE for r in row.targets):
            page.field(t("explain.status_order", lang), " < ".join(t_or(f"project.{s}", lang, s) for s in STATUSES))
    else:
        page.field(
            t("explain.baseline", lang), wording.baseline_text(row.baseline, lang) or t("explain.no_baseline", lang)
        )
    targets_notes = {r.target.note for r in row.targets if r.target is not None and r.target.note}
    for note in row.notes:
        if note not in targets_notes:
            page.field(t("explain.notes", lang), render(note, lang))
    for n, step in enumerate(data.targets, start=1):
        page.blank()
        _target(page, data, step, t("explain.target", lang, n=str(n), total=str(len(data.targets))))
    if not data.targets:
        page.blank()
        page.text(t("explain.no_targets", lang))
    if data.unapplied_floors:
        page.blank()
        names = ("、" if lang == "zh" else ", ").join(
            p.name if lang == "zh" else p.name_en for p in data.unapplied_floors
        )
        page.text(t("explain.unapplied", lang, plans=names))
    for note in data.notes:
        page.blank()
        page.field(t("explain.notes", lang), render(note, lang))
    return "\n".join(page.lines) + "\n"


def _value(page: _Page, data: Explanation) -> None:
    """The value and where it was read (path:line:column), or why there is none and where it was looked for."""
    from checker.domain.i18n import t
    from checker.formats import wording

    lang, row, value = page.lang, data.row, data.value
    place = (value.path or wording.DASH) + "".join(f":{n}" for n in (value.line, value.column) if n is not None)
    label = t("explain.value", lang)
    if row.value is not None:
        page.field(label, wording.reported_text(row, lang))
        page.field(t("explain.data_file", lang), place, 2)
    elif value.path is None:
        page.field(label, t("explain.no_file", lang, year=str(data.year), path=value.expected_path))
    elif value.key_given and value.line is not None:
        page.field(label, t("explain.null", lang, place=place))
    else:
        page.field(label, t("explain.no_entry", lang, path=value.path, id=row.indicator.id))
    if row.value_source:
        page.field(t("explain.value_source", lang), row.value_source, 2)
    if row.value_note:
        page.field(t("explain.value_note", lang), row.value_note, 2)
    confirmed = wording.confirmation_note(row, lang)
    if confirmed:
        page.text(confirmed, 2)
    if value.source and value.path is not None:
        page.field(t("explain.data_source", lang), value.source, 2)


def _target(page: _Page, data: Explanation, step: TargetExplanation, title: str) -> None:
    """One target: what and where it is, its baseline, milestone, the decision, the progress ratio, the nature."""
    from checker.domain.i18n import t, t_or
    from checker.domain.models import TargetKind
    from checker.formats import wording
    from checker.views.explain import MILESTONE_FORMULA, PROGRESS_FORMULA

    lang, result, plan = page.lang, step.result, step.plan
    target = result.target
    assert target is not None
    level = t_or(f"level.{result.level}", lang, result.plan_id)
    shown = wording.plan_target_text(target, lang)
    if result.floor:
        shown = (
            f"{t('explain.floor', lang)}（{level}）{shown}"
            if lang == "zh"
            else f"{t('explain.floor', lang)} ({level}): {shown}"
        )
    status = wording.status_text(result.status, lang)
    page.text(f"{title}{page.colon}{shown} · {wording.nature_text(result, lang)} → {status}")
    plan_name = plan.name if lang == "zh" else plan.name_en
    plan_title = f"{plan_name} {plan.title}" + (f" {plan.number}" if plan.number else "")
    if result.floor:
        page.field(t("explain.floor_plan", lang), plan_title + t("explain.floor_rule", lang, level=level), 2)
    else:
        page.field(t("explain.plan", lang), plan_title, 2)
    source = target.source
    unverified = t("explain.unverified", lang) if source.verified is False else ""
    page.field(t("explain.source", lang), f"{source.document} {wording.place_text(source, lang)}{unverified}", 2)
    if step.source_kind == "quote":
        text = t("explain.quote", lang, quote=source.quote or "")
    elif step.source_kind == "table" and step.printed_name:
        text = t("explain.table_row", lang, name=step.printed_name, printed=target.printed)
    else:
        text = t("explain.printed", lang, printed=target.printed)
    page.field(t("explain.text", lang), text, 2)
    if target.op_inferred and target.op is not None:
        direction = t("explain.better", lang, direction=t(f"direction.{data.row.indicator.direction.value}", lang))
        page.field(
            t("explain.reading", lang), t("explain.op_inferred", lang, direction=direction, op=target.op.symbol), 2
        )
    if step.in_unit is not None:
        unit, indicator_unit = target.unit or "", data.row.indicator.unit
        converted = t("explain.unit", lang, unit=unit, indicator_unit=indicator_unit, value=step.in_unit)
        page.field(t("explain.reading", lang), converted, 2)
    if target.note:
        page.field(t("explain.target_note", lang), target.note, 2)
    if result.owners and not result.floor:
        page.field(t("explain.owner", lang), wording.owners_text(result.owners, lang), 2)
    if target.kind not in (TargetKind.MILESTONE, TargetKind.DELIVERABLE):
        baseline = wording.baseline_text(result.baseline, lang) or t("explain.no_baseline", lang)
        if result.floor and result.baseline is not None:
            baseline = t("explain.baseline_of", lang, baseline=baseline, level=level)
        page.field(t("explain.baseline", lang), baseline, 2)
    milestone = step.milestone
    if milestone is not None and (milestone.trajectory.compared or step.progress is not None):  # else unused
        label = t("explain.milestone_change" if target.kind is TargetKind.CHANGE else "explain.milestone", lang)
        years = {
            "year": str(milestone.trajectory.year),
            "target_year": str(milestone.trajectory.target_year),
            "baseline_year": str(milestone.trajectory.baseline_year),
        }
        if milestone.substituted is not None:
            lines = [f"= {milestone.substituted}", f"= {milestone.formula}"]
            first = MILESTONE_FORMULA
        else:
            key = "explain.milestone_due" if milestone.case == "target_year" else "explain.milestone_start"
            lines, first = [], t(key, lang, **years) + milestone.formula
        if milestone.absolute is not None:
            lines.append(t("explain.milestone_absolute", lang, value=milestone.absolute))
        page.field(label, first, 2, lines)
    page.field(t("explain.decision", lang), _decision_text(step, data.year, lang), 2)
    if result.interval is not None:  # a value reported with its numerator and denominator (docs/evaluation.md)
        page.field(t("col.interval", lang), wording.interval_cell(data.row, result, lang), 2)
    if step.progress is not None:
        progress = f"{PROGRESS_FORMULA} = {step.progress.formula}"
        if step.progress.progress_class:
            progress += " → " + t(f"progress.{step.progress.progress_class}", lang)
        page.field(t("explain.progress", lang), progress, 2)
    page.field(t("explain.nature", lang), _nature_text(step, lang), 2)


_FLOOR_REASONS = {"behind_schedule": "behind_schedule", "missed": "missed", "bound": "missed"}  # the floor's own


def _decision_text(step: TargetExplanation, year: int, lang: str) -> str:
    """Which rule decided, with the comparison it made, in ``lang``."""
    from checker.domain.i18n import t
    from checker.domain.messages import Message, render
    from checker.domain.results import Reason
    from checker.engine.rules import fmt
    from checker.formats import wording

    result = step.result
    target = result.target
    assert target is not None
    reason = wording.reason_text(result, lang)
    if result.reason is Reason.FLOOR_BREACHED and step.rule in _FLOOR_REASONS:
        own = t(f"reason.{_FLOOR_REASONS[step.rule]}", lang)
        reason = t("explain.floor_reason", lang, reason=own, floor=reason)
    fields = {"year": str(year), "target_year": str(target.year), "reason": reason}
    comparison = step.comparison
    if comparison is not None:
        mark = t(f"mark.{comparison.against}", lang)
        fields["comparison"] = f"{render(comparison.shown, lang)} {comparison.op} {comparison.figure}{mark}"
    if result.baseline is not None:
        fields["baseline"], fields["baseline_year"] = fmt(result.baseline.value), str(result.baseline.year)
    needs_comparison = step.rule in ("met", "missed", "bound", "on_track", "behind_schedule")
    if (
        step.rule == "engine"
        or (needs_comparison and comparison is None)
        or (step.rule == "bound" and result.baseline is None)
    ):
        message = result.message
        fields["message"] = render(message, lang) if isinstance(message, Message) else str(message)
        return t("explain.rule.engine", lang, **fields)
    return t(f"explain.rule.{step.rule}", lang, **fields)


def _nature_text(step: TargetExplanation, lang: str) -> str:
    """How the reason and the target's nature gave the verdict (checker.domain.results.status_for)."""
    from checker.domain.i18n import t
    from checker.domain.models import Nature
    from checker.formats import wording

    result = step.result
    reason, status = wording.reason_text(result, lang), wording.status_text(result.status, lang)
    if step.nature_rule == "floor":
        return t("explain.nature.floor", lang, reason=reason, status=status)
    if step.nature_rule == "fixed" or result.target is None:
        return t("explain.nature.fixed", lang, reason=reason, status=status)
    nature = result.target.nature
    named = t("nature.expected" if nature is Nature.UNSPECIFIED else f"nature.{nature.value}", lang)
    text = t("explain.nature.shortfall", lang, reason=reason, nature=named, status=status)
    return text + (t("explain.nature.unspecified", lang) if nature is Nature.UNSPECIFIED else "")


def verify(data: Verification, options: RenderOptions) -> str:
    """check verify: the report and the run made again, the inputs changed since, each target whose verdict
    differs (status, reason, value: the report's → now), and the conclusion; in --lang, wrapped to the width."""
    from checker.domain.i18n import t
    from checker.formats import wording

    lang = options.lang
    page = _Page(lang, options.width)
    recorded, now = data.recorded, data.now
    sep = "、" if lang == "zh" else ", "
    page.text(t("verify.title", lang, report=data.report, year=str(data.year), districts=sep.join(data.districts)))
    page.text(t("verify.made", lang, version=recorded.version, time=recorded.generated_at, now=now.version))
    sources = {k: v or wording.DASH for k, v in now.sources.items()}
    page.text(t("verify.read", lang, **{k: sources.get(k, wording.DASH) for k in ("plans", "rules", "data")}))
    if recorded.version != now.version:
        page.text(t("verify.other_version", lang))
    page.blank()
    if not data.files:
        page.text(t("verify.files_same", lang, count=str(data.files_compared)))
    else:
        page.text(t("verify.files_changed", lang, count=str(len(data.files))) + page.colon.rstrip())
        for f in data.files:
            role = t(f"provenance.role.{f.role}", lang)
            digests = "" if f.change != "changed" else f" (sha256 {(f.before or '')[:12]} → {(f.now or '')[:12]})"
            page.text(f"{role} {f.path}{page.colon}{t(f'verify.file.{f.change}', lang)}{digests}", indent=2)
    if data.targets:
        page.blank()
        page.text(t("verify.differences", lang, count=str(len(data.targets))) + page.colon.rstrip())
        for change in data.targets:
            row = change.row
            year = "" if row["target_year"] is None else f" ({row['target_year']})"
            page.text(f"{row['district']} · {row['indicator']} {row['name'] or ''} · {row['source']}{year}", indent=2)
            if change.before is None or change.now is None:
                page.text(t("verify.only_report" if change.now is None else "verify.only_now", lang), indent=4)
            page.text(_sides(change, lang, page.colon), indent=4)
    page.blank()
    total, count = str(data.targets_compared), str(len(data.targets))
    conclusion = "verify.identical" if data.identical else "verify.differ"
    page.text(t(conclusion, lang, count=total if data.identical else count, total=total))
    return "\n".join(page.lines) + "\n"


def _sides(change: TargetChange, lang: str, colon: str) -> str:
    """``判定：警告 → 通过；原因：… → …；数值：4.2 → 4.8``: the report's status, reason and value, and now's."""
    from checker.domain.i18n import t, t_or
    from checker.formats.wording import DASH, value_label

    def status(row: DiffRow | None) -> str:  # a report of another version may have statuses this one lacks
        return DASH if row is None or row["status"] is None else t_or(f"status.{row['status']}", lang, row["status"])

    def reason(row: DiffRow | None) -> str:
        return DASH if row is None or row["reason"] is None else t_or(f"reason.{row['reason']}", lang, row["reason"])

    def value(row: DiffRow | None) -> str:
        return DASH if row is None else value_label(row["value"], lang)

    facts = [
        f"{t(f'verify.{name}', lang)}{colon}{text(change.before)} → {text(change.now)}"
        for name, text in (("status", status), ("reason", reason), ("value", value))
    ]
    return ("；" if lang == "zh" else "; ").join(facts)
