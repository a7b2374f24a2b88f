"""Where the bundled plans, rules, data and schemas live.

In an installed wheel the top-level ``plans/``, ``rules/`` and ``data/`` folders are copied into
``checker/_bundled/`` (see pyproject.toml); in a source checkout they are read where people edit them.
"""

from __future__ import annotations

import functools
from pathlib import Path

# The package folder (a wheel is installed as files, never zipped). Not importlib.resources: it imports zipfile,
# tempfile and shutil, a tenth of a cached run's own imports.
_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_dir(name: str) -> Path:
    """The bundled folder ``plans``, ``rules`` or ``data``."""
    installed = _PACKAGE / "_bundled" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def schema_path(name: str) -> Path:
    """A JSON Schema shipped in checker/schemas (data.schema.json, report.schema.json)."""
    return _PACKAGE / "schemas" / name


def display_path(path: Path) -> str:
    """A path as a user should read it: bundled files as ``<bundled>/data/…``, not a site-packages path."""
    resolved = path.resolve()
    for name, root in _bundled_roots():
        try:
            return f"<bundled>/{name}/{resolved.relative_to(root).as_posix()}"
        except ValueError:
            continue
    return str(path)


@functools.cache
def _bundled_roots() -> tuple[tuple[str, Path], ...]:
    """The bundled folders, resolved once per process (display_path is asked for every data file read)."""
    return tuple((name, bundled_dir(name).resolve()) for name in ("data", "plans", "rules"))
