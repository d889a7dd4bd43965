"""Strict YAML: every scalar is text with its line; anchors, aliases, tags and duplicate keys are errors.

The clerk's YAML is read from the parser's events rather than through PyYAML's constructors, so
that `no`, `on` and `9:00` stay the words the clerk wrote, every value keeps its line, and anything
that could copy a value from one place to another (anchors, aliases, merge keys) is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import yaml

from generator.errors import ErrorCollector

try:  # the C parser keeps line marks and is several times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@dataclass(frozen=True)
class Scalar:
    """A YAML scalar: always text. `plain` is false when the clerk quoted it."""

    value: str
    line: int
    column: int
    plain: bool

    @property
    def is_null(self) -> bool:
        """Whether the clerk left the value empty (or wrote `~` / `null`)."""
        return self.plain and self.value in ("", "~", "null", "Null", "NULL")


@dataclass(frozen=True)
class Sequence:
    """A YAML list."""

    items: tuple[Node, ...]
    line: int
    column: int


@dataclass(frozen=True)
class Mapping:
    """A YAML mapping with text keys, in the clerk's order."""

    items: tuple[tuple[Scalar, Node], ...]
    line: int
    column: int

    def get(self, key: str) -> Node | None:
        """Return the value under a key, or None."""
        for name, value in self.items:
            if name.value == key:
                return value
        return None

    def keys(self) -> tuple[Scalar, ...]:
        """Return the keys in order."""
        return tuple(name for name, _ in self.items)


Node = Scalar | Sequence | Mapping
Marker = Callable[[yaml.Event], tuple[int, int]]
MAX_DEPTH = 20  # lists and groups inside each other; the clerk's YAML needs 3
YAML_HINT = ("check the indentation and that a text containing ': ' or starting with a special "
             "character (such as - * & ! | > ' \" % @ `) is put in quotes")


class YamlProblem(Exception):
    """A YAML text that cannot be read; line is 1-based within the text given."""

    def __init__(self, line: int, column: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint


def parse_yaml(text: str, first_line: int = 1, quote: bool = True) -> Node | None:
    """Parse one YAML document into nodes; return None for an empty document.

    `first_line` is the line of the file on which the text starts, so that every line in nodes
    and messages is a line of the file. With `quote` false (YAML that may hold closed text), no
    message repeats anything written in the text: a key, a tag, or the parser's description.
    """
    loader = _Loader(text)
    offset = first_line - 1

    def mark(event: yaml.Event) -> tuple[int, int]:
        start = event.start_mark
        return (start.line + 1 + offset, start.column + 1) if start else (first_line, 0)

    try:
        return _compose_document(loader, mark, quote)
    except yaml.MarkedYAMLError as error:
        problem_mark = error.problem_mark or error.context_mark
        line = problem_mark.line + 1 + offset if problem_mark else first_line
        column = problem_mark.column + 1 if problem_mark else 0
        problem = (error.problem or error.context or "invalid YAML").strip()
        lines = text.split("\n")
        if problem_mark and problem_mark.line < len(lines) and "\t" in lines[problem_mark.line]:
            # A tab is named, never the text around it, so this message is safe for closed items too.
            raise YamlProblem(line, lines[problem_mark.line].index("\t") + 1,
                              "the YAML cannot be read: there is a tab on this line",
                              "replace the tab with spaces: YAML allows only spaces for indentation") from None
        if not quote:  # the parser's words may repeat a character or a word of the text
            problem = "the lines are not well-formed (the details are not repeated, as the item may be closed)"
        raise YamlProblem(line, column, f"the YAML cannot be read: {problem}", YAML_HINT) from None
    except yaml.YAMLError as error:
        shown = f": {error}" if quote else ""
        raise YamlProblem(first_line, 0, f"the YAML cannot be read{shown}", "check the file's syntax") from None
    finally:
        loader.dispose()


def read_yaml(text: str, errors: ErrorCollector, first_line: int = 1, quote: bool = True) -> Node | None:
    """Parse YAML like `parse_yaml`, but record a problem in `errors` and return None instead of raising."""
    try:
        return parse_yaml(text, first_line, quote)
    except YamlProblem as problem:
        errors.add(problem.line, problem.message, problem.hint, problem.column)
        return None


def _compose_document(loader: _Loader, mark: Marker, quote: bool) -> Node | None:
    def stream() -> Iterator[yaml.Event]:
        while loader.check_event():
            event = loader.get_event()
            if event is not None:
                yield event

    events = stream()
    root: Node | None = None
    documents = 0
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                line, column = mark(event)
                raise YamlProblem(line, column, "only one YAML document is allowed here",
                                  "remove the extra '---' or '...' line")
            root = _compose_node(next(events), events, mark, quote, 0)
        elif isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
    return root


def _refuse_anchor_and_tag(event: yaml.NodeEvent, mark: Marker, quote: bool) -> None:
    line, column = mark(event)
    if isinstance(event, yaml.AliasEvent):
        raise YamlProblem(line, column, "YAML aliases ('*name') are not allowed",
                          "write the value out in full where it is needed")
    if event.anchor is not None:
        raise YamlProblem(line, column, "YAML anchors ('&name') are not allowed",
                          "remove the '&' and its name and write every value out in full")
    tag = getattr(event, "tag", None)
    implicit = getattr(event, "implicit", True)
    if tag is not None and tag != "!" and not (isinstance(implicit, tuple) and any(implicit)):
        raise YamlProblem(line, column, f"YAML tags ('{tag if quote else '!…'}') are not allowed",
                          "remove the tag that starts with '!'")


def _compose_node(event: yaml.Event, events: Iterator[yaml.Event], mark: Marker, quote: bool, depth: int) -> Node:
    _refuse_anchor_and_tag(event, mark, quote)  # type: ignore[arg-type]
    line, column = mark(event)
    if depth > MAX_DEPTH:  # checked before going deeper: a recursion limit must never be what stops it
        raise YamlProblem(line, column, f"the YAML is nested too deeply (more than {MAX_DEPTH} levels)",
                          "write the settings as plain 'key: value' lines and short lists")
    if isinstance(event, yaml.ScalarEvent):
        return Scalar(event.value, line, column, plain=not event.style)
    if isinstance(event, yaml.SequenceStartEvent):
        items: list[Node] = []
        for child in events:
            if isinstance(child, yaml.SequenceEndEvent):
                return Sequence(tuple(items), line, column)
            items.append(_compose_node(child, events, mark, quote, depth + 1))
    if isinstance(event, yaml.MappingStartEvent):
        pairs: list[tuple[Scalar, Node]] = []
        seen: dict[str, int] = {}
        for child in events:
            if isinstance(child, yaml.MappingEndEvent):
                return Mapping(tuple(pairs), line, column)
            key = _compose_node(child, events, mark, quote, depth + 1)
            if not isinstance(key, Scalar):
                raise YamlProblem(key.line, key.column, "a key must be a plain word",
                                  "write 'key: value' with a simple word as the key")
            if key.value == "<<" and key.plain:
                raise YamlProblem(key.line, key.column, "YAML merge keys ('<<') are not allowed",
                                  "write every field out in full")
            if key.value in seen:
                shown = f" '{key.value}'" if quote else ""
                raise YamlProblem(
                    key.line, key.column,
                    f"the key{shown} appears twice (first on line {seen[key.value]})",
                    "keep one of them and delete the other",
                )
            seen[key.value] = key.line
            pairs.append((key, _compose_node(next(events), events, mark, quote, depth + 1)))
    raise YamlProblem(line, column, "unexpected YAML structure", "check the file's syntax")
