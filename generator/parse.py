"""Turn a meeting file into a `MeetingSource`, collecting every error with its location."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from generator.agenda import RawItem, split_items
from generator.clerkforms import check_clerk_forms
from generator.errors import ContentError, ErrorCollector, SourceLocation
from generator.fields import Fields
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
from generator.screening import screen_meeting
from generator.sources import SourceText, is_inside, split_front_matter
from generator.strictyaml import Mapping, read_yaml

MEETING_KEYS = ("body", "date", "start", "end", "location", "kind", "members", "absent", "suffix")
ITEM_KEYS = ("status", "topics", "attachments")
ATTACHMENT_KEYS = ("number", "status", "title", "ref", "file", "public_title")
MEMBER_KEYS = ("role", "name", "vacant")
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
                         members, absent, parsed_items)


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
        number = int(raw.number)
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
    node = read_yaml(raw.settings, errors, raw.settings_line)
    if not isinstance(node, Mapping):
        if node is not None:
            errors.add(raw.settings_line, f"{what}: the lines below the heading must be settings ('key: value')",
                       "leave a blank line between the settings and the item's text")
        return None
    fields = Fields(node, errors, what)
    fields.check_keys(ITEM_KEYS)
    status = fields.choice("status", Status)
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
        entry = fields.sub(node, f"{fields.what}, attachment {expected}")
        if entry is None:
            continue
        entry.check_keys(ATTACHMENT_KEYS)
        number, status = entry.number("number"), entry.choice("status", Status)
        if number is not None and number != expected:
            entry.error(node, f"attachment number {number} should be {expected}: attachments are numbered 1, 2, 3 …",
                        f"renumber it to 'number: {expected}'")
        title = entry.text("title", required=status is Status.OPEN, hint="add 'title: ...' for an open attachment")
        ref = entry.text("ref", required=False)
        file = _attachment_file(entry, content_dir, quote=status is Status.OPEN)
        public_title = entry.flag("public_title")
        if number is not None and status is not None:
            attachments.append(AttachmentSource(number, status, title, ref, file, public_title,
                                                SourceLocation(fields.errors.path, node.line)))
    return tuple(attachments)


def _attachment_file(entry: Fields, content_dir: Path, quote: bool) -> str | None:
    value = entry.text("file", required=False)
    if value is None:
        return None
    shown = f" '{value}'" if quote else ""  # a closed attachment's file name may itself be confidential
    node = entry.mapping.get("file") or entry.mapping
    relative = PurePosixPath(value)
    if relative.is_absolute() or ".." in relative.parts or "\\" in value:
        entry.error(node, "'file' must be a path inside the content folder, without '..'",
                    "write the path from the content folder, e.g. 'file: files/2023/notat.pdf'")
        return None
    path = content_dir / relative
    if not path.is_file():
        entry.error(node, f"the attachment file{shown} does not exist",
                    "check the spelling, or put the file there (paths start in the content folder)")
        return None
    if not is_inside(path, content_dir):
        entry.error(node, f"the attachment file{shown} is a link to a place outside the content folder",
                    "copy the file into the content folder instead of linking to it")
        return None
    return relative.as_posix()
