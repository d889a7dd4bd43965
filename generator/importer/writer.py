"""Write a read meeting as a meeting file: YAML front matter and Markdown items."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from generator.importer.model import Attachment, Block, Item, ListBlock, Member, Paragraph, SubHeading, Table

_PLAIN_VALUE = re.compile(r"[A-Za-zÆØÅæøåÉé0-9][\w ,.()/–-]{0,300}")
# A line start that Markdown would read as structure rather than text.
_BLOCK_START = re.compile(r"(\d{1,9})([.)])(?=[ \t]|$)|([-+*][ \t]|>|\||#{1,6}(?:[ \t]|$)|`{3}|~{3})")


@dataclass(frozen=True)
class MeetingHeader:
    """The header fields as they will be written (all known by now)."""

    body: str
    date: str
    start: str
    end: str
    location: str
    kind: str
    members: tuple[Member, ...]
    absent: tuple[str, ...]


def yaml_value(text: str) -> str:
    """Return a text as a YAML scalar: plain where that reads back as the same text, else double-quoted."""
    if _PLAIN_VALUE.fullmatch(text) and not text.endswith(" ") and ": " not in text and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def write_meeting(header: MeetingHeader, items: tuple[Item, ...]) -> str:
    """Return the text of the meeting file."""
    out = ["---", f"body: {header.body}", f"date: {header.date}", f'start: "{header.start}"',
           f'end: "{header.end}"', f"location: {yaml_value(header.location)}", f"kind: {header.kind}", "members:"]
    for member in header.members:
        out.append(f"  - role: {yaml_value(member.role)}")
        out.append(f"    name: {yaml_value(member.name)}" if member.name else "    vacant: true")
    out.append("absent: [" + ", ".join(yaml_value(name) for name in header.absent) + "]")
    out.append("---")
    for item in items:
        out += ["", *_item(item)]
    return "\n".join(out) + "\n"


def _item(item: Item) -> list[str]:
    out = [f"# {item.number}. {item.title}", f"status: {item.status}"]
    if item.attachments:
        out.append("attachments:")
        for attachment in item.attachments:
            out += _attachment(attachment)
    out.append("")
    for block in item.intro:
        out += [*_block(block, 3), ""]
    for section in item.sections:
        out += [f"## {section.heading}", ""]
        for block in section.blocks:
            out += [*_block(block, 3), ""]
    while out and not out[-1]:
        out.pop()
    return out


def _attachment(attachment: Attachment) -> list[str]:
    out = [f"  - number: {attachment.number}"]
    if attachment.title:
        out.append(f"    title: {yaml_value(attachment.title)}")
    if attachment.ref:
        out.append(f"    ref: {yaml_value(attachment.ref)}")
    out.append(f"    status: {attachment.status}")
    return out


def _block(block: Block, level: int) -> list[str]:
    if isinstance(block, Paragraph):
        return [escape_text(block.text)]
    if isinstance(block, SubHeading):
        return [f"{'#' * level} {block.text}"]
    if isinstance(block, ListBlock):
        return [f"{'  ' * entry.level}- {escape_text(entry.text)}" for entry in block.entries]
    return _table(block)


def _table(table: Table) -> list[str]:
    def row(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(cell or " " for cell in cells) + " |"

    return [row(table.header), "| " + " | ".join("---" for _ in table.header) + " |", *map(row, table.rows)]


def escape_text(text: str) -> str:
    """Escape what would make a line of text Markdown structure: '1. ' or '12) ' (a list), '- ', '# ', '> '."""
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    if match.group(1):
        return f"{match.group(1)}\\{match.group(2)}{text[match.end():]}"
    return "\\" + text
