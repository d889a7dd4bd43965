"""Turn a meeting file into a `MeetingSource`, collecting every error with its location."""

from __future__ import annotations

import re
from pathlib import Path

from generator.content.agenda import RawItem, split_items
from generator.content.attachments import AttachedFile, FileProblem, check_file
from generator.content.clerkforms import check_clerk_forms
from generator.content.fields import Fields, ascii_number
from generator.content.screening import screen_meeting
from generator.content.sources import SourceText, split_front_matter
from generator.content.strictyaml import Mapping, read_yaml
from generator.errors import ContentError, ErrorCollector, SourceLocation
from generator.link.corrections import PUBLICATION_KEYS, read_publication
from generator.model import (
    AttachmentSource,
    ItemSource,
    Kind,
    MeetingSource,
    Member,
    Section,
    SiteConfig,
    Status,
)

MEETING_KEYS = ("body", "date", "start", "end", "location", "kind", "members", "absent", "suffix", *PUBLICATION_KEYS)
ITEM_KEYS = ("status", "topics", "attachments")
ATTACHMENT_KEYS = ("number", "status", "title", "ref", "file", "public_title")
MEMBER_KEYS = ("role", "name", "vacant")
MAX_ITEMS = 10_000
MAX_ATTACHMENTS = 999
# Settings whose messages may quote what they hold: an open item with no closed attachment. Anything
# else (closed, or a status the build cannot read yet) is treated as closed.
OPEN_STATUS_LINE = re.compile(r"status:[ \t]*[\"']?åben[\"']?[ \t]*\Z")
VACANT_NAMES = ("vakant", "ledig")


def parse_meeting(source: SourceText, config: SiteConfig, content_dir: Path) -> MeetingSource | list[ContentError]:
    """Parse and validate one meeting file; return the meeting or all errors found in it."""
    errors = ErrorCollector(source.name)
    split = split_front_matter(source, errors)
    if split is None:
        return errors.errors
    header = read_yaml(split.front_matter, errors, split.front_matter_line)
    yaml_failed = bool(errors.errors)
    items = split_items(split.body, split.body_line, errors)
    check_clerk_forms(items, errors)
    if not isinstance(header, Mapping):
        # An empty header (None without a YAML problem) is a mistake too, never a meeting to skip.
        if not yaml_failed:
            errors.add(split.front_matter_line, "the meeting header must be 'key: value' lines",
                       "see the example meeting in the README")
        return errors.errors
    fields = Fields(header, errors, "meeting header")
    fields.check_keys(MEETING_KEYS)
    body_slug = fields.text("body")
    body = config.body(body_slug) if body_slug else None
    if body_slug and body is None:
        known = ", ".join(b.slug for b in config.bodies)
        fields.error(header.get("body") or header, f"unknown body '{body_slug}'",
                     f"use one of the bodies in site.yaml ({known}) or add the body there")
    date, start, end = fields.date("date"), fields.time("start"), fields.time("end")
    if start and end and end <= start:
        fields.error(header.get("end") or header, "the meeting ends before it starts",
                     "check 'start' and 'end' (24-hour clock, e.g. '9:00' and '13:00')")
    location = fields.text("location")
    kind = fields.choice("kind", Kind)
    suffix = fields.slug("suffix", required=False)
    members = _members(fields)
    absent = fields.texts("absent")
    published, corrections = read_publication(fields)
    names = {member.name for member in members}
    for name in absent:
        if name not in names:
            fields.error(header.get("absent") or header, f"'{name}' is listed as absent but is not a member",
                         "write the name exactly as under 'members'")
    parsed_items = _items(items, errors, content_dir)
    screen_meeting(split, items, parsed_items, errors)
    if not items and not errors.errors:
        errors.add(split.body_line, "the meeting has no agenda items",
                   "add the items below the header, each starting with a line like '# 1. Title'")
    if errors.errors:
        return errors.errors
    assert body and date and start and end and location and kind  # guaranteed by the absence of errors
    return MeetingSource(source.name, body, date, start, end, location, kind, suffix,
                         members, absent, parsed_items, published, corrections)


def _members(fields: Fields) -> tuple[Member, ...]:
    members = []
    for node in fields.sequence("members", required=True):
        entry = fields.sub(node, "a member")
        if entry is None:
            continue
        entry.check_keys(MEMBER_KEYS)
        role = entry.text("role")
        vacant = entry.flag("vacant")
        name = entry.text("name", required=not vacant,
                          hint="add 'name: ...', or 'vacant: true' for a vacant seat")
        if name is not None and name.casefold() in VACANT_NAMES:
            name, vacant = None, True  # "Vakant" is how the minutes write a vacant seat, never a person
        if vacant and name:
            entry.error(node, "a member has both a name and 'vacant: true'",
                        "remove the name, or remove 'vacant: true'")
        if role:
            members.append(Member(role, None if vacant else name))
    return tuple(members)


