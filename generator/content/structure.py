"""Lines in published text that look like structure (an item heading, an item's settings) are errors.

Markdown decides what is an item (see `agenda.py`); a line that a clerk meant as structure but that
Markdown reads as text would publish what follows it as part of the item above, so such look-alikes
stop the build. The raw lines are checked, code blocks and HTML blocks included: an unclosed code
fence must never turn a later closed item into published code. Every scan here is a single pass
over a line, with bounded repetitions only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SETTING = re.compile(r"(status|topics|attachments)[ \t]*:[ \t]*(.{0,40})", re.IGNORECASE)
HASH_NUMBER = re.compile(r"(#{1,6})([ \t]*)([0-9]{1,9})[.)][ \t]*(.{0,60})")
BOLD_NUMBER = re.compile(r"(?:\*\*|__)[ \t]*([0-9]{1,9})\.[ \t]+(.{0,60})")
NUMBERED_LINE = re.compile(r"([0-9]{1,9})[.)][ \t]+(\S.{0,60})")
SECTION_LIKE = re.compile(r"#{1,2}(?!#)")
ORDERED_MARKER = re.compile(r"[0-9]{1,9}[.)][ \t]+")
STATUS_WORD = re.compile(r"[\"']?([^\W\d_]{1,20})")
STATUS_WORDS = ("åben", "aben", "lukket", "open", "closed")
# Every look-alike above holds a '#', a ':' or an ASCII digit: a line with none of them is passed over.
MAY_LOOK_LIKE = re.compile(r"[#:0-9]")
TITLE_SHOWN = 40
INDENTED_CODE = 4


@dataclass(frozen=True)
class Problem:
    """A structure look-alike: 0-based line in the text, 1-based column, and what to tell the clerk."""

    line: int
    column: int
    message: str
    hint: str


@dataclass(frozen=True)
class _Start:
    """Where a line's content starts, after indentation, quote and list markers and invisible characters."""

    index: int
    columns: int  # columns of spaces and tabs before the content
    containers: bool  # a quote or list marker stands before the content
    invisible: str  # the first invisible or unusual space character before the content, or ''


def is_blank(line: str) -> bool:
    """Tell whether Markdown sees a line as blank (only spaces and tabs)."""
    return not line.strip(" \t")


def is_invisible(char: str) -> bool:
    """Tell whether a character is a format character (BOM, zero-width, soft hyphen) or an unusual space."""
    return char != " " and unicodedata.category(char) in ("Cf", "Zs")


def structure_problems(text: str, closed_item: bool = False) -> list[Problem]:
    """Return every line of a published text that looks like an item heading or an item's settings.

    In a closed item's public decision (`closed_item`), a line that looks like any section heading
    counts too: the closed sections after the public decision must never be published with it.
    """
    lines = text.split("\n")
    problems = []
    for index in range(len(lines)):
        if MAY_LOOK_LIKE.search(lines[index]) is None:
            continue
        problem = line_problem(lines, index) or (_section_problem(lines[index], index) if closed_item else None)
        if problem is not None:
            problems.append(problem)
    return problems


