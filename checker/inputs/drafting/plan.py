"""A plan drafted from its document: the ``plan`` block from the first lines, every indicator table row, every
project table row and every target phrase of the running text, each matched to the catalogue and citing its
place, with a reason for review wherever the draft had to guess (docs/plan-format.md is the format).

What is guessed, and so marked for review: an operator inferred from the indicator's direction (a bare figure),
a blank 指标性质, a 左右, a year the text does not print, a name matched with less than full confidence, a unit that
differs from the catalogue's, a name the catalogue does not know (then a catalogue entry is proposed), metadata the
document does not print.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from checker.domain.models import Indicator
from checker.domain.units import convertible
from checker.inputs.documents import SourceDocument
from checker.inputs.drafting.layout import LaidTable, Layout, Place, TextSpan, lay_out, squeeze
from checker.inputs.drafting.matching import ACCEPT, CERTAIN, Match, Matcher, normal
from checker.inputs.drafting.model import (
    DraftIndicator,
    DraftPlan,
    DraftProject,
    DraftTarget,
    Part,
    ProposedIndicator,
)
from checker.inputs.drafting.phrases import COUNT_UNITS, GE, LE, RATE_UNITS, Figure, Phrase
from checker.inputs.drafting.tables import (
    Header,
    indicator_rows,
    name_unit,
    project_rows,
    read_header,
)
from checker.inputs.drafting.text import Found, text_targets

SURE = 0.85  # a clause without a figure names a catalogue entry only this surely
LOWER_IS_BETTER = re.compile(
    r"死亡率|发病率|患病率|感染率|吸烟率|近视率|能耗|费用|支出|反应时间|次数|比重|肥胖|超重|事故"
)
COUNT_WORDS = set(COUNT_UNITS) | {"个", "家", "所", "名", "人", "张", "台", "项", "种", "辆", "次", "期", "U"}
# A sentence about the construction projects (counts, areas, sums): the project table carries them
PROJECT_SENTENCE = re.compile(r"建设项目|建项目|计划投资|建设规模|总投资")
PER = {
    "每万人": "万人",
    "每万人口": "万人",
    "每万常住人口": "万人",
    "每千人": "千人",
    "每千人口": "千人",
    "每千常住人口": "千人",
}


@dataclass(frozen=True)
class PlanOptions:
    """What the command line says of the plan: its id, name and parent plan."""

    id: str
    name: str | None = None
    parent: str | None = "chongqing"


def draft_plan(document: SourceDocument, catalogue: Sequence[Indicator], options: PlanOptions) -> DraftPlan:
    """The draft plan of a document, against the catalogue's indicators."""
    layout = lay_out(document)
    return _Drafter(layout, Matcher(catalogue), options).draft()


