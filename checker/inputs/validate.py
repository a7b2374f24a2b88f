"""``check validate``: check reported-value files without evaluating any target.

Structure against the published schema, then meaning: the district and its plan, indicator names (with
did-you-mean), values in the indicator's unit or convertible to it, plausible ranges, project statuses, year and
district agreeing with a path laid out as <year>/<district>.<ext>. Every problem in every file is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from checker.domain.errors import InputError, Problem, UsageError
from checker.inputs.data_folder import holds_data, is_year_folder, scan
from checker.inputs.data_store import (
    HeldValues,
    ReportedValues,
    against_last_year,
    check_document,
    merge_reported,
)
from checker.inputs.loading import LoadedPlan, PlanRegistry
from checker.inputs.readers import ReadResult, read_groups
from checker.inputs.yaml_document import LoadedYaml


@dataclass
class FileResult:
    """What ``check validate`` found in one data file: its problems, notes, and how many documents it holds."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    documents: int = 0
    skipped: bool = False  # passed over, not read as data (a hidden folder, a plan file): the note says why
    held: dict[tuple[str, int], HeldValues] = field(default_factory=dict, repr=False)  # by (district, year)
    counts: str = "district-year"  # what its documents are: a waivers file's are target waivers

    @property
    def valid(self) -> bool:
        """No problem found (notes do not count)."""
        return not self.problems


def validate_paths(paths: list[Path], registry: PlanRegistry, require_complete: bool = False) -> list[FileResult]:
    """Every data file among ``paths`` (folders walked as a run walks --data) checked by validate_file, with a
    note for each thing passed over and a problem for each folder that cannot be read; a usage error when a path
    does not exist or there is no data file."""
    for path in paths:
        if not (path.exists() or path.is_symlink()):
            raise UsageError(f"{path}: no such file or folder")
    found = scan(paths)
    if not found.files and not found.problems:
        raise UsageError(f"no data files (.yaml .yml .json .csv .xlsx) in {', '.join(map(str, paths))}")
    given = set(paths)
    results = [validate_file(path, registry, require_complete, discovered=path not in given) for path in found.files]
    _across_files(results)
    _against_last_year(results, registry)
    results += [FileResult(path, notes=[note], skipped=True) for path, note in found.notes]
    results += [FileResult(problem.path, problems=[problem]) for problem in found.problems]
    return sorted(results, key=lambda r: Path(r.path))


def validate_file(
    path: Path, registry: PlanRegistry, require_complete: bool = False, discovered: bool = False
) -> FileResult:
    """One data file read and each of its documents checked against its district's plan, as a run would. Values
    the plan needs but the file leaves empty are a note, or a problem with ``require_complete``. A YAML or JSON
    file ``discovered`` in a folder that is not meant as data (a plan, a workflow) is passed over with a note, as
    a run passes it over."""
    result = FileResult(str(path))
    read = ReadResult(str(path))
    unchecked = 0
    try:
        for group in read_groups(path, read, key_of=lambda district: _district_id(district, registry)):
            if discovered and not holds_data(ReadResult(read.path, group)):
                result.skipped = True
                result.notes.append("skipped: not a data file (it names no district and holds no values)")
                return result
            unchecked += _check_group(path, group, registry, require_complete, result)
    except InputError as exc:
        result.problems.extend(exc.problems)
    result.problems[:0] = read.problems
    result.problems.sort(key=lambda p: (p.line or 0, p.column or 0))  # in the file's order, whoever found them
    result.notes[:0] = read.notes
    result.documents = len(result.held) + unchecked
    return result


def _district_id(district: str, registry: PlanRegistry) -> str:
    """The district a data file's district cell means (荣昌, 荣昌区 and rongchang are one), else the cell as written."""
    try:
        return registry.resolve(district).id
    except UsageError:
        return district


def _check_group(
    path: Path, group: list[LoadedYaml], registry: PlanRegistry, require_complete: bool, result: FileResult
) -> int:
    """One district-year's documents checked, merged and held (compactly, for the checks across files and years);
    the number that could not be checked at all."""
    by_district_year: dict[tuple[str, int], list[tuple[ReportedValues, LoadedYaml]]] = {}
    unchecked = 0
    for document in group:
        reported, problems = check_document(document, registry)
        result.problems.extend(_path_agrees(path, document, registry))
        result.problems.extend(problems)
        if reported is None:
            unchecked += 1
            continue
        plan_id = registry.resolve(reported.data.district).id
        by_district_year.setdefault((plan_id, reported.data.year), []).append((reported, document))
    for (plan_id, year), parts in by_district_year.items():
        try:
            reported = merge_reported([part for part, _ in parts])
            earlier = result.held.get((plan_id, year))
            if earlier is not None:  # the same district-year read earlier in this file
                reported = merge_reported([earlier.unpack(), reported])
        except InputError as exc:
            result.problems.extend(exc.problems)
            continue
        result.held[(plan_id, year)] = HeldValues.of(reported)
        plan = registry.resolve(plan_id)
        missing = [key for key in (*plan.entries, *plan.projects) if reported.values.get(key) is None]
        if missing:
            shown = ", ".join(missing[:8]) + (", …" if len(missing) > 8 else "")
            message = (
                f"{plan.id} {reported.data.year}: {len(missing)} of {len(plan.entries) + len(plan.projects)} "
                f"values still missing ({shown})"
            )
            if require_complete:
                line, col = parts[0][1].where(("values",))
                result.problems.append(Problem(str(path), message, line, col, "fill them in, or give null on purpose"))
            else:
                result.notes.append(message)
    return unchecked


def _across_files(results: list[FileResult]) -> None:
    """A district-year in two files of one check: a run reads them together, so the same figures are fine and
    different ones are a problem in each file, as within one file."""
    by_key: dict[tuple[str, int], list[FileResult]] = {}
    for result in results:
        for key in result.held:
            by_key.setdefault(key, []).append(result)
    for key, holders in by_key.items():
        if len(holders) < 2:
            continue
        try:
            merge_reported([holder.held[key].unpack() for holder in holders])
        except InputError as exc:
            owner = {holder.held[key].path: holder for holder in holders}
            for problem in exc.problems:
                owner.get(problem.path, holders[0]).problems.append(problem)


def _against_last_year(results: list[FileResult], registry: PlanRegistry) -> None:
    """Each district-year held against the year before where the files checked together hold it (as a run with
    --data holds it against the year before in the same data)."""
    held = {key: reported for result in results for key, reported in result.held.items()}
    for result in results:
        for (plan_id, year), reported in result.held.items():
            last = held.get((plan_id, year - 1))
            if last is not None:
                plan = registry.resolve(plan_id)
                result.problems.extend(against_last_year(reported.unpack(), last.unpack(), plan, registry))


def _path_agrees(path: Path, document: LoadedYaml, registry: PlanRegistry) -> list[Problem]:
    """A file laid out as <year>/<district>.<ext> must hold that year's and that district's values."""
    folder = path.parent.name
    data = document.data if isinstance(document.data, dict) else {}
    if not is_year_folder(path.parent):
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
