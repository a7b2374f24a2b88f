"""Python's garbage collector as a run of the checker wants it: the ``check`` command (checker.cli.launch) and the
worker processes of a summary (checker.views.shares) tune it alike.

Why: a run allocates hundreds of thousands of objects that live until it ends (the imported modules, the plans,
the results) and few that form cycles. At Python's default thresholds the collector scans the long-lived ones
again and again: 40 % of the time of parsing a plan, a third of a first run over 711 districts' YAML files
(20 s → 13 s). So collections come after 50,000 allocations instead of 700, and what the imports built is moved
out of the collector's sight (``gc.freeze``) once, as mypy and other large CLIs do. Only processes of the checker's
own: a program that imports the package keeps its own settings.
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 20, 100)  # allocations before a young collection; young ones before older ones


def tune() -> None:
    """Fewer collections: call before the imports."""
    gc.set_threshold(*THRESHOLDS)


def freeze() -> None:
    """What was built so far (the modules, classes and constants imported) out of the collector's sight: alive to
    the end, never worth scanning. Call after the imports."""
    gc.freeze()
