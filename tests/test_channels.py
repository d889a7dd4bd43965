"""The channel files placed together from pieces written once per meeting: the same bytes as the libraries
write for a whole file, whatever the number of workers, and a meeting's edit reaches every file that holds it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from generator.build import BuildOptions, BuildReport, build, prepare
from generator.incremental import meetingwork
from generator.link.archive import Archive
from generator.model import Meeting
from generator.render.channels import render_channels
from generator.render.feeds import (
    FEED_FILE,
    body_feed_path,
    meeting_entry,
    moment,
    new_feed,
    newest_meetings,
    newest_treatments,
    treatment_entry,
)
from generator.render.ical import CALENDAR_FILE, body_calendar_path, calendar_shell, meeting_event
from generator.render.pages import list_pages, load_strings
from tests.conftest import DEMO_CONTENT, ContentFactory, meeting_text
from tests.leakscan import tree_digest

BASE = "https://example.dk/referater/"


@pytest.fixture(scope="module")
def demo() -> tuple[Archive, list[str], Path, Mapping[str, Any]]:
    """The demo archive with an absolute base URL (so that every channel is written), its pages and strings."""
    options = BuildOptions(content_dir=DEMO_CONTENT, base_url=BASE, search=False)
    archive, _, _ = prepare(options, BuildReport())
    strings = load_strings(options.templates_dir, archive.config.language)
    return archive, sorted(page.path for page in list_pages(archive)), options.templates_dir, strings


def whole_calendar(archive: Archive, name: str, meetings: tuple[Meeting, ...], strings: Mapping[str, Any]) -> str:
    """A calendar as icalendar writes it when it holds every event."""
    cal = calendar_shell(name)
    ordered = sorted(meetings, key=lambda m: m.sort_key)
    for meeting in ordered:
        cal.add_component(meeting_event(archive, meeting, strings))
    cal.add_missing_timezones(first_date=min(m.date for m in ordered),
                              last_date=max(m.date for m in ordered) + dt.timedelta(days=366))
    return str(cal.to_ical().decode("utf-8"))


def whole_feed(archive: Archive, path: str, title: str, page: str, entries: list[Any], updated: dt.date) -> str:
    """A feed as feedgen writes it when it holds every entry."""
    feed = new_feed(archive, path, title, page, moment(updated))
    for entry in entries:
        feed.add_entry(entry, order="append")
    return str(feed.atom_str(pretty=True).decode("utf-8"))


def test_calendars_are_what_icalendar_writes_for_the_whole_file(demo: tuple[Archive, list[str], Path, Any]) -> None:
    archive, pages, templates, strings = demo
    files = render_channels(archive, pages, templates)
    title = archive.config.title
    assert files[CALENDAR_FILE] == whole_calendar(archive, title, archive.meetings, strings)
    for body in archive.bodies:
        if meetings := archive.meetings_of(body):
            assert files[body_calendar_path(body.slug)] == whole_calendar(archive, f"{body.name} – {title}",
                                                                          tuple(meetings), strings)
    assert Calendar.from_ical(files[CALENDAR_FILE]).walk("VEVENT")


def test_feeds_are_what_feedgen_writes_for_the_whole_file(demo: tuple[Archive, list[str], Path, Any]) -> None:
    archive, pages, templates, strings = demo
    files = render_channels(archive, pages, templates)
    title = archive.config.title
    newest = newest_meetings(archive.meetings)
    assert files[FEED_FILE] == whole_feed(archive, FEED_FILE, title, "",
                                          [meeting_entry(archive, m, strings) for m in newest],
                                          max(m.changed for m in newest))
    for body in archive.bodies:
        if newest := newest_meetings(archive.meetings_of(body)):
            assert files[body_feed_path(body)] == whole_feed(
                archive, body_feed_path(body), f"{body.name} – {title}", f"{body.slug}/",
                [meeting_entry(archive, m, strings) for m in newest], max(m.changed for m in newest))
    assert archive.topics.timelines
    for timeline in archive.topics.timelines:
        treatments = newest_treatments(timeline)
        assert files[f"{timeline.path}{FEED_FILE}"] == whole_feed(
            archive, f"{timeline.path}{FEED_FILE}", f"{timeline.topic.name} – {strings['topics']} – {title}",
            timeline.path, [treatment_entry(archive, t, strings) for t in treatments],
            max(t.meeting.changed for t in treatments))


def test_export_files_are_standard_indented_json(demo: tuple[Archive, list[str], Path, Any]) -> None:
    archive, pages, templates, _ = demo
    files = render_channels(archive, pages, templates)
    exported = [path for path in files if path.startswith("oparl/")]
    assert len(exported) > 20
    for path in exported:
        assert files[path] == json.dumps(json.loads(files[path]), ensure_ascii=False, indent=1) + "\n", path


def test_the_files_do_not_depend_on_the_number_of_workers(demo: tuple[Archive, list[str], Path, Any],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    archive, pages, templates, _ = demo
    monkeypatch.setattr(meetingwork, "POOL_THRESHOLD", 1)
    assert render_channels(archive, pages, templates, workers=2) == render_channels(archive, pages, templates,
                                                                                    workers=1)


ITEMS = """\
# 1. {title}
status: åben
topics: [Budget]

## Beslutning

{decision}
"""


def test_an_edit_reaches_every_channel_file_that_holds_the_meeting(content: ContentFactory, tmp_path: Path) -> None:
    """A rebuild with the cache after one meeting's edit shows the edit everywhere, as a clean build does."""
    old = ITEMS.format(title="Budget zqoldtitlexq", decision="Vedtaget zqolddecisionxq.")
    new = ITEMS.format(title="Budget zqnewtitlexq", decision="Vedtaget zqnewdecisionxq.")
    edited = content.meeting("d/1.md", meeting_text(date="2024-06-05", items=old))
    content.meeting("d/2.md", meeting_text(date="2024-09-04", items=ITEMS.format(title="Budget", decision="Ja.")))
    content.meeting("u/1.md", meeting_text(body="udvalg", date="2024-08-14"))
    options = BuildOptions(content_dir=content.root, out_dir=tmp_path / "site", base_url=BASE,
                           cache_dir=tmp_path / "cache", search=False)
    build(options)
    edited.write_text(meeting_text(date="2024-06-05", items=new), encoding="utf-8")
    build(options)
    holders = ["kalender.ics", "direktionen/kalender.ics", "atom.xml", "direktionen/atom.xml",
               "emner/budget/atom.xml", "eksport/punkter.jsonl", "oparl/meeting/direktionen/2024-06-05.json",
               "oparl/body/kommune/meetings.json", "oparl/organization/direktionen/meetings.json",
               "oparl/agendaitem/direktionen/2024-06-05/1.json", "oparl/body/kommune/agendaitems.json"]
    for path in holders:
        text = (options.out_dir / path).read_text(encoding="utf-8")
        assert "zqnewtitlexq" in text and "zqoldtitlexq" not in text, path
    for path in ["atom.xml", "eksport/punkter.jsonl", "oparl/agendaitem/direktionen/2024-06-05/1.json"]:
        text = (options.out_dir / path).read_text(encoding="utf-8")
        assert "zqnewdecisionxq" in text and "zqolddecisionxq" not in text, path
    clean = BuildOptions(content_dir=content.root, out_dir=tmp_path / "clean", base_url=BASE, search=False)
    build(clean)
    assert tree_digest(options.out_dir) == tree_digest(clean.out_dir)