def line_problem(lines: list[str], index: int) -> Problem | None:
    """Return the problem of one line of text (the next line is looked at too), or None."""
    line = lines[index]
    start = _start(line)
    content = line[start.index:]
    column = start.index + 1
    if start.invisible and (content.startswith("#") or SETTING.match(content)):
        mark = "'#'" if content.startswith("#") else "a setting"
        name = unicodedata.name(start.invisible, "unknown character")
        return Problem(index, column, f"an invisible character (U+{ord(start.invisible):04X} {name}) stands before "
                       f"{mark}, so Markdown does not read this line as structure",
                       (_did_you_mean(HASH_NUMBER.match(content)) + " ").lstrip()
                       + "Delete the start of the line and type it again")
    if (heading := HASH_NUMBER.match(content)) is not None and len(heading.group(1)) <= 2:
        return Problem(index, column, f"the line reads like an item heading, but {_why(start, heading)}",
                       _did_you_mean(heading) + " An item's heading stands at the start of its own line, after "
                       "any code block above it is closed; if this is not an item, write the number as '3\\.'")
    if (bold := BOLD_NUMBER.match(content)) is not None and content.rstrip().endswith(("**", "__")):
        return Problem(index, column, "a bold numbered line reads like an item heading",
                       "write an item's heading as '# " + bold.group(1) + ". " + _title(bold.group(2)) + "'"
                       "; if it is bold text, write the number as '" + bold.group(1) + "\\.'")
    numbered = NUMBERED_LINE.match(content) or HASH_NUMBER.match(content)
    if numbered is not None and index + 1 < len(lines) and _setting(lines[index + 1]) is not None:
        number, title = (numbered.group(1), numbered.group(2)) if numbered.re is NUMBERED_LINE else \
            (numbered.group(3), numbered.group(4))
        return Problem(index, column, "a numbered line directly followed by a setting reads like an item heading",
                       f"did you mean '# {number}. {_title(title)}'? An item's heading starts with '# '")
    setting = _setting(line)
    if setting is not None:
        return Problem(index, column, f"the line reads like an item's setting '{setting}', but it stands in the "
                       "text of an item",
                       "settings belong directly below an item's heading ('# 3. Title'): check the heading above "
                       "this line; if the line is ordinary text, write it differently (e.g. 'Status\\: …')")
    return None


def _section_problem(line: str, index: int) -> Problem | None:
    """Return a problem if a line of a closed item's public decision looks like a section heading."""
    start = _start(line)
    if SECTION_LIKE.match(line, start.index) is None:
        return None
    return Problem(index, start.index + 1, "in the public decision of a closed item, the line reads like a section "
                   "heading, but Markdown does not see one here, so the text after it would be published",
                   "write a section heading as '## Name' at the start of its own line, after any code block or "
                   "HTML block above it is closed; if it is meant as text, write it without the '#'")


def _setting(line: str) -> str | None:
    """Return the settings key a line reads like ('status' only with a status word or near miss), or None."""
    content = line[_start(line).index:]
    if (marker := ORDERED_MARKER.match(content)) is not None:
        content = content[marker.end():]
    match = SETTING.match(content)
    if match is None:
        return None
    key = match.group(1).lower()
    if key != "status":
        return key
    word = STATUS_WORD.match(match.group(2))
    if word is None:
        return None
    folded = word.group(1).lower().replace("aa", "å")
    return key if any(_near(folded, target) for target in STATUS_WORDS) else None


def _near(word: str, target: str) -> bool:
    """Tell whether two short words differ by at most one edit (two for long words), transpositions counted once."""
    limit = 2 if len(target) >= 6 else 1
    if abs(len(word) - len(target)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(target) + 1))
    for i, a in enumerate(word, start=1):
        current = [i] + [0] * len(target)
        for j, b in enumerate(target, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == target[j - 2] and word[i - 2] == b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1] <= limit


def _start(line: str) -> _Start:
    index, columns, containers, invisible = 0, 0, False, ""
    while index < len(line):
        char = line[index]
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += 4 - columns % 4
        elif char == ">" or (char in "-*+" and line[index + 1:index + 2] in (" ", "\t")):
            containers = True
        elif is_invisible(char):
            invisible = invisible or char
        else:
            break
        index += 1
    return _Start(index, columns, containers, invisible)


def _why(start: _Start, heading: re.Match[str]) -> str:
    if start.columns >= INDENTED_CODE:
        return "it is indented by a tab or 4 spaces, so Markdown reads it as code"
    if start.containers:
        return "it stands inside a list or a quote"
    if len(heading.group(1)) == 2:
        return "it starts with '##', which makes a section"
    if not heading.group(2):
        return "there is no space after '#'"
    return "it stands inside a code block or an HTML block that is not closed above it"


def _did_you_mean(heading: re.Match[str] | None) -> str:
    if heading is None:
        return ""
    return f"did you mean '# {heading.group(3)}. {_title(heading.group(4))}'?"


def _title(text: str) -> str:
    title = text.strip().rstrip("*_#").strip()
    return title if len(title) <= TITLE_SHOWN else title[:TITLE_SHOWN] + "…"
