"""Write the next meeting's file from the body's latest meeting (`minutes new`)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

from generator.content.load import load_content
from generator.errors import BuildError
from generator.importer.model import Item, Member, Section
from generator.importer.writer import MeetingHeader, write_meeting
from generator.link.topics import title_heads, title_key
from generator.model import ItemSource, MeetingSource, Status, Topic

_DATE_IN_HEADING = re.compile(r"\b\d{2}-\d{2}-\d{4}\b")


class NewMeetingError(Exception):
    """The next meeting's file cannot be written; the message says why and what to do."""


def new_meeting(content_dir: Path, body: str, date: dt.date) -> Path:
    """Write content/meetings/<body>/<date>.md from the body's latest meeting; return its path."""
    try:
        config, meetings = load_content(content_dir)
    except BuildError as error:
        raise NewMeetingError(error.report().replace("nothing was written.", "please fix them first.")) from None
    if config.body(body) is None:
        known = ", ".join(b.slug for b in config.bodies)
        raise NewMeetingError(f"unknown body '{body}': use one of the bodies in site.yaml ({known})")
    own = [meeting for meeting in meetings if meeting.body.slug == body]
    if not own:
        raise NewMeetingError(f"the body '{body}' has no meeting yet to start from; write the first one by hand "
                              "(see the example meeting in the README) or import it with 'minutes import'")
    if any(meeting.date == date for meeting in own):
        raise NewMeetingError(f"the body '{body}' already has a meeting on {date.isoformat()}")
    target = content_dir / "meetings" / body / f"{date.isoformat()}.md"
    if target.exists():
        raise NewMeetingError(f"{target} already exists; it is left as it is")
    latest = max(own, key=lambda meeting: (meeting.date, meeting.start))
    header = MeetingHeader(body, date.isoformat(), _time(latest.start), _time(latest.end), latest.location,
                           latest.kind.value,
                           tuple(Member(m.role, m.name) for m in latest.members), ())
    target.parent.mkdir(parents=True, exist_ok=True)
    items = standing_items(sorted(own, key=lambda m: m.date), latest, date, config.topics)
    target.write_text(write_meeting(header, items), encoding="utf-8")
    return target


def standing_items(meetings: list[MeetingSource], latest: MeetingSource, date: dt.date,
                   topics: tuple[Topic, ...] = ()) -> tuple[Item, ...]:
    """Return the items that recur in every meeting, in the latest meeting's order, open and empty.

    Items recur when their titles match as the build's topics match them (the same title or title head,
    or a topic's name or alias). Each gets its most common title and the section headings it has in at
    least half of the meetings; a date in a heading ('Beslutning i Direktionen den 30-08-2023') becomes
    the new meeting's date.
    """
    aliases = {title_key(name): topic.slug for topic in topics for name in (topic.name, *topic.aliases)}

    def keys(item: ItemSource) -> set[str]:
        heads = {title_key(head) for head in title_heads(item.title)}
        return heads | {aliases[key] for key in heads if key in aliases}

    items: list[Item] = []
    for item in latest.items:
        if item.status is not Status.OPEN:
            continue
        mine = keys(item)
        occurrences = [next((other for other in meeting.items if other.status is Status.OPEN and keys(other) & mine),
                            None) for meeting in meetings]
        found = [occurrence for occurrence in occurrences if occurrence is not None]
        if len(found) < len(meetings):
            continue
        titles = Counter(occurrence.title for occurrence in found)
        title = max(titles, key=lambda t: (titles[t], t == item.title))
        model = next(occurrence for occurrence in reversed(found) if occurrence.title == title)
        counts = Counter(_undated(section.heading) for occurrence in found for section in occurrence.sections)
        headings = [_DATE_IN_HEADING.sub(date.strftime("%d-%m-%Y"), section.heading) for section in model.sections
                    if counts[_undated(section.heading)] * 2 >= len(found)]
        sections = tuple(Section(0, heading, ()) for heading in headings)
        items.append(Item(0, len(items) + 1, title, "åben", (), sections, ()))
    return tuple(items)


def _undated(heading: str) -> str:
    return _DATE_IN_HEADING.sub("", heading)


def _time(value: dt.time) -> str:
    return f"{value.hour}:{value.minute:02d}"
