"""What a meeting page shows of other meetings: small values taken from the linked archive.

A page's template sees only its own context, never the whole archive, so the context is all a page
depends on (with the templates and the code) and its digest tells whether the page must be rendered
again. Other meetings enter a meeting page as the few fields it shows of them (an address, a date, a
title), so editing one meeting renders again only the pages that show what changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from generator.link.archive import Archive
from generator.link.decisions import Decision, decisions_of
from generator.link.references import Linked, Reference
from generator.link.topics import Treatment
from generator.model import Body, Meeting


@dataclass(frozen=True)
class Neighbour:
    """The previous or next meeting of the same body, as the pager shows it."""

    path: str
    date: dt.date


@dataclass(frozen=True)
class Mention:
    """An earlier or later treatment of a topic, as an item's topic links show it."""

    href: str
    date: dt.date


@dataclass(frozen=True)
class TopicLink:
    """One topic of an item: its page, and its treatments before and after this one."""

    name: str
    path: str
    earlier: Mention | None
    later: Mention | None


@dataclass(frozen=True)
class Incoming:
    """A reference to this meeting from an item of another meeting (by its date, or an announcement)."""

    kind: str
    path: str
    anchor: str
    body_name: str
    date: dt.date
    number: int
    title: str
    entries: tuple[str, ...]


@dataclass(frozen=True)
class LinkedTexts:
    """A meeting's open item texts (Markdown) and their HTML with placeholders for the date links."""

    texts: dict[str, Linked]


@dataclass(frozen=True)
class PageLinks:
    """A meeting's open item texts rendered with their date links, made relative to one page."""

    root: str
    linked: LinkedTexts

    def render(self, text: str) -> str:
        """Return the HTML of one intro or section of an open item of the meeting."""
        return self.linked.texts[text].at(self.root)


class MeetingValues:
    """The values of each meeting that several pages show, each taken once (in each process) when asked."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self._decisions: dict[str, tuple[Decision, ...]] = {}
        self._linked: dict[str, LinkedTexts] = {}

    def decisions(self, meeting: Meeting) -> tuple[Decision, ...]:
        """The decisions of a meeting's items, with the excerpts the pages show."""
        if (found := self._decisions.get(meeting.path)) is None:
            found = self._decisions[meeting.path] = decisions_of(meeting, self.archive.references.html)
        return found

    def linked(self, meeting: Meeting) -> LinkedTexts:
        """A meeting's open item texts with their date links."""
        if (linked := self._linked.get(meeting.path)) is None:
            linked = LinkedTexts(self.archive.references.markdown_for(meeting, "").cached)
            self._linked[meeting.path] = linked
        return linked


def _mention(treatment: Treatment | None) -> Mention | None:
    return Mention(treatment.href, treatment.meeting.date) if treatment is not None else None


def _neighbour(meeting: Meeting | None) -> Neighbour | None:
    return Neighbour(meeting.path, meeting.date) if meeting is not None else None


def _incoming(reference: Reference) -> Incoming:
    source, item = reference.source, reference.item
    return Incoming(reference.kind, source.path, item.anchor, source.body.name, source.date, item.number, item.title,
                    reference.entries)


def decisions_context(values: MeetingValues, body: Body, year: int, meetings: tuple[Meeting, ...],
                      root: str) -> dict[str, Any]:
    """Everything the decisions page of a body's year shows."""
    decisions = {meeting.path: values.decisions(meeting) for meeting in meetings}
    return {"body": body, "year": year, "meetings": meetings, "decisions": decisions,
            "links": {meeting.path: PageLinks(root, values.linked(meeting)) for meeting in meetings
                      if decisions[meeting.path]}}


def meeting_context(values: MeetingValues, meeting: Meeting, root: str) -> dict[str, Any]:
    """Everything a meeting page shows: the meeting and what it shows of other meetings."""
    archive = values.archive
    previous, following = archive.neighbours(meeting)
    topics = archive.topics
    return {
        "meeting": meeting,
        "previous": _neighbour(previous),
        "next": _neighbour(following),
        "date_links": PageLinks(root, values.linked(meeting)),
        "decisions": values.decisions(meeting),
        "item_topics": {item.anchor: tuple(TopicLink(entry.timeline.topic.name, entry.timeline.path,
                                                     _mention(entry.earlier), _mention(entry.later))
                                           for entry in topics.of_item(meeting, item))
                        for item in meeting.items},
        "facet_topics": topics.names_of_open_items(meeting),
        "member_paths": {member.name: person.path for member in meeting.members
                         if member.name is not None and (person := archive.people.named(member.name)) is not None},
        "incoming": tuple(_incoming(reference) for reference in archive.references.to(meeting)),
    }
