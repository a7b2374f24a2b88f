"""The figures of a document: a table cell (``≤10``, ``79.3``, ``同比例提高``, ``1—3``) and the target phrases of a
sentence (``区域内就诊率达90%以上``, ``控制在46/10万以下``, ``创建3所三级医院``), read as docs/plan-format.md says.

Operators, as the plan format has them: 以上, 不低于, 不少于, 至少, 达到, 提高到,
提升至, ≥ → ``>=``; 以下, 低于 → ``<`` (strict as written); 以内, 不超过, 不高于, ≤ → ``<=``; 超过, 高于 → ``>``;
降低到, 降至 → ``<=``. A bare figure (``79.3``, ``达30%``, ``控制在22%``) has no operator: the draft infers it from
the indicator's direction and says so. 左右 (about) keeps the figure and asks for review. Everything here works on
squeezed text (no white space).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

NUMBER = r"\d+(?:\.\d+)?"
# Units after a figure, longest first; 个百分点 is a change in percentage points.
UNITS = (
    "个百分点",
    "/10万",
    "万人次",
    "人次",
    "万名",
    "万人",
    "万元",
    "亿元",
    "万U",
    "平方米",
    "分钟",
    "%",
    "‰",
    "岁",
    "个",
    "家",
    "所",
    "名",
    "人",
    "张",
    "台",
    "项",
    "种",
    "辆",
    "次",
    "天",
    "U",
    "元",
    "万",
)
COUNT_UNITS = ("万人次", "人次", "万名", "个", "家", "所", "名", "人", "张", "台", "项", "种", "辆", "次")
RATE_UNITS = ("%", "‰", "/10万")
MISSING = {"", "—", "——", "-", "--", "―", "/", "无", "—-", "–", "…"}
GE, GT, LE, LT = ">=", ">", "<=", "<"

_UNIT = "|".join(re.escape(u) for u in UNITS)
# Cues before a figure: (words, operator or None for a bare figure, whether the figure goes down)
CUES: tuple[tuple[str, str | None], ...] = (
    (
        "不低于|不少于|不小于|至少有|至少|大于等于|达到|提高到|提高至|提升到|提升至|增加到|增加至|增长到|增长至|增至|上升到|上升至|≥|≧|>=",
        GE,
    ),
    ("不超过|不高于|不大于|小于等于|≤|≦|<=", LE),
    ("降低到|降低至|降到|降至|下降到|下降至|减少到|减少至|压缩到|压缩至", LE),
    ("超过|高于|大于|>", GT),
    ("低于|小于|<", LT),
    ("达|为|控制在|保持在|保持|稳定在|维持在|均达|均保持|各", None),
)
_CUE = "|".join(words for words, _ in CUES)
CUE_OP = {word: op for words, op in CUES for word in words.split("|")}
SUFFIX_OP = {"及以上": GE, "以上": GE, "以下": LT, "以内": LE, "及以下": LE}
FIGURE = re.compile(
    rf"(?P<cue>{_CUE})?(?P<per>每(?:10万|千|万|百)(?:常住)?人口?)?(?P<ratio>1[:：])?(?P<num>{NUMBER})"
    rf"(?:(?P<range>[-—–~～至到])(?P<high>{NUMBER}))?(?P<unit>{_UNIT})?(?P<suffix>及以上|以上|及以下|以下|以内|左右)?"
)
# Phrases that are targets without a figure, in a table cell
PROPORTIONAL = re.compile(r"同比例(?:提高|提升|增长)")
REFERENCE_TARGET = re.compile(r"(?:达到|完成|执行|符合)?(?:市级|全市|上级|国家)(?:要求|下达|目标|标准)|市级下达")
REFERENCE_VALUE = re.compile(r"(?:高于|优于|超过)(?:全市|全国|市)平均(?:水平|值)?")
MAINTAIN_UP = re.compile(r"(?:持续|逐步|稳步|不断|进一步)(?:提高|提升|上升|增加|增长|改善)|稳中有升|有所提高")
MAINTAIN_DOWN = re.compile(r"(?:持续|逐步|稳步|不断|进一步)(?:下降|降低|减少)|稳中有降")
MAINTAIN_HOLD = re.compile(r"保持稳定|不降低|不下降|保持现有水平|稳定在现有水平")
CHANGE = re.compile(rf"(?:提高|增加|提升)(?P<num>{NUMBER})(?P<unit>{_UNIT})?(?P<approx>左右)?$")


@dataclass(frozen=True)
class Figure:
    """What a cell or a phrase sets. ``kind``: threshold, range, change, proportional, reference, maintain,
    missing (a blank or —), or unread (text the draft cannot read: review it)."""

    kind: str
    printed: str
    op: str | None = None  # None on a threshold: a bare figure, whose operator the direction gives
    value: str | None = None  # the figure as printed (decimal text)
    high: str | None = None  # a range's upper end (value is its lower end)
    unit: str | None = None
    approx: bool = False  # 左右
    use: str = "target"  # a reference's: the higher level's target, or its reported value
    per: str | None = None  # 每万人 before the figure (每万人0.35辆)
    reviews: tuple[str, ...] = ()

    @property
    def number(self) -> str | None:
        return self.value


def parse_cell(text: str) -> Figure:
    """A table's target or baseline cell."""
    cell = text.strip()
    if cell in MISSING or re.fullmatch(r"[—\-–―]+", cell):
        return Figure("missing", cell)
    if PROPORTIONAL.search(cell):
        return Figure("proportional", cell)
    if REFERENCE_VALUE.search(cell):
        return Figure("reference", cell, op=GT, use="value")
    if REFERENCE_TARGET.search(cell):
        return Figure("reference", cell, op=GE, use="target")
    change = CHANGE.search(cell)
    if change:
        reviews = ("左右 (about): the change is kept as a floor",) if change.group("approx") else ()
        return Figure("change", cell, GE, change.group("num"), unit=change.group("unit"), reviews=reviews)
    figure = FIGURE.fullmatch(cell) or FIGURE.fullmatch(_strip_cell(cell))
    if figure:
        return _figure(figure, cell)
    if MAINTAIN_HOLD.search(cell):
        return Figure("maintain", cell, op=GE)
    if MAINTAIN_UP.search(cell):
        return Figure("maintain", cell, op=GT)
    if MAINTAIN_DOWN.search(cell):
        return Figure("maintain", cell, op=LT)
    return Figure("unread", cell, reviews=(f"the cell {cell!r} is not a figure the draft can read",))


