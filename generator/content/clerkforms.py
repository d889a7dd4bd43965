"""Errors for forms a clerk writes from habit that Markdown would otherwise publish wrongly.

A table without its separator line would be published as a paragraph of pipes, and a '## Bilag'
section as ordinary text instead of the item's attachment list; both stop the build and say what to
write instead.
"""

from __future__ import annotations

import re

from generator.content.agenda import RawItem
from generator.errors import ErrorCollector

_ROW = re.compile(r" {0,3}\|[^\n]*\|[ \t]*")
_SEPARATOR_CELL = re.compile(r":?-+:?")
_FENCE = re.compile(r" {0,3}(?:`{3}|~{3})")
ATTACHMENT_HEADINGS = ("bilag", "bilagsoversigt")
MAX_EXAMPLE_COLUMNS = 8  # a hint for a wider table shows the pattern, not every column


def check_clerk_forms(items: list[RawItem], errors: ErrorCollector) -> None:
    """Record a table without its '| --- |' line and a '## Bilag' section in any item."""
    for item in items:
        what = f"item {item.number}"
        _check_tables(item.intro, item.intro_line, what, errors)
        for section in item.sections:
            if section.heading.rstrip(": ").casefold() in ATTACHMENT_HEADINGS:
                errors.add(section.line, f"{what}: a '## {section.heading}' section does not make an attachment list",
                           "list the attachments in the item's settings under 'attachments:' (number, title, ref, "
                           "status; see the README) and remove this section")
            _check_tables(section.text, section.text_line, what, errors)


def _check_tables(text: str, first_line: int, what: str, errors: ErrorCollector) -> None:
    lines = text.split("\n")
    fenced = False
    previous_row = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        row = not fenced and _ROW.fullmatch(line) is not None and not _is_separator(line)
        if row and not previous_row:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if not _is_separator(following):
                columns = max(line.strip().strip("|").count("|") + 1, 1)
                example = "| --- " * columns + "|" if columns <= MAX_EXAMPLE_COLUMNS else "| --- | --- | … |"
                errors.add(first_line + index, f"{what}: a table row without the line that makes it a table",
                           f"below the table's first row, add a line like '{example}' (one '---' per column); "
                           "without it the rows are shown as text")
        previous_row = row or (previous_row and not fenced and _is_separator(line))


def _is_separator(line: str) -> bool:
    """Tell whether a line is a table's separator line ('| --- | :-: |'), in one pass over its cells."""
    if len(line) - len(line.lstrip(" ")) > 3 or "-" not in line:
        return False
    cells = line.strip().removeprefix("|").removesuffix("|").split("|")
    return all(_SEPARATOR_CELL.fullmatch(cell.strip(" \t")) for cell in cells)
