"""A cache of parsed plans, catalogues and lint notes, keyed by the bytes of the files they came from.

Why: reading and validating the YAML plans, and linting them for the note ``check --year`` prints, was most of
a one-district run; the files rarely change between runs. An entry's key is a SHA-256 over the tool's version and
source files, Python's and pydantic's versions, and the exact bytes of every file the entry depends on, so an
edited file (or an upgraded tool) is simply a new key: nothing is ever invalidated by time. The cache is an
optimisation only: any failure to read or write it (a read-only home, a corrupt or foreign entry) falls back to
doing the work, silently.

Where: ``$HEALTH_PLAN_CHECKER_CACHE`` if set (``off`` turns the cache off), else ``$XDG_CACHE_HOME`` or
``~/.cache``, under ``health-plan-checker/``. Entries are pickles written atomically into a folder only the
user can write (0700); an entry is read only from that folder, and only if the current user owns it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from checker import __version__

CACHE_ENV = "HEALTH_PLAN_CHECKER_CACHE"
T = TypeVar("T")


def cache_dir() -> Path | None:
    """The folder of cache entries, or None when the cache is turned off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        if configured.strip().lower() in ("", "off", "0", "no", "false"):
            return None
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "health-plan-checker"


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes ('' when it cannot be read: the normal loader then reports the problem)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # checker/, every layer


@functools.cache
def code_fingerprint() -> str:
    """The package's own source files by name, size and modification time: an entry written by other code (an
    upgrade, or an edit in a checkout) is never read back, since the classes it pickles or the answer it caches
    may have changed. os.walk and stat calls only (well under a millisecond): this runs on every cold start."""
    return source_fingerprint(PACKAGE_ROOT)


def source_fingerprint(root: str) -> str:
    """The fingerprint of the Python files below ``root``, in every subfolder (the layers)."""
    entries = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [s for s in subfolders if s not in ("__pycache__", "_bundled", "templates", "schemas")]
        for name in files:
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                entries.append(f"{os.path.relpath(folder, root)}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\0".join(sorted(entries)).encode()).hexdigest()


def make_key(kind: str, parts: Iterable[str]) -> str:
    """A key over the kind of entry, the code and versions that shape a pickle, and the given parts (file digests…)."""
    import pydantic

    digest = hashlib.sha256()
    for part in (kind, __version__, code_fingerprint(), sys.version, pydantic.VERSION, *parts):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return f"{kind}-{digest.hexdigest()}"


def _entry(key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"{key}.pickle"


def load(key: str) -> Any | None:
    """The entry stored under ``key``, or None (absent, unreadable, corrupt, or not owned by this user)."""
    path = _entry(key)
    if path is None:
        return None
    try:
        with path.open("rb") as stream:
            if hasattr(os, "getuid") and os.fstat(stream.fileno()).st_uid != os.getuid():
                return None
            return pickle.load(stream)  # our own entry, in a folder only this user can write
    except Exception:  # a cache miss, whatever the reason
        return None


def store(key: str, value: Any) -> None:
    """Write an entry atomically; a cache that cannot be written is simply not used."""
    path = _entry(key)
    if path is None:
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # the cache is an optimisation only
        return


def cached(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, or its earlier result stored under ``key`` (None is a result too)."""
    hit = load(key)
    if isinstance(hit, tuple) and len(hit) == 1:
        return hit[0]  # type: ignore[no-any-return]
    value = compute()
    store(key, (value,))
    return value
