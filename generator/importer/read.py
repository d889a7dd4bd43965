"""Read minutes text: header, table of contents, items with sections, overview and signature page."""

from __future__ import annotations

import re

from generator.importer.attachments import cross_check, read_attachments, read_overview
from generator.importer.blocks import join_broken_lines, read_blocks
from generator.importer.header import read_header
from generator.importer.lines import clean_lines, plain
from generator.importer.model import Attachment, Block, Item, Line, Minutes, Note, Section

_ITEM = re.compile(r"(\d{1,3})\.[ \t]+(\S.*)")
_TOC_ENTRY = re.compile(r"(\d{1,3})\.[ \t]+(.*)")
STATUS_LINES = {"åben sag": "åben", "lukket sag": "lukket"}
# Section headings of the minutes; 'Beslutning …' and 'Offentlig beslutning …' are recognised by their start.
SECTIONS = frozenset({
    "sagsgang", "sagsfremstilling", "økonomiske konsekvenser", "indstilling", "sagsansvarlig", "baggrund",
    "bilag", "lovgrundlag", "høring", "historik", "personalemæssige konsekvenser", "tidsplan", "beslutning",
})
ATTACHMENT_SECTION = "bilag"


def read_minutes(raw: list[str]) -> Minutes:
    """Read one minutes text; every line ends up in the meeting, in the report, or in a dropped part named there."""
    lines = clean_lines(raw)
    notes: list[Note] = []
    toc_at = _find(lines, "indholdsfortegnelse", 0)
    toc: dict[int, str] = {}
    body_from = 0
    if toc_at is not None:
        toc, body_from = _read_toc(lines, toc_at, notes)
    header_end = toc_at if toc_at is not None else _first_item(lines, toc)
    header = read_header(lines[:header_end], notes)
    if toc_at is None:
        body_from = header_end
    signature_at = _find(lines, "underskriftsside", body_from)
    overview_at = _find(lines, "bilagsoversigt", body_from)
    body_end = min(at for at in (signature_at, overview_at, len(lines)) if at is not None)
    items = _read_items(lines[body_from:body_end], toc, notes)
    if overview_at is not None:
        overview_end = signature_at if signature_at is not None and signature_at > overview_at else len(lines)
        cross_check(items, read_overview(lines[overview_at + 1:overview_end], notes), notes)
        _drop(lines, overview_at, overview_end, "the attachment overview (the site makes its own; used to check "
              "the items' attachments)", notes)
    if signature_at is not None:
        _drop(lines, signature_at, len(lines) if (overview_at or 0) < signature_at else overview_at,
              "the signature page (the site shows the members who sign)", notes)
    return Minutes(header, tuple(items), tuple(sorted(notes, key=lambda note: note.line)))


def _find(lines: list[Line], text: str, start: int) -> int | None:
    return next((index for index in range(start, len(lines)) if lines[index].text.casefold().rstrip(":") == text),
                None)


def _drop(lines: list[Line], start: int, end: int | None, what: str, notes: list[Note]) -> None:
    last = max((line.number for line in lines[start:end] if line.text), default=lines[start].number)
    notes.append(Note(lines[start].number, "dropped", f"lines {lines[start].number}–{last}: {what}"))


def _read_toc(lines: list[Line], at: int, notes: list[Note]) -> tuple[dict[int, str], int]:
    toc: dict[int, str] = {}
    index = at + 1
    while index < len(lines):
        line = lines[index]
        if plain(line.text).startswith("bilagsoversigt"):
            index += 1
            break
        if match := _TOC_ENTRY.fullmatch(line.text):
            toc[int(match.group(1))] = plain(match.group(2))
        elif line.text and plain(line.text) != "side":
            if toc:
                break
            notes.append(Note(line.number, "unplaced", "a line in the table of contents is not understood"))
        elif not line.text and toc and (index + 1 >= len(lines) or not _TOC_ENTRY.fullmatch(lines[index + 1].text)):
            break
        index += 1
    _drop(lines, at, index, "the table of contents (the site makes its own; used to find the items)", notes)
    return toc, index


