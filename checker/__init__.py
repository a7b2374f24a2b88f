"""health-plan-checker: check reported health-plan figures against the targets the plans set."""

from __future__ import annotations

__version__ = "0.1.0"
