"""The sentences the engine says about a result (why a target passed or failed, notes on a district or a row), in
Chinese and English.

A ``Message`` is a ``str`` (its English text, which the JSON, JUnit, SARIF and GitHub outputs and the terminal
table keep showing) that also carries a code and its parameters, so that the reports people read can say it in
their language: ``render(message, "zh")``. Parameters are figures already formatted, text as printed in the plans,
or other messages (a target's description inside a sentence), rendered in the same language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from string import Formatter

# code: {"en": ..., "zh": ...}; both languages have the same placeholders (tests/unit/test_messages_i18n.py checks)
TEMPLATES: dict[str, dict[str, str]] = {
    # a target in a few symbols (rules.describe)
    "goal.op": {"en": "{op} {value} by {year}", "zh": "{op} {value}（{year}年）"},
    "goal.range": {"en": "{low}–{high} by {year}", "zh": "{low}–{high}（{year}年）"},
    "goal.printed": {"en": "'{printed}' by {year}", "zh": "“{printed}”（{year}年）"},
    # every kind
    "missing_value": {"en": "no value reported for {year}; target {goal}", "zh": "{year}年未报告数值；目标 {goal}"},
    # thresholds and the 序时进度 trajectory
    "met": {"en": "{shown} meets the target {goal}", "zh": "{shown} 达到目标 {goal}"},
    "missed": {"en": "{shown} misses the target {goal}", "zh": "{shown} 未达到目标 {goal}"},
    "no_baseline": {
        "en": "{shown} does not yet meet the target {goal}; no baseline, so progress cannot be judged",
        "zh": "{shown} 尚未达到目标 {goal}；无基线，无法判断进度",
    },
    "bound_broken": {
        "en": "{shown} breaks the bound {op} {bound}, which the {baseline_year} baseline {baseline} already held",
        "zh": "{shown} 突破界限 {op} {bound}（{baseline_year}年基线 {baseline} 已在界限内）",
    },
    "on_track": {
        "en": "{shown} is on track: {year} milestone (序时进度) {op} {milestone}; target {goal}",
        "zh": "{shown} 符合序时进度：{year}年序时进度 {op} {milestone}；目标 {goal}",
    },
    "behind_schedule": {
        "en": "{shown} is behind schedule: {year} milestone (序时进度) {op} {milestone}; target {goal}",
        "zh": "{shown} 落后于序时进度：{year}年序时进度 {op} {milestone}；目标 {goal}",
    },
    # ranges
    "note.revised": {  # a mid-term revision (中期调整) in force for the year
        "en": "{indicator}: target revised from {before} to {after} by {source} on {date}",
        "zh": "{indicator}：目标由 {before} 调整为 {after}（{source}，{date}）",
    },
    "rounded.shown": {  # GB/T 8170 修约值比较法: the value as given, then as held against the target
        "en": "{value} (rounded to {rounded} under GB/T 8170)",
        "zh": "{value}（按GB/T 8170修约为 {rounded}）",
    },
    "range.met": {"en": "{value} is within {goal}", "zh": "{value} 在 {goal} 范围内"},
    "range.missed": {"en": "{value} is outside {goal}", "zh": "{value} 不在 {goal} 范围内"},
    "range.no_baseline": {
        "en": "{value} is outside {goal}; no baseline, so progress cannot be judged",
        "zh": "{value} 不在 {goal} 范围内；无基线，无法判断进度",
    },
    # change since the baseline
    "change.shown": {
        "en": "{value} (change {delta} {unit} since {year})",
        "zh": "{value}（较{year}年变化 {delta} {unit}）",
    },
    "change.no_baseline": {
        "en": "target {goal} is a change from a baseline the plan lacks",
        "zh": "目标 {goal} 是相对基线的变化，但规划没有基线",
    },
    "change.zero_baseline": {
        "en": "a relative change from a baseline of 0 is undefined ({goal})",
        "zh": "基线为 0，相对变化无从计算（{goal}）",
    },
    # year-on-year change
    "yoy.needs_previous": {"en": "target {goal} needs the {year} value", "zh": "目标 {goal} 需要{year}年的数值"},
    "yoy.result": {
        "en": "{value} is {delta} against {previous} in {year}; target {op} {target} a year",
        "zh": "{value} 较{year}年的 {previous} 变化 {delta}；目标为每年 {op} {target}",
    },
    # maintain
    "maintain.needs_previous": {
        "en": "target '{printed}' needs the {year} value",
        "zh": "目标“{printed}”需要{year}年的数值",
    },
    "maintain.no_baseline": {
        "en": "target '{printed}' compares with a baseline the plan lacks",
        "zh": "目标“{printed}”与基线比较，但规划没有基线",
    },
    "maintain.holds": {
        "en": "{value} holds '{printed}': {op} {reference} ({year})",
        "zh": "{value} 符合“{printed}”：{op} {reference}（{year}年）",
    },
    "maintain.breaks": {
        "en": "{value} breaks '{printed}': {op} {reference} ({year})",
        "zh": "{value} 不符合“{printed}”：{op} {reference}（{year}年）",
    },
    # references to a higher level
    "reference.target": {"en": "{plan}'s target for {indicator}", "zh": "{plan} 的 {indicator} 目标"},
    "reference.value": {"en": "{plan}'s reported value for {indicator}", "zh": "{plan} 的 {indicator} 报告值"},
    "reference.unresolved": {
        "en": "'{printed}' refers to {what} in {year}, which no rule set or data file gives",
        "zh": "“{printed}”引用{year}年{what}，但没有规则集或数据文件给出",
    },
    "reference.meets": {
        "en": "{value} meets '{printed}': {op} {figure} ({what})",
        "zh": "{value} 达到“{printed}”：{op} {figure}（{what}）",
    },
    "reference.misses": {
        "en": "{value} misses '{printed}': {op} {figure} ({what})",
        "zh": "{value} 未达到“{printed}”：{op} {figure}（{what}）",
    },
    # proportional growth
    "proportional.this_indicator": {"en": "this indicator", "zh": "本指标"},
    "proportional.no_baseline": {
        "en": "'{printed}' compares growth since the baseline, and {which} has none",
        "zh": "“{printed}”比较自基线以来的增长，但{which}没有基线",
    },
    "proportional.needs_value": {
        "en": "'{printed}' needs {of}'s {year} value",
        "zh": "“{printed}”需要 {of} 的{year}年数值",
    },
    "proportional.result": {
        "en": "{value}: growth ×{own} since {year} against ×{others} for {of} ('{printed}')",
        "zh": "{value}：自{year}年增长 ×{own}，{of} 增长 ×{others}（“{printed}”）",
    },
    # projects
    "milestone.reached": {"en": "status {status} reaches {goal}", "zh": "状态 {status}，达到 {goal}"},
    "milestone.short": {"en": "status {status} falls short of {goal}", "zh": "状态 {status}，未达到 {goal}"},
    "milestone.in_progress": {
        "en": "status {status}, on the way to {goal}",
        "zh": "状态 {status}，正在推进，目标 {goal}",
    },
    "milestone.not_yet_due": {
        "en": "status {status}; the project is planned from {start}, {goal}",
        "zh": "状态 {status}；项目计划自{start}年起实施，目标 {goal}",
    },
    "milestone.not_started": {"en": "status {status} in {year}; {goal}", "zh": "{year}年状态为 {status}；目标 {goal}"},
    # deliverables
    "deliverable.done": {"en": "'{printed}' is done", "zh": "“{printed}”已完成"},
    "deliverable.missed": {"en": "'{printed}' is not done by {year}", "zh": "“{printed}”到{year}年未完成"},
    "deliverable.not_yet": {
        "en": "'{printed}' is not done yet; due {year}",
        "zh": "“{printed}”尚未完成；期限为{year}年",
    },
    # the engine
    "floor": {"en": "{plan} floor: {message}", "zh": "{plan}底线：{message}"},
    # chance (--significance): a shortfall the value's confidence interval may explain (checker.engine.chance)
    "within_uncertainty": {
        "en": "{message}; but {figure} lies within the {level}% confidence interval {lower}–{upper} ({method}): the "
        "shortfall may be chance",
        "zh": "{message}；但 {figure} 在{level}%置信区间 {lower}–{upper}（{method}）内：差距可能出于偶然",
    },
    "method.exact_poisson": {"en": "exact Poisson", "zh": "精确泊松法"},
    "method.byar": {"en": "Byar", "zh": "Byar法"},
    "method.wilson": {"en": "Wilson score", "zh": "Wilson计分法"},
    "no_target.missing": {
        "en": "no value reported; no target applies in {year}",
        "zh": "未报告数值；{year}年无适用目标",
    },
    "no_target.reported": {"en": "reported; no target applies in {year}", "zh": "已报告数值；{year}年无适用目标"},
    "note.project_status": {"en": "status in the plan: {status}", "zh": "规划所载状态：{status}"},
    "note.out_of_period": {
        "en": "the plan covers {start}–{end}: its own targets do not apply to {year}; reported figures are shown for "
        "information and checked against higher-level floors",
        "zh": "规划期为{start}–{end}年：本规划的目标不适用于{year}年；报告数值仅供参考，并按上级底线检查",
    },
    # the run
    "note.no_data": {
        "en": "no reported values found for {year} (looked for {path}): every value is missing",
        "zh": "未找到{year}年的报告数值（查找位置：{path}）：所有数值均缺失",
    },
    "skipped.no_values_in_file": {
        "en": "{plan}: --data {path} holds no values for {year}",
        "zh": "{plan}：--data {path} 中没有{year}年的数值",
    },
    "note.no_targets": {
        "en": "{plan}'s plan sets no target the checker knows yet: nothing was judged",
        "zh": "{plan}的规划中尚无已编码的目标：未作任何判定",
    },
    "skipped.no_data": {
        "en": "{plan}: no reported values for {year} in {path}",
        "zh": "{plan}：{path} 中没有{year}年的报告数值",
    },
    "skipped.out_of_period": {
        "en": "{plan}: its plan covers {start}–{end}, and there is no data for {year}",
        "zh": "{plan}：其规划期为{start}–{end}年，且没有{year}年的数据",
    },
}


class Message(str):
    """An engine sentence: its English text, with the code and parameters to say it in another language."""

    code: str
    params: Mapping[str, str | int]

    def __new__(cls, code: str, **params: str | int) -> Message:
        self = super().__new__(cls, _format(code, params, "en"))
        self.code = code
        self.params = params
        return self

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, str | int]]:
        """Copies and pickles are rebuilt from code and parameters (str's own would pass the English text)."""
        return (self.code,), dict(self.params)


def _format(code: str, params: Mapping[str, str | int], lang: str) -> str:
    shown = {key: render(value, lang) if isinstance(value, str) else str(value) for key, value in params.items()}
    return TEMPLATES[code][lang].format(**shown)


_FIGURE = re.compile(r"^([-+≈]?[\d.,/]+) \S+$")


def plain_figure(text: str) -> str:
    """A message's figure without its unit, for a table whose column or heading gives the unit: "4.442 人/千人" →
    "4.442"; anything else (a sentence, a status) as it is."""
    return _FIGURE.sub(r"\1", text)


def render(text: str, lang: str) -> str:
    """A message in ``lang`` ("zh" or "en"); any other text (a note from a plan file) as it is."""
    if lang == "en" or not isinstance(text, Message):
        return str.__str__(text)  # a message's English is its text: formatted once, when it was made
    return _format(text.code, text.params, lang)


def placeholders(template: str) -> set[str]:
    """The {fields} of a template (for the tests that check both languages have the same)."""
    return {field for _, field, _, _ in Formatter().parse(template) if field}
