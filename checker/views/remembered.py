"""A summary remembered by the content of every file it could have read.

Why: a summary over per-district YAML files (2,844 plans and a data folder of 14,220 files) loads every plan and
evaluates 170,000 targets, about 30 s even with each file's parse cached, where the same summary over tables takes
2 s. A summary is a function of its inputs alone (the plans, rule sets and catalogue, the data files, the year, the
districts and the language: no clock, no waivers, no environment), so a run whose inputs are byte for byte those of
an earlier run gives that run's summary back: every file below the plans, rules and data folders is hashed (with
its path), and the summary is stored under those digests in the parse cache (checker.inputs.cache). A file edited,
added, removed or renamed anywhere below them changes the key, and the summary is computed again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from checker.domain.messages import Message
from checker.domain.summary_view import SummaryView
from checker.inputs import cache

MESSAGE = "$message"  # the key of a remembered sentence; no key of a summary (ids, field names) holds a '$'
MAX_FILES = 200_000  # more files than this below the inputs: the summary is computed, not remembered


def remembered_summary(roots: list[Path], parts: list[str], compute: Callable[[], SummaryView]) -> SummaryView:
    """``compute()``, or the summary an earlier run computed from the same ``parts`` (year, language, districts)
    and the same files below ``roots`` (the plans, rules and data, as given). Computed, and not stored, when a file
    cannot be hashed or the cache is off."""
    trees = [tree_digest(root) for root in roots]
    if not all(trees) or cache.cache_dir() is None:
        return compute()
    places = [f"{root}\0{os.path.abspath(root)}" for root in roots]  # as given and where: the view shows paths
    key = cache.make_key("summary", [*parts, *places, *trees])
    return cast(SummaryView, from_plain(cache.cached(key, lambda: to_plain(compute()), Any)))


def tree_digest(root: Path) -> str:
    """SHA-256 over the path and digest of every file below ``root`` (or of ``root``, a file), in name order; ''
    when one cannot be hashed, a folder below is a link (a loader would follow it), or there are too many."""
    if not root.is_dir():
        found = cache.file_digest(root)
        return hashlib.sha256(f"file\0{found}".encode()).hexdigest() if found else ""
    entries: list[str] = []
    for folder, subfolders, files in os.walk(root):
        if any(os.path.islink(os.path.join(folder, name)) for name in subfolders):
            return ""
        subfolders.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            found = cache.file_digest(Path(path))
            if not found or len(entries) >= MAX_FILES:
                return ""
            entries.append(f"{os.path.relpath(path, root)}\0{found}")
    return hashlib.sha256("\n".join(entries).encode("utf-8", "surrogatepass")).hexdigest()


def to_plain(value: Any) -> Any:
    """A summary as JSON data: its sentences (Message) as their code and parameters, to be said in either language
    again. Anything a summary does not hold is a TypeError (and the summary is not stored)."""
    if isinstance(value, Message):
        return {MESSAGE: value.code, "params": {key: to_plain(item) for key, item in value.params.items()}}
    if value is None or type(value) in (str, int, bool):
        return value
    if type(value) in (list, tuple):
        return [to_plain(item) for item in value]
    if type(value) is dict and MESSAGE not in value and all(type(key) is str for key in value):
        return {key: to_plain(item) for key, item in value.items()}
    raise TypeError(f"a summary does not hold {type(value).__name__}")


def from_plain(data: Any) -> Any:
    """to_plain's data as the summary it was."""
    if type(data) is list:
        return [from_plain(item) for item in data]
    if type(data) is dict:
        if MESSAGE in data:
            return Message(data[MESSAGE], **{key: from_plain(item) for key, item in data["params"].items()})
        return {key: from_plain(item) for key, item in data.items()}
    return data
