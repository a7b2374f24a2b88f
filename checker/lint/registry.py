"""Every check and every code of ``check lint``, complete: importing this module imports each family of checks,
whose declarations register them (checker.lint.context.CHECKS, checker.lint.codes.CODES)."""

from __future__ import annotations

from checker.lint import arithmetic, catalogue, consistency, direction, hierarchy, units, waivers
from checker.lint.codes import CODES
from checker.lint.context import CHECKS

FAMILIES = (units, direction, consistency, arithmetic, hierarchy, catalogue, waivers)  # U D C A H K L

__all__ = ["CHECKS", "CODES", "FAMILIES"]
