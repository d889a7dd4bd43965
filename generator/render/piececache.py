"""Each meeting's pieces of the channel files, kept between builds under a digest of all they are made from.

A meeting's pieces (its calendar event, feed entries, export lines and OParl objects) are made from a
small view of the archive (`MeetingArchive`: the settings, the meeting's own linked texts, the people
who sat at it), never from the whole archive; so the digest of that view, the meeting, the interface
words, the code, the libraries and the time zone is a complete key. A piece function that reaches for
anything else of the archive fails on the view (AttributeError, KeyError), and the pieces are then made
from the whole archive and not kept. The record holds only public text (the public model's pieces) and
lives in the cache folder, as trusted as the content folder.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

from generator.incremental.rendered import write_atomically
from generator.link.archive import Archive
from generator.link.references import meeting_root
from generator.model import Meeting, SiteConfig
from generator.render.meetingview import LinkedTexts

MAGIC = b"minutes-channel-pieces 1\n"
RECORD = "channels.pickle"


@dataclass(frozen=True)
class MeetingReferences:
    """A meeting's open texts with their date links, as the meeting's own page has them."""

    linked: LinkedTexts
    root: str

    def html(self, meeting: Meeting, text: str) -> str:
        """The published HTML of one of the meeting's open texts (as `References.html`)."""
        return self.linked.texts[text].at(self.root)


@dataclass(frozen=True)
class MemberRef:
    """A person who sat at the meeting: the name, and the person's address and file name."""

    name: str
    slug: str
    path: str


@dataclass(frozen=True)
class MemberPeople:
    """The people who sat at a meeting, by name (as `People.named` finds them)."""

    members: dict[str, MemberRef]

    def named(self, name: str) -> MemberRef | None:
        """The person with this name, if one sat at the meeting."""
        return self.members.get(name)


@dataclass(frozen=True)
class MeetingArchive:
    """The part of the archive one meeting's pieces are made from."""

    config: SiteConfig
    references: MeetingReferences
    people: MemberPeople


def meeting_archive(archive: Archive, meeting: Meeting, linked: LinkedTexts) -> MeetingArchive:
    """The view of the archive a meeting's pieces may read."""
    members = {}
    for member in meeting.members:
        if member.name is not None and (person := archive.people.named(member.name)) is not None:
            members[member.name] = MemberRef(person.name, person.slug, person.path)
    return MeetingArchive(archive.config, MeetingReferences(linked, meeting_root(meeting)), MemberPeople(members))


class PieceStore:
    """The pieces the previous build kept, by digest, and those this build keeps for the next."""

    def __init__(self, known: dict[bytes, object]) -> None:
        self.known = known
        self.kept: dict[bytes, object] = {}
        self.made = 0  # meetings whose pieces were made in this build (not taken from `known`)


def load_pieces(cache_dir: Path | None) -> dict[bytes, object]:
    """Read the pieces kept by the previous build, by digest; none when there is no record or it is not ours."""
    if cache_dir is None:
        return {}
    try:
        data = (cache_dir / RECORD).read_bytes()
        if not data.startswith(MAGIC):
            return {}
        pieces = pickle.loads(data[len(MAGIC):])
        return pieces if isinstance(pieces, dict) else {}
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError,
            ValueError):
        return {}


def save_pieces(cache_dir: Path | None, pieces: dict[bytes, object]) -> list[str]:
    """Keep this build's pieces for the next, atomically; return a warning if they cannot be written."""
    if cache_dir is None:
        return []
    try:
        write_atomically(cache_dir, RECORD, MAGIC + pickle.dumps(pieces, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as error:
        return [f"the channel pieces cannot be kept in {cache_dir}: {error.strerror}; "
                "the next build makes them all again"]
    return []
