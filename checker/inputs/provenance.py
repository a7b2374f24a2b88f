"""A run's provenance, collected where its inputs are read: the plans and rule sets its verdicts depend on, the
catalogue, every data file the DataStore read, each with the SHA-256 of its bytes; the time (SOURCE_DATE_EPOCH
when set, the reproducible-builds convention); and the way back from a path as reports show it to the file."""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from checker import __version__
from checker.domain.errors import InputError, UsageError
from checker.domain.provenance import ROLES, SOURCE_OF, InputFile, Provenance, Role
from checker.inputs import cache
from checker.inputs.data_store import DataStore
from checker.inputs.loading import PlanRegistry, catalogue_files, rule_set_files
from checker.inputs.regular_files import regular_file_chunks
from checker.inputs.resources import bundled_dir, display_path
from checker.inputs.yamlio import MAX_TABLE_BYTES

EPOCH_ENV = "SOURCE_DATE_EPOCH"  # https://reproducible-builds.org/specs/source-date-epoch/
BUNDLED = "<bundled>/"


def report_time() -> str:
    """Now in UTC to the second, or SOURCE_DATE_EPOCH's time when it is set (identical runs, identical bytes)."""
    given = os.environ.get(EPOCH_ENV, "").strip()
    if not given:
        moment = datetime.now(timezone.utc)
    elif not given.isdigit():
        raise UsageError(
            f"{EPOCH_ENV}={given!r}: not a time",
            "set it to a whole number of seconds since 1970-01-01 00:00 UTC (e.g. $(git log -1 --format=%ct)), "
            "or unset it",
        )
    else:
        try:
            moment = datetime.fromtimestamp(int(given), timezone.utc)
        except (OverflowError, OSError, ValueError) as exc:
            raise UsageError(f"{EPOCH_ENV}={given}: out of range", "give a time after 1970 and before 10000") from exc
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def sha256_file(path: Path) -> str:
    """The SHA-256 of a regular file's bytes (cache.file_digest: once per file in a process, the cache's keys having
    asked for most of them already); an InputError saying why when it cannot be read."""
    found = cache.file_digest(path)
    if not found:
        for _ in regular_file_chunks(path, MAX_TABLE_BYTES):  # raises the reader's own error: what, where, a hint
            pass
        raise InputError.single(path, "cannot read file")  # pragma: no cover - the reader has raised
    return found


def shown(path: Path) -> str:
    """A file or folder as reports show it: bundled ones as <bundled>/…, others as given."""
    return display_path(path).removesuffix("/.")


def recorded_path(text: str) -> Path:
    """The file or folder a report's path names: <bundled>/plans/… in this installation's bundled files, any other
    path as written (relative to the current folder, as when the report was made)."""
    if text.startswith(BUNDLED):
        name, _, rest = text.removeprefix(BUNDLED).partition("/")
        return bundled_dir(name) / rest if rest else bundled_dir(name)
    return Path(text)


def locate(recorded: Provenance, f: InputFile, roots: Mapping[str, Path]) -> Path:
    """Where a file a report records is now: at its place within the plans, rules or data read again (``roots``:
    "plans", "rules", "data"), or where the report says when it lay outside them."""
    place = recorded.within(f)
    if place is None:
        return recorded_path(f.path)
    root = roots[SOURCE_OF[f.role]]
    return root / place if place else root


def plans_used(registry: PlanRegistry, plan_ids: Collection[str]) -> list[str]:
    """The plans the verdicts on ``plan_ids`` depend on: those plans, the higher levels whose targets are their
    floors, and the plans their references name, in the registry's order."""
    found: set[str] = set()
    todo = list(plan_ids)
    while todo:
        plan_id = todo.pop()
        if plan_id in found or plan_id not in registry.by_id:
            continue
        found.add(plan_id)
        plan = registry.by_id[plan_id]
        todo += [p.id for p in registry.ancestors(plan)]
        todo += [t.ref.plan for e in plan.plan.indicators for t in e.targets if t.ref is not None]
    return [p.id for p in registry.plans if p.id in found]


def collect(
    registry: PlanRegistry, store: DataStore, plan_ids: Collection[str], options: Mapping[str, Any]
) -> Provenance:
    """What a run over ``plan_ids`` read, with ``options`` (the ones that decide its verdicts and exit code)."""
    digests: dict[str, str] = {}  # by path: a plan table's plans share one file, hashed once

    def entry(role: Role, path: Path, plan_id: str | None = None) -> InputFile:
        key = str(path)
        if key not in digests:
            digests[key] = sha256_file(path)
        return InputFile(role, shown(path), digests[key], plan_id)

    rules_dir = Path(registry.index.path)
    rule_sets = {str(p) for p in rule_set_files(rules_dir)}
    files: list[InputFile] = []
    for plan_id in plans_used(registry, plan_ids):
        plan = registry.by_id[plan_id]
        files.append(entry("rule_set" if plan.path in rule_sets else "plan", Path(plan.path), plan_id))
    files += [entry("catalogue", p) for p in catalogue_files(rules_dir)]
    files += sorted((entry("data", p) for p in store.files_read), key=lambda f: f.path)
    files.sort(key=lambda f: ROLES.index(f.role))  # stable: each role's files keep their order
    return Provenance(
        version=__version__,
        python="{}.{}.{}".format(*sys.version_info[:3]),  # not platform.python_version(): 10 ms to import
        generated_at=report_time(),
        options=dict(options),
        sources={
            "plans": None if registry.source is None else shown(registry.source),
            "rules": shown(rules_dir),
            "data": shown(store.root),
        },
        files=tuple(files),
    )
