"""Load and check the catalogue, plans and reported data, turning every problem into file:line:column."""

from __future__ import annotations

import functools
import os
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from checker.domain.errors import InputError, Problem, UsageError
from checker.domain.models import Catalogue, Indicator, Plan, PlanIndicator, PlanMeta, Project, Target, TargetKind
from checker.domain.units import convertible
from checker.inputs import cache
from checker.inputs.resources import bundled_dir
from checker.inputs.yaml_document import LoadedYaml
from checker.inputs.yamlio import load_yaml_file

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], loaded: LoadedYaml) -> M:
    """Validate parsed YAML against a model, reporting every error at its position in the file."""
    if not isinstance(loaded.data, dict):
        raise InputError.single(loaded.path, "expected a mapping at the top of the file", 1, 1)
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            if err["type"] == "extra_forbidden":
                line, col = loaded.key_where(loc)
                message = f"unknown field '{loc[-1]}'"
            else:
                line, col = loaded.where(loc)
                where = ".".join(str(p) for p in loc)
                message = f"{where}: {err['msg']}" if where else err["msg"]
            problems.append(Problem(loaded.path, message, line, col))
        raise InputError(problems) from exc


class IndicatorIndex:
    """The catalogue, looked up by id."""

    def __init__(self, catalogue: Catalogue, path: str, digest: str = "") -> None:
        self.catalogue = catalogue
        self.path = path
        self.digest = digest  # identifies the catalogue's files (their bytes), for cache keys
        self._by_id = {i.id: i for i in catalogue.indicators}

    def get(self, indicator_id: str) -> Indicator | None:
        """The indicator of that id (ids only: names and aliases are resolved by the plans)."""
        return self._by_id.get(indicator_id)


def catalogue_files(rules_dir: Path) -> list[Path]:
    """The catalogue: rules/indicators.yaml, then rules/catalogue/*.yaml (indicators first met in one document)."""
    return [rules_dir / "indicators.yaml", *sorted((rules_dir / "catalogue").glob("*.yaml"))]


def load_catalogue(rules_dir: Path | None = None) -> IndicatorIndex:
    """The catalogue of rules_dir (default: the bundled rules), from the cache when its files are unchanged."""
    rules_dir = rules_dir or bundled_dir("rules")
    files = catalogue_files(rules_dir)
    digests = [cache.file_digest(p) for p in files]
    if "" in digests:  # a file is missing or unreadable: let the loader say so
        return _load_catalogue(rules_dir, "")
    parts = [str(rules_dir), os.path.abspath(rules_dir), *(f"{p}:{d}" for p, d in zip(files, digests, strict=True))]
    key = cache.make_key("catalogue", parts)
    catalogue = cache.cached(key, lambda: _load_catalogue(rules_dir, key).catalogue, Catalogue)
    return IndicatorIndex(catalogue, str(rules_dir), key)


def _load_catalogue(rules_dir: Path, digest: str) -> IndicatorIndex:
    indicators: list[Indicator] = []
    problems: list[Problem] = []
    seen: dict[str, tuple[str, str]] = {}  # name -> (indicator id, file)
    for path in catalogue_files(rules_dir):
        loaded = load_yaml_file(path)
        catalogue = validate(Catalogue, loaded)
        for n, ind in enumerate(catalogue.indicators):
            for name in dict.fromkeys((ind.id, ind.name, *ind.aliases)):
                if name in seen:
                    line, col = loaded.where(("indicators", n))
                    other_id, other_file = seen[name]
                    problems.append(
                        Problem(
                            str(path),
                            f"name {name!r} of '{ind.id}' is already used by '{other_id}' in {other_file}",
                            line,
                            col,
                            "each id, name and alias must name one indicator",
                        )
                    )
                seen.setdefault(name, (ind.id, path.name))
            indicators.append(ind)
    if problems:
        raise InputError(problems)
    return IndicatorIndex(Catalogue(schema_version=1, indicators=tuple(indicators)), str(rules_dir), digest)


