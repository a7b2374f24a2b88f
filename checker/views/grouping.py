"""How the reports people read group a district's rows: by the plan's categories (the default), or by the office
that leads each target (``--group-by owner``, 牵头科室), so that each office sees its own targets and their counts.

Grouping only arranges results: a target named for several offices is shown under each of them; the district's
counts stay those of the whole run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from checker.domain.i18n import t, t_or
from checker.domain.messages import Message
from checker.domain.results import DistrictResult, IndicatorResult, count
from checker.views.selection import Selection

GROUP_BY = ("category", "owner")


@dataclass(frozen=True)
class Group:
    """Rows shown under one heading: a 专栏1 category, the running-text targets, the projects, other figures, or
    an office's targets (``owner``: the office; "" for the targets no office is named for)."""

    key: str
    title: str
    indicators: tuple[IndicatorResult, ...]
    owner: str | None = None
    whole: tuple[IndicatorResult, ...] = ()  # every row of the group, when ``indicators`` are those listed

    @property
    def has_baseline(self) -> bool:
        return any(i.baseline is not None for i in self.indicators)

    @property
    def has_history(self) -> bool:
        return any(i.history for i in self.indicators)

    @property
    def target_counts(self) -> dict[str, int]:
        """The group's targets per status (an office's count of its own targets), listed or not."""
        return count([r.status for i in self.whole or self.indicators for r in i.targets])


def office_name(group: Group, lang: str) -> str:
    """An owner group's office as printed, or the label for targets that name none."""
    return group.owner or t("group.no_owner", lang)


def category_title(category: str, lang: str) -> str:
    """A plan category: as printed in Chinese; in English translated where the label is known, the original after."""
    if lang == "zh":
        return category
    translated = t_or(f"category.{category}", lang, category)
    return translated if translated == category else f"{translated} ({category})"


def names_owners(d: DistrictResult) -> bool:
    """Whether the district's plan names an owning office for any target in the run."""
    return any(r.owners for i in d.indicators for r in i.targets)


def grouping_note(d: DistrictResult, group_by: str, lang: str) -> str | None:
    """The note that ``--group-by owner`` fell back to categories because the plan names no owners."""
    return t("group.no_owners", lang) if group_by == "owner" and not names_owners(d) else None


def groups(d: DistrictResult, lang: str, group_by: str = "category") -> list[Group]:
    """The district's rows in groups: by owner when asked and the plan names owners, else by category."""
    if group_by == "owner" and names_owners(d):
        return owner_groups(d, lang)
    return category_groups(d, lang)


def listed_groups(d: DistrictResult, lang: str, group_by: str, selection: Selection) -> list[Group]:
    """The groups with only the rows and targets ``selection`` lists (--only, --indicator), the empty ones left out;
    each group's counts stay those of all its targets."""
    if not selection.active:
        return groups(d, lang, group_by)
    found = ((g, selection.rows(g.indicators)) for g in groups(d, lang, group_by))
    return [replace(g, indicators=rows, whole=g.indicators) for g, rows in found if rows]


def category_groups(d: DistrictResult, lang: str) -> list[Group]:
    """The district's rows grouped as the plan prints them: categories in order, then text, projects, others."""
    buckets: dict[tuple[int, str], list[IndicatorResult]] = {}
    for ind in d.indicators:
        if ind.kind == "indicator":
            key = (0, ind.category) if ind.category else (1, "")
        elif ind.kind == "project":
            key = (2, ind.category or "")
        else:
            key = (3, "")
        buckets.setdefault(key, []).append(ind)
    result = []
    # dicts keep insertion order: categories appear in the plan's order; the four kinds of group in a fixed order
    for rank, name in sorted(buckets, key=lambda k: k[0]):
        if rank == 0:
            title = category_title(name, lang)
        elif rank == 1:
            title = t("group.running_text", lang)
        elif rank == 2:
            title = t("group.projects", lang) + (f" · {name}" if name else "")
        else:
            title = t("group.reported", lang)
        result.append(Group(f"{rank}:{name}", title, tuple(buckets[(rank, name)])))
    return result


def owner_groups(d: DistrictResult, lang: str) -> list[Group]:
    """One group per office, in the order the plan first names them, with the rows of the targets it leads (a row
    keeps only those targets); then the targets no office is named for."""
    offices: dict[str, list[IndicatorResult]] = {}
    unowned: list[IndicatorResult] = []
    for ind in d.indicators:
        for office in dict.fromkeys(o for r in ind.targets for o in r.owners):
            own = tuple(r for r in ind.targets if office in r.owners)
            offices.setdefault(office, []).append(replace(ind, targets=own))
        rest = tuple(r for r in ind.targets if not r.owners)
        if rest:
            unowned.append(replace(ind, targets=rest))
    result = [
        Group(f"owner:{office}", t("group.owner", lang, owner=office), tuple(rows), owner=office)
        for office, rows in offices.items()
    ]
    if unowned:
        result.append(Group("owner:", t("group.no_owner", lang), tuple(unowned), owner=""))
    return result


def revisions(district: DistrictResult) -> list[str]:
    """The notes saying a target was judged by a mid-term revision (中期调整), for a view that shows a district's
    notes rather than each indicator's: a summary or trend must say when a target changed."""
    return [
        note
        for indicator in district.indicators
        for note in indicator.notes
        if isinstance(note, Message) and note.code == "note.revised"
    ]