def _strip_cell(cell: str) -> str:
    """A cell with a note in brackets after the figure (``≥90（含）``): the figure alone."""
    return re.sub(r"[（(][^）)]*[）)]$", "", cell)


def _figure(match: re.Match[str], printed: str) -> Figure:
    cue, suffix, unit = match.group("cue"), match.group("suffix"), match.group("unit")
    value, high = match.group("num"), match.group("high")
    reviews: list[str] = []
    if high is not None and not _year_span(value, high):
        if cue and CUE_OP.get(cue) is not None:
            reviews.append(f"a range after {cue}: read as {value}–{high}")
        return Figure(
            "range", printed, value=value, high=high, unit=unit, per=match.group("per"), reviews=tuple(reviews)
        )
    op = SUFFIX_OP.get(suffix or "") or (CUE_OP.get(cue) if cue else None)
    approx = suffix == "左右"
    if approx:
        reviews.append(
            "左右 (about): the figure is kept as a floor or ceiling; a value a little short may be on target"
        )
    return Figure(
        "threshold", printed, op, value, unit=unit, approx=approx, per=match.group("per"), reviews=tuple(reviews)
    )


def _year_span(low: str, high: str) -> bool:
    return len(low) == 4 == len(high) and low.startswith(("19", "20")) and high.startswith(("19", "20"))


# --- running text --------------------------------------------------------------------------------------------------

CLAUSE_BREAK = re.compile(r"[，,；;。！？!?：:]")
# What opens a clause without naming the indicator
FILLERS = re.compile(
    r"^(?:到20\d\d年(?:底|末)?|20\d\d年(?:底|末)?|力争|争取|确保|全区|全市|全县|我区|我县|同时|并且|并|其中[：:]?|以及|使|"
    r"逐步|进一步|基本|努力|持续|不断|切实|每年|年均|实现|推动|推进|做到|保证|有效)+"
)
# Verbs before a count whose object follows (创建3所三级医院, 为2000名…接种, 新增管家服务团队1个 has the object first)
COUNT_VERBS = re.compile(
    r"(?:创建|建成|建设|新建|新增|打造|设立|成立|引进|招聘|完成|培育|配备|申报|确定|升级|新创|布局|采购布局|获批|开设|"
    r"遴选|培养|建立|增加|争创|创成|规划建设|规划|招录|组建|建|为|有|等)$"
)
PAST = re.compile(
    r"截至|截止|以来|十三五.?期间|五年来|近年来|已经|已建成|已创建|已完成|累计|取得了|实现了|达到了|提高了|下降了|"
    r"上升到了|由.{0,12}(?:提高|上升|增加|下降|降低)到|2035"
)
PAST_YEAR = re.compile(r"(20\d\d)年(?:底|末)?(?:全区|全市|全国|我区|[，,])|[较比](20\d\d)年")
STRIVE = re.compile(r"力争|争取|争创|努力")
DATE_AFTER = re.compile(r"^(?:年|月|日|号|周岁以上|周岁|多年)")
YEAR = re.compile(r"(?:到|至|在|于)(20\d\d)年|(20\d\d)年(?:底|末|前|内)|^(20\d\d)年[，,]")