class _Drafter:
    def __init__(self, layout: Layout, matcher: Matcher, options: PlanOptions) -> None:
        self.layout = layout
        self.matcher = matcher
        self.options = options
        doc = layout.document
        meta, reviews = plan_meta(layout, options)
        self.plan = DraftPlan(meta, doc.name, doc.line_word, meta_reviews=reviews)
        period = meta["period"]
        assert isinstance(period, dict)
        self.start, self.end = int(period["start"]), int(period["end"])
        self.annual = meta["kind"] == "annual"
        self.by_id: dict[str, DraftIndicator] = {}
        self.proposals: dict[str, ProposedIndicator] = {}
        self.extra_spans: list[TextSpan] = []
        self.skipped: list[tuple[int, str]] = []

    def draft(self) -> DraftPlan:
        stats = self.plan.stats
        for table in self.layout.tables:
            header = read_header(table)
            kind = header.kind if header is not None else "other"
            stats.tables += 1
            stats.rows += max(0, len(table.rows) - 1)
            if kind == "indicator" and header is not None:
                stats.indicator_tables += 1
                self._indicator_table(table, header)
            elif kind == "project" and header is not None:
                stats.project_tables += 1
                self._project_table(table, header)
            else:
                self._as_text(table, header)
        self._running_text(self.layout.spans + self.extra_spans)
        self.plan.indicators = [ind for ind in self.by_id.values() if ind.targets]
        used = {ind.indicator for ind in self.plan.indicators}
        self.plan.proposed = [p for p in self.proposals.values() if p.id in used]
        for ind in self.plan.indicators:
            for target in ind.targets:
                part = target.part
                if part == "table":
                    stats.table_targets += 1
                else:
                    stats.text_targets += 1
            if ind.known:
                stats.matched += len(ind.targets)
            else:
                stats.unknown += len(ind.targets)
        stats.projects = len(self.plan.projects)
        stats.project_targets = sum(len(p.targets) for p in self.plan.projects)
        stats.reviews = count_reviews(self.plan)
        self.plan.skipped = self.skipped
        return self.plan

    # -- tables ----------------------------------------------------------------------------------------------------

    def _indicator_table(self, table: LaidTable, header: Header) -> None:
        target_column, baseline_column = header.get("target"), header.get("baseline")
        year = target_column.year if target_column and target_column.year else self.end
        base_year = baseline_column.year if baseline_column and baseline_column.year else None
        previous: DraftIndicator | None = None
        for row in indicator_rows(table, header):
            printed_name = row.name + (f" {row.sublabel}" if row.sublabel else "")
            unit = row.unit or name_unit(row.name)
            indicator, match, reviews = self._resolve(printed_name, unit)
            entry = self._entry(indicator, match, printed_name, row.line, row.category, reviews, unit)
            if table.place.section and "全市" in row.name and self.options.parent:
                entry.reviews.append("the name says 全市 (city-wide) in a district plan: check which area it measures")
            self._unit_review(entry, unit, indicator)
            if row.baseline is not None and row.baseline.kind == "threshold" and row.baseline.op is None:
                if entry.baseline is None:
                    entry.baseline = (base_year or self.start - 1, row.baseline.value or "")
                    if base_year is None:
                        entry.reviews.append(f"the baseline column names no year: {self.start - 1} assumed")
            elif row.baseline is not None and row.baseline.kind not in ("missing", "threshold"):
                entry.reviews.append(f"the baseline cell {row.baseline.printed!r} is not a figure: no baseline")
            nature = row.nature or "unspecified"
            target = self._target(
                row.target,
                indicator,
                entry,
                year=year,
                nature=nature,
                place=Place(table.place.section, row.item or None),
                quote=row.printed,
                line=row.line,
                part="table",
                previous=previous,
                strive=False,
            )
            if target is None:
                self.skipped.append((row.line, f"{table.place.section} {row.item}: {row.printed} (target not read)"))
                continue
            if row.nature is None and header.get("nature") is not None:
                target.reviews.append("指标性质 is blank: nature unspecified")
            self._worse_than_baseline(entry, target, indicator)
            entry.targets.append(target)
            previous = entry

    def _project_table(self, table: LaidTable, header: Header) -> None:
        goal_column = header.get("goal")
        year = goal_column.year if goal_column and goal_column.year else self.end
        for row in project_rows(table, header):
            number = len(self.plan.projects) + 1
            project = DraftProject(
                id=f"{self.options.id}_p{number:02d}",
                name=row.name,
                line=row.line,
                section=table.place.section,
                item=row.seq,
                category=row.category,
                period=row.period,
                investment=row.investment,
                scale=row.scale,
                status=row.status,
                owner=row.owner,
                notes=list(row.notes),
                reviews=list(row.reviews),
            )
            if row.content:
                project.notes.insert(0, f"建设内容: {row.content}")
            if row.goal is not None:
                project.targets.append(
                    DraftTarget(
                        year=year,
                        kind="milestone",
                        printed=row.goal_printed or row.goal,
                        nature="unspecified",
                        section=table.place.section,
                        item=row.seq,
                        quote=None,
                        line=row.line,
                        part="project",
                        op=GE,
                        value=row.goal,
                    )
                )
            self.plan.projects.append(project)

    def _as_text(self, table: LaidTable, header: Header | None) -> None:
        """A table that is neither: its cells are running text, each row an item (附件1 重大工程项目)."""
        seq = header.get("seq") if header is not None else None
        start = header.row + 1 if header is not None else 0
        for row in table.rows[start:]:
            item = row.cells[seq.index] if seq is not None and seq.index < len(row.cells) else None
            text = "。".join(c for c in row.cells if c and c != item)
            if text:
                place = Place(table.place.section, item or None, table.place.heading)
                self.extra_spans.append(TextSpan(text, place, ((0, row.line),)))

    # -- running text ----------------------------------------------------------------------------------------------

    def _running_text(self, spans: list[TextSpan]) -> None:
        seen: dict[tuple[str, tuple[object, ...]], DraftTarget] = {}
        for found in text_targets(spans, self.start):
            phrase = found.phrase
            if phrase.figure.kind in ("deliverable", "maintain"):
                sure = None if found.place.section.startswith("附件") else self._without_figure(phrase)
                if sure is not None:
                    self._text_target(found, sure, phrase.subject, [], None, seen)
                continue
            unit = _unit(phrase.figure)
            if _about_projects(phrase.subject, unit):
                continue
            if PROJECT_SENTENCE.search(found.sentence):
                continue
            whole = self._best((phrase.subject,), unit, found.sentence)
            parts = (
                [self._best(names, unit, found.sentence) for names in phrase.subjects]
                if len(phrase.subjects) > 1
                else [whole]
            )
            matched = all(p[0] is not None for p in parts)
            if len(parts) > 1 and whole[0] is not None and (whole[0].confidence >= CERTAIN or not matched):
                parts = [whole]
            for match, name, reviews in parts:
                self._text_target(found, match, name, reviews, unit, seen)

    def _without_figure(self, phrase: Phrase) -> Match | None:
        """The catalogue entry a clause without a figure names, if it names one surely: a deliverable's (a thing
        done: unit 个, not a count) for an end state, another's for a direction. Clauses that name none are many
        (加强…, 推进…) and are passed over, not proposed."""
        deliverable = phrase.figure.kind == "deliverable"
        best: Match | None = None
        for name in phrase.subjects[0]:
            for match in self.matcher.candidates(name, 5):
                ind = match.indicator
                if ind is None or match.confidence < SURE:
                    break
                done = ind.unit == "个" and not ind.name.endswith("数")
                if done == deliverable and (best is None or match.confidence > best.confidence):
                    best = match
        return best

    def _best(self, names: tuple[str, ...], unit: str | None, context: str = "") -> tuple[Match | None, str, list[str]]:
        """The catalogue entry the likeliest of some names means (the longest name among equally good ones), the
        name, and the reasons for review; no entry (and the name to propose) when none is good enough."""
        best: tuple[Match | None, str, list[str]] = (None, names[-1], [])
        for name in names:
            _, match, reviews = self._resolve(name, unit, context)
            if match is None:
                continue
            held = best[0]
            if (
                held is None
                or match.confidence > held.confidence
                or (match.confidence == held.confidence and len(name) > len(best[1]))
            ):
                best = (match, name, reviews)
        if best[0] is None and len(names) > 1:
            best = (None, names[0] if len(names[0]) <= 20 else names[-1], [])
        return best

    def _text_target(
        self,
        found: Found,
        match: Match | None,
        subject: str,
        reviews: list[str],
        unit: str | None,
        seen: dict[tuple[str, tuple[object, ...]], DraftTarget],
    ) -> None:
        phrase = found.phrase
        indicator = match.indicator if match is not None else None
        entry = self._entry(indicator, match, subject, found.line, None, reviews, unit)
        year = found.year or self.end
        target = self._target(
            phrase.figure,
            indicator,
            entry,
            year=year,
            nature="expected" if phrase.strive else "unspecified",
            place=found.place,
            quote=found.sentence,
            line=found.line,
            part="text",
            previous=None,
            strive=phrase.strive,
            printed=phrase.printed,
        )
        if target is None:
            return
        target.reviews.extend(phrase.reviews)
        if found.year is None and not self.annual:
            target.reviews.append(f"no year printed: due at the plan's end ({self.end})")
        elif found.year is not None and not self.start <= found.year <= self.end:
            target.reviews.append(f"the year {found.year} is outside the plan period {self.start}–{self.end}")
        if phrase.strive:
            target.note = "力争: nature expected."
        key = (entry.indicator, target.key())
        earlier = seen.get(key)
        if earlier is not None and (earlier.quote == target.quote or found.place.section.startswith("附件")):
            item = found.place.item
            table = found.place.section.startswith(("专栏", "附件"))
            where = found.place.section + (f" 序号{item}" if item and table else f" item {item}" if item else "")
            earlier.note = (earlier.note + " " if earlier.note else "") + f"Repeated in {where}."
            return
        seen.setdefault(key, target)
        entry.targets.append(target)

    # -- indicators and targets ------------------------------------------------------------------------------------

    def _resolve(
        self, printed: str, unit: str | None, context: str = ""
    ) -> tuple[Indicator | None, Match | None, list[str]]:
        """The catalogue entry a printed name means, with reasons for review; None when it knows none. A figure
        in a unit the entry cannot have rules it out, unless the name is the entry's own; between names about as
        good, the sentence around decides (打造特色专科10个 after 21个基层医疗机构: the 基层 one)."""
        reviews: list[str] = []
        fitting = [
            m
            for m in self.matcher.candidates(printed, 8)
            if m.indicator is not None
            and m.confidence >= ACCEPT
            and (m.confidence >= 1.0 or _units_agree(unit, m.indicator, printed))
        ]
        if not fitting:
            return None, None, reviews
        around = _pairs(normal(context)) if context else set()
        match = max(fitting, key=lambda m: m.confidence + 0.1 * _support(m.form, around))
        assert match.indicator is not None
        if match.confidence < CERTAIN:
            reviews.append(
                f"{printed!r} matched to {match.indicator.id} ({match.indicator.name}) with confidence "
                f"{match.confidence:.2f}"
            )
        return match.indicator, match, reviews

    def _entry(
        self,
        indicator: Indicator | None,
        match: Match | None,
        printed_name: str,
        line: int,
        category: str | None,
        reviews: list[str],
        unit: str | None = None,
    ) -> DraftIndicator:
        if indicator is not None:
            entry = self.by_id.get(indicator.id)
            if entry is None:
                entry = DraftIndicator(
                    indicator.id,
                    printed_name,
                    line,
                    True,
                    match.confidence if match else 1.0,
                    category,
                    matched=f"{match.how} {match.form}" if match else "",
                )
                self.by_id[indicator.id] = entry
            entry.reviews.extend(r for r in reviews if r not in entry.reviews)
            return entry
        name = _clean_name(printed_name)
        proposal = self.proposals.get(name)
        if proposal is None:
            proposal = ProposedIndicator(
                id=f"{self.options.id}_new_{len(self.proposals) + 1:02d}",
                name=name,
                unit=_plain_unit(unit),
                direction="lower" if LOWER_IS_BETTER.search(name) else "higher",
                line=line,
                aliases=[printed_name] if printed_name != name else [],
                reviews=[
                    "a name the catalogue does not know: choose an id, an English name, the unit and direction"
                    + ("" if unit else " (no unit printed: 个 assumed)"),
                ],
            )
            self.proposals[name] = proposal
        entry = self.by_id.get(proposal.id)
        if entry is None:
            entry = DraftIndicator(proposal.id, printed_name, line, False, 0.0, category)
            entry.reviews.append(f"not in the catalogue: {proposal.id} is proposed in the catalogue draft")
            self.by_id[proposal.id] = entry
        return entry

    def _target(
        self,
        figure: Figure,
        indicator: Indicator | None,
        entry: DraftIndicator,
        *,
        year: int,
        nature: str,
        place: Place,
        quote: str | None,
        line: int,
        part: Part,
        previous: DraftIndicator | None,
        strive: bool,
        printed: str | None = None,
    ) -> DraftTarget | None:
        direction = indicator.direction.value if indicator else self._proposal_direction(entry)
        target = DraftTarget(
            year=year,
            kind="threshold",
            printed=printed or figure.printed,
            nature=nature,
            section=place.section,
            item=place.item,
            quote=quote,
            line=line,
            part=part,
        )
        target.reviews.extend(r for r in figure.reviews if part == "table")
        unit = _unit(figure)
        if figure.kind == "threshold":
            target.value = figure.value
            if figure.op is None:
                target.op = GE if direction == "higher" else LE
                target.op_inferred = True
                target.reviews.append(f"operator inferred ({target.op}) from the indicator's direction ({direction})")
            else:
                target.op = figure.op
        elif figure.kind == "range":
            if Decimal(figure.value or "0") > Decimal(figure.high or "0"):
                return None  # 5—3: not a range the checker can read
            target.kind, target.low, target.high = "range", figure.value, figure.high
        elif figure.kind == "change":
            target.kind, target.op, target.value = "change", figure.op, figure.value
        elif figure.kind == "proportional":
            if previous is None:
                return None
            target.kind, target.of = "proportional", previous.indicator
            target.reviews.append(f"同比例提高: read as growing in proportion to the row above ({previous.indicator})")
        elif figure.kind == "reference":
            parent = self.options.parent
            if not parent or indicator is None:
                return None
            target.kind, target.op = "reference", figure.op
            target.ref = {"plan": parent, "indicator": indicator.id, "use": figure.use}
            target.reviews.append(
                f"refers to the {parent} plan's {figure.use} for {indicator.id}: check that it sets one"
            )
        elif figure.kind == "maintain":
            target.kind, target.op, target.against = "maintain", figure.op, "previous_year"
            target.reviews.append("a direction without a figure: read as a change against the previous year")
        elif figure.kind == "deliverable":
            target.kind, target.value = "deliverable", True
        else:
            return None
        if strive and part == "table":
            target.nature = "expected"
        if unit is not None and indicator is not None and figure.kind in ("threshold", "range", "change"):
            self._target_unit(target, unit, indicator)
        return target

    def _target_unit(self, target: DraftTarget, unit: str, indicator: Indicator) -> None:
        """The figure's unit against the catalogue's: a scaled unit is kept (万人次 for 人次); a rate in another rate
        unit, or a unit that does not convert, is left for review."""
        if unit == indicator.unit or _same_count(unit, indicator.unit):
            return
        if convertible(unit, indicator.unit):
            if unit in RATE_UNITS and indicator.unit in RATE_UNITS:
                target.reviews.append(f"the figure is printed in {unit}, the catalogue's unit is {indicator.unit}")
                return
            target.unit = unit
            return
        if unit in COUNT_WORDS:
            return  # 6名 of a per-10万 indicator, 3所 of a count in 个: the catalogue's unit
        target.reviews.append(f"the figure's unit {unit} is not the catalogue's ({indicator.unit})")

    def _unit_review(self, entry: DraftIndicator, unit: str | None, indicator: Indicator | None) -> None:
        """A table row whose printed name carries a rate unit other than the catalogue's (婴儿死亡率(%))."""
        if unit is None or indicator is None or entry.printed_unit is not None:
            return
        if unit in RATE_UNITS and indicator.unit in RATE_UNITS and unit != indicator.unit:
            entry.printed_unit = unit
            entry.reviews.append(
                f"the document prints {unit} where the catalogue's unit is {indicator.unit}: check which unit the "
                "figures are in (a known defect prints ‰ rates as %)"
            )

    def _worse_than_baseline(self, entry: DraftIndicator, target: DraftTarget, indicator: Indicator | None) -> None:
        if indicator is None or entry.baseline is None or target.kind != "threshold" or not target.op_inferred:
            return
        try:
            base, value = float(entry.baseline[1]), float(str(target.value))
        except ValueError:
            return
        if (indicator.direction.value == "lower" and value > base) or (
            indicator.direction.value == "higher" and value < base
        ):
            target.reviews.append(
                f"the target {target.value} is worse than the {entry.baseline[0]} value {entry.baseline[1]} for a "
                f"{indicator.direction.value}-is-better indicator: check the figure and the indicator"
            )

    def _proposal_direction(self, entry: DraftIndicator) -> str:
        proposal = next((p for p in self.proposals.values() if p.id == entry.indicator), None)
        return proposal.direction if proposal else "higher"


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _support(form: str, around: set[str]) -> float:
    """How much of a catalogue name the words around a figure have."""
    pairs = _pairs(form)
    return len(pairs & around) / len(pairs) if pairs and around else 0.0


