"""The redaction policy: what of each item and attachment may be published.

This is the only place where source items become public items. A closed item keeps its number,
its title (which the clerk writes as public) and a section headed "Offentlig beslutning" if there
is one; a closed attachment keeps its number, and its title only when marked `public_title: true`.
In published text, confidential passages become the notice "[udeladt]" and `[ikke-cpr: …]` and `[offentlig: …]`
markers give way to what they hold. Everything else is dropped here, so later stages never hold
closed text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.content.attachments import Identity, published_name
from generator.content.confidential import remove_passages
from generator.content.personaldata import unwrap_opt_outs
from generator.errors import SourceLocation
from generator.model import (
    Attachment,
    AttachmentSource,
    ClosedItem,
    Item,
    ItemSource,
    Meeting,
    MeetingSource,
    OpenItem,
    Section,
    Status,
)

NOWHERE = SourceLocation("")


@dataclass(frozen=True)
class PublishedFile:
    """An attachment file to copy: from the content folder to the site, if it is still the file checked."""

    source: str
    target: str
    identity: Identity | None = None  # (st_dev, st_ino) when the content was read
    location: SourceLocation = NOWHERE


def redact_meeting(meeting: MeetingSource) -> tuple[Meeting, tuple[PublishedFile, ...]]:
    """Return the publishable meeting and the attachment files it publishes."""
    items: list[Item] = []
    files: list[PublishedFile] = []
    base = f"{meeting.body.slug}/{meeting.date.isoformat()}{f'-{meeting.suffix}' if meeting.suffix else ''}/bilag"
    for item in meeting.items:
        public, published = redact_item(item, base)
        items.append(public)
        files.extend(published)
    public_meeting = Meeting(
        body=meeting.body,
        date=meeting.date,
        start=meeting.start,
        end=meeting.end,
        location=meeting.location,
        kind=meeting.kind,
        suffix=meeting.suffix,
        members=meeting.members,
        absent=meeting.absent,
        items=tuple(items),
        published=meeting.published,
        corrections=meeting.corrections,  # header text, screened like the rest of the header
    )
    return public_meeting, tuple(files)


def redact_item(item: ItemSource, files_base: str) -> tuple[Item, tuple[PublishedFile, ...]]:
    """Return the public form of an item and the files its open attachments publish."""
    if item.status is Status.CLOSED:
        decision = next((s for s in item.sections if s.is_public_decision), None)
        return ClosedItem(number=item.number, title=unwrap_opt_outs(item.title),
                          public_decision=public_section(decision) if decision else None), ()
    attachments = []
    files = []
    for attachment in item.attachments:
        public = redact_attachment(attachment, item.number, files_base)
        attachments.append(public)
        if public.file and attachment.file:
            files.append(PublishedFile(attachment.file, public.file, attachment.identity, attachment.location))
    open_item = OpenItem(
        number=item.number,
        title=unwrap_opt_outs(item.title),
        topics=item.topics,
        intro=public_markdown(item.intro),
        sections=tuple(public_section(section) for section in item.sections),
        attachments=tuple(attachments),
    )
    return open_item, tuple(files)


def redact_attachment(attachment: AttachmentSource, item_number: int, files_base: str) -> Attachment:
    """Return the public form of an attachment of an open item."""
    if attachment.status is Status.CLOSED:
        title = attachment.title if attachment.public_title else None
        return Attachment(number=attachment.number, closed=True, title=title, ref=None, file=None)
    target = None
    if attachment.file:
        name = published_name(PurePosixPath(attachment.file).name)  # ASCII, bounded: never the name as written
        target = f"{files_base}/{item_number}-{attachment.number}-{name}"
    return Attachment(number=attachment.number, closed=False, title=attachment.title,
                      ref=attachment.ref, file=target)


def public_section(section: Section) -> Section:
    """Return a section as it may be published."""
    return Section(unwrap_opt_outs(section.heading), public_markdown(section.markdown), section.line)


def public_markdown(text: str) -> str:
    """Return an open text without its confidential passages and with its opt-out markers resolved."""
    return unwrap_opt_outs(remove_passages(text))
