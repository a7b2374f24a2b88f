"""The engine's messages in a run's result: what the language tests look for in the outputs."""

from __future__ import annotations

from checker.domain.messages import Message
from checker.domain.results import RunResult


def engine_messages(run: RunResult) -> list[Message]:
    texts: list[str] = [*run.skipped]
    for d in run.districts:
        texts += d.notes
        for i in d.indicators:
            texts += i.notes
            texts += [r.message for r in i.targets]
    return [m for m in texts if isinstance(m, Message)]