def _about_projects(subject: str, unit: str | None) -> bool:
    """Counts, areas and sums of construction projects in the text (建设项目8个, 建设规模448231平方米,
    计划投资42.17亿元): the project table carries them."""
    if unit == "平方米" or (unit in ("万元", "亿元") and re.search(r"投资|资金", subject)):
        return True
    return bool(re.search(r"(?:建设|启动|实施|工程|重大)项目$", subject))


def _plain_unit(unit: str | None) -> str:
    """The unit a proposed catalogue entry takes: the printed one without 万/亿 (1.7万名 is counted in 名)."""
    if not unit:
        return "个"
    if len(unit) > 1 and unit[0] in "万亿" and "/" not in unit:
        return unit[1:]
    return unit


def _unit(figure: Figure) -> str | None:
    unit = figure.unit
    if figure.per and unit:
        per = next((v for k, v in PER.items() if figure.per.startswith(k)), None)
        if figure.per.startswith("每10万"):
            return "/10万"
        return f"{unit}/{per}" if per else unit
    return unit


def _same_count(unit: str, catalogue: str) -> bool:
    """A count word for a count (所 for 个), or the numerator of a per-population unit (人 for 人/千人)."""
    numerator = catalogue.split("/")[0]
    plain = unit in COUNT_WORDS and not unit.startswith(("万", "亿"))
    return plain and (numerator in COUNT_WORDS or numerator == unit)


