"""Plain text like a compiler's or linter's: one line per problem, ``path:line:column:`` first, then a summary.

Renders lint findings and validation results; editors and terminals make the locations clickable.
"""

from __future__ import annotations

from checker.formats.registry import RenderOptions
from checker.inputs.validate import FileResult
from checker.lint.runner import Finding, LintResult, Severity


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
            out.append(f"{result.path}: ok ({plural(result.documents, 'district-year')})\n")
    checked = [r for r in results if not r.skipped]
    invalid = sum(not r.valid for r in checked)
    problems = sum(len(r.problems) for r in checked)
    skipped = len(results) - len(checked)
    out.append(
        f"{plural(len(checked), 'file')} checked: {len(checked) - invalid} valid, "
        f"{invalid} invalid ({plural(problems, 'problem')})" + (f"; {skipped} passed over" if skipped else "") + "\n"
    )
    return "".join(out)