@dataclass(frozen=True)
class Phrase:
    """A target phrase in a sentence: the figure, the words naming what it measures, and where it stands."""

    figure: Figure
    subject: str  # the words before (or around) the figure that name the indicator
    subjects: tuple[tuple[str, ...], ...]  # the indicators the subject lists (at 、), each as candidate names
    printed: str  # the phrase as printed: subject, cue and figure
    start: int  # offset of the figure in the squeezed sentence
    strive: bool  # 力争 in the clause: nature expected
    each: bool = False  # 均/各: the figure applies to each listed subject
    reviews: tuple[str, ...] = field(default=())


def sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of a stretch of text with their offsets: split after 。；！？ and at paragraph breaks."""
    found: list[tuple[int, str]] = []
    start = 0
    for match in re.finditer(r"[。；！？!?]|\n", text):
        end = match.end()
        piece = text[start:end]
        if piece.strip():
            found.append((start, piece))
        start = end
    if text[start:].strip():
        found.append((start, text[start:]))
    return found


def target_phrases(sentence: str) -> list[Phrase]:
    """The target phrases of a squeezed sentence, in order. A bracket that opens with 其中 holds targets of its own
    (…55人以上（其中医学博士5人以上，…）): read as clauses."""
    sentence = re.sub(r"[（(](其中[^）)]*)[）)]", lambda m: "，" + m.group(1) + "，", sentence)
    phrases: list[Phrase] = []
    clause_start = 0
    matches = [m for m in FIGURE.finditer(sentence) if _is_figure(sentence, m)]
    previous_end = 0
    for index, match in enumerate(matches):
        breaks = [b.end() for b in CLAUSE_BREAK.finditer(sentence, 0, match.start())]
        clause_start = max(breaks[-1] if breaks else 0, 0)
        begin = max(clause_start, previous_end)
        following = matches[index + 1] if index + 1 < len(matches) else None
        end = match.end()
        if following is not None and _qualifies_next(sentence, end, following):
            continue  # 100种以上中药饮片占比达40%: the first figure is part of the next one's subject
        suffix = _suffix_after(sentence, end)
        found = None if suffix else _object_after(sentence, end, following)
        after, stop = found if found else (None, end)
        phrase = _phrase(sentence, match, begin, clause_start, after, suffix, stop)
        if phrase is not None:
            phrases.append(phrase)
            previous_end = stop
    return phrases


def _is_figure(sentence: str, match: re.Match[str]) -> bool:
    """Not a year, a date, a document number, a figure in brackets or a part of a name (5岁以下儿童 is read with
    what follows)."""
    end = match.end()
    opened = sentence[: match.start()]
    inside = opened.count("（") + opened.count("(") > opened.count("）") + opened.count(")")
    if inside and not (match.group("cue") or match.group("suffix")):
        return False  # （1U=200ml）
    rest = sentence[end:]
    number = match.group("num")
    if match.group("unit") is None and match.group("high") is None and DATE_AFTER.match(rest):
        return False
    if len(number) == 4 and number.startswith(("19", "20")) and match.group("unit") is None:
        return False
    before = sentence[max(0, match.start() - 1) : match.start()]
    if before in ("〔", "[", "第", "“", "《") and not match.group("cue"):
        return False
    return not (re.match(r"[A-Za-z+]", rest[:1]) or re.search(r"[A-Za-z]$", before))  # 5G, 3+2, AI1


def _suffix_after(sentence: str, end: int) -> str | None:
    """以上 after a note in brackets (1.4万U（1U=200ml）以上): the figure's suffix."""
    match = re.match(r"[（(][^）)]*[）)](及以上|以上|及以下|以下|以内|左右)", sentence[end:])
    return match.group(1) if match else None


def _object_after(sentence: str, end: int, following: re.Match[str] | None) -> tuple[str, int] | None:
    """The words after a figure up to the clause's end or the next item of a list (、), when the figure does not end
    the clause (创建3所三级医院); words in brackets are left out (（静观镇中心卫生院）)."""
    limit = len(sentence) if following is None else following.start()
    depth = 0
    words: list[str] = []
    stop = limit
    for index in range(end, limit):
        char = sentence[index]
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
        elif depth == 0:
            if CLAUSE_BREAK.match(char) or (char == "、" and following is not None):
                stop = index  # 、 before another figure: the next item of a list of targets
                break
            words.append(char)
    text = "".join(words)
    if not text or re.fullmatch(r"[”\"’]*", text):
        return None
    return text, stop