def _units_agree(unit: str | None, indicator: Indicator, printed: str) -> bool:
    """Whether a figure's unit can belong to the indicator (a % figure is not a count of hospitals)."""
    if unit is None or unit == indicator.unit or _same_count(unit, indicator.unit):
        return True
    if convertible(unit, indicator.unit):
        return True
    if unit in RATE_UNITS:
        return indicator.unit in RATE_UNITS
    if unit in COUNT_WORDS:
        return indicator.unit not in RATE_UNITS or "每" in printed or indicator.unit == "/10万"
    return unit not in RATE_UNITS and indicator.unit not in RATE_UNITS


def _clean_name(name: str) -> str:
    text = re.sub(r"^(?:到20\d\d年|力争|确保|全区|我区|实现|推动|推进)+", "", name)
    return text.strip("，,、的 ") or name


def count_reviews(plan: DraftPlan) -> int:
    """The places a person must check: every record with at least one reason."""
    count = len(plan.meta_reviews)
    for ind in plan.indicators:
        count += bool(ind.reviews) + sum(1 for t in ind.targets if t.reviews)
    for project in plan.projects:
        count += bool(project.reviews) + sum(1 for t in project.targets if t.reviews)
    return count


# --- metadata ------------------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}〔\d{4}〕\s*\d+\s*号")
_DATE = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISSUER = re.compile(r"^#*\s*(.{4,40}?(?:人民政府|委员会|卫生健康委|卫健委|办公室|局))\s*文件\s*$")
_TITLE = re.compile(r"《([^》]{4,60}(?:规划|工作要点|计划|方案|要点))》")
_TITLE_LINE = re.compile(r"^#*\s*\**\s*(.{4,60}?(?:规划|工作要点|年度计划))\s*\**\s*$")
_DISTRICT = re.compile(r"重庆市([\u4e00-\u9fff]{2}[区县])")
_PERIOD = re.compile(r"(20\d\d)\s*年?\s*[—\-–~～至到]+\s*(20\d\d)\s*年")
_ANNUAL = re.compile(r"(20\d\d)\s*年.{0,12}(?:工作要点|工作计划|年度计划)")


