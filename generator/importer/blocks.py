"""Turn the lines of a section into blocks: paragraphs, lists, tables and sub-headings."""

from __future__ import annotations

import re

from generator.importer.lines import plain
from generator.importer.model import Block, Line, ListBlock, ListEntry, Note, Paragraph, SubHeading, Table

# Sub-headings the minutes use inside a section; a line marked as a heading in the input is one too.
SUBHEADINGS = frozenset({
    "opsamling på forudgående møder, aktiviteter samt formål",
    "kommende møder, aktiviteter samt formål",
    "øvrige emner",
    "aktuelle politiske sager",
})
_BULLET = re.compile(r"[-•*][ \t]+")
_TAG = re.compile(r"<[^<>]{0,500}>")
_SENTENCE_END = (".", ":", ";", "!", "?", ")", "”", '"')


def join_broken_lines(lines: list[Line], notes: list[Note]) -> list[Line]:
    """Join a line that goes on after a page break (starts in lower case after blank lines) to the line before."""
    result: list[Line] = []
    blank = 0
    for line in lines:
        if not line.text:
            blank += 1
            result.append(line)
            continue
        previous = next((index for index in range(len(result) - 1, -1, -1) if result[index].text), None)
        if (previous is not None and blank >= 2 and line.text[0].islower() and "\t" not in line.text
                and "\t" not in result[previous].text and not result[previous].text.endswith(_SENTENCE_END)):
            before = result[previous]
            result[previous] = Line(before.number, before.indent, f"{before.text} {line.text}", before.heading)
            notes.append(Note(line.number, "joined", f"text split by a page break joined to line {before.number}"))
            del result[previous + 1:]
        else:
            result.append(line)
        blank = 0
    return result


def read_blocks(lines: list[Line]) -> list[Block]:
    """Group section lines into blocks; consecutive lists separated only by blank lines become one list."""
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.text:
            index += 1
        elif "\t" in line.text:
            table, index = _table(lines, index)
            blocks.append(table)
        elif _BULLET.match(line.text):
            entries = []
            while index < len(lines) and (not lines[index].text or _BULLET.match(lines[index].text)):
                if bullet := _BULLET.match(lines[index].text):
                    text = lines[index].text[bullet.end():]
                    entries.append(ListEntry(lines[index].number, 1 if lines[index].indent else 0, text))
                index += 1
            if entries[0].level:
                entries[0] = ListEntry(entries[0].line, 0, entries[0].text)
            blocks.append(ListBlock(entries[0].line, tuple(entries)))
        elif line.heading or plain(line.text) in SUBHEADINGS:
            blocks.append(SubHeading(line.number, line.text))
            index += 1
        else:
            text = line.text
            index += 1
            while (index < len(lines) and lines[index].text and "\t" not in lines[index].text
                   and not _BULLET.match(lines[index].text)):
                joiner = "" if re.search(r"\w-$", text) and lines[index].text[0].islower() else " "
                text += joiner + lines[index].text
                index += 1
            blocks.append(Paragraph(line.number, text))
    return blocks


def _table(lines: list[Line], index: int) -> tuple[Table, int]:
    first = lines[index]
    header = _cells(first.text)
    rows: list[list[list[str]]] = []
    index += 1
    blank_before = False
    while index < len(lines):
        line = lines[index]
        if not line.text:
            after = next((other for other in lines[index:] if other.text), None)
            if after is None or "\t" not in after.text:
                break
            blank_before = True
            index += 1
            continue
        if "\t" not in line.text:
            break
        cells = _cells(line.text)
        if blank_before and rows and not cells[0]:
            # A row cut by a page break or blank line goes on in the row before it.
            for column, cell in enumerate(cells[1:], start=1):
                while len(rows[-1]) <= column:
                    rows[-1].append([])
                rows[-1][column] += cell
        else:
            rows.append(cells)
        blank_before = False
        index += 1
    width = max([len(header)] + [len(row) for row in rows])
    head = tuple(render_cell(cell) for cell in header) + ("",) * (width - len(header))
    body = tuple(tuple(render_cell(cell) for cell in row) + ("",) * (width - len(row)) for row in rows)
    return Table(first.number, head, body), index


def _cells(text: str) -> list[list[str]]:
    """Split a tab-separated row; each cell becomes its lines, bullet lines starting with '• '."""
    cells = []
    for raw in text.split("\t"):
        parts: list[str] = []
        if "<p" in raw and "•" not in raw:
            parts = [" ".join(_TAG.sub(" ", piece).split()) for piece in re.split(r"</p>", raw)]
        else:
            chunks = _TAG.sub(" ", raw).split("•")
            parts = [" ".join(chunks[0].split())] + ["• " + " ".join(chunk.split()) for chunk in chunks[1:]]
        cells.append([part for part in parts if part.strip("• ")])
    return cells


def render_cell(lines: list[str]) -> str:
    """Return a cell's lines as inline Markdown: text lines joined by <br>, bullet lines as a <ul>."""
    out: list[str] = []
    bullets: list[str] = []
    for line in lines:
        if line.startswith("• "):
            bullets.append(line[2:])
            continue
        if bullets:
            out.append("<ul>" + "".join(f"<li>{item}</li>" for item in bullets) + "</ul>")
            bullets = []
        out.append(line)
    if bullets:
        out.append("<ul>" + "".join(f"<li>{item}</li>" for item in bullets) + "</ul>")
    return "<br>".join(out).replace("|", "\\|")
