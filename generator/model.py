"""The content model: frozen values, with no I/O.

Two layers: the *source* types hold everything the clerk wrote (closed text included) and never
leave `parse` and `redaction`; the *public* types are what linking, rendering and search receive.
A closed item is a `ClosedItem`, a type with no field for its text, so closed text cannot reach a
template or the search index by mistake.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from generator.errors import SourceLocation


class Status(enum.Enum):
    """Whether an item or attachment is public."""

    OPEN = "åben"
    CLOSED = "lukket"


class Kind(enum.Enum):
    """Whether a document is the minutes of a meeting or its agenda."""

    REFERAT = "referat"
    DAGSORDEN = "dagsorden"


@dataclass(frozen=True)
class Body:
    """A committee or board whose meetings are archived."""

    slug: str
    name: str


@dataclass(frozen=True)
class Topic:
    """A matter followed across meetings, as named in `content/topics.yaml` or by an item."""

    slug: str
    name: str
    description: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Identity:
    """Whose archive this is: the municipality's name, logo, main site, contact line, accessibility statement."""

    municipality: str | None = None
    logo: str | None = None  # the logo file, relative to the content folder, POSIX style
    website: str | None = None
    contact: str | None = None
    accessibility: str | None = None  # the address of the accessibility statement (was.digst.dk)

    @property
    def logo_path(self) -> str | None:
        """The logo's address relative to the site root, e.g. 'logo.svg'."""
        return "logo" + self.logo[self.logo.rindex("."):].lower() if self.logo else None


@dataclass(frozen=True)
class SiteConfig:
    """The settings of `content/site.yaml`, and the topics of `content/topics.yaml`."""

    title: str
    language: str
    base_url: str
    bodies: tuple[Body, ...]
    topics: tuple[Topic, ...] = ()
    identity: Identity = Identity()

    @property
    def absolute(self) -> bool:
        """Whether the base URL is a full http(s) address, which sitemaps, canonical links and OParl need."""
        return "://" in self.base_url

    def body(self, slug: str) -> Body | None:
        """Return the body with this slug, or None."""
        return next((body for body in self.bodies if body.slug == slug), None)


@dataclass(frozen=True)
class Member:
    """A seat at the meeting; `name` is None for a vacant seat."""

    role: str
    name: str | None

    @property
    def vacant(self) -> bool:
        return self.name is None


@dataclass(frozen=True)
class Correction:
    """A correction of a published meeting: when, and what was corrected (public text)."""

    date: dt.date
    text: str


@dataclass(frozen=True)
class Section:
    """A section of an item: its heading as the clerk wrote it and its Markdown."""

    heading: str
    markdown: str
    line: int

    @property
    def is_decision(self) -> bool:
        return self.heading.casefold().startswith("beslutning") or self.is_public_decision

    @property
    def is_public_decision(self) -> bool:
        return is_public_decision_heading(self.heading)


PUBLIC_DECISION_HEADING = "Offentlig beslutning"


def is_public_decision_heading(heading: str) -> bool:
    """Whether a section heading marks the decision of a closed item that may be published.

    The heading is "Offentlig beslutning", alone or followed by more words ("Offentlig beslutning i
    Direktionen den 22-01-2025"); a heading that only contains those words further on does not count.
    """
    text = " ".join(heading.split()).casefold()
    start = PUBLIC_DECISION_HEADING.casefold()
    return text == start or text.startswith((start + " ", start + ":"))


# --- source layer: everything the clerk wrote ---------------------------------------------------


@dataclass(frozen=True)
class AttachmentSource:
    """An attachment as written, closed or open."""

    number: int
    status: Status
    title: str | None
    ref: str | None
    file: str | None  # relative to the content folder, POSIX style
    public_title: bool
    location: SourceLocation
    identity: tuple[int, int] | None = None  # the file's (st_dev, st_ino), checked when it is copied


@dataclass(frozen=True)
class ItemSource:
    """An agenda item as written, closed or open."""

    number: int
    title: str
    status: Status
    topics: tuple[str, ...]
    attachments: tuple[AttachmentSource, ...]
    intro: str
    sections: tuple[Section, ...]
    location: SourceLocation


@dataclass(frozen=True)
class MeetingSource:
    """A meeting file as written."""

    source: str  # the file as named in messages; never rendered
    body: Body
    date: dt.date
    start: dt.time
    end: dt.time
    location: str
    kind: Kind
    suffix: str | None
    members: tuple[Member, ...]
    absent: tuple[str, ...]
    items: tuple[ItemSource, ...]
    published: dt.date | None = None
    corrections: tuple[Correction, ...] = ()


# --- public layer: what may be published ---------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    """A published attachment. A closed one has no ref and no file, and a title only if public."""

    number: int
    closed: bool
    title: str | None
    ref: str | None
    file: str | None  # site path of the copied file


@dataclass(frozen=True)
class OpenItem:
    """A published open item with all its content."""

    number: int
    title: str
    topics: tuple[str, ...]
    intro: str
    sections: tuple[Section, ...]
    attachments: tuple[Attachment, ...]
    closed = False

    @property
    def anchor(self) -> str:
        return f"punkt-{self.number}"

    @property
    def attachments_position(self) -> int:
        """Where the attachment list goes: before the first decision section, else at the end."""
        return next((i for i, s in enumerate(self.sections) if s.is_decision), len(self.sections))


@dataclass(frozen=True)
class ClosedItem:
    """A closed item: its number, its public title and, if the clerk wrote one, a public decision."""

    number: int
    title: str
    public_decision: Section | None
    closed = True

    @property
    def anchor(self) -> str:
        return f"punkt-{self.number}"


Item = OpenItem | ClosedItem


@dataclass(frozen=True)
class Meeting:
    """A published meeting."""

    body: Body
    date: dt.date
    start: dt.time
    end: dt.time
    location: str
    kind: Kind
    suffix: str | None
    members: tuple[Member, ...]
    absent: tuple[str, ...]
    items: tuple[Item, ...]
    published: dt.date | None = None
    corrections: tuple[Correction, ...] = ()

    @property
    def slug(self) -> str:
        """The last part of the meeting's address: the date, and the suffix if any."""
        return self.date.isoformat() + (f"-{self.suffix}" if self.suffix else "")

    @property
    def path(self) -> str:
        """The meeting's address relative to the site root."""
        return f"{self.body.slug}/{self.slug}/"

    @property
    def changed(self) -> dt.date:
        """The last day the meeting's document changed: its latest correction, publication or meeting date."""
        return max((self.published or self.date, *(c.date for c in self.corrections)))

    @property
    def sort_key(self) -> tuple[dt.date, dt.time, str, str]:
        return (self.date, self.start, self.body.slug, self.suffix or "")

    @property
    def attachments(self) -> tuple[tuple[Item, Attachment], ...]:
        """Every published attachment with its item, for the attachment overview."""
        return tuple(
            (item, attachment)
            for item in self.items
            if isinstance(item, OpenItem)
            for attachment in item.attachments
        )
