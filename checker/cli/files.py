"""Atomic file output: a report is either written whole or not at all; a good old one is never half-overwritten.

``--output-dir`` folders are shared between runs, so what is written there is kept consistent whatever fails:
runs take turns under the folder's lock, and the manifest names the new bytes of every report before any report
is replaced (see write_reports for why in that order).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from checker.domain.errors import CheckerError
from checker.formats.registry import FORMATS
from checker.formats.streamed import Chunks, Content

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl

TOOL = "health-plan-checker"
TEMP_PREFIX = f".{TOOL}.tmp-"  # every temporary file the tool writes; a killed run's are removed by the next run
_TEMP_NAME = re.compile(rf"^{re.escape(TEMP_PREFIX)}[a-z0-9_]+$")  # tempfile.mkstemp's random part
_NO_FOLLOW: int = getattr(os, "O_NOFOLLOW", 0)
_NO_BLOCK: int = getattr(os, "O_NONBLOCK", 0)
_DISK_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG})
_NOT_WRITABLE = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


def write_atomically(path: Path, content: Content) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it over ``path``: a reader, or a run
    that is killed, sees the old file or the new one, never half of one."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise CheckerError(f"cannot write {path}: folder {directory} does not exist", "create the folder first")
    _refuse_special(path)
    try:
        _replace(path, _pieces(content))
    except OSError as exc:
        raise _os_error(f"cannot write {path}", exc, directory) from exc


def _refuse_special(path: Path) -> None:
    """A report replaces a file, never a device, pipe, socket or folder that stands at its path (renaming over
    /dev/null would replace the device for everyone on the machine)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # nothing there (or a dangling link): the report is created
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise CheckerError(
            f"cannot write {path}: it is {kind}",
            "give the path of a file to write the report to (without --output the report goes to standard output)",
        )


def _pieces(content: Content) -> Iterable[bytes]:
    """A report's bytes, in the pieces they come in (a report streamed district by district: Chunks)."""
    if isinstance(content, Chunks):
        return content.parts
    return (content.encode("utf-8") if isinstance(content, str) else content,)


def _replace(path: Path, data: Iterable[bytes]) -> None:
    """write_atomically, letting OSError through for the caller to word."""
    staged = _Staged.write(path, data)
    try:
        staged.commit()
    finally:
        staged.discard()


@dataclass
class _Staged:
    """A report written in full to a temporary file beside its place, not yet renamed over it.

    The temporary file stays open and locked (flock) until renamed or discarded: a run cleaning up what a killed
    run left in the folder sees that a live writer holds it (an ``--output FILE`` run into the same folder).
    """

    path: Path
    tmp: Path
    fd: int
    digest: str
    committed: bool = field(default=False)

    @classmethod
    def write(cls, path: Path, data: Iterable[bytes]) -> _Staged:
        import tempfile  # only when a file is written: a report to standard output needs none

        fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
        staged = cls(path, Path(name), fd, "")
        digest = hashlib.sha256()
        try:
            _lock_temp(fd)
            for piece in data:
                digest.update(piece)
                view = memoryview(piece)
                while view:
                    view = view[os.write(fd, view) :]
            staged.digest = digest.hexdigest()
            os.fsync(fd)  # on disk before the rename makes it the report: a crash leaves the old one, not an empty one
            os.chmod(staged.tmp, _mode_for(path))
        except BaseException:
            staged.discard()
            raise
        return staged

    def commit(self) -> None:
        """Rename the temporary file over the report (atomic: the old bytes or the new, never a mix)."""
        if sys.platform == "win32":
            self._close()  # Windows renames no open file
        os.replace(self.tmp, self.path)
        self.committed = True
        self._close()

    def discard(self) -> None:
        """Close, and remove the temporary file unless it became the report."""
        self._close()
        if not self.committed:
            with suppress(OSError):
                os.unlink(self.tmp)

    def _close(self) -> None:
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            os.close(fd)


