"""Output of ``check validate``: the problems per file as text (like a linter), JSON, or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TextIO

from checker.inputs.validate import FileResult


def github_escape(text: str, property_value: bool = False) -> str:
    """Escape a workflow-command value (GitHub's rules: %, CR, LF; and , : in properties)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def write_text(results: list[FileResult], stream: TextIO) -> None:
    for result in results:
        for problem in result.problems:
            stream.write(f"{problem.location()}: error: {problem.message}\n")
            if problem.hint:
                stream.write(f"  hint: {problem.hint}\n")
        for note in result.notes:
            stream.write(f"{result.path}: note: {note}\n")
        if result.valid:
            stream.write(
                f"{result.path}: ok ({result.documents} district-year{'s' if result.documents != 1 else ''})\n"
            )
    invalid = sum(not r.valid for r in results)
    problems = sum(len(r.problems) for r in results)
    stream.write(
        f"{len(results)} file{'s' if len(results) != 1 else ''} checked: {len(results) - invalid} valid, "
        f"{invalid} invalid ({problems} problem{'s' if problems != 1 else ''})\n"
    )


def write_json(results: list[FileResult], stream: TextIO) -> None:
    data = {
        "schema_version": 1,
        "valid": all(r.valid for r in results),
        "files": [
            {
                "path": r.path,
                "valid": r.valid,
                "documents": r.documents,
                "notes": r.notes,
                "problems": [
                    {"line": p.line, "column": p.column, "message": p.message, "hint": p.hint} for p in r.problems
                ],
            }
            for r in results
        ],
    }
    json.dump(data, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def write_github(results: list[FileResult], stream: TextIO) -> None:
    for result in results:
        for p in result.problems:
            where = f"file={github_escape(p.path, True)}"
            if p.line is not None:
                where += f",line={p.line}" + (f",col={p.column}" if p.column is not None else "")
            message = p.message + (f" (hint: {p.hint})" if p.hint else "")
            stream.write(f"::error {where},title=check validate::{github_escape(message)}\n")
        for note in result.notes:
            stream.write(f"::notice file={github_escape(result.path, True)}::{github_escape(note)}\n")


PROBLEM_FORMATS: dict[str, Callable[[list[FileResult], TextIO], None]] = {
    "text": write_text,
    "json": write_json,
    "github": write_github,
}
