"""Confidential passages inside open items: `[fortroligt] … [/fortroligt]`.

A clerk marks a passage of an open item's text that may not be published. The source layer keeps
it (so errors can point at it); the public layer holds only the notice "[udeladt]" in its place, so
the passage never reaches a template, the search index, an excerpt or a date reference.

Markers are looked for in the normalised text (see `generator.content.normalise`), so a marker written with
a zero-width space, a non-breaking space, a fullwidth bracket or a Cyrillic о still is a marker, and
its passage is removed. Anything that looks like a marker but is not one is an error: a word in
brackets or parentheses (`[…]`, `(…)`, `{…}`, `<…>`) within a small edit distance of "fortroligt"
(`[fortoligt]`, `[/fortrolgt]`, `(fortroligt)`, the same typo in both markers), a bracket touching a
form of the word (`[fortroligt` , `fortroligt}`), and a passage that is not closed within its section.
A mistyped marker must stop the build, never publish the text it was meant to hide. The word
"fortroligt" in running prose stays allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.content.flatview import flatten
from generator.content.normalise import Normalised, in_spans, normalise

OMITTED_NOTICE = "[udeladt]"
OPEN_MARKER = "[fortroligt]"
CLOSE_MARKER = "[/fortroligt]"
WORD = "fortroligt"
MAX_DISTANCE = 2  # "fortrolig", "fortoligt", "frotroligt" and "fortrolgit" are near misses
_WORD_LETTERS = frozenset(WORD)

# Possessive quantifiers: a run of spaces is never given back, so no start costs more than its run.
MARKER = re.compile(r"\[[ \t]*+(/?)[ \t]*+fortroligt[ \t]*+\]", re.IGNORECASE)
# A bracket-like character touching a form of the word, on either side: the shapes of a near miss.
NEAR_MISS = re.compile(r"[\[{<][ \t]*+/?[ \t]*+fortrolig|fortrolig\w*+[ \t]*+/?[ \t]*+[\]}>]", re.IGNORECASE)
# A short text between brackets of any kind; bounded, and stopping at the next bracket, so linear.
BRACKETED = re.compile(r"[\[({<]([^\[\](){}<>\n]{1,30})[\])}>]")
# A word right after an opening or right before a closing bracket: a half-written marker.
OPENED_WORD = re.compile(r"[\[{<][ \t]{0,3}/?[ \t]{0,3}([^\W\d_]{6,14})(?![^\W\d_])")
CLOSING_BRACKET = re.compile(r"[\]}>]")
WORD_BEFORE = re.compile(r"(?<![^\W\d_])([^\W\d_]{6,14})[ \t]{0,3}\Z")  # searched in the 17 characters before one


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
NEAR_MISS_MESSAGE = (f"this looks like a confidential-passage marker but is not written {OPEN_MARKER} or "
                     f"{CLOSE_MARKER}")
HIDDEN_MESSAGE = ("this shows on the page like a confidential-passage marker, but formatting, an HTML tag or "
                  "comment, a character reference ('&…;') or a line break inside it means it is not one")
HIDDEN_HINT = f"write {OPEN_MARKER} and {CLOSE_MARKER} as plain text on one line, exactly like that, with no formatting"


def edit_distance(word: str, target: str, limit: int) -> int:
    """Return the Damerau-Levenshtein distance of two short words, or limit + 1 if it is larger.

    Letters missing, added or changed, and neighbours swapped, also after other edits ("rftroligt" is
    two edits from "fortroligt"): the algorithm of Lowrance and Wagner.
    """
    if abs(len(word) - len(target)) > limit:
        return limit + 1
    far = len(word) + len(target)
    # rows[i + 1][j + 1] is the distance of word[:i] and target[:j]; row and column 0 are "infinitely" far.
    rows = [[far] * (len(target) + 2)] + [[far, i] + [0] * len(target) for i in range(len(word) + 1)]
    rows[1][1:] = range(len(target) + 1)
    last_row: dict[str, int] = {}
    for i in range(1, len(word) + 1):
        last_column = 0
        for j in range(1, len(target) + 1):
            row_before, column_before = last_row.get(target[j - 1], 0), last_column
            same = word[i - 1] == target[j - 1]
            if same:
                last_column = j
            rows[i + 1][j + 1] = min(rows[i][j] + (not same), rows[i + 1][j] + 1, rows[i][j + 1] + 1,
                                     rows[row_before][column_before] + (i - row_before - 1) + 1
                                     + (j - column_before - 1))
        last_row[word[i - 1]] = i
        # No later row can come back under the limit: each costs at least one more than this one.
        if min(rows[i + 1][1:]) > limit:
            return limit + 1
    return min(rows[-1][-1], limit + 1)


def is_near_word(text: str) -> bool:
    """Tell whether a text, without spaces, slashes and hyphens, is within the edit distance of the word."""
    letters = "".join(text.split()).replace("/", "").replace("-", "").casefold()
    if not len(WORD) - MAX_DISTANCE <= len(letters) <= len(WORD) + MAX_DISTANCE:
        return False
    return _near_letters(letters)


@lru_cache(maxsize=1024)
def _near_letters(letters: str) -> bool:
    # Each edit brings in at most one letter the word does not have: a cheap test before the distance.
    if sum(char not in _WORD_LETTERS for char in letters) > MAX_DISTANCE:
        return False
    return edit_distance(letters, WORD, MAX_DISTANCE) <= MAX_DISTANCE


def _near_misses(text: str, covered: list[tuple[int, int]]) -> list[int]:
    """Return the normalised offsets of every near miss that is not part of a marker."""
    # Patterns that start with a bracket are fast to search for; the others only run where they can match.
    found = [m.span() for m in NEAR_MISS.finditer(text)] if "fortrolig" in text.lower() else []
    found += [m.span() for m in BRACKETED.finditer(text) if is_near_word(m.group(1))]
    found += [m.span() for m in OPENED_WORD.finditer(text) if is_near_word(m.group(1))]
    for bracket in CLOSING_BRACKET.finditer(text):
        word = WORD_BEFORE.search(text, max(0, bracket.start() - 17), bracket.start())
        if word and is_near_word(word.group(1)):
            found.append((word.start(1), bracket.end()))
    # One mistake is found by several patterns: report it once, where the first of them starts.
    offsets: list[int] = []
    end = -1
    for start, stop in sorted(found):
        if start >= end and not in_spans(start, covered):
            offsets.append(start)
        end = max(end, stop)
    return offsets


# Screening, blanking and redaction each ask about the same texts; the answer is immutable.
@lru_cache(maxsize=65536)
def find_passages(text: str) -> tuple[tuple[Passage, ...], tuple[MarkerProblem, ...]]:
    """Return the passages of a text and every marker problem in it, at offsets of the original text."""
    norm = normalise(text)
    passages: list[Passage] = []
    problems: list[MarkerProblem] = []
    markers = list(MARKER.finditer(norm.text))
    covered = [(m.start(), m.end()) for m in markers]
    for offset in _near_misses(norm.text, covered):
        problems.append(MarkerProblem(norm.origin(offset), NEAR_MISS_MESSAGE, HOW_TO))
    known = {norm.origin(m.start()) for m in markers} | {problem.offset for problem in problems}
    problems.extend(MarkerProblem(offset, HIDDEN_MESSAGE, HIDDEN_HINT) for offset in _hidden_markers(text, known))
    opened: re.Match[str] | None = None
    for marker in markers:
        closing = bool(marker.group(1))
        if not closing and opened is None:
            opened = marker
        elif not closing:
            problems.append(MarkerProblem(norm.origin(marker.start()), f"a second {OPEN_MARKER} before the passage "
                                          "opened earlier is closed", f"add {CLOSE_MARKER} where the first passage "
                                          "ends"))
        elif opened is None:
            problems.append(MarkerProblem(norm.origin(marker.start()), f"{CLOSE_MARKER} without an {OPEN_MARKER} "
                                          "before it", f"add {OPEN_MARKER} where the confidential text starts"))
        else:
            passages.append(_passage(norm, opened.start(), marker.end()))
            opened = None
    if opened is not None:
        problems.append(MarkerProblem(norm.origin(opened.start()), "the confidential passage opened here is not "
                                      "closed in the same section", f"add {CLOSE_MARKER} before the next '## ' or "
                                      "'# ' heading"))
    return tuple(passages), tuple(sorted(problems, key=lambda p: p.offset))


def _passage(norm: Normalised, start: int, end: int) -> Passage:
    original_start, original_end = norm.span(start, end)
    return Passage(original_start, original_end)


def has_marker(text: str) -> int | None:
    """Return the offset of the first marker or near miss in a text, or None."""
    norm = normalise(text)
    found = [norm.origin(m.start()) for m in (MARKER.search(norm.text),) if m]
    found += [norm.origin(offset) for offset in _near_misses(norm.text, [])] + _hidden_markers(text, set())
    return min(found) if found else None


def _hidden_markers(text: str, known: set[int]) -> list[int]:
    """Return the original offsets of markers and near misses that only inline markup makes look real."""
    flat = flatten(text)
    if flat.text == text:
        return []
    norm = normalise(flat.text)
    markers = list(MARKER.finditer(norm.text))
    found = [m.start() for m in markers] + _near_misses(norm.text, [(m.start(), m.end()) for m in markers])
    offsets = {flat.origin(norm.origin(offset)) for offset in found}
    return sorted(offsets - known)


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
    if not passages:
        return text
    parts: list[str] = []
    position = 0
    for passage in passages:
        hidden = text[passage.start:passage.end]
        parts.extend((text[position:passage.start], re.sub(r"[^\n]", " ", hidden)))
        position = passage.end
    parts.append(text[position:])
    return "".join(parts)
