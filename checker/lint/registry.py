"""Every check and every code of ``check lint``, complete: importing this module imports each family of checks,
whose declarations register them (checker.lint.context.CHECKS, checker.lint.codes.CODES)."""

from __future__ import annotations

from checker.lint import (
    arithmetic,
    catalogue,
    consistency,
    direction,
    hierarchy,
    revisions,
    target_waivers,
    units,
    waivers,
)
from checker.lint.codes import CODES
from checker.lint.context import CHECKS

# in the order of their codes: U D C A H K R L W
FAMILIES = (units, direction, consistency, arithmetic, hierarchy, catalogue, revisions, waivers, target_waivers)

__all__ = ["CHECKS", "CODES", "FAMILIES"]
