"""iCalendar files for the whole archive and each body, made with the `icalendar` library.

Times are Danish local times with a VTIMEZONE for Europe/Copenhagen. A meeting published as an agenda
(`kind: dagsorden`) is an upcoming meeting; a referat is a meeting that was held. Only public fields are
used: place, times, body, item numbers and titles, and the page's address.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from generator.link.archive import Archive
from generator.model import Kind, Meeting
from generator.render.feeds import address, moment, short_date
from generator.render.seo import local_datetime

CALENDAR_FILE = "kalender.ics"
CALENDAR_TYPE = "text/calendar"


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


def calendar(archive: Archive, name: str, meetings: Iterable[Meeting], strings: Mapping[str, Any]) -> str:
    """A calendar of meetings, oldest first, with the Danish time zone."""
    cal = Calendar()
    cal.add("prodid", "-//minutes-archive//Referater//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Copenhagen")
    dates = []
    for meeting in sorted(meetings, key=lambda m: m.sort_key):
        cal.add_component(meeting_event(archive, meeting, strings))
        dates.append(meeting.date)
    if dates:
        cal.add_missing_timezones(first_date=min(dates), last_date=max(dates) + dt.timedelta(days=366))
    return str(cal.to_ical().decode("utf-8"))


def body_calendar_path(slug: str) -> str:
    """Where a body's calendar is, relative to the site root."""
    return f"{slug}/{CALENDAR_FILE}"


def render_calendars(archive: Archive, strings: Mapping[str, Any]) -> dict[str, str]:
    """The calendar of the whole archive and of each body, by path."""
    title = archive.config.title
    calendars = {CALENDAR_FILE: calendar(archive, title, archive.meetings, strings)}
    for body in archive.bodies:
        calendars[body_calendar_path(body.slug)] = calendar(archive, f"{body.name} – {title}",
                                                            archive.meetings_of(body), strings)
    return calendars