def _commonest_district(text: str) -> str | None:
    """The district the text names most (北碚区), not 全区, 我区 or the tail of 加快全区."""
    counts: dict[str, int] = {}
    for match in re.finditer(r"([\u4e00-\u9fff]{2}[区县])", text):
        name = match.group(1)
        if name[1] in "全我本各辖该此城社片园景市乡镇新老小" or name[0] in "全我本各辖该":
            continue
        counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda n: counts[n]) if counts else None


def plan_meta(layout: Layout, options: PlanOptions) -> tuple[dict[str, object], dict[str, str]]:
    """The ``plan`` block, and a reason for each field the document does not print."""
    head = [squeeze(p.text) for p in layout.head if p.text.strip()]
    text = "\n".join(head)
    reviews: dict[str, str] = {}
    issuer = next((m.group(1) for line in head if (m := _ISSUER.match(line))), None)
    title = next((m.group(1) for line in head if (m := _TITLE_LINE.match(line)) and "关于" not in line), None)
    if title is None:
        quoted = _TITLE.search(text)
        title = quoted.group(1) if quoted else None
    number = _NUMBER.search(text)
    date = _DATE.search(text)
    annual = _ANNUAL.search(title or "") or _ANNUAL.search(text[:400])
    if annual:
        year = int(annual.group(1))
        period = {"start": year, "end": year}
        kind = "annual"
    else:
        found = _PERIOD.search(text) or _PERIOD.search(" ".join(squeeze(s.text) for s in layout.spans[:20]))
        if found and 1 <= int(found.group(2)) - int(found.group(1)) <= 10:
            period = {"start": int(found.group(1)), "end": int(found.group(2))}
        else:
            period = {"start": 2021, "end": 2025}
            reviews["period"] = "the period is not printed: 2021–2025 (十四五) assumed"
        kind = "five_year"
    district = options.name
    if district is None:
        named = _DISTRICT.search(issuer or "") or _DISTRICT.search(title or "")
        body = text + " ".join(squeeze(s.text) for s in layout.spans[:60])
        district = named.group(1) if named else _commonest_district(body) or options.id
        reviews["name"] = "the district's name is guessed from the text: check it (or give --name)"
    if title is None:
        title = layout.document.name
        reviews["title"] = "no title found in the document: check it"
    if issuer is None:
        issuer = f"{district}"
        reviews["issuer"] = "the issuer is not printed as a heading (…文件): check it"
    meta: dict[str, object] = {
        "id": options.id,
        "name": district,
        "name_en": options.id.replace("_", " ").title() + (" District" if district.endswith("区") else " County"),
        "aliases": [district[:-1]] if len(district) >= 3 and district[-1] in "区县" else [],
        "level": "district",
        "parent": options.parent,
        "kind": kind,
        "title": title,
        "issuer": issuer,
        "number": squeeze(number.group(0)) if number else None,
        "date": f"{date.group(1)}-{int(date.group(2)):02d}-{int(date.group(3)):02d}" if date else None,
        "document": layout.document.name,
        "period": period,
    }
    reviews["name_en"] = "the English name is made from the id: check it"
    if number is None:
        reviews["number"] = "no document number (…〔2022〕10号) found"
    if date is None:
        reviews["date"] = "no date found"
    return meta, reviews
