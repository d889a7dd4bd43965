"""Split a meeting's Markdown body into items and sections, before any Markdown is rendered.

Splitting first means every item, and every section, is rendered on its own later: nothing in one
item (a link reference, an HTML comment) can reach another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import ErrorCollector

ITEM_HEADING = re.compile(r"^#[ \t]+(\d+)\.[ \t]+(.*?)[ \t]*$")
ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CLOSING_HASHES = re.compile(r"[ \t]+#+$")


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


@dataclass
class _Builder:
    number: str
    title: str
    line: int
    settings: list[str]
    intro: list[str]
    sections: list[tuple[str, int, list[str]]]
    intro_start: int = 0

    def finish(self) -> RawItem:
        return RawItem(
            number=self.number,
            title=self.title,
            line=self.line,
            settings="\n".join(self.settings),
            settings_line=self.line + 1,
            intro=_trim("\n".join(self.intro)),
            sections=tuple(RawSection(h, n, _trim("\n".join(body)), n + 1 + _leading_blank(body))
                           for h, n, body in self.sections),
            intro_line=self.intro_start + _leading_blank(self.intro),
        )


def split_items(body: str, first_line: int, errors: ErrorCollector) -> list[RawItem]:
    """Split the Markdown after the front matter into items; record misplaced content."""
    items: list[RawItem] = []
    current: _Builder | None = None
    in_settings = False
    fence: str | None = None
    reported_before_first = False
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        heading = None if fence else ATX_HEADING.match(line)
        if fence is None and (match := FENCE.match(line)):
            fence = match.group(1)
        elif fence is not None and line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
            fence = None
        if heading and len(heading.group(1)) == 1:
            item = ITEM_HEADING.match(line)
            if item is None or not item.group(2):
                errors.add(number, "a level-1 heading ('# ') must start an item and look like '# 3. Title'",
                           "write the item number, a dot and the title after '# ', or use '## ' for a section")
                continue
            if current is not None:
                items.append(current.finish())
            current = _Builder(item.group(1), _clean_heading(item.group(2)), number, [], [], [])
            in_settings = True
            continue
        if current is None:
            if line.strip() and not reported_before_first:
                errors.add(number, "there is text before the first agenda item",
                           "start the first item with a line like '# 1. Title', or move the text into an item")
                reported_before_first = True
            continue
        if in_settings:
            if line.strip() and not heading:
                current.settings.append(line)
                continue
            in_settings = False
            if not line.strip():
                continue
        if heading and len(heading.group(1)) == 2:
            title = _clean_heading(heading.group(2) or "")
            if not title:
                errors.add(number, f"item {current.number}: a section heading ('## ') has no text",
                           "write the section's name after '## ', e.g. '## Sagsfremstilling'")
            current.sections.append((title, number, []))
        elif current.sections:
            current.sections[-1][2].append(line)
        else:
            if not current.intro:
                current.intro_start = number
            current.intro.append(line)
    if current is not None:
        items.append(current.finish())
    return items


def _clean_heading(text: str) -> str:
    return " ".join(CLOSING_HASHES.sub("", text).split())


def _trim(text: str) -> str:
    return text.strip("\n")


def _leading_blank(lines: list[str]) -> int:
    # _trim strips leading newlines, i.e. leading empty lines; count them to keep line numbers true.
    return next((index for index, line in enumerate(lines) if line), len(lines))
