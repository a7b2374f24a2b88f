"""Which targets a report lists: ``--only STATUS`` and ``--indicator ID|NAME`` (both repeatable).

A selection only chooses the rows shown: the verdicts, counts and exit code of a run are always those of every
target. The terminal also lists, by default, only the targets that need attention (``--show``, ATTENTION).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from checker.domain.errors import UsageError
from checker.domain.results import IndicatorResult, Status, TargetResult
from checker.inputs.loading import PlanRegistry

ATTENTION = frozenset({Status.FAIL, Status.WARN, Status.NOT_EVALUABLE})  # what the terminal lists by default
SHOW = ("attention", "all")  # --show: the targets that need attention, or every target


@dataclass(frozen=True)
class Selection:
    """The targets to list: those of the statuses asked for and of the indicators asked for (empty: every one)."""

    statuses: frozenset[Status] = frozenset()
    indicators: frozenset[str] = frozenset()  # ids, resolved from what was typed (resolve_indicators)
    names: tuple[str, ...] = ()  # --indicator as typed, for the line that says what is listed

    @property
    def active(self) -> bool:
        return bool(self.statuses or self.indicators)

    def keeps(self, ind: IndicatorResult, result: TargetResult) -> bool:
        return (not self.statuses or result.status in self.statuses) and (
            not self.indicators or ind.indicator.id in self.indicators
        )

    def rows(self, indicators: Iterable[IndicatorResult]) -> tuple[IndicatorResult, ...]:
        """The rows with a target selected, each keeping only its selected targets (every row when inactive)."""
        if not self.active:
            return tuple(indicators)
        kept = (replace(ind, targets=tuple(r for r in ind.targets if self.keeps(ind, r))) for ind in indicators)
        return tuple(ind for ind in kept if ind.targets)


def _names(registry: PlanRegistry) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Every name an indicator or project goes by (id, names, aliases, the plans' printed names), casefolded, with
    the ids it names; and the name to show for each id."""
    names: dict[str, set[str]] = {}
    shown: dict[str, str] = {}

    def add(name: str | None, ident: str) -> None:
        if name:
            names.setdefault(name.casefold(), set()).add(ident)

    for ind in registry.index.catalogue.indicators:
        shown[ind.id] = ind.name
        for name in (ind.id, ind.name, ind.name_en, *ind.aliases):
            add(name, ind.id)
    for plan in registry.plans:
        for entry in plan.plan.indicators:
            add(entry.printed_name, entry.indicator)
        for project in plan.plan.projects:
            shown[project.id] = project.name
            add(project.id, project.id)
            add(project.name, project.id)
    return names, shown


def _nearest(key: str, names: dict[str, set[str]], count: int = 3) -> list[str]:
    """The ids whose names are most like ``key``: alike as a whole (difflib's ratio), or holding most of it in one
    piece; best first."""
    from difflib import SequenceMatcher  # only when a name is wrong

    def score(name: str) -> float:
        matcher = SequenceMatcher(None, key, name)
        piece = matcher.find_longest_match(0, len(key), 0, len(name)).size / max(len(key), 1)
        return max(matcher.ratio(), piece * 0.9)

    best: dict[str, float] = {}
    for name, ids in names.items():
        value = score(name)
        for ident in ids:
            best[ident] = max(best.get(ident, 0.0), value)
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    return [ident for ident, value in ranked[:count] if value >= 0.6]


def resolve_indicators(typed: Sequence[str], registry: PlanRegistry) -> frozenset[str]:
    """The ids that ``--indicator`` values name: a whole id, name or alias (any case), else every indicator whose
    id or name contains the text; a usage error with the nearest ones when nothing does."""
    if not typed:
        return frozenset()
    names, shown = _names(registry)
    found: set[str] = set()
    for text in typed:
        key = text.strip().casefold()
        ids = names.get(key) or {i for name, ids in names.items() if key and key in name for i in ids}
        if not ids:
            near = [f"{ident} ({shown[ident]})" if ident in shown else ident for ident in _nearest(key, names)]
            hint = f"did you mean {' or '.join(near)}? " if near else ""
            raise UsageError(
                f"no indicator or project called {text!r}",
                hint + "'check indicators DISTRICT' lists a plan's ids and names",
            )
        found |= ids
    return frozenset(found)


__all__ = ["ATTENTION", "SHOW", "Selection", "resolve_indicators"]
