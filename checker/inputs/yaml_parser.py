"""The YAML parser behind checker.inputs.yamlio: PyYAML (libyaml where it is built in) composes, we build the values.

A module of its own so that PyYAML is imported only when a YAML file is parsed, not for a run whose plans and
data come from the cache (checker.inputs.cache).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from checker.domain.errors import InputError, Problem
from checker.inputs.yaml_document import MAX_DEPTH, WHOLE_LINE, LoadedYaml, Path_

# libyaml's parser when PyYAML was built with it (several times faster); the pure-Python one otherwise.
_BASE: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_NULL, _BOOL = "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"
# The first characters for which the safe resolver has an implicit tag (bool, int, float, null, timestamp, merge,
# value, yaml): a plain scalar that starts with any other is a string. Most of a plan's scalars are Chinese text.
_TYPED_FIRST = frozenset(k for k in yaml.SafeLoader.yaml_implicit_resolvers if k)
_NUMERIC_FIRST = frozenset("-+.0123456789")
_BOOLS = yaml.constructor.SafeConstructor.bool_values
# What the safe resolver's bool and null patterns match, word for word (a test holds them to the patterns).
_BOOL_WORDS = frozenset(
    f(w) for w in ("yes", "no", "true", "false", "on", "off") for f in (str.lower, str.title, str.upper)
)
_NULL_WORDS = frozenset(("~", "null", "Null", "NULL", ""))
# The commonest figures, in the safe resolver's own terms: a plain decimal integer, and digits with a decimal point.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_PLAIN_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*\Z")


class _Loader(_BASE):  # type: ignore[misc,valid-type]
    """The safe loader, with its tag resolution short-cut: a call to the safe resolver per scalar was a fifth of a
    plan's parse. Plain scalars that cannot be numbers, dates or merge keys are resolved here (bool and null by
    their words, the rest are strings); the others, and every node but a scalar, by the safe resolver."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR  # quoted: the safe resolver has no path resolvers, so its default scalar tag
            first = value[:1]
            if first not in _TYPED_FIRST:
                return _NULL if not value else _STR
            if first not in _NUMERIC_FIRST and first not in "<=!&*":
                return _BOOL if value in _BOOL_WORDS else _NULL if value in _NULL_WORDS else _STR
            if _PLAIN_INT.match(value):
                return _INT  # no float pattern matches without a '.', nor a date without a '-'
            if _PLAIN_FLOAT.match(value):
                return _FLOAT  # a case of the float pattern, which the resolver tries first
        return str(super().resolve(kind, value, implicit))

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers in the safe loader (asserted below): nothing to track."""

    def ascend_resolver(self) -> None:
        """See descend_resolver."""


assert not yaml.SafeLoader.yaml_path_resolvers, "the safe loader gained path resolvers: _Loader must track them"


def parse(text: str, path: str) -> LoadedYaml:
    """Parse one YAML document, keeping the position of every value; every problem raises one InputError."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise InputError([_syntax_problem(exc, path)]) from exc
    except yaml.YAMLError as exc:
        raise InputError.single(path, f"invalid YAML: {exc}") from exc
    loaded = LoadedYaml(path=path, data=None)
    if node is None:
        return loaded
    builder = _Builder(loaded)
    loaded.data = builder.build(node, (), 0)
    if builder.problems:
        raise InputError(builder.problems)
    return loaded


_UNCLOSED = {  # PyYAML's context for a construct left open, which it reports where it gave up (often lines later)
    "while parsing a flow sequence": ("the [ list that starts here is never closed", "add the closing ]"),
    "while parsing a flow mapping": ("the { mapping that starts here is never closed", "add the closing }"),
    "while scanning a quoted scalar": ("the quoted text that starts here is never closed", "add the closing quote"),
}
_HINTS = {
    "mapping values are not allowed": "quote a value that holds ': ', or indent this line as its neighbours are",
    "cannot start any token": "indent with spaces, not tabs, and quote a value that starts with @ or `",
    "tab character": "indent with spaces, not tabs",
    "could not find expected ':'": "write each entry as 'name: value', one per line",
    "did not find expected key": "indent this line as its neighbours are",
    "found duplicate anchor": "give each anchor one name",
}


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str) -> Problem:
    """A YAML syntax error where the mistake is: an unclosed [, { or quote at its opening (PyYAML stops at the
    next place it cannot read, often lines later), else where PyYAML stopped; with a hint for the common slips."""
    problem, context = exc.problem or "", exc.context or ""
    unclosed = _UNCLOSED.get(context)
    if unclosed is not None and exc.context_mark is not None:
        mark, (message, hint) = exc.context_mark, unclosed
        if exc.problem_mark is not None:
            message += f" (PyYAML stopped at line {exc.problem_mark.line + 1}: {problem})"
        return Problem(path, f"invalid YAML: {message}", mark.line + 1, mark.column + 1, hint)
    stopped = exc.problem_mark or exc.context_mark
    found = next((h for words, h in _HINTS.items() if words in problem), None)
    line, column = (stopped.line + 1, stopped.column + 1) if stopped is not None else (None, None)
    return Problem(path, f"invalid YAML: {problem or context}", line, column, found)


