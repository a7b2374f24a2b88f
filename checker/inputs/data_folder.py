"""Which files of a folder are data files: one answer for ``check validate DIR`` and for a run with ``--data DIR``.

A folder is walked the same way for both: into symlinked subfolders (once each, whatever the links), past hidden
folders (``.github``, ``.git``: never data) with a note, and an unreadable folder is a problem, never a silent skip.
Files with a data file's ending are data files; anything else (a README, a script) is not read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from checker.domain.errors import Problem
from checker.inputs.readers import SUFFIXES, ReadResult


@dataclass
class FolderScan:
    """The data files found, in a stable order; a note per folder or file passed over; a problem per folder that
    could not be read."""

    files: list[Path] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (path, note)
    problems: list[Problem] = field(default_factory=list)


def is_data_file_name(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def scan(paths: list[Path]) -> FolderScan:
    """The data files among ``paths``: a file given is taken as it is (whatever its name: the user named it); a
    folder is walked."""
    result = FolderScan()
    for path in paths:
        if path.is_dir():
            found = FolderScan()
            _walk(path, found)
            result.files.extend(sorted(found.files))
            result.notes.extend(found.notes)
            result.problems.extend(found.problems)
        else:
            result.files.append(path)
    return result


def holds_data(read: ReadResult) -> bool:
    """Whether a file found in a folder is meant as a data file: one of its documents is a mapping that names a
    district or holds values (a table always is). A plan, a workflow or a config file is not, and is passed over
    with a note by ``check validate`` and silently by a run."""
    return not read.documents or any(_looks_like_data(d.data) for d in read.documents)


def _looks_like_data(data: object) -> bool:
    return not isinstance(data, dict) or "district" in data or "values" in data


def is_year_folder(folder: Path) -> bool:
    """A folder of the <year>/<district>.<ext> layout: named by four digits."""
    return len(folder.name) == 4 and folder.name.isdigit()


def _walk(root: Path, result: FolderScan) -> None:
    seen: set[tuple[int, int]] = set()

    def unreadable(exc: OSError) -> None:
        where = exc.filename or str(root)
        result.problems.append(
            Problem(
                str(where),
                f"cannot read folder: {exc.strerror or exc}",
                hint="check the folder's permissions; its files are not checked until it can be read",
            )
        )

    for folder, subfolders, files in os.walk(root, followlinks=True, onerror=unreadable):
        here = Path(folder)
        try:
            info = here.stat()
        except OSError as exc:
            unreadable(exc)
            subfolders[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:  # a symlink back up the tree, or two links to one folder
            subfolders[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        kept = []
        for name in sorted(subfolders):
            if name.startswith("."):
                result.notes.append((str(here / name), "skipped: a hidden folder is never read for data"))
            else:
                kept.append(name)
        subfolders[:] = kept
        for name in sorted(files):
            path = here / name
            if not is_data_file_name(path):
                continue
            if name.startswith("."):
                result.notes.append((str(path), "skipped: a hidden file is never read for data"))
                continue
            result.files.append(path)
