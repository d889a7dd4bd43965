"""The people who sit on the bodies: the meetings each attended and missed, from the meeting headers.

A person is a name under `members`; the same name is the same person in every body. A vacant seat is
nobody. Someone listed under `absent` missed that meeting; every other member attended it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from generator.model import Meeting
from generator.names import SlugClaims, ascii_slug, sort_key


@dataclass(frozen=True)
class Seat:
    """One meeting of a person: in which role, and whether they were there."""

    meeting: Meeting
    role: str
    present: bool


@dataclass(frozen=True)
class Person:
    """A member of one or more bodies and every meeting they were called to, oldest first."""

    name: str
    slug: str
    seats: tuple[Seat, ...]

    @property
    def path(self) -> str:
        """The person's page relative to the site root."""
        return f"personer/{self.slug}/"

    @property
    def attended(self) -> int:
        return sum(seat.present for seat in self.seats)

    @property
    def missed(self) -> int:
        return len(self.seats) - self.attended

    @property
    def roles(self) -> tuple[str, ...]:
        """The roles held, most recent first."""
        return tuple(dict.fromkeys(seat.role for seat in reversed(self.seats)))

    @property
    def newest_first(self) -> tuple[Seat, ...]:
        return tuple(reversed(self.seats))


@dataclass(frozen=True)
class People:
    """Everyone, in A–Z order, found by name."""

    people: tuple[Person, ...] = ()
    _by_name: dict[str, Person] = field(default_factory=dict, repr=False, compare=False)

    def named(self, name: str) -> Person | None:
        """The person with this name, if any."""
        return self._by_name.get(name)


def collect_people(meetings: tuple[Meeting, ...]) -> People:
    """Gather every named member of the meetings (oldest first) with their attendance."""
    seats: dict[str, list[Seat]] = defaultdict(list)
    for meeting in meetings:
        absent = set(meeting.absent)
        for member in meeting.members:
            if member.name is not None:
                seats[member.name].append(Seat(meeting, member.role, member.name not in absent))
    slugs = SlugClaims()
    people = [Person(name, slugs.claim(ascii_slug(name, "person")), tuple(seats[name]))
              for name in sorted(seats, key=sort_key)]
    return People(tuple(people), {person.name: person for person in people})
