"""What the importer reads from a minutes text, before it is written as a meeting file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    """One line of the import report: where in the input, what kind, what happened."""

    line: int
    kind: str  # "unplaced", "status", "dropped", "joined", "check", "header"
    message: str


@dataclass(frozen=True)
class Line:
    """An input line after cleanup: its 1-based number, indentation, text, and whether it was marked a heading."""

    number: int
    indent: int
    text: str
    heading: bool = False


@dataclass(frozen=True)
class Paragraph:
    """Running text."""

    line: int
    text: str


@dataclass(frozen=True)
class ListEntry:
    """One list item at nesting level 0 or 1."""

    line: int
    level: int
    text: str


@dataclass(frozen=True)
class ListBlock:
    """A bullet list."""

    line: int
    entries: tuple[ListEntry, ...]


@dataclass(frozen=True)
class Table:
    """A table: a header row and body rows; each cell is inline Markdown (may hold <br> and <ul>)."""

    line: int
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class SubHeading:
    """A heading inside a section (written as '###')."""

    line: int
    text: str


Block = Paragraph | ListBlock | Table | SubHeading


@dataclass(frozen=True)
class Section:
    """A section of an item: its heading and blocks."""

    line: int
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Attachment:
    """An attachment of an item; status is "åben" or "lukket"."""

    line: int
    number: int
    status: str
    title: str
    ref: str


@dataclass(frozen=True)
class Item:
    """An agenda item; status is "åben" or "lukket"."""

    line: int
    number: int
    title: str
    status: str
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    attachments: tuple[Attachment, ...]


@dataclass(frozen=True)
class Member:
    """A seat: role and name, or no name for a vacant seat."""

    role: str
    name: str | None


@dataclass(frozen=True)
class Header:
    """The meeting header as read; a field is None where the input does not have it."""

    body_name: str | None
    kind: str | None
    location: str | None
    date: str | None
    start: str | None
    end: str | None
    members: tuple[Member, ...]
    absent: tuple[str, ...]


@dataclass(frozen=True)
class Minutes:
    """Everything read from one input: header, items and the report notes."""

    header: Header
    items: tuple[Item, ...]
    notes: tuple[Note, ...]
