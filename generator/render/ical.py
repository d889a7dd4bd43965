"""iCalendar files for the whole archive and each body, made with the `icalendar` library.

Times are Danish local times with a VTIMEZONE for Europe/Copenhagen. A meeting published as an agenda
(`kind: dagsorden`) is an upcoming meeting; a referat is a meeting that was held. Only public fields are
used: place, times, body, item numbers and titles, and the page's address.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from icalendar import Calendar, Event, Timezone

from generator.link.archive import Archive
from generator.model import Kind, Meeting
from generator.render.feeds import address, moment, short_date
from generator.render.seo import local_datetime

CALENDAR_FILE = "kalender.ics"
CALENDAR_TYPE = "text/calendar"
CALENDAR_END = "END:VCALENDAR\r\n"


def event_uid(archive: Archive, meeting: Meeting) -> str:
    """A permanent, unique identifier of the meeting's event."""
    host = urlsplit(archive.config.base_url).hostname if archive.config.absolute else None
    name = uuid.uuid5(uuid.NAMESPACE_URL, "minutes-archive:" + address(archive, meeting.path))
    return f"{name}@{host or 'minutes-archive'}"


def meeting_event(archive: Archive, meeting: Meeting, strings: Mapping[str, Any]) -> Event:
    """One meeting as an event: when, where, which body, its agenda, and a link to its page."""
    event = Event()
    event.add("uid", event_uid(archive, meeting))
    event.add("dtstamp", moment(meeting.changed).astimezone(dt.UTC))
    event.add("dtstart", local_datetime(meeting.date, meeting.start))
    event.add("dtend", local_datetime(meeting.date, meeting.end))
    suffix = f" ({meeting.suffix})" if meeting.suffix else ""
    event.add("summary", f"{strings['meeting']}: {meeting.body.name}{suffix}")
    event.add("location", meeting.location)
    event.add("status", "CONFIRMED")
    event.add("categories", [strings[meeting.kind.value]])
    page = address(archive, meeting.path)
    if archive.config.absolute:
        event.add("url", page)
    upcoming = strings["upcoming_meeting"] if meeting.kind is Kind.DAGSORDEN else strings["held_meeting"]
    titles = "\n".join(f"{item.number}. {item.title}" for item in meeting.items)
    event.add("description", f"{upcoming} {short_date(meeting.date, strings)}.\n"
                             f"{strings[meeting.kind.value]}:\n{titles}\n\n{page}")
    return event


@dataclass(frozen=True)
class EventText:
    """One meeting's VEVENT as the library writes it (escaped and folded), and the time zones it uses."""

    text: str
    tzids: frozenset[str]


def event_text(archive: Archive, meeting: Meeting, strings: Mapping[str, Any]) -> EventText:
    """Write one meeting's event once, to place in every calendar that holds it."""
    event = meeting_event(archive, meeting, strings)
    alone = Calendar()
    alone.add_component(event)
    return EventText(str(event.to_ical().decode("utf-8")), frozenset(alone.get_used_tzids() - {"UTC"}))


def calendar_shell(name: str) -> Calendar:
    """A calendar's own properties, without events or time zones."""
    cal = Calendar()
    cal.add("prodid", "-//minutes-archive//Referater//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Copenhagen")
    return cal


def calendar(name: str, meetings: Iterable[Meeting], events: Mapping[str, EventText]) -> str:
    """A calendar of meetings, oldest first, with their time zones; `events` holds each meeting's event by path.

    The library writes a calendar as its own lines followed by each subcomponent's lines in order, so
    the calendar without events, with the time zones the events use, is written by the library and the
    events' texts are placed before its end.
    """
    cal = calendar_shell(name)
    ordered = sorted(meetings, key=lambda m: m.sort_key)
    if ordered:
        first, last = min(m.date for m in ordered), max(m.date for m in ordered) + dt.timedelta(days=366)
        for tzid in sorted(frozenset().union(*(events[m.path].tzids for m in ordered))):
            with suppress(ValueError):  # a zone the library does not know gets no VTIMEZONE, as add_missing_timezones
                cal.add_component(Timezone.from_tzid(tzid, first_date=first, last_date=last))
    head = str(cal.to_ical().decode("utf-8"))
    if not head.endswith(CALENDAR_END):
        raise ValueError("icalendar no longer ends a calendar with END:VCALENDAR")
    return head.removesuffix(CALENDAR_END) + "".join(events[m.path].text for m in ordered) + CALENDAR_END


def body_calendar_path(slug: str) -> str:
    """Where a body's calendar is, relative to the site root."""
    return f"{slug}/{CALENDAR_FILE}"


def render_calendars(archive: Archive, events: Mapping[str, EventText]) -> dict[str, str]:
    """The calendar of the whole archive and of each body, by path; `events` holds every meeting's event by path."""
    title = archive.config.title
    calendars = {CALENDAR_FILE: calendar(title, archive.meetings, events)}
    for body in archive.bodies:
        calendars[body_calendar_path(body.slug)] = calendar(f"{body.name} – {title}", archive.meetings_of(body),
                                                            events)
    return calendars
