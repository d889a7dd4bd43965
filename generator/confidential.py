"""Confidential passages inside open items: `[fortroligt] … [/fortroligt]`.

A clerk marks a passage of an open item's text that may not be published. The source layer keeps
it (so errors can point at it); the public layer holds only the notice "[udeladt]" in its place, so
the passage never reaches a template, the search index, an excerpt or a date reference.

Anything that looks like a marker but is not one (`[fortrolig]`, `[fortroligt`, `<fortroligt>`,
`{/fortroligt}` …) is an error, and so is a passage that is not closed within its section: a
mistyped marker must stop the build, never publish the text it was meant to hide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OMITTED_NOTICE = "[udeladt]"
OPEN_MARKER = "[fortroligt]"
CLOSE_MARKER = "[/fortroligt]"

MARKER = re.compile(r"\[[ \t]*(/?)[ \t]*fortroligt[ \t]*\]", re.IGNORECASE)
# A bracket-like character touching a form of the word, on either side: the shapes of a near miss.
NEAR_MISS = re.compile(r"[\[{<][ \t]*/?[ \t]*fortrolig|fortrolig\w*[ \t]*/?[ \t]*[\]}>]", re.IGNORECASE)


@dataclass(frozen=True)
class MarkerProblem:
    """A marker mistake at an offset of the text; the message never quotes the text."""

    offset: int
    message: str
    hint: str


@dataclass(frozen=True)
class Passage:
    """A well-formed passage: from the start of its opening marker to the end of its closing one."""

    start: int
    end: int


HOW_TO = f"write {OPEN_MARKER} before and {CLOSE_MARKER} after the confidential text, exactly like that"


def find_passages(text: str) -> tuple[tuple[Passage, ...], tuple[MarkerProblem, ...]]:
    """Return the passages of a text and every marker problem in it."""
    passages: list[Passage] = []
    problems: list[MarkerProblem] = []
    markers = list(MARKER.finditer(text))
    covered = [(m.start(), m.end()) for m in markers]
    for near in NEAR_MISS.finditer(text):
        if not any(start <= near.start() < end or start < near.end() <= end for start, end in covered):
            problems.append(MarkerProblem(near.start(), "this looks like a confidential-passage marker but is not "
                                          f"written {OPEN_MARKER} or {CLOSE_MARKER}", HOW_TO))
    opened: re.Match[str] | None = None
    for marker in markers:
        closing = bool(marker.group(1))
        if not closing and opened is None:
            opened = marker
        elif not closing:
            problems.append(MarkerProblem(marker.start(), f"a second {OPEN_MARKER} before the passage opened "
                                          "earlier is closed", f"add {CLOSE_MARKER} where the first passage ends"))
        elif opened is None:
            problems.append(MarkerProblem(marker.start(), f"{CLOSE_MARKER} without an {OPEN_MARKER} before it",
                                          f"add {OPEN_MARKER} where the confidential text starts"))
        else:
            passages.append(Passage(opened.start(), marker.end()))
            opened = None
    if opened is not None:
        problems.append(MarkerProblem(opened.start(), "the confidential passage opened here is not closed in the "
                                      "same section", f"add {CLOSE_MARKER} before the next '## ' or '# ' heading"))
    return tuple(passages), tuple(sorted(problems, key=lambda p: p.offset))


def has_marker(text: str) -> int | None:
    """Return the offset of the first marker or near miss in a text, or None."""
    found = [m.start() for m in (MARKER.search(text), NEAR_MISS.search(text)) if m]
    return min(found) if found else None


def remove_passages(text: str) -> str:
    """Return the text with every passage replaced by the notice; refuse a text with marker problems."""
    passages, problems = find_passages(text)
    if problems:
        # Parsing reports these with file and line; reaching here would mean a check was skipped.
        raise ValueError("confidential-passage markers are malformed; the text cannot be published")
    if not passages:
        return text
    parts: list[str] = []
    position = 0
    for passage in passages:
        parts.extend((text[position:passage.start], OMITTED_NOTICE))
        position = passage.end
    parts.append(text[position:])
    return "".join(parts)


def blank_passages(text: str) -> str:
    """Return the text with every passage overwritten by spaces, keeping line breaks and columns."""
    passages, _ = find_passages(text)
    chars = list(text)
    for passage in passages:
        for index in range(passage.start, passage.end):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)
