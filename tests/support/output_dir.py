"""What --output-dir leaves in a folder: the manifest of the files the tool wrote, with their SHA-256 digests."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from checker.cli.files import MANIFEST


def manifest(folder: Path) -> dict[str, str]:
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert data["tool"] == "health-plan-checker"
    files: dict[str, str] = data["files"]
    return files


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