class LoadedPlan:
    """A validated plan (or rule set) with its indicators and projects indexed by id."""

    def __init__(self, plan: Plan, path: str, loaded: LoadedYaml | None) -> None:
        self.plan = plan
        self.path = path
        self._loaded: LoadedYaml | None = loaded
        self.entries: dict[str, PlanIndicator] = {e.indicator: e for e in plan.indicators}
        self.projects: dict[str, Project] = {p.id: p for p in plan.projects}
        self.digest = ""  # identifies the plan's file and catalogue (their bytes), for cache keys

    @property
    def loaded(self) -> LoadedYaml:
        """The parsed file with the position of every value, for messages and lint. A plan from the cache comes
        without it (positions are most of a cached plan's bytes and load time) and reads its file again here,
        which only a message or lint needs."""
        if self._loaded is None:
            if self.path.lower().endswith(".csv"):  # a plan table: this district's document of it
                from checker.inputs.plan_table import read_plan_table

                documents = read_plan_table(Path(self.path))
                self._loaded = next(d for d in documents if d.data["plan"]["id"] == self.id)
            else:
                self._loaded = load_yaml_file(Path(self.path))
        return self._loaded

    @property
    def id(self) -> str:
        """The plan's id: the district's, or the rule set's (national, chongqing)."""
        return self.plan.plan.id

    @property
    def meta(self) -> PlanMeta:
        """The plan's ``plan`` block: names, level, parent, period."""
        return self.plan.plan

    def names(self) -> tuple[str, ...]:
        """Every way a user may name the district: id, Chinese name, name without 区/县, aliases."""
        meta = self.plan.plan
        return district_names(meta.id, meta.name, meta.aliases)


def district_names(plan_id: str, name: str, aliases: Sequence[str] = ()) -> tuple[str, ...]:
    """Every way a user may name a district: id, Chinese name, name without 区/县, aliases."""
    short = name[:-1] if name.endswith(("区", "县")) and len(name) > 2 else name
    return (plan_id, name, short, *aliases)


def load_plan(path: Path, index: IndicatorIndex, keep_positions: bool = False) -> LoadedPlan:
    """A checked plan, from the cache when neither its file nor the catalogue changed since it was checked.

    Without its positions, as from the cache (thousands of plans' would fill memory), unless ``keep_positions``
    and it was parsed now: a run for a district by name keeps its plan's, which its lint note reads (a first run
    would otherwise parse the file twice)."""
    digest = cache.file_digest(path)
    if not digest or not index.digest:
        return _load_plan(path, index)
    key = cache.make_key("plan", [str(path), os.path.abspath(path), digest, index.digest])  # as given, and where
    parsed: list[LoadedPlan] = []

    def check() -> tuple[str, Plan]:
        parsed.append(_load_plan(path, index))
        return _cached_form(parsed[0])

    shown, checked = cache.cached(key, check, tuple[str, Plan])
    plan = parsed[0] if keep_positions and parsed else LoadedPlan(checked, shown, None)
    plan.digest = key
    return plan


def _cached_form(plan: LoadedPlan) -> tuple[str, Plan]:
    """What the cache keeps of a checked plan: its path and model (the positions are read again when needed)."""
    return plan.path, plan.plan


def _load_plan(path: Path, index: IndicatorIndex) -> LoadedPlan:
    return check_plan(load_yaml_file(path), index)


