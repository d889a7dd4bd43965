"""Atom feeds for the whole archive, each body and each topic, made with feedgen from the public model.

A meeting entry lists its items with an excerpt of each open item's decision; a closed item is its
number and title only. Every date comes from the content (meeting date, `published`, `corrections`),
never from the clock, so the same content gives the same feed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from feedgen.entry import FeedEntry  # type: ignore[import-untyped]  # the package ships no type information
from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]
from lxml import etree  # type: ignore[import-untyped]

from generator.incremental.meetingwork import pool_map
from generator.link.archive import Archive
from generator.link.topics import Timeline, Treatment, decision_excerpt
from generator.model import Body, Meeting, OpenItem
from generator.render.seo import TIMEZONE, owner

FEED_ENTRIES = 50  # the newest entries of each feed; older ones are on the site
FEED_FILE = "atom.xml"
FEED_END = "</feed>\n"
HOLDER_START = "<feed>\n"
ATOM_TYPE = "application/atom+xml"


def moment(date: dt.date) -> dt.datetime:
    """The start of a day in Danish time: the resolution of every date a clerk writes."""
    return dt.datetime.combine(date, dt.time(0, 0), tzinfo=TIMEZONE)


def address(archive: Archive, path: str) -> str:
    """A page's address: absolute when the base URL is, else from the site's root ('/referater/...')."""
    return archive.config.base_url + path


def entry_id(archive: Archive, path: str) -> str:
    """A permanent identifier: the address when it is absolute, else a name-based UUID of it."""
    if archive.config.absolute:
        return address(archive, path)
    return uuid.uuid5(uuid.NAMESPACE_URL, "minutes-archive:" + address(archive, path)).urn


def short_date(date: dt.date, strings: Mapping[str, Any]) -> str:
    """'30. august 2023'."""
    return f"{date.day}. {strings['months'][date.month - 1]} {date.year}"


def meeting_title(meeting: Meeting, strings: Mapping[str, Any]) -> str:
    """'Referat: Direktionen, 30. august 2023'."""
    suffix = f" ({meeting.suffix})" if meeting.suffix else ""
    return f"{strings[meeting.kind.value]}: {meeting.body.name}, {short_date(meeting.date, strings)}{suffix}"


def publication_html(meeting: Meeting, strings: Mapping[str, Any]) -> str:
    """The publication date and corrections as HTML paragraphs (empty when the clerk wrote neither)."""
    parts = []
    if meeting.published:
        parts.append(f"<p>{strings['published']} {short_date(meeting.published, strings)}.</p>")
    if meeting.corrections:
        rows = "".join(f"<li>{short_date(c.date, strings)}: {escape(c.text)}</li>" for c in meeting.corrections)
        parts.append(f"<p>{strings['corrections']}:</p><ul>{rows}</ul>")
    return "".join(parts)


def meeting_html(archive: Archive, meeting: Meeting, strings: Mapping[str, Any]) -> str:
    """A meeting entry's content: place and time, every item with its decision excerpt, corrections."""
    rows = []
    for item in meeting.items:
        link = escape(address(archive, f"{meeting.path}#{item.anchor}"))
        text = f'<a href="{link}">{item.number}. {escape(item.title)}</a>'
        if isinstance(item, OpenItem):
            if (decision := decision_excerpt(meeting, item, archive.references.html)) is not None:
                text += f" – {strings['decision_excerpt']}: {escape(decision)}"
        else:
            text += f" ({strings['closed_item']})"
        rows.append(f"<li>{text}</li>")
    times = f"{meeting.start.hour}:{meeting.start.minute:02d}–{meeting.end.hour}:{meeting.end.minute:02d}"
    return (f"<p>{escape(meeting.location)}, {times}.</p><ol>{''.join(rows)}</ol>"
            + publication_html(meeting, strings))


def new_feed(archive: Archive, path: str, title: str, page: str, updated: dt.datetime) -> FeedGenerator:
    """A feed with its identity, links and author; `page` is the page the feed follows."""
    feed = FeedGenerator()
    feed.id(entry_id(archive, path))
    feed.title(title)
    feed.updated(updated)
    feed.author({"name": owner(archive.config)})
    feed.link(href=address(archive, path), rel="self", type=ATOM_TYPE)
    feed.link(href=address(archive, page), rel="alternate", type="text/html")
    feed.language(archive.config.language)
    feed.generator("minutes-archive")
    return feed


def meeting_entry(archive: Archive, meeting: Meeting, strings: Mapping[str, Any]) -> FeedEntry:
    """A meeting's entry, made once and placed in every feed that holds it."""
    entry = FeedEntry()
    entry.id(entry_id(archive, meeting.path))
    entry.title(meeting_title(meeting, strings))
    entry.link(href=address(archive, meeting.path), rel="alternate", type="text/html")
    entry.published(moment(meeting.published or meeting.date))
    entry.updated(moment(meeting.changed))
    entry.content(meeting_html(archive, meeting, strings), type="html")
    return entry


