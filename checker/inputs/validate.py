"""``check validate``: check reported-value files without evaluating any target.

Structure against the published schema, then meaning: the district and its plan, indicator names (with
did-you-mean), values in the indicator's unit or convertible to it, plausible ranges, project statuses, year and
district agreeing with a path laid out as <year>/<district>.<ext>. Every problem in every file is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from checker.domain.errors import InputError, Problem, UsageError
from checker.inputs.data_store import check_document
from checker.inputs.loading import LoadedPlan, PlanRegistry
from checker.inputs.readers import data_files, read_data_file
from checker.inputs.yaml_document import LoadedYaml


@dataclass
class FileResult:
    """What ``check validate`` found in one data file: its problems, notes, and how many documents it holds."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    documents: int = 0

    @property
    def valid(self) -> bool:
        """No problem found (notes do not count)."""
        return not self.problems


def validate_paths(paths: list[Path], registry: PlanRegistry, require_complete: bool = False) -> list[FileResult]:
    """Every data file among ``paths`` (folders searched) checked by validate_file; a usage error when a path does
    not exist or there is no data file."""
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    files = data_files(paths)
    if not files:
        raise UsageError(f"no data files (.yaml .yml .json .csv .xlsx) in {', '.join(map(str, paths))}")
    return [validate_file(path, registry, require_complete) for path in files]


def validate_file(path: Path, registry: PlanRegistry, require_complete: bool = False) -> FileResult:
    """One data file read and each of its documents checked against its district's plan, as a run would. Values
    the plan needs but the file leaves empty are a note, or a problem with ``require_complete``."""
    result = FileResult(str(path))
    try:
        read = read_data_file(path)
    except InputError as exc:
        result.problems.extend(exc.problems)
        return result
    result.problems.extend(read.problems)
    result.notes.extend(read.notes)
    result.documents = len(read.documents)
    for document in read.documents:
        reported, problems = check_document(document, registry)
        result.problems.extend(_path_agrees(path, document, registry))
        result.problems.extend(problems)
        if reported is None:
            continue
        plan = registry.resolve(reported.data.district)
        missing = [key for key in (*plan.entries, *plan.projects) if reported.values.get(key) is None]
        if missing:
            shown = ", ".join(missing[:8]) + (", …" if len(missing) > 8 else "")
            message = (
                f"{plan.id} {reported.data.year}: {len(missing)} of {len(plan.entries) + len(plan.projects)} "
                f"values still missing ({shown})"
            )
            if require_complete:
                line, col = document.where(("values",))
                result.problems.append(Problem(str(path), message, line, col, "fill them in, or give null on purpose"))
            else:
                result.notes.append(message)
    return result


def _path_agrees(path: Path, document: LoadedYaml, registry: PlanRegistry) -> list[Problem]:
    """A file laid out as <year>/<district>.<ext> must hold that year's and that district's values."""
    folder = path.parent.name
    data = document.data if isinstance(document.data, dict) else {}
    if not (len(folder) == 4 and folder.isdigit()):
        return []  # not in the data-folder layout: any name will do
    problems = []
    if str(data.get("year")) != folder:
        line, col = document.where(("year",))
        problems.append(
            Problem(
                str(path),
                f"year {data.get('year')} does not match the folder {folder}/",
                line,
                col,
                "move the file, or correct its year",
            )
        )
    try:
        plan: LoadedPlan | None = registry.resolve(str(data.get("district")))
    except UsageError:
        plan = None  # the document check reports an unknown district
    if plan is not None and path.suffix.lower() in (".yaml", ".yml", ".json") and path.stem not in plan.names():
        line, col = document.where(("district",))
        problems.append(
            Problem(
                str(path),
                f"district {plan.id} does not match the file name {path.name}",
                line,
                col,
                f"name the file {plan.id}{path.suffix}",
            )
        )
    return problems