def load_plan_table(
    path: Path, index: IndicatorIndex, names: Collection[str] | None = None, elsewhere: Collection[str] = ()
) -> tuple[list[LoadedPlan], bool]:
    """The district plans of a plan table (checker.inputs.plan_table): every one, or with ``names`` only the
    districts those name and their parents in the table (a run for one county of a national table builds one plan,
    not 2,844). Each plan is cached on its own, and the table's districts (id, name, parent) once, so that a
    later run loads only what it asks for. ``elsewhere``: the ids of the plans loaded besides the table (the rule
    sets), parents that are not looked for in it. Also whether every plan of the table was loaded."""
    from checker.inputs.plan_table import plan_table_districts, read_plan_table

    digest = cache.file_digest(path)
    usable = bool(digest and index.digest)
    base = cache.make_key("plan-table", [str(path), os.path.abspath(path), digest, index.digest]) if usable else ""
    if names is not None:
        direct = _plans_by_id(path, index, names, base if usable else "", frozenset(elsewhere))
        if direct is not None:
            return direct, False
    districts = (
        cache.cached(f"{base}-districts", lambda: plan_table_districts(path), dict[str, tuple[str, str]])
        if usable
        else plan_table_districts(path)
    )
    ids = list(districts) if names is None else _table_ids(names, districts)
    if ids is None:
        return load_plan_table(path, index)  # a name the table does not know: all of them, to say so with hints
    built: dict[str, LoadedPlan] = {}

    def build(plan_id: str) -> tuple[str, Plan]:
        if plan_id not in built:  # with it, every plan asked for that the cache lacks: one pass over the table
            missing = {i for i in ids if i not in built and not (usable and cache.has_entry(f"{base}-{i}"))}
            built.update((p.id, p) for p in _checked_plans(read_plan_table(path, missing | {plan_id}), index))
        return _cached_form(built[plan_id])

    plans = []
    for plan_id in ids:
        if usable:
            shown, checked = cache.cached(f"{base}-{plan_id}", functools.partial(build, plan_id), tuple[str, Plan])
        else:
            shown, checked = build(plan_id)
        plan = LoadedPlan(checked, shown, None)
        plan.digest = f"{base}:{plan_id}" if usable else ""
        plans.append(plan)
    return plans, len(plans) == len(districts)


def _plan_files(
    files: list[Path], index: IndicatorIndex, names: Collection[str], elsewhere: set[str], keep_positions: bool
) -> list[LoadedPlan] | None:
    """The plans a run for ``names`` needs from a folder of plan files, when each name is a plan's id and its file
    is named for it (plans/rongchang.yaml), as the folder's convention has it: those files, and the files of the
    plans they name as parents or in references; the others are not read (a run for one district need not parse
    every plan). None when a name or a plan they need is not so found: then every file is read, and a name no plan
    has is said with hints."""
    by_stem = {path.stem: path for path in files}
    loaded: dict[str, LoadedPlan] = {}
    wanted = [name for name in dict.fromkeys(names) if name not in elsewhere]
    while wanted:
        for plan_id in wanted:
            path = by_stem.get(plan_id)
            if path is None:
                return None
            plan = load_plan(path, index, keep_positions)
            if plan.id != plan_id:
                return None  # a file named otherwise than its plan: the folder is read whole
            loaded[plan_id] = plan
        needed = {p.meta.parent for p in loaded.values() if p.meta.parent}
        needed |= {t.ref.plan for p in loaded.values() for e in p.plan.indicators for t in e.targets if t.ref}
        wanted = sorted(needed - set(loaded) - elsewhere)
    return list(loaded.values())


def _checked_plans(documents: list[LoadedYaml], index: IndicatorIndex) -> list[LoadedPlan]:
    """The plan table's documents checked as plans; every problem in every one of them raised together."""
    plans, problems = [], []
    for document in documents:
        try:
            plans.append(check_plan(document, index))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return plans


class _NotCached(Exception):
    pass


