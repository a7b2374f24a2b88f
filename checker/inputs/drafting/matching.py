"""Printed indicator names against the catalogue: its ids, names and aliases, with a confidence.

A name is compared in a normal form (full-width characters folded, white space, quotes, 的 and units in brackets
dropped, 常住 dropped: 每千常住人口 is the catalogue's 每千人口). Exact agreement is certain (1.0); a catalogue form
found inside a longer printed phrase (the subject of a sentence carries more words than the name) scores by how
much of the phrase it covers; otherwise the overlap of character pairs (Dice) says how alike they are. Below
ACCEPT a name is unknown and the draft proposes a catalogue entry; below CERTAIN it asks for review.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from checker.domain.models import Indicator

ACCEPT = 0.72
CERTAIN = 0.95
MIN_CONTAINED = 4  # characters: a shorter catalogue form inside a phrase is no evidence (三级医院 is 4)
_UNIT_BRACKET = re.compile(
    r"[（(]\s*(?:%|‰|/10万|岁|人|个|张|元|万元|亿元|分钟|名|家|所|次|人次|U|辆|台|项|种)\s*[)）]"
)
_DROP = re.compile(r"[\s“”\"'‘’「」『』·•]|的|常住")
_LEADING = re.compile(r"^(?:其中[:：]?|全区|全市|全县|我区|我县|区级|其中|按照|创建|建成|打造|设立|建设)+")
# Wordings that mean the same: 二级及以上 is 二级以上, 每千人口 is 每千人, 拥有 adds nothing
_SAME = (
    (re.compile(r"及以上"), "以上"),
    (re.compile(r"(每(?:千|万|10万|百))(?:名)?人口"), r"\1人"),
    (re.compile(r"拥有|配备"), ""),
)


def normal(name: str) -> str:
    """The form names are compared in."""
    text = unicodedata.normalize("NFKC", name)
    text = _UNIT_BRACKET.sub("", text)
    text = _DROP.sub("", text)
    text = _LEADING.sub("", text)
    for pattern, same in _SAME:
        text = pattern.sub(same, text)
    text = re.sub(r"[(（][%‰][)）]|[%‰]$", "", text)
    return text.replace("(", "（").replace(")", "）").lower()


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


@dataclass(frozen=True)
class Match:
    """The catalogue entry a printed name was matched to (None: unknown), how sure, and by which form."""

    indicator: Indicator | None
    confidence: float
    how: str  # id, name, alias, contained, similar, none
    form: str = ""

    @property
    def certain(self) -> bool:
        return self.indicator is not None and self.confidence >= CERTAIN

    @property
    def accepted(self) -> bool:
        return self.indicator is not None and self.confidence >= ACCEPT


NO_MATCH = Match(None, 0.0, "none")


class Matcher:
    """The catalogue's names and aliases, indexed by their character pairs."""

    def __init__(self, indicators: Iterable[Indicator]) -> None:
        self.indicators = {ind.id: ind for ind in indicators}
        self.forms: list[tuple[str, Indicator, str]] = []  # (normal form, indicator, name or alias)
        self.exact: dict[str, list[tuple[Indicator, str]]] = defaultdict(list)
        self.index: dict[str, list[int]] = defaultdict(list)
        for ind in self.indicators.values():
            for form, how in [(ind.name, "name"), *((a, "alias") for a in ind.aliases)]:
                key = normal(form)
                if not key:
                    continue
                self.exact[key].append((ind, how))
                position = len(self.forms)
                self.forms.append((key, ind, how))
                for pair in _pairs(key):
                    self.index[pair].append(position)

    def match(self, printed: str) -> Match:
        """The best catalogue entry for a printed name or phrase."""
        found = self.candidates(printed, 1)
        return found[0] if found else NO_MATCH

    def candidates(self, printed: str, limit: int = 5) -> list[Match]:
        """The catalogue entries most like a printed name, best first (one per indicator)."""
        if printed in self.indicators:
            return [Match(self.indicators[printed], 1.0, "id", printed)]
        key = normal(printed)
        if not key:
            return []
        if key in self.exact:
            return [Match(ind, 1.0, how, key) for ind, how in self.exact[key]][:limit]
        pairs = _pairs(key)
        shared: dict[int, int] = defaultdict(int)
        for pair in pairs:
            for position in self.index.get(pair, ()):
                shared[position] += 1
        best: dict[str, Match] = {}
        for position, count in shared.items():
            form, ind, _ = self.forms[position]
            score = round(self._score(key, pairs, form, count), 3)
            held = best.get(ind.id)
            if held is None or score > held.confidence or (score == held.confidence and len(form) > len(held.form)):
                how = "contained" if len(form) >= MIN_CONTAINED and (form in key or key in form) else "similar"
                best[ind.id] = Match(ind, score, how, form)
        ranked = sorted(
            best.values(), key=lambda m: (-m.confidence, -len(m.form), m.indicator.id if m.indicator else "")
        )
        return ranked[:limit]

    @staticmethod
    def _score(key: str, pairs: set[str], form: str, count: int) -> float:
        dice = 2 * count / (len(pairs) + len(_pairs(form)))
        if len(form) >= MIN_CONTAINED and form in key:
            # the phrase says more than the name: sure in proportion to how much of it the name covers
            return max(dice, 0.8 + 0.19 * len(form) / len(key))
        if len(key) >= MIN_CONTAINED and key in form:
            return max(dice, 0.6 + 0.3 * len(key) / len(form))
        return dice
