"""Split a meeting's Markdown body into items and sections, as Markdown itself sees the body.

The whole body is parsed once with the project's one Markdown configuration; only its top-level ATX
headings are structure: a level-1 heading starts an item, a level-2 heading a section. So a heading
inside a code block, an HTML block, a list or a quote can never end an item, and a line Markdown
does not read as a heading can never start one (`structure.py` turns such look-alikes into errors).
Each item, and each section, is then rendered on its own: nothing in one (a link reference, an HTML
comment) can reach another.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from markdown_it.token import Token

from generator.content.structure import is_blank, line_problem
from generator.errors import ErrorCollector
from generator.markdown import NestingTooDeep, block_tokens

ITEM_TITLE = re.compile(r"([0-9]+)\.[ \t]+(\S.*)", re.DOTALL)
NUMBERED = re.compile(r"[0-9]+[.)]")


@dataclass(frozen=True)
class RawSection:
    """A level-2 section of an item: heading text and Markdown lines."""

    heading: str
    line: int
    text: str
    text_line: int = 0  # line of the first text line (after leading blank lines)


@dataclass(frozen=True)
class RawItem:
    """An item as found in the body, before its settings are read."""

    number: str
    title: str
    line: int
    settings: str
    settings_line: int
    intro: str
    sections: tuple[RawSection, ...]
    intro_line: int = 0  # line of the first intro line (after leading blank lines)


@dataclass(frozen=True)
class _Heading:
    """A top-level ATX heading as Markdown parsed it: 0-based line in the body, level and text."""

    index: int
    level: int
    text: str


def split_items(body: str, first_line: int, errors: ErrorCollector) -> list[RawItem]:
    """Split the Markdown after the front matter into items; record misplaced or ambiguous structure."""
    lines = body.split("\n")
    try:
        tokens = block_tokens(body)
    except NestingTooDeep as error:
        errors.add(first_line + error.line, "lists or quotes are nested too deeply to be shown in full",
                   "use fewer levels of lists inside lists (at most 7) or quotes inside quotes")
        return []
    headings = _headings(tokens, first_line, errors)
    # A YAML list in the settings may merge with a list that opens the text; only other blocks count.
    blocks = [(t.map[0], t.map[1]) for t in tokens if t.level == 0 and t.nesting != -1 and t.map is not None
              and t.type not in ("bullet_list_open", "ordered_list_open")]
    groups: list[tuple[_Heading, list[_Heading]]] = []
    for heading in headings:
        if heading.level == 1:
            groups.append((heading, []))
        elif groups:
            groups[-1][1].append(heading)
    _check_before_first_item(lines, groups[0][0].index if groups else len(lines), first_line, errors)
    items: list[RawItem] = []
    for position, (heading, sections) in enumerate(groups):
        end = groups[position + 1][0].index if position + 1 < len(groups) else len(lines)
        item = _item(heading, sections, end, lines, blocks, first_line, errors)
        if item is not None:
            items.append(item)
    return items


def _headings(tokens: list[Token], first_line: int, errors: ErrorCollector) -> list[_Heading]:
    """Return the top-level ATX headings of level 1 and 2; a top-level setext heading is an error."""
    headings = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0 or token.map is None:
            continue
        if not token.markup.startswith("#"):
            underline = first_line + token.map[1] - 1
            errors.add(underline, "a line of '-' or '=' directly below text turns that text into a heading; "
                       "this kind of heading is not used in minutes",
                       "write '# 3. Title' for an item or '## Heading' for a section; for a dividing line, "
                       "leave a blank line above it; otherwise remove the line of '-' or '='")
            continue
        level = int(token.tag[1])
        if level <= 2:
            text = tokens[index + 1].content if index + 1 < len(tokens) else ""
            headings.append(_Heading(token.map[0], level, " ".join(text.split())))
    return headings


def _check_before_first_item(lines: list[str], end: int, first_line: int, errors: ErrorCollector) -> None:
    for index in range(end):
        if is_blank(lines[index]):
            continue
        problem = line_problem(lines, index)
        if problem is not None:
            errors.add(first_line + index, problem.message, problem.hint, problem.column)
        else:
            errors.add(first_line + index, "there is text before the first agenda item",
                       "start the first item with a line like '# 1. Title', or move the text into an item")
        return


def _item(heading: _Heading, sections: list[_Heading], end: int, lines: list[str],
          blocks: list[tuple[int, int]], first_line: int, errors: ErrorCollector) -> RawItem | None:
    line = first_line + heading.index
    match = ITEM_TITLE.fullmatch(heading.text)
    if match is None:
        errors.add(line, "a level-1 heading ('# ') must start an item and look like '# 3. Title'",
                   "write the item number, a dot, a space and the title after '# ', or use '## ' for a section")
        return None
    number = match.group(1)
    body_end = sections[0].index if sections else end
    settings_end = next((i for i in range(heading.index + 1, body_end) if is_blank(lines[i])), body_end)
    _check_settings(heading.index + 1, settings_end, body_end, lines, blocks, first_line, number, errors)
    intro, intro_line = _text(lines, settings_end, body_end, first_line)
    raw_sections = []
    for position, section in enumerate(sections):
        section_line = first_line + section.index
        if not section.text:
            errors.add(section_line, f"item {number}: a section heading ('## ') has no text",
                       "write the section's name after '## ', e.g. '## Sagsfremstilling'")
        elif NUMBERED.match(section.text):
            errors.add(section_line, f"item {number}: a section heading that starts with a number reads like an "
                       "item heading written with '##'",
                       "for an item, write '# ' and the number, e.g. '# 3. Title'; for a section, leave out the "
                       "number or write it as '3\\.'")
        section_end = sections[position + 1].index if position + 1 < len(sections) else end
        text, text_line = _text(lines, section.index + 1, section_end, first_line)
        raw_sections.append(RawSection(section.text, section_line, text, text_line))
    settings = "\n".join(lines[heading.index + 1:settings_end])
    return RawItem(number, match.group(2), line, settings, line + 1, intro, tuple(raw_sections), intro_line)


def _check_settings(start: int, settings_end: int, body_end: int, lines: list[str], blocks: list[tuple[int, int]],
                    first_line: int, number: str, errors: ErrorCollector) -> None:
    """Record settings that Markdown reads as running on into the item's text (an open fence, a list …)."""
    text_start = next((i for i in range(settings_end, body_end) if not is_blank(lines[i])), body_end)
    for position in range(bisect.bisect_left(blocks, (start, 0)), len(blocks)):
        begin, finish = blocks[position]
        if begin >= settings_end:
            return
        if finish > text_start:
            errors.add(first_line + begin, f"item {number}: Markdown reads the settings below the heading as "
                       "running on into the item's text",
                       "write the settings as 'key: value' lines directly below the heading, then a blank line, "
                       "then the text at the start of the line")
            return


def _text(lines: list[str], start: int, end: int, first_line: int) -> tuple[str, int]:
    """Return the lines start..end without leading and trailing blank lines, and the first one's file line."""
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    if start >= end:
        return "", 0
    return "\n".join(lines[start:end]), first_line + start