def _plans_by_id(
    path: Path, index: IndicatorIndex, names: Collection[str], base: str, elsewhere: frozenset[str]
) -> list[LoadedPlan] | None:
    """With ``names`` that are ids of the table's districts (as an office types them: u0001), their plans and
    their parents in the table, without indexing the table's districts: each from its cache entry, else from its
    own rows (checker.inputs.plan_table.read_plan_table with ``wanted``). None when a name is not such an id: the
    index of names resolves it then, or says with hints that nothing does. ``base`` is '' without a cache."""
    from checker.inputs.plan_table import read_plan_table

    def _miss() -> tuple[str, Plan]:
        raise _NotCached

    found: dict[str, LoadedPlan] = {}
    wanted = [name for name in dict.fromkeys(names) if name not in elsewhere]
    while wanted:
        missing = []
        for plan_id in wanted:
            try:
                if not base:
                    raise _NotCached
                shown, checked = cache.cached(f"{base}-{plan_id}", _miss, tuple[str, Plan])
                found[plan_id] = LoadedPlan(checked, shown, None)
            except _NotCached:
                missing.append(plan_id)
        if missing:
            documents = read_plan_table(path, frozenset(missing))
            read = {document.data["plan"]["id"] for document in documents if isinstance(document.data, dict)}
            if read != set(missing):
                return None  # a name that is no id of the table
            for plan in _checked_plans(documents, index):
                found[plan.id] = plan
                if base:
                    cache.cached(f"{base}-{plan.id}", functools.partial(_cached_form, plan), tuple[str, Plan])
        parents = {p.meta.parent for p in found.values() if p.meta.parent}
        wanted = [parent for parent in parents if parent not in found and parent not in elsewhere]
    for plan_id, plan in found.items():
        plan.digest = f"{base}:{plan_id}" if base else ""
    return list(found.values())


def _table_ids(names: Collection[str], districts: dict[str, tuple[str, str]]) -> list[str] | None:
    """The ids of the table's districts that ``names`` name (by id, name or short name), with their parents in the
    table, in the table's order; None when a name matches no district of the table (nor a plan elsewhere: the
    caller cannot tell, so all are loaded and resolving the name says what is wrong)."""
    lookup: dict[str, str] = {}
    for plan_id, (name, _) in districts.items():
        for known in district_names(plan_id, name):
            lookup.setdefault(known, plan_id)
    chosen: set[str] = set()
    for name in names:
        found = lookup.get(name) or (name.lower() if name.lower() in districts else None)
        if found is None:
            return None
        while found in districts and found not in chosen:  # a parent in the table (a city above its counties)
            chosen.add(found)
            found = districts[found][1]
    return [plan_id for plan_id in districts if plan_id in chosen]


def check_plan(loaded: LoadedYaml, index: IndicatorIndex) -> LoadedPlan:
    """A parsed plan document validated against the models and the catalogue; every problem at its position."""
    path = loaded.path
    plan = validate(Plan, loaded)
    problems: list[Problem] = []

    def problem(loc: tuple[str | int, ...], message: str, hint: str | None = None) -> None:
        line, col = loaded.where(loc)
        problems.append(Problem(path, message, line, col, hint))

    known = [i.id for i in index.catalogue.indicators]
    seen: dict[str, int] = {}
    for n, entry in enumerate(plan.indicators):
        loc = ("indicators", n)
        indicator = index.get(entry.indicator)
        if indicator is None:
            problem(
                (*loc, "indicator"),
                f"indicator '{entry.indicator}' is not in the catalogue",
                did_you_mean(entry.indicator, known) or f"add it to {index.path}/catalogue/",
            )
        if entry.indicator in seen:
            problem(
                (*loc, "indicator"),
                f"indicator '{entry.indicator}' is listed twice (also entry {seen[entry.indicator] + 1})",
                "put all its targets under one entry",
            )
        seen[entry.indicator] = n
        for k, target in enumerate(entry.targets):
            _check_target(target, indicator, index, (*loc, "targets", k), problem)
    for n, project in enumerate(plan.projects):
        if project.id in seen or index.get(project.id) is not None:
            problem(("projects", n, "id"), f"project id '{project.id}' is already used by an indicator or project")
        seen[project.id] = n
        for k, target in enumerate(project.targets):
            _check_target(target, None, index, ("projects", n, "targets", k), problem)
    if problems:
        raise InputError(problems)
    return LoadedPlan(plan, path, loaded)


