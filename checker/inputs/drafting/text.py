"""Targets in running text: the target phrases of each sentence that sets a target (not one that reports what was
done: 截至2020年底, 五年来, 已建成), with the year it names (到2025年) and whether it strives (力争: expected).

Chapters that only look back (发展现状, 发展基础, 取得成就, 面临形势) are passed over, as is the 2035 outlook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.inputs.drafting.layout import Place, TextSpan, squeeze
from checker.inputs.drafting.phrases import (
    CLAUSE_BREAK,
    FILLERS,
    STRIVE,
    Figure,
    Phrase,
    is_past,
    sentences,
    target_phrases,
    year_of,
)

LOOKING_BACK = re.compile(r"现状|基础|成就|形势|回顾|存在的|问题|背景|总结")


@dataclass(frozen=True)
class Found:
    """A target phrase with its sentence, place and line."""

    phrase: Phrase
    sentence: str  # as printed (line breaks removed)
    place: Place
    line: int
    year: int | None


def text_targets(spans: list[TextSpan], first_year: int) -> list[Found]:
    """The target phrases of the running text, in document order."""
    found: list[Found] = []
    for span in spans:
        if (
            span.place.heading
            and LOOKING_BACK.search(span.place.heading)
            and not span.place.section.startswith(("专栏", "附件"))
        ):
            continue
        for offset, raw in sentences(span.text):
            sentence = raw.replace("\n", "").strip()
            squeezed = squeeze(sentence)
            if not squeezed or is_past(squeezed, first_year) or re.match(r"^注[:：]", squeezed):
                continue
            phrases = target_phrases(squeezed)
            phrases += [p for p in clause_phrases(squeezed) if not any(q.start == p.start for q in phrases)]
            if not phrases:
                continue
            year = year_of(squeezed)
            for phrase in phrases:
                line = span.line_at(offset + _offset_in(raw, phrase.start))
                found.append(Found(phrase, quote(sentence), span.place, line, year))
    return found


# An end state the text sets without a figure (建成…中心, 出台…政策, 实现…全覆盖): a deliverable, if the catalogue
# has it; a direction (持续提高…, …稳步上升): a change against the previous year.
END_STATE = re.compile(
    r"(?:成功)?(?:建成|建立完善|建立|设立|成立|出台|制定|创建|打造|实现|搭建|开设|设置|提档升级为|升级为|争创|确保|建设|编制)"
)
UP = re.compile(r"(?:持续|逐步|稳步|不断|进一步)(?:提高|提升|上升|增加|增长)")
DOWN = re.compile(r"(?:持续|逐步|稳步|不断)(?:下降|降低|减少)")
_FIGURE_IN = re.compile(r"\d")


def clause_phrases(sentence: str) -> list[Phrase]:
    """The clauses of a sentence that set an end state or a direction without a figure, as phrases whose figure is
    a deliverable (done) or a maintain (up, down); the subject is the clause and the words after the verb."""
    found: list[Phrase] = []
    start = 0
    for clause in CLAUSE_BREAK.split(sentence):
        offset = sentence.find(clause, start)
        start = offset + len(clause)
        if not clause or _FIGURE_IN.search(re.sub(r"《[^》]*》|“[^”]*”|（[^）]*）", "", clause)):
            continue
        strive = bool(STRIVE.search(clause))
        direction = UP.search(clause) or DOWN.search(clause)
        if direction:
            op = ">" if UP.match(direction.group(0)) else "<"
            before, after = clause[: direction.start()], clause[direction.end() :]
            subject = after if len(after) >= 3 else FILLERS.sub("", before)
            figure = Figure("maintain", direction.group(0), op=op)
            found.append(Phrase(figure, subject, ((subject,),), clause, offset, strive))
            continue
        verb = END_STATE.search(clause)
        if verb is None:
            continue
        obj = clause[verb.end() :]
        if len(obj) < 3:
            continue
        whole = FILLERS.sub("", clause)
        figure = Figure("deliverable", clause)
        found.append(Phrase(figure, obj, ((whole, verb.group(0) + obj, obj),), whole, offset, strive))
    return found


def quote(sentence: str) -> str:
    """A sentence as quoted: its line breaks and the spaces around them gone, its end punctuation kept."""
    text = re.sub(r"\s*\n\s*", "", sentence).strip()
    return re.sub(r"^\d{1,3}\s*[.．、](?!\d)\s*", "", text)


def _offset_in(raw: str, squeezed_offset: int) -> int:
    """The offset in ``raw`` of the character at ``squeezed_offset`` of its squeezed form."""
    seen = 0
    for i, char in enumerate(raw):
        if not char.isspace():
            if seen >= squeezed_offset:
                return i
            seen += 1
    return len(raw) - 1
