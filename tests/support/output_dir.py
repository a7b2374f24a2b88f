"""What --output-dir leaves in a folder: the manifest of the files the tool wrote, with their SHA-256 digests."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from checker.cli.files import MANIFEST, TEMP_PREFIX


def manifest(folder: Path) -> dict[str, str]:
    """The manifest's files and digests, once every run that wrote into ``folder`` finished (none was killed)."""
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert data["tool"] == "health-plan-checker"
    assert "writing" not in data, data["writing"]  # left only by a run killed while replacing reports
    files: dict[str, str] = data["files"]
    return files


def recorded(folder: Path) -> dict[str, set[str]]:
    """Every digest the manifest records for each file: its own, and those of a run killed while replacing it."""
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    known: dict[str, set[str]] = {name: {sha} for name, sha in data["files"].items()}
    for name, digests in data.get("writing", {}).items():
        known.setdefault(name, set()).update(digests)
    return known


def unrecorded(folder: Path) -> list[str]:
    """The reports in ``folder`` whose bytes the manifest does not record: a later run would refuse them."""
    known = recorded(folder) if (folder / MANIFEST).exists() else {}
    reports = sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.is_file())
    return [p.name for p in reports if digest(p) not in known.get(p.name, set())]


def temporary_files(folder: Path) -> list[str]:
    """The tool's temporary files in ``folder`` (a run that finished, or failed cleanly, leaves none)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
