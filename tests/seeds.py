"""Shared by the tests that check the encodings against the seed documents in ../shared/seeds."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from support.paths import ROOT

from checker.domain.models import STATUSES, TargetKind

SEEDS = ROOT.parent / "shared" / "seeds"
KINDS = {kind.value for kind in TargetKind}
__all__ = ["KINDS", "SEEDS", "STATUSES", "require_seeds", "squash"]


def require_seeds(path: Path = SEEDS) -> None:
    """Missing seeds fail in CI (the checks must run there) and skip on a machine without them."""
    if not path.exists():
        message = f"seed document not found: {path}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def squash(text: str) -> str:
    """Text without any white space: the documents break lines and put spaces in the middle of sentences."""
    return re.sub(r"\s+", "", text)
