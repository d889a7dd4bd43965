"""Refuse published text that names the file of a closed attachment.

A clerk who links an attachment in the text (`Se [bilag 2](files/lukket/Lønoplysninger.pdf)`) publishes the
closed file's name, which often says what the file is about. The leak guard cannot catch it: it only looks
for closed text that occurs nowhere in open text. So every published part is searched for the file name
of each closed attachment of the meeting (as written, with '%20' for spaces, case ignored, not inside a
longer name); a hit is an error that names the attachment by number, never the name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from generator.model import ItemSource, Status


@dataclass(frozen=True)
class ClosedFile:
    """How a closed attachment's file may be written, and which attachment it is (for the message)."""

    names: tuple[str, ...]
    what: str


def closed_files(items: Iterable[ItemSource]) -> list[ClosedFile]:
    """Return the file names of every closed attachment, or attachment of a closed item, of a meeting."""
    found = []
    for item in items:
        for attachment in item.attachments:
            if not attachment.file or Status.CLOSED not in (item.status, attachment.status):
                continue
            name = PurePosixPath(attachment.file).name.casefold()
            names = {name, quote(name), name.replace(" ", "%20")}
            found.append(ClosedFile(tuple(sorted(names)), f"attachment {attachment.number} of item {item.number}"))
    return found


def closed_file_mention(text: str, files: list[ClosedFile]) -> tuple[int, str] | None:
    """Return the offset of the first closed file name in a text and the attachment it belongs to, or None."""
    folded = text.casefold()
    hits = [(offset, file.what) for file in files for name in file.names if (offset := _find(folded, name)) >= 0]
    return min(hits) if hits else None


def _find(text: str, name: str) -> int:
    """Return the offset of the name where no letter or digit comes right before it (so not 'data.pdf' for 'a.pdf')."""
    offset = text.find(name)
    while offset > 0 and text[offset - 1].isalnum():
        offset = text.find(name, offset + 1)
    return offset
