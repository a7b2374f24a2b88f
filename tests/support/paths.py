"""The repository's folders, for the tests: ROOT is the checkout (the folder with pyproject.toml)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
WORLD = FIXTURES / "world"  # a small made-up world: see its README
SCHEMAS = ROOT / "tests" / "schemas"  # the vendored SARIF and JUnit schemas
GOLDEN = ROOT / "tests" / "golden"
