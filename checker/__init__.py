"""health-plan-checker: check reported health-plan figures against the targets the plans set.

The folders are the layers, each importing only those below it (import-linter contracts in pyproject.toml):

    cli      the commands: parse options, call a service, render through the format registry, exit codes
    formats  one registry of output formats, a module per format, rendering every subject it supports
    lint     mistakes in plan files, one module per family of checks  |  views  summary, trend, diff, listings
    engine   rules (one function per kind of target), the evaluation engine, a run, the columnar path
    inputs   reading YAML, CSV and Excel safely, loading plans and data, validation, the cache
    domain   models, results, messages, units, exact numbers, errors: no imports from the rest
"""

from __future__ import annotations

__version__ = "0.1.0"