def _check_target(
    target: Target,
    indicator: Indicator | None,
    index: IndicatorIndex,
    loc: tuple[str | int, ...],
    problem: Callable[..., None],
) -> None:
    """References inside a target that the model alone cannot check: other indicators and units."""
    for field, other in (("of", target.of), ("ref", target.ref.indicator if target.ref else None)):
        if other is not None and index.get(other) is None:
            problem((*loc, field), f"'{other}' is not in the catalogue")
    if indicator is not None and target.unit is not None and not convertible(target.unit, indicator.unit):
        problem(
            (*loc, "unit"), f"target unit {target.unit!r} does not convert to the indicator's unit {indicator.unit!r}"
        )
    if indicator is None and target.kind not in (TargetKind.MILESTONE, TargetKind.DELIVERABLE):
        problem((*loc, "kind"), f"a project's target is a milestone or a deliverable, not a {target.kind.value}")


class PlanRegistry:
    """Every plan (plans/) and rule set (rules/), resolvable by any of a district's names."""

    def __init__(self, plans: list[LoadedPlan], index: IndicatorIndex) -> None:
        self.plans = sorted(plans, key=lambda p: (_LEVEL_ORDER[p.meta.level], p.id))
        self.index = index
        self.by_id = {p.id: p for p in plans}
        self._position = {p.id: n for n, p in enumerate(self.plans)}
        self._names: dict[str, int] | None = None
        self.source: Path | None = None  # the plans folder or plan table it was loaded from (load)
        self.partial = False  # only the plans a run named (and theirs) were loaded: other districts' data is theirs

    @functools.cached_property
    def digest(self) -> str:
        """Identifies every loaded file's bytes ('' when some plan was not loaded from a file it could hash); computed
        once, since a batch asks for it per data file."""
        parts = [self.index.digest, *(p.digest for p in self.plans)]
        return "" if "" in parts else cache.make_key("registry", parts)

    @classmethod
    def load(
        cls,
        plans_dir: Path | None = None,
        rules_dir: Path | None = None,
        districts: Collection[str] | None = None,
        keep_positions: bool = False,
    ) -> PlanRegistry:
        """The catalogue, the district plans (a folder of YAML files or one plan table) and the rule sets; the
        bundled ones where a folder is not given. Two plans with one id are an InputError. ``districts``: the
        names a run asks for; from a plan table only those districts' plans are then built (with the rule sets).
        ``keep_positions``: the plan files of those districts parsed now keep their positions (load_plan), for a
        run that lints them for its note; a batch of a summary's worker keeps none."""
        rules_dir = rules_dir or bundled_dir("rules")
        index = load_catalogue(rules_dir)
        plans_dir = plans_dir or bundled_dir("plans")
        if plans_dir.suffix.lower() == ".csv" and not plans_dir.is_dir():  # a plan table: many districts in a file
            rule_sets = [load_plan(p, index) for p in rule_set_files(rules_dir)]
            table, complete = load_plan_table(plans_dir, index, districts, {p.id for p in rule_sets})
            plans, partial = table + rule_sets, not complete
        elif not plans_dir.is_dir():
            raise UsageError(
                f"--plans {plans_dir}: " + ("no such file or folder" if not plans_dir.exists() else "not a folder"),
                "give a folder of plan files (*.yaml), or a plan table (a .csv file)",
            )
        else:
            rule_sets = [load_plan(p, index) for p in rule_set_files(rules_dir)]
            files = sorted(plans_dir.glob("*.yaml"))
            chosen = (
                _plan_files(files, index, districts, {p.id for p in rule_sets}, keep_positions)
                if districts is not None
                else None
            )
            plans = (chosen if chosen is not None else [load_plan(p, index) for p in files]) + rule_sets
            partial = chosen is not None
        ids: dict[str, str] = {}
        for p in plans:
            if p.id in ids:
                raise InputError.single(p.path, f"plan id '{p.id}' is also used by {ids[p.id]}")
            ids[p.id] = p.path
        registry = cls(plans, index)
        registry.source = plans_dir
        registry.partial = partial
        registry._check_links()
        return registry

    def _check_links(self) -> None:
        """Parents and references must name loaded plans."""
        problems = []
        for plan in self.plans:
            parent = plan.meta.parent
            if parent is not None and parent not in self.by_id:
                line, col = plan.loaded.where(("plan", "parent"))
                problems.append(
                    Problem(
                        plan.path,
                        f"parent plan '{parent}' is not loaded",
                        line,
                        col,
                        f"known plans: {', '.join(self.by_id)}",
                    )
                )
            for n, entry in enumerate(plan.plan.indicators):
                for k, target in enumerate(entry.targets):
                    if target.ref is not None and target.ref.plan not in self.by_id:
                        line, col = plan.loaded.where(("indicators", n, "targets", k, "ref", "plan"))
                        problems.append(Problem(plan.path, f"reference to unknown plan '{target.ref.plan}'", line, col))
        if problems:
            raise InputError(problems)

    def ancestors(self, plan: LoadedPlan) -> list[LoadedPlan]:
        """The plans above this one (municipal, then national), whose targets are floors for it."""
        chain: list[LoadedPlan] = []
        parent = plan.meta.parent
        while parent is not None and parent in self.by_id and all(p.id != parent for p in chain):
            chain.append(self.by_id[parent])
            parent = self.by_id[parent].meta.parent
        return chain

    def resolve(self, name: str) -> LoadedPlan:
        """The first plan (in the registry's order) with ``name`` among its names, or ``name`` lower-cased as id."""
        if self._names is None:  # built once: a batch of thousands of files resolves a name per file
            self._names = {}
            for position, plan in enumerate(self.plans):
                for known in plan.names():
                    self._names.setdefault(known, position)
        found = [p for p in (self._names.get(name), self._position.get(name.lower())) if p is not None]
        if found:
            return self.plans[min(found)]
        all_names = [n for p in self.plans for n in p.names()]
        raise UsageError(f"unknown district {name!r}", did_you_mean(name, all_names) or self._known())

    def _known(self) -> str:
        """The plans there are, as a hint that fits a terminal's line: with their names, else their ids, else how
        many (a plan table may hold thousands)."""
        named = "known: " + ", ".join(f"{p.id} ({p.meta.name})" for p in self.plans)
        ids = "known: " + ", ".join(p.id for p in self.plans)
        counted = f"{len(self.plans):,} plans are known; 'check districts' lists them"
        return next(hint for hint in (named, ids, counted) if _cells(hint) <= _HINT_CELLS or hint is counted)