def _qualifies_next(sentence: str, end: int, following: re.Match[str]) -> bool:
    """Whether the words between two figures make the first one a qualifier of the second's subject: no clause
    break or list between them, and the second has a cue."""
    between = sentence[end : following.start()]
    return bool(following.group("cue")) and not re.search(r"[，,；;。、]", between)


def _phrase(
    sentence: str,
    match: re.Match[str],
    begin: int,
    clause_start: int,
    after: str | None,
    suffix: str | None,
    stop: int,
) -> Phrase | None:
    cue = match.group("cue") or ""
    before = sentence[begin : match.start()]
    figure = _figure(match, match.group(0))
    if suffix and figure.kind == "threshold":
        figure = replace(figure, op=SUFFIX_OP.get(suffix, figure.op), approx=suffix == "左右")
    unit = match.group("unit")
    reviews: list[str] = list(figure.reviews)
    clause = sentence[begin:stop]
    if after is not None:
        # A count whose object follows the figure: 创建3所三级医院, 为2000名初二年级在校女学生接种HPV疫苗
        verb = COUNT_VERBS.search(before + cue)
        if figure.kind == "threshold" and unit in RATE_UNITS and not before.strip("的"):
            subject = after.lstrip("的")  # 10%以上的社区卫生服务站和村卫生室建成“中医阁”
        elif unit in COUNT_UNITS and (verb or cue in ("至少", "不少于", "不低于")):
            subject = FILLERS.sub("", before) + after
        else:
            return None
    else:
        subject = FILLERS.sub("", before)
        if not cue and unit is None and figure.kind == "threshold":
            return None  # a bare number at a clause's end: no unit, no cue, not a target
    subject = subject.strip("，,、的")
    subject = re.sub(r"(?:均|各|分别|将|要|应|都)$|的?(?:标准|要求)$", "", subject)
    if len(subject) < 2:
        return None
    each = bool(re.search(r"均|各", cue)) or bool(re.search(r"(?:均|各|分别)$", before))
    if match.group("ratio"):
        reviews.append("a ratio 1:N is read as N")
    printed = sentence[max(begin, match.start() - len(before)) : match.end()] if after is None else clause
    strive = bool(STRIVE.search(sentence[clause_start : match.start()]))
    subjects = split_subjects(subject)
    return Phrase(figure, subject, subjects, _printed(printed), match.start(), strive, each, tuple(reviews))


def _printed(text: str) -> str:
    return FILLERS.sub("", text.strip("，,、；;。")) or text


def split_subjects(subject: str) -> tuple[tuple[str, ...], ...]:
    """The indicators a subject lists, each as the names it may stand for, likeliest first. ``信息报告完整率、及时率``:
    the short part borrows the head of the longest (信息报告及时率); ``高血压、糖尿病患者基层规范化管理率``: the
    short part borrows the tail of the longest (高血压患者基层规范化管理率). Which borrowing is right is left to the
    catalogue (checker.inputs.drafting.plan tries each). One part when the subject lists nothing."""
    parts = [p for p in re.split(r"、|(?<=率)[和及与](?=.{2,}率$)", subject) if p]
    if len(parts) < 2:
        return ((subject,),)
    longest = max(parts, key=len)
    index = parts.index(longest)
    result: list[tuple[str, ...]] = []
    for n, part in enumerate(parts):
        if part == longest:
            result.append((part,))
        elif n < index:
            result.append((*(part + longest[k:] for k in range(1, len(longest))), part))
        else:
            result.append((*(longest[:k] + part for k in range(len(longest) - 1, 0, -1)), part))
    return tuple(result)


def year_of(sentence: str) -> int | None:
    """The year a sentence sets its targets for (到2025年), if it names one."""
    text = re.sub(r"《[^》]*》", "", sentence)
    years = [int(next(g for g in groups if g)) for groups in YEAR.findall(text)]
    return max(years) if years else None


def is_past(sentence: str, first_year: int) -> bool:
    """Whether a sentence reports what was done (截至2020年底, 五年来, 已建成, 2020年全区…): not a target of a plan
    whose period starts in ``first_year``."""
    if PAST.search(sentence):
        return True
    return any(int(a or b) < first_year for a, b in PAST_YEAR.findall(sentence))
