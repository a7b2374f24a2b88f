"""``check lint``: mistakes in plan files, one module per family of checks (units, direction, consistency,
arithmetic, hierarchy, catalogue; waivers), each code's record declared next to its check (codes.py), the
configuration (config.py) and the runner that turns a check's hits into findings with positions and waivers.

Importing any module of this package imports the registry first, so that CODES and CHECKS are always complete
(a code is declared when its family's module is imported). May import engine, inputs and domain.
"""

from checker.lint import registry as _registry  # noqa: F401  (completes CODES and CHECKS; see above)