def treatment_entry(archive: Archive, treatment: Treatment, strings: Mapping[str, Any]) -> FeedEntry:
    """An item's entry in a topic feed, made once and placed in the feed of each of its topics."""
    meeting, item = treatment.meeting, treatment.item
    title = meeting_title(meeting, strings)
    entry = FeedEntry()
    entry.id(entry_id(archive, treatment.href))
    entry.title(f"{item.title} – {title}, {strings['item'].lower()} {item.number}")
    entry.link(href=address(archive, treatment.href), rel="alternate", type="text/html")
    entry.published(moment(meeting.published or meeting.date))
    entry.updated(moment(meeting.changed))
    if item.closed:
        entry.content(f"<p>{strings['closed_item']}.</p>", type="html")
    elif treatment.excerpt:
        entry.content(f"<p>{strings['decision_excerpt']}: {escape(treatment.excerpt)}</p>", type="html")
    else:
        entry.content(f"<p>{escape(title)}</p>", type="html")
    return entry


def entry_xml(entry: FeedEntry) -> str:
    """Write an entry once, as it reads inside a feed that feedgen writes with `pretty=True`."""
    holder = etree.Element("feed")  # the entry is written one level deep, as in a feed
    holder.append(entry.atom_entry())
    text = str(etree.tostring(holder, pretty_print=True, encoding="UTF-8").decode("utf-8"))
    if not (text.startswith(HOLDER_START) and text.endswith(FEED_END)):
        raise ValueError("lxml no longer writes an element's children on lines of their own")
    return text.removeprefix(HOLDER_START).removesuffix(FEED_END)


def feed_xml(feed: FeedGenerator, entries: Iterable[str]) -> str:
    """The feed as feedgen writes it with `pretty=True`, its entries (entry_xml texts) placed after its head."""
    head = str(feed.atom_str(pretty=True).decode("utf-8"))
    if not head.endswith(FEED_END):
        raise ValueError("feedgen no longer ends a feed with </feed>")
    return head.removesuffix(FEED_END) + "".join(entries) + FEED_END


def newest_meetings(meetings: Iterable[Meeting]) -> list[Meeting]:
    """The meetings a feed of them holds, newest (last changed) first."""
    return sorted(meetings, key=lambda m: (m.changed, m.sort_key), reverse=True)[:FEED_ENTRIES]


def newest_treatments(timeline: Timeline) -> tuple[Treatment, ...]:
    """The treatments a topic's feed holds, newest first."""
    return timeline.newest_first[:FEED_ENTRIES]


def feed_meetings(archive: Archive) -> set[str]:
    """The paths of the meetings that any meeting feed holds."""
    held = {meeting.path for meeting in newest_meetings(archive.meetings)}
    for body in archive.bodies:
        held.update(meeting.path for meeting in newest_meetings(archive.meetings_of(body)))
    return held


def feed_treatments(archive: Archive) -> dict[str, dict[str, Treatment]]:
    """The treatments that any topic feed holds, by meeting path and then by address."""
    held: dict[str, dict[str, Treatment]] = {}
    for timeline in archive.topics.timelines:
        for treatment in newest_treatments(timeline):
            held.setdefault(treatment.meeting.path, {}).setdefault(treatment.href, treatment)
    return held


def meeting_feed(archive: Archive, entries: Mapping[str, str], path: str, title: str, page: str,
                 meetings: Iterable[Meeting]) -> str:
    """A feed of meetings, newest first; `entries` holds the entry_xml of each meeting by path."""
    newest = newest_meetings(meetings)
    updated = max((m.changed for m in newest), default=dt.date(2000, 1, 1))
    feed = new_feed(archive, path, title, page, moment(updated))
    return feed_xml(feed, (entries[meeting.path] for meeting in newest))


def topic_feed(archive: Archive, strings: Mapping[str, Any], entries: Mapping[str, str], timeline: Timeline) -> str:
    """A topic's feed: one entry per item on the topic, newest first; `entries` holds them by address."""
    newest = newest_treatments(timeline)
    updated = max((t.meeting.changed for t in newest), default=dt.date(2000, 1, 1))
    title = f"{timeline.topic.name} – {strings['topics']} – {archive.config.title}"
    feed = new_feed(archive, f"{timeline.path}{FEED_FILE}", title, timeline.path, moment(updated))
    return feed_xml(feed, (entries[treatment.href] for treatment in newest))


def body_feed_path(body: Body) -> str:
    """Where a body's feed is, relative to the site root."""
    return f"{body.slug}/{FEED_FILE}"


def render_feeds(archive: Archive, strings: Mapping[str, Any], meeting_entries: Mapping[str, str],
                 treatment_entries: Mapping[str, str], workers: int | None = None) -> dict[str, str]:
    """Every feed by path: the whole archive, each body, each topic, in the forked pool when there are many.

    The entries are entry_xml texts: of every meeting in feed_meetings by path, of every treatment in
    feed_treatments by address.
    """
    title = archive.config.title

    def write(source: Body | Timeline | None) -> str:
        if source is None:
            return meeting_feed(archive, meeting_entries, FEED_FILE, title, "", archive.meetings)
        if isinstance(source, Body):
            return meeting_feed(archive, meeting_entries, body_feed_path(source), f"{source.name} – {title}",
                                f"{source.slug}/", archive.meetings_of(source))
        return topic_feed(archive, strings, treatment_entries, source)

    timelines = archive.topics.timelines
    sources: list[Body | Timeline | None] = [None, *archive.bodies, *timelines]
    paths = [FEED_FILE, *map(body_feed_path, archive.bodies), *(f"{t.path}{FEED_FILE}" for t in timelines)]
    return dict(zip(paths, pool_map(write, sources, workers), strict=True))