_HINT_CELLS = 72  # a hint's line holds 80 columns with its '  hint: '


def _cells(text: str) -> int:
    """Terminal columns of ``text``: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_LEVEL_ORDER = {"national": 0, "municipal": 1, "district": 2}


def rule_set_files(rules_dir: Path) -> list[Path]:
    """National and municipal rule sets: every rules/*.yaml except the catalogue."""
    return [p for p in sorted(rules_dir.glob("*.yaml")) if p.name != "indicators.yaml"]


def did_you_mean(name: str, candidates: list[str], meaning: Mapping[str, str] | None = None) -> str | None:
    """A hint naming the closest candidates to a mistyped name, or None when none is close. Each is named once:
    spellings that differ only in case or width are one, and with ``meaning`` (name → what it names) so are the
    names of one thing (an indicator's id, name and aliases)."""
    import difflib  # only when a name is wrong

    unique = list(dict.fromkeys(candidates))
    close = difflib.get_close_matches(name, unique, n=12, cutoff=0.5)
    shown: dict[str, str] = {}
    for candidate in close:
        folded = unicodedata.normalize("NFKC", candidate).casefold()
        shown.setdefault(meaning.get(candidate, folded) if meaning is not None else folded, candidate)
    names = list(shown.values())[:3]
    return f"did you mean {' or '.join(repr(c) for c in names)}?" if names else None
