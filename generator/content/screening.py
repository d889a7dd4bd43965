"""Screen a meeting file before anything of it is published: markers, personal data and bounds.

The file is cut into parts, each with its first line and whether it will be published: the header,
every item's heading line, settings, intro and sections. Confidential-passage markers are checked in
every item text (and refused everywhere else); the personal-data guard (CPR numbers, e-mail addresses,
phone numbers) and the renderer's bounds apply to what will be published, with confidential passages
already blanked out, so personal data inside a closed item or a confidential passage is no error.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from generator.content.agenda import RawItem
from generator.content.closednames import ClosedFile, closed_file_mention, closed_files
from generator.content.confidential import CLOSE_MARKER, OPEN_MARKER, blank_passages, find_passages, has_marker
from generator.content.personaldata import find_all_personal_data
from generator.content.sources import SplitSource
from generator.content.structure import structure_problems
from generator.errors import ErrorCollector, line_and_column
from generator.markdown import nesting_problem
from generator.model import ItemSource, Status, is_public_decision_heading
from generator.render.sanitize import html_bounds_problem


class PartKind(enum.Enum):
    """What a part of a meeting file holds."""

    YAML = "yaml"  # the header or an item's settings
    HEADING = "heading"  # an item's or a section's heading line
    TEXT = "text"  # Markdown of an intro or a section


@dataclass(frozen=True)
class Part:
    """A piece of a meeting file: its text, its first line in the file, and whether it is published."""

    text: str
    line: int
    kind: PartKind
    published: bool
    what: str
    closed_item: bool = False  # the published public decision of a closed item


def screen_meeting(split: SplitSource, raw_items: list[RawItem], items: tuple[ItemSource, ...],
                   errors: ErrorCollector) -> None:
    """Record every marker mistake, published CPR number and overly deep nesting in a meeting file."""
    files = closed_files(items)
    for part in meeting_parts(split, raw_items, items):
        screen_part(part, errors)
        _check_closed_files(part, files, errors)


def _check_closed_files(part: Part, files: list[ClosedFile], errors: ErrorCollector) -> None:
    """Record published text that names a closed attachment's file (see closednames.py)."""
    if not part.published or part.kind is PartKind.YAML or not files:
        return
    found = closed_file_mention(part.text, files)
    if found is not None:
        _add(errors, part, found[0], f"the text names the file of closed {found[1]}, so the file's name would "
             "be published", "remove the file name or the link from the text; a closed attachment is shown by "
             "its number only")


def meeting_parts(split: SplitSource, raw_items: list[RawItem], items: tuple[ItemSource, ...]) -> list[Part]:
    """Cut a meeting file into parts; an item whose status is unknown counts as published."""
    status = {item.location.line: item.status for item in items}
    body_lines = split.body.split("\n")
    parts = [Part(split.front_matter, split.front_matter_line, PartKind.YAML, True, "meeting header")]
    for raw in raw_items:
        what = f"item {raw.number}"
        item_open = status.get(raw.line) is not Status.CLOSED
        heading = body_lines[raw.line - split.body_line]
        parts.append(Part(heading, raw.line, PartKind.HEADING, True, what))
        parts.append(Part(raw.settings, raw.settings_line, PartKind.YAML, item_open, what))
        parts.append(Part(raw.intro, raw.intro_line, PartKind.TEXT, item_open, what))
        public_decision_seen = False
        for section in raw.sections:
            # Redaction publishes the first "Offentlig beslutning" of a closed item, and only that one.
            public = item_open or (not public_decision_seen and is_public_decision_heading(section.heading))
            public_decision_seen = public_decision_seen or public
            heading = body_lines[section.line - split.body_line]
            parts.append(Part(heading, section.line, PartKind.HEADING, public, what))
            parts.append(Part(section.text, section.text_line, PartKind.TEXT, public, what, not item_open))
    return [part for part in parts if part.text]


def screen_part(part: Part, errors: ErrorCollector) -> None:
    """Record the problems of one part."""
    text = part.text
    if part.kind is PartKind.TEXT:
        passages, problems = find_passages(text)
        for problem in problems:
            _add(errors, part, problem.offset, problem.message, problem.hint)
        if not part.published:
            return
        if passages:
            text = blank_passages(text)
    else:
        offset = has_marker(text)
        if offset is not None:
            _add(errors, part, offset, "a confidential passage can only be marked in an item's text, not in "
                 "the meeting header, a heading or an item's settings",
                 f"move {OPEN_MARKER} … {CLOSE_MARKER} into the text below the headings, or close the whole item")
        if not part.published:
            return
    for finding in find_all_personal_data(text):
        _add(errors, part, finding.offset, finding.message, finding.hint)
    if part.kind is PartKind.TEXT:
        _check_bounds(part, text, errors)
        for look_alike in structure_problems(text, part.closed_item):  # see structure.py
            errors.add(part.line + look_alike.line, f"{part.what}: {look_alike.message}", look_alike.hint,
                       look_alike.column)


def _check_bounds(part: Part, text: str, errors: ErrorCollector) -> None:
    line = nesting_problem(text)
    if line is not None:
        errors.add(part.line + line, f"{part.what}: lists or quotes are nested too deeply to be shown in full",
                   "use fewer levels of lists inside lists (at most 7) or quotes inside quotes")
    html = html_bounds_problem(text)
    if html is not None:
        _add(errors, part, html[0], html[1], "simplify the HTML, or write the passage in Markdown")


def _add(errors: ErrorCollector, part: Part, offset: int, message: str, hint: str) -> None:
    line, column = line_and_column(part.text, offset)
    errors.add(part.line + line - 1, f"{part.what}: {message}", hint, column)

