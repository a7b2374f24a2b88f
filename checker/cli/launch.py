"""The ``check`` command's entry point: the garbage collector tuned for a run (checker.domain.collector says why),
then the command line (main.py)."""

from __future__ import annotations

from checker.domain import collector


def main() -> None:
    collector.tune()
    from checker.cli.main import main as command

    collector.freeze()
    command()