def _items(raw_items: list[RawItem], errors: ErrorCollector, content_dir: Path) -> tuple[ItemSource, ...]:
    items = []
    for expected, raw in enumerate(raw_items, start=1):
        number = ascii_number(raw.number, MAX_ITEMS)
        if number is None:
            digits = raw.number.isascii() and raw.number.isdigit()
            errors.add(raw.line, f"the item number {'is too large' if digits else 'must use the digits 0-9'}; "
                       f"it should be number {expected}: items are numbered 1, 2, 3 … (at most {MAX_ITEMS})",
                       f"renumber the item to '# {expected}. …'")
            continue
        if number != expected:
            errors.add(raw.line, f"item {number} should be number {expected}: items are numbered 1, 2, 3 … in order",
                       f"renumber the item to '# {expected}. …' (check for a missing or repeated number)")
        item = _item(raw, number, errors, content_dir)
        if item is not None:
            items.append(item)
    return tuple(items)


def _item(raw: RawItem, number: int, errors: ErrorCollector, content_dir: Path) -> ItemSource | None:
    what = f"item {number}"
    if not raw.settings.strip():
        errors.add(raw.line, f"{what}: the item's 'status' is missing",
                   "write 'status: åben' or 'status: lukket' on the line directly below the item's heading")
        return None
    lines = raw.settings.split("\n")
    quote = any(OPEN_STATUS_LINE.match(line) for line in lines) and "lukket" not in raw.settings.casefold()
    node = read_yaml(raw.settings, errors, raw.settings_line, quote)
    if not isinstance(node, Mapping):
        if node is not None:
            errors.add(raw.settings_line, f"{what}: the lines below the heading must be settings ('key: value')",
                       "leave a blank line between the settings and the item's text")
        return None
    status = Fields(node, errors, what, quote=False).choice("status", Status)
    fields = Fields(node, errors, what, quote=quote and status is Status.OPEN)
    fields.check_keys(ITEM_KEYS)
    topics = fields.names("topics")
    attachments = _attachments(fields, content_dir)
    sections = tuple(Section(s.heading, s.text, s.line) for s in raw.sections)
    if status is None:
        return None
    return ItemSource(number, raw.title, status, topics, attachments, raw.intro, sections,
                      SourceLocation(errors.path, raw.line))


def _attachments(fields: Fields, content_dir: Path) -> tuple[AttachmentSource, ...]:
    attachments = []
    for expected, node in enumerate(fields.sequence("attachments"), start=1):
        what = f"{fields.what}, attachment {expected}"
        unsure = fields.sub(node, what)
        if unsure is None:
            continue
        status = Fields(unsure.mapping, fields.errors, what, quote=False).choice("status", Status)
        entry = Fields(unsure.mapping, fields.errors, what, quote=fields.quote and status is Status.OPEN)
        entry.check_keys(ATTACHMENT_KEYS)
        number = entry.number("number", MAX_ATTACHMENTS)
        if number is not None and number != expected:
            entry.error(node, f"attachment number {number} should be {expected}: attachments are numbered 1, 2, 3 …",
                        f"renumber it to 'number: {expected}'")
        title = entry.text("title", required=status is Status.OPEN, hint="add 'title: ...' for an open attachment")
        ref = entry.text("ref", required=False)
        file = _attachment_file(entry, content_dir)
        public_title = entry.flag("public_title")
        if number is not None and status is not None:
            attachments.append(AttachmentSource(number, status, title, ref, file.path if file else None, public_title,
                                                SourceLocation(fields.errors.path, node.line),
                                                file.identity if file else None))
    return tuple(attachments)


def _attachment_file(entry: Fields, content_dir: Path) -> AttachedFile | None:
    value = entry.text("file", required=False)
    if value is None:
        return None
    checked = check_file(value, content_dir)
    if isinstance(checked, FileProblem):
        # A closed attachment's file name may itself be confidential; a control character is never printed.
        shown = f" '{value}'" if entry.quote and "control character" not in checked.message else ""
        what = "'file'" if checked.message.startswith("must") else f"the attachment file{shown}"
        entry.error(entry.mapping.get("file") or entry.mapping, f"{what} {checked.message}", checked.hint)
        return None
    return checked