def _lock_temp(fd: int) -> None:
    """Mark a temporary file as being written (see _remove_abandoned); best effort: some file systems lock nothing."""
    if sys.platform != "win32":
        with suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _mode_for(path: Path) -> int:
    """An existing file keeps its permissions; a new one gets the usual 0666 less the umask (mkstemp makes 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _os_error(what: str, exc: OSError, folder: Path, after: str = "") -> CheckerError:
    """One line for an OSError: what failed and why (then ``after``: what was and was not written), and a hint."""
    if exc.errno in _DISK_FULL:
        hint: str | None = f"free some space on the disk holding {folder}, or write somewhere else, and run again"
    elif exc.errno in _NOT_WRITABLE:
        hint = f"make {folder} writable, or write somewhere else (--output-dir DIR)"
    else:
        hint = None
    return CheckerError(f"{what}: {exc.strerror or exc}{'; ' + after if after else ''}", hint)


# --- --output-dir: reports named for what they hold, and never over a file the tool did not write --------------

MANIFEST = ".health-plan-checker.json"
LOCK = ".health-plan-checker.lock"  # runs writing into one folder take turns holding it (never listed as a report)
LOCK_TIMEOUT = 60.0  # seconds a run waits for the others writing into the same folder, then gives up
_LOCK_POLL = 0.01
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


@dataclass
class _Manifest:
    """The folder's ``.health-plan-checker.json``: the reports the tool wrote there and the SHA-256 of each.

    ``writing`` holds, for the reports a run is replacing, the digests of their new bytes: it is written before
    the first report is replaced and folded into ``files`` once they are. A run killed between the two leaves it
    behind, and a report whose bytes match any digest recorded, old or new, is the tool's (``settle``).
    """

    files: dict[str, str] = field(default_factory=dict)
    writing: dict[str, list[str]] = field(default_factory=dict)

    def settle(self, root: Path) -> None:
        """Fold ``writing`` into ``files`` by what is on disk: each report has its old bytes or its new ones."""
        for name, digests in self.writing.items():
            try:
                current = sha256((root / name).read_bytes()) if _is_regular(root / name) else None
            except OSError:
                current = None
            if current is not None and (current == self.files.get(name) or current in digests):
                self.files[name] = current
        self.writing = {}

    def save(self, root: Path) -> None:
        """Replace the manifest atomically (OSError for the caller to word)."""
        body: dict[str, object] = {
            "tool": TOOL,
            "about": f"the reports {TOOL} wrote in this folder, with their SHA-256: it overwrites only these, and "
            "only while unchanged (--force overrides)",
            "files": dict(sorted(self.files.items())),
        }
        if self.writing:  # only while a run replaces reports, or after one was killed doing so
            body["writing"] = dict(sorted(self.writing.items()))
        _replace(root / MANIFEST, _pieces(json.dumps(body, ensure_ascii=False, indent=2) + "\n"))


def _read_manifest(root: Path) -> _Manifest:
    """The folder's manifest (empty when there is none)."""
    path = root / MANIFEST
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _Manifest()
    except OSError as exc:
        raise _os_error(f"cannot read {path}", exc, root) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
        files, writing = data["files"], data.get("writing", {})
        if data.get("tool") != TOOL or not isinstance(files, dict) or not isinstance(writing, dict):
            raise ValueError
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
            raise ValueError
        if not all(isinstance(v, list) and all(isinstance(d, str) for d in v) for v in writing.values()):
            raise ValueError
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise CheckerError(
            f"{path} is not a {TOOL} manifest (the list of reports it wrote in {root})",
            f"delete {path} (existing reports in the folder are then treated as not the tool's), "
            "or give --force to overwrite them",
        ) from exc
    return _Manifest(dict(files), {str(k): list(v) for k, v in writing.items()})


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


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


def write_reports(root: Path, reports: Sequence[tuple[str, Content]], force: bool = False) -> list[Path]:
    """Write each (file name, content) into ``root``, atomically, and record them in the folder's manifest.

    Nothing is written unless every file may be: a file is overwritten only when the manifest says the tool wrote
    it and it is unchanged since (its SHA-256 matches), or with ``force``. The folder is created when missing.

    Runs into one folder take turns (the folder's lock is held from reading the manifest to writing it back), so
    none loses another's entries. Whatever fails, every report on disk has a digest in the manifest: the reports
    are first written to temporary files (a full disk fails here, before anything changed), then the manifest is
    written naming their new digests beside the old ones, then the reports are renamed into place, then the
    manifest is written again with the new digests alone. Recording each report after its rename instead would
    leave it unlisted, and refused by the next run, if the run died or the disk filled between the two.
    """
    for name, _ in reports:
        if not _SAFE_NAME.match(name):
            raise CheckerError(f"{name!r} is not a report file name")  # never from user input; a guard
    if os.path.lexists(root) and not root.is_dir():
        raise CheckerError(f"--output-dir {root}: not a folder", "give a folder, or a new name for one")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(f"cannot create --output-dir {root}", exc, root.parent) from exc
    with _folder_lock(root) as since:
        _remove_abandoned(root, since)
        try:
            manifest = _read_manifest(root)
        except CheckerError:
            if not force:
                raise
            manifest = _Manifest()
        manifest.settle(root)
        if not force:
            why = {name: _refusal(root / name, manifest.files.get(name)) for name, _ in reports}
            refused = [f"{root / name} ({reason})" for name, reason in why.items() if reason]
            if refused:
                raise CheckerError(
                    "not overwriting " + "; ".join(refused) + "; nothing written",
                    "move or rename the file, choose another --output-dir, or give --force to overwrite",
                )
        return _write_in_turn(root, manifest, reports)