class _Builder:
    def __init__(self, loaded: LoadedYaml) -> None:
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def problem(self, node: yaml.Node, message: str, hint: str | None = None) -> None:
        m = node.start_mark
        self.problems.append(Problem(self.loaded.path, message, m.line + 1, m.column + 1, hint))

    def build(self, node: yaml.Node, loc: Path_, depth: int) -> Any:
        mark = node.start_mark
        self.loaded.positions[loc] = (mark.line + 1, mark.column + 1)
        if depth > MAX_DEPTH:
            self.problem(node, f"document is nested deeper than {MAX_DEPTH} levels")
            return None
        kind = type(node)
        if kind is yaml.ScalarNode:
            if "#" in node.value:
                self.cover(node)  # type: ignore[arg-type]
            return self.build_scalar(node)  # type: ignore[arg-type]
        if id(node) in self.seen:
            self.problem(
                node, "YAML anchors and aliases (&name, *name) are not allowed here", hint="write the value out in full"
            )
            return None
        self.seen.add(id(node))
        if kind is yaml.MappingNode:
            return self.build_mapping(node, loc, depth)  # type: ignore[arg-type]
        assert kind is yaml.SequenceNode
        return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]

    def cover(self, node: yaml.ScalarNode) -> None:
        """Note where a scalar that holds a '#' ends (LoadedYaml.scalar_ends): a scalar without one needs no note,
        since nothing it covers could be taken for a comment (a '#' in its text is a '#' in its value)."""
        start, end, ends = node.start_mark, node.end_mark, self.loaded.scalar_ends
        first = start.line
        if node.style in ("|", ">"):  # a block scalar starts on the next line
            first += 1
            ends[start.line] = max(ends.get(start.line, 0), start.column + 1)  # a comment may follow its | or >
        for line in range(first, end.line):  # a scalar over several lines: nothing in them is a comment
            ends[line] = WHOLE_LINE
        if ends.get(end.line, 0) < end.column:
            ends[end.line] = end.column

    def build_mapping(self, node: yaml.MappingNode, loc: Path_, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, "only plain keys are allowed (no merge keys or complex keys)")
                continue
            if "#" in key_node.value:
                self.cover(key_node)
            key = key_node.value if key_node.tag != "tag:yaml.org,2002:int" else self.build_scalar(key_node)
            if key in result:
                first = self.loaded.key_positions.get((*loc, key))
                where = f" (first given at line {first[0]})" if first else ""
                self.problem(
                    key_node,
                    f"duplicate key {key!r}{where}",
                    hint="give each key once; a repeated key would silently replace the first",
                )
                continue
            self.loaded.key_positions[(*loc, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result

    def build_scalar(self, node: yaml.ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        if tag == _INT and text.isascii() and text.isdigit() and (len(text) == 1 or text[0] != "0"):
            return int(text)  # a plain decimal (a leading 0 is octal in YAML 1.1: the constructor decides)
        if tag == _NULL:
            return None
        if tag == _BOOL and text.lower() in _BOOLS:
            return _BOOLS[text.lower()]
        if tag == _FLOAT:
            text = text.replace("_", "").lower()
            try:
                value = Decimal(text)
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite():
                self.problem(node, f"{node.value!r} is not a finite number")
                return None
            return value
        if tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay as written
        if tag in (
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:null",
            "tag:yaml.org,2002:str",
        ):
            try:
                return self.constructor.construct_object(node)
            except (ValueError, KeyError, yaml.YAMLError):  # an explicit tag on a value it cannot take: !!int abc
                self.problem(node, f"{node.value!r} is not a valid {tag.rsplit(':', 1)[-1]}", hint="drop the tag")
                return None
        self.problem(node, f"unsupported YAML tag {tag}")
        return None
