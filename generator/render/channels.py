"""The files beside the pages: sitemap and robots.txt, feeds, calendars and the export, from the public model.

Each meeting's pieces (its calendar event, feed entry content, export lines and OParl objects) are
written once, in the forked pool when the archive is large, and placed as they are in every file that
holds the meeting. Each piece is a pure function of the archive and the meeting, so the files do not
depend on how many workers wrote them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from generator.incremental.meetingwork import pool_map
from generator.incremental.rendered import installed_versions
from generator.link.archive import Archive
from generator.link.topics import Treatment
from generator.model import Meeting
from generator.render.bulk import decision_texts, meeting_lines, render_bulk
from generator.render.feeds import (
    entry_xml,
    feed_meetings,
    feed_treatments,
    meeting_entry,
    render_feeds,
    treatment_entry,
)
from generator.render.ical import EventText, event_text, render_calendars
from generator.render.inputdigest import Digester
from generator.render.meetingview import LinkedTexts
from generator.render.oparl import MeetingExport, meeting_export, render_oparl
from generator.render.pages import load_strings
from generator.render.piececache import PieceStore, meeting_archive
from generator.render.renderpool import SHARED_VALUES, running_code, time_zone_file
from generator.render.seo import page_lastmod, robots, sitemap

CHANNEL_LIBRARIES = ("feedgen", "icalendar", "lxml")  # what they require is digested with the pieces


@dataclass(frozen=True)
class MeetingPieces:
    """One meeting's pieces of the channel files."""

    event: EventText
    bulk: str  # its lines of the bulk file
    entry: str | None  # its entry in the meeting feeds, when one holds it
    item_entries: tuple[tuple[str, str], ...]  # its items' entries in the topic feeds that hold them, by address
    oparl: MeetingExport | None  # its OParl objects, when there is an export


def meeting_pieces(archive: Archive, strings: Mapping[str, Any], meeting: Meeting, in_feed: bool,
                   treatments: Mapping[str, Treatment]) -> MeetingPieces:
    """Write one meeting's pieces of every channel file; `treatments` are its items that topic feeds hold."""
    decisions = decision_texts(archive, meeting)
    return MeetingPieces(
        event=event_text(archive, meeting, strings),
        bulk=meeting_lines(archive, meeting, decisions),
        entry=entry_xml(meeting_entry(archive, meeting, strings)) if in_feed else None,
        item_entries=tuple((href, entry_xml(treatment_entry(archive, treatment, strings)))
                           for href, treatment in treatments.items()),
        oparl=meeting_export(archive, strings, meeting, decisions) if archive.config.absolute else None,
    )


def render_channels(archive: Archive, page_paths: list[str], templates_dir: Path,
                    workers: int | None = None, store: PieceStore | None = None) -> dict[str, str]:
    """Render every file that is not a page; return their texts by path.

    With a `store`, a meeting's pieces are taken from it when all they are made from is unchanged, and
    the pieces of this build are left in it for the next.
    """
    config = archive.config
    strings = load_strings(templates_dir, config.language)
    in_feeds, in_topic_feeds = feed_meetings(archive), feed_treatments(archive)
    known = store.known if store is not None else {}
    environment = (*running_code(), installed_versions(CHANNEL_LIBRARIES), time_zone_file())
    digester = Digester(SHARED_VALUES)

    def make(meeting: Meeting) -> tuple[bytes | None, MeetingPieces, bool]:
        in_feed, treatments = meeting.path in in_feeds, in_topic_feeds.get(meeting.path, {})
        if store is None:
            return None, meeting_pieces(archive, strings, meeting, in_feed, treatments), True
        view = meeting_archive(archive, meeting, LinkedTexts(archive.references.markdown_for(meeting, "").cached))
        key = digester.digest((environment, view, strings, meeting, in_feed, treatments))
        if isinstance(found := known.get(key), MeetingPieces):
            return key, found, False
        try:  # made from the view alone, so the key holds all they are made from
            return key, meeting_pieces(cast(Archive, view), strings, meeting, in_feed, treatments), True
        except (AttributeError, KeyError):  # a piece reached beyond the view: made from the archive, not kept
            return None, meeting_pieces(archive, strings, meeting, in_feed, treatments), True

    made = pool_map(make, archive.meetings, workers)
    pieces = [piece for _, piece, _ in made]
    if store is not None:
        store.kept = {key: piece for key, piece, _ in made if key is not None}
        store.made = sum(fresh for _, _, fresh in made)
    by_path = {meeting.path: piece for meeting, piece in zip(archive.meetings, pieces, strict=True)}
    files = render_feeds(archive, strings,
                         {path: piece.entry for path, piece in by_path.items() if piece.entry is not None},
                         {href: entry for piece in pieces for href, entry in piece.item_entries}, workers)
    files.update(render_calendars(archive, {path: piece.event for path, piece in by_path.items()}))
    files.update(render_oparl(archive, strings, [piece.oparl for piece in pieces if piece.oparl is not None]))
    files.update(render_bulk(piece.bulk for piece in pieces))
    if config.absolute:
        files["sitemap.xml"] = sitemap(config, page_paths, page_lastmod(archive.meetings))
        files["robots.txt"] = robots(config)
    return files