def _write_in_turn(root: Path, manifest: _Manifest, reports: Sequence[tuple[str, Content]]) -> list[Path]:
    """write_reports once the folder is ours and the reports may be written (the order is explained there)."""
    staged: list[_Staged] = []
    written: list[Path] = []
    try:
        for name, content in reports:
            try:
                staged.append(_Staged.write(root / name, _pieces(content)))
            except OSError as exc:
                raise _os_error(f"cannot write {root / name}", exc, root, "nothing written") from exc
        manifest.writing = {s.path.name: [s.digest] for s in staged}
        try:
            manifest.save(root)
        except OSError as exc:
            raise _os_error(f"cannot write {root / MANIFEST}", exc, root, "nothing written") from exc
        try:
            for s in staged:
                try:
                    s.commit()
                except OSError as exc:
                    done = f"only {', '.join(map(str, written))} written" if written else "nothing written"
                    raise _os_error(f"cannot write {s.path}", exc, root, done) from exc
                written.append(s.path)
        finally:
            manifest.settle(root)
            with suppress(OSError):  # the manifest written above stays, and is as true: settled by the next run
                manifest.save(root)
    finally:
        for s in staged:
            s.discard()
    return written


# --- the folder's lock, and what a killed run left --------------------------------------------------------------


@contextmanager
def _folder_lock(root: Path) -> Iterator[float]:
    """Hold ``root``'s lock (the file ``LOCK``, created once and left in place) and give the time it was taken.

    An advisory lock of the operating system (flock; msvcrt on Windows), not a file whose existence is the lock:
    it dies with the process holding it, so a killed run never leaves the folder locked.
    """
    path = root / LOCK
    try:
        fd = _open_lock(path)
    except OSError as exc:
        if exc.errno in _DISK_FULL or exc.errno in _NOT_WRITABLE:
            raise _os_error(f"cannot write into --output-dir {root}", exc, root) from exc
        raise CheckerError(
            f"cannot lock --output-dir {root}: {path}: {exc.strerror or exc}",
            f"remove {path} (the tool keeps its lock file there) and run again",
        ) from exc
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while not _try_lock(fd, root):
            if time.monotonic() > deadline:
                raise CheckerError(
                    f"another {TOOL} run has been writing into {root} for more than {LOCK_TIMEOUT:g} s",
                    "wait for it to finish and run again, or choose another --output-dir",
                )
            time.sleep(_LOCK_POLL)
        yield time.time()
    finally:
        if sys.platform == "win32":
            with suppress(OSError):
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.close(fd)  # releases the flock


def _open_lock(path: Path) -> int:
    """The lock file, opened without following a symlink; read-only when another user created it (a lock needs no
    write access)."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | _NO_FOLLOW, 0o666)
    except PermissionError:
        if not os.path.lexists(path):
            raise
        return os.open(path, os.O_RDONLY | _NO_FOLLOW)


def _try_lock(fd: int, root: Path) -> bool:
    """Take the lock without waiting: False while another run holds it."""
    try:
        if sys.platform == "win32":
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):  # held (EWOULDBLOCK; EACCES from msvcrt)
        return False
    except OSError as exc:
        if sys.platform == "win32" and exc.errno == errno.EDEADLK:  # msvcrt: held
            return False
        raise CheckerError(
            f"cannot lock --output-dir {root}: {exc.strerror or exc}",
            "write into a folder on a local disk, or use --output FILE",
        ) from exc
    return True


def _remove_abandoned(root: Path, since: float) -> None:
    """Remove the temporary files a killed run left in ``root``. Only the tool's own (their names start with
    ``TEMP_PREFIX``), only regular files (a symlink is never followed, nor removed), only those older than this
    run's lock, and only those no live process holds (a writer locks its temporary file until it renames it)."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        if not _TEMP_NAME.match(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_mtime < since:
            _remove_if_unheld(Path(entry.path))


def _remove_if_unheld(path: Path) -> None:
    """Remove ``path`` unless a live writer holds it; any doubt keeps it."""
    if sys.platform == "win32":
        with suppress(OSError):
            os.unlink(path)  # a file a live process has open cannot be removed
        return
    try:
        fd = os.open(path, os.O_RDONLY | _NO_FOLLOW | _NO_BLOCK)
    except OSError:
        return
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.unlink(path)  # while holding it: its writer is gone
    except OSError:
        return
    finally:
        os.close(fd)
