"""Atomic file output: a report is either written whole or not at all; a good old one is never half-overwritten."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from checker.domain.errors import CheckerError
from checker.formats.registry import FORMATS


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it over ``path``."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise CheckerError(f"cannot write {path}: folder {directory} does not exist", "create the folder first")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CheckerError(f"cannot write {path}: {exc.strerror}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """An existing file keeps its permissions; a new one gets the usual 0666 less the umask (mkstemp makes 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# --- --output-dir: reports named for what they hold, and never over a file the tool did not write --------------

MANIFEST = ".health-plan-checker.json"
TOOL = "health-plan-checker"
_SAFE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_+.-]*$")
MAX_IDS_IN_NAME = 4  # more districts than this are named by their number: 6-districts-2024.html


VIEWS = frozenset({"summary", "trend"})  # the views that write into --output-dir: their name starts the file's


def report_name(
    district_ids: Sequence[str],
    everything: bool,
    year: int,
    fmt: str,
    view: str | None = None,
    last: int | None = None,
) -> str:
    """'rongchang-2024.html', 'rongchang+beibei-2024.md', 'all-2024.json': district, year and format.

    A view's file starts with the view and may span years: 'summary-all-2024.html' (``view="summary"``),
    'trend-rongchang-2021-2024.xlsx' (``view="trend"``, ``last=2024``).

    The ids come from the loaded plans (identifiers checked when the plan was read), never from the command line;
    they are checked again here because they become part of a path, and so are the years (integers, not negative).
    """
    for plan_id in district_ids:
        if not _SAFE_ID.match(plan_id):
            raise CheckerError(f"plan id {plan_id!r} cannot be used in a file name", "give --output FILE instead")
    years = [year] if last is None else [year, last]
    for y in years:
        if isinstance(y, bool) or not isinstance(y, int) or y < 0:
            raise CheckerError(f"year {y!r} cannot be used in a file name", "give --output FILE instead")
    if view is not None and view not in VIEWS:
        raise ValueError(f"no such view: {view!r}")  # a programming error, never user input
    if everything:
        who = "all"
    elif len(district_ids) > MAX_IDS_IN_NAME:
        who = f"{len(district_ids)}-districts"
    else:
        who = "+".join(district_ids)
    stem = "-".join([*([view] if view else []), who, *(str(y) for y in years)])
    name = f"{stem}.{FORMATS[fmt].extension}"  # what the file is: .md, .junit.xml, …
    assert _SAFE_NAME.match(name), name
    return name


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(root: Path) -> dict[str, str]:
    """The files this tool wrote in ``root`` and their SHA-256, from the folder's manifest ({} when there is none)."""
    path = root / MANIFEST
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise CheckerError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
        files = data["files"]
        if data.get("tool") != TOOL or not isinstance(files, dict):
            raise ValueError
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
            raise ValueError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise CheckerError(
            f"{path} is not a {TOOL} manifest (the list of reports it wrote in {root})",
            f"delete {path} (existing reports in the folder are then treated as not the tool's), "
            "or give --force to overwrite them",
        ) from exc
    return dict(files)


def _refusal(path: Path, known: str | None) -> str | None:
    """Why ``path`` may not be overwritten, or None when it may: it is new, or the tool wrote it as it is now."""
    if not os.path.lexists(path):
        return None
    if path.is_symlink() or not path.is_file():
        return "not a regular file"
    if known is None:
        return f"not written by {TOOL} (not listed in {path.parent / MANIFEST})"
    try:
        current = sha256(path.read_bytes())
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    return None if current == known else f"changed since {TOOL} wrote it"


def write_reports(root: Path, reports: Sequence[tuple[str, str | bytes]], force: bool = False) -> list[Path]:
    """Write each (file name, content) into ``root``, atomically, and record them in the folder's manifest.

    Nothing is written unless every file may be: a file is overwritten only when the manifest says the tool wrote
    it and it is unchanged since (its SHA-256 matches), or with ``force``. The folder is created when missing.
    """
    for name, _ in reports:
        if not _SAFE_NAME.match(name):
            raise CheckerError(f"{name!r} is not a report file name")  # never from user input; a guard
    if os.path.lexists(root) and not root.is_dir():
        raise CheckerError(f"--output-dir {root}: not a folder", "give a folder, or a new name for one")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CheckerError(f"cannot create --output-dir {root}: {exc.strerror}") from exc
    try:
        manifest = _read_manifest(root)
    except CheckerError:
        if not force:
            raise
        manifest = {}
    if not force:
        why = {name: _refusal(root / name, manifest.get(name)) for name, _ in reports}
        refused = [f"{root / name} ({reason})" for name, reason in why.items() if reason]
        if refused:
            raise CheckerError(
                "not overwriting " + "; ".join(refused) + "; nothing written",
                "move or rename the file, choose another --output-dir, or give --force to overwrite",
            )
    written = []
    for name, content in reports:
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = root / name
        write_atomically(path, data)
        manifest[name] = sha256(data)
        written.append(path)
    body = {
        "tool": TOOL,
        "about": f"the reports {TOOL} wrote in this folder, with their SHA-256: it overwrites only these, and only "
        "while unchanged (--force overrides)",
        "files": dict(sorted(manifest.items())),
    }
    write_atomically(root / MANIFEST, json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    return written