def _first_item(lines: list[Line], toc: dict[int, str]) -> int:
    return next((index for index in range(len(lines)) if _is_item(lines, index, 1, toc)), len(lines))


def _is_item(lines: list[Line], index: int, expected: int, toc: dict[int, str]) -> bool:
    match = _ITEM.fullmatch(lines[index].text)
    if match is None or int(match.group(1)) != expected:
        return False
    if toc.get(expected) == plain(match.group(2)):
        return True
    following = next((line for line in lines[index + 1:] if line.text), None)
    if following is not None and plain(following.text) in STATUS_LINES:
        return True
    # The next number on a line of its own, without a status line: taken as an item too, so that the text
    # below it is imported as a closed item (and reported) rather than published as part of the item before.
    alone = (index == 0 or not lines[index - 1].text) and (index + 1 == len(lines) or not lines[index + 1].text)
    return alone and lines[index].indent == 0 and "\t" not in lines[index].text and len(match.group(2)) <= 150 \
        and not match.group(2).endswith(".")


def _read_items(lines: list[Line], toc: dict[int, str], notes: list[Note]) -> list[Item]:
    starts: list[int] = []
    for index in range(len(lines)):
        if _is_item(lines, index, len(starts) + 1, toc):
            starts.append(index)
    if starts:
        before = [line for line in lines[:starts[0]] if line.text]
        for line in before:
            notes.append(Note(line.number, "unplaced", f"text before the first item is left out: {line.text!r}"))
    for number in sorted(toc):
        if number > len(starts):
            notes.append(Note(lines[0].number if lines else 0, "check",
                              f"item {number} is in the table of contents but was not found in the text"))
    items = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        items.append(_read_item(lines[start:end], position + 1, toc, notes))
    return items


def _read_item(lines: list[Line], number: int, toc: dict[int, str], notes: list[Note]) -> Item:
    heading = lines[0]
    title = heading.text.split(None, 1)[1]  # the line matched _ITEM: 'N. Title'
    if toc and toc.get(number) != plain(title):
        notes.append(Note(heading.number, "check", f"item {number}: the title differs from the table of contents"))
    rest = lines[1:]
    first = next((index for index, line in enumerate(rest) if line.text), len(rest))
    status = STATUS_LINES.get(plain(rest[first].text)) if first < len(rest) else None
    if status is None:
        status = "lukket"
        notes.append(Note(heading.number, "status", f"item {number}: no 'Åben sag' or 'Lukket sag' line; imported "
                          "as closed: if it is open, write 'status: åben' in the file"))
    else:
        rest = rest[first + 1:]
    rest = join_broken_lines(rest, notes)
    intro: list[Line] = []
    parts: list[tuple[Line, list[Line]]] = []
    for line in rest:
        if _is_section(line):
            parts.append((line, []))
        elif parts:
            parts[-1][1].append(line)
        else:
            intro.append(line)
    sections: list[Section] = []
    attachments: list[Attachment] = []
    for head, body in parts:
        if plain(head.text).rstrip(":") == ATTACHMENT_SECTION:
            attachments += read_attachments(body, number, notes)
        else:
            sections.append(Section(head.number, head.text.rstrip(":"), tuple(read_blocks(body))))
    intro_blocks: tuple[Block, ...] = tuple(read_blocks(intro))
    if status == "lukket" and (intro_blocks or sections):
        notes.append(Note(heading.number, "check", f"item {number} is closed and has text: it is written into the "
                          "file but not published; put a decision that may be published under "
                          "'## Offentlig beslutning'"))
    return Item(heading.number, number, title, status, intro_blocks, tuple(sections), tuple(attachments))


def _is_section(line: Line) -> bool:
    text = plain(line.text).rstrip(":")
    if not text or "\t" in line.text or len(text) > 100:
        return False
    return text in SECTIONS or text.startswith(("beslutning ", "offentlig beslutning"))
