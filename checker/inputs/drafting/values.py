"""Reported values drafted from a work summary or a reply (``2024年，生物医药规上企业产值54.3亿元``): every figure
with a unit, matched to the catalogue by the words around it, citing its sentence.

A summary names its figures loosely (入驻企业超50家 for the catalogue's 仙桃数据谷精准医疗和智慧医疗产业集群入驻企业数),
so a figure is matched by two measures together: how much of the words just before it (its clause, or the list item
it ends) a catalogue name explains, and how much of that name the sentence up to the figure supports. The figure's
unit must fit the entry's. Figures listed in parallel (门诊、出院人次同比增长14.5%、9.1%) go to the listed names in
order. Units are converted into the catalogue's (148万 居民 is 1480000 人).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from checker.domain.models import Indicator
from checker.domain.units import convert, convertible
from checker.inputs.documents import SourceDocument
from checker.inputs.drafting.layout import lay_out, squeeze
from checker.inputs.drafting.matching import normal
from checker.inputs.drafting.model import DraftValue, DraftValues
from checker.inputs.drafting.phrases import COUNT_UNITS, NUMBER, RATE_UNITS, UNITS, sentences, split_subjects
from checker.inputs.drafting.text import quote

ACCEPT = 0.55
VALUE_UNITS = (
    *UNITS[: UNITS.index("天")],
    "期",
    *UNITS[UNITS.index("天") :],
)  # a summary counts 期 (live broadcasts) too
COUNTS = set(COUNT_UNITS) | {"期", "个", "家", "所", "名", "人", "项", "次"}
_UNIT = "|".join(re.escape(u) for u in VALUE_UNITS)
CUE = r"(?P<cue>达到|达|为|增至|增长|超过|超|突破|约|共|计|累计|逾|近)?"
VALUE = re.compile(rf"{CUE}(?P<num>{NUMBER})(?P<unit>{_UNIT})(?P<approx>左右|以上|多)?")
_BOUND = {"超": "more than", "超过": "more than", "突破": "above", "逾": "more than", "近": "nearly", "约": "about"}
_BREAK = re.compile(r"[，,；;：:、]")
_PEOPLE = re.compile(r"^(?:居民|人口|群众|人)")


@dataclass(frozen=True)
class _Figure:
    value: str
    unit: str
    start: int
    end: int
    local: str  # the words that name it: its clause or list item, and the object after it
    cue: str
    head: str = ""  # the words just before it (四大部 in …四大部71个)


def draft_values(document: SourceDocument, catalogue: Sequence[Indicator], district: str, year: int) -> DraftValues:
    """The reported values of a summary for ``district`` and ``year``."""
    layout = lay_out(document)
    draft = DraftValues(district, year, document.name, document.line_word, document.name)
    indicators = list(catalogue)
    names = [(ind, [normal(n) for n in (ind.name, *ind.aliases)]) for ind in indicators]
    taken: set[str] = set()
    for span in layout.spans:
        for offset, raw in sentences(span.text):
            sentence = raw.replace("\n", "")
            squeezed = _plain(squeeze(sentence))
            figures = _figures(squeezed)
            if not figures:
                continue
            draft.sentences += 1
            draft.figures += len(figures)
            line = span.line_at(offset)
            dated = _year(squeezed)
            for figure, (indicator, score) in _assign(figures, squeezed, names):
                value = _value(figure, indicator, quote(sentence), line, score, dated, year, document.name)
                if indicator is None:
                    draft.unknown.append(value)
                elif indicator.id in taken:
                    value.reviews.append(f"{indicator.id} was already found earlier: this one is left out")
                    draft.unknown.append(value)
                else:
                    taken.add(indicator.id)
                    draft.values.append(value)
    return draft


def _plain(text: str) -> str:
    """33.35万余人次 → 33.35万人次, 60余次 → 60次: 余 (and more) is a lower bound, noted by the cue."""
    return re.sub(r"(\d|万)余(?=[\u4e00-\u9fff%])", r"\1", text)


def _figures(sentence: str) -> list[_Figure]:
    found: list[_Figure] = []
    previous = 0
    matches = [
        m
        for m in VALUE.finditer(sentence)
        if sentence[m.end() : m.end() + 1] not in ("年", "月", "日", "号", "届")
        and not _in_brackets(sentence, m.start())
    ]
    for n, match in enumerate(matches):
        number, unit = match.group("num"), match.group("unit")
        if unit == "万" and not _PEOPLE.match(sentence[match.end() :]):
            continue
        begin = max(_last_break(sentence, match.start(), "，,；;：:、"), previous)
        before = sentence[begin : match.start()]
        stop = re.search(r"[，,；;。：:、]", sentence[match.end() :])
        after = sentence[match.end() : match.end() + (stop.start() if stop else len(sentence))]
        following = matches[n + 1] if n + 1 < len(matches) else None
        if following is not None and following.start() <= match.end() + len(after):
            after = ""  # 107期直播累计观看人数33.35万人次: the words after belong to the next figure
        if len(before) < 2 and begin > 1 and not after:  # 107期…: the clause before names it
            before = sentence[_last_break(sentence, begin - 1, "，,；;：:、") : begin - 1] + before
        if unit == "万" and _PEOPLE.match(after):
            unit = "万人"
        head = normal(_strip_cue(before))[-4:]
        found.append(_Figure(number, unit, match.start(), match.end(), before + after, match.group("cue") or "", head))
        previous = match.end()
    return found


def _last_break(sentence: str, at: int, marks: str) -> int:
    """Where the clause (or list item) before ``at`` begins: after the last mark outside quotes and brackets."""
    depth = 0
    last = 0
    for index, char in enumerate(sentence[:at]):
        if char in "“（(《":
            depth += 1
        elif char in "”）)》":
            depth = max(0, depth - 1)
        elif depth == 0 and char in marks:
            last = index + 1
    return last


def _in_brackets(sentence: str, at: int) -> bool:
    opened = sentence[:at]
    return opened.count("（") + opened.count("(") > opened.count("）") + opened.count(")")


def _assign(
    figures: list[_Figure], sentence: str, names: list[tuple[Indicator, list[str]]]
) -> list[tuple[_Figure, tuple[Indicator | None, float]]]:
    """Each figure's catalogue entry: figures listed in parallel share a listed subject; then the best match for
    each, an entry given to one figure only (the best)."""
    locals_: dict[int, list[str]] = {i: [f.local] for i, f in enumerate(figures)}
    extra: list[tuple[int, list[str]]] = []  # 各: one figure for each listed name
    i = 0
    while i < len(figures):
        j = i
        while j + 1 < len(figures) and re.fullmatch(r"[、和及]", sentence[figures[j].end : figures[j + 1].start]):
            j += 1
        begin = _last_break(sentence, figures[i].start, "，,；;：:")
        subject = _strip_cue(re.sub(r"各$", "", sentence[begin : figures[i].start]))
        parts = split_subjects(subject)
        if j > i and len(parts) == j - i + 1:
            for k, names_ in enumerate(parts):
                locals_[i + k] = list(names_)
        elif j == i and len(parts) > 1 and re.search(r"各$", sentence[begin : figures[i].start]):
            locals_[i] = list(parts[0])
            extra += [(i, list(names_)) for names_ in parts[1:]]
        i = j + 1
    for index, listed in extra:
        figures.append(figures[index])
        locals_[len(figures) - 1] = listed
    scored: list[tuple[float, int, Indicator]] = []
    for index, figure in enumerate(figures):
        context = sentence
        for local in locals_[index]:
            for indicator, forms in names:
                if not _unit_fits(figure.unit, indicator.unit):
                    continue
                score = max(_score(_strip_cue(local), context, form, figure.head) for form in forms)
                if score >= ACCEPT:
                    scored.append((score, index, indicator))
    scored.sort(key=lambda s: (-s[0], s[1]))
    chosen: dict[int, tuple[Indicator | None, float]] = {}
    used: set[str] = set()
    for score, index, indicator in scored:
        if index in chosen or indicator.id in used:
            continue
        chosen[index] = (indicator, min(score, 1.0))
        used.add(indicator.id)
    return [(figure, chosen.get(i, (None, 0.0))) for i, figure in enumerate(figures)]


def _strip_cue(text: str) -> str:
    text = re.sub(r"^(?:\d{4}年|截至|截止|累计|共|近年来|其中|一是|二是|三是|同时|并|先后)+", "", text)
    return re.sub(r"(?:达到|达|为|增至|超过|超|突破|约|共|累计)$", "", text)


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _score(local: str, context: str, form: str, head: str = "") -> float:
    """How well a catalogue name accounts for the words naming a figure, and how far the sentence supports it; a
    name that has the words just before the figure (its head noun) scores a little more."""
    local_pairs = _pairs(normal(local))
    form_pairs = _pairs(form.rstrip("数"))
    if not local_pairs or not form_pairs:
        return 0.0
    context_pairs = _pairs(normal(context)) | local_pairs
    shared = len(local_pairs & form_pairs)
    explained = (shared / len(local_pairs) + shared / len(form_pairs)) / 2
    supported = len(form_pairs & context_pairs) / len(form_pairs)
    if not explained or not supported:
        return 0.0
    bonus = next((0.15 * len(head[k:]) / 4 for k in range(len(head) - 1) if head[k:] in form), 0.0)
    return 2 * explained * supported / (explained + supported) + bonus


def _unit_fits(unit: str, catalogue: str) -> bool:
    if unit == catalogue or convertible(unit, catalogue):
        return True
    if unit in RATE_UNITS or catalogue in RATE_UNITS:
        return False
    return unit in COUNTS and catalogue in COUNTS


def _year(sentence: str) -> int | None:
    found = re.match(r"^(20\d\d)年", sentence) or re.search(r"(20\d\d)年[，,]?(?:全区|全市|基层|我区)", sentence)
    return int(found.group(1)) if found else None


def _value(
    figure: _Figure,
    indicator: Indicator | None,
    sentence: str,
    line: int,
    score: float,
    dated: int | None,
    year: int,
    document: str,
) -> DraftValue:
    reviews: list[str] = []
    unit = figure.unit
    value = figure.value
    note = None
    if indicator is not None and unit != indicator.unit:
        if convertible(unit, indicator.unit):
            try:
                value = _plain_decimal(convert(Decimal(figure.value), unit, indicator.unit))
            except (InvalidOperation, ArithmeticError):
                reviews.append(f"the figure {figure.value}{unit} could not be converted to {indicator.unit}")
            else:
                note = f"printed {figure.value}{unit}, converted to {indicator.unit}"
            unit = indicator.unit
        else:
            note = f"printed in {unit}, counted in the catalogue's {indicator.unit}"
            unit = indicator.unit
    bound = _BOUND.get(figure.cue)
    if bound:
        reviews.append(f"{figure.cue}{figure.value}: {bound} the figure, not the figure itself")
    if dated is not None and dated != year:
        reviews.append(f"the sentence dates the figure to {dated}, not {year}")
    elif dated is None:
        reviews.append(f"the sentence gives no year: taken as the {year} figure")
    if indicator is not None and score < 0.8:
        reviews.append(f"matched to {indicator.id} ({indicator.name}) with confidence {score:.2f}")
    printed = f"{figure.value}{figure.unit}"
    return DraftValue(
        indicator.id if indicator else "",
        value,
        unit,
        f"{document}: {sentence}",
        line,
        round(score, 3),
        printed,
        note,
        reviews,
    )


def _plain_decimal(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text
