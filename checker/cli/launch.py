"""The ``check`` command's entry point: the garbage collector tuned for a run, then the command line (main.py).

Why: a run allocates hundreds of thousands of objects that live until it ends (the imported modules, the plans,
the results) and few that form cycles. At Python's default thresholds the collector scans the long-lived ones
again and again: 40 % of the time of parsing a plan, a third of a first run over 711 districts' YAML files
(20 s → 13 s). So collections come after 50,000 allocations instead of 700, and what the imports built is moved
out of the collector's sight (``gc.freeze``) once, as mypy and other large CLIs do. Only the command: a program
that imports the package keeps its own settings.
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 20, 100)  # allocations before a young collection; young ones before older ones


def main() -> None:
    gc.set_threshold(*THRESHOLDS)
    from checker.cli.main import main as command

    gc.freeze()  # the modules, classes and constants imported: alive to the end, never worth scanning
    command()
