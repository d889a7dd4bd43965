"""Read an item's attachment list ("Bilag:") in each form the minutes use, and the attachment overview."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.importer.model import Attachment, Item, Line, Note

_REF = r"\d{1,7}/\d{2}"
_LINE = re.compile(rf"(\d{{1,3}})[ \t]+(\S{{1,40}})(?:[ \t]+(.*?))??(?:[ \t]+({_REF}))?")
_LONE_REF = re.compile(_REF)
_FRAME = re.compile(r"[|: \t-]*")
_STATUS = {"åben": "åben", "lukket": "lukket"}
_OVERVIEW_ENTRY = re.compile(rf"(\d{{1,3}})\.[ \t]+(.*?)(?:[ \t]+\(({_REF})\))?")


def read_attachments(lines: list[Line], item: int, notes: list[Note]) -> list[Attachment]:
    """Read the lines of a 'Bilag:' section; report every line that is not an attachment."""
    found: list[Attachment] = []
    for line in lines:
        text = line.text
        if not text:
            continue
        text = text.removeprefix("- ")
        if _LONE_REF.fullmatch(text) and found and not found[-1].ref:
            last = found[-1]
            found[-1] = Attachment(last.line, last.number, last.status, last.title, text)
            continue
        if text.startswith("|"):
            if _FRAME.fullmatch(text):
                continue  # the frame of a Markdown table: no text
            cells = [cell.strip() for cell in text.strip("|").split("|")]
            status, _, title = (cells[1] if len(cells) > 1 else "").partition(" ")
            fields = [cells[0], status, title, cells[2] if len(cells) > 2 else ""]
        elif "\t" in text:
            fields = [cell.strip() for cell in text.split("\t")] + ["", "", ""]
        elif match := _LINE.fullmatch(text):
            fields = [match.group(1), match.group(2), match.group(3) or "", match.group(4) or ""]
        else:
            notes.append(Note(line.number, "unplaced", f"item {item}: a line under 'Bilag' is not an attachment; "
                              "it is left out: add it by hand under 'attachments:' if it is one"))
            continue
        number, status_word, title, ref = fields[0], fields[1], fields[2], fields[3]
        found_status = _STATUS.get(status_word.casefold())
        if not number.isdigit() or (ref and not _LONE_REF.fullmatch(ref)):
            notes.append(Note(line.number, "unplaced", f"item {item}: an attachment line is not understood; "
                              "it is left out: add it by hand under 'attachments:'"))
            continue
        status = found_status or "lukket"
        if found_status is None:
            notes.append(Note(line.number, "status", f"item {item}, attachment {number}: no 'Åben' or 'Lukket'; "
                              "imported as closed: check it"))
            title = f"{status_word} {title}".strip()
        found.append(Attachment(line.number, int(number), status, title, ref))
    return found


@dataclass(frozen=True)
class OverviewEntry:
    """An attachment as the overview at the end lists it."""

    line: int
    item: int
    number: int
    closed: bool
    title: str
    ref: str


def read_overview(lines: list[Line], notes: list[Note]) -> list[OverviewEntry]:
    """Read the attachment overview ('Bilagsoversigt'); it is only used to check the items' lists."""
    entries: list[OverviewEntry] = []
    item: int | None = None
    for line in lines:
        match = _OVERVIEW_ENTRY.fullmatch(line.text) if line.text else None
        if not line.text:
            continue
        if match and line.indent == 0:
            item = int(match.group(1))
        elif match and item is not None:
            closed = match.group(2).casefold() == "(lukket bilag)"
            entries.append(OverviewEntry(line.number, item, int(match.group(1)), closed,
                                         "" if closed else match.group(2), match.group(3) or ""))
        else:
            notes.append(Note(line.number, "unplaced", "a line of the attachment overview is not understood "
                              "(the overview is not imported: the site makes its own)"))
    return entries


def cross_check(items: list[Item], overview: list[OverviewEntry], notes: list[Note]) -> None:
    """Report where the overview and the items' attachment lists disagree."""
    listed = {(item.number, a.number): a for item in items for a in item.attachments}
    for entry in overview:
        found = listed.pop((entry.item, entry.number), None)
        where = f"item {entry.item}, attachment {entry.number}"
        if found is None:
            notes.append(Note(entry.line, "check", f"{where} is in the attachment overview but not under the item; "
                              "add it under 'attachments:' if it belongs there"))
        elif entry.closed != (found.status == "lukket"):
            notes.append(Note(entry.line, "check", f"{where} is open in one list and closed in the other; "
                              "imported as the item's list says: check it"))
        elif not entry.closed and (entry.title != found.title or entry.ref != found.ref):
            notes.append(Note(entry.line, "check", f"{where}: the overview gives another title or document "
                              f"number ({entry.title!r} {entry.ref}); imported as the item's list says"))
    if overview:
        for (item, number), attachment in sorted(listed.items()):
            notes.append(Note(attachment.line, "check", f"item {item}, attachment {number} is not in the "
                              "attachment overview: check it"))
